/* Secret ballots (proto/BALLOT.md sections 6-9): a ballot for one voter in
 * one round of one item is an ElGamal ciphertext per option, each with a
 * proof that it holds 0 or 1, and a proof that their sum lies between the
 * context's minimum and maximum. Every proof is bound to the context
 * (suite, election key, committee, meeting, item, round, the voter) and to
 * all the ballot's ciphertexts. Scrutineers publish keys with proofs of
 * knowledge; the election key is their sum. The tally adds ballots; each
 * scrutineer publishes a partial decryption with a proof; the counts come
 * out of their combination. ballot_json.c gives the JSON forms. */
#ifndef YG_PROTO_BALLOT_H
#define YG_PROTO_BALLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "elgamal.h"
#include "group.h"
#include "sig.h"
#include "zkp.h"

#define BALLOT_MAX_OPTIONS  64
#define BALLOT_QUESTION_LEN 32
#define BALLOT_RECEIPT_LEN  32

#define BALLOT_TAG_ELECTION  "yg-ballot-v1/election"
#define BALLOT_TAG_VOTER     "yg-ballot-v1/voter"
#define BALLOT_TAG_BALLOT    "yg-ballot-v1/ballot"
#define BALLOT_TAG_SELECTION "yg-ballot-v1/selection"
#define BALLOT_TAG_SUM       "yg-ballot-v1/sum"
#define BALLOT_TAG_KEYGEN    "yg-ballot-v1/keygen"
#define BALLOT_TAG_DECRYPT   "yg-ballot-v1/decryption"

/* What a ballot is for. The voter fields are unused (zero) where only the
 * election matters: tallies and decryptions. */
struct ballot_context {
	uint64_t committee;
	uint64_t meeting;
	uint64_t item;
	uint64_t round;
	uint32_t options; /* selections per ballot, 1..BALLOT_MAX_OPTIONS */
	uint32_t min_sel; /* a ballot selects at least min_sel options */
	uint32_t max_sel; /* and at most max_sel */
	unsigned char question[BALLOT_QUESTION_LEN]; /* digest of the item's options */
	EC_POINT *key;                               /* election key; owned */
	uint64_t voter;                              /* the voter's member id */
	unsigned char voter_pub[SIG_PUB_LEN];        /* the voter's signing key */
};

struct ballot {
	uint32_t n;
	struct elgamal_ct ct[BALLOT_MAX_OPTIONS];
	struct zkp_range sel[BALLOT_MAX_OPTIONS]; /* each 0..1 */
	struct zkp_range sum;                     /* min_sel..max_sel */
};

/* The sum of the ballots cast, option by option. */
struct ballot_tally {
	uint32_t n;
	uint32_t ballots;
	struct elgamal_ct sum[BALLOT_MAX_OPTIONS];
};

/* Who a scrutineer key belongs to: keys are made per meeting. */
struct ballot_key_context {
	uint64_t committee;
	uint64_t meeting;
	uint32_t index; /* the scrutineer's position, 0.. */
	uint64_t member;
	unsigned char member_pub[SIG_PUB_LEN];
};

struct ballot_pubkey {
	EC_POINT *key;
	struct zkp_proof proof;
};

/* One scrutineer's partial decryption of a tally. */
struct ballot_share {
	uint32_t n;
	EC_POINT *d[BALLOT_MAX_OPTIONS];
	struct zkp_proof proof[BALLOT_MAX_OPTIONS];
};

bool ballot_context_init(const struct group *g, struct ballot_context *ctx);
void ballot_context_clear(struct ballot_context *ctx);
bool ballot_context_valid(const struct ballot_context *ctx);
bool ballot_election_digest(struct group *g, const struct ballot_context *ctx,
			    unsigned char out[GROUP_DIGEST_LEN]);
bool ballot_voter_digest(struct group *g, const struct ballot_context *ctx,
			 unsigned char out[GROUP_DIGEST_LEN]);

bool ballot_init(const struct group *g, struct ballot *b, const struct ballot_context *ctx);
void ballot_clear(struct ballot *b);
bool ballot_encrypt(struct group *g, const struct ballot_context *ctx, const unsigned char *choices,
		    struct ballot *b);
bool ballot_verify(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
		   const char **why);

bool ballot_tally_init(const struct group *g, struct ballot_tally *t, uint32_t n);
void ballot_tally_clear(struct ballot_tally *t);
bool ballot_tally_add(struct group *g, struct ballot_tally *t, const struct ballot *b);

bool ballot_pubkey_init(const struct group *g, struct ballot_pubkey *pk);
void ballot_pubkey_clear(struct ballot_pubkey *pk);
bool ballot_key_generate(struct group *g, const struct ballot_key_context *kc, BIGNUM *secret,
			 struct ballot_pubkey *pk);
bool ballot_key_prove(struct group *g, const struct ballot_key_context *kc, const BIGNUM *secret,
		      struct ballot_pubkey *pk);
bool ballot_key_verify(struct group *g, const struct ballot_key_context *kc,
		       const struct ballot_pubkey *pk);
bool ballot_key_combine(struct group *g, const struct ballot_pubkey *keys, size_t n, EC_POINT *out);

bool ballot_share_init(const struct group *g, struct ballot_share *s, uint32_t n);
void ballot_share_clear(struct ballot_share *s);
bool ballot_share_make(struct group *g, const struct ballot_context *ctx, uint32_t index,
		       const BIGNUM *secret, const EC_POINT *pub, const struct ballot_tally *t,
		       struct ballot_share *s);
bool ballot_share_verify(struct group *g, const struct ballot_context *ctx, uint32_t index,
			 const EC_POINT *pub, const struct ballot_tally *t,
			 const struct ballot_share *s);
bool ballot_combine(struct group *g, const struct ballot_tally *t,
		    const struct ballot_share *shares, size_t nshares, uint32_t *counts);

/* Whether obj is an object with exactly the n names as members, once each
 * (every JSON form here is that strict). */
bool ballot_json_members(const cJSON *obj, const char *const *names, int n);
cJSON *ballot_to_json(struct group *g, const struct ballot *b);
bool ballot_from_json(struct group *g, const cJSON *j, const struct ballot_context *ctx,
		      struct ballot *b, const char **why);
bool ballot_receipt(struct group *g, const struct ballot *b, unsigned char out[BALLOT_RECEIPT_LEN]);
cJSON *ballot_context_to_json(struct group *g, const struct ballot_context *ctx);
bool ballot_context_from_json(struct group *g, const cJSON *j, struct ballot_context *ctx,
			      const char **why);
cJSON *ballot_pubkey_to_json(struct group *g, const struct ballot_pubkey *pk);
bool ballot_pubkey_from_json(struct group *g, const cJSON *j, struct ballot_pubkey *pk,
			     const char **why);
cJSON *ballot_share_to_json(struct group *g, const struct ballot_share *s);
bool ballot_share_from_json(struct group *g, const cJSON *j, uint32_t n, struct ballot_share *s,
			    const char **why);

#endif
