/* Unit tests for server/policy/presiding.c: who may sign the minutes as
 * 主持人 or clerk, review a decision, and name a successor. These are the
 * C layer of the rule; sql/0017_presiding_authority.sql is the other, and
 * tests/integration/test_meeting_items.c breaks each alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/policy/presiding.h"

/* The chair role alone does not sign: only the holder does. */
static void test_sign_as_chair(void **state)
{
	(void)state;
	assert_int_equal(presiding_may_sign("chair", 11, 11, false), PRESIDING_OK);
	assert_int_equal(presiding_may_sign("chair", 12, 11, false), PRESIDING_NOT_HOLDER);
	assert_int_equal(presiding_may_sign("chair", 12, 11, true), PRESIDING_NOT_HOLDER);
	assert_int_equal(presiding_may_sign("chair", 11, 0, false), PRESIDING_NO_HOLDER);
	assert_int_equal(presiding_may_sign("boss", 11, 11, true), PRESIDING_BAD_ROLE);
	assert_int_equal(presiding_may_sign(NULL, 11, 11, true), PRESIDING_BAD_ROLE);
}

/* A clerk signs only as a clerk the meeting recorded. */
static void test_sign_as_clerk(void **state)
{
	(void)state;
	assert_int_equal(presiding_may_sign("clerk", 16, 11, true), PRESIDING_OK);
	assert_int_equal(presiding_may_sign("clerk", 16, 11, false), PRESIDING_NOT_CLERK);
	assert_int_equal(presiding_may_sign("clerk", 11, 11, false), PRESIDING_NOT_CLERK);
}

static void test_review(void **state)
{
	(void)state;
	assert_int_equal(presiding_may_review(11, 11), PRESIDING_OK);
	assert_int_equal(presiding_may_review(12, 11), PRESIDING_NOT_HOLDER);
	assert_int_equal(presiding_may_review(11, 0), PRESIDING_NO_HOLDER);
	assert_int_equal(presiding_may_review(0, 0), PRESIDING_NO_HOLDER);
}

/* An admin or the holder names another active chair-role member. */
static void test_name_successor(void **state)
{
	(void)state;
	assert_int_equal(presiding_may_name(11, false, 11, 12, true), PRESIDING_OK);
	assert_int_equal(presiding_may_name(1, true, 11, 12, true), PRESIDING_OK);
	assert_int_equal(presiding_may_name(13, false, 11, 12, true), PRESIDING_NOT_HOLDER);
	assert_int_equal(presiding_may_name(12, false, 11, 12, true), PRESIDING_NOT_HOLDER);
	assert_int_equal(presiding_may_name(1, true, 11, 12, false), PRESIDING_BAD_SUCCESSOR);
	assert_int_equal(presiding_may_name(1, true, 11, 11, true), PRESIDING_BAD_SUCCESSOR);
	assert_int_equal(presiding_may_name(1, true, 11, 0, true), PRESIDING_BAD_SUCCESSOR);
	assert_int_equal(presiding_may_name(1, true, 0, 12, true), PRESIDING_NO_HOLDER);
}

static void test_texts(void **state)
{
	int v;

	(void)state;
	for (v = PRESIDING_OK; v <= PRESIDING_BAD_ROLE; v++) {
		assert_non_null(presiding_verdict_text(v));
		assert_non_null(presiding_verdict_code(v));
	}
	assert_string_equal(presiding_verdict_code(PRESIDING_NOT_HOLDER), "not_presiding");
	assert_string_equal(presiding_verdict_code(PRESIDING_NOT_CLERK), "not_clerk");
	assert_string_equal(presiding_verdict_code((enum presiding_verdict)99), "bad_role");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_as_chair), cmocka_unit_test(test_sign_as_clerk),
		cmocka_unit_test(test_review),        cmocka_unit_test(test_name_successor),
		cmocka_unit_test(test_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
