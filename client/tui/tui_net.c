/* The full-screen terminal's live connection: log in, read the meeting's
 * state and its log (meeting.follow also subscribes to the live events),
 * then apply each event as it comes. Events that arrive while a request
 * waits for its answer are applied too (conn's on_event). A lost
 * connection is shown and tried again after 1, 2, 4 … 30 seconds; the
 * log is resumed after the last entry applied, so nothing is missed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../code_text.h"
#include "../fmt_time.h"
#include "../i18n.h"
#include "../json_field.h"
#include "../scrutiny.h"
#include "tui.h"
#include "tui_events.h"

#define TNET_BACKOFF_MAX 30

cJSON *tnet_meeting_args(const struct tui *t)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "meeting", (double)t->m->id);
	return args;
}

/* Apply one log entry and show it among the latest lines. */
static void tnet_entry(struct tui *t, long long seq, const char *at, const char *ev, const cJSON *d)
{
	char when[16] = "--:--", text[TM_LINE_LEN - 16], line[TM_LINE_LEN];
	struct tm tm;
	time_t tt;

	if (!tm_apply(t->m, seq, ev, d))
		return;
	/* The hour and minute in the committee's clock (the day is the meeting's). */
	if (fmt_time_parse(at, &tt) == 0 && i18n_wall_time(tt, &tm) != NULL)
		strftime(when, sizeof(when), "%H:%M", &tm);
	tev_text(t->m, ev, d, text, sizeof(text));
	snprintf(line, sizeof(line), "%s %s", when, text);
	tm_push_line(t->m, line);
	tui_after_event(t, ev, d);
}

/* A message from the server that is not an answer. */
static void tnet_event_cb(void *ctx, const cJSON *msg)
{
	struct tui *t = ctx;
	char stream[48];
	long long seq = json_int(msg, "seq");

	snprintf(stream, sizeof(stream), "meeting:%lld", t->m->id);
	if (strcmp(json_str(msg, "stream"), stream) != 0 || seq <= t->m->last_seq)
		return;
	/* A pushed event only says the log has more: what is shown is read
	 * from the log and checked (tnet_follow), never taken from the push. */
	t->need_sync = 1;
}

/* Entry seq failed its check: said loudly, not shown; the log is read once
 * more, then again only when something new arrives. */
static void tnet_alarm(struct tui *t, long long seq, const char *why)
{
	char words[512];

	why = finding_text(why, words, sizeof(words)); /* a reason of the catalog, worded */
	tui_say(t, 1,
		TR("！！！第 %lld 条记录未通过核验，未显示：%s",
		   "!!! entry %lld does NOT verify and is not shown: %s"),
		seq, why);
	t->need_sync = t->log_bad != seq;
	t->log_bad = seq;
}

/* Read the log after the last entry applied. */
static int tnet_follow(struct tui *t)
{
	cJSON *args = tnet_meeting_args(t), *res = NULL;
	const cJSON *e;
	int rc;

	cJSON_AddNumberToObject(args, "after", (double)t->m->last_seq);
	t->need_sync = 0;
	if ((rc = conn_call(&t->c, "meeting.follow", args, &res)) != YG_EXIT_OK)
		return rc;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "events")) {
		long long seq = json_int(e, "seq");
		const char *why;

		if (seq <= t->m->last_seq)
			continue;
		t->lc.last = t->m->last_seq;
		if (seq != t->m->last_seq + 1 && !t->me.observer)
			why = TR("记录缺失（序号不连续）", "it is missing (a gap in the numbers)");
		else
			why = logcheck_entry(&t->lc, e);
		if (why != NULL) {
			tnet_alarm(t,
				   seq != t->m->last_seq + 1 && !t->me.observer ? t->m->last_seq + 1
										: seq,
				   why);
			break;
		}
		tnet_entry(t, seq, json_str(e, "at"), json_str(e, "event"),
			   cJSON_GetObjectItemCaseSensitive(e, "data"));
		logcheck_shown(&t->lc, e);
		/* What this terminal asks for from now on is bound to what it saw. */
		conn_set_head(&t->c, t->m->id, seq, json_str(e, "hash"));
	}
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

/* Who this terminal is. */
static int tnet_whoami(struct tui *t)
{
	cJSON *res = NULL, *r;
	int rc = conn_call(&t->c, "auth.whoami", NULL, &res);

	if (rc != YG_EXIT_OK)
		return rc;
	memset(&t->me, 0, sizeof(t->me));
	t->me.id = json_int(res, "id");
	snprintf(t->me.name, sizeof(t->me.name), "%s", json_str(res, "name"));
	t->me.observer = strcmp(json_str(res, "kind"), "observer") == 0;
	t->me.trial = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "trial"));
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(res, "roles")) {
		const char *s = cJSON_GetStringValue(r);

		if (s == NULL)
			continue;
		t->me.chair |= strcmp(s, "chair") == 0;
		t->me.member |= strcmp(s, "member") == 0;
		t->me.clerk |= strcmp(s, "clerk") == 0;
		t->me.auditor |= strcmp(s, "auditor") == 0;
		t->me.admin |= strcmp(s, "admin") == 0;
	}
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

/* The meeting as it stands, then its log. */
static int tnet_load(struct tui *t)
{
	cJSON *res = NULL;
	int rc;

	if (t->m->id <= 0)
		return YG_EXIT_OK;
	rc = conn_call(&t->c, "meeting.state", tnet_meeting_args(t), &res);
	if (rc != YG_EXIT_OK)
		return rc;
	tm_apply_state(t->m, res);
	cJSON_Delete(res);
	/* The rules the speaking order is judged by: without them the server's
	 * defaults stand (a refusal from the server still says what holds). */
	res = NULL;
	if (conn_call(&t->c, "rules.get", NULL, &res) == YG_EXIT_OK)
		tm_apply_rules(t->m, res);
	cJSON_Delete(res);
	return tnet_follow(t);
}

/* Connect, log in and catch up; YG_EXIT_OK or why not. */
int tnet_start(struct tui *t)
{
	int rc = conn_session(&t->c, t->opts, 1);

	if (rc != YG_EXIT_OK)
		return rc;
	t->c.on_event = tnet_event_cb;
	t->c.event_ctx = t;
	t->lc.meeting = t->m->id;
	logcheck_server_key(&t->lc, &t->c);
	if ((rc = tnet_whoami(t)) != YG_EXIT_OK || (rc = tnet_load(t)) != YG_EXIT_OK) {
		tui_say(t, 1, "%s", t->c.err_text);
		conn_close(&t->c);
		return rc;
	}
	t->up = 1;
	t->ever_up = 1;
	t->backoff = 1;
	tnet_refresh_item(t);
	tnet_refresh_tasks(t);
	tnet_refresh_publications(t);
	return YG_EXIT_OK;
}

/* The connection is gone: say so, and try again later. */
void tnet_down(struct tui *t)
{
	conn_close(&t->c);
	t->up = 0;
	if (t->backoff == 0)
		t->backoff = 1;
	t->next_try = time(NULL) + t->backoff;
	t->backoff = t->backoff * 2 > TNET_BACKOFF_MAX ? TNET_BACKOFF_MAX : t->backoff * 2;
}

/* Reconnect when it is time. */
void tnet_tick(struct tui *t)
{
	if (t->up || time(NULL) < t->next_try)
		return;
	if (tnet_start(t) != YG_EXIT_OK)
		tnet_down(t);
	else
		tui_say(t, 0, "%s", TR("已重新连接", "reconnected"));
}

/* Everything the server has sent, without waiting. */
void tnet_read(struct tui *t)
{
	cJSON *msg;

	while (t->up && conn_pending(&t->c) == 1) {
		if (conn_recv(&t->c, &msg) != 0) {
			tnet_down(t);
			return;
		}
		tnet_event_cb(t, msg);
		cJSON_Delete(msg);
	}
	if (t->up && t->need_sync && tnet_follow(t) == YG_EXIT_CONNECT)
		tnet_down(t);
}

/* One request; a refusal is shown on the message line. Takes args. */
int tnet_call(struct tui *t, const char *op, cJSON *args, cJSON **res)
{
	int rc;

	*res = NULL;
	if (!t->up) {
		cJSON_Delete(args);
		tui_say(t, 1, "%s", TR("未连接服务器，请稍候", "not connected; please wait"));
		return YG_EXIT_CONNECT;
	}
	rc = conn_call(&t->c, op, args, res);
	if (rc == YG_EXIT_CONNECT) {
		tnet_down(t);
		return rc;
	}
	/* The refusal in the user's words; a rule of order it names, when the
	 * catalog does not know the refusal. */
	if (rc != YG_EXIT_OK && strcmp(t->c.err_text, t->c.err_message) == 0 &&
	    rule_text(t->c.err_message) != NULL)
		tui_say(t, 1, TR("未办成：%s", "refused: %s"), rule_text(t->c.err_message));
	else if (rc != YG_EXIT_OK)
		tui_say(t, 1, TR("未办成：%s", "refused: %s"), t->c.err_text);
	if (t->need_sync && tnet_follow(t) == YG_EXIT_CONNECT)
		tnet_down(t);
	return rc;
}

/* Whether this terminal has voted in the open round (after a restart). */
static void tnet_refresh_vote(struct tui *t, long long item)
{
	cJSON *args = tnet_meeting_args(t), *res = NULL;
	struct tm_item *it;

	cJSON_AddNumberToObject(args, "item", (double)item);
	if (conn_call(&t->c, "vote.status", args, &res) != YG_EXIT_OK)
		return;
	it = tm_item(t->m, item);
	if (it != NULL && json_int(res, "round") == it->round &&
	    cJSON_IsTrue(cJSON_GetObjectItem(res, "you_voted")))
		it->voted = 1;
	cJSON_Delete(res);
}

/* item.show of the item taken up now (its materials, presenter and
 * candidates); observers may not read items, and do without. */
void tnet_refresh_item(struct tui *t)
{
	const struct tm_item *cur = tm_current(t->m);
	struct tm_item *it;
	cJSON *args, *res = NULL;

	if (cur == NULL || t->me.observer || !t->up)
		return;
	if (cur->state == TM_VOTING && !cur->voted)
		tnet_refresh_vote(t, cur->id);
	if (t->item_info_id == cur->id)
		return;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)cur->id);
	if (conn_call(&t->c, "item.show", args, &res) != YG_EXIT_OK)
		return;
	cJSON_Delete(t->item_info);
	t->item_info = res;
	t->item_info_id = cur->id;
	it = tm_item(t->m, cur->id);
	if (it != NULL && it->candidates == 0)
		it->candidates = cJSON_GetArraySize(cJSON_GetObjectItem(res, "candidates"));
}

/* What the scrutiny functions wrote, said on the message line (the last
 * line, the one that matters). */
static void tnet_say_shares(struct tui *t, char *text)
{
	char *end;

	if (text == NULL || text[0] == '\0')
		return;
	if ((end = strrchr(text, '\n')) != NULL && end[1] == '\0')
		*end = '\0';
	tui_say(t, strncmp(text, "yg: ", 4) == 0, "%s",
		strrchr(text, '\n') != NULL ? strrchr(text, '\n') + 1 : text);
}

/* Share files of meetings that are over, left from an earlier run, are
 * destroyed when the terminal first connects (BALLOT.md §7.6). */
static void tnet_sweep_shares(struct tui *t)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	if (t->swept || (out = open_memstream(&text, &len)) == NULL)
		return;
	t->swept = 1;
	scrutiny_sweep(&t->c, t->opts, out, out);
	fclose(out);
	tnet_say_shares(t, text);
	free(text);
}

/* What the scrutineer's terminal has to do (scrutineer.tasks); once the
 * meeting is over, its share is destroyed, by itself, and said. */
void tnet_refresh_tasks(struct tui *t)
{
	cJSON *res = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	if (!t->up || !tm_is_scrutineer(t->m, t->me.id))
		return;
	tnet_sweep_shares(t);
	if (conn_call(&t->c, "scrutineer.tasks", tnet_meeting_args(t), &res) != YG_EXIT_OK)
		return;
	cJSON_Delete(t->tasks);
	t->tasks = res;
	if (scrutineer_dkg_auto(t)) { /* a step of the ceremony: read them again */
		res = NULL;
		if (!t->up ||
		    conn_call(&t->c, "scrutineer.tasks", tnet_meeting_args(t), &res) != YG_EXIT_OK)
			return;
		cJSON_Delete(t->tasks);
		t->tasks = res;
	}
	if ((out = open_memstream(&text, &len)) == NULL)
		return;
	if (scrutiny_shares_end(t->opts, res, out, out) != 0) {
		fclose(out);
		tnet_say_shares(t, text);
	} else {
		fclose(out);
	}
	free(text);
}

/* The publication state of the committee's decisions (the chair's
 * console shows it under each decided item, the clerk's in a list). */
void tnet_refresh_publications(struct tui *t)
{
	cJSON *res = NULL;
	int i, decided = 0;

	for (i = 0; i < t->m->nitems; i++)
		decided |= t->m->items[i].state == TM_DECIDED;
	/* The clerk keeps the publication list (记录台) whatever is decided. */
	if (!t->up || !(t->me.clerk || (t->me.chair && decided)))
		return;
	if (conn_call(&t->c, "publication.list", NULL, &res) != YG_EXIT_OK)
		return;
	cJSON_Delete(t->pubs);
	t->pubs = res;
}

/* Ask again what the latest events changed. */
void tnet_refresh(struct tui *t)
{
	if (t->up && t->need_sync && tnet_follow(t) == YG_EXIT_CONNECT)
		tnet_down(t);
	if (t->want_pubs && t->up) {
		t->want_pubs = 0;
		tnet_refresh_publications(t);
	}
	if (!t->want_refresh)
		return;
	t->want_refresh = 0;
	tnet_refresh_item(t);
	tnet_refresh_tasks(t);
}
