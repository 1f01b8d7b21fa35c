/* The ballot test vectors, made from fixed seeds through the test-only
 * generator of drbg.h. Included by gen_ballot.c, which writes them to
 * tests/vectors/ballot/, and by tests/unit/test_ballot.c, which checks
 * that making them again gives exactly the checked-in bytes. Test code:
 * an allocation failure here shows up as a vector that does not match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/sha.h>

#include "../../proto/b64.h"
#include "../../proto/hex.h"
#include "../../proto/ballot.h"
#include "../../proto/jcs.h"
#include "../../proto/jws.h"
#include "../../proto/reqsig.h"
#include "drbg.h"

#define VEC_SEED "yangguang ballot vectors v1/"

/* A group whose randomness is the test generator seeded with VEC_SEED name. */
static struct group *vec_group_new(struct test_drbg *d, const char *name)
{
	char seed[128];

	snprintf(seed, sizeof(seed), "%s%s", VEC_SEED, name);
	test_drbg_init(d, seed);
	return group_new(test_drbg_fill, d);
}

static cJSON *vec_hex(const void *p, size_t len)
{
	const unsigned char *b = p;
	char *s = malloc(2 * len + 1);
	cJSON *j;

	if (s != NULL)
		hex_encode(b, len, s);
	j = cJSON_CreateString(s != NULL ? s : "");
	free(s);
	return j;
}

static cJSON *vec_point(struct group *g, const EC_POINT *p)
{
	char t[GROUP_POINT_TEXT_LEN + 1];

	return group_point_to_text(g, p, t) ? cJSON_CreateString(t) : cJSON_CreateNull();
}

static cJSON *vec_scalar(const BIGNUM *s)
{
	unsigned char b[GROUP_SCALAR_LEN];
	char t[GROUP_SCALAR_TEXT_LEN + 1];

	if (!group_scalar_encode(s, b))
		return cJSON_CreateNull();
	group_scalar_bytes_to_text(b, t);
	return cJSON_CreateString(t);
}

static cJSON *vec_pub_text(const unsigned char pub[SIG_PUB_LEN])
{
	char t[SIG_PUB_TEXT_LEN + 1];

	sig_pub_to_text(pub, t);
	return cJSON_CreateString(t);
}

/* An Ed25519 key from 32 bytes of d (a member's, in the vectors). */
static EVP_PKEY *vec_ed25519(struct test_drbg *d)
{
	unsigned char seed[32];

	test_drbg_fill(d, seed, sizeof(seed));
	return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
}

/* Pretty-printed text of j with a final newline; frees j. */
static char *vec_text(cJSON *j)
{
	char *s = cJSON_Print(j), *out = s != NULL ? malloc(strlen(s) + 2) : NULL;

	if (out != NULL)
		sprintf(out, "%s\n", s);
	cJSON_free(s);
	cJSON_Delete(j);
	return out;
}

/* k·G for k = 1, 2, 3, n-1 and a random k. */
static cJSON *vec_group_points(struct group *g)
{
	cJSON *arr = cJSON_CreateArray(), *e;
	BIGNUM *k = BN_new();
	EC_POINT *p = group_point_new(g);
	int i;

	for (i = 0; i < 5; i++) {
		if (i < 3)
			BN_set_word(k, (BN_ULONG)i + 1);
		else if (i == 3)
			BN_sub(k, g->order, BN_value_one());
		else
			group_scalar_random(g, k);
		group_mul_public(g, p, k, NULL, NULL);
		e = cJSON_CreateObject();
		cJSON_AddItemToObject(e, "k", vec_scalar(k));
		cJSON_AddItemToObject(e, "point", vec_point(g, p));
		cJSON_AddItemToArray(arr, e);
	}
	BN_free(k);
	EC_POINT_free(p);
	return arr;
}

static void vec_bad(cJSON *arr, const unsigned char *b, size_t len, const char *why)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddItemToObject(e, "hex", vec_hex(b, len));
	cJSON_AddStringToObject(e, "why", why);
	cJSON_AddItemToArray(arr, e);
}

/* The smallest x >= 5 with no point (x, y): an x off the curve. */
static void vec_x_off_curve(struct group *g, unsigned char enc[GROUP_POINT_LEN])
{
	EC_POINT *p = group_point_new(g);

	memset(enc, 0, GROUP_POINT_LEN);
	enc[0] = 2;
	enc[GROUP_POINT_LEN - 1] = 5;
	while (group_point_decode(g, enc, p))
		enc[GROUP_POINT_LEN - 1]++;
	EC_POINT_free(p);
}

/* 33-byte strings that are not point encodings, and why. */
static cJSON *vec_bad_points(struct group *g)
{
	cJSON *arr = cJSON_CreateArray();
	unsigned char b[GROUP_POINT_LEN];

	memset(b, 0, sizeof(b));
	vec_bad(arr, b, sizeof(b), "prefix 0 (infinity is not encodable)");
	EC_POINT_point2oct(g->ec, EC_GROUP_get0_generator(g->ec), POINT_CONVERSION_COMPRESSED, b,
			   sizeof(b), g->bn);
	b[0] = 4;
	vec_bad(arr, b, sizeof(b), "prefix 4 (uncompressed form)");
	b[0] = 6;
	vec_bad(arr, b, sizeof(b), "prefix 6 (hybrid form)");
	b[0] = 2;
	BN_bn2binpad(g->field, b + 1, GROUP_POINT_LEN - 1);
	vec_bad(arr, b, sizeof(b), "x = p (not reduced)");
	memset(b + 1, 0xff, GROUP_POINT_LEN - 1);
	b[0] = 3;
	vec_bad(arr, b, sizeof(b), "x > p");
	vec_x_off_curve(g, b);
	vec_bad(arr, b, sizeof(b), "x has no y on the curve");
	return arr;
}

/* 32-byte strings that are not scalar encodings. */
static cJSON *vec_bad_scalars(struct group *g)
{
	cJSON *arr = cJSON_CreateArray();
	unsigned char b[GROUP_SCALAR_LEN];

	BN_bn2binpad(g->order, b, sizeof(b));
	vec_bad(arr, b, sizeof(b), "n");
	b[GROUP_SCALAR_LEN - 1]++;
	vec_bad(arr, b, sizeof(b), "n + 1");
	memset(b, 0xff, sizeof(b));
	vec_bad(arr, b, sizeof(b), "2^256 - 1");
	return arr;
}

/* One hash example: the tag, items, preimage bytes, digest and scalar. */
static cJSON *vec_hash_case(struct group *g, const char *tag, const unsigned char *items,
			    const size_t *lens, int n)
{
	unsigned char pre[512], d[GROUP_DIGEST_LEN];
	size_t len = 0, i, off = 0;
	cJSON *e = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(e, "items_hex");
	struct group_hash h;
	BIGNUM *c = BN_new();
	int k;

	group_hash_init(g, &h, tag);
	for (k = 0, i = strlen(tag); k <= n; k++) {
		const unsigned char *item = k == 0 ? (const unsigned char *)tag : items + off;
		size_t l = k == 0 ? i : lens[k - 1];

		pre[len] = (unsigned char)(l >> 24), pre[len + 1] = (unsigned char)(l >> 16);
		pre[len + 2] = (unsigned char)(l >> 8), pre[len + 3] = (unsigned char)l;
		memcpy(pre + len + 4, item, l);
		len += 4 + l;
		if (k > 0) {
			group_hash_bytes(&h, item, l);
			cJSON_AddItemToArray(arr, vec_hex(item, l));
			off += l;
		}
	}
	group_hash_digest(&h, d);
	group_digest_scalar(g, d, c);
	cJSON_AddStringToObject(e, "tag", tag);
	cJSON_AddItemToObject(e, "preimage_hex", vec_hex(pre, len));
	cJSON_AddItemToObject(e, "sha512_hex", vec_hex(d, sizeof(d)));
	cJSON_AddItemToObject(e, "scalar", vec_scalar(c));
	BN_free(c);
	return e;
}

static cJSON *vec_hashes(struct group *g)
{
	unsigned char items[3 + 8 + GROUP_POINT_LEN] = {'a', 'b', 'c', 0, 0, 0, 0, 0, 0, 0, 1};
	size_t lens[3] = {3, 8, GROUP_POINT_LEN};
	cJSON *arr = cJSON_CreateArray();

	group_point_encode(g, EC_GROUP_get0_generator(g->ec), items + 11);
	cJSON_AddItemToArray(arr, vec_hash_case(g, "yg-ballot-v1/example", NULL, NULL, 0));
	cJSON_AddItemToArray(arr, vec_hash_case(g, "yg-ballot-v1/example", items, lens, 3));
	return arr;
}

static char *vec_make_group(void)
{
	struct test_drbg d;
	struct group *g = vec_group_new(&d, "group");
	cJSON *j = cJSON_CreateObject(), *r = cJSON_CreateArray();
	BIGNUM *k = BN_new();
	int i;

	cJSON_AddStringToObject(j, "suite", GROUP_SUITE);
	cJSON_AddStringToObject(j, "drbg_seed", VEC_SEED "group");
	cJSON_AddItemToObject(j, "points", vec_group_points(g));
	cJSON_AddItemToObject(j, "invalid_points", vec_bad_points(g));
	cJSON_AddItemToObject(j, "invalid_scalars", vec_bad_scalars(g));
	cJSON_AddItemToObject(j, "hashes", vec_hashes(g));
	for (i = 0; i < 3; i++) {
		group_scalar_random(g, k);
		cJSON_AddItemToArray(r, vec_scalar(k));
	}
	cJSON_AddItemToObject(j, "random_scalars_after_points", r);
	BN_free(k);
	group_free(g);
	return vec_text(j);
}

/* A ciphertext as {"a", "b"}. */
static cJSON *vec_ct(struct group *g, const struct elgamal_ct *ct)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddItemToObject(e, "a", vec_point(g, ct->a));
	cJSON_AddItemToObject(e, "b", vec_point(g, ct->b));
	return e;
}

static char *vec_make_elgamal(void)
{
	static const uint32_t msgs[] = {0, 1, 1, 0, 3};
	struct test_drbg d;
	struct group *g = vec_group_new(&d, "elgamal");
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(j, "encryptions"), *e;
	BIGNUM *x = BN_new(), *r = BN_new();
	EC_POINT *pub = group_point_new(g);
	struct elgamal_ct ct, sum;
	uint32_t i, m = 0;

	elgamal_ct_init(g, &ct);
	elgamal_ct_init(g, &sum);
	elgamal_keygen(g, x, pub);
	cJSON_AddItemToObject(j, "secret", vec_scalar(x));
	cJSON_AddItemToObject(j, "key", vec_point(g, pub));
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		elgamal_encrypt(g, pub, msgs[i], r, &ct);
		elgamal_add(g, &sum, &ct);
		e = vec_ct(g, &ct);
		cJSON_AddNumberToObject(e, "m", msgs[i]);
		cJSON_AddItemToObject(e, "r", vec_scalar(r));
		cJSON_AddItemToArray(arr, e);
	}
	cJSON_AddItemToObject(j, "sum", vec_ct(g, &sum));
	elgamal_decrypt(g, x, &sum, 100, &m);
	cJSON_AddNumberToObject(j, "sum_m", m);
	elgamal_ct_clear(&ct);
	elgamal_ct_clear(&sum);
	BN_free(x);
	BN_free(r);
	EC_POINT_free(pub);
	group_free(g);
	return vec_text(j);
}

static cJSON *vec_proof(const struct zkp_proof *p)
{
	char t[GROUP_SCALAR_TEXT_LEN + 1];
	cJSON *e = cJSON_CreateObject();

	group_scalar_bytes_to_text(p->c, t);
	cJSON_AddStringToObject(e, "c", t);
	group_scalar_bytes_to_text(p->z, t);
	cJSON_AddStringToObject(e, "z", t);
	return e;
}

static cJSON *vec_scalars(const unsigned char (*s)[GROUP_SCALAR_LEN], uint32_t n)
{
	char t[GROUP_SCALAR_TEXT_LEN + 1];
	cJSON *arr = cJSON_CreateArray();
	uint32_t i;

	for (i = 0; i < n; i++) {
		group_scalar_bytes_to_text(s[i], t);
		cJSON_AddItemToArray(arr, cJSON_CreateString(t));
	}
	return arr;
}

/* The context digest used by the zkp vectors: SHA-512("zkp vectors"). */
static void vec_zkp_ctx(unsigned char ctx[GROUP_DIGEST_LEN])
{
	SHA512((const unsigned char *)"zkp vectors", 11, ctx);
}

/* A Schnorr proof and a DLEQ proof for one random secret. */
static void vec_zkp_pairs(struct group *g, cJSON *j, const unsigned char *ctx)
{
	BIGNUM *x = BN_new(), *a = BN_new();
	EC_POINT *pub = group_point_new(g), *base = group_point_new(g), *dd = group_point_new(g);
	struct zkp_proof p;
	cJSON *e;

	elgamal_keygen(g, x, pub);
	zkp_schnorr_prove(g, ctx, x, pub, &p);
	e = cJSON_AddObjectToObject(j, "schnorr");
	cJSON_AddItemToObject(e, "secret", vec_scalar(x));
	cJSON_AddItemToObject(e, "key", vec_point(g, pub));
	cJSON_AddItemToObject(e, "proof", vec_proof(&p));
	elgamal_keygen(g, a, base);
	group_mul_secret(g, dd, x, base);
	zkp_dleq_prove(g, ctx, x, pub, base, dd, &p);
	e = cJSON_AddObjectToObject(j, "dleq");
	cJSON_AddItemToObject(e, "key", vec_point(g, pub));
	cJSON_AddItemToObject(e, "base", vec_point(g, base));
	cJSON_AddItemToObject(e, "d", vec_point(g, dd));
	cJSON_AddItemToObject(e, "proof", vec_proof(&p));
	BN_free(x);
	BN_free(a);
	EC_POINT_free(pub);
	EC_POINT_free(base);
	EC_POINT_free(dd);
}

/* Range proofs for (lo, hi, m) cases under one key. */
static cJSON *vec_zkp_ranges(struct group *g, const unsigned char *ctx, cJSON *j)
{
	static const uint32_t cases[][3] = {{0, 1, 0}, {0, 1, 1}, {1, 1, 1}, {0, 4, 2}, {2, 5, 5}};
	cJSON *arr = cJSON_CreateArray(), *e;
	BIGNUM *x = BN_new(), *r = BN_new();
	EC_POINT *pub = group_point_new(g);
	struct elgamal_ct ct;
	struct zkp_range p;
	size_t i;

	elgamal_ct_init(g, &ct);
	elgamal_keygen(g, x, pub);
	cJSON_AddItemToObject(j, "range_key", vec_point(g, pub));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		zkp_range_init(&p, cases[i][0], cases[i][1]);
		elgamal_encrypt(g, pub, cases[i][2], r, &ct);
		zkp_range_prove(g, ctx, pub, &ct, cases[i][2], r, &p);
		e = vec_ct(g, &ct);
		cJSON_AddNumberToObject(e, "lo", cases[i][0]);
		cJSON_AddNumberToObject(e, "hi", cases[i][1]);
		cJSON_AddNumberToObject(e, "m", cases[i][2]);
		cJSON_AddItemToObject(e, "c", vec_scalars(p.c, p.hi - p.lo + 1));
		cJSON_AddItemToObject(e, "z", vec_scalars(p.z, p.hi - p.lo + 1));
		cJSON_AddItemToArray(arr, e);
		zkp_range_clear(&p);
	}
	elgamal_ct_clear(&ct);
	BN_free(x);
	BN_free(r);
	EC_POINT_free(pub);
	return arr;
}

static char *vec_make_zkp(void)
{
	unsigned char ctx[GROUP_DIGEST_LEN];
	struct test_drbg d;
	struct group *g = vec_group_new(&d, "zkp");
	cJSON *j = cJSON_CreateObject();

	vec_zkp_ctx(ctx);
	cJSON_AddItemToObject(j, "context_hex", vec_hex(ctx, sizeof(ctx)));
	vec_zkp_pairs(g, j, ctx);
	cJSON_AddItemToObject(j, "ranges", vec_zkp_ranges(g, ctx, j));
	group_free(g);
	return vec_text(j);
}

/* The three ballot shapes: yes/no/abstain, and two competitive ones. */
struct vec_shape {
	const char *name;
	uint32_t options, min, max;
	int voters;
	unsigned char choices[4][BALLOT_MAX_OPTIONS];
};

static const struct vec_shape vec_shapes[] = {
	{"yes-no-abstain", 3, 1, 1, 4, {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}}},
	{"5-candidates-2-seats",
	 5,
	 0,
	 2,
	 4,
	 {{1, 1, 0, 0, 0}, {0, 1, 0, 1, 0}, {0}, {1, 0, 0, 0, 1}}},
	{"9-candidates-4-seats",
	 9,
	 0,
	 4,
	 3,
	 {{1, 1, 1, 1}, {0, 0, 0, 0, 1, 1, 1, 1}, {1, 0, 0, 0, 0, 0, 0, 0, 1}}},
};

#define VEC_SCRUTINEERS 3

/* An Ed25519 public key drawn from d. */
static void vec_member_pub(struct test_drbg *d, unsigned char pub[SIG_PUB_LEN])
{
	EVP_PKEY *k = vec_ed25519(d);

	sig_public(k, pub);
	EVP_PKEY_free(k);
}

static cJSON *vec_key_context(const struct ballot_key_context *kc)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddNumberToObject(e, "committee", (double)kc->committee);
	cJSON_AddNumberToObject(e, "meeting", (double)kc->meeting);
	cJSON_AddNumberToObject(e, "index", kc->index);
	cJSON_AddNumberToObject(e, "member", (double)kc->member);
	cJSON_AddItemToObject(e, "member_key", vec_pub_text(kc->member_pub));
	return e;
}

/* The scrutineers' keys, their secrets in x, and the election key. */
static cJSON *vec_keys(struct group *g, struct test_drbg *d, struct ballot_context *ctx, BIGNUM **x,
		       struct ballot_pubkey *pk)
{
	struct ballot_key_context kc = {ctx->committee, ctx->meeting, 0, 0, {0}};
	cJSON *arr = cJSON_CreateArray(), *e;
	uint32_t i;

	for (i = 0; i < VEC_SCRUTINEERS; i++) {
		kc.index = i;
		kc.member = 100 + i;
		vec_member_pub(d, kc.member_pub);
		x[i] = group_secret_new();
		ballot_pubkey_init(g, &pk[i]);
		ballot_key_generate(g, &kc, x[i], &pk[i]);
		e = cJSON_CreateObject();
		cJSON_AddItemToObject(e, "context", vec_key_context(&kc));
		cJSON_AddItemToObject(e, "secret", vec_scalar(x[i]));
		cJSON_AddItemToObject(e, "public", ballot_pubkey_to_json(g, &pk[i]));
		cJSON_AddItemToArray(arr, e);
	}
	ballot_key_combine(g, pk, VEC_SCRUTINEERS, ctx->key);
	return arr;
}

/* One voter's ballot, added to the tally. */
static cJSON *vec_ballot(struct group *g, struct test_drbg *d, struct ballot_context *ctx,
			 const unsigned char *choices, struct ballot_tally *t)
{
	unsigned char dig[GROUP_DIGEST_LEN], receipt[BALLOT_RECEIPT_LEN];
	cJSON *e = cJSON_CreateObject(), *ch = cJSON_AddArrayToObject(e, "choices");
	struct ballot b;
	uint32_t i;

	vec_member_pub(d, ctx->voter_pub);
	for (i = 0; i < ctx->options; i++)
		cJSON_AddItemToArray(ch, cJSON_CreateNumber(choices[i]));
	cJSON_AddItemToObject(e, "context", ballot_context_to_json(g, ctx));
	ballot_voter_digest(g, ctx, dig);
	cJSON_AddItemToObject(e, "voter_digest_hex", vec_hex(dig, sizeof(dig)));
	ballot_encrypt(g, ctx, choices, &b);
	cJSON_AddItemToObject(e, "ballot", ballot_to_json(g, &b));
	ballot_receipt(g, &b, receipt);
	cJSON_AddItemToObject(e, "receipt_hex", vec_hex(receipt, sizeof(receipt)));
	ballot_tally_add(g, t, &b);
	ballot_clear(&b);
	return e;
}

/* The tally, the scrutineers' partial decryptions and the counts. */
static void vec_decrypt(struct group *g, cJSON *e, const struct ballot_context *ctx, BIGNUM **x,
			const struct ballot_pubkey *pk, const struct ballot_tally *t)
{
	struct ballot_share sh[VEC_SCRUTINEERS];
	cJSON *arr = cJSON_AddArrayToObject(e, "tally"), *s;
	uint32_t counts[BALLOT_MAX_OPTIONS], i;

	for (i = 0; i < t->n; i++)
		cJSON_AddItemToArray(arr, vec_ct(g, &t->sum[i]));
	arr = cJSON_AddArrayToObject(e, "decryptions");
	for (i = 0; i < VEC_SCRUTINEERS; i++) {
		ballot_share_make(g, ctx, i, x[i], pk[i].key, t, &sh[i]);
		s = ballot_share_to_json(g, &sh[i]);
		cJSON_AddNumberToObject(s, "index", i);
		cJSON_AddItemToArray(arr, s);
	}
	ballot_combine(g, t, sh, VEC_SCRUTINEERS, counts);
	arr = cJSON_AddArrayToObject(e, "counts");
	for (i = 0; i < t->n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(counts[i]));
	for (i = 0; i < VEC_SCRUTINEERS; i++)
		ballot_share_clear(&sh[i]);
}

/* Everything for one shape: keys, ballots, tally, decryptions, counts. */
static cJSON *vec_shape(struct group *g, struct test_drbg *d, const struct vec_shape *s,
			uint64_t item)
{
	BIGNUM *x[VEC_SCRUTINEERS];
	struct ballot_pubkey pk[VEC_SCRUTINEERS];
	unsigned char dig[GROUP_DIGEST_LEN];
	struct ballot_context ctx;
	struct ballot_tally t;
	cJSON *e = cJSON_CreateObject(), *arr;
	int i;

	ballot_context_init(g, &ctx);
	ctx.committee = 1, ctx.meeting = 7, ctx.item = item, ctx.round = 1;
	ctx.options = s->options, ctx.min_sel = s->min, ctx.max_sel = s->max;
	SHA256((const unsigned char *)s->name, strlen(s->name), ctx.question);
	cJSON_AddStringToObject(e, "name", s->name);
	cJSON_AddItemToObject(e, "scrutineers", vec_keys(g, d, &ctx, x, pk));
	cJSON_AddItemToObject(e, "election", ballot_context_to_json(g, &ctx));
	ballot_election_digest(g, &ctx, dig);
	cJSON_AddItemToObject(e, "election_digest_hex", vec_hex(dig, sizeof(dig)));
	ballot_tally_init(g, &t, ctx.options);
	arr = cJSON_AddArrayToObject(e, "ballots");
	for (i = 0; i < s->voters; i++) {
		ctx.voter = 10 + (uint64_t)i;
		cJSON_AddItemToArray(arr, vec_ballot(g, d, &ctx, s->choices[i], &t));
	}
	ctx.voter = 0;
	memset(ctx.voter_pub, 0, sizeof(ctx.voter_pub));
	vec_decrypt(g, e, &ctx, x, pk, &t);
	for (i = 0; i < VEC_SCRUTINEERS; i++) {
		BN_clear_free(x[i]);
		ballot_pubkey_clear(&pk[i]);
	}
	ballot_tally_clear(&t);
	ballot_context_clear(&ctx);
	return e;
}

static char *vec_make_ballot(void)
{
	struct test_drbg d;
	struct group *g = vec_group_new(&d, "ballot");
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(j, "shapes");
	size_t i;

	for (i = 0; i < sizeof(vec_shapes) / sizeof(vec_shapes[0]); i++)
		cJSON_AddItemToArray(arr, vec_shape(g, &d, &vec_shapes[i], 20 + i));
	group_free(g);
	return vec_text(j);
}

/* Inputs for the canonical JSON vectors. */
static const char *const vec_jcs_inputs[] = {
	"{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
	" \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
	" \"literals\": [null, true, false]}",
	"{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew\","
	" \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji\", \"\\u0080\": \"Control\","
	" \"\\u00f6\": \"o umlaut\"}",
	"[0, -0, 1, -1, 1.5, 100, 1e21, 1e20, 123456789012345678901, 1e-7, 0.000001, 5e-324,"
	" 1.7976931348623157e308, 9007199254740991, 9007199254740993, 0.1, -1e-7, 1.25e-10]",
	"{\"b\": [], \"a\": {}, \"c\": {\"z\": [1, {\"y\": null, \"x\": \"\\u007f\\u2028\"}],"
	" \"a\": \"\\b\\f\\n\\r\\t\\u0001\\u001f\"}}",
	"\"\\u00e9\\u4e2d\\u6587\"",
};

static char *vec_make_jcs(void)
{
	cJSON *arr = cJSON_CreateArray(), *e, *in;
	size_t i;
	char *out;

	for (i = 0; i < sizeof(vec_jcs_inputs) / sizeof(vec_jcs_inputs[0]); i++) {
		in = cJSON_Parse(vec_jcs_inputs[i]);
		out = in != NULL ? jcs_encode(in, NULL) : NULL;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "input", vec_jcs_inputs[i]);
		cJSON_AddStringToObject(e, "canonical", out != NULL ? out : "");
		cJSON_AddItemToArray(arr, e);
		free(out);
		cJSON_Delete(in);
	}
	return vec_text(arr);
}

/* A tally document, as the vectors sign it. */
static cJSON *vec_tally_doc(void)
{
	return cJSON_Parse("{\"type\": \"tally\", \"committee\": 1, \"meeting\": 7, \"item\": 20,"
			   " \"round\": 1, \"eligible\": 9, \"voted\": 4, \"counts\": [2, 1, 1],"
			   " \"outcome\": \"同意 passes\", \"board\": \"3q2-7w\"}");
}

static char *vec_make_jws(void)
{
	struct test_drbg d;
	unsigned char seed[32], pub[SIG_PUB_LEN];
	cJSON *j = cJSON_CreateObject(), *doc = vec_tally_doc();
	EVP_PKEY *k;
	char *s;

	test_drbg_init(&d, VEC_SEED "jws");
	test_drbg_fill(&d, seed, sizeof(seed));
	k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
	sig_public(k, pub);
	cJSON_AddItemToObject(j, "private_seed_hex", vec_hex(seed, sizeof(seed)));
	cJSON_AddItemToObject(j, "key", vec_pub_text(pub));
	cJSON_AddStringToObject(j, "typ", "yg-tally");
	s = jcs_encode(doc, NULL);
	cJSON_AddStringToObject(j, "payload", s != NULL ? s : "");
	free(s);
	s = jws_sign(k, "yg-tally", doc, false);
	cJSON_AddStringToObject(j, "compact", s != NULL ? s : "");
	free(s);
	s = jws_sign(k, "yg-tally", doc, true);
	cJSON_AddStringToObject(j, "detached", s != NULL ? s : "");
	free(s);
	cJSON_Delete(doc);
	EVP_PKEY_free(k);
	return vec_text(j);
}

#include "dkg_vectors.c"

/* R (PROTOCOL.md §7a): what reqsig_sign_with gives for op, args (JSON
 * text) and head (JSON text), signed by k, with a nonce of d and a fixed
 * time, and the message the signature is over. */
static cJSON *vec_request(struct test_drbg *d, EVP_PKEY *k, const char *name, const char *op,
			  const char *args_text, const char *head_text, const char *at)
{
	unsigned char nonce[REQSIG_NONCE_LEN], *msg;
	cJSON *c = cJSON_CreateObject(), *args = cJSON_Parse(args_text),
	      *head = cJSON_Parse(head_text), *sig, *r, *m;
	size_t tlen = strlen(REQSIG_TAG) + 1, jlen = 0;
	char *jcs;

	test_drbg_fill(d, nonce, sizeof(nonce));
	sig = reqsig_sign_with(k, op, args, 1, cJSON_IsNull(head) ? NULL : head, nonce, at);
	r = reqsig_stored(op, args, sig, &(const char *){NULL});
	m = cJSON_Duplicate(r, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(m, "signature");
	jcs = jcs_encode(m, &jlen);
	msg = malloc(tlen + jlen);
	if (msg != NULL && jcs != NULL) {
		memcpy(msg, REQSIG_TAG, tlen);
		memcpy(msg + tlen, jcs, jlen);
		cJSON_AddItemToObject(c, "message_hex", vec_hex(msg, tlen + jlen));
	}
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddItemToObject(c, "request", r);
	cJSON_AddBoolToObject(c, "valid", true);
	free(msg);
	free(jcs);
	cJSON_Delete(m);
	cJSON_Delete(sig);
	cJSON_Delete(args);
	cJSON_Delete(head);
	return c;
}

/* A copy of valid case c changed at member name (of R, or of its args
 * when in_args) to value (JSON text): its signature no longer holds. */
static cJSON *vec_request_altered(const cJSON *c, const char *name, bool in_args,
				  const char *member, const char *value)
{
	cJSON *a = cJSON_CreateObject(), *r = cJSON_Duplicate(cJSON_GetObjectItem(c, "request"), 1);
	cJSON *in = in_args ? cJSON_GetObjectItem(r, "args") : r;

	cJSON_ReplaceItemInObjectCaseSensitive(in, member, cJSON_Parse(value));
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddItemToObject(a, "request", r);
	cJSON_AddBoolToObject(a, "valid", false);
	return a;
}

/* Signed requests (PROTOCOL.md §7a): three as terminals make them, and
 * altered copies whose signatures must fail. */
static char *vec_make_reqsig(void)
{
	struct test_drbg d;
	cJSON *j = cJSON_CreateObject(), *cases = cJSON_CreateArray(), *speak, *cast;
	EVP_PKEY *k, *other;
	unsigned char pub[SIG_PUB_LEN];
	char other_text[SIG_PUB_TEXT_LEN + 3];

	test_drbg_init(&d, VEC_SEED "reqsig");
	k = vec_ed25519(&d);
	other = vec_ed25519(&d);
	sig_public(k, pub);
	cJSON_AddStringToObject(j, "tag", REQSIG_TAG);
	cJSON_AddItemToObject(j, "key", vec_pub_text(pub));
	speak = vec_request(&d, k, "a statement, chained to the log head", "agenda.speak",
			    "{\"meeting\":3,\"item\":7,\"position\":\"agree\","
			    "\"body\":\"同意。\\n建议“严格控制概算”\\t（附：\\\"审计\\\"）\"}",
			    "{\"meeting\":3,\"seq\":41,\"hash\":"
			    "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}",
			    "2026-12-15T01:22:40.000Z");
	cJSON_AddItemToArray(cases, speak);
	cJSON_AddItemToArray(cases,
			     vec_request(&d, k, "a check-in on an empty log", "meeting.check_in",
					 "{\"meeting\":3}", "null", "2026-12-15T00:41:12.123Z"));
	cast = vec_request(&d, k, "a ballot", "vote.cast",
			   "{\"meeting\":3,\"item\":7,\"round\":1,\"ballot\":{\"selections\":"
			   "[{\"a\":\"A1\",\"b\":\"B1\"}],\"sum\":{\"c\":[\"c\"],"
			   "\"z\":[\"z\"]}},\"signature\":\"s\"}",
			   "{\"meeting\":3,\"seq\":57,\"hash\":"
			   "\"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752\"}",
			   "2026-12-15T02:10:05.250Z");
	cJSON_AddItemToArray(cases, cast);
	cJSON_AddItemToArray(cases, vec_request_altered(speak, "its text changed", true, "body",
							"\"不同意。\""));
	cJSON_AddItemToArray(cases,
			     vec_request_altered(speak, "filed after another entry", false, "head",
						 "{\"meeting\":3,\"seq\":40,\"hash\":"
						 "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
						 "2b0b822cd15d6c15b0f00a08\"}"));
	cJSON_AddItemToArray(cases, vec_request_altered(cast, "sent to another committee", false,
							"committee", "2"));
	cJSON_AddItemToArray(cases, vec_request_altered(cast, "replayed at another time", false,
							"at", "\"2026-12-15T02:20:05.250Z\""));
	sig_public(other, pub);
	other_text[0] = '"';
	sig_pub_to_text(pub, other_text + 1);
	strcat(other_text, "\"");
	cJSON_AddItemToArray(cases, vec_request_altered(cast, "claimed by another key", false,
							"key", other_text));
	cJSON_AddItemToObject(j, "cases", cases);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
	return vec_text(j);
}

/* Every vector file, by name. */
static const struct vec_file {
	const char *name;
	char *(*make)(void);
} vec_files[] = {
	{"group.json", vec_make_group}, {"elgamal.json", vec_make_elgamal},
	{"zkp.json", vec_make_zkp},     {"ballot.json", vec_make_ballot},
	{"jcs.json", vec_make_jcs},     {"jws.json", vec_make_jws},
	{"dkg.json", vec_make_dkg},     {"reqsig.json", vec_make_reqsig},
};
