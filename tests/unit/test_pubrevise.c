/* Unit tests for server/policy/pubrevise.c: what a publication revision
 * may do from each current mode (issue 18). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/policy/pubrevise.h"

static void expect_mode(enum pub_revise a, const char *cur, bool text, const char *mode)
{
	const char *why = "unset";
	const char *got = pub_revise_mode(a, cur, text, &why);

	if (mode == NULL) {
		assert_null(got);
		assert_non_null(why);
	} else {
		assert_non_null(got);
		assert_string_equal(got, mode);
		assert_null(why);
	}
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(pub_revise_parse("correct"), REVISE_CORRECT);
	assert_int_equal(pub_revise_parse("withdraw"), REVISE_WITHDRAW);
	assert_int_equal(pub_revise_parse("declassify"), REVISE_DECLASSIFY);
	assert_int_equal(pub_revise_parse("edit"), REVISE_INVALID);
	assert_int_equal(pub_revise_parse(NULL), REVISE_INVALID);
}

static void test_modes(void **state)
{
	(void)state;
	expect_mode(REVISE_CORRECT, "full", true, "summary");
	expect_mode(REVISE_CORRECT, "summary", true, "summary");
	expect_mode(REVISE_CORRECT, "summary", false, NULL);
	expect_mode(REVISE_CORRECT, "withheld", true, NULL);
	expect_mode(REVISE_CORRECT, "withdrawn", true, NULL);
	expect_mode(REVISE_WITHDRAW, "full", false, "withdrawn");
	expect_mode(REVISE_WITHDRAW, "summary", false, "withdrawn");
	expect_mode(REVISE_WITHDRAW, "summary", true, NULL);
	expect_mode(REVISE_WITHDRAW, "withdrawn", false, NULL);
	expect_mode(REVISE_WITHDRAW, "withheld", false, NULL);
	expect_mode(REVISE_DECLASSIFY, "withheld", false, "full");
	expect_mode(REVISE_DECLASSIFY, "withheld", true, "summary");
	expect_mode(REVISE_DECLASSIFY, "full", false, NULL);
	expect_mode(REVISE_DECLASSIFY, NULL, false, NULL);
	expect_mode(REVISE_INVALID, "full", false, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
