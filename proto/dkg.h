/* Threshold election keys (proto/BALLOT.md §7.5): a distributed key
 * generation among the scrutineers' terminals in which no terminal ever
 * holds the whole secret, and any `threshold` of the n scrutineers
 * decrypt.
 *
 * Each scrutineer i (0 … n−1, evaluation point i + 1) deals: it draws a
 * polynomial f_i of degree threshold − 1, publishes commitments
 * C_{i,l} = a_{i,l}·G (C_{i,0} proven as a scrutineer key, §7.2) and a
 * transport key E_i, and seals f_i(j + 1) to each other scrutineer j under
 * E_j. Scrutineer j opens what it is sent, checks each share against the
 * dealer's commitments (or proves the dealer wrong by a complaint), adds
 * them into its share s_j and proves knowledge of it against the
 * verification key Y_j that anyone computes from the commitments. The
 * election key is Σ C_{i,0}; partial decryptions are proven against Y_j
 * and combined with Lagrange coefficients. Pure functions. */
#ifndef YG_PROTO_DKG_H
#define YG_PROTO_DKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "ballot.h"

#define DKG_MAX 9 /* scrutineers of one ceremony, and so the threshold's bound */

#define DKG_TAG_CEREMONY  "yg-ballot-v1/ceremony"
#define DKG_TAG_TRANSPORT "yg-ballot-v1/transport"
#define DKG_TAG_SEAL      "yg-ballot-v1/seal"
#define DKG_TAG_COMPLAINT "yg-ballot-v1/complaint"
#define DKG_TAG_SHARE     "yg-ballot-v1/share"

#define DKG_SEALED_TEXT_LEN 43 /* base64url of 32 bytes */

/* What a ceremony is: n scrutineers, any `threshold` of whom decrypt. */
struct dkg_params {
	uint64_t committee;
	uint64_t meeting;
	uint64_t ceremony; /* the meeting's key ceremony, 1 for the first */
	uint32_t n;
	uint32_t threshold;
};

/* A dealer's public dealing. */
struct dkg_dealing {
	uint32_t threshold;
	EC_POINT *c[DKG_MAX];    /* C_0 … C_{threshold−1} */
	struct zkp_proof proof;  /* knowledge of log C_0, under the keygen context (§7.2) */
	EC_POINT *transport;     /* E */
	struct zkp_proof tproof; /* knowledge of log E */
};

/* A dealer's secrets: the polynomial and the transport key. */
struct dkg_secret {
	uint32_t threshold;
	BIGNUM *a[DKG_MAX];
	BIGNUM *e;
};

/* A share sealed from one scrutineer to another. */
struct dkg_sealed {
	EC_POINT *r;
	unsigned char ct[GROUP_SCALAR_LEN];
};

/* A recipient's proof that what it was sent does not open to a share
 * matching the dealer's commitments: Q = e·R, proven. */
struct dkg_complaint {
	EC_POINT *q;
	struct zkp_proof proof;
};

/* What a complaint shows. */
enum dkg_verdict {
	DKG_COMPLAINT_FALSE, /* the proof fails, or the share is good: the complainer is wrong */
	DKG_DEALER_FAULTY,   /* the sealed share is not the committed one */
};

bool dkg_params_valid(const struct dkg_params *p);
bool dkg_ceremony_digest(struct group *g, const struct dkg_params *p,
			 unsigned char out[GROUP_DIGEST_LEN]);

bool dkg_dealing_init(const struct group *g, struct dkg_dealing *d, uint32_t threshold);
void dkg_dealing_clear(struct dkg_dealing *d);
bool dkg_secret_init(struct dkg_secret *s, uint32_t threshold);
void dkg_secret_clear(struct dkg_secret *s);

/* Scrutineer kc->index deals for p: s and d initialised by the caller. */
bool dkg_deal(struct group *g, const struct dkg_params *p, const struct ballot_key_context *kc,
	      struct dkg_secret *s, struct dkg_dealing *d);
/* Whether d is a well-formed dealing of scrutineer kc->index for p. */
bool dkg_dealing_verify(struct group *g, const struct dkg_params *p,
			const struct ballot_key_context *kc, const struct dkg_dealing *d);
/* f(j + 1) of the dealer's polynomial. */
bool dkg_share_for(struct group *g, const struct dkg_secret *s, uint32_t j, BIGNUM *out);
/* Σ_l (j + 1)^l C_l: what f(j + 1)·G must be. Public. */
bool dkg_commit_eval(struct group *g, const struct dkg_dealing *d, uint32_t j, EC_POINT *out);
/* Whether share·G is dealer d's commitment at j. */
bool dkg_share_matches(struct group *g, const struct dkg_dealing *d, uint32_t j,
		       const BIGNUM *share);

bool dkg_sealed_init(const struct group *g, struct dkg_sealed *s);
void dkg_sealed_clear(struct dkg_sealed *s);
/* Seal share from scrutineer `from` to `to`, whose transport key is e_to. */
bool dkg_seal(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
	      const EC_POINT *e_to, const BIGNUM *share, struct dkg_sealed *out);
/* Open it with the recipient's transport secret; false if it is no scalar. */
bool dkg_open(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
	      const BIGNUM *e, const struct dkg_sealed *s, BIGNUM *share);

bool dkg_complaint_init(const struct group *g, struct dkg_complaint *c);
void dkg_complaint_clear(struct dkg_complaint *c);
bool dkg_complain(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
		  const BIGNUM *e, const EC_POINT *e_pub, const struct dkg_sealed *s,
		  struct dkg_complaint *out);
/* What a complaint by `to` against dealer `from` shows, to anyone. */
enum dkg_verdict dkg_complaint_judge(struct group *g, const struct dkg_params *p, uint32_t from,
				     uint32_t to, const struct dkg_dealing *dealer,
				     const EC_POINT *e_to, const struct dkg_sealed *s,
				     const struct dkg_complaint *c);

/* Σ_i C_{i,0} over the n dealings; false if it is O. */
bool dkg_election_key(struct group *g, const struct dkg_dealing *d, uint32_t n, EC_POINT *out);
/* Y_j = Σ_i Σ_l (j + 1)^l C_{i,l}. */
bool dkg_verification_key(struct group *g, const struct dkg_dealing *d, uint32_t n, uint32_t j,
			  EC_POINT *out);
/* Scrutineer kc->index's proof that it holds the share of y (= s·G). */
bool dkg_share_prove(struct group *g, const struct dkg_params *p,
		     const struct ballot_key_context *kc, const EC_POINT *key, const BIGNUM *s,
		     const EC_POINT *y, struct zkp_proof *out);
bool dkg_share_verify(struct group *g, const struct dkg_params *p,
		      const struct ballot_key_context *kc, const EC_POINT *key, const EC_POINT *y,
		      const struct zkp_proof *proof);

/* λ for index at[which] among the m distinct indexes at (points idx + 1). */
bool dkg_lagrange(struct group *g, const uint32_t *at, size_t m, size_t which, BIGNUM *out);
/* The counts from the partial decryptions of the scrutineers at[0 … m−1]
 * (verified by the caller against their verification keys): for each
 * option ℬ − Σ λ_j D_j is count·G. */
bool dkg_combine(struct group *g, const struct ballot_tally *t, const struct ballot_share *shares,
		 const uint32_t *at, size_t m, uint32_t *counts);

/* JSON forms (§10). */
cJSON *dkg_dealing_to_json(struct group *g, const struct dkg_dealing *d);
bool dkg_dealing_from_json(struct group *g, const cJSON *j, struct dkg_dealing *d,
			   const char **why);
cJSON *dkg_sealed_to_json(struct group *g, const struct dkg_sealed *s);
bool dkg_sealed_from_json(struct group *g, const cJSON *j, struct dkg_sealed *s);
cJSON *dkg_complaint_to_json(struct group *g, const struct dkg_complaint *c);
bool dkg_complaint_from_json(struct group *g, const cJSON *j, struct dkg_complaint *c);
cJSON *dkg_proof_to_json(const struct zkp_proof *p);
bool dkg_proof_from_json(struct group *g, const cJSON *j, struct zkp_proof *p);

#endif
