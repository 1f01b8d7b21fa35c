/* Offline verification of an election record (proto/VOTE.md §8; `yg
 * verify`): scrutineer keys and their proofs, every ballot (eligibility,
 * one per voter, receipt, envelope signature, proofs), the aggregate, the
 * partial decryptions, the counts, the outcome under the rules, the
 * signed tally, the run-off chain. Every check is reported, one a line. */
#ifndef YG_PROTO_ELECTION_H
#define YG_PROTO_ELECTION_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sig.h"

#define ELECTION_MAX_LINES 64

struct election_report {
	bool ok;
	int nlines;
	char lines[ELECTION_MAX_LINES][256]; /* "ok: ..." or "FAIL: ..." */
};

/* pinned: the server key the auditor trusts, or NULL to take the record's. */
bool election_verify(const cJSON *record, const unsigned char *pinned, struct election_report *rep);
/* The round holding a ballot with this receipt (text form), 0 if none;
 * *voter set when found. */
uint64_t election_find_receipt(const cJSON *record, const char *receipt, uint64_t *voter);

#endif
