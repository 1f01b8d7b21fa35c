/* A ballot kept in HOME/ballots/ before it is sent, so that a voter whose
 * answer was lost sends the very same ballot again and holds the receipt
 * of the ballot stored (ballot_keep.c; yg vote cast and the full-screen
 * ballot use it). */
#ifndef YG_CLIENT_BALLOT_KEEP_H
#define YG_CLIENT_BALLOT_KEEP_H

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "../proto/vote.h"
#include "conn.h"

/* The ballot to send in the open round st describes, for member me. */
struct ballot_kept {
	cJSON *args; /* of vote.cast, the signed ballot exactly as kept */
	char receipt[VOTE_HASH_TEXT_LEN + 1];
	char path[4300]; /* HOME/ballots/SERVER-cC-mM-iI-rR-vV.json */
};

enum ballot_keep_rc {
	BK_NEW,       /* made from choices now, and kept before anything is sent */
	BK_RESEND,    /* kept from an earlier try: to be sent again as it is */
	BK_MAKE_FAIL, /* the ballot could not be made (said on stderr) */
	BK_KEEP_FAIL, /* it could not be kept: not sent (errno set) */
	BK_KEPT_BAD,  /* the kept file is unreadable, readable by others or not
		       * of this round: not used, nothing sent */
};

/* The ballot kept for this round, voter me: 1 if there is one (k filled,
 * the caller frees k->args), 0 if none, -1 if the file is there but
 * unusable (BK_KEPT_BAD). */
int ballot_keep_find(const struct yg_opts *opts, const cJSON *st, long long me,
		     struct ballot_kept *k);

/* A new ballot made from choices (key signs it) and written once, mode
 * 0600, before the caller sends it; BK_RESEND if another try kept one
 * first (k then holds that one). The caller frees k->args. */
enum ballot_keep_rc ballot_keep_new(const struct yg_opts *opts, const cJSON *st, long long me,
				    EVP_PKEY *key, const unsigned char *choices,
				    struct ballot_kept *k);

/* Whether vote.cast's refusal (its code and message) says that this very
 * ballot, the one with receipt, is the one the server holds for the
 * caller: "you have already voted in this round (receipt R)" with R equal
 * to receipt. The stored receipt, when the refusal names one, goes to
 * stored (of VOTE_HASH_TEXT_LEN + 1 bytes, "" otherwise). */
int ballot_keep_already_in(const char *code, const char *message, const char *receipt,
			   char *stored);

#endif
