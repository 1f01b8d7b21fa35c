/* Unit tests for server/policy/speaking.c: rooms of odd and even sizes with
 * a presiding chair and a presenter; the presentation first, absent,
 * unknown and recused members, speaking twice, the chair last (末位表态)
 * with members absent, recused or leaving, cadre items per candidate, the
 * outstanding list, completion, a chair who presents, a stand-in chair, the
 * verdict names, and random rooms against a reference written from the
 * header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include <cmocka.h>

#include "../../rules/speaking.h"

#define MAXM 24 /* the largest room built */

static const enum speak_act statements[] = {SPEAK_STATE, SPEAK_PASS};

/* A room: its members and the facts about the item. */
struct room {
	struct speaker m[MAXM];
	struct speaking_facts f;
};

/* The id of member i: not its index, not consecutive. */
static long long id_of(int i)
{
	return 9000000000LL + 37LL * i;
}

/* n members, all present, none recused; chair presides, presenter is in
 * charge; an ordinary item under the default rules, not yet presented. */
static void room_init(struct room *r, int n, int chair, int presenter)
{
	int i;

	assert_true(n >= 0 && n <= MAXM);
	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		r->m[i].id = id_of(i);
		r->m[i].present = true;
		r->m[i].presiding = i == chair;
		r->m[i].presenter = i == presenter;
	}
	r->f.personnel = false;
	r->f.candidates = 0;
	r->f.chair_last = true;
	r->f.personnel_all_state = true;
	r->f.recuse_discussion = true;
	r->f.presented = false;
	r->f.members = r->m;
	r->f.n = n;
}

/* A cadre item with k candidates. */
static void room_cadre(struct room *r, int k)
{
	r->f.personnel = true;
	r->f.candidates = k;
}

/* The verdict on member i doing act on candidate c. */
static enum speak_verdict check(const struct room *r, int i, enum speak_act act, int c)
{
	return speaking_check(&r->f, id_of(i), act, c);
}

/* Assert a verdict, naming both sides on failure. */
#define assert_verdict(got, want)                                                                  \
	do {                                                                                       \
		enum speak_verdict g_ = (got), w_ = (want);                                        \
		if (g_ != w_)                                                                      \
			fail_msg("%s: got %s, want %s", #got, speak_verdict_code(g_),              \
				 speak_verdict_code(w_));                                          \
	} while (0)

/* A deterministic generator, so that a failure can be replayed. */
static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* A number in [0, n). */
static int pick(int n)
{
	return (int)(rng() % (uint64_t)n);
}

/* Member i speaks on candidate c (after the check said so). */
static void speak(struct room *r, int i, int c)
{
	r->m[i].spoke |= (uint64_t)1 << c;
}

/* The presenter presents first: nobody states or passes before, the
 * presenter presents once, nobody else presents. Sizes 2..15. */
static void test_present_first(void **state)
{
	struct room r;
	int n, i, a;

	(void)state;
	for (n = 2; n <= 15; n++) {
		int chair = 0, presenter = n / 2;

		room_init(&r, n, chair, presenter);
		for (i = 0; i < n; i++) {
			for (a = 0; a < 2; a++)
				assert_verdict(check(&r, i, statements[a], 0), SPEAK_NOT_PRESENTED);
			assert_verdict(check(&r, i, SPEAK_PRESENT, 0),
				       i == presenter ? SPEAK_OK : SPEAK_NOT_PRESENTER);
		}
		r.f.presented = true;
		for (i = 0; i < n; i++) {
			for (a = 0; a < 2; a++)
				assert_verdict(check(&r, i, statements[a], 0),
					       i == chair ? SPEAK_CHAIR_NOT_LAST : SPEAK_OK);
			assert_verdict(check(&r, i, SPEAK_PRESENT, 0),
				       i == presenter ? SPEAK_ALREADY_PRESENTED
						      : SPEAK_NOT_PRESENTER);
		}
		/* The presenter may state after presenting, like any member. */
		assert_verdict(check(&r, presenter, SPEAK_STATE, 0), SPEAK_OK);
		speak(&r, presenter, 0);
		assert_verdict(check(&r, presenter, SPEAK_STATE, 0), SPEAK_ALREADY);
	}
}

/* Not checked in, not a member, an empty room. */
static void test_not_present_not_member(void **state)
{
	static const long long strangers[] = {0, -1, 1, LLONG_MAX, LLONG_MIN, 9000000000LL + 1};
	struct room r;
	size_t s;
	int n, i, a;

	(void)state;
	for (n = 3; n <= 8; n++) {
		room_init(&r, n, 0, 1);
		for (i = 0; i < n; i++)
			r.m[i].present = i % 2 == 1;
		for (int presented = 0; presented < 2; presented++) {
			r.f.presented = presented;
			for (i = 0; i < n; i += 2) {
				assert_verdict(check(&r, i, SPEAK_PRESENT, 0), SPEAK_NOT_PRESENT);
				for (a = 0; a < 2; a++)
					assert_verdict(check(&r, i, statements[a], 0),
						       SPEAK_NOT_PRESENT);
			}
			for (s = 0; s < sizeof(strangers) / sizeof(strangers[0]); s++) {
				assert_verdict(speaking_check(&r.f, strangers[s], SPEAK_STATE, 0),
					       SPEAK_NOT_MEMBER);
				assert_verdict(speaking_check(&r.f, strangers[s], SPEAK_PASS, 0),
					       SPEAK_NOT_MEMBER);
				assert_verdict(speaking_check(&r.f, strangers[s], SPEAK_PRESENT, 0),
					       SPEAK_NOT_MEMBER);
			}
			/* One past the last member is not a member. */
			assert_verdict(check(&r, n, SPEAK_STATE, 0), SPEAK_NOT_MEMBER);
		}
	}
	/* The presenter absent: nobody can present. */
	room_init(&r, 5, 0, 2);
	r.m[2].present = false;
	assert_verdict(check(&r, 2, SPEAK_PRESENT, 0), SPEAK_NOT_PRESENT);
	/* An empty room knows nobody. */
	room_init(&r, 0, -1, -1);
	r.f.members = NULL;
	assert_verdict(speaking_check(&r.f, id_of(0), SPEAK_STATE, 0), SPEAK_NOT_MEMBER);
	assert_int_equal(speaking_outstanding(&r.f, 0, NULL, 0), 0);
}

/* Recused from discussion: neither speaks nor presents, nor blocks the
 * chair; without recuse_discussion the recused member speaks, and is
 * waited for. */
static void test_recused(void **state)
{
	struct room r;
	long long ids[MAXM];
	int n, i, a;

	(void)state;
	for (n = 3; n <= 10; n++) {
		int rec = n - 1, presenter = 1;

		room_init(&r, n, 0, presenter);
		r.m[rec].recused = true;
		r.m[presenter].recused = true;
		assert_verdict(check(&r, presenter, SPEAK_PRESENT, 0), SPEAK_RECUSED);
		r.f.presented = true;
		for (a = 0; a < 2; a++) {
			assert_verdict(check(&r, rec, statements[a], 0), SPEAK_RECUSED);
			assert_verdict(check(&r, presenter, statements[a], 0), SPEAK_RECUSED);
		}
		assert_verdict(check(&r, rec, SPEAK_PRESENT, 0), SPEAK_RECUSED);
		for (i = 0; i < n; i++)
			if (i != 0 && !r.m[i].recused)
				speak(&r, i, 0);
		assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), 0);
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
		/* Absent and recused: absent comes first. */
		r.m[rec].present = false;
		assert_verdict(check(&r, rec, SPEAK_STATE, 0), SPEAK_NOT_PRESENT);
		r.m[rec].present = true;

		/* The committee lets recused members discuss. */
		r.f.recuse_discussion = false;
		assert_verdict(check(&r, rec, SPEAK_STATE, 0), SPEAK_OK);
		assert_verdict(check(&r, rec, SPEAK_PASS, 0), SPEAK_OK);
		assert_verdict(check(&r, presenter, SPEAK_PRESENT, 0), SPEAK_ALREADY_PRESENTED);
		assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), 2);
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
		speak(&r, rec, 0);
		assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), 1);
		assert_true(ids[0] == id_of(presenter));
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
		speak(&r, presenter, 0);
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
	}
	/* A recused presenter may present when recusal does not cover
	 * discussion. */
	room_init(&r, 5, 0, 3);
	r.m[3].recused = true;
	r.f.recuse_discussion = false;
	assert_verdict(check(&r, 3, SPEAK_PRESENT, 0), SPEAK_OK);
}

/* Speaking twice, stating after passing, passing after stating. */
static void test_already(void **state)
{
	struct room r;
	int n, i, a, b;

	(void)state;
	for (n = 2; n <= 9; n++) {
		room_init(&r, n, n - 1, 0);
		r.f.presented = true;
		for (i = 0; i < n - 1; i++) {
			assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_OK);
			speak(&r, i, 0);
			for (a = 0; a < 2; a++)
				assert_verdict(check(&r, i, statements[a], 0), SPEAK_ALREADY);
		}
		assert_verdict(check(&r, n - 1, SPEAK_STATE, 0), SPEAK_OK);
		speak(&r, n - 1, 0);
		for (a = 0; a < 2; a++)
			assert_verdict(check(&r, n - 1, statements[a], 0), SPEAK_ALREADY);
	}
	/* A pass counts as having spoken, whichever comes second. */
	for (a = 0; a < 2; a++)
		for (b = 0; b < 2; b++) {
			room_init(&r, 4, 0, 1);
			r.f.presented = true;
			assert_verdict(check(&r, 2, statements[a], 0), SPEAK_OK);
			speak(&r, 2, 0);
			assert_verdict(check(&r, 2, statements[b], 0), SPEAK_ALREADY);
		}
}

/* The chair waits for every other present, non-recused member, in any
 * order; absent, recused and departed members do not hold it up. */
static void test_chair_last(void **state)
{
	struct room r;
	int order[MAXM];
	long long ids[MAXM];
	int n, i, k, trial;

	(void)state;
	for (n = 1; n <= 16; n++)
		for (trial = 0; trial < 8; trial++) {
			int chair = trial % n, presenter = (trial * 3 + 1) % n;
			int others = 0;

			room_init(&r, n, chair, presenter);
			r.f.presented = true;
			/* Some absent, some recused, in the later trials. */
			for (i = 0; i < n && trial >= 4; i++) {
				if (i == chair || i == presenter)
					continue;
				if (pick(4) == 0)
					r.m[i].present = false;
				else if (pick(4) == 0)
					r.m[i].recused = true;
			}
			for (i = 0; i < n; i++)
				if (i != chair && r.m[i].present && !r.m[i].recused)
					order[others++] = i;
			/* Shuffle the speaking order. */
			for (i = others - 1; i > 0; i--) {
				int j = pick(i + 1), t = order[i];

				order[i] = order[j];
				order[j] = t;
			}
			for (k = 0; k < others; k++) {
				assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM),
						 others - k);
				assert_verdict(check(&r, chair, SPEAK_STATE, 0),
					       SPEAK_CHAIR_NOT_LAST);
				assert_verdict(check(&r, chair, SPEAK_PASS, 0),
					       SPEAK_CHAIR_NOT_LAST);
				assert_verdict(check(&r, order[k], SPEAK_STATE, 0), SPEAK_OK);
				speak(&r, order[k], 0);
				assert_false(speaking_complete(&r.f));
			}
			assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), 0);
			assert_verdict(check(&r, chair, SPEAK_STATE, 0), SPEAK_OK);
			assert_verdict(check(&r, chair, SPEAK_PASS, 0), SPEAK_OK);
			speak(&r, chair, 0);
			assert_true(speaking_complete(&r.f));
		}
}

/* A member leaves before stating: the chair no longer waits for them; one
 * who comes back is waited for again. */
static void test_chair_member_leaves(void **state)
{
	struct room r;
	int n, i;

	(void)state;
	for (n = 3; n <= 12; n++) {
		int leaver = n - 1;

		room_init(&r, n, 0, 1);
		r.f.presented = true;
		for (i = 1; i < n - 1; i++)
			speak(&r, i, 0);
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
		assert_false(speaking_complete(&r.f));
		r.m[leaver].present = false;
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
		assert_verdict(check(&r, leaver, SPEAK_STATE, 0), SPEAK_NOT_PRESENT);
		r.m[leaver].present = true;
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
		r.m[leaver].present = false;
		speak(&r, 0, 0);
		assert_true(speaking_complete(&r.f));
		/* A member who spoke and then left does not matter either. */
		r.m[1].present = false;
		assert_true(speaking_complete(&r.f));
	}
}

/* Without the chair-last rule the chair speaks whenever, once presented. */
static void test_chair_free(void **state)
{
	struct room r;
	int n, i;

	(void)state;
	for (n = 2; n <= 11; n++) {
		room_init(&r, n, 1, 0);
		r.f.chair_last = false;
		assert_verdict(check(&r, 1, SPEAK_STATE, 0), SPEAK_NOT_PRESENTED);
		r.f.presented = true;
		assert_verdict(check(&r, 1, SPEAK_STATE, 0), SPEAK_OK);
		assert_verdict(check(&r, 1, SPEAK_PASS, 0), SPEAK_OK);
		speak(&r, 1, 0);
		assert_verdict(check(&r, 1, SPEAK_STATE, 0), SPEAK_ALREADY);
		for (i = 0; i < n; i++)
			if (i != 1)
				assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_OK);
		/* Discussion still closes only when everyone has spoken. */
		assert_false(speaking_complete(&r.f));
		for (i = 0; i < n; i++)
			speak(&r, i, 0);
		assert_true(speaking_complete(&r.f));
	}
}

/* Cadre items: candidates in range, bookkeeping per candidate, passes. */
static void test_cadre(void **state)
{
	static const int bad_for_3[] = {-1, 3, 4, 31, 32, 33, 64, INT_MAX, INT_MIN};
	struct room r;
	size_t b;
	int n, i, c, a;

	(void)state;
	for (n = 3; n <= 10; n++) {
		room_init(&r, n, 0, 1);
		room_cadre(&r, 3);
		r.f.presented = true;
		for (b = 0; b < sizeof(bad_for_3) / sizeof(bad_for_3[0]); b++)
			for (i = 0; i < n; i++)
				for (a = 0; a < 2; a++)
					assert_verdict(check(&r, i, statements[a], bad_for_3[b]),
						       SPEAK_BAD_CANDIDATE);
		/* Every member states on candidate 0: that does not count for
		 * candidate 1. */
		for (i = 1; i < n; i++) {
			assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_OK);
			speak(&r, i, 0);
			assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_ALREADY);
			assert_verdict(check(&r, i, SPEAK_STATE, 1), SPEAK_OK);
			assert_verdict(check(&r, i, SPEAK_STATE, 2), SPEAK_OK);
		}
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
		assert_verdict(check(&r, 0, SPEAK_STATE, 1), SPEAK_CHAIR_NOT_LAST);
		assert_verdict(check(&r, 0, SPEAK_STATE, 2), SPEAK_CHAIR_NOT_LAST);
		speak(&r, 0, 0);
		assert_false(speaking_complete(&r.f));
		/* Candidate 2 before candidate 1: each on its own. */
		for (i = 1; i < n; i++)
			speak(&r, i, 2);
		assert_verdict(check(&r, 0, SPEAK_STATE, 2), SPEAK_OK);
		assert_verdict(check(&r, 0, SPEAK_STATE, 1), SPEAK_CHAIR_NOT_LAST);
		speak(&r, 0, 2);
		assert_false(speaking_complete(&r.f));
		for (i = 1; i < n; i++)
			speak(&r, i, 1);
		assert_false(speaking_complete(&r.f));
		assert_verdict(check(&r, 0, SPEAK_STATE, 1), SPEAK_OK);
		speak(&r, 0, 1);
		assert_true(speaking_complete(&r.f));
	}
	/* Every member states a position: no passing. */
	room_init(&r, 5, 0, 1);
	room_cadre(&r, 2);
	r.f.presented = true;
	for (c = 0; c < 2; c++)
		for (i = 1; i < 5; i++) {
			assert_verdict(check(&r, i, SPEAK_PASS, c), SPEAK_PASS_NOT_ALLOWED);
			assert_verdict(check(&r, i, SPEAK_STATE, c), SPEAK_OK);
		}
	for (i = 1; i < 5; i++)
		speak(&r, i, 0);
	assert_verdict(check(&r, 0, SPEAK_PASS, 0), SPEAK_PASS_NOT_ALLOWED);
	assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
	r.f.personnel_all_state = false;
	for (c = 0; c < 2; c++)
		for (i = 1; i < 5; i++)
			assert_verdict(check(&r, i, SPEAK_PASS, c),
				       c == 0 ? SPEAK_ALREADY : SPEAK_OK);
	assert_verdict(check(&r, 0, SPEAK_PASS, 0), SPEAK_OK);
	assert_verdict(check(&r, 0, SPEAK_PASS, 1), SPEAK_CHAIR_NOT_LAST);
	/* The rule is about cadre items only: ordinary items may be passed. */
	room_init(&r, 5, 0, 1);
	r.f.presented = true;
	assert_true(r.f.personnel_all_state);
	assert_verdict(check(&r, 2, SPEAK_PASS, 0), SPEAK_OK);
	/* The most candidates there can be: the last bit. */
	room_init(&r, 4, 0, 1);
	room_cadre(&r, SPEAKING_MAX_CANDIDATES);
	r.f.presented = true;
	for (c = 0; c < SPEAKING_MAX_CANDIDATES; c++)
		assert_verdict(check(&r, 2, SPEAK_STATE, c), SPEAK_OK);
	assert_verdict(check(&r, 2, SPEAK_STATE, SPEAKING_MAX_CANDIDATES), SPEAK_BAD_CANDIDATE);
	speak(&r, 2, SPEAKING_MAX_CANDIDATES - 1);
	assert_verdict(check(&r, 2, SPEAK_STATE, SPEAKING_MAX_CANDIDATES - 1), SPEAK_ALREADY);
	assert_verdict(check(&r, 2, SPEAK_STATE, SPEAKING_MAX_CANDIDATES - 2), SPEAK_OK);
	for (i = 1; i < 4; i++)
		speak(&r, i, SPEAKING_MAX_CANDIDATES - 1);
	assert_verdict(check(&r, 0, SPEAK_STATE, SPEAKING_MAX_CANDIDATES - 1), SPEAK_OK);
	assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
	for (i = 0; i < 4; i++)
		r.m[i].spoke = UINT64_MAX;
	assert_true(speaking_complete(&r.f));
	r.m[3].spoke = UINT64_MAX >> 1;
	assert_false(speaking_complete(&r.f));
	/* One candidate. */
	room_init(&r, 3, 0, 1);
	room_cadre(&r, 1);
	r.f.presented = true;
	assert_verdict(check(&r, 2, SPEAK_STATE, 0), SPEAK_OK);
	assert_verdict(check(&r, 2, SPEAK_STATE, 1), SPEAK_BAD_CANDIDATE);
	/* Presenting a cadre item is not about a candidate. */
	room_init(&r, 3, 0, 1);
	room_cadre(&r, 2);
	assert_verdict(check(&r, 1, SPEAK_PRESENT, 0), SPEAK_OK);
	assert_verdict(check(&r, 2, SPEAK_STATE, 0), SPEAK_NOT_PRESENTED);
}

/* Ordinary items name no candidate: only 0. */
static void test_ordinary_candidate(void **state)
{
	static const int bad[] = {-1, 1, 2, 31, 32, 63, 64, INT_MAX, INT_MIN};
	struct room r;
	size_t b;
	int a, k;

	(void)state;
	for (k = 0; k <= 5; k++) {
		room_init(&r, 6, 0, 1);
		r.f.candidates = k; /* ignored on ordinary items */
		r.f.presented = true;
		for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++)
			for (a = 0; a < 2; a++) {
				assert_verdict(check(&r, 3, statements[a], bad[b]),
					       SPEAK_BAD_CANDIDATE);
				assert_verdict(check(&r, 0, statements[a], bad[b]),
					       SPEAK_BAD_CANDIDATE);
			}
		assert_verdict(check(&r, 3, SPEAK_STATE, 0), SPEAK_OK);
		/* Bits of the other candidates do not make an ordinary item
		 * spoken. */
		r.m[3].spoke = UINT64_MAX - 1;
		assert_verdict(check(&r, 3, SPEAK_STATE, 0), SPEAK_OK);
	}
}

/* Compare two id lists as sets. */
static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static void assert_same_ids(long long *got, int ngot, long long *want, int nwant)
{
	int i;

	assert_int_equal(ngot, nwant);
	qsort(got, (size_t)ngot, sizeof(*got), cmp_ll);
	qsort(want, (size_t)nwant, sizeof(*want), cmp_ll);
	for (i = 0; i < ngot; i++)
		if (got[i] != want[i])
			fail_msg("outstanding id %d: %lld, want %lld", i, got[i], want[i]);
}

/* The outstanding list: exactly who is still to speak, never the
 * presiding member; max respected, the full count returned. */
static void test_outstanding(void **state)
{
	struct room r;
	long long ids[MAXM + 4], want[MAXM];
	int n, i, max, nwant, got;

	(void)state;
	for (n = 1; n <= 14; n++) {
		room_init(&r, n, n / 2, 0);
		room_cadre(&r, 2);
		r.f.presented = true;
		for (i = 0; i < n; i++) {
			if (i % 5 == 1)
				r.m[i].present = false;
			if (i % 4 == 3)
				r.m[i].recused = true;
			if (i % 3 == 2)
				speak(&r, i, 0);
			if (i % 3 == 0)
				speak(&r, i, 1);
		}
		for (int rd = 0; rd < 2; rd++) {
			r.f.recuse_discussion = rd;
			for (int c = 0; c < 2; c++) {
				nwant = 0;
				for (i = 0; i < n; i++)
					if (i != n / 2 && r.m[i].present &&
					    !(r.m[i].recused && rd) && !(r.m[i].spoke & (1u << c)))
						want[nwant++] = id_of(i);
				for (max = 0; max <= n + 1; max++) {
					long long canary = -424242;

					for (i = 0; i < MAXM + 4; i++)
						ids[i] = canary;
					got = speaking_outstanding(&r.f, c, ids, max);
					assert_int_equal(got, nwant);
					for (i = max < nwant ? max : nwant; i < MAXM + 4; i++)
						assert_true(ids[i] == canary);
					/* The ones written are among those wanted. */
					for (i = 0; i < max && i < nwant; i++) {
						int k, found = 0;

						for (k = 0; k < nwant; k++)
							found |= ids[i] == want[k];
						assert_true(found);
						assert_true(ids[i] != id_of(n / 2));
					}
				}
				got = speaking_outstanding(&r.f, c, ids, MAXM);
				assert_same_ids(ids, got, want, nwant);
				assert_int_equal(speaking_outstanding(&r.f, c, NULL, 0), nwant);
			}
		}
	}
	/* The presiding member alone in the room: nobody outstanding. */
	room_init(&r, 1, 0, 0);
	r.f.presented = true;
	assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), 0);
	assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
}

/* Complete: presented, and everyone taking part, the presiding member
 * included, has spoken on every candidate. */
static void test_complete(void **state)
{
	struct room r;
	int n, i, k, c;

	(void)state;
	for (n = 1; n <= 12; n++)
		for (k = 0; k <= 4; k++) {
			int ncand = k == 0 ? 1 : k;

			room_init(&r, n, 0, n - 1);
			if (k > 0)
				room_cadre(&r, k);
			for (i = 0; i < n; i++)
				r.m[i].spoke = (1u << ncand) - 1;
			assert_false(speaking_complete(&r.f)); /* not presented */
			r.f.presented = true;
			assert_true(speaking_complete(&r.f));
			for (i = 0; i < n; i++)
				for (c = 0; c < ncand; c++) {
					r.m[i].spoke &= ~(1u << c);
					assert_false(speaking_complete(&r.f));
					/* Absent, or recused from discussion: not needed. */
					r.m[i].present = false;
					assert_true(speaking_complete(&r.f));
					r.m[i].present = true;
					r.m[i].recused = true;
					assert_true(speaking_complete(&r.f));
					r.f.recuse_discussion = false;
					assert_false(speaking_complete(&r.f));
					r.f.recuse_discussion = true;
					r.m[i].recused = false;
					r.m[i].spoke |= 1u << c;
				}
			/* Nobody spoke at all. */
			for (i = 0; i < n; i++)
				r.m[i].spoke = 0;
			assert_false(speaking_complete(&r.f));
			/* Nobody present: nothing to wait for once presented. */
			for (i = 0; i < n; i++)
				r.m[i].present = false;
			assert_true(speaking_complete(&r.f));
			r.f.presented = false;
			assert_false(speaking_complete(&r.f));
		}
}

/* The chair is also the member in charge: presents first, states last. */
static void test_chair_presents(void **state)
{
	struct room r;
	int n, i;

	(void)state;
	for (n = 1; n <= 9; n++) {
		room_init(&r, n, 0, 0);
		for (i = 1; i < n; i++)
			assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_NOT_PRESENTED);
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_NOT_PRESENTED);
		assert_verdict(check(&r, 0, SPEAK_PRESENT, 0), SPEAK_OK);
		r.f.presented = true;
		assert_verdict(check(&r, 0, SPEAK_PRESENT, 0), SPEAK_ALREADY_PRESENTED);
		for (i = 1; i < n; i++) {
			assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
			assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_OK);
			speak(&r, i, 0);
		}
		assert_false(speaking_complete(&r.f));
		assert_verdict(check(&r, 0, SPEAK_STATE, 0), SPEAK_OK);
		speak(&r, 0, 0);
		assert_true(speaking_complete(&r.f));
	}
}

/* The committee chair is recused; a deputy presides over the item and is
 * the one who speaks last. */
static void test_handover(void **state)
{
	struct room r;
	long long ids[MAXM];
	int n, i;

	(void)state;
	for (n = 3; n <= 12; n++) {
		int chair = 0, deputy = 1, presenter = n - 1;

		room_init(&r, n, deputy, presenter);
		r.m[chair].recused = true; /* and no longer presides */
		assert_verdict(check(&r, presenter, SPEAK_PRESENT, 0), SPEAK_OK);
		r.f.presented = true;
		assert_verdict(check(&r, chair, SPEAK_STATE, 0), SPEAK_RECUSED);
		assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), n - 2);
		for (i = 0; i < n - 2; i++)
			assert_true(ids[i] != id_of(chair) && ids[i] != id_of(deputy));
		for (i = 2; i < n; i++) {
			assert_verdict(check(&r, deputy, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
			assert_verdict(check(&r, i, SPEAK_STATE, 0), SPEAK_OK);
			speak(&r, i, 0);
		}
		assert_false(speaking_complete(&r.f));
		assert_verdict(check(&r, deputy, SPEAK_STATE, 0), SPEAK_OK);
		speak(&r, deputy, 0);
		assert_true(speaking_complete(&r.f));

		/* Recusal that does not cover discussion: the chair, no longer
		 * presiding, is one of those the deputy waits for. */
		r.f.recuse_discussion = false;
		assert_false(speaking_complete(&r.f));
		r.m[deputy].spoke = 0;
		assert_verdict(check(&r, deputy, SPEAK_STATE, 0), SPEAK_CHAIR_NOT_LAST);
		assert_int_equal(speaking_outstanding(&r.f, 0, ids, MAXM), 1);
		assert_true(ids[0] == id_of(chair));
		assert_verdict(check(&r, chair, SPEAK_STATE, 0), SPEAK_OK);
		speak(&r, chair, 0);
		assert_verdict(check(&r, deputy, SPEAK_STATE, 0), SPEAK_OK);
	}
}

/* The verdict names: as documented, distinct, "?" out of range. */
static void test_codes(void **state)
{
	static const char *const codes[SPEAK__COUNT] = {
		[SPEAK_OK] = "ok",
		[SPEAK_NOT_MEMBER] = "not_member",
		[SPEAK_NOT_PRESENT] = "not_present",
		[SPEAK_RECUSED] = "recused",
		[SPEAK_NOT_PRESENTER] = "not_presenter",
		[SPEAK_ALREADY_PRESENTED] = "already_presented",
		[SPEAK_NOT_PRESENTED] = "not_presented",
		[SPEAK_BAD_CANDIDATE] = "bad_candidate",
		[SPEAK_ALREADY] = "already_spoke",
		[SPEAK_PASS_NOT_ALLOWED] = "pass_not_allowed",
		[SPEAK_CHAIR_NOT_LAST] = "chair_not_last",
	};
	int i, k;

	(void)state;
	assert_int_equal(SPEAK__COUNT, 11);
	for (i = 0; i < SPEAK__COUNT; i++) {
		const char *s = speak_verdict_code((enum speak_verdict)i);

		assert_non_null(codes[i]);
		assert_non_null(s);
		assert_string_equal(s, codes[i]);
		assert_string_not_equal(s, "?");
		for (k = 0; k < i; k++)
			assert_string_not_equal(s, speak_verdict_code((enum speak_verdict)k));
	}
	assert_string_equal(speak_verdict_code(SPEAK__COUNT), "?");
	assert_string_equal(speak_verdict_code((enum speak_verdict)(SPEAK__COUNT + 1)), "?");
	assert_string_equal(speak_verdict_code((enum speak_verdict)1000), "?");
	assert_string_equal(speak_verdict_code((enum speak_verdict) - 1), "?");
	assert_string_equal(speak_verdict_code((enum speak_verdict)INT_MIN), "?");
	assert_string_equal(speak_verdict_code((enum speak_verdict)INT_MAX), "?");
}

/* The reference, written from the header: who may do what, checking in the
 * order the verdicts are listed. */
static enum speak_verdict ref_check(const struct speaking_facts *f, long long who,
				    enum speak_act act, int candidate)
{
	const struct speaker *me = NULL;
	int i, ncand;

	for (i = f->n - 1; i >= 0; i--)
		if (f->members[i].id == who)
			me = &f->members[i];
	if (me == NULL)
		return SPEAK_NOT_MEMBER;
	if (!me->present)
		return SPEAK_NOT_PRESENT;
	if (f->recuse_discussion && me->recused)
		return SPEAK_RECUSED;
	if (act == SPEAK_PRESENT)
		return !me->presenter ? SPEAK_NOT_PRESENTER
		       : f->presented ? SPEAK_ALREADY_PRESENTED
				      : SPEAK_OK;
	if (!f->presented)
		return SPEAK_NOT_PRESENTED;
	ncand = f->personnel ? f->candidates : 1;
	if (ncand > SPEAKING_MAX_CANDIDATES)
		ncand = SPEAKING_MAX_CANDIDATES;
	if (candidate < 0 || candidate >= ncand)
		return SPEAK_BAD_CANDIDATE;
	if ((me->spoke >> candidate) & 1u)
		return SPEAK_ALREADY;
	if (f->personnel && f->personnel_all_state && act == SPEAK_PASS)
		return SPEAK_PASS_NOT_ALLOWED;
	if (me->presiding && f->chair_last)
		for (i = 0; i < f->n; i++) {
			const struct speaker *o = &f->members[i];

			if (o == me || !o->present || (o->recused && f->recuse_discussion))
				continue;
			if (!((o->spoke >> candidate) & 1u))
				return SPEAK_CHAIR_NOT_LAST;
		}
	return SPEAK_OK;
}

/* The reference for completion. */
static bool ref_complete(const struct speaking_facts *f)
{
	int i, c, ncand = f->personnel ? f->candidates : 1;

	if (!f->presented)
		return false;
	for (i = 0; i < f->n; i++) {
		const struct speaker *o = &f->members[i];

		if (!o->present || (o->recused && f->recuse_discussion))
			continue;
		for (c = 0; c < ncand && c < 32; c++)
			if (!((o->spoke >> c) & 1u))
				return false;
	}
	return true;
}

/* Random rooms, each asked about every member and a stranger, every act,
 * candidates in and out of range; verdicts, outstanding lists and
 * completion against the references. */
static void test_random(void **state)
{
	struct room r;
	long long ids[MAXM], want[MAXM];
	int trial, i, a, c, checks = 0, seen[SPEAK__COUNT] = {0};

	(void)state;
	for (trial = 0; trial < 4000; trial++) {
		int n = pick(MAXM + 1), chair = n > 0 ? pick(n) : -1;
		int presenter = n > 0 && pick(8) > 0 ? pick(n) : -1;
		int sparse = pick(4); /* how much of the room has spoken */

		room_init(&r, n, chair, presenter);
		if (n > 0 && pick(10) == 0)
			r.m[chair].presiding = false; /* nobody presides */
		r.f.personnel = pick(2);
		r.f.candidates = r.f.personnel ? 1 + pick(pick(4) == 0 ? 32 : 4) : pick(3);
		r.f.chair_last = pick(5) > 0;
		r.f.personnel_all_state = pick(2);
		r.f.recuse_discussion = pick(3) > 0;
		r.f.presented = pick(5) > 0;
		for (i = 0; i < n; i++) {
			r.m[i].present = pick(6) > 0;
			r.m[i].recused = pick(6) == 0;
			r.m[i].spoke = pick(4) < sparse ? (unsigned)rng() : 0;
			if (pick(3) == 0) /* all spoke on the first few */
				r.m[i].spoke |= 0xfu;
		}
		for (i = -1; i < n; i++) {
			long long who = i < 0 ? id_of(MAXM + 1 + pick(5)) : id_of(i);

			for (a = SPEAK_PRESENT; a <= SPEAK_PASS; a++)
				for (c = -2; c <= r.f.candidates + 1; c++) {
					enum speak_verdict got, want_v;

					got = speaking_check(&r.f, who, (enum speak_act)a, c);
					want_v = ref_check(&r.f, who, (enum speak_act)a, c);
					checks++;
					seen[want_v]++;
					if (got != want_v)
						fail_msg("trial %d member %d act %d candidate %d: "
							 "got %s, want %s",
							 trial, i, a, c, speak_verdict_code(got),
							 speak_verdict_code(want_v));
				}
		}
		for (c = 0; c < (r.f.personnel ? r.f.candidates : 1); c++) {
			int nwant = 0, got;

			for (i = 0; i < n; i++)
				if (!r.m[i].presiding && r.m[i].present &&
				    !(r.m[i].recused && r.f.recuse_discussion) &&
				    !((r.m[i].spoke >> c) & 1u))
					want[nwant++] = r.m[i].id;
			got = speaking_outstanding(&r.f, c, ids, MAXM);
			assert_same_ids(ids, got, want, nwant);
		}
		if (speaking_complete(&r.f) != ref_complete(&r.f))
			fail_msg("trial %d: speaking_complete = %d", trial,
				 speaking_complete(&r.f));
	}
	assert_true(checks > 100000);
	for (i = 0; i < SPEAK__COUNT; i++) /* every verdict was exercised */
		if (seen[i] < 100)
			fail_msg("%s seen %d times", speak_verdict_code((enum speak_verdict)i),
				 seen[i]);
}

/* Random meetings played through: members speak in random order as the
 * checks allow until discussion is complete; the chair is always last on
 * each candidate, and nobody speaks twice. */
static void test_random_meetings(void **state)
{
	struct room r;
	int trial, i, c, steps;

	(void)state;
	for (trial = 0; trial < 500; trial++) {
		int n = 1 + pick(MAXM), chair = pick(n), presenter = pick(n);
		int ncand;
		int spoken_after_chair = 0;

		room_init(&r, n, chair, presenter);
		if (pick(2))
			room_cadre(&r, 1 + pick(5));
		r.f.personnel_all_state = pick(2);
		for (i = 0; i < n; i++) {
			if (i != presenter && pick(6) == 0)
				r.m[i].present = false;
			if (i != presenter && i != chair && pick(6) == 0)
				r.m[i].recused = true;
		}
		ncand = r.f.personnel ? r.f.candidates : 1;
		assert_verdict(check(&r, presenter, SPEAK_PRESENT, 0), SPEAK_OK);
		r.f.presented = true;
		for (steps = 0; !speaking_complete(&r.f); steps++) {
			int who = pick(n), cand = pick(ncand);
			enum speak_act act = pick(3) == 0 ? SPEAK_PASS : SPEAK_STATE;
			enum speak_verdict v = check(&r, who, act, cand);

			assert_true(steps < 100000);
			if (v != SPEAK_OK)
				continue;
			if (who != chair && (r.m[chair].spoke >> cand) & 1u)
				spoken_after_chair++;
			speak(&r, who, cand);
		}
		assert_int_equal(spoken_after_chair, 0);
		for (i = 0; i < n; i++)
			for (c = 0; c < ncand; c++)
				assert_verdict(check(&r, i, SPEAK_STATE, c),
					       !r.m[i].present  ? SPEAK_NOT_PRESENT
					       : r.m[i].recused ? SPEAK_RECUSED
								: SPEAK_ALREADY);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_present_first),
		cmocka_unit_test(test_not_present_not_member),
		cmocka_unit_test(test_recused),
		cmocka_unit_test(test_already),
		cmocka_unit_test(test_chair_last),
		cmocka_unit_test(test_chair_member_leaves),
		cmocka_unit_test(test_chair_free),
		cmocka_unit_test(test_cadre),
		cmocka_unit_test(test_ordinary_candidate),
		cmocka_unit_test(test_outstanding),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_chair_presents),
		cmocka_unit_test(test_handover),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_random_meetings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
