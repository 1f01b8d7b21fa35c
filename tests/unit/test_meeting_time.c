/* Unit tests for rules/meeting_time.c: a meeting opens no earlier than its
 * tolerance before the scheduled time, and is announced at least its
 * notice period before it starts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../rules/meeting_time.h"

#define T0 1796522400LL /* 2026-12-06 10:00 in China */

static void test_open_tolerance(void **state)
{
	struct meeting_time_facts f = {.starts_at = T0, .notice_s = 0, .open_early_minutes = 30};

	(void)state;
	assert_int_equal(meeting_time_opens_at(&f), T0 - 1800);
	f.now = T0 - 1801; /* 09:29:59 */
	assert_false(meeting_time_may_open(&f));
	f.now = T0 - 1800; /* 09:30 */
	assert_true(meeting_time_may_open(&f));
	f.now = T0 + 3600; /* late is allowed: the meeting has begun */
	assert_true(meeting_time_may_open(&f));
	/* The meeting: announced for 10:00, opened at 09:12. */
	f.now = T0 - 48 * 60;
	assert_false(meeting_time_may_open(&f));
	/* No tolerance: on the minute. */
	f.open_early_minutes = 0;
	f.now = T0 - 1;
	assert_false(meeting_time_may_open(&f));
	f.now = T0;
	assert_true(meeting_time_may_open(&f));
}

static void test_notice(void **state)
{
	struct meeting_time_facts f = {.starts_at = T0, .notice_s = 24 * 3600};

	(void)state;
	f.now = T0 - 24 * 3600;
	assert_true(meeting_time_may_announce(&f));
	f.now = T0 - 24 * 3600 + 1;
	assert_false(meeting_time_may_announce(&f));
	f.now = T0 - 7 * 86400;
	assert_true(meeting_time_may_announce(&f));
	/* A notice of 0: any time still to come, and the time itself. */
	f.notice_s = 0;
	f.now = T0;
	assert_true(meeting_time_may_announce(&f));
	f.now = T0 + 1;
	assert_false(meeting_time_may_announce(&f));
}

static void test_from_json(void **state)
{
	struct meeting_time_facts f;
	cJSON *j = cJSON_Parse("{\"now\":1796520000,\"starts_at\":1796522400,"
			       "\"notice_seconds\":86400,\"open_early_minutes\":30}");

	(void)state;
	assert_int_equal(meeting_time_from_json(j, &f), 0);
	assert_int_equal(f.now, 1796520000LL);
	assert_int_equal(f.starts_at, T0);
	assert_int_equal(f.notice_s, 86400);
	assert_int_equal(f.open_early_minutes, 30);
	cJSON_ReplaceItemInObject(j, "notice_seconds", cJSON_CreateNumber(-1));
	assert_int_equal(meeting_time_from_json(j, &f), -1);
	cJSON_ReplaceItemInObject(j, "notice_seconds", cJSON_CreateString("86400"));
	assert_int_equal(meeting_time_from_json(j, &f), -1);
	cJSON_DeleteItemFromObject(j, "notice_seconds");
	assert_int_equal(meeting_time_from_json(j, &f), -1);
	assert_int_equal(meeting_time_from_json(NULL, &f), -1);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_tolerance),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_from_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
