/* Unit tests for proto/jcs.c: RFC 8785's own examples, ECMAScript number
 * forms, escapes, member order, what is refused, and
 * tests/vectors/ballot/jcs.json. (tests/jose/ also compares 4000 random
 * numbers with ECMAScript's, through the RFC authors' canonicalize.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/jcs.h"
#include "../vectors/vecio.h"

/* The canonical form of JSON text, which must have one. */
static void expect(const char *in, const char *want)
{
	cJSON *j = cJSON_Parse(in);
	size_t len = 0;
	char *out;

	assert_non_null(j);
	out = jcs_encode(j, &len);
	if (out == NULL || strcmp(out, want) != 0)
		fail_msg("%s: got %s, want %s", in, out != NULL ? out : "(refused)", want);
	assert_int_equal(len, strlen(want));
	assert_true(jcs_is_canonical(out, len, NULL));
	free(out);
	cJSON_Delete(j);
}

/* RFC 8785 section 3.2.2's example, and the sorting example of 3.2.3. */
static void test_rfc_examples(void **state)
{
	(void)state;
	expect("{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
	       "0.000000000000000000000000001],"
	       " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
	       " \"literals\": [null, true, false]}",
	       "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-"
	       "27],"
	       "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	expect("{\"\\u20ac\": 1, \"\\r\": 2, \"\\ufb33\": 3, \"1\": 4, \"\\ud83d\\ude00\": 5,"
	       " \"\\u0080\": 6, \"\\u00f6\": 7}",
	       "{\"\\r\":2,\"1\":4,\"\xc2\x80\":6,\"\xc3\xb6\":7,\"\xe2\x82\xac\":1,"
	       "\"\xf0\x9f\x98\x80\":5,\"\xef\xac\xb3\":3}");
}

/* ECMAScript Number::toString, around each of its cases. */
static void test_numbers(void **state)
{
	static const struct {
		double v;
		const char *s;
	} cases[] = {
		{0.0, "0"},
		{-0.0, "0"},
		{1, "1"},
		{-1, "-1"},
		{100, "100"},
		{9007199254740991.0, "9007199254740991"},
		{9007199254740992.0, "9007199254740992"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{123456789012345680000.0, "123456789012345680000"},
		{1.5, "1.5"},
		{0.1, "0.1"},
		{0.000001, "0.000001"},
		{1e-7, "1e-7"},
		{-1.25e-10, "-1.25e-10"},
		{5e-324, "5e-324"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{333333333.33333329, "333333333.3333333"},
		{4.35, "4.35"},
		{0.3, "0.3"},
		{0.1 + 0.2, "0.30000000000000004"},
		{295147905179352830000.0, "295147905179352830000"},
		{1e23, "1e+23"},
		{123.456, "123.456"},
	};
	char out[JCS_NUMBER_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(jcs_number(cases[i].v, out));
		if (strcmp(out, cases[i].s) != 0)
			fail_msg("%.17g: got %s, want %s", cases[i].v, out, cases[i].s);
	}
	assert_false(jcs_number(NAN, out));
	assert_false(jcs_number(INFINITY, out));
	assert_false(jcs_number(-INFINITY, out));
}

/* Whole numbers below 2^53 in magnitude come out as their decimal digits,
 * read back as themselves, and are the shortest digits that do (ECMAScript
 * picks those): with one significant digit fewer, v does not read back. */
static void expect_whole(double v)
{
	char out[JCS_NUMBER_MAX], want[32], e[40];
	size_t k;

	assert_true(jcs_number(v, out));
	snprintf(want, sizeof(want), "%lld", (long long)v);
	if (strcmp(out, want) != 0)
		fail_msg("%.17g: got %s, want %s", v, out, want);
	assert_true(strtod(out, NULL) == v);
	k = strlen(out) - (v < 0);
	while (k > 1 && out[(v < 0) + k - 1] == '0')
		k--;
	if (k > 1) {
		snprintf(e, sizeof(e), "%.*e", (int)k - 2, v);
		assert_false(strtod(e, NULL) == v);
	}
}

static void test_whole_numbers(void **state)
{
	uint64_t s = 0x9e3779b97f4a7c15u;
	double p;
	int i, d;

	(void)state;
	for (i = 0; i < 200000; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		expect_whole((double)((s >> 11) >> (s % 53)) * ((i & 1) ? -1 : 1));
	}
	for (p = 1; p < 9007199254740992.0; p *= 10)
		for (d = -2; d <= 2; d++)
			if (p + d != 0)
				expect_whole(p + d);
	expect_whole(9007199254740991.0);
	expect_whole(-9007199254740991.0);
	expect_whole(4503599627370497.0);
}

/* Control characters, quotes and backslashes are escaped as
 * JSON.stringify does; everything else, DEL and U+2028 too, is not. */
static void test_strings(void **state)
{
	(void)state;
	expect("\"\\b\\f\\n\\r\\t\\u0001\\u000b\\u001f\"",
	       "\"\\b\\f\\n\\r\\t\\u0001\\u000b\\u001f\"");
	expect("\"\\u007f\\u2028\\u2029/\"", "\"\x7f\xe2\x80\xa8\xe2\x80\xa9/\"");
	expect("\"\\\"\\\\\"", "\"\\\"\\\\\"");
	expect("\"\\u00e9\\u4e2d\\u6587\"", "\"\xc3\xa9\xe4\xb8\xad\xe6\x96\x87\"");
	expect("\"\"", "\"\"");
}

/* Nesting, empty containers, and member order inside members. */
static void test_structure(void **state)
{
	(void)state;
	expect("{\"b\": [], \"a\": {}, \"c\": {\"z\": [1, {\"y\": null}], \"a\": true}}",
	       "{\"a\":{},\"b\":[],\"c\":{\"a\":true,\"z\":[1,{\"y\":null}]}}");
	expect("[]", "[]");
	expect("{}", "{}");
	expect("{\"aa\": 1, \"a\": 2, \"B\": 3, \"b\": 4}", "{\"B\":3,\"a\":2,\"aa\":1,\"b\":4}");
}

/* Refused: a repeated name, non-finite numbers, invalid UTF-8, raw. */
static void test_refused(void **state)
{
	cJSON *j = cJSON_Parse("{\"a\": 1, \"a\": 2}");
	cJSON *o = cJSON_CreateObject();

	(void)state;
	assert_non_null(j);
	assert_null(jcs_encode(j, NULL));
	cJSON_Delete(j);
	j = cJSON_CreateArray();
	cJSON_AddItemToArray(j, cJSON_CreateNumber(NAN));
	assert_null(jcs_encode(j, NULL));
	cJSON_Delete(j);
	j = cJSON_CreateString("\xff\xfe");
	assert_null(jcs_encode(j, NULL));
	cJSON_Delete(j);
	j = cJSON_CreateRaw("1");
	assert_null(jcs_encode(j, NULL));
	cJSON_Delete(j);
	cJSON_AddStringToObject(o, "\xc0\xaf", "overlong name");
	assert_null(jcs_encode(o, NULL));
	cJSON_Delete(o);
}

/* Only exact canonical texts are canonical. */
static void test_is_canonical(void **state)
{
	static const char *const bad[] = {
		"{\"b\":1,\"a\":2}", "{\"a\": 1}",    "{\"a\":1} ", "{\"a\":1}x",
		"\"\\u0041\"",       "1.0",           "1E3",        "-0",
		"\"\\/\"",           "\"a\\u0000b\"", "[1,]",       "",
	};
	cJSON *v = NULL;
	size_t i;

	(void)state;
	assert_true(jcs_is_canonical("{\"a\":[1,\"x\"]}", 13, &v));
	assert_non_null(v);
	cJSON_Delete(v);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (jcs_is_canonical(bad[i], strlen(bad[i]), NULL))
			fail_msg("took %s as canonical", bad[i]);
}

/* The vectors: each input's canonical form. */
static void test_jcs_vectors(void **state)
{
	cJSON *j = vec_load("jcs.json"), *e;
	int n = 0;

	(void)state;
	assert_non_null(j);
	cJSON_ArrayForEach(e, j) {
		expect(vec_str(e, "input"), vec_str(e, "canonical"));
		n++;
	}
	assert_int_equal(n, 5);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_examples),  cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_whole_numbers), cmocka_unit_test(test_strings),
		cmocka_unit_test(test_structure),     cmocka_unit_test(test_refused),
		cmocka_unit_test(test_is_canonical),  cmocka_unit_test(test_jcs_vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
