/* The room (会场), as an observer sees it and anyone may: the meeting and
 * its attendance, the item taken up, the vote's progress, every result
 * as it is announced, and the log as it happens. An invited observer
 * checks in and asks for the floor from here. */
#include <string.h>

#include "../i18n.h"
#include "tui.h"

static const char *observer_name(void)
{
	return TR("会场", "room");
}

static int observer_available(const struct tui *t)
{
	return t->m->id > 0;
}

/* Whether this observer is in the room. */
static int observer_present(const struct tui *t)
{
	int i;

	for (i = 0; i < t->m->nobservers; i++)
		if (t->m->observers[i].id == t->me.id)
			return t->m->observers[i].present;
	return 0;
}

static void observer_draw(struct tui *t, struct tl_rect body)
{
	struct tl_rect top, rest, results, log;
	int used, nres = 0, i;

	for (i = 0; i < t->m->nitems; i++)
		nres += t->m->items[i].result[0] != '\0';
	tl_split_rows(body, 5, &top, &rest);
	used = td_overview(t, top);
	if (t->me.observer && used < top.h) {
		attron(td_attr(observer_present(t) ? TC_GOOD : TC_MARK));
		td_text(top.y + used, top.x, top.w,
			observer_present(t) ? TR("您已到场列席", "you are in the room")
					    : TR("您尚未到场：按 [i] 签到",
						 "you have not arrived: [i] to check in"));
		attroff(td_attr(observer_present(t) ? TC_GOOD : TC_MARK));
	}
	tl_split_rows(rest, nres + 2 < rest.h / 2 ? nres + 2 : rest.h / 2, &results, &log);
	td_results(t, results);
	td_log(t, log);
}

static int observer_keys(struct tui *t, const char **labels, int max)
{
	int n = 0;

	if (t->me.observer && n < max)
		labels[n++] = observer_present(t) ? TR("[i]离场", "[i] leave")
						  : TR("[i]签到", "[i] check in");
	if (t->me.observer && tm_current(t->m) != NULL && n < max)
		labels[n++] = TR("[r]申请发言", "[r] ask for the floor");
	return n;
}

static int observer_key(struct tui *t, int ch, int fn)
{
	cJSON *res = NULL;

	if (fn || !t->me.observer)
		return 0;
	if (ch == 'i') {
		if (tnet_call(t, observer_present(t) ? "meeting.check_out" : "meeting.check_in",
			      tnet_meeting_args(t), &res) == YG_EXIT_OK)
			tui_say(t, 0, "%s",
				cJSON_IsTrue(cJSON_GetObjectItem(res, "checked_in"))
					? TR("已签到", "checked in")
					: TR("已离场", "left"));
	} else if (ch == 'r') {
		if (tnet_call(t, "floor.request", tnet_meeting_args(t), &res) == YG_EXIT_OK)
			tui_say(t, 0, "%s",
				TR("已申请发言，等待主持人准许",
				   "asked for the floor; the chair decides"));
	} else
		return 0;
	cJSON_Delete(res);
	return 1;
}

const struct tui_screen screen_observer = {
	.name = observer_name,
	.available = observer_available,
	.draw = observer_draw,
	.keys = observer_keys,
	.key = observer_key,
};
