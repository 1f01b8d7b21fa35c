#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ballot.h"
#include "xalloc.h"

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

/* E from the key's encoding (all zero: infinity, which fails). */
static bool ballot_election_digest_enc(struct group *g, const struct ballot_context *ctx,
				       const unsigned char key[GROUP_POINT_LEN],
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
	group_hash_bytes(&h, key, GROUP_POINT_LEN);
	h.ok = h.ok && key[0] != 0;
	return group_hash_digest(&h, out) && ballot_context_valid(ctx);
}

/* E = H(election; suite; committee; meeting; item; round; options; min;
 * max; question; K). */
bool ballot_election_digest(struct group *g, const struct ballot_context *ctx,
			    unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char key[GROUP_POINT_LEN] = {0};

	if (!group_point_encode(g, ctx->key, key))
		memset(key, 0, sizeof(key));
	return ballot_election_digest_enc(g, ctx, key, out);
}

/* V from the key's encoding. */
static bool ballot_voter_digest_enc(struct group *g, const struct ballot_context *ctx,
				    const unsigned char key[GROUP_POINT_LEN],
				    unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char e[GROUP_DIGEST_LEN];
	struct group_hash h;

	if (!ballot_election_digest_enc(g, ctx, key, e))
		return false;
	group_hash_init(g, &h, BALLOT_TAG_VOTER);
	group_hash_bytes(&h, e, sizeof(e));
	group_hash_u64(&h, ctx->voter);
	group_hash_bytes(&h, ctx->voter_pub, SIG_PUB_LEN);
	return group_hash_digest(&h, out);
}

/* V = H(voter; E; voter id; voter's Ed25519 key). */
bool ballot_voter_digest(struct group *g, const struct ballot_context *ctx,
			 unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char key[GROUP_POINT_LEN] = {0};

	if (!group_point_encode(g, ctx->key, key))
		memset(key, 0, sizeof(key));
	return ballot_voter_digest_enc(g, ctx, key, out);
}

/* D = H(ballot; V; n; A_1; B_1; ...; A_n; B_n) from the encodings of the
 * key and of the n ciphertexts (A_1, B_1, ...); any all zero fails. */
static bool ballot_digest_enc(struct group *g, const struct ballot_context *ctx, uint32_t n,
			      const unsigned char key[GROUP_POINT_LEN],
			      const unsigned char (*ct)[GROUP_POINT_LEN],
			      unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char v[GROUP_DIGEST_LEN];
	struct group_hash h;
	uint32_t i;

	if (!ballot_voter_digest_enc(g, ctx, key, v))
		return false;
	group_hash_init(g, &h, BALLOT_TAG_BALLOT);
	group_hash_bytes(&h, v, sizeof(v));
	group_hash_u64(&h, n);
	for (i = 0; i < 2 * n; i++) {
		group_hash_bytes(&h, ct[i], GROUP_POINT_LEN);
		h.ok = h.ok && ct[i][0] != 0;
	}
	return group_hash_digest(&h, out);
}

/* D for the prover: the key and every ciphertext encoded in one batch. */
static bool ballot_digest(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
			  unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char enc[1 + 2 * BALLOT_MAX_OPTIONS][GROUP_POINT_LEN];
	const EC_POINT *pts[1 + 2 * BALLOT_MAX_OPTIONS];
	uint32_t i;

	if (b->n > BALLOT_MAX_OPTIONS)
		return false;
	pts[0] = ctx->key;
	for (i = 0; i < b->n; i++) {
		pts[1 + 2 * i] = b->ct[i].a;
		pts[2 + 2 * i] = b->ct[i].b;
	}
	group_points_encode(g, pts, 1 + 2 * (size_t)b->n, enc); /* infinity: zeros, refused */
	return ballot_digest_enc(g, ctx, b->n, enc[0],
				 (const unsigned char(*)[GROUP_POINT_LEN])enc + 1, out);
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

/* Everything a ballot's check hashes, encoded in one batch: the key, the
 * ciphertexts, their sum, then the commitments of each proof (the n
 * selections', then the sum's), which the checks recompute first. */
struct ballot_check {
	struct elgamal_ct sum;
	size_t npts, nown;
	const EC_POINT **pts; /* key, A_1, B_1, ..., A_n, B_n, sum A, sum B, commitments */
	EC_POINT **own;       /* the commitments */
	unsigned char (*enc)[GROUP_POINT_LEN];
	size_t at[BALLOT_MAX_OPTIONS + 1];    /* proof i's first commitment in pts (n: the sum's) */
	bool made[BALLOT_MAX_OPTIONS + 1];    /* its commitments computed */
	BIGNUM *csum[BALLOT_MAX_OPTIONS + 1]; /* its challenges' sum */
};

/* Free what ballot_check_init allocated. */
static void ballot_check_clear(struct ballot_check *c, uint32_t n)
{
	size_t i;

	for (i = 0; c->own != NULL && i < c->nown; i++)
		EC_POINT_free(c->own[i]);
	for (i = 0; i <= n; i++)
		BN_free(c->csum[i]);
	elgamal_ct_clear(&c->sum);
	free(c->own);
	free(c->pts);
	free(c->enc);
}

/* Proof i's range: a selection's, or the sum's when i is n. */
static const struct zkp_range *ballot_range(const struct ballot *b, uint32_t i)
{
	return i < b->n ? &b->sel[i] : &b->sum;
}

/* Lay out the points, sum the ciphertexts, recompute every proof's
 * commitments (one failing marks only that proof), and encode all. False
 * only when something cannot be allocated. */
static bool ballot_check_init(struct group *g, const struct ballot_context *ctx,
			      const struct ballot *b, struct ballot_check *c)
{
	size_t first = 3 + 2 * (size_t)b->n, i;
	bool summed;
	uint32_t k;

	memset(c, 0, sizeof(*c));
	for (k = 0; k <= b->n; k++)
		c->nown += zkp_range_points(ballot_range(b, k));
	c->npts = first + c->nown;
	c->pts = xcalloc(c->npts, sizeof(*c->pts));
	c->own = xcalloc(c->nown, sizeof(*c->own));
	c->enc = xcalloc(c->npts, GROUP_POINT_LEN);
	if (!elgamal_ct_init(g, &c->sum))
		return false;
	summed = ballot_sum(g, b, &c->sum);
	c->pts[0] = ctx->key;
	for (k = 0; k < b->n; k++) {
		c->pts[1 + 2 * k] = b->ct[k].a;
		c->pts[2 + 2 * k] = b->ct[k].b;
	}
	c->pts[first - 2] = c->sum.a;
	c->pts[first - 1] = c->sum.b;
	for (i = 0; i < c->nown; i++)
		if ((c->pts[first + i] = c->own[i] = group_point_new(g)) == NULL)
			return false;
	for (k = 0, i = first; k <= b->n; i += zkp_range_points(ballot_range(b, k)), k++) {
		c->at[k] = i;
		if ((c->csum[k] = BN_new()) == NULL)
			return false;
		c->made[k] =
			(k < b->n || summed) &&
			zkp_range_commitments(g, ctx->key, k < b->n ? &b->ct[k] : &c->sum,
					      ballot_range(b, k), c->own + (i - first), c->csum[k]);
	}
	group_points_encode(g, c->pts, c->npts, c->enc); /* infinity: zeros, refused */
	return true;
}

/* Proof i's hash (i == n: the sum's) against its challenges, from the
 * encodings. */
static bool ballot_check_proof(struct group *g, const struct ballot_check *c,
			       const struct ballot *b, const unsigned char d[GROUP_DIGEST_LEN],
			       uint32_t i)
{
	const unsigned char(*enc)[GROUP_POINT_LEN] =
		(const unsigned char(*)[GROUP_POINT_LEN])c->enc;
	unsigned char pc[GROUP_DIGEST_LEN];
	size_t a = 1 + 2 * (size_t)i; /* the sum's A follows B_n */

	return c->made[i] && ballot_proof_context(g, d, i < b->n ? (long)i : -1, pc) &&
	       zkp_range_check_encoded(g, pc, ballot_range(b, i), enc[0], enc[a], enc[a + 1],
				       enc + c->at[i], c->csum[i]);
}

/* Check every proof of b against ctx; on failure *why says which. Every
 * commitment is recomputed first, so that all the points hashed are
 * encoded at the cost of one field inversion; the verdict, and which
 * failure *why names, are those of checking the proofs one by one. */
bool ballot_verify(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
		   const char **why)
{
	const unsigned char(*enc)[GROUP_POINT_LEN];
	unsigned char d[GROUP_DIGEST_LEN];
	struct ballot_check c;
	bool ok = false;
	uint32_t i;

	*why = "the ballot does not have the shape of its context";
	if (!ballot_shape_ok(ctx, b))
		return false;
	*why = "the ballot cannot be hashed";
	if (!ballot_check_init(g, ctx, b, &c))
		goto out;
	enc = (const unsigned char(*)[GROUP_POINT_LEN])c.enc;
	if (!ballot_digest_enc(g, ctx, b->n, enc[0], enc + 1, d))
		goto out;
	*why = "a selection's proof does not verify";
	for (i = 0; i < b->n; i++)
		if (!ballot_check_proof(g, &c, b, d, i))
			goto out;
	*why = "the proof of the number of selections does not verify";
	ok = ballot_check_proof(g, &c, b, d, b->n);
	if (ok)
		*why = NULL;
out:
	ballot_check_clear(&c, b->n);
	return ok;
}
