/* Unit tests for server/portal/pages.c: the portal's pages rendered from
 * JSON in the shape the database's api.portal_* functions return it
 * (sql/0014_publication.sql). Every string from the database carries
 * markup and must come out escaped; every page must hold only the
 * elements its templates write; odd input (missing fields, wrong types,
 * numbers out of range) must not crash. Also the timestamps (parsing the
 * forms PostgreSQL writes, showing them in the portal's zone), the names of
 * results, and the JWKS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <openssl/evp.h>

#include "../../proto/sig.h"
#include "../../server/portal/pages.h"

/* The markup every string field carries, after a name telling the fields
 * apart, and what hbuf_esc makes of it. */
#define XSS     "<script>alert(1)</script>\"'&"
#define XSS_ESC "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"

static const struct page_ctx ctx = {28800, 5, "https://gov.example"};

/* The elements the templates write. */
static const char *const html_tags[] = {
	"!doctype", "html",   "head",     "meta",    "title", "link",  "body",
	"header",   "a",      "main",     "h1",      "h2",    "p",     "ul",
	"li",       "span",   "br",       "table",   "tr",    "th",    "td",
	"div",      "form",   "fieldset", "legend",  "label", "input", "textarea",
	"button",   "footer", "details",  "summary", "pre",   "code",  NULL,
};
static const char *const atom_tags[] = {
	"?xml", "feed",  "title",     "id",       "link",    "updated", "author",
	"name", "entry", "published", "category", "summary", NULL,
};

static bool in_list(const char *const *list, const char *name, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncmp(*list, name, n) == 0)
			return true;
	return false;
}

/* The text is markup the templates could have written: every '<' opens an
 * element of tags (or closes one), every tag's quotes are balanced and hold
 * no '<', there is no '>' outside a tag and no "'" inside one, and every
 * '&' starts one of the five references hbuf_esc writes. */
static void assert_markup(const char *text, const char *const *tags)
{
	static const char *const refs[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	const char *p = text, *name, *end;
	size_t i, n, quotes;
	bool ok;

	assert_non_null(text);
	for (; *p != '\0'; p++) {
		if (*p == '&') {
			ok = false;
			for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
				ok |= strncmp(p, refs[i], strlen(refs[i])) == 0;
			if (!ok)
				print_error("a bare '&' at \"%.40s\"\n", p);
			assert_true(ok);
		} else if (*p == '>') {
			print_error("a '>' outside a tag at \"%.40s\"\n", p);
			fail();
		} else if (*p == '<') {
			name = p + 1;
			if (*name == '/')
				name++;
			for (n = 0; name[n] != '\0' && strchr(" >/\n", name[n]) == NULL; n++)
				;
			if (!in_list(tags, name, n))
				print_error("an element <%.*s> no template writes\n", (int)n, name);
			assert_true(in_list(tags, name, n));
			end = strchr(p, '>');
			assert_non_null(end);
			for (quotes = 0, name = p + 1; name < end; name++) {
				assert_true(*name != '<' && *name != '\'');
				quotes += *name == '"';
			}
			assert_int_equal(quotes % 2, 0);
			p = end;
		}
	}
}

/* Every field named in fields shows its own marked-up value escaped, and
 * no value shows raw anywhere. */
static void assert_fields_escaped(const char *out, const char *const *fields)
{
	char want[256];

	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "</script"));
	assert_null(strstr(out, "\"'&"));
	assert_null(strstr(out, "alert(1)<"));
	for (; *fields != NULL; fields++) {
		snprintf(want, sizeof(want), "%s%s", *fields, XSS_ESC);
		if (strstr(out, want) == NULL)
			print_error("field %s does not show escaped\n", *fields);
		assert_non_null(strstr(out, want));
	}
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
		n++;
	return n;
}

/* A string field called name whose value is tag, then the markup. */
static void add_tagged(cJSON *o, const char *name, const char *tag)
{
	char v[128];

	snprintf(v, sizeof(v), "%s%s", tag, XSS);
	assert_non_null(cJSON_AddStringToObject(o, name, v));
}

/* A string field tagged with its own name. */
static void add_x(cJSON *o, const char *name)
{
	add_tagged(o, name, name);
}

static cJSON *counts_obj(int s, int o, int n)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddNumberToObject(c, "support", s);
	cJSON_AddNumberToObject(c, "object", o);
	cJSON_AddNumberToObject(c, "neutral", n);
	return c;
}

/* yg_inner.portal_announcement_json, every string marked. */
static cJSON *announcement(long long id, bool open)
{
	cJSON *a = cJSON_CreateObject();

	assert_non_null(a);
	cJSON_AddNumberToObject(a, "id", (double)id);
	cJSON_AddNumberToObject(a, "version", 2);
	add_x(a, "committee");
	add_x(a, "title");
	add_x(a, "summary");
	add_x(a, "category");
	add_x(a, "category_name");
	cJSON_AddBoolToObject(a, "affects_public", true);
	cJSON_AddStringToObject(a, "announced_at", "2026-11-20T09:30:00.123456+08:00");
	cJSON_AddStringToObject(a, "window_ends_at", "2026-11-22T16:00:00+00:00");
	cJSON_AddBoolToObject(a, "open", open);
	cJSON_AddItemToObject(a, "comments", counts_obj(3, 1, 2));
	return a;
}

/* yg_inner.portal_decision_json, every string marked (the result too, though
 * the database only ever has adopted, rejected, elected or void there). */
static cJSON *decision(long long id, const char *mode, bool notice, bool notice_open)
{
	cJSON *d = cJSON_CreateObject(), *m, *q, *labels, *counts, *elected, *n;

	assert_non_null(d);
	cJSON_AddNumberToObject(d, "id", (double)id);
	add_x(d, "committee");
	add_x(d, "title");
	add_x(d, "category");
	add_x(d, "category_name");
	cJSON_AddStringToObject(d, "mode", mode);
	add_x(d, "summary");
	m = cJSON_AddObjectToObject(d, "meeting");
	cJSON_AddNumberToObject(m, "id", 4);
	add_tagged(m, "title", "meeting.title");
	cJSON_AddStringToObject(m, "starts_at", "2026-11-18T01:00:00+00:00");
	cJSON_AddStringToObject(d, "decided_at", "2026-11-18T02:15:00+00:00");
	cJSON_AddStringToObject(d, "published_at", "2026-11-21T08:00:00+00:00");
	add_x(d, "result");
	q = cJSON_AddObjectToObject(d, "question");
	cJSON_AddStringToObject(q, "kind", "approval");
	add_tagged(q, "title", "question.title");
	labels = cJSON_AddArrayToObject(q, "labels");
	cJSON_AddItemToArray(labels, cJSON_CreateString("label0" XSS));
	cJSON_AddItemToArray(labels, cJSON_CreateString("label1" XSS));
	cJSON_AddItemToArray(labels, cJSON_CreateString("label2" XSS));
	cJSON_AddNumberToObject(q, "seats", 2);
	counts = cJSON_AddArrayToObject(d, "counts");
	cJSON_AddItemToArray(counts, cJSON_CreateNumber(7));
	cJSON_AddItemToArray(counts, cJSON_CreateNumber(2));
	cJSON_AddItemToArray(counts, cJSON_CreateNumber(6));
	cJSON_AddNumberToObject(d, "line", 5);
	elected = cJSON_AddArrayToObject(d, "elected");
	cJSON_AddItemToArray(elected, cJSON_CreateNumber(0));
	cJSON_AddItemToArray(elected, cJSON_CreateNumber(2));
	cJSON_AddNumberToObject(d, "entitled", 11);
	cJSON_AddNumberToObject(d, "present", 9);
	cJSON_AddNumberToObject(d, "eligible", 8);
	cJSON_AddNumberToObject(d, "ballots", 8);
	add_x(d, "tally");
	add_x(d, "server_key");
	cJSON_AddBoolToObject(d, "record", strcmp(mode, "full") == 0);
	if (notice) {
		n = cJSON_AddObjectToObject(d, "notice");
		cJSON_AddStringToObject(n, "starts_at", "2026-11-21T08:00:00+00:00");
		cJSON_AddStringToObject(n, "ends_at", "2026-11-27T16:00:00+00:00");
		cJSON_AddBoolToObject(n, "open", notice_open);
		cJSON_AddItemToObject(n, "comments", counts_obj(4, 0, 1));
	} else {
		cJSON_AddNullToObject(d, "notice");
	}
	return d;
}

/* api.portal_home: two announcements, two decisions (one with an open
 * notice). */
static cJSON *home(void)
{
	cJSON *h = cJSON_CreateObject(), *a, *d;

	assert_non_null(h);
	cJSON_AddStringToObject(h, "now", "2026-11-21T10:00:00+00:00");
	a = cJSON_AddArrayToObject(h, "announcements");
	cJSON_AddItemToArray(a, announcement(31, true));
	cJSON_AddItemToArray(a, announcement(32, false));
	d = cJSON_AddArrayToObject(h, "decisions");
	cJSON_AddItemToArray(d, decision(21, "full", true, true));
	cJSON_AddItemToArray(d, decision(22, "summary", false, false));
	return h;
}

static void test_home_escapes(void **state)
{
	static const char *const fields[] = {"title", "category_name", "committee", NULL};
	cJSON *h = home();
	size_t len;
	char *out;

	(void)state;
	out = page_home(h, &ctx, &len);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_markup(out, html_tags);
	assert_fields_escaped(out, fields);
	/* Two announcements, the decision with an open notice in the list of
	 * notices, and both decisions. */
	assert_non_null(strstr(out, "href=\"/items/31\""));
	assert_non_null(strstr(out, "href=\"/items/32\""));
	assert_int_equal(count(out, "href=\"/decisions/21\""), 2);
	assert_int_equal(count(out, "href=\"/decisions/22\""), 1);
	/* Titles: two announcements, the notice, two decisions. */
	assert_int_equal(count(out, "title" XSS_ESC), 5);
	/* The result shows by its name only: an unknown one is 待定. */
	assert_non_null(strstr(out, ">待定<"));
	/* The window's end in Beijing time, 2026-11-22 16:00 UTC, is midnight:
	 * it reads as its last full day. */
	assert_non_null(strstr(out, "截止于 2026年11月22日<"));
	assert_null(strstr(out, "2026年11月23日 00:00"));
	assert_non_null(strstr(out, "征求意见中"));
	assert_non_null(strstr(out, "已截止"));
	/* Nothing the list does not show. */
	assert_null(strstr(out, "summary" XSS_ESC));
	assert_null(strstr(out, "tally"));
	free(out);
	cJSON_Delete(h);
}

static void test_home_empty(void **state)
{
	cJSON *h = cJSON_Parse("{\"now\":\"2026-11-21T10:00:00Z\",\"announcements\":[],"
			       "\"decisions\":[]}");
	size_t len;
	char *out;

	(void)state;
	out = page_home(h, &ctx, &len);
	assert_markup(out, html_tags);
	assert_non_null(strstr(out, "暂无预告的议题。"));
	assert_non_null(strstr(out, "暂无公示。"));
	assert_non_null(strstr(out, "暂无公开的决策结果。"));
	free(out);
	cJSON_Delete(h);
}

static void test_item_escapes(void **state)
{
	static const char *const fields[] = {"title", "committee", "category_name", "summary",
					     NULL};
	cJSON *a = announcement(31, true);
	size_t len;
	char *out;

	(void)state;
	out = page_item(a, false, &ctx, &len);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_markup(out, html_tags);
	assert_fields_escaped(out, fields);
	/* The title in <title> and in <h1>. */
	assert_int_equal(count(out, "title" XSS_ESC), 2);
	assert_non_null(strstr(out, "<title>title" XSS_ESC " · "));
	/* The form posts to the item's comments. */
	assert_non_null(strstr(out, "action=\"/items/31/comments\""));
	assert_non_null(strstr(out, "每小时最多提交 5 条"));
	assert_null(strstr(out, "id=\"sent\""));
	assert_null(strstr(out, "id=\"closed\""));
	/* Counts and times (Beijing). */
	assert_non_null(strstr(out, "<span class=\"c-support\">3</span>"));
	assert_non_null(strstr(out, "<span class=\"c-object\">1</span>"));
	assert_non_null(strstr(out, "<span class=\"c-neutral\">2</span>"));
	assert_non_null(strstr(out, "2026年11月20日 09:30"));
	assert_non_null(strstr(out, "<td>2026年11月22日</td>")); /* the window's last day */
	assert_null(strstr(out, "2026年11月23日 00:00"));
	assert_non_null(strstr(out, "涉及群众切身利益"));
	free(out);
	cJSON_Delete(a);
}

static void test_item_closed_and_sent(void **state)
{
	cJSON *a = announcement(32, false);
	size_t len;
	char *out;

	(void)state;
	cJSON_ReplaceItemInObject(a, "affects_public", cJSON_CreateFalse());
	out = page_item(a, true, &ctx, &len);
	assert_markup(out, html_tags);
	assert_non_null(strstr(out, "id=\"sent\""));
	assert_non_null(strstr(out, "id=\"closed\""));
	assert_null(strstr(out, "<form"));
	assert_non_null(strstr(out, "内部事项"));
	free(out);
	cJSON_Delete(a);
}

static void test_decision_escapes(void **state)
{
	static const char *const fields[] = {
		"title",  "committee", "category_name", "meeting.title", "summary", "label0",
		"label1", "label2",    "tally",         "server_key",    "result",  NULL,
	};
	cJSON *d = decision(21, "full", true, true);
	size_t len;
	char *out;

	(void)state;
	out = page_decision(d, false, &ctx, &len);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_markup(out, html_tags);
	assert_fields_escaped(out, fields);
	/* Each label in its cell and in the cell's data-label. */
	assert_int_equal(count(out, "label1" XSS_ESC), 2);
	assert_non_null(strstr(out, "data-label=\"label1" XSS_ESC "\">2</td>"));
	/* The result, unknown, in the attribute and by name. */
	assert_non_null(strstr(out, "data-result=\"result" XSS_ESC "\""));
	assert_non_null(strstr(out, "表决结果：待定"));
	/* Full: the record, the signed tally and its key. */
	assert_non_null(strstr(out, "全文公开"));
	assert_non_null(strstr(out, "href=\"/decisions/21/record.json\""));
	assert_non_null(strstr(out, "<pre id=\"tally\">tally" XSS_ESC "</pre>"));
	/* Approval: candidates 0 and 2 elected. */
	assert_non_null(strstr(out, "候选人"));
	assert_int_equal(count(out, "<td>当选</td>"), 2);
	assert_non_null(strstr(out, "data-label=\"label0" XSS_ESC "\">7</td><td>当选</td>"));
	assert_non_null(strstr(out, "data-label=\"label1" XSS_ESC "\">2</td><td></td>"));
	/* The figures. */
	assert_non_null(strstr(out, "<span id=\"entitled\">11</span>"));
	assert_non_null(strstr(out, "<span id=\"present\">9</span>"));
	assert_non_null(strstr(out, "<span id=\"eligible\">8</span>"));
	assert_non_null(strstr(out, "<span id=\"ballots\">8</span>"));
	assert_non_null(strstr(out, "<span id=\"line\">5</span>"));
	/* The open notice and its form. */
	assert_non_null(strstr(out, "id=\"notice\""));
	assert_non_null(strstr(out, "action=\"/decisions/21/comments\""));
	assert_non_null(strstr(out, "公示中"));
	assert_non_null(strstr(out, "截止于 2026年11月27日<")); /* ends at midnight */
	assert_null(strstr(out, "2026年11月28日 00:00"));
	/* Times in Beijing: meeting, vote, publication. */
	assert_non_null(strstr(out, "2026年11月18日 09:00"));
	assert_non_null(strstr(out, "2026年11月18日 10:15"));
	assert_non_null(strstr(out, "2026年11月21日 16:00"));
	free(out);
	cJSON_Delete(d);
}

/* A summary shows neither the tally nor the record, even when the JSON
 * held them; an adopted options vote has no column of results. */
static void test_decision_summary(void **state)
{
	cJSON *d = decision(22, "summary", false, false), *q;
	size_t len;
	char *out;

	(void)state;
	cJSON_ReplaceItemInObject(d, "result", cJSON_CreateString("adopted"));
	q = cJSON_GetObjectItem(d, "question");
	cJSON_ReplaceItemInObject(q, "kind", cJSON_CreateString("options"));
	out = page_decision(d, true, &ctx, &len);
	assert_markup(out, html_tags);
	assert_non_null(strstr(out, "摘要公开"));
	assert_non_null(strstr(out, "决策摘要"));
	assert_non_null(strstr(out, "data-result=\"adopted\""));
	assert_non_null(strstr(out, "表决结果：通过"));
	assert_non_null(strstr(out, "id=\"sent\""));
	assert_null(strstr(out, "tally"));
	assert_null(strstr(out, "server_key"));
	assert_null(strstr(out, "record.json"));
	assert_null(strstr(out, "当选"));
	assert_null(strstr(out, "<th>结果</th>"));
	assert_non_null(strstr(out, "<th>选项</th>"));
	/* No notice, no form. */
	assert_null(strstr(out, "id=\"notice\""));
	assert_null(strstr(out, "<form"));
	free(out);
	cJSON_Delete(d);
}

/* A notice that has closed: its counts, no form. */
static void test_decision_notice_closed(void **state)
{
	cJSON *d = decision(23, "full", true, false);
	size_t len;
	char *out;

	(void)state;
	out = page_decision(d, false, &ctx, &len);
	assert_markup(out, html_tags);
	assert_non_null(strstr(out, "id=\"notice\""));
	assert_non_null(strstr(out, "已截止"));
	assert_non_null(strstr(out, "<span class=\"c-support\">4</span>"));
	assert_null(strstr(out, "<form"));
	free(out);
	cJSON_Delete(d);
}

#define FEED_START "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "

static void test_feed_escapes(void **state)
{
	static const char *const fields[] = {"title", "category_name", "summary", "category", NULL};
	const struct page_ctx fctx = {0, 5, "https://gov.example/base" XSS};
	cJSON *h = home();
	size_t len;
	char *out;

	(void)state;
	out = page_feed(h, &fctx, &len);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_markup(out, atom_tags);
	assert_fields_escaped(out, fields);
	assert_true(strncmp(out, FEED_START, strlen(FEED_START)) == 0);
	/* The base address, escaped, in the feed's id and links and each
	 * entry's id and link. */
	assert_int_equal(count(out, "https://gov.example/base" XSS_ESC), 3 + 2 * 2);
	assert_non_null(strstr(out, "<id>https://gov.example/base" XSS_ESC "/decisions/21</id>"));
	/* The category code, escaped, in its attribute. */
	assert_non_null(strstr(out, "<category term=\"category" XSS_ESC
				    "\" label=\"category_name" XSS_ESC "\"/>"));
	/* Times in UTC, RFC 3339: the newest decision's for the feed. */
	assert_int_equal(count(out, "<updated>2026-11-21T08:00:00Z</updated>"), 3);
	assert_int_equal(count(out, "<published>2026-11-21T08:00:00Z</published>"), 2);
	assert_int_equal(count(out, "<entry>"), 2);
	assert_non_null(strstr(out, "<summary>表决结果：待定。summary" XSS_ESC "</summary>"));
	assert_true(len > 8 && strcmp(out + len - 8, "</feed>\n") == 0);
	free(out);
	cJSON_Delete(h);
}

/* No decision: the feed is updated at the database's now. */
static void test_feed_empty(void **state)
{
	cJSON *h = cJSON_Parse("{\"now\":\"2026-11-21T18:30:00+08:00\",\"decisions\":[]}");
	size_t len;
	char *out;

	(void)state;
	out = page_feed(h, &ctx, &len);
	assert_markup(out, atom_tags);
	assert_non_null(strstr(out, "<updated>2026-11-21T10:30:00Z</updated>"));
	assert_null(strstr(out, "<entry>"));
	free(out);
	cJSON_Delete(h);
}

static void test_message_escapes(void **state)
{
	static const char *const fields[] = {"title", "text", "back", NULL};
	size_t len;
	char *out;

	(void)state;
	out = page_message(429, "title" XSS, "text" XSS, "back" XSS, &len);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_markup(out, html_tags);
	assert_fields_escaped(out, fields);
	assert_non_null(strstr(out, "HTTP 429"));
	assert_non_null(strstr(out, "<a href=\"back" XSS_ESC "\">返回</a>"));
	assert_int_equal(count(out, "title" XSS_ESC), 2);
	free(out);
	/* No way back given: home. NULL texts write nothing. */
	out = page_message(404, NULL, NULL, NULL, &len);
	assert_markup(out, html_tags);
	assert_non_null(strstr(out, "<a href=\"/\">返回</a>"));
	assert_non_null(strstr(out, "<h1></h1>"));
	free(out);
}

/* Control characters in the database's text do not reach the page. */
static void test_controls_dropped(void **state)
{
	cJSON *a = announcement(31, true);
	size_t len;
	char *out;

	(void)state;
	cJSON_ReplaceItemInObject(a, "summary",
				  cJSON_CreateString("a\x01"
						     "b\x1b"
						     "c\nd\x7f"));
	out = page_item(a, false, &ctx, &len);
	assert_non_null(strstr(out, "<div class=\"text\">abc\nd</div>"));
	free(out);
	cJSON_Delete(a);
}

/* Render v with every renderer: none crashes, each page is whole. */
static void render_all(const cJSON *v)
{
	size_t len;
	char *out;

	out = page_home(v, &ctx, &len);
	assert_int_equal(len, strlen(out));
	assert_markup(out, html_tags);
	free(out);
	out = page_item(v, false, &ctx, &len);
	assert_markup(out, html_tags);
	free(out);
	out = page_item(v, true, &ctx, &len);
	assert_markup(out, html_tags);
	free(out);
	out = page_decision(v, false, &ctx, &len);
	assert_markup(out, html_tags);
	free(out);
	out = page_decision(v, true, &ctx, &len);
	assert_markup(out, html_tags);
	free(out);
	out = page_feed(v, &ctx, &len);
	assert_int_equal(len, strlen(out));
	assert_markup(out, atom_tags);
	free(out);
}

static void test_not_objects(void **state)
{
	static const char *const docs[] = {
		"null",
		"true",
		"false",
		"0",
		"-1",
		"1e300",
		"\"text\"",
		"[]",
		"{}",
		"[1,2,3]",
		"[{}]",
		"[null]",
		"{\"announcements\":{},\"decisions\":{}}",
		"{\"announcements\":\"x\",\"decisions\":5}",
		"{\"announcements\":[null,1,\"x\",[]],\"decisions\":[null,1,\"x\",[],{}]}",
		"{\"decisions\":[{\"notice\":\"open\"},{\"notice\":{\"open\":1}}]}",
		"{\"decisions\":[{\"notice\":{\"open\":true}}]}",
	};
	cJSON *v;
	size_t i;

	(void)state;
	render_all(NULL);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		v = cJSON_Parse(docs[i]);
		assert_non_null(v);
		render_all(v);
		cJSON_Delete(v);
	}
}

/* The values a field is replaced with, one after another. */
static cJSON *odd_value(int k)
{
	switch (k) {
	case 0:
		return cJSON_CreateNull();
	case 1:
		return cJSON_CreateTrue();
	case 2:
		return cJSON_CreateNumber(1e300);
	case 3:
		return cJSON_CreateNumber(-1e300);
	case 4:
		return cJSON_CreateNumber(9223372036854775807.0);
	case 5:
		return cJSON_CreateNumber(-0.5);
	case 6:
		return cJSON_CreateString(XSS);
	case 7:
		return cJSON_CreateString("");
	case 8:
		return cJSON_CreateArray();
	case 9:
		return cJSON_CreateObject();
	case 10:
		return cJSON_Parse("[\"<b>\",1e300,null,{},[]]");
	case 11:
		return cJSON_Parse("{\"open\":true,\"kind\":\"approval\",\"labels\":[\"<i>\"]}");
	}
	return NULL;
}

#define ODD_VALUES 12

/* Every member of o (and, recursively, of the objects and arrays inside
 * it) replaced in turn by every odd value, then by nothing (renamed, so
 * that the field is missing), and the whole document rendered each time;
 * each member is put back before the next. */
static void mutate_all(cJSON *root, cJSON *o)
{
	cJSON *item, *saved, *odd;
	int k;

	for (item = o->child; item != NULL; item = item->next) {
		if (cJSON_IsObject(item) || cJSON_IsArray(item))
			mutate_all(root, item);
		for (k = 0; k <= ODD_VALUES; k++) {
			odd = k < ODD_VALUES ? odd_value(k) : cJSON_CreateNull();
			assert_non_null(odd);
			saved = cJSON_Duplicate(item, true);
			assert_non_null(saved);
			if (item->string != NULL) {
				odd->string = strdup(k < ODD_VALUES ? item->string : "missing");
				assert_non_null(odd->string);
			}
			/* Replacing frees the item replaced. */
			assert_true(cJSON_ReplaceItemViaPointer(o, item, odd));
			render_all(root);
			assert_true(cJSON_ReplaceItemViaPointer(o, odd, saved));
			item = saved;
		}
	}
}

/* Every field of a home page, an item and a decision, wrong in every way. */
static void test_wrong_types(void **state)
{
	cJSON *docs[4];
	size_t i;

	(void)state;
	docs[0] = home();
	docs[1] = announcement(5, true);
	docs[2] = decision(6, "full", true, true);
	docs[3] = decision(7, "summary", true, false);
	for (i = 0; i < 4; i++) {
		render_all(docs[i]);
		mutate_all(docs[i], docs[i]);
		cJSON_Delete(docs[i]);
	}
}

/* Counts and labels of different lengths, labels that are not strings. */
static void test_counts_odd(void **state)
{
	cJSON *d = decision(8, "full", false, false), *labels, *counts;
	size_t len;
	char *out;

	(void)state;
	labels = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "question"), "labels");
	cJSON_AddItemToArray(labels, cJSON_CreateNumber(3));
	cJSON_AddItemToArray(labels, cJSON_CreateString("extra"));
	counts = cJSON_GetObjectItem(d, "counts");
	cJSON_ReplaceItemInArray(counts, 1, cJSON_CreateString("2"));
	out = page_decision(d, false, &ctx, &len);
	assert_markup(out, html_tags);
	/* Five rows: the number label is empty, missing counts are 0. */
	assert_int_equal(count(out, "<td class=\"count\""), 5);
	assert_non_null(strstr(out, "data-label=\"label1" XSS_ESC "\">0</td>"));
	assert_non_null(strstr(out, "<td></td><td class=\"count\" data-label=\"\">0</td>"));
	assert_non_null(strstr(out, "data-label=\"extra\">0</td>"));
	free(out);
	cJSON_Delete(d);
}

/* Numbers outside what a long long holds are shown as 0 (converting them
 * would be undefined behaviour, which the sanitizer build traps). */
static void test_numbers_out_of_range(void **state)
{
	cJSON *d = decision(9, "full", true, true), *counts;
	size_t len;
	char *out;

	(void)state;
	cJSON_ReplaceItemInObject(d, "id", cJSON_CreateNumber(1e300));
	cJSON_ReplaceItemInObject(d, "entitled", cJSON_CreateNumber(-1e300));
	cJSON_ReplaceItemInObject(d, "present", cJSON_CreateNumber(9223372036854775807.0));
	cJSON_ReplaceItemInObject(d, "eligible", cJSON_CreateNumber(9007199254740991.0));
	cJSON_ReplaceItemInObject(d, "ballots", cJSON_CreateNumber(12.9));
	counts = cJSON_GetObjectItem(d, "counts");
	cJSON_ReplaceItemInArray(counts, 0, cJSON_CreateNumber(1e20));
	out = page_decision(d, false, &ctx, &len);
	assert_markup(out, html_tags);
	assert_non_null(strstr(out, "href=\"/decisions/0/record.json\""));
	assert_non_null(strstr(out, "<span id=\"entitled\">0</span>"));
	assert_non_null(strstr(out, "<span id=\"present\">0</span>"));
	assert_non_null(strstr(out, "<span id=\"eligible\">9007199254740991</span>"));
	assert_non_null(strstr(out, "<span id=\"ballots\">12</span>"));
	assert_non_null(strstr(out, "data-label=\"label0" XSS_ESC "\">0</td>"));
	free(out);
	cJSON_Delete(d);
}

static void assert_parse(const char *iso, time_t want)
{
	time_t t = 0;

	if (!page_time_parse(iso, &t) || t != want)
		print_error("\"%s\": %lld, expected %lld\n", iso, (long long)t, (long long)want);
	assert_true(page_time_parse(iso, &t));
	assert_true(t == want);
}

static void assert_no_parse(const char *iso)
{
	time_t t = 12345;

	if (page_time_parse(iso, &t))
		print_error("\"%s\" parsed as %lld\n", iso, (long long)t);
	assert_false(page_time_parse(iso, &t));
	assert_true(t == 12345);
}

/* 2026-11-22 10:00:00 UTC. */
#define T0 1795341600LL

static void test_time_parse(void **state)
{
	(void)state;
	/* As jsonb writes a timestamptz (session zone UTC, or another). */
	assert_parse("2026-11-22T10:00:00+00:00", T0);
	assert_parse("2026-11-22T10:00:00.123456+00:00", T0);
	assert_parse("2026-11-22T18:00:00+08:00", T0);
	assert_parse("2026-11-22T05:00:00-05:00", T0);
	assert_parse("2026-11-22T15:45:00+05:45", T0);
	assert_parse("2026-11-22T15:30:00.5+05:30", T0);
	/* As the text form writes it: a space, an hour-only offset. */
	assert_parse("2026-11-22 10:00:00+00", T0);
	assert_parse("2026-11-22 18:00:00+08", T0);
	assert_parse("2026-11-22 00:00:00-10", T0);
	/* RFC 3339 with Z, and a compact offset. */
	assert_parse("2026-11-22T10:00:00Z", T0);
	assert_parse("2026-11-22T10:00:00.000Z", T0);
	assert_parse("2026-11-22T18:00:00+0800", T0);
	/* Across a day and a year in the offset. */
	assert_parse("2026-11-22T02:00:00-08:00", T0);
	assert_parse("2027-01-01T07:59:59+08:00", 1798761599LL);
	assert_parse("2026-12-31T23:59:59Z", 1798761599LL);
	/* The epoch, a leap day, a leap second (as the next second). */
	assert_parse("1970-01-01T00:00:00Z", 0);
	assert_parse("1970-01-01T08:00:00+08:00", 0);
	assert_parse("2028-02-29T00:00:00Z", 1835395200LL);
	assert_parse("2016-12-31T23:59:60Z", 1483228800LL);
	/* Before the epoch. */
	assert_parse("1969-12-31T23:59:59Z", -1);
}

static void test_time_parse_junk(void **state)
{
	static const char *const junk[] = {
		"",
		"junk",
		"2026",
		"2026-11-22",
		"2026-11-22T",
		"2026-11-22T10",
		"2026-11-22T10:00",
		"2026-11-22T10:00Z",
		"2026-11-22T10:00:00",
		"2026-11-22 10:00:00",
		"2026-11-22T10:00:00.123",
		"2026-11-22T10:00:00z",
		"2026-11-22T10:00:00 Z",
		"2026-11-22T10:00:00ZZ",
		"2026-11-22T10:00:00Z ",
		"2026-11-22T10:00:00+8",
		"2026-11-22T10:00:00+",
		"2026-11-22T10:00:00+08:00junk",
		"2026-11-22T10:00:00+08:0",
		"2026-11-22T10:00:00+08:000",
		"2026-11-22T10:00:00UTC",
		"2026-11-22X10:00:00Z",
		"2026-11-22TT10:00:00Z",
		"2026/11/22T10:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-00-01T00:00:00Z",
		"2026-01-00T00:00:00Z",
		"2026-01-32T00:00:00Z",
		"2026-01-01T24:00:00Z",
		"2026-01-01T23:60:00Z",
		"2026-01-01T23:59:61Z",
		"2026-01-01T-1:00:00Z",
		"2026-01-01T10:-1:00Z",
		"2026-01-01T10:00:-1Z",
		"2026-01--1T10:00:00Z",
		"2026--1-01T10:00:00Z",
		"Sun, 22 Nov 2026 10:00:00 GMT",
		"1795341600",
		"infinity",
		"-infinity",
		"null",
	};
	size_t i;

	(void)state;
	assert_no_parse(NULL);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_no_parse(junk[i]);
}

static void assert_local(const char *iso, long off, const char *want)
{
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	page_time_local(iso, off, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

/* The offset is in seconds east of UTC. */
static void test_time_local(void **state)
{
	(void)state;
	assert_local("2026-11-22T10:00:00Z", 0, "2026年11月22日 10:00");
	assert_local("2026-11-22T10:00:00Z", 28800, "2026年11月22日 18:00");
	assert_local("2026-11-22T18:00:00+08:00", 28800, "2026年11月22日 18:00");
	/* Across a day, a month and a year, forwards and backwards. */
	assert_local("2026-11-22T16:00:00Z", 28800, "2026年11月23日 00:00");
	assert_local("2026-11-22T15:59:59Z", 28800, "2026年11月22日 23:59");
	assert_local("2026-11-30T20:30:00Z", 28800, "2026年12月1日 04:30");
	assert_local("2026-12-31T20:00:00Z", 28800, "2027年1月1日 04:00");
	assert_local("2026-01-01T03:00:00Z", -18000, "2025年12月31日 22:00");
	assert_local("2028-03-01T01:00:00+08:00", 0, "2028年2月29日 17:00");
	/* Minutes and odd offsets: +5:45 and −9:30. */
	assert_local("2026-11-22T10:00:00Z", 20700, "2026年11月22日 15:45");
	assert_local("2026-11-22T05:00:00Z", -34200, "2026年11月21日 19:30");
	/* Seconds are not shown, nor rounded. */
	assert_local("2026-11-22T10:00:59Z", 0, "2026年11月22日 10:00");
	/* Nothing to show: empty. */
	assert_local(NULL, 28800, "");
	assert_local("", 28800, "");
	assert_local("junk", 28800, "");
}

/* A buffer too small gets a cut, terminated text, never more. */
static void test_time_local_small(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	page_time_local("2026-11-22T10:00:00Z", 0, buf, 8);
	assert_int_equal(strlen(buf), 7);
	assert_memory_equal(buf, "2026\xe5\xb9\xb4", 7);
	assert_int_equal(buf[8], 'x');
	page_time_local("2026-11-22T10:00:00Z", 0, buf, 1);
	assert_string_equal(buf, "");
}

static void test_result_name(void **state)
{
	(void)state;
	assert_string_equal(page_result_name("adopted"), "通过");
	assert_string_equal(page_result_name("rejected"), "未通过");
	assert_string_equal(page_result_name("elected"), "已选出");
	assert_string_equal(page_result_name("void"), "无效");
	/* A run-off call never decides an item; anything else is pending. */
	assert_string_equal(page_result_name("runoff"), "待定");
	assert_string_equal(page_result_name(""), "待定");
	assert_string_equal(page_result_name("Adopted"), "待定");
	assert_string_equal(page_result_name("adopted "), "待定");
	assert_string_equal(page_result_name(XSS), "待定");
}

static void test_jwks(void **state)
{
	EVP_PKEY *key = sig_keygen();
	unsigned char pub[SIG_PUB_LEN];
	char text[SIG_PUB_TEXT_LEN + 1];
	const cJSON *keys, *k;
	cJSON *j;
	size_t len;
	char *out;

	(void)state;
	assert_non_null(key);
	assert_true(sig_public(key, pub));
	sig_pub_to_text(pub, text);
	out = page_jwks(text, &len);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	j = cJSON_Parse(out);
	assert_non_null(j);
	keys = cJSON_GetObjectItemCaseSensitive(j, "keys");
	assert_true(cJSON_IsArray(keys));
	assert_int_equal(cJSON_GetArraySize(keys), 1);
	k = cJSON_GetArrayItem(keys, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(k, "kty")), "OKP");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(k, "crv")), "Ed25519");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(k, "use")), "sig");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(k, "alg")), "EdDSA");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(k, "kid")), text);
	/* x is the raw key in base64url, as the text form carries it. */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(k, "x")),
			    text + strlen(SIG_PUB_PREFIX));
	assert_int_equal(cJSON_GetArraySize(k), 6);
	cJSON_Delete(j);
	free(out);
	EVP_PKEY_free(key);
}

/* A key that is not one gives no JWKS (and nothing of it reaches JSON). */
static void test_jwks_bad_keys(void **state)
{
	static const char *const bad[] = {
		"",
		"ed25519:",
		"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
		"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
		"ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
		"ED25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"ed448:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	size_t i, len = 7;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(page_jwks(bad[i], &len));
	/* The all-zero key is well formed. */
	{
		char *out = page_jwks("ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &len);
		cJSON *j;

		assert_non_null(out);
		j = cJSON_Parse(out);
		assert_non_null(j);
		cJSON_Delete(j);
		free(out);
	}
}

static void test_css(void **state)
{
	(void)state;
	assert_true(strlen(page_css) > 100);
	assert_null(strstr(page_css, "url("));
	assert_null(strstr(page_css, "@import"));
	assert_null(strchr(page_css, '<'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_escapes),
		cmocka_unit_test(test_home_empty),
		cmocka_unit_test(test_item_escapes),
		cmocka_unit_test(test_item_closed_and_sent),
		cmocka_unit_test(test_decision_escapes),
		cmocka_unit_test(test_decision_summary),
		cmocka_unit_test(test_decision_notice_closed),
		cmocka_unit_test(test_feed_escapes),
		cmocka_unit_test(test_feed_empty),
		cmocka_unit_test(test_message_escapes),
		cmocka_unit_test(test_controls_dropped),
		cmocka_unit_test(test_not_objects),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_counts_odd),
		cmocka_unit_test(test_numbers_out_of_range),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_time_parse_junk),
		cmocka_unit_test(test_time_local),
		cmocka_unit_test(test_time_local_small),
		cmocka_unit_test(test_result_name),
		cmocka_unit_test(test_jwks),
		cmocka_unit_test(test_jwks_bad_keys),
		cmocka_unit_test(test_css),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
