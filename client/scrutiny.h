/* The scrutineer's work on this terminal (scrutiny.c): the key
 * ceremony and the partial decryptions, for yg scrutineer key, decrypt,
 * watch and the full-screen terminal's scrutineer screen. */
#ifndef YG_CLIENT_SCRUTINY_H
#define YG_CLIENT_SCRUTINY_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "conn.h"

/* Whatever is to do now for meeting: the key (do_key), then each
 * decryption waiting (do_decrypt). What was done goes to out, refusals
 * and failures to err; *closed (if not NULL) is set when the meeting is
 * over. YG_EXIT_OK or the exit code of the first failure. */
int scrutiny_work(struct yg_conn *c, const struct yg_opts *opts, long long meeting, int do_key,
		  int do_decrypt, int *closed, FILE *out, FILE *err);

/* When the meeting tasks (scrutineer.tasks) describe is over — closed, all
 * decrypted — this terminal's share of it is overwritten and removed, and
 * out says so: 1; 0 if there was nothing to remove; -1 if it could not be
 * (said on err). scrutiny_work does it itself. */
int scrutiny_shares_end(const struct yg_opts *opts, const cJSON *tasks, FILE *out, FILE *err);

/* Every share file of this server in HOME/shares/ whose meeting is over, or
 * whose key ceremony the meeting has left, is overwritten and removed
 * (said on out): what a terminal does when it starts. */
void scrutiny_sweep(struct yg_conn *c, const struct yg_opts *opts, FILE *out, FILE *err);

#endif
