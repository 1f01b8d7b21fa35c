/* Unit tests for client/fmt_time.c: times read as the server and the
 * database write them, shown in the committee's clock the Chinese way, and
 * ends of periods shown as their last full day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/fmt_time.h"

#define CHINA 480 /* +08:00, minutes east of UTC */

/* 2026-12-06 02:00 UTC, 10:00 in China. */
static const time_t at_ten = 1796522400;

static void test_parse_forms(void **state)
{
	static const char *const same[] = {
		"2026-12-06T02:00:00Z",       "2026-12-06 02:00:00+00",
		"2026-12-06T10:00:00+08:00",  "2026-12-06 10:00:00.939226+08",
		"2026-12-06T10:00:00.5+0800", "2026-12-05T21:00:00-05:00",
	};
	time_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int_equal(fmt_time_parse(same[i], &t), 0);
		assert_int_equal((long long)t, (long long)at_ten);
	}
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-12-06",
		"2026-12-06T10:00:00",
		"2026-13-06T10:00:00Z",
		"2026-12-06X10:00:00Z",
		"2026-12-06T10:00:00+8",
		"2026-12-06T10:00:00+08:00x",
		"2026-12-06T25:00:00Z",
		"tomorrow",
	};
	time_t t;
	size_t i;

	(void)state;
	assert_int_equal(fmt_time_parse(NULL, &t), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(fmt_time_parse(bad[i], &t), -1);
}

/* The machine's zone plays no part: the committee's offset alone. */
static void test_text_chinese(void **state)
{
	char buf[64];

	(void)state;
	fmt_time_text(at_ten, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "2026年12月6日 10:00");
	fmt_time_text(at_ten, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "2026年12月6日 02:00");
	fmt_time_text(at_ten, CHINA, 1, buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-06 10:00");
	fmt_time_text(at_ten + 14 * 3600, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "2026年12月7日 00:00");
	fmt_time_day(at_ten, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "2026年12月6日");
	fmt_time_day(at_ten, CHINA, 1, buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-06");
}

/* Midnight ends a period: it is shown as the day before. */
static void test_until_last_day(void **state)
{
	time_t end;
	char buf[64];

	(void)state;
	assert_int_equal(fmt_time_parse("2026-12-12T00:00:00+08:00", &end), 0);
	fmt_time_until(end, at_ten, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "12月11日");
	fmt_time_until(end, at_ten, CHINA, 1, buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-11");
	/* The same instant in UTC is not midnight: its time is kept. */
	fmt_time_until(end, at_ten, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "12月11日 16:00");
	/* Any end but midnight keeps its time; a second past midnight too. */
	fmt_time_until(end + 60, at_ten, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "12月12日 00:01");
	/* Another year is named; the first of January ends the year before. */
	assert_int_equal(fmt_time_parse("2027-01-01T00:00:00+08:00", &end), 0);
	fmt_time_until(end, at_ten, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "12月31日");
	assert_int_equal(fmt_time_parse("2027-01-02T00:00:00+08:00", &end), 0);
	fmt_time_until(end, at_ten, CHINA, 0, buf, sizeof(buf));
	assert_string_equal(buf, "2027年1月1日");
}

/* A short buffer is cut, never overrun. */
static void test_short_buffer(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	fmt_time_text(at_ten, CHINA, 1, buf, sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),  cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_text_chinese), cmocka_unit_test(test_until_last_day),
		cmocka_unit_test(test_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
