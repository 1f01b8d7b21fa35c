/* Unit tests for proto/outcome.c (VOTE.md §6): the line for every base of
 * 1 to 30 and the fractions committees use, against a brute-force search;
 * adoption at and below the line; seats filled on approval votes, against
 * an independent ranking over every small vote, with the tie cases named;
 * void results; the rules as committees store them; the JSON form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../rules/outcome.h"

static const struct {
	uint32_t num, den;
} fractions[] = {{1, 2}, {2, 3},   {1, 3},    {3, 4}, {1, 1}, {3, 5},
		 {4, 5}, {1, 100}, {99, 100}, {0, 1}, {7, 13}};

static struct outcome_rule rule(uint32_t num, uint32_t den, bool inclusive, uint32_t base)
{
	struct outcome_rule r = {num, den, inclusive, false, base};

	return r;
}

/* The least yes count c that passes: c·den > base·num (strict) or
 * c·den >= base·num (inclusive), found by trying c = 0, 1, ... */
static uint32_t brute_line(uint32_t num, uint32_t den, bool inclusive, uint32_t base)
{
	uint64_t c;

	for (c = 0;; c++)
		if (inclusive ? c * den >= (uint64_t)base * num : c * den > (uint64_t)base * num)
			return (uint32_t)c;
}

static void test_line_brute_force(void **state)
{
	uint32_t base, f;
	int inc;

	(void)state;
	for (base = 0; base <= 30; base++)
		for (f = 0; f < sizeof(fractions) / sizeof(fractions[0]); f++)
			for (inc = 0; inc <= 1; inc++) {
				struct outcome_rule r =
					rule(fractions[f].num, fractions[f].den, inc, base);
				uint32_t want =
					brute_line(fractions[f].num, fractions[f].den, inc, base);

				if (outcome_line(&r) != want)
					fail_msg("base %u, %u/%u %s: line %u, want %u", base,
						 fractions[f].num, fractions[f].den,
						 inc ? "inclusive" : "strict", outcome_line(&r),
						 want);
			}
}

/* The lines committees know by heart. */
static void test_line_examples(void **state)
{
	struct outcome_rule r;

	(void)state;
	r = rule(1, 2, false, 9); /* more than half of 9: 5 */
	assert_int_equal(outcome_line(&r), 5);
	r = rule(1, 2, false, 10); /* more than half of 10: 6 */
	assert_int_equal(outcome_line(&r), 6);
	r = rule(1, 2, true, 10); /* at least half of 10: 5 */
	assert_int_equal(outcome_line(&r), 5);
	r = rule(2, 3, true, 9); /* at least two thirds of 9: 6 */
	assert_int_equal(outcome_line(&r), 6);
	r = rule(2, 3, true, 10); /* at least two thirds of 10: 7 */
	assert_int_equal(outcome_line(&r), 7);
	r = rule(2, 3, false, 9); /* more than two thirds of 9: 7 */
	assert_int_equal(outcome_line(&r), 7);
	r = rule(1, 1, false, 7); /* more than all: never */
	assert_int_equal(outcome_line(&r), 8);
	/* Large numbers do not overflow: 64-bit products. */
	r = rule(UINT32_MAX, UINT32_MAX, true, UINT32_MAX);
	assert_int_equal(outcome_line(&r), UINT32_MAX);
	r = rule(UINT32_MAX - 1, UINT32_MAX, false, UINT32_MAX);
	assert_int_equal(outcome_line(&r), UINT32_MAX);
}

/* Options: adopted exactly from the line up, whatever no and abstain. */
static void test_options_at_line(void **state)
{
	uint32_t base, f, yes, counts[3];
	struct outcome o;
	int inc;

	(void)state;
	for (base = 1; base <= 30; base++)
		for (f = 0; f < sizeof(fractions) / sizeof(fractions[0]); f++)
			for (inc = 0; inc <= 1; inc++) {
				struct outcome_rule r =
					rule(fractions[f].num, fractions[f].den, inc, base);
				uint32_t line = outcome_line(&r);

				for (yes = 0; yes <= base; yes++) {
					counts[0] = yes;
					counts[1] = (base - yes) / 2;
					counts[2] = base - yes - counts[1];
					outcome_judge(&r, false, 1, counts, 3, base, base, &o);
					assert_int_equal(o.result, yes >= line ? OUTCOME_ADOPTED
									       : OUTCOME_REJECTED);
					assert_int_equal(o.line, line);
					assert_int_equal(o.nelected, 0);
					assert_int_equal(o.nrunoff, 0);
					assert_int_equal(o.runoff_seats, 0);
				}
			}
}

/* Not all voted: the line is of the base, not of the ballots. */
static void test_options_absentees_count_against(void **state)
{
	struct outcome_rule r = rule(1, 2, false, 9);
	uint32_t counts[3] = {4, 0, 0};
	struct outcome o;

	(void)state;
	outcome_judge(&r, false, 1, counts, 3, 4, 7, &o); /* 4 of 4 ballots, but 9 entitled */
	assert_int_equal(o.result, OUTCOME_REJECTED);
	counts[0] = 5;
	outcome_judge(&r, false, 1, counts, 3, 5, 7, &o);
	assert_int_equal(o.result, OUTCOME_ADOPTED);
}

/* The reference ranking: a candidate's place is the number of qualifying
 * candidates with more votes, or as many and an earlier label. */
static void brute_approval(uint32_t line, uint32_t seats, const uint32_t *c, uint32_t n,
			   struct outcome *want)
{
	uint32_t place[BALLOT_MAX_OPTIONS], at[BALLOT_MAX_OPTIONS + 1], q = 0, i, j, v;

	memset(want, 0, sizeof(*want));
	want->line = line;
	for (i = 0; i < n; i++) {
		if (c[i] < line)
			continue;
		q++;
		place[i] = 0;
		for (j = 0; j < n; j++)
			if (c[j] >= line && (c[j] > c[i] || (c[j] == c[i] && j < i)))
				place[i]++;
		at[place[i]] = i;
	}
	want->result = OUTCOME_ELECTED;
	if (q > seats && c[at[seats - 1]] == c[at[seats]]) {
		v = c[at[seats - 1]];
		for (i = 0; i < q; i++)
			if (c[at[i]] > v)
				want->elected[want->nelected++] = at[i];
		for (i = 0; i < n; i++)
			if (c[i] == v)
				want->runoff[want->nrunoff++] = i;
		want->runoff_seats = seats - want->nelected;
		want->result = OUTCOME_RUNOFF;
		return;
	}
	for (i = 0; i < q && i < seats; i++)
		want->elected[want->nelected++] = at[i];
}

static void expect_outcome(const struct outcome *got, const struct outcome *want)
{
	assert_int_equal(got->result, want->result);
	assert_int_equal(got->line, want->line);
	assert_int_equal(got->nelected, want->nelected);
	assert_memory_equal(got->elected, want->elected, want->nelected * sizeof(uint32_t));
	assert_int_equal(got->nrunoff, want->nrunoff);
	assert_memory_equal(got->runoff, want->runoff, want->nrunoff * sizeof(uint32_t));
	assert_int_equal(got->runoff_seats, want->runoff_seats);
}

/* Every vote of up to 4 candidates with 0 to 4 votes each, every number of
 * seats, lines from 0 to 5. */
static void test_approval_brute_force(void **state)
{
	uint32_t n, seats, base, c[4], combo, x, i, total;
	struct outcome got, want;

	(void)state;
	for (n = 1; n <= 4; n++) {
		for (total = 1, i = 0; i < n; i++)
			total *= 5;
		for (combo = 0; combo < total; combo++) {
			for (i = 0, x = combo; i < n; i++, x /= 5)
				c[i] = x % 5;
			for (seats = 1; seats <= n; seats++)
				for (base = 0; base <= 9; base++) {
					struct outcome_rule r = rule(1, 2, true, base);

					brute_approval(outcome_line(&r), seats, c, n, &want);
					outcome_judge(&r, true, seats, c, n, 4, 4, &got);
					expect_outcome(&got, &want);
				}
		}
	}
}

/* Judge an approval vote: line from base 9, more than half (5). */
static void approval(const uint32_t *c, uint32_t n, uint32_t seats, struct outcome *o)
{
	struct outcome_rule r = rule(1, 2, false, 9);

	outcome_judge(&r, true, seats, c, n, 9, 9, o);
	assert_int_equal(o->line, 5);
}

static void test_approval_cases(void **state)
{
	struct outcome o;

	(void)state;
	/* Clear winners, ranked by votes. */
	approval((uint32_t[]){5, 8, 6, 2}, 4, 2, &o);
	assert_int_equal(o.result, OUTCOME_ELECTED);
	assert_int_equal(o.nelected, 2);
	assert_int_equal(o.elected[0], 1);
	assert_int_equal(o.elected[1], 2);
	assert_int_equal(o.nrunoff, 0);
	/* A tie at the last seat: one elected above, two in the run-off for one seat. */
	approval((uint32_t[]){6, 8, 6, 2}, 4, 2, &o);
	assert_int_equal(o.result, OUTCOME_RUNOFF);
	assert_int_equal(o.nelected, 1);
	assert_int_equal(o.elected[0], 1);
	assert_int_equal(o.nrunoff, 2);
	assert_int_equal(o.runoff[0], 0);
	assert_int_equal(o.runoff[1], 2);
	assert_int_equal(o.runoff_seats, 1);
	/* A tie across every seat: nobody elected, all three tied for two. */
	approval((uint32_t[]){7, 7, 7, 2}, 4, 2, &o);
	assert_int_equal(o.result, OUTCOME_RUNOFF);
	assert_int_equal(o.nelected, 0);
	assert_int_equal(o.nrunoff, 3);
	assert_int_equal(o.runoff_seats, 2);
	/* A tie above the last seat is no matter: both are elected. */
	approval((uint32_t[]){8, 8, 6, 5}, 4, 2, &o);
	assert_int_equal(o.result, OUTCOME_ELECTED);
	assert_int_equal(o.nelected, 2);
	assert_int_equal(o.elected[0], 0);
	assert_int_equal(o.elected[1], 1);
	/* Tied on the line with three seats: the tie is within the seats. */
	approval((uint32_t[]){5, 5, 9, 1}, 4, 3, &o);
	assert_int_equal(o.result, OUTCOME_ELECTED);
	assert_int_equal(o.nelected, 3);
	assert_int_equal(o.elected[0], 2);
	assert_int_equal(o.elected[1], 0);
	assert_int_equal(o.elected[2], 1);
	/* A tie below the line opens no run-off. */
	approval((uint32_t[]){9, 4, 4, 1}, 4, 2, &o);
	assert_int_equal(o.result, OUTCOME_ELECTED);
	assert_int_equal(o.nelected, 1);
	assert_int_equal(o.elected[0], 0);
	assert_int_equal(o.nrunoff, 0);
	assert_int_equal(o.runoff_seats, 0);
	/* Fewer qualify than there are seats. */
	approval((uint32_t[]){5, 4, 3}, 3, 3, &o);
	assert_int_equal(o.result, OUTCOME_ELECTED);
	assert_int_equal(o.nelected, 1);
	assert_int_equal(o.elected[0], 0);
	/* No votes at all: nobody elected. */
	approval((uint32_t[]){0, 0, 0}, 3, 1, &o);
	assert_int_equal(o.result, OUTCOME_ELECTED);
	assert_int_equal(o.nelected, 0);
	assert_int_equal(o.nrunoff, 0);
	/* One candidate, one seat. */
	approval((uint32_t[]){5}, 1, 1, &o);
	assert_int_equal(o.nelected, 1);
	approval((uint32_t[]){4}, 1, 1, &o);
	assert_int_equal(o.nelected, 0);
}

/* What cannot come from real ballots is void. */
static void test_void(void **state)
{
	struct outcome_rule r = rule(1, 2, false, 9);
	uint32_t c[BALLOT_MAX_OPTIONS + 1] = {5, 1, 1};
	struct outcome o;

	(void)state;
	outcome_judge(&r, false, 1, c, 3, 8, 7, &o); /* more ballots than voters */
	assert_int_equal(o.result, OUTCOME_VOID);
	assert_int_equal(o.line, 5);
	outcome_judge(&r, false, 1, c, 3, 4, 7, &o); /* a count above the ballots */
	assert_int_equal(o.result, OUTCOME_VOID);
	outcome_judge(&r, false, 1, c, 3, 5, 7, &o); /* at the ballots is possible */
	assert_int_equal(o.result, OUTCOME_ADOPTED);
	c[2] = 6;
	outcome_judge(&r, true, 2, c, 3, 5, 7, &o);
	assert_int_equal(o.result, OUTCOME_VOID);
	assert_int_equal(o.nelected, 0);
	assert_int_equal(o.nrunoff, 0);
	c[2] = 1;
	outcome_judge(&r, false, 1, c, 2, 5, 7, &o); /* options have three counts */
	assert_int_equal(o.result, OUTCOME_VOID);
	outcome_judge(&r, true, 0, c, 3, 5, 7, &o); /* no seats */
	assert_int_equal(o.result, OUTCOME_VOID);
	outcome_judge(&r, true, 4, c, 3, 5, 7, &o); /* more seats than candidates */
	assert_int_equal(o.result, OUTCOME_VOID);
	outcome_judge(&r, true, 1, c, 0, 5, 7, &o);
	assert_int_equal(o.result, OUTCOME_VOID);
	outcome_judge(&r, true, 1, c, BALLOT_MAX_OPTIONS + 1, 5, 7, &o);
	assert_int_equal(o.result, OUTCOME_VOID);
}

/* Parse rules text and read them. */
static bool rules_of(const char *text, uint32_t base, struct outcome_rule *r)
{
	cJSON *j = cJSON_Parse(text);
	bool ok = outcome_rule_from_rules(j, base, r);

	cJSON_Delete(j);
	return ok;
}

static void test_rules(void **state)
{
	static const char *const bad[] = {
		"null",
		"[]",
		"{}",
		"{\"pass_base\":\"entitled\"}",
		"{\"pass_threshold\":{\"num\":1,\"den\":2,\"inclusive\":false}}",
		"{\"pass_threshold\":{\"num\":1,\"den\":2,\"inclusive\":false},\"pass_base\":"
		"\"all\"}",
		"{\"pass_threshold\":{\"num\":1,\"den\":2,\"inclusive\":false},\"pass_base\":1}",
		"{\"pass_threshold\":{\"num\":1,\"den\":0,\"inclusive\":false},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":{\"num\":3,\"den\":2,\"inclusive\":false},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":{\"num\":-1,\"den\":2,\"inclusive\":false},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":{\"num\":0.5,\"den\":2,\"inclusive\":false},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":{\"num\":\"1\",\"den\":2,\"inclusive\":false},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":{\"num\":1,\"den\":2,\"inclusive\":0},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":{\"num\":1,\"den\":2},\"pass_base\":\"entitled\"}",
		"{\"pass_threshold\":{\"num\":1,\"den\":5e9,\"inclusive\":true},\"pass_base\":"
		"\"entitled\"}",
		"{\"pass_threshold\":[1,2,false],\"pass_base\":\"entitled\"}",
	};
	struct outcome_rule r;
	size_t i;

	(void)state;
	assert_true(rules_of("{\"pass_threshold\":{\"num\":2,\"den\":3,\"inclusive\":true},"
			     "\"pass_base\":\"present\",\"recuse_vote\":true}",
			     7, &r));
	assert_int_equal(r.num, 2);
	assert_int_equal(r.den, 3);
	assert_true(r.inclusive);
	assert_true(r.base_present);
	assert_int_equal(r.base_count, 7);
	assert_int_equal(outcome_line(&r), 5);
	assert_true(rules_of("{\"pass_threshold\":{\"num\":1,\"den\":2,\"inclusive\":false},"
			     "\"pass_base\":\"entitled\"}",
			     9, &r));
	assert_false(r.inclusive);
	assert_false(r.base_present);
	assert_int_equal(outcome_line(&r), 5);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (rules_of(bad[i], 9, &r))
			fail_msg("accepted %s", bad[i]);
	assert_false(outcome_rule_from_rules(NULL, 9, &r));
}

/* Compact JSON of an outcome. */
static void expect_json(const struct outcome_rule *r, const struct outcome *o, const char *want)
{
	cJSON *j = outcome_to_json(r, o);
	char *text = cJSON_PrintUnformatted(j);

	assert_non_null(text);
	assert_string_equal(text, want);
	free(text);
	cJSON_Delete(j);
}

static void test_json(void **state)
{
	struct outcome_rule r = rule(1, 2, false, 9);
	struct outcome o;
	uint32_t c[4] = {6, 8, 6, 2};

	(void)state;
	outcome_judge(&r, false, 1, (uint32_t[]){5, 3, 1}, 3, 9, 9, &o);
	expect_json(&r, &o,
		    "{\"result\":\"adopted\",\"line\":5,\"base\":\"entitled\",\"base_count\":9,"
		    "\"threshold\":{\"num\":1,\"den\":2,\"inclusive\":false},\"elected\":[],"
		    "\"runoff\":[],\"runoff_seats\":0}");
	r.base_present = true;
	r.inclusive = true;
	r.num = 2, r.den = 3;
	outcome_judge(&r, true, 2, c, 4, 9, 9, &o);
	expect_json(&r, &o,
		    "{\"result\":\"runoff\",\"line\":6,\"base\":\"present\",\"base_count\":9,"
		    "\"threshold\":{\"num\":2,\"den\":3,\"inclusive\":true},\"elected\":[1],"
		    "\"runoff\":[0,2],\"runoff_seats\":1}");
	outcome_judge(&r, true, 2, c, 4, 10, 9, &o);
	expect_json(&r, &o,
		    "{\"result\":\"void\",\"line\":6,\"base\":\"present\",\"base_count\":9,"
		    "\"threshold\":{\"num\":2,\"den\":3,\"inclusive\":true},\"elected\":[],"
		    "\"runoff\":[],\"runoff_seats\":0}");
	assert_string_equal(outcome_result_name(OUTCOME_REJECTED), "rejected");
	assert_string_equal(outcome_result_name(OUTCOME_ELECTED), "elected");
	assert_string_equal(outcome_result_name((enum outcome_result)99), "void");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_brute_force),
		cmocka_unit_test(test_line_examples),
		cmocka_unit_test(test_options_at_line),
		cmocka_unit_test(test_options_absentees_count_against),
		cmocka_unit_test(test_approval_brute_force),
		cmocka_unit_test(test_approval_cases),
		cmocka_unit_test(test_void),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
