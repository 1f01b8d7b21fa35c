/* What a terminal checks before it trusts the election key or decrypts
 * (BALLOT.md §7.4, §9.1): the scrutineers' key publications, each signed
 * by its holder with the member key registered for them (and the one this
 * terminal already knows for them, client/known.c), every proof, and the
 * election key exactly their sum. yg vote cast and the full-screen ballot
 * use keycheck_vote; the scrutineer's terminal keycheck_keys. */
#ifndef YG_CLIENT_KEYCHECK_H
#define YG_CLIENT_KEYCHECK_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../proto/scrutiny.h"
#include "conn.h"

/* The reason of a fault in plain words (the terminal's language). */
const char *keycheck_fault_text(enum scrutiny_fault f);

/* Whether this terminal may rely on election_key of meeting (ceremony)
 * in committee, made of the scrutineers listed: 0, or -1 with the reason
 * (naming the scrutineer) in why. */
int keycheck_keys(const struct yg_opts *opts, long long committee, long long meeting,
		  long long ceremony, const cJSON *scrutineers, const char *election_key, char *why,
		  size_t len);

/* The same for the open round that vote.status (st) describes, before a
 * ballot is encrypted to its key. */
int keycheck_vote(const struct yg_opts *opts, const cJSON *st, char *why, size_t len);

#endif
