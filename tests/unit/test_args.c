/* Unit tests for proto/args.c: declarative argument checks (unknown,
 * duplicate, missing, types, bounds) and the typed accessors. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/args.h"

/* One argument of each type; only name is required. */
static const struct arg_spec spec[] = {
	{.name = "name", .type = ARG_STRING, .required = true, .min = 1, .max = 4},
	{.name = "note", .type = ARG_TEXT, .min = 0, .max = 10},
	{.name = "flag", .type = ARG_BOOL},
	{.name = "n", .type = ARG_INT, .min = -5, .max = 5},
	{.name = "obj", .type = ARG_OBJECT},
	{.name = "list", .type = ARG_ARRAY, .min = 1, .max = 3},
	{.name = NULL},
};

static char why[256];

/* Check the JSON object in text against s; the reason lands in why. */
static enum yg_err check_spec(const char *text, const struct arg_spec *s)
{
	cJSON *args = cJSON_Parse(text);
	enum yg_err err;

	if (args == NULL)
		fail_msg("test JSON does not parse: %s", text);
	why[0] = '\0';
	err = args_check(args, s, why, sizeof(why));
	cJSON_Delete(args);
	return err;
}

/* Check text against the default spec. */
static enum yg_err check(const char *text)
{
	return check_spec(text, spec);
}

/* text must pass the default spec. */
static void expect_ok(const char *text)
{
	if (check(text) != YG_OK)
		fail_msg("refused %s: %s", text, why);
}

/* text must be refused, with a reason containing part. */
static void expect_bad(const char *text, const char *part)
{
	if (check(text) != YG_ERR_BAD_REQUEST)
		fail_msg("accepted %s", text);
	if (strstr(why, part) == NULL)
		fail_msg("%s: reason \"%s\" lacks \"%s\"", text, why, part);
}

/* Check one string value under the key name, built with cJSON rather than
 * parsed, so raw bytes reach args_check unchanged. */
static enum yg_err check_raw_string(const char *key, const char *value)
{
	cJSON *args = cJSON_CreateObject();
	enum yg_err err;

	cJSON_AddStringToObject(args, key, value);
	if (strcmp(key, "name") != 0)
		cJSON_AddStringToObject(args, "name", "x");
	why[0] = '\0';
	err = args_check(args, spec, why, sizeof(why));
	cJSON_Delete(args);
	return err;
}

/* The required argument alone, and every argument at once. */
static void test_valid(void **state)
{
	(void)state;
	expect_ok("{\"name\":\"a\"}");
	expect_ok("{\"name\":\"abcd\",\"note\":\"line\\nline\",\"flag\":false,\"n\":-5,"
		  "\"obj\":{\"any\":[1]},\"list\":[1,\"two\",{}]}");
	expect_ok(
		"{\"list\":[null],\"obj\":{},\"n\":5,\"flag\":true,\"note\":\"\",\"name\":\"z\"}");
}

/* An empty spec accepts only an empty object. */
static void test_empty_spec(void **state)
{
	static const struct arg_spec none[] = {{.name = NULL}};

	(void)state;
	assert_int_equal(check_spec("{}", none), YG_OK);
	assert_int_equal(check_spec("{\"a\":1}", none), YG_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "unknown argument \"a\""));
}

/* Names not in the spec are refused, matched case-sensitively. */
static void test_unknown(void **state)
{
	char text[512], longname[200];

	(void)state;
	expect_bad("{\"name\":\"a\",\"extra\":1}", "unknown argument \"extra\"");
	expect_bad("{\"Name\":\"a\"}", "unknown argument \"Name\"");
	expect_bad("{\"name\":\"a\",\"\":1}", "unknown argument \"\"");
	expect_bad("{\"name\":\"a\",\"name \":1}", "unknown argument");
	memset(longname, 'q', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(text, sizeof(text), "{\"%s\":1}", longname);
	expect_bad(text, "unknown argument");
	assert_true(strlen(why) < 100);
}

/* An argument given twice is refused, even with the same value. */
static void test_duplicate(void **state)
{
	(void)state;
	expect_bad("{\"name\":\"a\",\"name\":\"a\"}", "\"name\" given twice");
	expect_bad("{\"name\":\"a\",\"n\":1,\"flag\":true,\"n\":1}", "\"n\" given twice");
	expect_bad("{\"name\":\"a\",\"n\":1,\"n\":\"x\"}", "\"n\" given twice");
}

/* A required argument that is absent is refused; optional ones may be. */
static void test_missing(void **state)
{
	(void)state;
	expect_bad("{}", "missing argument \"name\"");
	expect_bad("{\"note\":\"x\",\"flag\":true}", "missing argument \"name\"");
	expect_bad("{\"NAME\":\"x\"}", "unknown argument");
}

/* A value of each wrong JSON type, for each declared type. */
static void test_type_mismatch(void **state)
{
	static const char *const values[] = {"\"s\"", "true", "1", "{}", "[1]", "null"};
	/* The index in values[] of the one value each argument accepts. */
	static const struct {
		const char *arg, *reason;
		int accept;
	} cases[] = {
		{"name", "must be a string", 0},      {"note", "must be a string", 0},
		{"flag", "must be true or false", 1}, {"n", "must be a whole number", 2},
		{"obj", "must be an object", 3},      {"list", "must be an array", 4},
	};
	char text[128], part[64];
	size_t c, v;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			snprintf(text, sizeof(text), "{%s\"%s\":%s}",
				 c == 0 ? "" : "\"name\":\"a\",", cases[c].arg, values[v]);
			if ((int)v == cases[c].accept) {
				expect_ok(text);
				continue;
			}
			snprintf(part, sizeof(part), "\"%s\" %s", cases[c].arg, cases[c].reason);
			expect_bad(text, part);
		}
	expect_bad("{\"name\":\"a\",\"flag\":0}", "true or false");
	expect_bad("{\"name\":\"a\",\"flag\":\"true\"}", "true or false");
	expect_bad("{\"name\":\"a\",\"n\":\"1\"}", "whole number");
}

/* Strings are measured in characters, not bytes. */
static void test_string_length_chars(void **state)
{
	(void)state;
	expect_ok("{\"name\":\"阳光\"}");
	expect_ok("{\"name\":\"阳光阳光\"}");
	expect_bad("{\"name\":\"阳光阳光阳\"}", "must be 1 to 4 characters long");
	expect_ok("{\"name\":\"😀😀😀😀\"}");
	expect_bad("{\"name\":\"😀😀😀😀😀\"}", "1 to 4 characters");
	expect_ok("{\"name\":\"\\u9633\\u5149\\ud83d\\ude00é\"}");
	expect_ok("{\"name\":\"abcd\"}");
	expect_bad("{\"name\":\"abcde\"}", "\"name\" must be 1 to 4 characters long");
	expect_bad("{\"name\":\"\"}", "1 to 4 characters");
	expect_ok("{\"name\":\"a\",\"note\":\"阳光阳光阳光阳光阳光\"}");
	expect_bad("{\"name\":\"a\",\"note\":\"阳光阳光阳光阳光阳光阳\"}",
		   "\"note\" must be 0 to 10");
	expect_ok("{\"name\":\"a\",\"note\":\"\"}");
}

/* One-line strings refuse every control character; text allows only \n and
 * \t. */
static void test_controls(void **state)
{
	char value[4];
	int c;

	(void)state;
	for (c = 1; c < 0x80; c++) {
		snprintf(value, sizeof(value), "a%c", c);
		if (c < 0x20 || c == 0x7f) {
			if (check_raw_string("name", value) != YG_ERR_BAD_REQUEST)
				fail_msg("ARG_STRING accepted 0x%02x", c);
			assert_non_null(strstr(why, "\"name\" contains a control character"));
		} else if (check_raw_string("name", value) != YG_OK) {
			fail_msg("ARG_STRING refused 0x%02x: %s", c, why);
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			if (check_raw_string("note", value) != YG_ERR_BAD_REQUEST)
				fail_msg("ARG_TEXT accepted 0x%02x", c);
			assert_non_null(strstr(why, "\"note\" contains a control character"));
		} else if (check_raw_string("note", value) != YG_OK) {
			fail_msg("ARG_TEXT refused 0x%02x: %s", c, why);
		}
	}
}

/* Beyond ASCII: C1 controls, line and paragraph separators and bidi
 * overrides and isolates are refused in both kinds; CJK and emoji are not. */
static void test_unicode_controls(void **state)
{
	static const char *const bad[] = {"a\xc2\x80",     "a\xc2\x9f",    "\xe2\x80\xa8",
					  "\xe2\x80\xa9",  "\xe2\x80\xae", "x\xe2\x80\xaay",
					  "\xe2\x81\xa6",  "\xe2\x81\xa9", "a\xe2\x80\x8e",
					  "a\xe2\x80\x8f", "a\xd8\x9c"};
	static const char *const good[] = {"a\xc2\xa0"
					   "b",
					   "阳光", "\xf0\x9f\x98\x80", "\xe2\x80\xa7",
					   "\xe2\x81\xaa"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(check_raw_string("name", bad[i]), YG_ERR_BAD_REQUEST);
		assert_int_equal(check_raw_string("note", bad[i]), YG_ERR_BAD_REQUEST);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(check_raw_string("name", good[i]), YG_OK);
		assert_int_equal(check_raw_string("note", good[i]), YG_OK);
	}
}

/* Strings nested in objects and arrays, and member names, are held to the
 * rules of free text: newlines and tabs pass, every other control does not. */
static void test_nested_controls(void **state)
{
	(void)state;
	expect_ok("{\"name\":\"a\",\"obj\":{\"k\":[\"阳光\\n\\t\",{\"x\":\"y\"}]}}");
	expect_bad("{\"name\":\"a\",\"obj\":{\"k\":\"\\u001b[2J\"}}",
		   "\"obj\" contains a control character");
	expect_bad("{\"name\":\"a\",\"obj\":{\"k\\u009b\":1}}",
		   "\"obj\" contains a control character");
	expect_bad("{\"name\":\"a\",\"list\":[\"ok\",[\"\\u202e\"]]}",
		   "\"list\" contains a control character");
	expect_bad("{\"name\":\"a\",\"list\":[\"\xff\"]}", "\"list\" is not valid UTF-8");
	expect_bad("{\"name\":\"a\",\"obj\":{\"a\":{\"b\":\"\\u200f\"}}}",
		   "\"obj\" contains a control character");
}

/* Nesting deeper than 64 levels is refused rather than walked. */
static void test_nested_depth(void **state)
{
	char text[1024];
	size_t n = 0;
	int i;

	(void)state;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "{\"name\":\"a\",\"list\":");
	for (i = 0; i < 70; i++)
		text[n++] = '[';
	for (i = 0; i < 70; i++)
		text[n++] = ']';
	snprintf(text + n, sizeof(text) - n, "}");
	expect_bad(text, "\"list\" is nested too deeply");
}

/* Strings that are not UTF-8 are refused, whoever built the JSON. */
static void test_string_utf8(void **state)
{
	static const char *const bad[] = {"\xff",         "a\x80",    "\xc0\xaf",
					  "\xed\xa0\x80", "\xe9\x98", "\xf4\x90\x80\x80"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(check_raw_string("name", bad[i]), YG_ERR_BAD_REQUEST);
		assert_non_null(strstr(why, "\"name\" is not valid UTF-8"));
		assert_int_equal(check_raw_string("note", bad[i]), YG_ERR_BAD_REQUEST);
		assert_non_null(strstr(why, "\"note\" is not valid UTF-8"));
	}
	assert_int_equal(check_raw_string("note", "\xe9\x98\xb3"), YG_OK);
}

/* Whole numbers within [min, max]; fractions and out-of-range refused. */
static void test_int_bounds(void **state)
{
	static const char *const good[] = {"-5", "-4", "0", "-0", "5", "4", "5.0", "5e0", "-5e0"};
	static const char *const range[] = {"-6", "6", "100", "-100", "1e10", "-1e10"};
	static const char *const frac[] = {"0.5", "-0.5", "4.999", "5.0000001", "1e-1"};
	char text[96];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "{\"name\":\"a\",\"n\":%s}", good[i]);
		expect_ok(text);
	}
	for (i = 0; i < sizeof(range) / sizeof(range[0]); i++) {
		snprintf(text, sizeof(text), "{\"name\":\"a\",\"n\":%s}", range[i]);
		expect_bad(text, "\"n\" must be from -5 to 5");
	}
	for (i = 0; i < sizeof(frac) / sizeof(frac[0]); i++) {
		snprintf(text, sizeof(text), "{\"name\":\"a\",\"n\":%s}", frac[i]);
		expect_bad(text, "\"n\" must be a whole number");
	}
}

/* Integers up to 2^53-1 in magnitude; beyond, exactness is lost. */
static void test_int_extremes(void **state)
{
	static const struct arg_spec wide[] = {
		{.name = "v",
		 .type = ARG_INT,
		 .required = true,
		 .min = LLONG_MIN,
		 .max = LLONG_MAX},
		{.name = NULL},
	};

	(void)state;
	assert_int_equal(check_spec("{\"v\":9007199254740991}", wide), YG_OK);
	assert_int_equal(check_spec("{\"v\":-9007199254740991}", wide), YG_OK);
	assert_int_equal(check_spec("{\"v\":9007199254740992}", wide), YG_ERR_BAD_REQUEST);
	assert_non_null(strstr(why, "whole number"));
	assert_int_equal(check_spec("{\"v\":-9007199254740992}", wide), YG_ERR_BAD_REQUEST);
	assert_int_equal(check_spec("{\"v\":1e300}", wide), YG_ERR_BAD_REQUEST);
	assert_int_equal(check_spec("{\"v\":1e400}", wide), YG_ERR_BAD_REQUEST);
	assert_int_equal(check_spec("{\"v\":-1e400}", wide), YG_ERR_BAD_REQUEST);
	assert_int_equal(check_spec("{\"v\":0}", wide), YG_OK);
}

/* Arrays with [min, max] items. */
static void test_array_bounds(void **state)
{
	(void)state;
	expect_bad("{\"name\":\"a\",\"list\":[]}", "\"list\" must have 1 to 3 items");
	expect_ok("{\"name\":\"a\",\"list\":[1]}");
	expect_ok("{\"name\":\"a\",\"list\":[1,2,3]}");
	expect_ok("{\"name\":\"a\",\"list\":[[1,2,3,4],[],{}]}");
	expect_bad("{\"name\":\"a\",\"list\":[1,2,3,4]}", "\"list\" must have 1 to 3 items");
}

/* A small reason buffer is truncated, never overrun. */
static void test_short_why(void **state)
{
	cJSON *args = cJSON_Parse("{\"unknown_argument_name\":1}");
	char small[8];

	(void)state;
	memset(small, 'X', sizeof(small));
	assert_int_equal(args_check(args, spec, small, sizeof(small)), YG_ERR_BAD_REQUEST);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(args_check(args, spec, small, 1), YG_ERR_BAD_REQUEST);
	assert_string_equal(small, "");
	cJSON_Delete(args);
}

/* The accessors: the value when present and of the type, else the default. */
static void test_accessors(void **state)
{
	cJSON *args = cJSON_Parse("{\"s\":\"阳光\",\"b\":true,\"f\":false,\"i\":-42,\"big\":"
				  "9007199254740991,\"num\":1,\"str\":\"1\",\"nul\":null}");

	(void)state;
	assert_string_equal(args_string(args, "s"), "阳光");
	assert_null(args_string(args, "absent"));
	assert_null(args_string(args, "num"));
	assert_null(args_string(args, "nul"));
	assert_null(args_string(args, "S"));
	assert_true(args_bool(args, "b", false));
	assert_false(args_bool(args, "f", true));
	assert_true(args_bool(args, "absent", true));
	assert_false(args_bool(args, "absent", false));
	assert_true(args_bool(args, "num", true));
	assert_false(args_bool(args, "str", false));
	assert_int_equal(args_int(args, "i", 0), -42);
	assert_int_equal(args_int(args, "big", 0), 9007199254740991LL);
	assert_int_equal(args_int(args, "absent", 17), 17);
	assert_int_equal(args_int(args, "str", -3), -3);
	assert_int_equal(args_int(args, "b", 5), 5);
	assert_int_equal(args_int(args, "nul", 6), 6);
	cJSON_Delete(args);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_empty_spec),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_type_mismatch),
		cmocka_unit_test(test_string_length_chars),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_unicode_controls),
		cmocka_unit_test(test_string_utf8),
		cmocka_unit_test(test_int_bounds),
		cmocka_unit_test(test_int_extremes),
		cmocka_unit_test(test_array_bounds),
		cmocka_unit_test(test_short_why),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_nested_controls),
		cmocka_unit_test(test_nested_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
