/* Unit tests for server/policy/quorum.c: every committee of 1 to 25 members
 * with every count present against an independent prediction, the shares
 * committees write ("more than half", "at least two thirds" ...), the
 * smallest count that reaches, large bases, nonsense inputs, the quorum to
 * open and for cadre items, a member leaving, and the JSON the rules store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>

#include <cmocka.h>

#include "../../rules/quorum.h"
#include "../../server/policy/settings.h"

#define MAX_SIZE 25 /* the largest committee checked exhaustively */

static const struct fraction more_than_half = {1, 2, false};
static const struct fraction two_thirds = {2, 3, true};
static const struct fraction at_least_half = {1, 2, true};
static const struct fraction more_than_two_thirds = {2, 3, false};
static const struct fraction all = {1, 1, true};
static const struct fraction more_than_all = {1, 1, false};

/* The shares committees write, named for failure messages. */
static const struct named_share {
	const char *name;
	struct fraction f;
} shares[] = {
	{"more than half", {1, 2, false}},
	{"at least two thirds", {2, 3, true}},
	{"at least half", {1, 2, true}},
	{"more than two thirds", {2, 3, false}},
	{"all", {1, 1, true}},
	{"more than all", {1, 1, false}},
	{"at least three quarters", {3, 4, true}},
	{"more than a third", {1, 3, false}},
	{"at least 67 in 100", {67, 100, true}},
	{"more than 99 in 100", {99, 100, false}},
};

#define NSHARES ((int)(sizeof(shares) / sizeof(shares[0])))

/* Whether inputs make sense at all: a positive base, a count and a share
 * that are not negative, a positive denominator. */
static bool sane(long count, long base, struct fraction f)
{
	return base > 0 && count >= 0 && f.den > 0 && f.num >= 0;
}

/* The prediction for small numbers, by comparing the two shares as long
 * doubles: equal rationals divide to the same long double, and distinct
 * ones with denominators this small are far apart. */
static bool ref_reached_small(long count, long base, struct fraction f)
{
	long double have, want;

	if (!sane(count, base, f))
		return false;
	have = (long double)count / (long double)base;
	want = (long double)f.num / (long double)f.den;
	return f.inclusive ? have >= want : have > want;
}

/* The smallest count that reaches f of base, by quotient and remainder of
 * num * base / den in 128 bits: more than q + r/den needs q + 1; at least
 * needs q, or q + 1 when the division leaves a remainder. May exceed
 * base. */
static __int128 ref_threshold(long base, struct fraction f)
{
	__int128 t = (__int128)f.num * base;
	__int128 q = t / f.den, r = t % f.den;

	if (!f.inclusive)
		return q + 1;
	return r != 0 ? q + 1 : q;
}

/* The prediction for any numbers: at or above the threshold. */
static bool ref_reached_large(long count, long base, struct fraction f)
{
	return sane(count, base, f) && (__int128)count >= ref_threshold(base, f);
}

/* The smallest reaching count by walking up from 0; base + 1 if none. */
static long ref_needed_scan(long base, struct fraction f)
{
	long c;

	for (c = 0; c <= base; c++)
		if (ref_reached_small(c, base, f))
			return c;
	return base + 1;
}

/* Check fraction_reached for count against both predictions. */
static void check_reached(long count, long base, struct fraction f)
{
	bool got = fraction_reached(count, base, f);
	bool want = ref_reached_small(count, base, f);

	if (got != want || ref_reached_large(count, base, f) != want)
		fail_msg("fraction_reached(%ld, %ld, %ld/%ld %s) = %d, want %d", count, base, f.num,
			 f.den, f.inclusive ? "inclusive" : "strict", got, want);
}

/* Check that fraction_needed(base, f) is the smallest reaching count. */
static void check_needed(long base, struct fraction f)
{
	long n = fraction_needed(base, f);
	long want = ref_needed_scan(base, f);

	if (n != want)
		fail_msg("fraction_needed(%ld, %ld/%ld %s) = %ld, want %ld", base, f.num, f.den,
			 f.inclusive ? "inclusive" : "strict", n, want);
	if (n <= base)
		assert_true(fraction_reached(n, base, f));
	else
		assert_false(fraction_reached(base, base, f));
	if (n > 0)
		assert_false(fraction_reached(n - 1, base, f));
}

/* Every committee of 1..25 with every count present, and one more than
 * present (a count over the base still reaches), for the named shares. */
static void test_reached_named(void **state)
{
	long base, count;
	int s;

	(void)state;
	for (s = 0; s < NSHARES; s++)
		for (base = 1; base <= MAX_SIZE; base++)
			for (count = 0; count <= base + 1; count++)
				check_reached(count, base, shares[s].f);
}

/* The same for every share num/den with 0 <= num <= den <= 100. */
static void test_reached_every_share(void **state)
{
	struct fraction f;
	long base, count;
	int inc;

	(void)state;
	for (inc = 0; inc < 2; inc++)
		for (f.den = 1; f.den <= 100; f.den++)
			for (f.num = 0; f.num <= f.den; f.num++)
				for (base = 1; base <= MAX_SIZE; base++)
					for (count = 0; count <= base; count++) {
						f.inclusive = inc;
						check_reached(count, base, f);
					}
}

/* fraction_needed is the smallest count that reaches, for every size and
 * every share up to 100ths; the one below does not, every one above does. */
static void test_needed_every_share(void **state)
{
	struct fraction f;
	long base, c;
	int inc;

	(void)state;
	for (inc = 0; inc < 2; inc++)
		for (f.den = 1; f.den <= 100; f.den++)
			for (f.num = 0; f.num <= f.den + 1; f.num++)
				for (base = 1; base <= MAX_SIZE; base++) {
					long n;

					f.inclusive = inc;
					check_needed(base, f);
					n = fraction_needed(base, f);
					for (c = n; c <= base; c++)
						assert_true(fraction_reached(c, base, f));
				}
}

/* The sizes committees have, worked out by hand. */
static void test_needed_by_hand(void **state)
{
	static const struct {
		long base;
		const struct fraction *f;
		long needed;
	} cases[] = {
		{1, &more_than_half, 1},
		{2, &more_than_half, 2},
		{3, &more_than_half, 2},
		{4, &more_than_half, 3},
		{5, &more_than_half, 3},
		{7, &more_than_half, 4},
		{9, &more_than_half, 5},
		{11, &more_than_half, 6},
		{12, &more_than_half, 7},
		{13, &more_than_half, 7},
		{25, &more_than_half, 13},
		{1, &two_thirds, 1},
		{2, &two_thirds, 2},
		{3, &two_thirds, 2},
		{6, &two_thirds, 4},
		{7, &two_thirds, 5},
		{9, &two_thirds, 6},
		{11, &two_thirds, 8},
		{12, &two_thirds, 8},
		{13, &two_thirds, 9},
		{15, &two_thirds, 10},
		{1, &at_least_half, 1},
		{2, &at_least_half, 1},
		{11, &at_least_half, 6},
		{12, &at_least_half, 6},
		{13, &at_least_half, 7},
		{3, &more_than_two_thirds, 3},
		{9, &more_than_two_thirds, 7},
		{11, &more_than_two_thirds, 8},
		{12, &more_than_two_thirds, 9},
		{13, &more_than_two_thirds, 9},
		{15, &more_than_two_thirds, 11},
		{1, &all, 1},
		{12, &all, 12},
		{25, &all, 25},
		{1, &more_than_all, 2},
		{12, &more_than_all, 13},
		{25, &more_than_all, 26},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fraction f = *cases[i].f;
		long n = cases[i].needed;

		assert_int_equal(fraction_needed(cases[i].base, f), n);
		if (n <= cases[i].base)
			assert_true(fraction_reached(n, cases[i].base, f));
		assert_false(fraction_reached(n - 1, cases[i].base, f));
	}
	/* The examples of the brief, spelled out. */
	assert_true(fraction_reached(6, 11, more_than_half));
	assert_false(fraction_reached(5, 11, more_than_half));
	assert_true(fraction_reached(7, 12, more_than_half));
	assert_false(fraction_reached(6, 12, more_than_half));
	assert_true(fraction_reached(6, 12, at_least_half));
	assert_true(fraction_reached(8, 12, two_thirds));
	assert_false(fraction_reached(8, 12, more_than_two_thirds));
	assert_true(fraction_reached(12, 12, all));
	assert_false(fraction_reached(12, 12, more_than_all));
	assert_false(fraction_reached(11, 12, all));
}

/* Odd sizes: more than half and at least half agree (no exact half). Even
 * sizes: they differ by one, exactly at the half. */
static void test_odd_even(void **state)
{
	long base;

	(void)state;
	for (base = 1; base <= MAX_SIZE; base++) {
		long strict = fraction_needed(base, more_than_half);
		long inc = fraction_needed(base, at_least_half);

		if (base % 2 == 1) {
			assert_int_equal(strict, (base + 1) / 2);
			assert_int_equal(inc, strict);
		} else {
			assert_int_equal(strict, base / 2 + 1);
			assert_int_equal(inc, base / 2);
			assert_true(fraction_reached(base / 2, base, at_least_half));
			assert_false(fraction_reached(base / 2, base, more_than_half));
		}
		/* Two thirds: exact only when 3 divides the size. */
		if (base % 3 == 0) {
			assert_int_equal(fraction_needed(base, two_thirds), base / 3 * 2);
			assert_int_equal(fraction_needed(base, more_than_two_thirds),
					 base / 3 * 2 + 1);
		} else {
			assert_int_equal(fraction_needed(base, two_thirds),
					 fraction_needed(base, more_than_two_thirds));
		}
	}
}

/* A base of 0 reaches nothing; negative counts, bases, numerators and
 * denominators reach nothing either; none then is base + 1. */
static void test_nonsense(void **state)
{
	static const long counts[] = {LONG_MIN, -1000, -2, -1, 0, 1, 2, 1000};
	static const struct fraction bad[] = {
		{1, 0, true},   {1, 0, false},        {1, -2, true},       {-1, 2, true},
		{-1, 2, false}, {1, LONG_MIN, false}, {LONG_MIN, 2, true},
	};
	size_t i, j;
	int s;

	(void)state;
	for (s = 0; s < NSHARES; s++) {
		for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			assert_false(fraction_reached(counts[i], 0, shares[s].f));
			assert_false(fraction_reached(counts[i], -1, shares[s].f));
			assert_false(fraction_reached(counts[i], -12, shares[s].f));
			assert_false(fraction_reached(counts[i], LONG_MIN, shares[s].f));
		}
		assert_int_equal(fraction_needed(0, shares[s].f), 1);
		assert_int_equal(fraction_needed(-1, shares[s].f), 0);
		assert_int_equal(fraction_needed(-12, shares[s].f), -11);
		assert_int_equal(fraction_needed(LONG_MIN, shares[s].f), LONG_MIN + 1);
		/* A negative count out of a real committee. */
		assert_false(fraction_reached(-1, 12, shares[s].f));
		assert_false(fraction_reached(LONG_MIN, 12, shares[s].f));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (j = 0; j < sizeof(counts) / sizeof(counts[0]); j++) {
			assert_false(fraction_reached(counts[j], 12, bad[i]));
			assert_false(fraction_reached(counts[j], 1, bad[i]));
		}
		assert_false(fraction_reached(12, 12, bad[i]));
		assert_int_equal(fraction_needed(12, bad[i]), 13);
		assert_int_equal(fraction_needed(1, bad[i]), 2);
		assert_int_equal(fraction_needed(0, bad[i]), 1);
	}
	/* A share of nothing: at least 0 is reached by nobody present, more
	 * than 0 needs one. */
	assert_true(fraction_reached(0, 12, (struct fraction){0, 3, true}));
	assert_false(fraction_reached(0, 12, (struct fraction){0, 3, false}));
	assert_true(fraction_reached(1, 12, (struct fraction){0, 3, false}));
	assert_int_equal(fraction_needed(12, (struct fraction){0, 3, true}), 0);
	assert_int_equal(fraction_needed(12, (struct fraction){0, 3, false}), 1);
	/* More than the whole is never reached by the committee itself. */
	assert_int_equal(fraction_needed(12, (struct fraction){3, 2, true}), 13);
	assert_false(fraction_reached(12, 12, (struct fraction){3, 2, true}));
	assert_true(fraction_reached(18, 12, (struct fraction){3, 2, true}));
}

/* A deterministic generator, so that a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* Check one large base for one share near its threshold and at the ends. */
static void check_large(long base, struct fraction f)
{
	__int128 t = ref_threshold(base, f);
	long want_needed = t > base ? base + 1 : (long)t;
	long probes[] = {0,
			 1,
			 base - 1,
			 base,
			 want_needed - 2,
			 want_needed - 1,
			 want_needed,
			 want_needed + 1};
	size_t i;

	if (fraction_needed(base, f) != want_needed)
		fail_msg("fraction_needed(%ld, %ld/%ld %s) = %ld, want %ld", base, f.num, f.den,
			 f.inclusive ? "inclusive" : "strict", fraction_needed(base, f),
			 want_needed);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		long c = probes[i];

		if (c < 0 || c > base)
			continue;
		if (fraction_reached(c, base, f) != ref_reached_large(c, base, f))
			fail_msg("fraction_reached(%ld, %ld, %ld/%ld %s) = %d", c, base, f.num,
				 f.den, f.inclusive ? "inclusive" : "strict",
				 fraction_reached(c, base, f));
	}
}

/* Bases up to LONG_MAX / 200 with every share up to 100ths: no overflow
 * (the sanitizer build would stop), no rounding. */
static void test_large_bases(void **state)
{
	long bases[24] = {LONG_MAX / 200, LONG_MAX / 200 - 1,   LONG_MAX / 200 - 2, LONG_MAX / 201,
			  LONG_MAX / 300, 1000000000000000L,    999999999999989L,   (1L << 40) + 1,
			  (1L << 32) * 3, 6000000000000000L + 1};
	struct fraction f;
	int i, inc;

	(void)state;
	for (i = 10; i < 24; i++)
		bases[i] = (long)(rng() % (uint64_t)(LONG_MAX / 200)) + 1;
	for (i = 0; i < 24; i++)
		for (inc = 0; inc < 2; inc++)
			for (f.den = 1; f.den <= 100; f.den++)
				for (f.num = 1; f.num <= 100; f.num++) {
					f.inclusive = inc;
					check_large(bases[i], f);
				}
	/* By hand, near the top of the range. */
	{
		long b = LONG_MAX / 200 / 600 * 600; /* divisible by 2, 3 and 100 */

		assert_int_equal(fraction_needed(b, two_thirds), b / 3 * 2);
		assert_int_equal(fraction_needed(b, more_than_two_thirds), b / 3 * 2 + 1);
		assert_int_equal(fraction_needed(b, more_than_half), b / 2 + 1);
		assert_int_equal(fraction_needed(b + 1, more_than_half), b / 2 + 1);
		assert_int_equal(fraction_needed(b, all), b);
		assert_int_equal(fraction_needed(b, more_than_all), b + 1);
		assert_true(fraction_reached(b / 3 * 2, b, two_thirds));
		assert_false(fraction_reached(b / 3 * 2 - 1, b, two_thirds));
		assert_false(fraction_reached(b / 3 * 2, b, more_than_two_thirds));
		assert_true(fraction_reached(b, b, (struct fraction){100, 100, true}));
		assert_false(fraction_reached(b - 1, b, (struct fraction){100, 100, true}));
		assert_true(fraction_reached(b / 100, b, (struct fraction){1, 100, true}));
		assert_false(fraction_reached(b / 100, b, (struct fraction){1, 100, false}));
	}
}

/* The default quorums: open with more than half, cadre items with at
 * least two thirds as well. */
static struct quorum_facts facts(long entitled, long present)
{
	struct quorum_facts q;

	memset(&q, 0, sizeof(q));
	q.entitled = entitled;
	q.present = present;
	q.quorum = more_than_half;
	q.quorum_personnel = two_thirds;
	return q;
}

/* Every committee and every count present, against the predictions. */
static void test_quorum_every_size(void **state)
{
	long n, p;

	(void)state;
	for (n = 1; n <= MAX_SIZE; n++)
		for (p = 0; p <= n; p++) {
			struct quorum_facts q = facts(n, p);
			bool open = ref_reached_small(p, n, more_than_half);
			bool cadre = open && ref_reached_small(p, n, two_thirds);

			assert_int_equal(quorum_to_open(&q), open);
			assert_int_equal(quorum_for_item(&q, false), open);
			assert_int_equal(quorum_for_item(&q, true), cadre);
			assert_int_equal(open, p >= n / 2 + 1);
			assert_int_equal(cadre, 3 * p >= 2 * n);
		}
}

/* The general quorum met, the cadre one not: an ordinary item may go on,
 * a cadre item may not. */
static void test_quorum_personnel(void **state)
{
	static const long cases[][2] = {{11, 6}, {11, 7},  {12, 7}, {9, 5},
					{7, 4},  {25, 13}, {25, 16}};
	struct quorum_facts q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q = facts(cases[i][0], cases[i][1]);
		assert_true(quorum_to_open(&q));
		assert_true(quorum_for_item(&q, false));
		assert_false(quorum_for_item(&q, true));
		q.present++;
		while (!quorum_for_item(&q, true))
			q.present++;
		assert_int_equal(q.present, fraction_needed(q.entitled, two_thirds));
	}
	/* Three members, two present: both quorums. */
	q = facts(3, 2);
	assert_true(quorum_for_item(&q, true));
	/* Eleven members: 8 take a cadre item, 7 do not. */
	q = facts(11, 8);
	assert_true(quorum_for_item(&q, true));
	q.present = 7;
	assert_false(quorum_for_item(&q, true));
	assert_true(quorum_for_item(&q, false));
	/* A committee whose cadre share is looser than its general one: a
	 * cadre item needs both. */
	q = facts(12, 8);
	q.quorum = (struct fraction){3, 4, true};
	q.quorum_personnel = more_than_half;
	assert_false(quorum_to_open(&q));
	assert_false(quorum_for_item(&q, true));
	assert_false(quorum_for_item(&q, false));
	q.present = 9;
	assert_true(quorum_for_item(&q, true));
	assert_true(quorum_for_item(&q, false));
	/* Nobody entitled: nothing opens. */
	q = facts(0, 0);
	assert_false(quorum_to_open(&q));
	assert_false(quorum_for_item(&q, false));
	assert_false(quorum_for_item(&q, true));
	q.present = 3;
	assert_false(quorum_to_open(&q));
	/* Nonsense counts. */
	q = facts(12, -1);
	assert_false(quorum_to_open(&q));
	q = facts(-12, 7);
	assert_false(quorum_to_open(&q));
	assert_false(quorum_for_item(&q, true));
}

/* Members leave one at a time: the quorum holds down to the count needed
 * and is lost on the next departure, for opening and for cadre items. */
static void test_member_leaves(void **state)
{
	long n, p;

	(void)state;
	for (n = 1; n <= MAX_SIZE; n++) {
		long need_open = fraction_needed(n, more_than_half);
		long need_cadre = fraction_needed(n, two_thirds);
		long lost_open = -1, lost_cadre = -1;
		struct quorum_facts q = facts(n, n);

		assert_true(need_cadre >= need_open);
		for (p = n; p >= 0; p--) {
			q.present = p;
			if (!quorum_to_open(&q) && lost_open < 0)
				lost_open = p;
			if (!quorum_for_item(&q, true) && lost_cadre < 0)
				lost_cadre = p;
			/* Once lost, stays lost as more leave. */
			if (lost_open >= 0)
				assert_false(quorum_for_item(&q, false));
			if (lost_cadre >= 0)
				assert_false(quorum_for_item(&q, true));
		}
		assert_int_equal(lost_open, need_open - 1);
		assert_int_equal(lost_cadre, need_cadre - 1);
		/* And back: the member who returns restores it. */
		q.present = need_open - 1;
		assert_false(quorum_to_open(&q));
		q.present++;
		assert_true(quorum_to_open(&q));
	}
	/* Eleven present of eleven... down to 6 opens, 5 does not; of twelve, 7
	 * opens and 6 does not; 8 of 12 take a cadre item, 7 do not. */
	{
		struct quorum_facts q = facts(11, 6);

		assert_true(quorum_to_open(&q));
		q.present--;
		assert_false(quorum_to_open(&q));
		q = facts(12, 7);
		assert_true(quorum_to_open(&q));
		q.present--;
		assert_false(quorum_to_open(&q));
		q = facts(12, 8);
		assert_true(quorum_for_item(&q, true));
		q.present--;
		assert_false(quorum_for_item(&q, true));
		assert_true(quorum_for_item(&q, false));
	}
}

/* fraction_from_json of text: its result, the fraction in f. */
static int from_text(const char *text, struct fraction *f)
{
	cJSON *json = cJSON_Parse(text);
	int rc;

	if (json == NULL)
		fail_msg("test JSON does not parse: %s", text);
	rc = fraction_from_json(json, f);
	cJSON_Delete(json);
	return rc;
}

/* The defaults settings.c stores read back as the shares they name. */
static void test_json_defaults(void **state)
{
	static const struct {
		const char *name;
		struct fraction f;
	} want[] = {
		{"quorum", {1, 2, false}},
		{"quorum_personnel", {2, 3, true}},
		{"pass_threshold", {1, 2, false}},
	};
	cJSON *defaults = settings_defaults();
	size_t i;

	(void)state;
	assert_non_null(defaults);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct setting *s = settings_find(want[i].name);
		struct fraction f = {-7, -7, false};

		assert_non_null(s);
		assert_int_equal(s->kind, SETTING_FRACTION);
		assert_int_equal(from_text(s->dflt, &f), 0);
		assert_int_equal(f.num, want[i].f.num);
		assert_int_equal(f.den, want[i].f.den);
		assert_int_equal(f.inclusive, want[i].f.inclusive);
		f = (struct fraction){-7, -7, true};
		assert_int_equal(
			fraction_from_json(cJSON_GetObjectItemCaseSensitive(defaults, want[i].name),
					   &f),
			0);
		assert_int_equal(f.num, want[i].f.num);
		assert_int_equal(f.den, want[i].f.den);
		assert_int_equal(f.inclusive, want[i].f.inclusive);
	}
	cJSON_Delete(defaults);
	/* Read from the store and counted: 11 members open with 6, 12 with 7;
	 * cadre items need 8 of 11 or of 12. */
	{
		struct quorum_facts q;

		memset(&q, 0, sizeof(q));
		assert_int_equal(from_text(settings_find("quorum")->dflt, &q.quorum), 0);
		assert_int_equal(
			from_text(settings_find("quorum_personnel")->dflt, &q.quorum_personnel), 0);
		q.entitled = 11;
		q.present = 6;
		assert_true(quorum_to_open(&q));
		assert_false(quorum_for_item(&q, true));
		q.present = 5;
		assert_false(quorum_to_open(&q));
		q.entitled = 12;
		q.present = 7;
		assert_true(quorum_to_open(&q));
		q.present = 6;
		assert_false(quorum_to_open(&q));
		q.present = 8;
		assert_true(quorum_for_item(&q, true));
	}
}

/* Shares written in other ways that the store also holds. */
static void test_json_accepts(void **state)
{
	static const struct {
		const char *text;
		struct fraction f;
	} ok[] = {
		{"{\"num\":1,\"den\":1,\"inclusive\":true}", {1, 1, true}},
		{"{\"num\":1,\"den\":1,\"inclusive\":false}", {1, 1, false}},
		{"{\"num\":100,\"den\":100,\"inclusive\":true}", {100, 100, true}},
		{"{\"num\":1,\"den\":100,\"inclusive\":false}", {1, 100, false}},
		{"{\"num\":99,\"den\":100,\"inclusive\":true}", {99, 100, true}},
		{"{\"num\":2,\"den\":3,\"inclusive\":false}", {2, 3, false}},
		{"{\"inclusive\":true,\"den\":4,\"num\":3}", {3, 4, true}},
		{"{\"num\":2.0,\"den\":3e0,\"inclusive\":true}", {2, 3, true}},
		{" { \"num\" : 1 , \"den\" : 2 , \"inclusive\" : false } ", {1, 2, false}},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct fraction f = {-7, -7, !ok[i].f.inclusive};

		if (from_text(ok[i].text, &f) != 0)
			fail_msg("refused %s", ok[i].text);
		assert_int_equal(f.num, ok[i].f.num);
		assert_int_equal(f.den, ok[i].f.den);
		assert_int_equal(f.inclusive, ok[i].f.inclusive);
	}
}

/* Missing members, shares out of range, values of the wrong type. */
static void test_json_refusals(void **state)
{
	static const char *const bad[] = {
		"{}",
		"[]",
		"[1,2,true]",
		"null",
		"true",
		"12",
		"\"1/2\"",
		"{\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"inclusive\":false}",
		"{\"num\":1,\"den\":2}",
		"{\"Num\":1,\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"DEN\":2,\"inclusive\":false}",
		"{\"num\":1,\"den\":2,\"Inclusive\":false}",
		"{\"num\":3,\"den\":2,\"inclusive\":false}",
		"{\"num\":2,\"den\":1,\"inclusive\":true}",
		"{\"num\":100,\"den\":99,\"inclusive\":true}",
		"{\"num\":0,\"den\":2,\"inclusive\":true}",
		"{\"num\":1,\"den\":0,\"inclusive\":true}",
		"{\"num\":0,\"den\":0,\"inclusive\":true}",
		"{\"num\":101,\"den\":101,\"inclusive\":true}",
		"{\"num\":1,\"den\":101,\"inclusive\":true}",
		"{\"num\":101,\"den\":100,\"inclusive\":true}",
		"{\"num\":-1,\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"den\":-2,\"inclusive\":false}",
		"{\"num\":-1,\"den\":-2,\"inclusive\":false}",
		"{\"num\":0.5,\"den\":1,\"inclusive\":false}",
		"{\"num\":1e300,\"den\":1e300,\"inclusive\":false}",
		"{\"num\":\"1\",\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"den\":\"2\",\"inclusive\":false}",
		"{\"num\":true,\"den\":2,\"inclusive\":false}",
		"{\"num\":null,\"den\":2,\"inclusive\":false}",
		"{\"num\":[1],\"den\":2,\"inclusive\":false}",
		"{\"num\":{},\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"den\":[2],\"inclusive\":false}",
		"{\"num\":1,\"den\":2,\"inclusive\":1}",
		"{\"num\":1,\"den\":2,\"inclusive\":0}",
		"{\"num\":1,\"den\":2,\"inclusive\":\"true\"}",
		"{\"num\":1,\"den\":2,\"inclusive\":null}",
		"{\"num\":1,\"den\":2,\"inclusive\":[true]}",
		"{\"num\":1,\"den\":2,\"inclusive\":{}}",
		"{\"n\":1,\"d\":2,\"i\":false}",
		"{\"fraction\":{\"num\":1,\"den\":2,\"inclusive\":false}}",
	};
	struct fraction f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (from_text(bad[i], &f) == 0)
			fail_msg("accepted %s as %ld/%ld %d", bad[i], f.num, f.den, f.inclusive);
	assert_int_not_equal(fraction_from_json(NULL, &f), 0);
}

/* Every whole numerator and denominator around 1..100: fraction_from_json
 * takes exactly what settings_validate lets into the store. */
static void test_json_grid(void **state)
{
	const struct setting *s = settings_find("quorum");
	char text[128], why[256];
	long num, den;
	int inc;

	(void)state;
	assert_non_null(s);
	for (inc = 0; inc < 2; inc++)
		for (num = -1; num <= 102; num++)
			for (den = -1; den <= 102; den++) {
				bool want = num >= 1 && den >= 1 && num <= den && den <= 100;
				struct fraction f = {-7, -7, !inc};
				cJSON *json;
				int rc;

				snprintf(text, sizeof(text),
					 "{\"num\":%ld,\"den\":%ld,\"inclusive\":%s}", num, den,
					 inc ? "true" : "false");
				json = cJSON_Parse(text);
				assert_non_null(json);
				rc = fraction_from_json(json, &f);
				assert_int_equal(settings_validate(s, json, why, sizeof(why)),
						 want);
				cJSON_Delete(json);
				if ((rc == 0) != want)
					fail_msg("fraction_from_json(%s) = %d", text, rc);
				if (want) {
					assert_int_equal(f.num, num);
					assert_int_equal(f.den, den);
					assert_int_equal(f.inclusive, inc);
				}
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reached_named),
		cmocka_unit_test(test_reached_every_share),
		cmocka_unit_test(test_needed_every_share),
		cmocka_unit_test(test_needed_by_hand),
		cmocka_unit_test(test_odd_even),
		cmocka_unit_test(test_nonsense),
		cmocka_unit_test(test_large_bases),
		cmocka_unit_test(test_quorum_every_size),
		cmocka_unit_test(test_quorum_personnel),
		cmocka_unit_test(test_member_leaves),
		cmocka_unit_test(test_json_defaults),
		cmocka_unit_test(test_json_accepts),
		cmocka_unit_test(test_json_refusals),
		cmocka_unit_test(test_json_grid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
