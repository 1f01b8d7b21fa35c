/* Unit tests for proto/strictjson.c: every way a text can mean two things
 * to two readers is refused with the place named; what is strict passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/strictjson.h"

static char why[256];

/* Parse exactly len bytes of a heap copy, so ASan sees any over-read. */
static cJSON *parse_n(const char *text, size_t len, unsigned flags)
{
	char *copy = malloc(len > 0 ? len : 1);
	cJSON *v;

	assert_non_null(copy);
	memcpy(copy, text, len);
	why[0] = '\0';
	v = strictjson_parse(copy, len, flags, why, sizeof(why));
	free(copy);
	return v;
}

static void ok(const char *text, unsigned flags)
{
	cJSON *v = parse_n(text, strlen(text), flags);

	if (v == NULL)
		fail_msg("refused %s: %s", text, why);
	cJSON_Delete(v);
}

static void bad(const char *text, unsigned flags, const char *part)
{
	cJSON *v = parse_n(text, strlen(text), flags);

	if (v != NULL) {
		cJSON_Delete(v);
		fail_msg("accepted %s", text);
	}
	if (strstr(why, part) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", text, why, part);
}

static void test_duplicates(void **state)
{
	(void)state;
	ok("{\"a\":1,\"b\":{\"a\":2}}", 0);
	bad("{\"counts\":[1],\"outcome\":\"x\",\"counts\":[2]}", 0,
	    "$ has the member \"counts\" twice");
	bad("{\"x\":{\"y\":[{\"a\":1},{\"b\":1,\"b\":2}]}}", 0,
	    "$.x.y[1] has the member \"b\" twice");
	/* names are compared as read: an escape is the same name */
	bad("{\"a\":1,\"\\u0061\":2}", 0, "has the member \"a\" twice");
	bad("{\"阳光\":1,\"\\u9633\\u5149\":2}", 0, "twice");
	ok("{\"a\":1,\"A\":2,\"a \":3}", 0);
}

static void test_framing(void **state)
{
	(void)state;
	bad("\xef\xbb\xbf{}", 0, "byte-order mark");
	bad("{} x", 0, "follows the JSON value at byte 3");
	bad("{}{}", 0, "follows");
	ok("{} \n\t\r", 0);
	ok("  [1, 2]", 0);
	bad("{\"a\":\"\xff\"}", 0, "not UTF-8");
	bad("{\"a\":", 0, "not JSON");
	bad("", 0, "not JSON");
	/* a NUL byte inside the length */
	assert_null(parse_n("{}\0", 3, 0));
	assert_non_null(strstr(why, "not UTF-8"));
}

static void test_integers(void **state)
{
	static const char *const good[] = {
		"0", "1", "-1", "9007199254740992", "-9007199254740992", "123456789"};
	static const char *const badn[] = {"1.0",
					   "1e0",
					   "-0",
					   "01",
					   "1E2",
					   "0.5",
					   "-01",
					   "9007199254740993",
					   "10000000000000000",
					   "1e400"};
	char text[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "{\"n\":%s}", good[i]);
		ok(text, STRICTJSON_INTEGERS);
	}
	for (i = 0; i < sizeof(badn) / sizeof(badn[0]); i++) {
		snprintf(text, sizeof(text), "{\"n\":[%s]}", badn[i]);
		bad(text, STRICTJSON_INTEGERS, "is not a plain whole number");
		ok(text, 0); /* without the flag, any JSON number */
	}
	/* digits inside strings are not numbers */
	ok("{\"s\":\"1.5e3 -0 \\\" 01\"}", STRICTJSON_INTEGERS);
}

static void test_depth(void **state)
{
	char text[400];
	int i, n = 0;

	(void)state;
	for (i = 0; i < 70; i++)
		text[n++] = '[';
	for (i = 0; i < 70; i++)
		text[n++] = ']';
	text[n] = '\0';
	bad(text, 0, "nested more than 64 deep");
	text[0] = '\0';
	n = 0;
	for (i = 0; i < 60; i++)
		text[n++] = '[';
	for (i = 0; i < 60; i++)
		text[n++] = ']';
	text[n] = '\0';
	ok(text, 0);
}

/* Long member names and deep paths are cut, never overrun. */
static void test_long_path(void **state)
{
	char text[2048];
	int n = 0, i;

	(void)state;
	for (i = 0; i < 20; i++)
		n += snprintf(
			text + n, sizeof(text) - (size_t)n,
			"{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%d\":", i);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "{\"d\":1,\"d\":2}");
	for (i = 0; i < 20; i++)
		text[n++] = '}';
	text[n] = '\0';
	bad(text, 0, "has the member \"d\" twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicates), cmocka_unit_test(test_framing),
		cmocka_unit_test(test_integers),   cmocka_unit_test(test_depth),
		cmocka_unit_test(test_long_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
