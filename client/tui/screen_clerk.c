/* The clerk's console (记录台): attendance kept by the clerk — who has
 * arrived, who is absent and why, absences recorded with their reason —
 * the log of the meeting as it is minuted, the decisions awaiting
 * publication, and, once the meeting is closed, the clerk's signature on
 * the minutes (checked against the SHA-256 the server declares, signed
 * with this terminal's key), and corrections of the signed minutes,
 * proposed and signed here, in force once the chair co-signs (listed with
 * where each stands). The server checks in the same transaction that the
 * caller is the clerk recorded for the meeting. */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "../../proto/correction.h"
#include "../../proto/minutes.h"
#include "../../proto/sig.h"
#include "../code_text.h"
#include "../i18n.h"
#include "../json_field.h"
#include "../textwidth.h"
#include "../time_text.h"
#include "tui.h"
#include "../../proto/hex.h"

static const char *clerk_name(void)
{
	return TR("记录", "clerk");
}

static int clerk_available(const struct tui *t)
{
	return t->me.clerk && t->m->id > 0;
}

/* The roster entry under the cursor, or NULL. */
static const struct tm_person *clerk_selected(struct tui *t)
{
	if (t->m->nroster == 0)
		return NULL;
	if (t->clerk_sel < 0 || t->clerk_sel >= t->m->nroster)
		t->clerk_sel = 0;
	return &t->m->roster[t->clerk_sel];
}

static int clerk_running(const struct tui *t)
{
	return strcmp(t->m->status, "announced") == 0 || strcmp(t->m->status, "open") == 0;
}

/* Attendance: the counts, then one member a line. The rows used. */
static int clerk_attendance(struct tui *t, struct tl_rect r)
{
	const struct tm_meeting *m = t->m;
	int i, y = r.y + 1, absent = 0, first = 0;

	td_heading(r, TR("出席情况", "attendance"));
	for (i = 0; i < m->nroster; i++)
		absent += m->roster[i].absence[0] != '\0';
	td_textf(y++, r.x, r.w,
		 TR("应到会 %lld 人，到会 %lld 人，请假 %d 人",
		    "%lld entitled, %lld present, %d absent"),
		 m->entitled, m->present, absent);
	if (t->clerk_sel >= r.h - 3)
		first = t->clerk_sel - (r.h - 3) + 1;
	for (i = first; i < m->nroster && y < r.y + r.h; i++) {
		const struct tm_person *p = &m->roster[i];
		int c = p->present ? TC_GOOD : p->absence[0] ? TC_BAD : TC_DIM;

		if (i == t->clerk_sel)
			attron(A_REVERSE);
		td_fill(y, r.x, r.w);
		attron(td_attr(c));
		if (p->present)
			td_textf(y, r.x, r.w, "%s✓ %s %s", i == t->clerk_sel ? "▶" : " ", p->name,
				 TR("到会", "present"));
		else if (p->absence[0] != '\0')
			td_textf(y, r.x, r.w, TR("%s✗ %s 请假：%s", "%s✗ %s absent: %s"),
				 i == t->clerk_sel ? "▶" : " ", p->name, p->absence);
		else
			td_textf(y, r.x, r.w, "%s· %s %s", i == t->clerk_sel ? "▶" : " ", p->name,
				 TR("未到", "not arrived"));
		attroff(td_attr(c));
		if (i == t->clerk_sel)
			attroff(A_REVERSE);
		y++;
	}
	for (i = 0; i < m->nobservers && y < r.y + r.h; i++)
		td_textf(y++, r.x, r.w, TR("  列席：%s%s", "  observer: %s%s"),
			 m->observers[i].name,
			 m->observers[i].present ? "" : TR("（未到）", " (not here)"));
	return y - r.y;
}

/* The decisions and where their publication stands (publication.list). */
static void clerk_publications(struct tui *t, struct tl_rect r)
{
	const cJSON *e, *items = cJSON_GetObjectItemCaseSensitive(t->pubs, "items");
	char due[64];
	int y = r.y + 1;

	if (r.h < 2)
		return;
	td_heading(r, TR("决策公开", "publication"));
	if (cJSON_GetArraySize(items) == 0) {
		td_text(y, r.x, r.w, TR("尚无已作出的决策", "no decision yet"));
		return;
	}
	cJSON_ArrayForEach(e, items) {
		int pending = strcmp(json_str(e, "state"), "pending") == 0;
		int late = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "overdue"));

		if (y >= r.y + r.h)
			break;
		time_text(json_str(e, "due_at"), due, sizeof(due));
		attron(td_attr(late ? TC_BAD : pending ? TC_MARK : TC_GOOD));
		td_textf(y++, r.x, r.w, "%lld %s：%s", json_int(e, "item"), json_str(e, "title"),
			 pending ? (late ? TR("待保密审查（已逾期）", "to review (overdue)")
					 : TR("待保密审查", "to review"))
				 : publication_mode_text(json_str(e, "mode")));
		attroff(td_attr(late ? TC_BAD : pending ? TC_MARK : TC_GOOD));
		if (pending && y < r.y + r.h)
			td_textf(y++, r.x + 2, r.w - 2, TR("公开期限 %s", "due %s"), due);
	}
}

/* The minutes as the server has them, once per change, for the list of
 * corrections of a closed meeting. */
static void clerk_load_minutes(struct tui *t)
{
	cJSON *got = NULL;

	if (t->clerk_minutes_read || !t->up || strcmp(t->m->status, "closed") != 0)
		return;
	t->clerk_minutes_read = 1;
	if (tnet_call(t, "minutes.get", tnet_meeting_args(t), &got) != YG_EXIT_OK)
		return;
	cJSON_Delete(t->clerk_minutes);
	t->clerk_minutes = got;
}

/* The corrections of the minutes, each with where it stands. The rows used. */
static int clerk_corrections(struct tui *t, struct tl_rect r)
{
	const cJSON *c, *list = cJSON_GetObjectItemCaseSensitive(t->clerk_minutes, "corrections");
	int y = r.y + 1;

	if (cJSON_GetArraySize(list) == 0 || r.h < 3)
		return 0;
	td_heading(r, TR("会议记录更正", "corrections of the minutes"));
	cJSON_ArrayForEach(c, list) {
		int in_force = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "in_force"));

		if (y >= r.y + r.h - 1)
			break;
		attron(td_attr(in_force ? TC_GOOD : TC_MARK));
		td_textf(y++, r.x, r.w,
			 TR("第 %lld 条（%s）：%s；理由：%s", "%lld (%s): %s; reason: %s"),
			 json_int(c, "n"),
			 in_force ? TR("主持人已会签，已生效", "co-signed, in force")
				  : TR("待主持人会签", "awaiting the chair"),
			 json_str(c, "text"), json_str(c, "reason"));
		attroff(td_attr(in_force ? TC_GOOD : TC_MARK));
	}
	return y - r.y + 1;
}

static void clerk_draw(struct tui *t, struct tl_rect body)
{
	struct tl_rect panes, log, left, right, top, rest;
	int used;

	tl_split_rows(body, body.h - (body.h >= 24 ? 8 : 5), &panes, &log);
	tl_split_cols(panes, 50, 30, &left, &right);
	clerk_attendance(t, left);
	tl_split_rows(right, 5, &top, &rest);
	used = td_overview(t, top);
	if (strcmp(t->m->status, "closed") == 0 && used < top.h) {
		attron(td_attr(TC_MARK));
		td_text(top.y + used, top.x, top.w,
			TR("已散会：按 [S] 以记录人身份签署会议记录",
			   "closed: [S] to sign the minutes as the clerk"));
		attroff(td_attr(TC_MARK));
	}
	clerk_load_minutes(t);
	used = clerk_corrections(t, rest);
	rest.y += used;
	rest.h -= used;
	clerk_publications(t, rest);
	td_log(t, log);
}

/* The item the clerk minutes: the one under discussion, else the last
 * one taken up; NULL before any. */
static const struct tm_item *clerk_item(const struct tui *t)
{
	const struct tm_item *cur = tm_current(t->m);
	int i;

	if (cur != NULL)
		return cur;
	for (i = t->m->nitems - 1; i >= 0; i--)
		if (t->m->items[i].state != TM_PENDING)
			return &t->m->items[i];
	return NULL;
}

/* The latest observer given the floor on item it whose remark this
 * terminal has not minuted yet, or NULL. */
static const struct tm_floor *clerk_floor(const struct tui *t, const struct tm_item *it)
{
	int i, j;

	for (i = it != NULL ? it->nfloor - 1 : -1; i >= 0; i--) {
		if (!it->floor[i].granted || it->floor[i].request == t->clerk_remarked)
			continue;
		for (j = 0; j < t->m->nobservers; j++)
			if (strcmp(t->m->observers[j].name, it->floor[i].name) == 0)
				return &it->floor[i];
	}
	return NULL;
}

static int clerk_keys(struct tui *t, const char **labels, int max)
{
	const struct tm_person *p = clerk_selected(t);
	int n = 0;

	if (max < 4)
		return 0;
	if (t->m->nroster > 1)
		labels[n++] = TR("[↑↓]选择成员", "[↑↓] select");
	if (clerk_running(t) && p != NULL && !p->present)
		labels[n++] = TR("[a]登记请假", "[a] record absence");
	if (strcmp(t->m->status, "open") == 0 && clerk_item(t) != NULL)
		labels[n++] = TR("[j]议定事项", "[j] agreed");
	if (strcmp(t->m->status, "open") == 0 && clerk_floor(t, clerk_item(t)) != NULL)
		labels[n++] = TR("[f]记录列席发言", "[f] minute a remark");
	labels[n++] = TR("[P]刷新公开情况", "[P] publication");
	if (strcmp(t->m->status, "closed") == 0)
		labels[n++] = TR("[S]签署会议记录", "[S] sign the minutes");
	if (strcmp(t->m->status, "closed") == 0 && n < max)
		labels[n++] = TR("[C]提出更正", "[C] correct");
	return n;
}

static void clerk_absent_done(struct tui *t, const struct tui_prompt *pr, int choice,
			      const char *text)
{
	cJSON *args = tnet_meeting_args(t), *res = NULL;

	(void)choice;
	if (text[0] == '\0') {
		cJSON_Delete(args);
		tui_say(t, 1, "%s", TR("请假须写明理由", "an absence needs its reason"));
		return;
	}
	cJSON_AddNumberToObject(args, "member", (double)pr->arg[0]);
	cJSON_AddStringToObject(args, "reason", text);
	if (tnet_call(t, "meeting.absent", args, &res) == YG_EXIT_OK)
		tui_say(t, 0, TR("已登记 %s 请假", "recorded %s absent"),
			tm_name(t->m, pr->arg[0]));
	cJSON_Delete(res);
}

static void clerk_agree_done(struct tui *t, const struct tui_prompt *pr, int choice,
			     const char *text)
{
	cJSON *args = tnet_meeting_args(t), *res = NULL;

	(void)choice;
	if (text[0] == '\0') {
		cJSON_Delete(args);
		return;
	}
	cJSON_AddNumberToObject(args, "item", (double)pr->arg[0]);
	cJSON_AddStringToObject(args, "text", text);
	if (tnet_call(t, "minutes.agree", args, &res) == YG_EXIT_OK)
		tui_say(t, 0,
			TR("已记录议题 %lld 的议定事项", "recorded what was agreed on item %lld"),
			pr->arg[0]);
	cJSON_Delete(res);
}

static void clerk_remark_done(struct tui *t, const struct tui_prompt *pr, int choice,
			      const char *text)
{
	cJSON *args = tnet_meeting_args(t), *res = NULL;

	(void)choice;
	if (text[0] == '\0') {
		cJSON_Delete(args);
		return;
	}
	cJSON_AddNumberToObject(args, "request", (double)pr->arg[0]);
	cJSON_AddStringToObject(args, "body", text);
	if (tnet_call(t, "minutes.remark", args, &res) == YG_EXIT_OK) {
		t->clerk_remarked = pr->arg[0];
		tui_say(t, 0, "%s", TR("已记录列席发言", "the remark is minuted"));
	}
	cJSON_Delete(res);
}

/* The minutes as the server has them (minutes.get), checked: their text
 * hashes to the SHA-256 declared. NULL after saying why not. */
static cJSON *clerk_minutes(struct tui *t, char sha[65])
{
	cJSON *got = NULL;
	const char *body;

	if (tnet_call(t, "minutes.get", tnet_meeting_args(t), &got) != YG_EXIT_OK)
		return NULL;
	body = json_str(got, "body");
	hex_sha256(body, strlen(body), sha);
	if (strcmp(sha, json_str(got, "sha256")) != 0) {
		tui_say(t, 1, "%s",
			TR("会议记录与服务器声明的 SHA-256 不符，未签名",
			   "the minutes do not match the SHA-256 the server declared; not signed"));
		cJSON_Delete(got);
		return NULL;
	}
	return got;
}

/* Sign the minutes the clerk confirmed (the same SHA-256 as shown). */
static void clerk_sign_done(struct tui *t, const struct tui_prompt *pr, int choice,
			    const char *text)
{
	unsigned char msg[MINUTES_MSG_LEN], sig[SIG_LEN];
	char sha[65], sigtext[SIG_TEXT_LEN + 1];
	cJSON *got, *args, *res = NULL;
	size_t len;

	(void)pr;
	(void)choice;
	(void)text;
	if ((got = clerk_minutes(t, sha)) == NULL)
		return;
	if (strcmp(sha, t->clerk_sha) != 0 || t->c.sign_key == NULL) {
		tui_say(t, 1, "%s",
			TR("会议记录在确认后有变化，未签名", "the minutes changed; not signed"));
		cJSON_Delete(got);
		return;
	}
	len = minutes_message((uint64_t)t->m->id, json_str(got, "body"), msg);
	cJSON_Delete(got);
	if (!sig_sign(t->c.sign_key, msg, len, sig)) {
		tui_say(t, 1, "%s", TR("无法签名", "cannot sign"));
		return;
	}
	sig_to_text(sig, sigtext);
	args = tnet_meeting_args(t);
	cJSON_AddStringToObject(args, "role", "clerk");
	cJSON_AddStringToObject(args, "signature", sigtext);
	if (tnet_call(t, "minutes.sign", args, &res) == YG_EXIT_OK)
		tui_say(t, 0,
			TR("已以记录人身份签署会议记录（SHA-256 %.16s…）",
			   "signed the minutes as the clerk (SHA-256 %.16s…)"),
			sha);
	cJSON_Delete(res);
}

/* The reason given: sign the correction of the minutes as read now, and
 * propose it (minutes.correct); the chair's co-signature puts it in force. */
static void clerk_correct_done(struct tui *t, const struct tui_prompt *pr, int choice,
			       const char *reason)
{
	unsigned char msg[CORRECTION_MSG_LEN], sig[SIG_LEN];
	char sha[65], sigtext[SIG_TEXT_LEN + 1];
	cJSON *got, *args, *res = NULL;
	size_t len;

	(void)pr;
	(void)choice;
	if (reason[0] == '\0') {
		tui_say(t, 1, "%s", TR("更正须写明理由，未提出", "a correction needs its reason"));
		return;
	}
	if ((got = clerk_minutes(t, sha)) == NULL)
		return;
	if (t->c.sign_key == NULL) {
		cJSON_Delete(got);
		tui_say(t, 1, "%s", TR("无法签名", "cannot sign"));
		return;
	}
	len = correction_message((uint64_t)t->m->id, json_str(got, "body"), t->clerk_fix, reason,
				 msg);
	cJSON_Delete(got);
	if (!sig_sign(t->c.sign_key, msg, len, sig)) {
		tui_say(t, 1, "%s", TR("无法签名", "cannot sign"));
		return;
	}
	sig_to_text(sig, sigtext);
	args = tnet_meeting_args(t);
	cJSON_AddStringToObject(args, "text", t->clerk_fix);
	cJSON_AddStringToObject(args, "reason", reason);
	cJSON_AddStringToObject(args, "signature", sigtext);
	if (tnet_call(t, "minutes.correct", args, &res) == YG_EXIT_OK)
		tui_say(t, 0,
			TR("已提出第 %lld 条更正，待主持人会签",
			   "proposed correction %lld; the chair co-signs it next"),
			json_int(res, "n"));
	cJSON_Delete(res);
	t->clerk_minutes_read = 0;
}

/* The corrected text given: ask why. */
static void clerk_fix_done(struct tui *t, const struct tui_prompt *pr, int choice, const char *text)
{
	(void)pr;
	(void)choice;
	if (text[0] == '\0')
		return;
	snprintf(t->clerk_fix, sizeof(t->clerk_fix), "%s", text);
	tp_text(t, TR("更正的理由：", "why:"), clerk_correct_done);
}

static void clerk_sign(struct tui *t)
{
	char title[256];
	cJSON *got = clerk_minutes(t, t->clerk_sha);

	if (got == NULL)
		return;
	cJSON_Delete(got);
	snprintf(title, sizeof(title),
		 TR("签署会议 %lld 的会议记录（SHA-256 %.16s…）？签后不可更改",
		    "sign the minutes of meeting %lld (SHA-256 %.16s…)? Never changed afterwards"),
		 t->m->id, t->clerk_sha);
	tp_confirm(t, title, clerk_sign_done);
}

static int clerk_key(struct tui *t, int ch, int fn)
{
	const struct tm_person *p = clerk_selected(t);
	const struct tm_item *it;
	const struct tm_floor *f;
	char title[200];

	if (fn && ch == KEY_UP && t->clerk_sel > 0)
		t->clerk_sel--;
	else if (fn && ch == KEY_DOWN && t->clerk_sel < t->m->nroster - 1)
		t->clerk_sel++;
	else if (fn)
		return 0;
	else if (ch == 'a' && clerk_running(t) && p != NULL && !p->present) {
		snprintf(title, sizeof(title), TR("%s 请假的理由：", "why %s is absent:"), p->name);
		t->prompt.arg[0] = p->id;
		tp_text(t, title, clerk_absent_done);
	} else if (ch == 'j' && strcmp(t->m->status, "open") == 0 && (it = clerk_item(t)) != NULL) {
		snprintf(title, sizeof(title), TR("议题 %lld 的议定事项：", "agreed on item %lld:"),
			 it->id);
		t->prompt.arg[0] = it->id;
		tp_text(t, title, clerk_agree_done);
	} else if (ch == 'f' && strcmp(t->m->status, "open") == 0 &&
		   (f = clerk_floor(t, clerk_item(t))) != NULL) {
		snprintf(title, sizeof(title), TR("%s 的发言：", "what %s said:"), f->name);
		t->prompt.arg[0] = f->request;
		tp_text(t, title, clerk_remark_done);
	} else if (ch == 'P') {
		tnet_refresh_publications(t);
		t->clerk_minutes_read = 0;
	} else if (ch == 'C' && strcmp(t->m->status, "closed") == 0)
		tp_text(t,
			TR("更正后的内容（追加记录，原文不变）：",
			   "the corrected text (appended; the original stands):"),
			clerk_fix_done);
	else if (ch == 'S' && strcmp(t->m->status, "closed") == 0)
		clerk_sign(t);
	else
		return 0;
	return 1;
}

const struct tui_screen screen_clerk = {
	.name = clerk_name,
	.available = clerk_available,
	.draw = clerk_draw,
	.keys = clerk_keys,
	.key = clerk_key,
};
