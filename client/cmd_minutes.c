/* Minutes (会议记录) and the record of a meeting: yg minutes show (the
 * minutes the server built from the log at close, as a person reads them:
 * time, place, chair, who attended, who was absent and why, observers, the
 * clerk, then per item who presided, the presentation, recusals, every
 * member's position and main points, the outcome; the signatures and the
 * SHA-256), yg minutes sign (the chair or the clerk, with their own key)
 * and yg meeting record (log and signed minutes in one file for yg verify). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../proto/minutes.h"
#include "../proto/sig.h"
#include "code_text.h"
#include "commands.h"
#include "i18n.h"
#include "save_file.h"
#include "termout.h"
#include "../proto/hex.h"

/* Lowercase hex SHA-256 of text. */
static void minutes_sha256(const char *text, char hex[65])
{
	hex_sha256(text, strlen(text), hex);
}

/* "chair" and "clerk" as people say them. */
static const char *minutes_role(const char *role)
{
	if (strcmp(role, "chair") == 0)
		return TR("主持人", "chair");
	if (strcmp(role, "clerk") == 0)
		return TR("记录人", "clerk");
	return role;
}

/* The name of whoever signed as role, or NULL. */
static const char *minutes_signer(const cJSON *res, const char *role)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(res, "signatures")) {
		if (strcmp(json_str(s, "role"), role) == 0)
			return json_str(s, "name");
	}
	return NULL;
}

/* A list of people joined with 、: names (strings) or {name, reason}
 * (then "name（reason）"); "无" for none. The caller frees it. */
static char *minutes_names(const cJSON *list)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const cJSON *m;
	int n = 0;

	if (f == NULL)
		abort();
	cJSON_ArrayForEach(m, list) {
		fprintf(f, "%s%s", n++ > 0 ? TR("、", ", ") : "",
			cJSON_IsString(m) ? m->valuestring : json_str(m, "name"));
		if (json_str(m, "reason")[0] != '\0') {
			fputs(TR("（", " ("), f);
			cmd_put_flat(f, json_str(m, "reason"));
			fputs(TR("）", ")"), f);
		}
	}
	if (n == 0)
		fputs(TR("无", "none"), f);
	fclose(f);
	return buf;
}

/* A field whose value is a list of people. */
static void minutes_people(const char *label, const cJSON *list, int count)
{
	char *names = minutes_names(list);

	if (count)
		cmd_field(label, TR("%d 人：%s", "%d: %s"), cJSON_GetArraySize(list), names);
	else
		cmd_field(label, "%s", names);
	free(names);
}

/* The clerk: whoever signed as clerk; before that, the committee's clerks
 * the minutes name (recorded when the meeting was announced). */
static void minutes_clerk(const cJSON *doc, const cJSON *res)
{
	const char *signer = minutes_signer(res, "clerk");
	const cJSON *clerks = cJSON_GetObjectItemCaseSensitive(doc, "clerks");
	char *names;

	if (signer != NULL) {
		cmd_field(TR("记录人", "clerk"), "%s", signer);
		return;
	}
	names = cJSON_GetArraySize(clerks) > 0 ? minutes_names(clerks) : NULL;
	cmd_field(TR("记录人", "clerk"), "%s%s", names != NULL ? names : "",
		  TR("（记录人尚未签名）", " (not yet signed by the clerk)"));
	free(names);
}

/* Time, place, chair, attendance, the clerk. */
static void minutes_head(const cJSON *doc, const cJSON *res)
{
	char at[64];

	printf(TR("会议记录（会议 %lld）\n", "minutes of meeting %lld\n"),
	       json_int(doc, "meeting"));
	cmd_field(TR("会议名称", "meeting"), "%s", json_str(doc, "title"));
	time_text(json_str(doc, "scheduled"), at, sizeof(at));
	cmd_field(TR("时间", "time"), "%s", at);
	time_text(json_str(doc, "opened"), at, sizeof(at));
	cmd_field(TR("开会", "opened"), "%s", at);
	time_text(json_str(doc, "closed"), at, sizeof(at));
	cmd_field(TR("散会", "closed"), "%s", at);
	cmd_field(TR("地点", "place"), "%s", json_str(doc, "place"));
	cmd_field(TR("主持人", "chair"), "%s", json_str(doc, "chair"));
	minutes_people(TR("出席", "attended"), cJSON_GetObjectItemCaseSensitive(doc, "attended"),
		       1);
	minutes_people(TR("缺席", "absent"), cJSON_GetObjectItemCaseSensitive(doc, "absent"), 1);
	minutes_people(TR("列席", "observers"), cJSON_GetObjectItemCaseSensitive(doc, "observers"),
		       0);
	minutes_clerk(doc, res);
}

/* Whether an item's statements name candidates (a cadre item's do). */
static int minutes_has_candidates(const cJSON *statements)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, statements) {
		if (json_int(s, "candidate") > 0)
			return 1;
	}
	return 0;
}

/* Every member's position and main points, one a line. */
static void minutes_statements(const cJSON *it)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(it, "statements"), *s;
	int cadre = minutes_has_candidates(list) ||
		    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(it, "candidates")),
	    n = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	cJSON_ArrayForEach(s, list) {
		const cJSON *who =
			cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(it, "candidates"),
					   (int)json_int(s, "candidate"));

		fprintf(f, "%s%s", n++ > 0 ? "\n" : "", json_str(s, "name"));
		if (cadre && cJSON_IsString(who)) /* minutes since issue 22 name them */
			fprintf(f, TR("（就%s）", " (on %s)"), who->valuestring);
		else if (cadre)
			fprintf(f, TR("（候选人 %lld）", " (candidate %lld)"),
				json_int(s, "candidate") + 1);
		fprintf(f, "%s%s", TR("：", ": "), position_text(json_str(s, "position")));
		if (json_str(s, "body")[0] != '\0')
			fputs(" — ", f);
		cmd_put_flat(f, json_str(s, "body"));
	}
	if (n == 0)
		fputs(TR("无", "none"), f);
	fclose(f);
	cmd_field(TR("表态", "positions"), "%s", buf);
	free(buf);
}

/* What observers said from the floor, as the clerk minuted it. */
static void minutes_remarks(const cJSON *it)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(it, "remarks")) {
		cmd_field(TR("列席发言", "from the floor"), "%s（%s）%s", json_str(r, "speaker"),
			  json_str(r, "category_name"), TR("：", ": "));
		cmd_field("", "%s", json_str(r, "body"));
	}
}

/* Who presided (a handover shows as "A → B"). */
static void minutes_presiding(const cJSON *it)
{
	const cJSON *p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int n = 0;

	if (f == NULL)
		abort();
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(it, "presiding")) {
		fprintf(f, "%s%s", n++ > 0 ? " → " : "", cJSON_IsString(p) ? p->valuestring : "");
	}
	fclose(f);
	cmd_field(TR("主持", "presiding"), "%s", buf);
	free(buf);
}

/* How the item ended. */
static void minutes_outcome(const cJSON *it)
{
	const char *outcome = json_str(it, "outcome");

	if (strcmp(outcome, "discussed") == 0)
		cmd_field(TR("结果", "outcome"), "%s",
			  TR("讨论结束，进入表决", "discussion closed; the vote comes next"));
	else if (strcmp(outcome, "deferred") == 0)
		cmd_field(TR("结果", "outcome"), TR("缓议：%s", "deferred: %s"),
			  json_str(it, "reason"));
	else
		cmd_field(TR("结果", "outcome"), "%s",
			  TR("未结束（散会时仍在审议）", "not finished when the meeting closed"));
}

/* A list of labels (names) joined with 、, "无" for none; caller frees. */
static char *minutes_labels(const cJSON *list)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const cJSON *l;
	int n = 0;

	cJSON_ArrayForEach(l, list) {
		fprintf(f, "%s%s", n++ > 0 ? "、" : "", cJSON_IsString(l) ? l->valuestring : "");
	}
	if (n == 0)
		fputs(TR("无", "none"), f);
	fclose(f);
	return buf;
}

/* 表决: the method, the counts per option or candidate, the result. */
static void minutes_votes(const cJSON *it)
{
	const cJSON *v, *c;
	char *names;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(it, "votes")) {
		if (strcmp(json_str(v, "result"), "voided") == 0) {
			cmd_field(TR("表决", "vote"),
				  TR("第 %lld 轮，%s，已作废（%lld 张选票未解密）",
				     "round %lld, %s, voided (%lld ballots never decrypted)"),
				  json_int(v, "round"), TR("无记名投票", "secret ballot"),
				  json_int(v, "ballots"));
			cmd_field(TR("作废", "voided by"), TR("%s：%s", "%s: %s"),
				  json_str(v, "voided_by"), json_str(v, "reason"));
			continue;
		}
		cmd_field(TR("表决", "vote"),
			  TR("第 %lld 轮，%s，应投 %lld 人，实投 %lld 票",
			     "round %lld, %s, %lld "
			     "eligible, %lld ballots"),
			  json_int(v, "round"), TR("无记名投票", "secret ballot"),
			  json_int(v, "eligible"), json_int(v, "ballots"));
		cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(v, "counts")) {
			cmd_field("", TR("%s %lld 票", "%s: %lld"), json_str(c, "label"),
				  json_int(c, "votes"));
		}
		cmd_field(TR("表决结果", "result"),
			  TR("%s（通过须至少 %lld 票）", "%s (%lld votes needed)"),
			  vote_result_text(json_str(v, "result")), json_int(v, "line"));
		if (strcmp(json_str(v, "kind"), "approval") == 0) {
			names = minutes_labels(cJSON_GetObjectItemCaseSensitive(v, "elected"));
			cmd_field(TR("当选", "elected"), "%s", names);
			free(names);
			if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v, "runoff")) > 0) {
				names = minutes_labels(
					cJSON_GetObjectItemCaseSensitive(v, "runoff"));
				cmd_field(TR("再次投票", "run-off"),
					  TR("%s（%lld 个名额）", "%s (%lld seats)"), names,
					  json_int(v, "runoff_seats"));
				free(names);
			}
		}
	}
}

/* One item of the minutes. */
static void minutes_item(const cJSON *it, int n)
{
	const cJSON *pres = cJSON_GetObjectItemCaseSensitive(it, "presentation");

	printf(TR("\n第 %d 项：%s（议题 %lld）\n", "\nitem %d: %s (item %lld)\n"), n,
	       json_str(it, "title"), json_int(it, "item"));
	minutes_presiding(it);
	if (cJSON_IsObject(pres))
		cmd_field(TR("汇报", "presentation"), "%s%s%s", json_str(pres, "name"),
			  json_str(pres, "body")[0] != '\0' ? TR("：", ": ") : "",
			  json_str(pres, "body"));
	else
		cmd_field(TR("汇报", "presentation"), "%s", TR("（未汇报）", "(none)"));
	minutes_people(TR("回避", "recusals"), cJSON_GetObjectItemCaseSensitive(it, "recusals"), 0);
	minutes_statements(it);
	minutes_remarks(it);
	minutes_outcome(it);
	minutes_votes(it);
	if (json_str(it, "agreed")[0] != '\0')
		cmd_field(TR("议定事项", "agreed"), "%s", json_str(it, "agreed"));
}

/* The signatures, the minutes' SHA-256 and the log entry they rest on. */
static void minutes_signatures(const cJSON *doc, const cJSON *res, const char *body)
{
	const cJSON *s, *log = cJSON_GetObjectItemCaseSensitive(doc, "log");
	struct rows t = {.ncols = 4};
	char at[64], sha[65];

	printf("\n%s\n", TR("签名", "signatures"));
	rows_add(&t, TR("角色", "role"));
	rows_add(&t, TR("签名人", "signed by"));
	rows_add(&t, TR("时间", "time"));
	rows_add(&t, TR("公钥", "key"));
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(res, "signatures")) {
		time_text(json_str(s, "signed_at"), at, sizeof(at));
		/* The capacity: a chair who is not the minutes' 主持人 signed as
		 * the successor the log names (the server allows no one else). */
		if (strcmp(json_str(s, "role"), "chair") == 0 &&
		    strcmp(json_str(s, "name"), json_str(doc, "chair")) != 0)
			rows_add(&t, TR("主持人（接替）", "chair (successor)"));
		else
			rows_add(&t, minutes_role(json_str(s, "role")));
		rows_add(&t, json_str(s, "name"));
		rows_add(&t, at);
		rows_add(&t, json_str(s, "key"));
	}
	rows_print(&t);
	minutes_sha256(body, sha);
	cmd_field("SHA-256", "%s", sha);
	if (strcmp(sha, json_str(res, "sha256")) != 0)
		cmd_field("", TR("（与服务器声明的 %s 不符！）", "(the server declared %s!)"),
			  json_str(res, "sha256"));
	cmd_field(TR("依据日志", "from the log"),
		  TR("第 1 至 %lld 条，第 %lld 条的哈希 %s",
		     "entries 1 to %lld; entry %lld's hash %s"),
		  json_int(log, "seq"), json_int(log, "seq"), json_str(log, "hash"));
}

/* The minutes in res (minutes.get), as a person reads them. */
static int minutes_print(const cJSON *res)
{
	const char *body = json_str(res, "body");
	cJSON *doc = cJSON_Parse(body);
	const cJSON *it;
	int n = 0;

	if (doc == NULL) {
		fprintf(stderr, "yg: %s\n",
			TR("服务器发来的会议记录不是 JSON",
			   "the minutes from the server are not JSON"));
		return YG_EXIT_REFUSED;
	}
	minutes_head(doc, res);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "items")) {
		minutes_item(it, ++n);
	}
	minutes_signatures(doc, res, body);
	cmd_minutes_corrections(res);
	cJSON_Delete(doc);
	return YG_EXIT_OK;
}

/* {"meeting": id} from the one positional argument. */
static int minutes_meeting(const struct cmd_entry *cmd, int argc, char **argv,
			   const struct cmd_opt *o, cJSON **args)
{
	const char *pos[1];
	long long meeting;
	int rc = cmd_parse(cmd, argc, argv, o, pos, 1);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, pos[0], 1, ID_MAX, &meeting)) != 0)
		return rc;
	*args = cJSON_CreateObject();
	cJSON_AddNumberToObject(*args, "meeting", (double)meeting);
	return YG_EXIT_OK;
}

static int minutes_show_exec(int argc, char **argv, const struct yg_opts *opts)
{
	int json = cmd_take_flag(&argc, argv, "--json") > 0;
	cJSON *args = NULL, *res = NULL;
	int rc = minutes_meeting(&cmd_minutes_show, argc, argv, NULL, &args);

	if (rc != YG_EXIT_OK || (rc = cmd_call(opts, 1, "minutes.get", args, &res)) != 0)
		return rc;
	if (json)
		termout_json(json_str(res, "body"));
	else
		rc = minutes_print(res);
	cJSON_Delete(res);
	return rc;
}

/* Who has signed so far, from minutes.sign's answer: the minutes. */
static void minutes_signed_by(const cJSON *m)
{
	const char *chair, *clerk, *none = TR("（未签）", "(not yet)");

	chair = minutes_signer(m, "chair");
	clerk = minutes_signer(m, "clerk");

	printf(TR("已签名：主持人 %s，记录人 %s\n", "signed by: chair %s, clerk %s\n"),
	       chair != NULL ? chair : none, clerk != NULL ? clerk : none);
}

/* Sign the minutes in got (minutes.get) as role with key and send it. */
static int minutes_sign_send(struct yg_conn *c, EVP_PKEY *key, const char *role, const cJSON *got)
{
	unsigned char msg[MINUTES_MSG_LEN], sig[SIG_LEN];
	char sha[65], text[SIG_TEXT_LEN + 1];
	const char *body = json_str(got, "body");
	long long meeting = json_int(got, "meeting");
	cJSON *args, *res = NULL;
	int rc;

	minutes_sha256(body, sha);
	printf(TR("会议 %lld 的会议记录 SHA-256：%s\n",
		  "the minutes of meeting %lld, SHA-256 %s\n"),
	       meeting, sha);
	fflush(stdout);
	if (strcmp(sha, json_str(got, "sha256")) != 0 ||
	    !sig_sign(key, msg, minutes_message((uint64_t)meeting, body, msg), sig)) {
		fprintf(stderr, "yg: %s\n",
			TR("会议记录与服务器声明的 SHA-256 不符，或无法签名；未签名",
			   "the minutes do not match the SHA-256 the server declared, or cannot be "
			   "signed; nothing was signed"));
		return YG_EXIT_REFUSED;
	}
	sig_to_text(sig, text);
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddStringToObject(args, "role", role);
	cJSON_AddStringToObject(args, "signature", text);
	if ((rc = conn_call_print(c, "minutes.sign", args, &res)) == YG_EXIT_OK) {
		printf(TR("已以%s身份签署会议 %lld 的会议记录\n",
			  "signed the minutes as the %s (meeting %lld)\n"),
		       minutes_role(role), meeting);
		minutes_signed_by(res);
	}
	cJSON_Delete(res);
	return rc;
}

static int minutes_sign_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *role = NULL;
	const struct cmd_opt o[] = {{"--role", &role, 1}, {NULL, NULL, 0}};
	cJSON *args = NULL, *got = NULL;
	struct yg_conn c;
	EVP_PKEY *key;
	int rc = minutes_meeting(&cmd_minutes_sign, argc, argv, o, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	if (strcmp(role, "chair") != 0 && strcmp(role, "clerk") != 0) {
		cJSON_Delete(args);
		return cmd_usage_error(&cmd_minutes_sign, TR("--role 须是 chair 或 clerk",
							     "--role is chair or clerk"));
	}
	if ((key = conn_load_key(opts)) == NULL) {
		cJSON_Delete(args);
		return YG_EXIT_USAGE;
	}
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK)
		cJSON_Delete(args);
	else {
		if ((rc = conn_call_print(&c, "minutes.get", args, &got)) == YG_EXIT_OK)
			rc = minutes_sign_send(&c, key, role, got);
		conn_close(&c);
	}
	cJSON_Delete(got);
	EVP_PKEY_free(key);
	return rc;
}

/* The last entry of the record's log: its seq and hash. */
static const cJSON *record_head(const cJSON *rec)
{
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(rec, "log"), "entries");

	return cJSON_GetArrayItem(entries, cJSON_GetArraySize(entries) - 1);
}

/* Save the record to path; say what it holds. */
static int record_save(const cJSON *rec, long long meeting, const char *path)
{
	const cJSON *head = record_head(rec);
	const cJSON *minutes = cJSON_GetObjectItemCaseSensitive(rec, "minutes");
	char *text = cJSON_Print(rec);
	int rc = YG_EXIT_OK;

	if (text == NULL || save_file(path, text, strlen(text)) != 0) {
		fprintf(stderr, TR("yg: 无法写入 %s：%s\n", "yg: cannot write %s: %s\n"), path,
			strerror(errno));
		rc = YG_EXIT_USAGE;
	}
	free(text);
	if (rc != YG_EXIT_OK)
		return rc;
	printf(TR("已将会议 %lld 的记录保存到 %s\n", "saved the record of meeting %lld to %s\n"),
	       meeting, path);
	cmd_field(TR("日志", "log"),
		  TR("%lld 条，最后一条的哈希 %s", "%lld entries; the last one's hash %s"),
		  json_int(head, "seq"), json_str(head, "hash"));
	if (cJSON_IsObject(minutes))
		cmd_field(TR("会议记录", "minutes"), "SHA-256 %s", json_str(minutes, "sha256"));
	else
		cmd_field(TR("会议记录", "minutes"), "%s",
			  TR("尚无（会议尚未散会）", "none yet (the meeting is not closed)"));
	printf(TR("核验：yg verify %s\n", "to check it: yg verify %s\n"), path);
	return YG_EXIT_OK;
}

/* "-o FILE" is "--output FILE". */
static void record_short_options(int argc, char **argv)
{
	static char output[] = "--output";
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-o") == 0)
			argv[i] = output;
}

/* The record (the server makes a closed meeting's minutes if need be). */
static int record_fetch(const struct yg_opts *opts, cJSON *args, cJSON **res)
{
	return cmd_call(opts, 1, "meeting.record", args, res);
}

static int record_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *path = NULL;
	const struct cmd_opt o[] = {{"--output", &path, 1}, {NULL, NULL, 0}};
	cJSON *args = NULL, *res = NULL;
	long long meeting;
	int rc;

	record_short_options(argc, argv);
	if ((rc = minutes_meeting(&cmd_meeting_record, argc, argv, o, &args)) != YG_EXIT_OK)
		return rc;
	meeting = json_int(args, "meeting");
	if ((rc = record_fetch(opts, args, &res)) == YG_EXIT_OK)
		rc = record_save(res, meeting, path);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_minutes_show = {
	.name = "minutes show",
	.op = "minutes.get",
	.usage = "MEETING_ID [--json]",
	.summary_zh =
		"会议记录：时间、地点、主持人、出席、缺席（理由）、列席、记录人，各议题的汇报、"
		"回避、每位委员的表态和主要理由、结果；签名和 SHA-256（--json：原文）",
	.summary_en = "the minutes: time, place, chair, attendance, absences (why), observers, "
		      "clerk; per item the presentation, recusals, each member's position and main "
		      "points, the outcome; signatures and SHA-256 (--json: the text as signed)",
	.exec = minutes_show_exec,
};

const struct cmd_entry cmd_minutes_sign = {
	.name = "minutes sign",
	.usage = "MEETING_ID --role chair|clerk",
	.summary_zh = "用本终端的密钥签署会议记录（主持人、记录人各签一次；签后不可更改）",
	.summary_en = "sign the minutes with this terminal's key (the chair and the clerk, once "
		      "each; never changed afterwards)",
	.exec = minutes_sign_exec,
};

const struct cmd_entry cmd_meeting_record = {
	.name = "meeting record",
	.usage = "MEETING_ID -o FILE",
	.summary_zh = "导出会议的完整记录（日志和已签名的会议记录），供 yg verify 离线核验",
	.summary_en = "export the meeting's whole record (log and signed minutes) for yg verify",
	.exec = record_exec,
};
