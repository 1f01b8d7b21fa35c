/* Unit tests for proto/ballot*.c: every ballot shape from keys to counts,
 * what verification refuses (another voter, round, item..., any changed
 * field), scrutineer keys and partial decryptions, the JSON forms, and the
 * vectors: tests/vectors/ballot/ballot.json verifies, and making every
 * vector file again from its seed gives the checked-in bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../vectors/ballot_vectors.c"
#include "../vectors/vecio.h"
#include "groupfix.h"

#define NSCRUT 3

/* Scrutineers with their keys, and a context under their election key. */
struct election {
	struct ballot_context ctx;
	struct ballot_key_context kc[NSCRUT];
	BIGNUM *x[NSCRUT];
	struct ballot_pubkey pk[NSCRUT];
};

static void election_make(struct election *e, uint32_t options, uint32_t min, uint32_t max)
{
	uint32_t i;

	assert_true(ballot_context_init(g, &e->ctx));
	e->ctx.committee = 1, e->ctx.meeting = 2, e->ctx.item = 3, e->ctx.round = 1;
	e->ctx.options = options, e->ctx.min_sel = min, e->ctx.max_sel = max;
	memset(e->ctx.question, 0x51, sizeof(e->ctx.question));
	for (i = 0; i < NSCRUT; i++) {
		e->kc[i] = (struct ballot_key_context){1, 2, i, 50 + i, {(unsigned char)i}};
		e->x[i] = group_secret_new();
		assert_true(ballot_pubkey_init(g, &e->pk[i]));
		assert_true(ballot_key_generate(g, &e->kc[i], e->x[i], &e->pk[i]));
		assert_true(ballot_key_verify(g, &e->kc[i], &e->pk[i]));
	}
	assert_true(ballot_key_combine(g, e->pk, NSCRUT, e->ctx.key));
}

static void election_free(struct election *e)
{
	uint32_t i;

	for (i = 0; i < NSCRUT; i++) {
		BN_clear_free(e->x[i]);
		ballot_pubkey_clear(&e->pk[i]);
	}
	ballot_context_clear(&e->ctx);
}

/* The ballot through its JSON form and back, verified there. */
static void through_json(struct election *e, struct ballot *b)
{
	cJSON *j = ballot_to_json(g, b);
	char *text = cJSON_PrintUnformatted(j);
	cJSON *back = cJSON_Parse(text);
	struct ballot b2;
	const char *why;
	unsigned char r1[BALLOT_RECEIPT_LEN], r2[BALLOT_RECEIPT_LEN];

	assert_true(ballot_from_json(g, back, &e->ctx, &b2, &why));
	if (!ballot_verify(g, &e->ctx, &b2, &why))
		fail_msg("after JSON: %s", why);
	assert_true(ballot_receipt(g, b, r1));
	assert_true(ballot_receipt(g, &b2, r2));
	assert_memory_equal(r1, r2, sizeof(r1));
	ballot_clear(&b2);
	cJSON_free(text);
	cJSON_Delete(j);
	cJSON_Delete(back);
}

/* Scrutineers decrypt t; the counts must be want. */
static void decrypt_expect(struct election *e, const struct ballot_tally *t, const uint32_t *want)
{
	struct ballot_share sh[NSCRUT];
	uint32_t counts[BALLOT_MAX_OPTIONS], i;

	e->ctx.voter = 0;
	for (i = 0; i < NSCRUT; i++) {
		assert_true(ballot_share_make(g, &e->ctx, i, e->x[i], e->pk[i].key, t, &sh[i]));
		assert_true(ballot_share_verify(g, &e->ctx, i, e->pk[i].key, t, &sh[i]));
	}
	assert_true(ballot_combine(g, t, sh, NSCRUT, counts));
	assert_memory_equal(counts, want, t->n * sizeof(*counts));
	for (i = 0; i < NSCRUT; i++)
		ballot_share_clear(&sh[i]);
}

/* Cast every row of choices, check each ballot, then decrypt the tally. */
static void run_shape(uint32_t options, uint32_t min, uint32_t max, const unsigned char *choices,
		      uint32_t voters)
{
	struct election e;
	struct ballot_tally t;
	struct ballot b;
	uint32_t want[BALLOT_MAX_OPTIONS] = {0}, v, i;
	const char *why;

	election_make(&e, options, min, max);
	assert_true(ballot_tally_init(g, &t, options));
	for (v = 0; v < voters; v++) {
		const unsigned char *c = choices + v * options;

		e.ctx.voter = 100 + v;
		e.ctx.voter_pub[0] = (unsigned char)v;
		assert_true(ballot_encrypt(g, &e.ctx, c, &b));
		if (!ballot_verify(g, &e.ctx, &b, &why))
			fail_msg("voter %u: %s", v, why);
		if (v < 2)
			through_json(&e, &b);
		assert_true(ballot_tally_add(g, &t, &b));
		for (i = 0; i < options; i++)
			want[i] += c[i];
		ballot_clear(&b);
	}
	decrypt_expect(&e, &t, want);
	ballot_tally_clear(&t);
	election_free(&e);
}

static void test_shape_yes_no_abstain(void **state)
{
	static const unsigned char c[] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0};

	(void)state;
	run_shape(3, 1, 1, c, 5);
}

static void test_shape_5_of_2(void **state)
{
	static const unsigned char c[] = {1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0,
					  0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0};

	(void)state;
	run_shape(5, 0, 2, c, 6);
}

static void test_shape_9_of_4(void **state)
{
	static const unsigned char c[] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0,
					  0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};

	(void)state;
	run_shape(9, 0, 4, c, 4);
}

/* Choices outside the shape are refused before anything is encrypted. */
static void test_invalid_choices(void **state)
{
	static const unsigned char yna[][3] = {{0, 0, 0}, {1, 1, 0}, {1, 1, 1}, {2, 0, 0}};
	static const unsigned char five[] = {1, 1, 1, 0, 0};
	struct election e;
	struct ballot b;
	size_t i;

	(void)state;
	election_make(&e, 3, 1, 1);
	for (i = 0; i < sizeof(yna) / sizeof(yna[0]); i++)
		assert_false(ballot_encrypt(g, &e.ctx, yna[i], &b));
	e.ctx.options = 5, e.ctx.min_sel = 0, e.ctx.max_sel = 2;
	assert_false(ballot_encrypt(g, &e.ctx, five, &b));
	e.ctx.options = 0;
	assert_false(ballot_encrypt(g, &e.ctx, five, &b));
	e.ctx.options = 5, e.ctx.max_sel = 6;
	assert_false(ballot_encrypt(g, &e.ctx, five, &b));
	e.ctx.options = BALLOT_MAX_OPTIONS + 1, e.ctx.max_sel = 1;
	assert_false(ballot_encrypt(g, &e.ctx, five, &b));
	election_free(&e);
}

/* A ballot is refused in any other context: another voter (a copy), key,
 * round (a replay), item, meeting, committee, question or shape. */
static void test_replay_and_copy(void **state)
{
	static const unsigned char c[] = {0, 1, 0};
	struct election e;
	struct ballot b;
	const char *why;
	BIGNUM *y = group_secret_new();
	EC_POINT *k2 = group_point_new(g), *keep = group_point_new(g);

	(void)state;
	election_make(&e, 3, 1, 1);
	e.ctx.voter = 7;
	assert_true(ballot_encrypt(g, &e.ctx, c, &b));
	assert_true(ballot_verify(g, &e.ctx, &b, &why));
#define REFUSED_WITH(field, value)                                                                 \
	do {                                                                                       \
		struct ballot_context saved = e.ctx;                                               \
		e.ctx.field = value;                                                               \
		assert_false(ballot_verify(g, &e.ctx, &b, &why));                                  \
		assert_non_null(why);                                                              \
		e.ctx = saved;                                                                     \
	} while (0)
	REFUSED_WITH(voter, 8);
	REFUSED_WITH(voter_pub[31], 1);
	REFUSED_WITH(round, 2);
	REFUSED_WITH(item, 4);
	REFUSED_WITH(meeting, 3);
	REFUSED_WITH(committee, 2);
	REFUSED_WITH(question[0], 0);
	REFUSED_WITH(max_sel, 2);
	REFUSED_WITH(min_sel, 0);
	REFUSED_WITH(options, 4);
#undef REFUSED_WITH
	assert_true(elgamal_keygen(g, y, k2));
	assert_true(EC_POINT_copy(keep, e.ctx.key));
	assert_true(EC_POINT_copy(e.ctx.key, k2));
	assert_false(ballot_verify(g, &e.ctx, &b, &why));
	assert_true(EC_POINT_copy(e.ctx.key, keep));
	assert_true(ballot_verify(g, &e.ctx, &b, &why));
	ballot_clear(&b);
	BN_clear_free(y);
	EC_POINT_free(k2);
	EC_POINT_free(keep);
	election_free(&e);
}

/* Swapping two selections (each with its own proof) is refused: proofs
 * are bound to their position and to all the ballot's ciphertexts. */
static void test_swap_selections(void **state)
{
	static const unsigned char c[] = {1, 0, 0, 1, 0};
	struct election e;
	struct ballot b;
	struct elgamal_ct ct;
	struct zkp_range p;
	const char *why;

	(void)state;
	election_make(&e, 5, 0, 2);
	assert_true(ballot_encrypt(g, &e.ctx, c, &b));
	ct = b.ct[0], b.ct[0] = b.ct[1], b.ct[1] = ct;
	p = b.sel[0], b.sel[0] = b.sel[1], b.sel[1] = p;
	assert_false(ballot_verify(g, &e.ctx, &b, &why));
	ct = b.ct[0], b.ct[0] = b.ct[1], b.ct[1] = ct;
	assert_false(ballot_verify(g, &e.ctx, &b, &why));
	p = b.sel[0], b.sel[0] = b.sel[1], b.sel[1] = p;
	assert_true(ballot_verify(g, &e.ctx, &b, &why));
	ballot_clear(&b);
	election_free(&e);
}

/* The check of proto/BALLOT.md done proof by proof, as ballot_verify did
 * before it encoded every point in one batch: the reference it is held to. */
static bool verify_one_by_one(struct election *e, const struct ballot *b, const char **why)
{
	unsigned char v[GROUP_DIGEST_LEN], d[GROUP_DIGEST_LEN], pc[GROUP_DIGEST_LEN];
	struct elgamal_ct sum;
	struct group_hash h;
	bool ok = false;
	uint32_t i;

	*why = "the ballot cannot be hashed";
	assert_true(elgamal_ct_init(g, &sum));
	if (!ballot_voter_digest(g, &e->ctx, v))
		goto out;
	group_hash_init(g, &h, BALLOT_TAG_BALLOT);
	group_hash_bytes(&h, v, sizeof(v));
	group_hash_u64(&h, b->n);
	for (i = 0; i < b->n; i++) {
		group_hash_point(g, &h, b->ct[i].a);
		group_hash_point(g, &h, b->ct[i].b);
	}
	if (!group_hash_digest(&h, d))
		goto out;
	*why = "a selection's proof does not verify";
	for (i = 0; i < b->n; i++) {
		group_hash_init(g, &h, BALLOT_TAG_SELECTION);
		group_hash_bytes(&h, d, sizeof(d));
		group_hash_u64(&h, i);
		if (!group_hash_digest(&h, pc) ||
		    !zkp_range_verify(g, pc, e->ctx.key, &b->ct[i], &b->sel[i]))
			goto out;
	}
	*why = "the proof of the number of selections does not verify";
	for (i = 0; i < b->n; i++)
		assert_true(elgamal_add(g, &sum, &b->ct[i]));
	group_hash_init(g, &h, BALLOT_TAG_SUM);
	group_hash_bytes(&h, d, sizeof(d));
	ok = group_hash_digest(&h, pc) && zkp_range_verify(g, pc, e->ctx.key, &sum, &b->sum);
	if (ok)
		*why = NULL;
out:
	elgamal_ct_clear(&sum);
	return ok;
}

/* Verdicts seen by same_verdict: passed, cannot be hashed, selection, sum. */
static int verdicts[4];

/* ballot_verify and the reference agree, verdict and reason. */
static void same_verdict(struct election *e, const struct ballot *b)
{
	const char *why, *want;
	bool ok = ballot_verify(g, &e->ctx, b, &why), ref = verify_one_by_one(e, b, &want);

	assert_int_equal(ok, ref);
	if (ok) {
		verdicts[0]++;
		return;
	}
	assert_string_equal(why, want);
	verdicts[strstr(why, "hashed") ? 1 : strstr(why, "selection's") ? 2 : 3]++;
}

/* Alter byte k of a scalar (k == 0 with 0xff: one at or above n). */
static void flip(unsigned char *s, int k)
{
	s[k] ^= k == 0 ? 0xff : 0x01;
}

/* Checking every proof after encoding all their points at once gives
 * the same verdict and the same reason as checking proof by proof: each
 * challenge and response of each proof altered (alone, and with the sum
 * proof's too, where the first failure names the reason), ciphertexts
 * swapped, replaced by their negations, or by infinity; the key too. */
static void test_verify_as_one_by_one(void **state)
{
	static const unsigned char c[] = {1, 0, 0, 1, 0};
	struct election e;
	struct ballot b;
	EC_POINT *keep = group_point_new(g);
	uint32_t i, j;
	int k;

	(void)state;
	election_make(&e, 5, 0, 2);
	assert_true(ballot_encrypt(g, &e.ctx, c, &b));
	same_verdict(&e, &b);
	for (i = 0; i <= b.n; i++) {
		struct zkp_range *p = i < b.n ? &b.sel[i] : &b.sum;

		for (j = 0; j < p->n; j++)
			for (k = 0; k < 2; k++) {
				unsigned char *s = k == 0 ? p->c[j] : p->z[j];

				flip(s, (int)(j + i) % 2 == 0 ? 0 : 31);
				same_verdict(&e, &b);
				flip(b.sum.z[0], 5); /* and the sum proof's */
				same_verdict(&e, &b);
				flip(b.sum.z[0], 5);
				flip(s, (int)(j + i) % 2 == 0 ? 0 : 31);
			}
	}
	for (i = 0; i < b.n; i++) {
		EC_POINT *pt = i % 2 == 0 ? b.ct[i].a : b.ct[i].b;

		assert_true(EC_POINT_copy(keep, pt));
		assert_true(EC_POINT_invert(g->ec, pt, g->bn));
		same_verdict(&e, &b);
		assert_true(EC_POINT_set_to_infinity(g->ec, pt));
		same_verdict(&e, &b);
		assert_true(EC_POINT_copy(pt, keep));
	}
	/* a ciphertext's A made minus the others' sum: the sum's A is infinity */
	assert_true(EC_POINT_set_to_infinity(g->ec, keep));
	for (i = 0; i + 1 < b.n; i++)
		assert_true(EC_POINT_add(g->ec, keep, keep, b.ct[i].a, g->bn));
	assert_true(EC_POINT_invert(g->ec, keep, g->bn));
	assert_true(EC_POINT_copy(b.ct[b.n - 1].a, keep));
	same_verdict(&e, &b);
	assert_true(EC_POINT_copy(keep, e.ctx.key));
	assert_true(EC_POINT_set_to_infinity(g->ec, e.ctx.key));
	same_verdict(&e, &b);
	assert_true(EC_POINT_copy(e.ctx.key, keep));
	for (k = 0; k < 4; k++) /* each verdict met */
		assert_true(verdicts[k] > 0);
	ballot_clear(&b);
	EC_POINT_free(keep);
	election_free(&e);
}

/* Change one character of every string in j, one at a time; each change
 * must make decoding or verification fail. Returns how many were tried. */
static int tamper_strings(struct election *e, cJSON *root, cJSON *j)
{
	cJSON *c;
	struct ballot b;
	const char *why;
	int n = 0;

	cJSON_ArrayForEach(c, j) {
		if (cJSON_IsString(c) && strcmp(c->valuestring, GROUP_SUITE) != 0) {
			size_t k = strlen(c->valuestring) / 2;
			char keep = c->valuestring[k];

			c->valuestring[k] = keep == 'A' ? 'B' : 'A';
			if (ballot_from_json(g, root, &e->ctx, &b, &why)) {
				if (ballot_verify(g, &e->ctx, &b, &why))
					fail_msg("accepted a change in %s",
						 c->string ? c->string : "[]");
				ballot_clear(&b);
			}
			c->valuestring[k] = keep;
			n++;
		}
		n += tamper_strings(e, root, c);
	}
	return n;
}

/* Every point and scalar of a ballot's JSON matters. */
static void test_tamper_every_field(void **state)
{
	static const unsigned char c[] = {0, 0, 1};
	struct election e;
	struct ballot b;
	cJSON *j;
	const char *why;

	(void)state;
	election_make(&e, 3, 1, 1);
	assert_true(ballot_encrypt(g, &e.ctx, c, &b));
	j = ballot_to_json(g, &b);
	assert_int_equal(tamper_strings(&e, j, j), 3 * 6 + 2);
	ballot_clear(&b);
	assert_true(ballot_from_json(g, j, &e.ctx, &b, &why));
	assert_true(ballot_verify(g, &e.ctx, &b, &why));
	ballot_clear(&b);
	cJSON_Delete(j);
	election_free(&e);
}

/* A ballot JSON must decode as refused after edit; consumes j. */
static void refuse_json(struct election *e, cJSON *j, const char *what)
{
	struct ballot b;
	const char *why = NULL;

	if (ballot_from_json(g, j, &e->ctx, &b, &why))
		fail_msg("accepted %s", what);
	assert_non_null(why);
	cJSON_Delete(j);
}

/* Structural changes to a ballot's JSON are refused by decoding. */
static void test_json_shape(void **state)
{
	static const unsigned char c[] = {1, 0, 0};
	struct election e;
	struct ballot b;
	cJSON *j, *s;

	(void)state;
	election_make(&e, 3, 1, 1);
	assert_true(ballot_encrypt(g, &e.ctx, c, &b));
	j = ballot_to_json(g, &b);
	ballot_clear(&b);
	s = cJSON_Duplicate(j, 1);
	cJSON_AddNumberToObject(s, "extra", 1);
	refuse_json(&e, s, "an extra member");
	s = cJSON_Duplicate(j, 1);
	cJSON_DeleteItemFromObject(s, "sum");
	refuse_json(&e, s, "no sum");
	s = cJSON_Duplicate(j, 1);
	cJSON_ReplaceItemInObject(s, "suite", cJSON_CreateString("yg-ballot-v0"));
	refuse_json(&e, s, "another suite");
	s = cJSON_Duplicate(j, 1);
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(s, "selections"), 2);
	refuse_json(&e, s, "a missing selection");
	s = cJSON_Duplicate(j, 1);
	cJSON_AddItemToArray(
		cJSON_GetObjectItem(s, "selections"),
		cJSON_Duplicate(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "selections"), 0), 1));
	refuse_json(&e, s, "an extra selection");
	s = cJSON_Duplicate(j, 1);
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "sum"), "z"), 0);
	refuse_json(&e, s, "a short sum proof");
	s = cJSON_Duplicate(j, 1);
	cJSON_AddNumberToObject(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "selections"), 1), "x",
				1);
	refuse_json(&e, s, "an extra member in a selection");
	s = cJSON_Duplicate(j, 1);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "selections"), 1), "a",
				  cJSON_CreateNumber(1));
	refuse_json(&e, s, "a number for a point");
	refuse_json(&e, cJSON_CreateArray(), "an array");
	cJSON_Delete(j);
	election_free(&e);
}

/* Scrutineer keys: bound to their context, altered proofs refused, and
 * the JSON form round-trips and refuses malformed input. */
static void test_scrutineer_keys(void **state)
{
	struct election e;
	struct ballot_key_context kc;
	struct ballot_pubkey pk;
	const char *why;
	cJSON *j;

	(void)state;
	election_make(&e, 3, 1, 1);
	kc = e.kc[0], kc.index = 1;
	assert_false(ballot_key_verify(g, &kc, &e.pk[0]));
	kc = e.kc[0], kc.member = 99;
	assert_false(ballot_key_verify(g, &kc, &e.pk[0]));
	kc = e.kc[0], kc.meeting = 3;
	assert_false(ballot_key_verify(g, &kc, &e.pk[0]));
	kc = e.kc[0], kc.member_pub[5] ^= 1;
	assert_false(ballot_key_verify(g, &kc, &e.pk[0]));
	assert_false(ballot_key_verify(g, &e.kc[0], &e.pk[1]));
	j = ballot_pubkey_to_json(g, &e.pk[0]);
	assert_true(ballot_pubkey_from_json(g, j, &pk, &why));
	assert_true(ballot_key_verify(g, &e.kc[0], &pk));
	pk.proof.z[0] ^= 1;
	assert_false(ballot_key_verify(g, &e.kc[0], &pk));
	ballot_pubkey_clear(&pk);
	cJSON_AddNumberToObject(j, "index", 0);
	assert_false(ballot_pubkey_from_json(g, j, &pk, &why));
	cJSON_Delete(j);
	assert_false(ballot_key_combine(g, e.pk, 0, e.ctx.key));
	election_free(&e);
}

/* A tally of one ballot per voter for options choices. */
static void tally_of(struct election *e, struct ballot_tally *t, int voters)
{
	static const unsigned char c[] = {0, 1, 0};
	struct ballot b;
	int v;

	assert_true(ballot_tally_init(g, t, e->ctx.options));
	for (v = 0; v < voters; v++) {
		e->ctx.voter = (uint64_t)v + 1;
		assert_true(ballot_encrypt(g, &e->ctx, c, &b));
		assert_true(ballot_tally_add(g, t, &b));
		ballot_clear(&b);
	}
	e->ctx.voter = 0;
}

/* Partial decryptions: bound to scrutineer, key and tally; every field
 * matters; a missing one gives no count; the JSON form round-trips. */
static void test_shares(void **state)
{
	struct election e;
	struct ballot_tally t, t2;
	struct ballot_share sh[NSCRUT], s2;
	uint32_t counts[3], i;
	const char *why;
	cJSON *j;

	(void)state;
	election_make(&e, 3, 1, 1);
	tally_of(&e, &t, 2);
	tally_of(&e, &t2, 3);
	for (i = 0; i < NSCRUT; i++)
		assert_true(ballot_share_make(g, &e.ctx, i, e.x[i], e.pk[i].key, &t, &sh[i]));
	assert_false(ballot_share_verify(g, &e.ctx, 1, e.pk[0].key, &t, &sh[0]));
	assert_false(ballot_share_verify(g, &e.ctx, 0, e.pk[1].key, &t, &sh[0]));
	assert_false(ballot_share_verify(g, &e.ctx, 0, e.pk[0].key, &t2, &sh[0]));
	e.ctx.round = 2;
	assert_false(ballot_share_verify(g, &e.ctx, 0, e.pk[0].key, &t, &sh[0]));
	e.ctx.round = 1;
	j = ballot_share_to_json(g, &sh[0]);
	assert_true(ballot_share_from_json(g, j, 3, &s2, &why));
	assert_true(ballot_share_verify(g, &e.ctx, 0, e.pk[0].key, &t, &s2));
	for (i = 0; i < 3; i++) {
		s2.proof[i].c[9] ^= 1;
		assert_false(ballot_share_verify(g, &e.ctx, 0, e.pk[0].key, &t, &s2));
		s2.proof[i].c[9] ^= 1;
		assert_true(EC_POINT_add(g->ec, s2.d[i], s2.d[i], EC_GROUP_get0_generator(g->ec),
					 g->bn));
		assert_false(ballot_share_verify(g, &e.ctx, 0, e.pk[0].key, &t, &s2));
		assert_true(group_sub(g, s2.d[i], s2.d[i], EC_GROUP_get0_generator(g->ec)));
	}
	ballot_share_clear(&s2);
	assert_false(ballot_share_from_json(g, j, 4, &s2, &why));
	cJSON_Delete(j);
	assert_true(ballot_combine(g, &t, sh, NSCRUT, counts));
	assert_int_equal(counts[1], 2);
	assert_false(ballot_combine(g, &t, sh, NSCRUT - 1, counts));
	for (i = 0; i < NSCRUT; i++)
		ballot_share_clear(&sh[i]);
	ballot_tally_clear(&t);
	ballot_tally_clear(&t2);
	election_free(&e);
}

/* A tally without ballots is not decrypted; its counts are zero. */
static void test_empty_tally(void **state)
{
	struct election e;
	struct ballot_tally t;
	struct ballot_share sh;
	uint32_t counts[3] = {9, 9, 9}, zero[3] = {0, 0, 0};

	(void)state;
	election_make(&e, 3, 1, 1);
	assert_true(ballot_tally_init(g, &t, 3));
	assert_false(ballot_share_make(g, &e.ctx, 0, e.x[0], e.pk[0].key, &t, &sh));
	assert_true(ballot_combine(g, &t, NULL, 0, counts));
	assert_memory_equal(counts, zero, sizeof(zero));
	ballot_tally_clear(&t);
	assert_false(ballot_tally_init(g, &t, 0));
	assert_false(ballot_tally_init(g, &t, BALLOT_MAX_OPTIONS + 1));
	election_free(&e);
}

/* Contexts as JSON: round trip, and refusals. */
static void test_context_json(void **state)
{
	static const char *const bad[][2] = {
		{"options", "0"},
		{"min", "2"},
		{"max", "4"},
		{"round", "-1"},
		{"item", "9007199254740992"},
		{"meeting", "1.5"},
		{"key", "\"AA\""},
		{"voter_key", "\"ed25519:x\""},
		{"question", "\"AAAA\""},
		{"suite", "\"x\""},
	};
	struct election e;
	struct ballot_context c2;
	const char *why;
	cJSON *j, *k;
	size_t i;

	(void)state;
	election_make(&e, 3, 1, 1);
	e.ctx.voter = 9007199254740991ull;
	j = ballot_context_to_json(g, &e.ctx);
	assert_true(ballot_context_from_json(g, j, &c2, &why));
	assert_int_equal(c2.voter, e.ctx.voter);
	assert_memory_equal(c2.question, e.ctx.question, sizeof(c2.question));
	assert_int_equal(EC_POINT_cmp(g->ec, c2.key, e.ctx.key, g->bn), 0);
	ballot_context_clear(&c2);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		k = cJSON_Duplicate(j, 1);
		cJSON_ReplaceItemInObject(k, bad[i][0], cJSON_Parse(bad[i][1]));
		if (ballot_context_from_json(g, k, &c2, &why))
			fail_msg("accepted %s = %s", bad[i][0], bad[i][1]);
		cJSON_Delete(k);
	}
	k = cJSON_Duplicate(j, 1);
	cJSON_AddNumberToObject(k, "extra", 1);
	assert_false(ballot_context_from_json(g, k, &c2, &why));
	cJSON_Delete(k);
	cJSON_Delete(j);
	election_free(&e);
}

/* Receipts differ between ballots, and change with any field. */
static void test_receipts(void **state)
{
	static const unsigned char c[] = {1, 0, 0};
	struct election e;
	struct ballot a, b;
	unsigned char ra[BALLOT_RECEIPT_LEN], rb[BALLOT_RECEIPT_LEN];

	(void)state;
	election_make(&e, 3, 1, 1);
	assert_true(ballot_encrypt(g, &e.ctx, c, &a));
	assert_true(ballot_encrypt(g, &e.ctx, c, &b));
	assert_true(ballot_receipt(g, &a, ra));
	assert_true(ballot_receipt(g, &b, rb));
	assert_memory_not_equal(ra, rb, sizeof(ra));
	a.sum.z[0][31] ^= 1;
	assert_true(ballot_receipt(g, &a, rb));
	assert_memory_not_equal(ra, rb, sizeof(ra));
	ballot_clear(&a);
	ballot_clear(&b);
	election_free(&e);
}

/* Read a key context of the vectors. */
static void get_key_context(const cJSON *j, struct ballot_key_context *kc)
{
	kc->committee = (uint64_t)vec_num(j, "committee");
	kc->meeting = (uint64_t)vec_num(j, "meeting");
	kc->index = (uint32_t)vec_num(j, "index");
	kc->member = (uint64_t)vec_num(j, "member");
	assert_true(sig_pub_from_text(vec_str(j, "member_key"), kc->member_pub));
}

/* Check one shape's scrutineer keys; the election key is their sum. */
static void check_vector_keys(const cJSON *shape, struct ballot_context *ctx,
			      struct ballot_pubkey *pk)
{
	struct ballot_key_context kc;
	EC_POINT *sum = group_point_new(g);
	const cJSON *s;
	const char *why;
	int i = 0;

	cJSON_ArrayForEach(s, cJSON_GetObjectItem(shape, "scrutineers")) {
		get_key_context(cJSON_GetObjectItem(s, "context"), &kc);
		assert_true(
			ballot_pubkey_from_json(g, cJSON_GetObjectItem(s, "public"), &pk[i], &why));
		assert_true(ballot_key_verify(g, &kc, &pk[i]));
		i++;
	}
	assert_int_equal(i, NSCRUT);
	assert_true(ballot_key_combine(g, pk, NSCRUT, sum));
	assert_int_equal(EC_POINT_cmp(g->ec, sum, ctx->key, g->bn), 0);
	EC_POINT_free(sum);
}

/* Check one shape's ballots and receipts into a tally. */
static void check_vector_ballots(const cJSON *shape, struct ballot_tally *t)
{
	unsigned char r[BALLOT_RECEIPT_LEN], want[BALLOT_RECEIPT_LEN];
	struct ballot_context ctx;
	struct ballot b;
	const cJSON *v;
	const char *why;

	cJSON_ArrayForEach(v, cJSON_GetObjectItem(shape, "ballots")) {
		assert_true(
			ballot_context_from_json(g, cJSON_GetObjectItem(v, "context"), &ctx, &why));
		assert_true(ballot_from_json(g, cJSON_GetObjectItem(v, "ballot"), &ctx, &b, &why));
		if (!ballot_verify(g, &ctx, &b, &why))
			fail_msg("vector ballot: %s", why);
		assert_true(ballot_receipt(g, &b, r));
		assert_int_equal(vec_unhex(vec_str(v, "receipt_hex"), want, sizeof(want)), 32);
		assert_memory_equal(r, want, sizeof(r));
		assert_true(ballot_tally_add(g, t, &b));
		ballot_clear(&b);
		ballot_context_clear(&ctx);
	}
}

/* Check one shape's tally, partial decryptions and counts. */
static void check_vector_tally(const cJSON *shape, struct ballot_context *ctx,
			       struct ballot_pubkey *pk, struct ballot_tally *t)
{
	struct ballot_share sh[NSCRUT];
	uint32_t counts[BALLOT_MAX_OPTIONS], i = 0;
	EC_POINT *p = group_point_new(g);
	const cJSON *s;
	const char *why;

	cJSON_ArrayForEach(s, cJSON_GetObjectItem(shape, "tally")) {
		assert_true(group_point_from_text(g, vec_str(s, "a"), p));
		assert_int_equal(EC_POINT_cmp(g->ec, p, t->sum[i].a, g->bn), 0);
		assert_true(group_point_from_text(g, vec_str(s, "b"), p));
		assert_int_equal(EC_POINT_cmp(g->ec, p, t->sum[i++].b, g->bn), 0);
	}
	i = 0;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(shape, "decryptions")) {
		cJSON *copy = cJSON_Duplicate(s, 1);

		cJSON_DeleteItemFromObject(copy, "index");
		assert_true(ballot_share_from_json(g, copy, t->n, &sh[i], &why));
		assert_true(ballot_share_verify(g, ctx, i, pk[i].key, t, &sh[i]));
		cJSON_Delete(copy);
		i++;
	}
	assert_true(ballot_combine(g, t, sh, NSCRUT, counts));
	s = cJSON_GetObjectItem(shape, "counts");
	for (i = 0; i < t->n; i++)
		assert_int_equal(counts[i], cJSON_GetArrayItem(s, (int)i)->valueint);
	for (i = 0; i < NSCRUT; i++)
		ballot_share_clear(&sh[i]);
	EC_POINT_free(p);
}

/* The ballot vectors, every shape, as an independent verifier would. */
static void test_ballot_vectors(void **state)
{
	cJSON *j = vec_load("ballot.json"), *shape;
	struct ballot_pubkey pk[NSCRUT];
	struct ballot_context ctx;
	struct ballot_tally t;
	const char *why;
	int n = 0, i;

	(void)state;
	assert_non_null(j);
	cJSON_ArrayForEach(shape, cJSON_GetObjectItem(j, "shapes")) {
		assert_true(ballot_context_from_json(g, cJSON_GetObjectItem(shape, "election"),
						     &ctx, &why));
		check_vector_keys(shape, &ctx, pk);
		assert_true(ballot_tally_init(g, &t, ctx.options));
		check_vector_ballots(shape, &t);
		check_vector_tally(shape, &ctx, pk, &t);
		for (i = 0; i < NSCRUT; i++)
			ballot_pubkey_clear(&pk[i]);
		ballot_tally_clear(&t);
		ballot_context_clear(&ctx);
		n++;
	}
	assert_int_equal(n, 3);
	cJSON_Delete(j);
}

/* Making every vector file again from its seed gives the same bytes. */
static void test_vectors_regenerate(void **state)
{
	size_t i, len;
	char *want, *got;

	(void)state;
	for (i = 0; i < sizeof(vec_files) / sizeof(vec_files[0]); i++) {
		want = vec_read(vec_files[i].name, &len);
		got = vec_files[i].make();
		assert_non_null(want);
		assert_non_null(got);
		if (strcmp(want, got) != 0)
			fail_msg("%s differs from what its seed makes (make vectors?)",
				 vec_files[i].name);
		free(want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_yes_no_abstain),
		cmocka_unit_test(test_verify_as_one_by_one),
		cmocka_unit_test(test_shape_5_of_2),
		cmocka_unit_test(test_shape_9_of_4),
		cmocka_unit_test(test_invalid_choices),
		cmocka_unit_test(test_replay_and_copy),
		cmocka_unit_test(test_swap_selections),
		cmocka_unit_test(test_tamper_every_field),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_scrutineer_keys),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_empty_tally),
		cmocka_unit_test(test_context_json),
		cmocka_unit_test(test_receipts),
		cmocka_unit_test(test_ballot_vectors),
		cmocka_unit_test(test_vectors_regenerate),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
