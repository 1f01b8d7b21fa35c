/* What terminals check so that they need not trust the server with the
 * secret ballot (BALLOT.md §7.4, §9.1; VOTE.md §1, §5): a scrutineer's
 * key publication signed by its holder, the election key as exactly the
 * sum of the published keys, and a round's ballot board verified ballot
 * by ballot and added up before any scrutineer decrypts it. Pure
 * functions over the JSON the protocol carries; ygd checks the same. */
#ifndef YG_PROTO_SCRUTINY_H
#define YG_PROTO_SCRUTINY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "ballot.h"
#include "sig.h"

#define SCRUTINY_KEY_TAG "yangguang-scrutineer-key/1"

/* What a publication is about; key and proof in their text forms. */
struct scrutiny_pub {
	uint64_t committee, meeting, ceremony, member;
	uint32_t index;
	const char *member_key; /* "ed25519:…" */
	const char *key;        /* the scrutineer key X */
	const char *proof_c, *proof_z;
};

/* SCRUTINY_KEY_TAG 0x0A JCS({committee, meeting, ceremony, index, member,
 * member_key, key, proof: {c, z}}); malloc'ed, *len set. */
unsigned char *scrutiny_key_message(const struct scrutiny_pub *p, size_t *len);
bool scrutiny_key_sign(EVP_PKEY *key, const struct scrutiny_pub *p, char out[SIG_TEXT_LEN + 1]);
bool scrutiny_key_sig_ok(const struct scrutiny_pub *p, const char *signature);

/* Why a check failed; which scrutineer or ballot (0-based) in *which. */
enum scrutiny_fault {
	SF_OK,
	SF_MALFORMED,      /* the list or an entry is not what the protocol says */
	SF_NO_KEYS,        /* no scrutineer, or one has not published */
	SF_NOT_REGISTERED, /* the key that signed is not the member's registered key */
	SF_SIGNATURE,      /* unsigned, or the signature does not verify */
	SF_PROOF,          /* the key's proof of knowledge does not verify */
	SF_SUM,            /* the election key is not the sum of the keys */
	SF_NOT_ELIGIBLE,   /* a ballot's voter is not eligible, or their key not the fixed one */
	SF_TWICE,          /* two ballots of one voter */
	SF_BALLOT,         /* a ballot's proofs do not verify */
	SF_RECEIPT,        /* a ballot's receipt is not its hash */
	SF_ENVELOPE,       /* a ballot's envelope signature does not verify */
	SF_AGGREGATE,      /* the server's sum is not the sum of the ballots */
	SF_TOO_FEW,        /* fewer ballots than the rule lets be decrypted */
};

/* The scrutineers of a meeting as vote.status, scrutineer.list and
 * scrutineer.tasks give them ([{index, member, member_key,
 * registered_key, key, proof, signature}, …]): each in index order,
 * signed with member_key, member_key the member's registered key, each
 * proof valid, and election_key their sum. */
enum scrutiny_fault scrutiny_keys_check(struct group *g, uint64_t committee, uint64_t meeting,
					uint64_t ceremony, const cJSON *scrutineers,
					const char *election_key, int *which);

/* A round as the scrutineer's terminal verifies it. */
struct scrutiny_round {
	uint64_t committee, meeting, item, round;
	const cJSON *question;
	const char *election_key;
	const cJSON *eligible; /* [{member, key}, …] fixed at vote.open */
	const cJSON *ballots;  /* [{voter, voter_key, ballot, signature, receipt}, …] */
};

/* Verify every ballot of the board and add them up into t (made here with
 * the question's options; the caller clears it on success and failure). */
enum scrutiny_fault scrutiny_board_sum(struct group *g, const struct scrutiny_round *r,
				       struct ballot_tally *t, int *which);

/* Whether the server's aggregate ({ballots, sum}) is exactly the tally t. */
bool scrutiny_aggregate_same(struct group *g, const cJSON *aggregate, const struct ballot_tally *t);

#endif
