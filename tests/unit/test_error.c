/* Unit tests for proto/error.c: every error code has its own stable wire
 * name, and names map back to codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/error.h"

/* The wire names clients match on; they must never change. */
static const char *const expected[YG_ERR__COUNT] = {
	[YG_OK] = "ok",
	[YG_ERR_BAD_FRAME] = "bad_frame",
	[YG_ERR_FRAME_TOO_LARGE] = "frame_too_large",
	[YG_ERR_BAD_JSON] = "bad_json",
	[YG_ERR_BAD_REQUEST] = "bad_request",
	[YG_ERR_UNKNOWN_OP] = "unknown_op",
	[YG_ERR_HELLO_REQUIRED] = "hello_required",
	[YG_ERR_VERSION_UNSUPPORTED] = "version_unsupported",
	[YG_ERR_BUSY] = "busy",
	[YG_ERR_DB_UNAVAILABLE] = "db_unavailable",
	[YG_ERR_INTERNAL] = "internal",
	[YG_ERR_UNAUTHENTICATED] = "unauthenticated",
	[YG_ERR_FORBIDDEN] = "forbidden",
	[YG_ERR_NOT_FOUND] = "not_found",
	[YG_ERR_CONFLICT] = "conflict",
	[YG_ERR_TOO_MANY_UPLOADS] = "too_many_uploads",
};

/* Every code has a non-empty name of lowercase letters and underscores. */
static void test_names_well_formed(void **state)
{
	const char *s;
	int e;

	(void)state;
	for (e = 0; e < YG_ERR__COUNT; e++) {
		s = yg_err_code((enum yg_err)e);
		assert_non_null(s);
		assert_true(s[0] >= 'a' && s[0] <= 'z');
		assert_int_equal(strspn(s, "abcdefghijklmnopqrstuvwxyz_"), strlen(s));
	}
}

/* No two codes share a name. */
static void test_names_distinct(void **state)
{
	int a, b;

	(void)state;
	for (a = 0; a < YG_ERR__COUNT; a++)
		for (b = a + 1; b < YG_ERR__COUNT; b++)
			assert_string_not_equal(yg_err_code((enum yg_err)a),
						yg_err_code((enum yg_err)b));
}

/* The names are exactly the published ones. */
static void test_names_stable(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < YG_ERR__COUNT; e++) {
		assert_non_null(expected[e]);
		assert_string_equal(yg_err_code((enum yg_err)e), expected[e]);
	}
}

/* Name to code and back gives the code it started from. */
static void test_round_trip(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < YG_ERR__COUNT; e++)
		assert_int_equal(yg_err_from_code(yg_err_code((enum yg_err)e)), e);
	assert_int_equal(yg_err_from_code("busy"), YG_ERR_BUSY);
	assert_int_equal(yg_err_from_code("ok"), YG_OK);
}

/* Unknown names, near misses and other spellings map to YG_ERR__COUNT. */
static void test_unknown_names(void **state)
{
	static const char *const names[] = {"",    "BUSY",  "Busy",      "busy ",     " busy",
					    "bus", "busyy", "bad-frame", "not found", "okay",
					    "o",   "ok\n",  "unknown",   "error"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(yg_err_from_code(names[i]), YG_ERR__COUNT);
}

/* An out-of-range code is reported as internal, never as garbage. */
static void test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(yg_err_code(YG_ERR__COUNT), "internal");
	assert_string_equal(yg_err_code((enum yg_err)(YG_ERR__COUNT + 100)), "internal");
	assert_string_equal(yg_err_code((enum yg_err) - 1), "internal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_well_formed), cmocka_unit_test(test_names_distinct),
		cmocka_unit_test(test_names_stable),      cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unknown_names),     cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
