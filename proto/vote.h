/* The objects built around a secret-ballot vote (proto/VOTE.md): the
 * question and its digest, the voter context of a round, the signed ballot
 * envelope, the ballot board's hash, the aggregate's JSON form and the
 * payload of the signed tally. Pure functions, shared by ygd (which checks
 * and signs) and yg (which casts and verifies). */
#ifndef YG_PROTO_VOTE_H
#define YG_PROTO_VOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "ballot.h"
#include "sig.h"

#define VOTE_ENVELOPE_TAG  "yangguang-ballot-envelope/1"
#define VOTE_TALLY_FORMAT  "yangguang-tally/2"
#define VOTE_TALLY_TYP     "yg-tally"
#define VOTE_RECORD_FORMAT "yangguang-election-record/3"
/* Records of these formats are refused, saying so (VOTE.md §8.2). */
#define VOTE_RECORD_FORMAT_OLD "yangguang-election-record/1"
#define VOTE_RECORD_FORMAT_V2  "yangguang-election-record/2"
#define VOTE_HASH_LEN          32 /* SHA-256: question digest, receipt, board */
#define VOTE_HASH_TEXT_LEN     43 /* its base64url */

/* VOTE.md §3. Labels are copied. NULL on a bad argument (no labels, more
 * than BALLOT_MAX_OPTIONS, seats 0 or above the labels). */
cJSON *vote_question_options(const char *title);
cJSON *vote_question_approval(const char *title, const cJSON *labels, uint32_t seats);
/* Check a question's shape and give its options, min and max; why says
 * what is wrong. */
bool vote_question_shape(const cJSON *question, uint32_t *options, uint32_t *min, uint32_t *max,
			 const char **why);
bool vote_question_digest(const cJSON *question, unsigned char out[VOTE_HASH_LEN]);

/* Fill ctx (already ballot_context_init'ed) for a round: voter 0 and a zero
 * key when voter_key is NULL (the election context). */
bool vote_context(struct group *g, uint64_t committee, uint64_t meeting, uint64_t item,
		  uint64_t round, const cJSON *question, const char *election_key, uint64_t voter,
		  const char *voter_key, struct ballot_context *ctx, const char **why);

/* The envelope message of VOTE.md §4 (malloc'ed, *len set), and its
 * signature made or checked with the voter's key. */
unsigned char *vote_envelope_message(uint64_t committee, uint64_t meeting, uint64_t item,
				     uint64_t round, uint64_t voter,
				     const unsigned char receipt[VOTE_HASH_LEN], size_t *len);
bool vote_envelope_sign(EVP_PKEY *key, uint64_t committee, uint64_t meeting, uint64_t item,
			uint64_t round, uint64_t voter, const unsigned char receipt[VOTE_HASH_LEN],
			char out[SIG_TEXT_LEN + 1]);
cJSON *vote_cast_args(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
		      EVP_PKEY *key, unsigned char receipt[VOTE_HASH_LEN]);
bool vote_envelope_verify(const unsigned char pub[SIG_PUB_LEN], uint64_t committee,
			  uint64_t meeting, uint64_t item, uint64_t round, uint64_t voter,
			  const unsigned char receipt[VOTE_HASH_LEN], const char *signature);

/* Hashes in text form (base64url of 32 bytes) and back. */
void vote_hash_to_text(const unsigned char h[VOTE_HASH_LEN], char out[VOTE_HASH_TEXT_LEN + 1]);
bool vote_hash_from_text(const char *text, unsigned char h[VOTE_HASH_LEN]);

/* VOTE.md §7: the board hash over ballots, an array of objects with at
 * least voter, voter_key, receipt and signature, in ascending voter order
 * (false if not ascending or a field is missing). */
bool vote_board_hash(const cJSON *ballots, unsigned char out[VOTE_HASH_LEN]);

/* The aggregate {"ballots": N, "sum": [{"a", "b"}, …]}. */
cJSON *vote_aggregate_to_json(struct group *g, const struct ballot_tally *t);
bool vote_aggregate_from_json(struct group *g, const cJSON *j, uint32_t options,
			      struct ballot_tally *t, const char **why);

/* The tally payload of VOTE.md §7; voters is an array of ids, eligible
 * one of {member, key} in ascending member order (both copied). */
struct vote_tally_facts {
	uint64_t committee, meeting, item, round;
	const cJSON *question;
	const char *election_key;
	uint32_t entitled;
	const cJSON *eligible;
	const cJSON *voters;
	uint32_t ballots;
	const uint32_t *counts;
	uint32_t ncounts;
	const cJSON *outcome;
	unsigned char board[VOTE_HASH_LEN];
	const char *closed_at;
	/* What format 2 adds, so that a verifier relies on nothing unsigned:
	 * the round's whole rules snapshot, the members present and the
	 * quorum judged at vote.open, the link to the previous round's tally
	 * (NULL for round 1), whether the round is final (its outcome is not
	 * a run-off), and the meeting log's head when the tally was signed. */
	uint32_t present;
	const cJSON *quorum;
	const cJSON *rules;
	const char *previous;
	bool final;
	const cJSON *log_head;
};

/* The link of VOTE.md §7 to a round's tally: B64(SHA-256(its JWS text)). */
bool vote_tally_link(const char *jws, char out[VOTE_HASH_TEXT_LEN + 1]);

cJSON *vote_tally_payload(const struct vote_tally_facts *f);

#endif
