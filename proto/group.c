#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "b64.h"
#include "group.h"
#include "xalloc.h"

static void group_key_drop(struct group_key_table *t);

/* P-256 with its order, field prime and a context; rand NULL means the
 * system's generator. */
struct group *group_new(group_rand_fn rand, void *rand_arg)
{
	struct group *g = xcalloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	g->ec = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	g->sha512 = EVP_MD_fetch(NULL, "SHA512", NULL);
	g->field = BN_new();
	g->b = BN_new();
	g->mont = BN_MONT_CTX_new();
	g->bn = BN_CTX_secure_new();
	if (g->ec == NULL || g->sha512 == NULL || g->field == NULL || g->b == NULL ||
	    g->mont == NULL || g->bn == NULL ||
	    EC_GROUP_get_curve(g->ec, g->field, NULL, g->b, g->bn) != 1 ||
	    BN_MONT_CTX_set(g->mont, g->field, g->bn) != 1) {
		group_free(g);
		return NULL;
	}
	g->order = EC_GROUP_get0_order(g->ec);
	g->rand = rand != NULL ? rand : group_rand_system;
	g->rand_arg = rand_arg;
	return g;
}

/* Free g and everything it holds; NULL is ignored. */
void group_free(struct group *g)
{
	unsigned i;

	if (g == NULL)
		return;
	EC_GROUP_free(g->ec);
	EVP_MD_free(g->sha512);
	BN_free(g->field);
	BN_free(g->b);
	BN_MONT_CTX_free(g->mont);
	BN_CTX_free(g->bn);
	for (i = 0; i < GROUP_KEY_TABLES; i++)
		group_key_drop(&g->keys[i]);
	free(g);
}

/* The production random source: OpenSSL's private DRBG. */
bool group_rand_system(void *arg, unsigned char *buf, size_t len)
{
	(void)arg;
	return len <= 0x7fffffff && RAND_priv_bytes(buf, (int)len) == 1;
}

/* A new point of the group (the point at infinity). */
EC_POINT *group_point_new(const struct group *g)
{
	return EC_POINT_new(g->ec);
}

/* A BIGNUM for a secret: secure heap if there is one, constant-time paths. */
BIGNUM *group_secret_new(void)
{
	BIGNUM *s = BN_secure_new();

	if (s != NULL)
		BN_set_flags(s, BN_FLG_CONSTTIME);
	return s;
}

/* A uniform non-zero scalar: 64 random bytes reduced mod n, retried on 0. */
bool group_scalar_random(struct group *g, BIGNUM *out)
{
	unsigned char buf[64];
	bool ok;

	do {
		ok = g->rand(g->rand_arg, buf, sizeof(buf)) &&
		     BN_bin2bn(buf, sizeof(buf), out) != NULL &&
		     BN_nnmod(out, out, g->order, g->bn) == 1;
	} while (ok && BN_is_zero(out));
	OPENSSL_cleanse(buf, sizeof(buf));
	return ok;
}

/* r = a + b mod n. */
bool group_scalar_add(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	return BN_mod_add(r, a, b, g->order, g->bn) == 1;
}

/* r = a - b mod n. */
bool group_scalar_sub(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	return BN_mod_sub(r, a, b, g->order, g->bn) == 1;
}

/* r = a * b mod n. */
bool group_scalar_mul(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	return BN_mod_mul(r, a, b, g->order, g->bn) == 1;
}

/* r = -a mod n, for a reduced a. */
bool group_scalar_neg(struct group *g, BIGNUM *r, const BIGNUM *a)
{
	if (BN_is_zero(a)) {
		BN_zero(r);
		return true;
	}
	return BN_sub(r, g->order, a) == 1;
}

/* OpenSSL 3 deprecates the Jacobian-coordinate, precomputation and
 * batch calls of the EC_POINT API without a replacement at this level;
 * they still work. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* The compressed form of the affine point (x, y), both reduced. */
static bool group_affine_encode(struct group *g, const BIGNUM *x, const BIGNUM *y,
				unsigned char out[GROUP_POINT_LEN])
{
	out[0] = (unsigned char)(2 + BN_is_odd(y));
	return BN_cmp(x, g->field) < 0 && BN_cmp(y, g->field) < 0 &&
	       BN_bn2binpad(x, out + 1, GROUP_POINT_LEN - 1) == GROUP_POINT_LEN - 1;
}

/* The 33-byte compressed form through OpenSSL alone: what the unit tests
 * hold group_point_encode and group_points_encode to. False for the point
 * at infinity. */
bool group_point_encode_generic(struct group *g, const EC_POINT *p,
				unsigned char out[GROUP_POINT_LEN])
{
	return !EC_POINT_is_at_infinity(g->ec, p) &&
	       EC_POINT_point2oct(g->ec, p, POINT_CONVERSION_COMPRESSED, out, GROUP_POINT_LEN,
				  g->bn) == GROUP_POINT_LEN;
}

/* The 33-byte compressed form; false for the point at infinity. OpenSSL's
 * P-256 code inverts Z for every point it encodes, even Z = 1; a point
 * that is already affine (decoded, or made affine) is encoded here from
 * its coordinates, without that inversion. */
bool group_point_encode(struct group *g, const EC_POINT *p, unsigned char out[GROUP_POINT_LEN])
{
	BIGNUM *x, *y, *z;
	bool ok, affine;

	BN_CTX_start(g->bn);
	x = BN_CTX_get(g->bn);
	y = BN_CTX_get(g->bn);
	z = BN_CTX_get(g->bn);
	ok = z != NULL && EC_POINT_get_Jprojective_coordinates_GFp(g->ec, p, x, y, z, g->bn) == 1 &&
	     !BN_is_zero(z);
	affine = ok && BN_is_one(z);
	ok = ok &&
	     (affine ? group_affine_encode(g, x, y, out) : group_point_encode_generic(g, p, out));
	BN_CTX_end(g->bn);
	return ok;
}

/* Room for one batch of group_points_encode. */
struct group_batch {
	BIGNUM *x[GROUP_ENCODE_BATCH], *y[GROUP_ENCODE_BATCH], *z[GROUP_ENCODE_BATCH];
	BIGNUM *pre[GROUP_ENCODE_BATCH]; /* products of the z so far, Montgomery form */
	size_t idx[GROUP_ENCODE_BATCH];  /* which points need an inversion */
	size_t m;                        /* how many */
};

/* Read the points' Jacobian coordinates; encode the affine ones at once,
 * queue the others with their running product of Z; infinity gets zeros
 * (and *finite false). False if any step fails. */
static bool group_batch_read(struct group *g, struct group_batch *b, const EC_POINT *const *pts,
			     size_t n, unsigned char (*out)[GROUP_POINT_LEN], bool *finite)
{
	size_t i;

	b->m = 0;
	for (i = 0; i < n; i++) {
		b->x[i] = BN_CTX_get(g->bn);
		b->y[i] = BN_CTX_get(g->bn);
		b->z[i] = BN_CTX_get(g->bn);
		b->pre[i] = BN_CTX_get(g->bn);
		if (b->pre[i] == NULL ||
		    EC_POINT_get_Jprojective_coordinates_GFp(g->ec, pts[i], b->x[i], b->y[i],
							     b->z[i], g->bn) != 1)
			return false;
		if (BN_is_zero(b->z[i])) {
			memset(out[i], 0, GROUP_POINT_LEN);
			*finite = false;
			continue;
		}
		if (BN_is_one(b->z[i])) {
			if (!group_affine_encode(g, b->x[i], b->y[i], out[i]))
				return false;
			continue;
		}
		if (BN_to_montgomery(b->z[i], b->z[i], g->mont, g->bn) != 1 ||
		    (b->m == 0 ? BN_copy(b->pre[b->m], b->z[i]) == NULL
			       : BN_mod_mul_montgomery(b->pre[b->m], b->pre[b->m - 1], b->z[i],
						       g->mont, g->bn) != 1))
			return false;
		b->idx[b->m++] = i;
	}
	return true;
}

/* Montgomery's trick: one inversion of the product of every queued Z,
 * then each 1/Z from it walking back; x = X/Z², y = Y/Z³. */
static bool group_batch_invert(struct group *g, struct group_batch *b,
			       unsigned char (*out)[GROUP_POINT_LEN])
{
	BIGNUM *inv = BN_CTX_get(g->bn), *zi = BN_CTX_get(g->bn), *zi2 = BN_CTX_get(g->bn);
	size_t k, i;

	if (zi2 == NULL || BN_from_montgomery(inv, b->pre[b->m - 1], g->mont, g->bn) != 1 ||
	    BN_mod_inverse(inv, inv, g->field, g->bn) == NULL ||
	    BN_to_montgomery(inv, inv, g->mont, g->bn) != 1)
		return false;
	for (k = b->m; k-- > 0;) {
		i = b->idx[k];
		if (k == 0 && BN_copy(zi, inv) == NULL)
			return false;
		if (k > 0 && (BN_mod_mul_montgomery(zi, inv, b->pre[k - 1], g->mont, g->bn) != 1 ||
			      BN_mod_mul_montgomery(inv, inv, b->z[i], g->mont, g->bn) != 1))
			return false;
		/* zi = R/Z; X·(R/Z²)/R = X/Z², likewise Y/Z³ */
		if (BN_mod_mul_montgomery(zi2, zi, zi, g->mont, g->bn) != 1 ||
		    BN_mod_mul_montgomery(b->x[i], b->x[i], zi2, g->mont, g->bn) != 1 ||
		    BN_mod_mul_montgomery(zi2, zi2, zi, g->mont, g->bn) != 1 ||
		    BN_mod_mul_montgomery(b->y[i], b->y[i], zi2, g->mont, g->bn) != 1 ||
		    !group_affine_encode(g, b->x[i], b->y[i], out[i]))
			return false;
	}
	return true;
}

/* Encode up to GROUP_ENCODE_BATCH points. Below three to invert, OpenSSL's
 * own inversion (in assembly) is cheaper than one through BIGNUMs. */
static bool group_batch_encode(struct group *g, const EC_POINT *const *pts, size_t n,
			       unsigned char (*out)[GROUP_POINT_LEN], bool *finite)
{
	struct group_batch b;
	size_t k;
	bool ok;

	BN_CTX_start(g->bn);
	ok = group_batch_read(g, &b, pts, n, out, finite);
	if (ok && b.m >= 3)
		ok = group_batch_invert(g, &b, out);
	else
		for (k = 0; ok && k < b.m; k++)
			ok = group_point_encode_generic(g, pts[b.idx[k]], out[b.idx[k]]);
	BN_CTX_end(g->bn);
	return ok;
}

/* Encode n points at the cost of one field inversion per
 * GROUP_ENCODE_BATCH of them (none for points already affine): each
 * out[i] as group_point_encode(pts[i]) gives, or 33 zero bytes (no
 * encoding begins with 0) for the point at infinity. True if every point
 * has its encoding; if a step fails, none has. */
bool group_points_encode(struct group *g, const EC_POINT *const *pts, size_t n,
			 unsigned char (*out)[GROUP_POINT_LEN])
{
	bool finite = true;
	size_t done, k;

	for (done = 0; done < n; done += k) {
		k = n - done < GROUP_ENCODE_BATCH ? n - done : GROUP_ENCODE_BATCH;
		if (!group_batch_encode(g, pts + done, k, out + done, &finite)) {
			memset(out, 0, n * GROUP_POINT_LEN);
			ERR_clear_error();
			return false;
		}
	}
	return finite;
}

#pragma GCC diagnostic pop

/* Arithmetic mod p in Montgomery form (the group's context): r = a·b. */
static bool group_fmul(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	return BN_mod_mul_montgomery(r, a, b, g->mont, g->bn) == 1;
}

/* r = a^(2^n) · m, Montgomery form; r may be a or m. */
static bool group_fsqr_mul(struct group *g, BIGNUM *r, const BIGNUM *a, int n, const BIGNUM *m)
{
	bool ok = group_fmul(g, r, a, a);
	int i;

	for (i = 1; ok && i < n; i++)
		ok = group_fmul(g, r, r, r);
	return ok && (m == NULL || group_fmul(g, r, r, m));
}

/* r = a^((p+1)/4), a and r in Montgomery form, by a fixed addition chain:
 * for P-256's p = 2^256 - 2^224 + 2^192 + 2^96 - 1, (p+1)/4 is
 * (2^32-1)·2^222 + 2^190 + 2^94, which takes 253 squarings and 7
 * multiplications (a generic exponentiation by it spends some 50 more on
 * its window). r may be a. */
static bool group_fsqrt(struct group *g, BIGNUM *r, const BIGNUM *a)
{
	BIGNUM *x2, *x;
	bool ok;

	BN_CTX_start(g->bn);
	x2 = BN_CTX_get(g->bn);
	x = BN_CTX_get(g->bn);
	ok = x != NULL && group_fsqr_mul(g, x2, a, 1, a) && /* a^(2^2-1) */
	     group_fsqr_mul(g, x, x2, 2, x2) &&             /* a^(2^4-1) */
	     group_fsqr_mul(g, x2, x, 4, x) &&              /* a^(2^8-1) */
	     group_fsqr_mul(g, x, x2, 8, x2) &&             /* a^(2^16-1) */
	     group_fsqr_mul(g, x2, x, 16, x) &&             /* a^(2^32-1) */
	     group_fsqr_mul(g, x, x2, 32, a) &&             /* a^((2^32-1)·2^32 + 1) */
	     group_fsqr_mul(g, x, x, 96, a) &&              /* ... ·2^96 + 1 */
	     group_fsqr_mul(g, r, x, 94, NULL);             /* ... ·2^94 */
	BN_CTX_end(g->bn);
	return ok;
}

/* Whether a (0 <= a < p) is a square mod p; if it is, r is its root
 * a^((p+1)/4) (p ≡ 3 mod 4), the one BN_mod_sqrt gives. */
bool group_field_sqrt(struct group *g, BIGNUM *r, const BIGNUM *a)
{
	BIGNUM *am, *t;
	bool ok;

	BN_CTX_start(g->bn);
	am = BN_CTX_get(g->bn);
	t = BN_CTX_get(g->bn);
	ok = t != NULL && !BN_is_negative(a) && BN_cmp(a, g->field) < 0 &&
	     BN_to_montgomery(am, a, g->mont, g->bn) == 1 && group_fsqrt(g, t, am) &&
	     BN_from_montgomery(r, t, g->mont, g->bn) == 1 && group_fmul(g, t, t, t) &&
	     BN_cmp(t, am) == 0;
	BN_CTX_end(g->bn);
	return ok;
}

/* EC_POINT_set_Jprojective_coordinates_GFp is deprecated in OpenSSL 3, and
 * nothing else sets a point without checking it is on the curve. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* The point (x, y) with y of the given parity and y² = x³ - 3x + b, if
 * there is one. p ≡ 3 (mod 4), so a square a has the root a^((p+1)/4),
 * computed by group_fsqrt's addition chain in Montgomery form, as is the
 * right-hand side; squaring the root back tells whether it was a square.
 * That check is the curve equation itself, so the point is set without
 * OpenSSL's second check of it (EC_POINT_set_affine_coordinates does one). */
static bool group_decompress(struct group *g, const BIGNUM *x, int odd, EC_POINT *out)
{
	const BIGNUM *p = g->field;
	BIGNUM *xm, *rhs, *y, *t;
	bool ok;

	BN_CTX_start(g->bn);
	xm = BN_CTX_get(g->bn);
	rhs = BN_CTX_get(g->bn);
	y = BN_CTX_get(g->bn);
	t = BN_CTX_get(g->bn);
	ok = t != NULL && BN_to_montgomery(xm, x, g->mont, g->bn) == 1 &&
	     group_fmul(g, rhs, xm, xm) && group_fmul(g, rhs, rhs, xm) && /* x³ */
	     BN_mod_lshift1_quick(t, xm, p) == 1 && BN_mod_add_quick(t, t, xm, p) == 1 &&
	     BN_mod_sub_quick(rhs, rhs, t, p) == 1 && /* x³ - 3x */
	     BN_to_montgomery(t, g->b, g->mont, g->bn) == 1 &&
	     BN_mod_add_quick(rhs, rhs, t, p) == 1 && /* x³ - 3x + b */
	     group_fsqrt(g, y, rhs) && group_fmul(g, t, y, y) && BN_cmp(t, rhs) == 0 &&
	     BN_from_montgomery(y, y, g->mont, g->bn) == 1 && !(BN_is_zero(y) && odd);
	if (ok && BN_is_odd(y) != odd)
		ok = BN_sub(y, p, y) == 1;
	ok = ok &&
	     EC_POINT_set_Jprojective_coordinates_GFp(g->ec, out, x, y, BN_value_one(), g->bn) == 1;
	BN_CTX_end(g->bn);
	return ok;
}

#pragma GCC diagnostic pop

/* Decode a point; false unless in is the canonical encoding of a point of
 * the curve other than infinity (prefix 2 or 3, x < p, x on the curve).
 * Its y is the root of the prefix's parity: the encoding of the point
 * found is in itself. */
bool group_point_decode(struct group *g, const unsigned char in[GROUP_POINT_LEN], EC_POINT *out)
{
	BIGNUM *x;
	bool ok;

	if (in[0] != 2 && in[0] != 3)
		return false;
	BN_CTX_start(g->bn);
	x = BN_CTX_get(g->bn);
	ok = x != NULL && BN_bin2bn(in + 1, GROUP_POINT_LEN - 1, x) != NULL &&
	     BN_cmp(x, g->field) < 0 && group_decompress(g, x, in[0] == 3, out);
	BN_CTX_end(g->bn);
	if (!ok)
		ERR_clear_error();
	return ok;
}

/* group_point_decode through OpenSSL's generic decompression: what the
 * unit tests hold the fast path to. */
bool group_point_decode_generic(struct group *g, const unsigned char in[GROUP_POINT_LEN],
				EC_POINT *out)
{
	unsigned char back[GROUP_POINT_LEN];
	BIGNUM *x;
	bool ok;

	if (in[0] != 2 && in[0] != 3)
		return false;
	BN_CTX_start(g->bn);
	x = BN_CTX_get(g->bn);
	ok = x != NULL && BN_bin2bn(in + 1, GROUP_POINT_LEN - 1, x) != NULL &&
	     BN_cmp(x, g->field) < 0 &&
	     EC_POINT_oct2point(g->ec, out, in, GROUP_POINT_LEN, g->bn) == 1 &&
	     EC_POINT_is_on_curve(g->ec, out, g->bn) == 1 && group_point_encode(g, out, back) &&
	     memcmp(back, in, GROUP_POINT_LEN) == 0;
	BN_CTX_end(g->bn);
	if (!ok)
		ERR_clear_error();
	return ok;
}

/* The 32-byte big-endian form of a reduced scalar. */
bool group_scalar_encode(const BIGNUM *s, unsigned char out[GROUP_SCALAR_LEN])
{
	return BN_bn2binpad(s, out, GROUP_SCALAR_LEN) == GROUP_SCALAR_LEN;
}

/* Decode a scalar; false if it is not below n. Zero is accepted. */
bool group_scalar_decode(const struct group *g, const unsigned char in[GROUP_SCALAR_LEN],
			 BIGNUM *out)
{
	return BN_bin2bn(in, GROUP_SCALAR_LEN, out) != NULL && BN_cmp(out, g->order) < 0;
}

/* base64url of the point's encoding, 44 characters. */
bool group_point_to_text(struct group *g, const EC_POINT *p, char out[GROUP_POINT_TEXT_LEN + 1])
{
	unsigned char buf[GROUP_POINT_LEN];

	return group_point_encode(g, p, buf) &&
	       b64url_encode(buf, sizeof(buf), out, GROUP_POINT_TEXT_LEN + 1) ==
		       GROUP_POINT_TEXT_LEN;
}

/* Parse a point's text form strictly. */
bool group_point_from_text(struct group *g, const char *text, EC_POINT *out)
{
	unsigned char buf[GROUP_POINT_LEN];

	return strlen(text) == GROUP_POINT_TEXT_LEN &&
	       b64url_decode(text, buf, sizeof(buf)) == GROUP_POINT_LEN &&
	       group_point_decode(g, buf, out);
}

/* base64url of an encoded scalar, 43 characters. */
void group_scalar_bytes_to_text(const unsigned char in[GROUP_SCALAR_LEN],
				char out[GROUP_SCALAR_TEXT_LEN + 1])
{
	b64url_encode(in, GROUP_SCALAR_LEN, out, GROUP_SCALAR_TEXT_LEN + 1);
}

/* Parse a scalar's text form strictly, refusing values not below n. */
bool group_scalar_bytes_from_text(const struct group *g, const char *text,
				  unsigned char out[GROUP_SCALAR_LEN])
{
	BIGNUM *s = BN_new();
	bool ok = s != NULL && strlen(text) == GROUP_SCALAR_TEXT_LEN &&
		  b64url_decode(text, out, GROUP_SCALAR_LEN) == GROUP_SCALAR_LEN &&
		  group_scalar_decode(g, out, s);

	BN_free(s);
	return ok;
}

/* out = k·p (p NULL: the generator) for a secret k: one scalar per call,
 * which OpenSSL computes without secret-dependent timing. */
bool group_mul_secret(struct group *g, EC_POINT *out, const BIGNUM *k, const EC_POINT *p)
{
	if (p == NULL) {
		g->stats.base++;
		return EC_POINT_mul(g->ec, out, k, NULL, NULL, g->bn) == 1;
	}
	g->stats.point++;
	return EC_POINT_mul(g->ec, out, NULL, p, k, g->bn) == 1;
}

/* out = gk·G + pk·p for public scalars; either term may be absent (NULL). */
bool group_mul_public(struct group *g, EC_POINT *out, const BIGNUM *gk, const EC_POINT *p,
		      const BIGNUM *pk)
{
	if (gk != NULL && p != NULL)
		g->stats.double_++;
	else if (gk != NULL)
		g->stats.base++;
	else
		g->stats.point++;
	return EC_POINT_mul(g->ec, out, gk, p, pk, g->bn) == 1;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* A key's table, shared by every group of the process (ygd's crypto
 * workers each have their own group): built once, by the thread that
 * finds the key used GROUP_KEY_TABLE_AFTER times across all of them, then
 * read by all without a lock (EC_POINT_mul only reads an EC_GROUP). The
 * lock is taken when a group first meets a key, every GROUP_KEY_REPORT
 * uses until the table exists, and when the group lets the key go. */
struct group_shared_table {
	unsigned char key[GROUP_POINT_LEN]; /* its encoding; key[0] == 0: unused */
	EC_GROUP *ec;                       /* NULL until built */
	unsigned uses;                      /* reported so far */
	unsigned refs;                      /* group slots holding it */
	bool building;
	uint64_t last;
};

static pthread_mutex_t group_shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct group_shared_table group_shared[GROUP_SHARED_TABLES];
static uint64_t group_shared_tick;
static unsigned group_shared_builds;

/* The shared entry of the key encoded enc, made if need be (an unused
 * one, else the least recently used one no group holds), with a
 * reference taken; NULL if every entry is held. Called locked. */
static struct group_shared_table *group_shared_get(const unsigned char enc[GROUP_POINT_LEN])
{
	struct group_shared_table *e, *pick = NULL;
	unsigned i;

	for (i = 0; i < GROUP_SHARED_TABLES; i++) {
		e = &group_shared[i];
		if (e->key[0] != 0 && memcmp(e->key, enc, GROUP_POINT_LEN) == 0) {
			pick = e;
			break;
		}
		if (e->refs == 0 && !e->building &&
		    (pick == NULL || e->key[0] == 0 || (pick->key[0] != 0 && e->last < pick->last)))
			pick = e;
	}
	if (pick == NULL)
		return NULL;
	if (memcmp(pick->key, enc, GROUP_POINT_LEN) != 0) {
		EC_GROUP_free(pick->ec);
		memset(pick, 0, sizeof(*pick));
		memcpy(pick->key, enc, GROUP_POINT_LEN);
	}
	pick->refs++;
	pick->last = ++group_shared_tick;
	return pick;
}

/* A group whose generator is key, with OpenSSL's precomputation for it. */
static EC_GROUP *group_table_build(struct group *g, const EC_POINT *key)
{
	EC_GROUP *ec = EC_GROUP_dup(g->ec);

	if (ec == NULL ||
	    EC_GROUP_set_generator(ec, key, g->order, EC_GROUP_get0_cofactor(g->ec)) != 1 ||
	    EC_GROUP_precompute_mult(ec, g->bn) != 1) {
		EC_GROUP_free(ec);
		ERR_clear_error();
		return NULL;
	}
	return ec;
}

/* Report t's uses to its shared entry; take the table if it is there,
 * or build it (unlocked) if the uses of every group now earn it. */
static void group_key_report(struct group *g, struct group_key_table *t)
{
	struct group_shared_table *e = t->shared;
	bool build = false;
	EC_GROUP *ec;

	pthread_mutex_lock(&group_shared_lock);
	e->uses += t->pending;
	t->pending = 0;
	t->ec = e->ec;
	if (e->ec == NULL && !e->building && e->uses >= GROUP_KEY_TABLE_AFTER)
		build = e->building = true;
	pthread_mutex_unlock(&group_shared_lock);
	if (!build)
		return;
	ec = group_table_build(g, t->point);
	pthread_mutex_lock(&group_shared_lock);
	e->ec = ec;
	e->building = false;
	if (ec == NULL)
		e->uses = 0; /* try again later */
	else
		group_shared_builds++;
	t->ec = ec;
	pthread_mutex_unlock(&group_shared_lock);
}

/* Empty a slot, letting its shared entry go. */
static void group_key_drop(struct group_key_table *t)
{
	if (t->shared != NULL) {
		pthread_mutex_lock(&group_shared_lock);
		t->shared->refs--;
		pthread_mutex_unlock(&group_shared_lock);
	}
	EC_POINT_free(t->point);
	memset(t, 0, sizeof(*t));
}

/* How many key tables the process has built, for the tests. */
unsigned group_key_tables_built(void)
{
	unsigned n;

	pthread_mutex_lock(&group_shared_lock);
	n = group_shared_builds;
	pthread_mutex_unlock(&group_shared_lock);
	return n;
}

/* The slot holding key, or NULL. The slot used last is tried first (one
 * round's key, over and over); points compare without an inversion. */
static struct group_key_table *group_key_find(struct group *g, const EC_POINT *key)
{
	struct group_key_table *t = &g->keys[g->last_key];
	unsigned i;

	if (t->point != NULL && EC_POINT_cmp(g->ec, t->point, key, g->bn) == 0)
		return t;
	for (i = 0; i < GROUP_KEY_TABLES; i++) {
		t = &g->keys[i];
		if (t->point != NULL && EC_POINT_cmp(g->ec, t->point, key, g->bn) == 0) {
			g->last_key = i;
			return t;
		}
	}
	return NULL;
}

/* A slot for a key not seen yet: an unused one, else the least recently
 * used, emptied; joined to the key's shared entry. NULL if the key cannot
 * be copied. */
static struct group_key_table *group_key_slot(struct group *g, const EC_POINT *key)
{
	unsigned char enc[GROUP_POINT_LEN];
	struct group_key_table *t = &g->keys[0];
	unsigned i, best = 0;

	for (i = 1; i < GROUP_KEY_TABLES && t->point != NULL; i++)
		if (g->keys[i].point == NULL || g->keys[i].last < t->last)
			t = &g->keys[best = i];
	group_key_drop(t);
	t->point = EC_POINT_dup(key, g->ec);
	if (t->point == NULL || EC_POINT_make_affine(g->ec, t->point, g->bn) != 1 ||
	    !group_point_encode(g, t->point, enc)) {
		group_key_drop(t);
		return NULL;
	}
	pthread_mutex_lock(&group_shared_lock);
	t->shared = group_shared_get(enc);
	if (t->shared != NULL)
		t->ec = t->shared->ec;
	pthread_mutex_unlock(&group_shared_lock);
	g->last_key = best;
	return t;
}

/* key's table once built (NULL before, or if it cannot be), counting a
 * use. */
static const EC_GROUP *group_key_table(struct group *g, const EC_POINT *key)
{
	struct group_key_table *t = group_key_find(g, key);

	if (t == NULL && (t = group_key_slot(g, key)) == NULL) {
		ERR_clear_error();
		return NULL;
	}
	t->last = ++g->tick;
	if (t->ec == NULL && t->shared != NULL && ++t->pending >= GROUP_KEY_REPORT)
		group_key_report(g, t);
	return t->ec;
}

/* Build key's table now, whatever its uses so far: a round that has just
 * opened will have its ballots checked against it. True once the table
 * exists (false too when another thread is building it meanwhile). */
bool group_key_prepare(struct group *g, const EC_POINT *key)
{
	struct group_key_table *t = group_key_find(g, key);

	if (t == NULL && (t = group_key_slot(g, key)) == NULL) {
		ERR_clear_error();
		return false;
	}
	t->last = ++g->tick;
	if (t->ec == NULL && t->shared != NULL) {
		t->pending += GROUP_KEY_TABLE_AFTER;
		group_key_report(g, t);
	}
	return t->ec != NULL;
}

/* out = k·key for a public k, through key's precomputed table once it has
 * one (same result as group_mul_public(g, out, NULL, key, k)). */
bool group_mul_key(struct group *g, EC_POINT *out, const BIGNUM *k, const EC_POINT *key)
{
	const EC_GROUP *table = group_key_table(g, key);

	if (table == NULL)
		return group_mul_public(g, out, NULL, key, k);
	g->stats.point++;
	return EC_POINT_mul(table, out, k, NULL, NULL, g->bn) == 1;
}

#pragma GCC diagnostic pop

/* out = a - b. */
bool group_sub(struct group *g, EC_POINT *out, const EC_POINT *a, const EC_POINT *b)
{
	EC_POINT *nb = EC_POINT_dup(b, g->ec);
	bool ok = nb != NULL && EC_POINT_invert(g->ec, nb, g->bn) == 1 &&
		  EC_POINT_add(g->ec, out, a, nb, g->bn) == 1;

	EC_POINT_free(nb);
	return ok;
}

/* Start a hash with its domain-separation tag as the first item. */
void group_hash_init(struct group *g, struct group_hash *h, const char *tag)
{
	h->md = EVP_MD_CTX_new();
	h->ok = h->md != NULL && EVP_DigestInit_ex(h->md, g->sha512, NULL) == 1;
	group_hash_bytes(h, tag, strlen(tag));
}

/* Append one item: its length as 4 bytes big-endian, then its bytes. */
void group_hash_bytes(struct group_hash *h, const void *p, size_t len)
{
	unsigned char n[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
			      (unsigned char)(len >> 8), (unsigned char)len};

	h->ok = h->ok && len <= 0xffffffffu && EVP_DigestUpdate(h->md, n, sizeof(n)) == 1 &&
		(len == 0 || EVP_DigestUpdate(h->md, p, len) == 1);
}

/* Append an integer as an 8-byte big-endian item. */
void group_hash_u64(struct group_hash *h, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	group_hash_bytes(h, b, sizeof(b));
}

/* Append a point's 33-byte encoding; infinity spoils the hash. */
void group_hash_point(struct group *g, struct group_hash *h, const EC_POINT *p)
{
	unsigned char b[GROUP_POINT_LEN];

	if (!group_point_encode(g, p, b)) {
		h->ok = false;
		return;
	}
	group_hash_bytes(h, b, sizeof(b));
}

/* Finish: the 64-byte digest, false if any step failed. Frees the state. */
bool group_hash_digest(struct group_hash *h, unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned int n = 0;
	bool ok = h->ok && EVP_DigestFinal_ex(h->md, out, &n) == 1 && n == GROUP_DIGEST_LEN;

	EVP_MD_CTX_free(h->md);
	h->md = NULL;
	return ok;
}

/* Drop an unfinished hash; harmless after group_hash_digest. */
void group_hash_clear(struct group_hash *h)
{
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
}

/* Finish as a challenge: the digest reduced mod n. */
bool group_hash_scalar(struct group *g, struct group_hash *h, BIGNUM *out)
{
	unsigned char d[GROUP_DIGEST_LEN];

	return group_hash_digest(h, d) && group_digest_scalar(g, d, out);
}

/* A 64-byte digest, read as a big-endian integer, mod n. */
bool group_digest_scalar(struct group *g, const unsigned char d[GROUP_DIGEST_LEN], BIGNUM *out)
{
	return BN_bin2bn(d, GROUP_DIGEST_LEN, out) != NULL &&
	       BN_nnmod(out, out, g->order, g->bn) == 1;
}

/* out = mask ? a : b, byte by byte, with mask 0xff or 0 and no branch. */
void group_ct_select(unsigned char *out, const unsigned char *a, const unsigned char *b, size_t len,
		     unsigned char mask)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (unsigned char)((a[i] & mask) | (b[i] & (unsigned char)~mask));
}

/* 0xff if a == b, else 0, without a branch. */
unsigned char group_ct_eq(uint32_t a, uint32_t b)
{
	uint32_t x = a ^ b;

	return (unsigned char)((((x | (0u - x)) >> 31) & 1u) - 1u);
}
