/* The auditor's screen (纪委): the records of the committee's meetings —
 * each meeting's record (log and signed minutes) and each item's election
 * record — fetched and verified here, offline, by the same checks as
 * yg verify; every check is listed, what failed first and in red. [f]
 * verifies a file instead (a copy handed over, say). [l] shows the
 * administrative log (audit.log) as yg audit log does: operations by their
 * Chinese labels, who and what by name, details as labelled fields, times
 * in the committee's clock, newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/election.h"
#include "../../proto/logchain.h"
#include "../../proto/record.h"
#include "../../proto/record_actors.h"
#include "../../proto/strictjson.h"
#include "../../proto/vote.h"
#include "../../proto/xalloc.h"
#include "../audit_text.h"
#include "../i18n.h"
#include "../json_field.h"
#include "../time_text.h"
#include "tui.h"

static const char *auditor_name(void)
{
	return TR("审计", "audit");
}

static int auditor_available(const struct tui *t)
{
	return t->me.auditor;
}

/* The list: every meeting announced or later, and its items (of the
 * meeting on this screen, only those voted on). */
static void auditor_load(struct tui *t)
{
	struct tui_audit *a = &t->audit;
	cJSON *res = NULL;
	const cJSON *m, *e;

	if (a->loaded || !t->up || tnet_call(t, "meeting.list", NULL, &res) != YG_EXIT_OK)
		return;
	a->loaded = 1;
	a->n = 0;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "meetings")) {
		if (strcmp(json_str(m, "status"), "draft") == 0 || a->n >= TUI_AUDIT_MAX)
			continue;
		a->meeting[a->n] = json_int(m, "id");
		a->item[a->n] = 0;
		snprintf(a->label[a->n++], sizeof(a->label[0]),
			 TR("会议记录 %lld：%s", "meeting record %lld: %s"), json_int(m, "id"),
			 json_str(m, "title"));
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m, "agenda")) {
			const struct tm_item *it = json_int(m, "id") == t->m->id
							   ? tm_item_c(t->m, json_int(e, "item"))
							   : NULL;

			if (a->n >= TUI_AUDIT_MAX ||
			    cJSON_IsString(cJSON_GetObjectItem(e, "removed_at")))
				continue;
			if (it != NULL && it->round == 0) /* never voted on: no election record */
				continue;
			a->meeting[a->n] = json_int(m, "id");
			a->item[a->n] = json_int(e, "item");
			snprintf(a->label[a->n++], sizeof(a->label[0]),
				 TR("  选举记录：议题 %lld %s", "  election record: item %lld %s"),
				 json_int(e, "item"), json_str(e, "title"));
		}
	}
	cJSON_Delete(res);
}

/* Keep the findings, failures first. */
static void auditor_findings(struct tui_audit *a, char (*lines)[256], int n, int ok,
			     const char *summary)
{
	int pass, i;

	a->nlines = 0;
	a->ok = ok;
	a->scroll = 0;
	a->verified = 1;
	snprintf(a->lines[a->nlines++], sizeof(a->lines[0]), "%s", summary);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n && a->nlines < TUI_AUDIT_LINES; i++) {
			int good = strncmp(lines[i], "ok: ", 4) == 0;
			char words[sizeof(a->lines[0]) - 8];

			if (good != pass)
				continue;
			/* in the chosen language, as yg verify words it */
			finding_text(lines[i] + (good                                  ? 4
						 : strncmp(lines[i], "FAIL: ", 6) == 0 ? 6
										       : 0),
				     words, sizeof(words));
			snprintf(a->lines[a->nlines++], sizeof(a->lines[0]), "%s %s",
				 good ? "✓" : "✗", words);
		}
}

/* The trust anchor of an election record: the tally-signing key of the
 * server this terminal is connected to (server.info), which the TLS
 * fingerprint pins; shown in text, NULL when there is none. */
static const unsigned char *auditor_pin(struct tui *t, unsigned char pub[SIG_PUB_LEN],
					char text[SIG_PUB_TEXT_LEN + 1])
{
	cJSON *res = NULL;
	const char *k;
	bool ok;

	if (tnet_call(t, "server.info", NULL, &res) != YG_EXIT_OK)
		return NULL;
	k = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "sign_key"));
	ok = k != NULL && sig_pub_from_text(k, pub);
	if (ok)
		sig_pub_to_text(pub, text);
	cJSON_Delete(res);
	return ok ? pub : NULL;
}

/* Verify a record of any of the three formats. */
static void auditor_verify(struct tui *t, const cJSON *doc)
{
	const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "format"));
	struct tui_audit *a = &t->audit;

	if (format != NULL && (strcmp(format, VOTE_RECORD_FORMAT) == 0 ||
			       strcmp(format, VOTE_RECORD_FORMAT_OLD) == 0 ||
			       strcmp(format, VOTE_RECORD_FORMAT_V2) == 0)) {
		struct election_report *rep = xcalloc(1, sizeof(*rep));
		unsigned char pub[SIG_PUB_LEN];
		char key[SIG_PUB_TEXT_LEN + 1];
		const unsigned char *pinned;

		if (rep == NULL)
			return;
		pinned = auditor_pin(t, pub, key);
		election_verify(doc, pinned, rep);
		/* The key trusted comes first, where it is seen. */
		if (pinned != NULL && rep->nlines < ELECTION_MAX_LINES) {
			memmove(rep->lines[1], rep->lines[0],
				(size_t)rep->nlines++ * sizeof(rep->lines[0]));
			snprintf(rep->lines[0], sizeof(rep->lines[0]),
				 TR("ok: 信任的服务器公钥（取自所连接的服务器）：%s",
				    "ok: the server key trusted (learned from the server connected "
				    "to): %s"),
				 key);
		}
		auditor_findings(a, rep->lines, rep->nlines, rep->ok,
				 rep->ok ? TR("选举记录完整，计票与选票一致。",
					      "The election record is complete and the count is "
					      "the ballots'.")
					 : TR("选举记录未通过验证。",
					      "The election record does NOT verify."));
		free(rep);
	} else if (format != NULL && strcmp(format, LOGCHAIN_FORMAT) == 0) {
		char why[200], lines[1][256];
		long bad = logchain_verify(doc, why, sizeof(why));

		snprintf(lines[0], sizeof(lines[0]), "%s%s", bad == -1 ? "ok: " : "FAIL: ", why);
		auditor_findings(a, lines, 1, bad == -1,
				 bad == -1 ? TR("日志完整。", "The log is intact.")
					   : TR("日志未通过验证。", "The log does NOT verify."));
	} else {
		struct record_report *rep = xcalloc(1, sizeof(*rep));

		unsigned char pub[SIG_PUB_LEN];
		char key[SIG_PUB_TEXT_LEN + 1];

		if (rep == NULL)
			return;
		record_verify(doc, rep);
		record_actors_verify(doc, auditor_pin(t, pub, key), rep);
		auditor_findings(a, rep->lines, rep->nlines, rep->ok,
				 rep->ok ? TR("记录完整，未被篡改。",
					      "The record is complete and unaltered.")
					 : TR("记录未通过验证。", "The record does NOT verify."));
		free(rep);
	}
}

/* Fetch the selected record from the server and verify it here. */
static void auditor_fetch(struct tui *t)
{
	struct tui_audit *a = &t->audit;
	cJSON *args = cJSON_CreateObject(), *res = NULL;

	if (a->sel < 0 || a->sel >= a->n) {
		cJSON_Delete(args);
		return;
	}
	cJSON_AddNumberToObject(args, "meeting", (double)a->meeting[a->sel]);
	if (a->item[a->sel] != 0)
		cJSON_AddNumberToObject(args, "item", (double)a->item[a->sel]);
	snprintf(a->what, sizeof(a->what), "%s", a->label[a->sel] + (a->item[a->sel] ? 2 : 0));
	if (tnet_call(t, a->item[a->sel] ? "vote.record" : "meeting.record", args, &res) !=
	    YG_EXIT_OK) {
		a->verified = 0;
		return;
	}
	auditor_verify(t, res);
	t->message[0] = '\0';
	cJSON_Delete(res);
}

/* [f]: a file's path typed in. */
static void auditor_file_done(struct tui *t, const struct tui_prompt *p, int choice,
			      const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, why[256] = "";
	size_t len = 0, cap = 0, n;
	cJSON *doc = NULL;

	(void)p;
	(void)choice;
	while (f != NULL && !feof(f)) {
		if (len + 65536 + 1 > cap &&
		    (buf = xrealloc(buf, cap = cap * 2 + 65536 + 1)) == NULL)
			break;
		n = fread(buf + len, 1, 65536, f);
		len += n;
		if (n == 0)
			break;
	}
	if (f != NULL)
		fclose(f);
	if (buf != NULL) {
		buf[len] = '\0';
		doc = strictjson_parse(buf, len, STRICTJSON_INTEGERS, why, sizeof(why));
	}
	free(buf);
	if (doc == NULL) {
		tui_say(t, 1,
			TR("无法读取，或不是严格的 JSON：%s（%s）",
			   "cannot be read, or is not strict JSON: %s (%s)"),
			path, why);
		return;
	}
	snprintf(t->audit.what, sizeof(t->audit.what), TR("文件 %s", "file %s"), path);
	auditor_verify(t, doc);
	cJSON_Delete(doc);
}

/* Cut a line that snprintf shortened back to its last whole character. */
static void auditor_whole_utf8(char *s)
{
	size_t n = strlen(s), start = n, need;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	start--; /* the lead byte of the last character */
	need = ((unsigned char)s[start] & 0x80) == 0      ? 1
	       : ((unsigned char)s[start] & 0xE0) == 0xC0 ? 2
	       : ((unsigned char)s[start] & 0xF0) == 0xE0 ? 3
							  : 4;
	if (n - start < need)
		s[start] = '\0';
}

/* The administrative log in the results pane, newest first. */
static void auditor_log(struct tui *t)
{
	struct tui_audit *a = &t->audit;
	cJSON *args = cJSON_CreateObject(), *res = NULL;
	const cJSON *list, *e;
	char at[64], who[160], what[160], *details, *line;
	int i, n;

	cJSON_AddNumberToObject(args, "limit", 1000);
	if (tnet_call(t, "audit.log", args, &res) != YG_EXIT_OK)
		return;
	list = cJSON_GetObjectItemCaseSensitive(res, "entries");
	n = cJSON_GetArraySize(list);
	snprintf(a->what, sizeof(a->what), "%s",
		 TR("管理日志（最新在上）", "audit log (newest first)"));
	snprintf(a->lines[0], sizeof(a->lines[0]),
		 TR("管理日志 %d 条：谁在何时改了什么", "%d entries: who changed what and when"),
		 n);
	a->nlines = 1;
	for (i = n - 1; i >= 0 && a->nlines < TUI_AUDIT_LINES; i--) {
		e = cJSON_GetArrayItem(list, i);
		time_text(json_str(e, "at"), at, sizeof(at));
		audit_who(e, "actor", who, sizeof(who));
		audit_who(e, "target", what, sizeof(what));
		details = audit_details(cJSON_GetObjectItemCaseSensitive(e, "details"));
		if (asprintf(&line, "%lld %s　%s　%s　%s　%s", json_int(e, "id"), at, who,
			     code_label("action", json_str(e, "action")), what, details) >= 0) {
			snprintf(a->lines[a->nlines], sizeof(a->lines[0]), "%s", line);
			auditor_whole_utf8(a->lines[a->nlines++]);
			free(line);
		}
		free(details);
	}
	a->ok = 1;
	a->verified = 1;
	a->scroll = 0;
	cJSON_Delete(res);
}

static void auditor_draw(struct tui *t, struct tl_rect body)
{
	struct tui_audit *a = &t->audit;
	struct tl_rect list, res;
	int i, y, first;

	auditor_load(t);
	tl_split_rows(body, body.h / 3 > 4 ? body.h / 3 : 4, &list, &res);
	td_heading(list, TR("记录", "records"));
	first = a->sel >= list.h - 1 ? a->sel - list.h + 2 : 0;
	for (i = first, y = list.y + 1; i < a->n && y < list.y + list.h; i++, y++) {
		if (i == a->sel)
			attron(A_REVERSE);
		td_textf(y, list.x, list.w, "%s%s", i == a->sel ? "▶" : " ", a->label[i]);
		if (i == a->sel)
			attroff(A_REVERSE);
	}
	if (a->n == 0)
		td_text(list.y + 1, list.x, list.w, TR("（没有会议记录）", "(no records)"));
	td_heading(res, a->verified ? a->what : TR("验证结果", "verification"));
	if (!a->verified) {
		td_text(res.y + 1, res.x, res.w,
			TR("选中记录后按 Enter 下载并在本机验证；按 [f] 验证文件",
			   "Enter fetches the selected record and verifies it here; [f] verifies a "
			   "file"));
		return;
	}
	for (i = 0, y = res.y + 1; i < a->nlines && y < res.y + res.h; i++) {
		int bad = i == 0 ? !a->ok : strncmp(a->lines[i], "✗", 3) == 0;

		if (i > 0 && i <= a->scroll)
			continue;
		attron(td_attr(bad ? TC_BAD : TC_GOOD) | (i == 0 ? A_BOLD : 0));
		td_text(y++, res.x, res.w, a->lines[i]);
		attroff(td_attr(bad ? TC_BAD : TC_GOOD) | (i == 0 ? A_BOLD : 0));
	}
}

static int auditor_keys(struct tui *t, const char **labels, int max)
{
	int n = 0;

	(void)t;
	if (max < 5)
		return 0;
	labels[n++] = TR("[↑↓]选择", "[↑↓] select");
	labels[n++] = TR("[Enter]验证", "[Enter] verify");
	labels[n++] = TR("[f]验证文件", "[f] verify a file");
	labels[n++] = TR("[l]管理日志", "[l] audit log");
	labels[n++] = TR("[PgUp/PgDn]翻页", "[PgUp/PgDn] scroll");
	return n;
}

static int auditor_key(struct tui *t, int ch, int fn)
{
	struct tui_audit *a = &t->audit;

	if (fn && ch == KEY_UP && a->sel > 0)
		a->sel--;
	else if (fn && ch == KEY_DOWN && a->sel < a->n - 1)
		a->sel++;
	else if (fn && ch == KEY_NPAGE && a->scroll < a->nlines - 2)
		a->scroll += 5;
	else if (fn && ch == KEY_PPAGE)
		a->scroll = a->scroll > 5 ? a->scroll - 5 : 0;
	else if ((fn && ch == KEY_ENTER) || (!fn && (ch == '\r' || ch == '\n')))
		auditor_fetch(t);
	else if (!fn && ch == 'f')
		tp_text(t, TR("要验证的文件：", "the file to verify:"), auditor_file_done);
	else if (!fn && ch == 'l')
		auditor_log(t);
	else if (!fn && ch == 'r') {
		a->loaded = 0;
		auditor_load(t);
	} else
		return 0;
	return 1;
}

const struct tui_screen screen_auditor = {
	.name = auditor_name,
	.available = auditor_available,
	.draw = auditor_draw,
	.keys = auditor_keys,
	.key = auditor_key,
};
