/* The chair's console (主持台): the agenda with each item's state and
 * what still stands before its next step, attendance and the live quorum
 * count, the speaking order — who still has to state before the chair may
 * (末位表态) — the requests for the floor, the vote's progress and the
 * announced result; and the chair's actions, each offered only when it
 * can be taken. */
#include <stdio.h>
#include <string.h>

#include "../code_text.h"
#include "../i18n.h"
#include "../json_field.h"
#include "../textwidth.h"
#include "../time_text.h"
#include "tui.h"
#include "tui_events.h"

static const char *chair_name(void)
{
	return TR("主持", "chair");
}

static int chair_available(const struct tui *t)
{
	return t->me.chair && t->m->id > 0;
}

static long long chair_needed(const struct tm_meeting *m)
{
	return tm_quorum_needed(m->entitled, m->quorum_num, m->quorum_den, m->quorum_inclusive);
}

/* The item under the cursor. */
static const struct tm_item *chair_selected(struct tui *t)
{
	if (t->m->nitems == 0)
		return NULL;
	if (t->sel < 0 || t->sel >= t->m->nitems)
		t->sel = 0;
	return &t->m->items[t->sel];
}

static int chair_present(const struct tui *t)
{
	int i = tm_roster_index(t->m, t->me.id);

	return i >= 0 && t->m->roster[i].present;
}

/* The oldest request for the floor not yet granted on item it. */
static const struct tm_floor *chair_request(const struct tm_item *it)
{
	int i;

	for (i = 0; it != NULL && i < it->nfloor; i++)
		if (!it->floor[i].granted)
			return &it->floor[i];
	return NULL;
}

/* "✓ text" or "✗ text", in green or red. */
static void chair_gate(int y, struct tl_rect r, int ok, const char *text)
{
	attron(td_attr(ok ? TC_GOOD : TC_BAD));
	td_textf(y, r.x, r.w, "%s %s", ok ? "✓" : "✗", text);
	attroff(td_attr(ok ? TC_GOOD : TC_BAD));
}

/* publication.list's entry for item, or NULL. */
static const cJSON *chair_pub(const struct tui *t, long long item)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(t->pubs, "items"))
		if (json_int(e, "item") == item)
			return e;
	return NULL;
}

/* A decided item still waiting for the confidentiality review. */
static int chair_pub_pending(const struct tui *t, long long item)
{
	const cJSON *e = chair_pub(t, item);

	return e != NULL && strcmp(json_str(e, "state"), "pending") == 0;
}

/* Where item's publication (决策公开) stands. The rows used. */
static int chair_pub_lines(const struct tui *t, const struct tm_item *it, struct tl_rect r)
{
	const cJSON *e = chair_pub(t, it->id);
	char when[64];
	int y = r.y, overdue;

	if (e == NULL || r.h < 1)
		return 0;
	if (strcmp(json_str(e, "state"), "pending") == 0) {
		overdue = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "overdue"));
		time_until_text(json_str(e, "due_at"), when, sizeof(when));
		attron(td_attr(overdue ? TC_BAD : TC_MARK));
		td_textf(y++, r.x, r.w,
			 overdue ? TR("✗ 决策公开已逾期（期限 %.10s）：按 [p] 保密审查",
				      "✗ publication overdue (due %.10s): [p] to review")
				 : TR("决策公开：待保密审查，期限 %.10s，按 [p]",
				      "publication: to be reviewed by %.10s, [p]"),
			 when);
		attroff(td_attr(overdue ? TC_BAD : TC_MARK));
		return y - r.y;
	}
	attron(td_attr(TC_GOOD));
	td_textf(y++, r.x, r.w, TR("决策公开：%s", "publication: %s"),
		 publication_mode_text(json_str(e, "mode")));
	attroff(td_attr(TC_GOOD));
	if (y < r.y + r.h && json_str(e, "notice_ends_at")[0] != '\0') {
		time_until_text(json_str(e, "notice_ends_at"), when, sizeof(when));
		td_textf(y++, r.x, r.w, TR("任前公示至 %s", "public notice until %s"), when);
	}
	return y - r.y;
}

/* What stands before the selected item's next step. The rows used. */
static int chair_gates(struct tui *t, const struct tm_item *it, struct tl_rect r)
{
	const struct tm_meeting *m = t->m;
	const struct tm_item *cur = tm_current(m);
	struct tm_queue q;
	char buf[256];
	int y = r.y;

	if (it->state == TM_PENDING) {
		snprintf(buf, sizeof(buf),
			 TR("法定人数：到会 %lld，需 %lld", "quorum: %lld present, %lld needed"),
			 m->present, chair_needed(m));
		chair_gate(y++, r, m->present >= chair_needed(m), buf);
		chair_gate(y++, r, strcmp(m->status, "open") == 0,
			   TR("会议已开始", "the meeting is open"));
		chair_gate(y++, r, cur == NULL, TR("没有其他议题在审议", "no other item is open"));
	} else if (it->state == TM_OPEN) {
		tm_queue(m, it, &q);
		snprintf(buf, sizeof(buf), TR("分管领导汇报%s%s", "presented%s%s"),
			 it->presented ? TR("：", ": ") : "", it->presenter);
		chair_gate(y++, r, it->presented, buf);
		snprintf(buf, sizeof(buf),
			 TR("其他成员表态：尚余 %d 人", "others to state: %d left"), q.nwaiting);
		chair_gate(y++, r, q.nwaiting == 0, buf);
		chair_gate(y++, r, q.chair_done, TR("主持人末位表态", "the chair states last"));
	} else if (it->state == TM_DISCUSSED || it->state == TM_RUNOFF) {
		chair_gate(y++, r, m->election_key,
			   TR("选举公钥已生成（监票人密钥）", "election key made (scrutineers)"));
		snprintf(buf, sizeof(buf),
			 TR("法定人数：到会 %lld，需 %lld", "quorum: %lld present, %lld needed"),
			 m->present, chair_needed(m));
		chair_gate(y++, r, m->present >= chair_needed(m), buf);
	} else if (it->state == TM_VOTING || it->state == TM_DECRYPTING) {
		td_textf(y++, r.x, r.w, TR("已投 %lld/%d", "%lld of %d cast"), it->cast,
			 it->neligible);
		if (it->state == TM_DECRYPTING)
			td_textf(y++, r.x, r.w,
				 TR("监票人解密 %d/%d", "decrypted by %d of %d scrutineers"),
				 it->decrypted, m->nscrutineers);
	} else if (it->state == TM_DECIDED) {
		tev_counts(it, buf, sizeof(buf));
		attron(td_attr(TC_GOOD) | A_BOLD);
		td_text(y++, r.x, r.w, buf);
		attroff(td_attr(TC_GOOD) | A_BOLD);
		if (y < r.y + r.h)
			y += chair_pub_lines(t, it, (struct tl_rect){y, r.x, r.y + r.h - y, r.w});
	}
	return y - r.y;
}

/* The agenda, the cursor's item and its gates. */
static void chair_agenda(struct tui *t, struct tl_rect r)
{
	const struct tm_item *sel = chair_selected(t);
	int i, y = r.y + 1;

	td_heading(r, TR("议程", "agenda"));
	for (i = 0; i < t->m->nitems && y < r.y + r.h; i++) {
		const struct tm_item *it = &t->m->items[i];
		char state[64];
		int sw;

		snprintf(state, sizeof(state), " %s", tev_state(it->state));
		sw = (int)tw_width(state);
		if (i == t->sel)
			attron(A_REVERSE);
		td_fill(y, r.x, r.w);
		td_textf(y, r.x, r.w - sw, "%s%lld %s", i == t->sel ? "▶" : " ", it->id, it->title);
		if (i == t->sel)
			attroff(A_REVERSE);
		attron(td_attr(it->state == TM_OPEN || it->state == TM_VOTING ? TC_MARK : TC_DIM));
		td_text(y++, r.x + r.w - sw, sw, state);
		attroff(td_attr(it->state == TM_OPEN || it->state == TM_VOTING ? TC_MARK : TC_DIM));
	}
	if (sel != NULL && y + 2 < r.y + r.h) {
		td_heading((struct tl_rect){y + 1, r.x, 1, r.w}, TR("进程", "next step"));
		chair_gates(t, sel, (struct tl_rect){y + 2, r.x, r.y + r.h - y - 2, r.w});
	}
}

/* Attendance: the count against the quorum, then every member. The rows used. */
static int chair_attendance(struct tui *t, struct tl_rect r)
{
	const struct tm_meeting *m = t->m;
	int i, x = r.x, y = r.y + 1, cw = 0, w;
	long long need = chair_needed(m);

	td_heading(r, TR("出席", "attendance"));
	attron(td_attr(m->present >= need ? TC_GOOD : TC_BAD) | A_BOLD);
	td_textf(y++, r.x, r.w,
		 TR("到会 %lld / 应到会 %lld，开会需 %lld %s",
		    "%lld of %lld present, %lld needed %s"),
		 m->present, m->entitled, need, m->present >= need ? "✓" : "✗");
	attroff(td_attr(m->present >= need ? TC_GOOD : TC_BAD) | A_BOLD);
	for (i = 0; i < m->nroster; i++)
		if ((w = (int)tw_width(m->roster[i].name) + 3) > cw)
			cw = w;
	for (i = 0; i < m->nroster && y < r.y + r.h; i++) {
		const struct tm_person *p = &m->roster[i];

		if (x + cw > r.x + r.w && x > r.x) {
			x = r.x;
			y++;
			if (y >= r.y + r.h)
				break;
		}
		attron(td_attr(p->present ? TC_GOOD : p->absence[0] ? TC_BAD : TC_DIM));
		td_textf(y, x, cw, "%s%s", p->present ? "✓" : p->absence[0] ? "✗" : "·", p->name);
		attroff(td_attr(p->present ? TC_GOOD : p->absence[0] ? TC_BAD : TC_DIM));
		x += cw;
	}
	return y + 1 - r.y;
}

/* Who still has to state before the chair may, and the floor. */
static int chair_queue(struct tui *t, const struct tm_item *it, struct tl_rect r)
{
	struct tm_queue q;
	char names[512] = "";
	const struct tm_floor *f;
	int i, y = r.y + 1, pending = 0;

	td_heading(r, TR("发言顺序", "speaking order"));
	tm_queue(t->m, it, &q);
	if (!q.presented)
		td_text(y++, r.x, r.w, TR("待分管领导汇报", "waiting for the presentation"));
	for (i = 0; i < q.nwaiting; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? TR("、", ", ") : "", t->m->roster[q.waiting[i]].name);
	if (y < r.y + r.h)
		td_textf(y++, r.x, r.w, TR("待表态（%d）：%s", "still to state (%d): %s"),
			 q.nwaiting, q.nwaiting ? names : TR("无", "nobody"));
	if (y < r.y + r.h) {
		attron(td_attr(q.chair_done ? TC_GOOD : q.chair_may ? TC_MARK : TC_DIM) | A_BOLD);
		td_textf(y++, r.x, r.w, "%s%s", tm_name(t->m, it->presiding),
			 q.chair_done ? TR("（主持人）已末位表态", " (presiding) has stated, last")
			 : q.chair_may ? TR("（主持人）现在可以表态：按 [s]",
					    " (presiding) may state now: [s]")
				       : TR("（主持人）须待以上成员表态后再表态",
					    " (presiding) states after them"));
		attroff(td_attr(q.chair_done ? TC_GOOD : q.chair_may ? TC_MARK : TC_DIM) | A_BOLD);
	}
	for (i = 0; i < it->nfloor; i++)
		pending += !it->floor[i].granted;
	if (pending > 0 && y < r.y + r.h && (f = chair_request(it)) != NULL)
		td_textf(y++, r.x, r.w,
			 TR("申请发言（%d）：%s 等待准许 [g]",
			    "asking for the floor (%d): %s waits [g]"),
			 pending, f->name);
	return y - r.y;
}

/* The vote of the current item. */
static void chair_vote(struct tui *t, const struct tm_item *it, struct tl_rect r)
{
	char buf[256];
	int y = r.y + 1;

	td_heading(r, TR("表决", "vote"));
	if (it->state == TM_VOTING || it->state == TM_DECRYPTING) {
		attron(td_attr(TC_MARK) | A_BOLD);
		td_textf(y++, r.x, r.w, TR("第 %d 轮：已投 %lld/%d", "round %d: %lld of %d cast"),
			 it->round, it->cast, it->neligible);
		attroff(td_attr(TC_MARK) | A_BOLD);
		if (it->state == TM_DECRYPTING && y < r.y + r.h)
			td_textf(
				y++, r.x, r.w,
				TR("投票已结束，监票人解密 %d/%d", "closed; decrypted by %d of %d"),
				it->decrypted, t->m->nscrutineers);
	} else if (it->result[0] != '\0') {
		tev_counts(it, buf, sizeof(buf));
		attron(td_attr(TC_GOOD) | A_BOLD);
		td_textf(y++, r.x, r.w, TR("结果：%s", "result: %s"), buf);
		attroff(td_attr(TC_GOOD) | A_BOLD);
	} else
		td_text(y++, r.x, r.w, TR("尚未表决", "not voted yet"));
}

static void chair_draw(struct tui *t, struct tl_rect body)
{
	const struct tm_item *cur = tm_current(t->m);
	struct tl_rect panes, log, left, right, rest;
	int used;

	tl_split_rows(body, body.h - (body.h >= 24 ? 7 : 5), &panes, &log);
	tl_split_cols(panes, 48, 30, &left, &right);
	chair_agenda(t, left);
	used = chair_attendance(t, right);
	tl_split_rows(right, used, &left, &rest);
	if (cur != NULL && rest.h > 2) {
		if (cur->state == TM_OPEN)
			used = chair_queue(t, cur, rest);
		else
			used = 0;
		tl_split_rows(rest, used, &left, &rest);
		if (rest.h >= 2)
			chair_vote(t, cur, rest);
	} else if (rest.h >= 2)
		td_results(t, rest);
	td_log(t, log);
}

static int chair_keys(struct tui *t, const char **labels, int max)
{
	const struct tm_item *cur = tm_current(t->m), *sel = chair_selected(t);
	struct tm_queue q;
	int n = 0;

	if (max < 10)
		return 0;
	if (!chair_present(t) && strcmp(t->m->status, "closed") != 0 &&
	    tm_roster_index(t->m, t->me.id) >= 0)
		labels[n++] = TR("[i]签到", "[i] check in");
	if (strcmp(t->m->status, "announced") == 0)
		labels[n++] = TR("[K]宣布开会", "[K] open the meeting");
	if (strcmp(t->m->status, "closed") == 0) {
		if (t->m->nitems > 1)
			labels[n++] = TR("[↑↓]选择议题", "[↑↓] select");
		if (sel != NULL && chair_pub_pending(t, sel->id))
			labels[n++] = TR("[p]决策公开", "[p] publish");
	}
	if (strcmp(t->m->status, "open") != 0)
		return n;
	if (t->m->nitems > 1)
		labels[n++] = TR("[↑↓]选择议题", "[↑↓] select");
	if (cur == NULL && sel != NULL && sel->state == TM_PENDING)
		labels[n++] = TR("[o]开启议题", "[o] take up the item");
	if (cur != NULL && cur->state == TM_OPEN) {
		tm_queue(t->m, cur, &q);
		if (chair_request(cur) != NULL)
			labels[n++] = TR("[g]准许发言", "[g] give the floor");
		if (tm_speak_verdict(t->m, cur, t->me.id, SPEAK_STATE) == SPEAK_OK)
			labels[n++] = TR("[s]表态", "[s] state");
		if (q.can_close)
			labels[n++] = TR("[c]结束讨论", "[c] close discussion");
		labels[n++] = TR("[d]缓议", "[d] defer");
	}
	if (cur != NULL && (cur->state == TM_DISCUSSED || cur->state == TM_RUNOFF))
		labels[n++] = TR("[v]开始表决", "[v] open the vote");
	if (cur != NULL && cur->state == TM_VOTING)
		labels[n++] = TR("[x]结束投票", "[x] close the vote");
	if (sel != NULL && chair_pub_pending(t, sel->id))
		labels[n++] = TR("[p]决策公开", "[p] publish");
	if (cur == NULL)
		labels[n++] = TR("[Q]宣布散会", "[Q] close the meeting");
	return n;
}

/* meeting and item arguments. */
static cJSON *chair_item_args(const struct tui *t, long long item)
{
	cJSON *args = tnet_meeting_args(t);

	cJSON_AddNumberToObject(args, "item", (double)item);
	return args;
}

/* One action; its confirmation on the message line. */
static void chair_do(struct tui *t, const char *op, cJSON *args, const char *done)
{
	cJSON *res = NULL;

	if (tnet_call(t, op, args, &res) == YG_EXIT_OK)
		tui_say(t, 0, "%s", done);
	cJSON_Delete(res);
}

static void chair_defer_done(struct tui *t, const struct tui_prompt *p, int choice,
			     const char *text)
{
	cJSON *args = chair_item_args(t, p->arg[0]);

	(void)choice;
	cJSON_AddStringToObject(args, "reason",
				text[0] ? text : TR("需进一步论证", "needs further study"));
	chair_do(t, "agenda.defer", args, TR("已缓议", "deferred"));
}

static void chair_close_meeting_done(struct tui *t, const struct tui_prompt *p, int choice,
				     const char *text)
{
	(void)p;
	(void)choice;
	(void)text;
	chair_do(t, "meeting.close", tnet_meeting_args(t),
		 TR("已宣布散会", "the meeting is closed"));
}

/* Publication (决策公开): the chair's confidentiality review (保密审查)
 * of a decided item — in full, in summary with a public text, or withheld
 * with a recorded reason — asked step by step and sent as one request. */
static const char *const chair_modes[] = {"full", "summary", "withheld"};

static void chair_publish_send(struct tui *t, long long item, int mode, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *res = NULL;
	char when[64];

	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "mode", chair_modes[mode]);
	if (text != NULL)
		cJSON_AddStringToObject(args, "text", text);
	if (tnet_call(t, "publication.publish", args, &res) == YG_EXIT_OK) {
		time_until_text(json_str(res, "notice_ends_at"), when, sizeof(when));
		if (json_str(res, "notice_ends_at")[0] != '\0')
			tui_say(t, 0,
				TR("议题 %lld %s；任前公示至 %s",
				   "item %lld %s; public notice until %s"),
				item, publication_mode_text(chair_modes[mode]), when);
		else
			tui_say(t, 0, TR("议题 %lld %s", "item %lld %s"), item,
				publication_mode_text(chair_modes[mode]));
		tnet_refresh_publications(t);
	}
	cJSON_Delete(res);
}

static void chair_publish_text(struct tui *t, const struct tui_prompt *p, int choice,
			       const char *text)
{
	(void)choice;
	if (text[0] == '\0') {
		tui_say(t, 1, "%s",
			p->arg[1] == 1 ? TR("摘要公开须填写公开文本", "a summary needs its text")
				       : TR("不予公开须写明理由", "withholding needs a reason"));
		return;
	}
	chair_publish_send(t, p->arg[0], (int)p->arg[1], text);
}

static void chair_publish_full(struct tui *t, const struct tui_prompt *p, int choice,
			       const char *text)
{
	(void)choice;
	(void)text;
	chair_publish_send(t, p->arg[0], 0, NULL);
}

static void chair_publish_mode(struct tui *t, const struct tui_prompt *p, int choice,
			       const char *text)
{
	char title[200];

	(void)text;
	t->prompt.arg[0] = p->arg[0];
	t->prompt.arg[1] = choice;
	if (choice == 0) {
		snprintf(title, sizeof(title),
			 TR("确认全文公开议题 %lld（标题、摘要、票数、结果、签名计票）？",
			    "publish item %lld in full (title, summary, counts, outcome, signed "
			    "tally)?"),
			 p->arg[0]);
		tp_confirm(t, title, chair_publish_full);
	} else
		tp_text(t,
			choice == 1 ? TR("摘要公开：请输入替代原文的公开文本",
					 "in summary: the public text, instead of the item's")
				    : TR("不予公开：请写明理由（记录在案，审计可见）",
					 "withheld: the reason (recorded; auditors see it)"),
			chair_publish_text);
}

static void chair_publish(struct tui *t, const struct tm_item *it)
{
	static const char *zh[] = {"全文公开", "摘要公开", "不予公开"};
	static const char *en[] = {"in full", "in summary", "withhold"};
	char title[300];

	snprintf(title, sizeof(title),
		 TR("议题 %lld 保密审查：如何公开？",
		    "item %lld, confidentiality review: publish how?"),
		 it->id);
	t->prompt.arg[0] = it->id;
	tp_choice(t, title, i18n_english() ? en : zh, 3, chair_publish_mode);
}

/* Keys of an item under discussion. */
static int chair_key_open(struct tui *t, const struct tm_item *cur, int ch)
{
	const struct tm_floor *f = chair_request(cur);
	cJSON *args;

	if (ch == 'g' && f != NULL) {
		args = tnet_meeting_args(t);
		cJSON_AddNumberToObject(args, "request", (double)f->request);
		chair_do(t, "floor.grant", args, TR("已准许发言", "the floor is given"));
	} else if (ch == 's')
		tui_member_state(t, cur);
	else if (ch == 'c')
		chair_do(t, "agenda.close", chair_item_args(t, cur->id),
			 TR("讨论结束，可以开始表决", "discussion closed; the vote may open"));
	else if (ch == 'd') {
		t->prompt.arg[0] = cur->id;
		tp_text(t, TR("缓议理由：", "the reason for deferring:"), chair_defer_done);
	} else
		return 0;
	return 1;
}

static int chair_key(struct tui *t, int ch, int fn)
{
	const struct tm_item *cur = tm_current(t->m), *sel = chair_selected(t);

	if (fn && ch == KEY_UP && t->sel > 0)
		t->sel--;
	else if (fn && ch == KEY_DOWN && t->sel < t->m->nitems - 1)
		t->sel++;
	else if (fn)
		return 0;
	else if (ch == 'i' && !chair_present(t))
		chair_do(t, "meeting.check_in", tnet_meeting_args(t), TR("已签到", "checked in"));
	else if (ch == 'K' && strcmp(t->m->status, "announced") == 0)
		chair_do(t, "meeting.open", tnet_meeting_args(t),
			 TR("已宣布开会", "the meeting is open"));
	else if (ch == 'Q' && strcmp(t->m->status, "open") == 0 && cur == NULL)
		tp_confirm(t, TR("确认宣布散会？", "close the meeting?"), chair_close_meeting_done);
	else if (ch == 'o' && sel != NULL && sel->state == TM_PENDING)
		chair_do(t, "agenda.open", chair_item_args(t, sel->id),
			 TR("已开启议题", "item taken up"));
	else if (ch == 'v' && cur != NULL &&
		 (cur->state == TM_DISCUSSED || cur->state == TM_RUNOFF))
		chair_do(t, "vote.open", chair_item_args(t, cur->id),
			 TR("表决开始", "the vote is open"));
	else if (ch == 'x' && cur != NULL && cur->state == TM_VOTING)
		chair_do(t, "vote.close", chair_item_args(t, cur->id),
			 TR("投票结束，等待监票人解密", "voting closed; the scrutineers decrypt"));
	else if (ch == 'p' && sel != NULL && chair_pub_pending(t, sel->id))
		chair_publish(t, sel);
	else if (cur != NULL && cur->state == TM_OPEN)
		return chair_key_open(t, cur, ch);
	else
		return 0;
	return 1;
}

const struct tui_screen screen_chair = {
	.name = chair_name,
	.available = chair_available,
	.draw = chair_draw,
	.keys = chair_keys,
	.key = chair_key,
};
