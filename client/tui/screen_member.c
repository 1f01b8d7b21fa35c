/* The member's terminal (委员): check in, the item taken up with its
 * materials, the floor, the presentation (for the member in charge), a
 * statement of position with its main points or a pass, recusal (回避),
 * and the way into the ballot when a vote opens. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../i18n.h"
#include "../json_field.h"
#include "../material_fetch.h"
#include "tui.h"
#include "tui_events.h"

static const char *member_name(void)
{
	return TR("委员", "member");
}

static int member_available(const struct tui *t)
{
	return t->me.member && t->m->id > 0 && tm_roster_index(t->m, t->me.id) >= 0;
}

/* This member's place on the roster, -1 if none. */
static int member_ix(const struct tui *t)
{
	return tm_roster_index(t->m, t->me.id);
}

static int member_present(const struct tui *t)
{
	int i = member_ix(t);

	return i >= 0 && t->m->roster[i].present;
}

/* The item taken up, if it is still being discussed. */
static const struct tm_item *member_open_item(const struct tui *t)
{
	const struct tm_item *it = tm_current(t->m);

	return it != NULL && it->state == TM_OPEN ? it : NULL;
}

/* Whether this member is in charge of the item (item.show's proposer). */
static int member_presenter(const struct tui *t, const struct tm_item *it)
{
	return it != NULL && t->item_info != NULL && t->item_info_id == it->id &&
	       json_int(t->item_info, "proposer") == t->me.id;
}

/* Whether the ballot can be opened now. */
static const struct tm_item *member_vote_item(const struct tui *t)
{
	const struct tm_item *it = tm_current(t->m);

	return it != NULL && it->state == TM_VOTING && tm_eligible(it, t->me.id) && !it->voted
		       ? it
		       : NULL;
}

/* What this member has done on the item: stated, recused, or not yet. */
static const char *member_standing(const struct tui *t, const struct tm_item *it)
{
	int i = member_ix(t), need = it->personnel && it->candidates > 0 ? it->candidates : 1;
	uint64_t mask = need >= 64 ? UINT64_MAX : ((uint64_t)1 << need) - 1;

	if (i < 0)
		return "";
	if (it->recused[i])
		return TR("您已回避本议题", "you have recused yourself");
	if ((it->spoke[i] & mask) == mask)
		return TR("您已表态", "you have stated your position");
	if (it->spoke[i] != 0)
		return TR("您已就部分候选人表态", "you have stated on some candidates");
	return TR("您尚未表态", "you have not stated yet");
}

/* The item's materials and summary (item.show), as many rows as there are. */
static int member_materials(struct tui *t, int y, struct tl_rect r)
{
	const cJSON *mat;
	int y0 = y;
	size_t start[4], len[4];
	char line[512];
	int n, i;

	if (t->item_info == NULL ||
	    t->item_info_id != (tm_current(t->m) ? tm_current(t->m)->id : 0))
		return 0;
	cJSON_ArrayForEach(mat, cJSON_GetObjectItemCaseSensitive(t->item_info, "materials")) {
		if (y >= r.y + r.h)
			break;
		td_textf(y++, r.x, r.w,
			 TR("  材料 %lld：%s（%s，%lld 字节）",
			    "  material %lld: %s (%s, %lld bytes)"),
			 json_int(mat, "id"), json_str(mat, "filename"), json_str(mat, "kind"),
			 json_int(mat, "size"));
	}
	n = tt_wrap(json_str(t->item_info, "summary"), (size_t)(r.w > 10 ? r.w - 8 : 1), start, len,
		    2);
	for (i = 0; i < n && y < r.y + r.h; i++) {
		snprintf(line, sizeof(line), "%.*s", (int)len[i],
			 json_str(t->item_info, "summary") + start[i]);
		td_textf(y++, r.x, r.w, "%s%s", i == 0 ? TR("  摘要：", "  summary: ") : "        ",
			 line);
	}
	return y - y0;
}

static void member_draw(struct tui *t, struct tl_rect body)
{
	const struct tm_item *cur = tm_current(t->m);
	struct tl_rect top, rest, results, log;
	int y, nres = 0, i;

	for (i = 0; i < t->m->nitems; i++)
		nres += t->m->items[i].result[0] != '\0';
	tl_split_rows(body, body.h * 11 / 20, &top, &rest);
	y = top.y + td_overview(t, top);
	attron(td_attr(member_present(t) ? TC_GOOD : TC_MARK));
	td_text(y++, top.x, top.w,
		member_present(t)
			? TR("您已签到", "you are checked in")
			: TR("您尚未签到：按 [i] 签到", "you are not checked in: [i] to check in"));
	attroff(td_attr(member_present(t) ? TC_GOOD : TC_MARK));
	if (cur != NULL && y < top.y + top.h) {
		td_text(y++, top.x, top.w, member_standing(t, cur));
		y += member_materials(t, y,
				      (struct tl_rect){y, top.x, top.y + top.h - y - 1, top.w});
	}
	if (member_vote_item(t) != NULL && y < top.y + top.h) {
		attron(td_attr(TC_BANNER));
		td_fill(y, top.x, top.w);
		td_textf(y++, top.x, top.w,
			 TR(" ★ 议题 %lld 正在表决：按 [b] 进入投票 ",
			    " ★ voting on item %lld is open: [b] to vote "),
			 cur->id);
		attroff(td_attr(TC_BANNER));
	} else if (cur != NULL && cur->voted && y < top.y + top.h) {
		attron(td_attr(TC_GOOD));
		td_textf(y++, top.x, top.w, TR("您已投票。回执：%s", "you have voted. receipt: %s"),
			 cur->receipt[0] ? cur->receipt
					 : TR("（见投票时的屏幕）", "(shown when you voted)"));
		attroff(td_attr(TC_GOOD));
	}
	tl_split_rows(rest, nres + 2 < rest.h / 2 ? nres + 2 : rest.h / 2, &results, &log);
	td_results(t, results);
	td_log(t, log);
}

/* Whether item.show of the item taken up lists materials. */
static int member_has_materials(const struct tui *t)
{
	const struct tm_item *cur = tm_current(t->m);

	return cur != NULL && t->item_info != NULL && t->item_info_id == cur->id &&
	       cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t->item_info, "materials")) > 0;
}

/* Every material of the item taken up into HOME/materials/item-N/, each
 * checked against its size and SHA-256 (as yg material get); one already
 * there is kept. */
static void member_download(struct tui *t)
{
	const cJSON *mat;
	char dir[4200], out[4600];
	const char *name, *slash;
	int got = 0, had = 0, rc = YG_EXIT_OK;

	snprintf(dir, sizeof(dir), "%s/materials", t->opts->home);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/materials/item-%lld", t->opts->home, t->item_info_id);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		tui_say(t, 1, TR("无法创建 %s", "cannot make %s"), dir);
		return;
	}
	cJSON_ArrayForEach(mat, cJSON_GetObjectItemCaseSensitive(t->item_info, "materials")) {
		name = json_str(mat, "filename");
		if ((slash = strrchr(name, '/')) != NULL)
			name = slash + 1;
		snprintf(out, sizeof(out), "%s/%lld-%s", dir, json_int(mat, "id"),
			 name[0] != '\0' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0
				 ? name
				 : "material");
		if (access(out, F_OK) == 0) {
			had++;
			continue;
		}
		if (!t->up || (rc = material_fetch(&t->c, json_int(mat, "id"), out)) != YG_EXIT_OK)
			break;
		got++;
	}
	if (rc == YG_EXIT_CONNECT)
		tnet_down(t);
	else if (rc != YG_EXIT_OK || !t->up)
		tui_say(t, 1, "%s",
			TR("材料未能全部下载（原因见 tui.log）",
			   "not every material could be downloaded (see tui.log)"));
	else
		tui_say(t, 0,
			TR("材料已下载到 %s（新下载 %d 份，已有 %d 份；大小和 SHA-256 已核对）",
			   "materials in %s (%d downloaded, %d there already; size and SHA-256 "
			   "checked)"),
			dir, got, had);
}

static int member_keys(struct tui *t, const char **labels, int max)
{
	const struct tm_item *it = member_open_item(t);
	int n = 0;

	if (n < max)
		labels[n++] = member_present(t) ? TR("[I]离会", "[I] leave")
						: TR("[i]签到", "[i] check in");
	if (member_vote_item(t) != NULL && n < max)
		labels[n++] = TR("[b]投票", "[b] vote");
	if (it != NULL && member_presenter(t, it) && !it->presented && n < max)
		labels[n++] = TR("[p]汇报", "[p] present");
	if (member_has_materials(t) && n < max)
		labels[n++] = TR("[m]下载材料", "[m] download the materials");
	if (it != NULL && n + 4 <= max) {
		/* offered when the rules the server judges by would take it */
		if (tm_speak_verdict(t->m, it, t->me.id, SPEAK_STATE) == SPEAK_OK)
			labels[n++] = TR("[s]表态", "[s] state a position");
		if (!it->personnel && tm_speak_verdict(t->m, it, t->me.id, SPEAK_PASS) == SPEAK_OK)
			labels[n++] = TR("[n]放弃表态", "[n] pass");
		labels[n++] = TR("[r]申请发言", "[r] ask for the floor");
		labels[n++] = TR("[h]回避", "[h] recuse");
	}
	return n;
}

/* {"meeting", "item"} for the open item. */
static cJSON *member_item_args(const struct tui *t, long long item)
{
	cJSON *args = tnet_meeting_args(t);

	cJSON_AddNumberToObject(args, "item", (double)item);
	return args;
}

static void member_said(struct tui *t, const char *op, cJSON *args, const char *done)
{
	cJSON *res = NULL;

	if (tnet_call(t, op, args, &res) == YG_EXIT_OK)
		tui_say(t, 0, "%s", done);
	cJSON_Delete(res);
}

static const char *const member_positions_zh[] = {"同意", "不同意", "缓议"};
static const char *const member_positions_en[] = {"agree", "disagree", "defer"};
static const char *const member_position_codes[] = {"agree", "disagree", "defer"};

/* The text of a statement: send it (arg: item, position, candidate + 1). */
static void member_statement_done(struct tui *t, const struct tui_prompt *p, int choice,
				  const char *text)
{
	cJSON *args = member_item_args(t, p->arg[0]);

	(void)choice;
	cJSON_AddStringToObject(args, "position", member_position_codes[p->arg[1]]);
	cJSON_AddStringToObject(args, "body",
				text[0] != '\0' ? text : member_positions_zh[p->arg[1]]);
	if (p->arg[2] > 0)
		cJSON_AddNumberToObject(args, "candidate", (double)(p->arg[2] - 1));
	member_said(t, "agenda.speak", args, TR("已表态", "your position is recorded"));
}

/* The position chosen: ask for the main points. */
static void member_position_done(struct tui *t, const struct tui_prompt *p, int choice,
				 const char *text)
{
	char title[256];

	(void)text;
	t->prompt.arg[0] = p->arg[0];
	t->prompt.arg[1] = choice;
	t->prompt.arg[2] = p->arg[2];
	snprintf(title, sizeof(title),
		 TR("表态“%s”的主要理由（可直接回车）：",
		    "main points of your “%s” (Enter to skip):"),
		 i18n_english() ? member_positions_en[choice] : member_positions_zh[choice]);
	tp_text(t, title, member_statement_done);
}

/* Ask for the position (arg: item, -, candidate + 1). */
static void member_ask_position(struct tui *t, long long item, long long candidate)
{
	t->prompt.arg[0] = item;
	t->prompt.arg[2] = candidate;
	tp_choice(t, TR("您的表态：", "your position:"),
		  i18n_english() ? member_positions_en : member_positions_zh, 3,
		  member_position_done);
}

static void member_candidate_done(struct tui *t, const struct tui_prompt *p, int choice,
				  const char *text)
{
	(void)text;
	member_ask_position(t, p->arg[0], choice + 1);
}

/* [s]: on a cadre item, first which candidate (the chair's [s] too). */
void tui_member_state(struct tui *t, const struct tm_item *it)
{
	const char *names[12];
	const cJSON *c;
	int n = 0;

	if (!it->personnel || t->item_info == NULL) {
		member_ask_position(t, it->id, 0);
		return;
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(t->item_info, "candidates")) {
		if (n < 12 && cJSON_IsString(c))
			names[n++] = c->valuestring;
	}
	t->prompt.arg[0] = it->id;
	tp_choice(t, TR("就哪位候选人表态：", "on which candidate:"), names, n,
		  member_candidate_done);
}

static void member_present_done(struct tui *t, const struct tui_prompt *p, int choice,
				const char *text)
{
	cJSON *args = member_item_args(t, p->arg[0]);

	(void)choice;
	if (text[0] != '\0')
		cJSON_AddStringToObject(args, "body", text);
	member_said(t, "agenda.present", args, TR("已汇报", "presented"));
}

static void member_recuse_done(struct tui *t, const struct tui_prompt *p, int choice,
			       const char *text)
{
	cJSON *args = member_item_args(t, p->arg[0]);

	(void)choice;
	cJSON_AddStringToObject(args, "reason",
				text[0] ? text : TR("申请回避", "conflict of interest"));
	member_said(t, "agenda.recuse", args, TR("已声明回避", "recusal declared"));
}

static void member_leave_done(struct tui *t, const struct tui_prompt *p, int choice,
			      const char *text)
{
	(void)p;
	(void)choice;
	(void)text;
	member_said(t, "meeting.check_out", tnet_meeting_args(t), TR("已离会", "checked out"));
}

static void member_pass_done(struct tui *t, const struct tui_prompt *p, int choice,
			     const char *text)
{
	(void)choice;
	(void)text;
	member_said(t, "agenda.pass", member_item_args(t, p->arg[0]), TR("已放弃表态", "passed"));
}

static int member_key(struct tui *t, int ch, int fn)
{
	const struct tm_item *it = member_open_item(t);

	if (fn)
		return 0;
	if (ch == 'i' && !member_present(t))
		member_said(t, "meeting.check_in", tnet_meeting_args(t),
			    TR("已签到", "checked in"));
	else if (ch == 'I' && member_present(t))
		tp_confirm(t,
			   TR("确认离会？离会后不能表态和投票。",
			      "leave the meeting? You can neither state nor vote while away."),
			   member_leave_done);
	else if (ch == 'b' && member_vote_item(t) != NULL)
		tb_open(t, member_vote_item(t)->id);
	else if (ch == 'm' && member_has_materials(t))
		member_download(t);
	else if (it == NULL)
		return 0;
	else if (ch == 'p' && member_presenter(t, it) && !it->presented) {
		t->prompt.arg[0] = it->id;
		tp_text(t, TR("汇报要点（可直接回车）：", "what you present (Enter for none):"),
			member_present_done);
	} else if (ch == 's')
		tui_member_state(t, it);
	else if (ch == 'n' && !it->personnel) {
		t->prompt.arg[0] = it->id;
		tp_confirm(t, TR("确认放弃表态（不表明立场）？", "pass, stating no position?"),
			   member_pass_done);
	} else if (ch == 'r')
		member_said(
			t, "floor.request", tnet_meeting_args(t),
			TR("已申请发言，等待主持人准许", "asked for the floor; the chair decides"));
	else if (ch == 'h') {
		t->prompt.arg[0] = it->id;
		tp_text(t, TR("回避理由：", "the reason for recusal:"), member_recuse_done);
	} else
		return 0;
	return 1;
}

const struct tui_screen screen_member = {
	.name = member_name,
	.available = member_available,
	.draw = member_draw,
	.keys = member_keys,
	.key = member_key,
};
