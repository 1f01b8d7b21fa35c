/* Unit tests for server/portal/route.c: every path the portal answers, and
 * the strictness of the parser (ids without leading zeros, no "..", no
 * empty segment, no trailing slash, no query, no other case). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/envelope.h"
#include "../../server/portal/route.h"

/* The largest id the parser accepts: 2^53 - 1, the largest integer a JSON
 * number (a double) holds exactly. */

static void assert_route(const char *path, enum route_kind kind, long long id)
{
	struct route r = route_parse(path);

	if (r.kind != kind || r.id != id)
		print_error("path \"%s\": kind %d id %lld, expected kind %d id %lld\n", path,
			    (int)r.kind, r.id, (int)kind, id);
	assert_int_equal(r.kind, kind);
	assert_true(r.id == id);
}

static void assert_none(const char *path)
{
	assert_route(path, ROUTE_NONE, 0);
}

static void test_fixed_paths(void **state)
{
	(void)state;
	assert_route("/", ROUTE_HOME, 0);
	assert_route("/feed.atom", ROUTE_FEED, 0);
	assert_route("/.well-known/jwks.json", ROUTE_JWKS, 0);
	assert_route("/style.css", ROUTE_CSS, 0);
	assert_route("/robots.txt", ROUTE_ROBOTS, 0);
	assert_route("/api/v1/", ROUTE_API_HOME, 0);
	assert_route("/meetings", ROUTE_MEETINGS, 0);
	assert_route("/power", ROUTE_POWER, 0);
	assert_none("/meetings/");
	assert_none("/power/");
}

static void test_id_paths(void **state)
{
	(void)state;
	assert_route("/items/1", ROUTE_ITEM, 1);
	assert_route("/items/42/comments", ROUTE_COMMENT, 42);
	assert_route("/decisions/7", ROUTE_DECISION, 7);
	assert_route("/decisions/7/comments", ROUTE_NOTICE_POST, 7);
	assert_route("/decisions/123/record.json", ROUTE_RECORD, 123);
	assert_route("/api/v1/items/10", ROUTE_API_ITEM, 10);
	assert_route("/api/v1/decisions/20", ROUTE_API_DECISION, 20);
	assert_route("/api/v1/decisions/20/record.json", ROUTE_RECORD, 20);
	assert_route("/decisions/7/notice.pdf", ROUTE_NOTICE_PDF, 7);
	assert_route("/meetings/3/minutes.pdf", ROUTE_MINUTES_PDF, 3);
	/* the documents only where they are */
	assert_none("/meetings/3");
	assert_none("/meetings/3/minutes.pdf/");
	assert_none("/meetings/03/minutes.pdf");
	assert_none("/api/v1/decisions/7/notice.pdf");
	assert_none("/items/7/notice.pdf");
	assert_none("/decisions/7/minutes.pdf");
}

/* Ids with a zero inside or at the end are ids; every digit is read. */
static void test_id_values(void **state)
{
	(void)state;
	assert_route("/items/10", ROUTE_ITEM, 10);
	assert_route("/items/100", ROUTE_ITEM, 100);
	assert_route("/items/9", ROUTE_ITEM, 9);
	assert_route("/items/1234567890", ROUTE_ITEM, 1234567890LL);
	assert_route("/decisions/2147483648", ROUTE_DECISION, 2147483648LL);
	assert_route("/decisions/4294967296/comments", ROUTE_NOTICE_POST, 4294967296LL);
}

/* The largest id is 2^53 - 1; one more, or anything beyond long long, is
 * no route (and no overflow). */
static void test_id_limits(void **state)
{
	(void)state;
	assert_route("/items/9007199254740991", ROUTE_ITEM, ID_MAX);
	assert_route("/decisions/9007199254740991/record.json", ROUTE_RECORD, ID_MAX);
	assert_route("/api/v1/items/9007199254740991", ROUTE_API_ITEM, ID_MAX);
	assert_none("/items/9007199254740992");
	assert_none("/items/9007199254740999");
	assert_none("/items/10000000000000000");
	assert_none("/items/9223372036854775807");
	assert_none("/items/9223372036854775808");
	assert_none("/items/18446744073709551616");
	assert_none("/decisions/99999999999999999999999999999999999999");
	assert_none("/decisions/99999999999999999999999999999999999999/comments");
	assert_none("/api/v1/decisions/9007199254740992");
}

static void test_id_zero_and_leading_zeros(void **state)
{
	(void)state;
	assert_none("/items/0");
	assert_none("/items/00");
	assert_none("/items/01");
	assert_none("/items/007");
	assert_none("/decisions/0");
	assert_none("/decisions/0/comments");
	assert_none("/decisions/01/record.json");
	assert_none("/api/v1/items/0");
	assert_none("/api/v1/decisions/012");
}

static void test_id_not_decimal(void **state)
{
	(void)state;
	assert_none("/items/-1");
	assert_none("/items/+1");
	assert_none("/items/ 1");
	assert_none("/items/1 ");
	assert_none("/items/1a");
	assert_none("/items/a1");
	assert_none("/items/0x10");
	assert_none("/items/1e3");
	assert_none("/items/1.0");
	assert_none("/items/1,000");
	assert_none("/items/%31");
	assert_none("/items/");
	assert_none("/items");
	assert_none("/decisions/");
	assert_none("/decisions");
	assert_none("/decisions/-5/comments");
	assert_none("/api/v1/items/");
	assert_none("/api/v1/decisions/");
	/* Fullwidth digits (U+FF11) are not digits. */
	assert_none("/items/\xef\xbc\x91");
}

static void test_dot_segments(void **state)
{
	(void)state;
	assert_none("/..");
	assert_none("/../");
	assert_none("/../etc/passwd");
	assert_none("/items/../decisions/1");
	assert_none("/items/1/..");
	assert_none("/items/1/../2");
	assert_none("/decisions/1/../../style.css");
	assert_none("/%2e%2e/style.css");
	assert_none("/%2E%2E/style.css");
	assert_none("/items/%2e%2e/1");
	assert_none("/items/1/%2e%2e");
	assert_none("/./style.css");
	assert_none("/style.css/.");
	assert_none("/items/./1");
	assert_none("/.well-known/../style.css");
	assert_none("/.well-known/");
	assert_none("/.well-known");
}

static void test_slashes(void **state)
{
	(void)state;
	assert_none("");
	assert_none("//");
	assert_none("///");
	assert_none("//style.css");
	assert_none("//items/1");
	assert_none("/items//1");
	assert_none("/items/1//comments");
	assert_none("/decisions//1");
	assert_none("/api//v1/");
	assert_none("/api/v1//");
	assert_none("/api/v1//items/1");
	/* A trailing slash is another path. */
	assert_none("/items/1/");
	assert_none("/items/1/comments/");
	assert_none("/decisions/1/");
	assert_none("/decisions/1/record.json/");
	assert_none("/api/v1/items/1/");
	assert_none("/api/v1/decisions/1/");
	assert_none("/style.css/");
	assert_none("/feed.atom/");
	assert_none("/robots.txt/");
	assert_none("/.well-known/jwks.json/");
	/* And so is its absence where "/api/v1/" has one. */
	assert_none("/api/v1");
	assert_none("/api");
	assert_none("/api/");
	/* Relative paths and backslashes. */
	assert_none("style.css");
	assert_none("items/1");
	assert_none("\\style.css");
	assert_none("/items\\1");
	assert_none("/items/1\\comments");
}

/* The parser takes the path without its query: a query left on it, or a
 * fragment, makes no route. */
static void test_query_and_fragment(void **state)
{
	(void)state;
	assert_none("/?");
	assert_none("/?a=1");
	assert_none("/items/1?sent=1");
	assert_none("/items/1/comments?x");
	assert_none("/decisions/1?sent=1");
	assert_none("/decisions/1/record.json?download");
	assert_none("/feed.atom?x=1");
	assert_none("/style.css?v=2");
	assert_none("/api/v1/?");
	assert_none("/items/1#top");
	assert_none("/#");
	assert_none("/items/1;a");
}

static void test_case(void **state)
{
	(void)state;
	assert_none("/ITEMS/1");
	assert_none("/Items/1");
	assert_none("/items/1/Comments");
	assert_none("/items/1/COMMENTS");
	assert_none("/DECISIONS/1");
	assert_none("/Decisions/1");
	assert_none("/decisions/1/Record.json");
	assert_none("/decisions/1/record.JSON");
	assert_none("/API/V1/");
	assert_none("/Api/v1/");
	assert_none("/api/V1/");
	assert_none("/api/v1/Items/1");
	assert_none("/api/v1/DECISIONS/1");
	assert_none("/Feed.atom");
	assert_none("/feed.ATOM");
	assert_none("/Style.css");
	assert_none("/STYLE.CSS");
	assert_none("/Robots.txt");
	assert_none("/.Well-Known/jwks.json");
	assert_none("/.well-known/JWKS.json");
}

static void test_other_tails(void **state)
{
	(void)state;
	/* Items have no record, and the API no comments. */
	assert_none("/items/1/record.json");
	assert_none("/api/v1/items/1/comments");
	assert_none("/api/v1/items/1/record.json");
	assert_none("/api/v1/decisions/1/comments");
	assert_none("/items/1/comment");
	assert_none("/items/1/commentsx");
	assert_none("/items/1/comments/1");
	assert_none("/decisions/1/record");
	assert_none("/decisions/1/record.jsonx");
	assert_none("/decisions/1/record.json/x");
	assert_none("/decisions/1/x");
	assert_none("/items/1/x");
	assert_none("/items/1x/comments");
	/* Near misses of the fixed paths. */
	assert_none("/feed");
	assert_none("/feed.atom.bak");
	assert_none("/feed.atomx");
	assert_none("/style.cssx");
	assert_none("/style");
	assert_none("/robots");
	assert_none("/robots.txt.gz");
	assert_none("/jwks.json");
	assert_none("/.well-known/jwks");
	assert_none("/api/v2/");
	assert_none("/api/v1/x");
	assert_none("/api/v1/items");
	assert_none("/index.html");
	assert_none("/item/1");
	assert_none("/decision/1");
	assert_none(" /");
	assert_none("/ ");
	assert_none("/\t");
	assert_none("/\r\n");
}

static void test_non_ascii(void **state)
{
	(void)state;
	assert_none("/\xe5\x86\xb3\xe7\xad\x96");         /* 决策 */
	assert_none("/items/1/\xe6\x84\x8f\xe8\xa7\x81"); /* 意见 */
	assert_none("/items/1\xe2\x80\x8b");              /* a zero-width space */
	assert_none("/\xc0\xae\xc0\xae/style.css");       /* overlong "..": not UTF-8 at all */
	assert_none("/items/\x80");
	assert_none("/style.css\xff");
	assert_none("/\xef\xbc\x8fstyle.css"); /* fullwidth solidus */
	assert_none("/items\xef\xbc\x8f"
		    "1");
}

/* A C string ends at its NUL: whatever followed a NUL in the request line
 * is not seen, so "/items/1\0/x" is /items/1 (the HTTP layer refuses NUL
 * in the request line before that). */
static void test_nul(void **state)
{
	static const char path[] = "/items/1\0/../x";

	(void)state;
	assert_route(path, ROUTE_ITEM, 1);
	assert_none("\0/");
}

static void test_null(void **state)
{
	struct route r = route_parse(NULL);

	(void)state;
	assert_int_equal(r.kind, ROUTE_NONE);
	assert_true(r.id == 0);
}

/* Each id path with every id of a range: the id comes back as given. */
static void test_many_ids(void **state)
{
	static const struct {
		const char *fmt;
		enum route_kind kind;
	} forms[] = {
		{"/items/%lld", ROUTE_ITEM},
		{"/items/%lld/comments", ROUTE_COMMENT},
		{"/decisions/%lld", ROUTE_DECISION},
		{"/decisions/%lld/comments", ROUTE_NOTICE_POST},
		{"/decisions/%lld/record.json", ROUTE_RECORD},
		{"/api/v1/items/%lld", ROUTE_API_ITEM},
		{"/api/v1/decisions/%lld", ROUTE_API_DECISION},
		{"/api/v1/decisions/%lld/record.json", ROUTE_RECORD},
	};
	char path[96];
	long long id;
	size_t f;

	(void)state;
	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		for (id = 1; id < 2000; id += 7) {
			snprintf(path, sizeof(path), forms[f].fmt, id);
			assert_route(path, forms[f].kind, id);
		}
		for (id = 1; id <= ID_MAX / 10; id *= 10) {
			snprintf(path, sizeof(path), forms[f].fmt, id);
			assert_route(path, forms[f].kind, id);
			snprintf(path, sizeof(path), forms[f].fmt, id * 10 - 1);
			assert_route(path, forms[f].kind, id * 10 - 1);
		}
		snprintf(path, sizeof(path), forms[f].fmt, ID_MAX);
		assert_route(path, forms[f].kind, ID_MAX);
		snprintf(path, sizeof(path), forms[f].fmt, ID_MAX + 1);
		assert_none(path);
		snprintf(path, sizeof(path), forms[f].fmt, 0LL);
		assert_none(path);
		snprintf(path, sizeof(path), forms[f].fmt, -1LL);
		assert_none(path);
	}
}

static void test_is_post(void **state)
{
	(void)state;
	assert_false(route_is_post(ROUTE_NONE));
	assert_false(route_is_post(ROUTE_HOME));
	assert_false(route_is_post(ROUTE_ITEM));
	assert_true(route_is_post(ROUTE_COMMENT));
	assert_false(route_is_post(ROUTE_DECISION));
	assert_true(route_is_post(ROUTE_NOTICE_POST));
	assert_false(route_is_post(ROUTE_RECORD));
	assert_false(route_is_post(ROUTE_API_HOME));
	assert_false(route_is_post(ROUTE_API_ITEM));
	assert_false(route_is_post(ROUTE_API_DECISION));
	assert_false(route_is_post(ROUTE_FEED));
	assert_false(route_is_post(ROUTE_JWKS));
	assert_false(route_is_post(ROUTE_CSS));
	assert_false(route_is_post(ROUTE_ROBOTS));
	/* The POST routes are the parsed comment paths. */
	assert_true(route_is_post(route_parse("/items/3/comments").kind));
	assert_true(route_is_post(route_parse("/decisions/3/comments").kind));
	assert_false(route_is_post(route_parse("/items/3").kind));
	assert_false(route_is_post(route_parse("/decisions/3/record.json").kind));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_paths),
		cmocka_unit_test(test_id_paths),
		cmocka_unit_test(test_id_values),
		cmocka_unit_test(test_id_limits),
		cmocka_unit_test(test_id_zero_and_leading_zeros),
		cmocka_unit_test(test_id_not_decimal),
		cmocka_unit_test(test_dot_segments),
		cmocka_unit_test(test_slashes),
		cmocka_unit_test(test_query_and_fragment),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_other_tails),
		cmocka_unit_test(test_non_ascii),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_many_ids),
		cmocka_unit_test(test_is_post),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
