/* Non-interactive zero-knowledge proofs (proto/BALLOT.md section 5), each
 * a Fiat–Shamir challenge over a 64-byte context digest that the caller
 * derives from the full statement (who, where, which round):
 *   schnorr  knowledge of x with X = x·G                 (scrutineer keys)
 *   dleq     X = x·G and D = x·A for the same x          (partial decryption)
 *   range    an ElGamal ciphertext encrypts some m in lo..hi (selections, sums)
 * Proofs carry challenges and responses only, as encoded scalars; the
 * verifier recomputes the commitments and the hash. */
#ifndef YG_PROTO_ZKP_H
#define YG_PROTO_ZKP_H

#include <stdbool.h>
#include <stdint.h>

#include "elgamal.h"
#include "group.h"

#define ZKP_TAG_SCHNORR "yg-ballot-v1/schnorr"
#define ZKP_TAG_DLEQ    "yg-ballot-v1/dleq"
#define ZKP_TAG_RANGE   "yg-ballot-v1/range"
#define ZKP_RANGE_MAX   64 /* hi - lo */

struct zkp_proof {
	unsigned char c[GROUP_SCALAR_LEN];
	unsigned char z[GROUP_SCALAR_LEN];
};

/* hi - lo + 1 branches, each a challenge c[j] and a response z[j]. */
struct zkp_range {
	uint32_t lo;
	uint32_t hi;
	uint32_t n; /* branches allocated */
	unsigned char (*c)[GROUP_SCALAR_LEN];
	unsigned char (*z)[GROUP_SCALAR_LEN];
};

bool zkp_schnorr_prove(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN], const BIGNUM *x,
		       const EC_POINT *pub, struct zkp_proof *out);
bool zkp_schnorr_verify(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
			const EC_POINT *pub, const struct zkp_proof *p);
bool zkp_dleq_prove(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN], const BIGNUM *x,
		    const EC_POINT *pub, const EC_POINT *base, const EC_POINT *d,
		    struct zkp_proof *out);
bool zkp_dleq_verify(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
		     const EC_POINT *pub, const EC_POINT *base, const EC_POINT *d,
		     const struct zkp_proof *p);

bool zkp_range_init(struct zkp_range *p, uint32_t lo, uint32_t hi);
void zkp_range_clear(struct zkp_range *p);
bool zkp_range_prove(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
		     const EC_POINT *key, const struct elgamal_ct *ct, uint32_t m, const BIGNUM *r,
		     struct zkp_range *p);
bool zkp_range_verify(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
		      const EC_POINT *key, const struct elgamal_ct *ct, const struct zkp_range *p);

/* zkp_range_verify in two steps, for a caller that checks several proofs
 * and encodes all their points at once (group_points_encode): the
 * commitments and the sum of the challenges, then the hash over the
 * encodings. */
size_t zkp_range_points(const struct zkp_range *p);
bool zkp_range_commitments(struct group *g, const EC_POINT *key, const struct elgamal_ct *ct,
			   const struct zkp_range *p, EC_POINT **out, BIGNUM *csum);
bool zkp_range_check_encoded(struct group *g, const unsigned char ctx[GROUP_DIGEST_LEN],
			     const struct zkp_range *p, const unsigned char key[GROUP_POINT_LEN],
			     const unsigned char a[GROUP_POINT_LEN],
			     const unsigned char b[GROUP_POINT_LEN],
			     const unsigned char (*commit)[GROUP_POINT_LEN], const BIGNUM *csum);

#endif
