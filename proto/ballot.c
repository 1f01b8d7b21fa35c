#include <string.h>

#include <openssl/crypto.h>

#include "ballot.h"

/* A context with room for its key and every other field zero. */
bool ballot_context_init(const struct group *g, struct ballot_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->key = group_point_new(g);
	return ctx->key != NULL;
}

/* Free the context's key. */
void ballot_context_clear(struct ballot_context *ctx)
{
	EC_POINT_free(ctx->key);
	ctx->key = NULL;
}

/* Whether the ballot shape is one we can prove: 1..64 options, and
 * min_sel <= max_sel <= options. */
bool ballot_context_valid(const struct ballot_context *ctx)
{
	return ctx->options >= 1 && ctx->options <= BALLOT_MAX_OPTIONS &&
	       ctx->min_sel <= ctx->max_sel && ctx->max_sel <= ctx->options;
}

/* E = H(election; suite; committee; meeting; item; round; options; min;
 * max; question; K). */
bool ballot_election_digest(struct group *g, const struct ballot_context *ctx,
			    unsigned char out[GROUP_DIGEST_LEN])
{
	struct group_hash h;

	group_hash_init(g, &h, BALLOT_TAG_ELECTION);
	group_hash_bytes(&h, GROUP_SUITE, strlen(GROUP_SUITE));
	group_hash_u64(&h, ctx->committee);
	group_hash_u64(&h, ctx->meeting);
	group_hash_u64(&h, ctx->item);
	group_hash_u64(&h, ctx->round);
	group_hash_u64(&h, ctx->options);
	group_hash_u64(&h, ctx->min_sel);
	group_hash_u64(&h, ctx->max_sel);
	group_hash_bytes(&h, ctx->question, BALLOT_QUESTION_LEN);
	group_hash_point(g, &h, ctx->key);
	return group_hash_digest(&h, out) && ballot_context_valid(ctx);
}

/* V = H(voter; E; voter id; voter's Ed25519 key). */
bool ballot_voter_digest(struct group *g, const struct ballot_context *ctx,
			 unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char e[GROUP_DIGEST_LEN];
	struct group_hash h;

	if (!ballot_election_digest(g, ctx, e))
		return false;
	group_hash_init(g, &h, BALLOT_TAG_VOTER);
	group_hash_bytes(&h, e, sizeof(e));
	group_hash_u64(&h, ctx->voter);
	group_hash_bytes(&h, ctx->voter_pub, SIG_PUB_LEN);
	return group_hash_digest(&h, out);
}

/* D = H(ballot; V; n; A_1; B_1; ...; A_n; B_n): every ciphertext of it. */
static bool ballot_digest(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
			  unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char v[GROUP_DIGEST_LEN], enc[2 * BALLOT_MAX_OPTIONS][GROUP_POINT_LEN];
	const EC_POINT *pts[2 * BALLOT_MAX_OPTIONS];
	struct group_hash h;
	uint32_t i;

	if (!ballot_voter_digest(g, ctx, v) || b->n > BALLOT_MAX_OPTIONS)
		return false;
	for (i = 0; i < b->n; i++) {
		pts[2 * i] = b->ct[i].a;
		pts[2 * i + 1] = b->ct[i].b;
	}
	if (!group_points_encode(g, pts, 2 * (size_t)b->n, enc))
		return false;
	group_hash_init(g, &h, BALLOT_TAG_BALLOT);
	group_hash_bytes(&h, v, sizeof(v));
	group_hash_u64(&h, b->n);
	for (i = 0; i < 2 * b->n; i++)
		group_hash_bytes(&h, enc[i], GROUP_POINT_LEN);
	return group_hash_digest(&h, out);
}

/* The context of selection i's proof, H(selection; D; i), or of the sum
 * proof, H(sum; D), when i is -1. */
static bool ballot_proof_context(struct group *g, const unsigned char d[GROUP_DIGEST_LEN], long i,
				 unsigned char out[GROUP_DIGEST_LEN])
{
	struct group_hash h;

	group_hash_init(g, &h, i < 0 ? BALLOT_TAG_SUM : BALLOT_TAG_SELECTION);
	group_hash_bytes(&h, d, GROUP_DIGEST_LEN);
	if (i >= 0)
		group_hash_u64(&h, (uint64_t)i);
	return group_hash_digest(&h, out);
}

/* An empty ballot of the context's shape, ready to fill. */
bool ballot_init(const struct group *g, struct ballot *b, const struct ballot_context *ctx)
{
	bool ok = ballot_context_valid(ctx);
	uint32_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; ok && i < ctx->options; i++) {
		b->n = i + 1;
		ok = elgamal_ct_init(g, &b->ct[i]) && zkp_range_init(&b->sel[i], 0, 1);
	}
	ok = ok && zkp_range_init(&b->sum, ctx->min_sel, ctx->max_sel);
	if (!ok)
		ballot_clear(b);
	return ok;
}

/* Free what ballot_init allocated; clearing twice is harmless. */
void ballot_clear(struct ballot *b)
{
	uint32_t i;

	for (i = 0; i < b->n; i++) {
		elgamal_ct_clear(&b->ct[i]);
		zkp_range_clear(&b->sel[i]);
	}
	zkp_range_clear(&b->sum);
	b->n = 0;
}

/* The component-wise sum of the ballot's ciphertexts, into an initialised
 * (infinity) sum. */
static bool ballot_sum(struct group *g, const struct ballot *b, struct elgamal_ct *sum)
{
	uint32_t i;

	for (i = 0; i < b->n; i++)
		if (!elgamal_add(g, sum, &b->ct[i]))
			return false;
	return true;
}

/* Whether choices are all 0 or 1 and their count is allowed; sets *count. */
static bool ballot_choices_valid(const struct ballot_context *ctx, const unsigned char *choices,
				 uint32_t *count)
{
	uint32_t i;

	*count = 0;
	for (i = 0; i < ctx->options; i++) {
		if (choices[i] > 1)
			return false;
		*count += choices[i];
	}
	return *count >= ctx->min_sel && *count <= ctx->max_sel;
}

/* Encrypt every selection, keeping each randomness in r[i]. */
static bool ballot_encrypt_selections(struct group *g, const struct ballot_context *ctx,
				      const unsigned char *choices, struct ballot *b, BIGNUM **r)
{
	uint32_t i;

	for (i = 0; i < ctx->options; i++) {
		r[i] = group_secret_new();
		if (r[i] == NULL || !elgamal_encrypt(g, ctx->key, choices[i], r[i], &b->ct[i]))
			return false;
	}
	return true;
}

/* Prove each selection in 0..1 and the sum in min..max. */
static bool ballot_prove(struct group *g, const struct ballot_context *ctx,
			 const unsigned char *choices, uint32_t count, struct ballot *b, BIGNUM **r)
{
	unsigned char d[GROUP_DIGEST_LEN], pc[GROUP_DIGEST_LEN];
	BIGNUM *rsum = group_secret_new();
	struct elgamal_ct sum = {NULL, NULL};
	bool ok = rsum != NULL && elgamal_ct_init(g, &sum) && ballot_digest(g, ctx, b, d);
	uint32_t i;

	for (i = 0; ok && i < b->n; i++)
		ok = ballot_proof_context(g, d, i, pc) &&
		     zkp_range_prove(g, pc, ctx->key, &b->ct[i], choices[i], r[i], &b->sel[i]) &&
		     group_scalar_add(g, rsum, rsum, r[i]);
	ok = ok && ballot_sum(g, b, &sum) && ballot_proof_context(g, d, -1, pc) &&
	     zkp_range_prove(g, pc, ctx->key, &sum, count, rsum, &b->sum);
	elgamal_ct_clear(&sum);
	BN_clear_free(rsum);
	return ok;
}

/* Encrypt and prove a ballot of choices (ctx->options bytes, each 0 or 1)
 * into b, which this initialises; false on an invalid choice. */
bool ballot_encrypt(struct group *g, const struct ballot_context *ctx, const unsigned char *choices,
		    struct ballot *b)
{
	BIGNUM *r[BALLOT_MAX_OPTIONS] = {NULL};
	uint32_t count = 0, i;
	bool ok = ballot_init(g, b, ctx) && ballot_choices_valid(ctx, choices, &count) &&
		  ballot_encrypt_selections(g, ctx, choices, b, r) &&
		  ballot_prove(g, ctx, choices, count, b, r);

	for (i = 0; i < BALLOT_MAX_OPTIONS; i++)
		BN_clear_free(r[i]);
	OPENSSL_cleanse(&count, sizeof(count));
	if (!ok)
		ballot_clear(b);
	return ok;
}

/* Whether b has the shape its context asks for. */
static bool ballot_shape_ok(const struct ballot_context *ctx, const struct ballot *b)
{
	uint32_t i;

	if (!ballot_context_valid(ctx) || b->n != ctx->options || b->sum.lo != ctx->min_sel ||
	    b->sum.hi != ctx->max_sel)
		return false;
	for (i = 0; i < b->n; i++)
		if (b->sel[i].lo != 0 || b->sel[i].hi != 1)
			return false;
	return true;
}

/* Check every proof of b against ctx; on failure *why says which. */
bool ballot_verify(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
		   const char **why)
{
	unsigned char d[GROUP_DIGEST_LEN], pc[GROUP_DIGEST_LEN];
	struct elgamal_ct sum = {NULL, NULL};
	bool ok = false;
	uint32_t i;

	*why = "the ballot does not have the shape of its context";
	if (!ballot_shape_ok(ctx, b))
		return false;
	*why = "the ballot cannot be hashed";
	if (!elgamal_ct_init(g, &sum) || !ballot_digest(g, ctx, b, d))
		goto out;
	*why = "a selection's proof does not verify";
	for (i = 0; i < b->n; i++)
		if (!ballot_proof_context(g, d, i, pc) ||
		    !zkp_range_verify(g, pc, ctx->key, &b->ct[i], &b->sel[i]))
			goto out;
	*why = "the proof of the number of selections does not verify";
	ok = ballot_sum(g, b, &sum) && ballot_proof_context(g, d, -1, pc) &&
	     zkp_range_verify(g, pc, ctx->key, &sum, &b->sum);
	if (ok)
		*why = NULL;
out:
	elgamal_ct_clear(&sum);
	return ok;
}
