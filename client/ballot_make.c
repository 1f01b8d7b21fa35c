/* A ballot made at a member's terminal (ballot_make.h): encrypted and
 * proven here, signed with the member's own key. proto/VOTE.md §2-4. */
#include <stdio.h>

#include "../proto/ballot.h"
#include "../proto/group.h"
#include "../proto/sig.h"
#include "../proto/vote.h"
#include "ballot_make.h"
#include "i18n.h"
#include "json_field.h"

/* Encrypt, prove and sign a ballot for the round in st; args for vote.cast
 * (NULL on failure) and the receipt's text. */
cJSON *ballot_make(const cJSON *st, long long me, EVP_PKEY *key, const unsigned char *choices,
		   char receipt_text[VOTE_HASH_TEXT_LEN + 1])
{
	struct group *g = group_new(group_rand_system, NULL);
	struct ballot_context ctx;
	struct ballot b;
	unsigned char receipt[VOTE_HASH_LEN];
	const char *why = "";
	cJSON *args = NULL;
	uint64_t committee = (uint64_t)json_int(st, "committee"),
		 meeting = (uint64_t)json_int(st, "meeting"), item = (uint64_t)json_int(st, "item"),
		 round = (uint64_t)json_int(st, "round");
	bool ok = g != NULL && ballot_context_init(g, &ctx);

	if (!ok) {
		group_free(g);
		return NULL;
	}
	ok = vote_context(g, committee, meeting, item, round, cJSON_GetObjectItem(st, "question"),
			  json_str(st, "election_key"), (uint64_t)me, json_str(st, "you_key"), &ctx,
			  &why) &&
	     ballot_encrypt(g, &ctx, choices, &b);
	if (ok) {
		args = vote_cast_args(g, &ctx, &b, key, receipt);
		if (args != NULL)
			vote_hash_to_text(receipt, receipt_text);
		ballot_clear(&b);
	} else {
		fprintf(stderr, "yg: %s: %s\n", TR("无法生成选票", "cannot make the ballot"), why);
	}
	ballot_context_clear(&ctx);
	group_free(g);
	return args;
}
