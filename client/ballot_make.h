/* A ballot made on this terminal: encrypted, proven and signed with the
 * member's key for the open round that vote.status (st) describes
 * (ballot_make.c; yg vote cast and the full-screen ballot use it, through
 * ballot_keep.h). */
#ifndef YG_CLIENT_BALLOT_MAKE_H
#define YG_CLIENT_BALLOT_MAKE_H

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "../proto/vote.h"

/* The arguments of vote.cast (NULL on failure) and the receipt's text;
 * choices holds one 0/1 per label of the question. */
cJSON *ballot_make(const cJSON *st, long long me, EVP_PKEY *key, const unsigned char *choices,
		   char receipt_text[VOTE_HASH_TEXT_LEN + 1]);

#endif
