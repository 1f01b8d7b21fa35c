/* Unit tests for server/policy/publication.c: the review modes by name,
 * which modes need a text, which decisions get a pre-appointment notice
 * (任前公示), and when such a notice ends: at local midnight after the last
 * of its working days, the day of publication not counted, in the zone
 * utc_offset seconds east of UTC. Expected instants are computed by hand
 * and written with timegm; the exhaustive check compares with a second
 * implementation built on gmtime. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../server/policy/publication.h"

#define HOUR 3600L
#define DAY  86400L

/* An instant given by its UTC calendar date and time. */
static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* An instant given by its local date and time in the zone off seconds
 * east of UTC. */
static time_t local(int y, int mo, int d, int h, int mi, int s, long off)
{
	return utc(y, mo, d, h, mi, s) - off;
}

static void assert_end(time_t from, unsigned workdays, long off, time_t want)
{
	time_t got = pub_notice_end(from, workdays, off);

	if (got != want)
		print_error("from %lld, %u working days, offset %ld: %lld, expected %lld\n",
			    (long long)from, workdays, off, (long long)got, (long long)want);
	assert_true(got == want);
}

static void test_mode_parse(void **state)
{
	(void)state;
	assert_int_equal(pub_mode_parse("full"), PUB_FULL);
	assert_int_equal(pub_mode_parse("summary"), PUB_SUMMARY);
	assert_int_equal(pub_mode_parse("withheld"), PUB_WITHHELD);
	/* The verb is accepted for the participle. */
	assert_int_equal(pub_mode_parse("withhold"), PUB_WITHHELD);
}

static void test_mode_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"",          "Full",          "FULL",     " full",     "full ",       "full\n",
		"ful",       "fullx",         "summ",     "Summary",   "SUMMARY",     "summaryx",
		"withheldx", "Withheld",      "WITHHOLD", "withholds", "withholding", "withhel",
		"invalid",   "none",          "public",   "0",         "1",           "全文",
		"摘要",      "full\tsummary",
	};
	size_t i;

	(void)state;
	assert_int_equal(pub_mode_parse(NULL), PUB_INVALID);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pub_mode_parse(bad[i]) != PUB_INVALID)
			print_error("\"%s\" parsed as a mode\n", bad[i]);
		assert_int_equal(pub_mode_parse(bad[i]), PUB_INVALID);
	}
}

static void test_mode_name(void **state)
{
	enum pub_mode m;

	(void)state;
	assert_string_equal(pub_mode_name(PUB_FULL), "full");
	assert_string_equal(pub_mode_name(PUB_SUMMARY), "summary");
	assert_string_equal(pub_mode_name(PUB_WITHHELD), "withheld");
	assert_string_equal(pub_mode_name(PUB_INVALID), "invalid");
	assert_string_equal(pub_mode_name((enum pub_mode)(PUB_INVALID + 1)), "invalid");
	/* Round trip: every mode's name parses back to it, and the name of
	 * the invalid mode is no mode. */
	for (m = PUB_FULL; m < PUB_INVALID; m++)
		assert_int_equal(pub_mode_parse(pub_mode_name(m)), m);
	assert_int_equal(pub_mode_parse(pub_mode_name(PUB_INVALID)), PUB_INVALID);
	/* "withhold" is accepted but not a name: it comes back as "withheld". */
	assert_string_equal(pub_mode_name(pub_mode_parse("withhold")), "withheld");
}

static void test_needs_text(void **state)
{
	(void)state;
	assert_false(pub_needs_text(PUB_FULL));
	assert_true(pub_needs_text(PUB_SUMMARY));
	assert_true(pub_needs_text(PUB_WITHHELD));
	assert_false(pub_needs_text(PUB_INVALID));
}

/* A notice for a cadre decision that was made and is made public: every
 * other combination gets none. */
static void test_needs_notice(void **state)
{
	static const enum pub_mode modes[] = {PUB_FULL, PUB_SUMMARY, PUB_WITHHELD, PUB_INVALID};
	size_t m;
	int personnel, decided;

	(void)state;
	assert_true(pub_needs_notice(true, true, PUB_FULL));
	assert_true(pub_needs_notice(true, true, PUB_SUMMARY));
	assert_false(pub_needs_notice(true, true, PUB_WITHHELD));
	assert_false(pub_needs_notice(true, true, PUB_INVALID));
	assert_false(pub_needs_notice(true, false, PUB_FULL));
	assert_false(pub_needs_notice(true, false, PUB_SUMMARY));
	assert_false(pub_needs_notice(false, true, PUB_FULL));
	assert_false(pub_needs_notice(false, true, PUB_SUMMARY));
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
		for (personnel = 0; personnel < 2; personnel++)
			for (decided = 0; decided < 2; decided++)
				assert_int_equal(
					pub_needs_notice(personnel, decided, modes[m]),
					personnel && decided &&
						(modes[m] == PUB_FULL || modes[m] == PUB_SUMMARY));
}

/* Five working days in UTC from each day of one week (2026-03-02 is a
 * Monday): the end is midnight after the fifth working day that follows
 * the day of publication, whatever the time of day. */
static void test_end_week_utc(void **state)
{
	(void)state;
	/* Monday: Tue Wed Thu Fri, Mon → Tuesday 10 March 00:00. */
	assert_end(utc(2026, 3, 2, 10, 0, 0), 5, 0, utc(2026, 3, 10, 0, 0, 0));
	/* Tuesday: Wed Thu Fri, Mon Tue → Wednesday 11 March. */
	assert_end(utc(2026, 3, 3, 10, 0, 0), 5, 0, utc(2026, 3, 11, 0, 0, 0));
	/* Wednesday → Thursday 12 March. */
	assert_end(utc(2026, 3, 4, 10, 0, 0), 5, 0, utc(2026, 3, 12, 0, 0, 0));
	/* Thursday → Friday 13 March. */
	assert_end(utc(2026, 3, 5, 10, 0, 0), 5, 0, utc(2026, 3, 13, 0, 0, 0));
	/* Friday: Mon..Fri of the next week → Saturday 14 March. */
	assert_end(utc(2026, 3, 6, 10, 0, 0), 5, 0, utc(2026, 3, 14, 0, 0, 0));
	/* Saturday and Sunday: the same five days → Saturday 14 March. */
	assert_end(utc(2026, 3, 7, 10, 0, 0), 5, 0, utc(2026, 3, 14, 0, 0, 0));
	assert_end(utc(2026, 3, 8, 10, 0, 0), 5, 0, utc(2026, 3, 14, 0, 0, 0));
}

/* The time of day does not matter within the day: its first and last
 * second give the same end. */
static void test_end_time_of_day(void **state)
{
	(void)state;
	assert_end(utc(2026, 3, 2, 0, 0, 0), 5, 0, utc(2026, 3, 10, 0, 0, 0));
	assert_end(utc(2026, 3, 2, 23, 59, 59), 5, 0, utc(2026, 3, 10, 0, 0, 0));
	/* One second later it is Tuesday. */
	assert_end(utc(2026, 3, 3, 0, 0, 0), 5, 0, utc(2026, 3, 11, 0, 0, 0));
	/* Friday's last second and Saturday's first: the same end. */
	assert_end(utc(2026, 3, 6, 23, 59, 59), 5, 0, utc(2026, 3, 14, 0, 0, 0));
	assert_end(utc(2026, 3, 7, 0, 0, 0), 5, 0, utc(2026, 3, 14, 0, 0, 0));
}

static void test_end_other_counts(void **state)
{
	(void)state;
	/* No working day: midnight at the end of the day of publication. */
	assert_end(utc(2026, 3, 2, 10, 0, 0), 0, 0, utc(2026, 3, 3, 0, 0, 0));
	assert_end(utc(2026, 3, 7, 10, 0, 0), 0, 0, utc(2026, 3, 8, 0, 0, 0));
	assert_end(utc(2026, 3, 8, 23, 59, 59), 0, 0, utc(2026, 3, 9, 0, 0, 0));
	/* One: the next working day. */
	assert_end(utc(2026, 3, 2, 10, 0, 0), 1, 0, utc(2026, 3, 4, 0, 0, 0));
	assert_end(utc(2026, 3, 6, 10, 0, 0), 1, 0, utc(2026, 3, 10, 0, 0, 0));
	assert_end(utc(2026, 3, 7, 10, 0, 0), 1, 0, utc(2026, 3, 10, 0, 0, 0));
	assert_end(utc(2026, 3, 8, 10, 0, 0), 1, 0, utc(2026, 3, 10, 0, 0, 0));
	/* Ten from a Monday: two weeks' working days → Tuesday 17 March. */
	assert_end(utc(2026, 3, 2, 10, 0, 0), 10, 0, utc(2026, 3, 17, 0, 0, 0));
	/* Thirty (the setting's maximum) from a Monday: six weeks → Tuesday
	 * 14 April. */
	assert_end(utc(2026, 3, 2, 10, 0, 0), 30, 0, utc(2026, 4, 14, 0, 0, 0));
	/* Four from a Friday: Mon..Thu → Friday 13 March. */
	assert_end(utc(2026, 3, 6, 10, 0, 0), 4, 0, utc(2026, 3, 13, 0, 0, 0));
	/* Six from a Friday: Mon..Fri, Mon → Tuesday 17 March. */
	assert_end(utc(2026, 3, 6, 10, 0, 0), 6, 0, utc(2026, 3, 17, 0, 0, 0));
}

/* Across the end of a month, of February in a leap year, and of a year.
 * Public holidays (1 May, 1 January) are not known and count as working
 * days. */
static void test_end_month_and_year(void **state)
{
	(void)state;
	/* Thursday 30 April 2026: Fri 1 May, Mon 4 .. Thu 7 → Friday 8 May. */
	assert_end(utc(2026, 4, 30, 9, 0, 0), 5, 0, utc(2026, 5, 8, 0, 0, 0));
	/* Friday 30 January 2026: Mon 2 .. Fri 6 February → Saturday 7. */
	assert_end(utc(2026, 1, 30, 9, 0, 0), 5, 0, utc(2026, 2, 7, 0, 0, 0));
	/* Friday 27 February 2026: Mon 2 .. Fri 6 March → Saturday 7. */
	assert_end(utc(2026, 2, 27, 9, 0, 0), 5, 0, utc(2026, 3, 7, 0, 0, 0));
	/* Friday 25 February 2028 (a leap year): Mon 28, Tue 29, Wed 1 March,
	 * Thu 2, Fri 3 → Saturday 4 March. */
	assert_end(utc(2028, 2, 25, 9, 0, 0), 5, 0, utc(2028, 3, 4, 0, 0, 0));
	/* Monday 28 February 2028: Tue 29, Wed 1 .. Fri 3, Mon 6 → Tuesday 7. */
	assert_end(utc(2028, 2, 28, 9, 0, 0), 5, 0, utc(2028, 3, 7, 0, 0, 0));
	/* Wednesday 31 December 2025: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7
	 * January → Thursday 8 January 2026. */
	assert_end(utc(2025, 12, 31, 9, 0, 0), 5, 0, utc(2026, 1, 8, 0, 0, 0));
	/* Saturday 31 December 2022: Mon 2 .. Fri 6 January → Saturday 7. */
	assert_end(utc(2022, 12, 31, 9, 0, 0), 5, 0, utc(2023, 1, 7, 0, 0, 0));
}

/* China Standard Time, UTC+8 (28,800 s): the day is the local one, and the
 * end is local midnight, 16:00 UTC the day before. */
static void test_end_utc_plus_8(void **state)
{
	const long cst = 8 * HOUR;

	(void)state;
	/* Monday 10:00 local → Tuesday 10 March 00:00 local. */
	assert_end(local(2026, 3, 2, 10, 0, 0, cst), 5, cst, local(2026, 3, 10, 0, 0, 0, cst));
	assert_end(local(2026, 3, 2, 10, 0, 0, cst), 5, cst, utc(2026, 3, 9, 16, 0, 0));
	/* Friday 20:00 UTC is Saturday 04:00 in Beijing: the week that
	 * follows ends on Saturday 14 March local, 13 March 16:00 UTC. */
	assert_end(utc(2026, 3, 6, 20, 0, 0), 5, cst, utc(2026, 3, 13, 16, 0, 0));
	/* The same instant counted in UTC is a Friday: Saturday 14 March. */
	assert_end(utc(2026, 3, 6, 20, 0, 0), 5, 0, utc(2026, 3, 14, 0, 0, 0));
	/* Sunday 16:00 UTC is Monday 00:00 in Beijing: from Monday. */
	assert_end(utc(2026, 3, 8, 16, 0, 0), 5, cst, local(2026, 3, 17, 0, 0, 0, cst));
	/* One second before that it is still Sunday. */
	assert_end(utc(2026, 3, 8, 15, 59, 59), 5, cst, local(2026, 3, 14, 0, 0, 0, cst));
	/* New Year's Eve 17:00 UTC is 1 January 2026 01:00 in Beijing, a
	 * Thursday: Fri 2, Mon 5 .. Thu 8 → Friday 9 January local. */
	assert_end(utc(2025, 12, 31, 17, 0, 0), 5, cst, local(2026, 1, 9, 0, 0, 0, cst));
	assert_end(utc(2025, 12, 31, 17, 0, 0), 5, cst, utc(2026, 1, 8, 16, 0, 0));
	/* No working day: the end of the local day of publication. */
	assert_end(utc(2026, 3, 6, 20, 0, 0), 0, cst, utc(2026, 3, 7, 16, 0, 0));
}

/* West of UTC: New York in winter (UTC−5) and Baker Island (UTC−12). */
static void test_end_negative_offset(void **state)
{
	const long est = -5 * HOUR, bit = -12 * HOUR;

	(void)state;
	/* Monday 03:00 UTC is Sunday 22:00 in New York: from Sunday, the end
	 * is Saturday 14 March 00:00 local, 05:00 UTC. */
	assert_end(utc(2026, 3, 9, 3, 0, 0), 5, est, utc(2026, 3, 14, 5, 0, 0));
	/* Counted in UTC it is Monday: Tuesday 17 March. */
	assert_end(utc(2026, 3, 9, 3, 0, 0), 5, 0, utc(2026, 3, 17, 0, 0, 0));
	/* 1 January 2026 04:00 UTC is New Year's Eve 23:00 local, a
	 * Wednesday → Thursday 8 January local. */
	assert_end(utc(2026, 1, 1, 4, 0, 0), 5, est, local(2026, 1, 8, 0, 0, 0, est));
	/* Saturday 07:00 UTC is Friday 19:00 at UTC−12: → Saturday 14 March
	 * local, 12:00 UTC. */
	assert_end(utc(2026, 3, 7, 7, 0, 0), 5, bit, utc(2026, 3, 14, 12, 0, 0));
	/* And UTC+14 (Kiribati): Friday 11:00 UTC is Saturday 01:00 local. */
	assert_end(utc(2026, 3, 6, 11, 0, 0), 5, 14 * HOUR, local(2026, 3, 14, 0, 0, 0, 14 * HOUR));
	/* Offsets that are not whole hours: India (+5:30), Nepal (+5:45). */
	assert_end(utc(2026, 3, 8, 18, 29, 59), 5, 19800, local(2026, 3, 14, 0, 0, 0, 19800));
	assert_end(utc(2026, 3, 8, 18, 30, 0), 5, 19800, local(2026, 3, 17, 0, 0, 0, 19800));
	assert_end(utc(2026, 3, 8, 18, 15, 0), 5, 20700, local(2026, 3, 17, 0, 0, 0, 20700));
}

/* Before 1970 and around it, where the local second count is negative:
 * 31 December 1969 was a Wednesday. */
static void test_end_before_epoch(void **state)
{
	(void)state;
	assert_end(-1, 5, 0, 7 * DAY);
	assert_end(-DAY, 5, 0, 7 * DAY);
	/* Thursday 1 January 1970 00:00 UTC is Wednesday 23:00 at UTC−1. */
	assert_end(0, 5, -HOUR, 7 * DAY + HOUR);
	assert_end(0, 5, 0, utc(1970, 1, 9, 0, 0, 0));
	/* Wednesday 24 December 1969, 12:00 → Thursday 1 January 1970. */
	assert_end(utc(1969, 12, 24, 12, 0, 0), 5, 0, utc(1970, 1, 1, 0, 0, 0));
	/* Sunday 28 December 1969 → Saturday 3 January 1970. */
	assert_end(utc(1969, 12, 28, 12, 0, 0), 5, 0, utc(1970, 1, 3, 0, 0, 0));
}

/* The same computation through the C library: the local date of from by
 * gmtime, then one day after another, their weekdays from timegm. */
static time_t reference_end(time_t from, unsigned workdays, long off)
{
	time_t t = from + off, day;
	struct tm tm;
	unsigned left = workdays;

	gmtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	day = timegm(&tm);
	while (left > 0) {
		day += DAY;
		gmtime_r(&day, &tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6)
			left--;
	}
	return day + DAY - off;
}

/* Every hour of four years (2024, a leap year, to 2027), in five zones,
 * for 0 to 30 working days against the reference; and what every end is:
 * local midnight, after a working day, with exactly that many working
 * days between the day of publication and it. */
static void test_end_exhaustive(void **state)
{
	static const long offs[] = {0, 8 * HOUR, -5 * HOUR, 19800, -12 * HOUR};
	time_t t, start = utc(2024, 1, 1, 0, 0, 0), stop = utc(2028, 1, 1, 0, 0, 0), end, d;
	unsigned w, count;
	size_t o;
	struct tm tm;

	(void)state;
	for (o = 0; o < sizeof(offs) / sizeof(offs[0]); o++) {
		for (t = start; t < stop; t += HOUR) {
			w = (unsigned)((t / HOUR) % 31);
			end = pub_notice_end(t, w, offs[o]);
			if (end != reference_end(t, w, offs[o]))
				print_error("from %lld, %u days, offset %ld\n", (long long)t, w,
					    offs[o]);
			assert_true(end == reference_end(t, w, offs[o]));
			assert_true(end > t);
			assert_int_equal((end + offs[o]) % DAY, 0);
			if (w == 0) {
				assert_true(end - t <= DAY);
				continue;
			}
			/* The last day of the notice is a working day. */
			d = end + offs[o] - DAY;
			gmtime_r(&d, &tm);
			assert_true(tm.tm_wday >= 1 && tm.tm_wday <= 5);
			/* Working days after the day of publication, up to the end. */
			count = 0;
			for (d = t + offs[o] - (t + offs[o]) % DAY + DAY; d < end + offs[o];
			     d += DAY) {
				gmtime_r(&d, &tm);
				count += tm.tm_wday >= 1 && tm.tm_wday <= 5;
			}
			assert_int_equal(count, w);
		}
	}
}

/* More working days run longer, never shorter. */
static void test_end_monotonic(void **state)
{
	time_t from = utc(2026, 3, 4, 15, 0, 0), prev = 0, end;
	unsigned w;

	(void)state;
	for (w = 0; w <= 60; w++) {
		end = pub_notice_end(from, w, 8 * HOUR);
		assert_true(end > prev);
		if (w > 0)
			assert_true(end - prev == DAY || end - prev == 3 * DAY);
		prev = end;
	}
	/* A later instant never ends earlier. */
	prev = 0;
	for (from = utc(2026, 3, 1, 0, 0, 0); from < utc(2026, 4, 1, 0, 0, 0); from += 600) {
		end = pub_notice_end(from, 5, 8 * HOUR);
		assert_true(end >= prev);
		prev = end;
	}
}

/* A trial committee's (试用) notice lasts its span of trial days from the
 * moment of publication, weekend or not, and never the real working days;
 * a real committee's is counted in working days whatever span is given. */
static void test_end_trial(void **state)
{
	time_t fri = utc(2026, 12, 4, 15, 30, 0), end = local(2026, 12, 12, 0, 0, 0, 8 * 3600);

	(void)state;
	assert_true(pub_notice_end_rule(fri, 5, true, 50, 8 * 3600) == fri + 50);
	assert_true(pub_notice_end_rule(fri, 1, true, 10, 8 * 3600) == fri + 10);
	assert_true(pub_notice_end_rule(fri, 5, true, 5 * 86400, 0) == fri + 5 * 86400);
	assert_true(pub_notice_end_rule(fri, 5, false, 50, 8 * 3600) ==
		    pub_notice_end(fri, 5, 8 * 3600));
	assert_true(pub_notice_end_rule(fri, 5, false, 0, 8 * 3600) == end);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_parse),
		cmocka_unit_test(test_mode_parse_invalid),
		cmocka_unit_test(test_mode_name),
		cmocka_unit_test(test_needs_text),
		cmocka_unit_test(test_needs_notice),
		cmocka_unit_test(test_end_week_utc),
		cmocka_unit_test(test_end_time_of_day),
		cmocka_unit_test(test_end_other_counts),
		cmocka_unit_test(test_end_month_and_year),
		cmocka_unit_test(test_end_utc_plus_8),
		cmocka_unit_test(test_end_negative_offset),
		cmocka_unit_test(test_end_before_epoch),
		cmocka_unit_test(test_end_exhaustive),
		cmocka_unit_test(test_end_monotonic),
		cmocka_unit_test(test_end_trial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
