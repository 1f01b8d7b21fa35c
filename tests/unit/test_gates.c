/* Unit tests for server/policy/gates.c: every gate alone and in every
 * combination against an independent prediction, the boundaries of the
 * comment window, the contest threshold and the seats, the materials, a
 * short output array, and the JSON that yg_inner.item_facts_of produces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <limits.h>

#include <cmocka.h>

#include "../../server/policy/gates.h"

#define NOW  ((time_t)1767225600) /* 2026-01-01 00:00:00 UTC */
#define DAY  ((time_t)86400)
#define ROOM 64 /* more than any set of facts can fail */

/* What a test expects gates_check to report, in order. */
struct expect {
	struct gate_unmet e[ROOM];
	int n;
};

static void expect_add(struct expect *x, enum gate g, const char *detail)
{
	assert_true(x->n < ROOM);
	x->e[x->n].gate = g;
	snprintf(x->e[x->n].detail, sizeof(x->e[x->n].detail), "%s", detail);
	x->n++;
}

static void expect_addn(struct expect *x, enum gate g, long long count)
{
	char detail[40];

	snprintf(detail, sizeof(detail), "%lld", count);
	expect_add(x, g, detail);
}

/* Replace a list of kinds by the NULL-terminated list. */
static void set_kinds(char kinds[GATES_MAX_KINDS][33], int *n, const char *const *list)
{
	*n = 0;
	for (; *list != NULL; list++) {
		assert_true(*n < GATES_MAX_KINDS && strlen(*list) <= 32);
		strcpy(kinds[(*n)++], *list);
	}
}

static const char *const decision_required[] = {"research", "risk_assessment", "legality_review",
						NULL};
static const char *const decision_present[] = {"legality_review", "other", "research",
					       "risk_assessment", NULL};

/* A decision item that passes every gate at NOW. */
static void ready(struct item_facts *f)
{
	memset(f, 0, sizeof(*f));
	strcpy(f->status, "announced");
	f->announced = true;
	f->window_ends = NOW - DAY;
	f->category_enabled = true;
	f->personnel = false;
	f->power_collective = true;
	f->power_active = true;
	f->power_category_matches = true;
	set_kinds(f->required, &f->nrequired, decision_required);
	set_kinds(f->present, &f->npresent, decision_present);
	f->legality = LEGALITY_PASSED;
	f->public_objections = 3;
	f->contest_threshold = 10;
	f->member_objections = 0;
}

/* A cadre item, 2 seats for 3 candidates, that passes every gate at NOW. */
static void ready_cadre(struct item_facts *f)
{
	static const char *const required[] = {"research", NULL};
	static const char *const present[] = {"research", NULL};

	ready(f);
	f->personnel = true;
	f->candidates = 3;
	f->seats = 2;
	set_kinds(f->required, &f->nrequired, required);
	set_kinds(f->present, &f->npresent, present);
	f->legality = LEGALITY_NONE;
}

static void print_unmet(const char *what, const struct gate_unmet *u, int n)
{
	int i;

	print_error("%s (%d):", what, n);
	for (i = 0; i < n && i < ROOM; i++)
		print_error(" %s:%s", gate_code(u[i].gate), u[i].detail);
	print_error("\n");
}

/* gates_check(f, now) into a guarded array of max entries: the count is
 * always the full count, the first min(max, count) entries are the expected
 * ones, and nothing after them is written. */
static void check_max(const struct item_facts *f, time_t now, const struct expect *x, int max,
		      const char *label)
{
	struct gate_unmet out[ROOM + 1];
	int n, i, stored = max < x->n ? max : x->n;
	bool ok;

	assert_true(max <= ROOM);
	for (i = 0; i <= ROOM; i++) {
		out[i].gate = GATE__COUNT;
		strcpy(out[i].detail, "guard");
	}
	n = gates_check(f, now, out, max);
	ok = n == x->n;
	for (i = 0; ok && i < stored; i++)
		ok = out[i].gate == x->e[i].gate && strcmp(out[i].detail, x->e[i].detail) == 0;
	for (i = stored > 0 ? stored : 0; ok && i <= ROOM; i++)
		ok = out[i].gate == GATE__COUNT && strcmp(out[i].detail, "guard") == 0;
	if (!ok) {
		print_error("%s, now %lld, max %d\n", label, (long long)now, max);
		print_unmet("expected", x->e, x->n);
		print_unmet("got", out, n < max ? n : max);
		fail();
	}
}

static void check(const struct item_facts *f, time_t now, const struct expect *x, const char *label)
{
	check_max(f, now, x, ROOM, label);
}

static void check_none(const struct item_facts *f, time_t now, const char *label)
{
	struct expect x = {.n = 0};

	check(f, now, &x, label);
}

static void check_one(const struct item_facts *f, time_t now, enum gate g, const char *detail,
		      const char *label)
{
	struct expect x = {.n = 0};

	expect_add(&x, g, detail);
	check(f, now, &x, label);
}

/* The ready items pass; with no room for output the answer is still 0. */
static void test_ready(void **state)
{
	struct item_facts f;

	(void)state;
	ready(&f);
	check_none(&f, NOW, "ready decision item");
	assert_int_equal(gates_check(&f, NOW, NULL, 0), 0);
	ready_cadre(&f);
	check_none(&f, NOW, "ready cadre item");
	assert_int_equal(gates_check(&f, NOW, NULL, 0), 0);
}

/* Only scheduled and withdrawn are a status gate, with the word as detail. */
static void test_status_words(void **state)
{
	struct item_facts f;

	(void)state;
	ready(&f);
	strcpy(f.status, "scheduled");
	check_one(&f, NOW, GATE_STATUS, "scheduled", "scheduled");
	strcpy(f.status, "withdrawn");
	check_one(&f, NOW, GATE_STATUS, "withdrawn", "withdrawn");
	strcpy(f.status, "draft");
	check_none(&f, NOW, "draft");
	strcpy(f.status, "");
	check_none(&f, NOW, "empty status");
	strcpy(f.status, "Withdrawn");
	check_none(&f, NOW, "status words are case-sensitive");
	strcpy(f.status, "withdrawn_x");
	check_none(&f, NOW, "a longer word is not withdrawn");
}

/* One broken fact of a ready item, and the one gate it must cause. */
struct breaker {
	const char *name;
	void (*spoil)(struct item_facts *f);
	enum gate gate;
	const char *detail;
};

static void spoil_withdrawn(struct item_facts *f)
{
	strcpy(f->status, "withdrawn");
}

static void spoil_scheduled(struct item_facts *f)
{
	strcpy(f->status, "scheduled");
}

/* As the database says it: no announcement, window_ends 0. */
static void spoil_unannounced(struct item_facts *f)
{
	f->announced = false;
	f->window_ends = 0;
}

/* Not announced, and a window end in the future: still only not_announced. */
static void spoil_unannounced_future(struct item_facts *f)
{
	f->announced = false;
	f->window_ends = NOW + 7 * DAY;
}

static void spoil_window(struct item_facts *f)
{
	f->window_ends = NOW + 7 * DAY;
}

static void spoil_category(struct item_facts *f)
{
	f->category_enabled = false;
}

static void spoil_collective(struct item_facts *f)
{
	f->power_collective = false;
}

static void spoil_retired(struct item_facts *f)
{
	f->power_active = false;
}

static void spoil_power_category(struct item_facts *f)
{
	f->power_category_matches = false;
}

static void spoil_research(struct item_facts *f)
{
	static const char *const present[] = {"legality_review", "other", "risk_assessment", NULL};

	set_kinds(f->present, &f->npresent, present);
}

static void spoil_risk(struct item_facts *f)
{
	static const char *const present[] = {"legality_review", "other", "research", NULL};

	set_kinds(f->present, &f->npresent, present);
}

static void spoil_legality_absent(struct item_facts *f)
{
	static const char *const present[] = {"other", "research", "risk_assessment", NULL};

	set_kinds(f->present, &f->npresent, present);
	f->legality = LEGALITY_NONE;
}

static void spoil_legality_failed(struct item_facts *f)
{
	f->legality = LEGALITY_FAILED;
}

static void spoil_public(struct item_facts *f)
{
	f->public_objections = 11;
}

static void spoil_member(struct item_facts *f)
{
	f->member_objections = 2;
}

static void spoil_no_candidates(struct item_facts *f)
{
	f->personnel = true;
	f->candidates = 0;
	f->seats = 0;
}

static void spoil_too_many_seats(struct item_facts *f)
{
	f->personnel = true;
	f->candidates = 3;
	f->seats = 4;
}

static const struct breaker breakers[] = {
	{"withdrawn", spoil_withdrawn, GATE_STATUS, "withdrawn"},
	{"scheduled", spoil_scheduled, GATE_STATUS, "scheduled"},
	{"not announced", spoil_unannounced, GATE_NOT_ANNOUNCED, ""},
	{"not announced, future window", spoil_unannounced_future, GATE_NOT_ANNOUNCED, ""},
	{"window open", spoil_window, GATE_WINDOW_OPEN, "1767830400"},
	{"category disabled", spoil_category, GATE_CATEGORY_DISABLED, ""},
	{"power not collective", spoil_collective, GATE_POWER_NOT_COLLECTIVE, ""},
	{"power retired", spoil_retired, GATE_POWER_RETIRED, ""},
	{"power of another category", spoil_power_category, GATE_POWER_CATEGORY, ""},
	{"no research", spoil_research, GATE_MATERIAL_MISSING, "research"},
	{"no risk assessment", spoil_risk, GATE_MATERIAL_MISSING, "risk_assessment"},
	{"no legality review", spoil_legality_absent, GATE_MATERIAL_MISSING, "legality_review"},
	{"legality failed", spoil_legality_failed, GATE_LEGALITY_FAILED, ""},
	{"public objections", spoil_public, GATE_CONTESTED_PUBLIC, "11"},
	{"member objections", spoil_member, GATE_CONTESTED_MEMBER, "2"},
	{"no candidates", spoil_no_candidates, GATE_CANDIDATES, ""},
	{"more seats than candidates", spoil_too_many_seats, GATE_CANDIDATES, ""},
};

/* Each fact broken alone gives exactly its gate and detail. */
static void test_each_gate_alone(void **state)
{
	struct item_facts f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(breakers) / sizeof(breakers[0]); i++) {
		ready(&f);
		breakers[i].spoil(&f);
		check_one(&f, NOW, breakers[i].gate, breakers[i].detail, breakers[i].name);
	}
}

/* The independent facts the combination test breaks, one bit each. */
enum {
	B_WITHDRAWN,
	B_UNANNOUNCED,
	B_WINDOW,
	B_CATEGORY,
	B_COLLECTIVE,
	B_RETIRED,
	B_POWER_CATEGORY,
	B_NO_RESEARCH,
	B_NO_RISK,
	B_LEGALITY,
	B_PUBLIC,
	B_MEMBER,
	B_SEATS,
	B__COUNT
};

/* A cadre item that needs three materials, with the facts in mask broken. */
static void combo_facts(unsigned mask, struct item_facts *f)
{
	const char *present[5];
	int n = 0;

	ready_cadre(f);
	set_kinds(f->required, &f->nrequired, decision_required);
	if (!(mask & 1u << B_NO_RISK))
		present[n++] = "risk_assessment";
	present[n++] = "other";
	present[n++] = "legality_review";
	if (!(mask & 1u << B_NO_RESEARCH))
		present[n++] = "research";
	present[n] = NULL;
	set_kinds(f->present, &f->npresent, present);
	f->legality = mask & 1u << B_LEGALITY ? LEGALITY_FAILED : LEGALITY_PASSED;
	strcpy(f->status, mask & 1u << B_WITHDRAWN ? "withdrawn" : "announced");
	f->announced = !(mask & 1u << B_UNANNOUNCED);
	f->window_ends = mask & 1u << B_WINDOW ? NOW + 1 : NOW;
	f->category_enabled = !(mask & 1u << B_CATEGORY);
	f->power_collective = !(mask & 1u << B_COLLECTIVE);
	f->power_active = !(mask & 1u << B_RETIRED);
	f->power_category_matches = !(mask & 1u << B_POWER_CATEGORY);
	f->public_objections = mask & 1u << B_PUBLIC ? 11 : 10;
	f->member_objections = mask & 1u << B_MEMBER ? 3 : 0;
	f->candidates = 3;
	f->seats = mask & 1u << B_SEATS ? 4 : 3;
}

/* The gates the facts in mask must fail, in the documented order. */
static void combo_expect(unsigned mask, struct expect *x)
{
	x->n = 0;
	if (mask & 1u << B_WITHDRAWN)
		expect_add(x, GATE_STATUS, "withdrawn");
	if (mask & 1u << B_UNANNOUNCED)
		expect_add(x, GATE_NOT_ANNOUNCED, "");
	else if (mask & 1u << B_WINDOW)
		expect_addn(x, GATE_WINDOW_OPEN, (long long)NOW + 1);
	if (mask & 1u << B_CATEGORY)
		expect_add(x, GATE_CATEGORY_DISABLED, "");
	if (mask & 1u << B_COLLECTIVE)
		expect_add(x, GATE_POWER_NOT_COLLECTIVE, "");
	if (mask & 1u << B_RETIRED)
		expect_add(x, GATE_POWER_RETIRED, "");
	if (mask & 1u << B_POWER_CATEGORY)
		expect_add(x, GATE_POWER_CATEGORY, "");
	if (mask & 1u << B_NO_RESEARCH)
		expect_add(x, GATE_MATERIAL_MISSING, "research");
	if (mask & 1u << B_NO_RISK)
		expect_add(x, GATE_MATERIAL_MISSING, "risk_assessment");
	if (mask & 1u << B_LEGALITY)
		expect_add(x, GATE_LEGALITY_FAILED, "");
	if (mask & 1u << B_PUBLIC)
		expect_add(x, GATE_CONTESTED_PUBLIC, "11");
	if (mask & 1u << B_MEMBER)
		expect_add(x, GATE_CONTESTED_MEMBER, "3");
	if (mask & 1u << B_SEATS)
		expect_add(x, GATE_CANDIDATES, "");
}

/* Every subset of the breakable facts (8192 cases), each checked with room
 * for everything and with a short array. */
static void test_all_combinations(void **state)
{
	struct item_facts f;
	struct expect x;
	unsigned mask;
	char label[64];

	(void)state;
	for (mask = 0; mask < 1u << B__COUNT; mask++) {
		combo_facts(mask, &f);
		combo_expect(mask, &x);
		snprintf(label, sizeof(label), "mask 0x%04x", mask);
		check(&f, NOW, &x, label);
		check_max(&f, NOW, &x, (int)(mask % (unsigned)(x.n + 1)), label);
	}
}

/* The window is open while now < window_ends, over at its end instant. */
static void test_window_boundaries(void **state)
{
	struct item_facts f;
	const time_t ends = NOW + 3 * DAY;

	(void)state;
	ready(&f);
	f.window_ends = ends;
	check_one(&f, ends - 1, GATE_WINDOW_OPEN, "1767484800", "one second before the end");
	check_none(&f, ends, "at the end");
	check_none(&f, ends + 1, "one second after the end");
	check_one(&f, NOW, GATE_WINDOW_OPEN, "1767484800", "three days before the end");

	f.window_ends = 0;
	check_one(&f, -1, GATE_WINDOW_OPEN, "0", "end at the epoch, one second before");
	check_none(&f, 0, "end at the epoch");
	check_none(&f, 1, "end at the epoch, one second after");

	f.window_ends = -DAY;
	check_one(&f, -DAY - 1, GATE_WINDOW_OPEN, "-86400", "end before the epoch");
	check_none(&f, -DAY, "end before the epoch, at the end");

	/* Not announced: the window is never reported, wherever its end lies. */
	f.announced = false;
	f.window_ends = ends;
	check_one(&f, ends - 1, GATE_NOT_ANNOUNCED, "", "unannounced, before the end");
	check_one(&f, ends, GATE_NOT_ANNOUNCED, "", "unannounced, at the end");
}

/* Window ends at the limits of a 64-bit time_t: compared, never computed. */
static void test_window_limits(void **state)
{
	struct item_facts f;
	time_t tmax, tmin;

	(void)state;
	if (sizeof(time_t) < sizeof(int64_t))
		skip();
	tmax = (time_t)INT64_MAX;
	tmin = (time_t)INT64_MIN;
	ready(&f);
	f.window_ends = tmax;
	check_one(&f, tmax - 1, GATE_WINDOW_OPEN, "9223372036854775807", "max, one before");
	check_none(&f, tmax, "max, at the end");
	check_one(&f, tmin, GATE_WINDOW_OPEN, "9223372036854775807", "max, now at min");
	check_one(&f, 0, GATE_WINDOW_OPEN, "9223372036854775807", "max, now at the epoch");

	f.window_ends = tmin;
	check_none(&f, tmin, "min, at the end");
	check_none(&f, tmin + 1, "min, one after");
	check_none(&f, tmax, "min, now at max");

	f.window_ends = tmin + 1;
	check_one(&f, tmin, GATE_WINDOW_OPEN, "-9223372036854775807", "min + 1, now at min");

	f.window_ends = tmax;
	f.announced = false;
	check_one(&f, tmin, GATE_NOT_ANNOUNCED, "", "max, unannounced");
}

/* Contested when public objections exceed the threshold; any member
 * objection contests. */
static void test_contest_boundaries(void **state)
{
	struct item_facts f;
	struct expect x = {.n = 0};

	(void)state;
	ready(&f);
	f.contest_threshold = 10;
	f.public_objections = 10;
	check_none(&f, NOW, "objections at the threshold");
	f.public_objections = 11;
	check_one(&f, NOW, GATE_CONTESTED_PUBLIC, "11", "threshold + 1");
	f.public_objections = 9;
	check_none(&f, NOW, "threshold - 1");

	f.contest_threshold = 0;
	f.public_objections = 0;
	check_none(&f, NOW, "threshold 0, no objections");
	f.public_objections = 1;
	check_one(&f, NOW, GATE_CONTESTED_PUBLIC, "1", "threshold 0, one objection");

	f.contest_threshold = 100000;
	f.public_objections = 100000;
	check_none(&f, NOW, "largest setting, at it");
	f.public_objections = 100001;
	check_one(&f, NOW, GATE_CONTESTED_PUBLIC, "100001", "largest setting, above");

	f.contest_threshold = LONG_MAX - 1;
	f.public_objections = LONG_MAX;
	expect_addn(&x, GATE_CONTESTED_PUBLIC, LONG_MAX);
	check(&f, NOW, &x, "LONG_MAX objections");
	f.contest_threshold = LONG_MAX;
	check_none(&f, NOW, "LONG_MAX threshold");

	ready(&f);
	f.member_objections = 0;
	check_none(&f, NOW, "no member objection");
	f.member_objections = 1;
	check_one(&f, NOW, GATE_CONTESTED_MEMBER, "1", "one member objection");
	f.member_objections = 15;
	check_one(&f, NOW, GATE_CONTESTED_MEMBER, "15", "many member objections");
	f.member_objections = 1;
	f.contest_threshold = 0;
	f.public_objections = 0;
	check_one(&f, NOW, GATE_CONTESTED_MEMBER, "1", "member objection, threshold 0");

	x.n = 0;
	f.public_objections = 7;
	f.member_objections = 4;
	expect_add(&x, GATE_CONTESTED_PUBLIC, "7");
	expect_add(&x, GATE_CONTESTED_MEMBER, "4");
	check(&f, NOW, &x, "both contested, public first");
}

/* Whether a cadre item with n candidates and k seats fails the gate. */
static bool seats_wrong(int n, int k)
{
	return n < 1 || k < 1 || k > n;
}

/* Cadre items need 1 <= seats <= candidates; other items ignore both. */
static void test_candidates(void **state)
{
	struct item_facts f;
	char label[64];
	int n, k;

	(void)state;
	ready_cadre(&f);
	f.candidates = 0;
	f.seats = 0;
	check_one(&f, NOW, GATE_CANDIDATES, "", "no candidates, no seats");
	f.candidates = 0;
	f.seats = 1;
	check_one(&f, NOW, GATE_CANDIDATES, "", "a seat without candidates");
	f.candidates = 3;
	f.seats = 0;
	check_one(&f, NOW, GATE_CANDIDATES, "", "candidates without seats");
	f.seats = 4;
	check_one(&f, NOW, GATE_CANDIDATES, "", "more seats than candidates");
	f.seats = 3;
	check_none(&f, NOW, "seats == candidates");
	f.candidates = 1;
	f.seats = 1;
	check_none(&f, NOW, "1 of 1");
	f.candidates = 5;
	f.seats = -1;
	check_one(&f, NOW, GATE_CANDIDATES, "", "negative seats");
	f.candidates = -1;
	f.seats = 1;
	check_one(&f, NOW, GATE_CANDIDATES, "", "negative candidates");
	f.candidates = INT_MAX;
	f.seats = INT_MAX;
	check_none(&f, NOW, "INT_MAX of INT_MAX");

	for (n = 0; n <= 9; n++)
		for (k = 0; k <= 10; k++) {
			snprintf(label, sizeof(label), "cadre, %d of %d", k, n);
			f.candidates = n;
			f.seats = k;
			if (seats_wrong(n, k))
				check_one(&f, NOW, GATE_CANDIDATES, "", label);
			else
				check_none(&f, NOW, label);
			f.personnel = false;
			snprintf(label, sizeof(label), "not cadre, %d of %d", k, n);
			check_none(&f, NOW, label);
			f.personnel = true;
		}

	ready(&f);
	f.candidates = 2;
	f.seats = 5;
	check_none(&f, NOW, "not cadre, seats above candidates");
	f.candidates = -3;
	f.seats = -3;
	check_none(&f, NOW, "not cadre, negative counts");
}

/* Required kinds against present kinds, and the legality review. */
static void test_materials(void **state)
{
	static const char *const none[] = {NULL};
	static const char *const dup_present[] = {"research",        "legality_review", "research",
						  "risk_assessment", "legality_review", NULL};
	static const char *const only_research[] = {"research", "research", NULL};
	static const char *const reversed[] = {"risk_assessment", "legality_review", "research",
					       NULL};
	static const char *const lookalikes[] = {"Research", "research_x",       "researc",
						 "risk",     "legality_review ", NULL};
	static const char *const no_legality_req[] = {"research", NULL};
	struct item_facts f;
	struct expect x = {.n = 0};

	(void)state;
	ready(&f);
	set_kinds(f.required, &f.nrequired, none);
	check_none(&f, NOW, "nothing required, things present");
	set_kinds(f.present, &f.npresent, none);
	f.legality = LEGALITY_NONE;
	check_none(&f, NOW, "nothing required, nothing present");

	ready(&f);
	set_kinds(f.present, &f.npresent, dup_present);
	check_none(&f, NOW, "duplicates in present");
	set_kinds(f.present, &f.npresent, only_research);
	f.legality = LEGALITY_NONE;
	expect_add(&x, GATE_MATERIAL_MISSING, "risk_assessment");
	expect_add(&x, GATE_MATERIAL_MISSING, "legality_review");
	check(&f, NOW, &x, "duplicates in present, two missing, in required order");

	ready(&f);
	set_kinds(f.present, &f.npresent, reversed);
	check_none(&f, NOW, "present in another order");

	/* Missing kinds are reported in the order of the required list. */
	ready(&f);
	set_kinds(f.present, &f.npresent, none);
	f.legality = LEGALITY_NONE;
	x.n = 0;
	expect_add(&x, GATE_MATERIAL_MISSING, "research");
	expect_add(&x, GATE_MATERIAL_MISSING, "risk_assessment");
	expect_add(&x, GATE_MATERIAL_MISSING, "legality_review");
	check(&f, NOW, &x, "nothing present");
	set_kinds(f.present, &f.npresent, lookalikes);
	check(&f, NOW, &x, "kinds match exactly, not by case or prefix");

	/* A failed review fails even where the category does not need one. */
	ready(&f);
	set_kinds(f.required, &f.nrequired, no_legality_req);
	f.legality = LEGALITY_FAILED;
	check_one(&f, NOW, GATE_LEGALITY_FAILED, "", "failed review, not required");
	f.legality = LEGALITY_NONE;
	check_none(&f, NOW, "no review, not required");
	set_kinds(f.required, &f.nrequired, none);
	f.legality = LEGALITY_FAILED;
	check_one(&f, NOW, GATE_LEGALITY_FAILED, "", "failed review, nothing required");

	/* No review where one is required: the material is missing, nothing more. */
	ready(&f);
	spoil_legality_absent(&f);
	check_one(&f, NOW, GATE_MATERIAL_MISSING, "legality_review", "no review, required");
	f.legality = LEGALITY_FAILED;
	x.n = 0;
	expect_add(&x, GATE_MATERIAL_MISSING, "legality_review");
	expect_add(&x, GATE_LEGALITY_FAILED, "");
	check(&f, NOW, &x, "failed review counted though its kind is absent");
	ready(&f);
	f.legality = LEGALITY_FAILED;
	check_one(&f, NOW, GATE_LEGALITY_FAILED, "", "failed review, present and required");
}

/* The fullest lists: GATES_MAX_KINDS required kinds of the longest length. */
static void test_materials_full(void **state)
{
	struct item_facts f;
	struct expect x = {.n = 0};
	char kind[33];
	int i;

	(void)state;
	ready(&f);
	f.nrequired = GATES_MAX_KINDS;
	f.npresent = GATES_MAX_KINDS;
	for (i = 0; i < GATES_MAX_KINDS; i++) {
		memset(kind, 'x', 32);
		kind[0] = 'k';
		kind[1] = (char)('0' + i / 10);
		kind[2] = (char)('0' + i % 10);
		kind[32] = '\0';
		assert_int_equal(strlen(kind), 32);
		strcpy(f.required[i], kind);
		strcpy(f.present[GATES_MAX_KINDS - 1 - i], kind);
	}
	check_none(&f, NOW, "16 required, all present in reverse");
	f.npresent = 0;
	f.legality = LEGALITY_FAILED;
	for (i = 0; i < GATES_MAX_KINDS; i++)
		expect_add(&x, GATE_MATERIAL_MISSING, f.required[i]);
	expect_add(&x, GATE_LEGALITY_FAILED, "");
	check(&f, NOW, &x, "16 missing, 32 characters each");
	for (i = 0; i < GATES_MAX_KINDS; i += 2)
		strcpy(f.present[f.npresent++], f.required[i]);
	x.n = 0;
	for (i = 1; i < GATES_MAX_KINDS; i += 2)
		expect_add(&x, GATE_MATERIAL_MISSING, f.required[i]);
	expect_add(&x, GATE_LEGALITY_FAILED, "");
	check(&f, NOW, &x, "every other one missing");
}

/* Facts that fail every gate at once (16 entries). */
static void everything_wrong(struct item_facts *f, struct expect *x)
{
	ready_cadre(f);
	strcpy(f->status, "scheduled");
	f->window_ends = NOW + 1;
	f->category_enabled = false;
	f->power_collective = false;
	f->power_active = false;
	f->power_category_matches = false;
	set_kinds(f->required, &f->nrequired, decision_required);
	f->npresent = 0;
	f->legality = LEGALITY_FAILED;
	f->public_objections = 12;
	f->member_objections = 1;
	f->candidates = 0;
	x->n = 0;
	expect_add(x, GATE_STATUS, "scheduled");
	expect_add(x, GATE_WINDOW_OPEN, "1767225601");
	expect_add(x, GATE_CATEGORY_DISABLED, "");
	expect_add(x, GATE_POWER_NOT_COLLECTIVE, "");
	expect_add(x, GATE_POWER_RETIRED, "");
	expect_add(x, GATE_POWER_CATEGORY, "");
	expect_add(x, GATE_MATERIAL_MISSING, "research");
	expect_add(x, GATE_MATERIAL_MISSING, "risk_assessment");
	expect_add(x, GATE_MATERIAL_MISSING, "legality_review");
	expect_add(x, GATE_LEGALITY_FAILED, "");
	expect_add(x, GATE_CONTESTED_PUBLIC, "12");
	expect_add(x, GATE_CONTESTED_MEMBER, "1");
	expect_add(x, GATE_CANDIDATES, "");
}

/* A short array: the full count comes back, only max entries are written. */
static void test_short_array(void **state)
{
	struct item_facts f;
	struct expect x;
	int max;

	(void)state;
	everything_wrong(&f, &x);
	assert_int_equal(x.n, 13);
	for (max = 0; max <= x.n + 2; max++)
		check_max(&f, NOW, &x, max, "everything wrong");
	check_max(&f, NOW, &x, -1, "negative max");
	check_max(&f, NOW, &x, INT_MIN, "INT_MIN max");
	assert_int_equal(gates_check(&f, NOW, NULL, 0), 13);
	assert_int_equal(gates_check(&f, NOW, NULL, -5), 13);
}

/* The facts of a decision item as yg_inner.item_facts_of gives them (jsonb
 * orders keys by length, then bytes). */
static const char facts_decision[] =
	"{\"item\": 42, \"seats\": 0, \"status\": \"announced\", "
	"\"present\": [\"legality_review\", \"other\", \"research\", \"risk_assessment\"], "
	"\"version\": 2, \"category\": \"decision\", \"legality\": \"passed\", "
	"\"required\": [\"research\", \"risk_assessment\", \"legality_review\"], "
	"\"announced\": true, \"personnel\": false, \"candidates\": 0, \"power_entry\": 7, "
	"\"window_ends\": 1767830400, \"power_active\": true, "
	"\"category_enabled\": true, \"power_collective\": true, "
	"\"contest_threshold\": 10, \"member_objections\": 1, "
	"\"public_objections\": 4, \"power_category_matches\": true}";

/* A cadre item: a draft, never announced, with nothing true. */
static const char facts_cadre[] =
	"{\"item\": 9, \"seats\": 2, \"status\": \"draft\", \"present\": [], "
	"\"version\": 1, \"category\": \"cadre\", \"legality\": null, "
	"\"required\": [\"research\"], \"announced\": false, \"personnel\": true, "
	"\"candidates\": 5, \"power_entry\": 3, \"window_ends\": 0, "
	"\"power_active\": false, \"category_enabled\": false, \"power_collective\": false, "
	"\"contest_threshold\": 0, \"member_objections\": 0, \"public_objections\": 0, "
	"\"power_category_matches\": false}";

static cJSON *parse(const char *text)
{
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	return j;
}

/* gates_facts_from_json on text; returns its answer, facts in f. */
static int facts_of(const char *text, struct item_facts *f)
{
	cJSON *j = parse(text);
	int rc = gates_facts_from_json(j, f);

	cJSON_Delete(j);
	return rc;
}

/* Every field of the decision item's JSON lands in the struct. */
static void test_json_decision(void **state)
{
	struct item_facts f;

	(void)state;
	memset(&f, 0xa5, sizeof(f));
	assert_int_equal(facts_of(facts_decision, &f), 0);
	assert_string_equal(f.status, "announced");
	assert_true(f.announced);
	assert_int_equal((long long)f.window_ends, 1767830400LL);
	assert_true(f.category_enabled);
	assert_false(f.personnel);
	assert_true(f.power_collective);
	assert_true(f.power_active);
	assert_true(f.power_category_matches);
	assert_int_equal(f.nrequired, 3);
	assert_string_equal(f.required[0], "research");
	assert_string_equal(f.required[1], "risk_assessment");
	assert_string_equal(f.required[2], "legality_review");
	assert_int_equal(f.npresent, 4);
	assert_string_equal(f.present[0], "legality_review");
	assert_string_equal(f.present[1], "other");
	assert_string_equal(f.present[2], "research");
	assert_string_equal(f.present[3], "risk_assessment");
	assert_int_equal(f.legality, LEGALITY_PASSED);
	assert_int_equal(f.public_objections, 4);
	assert_int_equal(f.contest_threshold, 10);
	assert_int_equal(f.member_objections, 1);
	assert_int_equal(f.candidates, 0);
	assert_int_equal(f.seats, 0);
}

/* The cadre draft: false booleans, empty present, null legality. */
static void test_json_cadre(void **state)
{
	struct item_facts f;

	(void)state;
	memset(&f, 0xa5, sizeof(f));
	assert_int_equal(facts_of(facts_cadre, &f), 0);
	assert_string_equal(f.status, "draft");
	assert_false(f.announced);
	assert_int_equal((long long)f.window_ends, 0);
	assert_false(f.category_enabled);
	assert_true(f.personnel);
	assert_false(f.power_collective);
	assert_false(f.power_active);
	assert_false(f.power_category_matches);
	assert_int_equal(f.nrequired, 1);
	assert_string_equal(f.required[0], "research");
	assert_int_equal(f.npresent, 0);
	assert_int_equal(f.legality, LEGALITY_NONE);
	assert_int_equal(f.public_objections, 0);
	assert_int_equal(f.contest_threshold, 0);
	assert_int_equal(f.member_objections, 0);
	assert_int_equal(f.candidates, 5);
	assert_int_equal(f.seats, 2);
}

/* facts_decision with one member replaced by the JSON text value. */
static int facts_with(const char *name, const char *value, struct item_facts *f)
{
	cJSON *j = parse(facts_decision);
	int rc;

	if (value != NULL)
		assert_true(cJSON_ReplaceItemInObjectCaseSensitive(j, name, parse(value)));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(j, name);
	rc = gates_facts_from_json(j, f);
	cJSON_Delete(j);
	return rc;
}

/* legality: null or absent is none, "passed" passed, "failed" failed. */
static void test_json_legality(void **state)
{
	struct item_facts f;

	(void)state;
	assert_int_equal(facts_with("legality", "null", &f), 0);
	assert_int_equal(f.legality, LEGALITY_NONE);
	assert_int_equal(facts_with("legality", NULL, &f), 0);
	assert_int_equal(f.legality, LEGALITY_NONE);
	assert_int_equal(facts_with("legality", "\"passed\"", &f), 0);
	assert_int_equal(f.legality, LEGALITY_PASSED);
	assert_int_equal(facts_with("legality", "\"failed\"", &f), 0);
	assert_int_equal(f.legality, LEGALITY_FAILED);
	/* Anything but "passed" does not pass. */
	assert_int_equal(facts_with("legality", "\"Passed\"", &f), 0);
	assert_int_equal(f.legality, LEGALITY_FAILED);
	assert_int_equal(facts_with("legality", "\"\"", &f), 0);
	assert_int_equal(f.legality, LEGALITY_FAILED);
}

/* A JSON array of n kinds "k00", "k01", ... as text, each len characters. */
static char *kinds_text(int n, size_t len)
{
	cJSON *a = cJSON_CreateArray();
	char kind[64];
	char *text;
	int i;

	assert_true(len >= 3 && len < sizeof(kind));
	for (i = 0; i < n; i++) {
		memset(kind, 'x', len);
		kind[len] = '\0';
		kind[0] = 'k';
		kind[1] = (char)('0' + i / 10);
		kind[2] = (char)('0' + i % 10);
		cJSON_AddItemToArray(a, cJSON_CreateString(kind));
	}
	text = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	assert_non_null(text);
	return text;
}

/* The largest lists and names that fit are read whole. */
static void test_json_limits(void **state)
{
	struct item_facts f;
	char *text;
	int i;

	(void)state;
	assert_int_equal(facts_with("status", "\"abcdefghijklmno\"", &f), 0);
	assert_string_equal(f.status, "abcdefghijklmno");
	assert_int_equal(facts_with("status", "\"\"", &f), 0);
	assert_string_equal(f.status, "");

	text = kinds_text(GATES_MAX_KINDS, 32);
	assert_int_equal(facts_with("required", text, &f), 0);
	assert_int_equal(f.nrequired, GATES_MAX_KINDS);
	assert_int_equal(facts_with("present", text, &f), 0);
	assert_int_equal(f.npresent, GATES_MAX_KINDS);
	for (i = 0; i < GATES_MAX_KINDS; i++) {
		assert_int_equal(strlen(f.present[i]), 32);
		assert_int_equal(f.present[i][1], '0' + i / 10);
		assert_int_equal(f.present[i][2], '0' + i % 10);
	}
	cJSON_free(text);
	assert_int_equal(facts_with("required", "[]", &f), 0);
	assert_int_equal(f.nrequired, 0);
	assert_int_equal(facts_with("present", "[]", &f), 0);
	assert_int_equal(f.npresent, 0);
}

/* Facts that do not fit, or are not what the database gives, are refused. */
static void test_json_refusals(void **state)
{
	static const char *const list_names[] = {"required", "present"};
	struct item_facts f;
	char *text;
	size_t i;

	(void)state;
	assert_int_equal(gates_facts_from_json(NULL, &f), -1);
	assert_int_equal(facts_with("status", NULL, &f), -1);
	assert_int_equal(facts_with("status", "null", &f), -1);
	assert_int_equal(facts_with("status", "3", &f), -1);
	assert_int_equal(facts_with("status", "[\"draft\"]", &f), -1);
	assert_int_equal(facts_with("status", "\"abcdefghijklmnop\"", &f), -1);
	assert_int_equal(facts_with("status", "\"announced_and_more_than_that\"", &f), -1);
	assert_int_equal(facts_of("[]", &f), -1);
	assert_int_equal(facts_of("\"announced\"", &f), -1);

	for (i = 0; i < sizeof(list_names) / sizeof(list_names[0]); i++) {
		text = kinds_text(GATES_MAX_KINDS + 1, 10);
		assert_int_equal(facts_with(list_names[i], text, &f), -1);
		cJSON_free(text);
		text = kinds_text(1, 33);
		assert_int_equal(facts_with(list_names[i], text, &f), -1);
		cJSON_free(text);
		text = kinds_text(GATES_MAX_KINDS * 4, 40);
		assert_int_equal(facts_with(list_names[i], text, &f), -1);
		cJSON_free(text);
		assert_int_equal(facts_with(list_names[i], "[\"research\", 7]", &f), -1);
		assert_int_equal(facts_with(list_names[i], "[null]", &f), -1);
		assert_int_equal(facts_with(list_names[i], "[[\"research\"]]", &f), -1);
		assert_int_equal(facts_with(list_names[i], "[{\"kind\": \"research\"}]", &f), -1);
		assert_int_equal(facts_with(list_names[i], "[true]", &f), -1);
		assert_int_equal(facts_with(list_names[i], NULL, &f), -1);
		assert_int_equal(facts_with(list_names[i], "\"research\"", &f), -1);
	}
}

/* Every number must be there and be a number: a missing or null one (a
 * setting the committee's rules lack) is refused, never read as garbage. */
static void test_json_numbers(void **state)
{
	static const char *const names[] = {"window_ends",       "public_objections",
					    "contest_threshold", "member_objections",
					    "candidates",        "seats"};
	struct item_facts f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(facts_with(names[i], NULL, &f), -1);
		assert_int_equal(facts_with(names[i], "null", &f), -1);
		assert_int_equal(facts_with(names[i], "\"5\"", &f), -1);
		assert_int_equal(facts_with(names[i], "1e300", &f), -1);
	}
	assert_int_equal(facts_with("seats", "-1", &f), -1);
	assert_int_equal(facts_with("candidates", "100000", &f), -1);
}

/* From the database's JSON to the terminal's: one item through every step. */
static void test_json_pipeline(void **state)
{
	struct item_facts f;
	struct gate_unmet out[ROOM];
	cJSON *a;
	char *text;
	int n;

	(void)state;
	assert_int_equal(facts_with("present", "[\"other\", \"research\"]", &f), 0);
	n = gates_check(&f, NOW, out, ROOM);
	assert_int_equal(n, 4);
	a = gates_to_json(out, n);
	text = cJSON_PrintUnformatted(a);
	assert_string_equal(text, "[{\"gate\":\"window_open\",\"detail\":\"1767830400\"},"
				  "{\"gate\":\"material_missing\",\"detail\":\"risk_assessment\"},"
				  "{\"gate\":\"material_missing\",\"detail\":\"legality_review\"},"
				  "{\"gate\":\"contested_member\",\"detail\":\"1\"}]");
	cJSON_free(text);
	cJSON_Delete(a);
	assert_int_equal(gates_check(&f, (time_t)1767830400, out, ROOM), 3);

	assert_int_equal(facts_of(facts_cadre, &f), 0);
	n = gates_check(&f, NOW, out, ROOM);
	a = gates_to_json(out, n);
	text = cJSON_PrintUnformatted(a);
	assert_string_equal(text, "[{\"gate\":\"not_announced\",\"detail\":\"\"},"
				  "{\"gate\":\"category_disabled\",\"detail\":\"\"},"
				  "{\"gate\":\"power_not_collective\",\"detail\":\"\"},"
				  "{\"gate\":\"power_retired\",\"detail\":\"\"},"
				  "{\"gate\":\"power_category\",\"detail\":\"\"},"
				  "{\"gate\":\"material_missing\",\"detail\":\"research\"}]");
	cJSON_free(text);
	cJSON_Delete(a);
}

/* gates_to_json: an array of {"gate", "detail"}, in the order given. */
static void test_to_json(void **state)
{
	struct gate_unmet u[3] = {
		{GATE_CONTESTED_PUBLIC, "11"},
		{GATE_STATUS, "withdrawn"},
		{GATE__COUNT, "odd"},
	};
	struct item_facts f;
	struct expect x;
	const cJSON *g;
	cJSON *a;
	char *text;
	int i = 0;

	(void)state;
	a = gates_to_json(u, 0);
	text = cJSON_PrintUnformatted(a);
	assert_string_equal(text, "[]");
	cJSON_free(text);
	cJSON_Delete(a);
	a = gates_to_json(NULL, 0);
	assert_true(cJSON_IsArray(a) && cJSON_GetArraySize(a) == 0);
	cJSON_Delete(a);

	a = gates_to_json(u, 3);
	text = cJSON_PrintUnformatted(a);
	assert_string_equal(text, "[{\"gate\":\"contested_public\",\"detail\":\"11\"},"
				  "{\"gate\":\"status\",\"detail\":\"withdrawn\"},"
				  "{\"gate\":\"?\",\"detail\":\"odd\"}]");
	cJSON_free(text);
	cJSON_Delete(a);

	/* Every entry of a full answer, as objects with exactly two strings. */
	everything_wrong(&f, &x);
	a = gates_to_json(x.e, x.n);
	assert_int_equal(cJSON_GetArraySize(a), x.n);
	cJSON_ArrayForEach(g, a) {
		assert_true(cJSON_IsObject(g));
		assert_int_equal(cJSON_GetArraySize(g), 2);
		assert_string_equal(
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "gate")),
			gate_code(x.e[i].gate));
		assert_string_equal(
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "detail")),
			x.e[i].detail);
		i++;
	}
	cJSON_Delete(a);
}

/* The stable names terminals see, and "?" outside the enum. */
static void test_gate_code(void **state)
{
	static const char *const codes[GATE__COUNT] = {
		[GATE_NOT_ANNOUNCED] = "not_announced",
		[GATE_WINDOW_OPEN] = "window_open",
		[GATE_STATUS] = "status",
		[GATE_CATEGORY_DISABLED] = "category_disabled",
		[GATE_POWER_NOT_COLLECTIVE] = "power_not_collective",
		[GATE_POWER_RETIRED] = "power_retired",
		[GATE_POWER_CATEGORY] = "power_category",
		[GATE_MATERIAL_MISSING] = "material_missing",
		[GATE_LEGALITY_FAILED] = "legality_failed",
		[GATE_CONTESTED_PUBLIC] = "contested_public",
		[GATE_CONTESTED_MEMBER] = "contested_member",
		[GATE_CANDIDATES] = "candidates",
	};
	int i, k;

	(void)state;
	assert_int_equal(GATE__COUNT, 12);
	for (i = 0; i < GATE__COUNT; i++) {
		assert_non_null(codes[i]);
		assert_string_equal(gate_code((enum gate)i), codes[i]);
		for (k = 0; k < i; k++)
			assert_string_not_equal(gate_code((enum gate)i), gate_code((enum gate)k));
	}
	assert_string_equal(gate_code(GATE__COUNT), "?");
	assert_string_equal(gate_code((enum gate)(GATE__COUNT + 1)), "?");
	assert_string_equal(gate_code((enum gate)1000), "?");
	assert_string_equal(gate_code((enum gate) - 1), "?");
	assert_string_equal(gate_code((enum gate)INT_MIN), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ready),
		cmocka_unit_test(test_status_words),
		cmocka_unit_test(test_each_gate_alone),
		cmocka_unit_test(test_all_combinations),
		cmocka_unit_test(test_window_boundaries),
		cmocka_unit_test(test_window_limits),
		cmocka_unit_test(test_contest_boundaries),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_materials),
		cmocka_unit_test(test_materials_full),
		cmocka_unit_test(test_short_array),
		cmocka_unit_test(test_json_decision),
		cmocka_unit_test(test_json_cadre),
		cmocka_unit_test(test_json_legality),
		cmocka_unit_test(test_json_limits),
		cmocka_unit_test(test_json_refusals),
		cmocka_unit_test(test_json_numbers),
		cmocka_unit_test(test_json_pipeline),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_gate_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
