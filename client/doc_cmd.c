/* Printed documents: yg doc minutes (会议纪要), yg doc decision (决定) and
 * yg doc notice (公告), as A4 PDF (doc_pdf.c). Each is made from the
 * meeting's record — its hash-chained log and the minutes the chair and
 * the clerk signed — after this terminal has verified it as `yg verify`
 * does (chain, minutes rebuilt from the log, signatures, who did what),
 * never from text the server merely sends: the record comes from the
 * server (meeting.record) or from a file exported before (--record). The
 * signers are those of the verified log; the record's hash and how to
 * verify it are printed on the document. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../proto/record.h"
#include "../proto/record_actors.h"
#include "../proto/strictjson.h"
#include "../proto/xalloc.h"
#include "code_text.h"
#include "commands.h"
#include "doc_pdf.h"
#include "i18n.h"
#include "logcheck.h"
#include "pinned_key.h"
#include "../proto/hex.h"

/* What a document is made from, verified. */
struct doc_src {
	cJSON *record;  /* the meeting record */
	cJSON *minutes; /* its minutes, parsed from the signed text */
	char chair[64], clerk[64], chair_at[64], clerk_at[64];
	char record_sha[65];
};

static const cJSON *jget(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* The record from a file, read strictly as yg verify reads it. */
static cJSON *doc_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL, why[256];
	size_t len = 0, cap = 0, n;
	cJSON *doc = NULL;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (len + 65536 > cap && (text = xrealloc(text, cap = len + 65536 + cap)) == NULL)
			abort();
		if ((n = fread(text + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	fclose(f);
	if (text != NULL)
		doc = strictjson_parse(text, len, STRICTJSON_INTEGERS, why, sizeof(why));
	free(text);
	return doc;
}

/* The record from the server, and its signing key as this terminal pinned it. */
static int doc_fetch(const struct yg_opts *opts, long long meeting, cJSON **rec,
		     unsigned char pub[SIG_PUB_LEN], int *have_pub)
{
	struct logcheck lc = {0};
	struct yg_conn c;
	cJSON *args = cJSON_CreateObject();
	int rc;

	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	logcheck_server_key(&lc, &c);
	*have_pub = lc.has_server_pub && !lc.key_changed;
	memcpy(pub, lc.server_pub, SIG_PUB_LEN);
	rc = conn_call(&c, "meeting.record", args, rec);
	conn_close(&c);
	return rc;
}

/* Who signed the minutes, from the verified log's minutes.signed entries. */
static void doc_signers(struct doc_src *s)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, jget(jget(s->record, "log"), "entries")) {
		cJSON *b = cJSON_Parse(cJSON_GetStringValue(jget(e, "body")));
		const cJSON *d = jget(b, "data");

		if (b != NULL && strcmp(json_str(b, "event"), "minutes.signed") == 0) {
			int chair = strcmp(json_str(d, "role"), "chair") == 0;

			snprintf(chair ? s->chair : s->clerk, 64, "%s", json_str(d, "name"));
			time_text(json_str(b, "at"), chair ? s->chair_at : s->clerk_at, 64);
		}
		cJSON_Delete(b);
	}
}

/* Verify the record; on success fill s. Prints every failure otherwise. */
static int doc_verify(struct doc_src *s, const unsigned char *pub)
{
	struct record_report rep;
	const cJSON *m = jget(s->record, "minutes");
	char *text;
	int i;

	record_verify(s->record, &rep);
	record_actors_verify(s->record, pub, &rep);
	if (rep.nfail > 0 || !cJSON_IsObject(m)) {
		for (i = 0; i < rep.nlines; i++)
			if (strncmp(rep.lines[i], "ok: ", 4) != 0) {
				char words[1024];

				fprintf(stderr, "yg: %s %s\n", TR("不通过：", "FAIL:"),
					finding_text(rep.lines[i] + 6, words, sizeof(words)));
			}
		fprintf(stderr, "yg: %s\n",
			TR("记录未通过验证（或会议记录尚未生成、签署），不生成文件",
			   "the record does not verify (or has no signed minutes); no document"));
		return YG_EXIT_REFUSED;
	}
	s->minutes = cJSON_Parse(json_str(m, "body"));
	doc_signers(s);
	text = cJSON_PrintUnformatted(s->record);
	hex_sha256(text, strlen(text), s->record_sha);
	free(text);
	return s->minutes != NULL ? YG_EXIT_OK : YG_EXIT_REFUSED;
}

/* Names of a list of people ({name, reason} or strings), joined with 、. */
static char *doc_names(const cJSON *list, int reasons)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const cJSON *p;
	int n = 0;

	if (f == NULL)
		abort();
	cJSON_ArrayForEach(p, list) {
		fprintf(f, "%s%s", n++ ? "、" : "",
			cJSON_IsString(p) ? p->valuestring : json_str(p, "name"));
		if (reasons && json_str(p, "reason")[0] != '\0')
			fprintf(f, "（%s）", json_str(p, "reason"));
	}
	if (n == 0)
		fputs(TR("无", "none"), f);
	fclose(f);
	return buf;
}

/* The minutes' item of that id, or NULL. */
static const cJSON *doc_item(const struct doc_src *s, long long item)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, jget(s->minutes, "items"))
		if (json_int(it, "item") == item)
			return it;
	return NULL;
}

/* The last round's vote of an item, or NULL. */
static const cJSON *doc_vote(const cJSON *it)
{
	const cJSON *v = jget(it, "votes");

	return cJSON_GetArraySize(v) > 0 ? cJSON_GetArrayItem(v, cJSON_GetArraySize(v) - 1) : NULL;
}

/* "同意 7 票、不同意 1 票、弃权 1 票" */
static char *doc_counts(const cJSON *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const cJSON *c;
	int n = 0;

	if (f == NULL)
		abort();
	cJSON_ArrayForEach(c, jget(v, "counts"))
		fprintf(f, TR("%s%s %lld 票", "%s%s: %lld"), n++ ? TR("、", ", ") : "",
			json_str(c, "label"), json_int(c, "votes"));
	fclose(f);
	return buf;
}

/* The statement's speaker, and the candidate it is about by name. */
static void doc_statement(struct doc_pdf *d, const cJSON *it, const cJSON *s)
{
	const cJSON *names = jget(it, "candidates");
	long long c = json_int(s, "candidate");
	char who[160];

	if (cJSON_IsArray(names) && c >= 0 && c < cJSON_GetArraySize(names))
		snprintf(who, sizeof(who), TR("%s（就%s）", "%s (on %s)"), json_str(s, "name"),
			 cJSON_GetStringValue(cJSON_GetArrayItem(names, (int)c)));
	else
		snprintf(who, sizeof(who), "%s", json_str(s, "name"));
	doc_paraf(d, DOC_FIELD, "%s：%s%s%s", who, position_text(json_str(s, "position")),
		  json_str(s, "body")[0] ? "。" : "", json_str(s, "body"));
}

/* One item of the minutes. */
static void doc_minutes_item(struct doc_pdf *d, const cJSON *it, int n)
{
	static const char *const num[] = {"一", "二", "三", "四", "五",
					  "六", "七", "八", "九", "十"};
	const cJSON *p = jget(it, "presentation"), *s, *v = doc_vote(it);
	char *x;

	doc_paraf(d, DOC_HEADING, "%s、%s", n <= 10 ? num[n - 1] : "", json_str(it, "title"));
	if (cJSON_IsObject(p))
		doc_paraf(d, DOC_FIELD, TR("汇报人：%s。%s", "presented by %s. %s"),
			  json_str(p, "name"), json_str(p, "body"));
	if (cJSON_GetArraySize(jget(it, "recusals")) > 0) {
		x = doc_names(jget(it, "recusals"), 1);
		doc_paraf(d, DOC_FIELD, TR("回避：%s", "recused: %s"), x);
		free(x);
	}
	cJSON_ArrayForEach(s, jget(it, "statements"))
		doc_statement(d, it, s);
	cJSON_ArrayForEach(s, jget(it, "remarks"))
		doc_paraf(d, DOC_FIELD, TR("列席发言：%s（%s）：%s", "from the floor: %s (%s): %s"),
			  json_str(s, "speaker"), json_str(s, "category_name"),
			  json_str(s, "body"));
	if (v != NULL) {
		x = doc_counts(v);
		doc_paraf(d, DOC_FIELD,
			  TR("表决：无记名投票，应投 %lld 人，实投 %lld 票；%s；%s",
			     "vote: secret ballot, %lld eligible, %lld cast; %s; %s"),
			  json_int(v, "eligible"), json_int(v, "ballots"), x,
			  vote_result_text(json_str(v, "result")));
		free(x);
		if (cJSON_GetArraySize(jget(v, "elected")) > 0) {
			x = doc_names(jget(v, "elected"), 0);
			doc_paraf(d, DOC_FIELD, TR("当选：%s", "elected: %s"), x);
			free(x);
		}
	} else if (strcmp(json_str(it, "outcome"), "deferred") == 0)
		doc_paraf(d, DOC_FIELD, TR("缓议：%s", "deferred: %s"), json_str(it, "reason"));
	if (json_str(it, "agreed")[0] != '\0')
		doc_paraf(d, DOC_BODY, TR("议定事项：%s", "agreed: %s"), json_str(it, "agreed"));
	doc_space(d, 6);
}

/* The foot of every document: signers, the record's hashes, how to verify. */
static void doc_proof(struct doc_pdf *d, const struct doc_src *s)
{
	const cJSON *m = jget(s->record, "minutes"), *head = jget(s->minutes, "log");

	doc_space(d, 12);
	doc_paraf(d, DOC_RIGHT, TR("主持人：%s（%s 签署）", "chair: %s (signed %s)"), s->chair,
		  s->chair_at);
	doc_paraf(d, DOC_RIGHT, TR("记录人：%s（%s 签署）", "clerk: %s (signed %s)"), s->clerk,
		  s->clerk_at);
	doc_space(d, 10);
	doc_paraf(d, DOC_SMALL, TR("会议记录 SHA-256：%s", "minutes SHA-256: %s"),
		  json_str(m, "sha256"));
	doc_paraf(d, DOC_SMALL,
		  TR("依据会议日志第 1 至 %lld 条，末条哈希 %s",
		     "from the meeting log, entries 1 to %lld, the last one's hash %s"),
		  json_int(head, "seq"), json_str(head, "hash"));
	doc_paraf(d, DOC_SMALL,
		  TR("本文件依据已验证的会议记录生成（记录 SHA-256：%s）。",
		     "made from the verified meeting record (SHA-256 %s)."),
		  s->record_sha);
	doc_paraf(
		d, DOC_SMALL,
		TR("核验方法：yg meeting record %lld -o 记录.json，再运行 yg verify 记录.json",
		   "to verify: yg meeting record %lld -o record.json, then yg verify record.json"),
		json_int(s->minutes, "meeting"));
}

/* The meeting in one sentence: when, where, who presided, attendance. */
static void doc_meeting_line(struct doc_pdf *d, const cJSON *mi)
{
	char at[64];

	time_text(json_str(mi, "opened"), at, sizeof(at));
	doc_paraf(d, DOC_BODY,
		  TR("%s，%s在%s召开，%s主持。应到会 %d 人，实到 %d 人。",
		     "%s: %s met at %s, %s presiding; %d entitled, %d present."),
		  at, json_str(mi, "title"), json_str(mi, "place"), json_str(mi, "chair"),
		  cJSON_GetArraySize(jget(mi, "attended")) + cJSON_GetArraySize(jget(mi, "absent")),
		  cJSON_GetArraySize(jget(mi, "attended")));
}

/* 会议纪要 */
static void doc_write_minutes(struct doc_pdf *d, const struct doc_src *s)
{
	const cJSON *mi = s->minutes, *it;
	char at[64], *x;
	int n = 0;

	doc_para(d, DOC_TITLE, TR("会议纪要", "Minutes"));
	doc_para(d, DOC_SUBTITLE, json_str(mi, "title"));
	time_text(json_str(mi, "opened"), at, sizeof(at));
	doc_paraf(d, DOC_FIELD, TR("时间：%s", "time: %s"), at);
	doc_paraf(d, DOC_FIELD, TR("地点：%s", "place: %s"), json_str(mi, "place"));
	doc_paraf(d, DOC_FIELD, TR("主持人：%s", "chair: %s"), json_str(mi, "chair"));
	x = doc_names(jget(mi, "attended"), 0);
	doc_paraf(d, DOC_FIELD, TR("出席：%s", "attended: %s"), x);
	free(x);
	x = doc_names(jget(mi, "absent"), 1);
	doc_paraf(d, DOC_FIELD, TR("缺席：%s", "absent: %s"), x);
	free(x);
	x = doc_names(jget(mi, "observers"), 0);
	doc_paraf(d, DOC_FIELD, TR("列席：%s", "observers: %s"), x);
	free(x);
	doc_paraf(d, DOC_FIELD, TR("记录人：%s", "clerk: %s"), s->clerk);
	doc_space(d, 8);
	cJSON_ArrayForEach(it, jget(mi, "items"))
		doc_minutes_item(d, it, ++n);
}

/* 决定: what the meeting decided on one item. */
static void doc_write_decision(struct doc_pdf *d, const struct doc_src *s, const cJSON *it)
{
	const cJSON *v = doc_vote(it);
	char *x;

	doc_paraf(d, DOC_TITLE, TR("关于《%s》的决定", "Decision on \"%s\""),
		  json_str(it, "title"));
	doc_space(d, 6);
	doc_meeting_line(d, s->minutes);
	if (v != NULL) {
		x = doc_counts(v);
		doc_paraf(d, DOC_BODY,
			  TR("会议审议了《%s》，经无记名投票表决，应投 %lld 人，实投 %lld 票，%s，"
			     "表决结果：%s。",
			     "The meeting considered \"%s\" and voted by secret ballot: %lld "
			     "eligible, %lld cast, %s; result: %s."),
			  json_str(it, "title"), json_int(v, "eligible"), json_int(v, "ballots"), x,
			  vote_result_text(json_str(v, "result")));
		free(x);
		if (cJSON_GetArraySize(jget(v, "elected")) > 0) {
			x = doc_names(jget(v, "elected"), 0);
			doc_paraf(d, DOC_BODY, TR("当选：%s。", "Elected: %s."), x);
			free(x);
		}
	}
	if (json_str(it, "agreed")[0] != '\0')
		doc_paraf(d, DOC_BODY, TR("会议议定：%s", "Agreed: %s"), json_str(it, "agreed"));
}

/* 公告: the result announced to the public. */
static void doc_write_notice(struct doc_pdf *d, const struct doc_src *s, const cJSON *it)
{
	const cJSON *v = doc_vote(it);
	char *x;

	doc_para(d, DOC_TITLE, TR("决策结果公告", "Public notice of a decision"));
	doc_para(d, DOC_SUBTITLE, json_str(it, "title"));
	doc_meeting_line(d, s->minutes);
	if (v != NULL) {
		x = doc_counts(v);
		doc_paraf(d, DOC_BODY,
			  TR("会议以无记名投票方式对《%s》进行表决：%s，%s。现予公告。",
			     "The meeting voted on \"%s\" by secret ballot: %s; %s. Hereby "
			     "announced."),
			  json_str(it, "title"), x, vote_result_text(json_str(v, "result")));
		free(x);
		if (cJSON_GetArraySize(jget(v, "elected")) > 0) {
			x = doc_names(jget(v, "elected"), 0);
			doc_paraf(d, DOC_BODY, TR("拟任人选：%s。", "Nominated: %s."), x);
			free(x);
		}
	}
	if (json_str(it, "agreed")[0] != '\0')
		doc_paraf(d, DOC_BODY, TR("议定事项：%s", "Agreed: %s"), json_str(it, "agreed"));
}

/* Times in the committee's clock: the server's (hello) when this terminal
 * asked it, else the one the record was exported with, so that a document
 * made offline shows the times terminals and the portal show. */
static void doc_clock(const cJSON *record)
{
	const cJSON *v = jget(record, "utc_offset");
	int known;

	if (!i18n_utc_offset(&known) && cJSON_IsNumber(v) && v->valuedouble >= -840 &&
	    v->valuedouble <= 840 && v->valuedouble == (int)v->valuedouble)
		i18n_set_utc_offset(v->valueint);
}

enum doc_kind { DOC_MINUTES, DOC_DECISION, DOC_NOTICE };

static int doc_exec(const struct cmd_entry *cmd, enum doc_kind kind, int argc, char **argv,
		    const struct yg_opts *opts)
{
	const char *pos[2] = {NULL, NULL}, *out = NULL, *file = NULL, *key = NULL;
	const struct cmd_opt o[] = {{"--output", &out, 1},
				    {"--record", &file, 0},
				    {"--server-key", &key, 0},
				    {NULL, NULL, 0}};
	unsigned char pub[SIG_PUB_LEN], fetched[SIG_PUB_LEN];
	struct doc_src s = {0};
	const cJSON *it = NULL;
	struct doc_pdf *d;
	long long meeting, item = 0;
	int rc, have_pub = 0, fetched_ok = 0, pages, trial;
	char why[256], footer[160];

	for (rc = 1; rc < argc; rc++)
		if (strcmp(argv[rc], "-o") == 0)
			argv[rc] = (char *)"--output";
	if ((rc = cmd_parse(cmd, argc, argv, o, pos, kind == DOC_MINUTES ? 1 : 2)) != 0 ||
	    (rc = cmd_number(cmd, pos[0], 1, ID_MAX, &meeting)) != 0 ||
	    (kind != DOC_MINUTES && (rc = cmd_number(cmd, pos[1], 1, ID_MAX, &item)) != 0))
		return rc;
	if (key != NULL) {
		if (pinned_key_load(key, NULL, pub, why, sizeof(why)) != 0) {
			fprintf(stderr, "yg: --server-key %s: %s\n", key, why);
			return YG_EXIT_USAGE;
		}
		have_pub = 1;
	}
	if (file != NULL) {
		if ((s.record = doc_read_file(file)) == NULL) {
			fprintf(stderr, "yg: %s: %s\n", file,
				TR("无法读取或不是严格的 JSON",
				   "cannot be read or is not strict JSON"));
			return YG_EXIT_USAGE;
		}
		doc_clock(s.record);
	} else {
		if ((rc = doc_fetch(opts, meeting, &s.record, fetched, &fetched_ok)) != YG_EXIT_OK)
			return rc;
		/* The key this terminal pinned, unless one is given. */
		if (!have_pub && fetched_ok) {
			memcpy(pub, fetched, SIG_PUB_LEN);
			have_pub = 1;
		}
	}
	if (json_int(jget(s.record, "log"), "meeting") != meeting && file != NULL) {
		fprintf(stderr,
			TR("yg: %s 不是会议 %lld 的记录\n", "yg: %s is not meeting %lld's\n"), file,
			meeting);
		rc = YG_EXIT_USAGE;
	} else if ((rc = doc_verify(&s, have_pub ? pub : NULL)) == YG_EXIT_OK &&
		   kind != DOC_MINUTES && (it = doc_item(&s, item)) == NULL) {
		fprintf(stderr,
			TR("yg: 会议记录中没有议题 %lld\n",
			   "yg: item %lld is not in the minutes\n"),
			item);
		rc = YG_EXIT_USAGE;
	}
	if (rc == YG_EXIT_OK) {
		trial = strncmp(json_str(s.minutes, "title"), "【试用】", strlen("【试用】")) == 0;
		snprintf(footer, sizeof(footer),
			 TR("%s阳光 · 会议 %lld · 记录 %.16s…",
			    "%syangguang · meeting %lld · record %.16s…"),
			 trial ? "【试用】" : "", meeting, s.record_sha);
		if ((d = doc_open(out, footer)) == NULL) {
			fprintf(stderr, TR("yg: 无法写入 %s\n", "yg: cannot write %s\n"), out);
			rc = YG_EXIT_USAGE;
		} else {
			if (trial)
				doc_para(d, DOC_FIELD,
					 TR("试用：本文件来自试用委员会，不是真实决策。",
					    "试用 (trial): this document is a trial committee's, "
					    "not a "
					    "real decision."));
			if (kind == DOC_MINUTES)
				doc_write_minutes(d, &s);
			else if (kind == DOC_DECISION)
				doc_write_decision(d, &s, it);
			else
				doc_write_notice(d, &s, it);
			doc_proof(d, &s);
			if ((pages = doc_close(d)) < 0) {
				fprintf(stderr, TR("yg: 无法写入 %s\n", "yg: cannot write %s\n"),
					out);
				rc = YG_EXIT_USAGE;
			} else
				printf(TR("已生成 %s（%d 页，依据已验证的会议 %lld 记录）\n",
					  "wrote %s (%d pages, from the verified record of meeting "
					  "%lld)\n"),
				       out, pages, meeting);
		}
	}
	cJSON_Delete(s.record);
	cJSON_Delete(s.minutes);
	return rc;
}

static int doc_minutes_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return doc_exec(&cmd_doc_minutes, DOC_MINUTES, argc, argv, opts);
}

static int doc_decision_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return doc_exec(&cmd_doc_decision, DOC_DECISION, argc, argv, opts);
}

static int doc_notice_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return doc_exec(&cmd_doc_notice, DOC_NOTICE, argc, argv, opts);
}

const struct cmd_entry cmd_doc_minutes = {
	.name = "doc minutes",
	.usage = "MEETING_ID -o FILE.pdf [--record FILE] [--server-key KEY]",
	.summary_zh =
		"生成会议纪要 PDF（依据本终端验证过的已签名会议记录；--record：已导出的记录文件）",
	.summary_en = "the minutes (会议纪要) as a PDF, from the signed record this terminal "
		      "verified (--record: an exported record file)",
	.op = "meeting.record",
	.exec = doc_minutes_exec,
};

const struct cmd_entry cmd_doc_decision = {
	.name = "doc decision",
	.usage = "MEETING_ID ITEM_ID -o FILE.pdf [--record FILE] [--server-key KEY]",
	.summary_zh = "生成议题的决定 PDF（依据已验证的会议记录）",
	.summary_en = "an item's decision (决定) as a PDF, from the verified record",
	.op = "meeting.record",
	.exec = doc_decision_exec,
};

const struct cmd_entry cmd_doc_notice = {
	.name = "doc notice",
	.usage = "MEETING_ID ITEM_ID -o FILE.pdf [--record FILE] [--server-key KEY]",
	.summary_zh = "生成决策结果公告 PDF（依据已验证的会议记录）",
	.summary_en = "the public notice (公告) of an item's result as a PDF, from the verified "
		      "record",
	.op = "meeting.record",
	.exec = doc_notice_exec,
};
