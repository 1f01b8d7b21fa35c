/* A threshold key ceremony as the protocol and the election record carry
 * it (BALLOT.md §7.5, §7.7): each scrutineer's dealing and acceptance,
 * signed with its member key, and the check that a voter's terminal, a
 * scrutineer's terminal and a verifier make of the whole ceremony before
 * relying on its election key. Pure functions over JSON. */
#ifndef YG_PROTO_DKG_CEREMONY_H
#define YG_PROTO_DKG_CEREMONY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "dkg.h"
#include "sig.h"

#define DKG_DEALING_TAG "yangguang-scrutineer-dealing/1"
#define DKG_ACCEPT_TAG  "yangguang-scrutineer-accept/1"

/* Who signs: scrutineer `index` of the ceremony p. */
struct dkg_signer {
	const struct dkg_params *p;
	uint32_t index;
	uint64_t member;
	const char *member_key; /* "ed25519:…" */
};

/* TAG 0x0A JCS({committee, meeting, ceremony, n, threshold, index, member,
 * member_key} plus body's members); malloc'ed, *len set. body is not
 * changed. */
unsigned char *dkg_signed_message(const char *tag, const struct dkg_signer *s, const cJSON *body,
				  size_t *len);
bool dkg_sign(EVP_PKEY *key, const char *tag, const struct dkg_signer *s, const cJSON *body,
	      char out[SIG_TEXT_LEN + 1]);
bool dkg_sig_ok(const char *tag, const struct dkg_signer *s, const cJSON *body,
		const char *signature);

/* The signed body of a dealing ({"dealing"}) and of an acceptance
 * ({"election_key", "verification_key", "share_proof"}). */
cJSON *dkg_dealing_body(const cJSON *dealing);
cJSON *dkg_accept_body(const char *election_key, const char *verification_key,
		       const cJSON *share_proof);

enum dkg_fault {
	DKG_OK,
	DKG_MALFORMED,         /* not n entries in index order, or an entry not as specified */
	DKG_DEALING_SIGNATURE, /* a dealing not signed by its scrutineer's member key */
	DKG_DEALING,           /* a dealing's commitments or proofs do not verify */
	DKG_KEY,               /* the election key is not the sum of the constant commitments */
	DKG_VERIFICATION_KEY,  /* a listed verification key is not the one the commitments give */
	DKG_ACCEPT_SIGNATURE,  /* an acceptance not signed by its scrutineer's member key */
	DKG_SHARE_PROOF,       /* a share proof does not verify */
};

/* The ceremony p as listed: scrutineers [{index, member, member_key,
 * dealing, dealing_signature, verification_key, share_proof,
 * accept_signature}, …], n of them in index order, each dealing signed and
 * valid, election_key the sum of the constant commitments, each
 * verification key the one the commitments give, each acceptance signed
 * and its share proof valid. On DKG_OK and y non-NULL, y[j] (n points,
 * made here, freed by the caller with EC_POINT_free) are the verification
 * keys. *which: the scrutineer at fault, or -1. */
enum dkg_fault dkg_ceremony_check(struct group *g, const struct dkg_params *p,
				  const cJSON *scrutineers, const char *election_key, EC_POINT **y,
				  int *which);
const char *dkg_fault_text(enum dkg_fault f);

#endif
