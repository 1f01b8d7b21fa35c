/* Exponential ElGamal on the ballot group (proto/BALLOT.md section 4):
 * a message m under key K with randomness r is (A, B) = (r·G, m·G + r·K).
 * Ciphertexts add component-wise, and their messages with them; a message
 * comes back as m·G and is found by a search up to a small bound. */
#ifndef YG_PROTO_ELGAMAL_H
#define YG_PROTO_ELGAMAL_H

#include <stdbool.h>
#include <stdint.h>

#include "group.h"

#define ELGAMAL_DLOG_MAX 65536u /* far above any committee */

struct elgamal_ct {
	EC_POINT *a;
	EC_POINT *b;
};

bool elgamal_ct_init(const struct group *g, struct elgamal_ct *ct);
void elgamal_ct_clear(struct elgamal_ct *ct);
bool elgamal_ct_copy(struct elgamal_ct *dst, const struct elgamal_ct *src);
bool elgamal_keygen(struct group *g, BIGNUM *secret, EC_POINT *pub);
bool elgamal_encrypt(struct group *g, const EC_POINT *key, uint32_t m, BIGNUM *r,
		     struct elgamal_ct *ct);
bool elgamal_encrypt_with(struct group *g, const EC_POINT *key, uint32_t m, const BIGNUM *r,
			  struct elgamal_ct *ct);
bool elgamal_add(struct group *g, struct elgamal_ct *sum, const struct elgamal_ct *x);
bool elgamal_dlog(struct group *g, const EC_POINT *mg, uint32_t max, uint32_t *m);
bool elgamal_decrypt(struct group *g, const BIGNUM *secret, const struct elgamal_ct *ct,
		     uint32_t max, uint32_t *m);

#endif
