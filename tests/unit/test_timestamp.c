/* Unit tests for proto/timestamp.c: RFC 3339 date-times with an offset, as
 * meeting.create's starts_at must be; every day and hour checked against the
 * C library's timegm; the malformed strings, "infinity" and far years that
 * PostgreSQL would take or choke on are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../proto/timestamp.h"

static long long parsed(const char *s)
{
	long long t = -12345;

	if (ts_parse(s, &t) != 0)
		fail_msg("refused: %s", s);
	return t;
}

static void refused(const char *s)
{
	long long t = -12345;

	if (ts_parse(s, &t) == 0)
		fail_msg("accepted: %s", s);
	assert_int_equal(t, -12345); /* untouched */
}

/* Zones and fractions move the instant as they should. */
static void test_known_instants(void **state)
{
	(void)state;
	assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parsed("2000-01-01T00:00:00Z"), TS_MIN);
	assert_int_equal(parsed("3000-01-01T00:00:00Z"), TS_MAX);
	assert_int_equal(parsed("2026-12-01T09:00:00+08:00"), 1796086800LL);
	assert_int_equal(parsed("2026-12-01T01:00:00Z"), 1796086800LL);
	assert_int_equal(parsed("2026-12-01T01:00:00z"), 1796086800LL);
	assert_int_equal(parsed("2026-12-01t01:00:00.999999999Z"), 1796086800LL);
	assert_int_equal(parsed("2026-11-30T20:30:00-04:30"), 1796086800LL);
	assert_int_equal(parsed("2026-12-01T01:00:00-00:00"), 1796086800LL);
	assert_int_equal(parsed("2026-12-01T15:00:00+14:00"), 1796086800LL);
	assert_int_equal(parsed("2026-11-30T11:00:00-14:00"), 1796086800LL);
}

/* Every day of 1999..3001 at a few times agrees with timegm. */
static void test_agrees_with_timegm(void **state)
{
	static const int hours[] = {0, 9, 23};
	char s[64];
	struct tm tm;
	long long t;
	int y, m, d, h;

	(void)state;
	for (y = 1999; y <= 3001; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= 31; d++)
				for (h = 0; h < 3; h++) {
					memset(&tm, 0, sizeof(tm));
					tm.tm_year = y - 1900;
					tm.tm_mon = m - 1;
					tm.tm_mday = d;
					tm.tm_hour = hours[h];
					tm.tm_min = 59;
					tm.tm_sec = 58;
					snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:59:58Z", y, m,
						 d, hours[h]);
					t = (long long)timegm(&tm);
					if (tm.tm_mday != d) {
						refused(s); /* no such day: timegm moved it */
						continue;
					}
					assert_int_equal(parsed(s), t);
				}
}

/* What PostgreSQL would take but a schedule must not, and plain garbage. */
static void test_refusals(void **state)
{
	static const char *const bad[] = {
		"",
		"infinity",
		"-infinity",
		"now",
		"tomorrow",
		"epoch",
		"294276-01-01T00:00:00Z",
		"2026-12-01",
		"2026-12-01T09:00:00",       /* no offset */
		"2026-12-01T09:00+08:00",    /* no seconds */
		"2026-12-01 09:00:00+08:00", /* a space, not T */
		"2026-12-01T09:00:00+0800",
		"2026-12-01T09:00:00+08",
		"2026-12-01T09:00:00+08:00 ",
		" 2026-12-01T09:00:00+08:00",
		"2026-12-01T09:00:00+08:60",
		"2026-12-01T09:00:00+14:01",
		"2026-12-01T09:00:00+15:00",
		"2026-12-01T09:00:00UTC",
		"2026-12-01T09:00:00+08:00[Asia/Shanghai]",
		"2026-12-01T09:00:00.+08:00",
		"2026-12-01T09:00:00.1234567890+08:00",
		"2026-13-01T09:00:00+08:00",
		"2026-00-01T09:00:00+08:00",
		"2026-02-29T09:00:00+08:00",
		"2100-02-29T09:00:00+08:00",
		"2026-04-31T09:00:00+08:00",
		"2026-12-00T09:00:00+08:00",
		"2026-12-01T24:00:00+08:00",
		"2026-12-01T09:60:00+08:00",
		"2026-12-01T09:00:60+08:00",
		"2026-12-01T9:00:00+08:00",
		"+2026-12-01T09:00:00+08:00",
		"2026-1-01T09:00:00+08:00",
		"2026-12-01T09:00:00\xef\xbc\x8b"
		"08:00",
		"0000-01-01T00:00:00Z",
		"2026-12-01T09:00:0",
		"2026-12-01T09:00:00.5",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i]);
	refused(NULL);
	assert_int_equal(parsed("2024-02-29T09:00:00+08:00"), 1709168400LL);
	assert_int_equal(parsed("2000-02-29T00:00:00Z"), 951782400LL);
}

/* ts_check adds the range 2000..2999 (UTC) and says which rule failed. */
static void test_check_range(void **state)
{
	long long t;

	(void)state;
	assert_null(ts_check("2099-01-01T09:00:00+08:00", &t));
	assert_null(ts_check("2000-01-01T00:00:00Z", &t));
	assert_null(ts_check("2999-12-31T23:59:59Z", &t));
	assert_non_null(strstr(ts_check("3000-01-01T00:00:00Z", &t), "2000 to 2999"));
	assert_non_null(strstr(ts_check("2000-01-01T07:59:59+08:00", &t), "2000 to 2999"));
	assert_non_null(strstr(ts_check("1999-12-31T23:59:59Z", &t), "2000 to 2999"));
	assert_non_null(strstr(ts_check("9999-12-31T23:59:59Z", &t), "2000 to 2999"));
	assert_non_null(strstr(ts_check("infinity", &t), "RFC 3339"));
	assert_non_null(strstr(ts_check("2026-12-01", &t), "RFC 3339"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_instants),
		cmocka_unit_test(test_agrees_with_timegm),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_check_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
