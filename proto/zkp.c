#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "xalloc.h"
#include "zkp.h"

/* Scratch for one proof: scalars and points, freed together. */
struct zkp_work {
	BIGNUM *w, *c, *z, *nc, *sum;
	EC_POINT *t1, *t2, *t3;
};

/* Allocate the scratch; false if anything is missing (clear it anyway). */
static bool zkp_work_init(const struct group *g, struct zkp_work *k)
{
	k->w = group_secret_new();
	k->z = group_secret_new();
	k->c = group_secret_new();
	k->nc = group_secret_new();
	k->sum = group_secret_new();
	k->t1 = group_point_new(g);
	k->t2 = group_point_new(g);
	k->t3 = group_point_new(g);
	return k->w != NULL && k->z != NULL && k->c != NULL && k->nc != NULL && k->sum != NULL &&
	       k->t1 != NULL && k->t2 != NULL && k->t3 != NULL;
}

/* Free the scratch, wiping its secrets. */
static void zkp_work_clear(struct zkp_work *k)
{
	BN_clear_free(k->w);
	BN_clear_free(k->z);
	BN_clear_free(k->c);
	BN_clear_free(k->nc);
	BN_clear_free(k->sum);
	EC_POINT_clear_free(k->t1);
	EC_POINT_clear_free(k->t2);
	EC_POINT_clear_free(k->t3);
}

/* c = H(tag; ctx; points...) for the n points given. */
static bool zkp_challenge(struct group *g, const char *tag, const unsigned char *ctx,
			  const EC_POINT *const *pts, int n, BIGNUM *c)
{
	struct group_hash h;
	int i;

	group_hash_init(g, &h, tag);
	group_hash_bytes(&h, ctx, GROUP_DIGEST_LEN);
	for (i = 0; i < n; i++)
		group_hash_point(g, &h, pts[i]);
	return group_hash_scalar(g, &h, c);
}

/* z = w + c·x, then the proof (c, z). */
static bool zkp_respond(struct group *g, struct zkp_work *k, const BIGNUM *x, struct zkp_proof *out)
{
	return group_scalar_mul(g, k->z, k->c, x) && group_scalar_add(g, k->z, k->z, k->w) &&
	       group_scalar_encode(k->c, out->c) && group_scalar_encode(k->z, out->z);
}

/* Read a proof's (c, z) and set nc = -c. */
static bool zkp_read(struct group *g, struct zkp_work *k, const struct zkp_proof *p)
{
	return group_scalar_decode(g, p->c, k->c) && group_scalar_decode(g, p->z, k->z) &&
	       group_scalar_neg(g, k->nc, k->c);
}

/* Prove knowledge of x with pub = x·G: T = w·G, c = H(schnorr; ctx; X; T). */
bool zkp_schnorr_prove(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN], const BIGNUM *x,
		       const EC_POINT *pub, struct zkp_proof *out)
{
	struct zkp_work k;
	bool ok = zkp_work_init(g, &k) && group_scalar_random(g, k.w) &&
		  group_mul_secret(g, k.t1, k.w, NULL) &&
		  zkp_challenge(g, ZKP_TAG_SCHNORR, ctx, (const EC_POINT *[]){pub, k.t1}, 2, k.c) &&
		  zkp_respond(g, &k, x, out);

	zkp_work_clear(&k);
	return ok;
}

/* Check: T = z·G - c·X, then c = H(schnorr; ctx; X; T). */
bool zkp_schnorr_verify(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
			const EC_POINT *pub, const struct zkp_proof *p)
{
	struct zkp_work k;
	bool ok = zkp_work_init(g, &k) && zkp_read(g, &k, p) &&
		  group_mul_public(g, k.t1, k.z, pub, k.nc) &&
		  zkp_challenge(g, ZKP_TAG_SCHNORR, ctx, (const EC_POINT *[]){pub, k.t1}, 2, k.w) &&
		  BN_cmp(k.w, k.c) == 0;

	zkp_work_clear(&k);
	return ok;
}

/* Prove pub = x·G and d = x·base: T1 = w·G, T2 = w·base,
 * c = H(dleq; ctx; X; base; D; T1; T2). */
bool zkp_dleq_prove(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN], const BIGNUM *x,
		    const EC_POINT *pub, const EC_POINT *base, const EC_POINT *d,
		    struct zkp_proof *out)
{
	struct zkp_work k;
	bool ok = zkp_work_init(g, &k) && group_scalar_random(g, k.w) &&
		  group_mul_secret(g, k.t1, k.w, NULL) && group_mul_secret(g, k.t2, k.w, base) &&
		  zkp_challenge(g, ZKP_TAG_DLEQ, ctx,
				(const EC_POINT *[]){pub, base, d, k.t1, k.t2}, 5, k.c) &&
		  zkp_respond(g, &k, x, out);

	zkp_work_clear(&k);
	return ok;
}

/* Check: T1 = z·G - c·X, T2 = z·base - c·D, c = H(dleq; ...). */
bool zkp_dleq_verify(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
		     const EC_POINT *pub, const EC_POINT *base, const EC_POINT *d,
		     const struct zkp_proof *p)
{
	struct zkp_work k;
	bool ok = zkp_work_init(g, &k) && zkp_read(g, &k, p) &&
		  group_mul_public(g, k.t1, k.z, pub, k.nc) &&
		  group_mul_public(g, k.t2, NULL, base, k.z) &&
		  group_mul_public(g, k.t3, NULL, d, k.nc) &&
		  EC_POINT_add(g->ec, k.t2, k.t2, k.t3, g->bn) == 1 &&
		  zkp_challenge(g, ZKP_TAG_DLEQ, ctx,
				(const EC_POINT *[]){pub, base, d, k.t1, k.t2}, 5, k.w) &&
		  BN_cmp(k.w, k.c) == 0;

	zkp_work_clear(&k);
	return ok;
}

/* Room for hi - lo + 1 branches. */
bool zkp_range_init(struct zkp_range *p, uint32_t lo, uint32_t hi)
{
	size_t k = (size_t)hi - lo + 1;

	p->lo = lo;
	p->hi = hi;
	p->n = 0;
	p->c = NULL;
	p->z = NULL;
	if (hi < lo || hi - lo > ZKP_RANGE_MAX)
		return false;
	p->c = xcalloc(k, sizeof(*p->c));
	p->z = xcalloc(k, sizeof(*p->z));
	p->n = (uint32_t)k;
	if (p->c != NULL && p->z != NULL)
		return true;
	zkp_range_clear(p);
	return false;
}

/* Free a range proof's branches, wiped: an unfinished proof holds the
 * prover's secrets. */
void zkp_range_clear(struct zkp_range *p)
{
	if (p->c != NULL)
		OPENSSL_cleanse(p->c, p->n * sizeof(*p->c));
	if (p->z != NULL)
		OPENSSL_cleanse(p->z, p->n * sizeof(*p->z));
	free(p->c);
	free(p->z);
	p->n = 0;
	p->c = NULL;
	p->z = NULL;
}

/* Start H(range; ctx; lo; hi; K; A; B; ...) from the encodings of the
 * statement's three points; an all-zero one (infinity) spoils it. */
static void zkp_range_hash_start(struct group *g, struct group_hash *h, const unsigned char *ctx,
				 const struct zkp_range *p, const unsigned char *key,
				 const unsigned char *a, const unsigned char *b)
{
	group_hash_init(g, h, ZKP_TAG_RANGE);
	group_hash_bytes(h, ctx, GROUP_DIGEST_LEN);
	group_hash_u64(h, p->lo);
	group_hash_u64(h, p->hi);
	group_hash_bytes(h, key, GROUP_POINT_LEN);
	group_hash_bytes(h, a, GROUP_POINT_LEN);
	group_hash_bytes(h, b, GROUP_POINT_LEN);
	h->ok = h->ok && key[0] != 0 && a[0] != 0 && b[0] != 0;
}

/* bj = B - lo·G, the first branch's B - m·G. */
static bool zkp_range_first(struct group *g, const struct elgamal_ct *ct, const struct zkp_range *p,
			    struct zkp_work *k, EC_POINT *bj)
{
	if (p->lo == 0)
		return EC_POINT_copy(bj, ct->b) == 1;
	return BN_set_word(k->nc, p->lo) == 1 && group_mul_public(g, k->t3, k->nc, NULL, NULL) &&
	       group_sub(g, bj, ct->b, k->t3);
}

/* The prover's start: the hash over the statement, and the first bj. */
static bool zkp_range_start(struct group *g, struct group_hash *h, const unsigned char *ctx,
			    const EC_POINT *key, const struct elgamal_ct *ct,
			    const struct zkp_range *p, struct zkp_work *k, EC_POINT *bj)
{
	unsigned char enc[3][GROUP_POINT_LEN];
	bool ok = group_points_encode(g, (const EC_POINT *[]){key, ct->a, ct->b}, 3, enc);

	zkp_range_hash_start(g, h, ctx, p, enc[0], enc[1], enc[2]);
	return ok && zkp_range_first(g, ct, p, k, bj);
}

/* One branch's commitments a = v·G - u·A (in t1), b = v·K - u·bj (in t2),
 * hashed; the prover's form, every product a single secret multiplication. */
static bool zkp_range_commit_secret(struct group *g, struct group_hash *h, struct zkp_work *k,
				    const EC_POINT *key, const struct elgamal_ct *ct,
				    const BIGNUM *u, const BIGNUM *v, const EC_POINT *bj)
{
	bool ok = group_mul_secret(g, k->t1, v, NULL) && group_mul_secret(g, k->t3, u, ct->a) &&
		  group_sub(g, k->t1, k->t1, k->t3) && group_mul_secret(g, k->t2, v, key) &&
		  group_mul_secret(g, k->t3, u, bj) && group_sub(g, k->t2, k->t2, k->t3);

	group_hash_point(g, h, k->t1);
	group_hash_point(g, h, k->t2);
	return ok;
}

/* One simulated-looking branch j of the prover: fresh (u, v) kept in the
 * proof for now, their commitments hashed, u added to the sum, and (u, v)
 * also copied into (su, sv) when j is the real branch, without a branch. */
static bool zkp_range_branch(struct group *g, struct group_hash *h, struct zkp_work *k,
			     const EC_POINT *key, const struct elgamal_ct *ct, struct zkp_range *p,
			     uint32_t j, unsigned char mask, unsigned char su[GROUP_SCALAR_LEN],
			     unsigned char sv[GROUP_SCALAR_LEN], EC_POINT *bj)
{
	bool ok = group_scalar_random(g, k->c) && group_scalar_random(g, k->z) &&
		  group_scalar_encode(k->c, p->c[j]) && group_scalar_encode(k->z, p->z[j]) &&
		  zkp_range_commit_secret(g, h, k, key, ct, k->c, k->z, bj) &&
		  group_scalar_add(g, k->sum, k->sum, k->c) &&
		  group_sub(g, bj, bj, EC_GROUP_get0_generator(g->ec));

	group_ct_select(su, p->c[j], su, GROUP_SCALAR_LEN, mask);
	group_ct_select(sv, p->z[j], sv, GROUP_SCALAR_LEN, mask);
	return ok;
}

/* The real branch's answer from the challenge c (in k->w on entry):
 * c_m = c - sum(u) + u_m and z_m = v_m + (c_m - u_m)·r, into cm and zm. */
static bool zkp_range_answer(struct group *g, struct zkp_work *k, const BIGNUM *r,
			     const unsigned char su[GROUP_SCALAR_LEN],
			     const unsigned char sv[GROUP_SCALAR_LEN],
			     unsigned char cm[GROUP_SCALAR_LEN], unsigned char zm[GROUP_SCALAR_LEN])
{
	BIGNUM *u = group_secret_new(), *v = group_secret_new();
	bool ok = u != NULL && v != NULL && BN_bin2bn(su, GROUP_SCALAR_LEN, u) != NULL &&
		  BN_bin2bn(sv, GROUP_SCALAR_LEN, v) != NULL &&
		  group_scalar_sub(g, k->c, k->w, k->sum) && group_scalar_add(g, k->c, k->c, u) &&
		  group_scalar_sub(g, k->z, k->c, u) && group_scalar_mul(g, k->z, k->z, r) &&
		  group_scalar_add(g, k->z, k->z, v) && group_scalar_encode(k->c, cm) &&
		  group_scalar_encode(k->z, zm);

	BN_clear_free(u);
	BN_clear_free(v);
	return ok;
}

/* Prove that ct = (r·G, m·G + r·K) with lo <= m <= hi. Every branch, the
 * real one included, does the same work on fresh random (u, v); the real
 * branch's (c, z) replace its (u, v) at the end by masked copies, so the
 * time taken does not depend on m (proto/BALLOT.md 5.3). */
bool zkp_range_prove(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
		     const EC_POINT *key, const struct elgamal_ct *ct, uint32_t m, const BIGNUM *r,
		     struct zkp_range *p)
{
	unsigned char su[GROUP_SCALAR_LEN] = {0}, sv[GROUP_SCALAR_LEN] = {0};
	unsigned char cm[GROUP_SCALAR_LEN], zm[GROUP_SCALAR_LEN];
	EC_POINT *bj = group_point_new(g);
	struct group_hash h = {NULL, false};
	struct zkp_work k;
	uint32_t j;
	bool ok;

	ok = zkp_work_init(g, &k) && bj != NULL && m >= p->lo && m <= p->hi &&
	     zkp_range_start(g, &h, ctx, key, ct, p, &k, bj);
	if (ok)
		BN_zero(k.sum);
	for (j = 0; ok && j <= p->hi - p->lo; j++)
		ok = zkp_range_branch(g, &h, &k, key, ct, p, j, group_ct_eq(j, m - p->lo), su, sv,
				      bj);
	ok = ok && group_hash_scalar(g, &h, k.w) && zkp_range_answer(g, &k, r, su, sv, cm, zm);
	for (j = 0; ok && j <= p->hi - p->lo; j++) {
		group_ct_select(p->c[j], cm, p->c[j], GROUP_SCALAR_LEN, group_ct_eq(j, m - p->lo));
		group_ct_select(p->z[j], zm, p->z[j], GROUP_SCALAR_LEN, group_ct_eq(j, m - p->lo));
	}
	OPENSSL_cleanse(su, sizeof(su));
	OPENSSL_cleanse(sv, sizeof(sv));
	OPENSSL_cleanse(cm, sizeof(cm));
	OPENSSL_cleanse(zm, sizeof(zm));
	group_hash_clear(&h);
	EC_POINT_free(bj);
	zkp_work_clear(&k);
	return ok;
}

/* The verifier's branch j: a = z·G - c·A and b = z·K - c·bj (z·K from
 * the key's table) into pa and pb; c added to the sum; bj moves on to
 * B - (lo+j+1)·G. */
static bool zkp_range_check_branch(struct group *g, struct zkp_work *k, const EC_POINT *key,
				   const struct elgamal_ct *ct, const struct zkp_range *p,
				   uint32_t j, EC_POINT *bj, EC_POINT *pa, EC_POINT *pb)
{
	return group_scalar_decode(g, p->c[j], k->c) && group_scalar_decode(g, p->z[j], k->z) &&
	       group_scalar_neg(g, k->nc, k->c) && group_mul_public(g, pa, k->z, ct->a, k->nc) &&
	       group_mul_key(g, pb, k->z, key) && group_mul_public(g, k->t3, NULL, bj, k->nc) &&
	       EC_POINT_add(g->ec, pb, pb, k->t3, g->bn) == 1 &&
	       group_scalar_add(g, k->sum, k->sum, k->c) &&
	       group_sub(g, bj, bj, EC_GROUP_get0_generator(g->ec));
}

/* Free n points of pts, then pts. */
static void zkp_points_free(EC_POINT **pts, size_t n)
{
	size_t i;

	for (i = 0; pts != NULL && i < n; i++)
		EC_POINT_free(pts[i]);
	free(pts);
}

/* Points a range proof's check hashes besides its statement: two a
 * branch; 0 for a range we do not prove (or branches missing). */
size_t zkp_range_points(const struct zkp_range *p)
{
	if (p->hi < p->lo || p->hi - p->lo > ZKP_RANGE_MAX || p->n < p->hi - p->lo + 1)
		return 0;
	return 2 * ((size_t)(p->hi - p->lo) + 1);
}

/* The verifier's first step: every branch's commitments a_j, b_j into
 * out (zkp_range_points(p) points) and the sum of the challenges. */
bool zkp_range_commitments(struct group *g, const EC_POINT *key, const struct elgamal_ct *ct,
			   const struct zkp_range *p, EC_POINT **out, BIGNUM *csum)
{
	EC_POINT *bj = group_point_new(g);
	struct zkp_work k;
	uint32_t j;
	bool ok = zkp_work_init(g, &k) && bj != NULL && zkp_range_points(p) > 0 &&
		  zkp_range_first(g, ct, p, &k, bj);

	if (ok)
		BN_zero(k.sum);
	for (j = 0; ok && j <= p->hi - p->lo; j++)
		ok = zkp_range_check_branch(g, &k, key, ct, p, j, bj, out[2 * j], out[2 * j + 1]);
	ok = ok && BN_copy(csum, k.sum) != NULL;
	EC_POINT_free(bj);
	zkp_work_clear(&k);
	return ok;
}

/* The second: sum(c_j) = H(range; ctx; lo; hi; K; A; B; a_lo; b_lo; ...;
 * a_hi; b_hi), from the encodings of the statement and of the
 * commitments (group_points_encode's: all zero for infinity, which fails). */
bool zkp_range_check_encoded(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
			     const struct zkp_range *p, const unsigned char key[GROUP_POINT_LEN],
			     const unsigned char a[GROUP_POINT_LEN],
			     const unsigned char b[GROUP_POINT_LEN],
			     const unsigned char (*commit)[GROUP_POINT_LEN], const BIGNUM *csum)
{
	size_t n = zkp_range_points(p), i;
	BIGNUM *c = BN_new();
	struct group_hash h;
	bool ok = c != NULL && n > 0;

	zkp_range_hash_start(g, &h, ctx, p, key, a, b);
	for (i = 0; i < n; i++) {
		group_hash_bytes(&h, commit[i], GROUP_POINT_LEN);
		ok = ok && commit[i][0] != 0;
	}
	h.ok = h.ok && ok;
	ok = group_hash_scalar(g, &h, c) && BN_cmp(c, csum) == 0;
	BN_free(c);
	return ok;
}

/* Check a range proof: recompute every branch's commitments, then the
 * hash, the statement and the commitments encoded in one batch. */
bool zkp_range_verify(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
		      const EC_POINT *key, const struct elgamal_ct *ct, const struct zkp_range *p)
{
	size_t n = zkp_range_points(p), i;
	EC_POINT **pts = xcalloc(n, sizeof(*pts));
	const EC_POINT **all = xcalloc(n + 3, sizeof(*all));
	unsigned char(*enc)[GROUP_POINT_LEN] = xcalloc(n + 3, GROUP_POINT_LEN);
	BIGNUM *sum = BN_new();
	bool ok = n > 0 && sum != NULL;

	all[0] = key, all[1] = ct->a, all[2] = ct->b;
	for (i = 0; ok && i < n; i++)
		ok = (all[i + 3] = pts[i] = group_point_new(g)) != NULL;
	ok = ok && zkp_range_commitments(g, key, ct, p, pts, sum);
	if (ok)
		group_points_encode(g, all, n + 3, enc); /* infinity: zeros, refused */
	ok = ok && zkp_range_check_encoded(g, ctx, p, enc[0], enc[1], enc[2],
					   (const unsigned char(*)[GROUP_POINT_LEN])enc + 3, sum);
	BN_free(sum);
	free(enc);
	free(all);
	zkp_points_free(pts, n);
	return ok;
}
