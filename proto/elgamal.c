#include <openssl/crypto.h>

#include "elgamal.h"

/* Two fresh points, both the point at infinity (the sum of nothing). */
bool elgamal_ct_init(const struct group *g, struct elgamal_ct *ct)
{
	ct->a = group_point_new(g);
	ct->b = group_point_new(g);
	if (ct->a != NULL && ct->b != NULL && EC_POINT_set_to_infinity(g->ec, ct->a) == 1 &&
	    EC_POINT_set_to_infinity(g->ec, ct->b) == 1)
		return true;
	elgamal_ct_clear(ct);
	return false;
}

/* Free a ciphertext's points; clearing twice is harmless. */
void elgamal_ct_clear(struct elgamal_ct *ct)
{
	EC_POINT_free(ct->a);
	EC_POINT_free(ct->b);
	ct->a = ct->b = NULL;
}

/* dst = src; both initialised. */
bool elgamal_ct_copy(struct elgamal_ct *dst, const struct elgamal_ct *src)
{
	return EC_POINT_copy(dst->a, src->a) == 1 && EC_POINT_copy(dst->b, src->b) == 1;
}

/* A key pair: a random non-zero secret and its public point secret·G. */
bool elgamal_keygen(struct group *g, BIGNUM *secret, EC_POINT *pub)
{
	return group_scalar_random(g, secret) && group_mul_secret(g, pub, secret, NULL);
}

/* Encrypt m under key with fresh randomness, returned in r (a secret). */
bool elgamal_encrypt(struct group *g, const EC_POINT *key, uint32_t m, BIGNUM *r,
		     struct elgamal_ct *ct)
{
	return group_scalar_random(g, r) && elgamal_encrypt_with(g, key, m, r, ct);
}

/* Encrypt m under key with the given r. m·G is computed as (m+1)·G - G so
 * that no intermediate is the point at infinity whatever m is. */
bool elgamal_encrypt_with(struct group *g, const EC_POINT *key, uint32_t m, const BIGNUM *r,
			  struct elgamal_ct *ct)
{
	BIGNUM *m1 = group_secret_new();
	EC_POINT *t = group_point_new(g);
	bool ok;

	ok = m1 != NULL && t != NULL && BN_set_word(m1, (BN_ULONG)m + 1) == 1 &&
	     group_mul_secret(g, ct->a, r, NULL) && group_mul_secret(g, ct->b, r, key) &&
	     group_mul_secret(g, t, m1, NULL) && EC_POINT_add(g->ec, ct->b, ct->b, t, g->bn) == 1 &&
	     group_sub(g, ct->b, ct->b, EC_GROUP_get0_generator(g->ec));
	EC_POINT_clear_free(t);
	BN_clear_free(m1);
	return ok;
}

/* sum += x. */
bool elgamal_add(struct group *g, struct elgamal_ct *sum, const struct elgamal_ct *x)
{
	return EC_POINT_add(g->ec, sum->a, sum->a, x->a, g->bn) == 1 &&
	       EC_POINT_add(g->ec, sum->b, sum->b, x->b, g->bn) == 1;
}

/* Find m in 0..max with m·G = mg by walking G, 2G, ...; false if none. */
bool elgamal_dlog(struct group *g, const EC_POINT *mg, uint32_t max, uint32_t *m)
{
	EC_POINT *acc = group_point_new(g);
	bool found = false;
	uint32_t i;

	if (acc == NULL || max > ELGAMAL_DLOG_MAX || EC_POINT_set_to_infinity(g->ec, acc) != 1)
		goto out;
	for (i = 0; i <= max; i++) {
		if (EC_POINT_cmp(g->ec, acc, mg, g->bn) == 0) {
			*m = i;
			found = true;
			break;
		}
		if (EC_POINT_add(g->ec, acc, acc, EC_GROUP_get0_generator(g->ec), g->bn) != 1)
			break;
	}
out:
	EC_POINT_free(acc);
	return found;
}

/* Decrypt with the whole secret key: B - secret·A, then the search. */
bool elgamal_decrypt(struct group *g, const BIGNUM *secret, const struct elgamal_ct *ct,
		     uint32_t max, uint32_t *m)
{
	EC_POINT *d = group_point_new(g);
	bool ok = d != NULL && group_mul_secret(g, d, secret, ct->a) && group_sub(g, d, ct->b, d) &&
		  elgamal_dlog(g, d, max, m);

	EC_POINT_clear_free(d);
	return ok;
}
