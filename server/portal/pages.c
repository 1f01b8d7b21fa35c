#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/fmt_time.h"
#include "../../proto/b64.h"
#include "../../proto/sig.h"
#include "hbuf.h"
#include "pages.h"

/* One small style sheet, served from /style.css: readable on a phone, no
 * external fonts, the system's own CJK fonts. */
const char page_css[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.6 system-ui,-apple-system,\"PingFang SC\",\"Noto Sans CJK SC\","
	"\"Microsoft YaHei\",sans-serif;color:#1d1d1f;background:#fbfaf7}"
	"header{background:#b8161d;color:#fff;padding:.6rem 1rem}"
	"header a{color:#fff;text-decoration:none;font-weight:600;font-size:1.15rem}"
	"main{max-width:46rem;margin:0 auto;padding:1rem}"
	"h1{font-size:1.45rem;line-height:1.35;margin:.4rem 0 .8rem}"
	"h2{font-size:1.15rem;border-bottom:2px solid "
	"#e6d3b3;padding-bottom:.2rem;margin-top:1.8rem}"
	"ul.list{list-style:none;padding:0}ul.list li{padding:.55rem 0;border-bottom:1px solid "
	"#eee}"
	".meta{color:#666;font-size:.9rem}.tag{display:inline-block;font-size:.8rem;padding:0 "
	".4rem;"
	"border-radius:.25rem;background:#f1e7d6;color:#6b4b16;margin-right:.3rem}"
	".open{background:#dff3e4;color:#185c2b}.closed{background:#eee;color:#555}"
	".text{white-space:pre-wrap;overflow-wrap:anywhere}"
	"table{border-collapse:collapse;width:100%;margin:.6rem 0}"
	"th,td{border:1px solid #ddd;padding:.35rem "
	".5rem;text-align:left}td.count{text-align:right;"
	"font-variant-numeric:tabular-nums}"
	".result{font-size:1.2rem;font-weight:600}"
	"pre{white-space:pre-wrap;word-break:break-all;font-size:.75rem;background:#f4f4f4;"
	"padding:.5rem}"
	"form{background:#fff;border:1px solid #e3e3e3;padding:.8rem;border-radius:.4rem}"
	"fieldset{border:0;padding:0;margin:0 0 .6rem}label{margin-right:1rem}"
	"textarea{width:100%;font:inherit;padding:.4rem}"
	"button{font:inherit;padding:.4rem 1.2rem;background:#b8161d;color:#fff;border:0;"
	"border-radius:.3rem}"
	".notice{background:#dff3e4;padding:.6rem;border-radius:.3rem}"
	"footer{max-width:46rem;margin:2rem auto;padding:0 1rem;color:#777;font-size:.85rem}";

static const char *str(const cJSON *j, const char *name)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, name));

	return s != NULL ? s : "";
}

/* A JSON number as a long long; 0 for anything else, and for a number a
 * long long does not hold (its conversion would be undefined). */
static long long num_value(const cJSON *v)
{
	if (!cJSON_IsNumber(v) ||
	    !(v->valuedouble >= -9223372036854775808.0 && v->valuedouble < 9223372036854775808.0))
		return 0;
	return (long long)v->valuedouble;
}

static long long num(const cJSON *j, const char *name)
{
	return num_value(cJSON_GetObjectItemCaseSensitive(j, name));
}

static bool flag(const cJSON *j, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, name));
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static bool two_digits(const char *p, int *v)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return false;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return true;
}

/* "YYYY-MM-DD[T ]HH:MM:SS[.frac](Z|±HH[:MM])" as PostgreSQL and JSON write
 * a timestamp with time zone. */
bool page_time_parse(const char *iso, time_t *t)
{
	int y, mo, d, h, mi, s, n = 0, oh = 0, om = 0, sign;
	const char *p;
	long off = 0;

	if (iso == NULL ||
	    sscanf(iso, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 ||
	    n == 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 60)
		return false;
	p = iso + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
		if (!two_digits(p, &oh))
			return false;
		p += 2;
		if (*p == ':')
			p++;
		if (two_digits(p, &om))
			p += 2;
		off = sign * (oh * 60L + om) * 60L;
	} else {
		return false;
	}
	if (*p != '\0')
		return false;
	*t = (time_t)(days_from_civil(y, mo, d) * 86400L + h * 3600L + mi * 60L + s - off);
	return true;
}

/* A timestamp as "2026年11月22日 18:00" in the zone utc_offset_s east of
 * UTC, as the terminals show it (client/fmt_time.c); "" when there is none. */
void page_time_local(const char *iso, long utc_offset_s, char *buf, size_t len)
{
	time_t t;

	if (!page_time_parse(iso, &t)) {
		snprintf(buf, len, "%s", "");
		return;
	}
	fmt_time_text(t, (int)(utc_offset_s / 60), 0, buf, len);
}

/* The end of a period (a comment window, 任前公示) as its last full day:
 * an end at midnight, "2026-12-12T00:00:00+08:00", is "2026年12月11日". */
void page_until_local(const char *iso, long utc_offset_s, char *buf, size_t len)
{
	time_t t;

	if (!page_time_parse(iso, &t)) {
		snprintf(buf, len, "%s", "");
		return;
	}
	fmt_time_until(t, 0, (int)(utc_offset_s / 60), 0, buf, len);
}

/* RFC 3339 in UTC, as Atom wants it. */
static void time_rfc3339(const char *iso, char *buf, size_t len)
{
	time_t t;
	struct tm tm;

	if (!page_time_parse(iso, &t))
		t = 0;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *page_result_name(const char *result)
{
	if (strcmp(result, "adopted") == 0)
		return "通过";
	if (strcmp(result, "rejected") == 0)
		return "未通过";
	if (strcmp(result, "elected") == 0)
		return "已选出";
	if (strcmp(result, "void") == 0)
		return "无效";
	return "待定";
}

static void page_head(struct hbuf *b, const char *title)
{
	hbuf_puts(b, "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		     "<title>");
	hbuf_esc(b, title);
	hbuf_puts(b, " · 阳光决策公开</title><link rel=\"stylesheet\" href=\"/style.css\">"
		     "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.atom\" "
		     "title=\"决策结果公开\"></head>\n<body><header><a href=\"/\">阳光 · "
		     "决策公开</a></header>\n<main>");
}

static char *page_end(struct hbuf *b, size_t *len)
{
	hbuf_puts(b, "</main>\n<footer>数据接口 <a href=\"/api/v1/\">/api/v1/</a> · 订阅 "
		     "<a href=\"/feed.atom\">Atom</a> · 计票签名公钥 "
		     "<a href=\"/.well-known/jwks.json\">JWKS</a><br>本页面不使用脚本、"
		     "外部字体或跟踪器。</footer>\n</body></html>\n");
	return hbuf_take(b, len);
}

/* "<span class=tag>…</span>" of a window: open until, or closed at. */
static void window_tag(struct hbuf *b, bool open, const char *ends, const struct page_ctx *ctx,
		       const char *open_word)
{
	char when[64];

	page_until_local(ends, ctx->utc_offset_s, when, sizeof(when));
	hbuf_printf(b, "<span class=\"tag %s\">%s</span><span class=\"meta\">%s %s</span>",
		    open ? "open" : "closed", open ? open_word : "已截止",
		    open ? "截止于" : "截止于", when);
}

static void comment_counts(struct hbuf *b, const cJSON *counts)
{
	hbuf_printf(b,
		    "<p class=\"meta\">已收到意见：支持 <span class=\"c-support\">%lld</span>，"
		    "反对 <span class=\"c-object\">%lld</span>，中立 <span "
		    "class=\"c-neutral\">%lld</span></p>",
		    num(counts, "support"), num(counts, "object"), num(counts, "neutral"));
}

/* A heading and a block of the public's text; nothing when text is empty. */
static void text_section(struct hbuf *b, const char *heading, const char *text)
{
	if (text[0] == '\0')
		return;
	hbuf_printf(b, "<h2>%s</h2><div class=\"text\">", heading);
	hbuf_esc(b, text);
	hbuf_puts(b, "</div>");
}

/* The anonymous comment form, posting to action. */
static void comment_form(struct hbuf *b, const char *action, const struct page_ctx *ctx)
{
	hbuf_puts(b, "<form method=\"post\" action=\"");
	hbuf_esc(b, action);
	hbuf_puts(b, "\" accept-charset=\"utf-8\"><fieldset><legend>您的态度</legend>"
		     "<label><input type=\"radio\" name=\"stance\" value=\"support\" required> "
		     "支持</label><label><input type=\"radio\" name=\"stance\" value=\"object\"> "
		     "反对</label><label><input type=\"radio\" name=\"stance\" value=\"neutral\"> "
		     "中立</label></fieldset><label for=\"body\">意见（不超过 2000 字）</label>"
		     "<textarea id=\"body\" name=\"body\" rows=\"6\" maxlength=\"2000\" "
		     "required></textarea><p><button type=\"submit\">提交意见</button></p>");
	hbuf_printf(b,
		    "<p class=\"meta\">意见匿名提交，不记录姓名；同一网络地址每小时最多提交 %u "
		    "条。</p></form>",
		    ctx->comment_rate);
}

/* The mark of a trial committee's (试用) row or section, in the body: a
 * tag, so that no row of a trial reads as a real committee's. */
#define TRIAL_TAG "<span class=\"tag trial\">试用</span>"

static const char *trial_tag(const cJSON *j)
{
	return flag(j, "trial") ? TRIAL_TAG : "";
}

static void announcement_li(struct hbuf *b, const cJSON *a, const struct page_ctx *ctx)
{
	hbuf_printf(b, "<li><a href=\"/items/%lld\">", num(a, "id"));
	hbuf_esc(b, str(a, "title"));
	hbuf_printf(b, "</a><br>%s<span class=\"tag\">", trial_tag(a));
	hbuf_esc(b, str(a, "category_name"));
	hbuf_puts(b, "</span>");
	window_tag(b, flag(a, "open"), str(a, "window_ends_at"), ctx, "征求意见中");
	hbuf_puts(b, "<br><span class=\"meta\">");
	hbuf_esc(b, str(a, "committee"));
	hbuf_puts(b, "</span></li>");
}

static void decision_li(struct hbuf *b, const cJSON *d, const struct page_ctx *ctx)
{
	char when[64];

	page_time_local(str(d, "published_at"), ctx->utc_offset_s, when, sizeof(when));
	hbuf_printf(b, "<li><a href=\"/decisions/%lld\">", num(d, "id"));
	hbuf_esc(b, str(d, "title"));
	hbuf_printf(b, "</a><br>%s<span class=\"tag\">%s</span><span class=\"tag\">", trial_tag(d),
		    page_result_name(str(d, "result")));
	hbuf_esc(b, str(d, "category_name"));
	hbuf_printf(b, "</span><span class=\"meta\">公开于 %s · ", when);
	hbuf_esc(b, str(d, "committee"));
	hbuf_puts(b, "</span>");
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d, "revision")))
		hbuf_printf(b, "<span class=\"tag revised\">%s</span>",
			    strcmp(str(d, "mode"), "withdrawn") == 0 ? "已撤回" : "已更正");
	hbuf_puts(b, "</li>");
}

char *page_home(const cJSON *home, const struct page_ctx *ctx, size_t *len)
{
	struct hbuf b = {0};
	const cJSON *a, *d, *n;
	bool any = false;

	page_head(&b, "首页");
	hbuf_puts(&b, "<h1>党委（党组）“三重一大”决策公开</h1>"
		      "<p class=\"meta\">决策前预告、征求意见、任前公示和决策结果。</p>"
		      "<p><a href=\"/meetings\">近期会议与列席申请 · 会议纪要</a> · "
		      "<a href=\"/power\">权力清单</a></p>"
		      "<h2 id=\"announcements\">决策前预告 · 征求意见</h2><ul class=\"list\">");
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(home, "announcements")) {
		announcement_li(&b, a, ctx);
		any = true;
	}
	if (!any)
		hbuf_puts(&b, "<li class=\"meta\">暂无预告的议题。</li>");
	hbuf_puts(&b, "</ul><h2 id=\"notices\">干部任前公示</h2><ul class=\"list\">");
	any = false;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(home, "decisions")) {
		n = cJSON_GetObjectItemCaseSensitive(d, "notice");
		if (!flag(n, "open"))
			continue;
		hbuf_printf(&b, "<li><a href=\"/decisions/%lld\">", num(d, "id"));
		hbuf_esc(&b, str(d, "title"));
		hbuf_puts(&b, "</a><br>");
		window_tag(&b, true, str(n, "ends_at"), ctx, "公示中");
		hbuf_puts(&b, "</li>");
		any = true;
	}
	if (!any)
		hbuf_puts(&b, "<li class=\"meta\">暂无公示。</li>");
	hbuf_puts(&b, "</ul><h2 id=\"decisions\">决策结果公开</h2><ul class=\"list\">");
	any = false;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(home, "decisions")) {
		decision_li(&b, d, ctx);
		any = true;
	}
	if (!any)
		hbuf_puts(&b, "<li class=\"meta\">暂无公开的决策结果。</li>");
	hbuf_puts(&b, "</ul>");
	return page_end(&b, len);
}

/* A row "name: value" of a description table. */
static void row(struct hbuf *b, const char *name, const char *value)
{
	hbuf_printf(b, "<tr><th>%s</th><td>", name);
	hbuf_esc(b, value);
	hbuf_puts(b, "</td></tr>");
}

/* A trial committee's (试用) page says so before anything else: the page's
 * data says whose it is, and its titles carry the mark too
 * (sql/api/030_agenda.sql, yg_inner.trial_title). */
static void trial_banner(struct hbuf *b, const cJSON *j)
{
	if (flag(j, "trial") || strncmp(str(j, "title"), "【试用】", strlen("【试用】")) == 0)
		hbuf_puts(b, "<p class=\"notice\" id=\"trial\">试用：本页来自试用委员会，"
			     "内容不是真实决策。</p>");
}

char *page_item(const cJSON *item, bool sent, const struct page_ctx *ctx, size_t *len)
{
	struct hbuf b = {0};
	char when[64], action[64];
	bool open = flag(item, "open");

	page_head(&b, str(item, "title"));
	trial_banner(&b, item);
	hbuf_puts(&b, "<p class=\"meta\">决策前预告</p><h1>");
	hbuf_esc(&b, str(item, "title"));
	hbuf_puts(&b, "</h1>");
	if (sent)
		hbuf_puts(&b, "<p class=\"notice\" id=\"sent\">您的意见已收到，谢谢。</p>");
	hbuf_puts(&b, "<table>");
	row(&b, "决策机关", str(item, "committee"));
	row(&b, "事项类别", str(item, "category_name"));
	row(&b, "性质", flag(item, "affects_public") ? "涉及群众切身利益" : "内部事项");
	page_time_local(str(item, "announced_at"), ctx->utc_offset_s, when, sizeof(when));
	row(&b, "预告时间", when);
	page_until_local(str(item, "window_ends_at"), ctx->utc_offset_s, when, sizeof(when));
	row(&b, "征求意见截止", when);
	hbuf_puts(&b, "</table>");
	text_section(&b, "议题内容", str(item, "summary"));
	hbuf_puts(&b, "<h2>征求意见</h2>");
	comment_counts(&b, cJSON_GetObjectItemCaseSensitive(item, "comments"));
	if (open) {
		snprintf(action, sizeof(action), "/items/%lld/comments", num(item, "id"));
		comment_form(&b, action, ctx);
	} else {
		hbuf_puts(&b, "<p class=\"meta\" id=\"closed\">征求意见已截止。</p>");
	}
	return page_end(&b, len);
}

/* A cadre decision published in summary without counts (the rules'
 * cadre_summary_counts): only the names appointed. */
static void appointed_list(struct hbuf *b, const cJSON *names)
{
	const cJSON *e;

	hbuf_puts(b, "<p>任用人选：<span id=\"appointed\">");
	cJSON_ArrayForEach(e, names) {
		if (e != names->child)
			hbuf_puts(b, "、");
		hbuf_esc(b, cJSON_IsString(e) ? e->valuestring : "");
	}
	if (cJSON_GetArraySize(names) == 0)
		hbuf_puts(b, "无");
	hbuf_puts(b, "</span></p>");
}

/* The counts as a table: options with their votes, or candidates with
 * theirs and whether elected. Cells carry data-label for checking. */
static void counts_table(struct hbuf *b, const cJSON *d)
{
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(d, "question");
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(q, "labels");
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(d, "counts");
	const cJSON *elected = cJSON_GetObjectItemCaseSensitive(d, "elected"), *e;
	bool approval = strcmp(str(q, "kind"), "approval") == 0, won;
	int i, n = cJSON_GetArraySize(labels);

	if (!cJSON_IsArray(counts)) {
		appointed_list(b, labels);
		return;
	}
	hbuf_printf(b, "<table id=\"counts\"><tr><th>%s</th><th>票数</th>%s</tr>",
		    approval ? "候选人" : "选项", approval ? "<th>结果</th>" : "");
	for (i = 0; i < n; i++) {
		const char *label = cJSON_GetStringValue(cJSON_GetArrayItem(labels, i));
		const cJSON *c = cJSON_GetArrayItem(counts, i);

		hbuf_puts(b, "<tr><td>");
		hbuf_esc(b, label);
		hbuf_puts(b, "</td><td class=\"count\" data-label=\"");
		hbuf_esc(b, label);
		hbuf_printf(b, "\">%lld</td>", num_value(c));
		if (approval) {
			won = false;
			cJSON_ArrayForEach(e, elected)
				won |= cJSON_IsNumber(e) && e->valueint == i;
			hbuf_printf(b, "<td>%s</td>", won ? "当选" : "");
		}
		hbuf_puts(b, "</tr>");
	}
	hbuf_puts(b, "</table>");
}

/* The mark of a decision's current version: corrected, withdrawn or
 * declassified, when, and why; nothing for the first review. */
static void revision_notice(struct hbuf *b, const cJSON *d, const struct page_ctx *ctx)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(d, "revision");
	const char *action = str(r, "action");
	char when[64];

	if (!cJSON_IsObject(r))
		return;
	page_time_local(str(r, "at"), ctx->utc_offset_s, when, sizeof(when));
	hbuf_printf(b, "<p class=\"notice\" id=\"revision\" data-action=\"%s\">",
		    strcmp(action, "correct") == 0    ? "correct"
		    : strcmp(action, "withdraw") == 0 ? "withdraw"
						      : "declassify");
	hbuf_printf(b, "%s（%s）。理由：",
		    strcmp(action, "correct") == 0    ? "本决策的公开内容已更正"
		    : strcmp(action, "withdraw") == 0 ? "本决策的公开已撤回"
						      : "本决策原不予公开，保密期满已解密公开",
		    when);
	hbuf_esc(b, str(r, "reason"));
	hbuf_puts(b, "</p>");
}

/* The earlier public versions, oldest first, each kept readable. */
static void versions_section(struct hbuf *b, const cJSON *d, const struct page_ctx *ctx)
{
	const cJSON *vs = cJSON_GetObjectItemCaseSensitive(d, "versions"), *v;
	char when[64];

	if (cJSON_GetArraySize(vs) == 0)
		return;
	hbuf_puts(b, "<h2 id=\"versions\">此前公开的版本</h2>");
	cJSON_ArrayForEach(v, vs) {
		page_time_local(str(v, "from"), ctx->utc_offset_s, when, sizeof(when));
		hbuf_printf(b,
			    "<details class=\"version\"><summary>第 %lld 版（%s，公开于 "
			    "%s）</summary><div class=\"text\">",
			    num(v, "n") + 1, strcmp(str(v, "mode"), "full") == 0 ? "全文" : "摘要",
			    when);
		hbuf_esc(b, str(v, "summary"));
		hbuf_puts(b, "</div></details>");
	}
}

char *page_decision(const cJSON *d, bool sent, const struct page_ctx *ctx, size_t *len)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "meeting");
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(d, "notice");
	bool full = strcmp(str(d, "mode"), "full") == 0;
	bool withdrawn = strcmp(str(d, "mode"), "withdrawn") == 0;
	struct hbuf b = {0};
	char when[64], action[64];

	page_head(&b, str(d, "title"));
	trial_banner(&b, d);
	hbuf_printf(&b, "<p class=\"meta\">决策结果公开 · %s</p><h1>",
		    full        ? "全文公开"
		    : withdrawn ? "已撤回"
				: "摘要公开");
	hbuf_esc(&b, str(d, "title"));
	hbuf_puts(&b, "</h1><p class=\"result\" id=\"result\" data-result=\"");
	hbuf_esc(&b, str(d, "result"));
	hbuf_printf(&b, "\">表决结果：%s</p>", page_result_name(str(d, "result")));
	if (sent)
		hbuf_puts(&b, "<p class=\"notice\" id=\"sent\">您的意见已收到，谢谢。</p>");
	revision_notice(&b, d, ctx);
	hbuf_puts(&b, "<table>");
	row(&b, "决策机关", str(d, "committee"));
	row(&b, "事项类别", str(d, "category_name"));
	row(&b, "会议", str(m, "title"));
	page_time_local(str(m, "starts_at"), ctx->utc_offset_s, when, sizeof(when));
	row(&b, "会议时间", when);
	page_time_local(str(d, "decided_at"), ctx->utc_offset_s, when, sizeof(when));
	row(&b, "表决时间", when);
	page_time_local(str(d, "published_at"), ctx->utc_offset_s, when, sizeof(when));
	row(&b, "公开时间", when);
	hbuf_puts(&b, "</table>");
	if (withdrawn) {
		versions_section(&b, d, ctx);
		return page_end(&b, len);
	}
	hbuf_printf(
		&b,
		"<p><a id=\"notice-pdf\" href=\"/decisions/%lld/notice.pdf\">决策公告（PDF，A4，"
		"可打印）</a></p>",
		num(d, "id"));
	text_section(&b, full ? "议题内容" : "决策摘要", str(d, "summary"));
	versions_section(&b, d, ctx);
	hbuf_puts(&b, "<h2>表决情况（无记名投票）</h2>");
	hbuf_printf(&b,
		    "<p>应到会 <span id=\"entitled\">%lld</span> 人，实到 <span "
		    "id=\"present\">%lld</span> 人，有表决权 <span id=\"eligible\">%lld</span> "
		    "人，收回选票 <span id=\"ballots\">%lld</span> 张；通过须得赞成票不少于 <span "
		    "id=\"line\">%lld</span> 票。</p>",
		    num(d, "entitled"), num(d, "present"), num(d, "eligible"), num(d, "ballots"),
		    num(d, "line"));
	counts_table(&b, d);
	if (full) {
		hbuf_printf(&b,
			    "<h2>核验</h2><p>计票结果由服务器签名（JWS，EdDSA/Ed25519），公钥见 "
			    "<a href=\"/.well-known/jwks.json\">JWKS</a>。完整的选举记录可下载后用 "
			    "<code>yg verify 记录文件 --server-key jwks.json</code> 离线核验"
			    "（以另行保存并与公告核对的 JWKS 为信任锚），不泄露任何人的投票。</p>"
			    "<p><a id=\"record\" href=\"/decisions/%lld/record.json\" "
			    "download>下载选举记录（JSON）</a></p><details><summary>签名计票结果"
			    "</summary><pre id=\"tally\">",
			    num(d, "id"));
		hbuf_esc(&b, str(d, "tally"));
		hbuf_puts(&b, "</pre><p class=\"meta\">签名密钥 <code>");
		hbuf_esc(&b, str(d, "server_key"));
		hbuf_puts(&b, "</code></p></details>");
	}
	if (cJSON_IsObject(n)) {
		hbuf_puts(&b, "<h2 id=\"notice\">干部任前公示</h2><p>");
		page_time_local(str(n, "starts_at"), ctx->utc_offset_s, when, sizeof(when));
		hbuf_printf(&b, "公示自 %s 起，", when);
		window_tag(&b, flag(n, "open"), str(n, "ends_at"), ctx, "公示中");
		hbuf_puts(&b, "</p>");
		comment_counts(&b, cJSON_GetObjectItemCaseSensitive(n, "comments"));
		if (flag(n, "open")) {
			snprintf(action, sizeof(action), "/decisions/%lld/comments", num(d, "id"));
			comment_form(&b, action, ctx);
		}
	}
	return page_end(&b, len);
}

/* Meetings announced and to come, how an observer applies to attend, and
 * the meetings whose minutes' public extract may be printed. */
char *page_meetings(const cJSON *j, const struct page_ctx *ctx, size_t *len)
{
	struct hbuf b = {0};
	const cJSON *m, *it, *c;
	char at[64];
	bool any = false;

	page_head(&b, "会议");
	hbuf_puts(&b, "<h1>近期会议</h1><ul class=\"list\" id=\"upcoming\">");
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "upcoming")) {
		page_time_local(str(m, "starts_at"), ctx->utc_offset_s, at, sizeof(at));
		hbuf_printf(&b, "<li data-meeting=\"%lld\"><strong>", num(m, "id"));
		hbuf_esc(&b, str(m, "title"));
		hbuf_printf(&b, "</strong>%s<br><span class=\"meta\">会议时间 %s · 地点 ",
			    trial_tag(m), at);
		hbuf_esc(&b, str(m, "place"));
		hbuf_puts(&b, " · ");
		hbuf_esc(&b, str(m, "committee"));
		hbuf_printf(&b, "（委员会编号 %lld）</span>%s<br><span class=\"meta\">议程 %lld 项",
			    num(m, "committee_id"),
			    strcmp(str(m, "status"), "open") == 0
				    ? "<span class=\"tag open\">进行中</span>"
				    : "",
			    num(m, "agenda"));
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "public_items")) {
			hbuf_printf(&b, " · <a href=\"/items/%lld\">", num(it, "id"));
			hbuf_esc(&b, str(it, "title"));
			hbuf_puts(&b, "</a>");
		}
		hbuf_puts(&b, "</span></li>");
		any = true;
	}
	if (!any)
		hbuf_puts(&b, "<li class=\"meta\">暂无已通知的会议。</li>");
	hbuf_puts(&b,
		  "</ul><h2 id=\"observers\">列席申请</h2><p>党代表、人大代表、政协委员、"
		  "群众代表等可申请列席。在自己的终端生成密钥后，运行：</p><pre id=\"register\">"
		  "yg keygen\nyg observer register --committee 委员会编号 --name 姓名 "
		  "--category 类别 [--affiliation 单位]</pre><p>经委员会管理员批准进入列席人员库、"
		  "由主持人邀请后，即可到会登记（yg meeting check-in 会议编号）并列席；"
		  "保密议题不对列席人员开放。可申请的类别（其代码用 yg catalog --committee "
		  "委员会编号 查看）：</p><p id=\"categories\">");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "categories")) {
		hbuf_puts(&b, "<span class=\"tag\">");
		hbuf_esc(&b, str(c, "name"));
		if (num(c, "committee_id") != 0)
			hbuf_printf(&b, "（委员会 %lld）", num(c, "committee_id"));
		hbuf_puts(&b, "</span>");
	}
	hbuf_puts(&b, "</p><h2 id=\"minutes\">会议纪要</h2><ul class=\"list\">");
	any = false;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "minutes")) {
		page_time_local(str(m, "opened"), ctx->utc_offset_s, at, sizeof(at));
		hbuf_printf(&b, "<li data-meeting=\"%lld\"><a href=\"/meetings/%lld/minutes.pdf\">",
			    num(m, "id"), num(m, "id"));
		hbuf_esc(&b, str(m, "title"));
		hbuf_printf(&b, "（PDF）</a><br>%s<span class=\"meta\">%s · ", trial_tag(m), at);
		hbuf_esc(&b, str(m, "committee"));
		hbuf_puts(&b, "</span></li>");
		any = true;
	}
	if (!any)
		hbuf_puts(&b, "<li class=\"meta\">暂无公开的会议纪要。</li>");
	hbuf_puts(&b, "</ul>");
	return page_end(&b, len);
}

/* Each committee's power list (权力清单). */
char *page_power(const cJSON *j, const struct page_ctx *ctx, size_t *len)
{
	struct hbuf b = {0};
	const cJSON *c, *e;

	(void)ctx;
	page_head(&b, "权力清单");
	hbuf_puts(&b,
		  "<h1>权力清单</h1><p class=\"meta\">每个提交集体决策的议题须对应清单中的一项；"
		  "标为“不直接决策具体事项”的事项不得提交集体决策。</p>");
	cJSON_ArrayForEach(c, j) {
		hbuf_printf(&b, "<h2 id=\"committee-%lld\">", num(c, "id"));
		hbuf_esc(&b, str(c, "committee"));
		hbuf_printf(&b,
			    "%s</h2>%s<table class=\"power\"><tr><th>编号</th><th>类别</th>"
			    "<th>事项</th><th>依据</th><th>决策方式</th></tr>",
			    trial_tag(c),
			    flag(c, "trial")
				    ? "<p class=\"notice trial\">试用：这是试用委员会的清单，"
				      "不具效力。</p>"
				    : "");
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c, "entries")) {
			hbuf_printf(&b, "<tr%s><td>%lld%s</td><td>",
				    flag(c, "trial") ? " class=\"trial\"" : "", num(e, "id"),
				    trial_tag(c));
			hbuf_esc(&b, str(e, "category_name"));
			hbuf_puts(&b, "</td><td>");
			hbuf_esc(&b, str(e, "title"));
			hbuf_puts(&b, "</td><td>");
			hbuf_esc(&b, str(e, "legal_basis"));
			hbuf_printf(&b, "</td><td>%s%s</td></tr>",
				    flag(e, "collective") ? "集体决策" : "不直接决策具体事项",
				    strcmp(str(e, "status"), "retired") == 0 ? "（已停用）" : "");
		}
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "entries")) == 0)
			hbuf_puts(&b, "<tr><td colspan=\"5\">暂无</td></tr>");
		hbuf_puts(&b, "</table>");
	}
	return page_end(&b, len);
}

/* A short page for errors and refusals, with a way back. */
char *page_message(int status, const char *title, const char *text, const char *back, size_t *len)
{
	struct hbuf b = {0};

	page_head(&b, title);
	hbuf_printf(&b, "<h1>");
	hbuf_esc(&b, title);
	hbuf_printf(&b, "</h1><p class=\"meta\">HTTP %d</p><p id=\"message\">", status);
	hbuf_esc(&b, text);
	hbuf_puts(&b, "</p><p><a href=\"");
	hbuf_esc(&b, back != NULL ? back : "/");
	hbuf_puts(&b, "\">返回</a></p>");
	return page_end(&b, len);
}

char *page_feed(const cJSON *home, const struct page_ctx *ctx, size_t *len)
{
	const cJSON *decisions = cJSON_GetObjectItemCaseSensitive(home, "decisions"), *d;
	struct hbuf b = {0};
	char when[40];

	time_rfc3339(cJSON_GetArraySize(decisions) > 0
			     ? str(cJSON_GetArrayItem(decisions, 0), "published_at")
			     : str(home, "now"),
		     when, sizeof(when));
	hbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
		      "<title>阳光 · 决策结果公开</title>\n<id>");
	hbuf_esc(&b, ctx->base_url);
	hbuf_puts(&b, "/feed.atom</id>\n<link rel=\"self\" href=\"");
	hbuf_esc(&b, ctx->base_url);
	hbuf_puts(&b, "/feed.atom\"/>\n<link href=\"");
	hbuf_esc(&b, ctx->base_url);
	hbuf_printf(&b,
		    "/\"/>\n<updated>%s</updated>\n<author><name>阳光 "
		    "yangguang</name></author>\n",
		    when);
	cJSON_ArrayForEach(d, decisions) {
		hbuf_puts(&b, "<entry>\n<title>");
		hbuf_esc(&b, str(d, "title"));
		hbuf_puts(&b, "</title>\n<id>");
		hbuf_esc(&b, ctx->base_url);
		hbuf_printf(&b, "/decisions/%lld</id>\n<link href=\"", num(d, "id"));
		hbuf_esc(&b, ctx->base_url);
		time_rfc3339(str(d, "published_at"), when, sizeof(when));
		hbuf_printf(
			&b,
			"/decisions/%lld\"/>\n<updated>%s</updated>\n<published>%s</published>\n",
			num(d, "id"), when, when);
		hbuf_puts(&b, "<category term=\"");
		hbuf_esc(&b, str(d, "category"));
		hbuf_puts(&b, "\" label=\"");
		hbuf_esc(&b, str(d, "category_name"));
		hbuf_printf(&b, "\"/>\n<summary>表决结果：%s。",
			    page_result_name(str(d, "result")));
		hbuf_esc(&b, str(d, "summary"));
		hbuf_puts(&b, "</summary>\n</entry>\n");
	}
	hbuf_puts(&b, "</feed>\n");
	return hbuf_take(&b, len);
}

/* The server's tally-signing key as a JSON Web Key Set (RFC 7517, RFC 8037):
 * kid is the key's text form, which tallies carry as their kid. */
char *page_jwks(const char *sign_pub, size_t *len)
{
	unsigned char raw[SIG_PUB_LEN];
	char x[64];
	struct hbuf b = {0};

	if (!sig_pub_from_text(sign_pub, raw) || b64url_encode(raw, sizeof(raw), x, sizeof(x)) == 0)
		return NULL;
	hbuf_puts(&b, "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"");
	hbuf_puts(&b, x);
	hbuf_puts(&b, "\",\"kid\":\"");
	hbuf_puts(&b, sign_pub);
	hbuf_puts(&b, "\",\"use\":\"sig\",\"alg\":\"EdDSA\"}]}\n");
	return hbuf_take(&b, len);
}
