/* Unit tests for proto/dkg*.c: threshold key ceremonies of several sizes,
 * decryption by every subset of at least `threshold` scrutineers (and not
 * by fewer), what verification refuses (a changed commitment, transport
 * key, sealed share, share proof or partial decryption), complaints that
 * convict a cheating dealer and complaints that do not, Lagrange
 * coefficients, the JSON forms, and tests/vectors/ballot/dkg.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define YG_DKG_LOCAL_SIGNED
#include "../vectors/dkg_local.h"
#include "../vectors/vecio.h"

static struct group *g;

static int setup(void **state)
{
	(void)state;
	g = group_new(group_rand_system, NULL);
	return g == NULL;
}

static int teardown(void **state)
{
	(void)state;
	group_free(g);
	return 0;
}

/* A ceremony of n scrutineers with threshold t, run to the end. */
static void ceremony(struct dkg_local *L, uint32_t n, uint32_t t)
{
	uint32_t i;

	memset(L, 0, sizeof(*L));
	L->p = (struct dkg_params){
		.committee = 4, .meeting = 9, .ceremony = 1, .n = n, .threshold = t};
	for (i = 0; i < n; i++)
		L->kc[i] = (struct ballot_key_context){4, 9, i, 60 + i, {(unsigned char)(i + 1)}};
	assert_true(dkg_local_run(g, L));
}

/* A 3-option context under the ceremony's key, and a tally of votes
 * (option v % 3 for voter v). */
static void cast(struct dkg_local *L, struct ballot_context *ctx, struct ballot_tally *t,
		 uint32_t voters, uint32_t *want)
{
	unsigned char choice[3];
	struct ballot b;
	uint32_t v;

	assert_true(ballot_context_init(g, ctx));
	*ctx = (struct ballot_context){.committee = 4,
				       .meeting = 9,
				       .item = 3,
				       .round = 1,
				       .options = 3,
				       .min_sel = 1,
				       .max_sel = 1,
				       .key = ctx->key};
	assert_true(EC_POINT_copy(ctx->key, L->key) == 1);
	assert_true(ballot_tally_init(g, t, 3));
	memset(want, 0, 3 * sizeof(*want));
	for (v = 0; v < voters; v++) {
		memset(choice, 0, sizeof(choice));
		choice[v % 3] = 1;
		want[v % 3]++;
		ctx->voter = 100 + v;
		ctx->voter_pub[0] = (unsigned char)v;
		assert_true(ballot_encrypt(g, ctx, choice, &b));
		assert_true(ballot_tally_add(g, t, &b));
		ballot_clear(&b);
	}
	ctx->voter = 0;
	memset(ctx->voter_pub, 0, sizeof(ctx->voter_pub));
}

/* The scrutineers in `at` decrypt; true if the counts are want. */
static bool decrypt_by(struct dkg_local *L, const struct ballot_context *ctx,
		       const struct ballot_tally *t, const uint32_t *at, size_t m,
		       const uint32_t *want)
{
	struct ballot_share sh[DKG_MAX] = {0};
	uint32_t counts[BALLOT_MAX_OPTIONS];
	bool same;
	size_t i;

	for (i = 0; i < m; i++) {
		assert_true(
			ballot_share_make(g, ctx, at[i], L->share[at[i]], L->y[at[i]], t, &sh[i]));
		assert_true(ballot_share_verify(g, ctx, at[i], L->y[at[i]], t, &sh[i]));
	}
	same = dkg_combine(g, t, sh, at, m, counts) &&
	       memcmp(counts, want, t->n * sizeof(*counts)) == 0;
	for (i = 0; i < m; i++)
		ballot_share_clear(&sh[i]);
	return same;
}

/* Every subset of the n scrutineers: those of at least t decrypt right,
 * smaller ones do not. */
static void every_subset(uint32_t n, uint32_t t)
{
	struct dkg_local L;
	struct ballot_context ctx;
	struct ballot_tally tally;
	uint32_t want[3], at[DKG_MAX], mask;
	size_t m;

	ceremony(&L, n, t);
	cast(&L, &ctx, &tally, 5, want);
	for (mask = 1; mask < (1u << n); mask++) {
		m = 0;
		for (uint32_t i = 0; i < n; i++)
			if (mask & (1u << i))
				at[m++] = i;
		if (m >= t)
			assert_true(decrypt_by(&L, &ctx, &tally, at, m, want));
		else
			assert_false(decrypt_by(&L, &ctx, &tally, at, m, want));
	}
	ballot_tally_clear(&tally);
	ballot_context_clear(&ctx);
	dkg_local_clear(&L);
}

static void test_subsets_2_of_3(void **state)
{
	(void)state;
	every_subset(3, 2);
}

static void test_subsets_3_of_5(void **state)
{
	(void)state;
	every_subset(5, 3);
}

/* k = n is possible, and n = 1 (one scrutineer, as before). */
static void test_subsets_n_of_n(void **state)
{
	(void)state;
	every_subset(3, 3);
	every_subset(1, 1);
}

/* Nobody holds the whole secret: no single share is log K, and the key is
 * the sum of the constant commitments, the verification keys consistent. */
static void test_no_whole_secret(void **state)
{
	struct dkg_local L;
	EC_POINT *p = group_point_new(g);
	uint32_t j;

	(void)state;
	ceremony(&L, 3, 2);
	for (j = 0; j < 3; j++) {
		assert_true(group_mul_secret(g, p, L.share[j], NULL));
		assert_int_equal(EC_POINT_cmp(g->ec, p, L.y[j], g->bn), 0);
		assert_int_not_equal(EC_POINT_cmp(g->ec, p, L.key, g->bn), 0);
		assert_true(dkg_share_verify(g, &L.p, &L.kc[j], L.key, L.y[j], &L.sproof[j]));
	}
	EC_POINT_free(p);
	dkg_local_clear(&L);
}

/* What verification refuses. */
static void test_tampered(void **state)
{
	struct dkg_local L;
	struct dkg_params other;
	struct ballot_key_context kc;
	struct zkp_proof pr;
	EC_POINT *y = group_point_new(g);
	BIGNUM *x = BN_new();

	(void)state;
	ceremony(&L, 3, 2);
	/* a dealing for another position, member, ceremony or threshold */
	kc = L.kc[0];
	kc.index = 1;
	assert_false(dkg_dealing_verify(g, &L.p, &kc, &L.deal[0]));
	kc = L.kc[0];
	kc.member_pub[5] ^= 1;
	assert_false(dkg_dealing_verify(g, &L.p, &kc, &L.deal[0]));
	other = L.p;
	other.ceremony = 2;
	assert_false(dkg_dealing_verify(g, &other, &L.kc[0], &L.deal[0]));
	other = L.p;
	other.threshold = 3;
	assert_false(dkg_dealing_verify(g, &other, &L.kc[0], &L.deal[0]));
	/* a changed constant commitment or transport key loses its proof */
	EC_POINT_copy(y, L.deal[0].c[0]);
	EC_POINT_copy(L.deal[0].c[0], L.deal[1].c[0]);
	assert_false(dkg_dealing_verify(g, &L.p, &L.kc[0], &L.deal[0]));
	EC_POINT_copy(L.deal[0].c[0], y);
	EC_POINT_copy(y, L.deal[0].transport);
	EC_POINT_copy(L.deal[0].transport, L.deal[1].transport);
	assert_false(dkg_dealing_verify(g, &L.p, &L.kc[0], &L.deal[0]));
	EC_POINT_copy(L.deal[0].transport, y);
	assert_true(dkg_dealing_verify(g, &L.p, &L.kc[0], &L.deal[0]));
	/* a changed higher commitment: the shares no longer match it */
	EC_POINT_copy(y, L.deal[0].c[1]);
	EC_POINT_copy(L.deal[0].c[1], L.deal[1].c[1]);
	assert_true(dkg_open(g, &L.p, 0, 1, L.sec[1].e, &L.seal[0][1], x));
	assert_false(dkg_share_matches(g, &L.deal[0], 1, x));
	/* and the verification key made from it refuses the share proof */
	assert_true(dkg_verification_key(g, L.deal, 3, 1, y));
	assert_false(dkg_share_verify(g, &L.p, &L.kc[1], L.key, y, &L.sproof[1]));
	/* a share proof for another scrutineer, key, or changed */
	assert_false(dkg_share_verify(g, &L.p, &L.kc[2], L.key, L.y[1], &L.sproof[1]));
	assert_false(dkg_share_verify(g, &L.p, &L.kc[1], L.y[2], L.y[1], &L.sproof[1]));
	pr = L.sproof[1];
	pr.z[31] ^= 1;
	assert_false(dkg_share_verify(g, &L.p, &L.kc[1], L.key, L.y[1], &pr));
	/* a sealed share opened by the wrong recipient, or changed */
	assert_true(dkg_open(g, &L.p, 1, 2, L.sec[0].e, &L.seal[1][2], x));
	assert_false(dkg_share_matches(g, &L.deal[1], 2, x));
	L.seal[1][2].ct[3] ^= 0x10;
	assert_false(dkg_open(g, &L.p, 1, 2, L.sec[2].e, &L.seal[1][2], x) &&
		     dkg_share_matches(g, &L.deal[1], 2, x));
	BN_free(x);
	EC_POINT_free(y);
	dkg_local_clear(&L);
}

/* A partial decryption proven against another scrutineer's verification
 * key, or changed, is refused; one verified share too few gives no count. */
static void test_partial_tampered(void **state)
{
	struct dkg_local L;
	struct ballot_context ctx;
	struct ballot_tally t;
	struct ballot_share sh;
	uint32_t want[3], at[2] = {0, 2}, counts[3];

	(void)state;
	ceremony(&L, 3, 2);
	cast(&L, &ctx, &t, 4, want);
	assert_true(ballot_share_make(g, &ctx, 0, L.share[0], L.y[0], &t, &sh));
	assert_false(ballot_share_verify(g, &ctx, 0, L.y[1], &t, &sh));
	assert_false(ballot_share_verify(g, &ctx, 1, L.y[0], &t, &sh));
	EC_POINT_copy(sh.d[1], sh.d[0]);
	assert_false(ballot_share_verify(g, &ctx, 0, L.y[0], &t, &sh));
	assert_false(dkg_combine(g, &t, &sh, at, 1, counts) &&
		     memcmp(counts, want, sizeof(want)) == 0);
	ballot_share_clear(&sh);
	ballot_tally_clear(&t);
	ballot_context_clear(&ctx);
	dkg_local_clear(&L);
}

/* A dealer who seals a share that is not its committed one is convicted
 * by the recipient's complaint; a complaint about a good share, or with
 * a forged proof, convicts nobody but the complainer. */
static void test_complaints(void **state)
{
	struct dkg_local L;
	struct dkg_sealed bad;
	struct dkg_complaint c;
	BIGNUM *x = BN_new();

	(void)state;
	ceremony(&L, 3, 2);
	assert_true(dkg_sealed_init(g, &bad));
	assert_true(dkg_complaint_init(g, &c));
	assert_true(dkg_share_for(g, &L.sec[0], 1, x));
	assert_true(BN_add_word(x, 1) == 1);
	assert_true(dkg_seal(g, &L.p, 0, 1, L.deal[1].transport, x, &bad));
	assert_true(dkg_open(g, &L.p, 0, 1, L.sec[1].e, &bad, x));
	assert_false(dkg_share_matches(g, &L.deal[0], 1, x));
	assert_true(dkg_complain(g, &L.p, 0, 1, L.sec[1].e, L.deal[1].transport, &bad, &c));
	assert_int_equal(
		dkg_complaint_judge(g, &L.p, 0, 1, &L.deal[0], L.deal[1].transport, &bad, &c),
		DKG_DEALER_FAULTY);
	/* the same complaint about another pair, or by another recipient */
	assert_int_equal(
		dkg_complaint_judge(g, &L.p, 0, 2, &L.deal[0], L.deal[2].transport, &bad, &c),
		DKG_COMPLAINT_FALSE);
	c.proof.c[0] ^= 1;
	assert_int_equal(
		dkg_complaint_judge(g, &L.p, 0, 1, &L.deal[0], L.deal[1].transport, &bad, &c),
		DKG_COMPLAINT_FALSE);
	/* a complaint about a good share */
	assert_true(
		dkg_complain(g, &L.p, 0, 1, L.sec[1].e, L.deal[1].transport, &L.seal[0][1], &c));
	assert_int_equal(dkg_complaint_judge(g, &L.p, 0, 1, &L.deal[0], L.deal[1].transport,
					     &L.seal[0][1], &c),
			 DKG_COMPLAINT_FALSE);
	dkg_complaint_clear(&c);
	dkg_sealed_clear(&bad);
	BN_free(x);
	dkg_local_clear(&L);
}

/* Lagrange coefficients at 0 sum to 1, and refuse a repeated index. */
static void test_lagrange(void **state)
{
	const uint32_t at[4] = {0, 3, 5, 8}, twice[2] = {2, 2};
	BIGNUM *l = BN_new(), *sum = BN_new();
	size_t i;

	(void)state;
	BN_zero(sum);
	for (i = 0; i < 4; i++) {
		assert_true(dkg_lagrange(g, at, 4, i, l));
		assert_true(group_scalar_add(g, sum, sum, l));
	}
	assert_true(BN_is_one(sum));
	assert_false(dkg_lagrange(g, twice, 2, 0, l));
	BN_free(l);
	BN_free(sum);
}

/* The JSON forms go and come back; strict about their members. */
static void test_json(void **state)
{
	struct dkg_local L;
	struct dkg_dealing d;
	struct dkg_sealed s;
	const char *why;
	cJSON *j;

	(void)state;
	ceremony(&L, 3, 2);
	j = dkg_dealing_to_json(g, &L.deal[2]);
	assert_true(dkg_dealing_from_json(g, j, &d, &why));
	assert_true(dkg_dealing_verify(g, &L.p, &L.kc[2], &d));
	dkg_dealing_clear(&d);
	cJSON_AddNumberToObject(j, "extra", 1);
	assert_false(dkg_dealing_from_json(g, j, &d, &why));
	cJSON_DeleteItemFromObject(j, "extra");
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(j, "commitments"), 1);
	assert_false(dkg_dealing_from_json(g, j, &d, &why));
	cJSON_Delete(j);
	assert_true(dkg_sealed_init(g, &s));
	j = dkg_sealed_to_json(g, &L.seal[2][0]);
	assert_true(dkg_sealed_from_json(g, j, &s));
	assert_memory_equal(s.ct, L.seal[2][0].ct, sizeof(s.ct));
	cJSON_ReplaceItemInObject(j, "ct", cJSON_CreateString("AAAB"));
	assert_false(dkg_sealed_from_json(g, j, &s));
	cJSON_Delete(j);
	dkg_sealed_clear(&s);
	dkg_local_clear(&L);
}

/* tests/vectors/ballot/dkg.json verifies as an independent verifier
 * checks it: dealings, share proofs against the verification keys made
 * from the commitments, the election key, the decryptions of the
 * scrutineers who took part, and the counts. */
static void test_vectors(void **state)
{
	cJSON *v = vec_load("dkg.json"), *e;
	const cJSON *pj = cJSON_GetObjectItem(v, "params");
	struct dkg_params p = {(uint64_t)vec_num(pj, "committee"), (uint64_t)vec_num(pj, "meeting"),
			       (uint64_t)vec_num(pj, "ceremony"), (uint32_t)vec_num(pj, "n"),
			       (uint32_t)vec_num(pj, "threshold")};
	struct dkg_dealing d[DKG_MAX];
	struct ballot_key_context kc[DKG_MAX];
	struct ballot_context ctx;
	struct ballot_tally t;
	struct ballot_share sh[DKG_MAX];
	struct zkp_proof pr;
	EC_POINT *key = group_point_new(g), *y = group_point_new(g), *k2 = group_point_new(g);
	uint32_t i = 0, at[DKG_MAX], counts[BALLOT_MAX_OPTIONS];
	const char *why;
	size_t m = 0;

	(void)state;
	assert_non_null(v);
	assert_true(dkg_params_valid(&p));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(v, "scrutineers")) {
		const cJSON *c = cJSON_GetObjectItem(e, "context");

		kc[i] = (struct ballot_key_context){
			p.committee, p.meeting, i, (uint64_t)vec_num(c, "member"), {0}};
		assert_true(sig_pub_from_text(vec_str(c, "member_key"), kc[i].member_pub));
		assert_true(
			dkg_dealing_from_json(g, cJSON_GetObjectItem(e, "dealing"), &d[i], &why));
		assert_true(dkg_dealing_verify(g, &p, &kc[i], &d[i]));
		i++;
	}
	assert_int_equal(i, p.n);
	assert_true(dkg_election_key(g, d, p.n, key));
	assert_true(group_point_from_text(g, vec_str(v, "election_key"), k2));
	assert_int_equal(EC_POINT_cmp(g->ec, key, k2, g->bn), 0);
	i = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(v, "shares")) {
		assert_true(dkg_verification_key(g, d, p.n, i, y));
		assert_true(group_point_from_text(g, vec_str(e, "verification_key"), k2));
		assert_int_equal(EC_POINT_cmp(g->ec, y, k2, g->bn), 0);
		assert_true(dkg_proof_from_json(g, cJSON_GetObjectItem(e, "proof"), &pr));
		assert_true(dkg_share_verify(g, &p, &kc[i], key, y, &pr));
		i++;
	}
	assert_int_equal(dkg_ceremony_check(g, &p, cJSON_GetObjectItem(v, "ceremony"),
					    vec_str(v, "election_key"), NULL, (int *)&i),
			 DKG_OK);
	assert_true(ballot_context_from_json(g, cJSON_GetObjectItem(v, "election"), &ctx, &why));
	assert_true(ballot_tally_init(g, &t, ctx.options));
	i = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(v, "tally")) {
		assert_true(group_point_from_text(g, vec_str(e, "a"), t.sum[i].a));
		assert_true(group_point_from_text(g, vec_str(e, "b"), t.sum[i].b));
		i++;
	}
	t.ballots = (uint32_t)cJSON_GetArraySize(cJSON_GetObjectItem(v, "ballots"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(v, "decryptions")) {
		cJSON *copy = cJSON_Duplicate(e, 1);

		at[m] = (uint32_t)vec_num(e, "index");
		cJSON_DeleteItemFromObject(copy, "index");
		assert_true(ballot_share_from_json(g, copy, t.n, &sh[m], &why));
		assert_true(dkg_verification_key(g, d, p.n, at[m], y));
		assert_true(ballot_share_verify(g, &ctx, at[m], y, &t, &sh[m]));
		cJSON_Delete(copy);
		m++;
	}
	assert_int_equal(m, p.threshold);
	assert_true(dkg_combine(g, &t, sh, at, m, counts));
	for (i = 0; i < t.n; i++)
		assert_int_equal(
			counts[i],
			cJSON_GetArrayItem(cJSON_GetObjectItem(v, "counts"), (int)i)->valueint);
	for (i = 0; i < m; i++)
		ballot_share_clear(&sh[i]);
	for (i = 0; i < p.n; i++)
		dkg_dealing_clear(&d[i]);
	ballot_tally_clear(&t);
	ballot_context_clear(&ctx);
	EC_POINT_free(key);
	EC_POINT_free(y);
	EC_POINT_free(k2);
	cJSON_Delete(v);
}

/* The ceremony as listed and signed, checked whole, then with each part
 * changed: by someone without the member's key (the signature fails) and
 * by the member itself, re-signing (the mathematics fails). */
struct listed {
	struct dkg_local L;
	EVP_PKEY *keys[DKG_MAX];
	cJSON *list;
	char key[GROUP_POINT_TEXT_LEN + 1];
};

static void listed_make(struct listed *c)
{
	uint32_t i;

	memset(&c->L, 0, sizeof(c->L));
	c->L.p = (struct dkg_params){
		.committee = 4, .meeting = 9, .ceremony = 1, .n = 3, .threshold = 2};
	for (i = 0; i < 3; i++) {
		c->keys[i] = sig_keygen();
		c->L.kc[i] = (struct ballot_key_context){4, 9, i, 60 + i, {0}};
		sig_public(c->keys[i], c->L.kc[i].member_pub);
	}
	assert_true(dkg_local_run(g, &c->L));
	c->list = dkg_local_entries(g, &c->L, c->keys);
	group_point_to_text(g, c->L.key, c->key);
}

static void listed_free(struct listed *c)
{
	uint32_t i;

	for (i = 0; i < 3; i++)
		EVP_PKEY_free(c->keys[i]);
	cJSON_Delete(c->list);
	dkg_local_clear(&c->L);
}

static enum dkg_fault listed_check(struct listed *c, int *which)
{
	return dkg_ceremony_check(g, &c->L.p, c->list, c->key, NULL, which);
}

/* Re-sign entry i's dealing and acceptance with its own key. */
static void listed_resign(struct listed *c, uint32_t i)
{
	cJSON *e = cJSON_GetArrayItem(c->list, (int)i), *body;
	struct dkg_signer s = {&c->L.p, i, c->L.kc[i].member, vec_str(e, "member_key")};
	char sig[SIG_TEXT_LEN + 1];

	body = dkg_dealing_body(cJSON_GetObjectItem(e, "dealing"));
	assert_true(dkg_sign(c->keys[i], DKG_DEALING_TAG, &s, body, sig));
	cJSON_Delete(body);
	cJSON_ReplaceItemInObject(e, "dealing_signature", cJSON_CreateString(sig));
	body = dkg_accept_body(c->key, vec_str(e, "verification_key"),
			       cJSON_GetObjectItem(e, "share_proof"));
	assert_true(dkg_sign(c->keys[i], DKG_ACCEPT_TAG, &s, body, sig));
	cJSON_Delete(body);
	cJSON_ReplaceItemInObject(e, "accept_signature", cJSON_CreateString(sig));
}

static void test_ceremony_check(void **state)
{
	struct listed c;
	EC_POINT *y[DKG_MAX];
	cJSON *e, *cm, *saved;
	char text[SIG_PUB_TEXT_LEN + GROUP_POINT_TEXT_LEN + 1];
	int which;
	uint32_t i;

	(void)state;
	listed_make(&c);
	assert_int_equal(dkg_ceremony_check(g, &c.L.p, c.list, c.key, y, &which), DKG_OK);
	assert_int_equal(which, -1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(EC_POINT_cmp(g->ec, y[i], c.L.y[i], g->bn), 0);
		EC_POINT_free(y[i]);
	}
	/* another election key */
	group_point_to_text(g, c.L.y[0], text);
	assert_int_equal(dkg_ceremony_check(g, &c.L.p, c.list, text, NULL, &which), DKG_KEY);
	/* another threshold or ceremony: every signature names them */
	c.L.p.threshold = 3;
	assert_int_equal(listed_check(&c, &which), DKG_DEALING_SIGNATURE);
	c.L.p.threshold = 2;
	/* scrutineer 1's second commitment changed */
	e = cJSON_GetArrayItem(c.list, 1);
	cm = cJSON_GetObjectItem(cJSON_GetObjectItem(e, "dealing"), "commitments");
	saved = cJSON_Duplicate(cm, 1);
	group_point_to_text(g, c.L.deal[0].c[1], text);
	cJSON_ReplaceItemInArray(cm, 1, cJSON_CreateString(text));
	assert_int_equal(listed_check(&c, &which), DKG_DEALING_SIGNATURE);
	assert_int_equal(which, 1);
	listed_resign(&c, 1); /* by scrutineer 1 itself: no verification key fits any more */
	assert_int_equal(listed_check(&c, &which), DKG_VERIFICATION_KEY);
	assert_int_equal(which, 0);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(e, "dealing"), "commitments", saved);
	listed_resign(&c, 1);
	assert_int_equal(listed_check(&c, &which), DKG_OK);
	/* scrutineer 2's share proof changed */
	e = cJSON_GetArrayItem(c.list, 2);
	saved = cJSON_Duplicate(cJSON_GetObjectItem(e, "share_proof"), 1);
	cJSON_ReplaceItemInObject(
		cJSON_GetObjectItem(e, "share_proof"), "z",
		cJSON_CreateString(vec_str(cJSON_GetObjectItem(e, "share_proof"), "c")));
	assert_int_equal(listed_check(&c, &which), DKG_ACCEPT_SIGNATURE);
	assert_int_equal(which, 2);
	listed_resign(&c, 2);
	assert_int_equal(listed_check(&c, &which), DKG_SHARE_PROOF);
	cJSON_ReplaceItemInObject(e, "share_proof", saved);
	listed_resign(&c, 2);
	assert_int_equal(listed_check(&c, &which), DKG_OK);
	/* a verification key listed that the commitments do not give */
	group_point_to_text(g, c.L.y[0], text);
	cJSON_ReplaceItemInObject(e, "verification_key", cJSON_CreateString(text));
	listed_resign(&c, 2);
	assert_int_equal(listed_check(&c, &which), DKG_VERIFICATION_KEY);
	/* two scrutineers swapped, one missing, a member key not the signer's */
	listed_free(&c);
	listed_make(&c);
	cJSON_AddItemToArray(c.list, cJSON_DetachItemFromArray(c.list, 0));
	assert_int_equal(listed_check(&c, &which), DKG_MALFORMED);
	cJSON_DeleteItemFromArray(c.list, 2);
	assert_int_equal(listed_check(&c, &which), DKG_MALFORMED);
	listed_free(&c);
	listed_make(&c);
	sig_pub_to_text(c.L.kc[1].member_pub, text);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(c.list, 0), "member_key",
				  cJSON_CreateString(text));
	assert_int_equal(listed_check(&c, &which), DKG_DEALING_SIGNATURE);
	listed_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subsets_2_of_3), cmocka_unit_test(test_subsets_3_of_5),
		cmocka_unit_test(test_subsets_n_of_n), cmocka_unit_test(test_no_whole_secret),
		cmocka_unit_test(test_tampered),       cmocka_unit_test(test_partial_tampered),
		cmocka_unit_test(test_complaints),     cmocka_unit_test(test_lagrange),
		cmocka_unit_test(test_json),           cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_ceremony_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
