/* The portal's two printed documents (docs.h), in the committee's clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/doc_pdf.h"
#include "docs.h"
#include "pages.h"

static const cJSON *jget(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *jstr(const cJSON *o, const char *name)
{
	const char *s = cJSON_GetStringValue(jget(o, name));

	return s != NULL ? s : "";
}

/* A whole number member; 0 for anything else or out of range. */
static long long jnum(const cJSON *o, const char *name)
{
	const cJSON *v = jget(o, name);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= -9.0e15 && v->valuedouble <= 9.0e15))
		return 0;
	return (long long)v->valuedouble;
}

/* The label of option or candidate i, "" if none. */
static const char *label(const cJSON *labels, int i)
{
	const char *s = cJSON_GetStringValue(cJSON_GetArrayItem(labels, i));

	return s != NULL ? s : "";
}

static void when(const cJSON *o, const char *name, const struct page_ctx *ctx, char *buf,
		 size_t len)
{
	page_time_local(jstr(o, name), ctx->utc_offset_s, buf, len);
	if (buf[0] == '\0')
		snprintf(buf, len, "%s", "—");
}

/* "同意 7 票、不同意 1 票、弃权 1 票", or the candidates with theirs and
 * who was elected; a cadre decision shown without counts names its
 * appointees (api.portal_decision redacts them so). */
static void doc_votes(struct doc_pdf *d, const cJSON *dec)
{
	const cJSON *q = jget(dec, "question"), *labels = jget(q, "labels");
	const cJSON *counts = jget(dec, "counts"), *e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i, n = cJSON_GetArraySize(labels);

	if (f == NULL)
		return;
	if (!cJSON_IsArray(counts)) {
		fputs("任用人选：", f);
		for (i = 0; i < n; i++)
			fprintf(f, "%s%s", i ? "、" : "", label(labels, i));
		fputs(n ? "。" : "无。", f);
	} else {
		for (i = 0; i < n; i++) {
			const cJSON *c = cJSON_GetArrayItem(counts, i);

			fprintf(f, "%s%s %lld 票", i ? "、" : "", label(labels, i),
				cJSON_IsNumber(c) ? (long long)c->valuedouble : 0);
		}
		fprintf(f, "。表决结果：%s。", page_result_name(jstr(dec, "result")));
		if (strcmp(jstr(q, "kind"), "approval") == 0) {
			fputs("当选：", f);
			i = 0;
			cJSON_ArrayForEach(e, jget(dec, "elected"))
				if (cJSON_IsNumber(e))
					fprintf(f, "%s%s", i++ ? "、" : "",
						label(labels, e->valueint));
			fputs(i ? "。" : "无。", f);
		}
	}
	fclose(f);
	doc_paraf(d, DOC_BODY,
		  "经无记名投票表决：应到会 %lld 人，实到 %lld 人，有表决权 %lld 人，收回选票 "
		  "%lld 张，通过须得赞成票不少于 %lld 票。%s",
		  jnum(dec, "entitled"), jnum(dec, "present"), jnum(dec, "eligible"),
		  jnum(dec, "ballots"), jnum(dec, "line"), buf);
	free(buf);
}

/* A decision's public text: its summary, corrections, 任前公示. */
static void doc_decision_text(struct doc_pdf *d, const cJSON *dec, const struct page_ctx *ctx)
{
	const cJSON *r = jget(dec, "revision"), *n = jget(dec, "notice");
	char a[64], b[64];

	if (jstr(dec, "summary")[0] != '\0')
		doc_paraf(d, DOC_BODY, "%s：%s",
			  strcmp(jstr(dec, "mode"), "full") == 0 ? "议题内容" : "决策摘要",
			  jstr(dec, "summary"));
	if (cJSON_IsObject(r)) {
		when(r, "at", ctx, a, sizeof(a));
		doc_paraf(d, DOC_BODY, "%s（%s）。理由：%s",
			  strcmp(jstr(r, "action"), "correct") == 0
				  ? "本决策的公开内容已更正"
				  : "本决策原不予公开，保密期满已解密公开",
			  a, jstr(r, "reason"));
	}
	if (cJSON_IsObject(n)) {
		when(n, "starts_at", ctx, a, sizeof(a));
		page_until_local(jstr(n, "ends_at"), ctx->utc_offset_s, b, sizeof(b));
		doc_paraf(d, DOC_BODY, "干部任前公示：自 %s 起至 %s 止，期间可在本网站提出意见。",
			  a, b);
	}
}

/* The signers of the minutes, as the documents' signature block. */
static void doc_signers(struct doc_pdf *d, const cJSON *signers, const struct page_ctx *ctx)
{
	const cJSON *s;
	char at[64];

	cJSON_ArrayForEach(s, signers) {
		when(s, "signed_at", ctx, at, sizeof(at));
		doc_paraf(d, DOC_RIGHT, "%s：%s（%s 签署会议记录）",
			  strcmp(jstr(s, "role"), "chair") == 0 ? "主持人" : "记录人",
			  jstr(s, "name"), at);
	}
	if (cJSON_GetArraySize(signers) == 0)
		doc_para(d, DOC_RIGHT, "会议记录尚未由主持人和记录人签署");
}

static char *doc_end(struct doc_pdf *d, size_t *len)
{
	char *buf = NULL;

	if (doc_close_mem(d, &buf, len) < 0)
		return NULL;
	return buf;
}

char *doc_portal_decision(const cJSON *dec, const struct page_ctx *ctx, size_t *len)
{
	const cJSON *m = jget(dec, "meeting"), *head = jget(dec, "log_head");
	long long id = jnum(dec, "id");
	char footer[600], a[64], b[64], c[64];
	struct doc_pdf *d;

	snprintf(footer, sizeof(footer), "阳光 · 决策公告 · %s/decisions/%lld", ctx->base_url, id);
	if ((d = doc_open_mem(footer)) == NULL)
		return NULL;
	doc_para(d, DOC_TITLE, "决策结果公告");
	doc_para(d, DOC_SUBTITLE, jstr(dec, "title"));
	if (cJSON_IsTrue(jget(dec, "trial")))
		doc_para(d, DOC_HEADING, "试用：本公告来自试用委员会，内容不是真实决策。");
	when(dec, "meeting_opened", ctx, a, sizeof(a));
	if (strcmp(a, "—") == 0)
		when(m, "starts_at", ctx, a, sizeof(a));
	doc_paraf(d, DOC_BODY, "%s于 %s 在%s召开%s，审议了《%s》。", jstr(dec, "committee"), a,
		  jstr(dec, "meeting_place"), jstr(m, "title"), jstr(dec, "title"));
	doc_votes(d, dec);
	doc_decision_text(d, dec, ctx);
	doc_para(d, DOC_BODY, "现予公告。");
	doc_space(d, 6);
	when(dec, "decided_at", ctx, a, sizeof(a));
	when(dec, "published_at", ctx, b, sizeof(b));
	doc_paraf(d, DOC_FIELD, "事项类别：%s", jstr(dec, "category_name"));
	doc_paraf(d, DOC_FIELD, "表决时间：%s", a);
	doc_paraf(d, DOC_FIELD, "公开时间：%s（%s）", b,
		  strcmp(jstr(dec, "mode"), "full") == 0 ? "全文公开" : "摘要公开");
	doc_space(d, 10);
	doc_signers(d, jget(dec, "signers"), ctx);
	if (jstr(dec, "reviewed_by")[0] != '\0')
		doc_paraf(d, DOC_RIGHT, "保密审查并发布：%s", jstr(dec, "reviewed_by"));
	doc_space(d, 10);
	if (jstr(dec, "minutes_sha256")[0] != '\0')
		doc_paraf(d, DOC_SMALL, "会议记录 SHA-256：%s", jstr(dec, "minutes_sha256"));
	if (cJSON_IsObject(head))
		doc_paraf(d, DOC_SMALL, "计票结果签名所依据的会议日志：第 %lld 条，哈希 %s",
			  jnum(head, "seq"), jstr(head, "hash"));
	if (jstr(dec, "record_sha256")[0] != '\0') {
		doc_paraf(d, DOC_SMALL, "选举记录 SHA-256：%s", jstr(dec, "record_sha256"));
		doc_paraf(
			d, DOC_SMALL,
			"核验方法：下载 %s/decisions/%lld/record.json（其 SHA-256 应与上列相同）和 "
			"%s/.well-known/jwks.json，运行 yg verify record.json --server-key "
			"jwks.json 离线核验计票，不泄露任何人的投票。",
			ctx->base_url, id, ctx->base_url);
	} else {
		doc_para(d, DOC_SMALL,
			 "本决策摘要公开，选举记录不对外公开；委员会成员和纪委可用 yg meeting "
			 "record "
			 "导出会议记录，运行 yg verify 核对上列哈希。");
	}
	snprintf(c, sizeof(c), "%lld", jnum(m, "id"));
	doc_paraf(d, DOC_SMALL, "本公告网址：%s/decisions/%lld（会议 %s）", ctx->base_url, id, c);
	return doc_end(d, len);
}

char *doc_portal_minutes(const cJSON *mi, const struct page_ctx *ctx, size_t *len)
{
	static const char *const num[] = {"一",   "二",   "三",   "四",   "五",   "六",   "七",
					  "八",   "九",   "十",   "十一", "十二", "十三", "十四",
					  "十五", "十六", "十七", "十八", "十九", "二十"};
	const cJSON *dec, *head = jget(mi, "log");
	long long id = jnum(mi, "meeting");
	char footer[600], a[64];
	struct doc_pdf *d;
	int n = 0, shown = cJSON_GetArraySize(jget(mi, "decisions"));

	snprintf(footer, sizeof(footer), "阳光 · 会议纪要 · %s/meetings/%lld/minutes.pdf",
		 ctx->base_url, id);
	if ((d = doc_open_mem(footer)) == NULL)
		return NULL;
	doc_para(d, DOC_TITLE, "会议纪要");
	doc_para(d, DOC_SUBTITLE, jstr(mi, "title"));
	if (cJSON_IsTrue(jget(mi, "trial")))
		doc_para(d, DOC_HEADING, "试用：本纪要来自试用委员会，内容不是真实决策。");
	when(mi, "opened", ctx, a, sizeof(a));
	doc_paraf(d, DOC_FIELD, "决策机关：%s", jstr(mi, "committee"));
	doc_paraf(d, DOC_FIELD, "时间：%s", a);
	doc_paraf(d, DOC_FIELD, "地点：%s", jstr(mi, "place"));
	doc_paraf(d, DOC_FIELD, "主持人：%s", jstr(mi, "chair"));
	doc_paraf(d, DOC_FIELD, "出席：应到会 %lld 人，实到 %lld 人；列席 %lld 人",
		  jnum(mi, "entitled"), jnum(mi, "present"), jnum(mi, "observers"));
	doc_space(d, 6);
	doc_paraf(d, DOC_BODY,
		  "会议共审议 %lld 项议题。本纪要为会议记录的公开部分，载明经保密审查已公开的 %d "
		  "项决策%s；会议讨论情况和个人表态不对外公开。",
		  jnum(mi, "items"), shown, jnum(mi, "items") > shown ? "，其余议题未公开" : "");
	cJSON_ArrayForEach(dec, jget(mi, "decisions")) {
		n++;
		doc_paraf(d, DOC_HEADING, "%s、%s", n <= 20 ? num[n - 1] : "", jstr(dec, "title"));
		doc_paraf(d, DOC_FIELD, "事项类别：%s", jstr(dec, "category_name"));
		doc_votes(d, dec);
		doc_decision_text(d, dec, ctx);
		doc_paraf(d, DOC_SMALL, "决策公告：%s/decisions/%lld%s", ctx->base_url,
			  jnum(dec, "id"),
			  cJSON_IsTrue(jget(dec, "record")) ? "（附选举记录 record.json）" : "");
		doc_space(d, 4);
	}
	doc_space(d, 10);
	doc_signers(d, jget(mi, "signers"), ctx);
	doc_space(d, 10);
	doc_paraf(d, DOC_SMALL, "会议记录 SHA-256：%s", jstr(mi, "sha256"));
	if (cJSON_IsObject(head))
		doc_paraf(d, DOC_SMALL, "依据会议日志第 1 至 %lld 条，末条哈希 %s",
			  jnum(head, "seq"), jstr(head, "hash"));
	doc_paraf(d, DOC_SMALL,
		  "核验方法：会议记录由主持人和记录人各以本人密钥签名；委员会成员和纪委可用 yg "
		  "meeting record %lld -o 记录.json 导出，运行 yg verify 记录.json，核对其会议记录 "
		  "SHA-256 与上列相同。已全文公开的决策，其选举记录可从各决策公告网址下载并用 yg "
		  "verify 核验。",
		  id);
	return doc_end(d, len);
}
