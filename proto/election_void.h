/* A voided round of an election record (proto/VOTE.md §5.1, §8.3 check
 * 8): the signed act that voided it, and that its actor presided over the
 * meeting then. The round holds the act as the meeting log has it (its
 * "vote.voided" entry: seq, body, prev_hash, hash), with the request its
 * actor signed (PROTOCOL.md §7a), and "authority": the log entries that
 * made someone the presiding member — the meeting's "meeting.opened" and
 * each meeting-wide "presiding.succeeded" before the act, each with its
 * signed request. Checked offline, from the record alone: every entry's
 * hash is that of its body and prev_hash; the act is "vote.voided" of
 * this meeting, item and round, starting the ceremony after the round's;
 * its request is signed, for this committee, operation vote.void with the
 * same meeting, item, round and reason; the authority entries are of this
 * meeting, in log order, before the act, each signed for its operation;
 * and the act's actor is the member they make presiding, signing with the
 * key they opened the meeting with if they opened it. That each key was
 * the member's registered key then, and that the log holds these entries
 * in its chain, is the meeting record's check (proto/record_actors.h). */
#ifndef YG_PROTO_ELECTION_VOID_H
#define YG_PROTO_ELECTION_VOID_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sig.h"

struct election_void {
	/* what the round must be */
	uint64_t committee, meeting, item, round, ceremony;
	/* what the act says: who voided it, with which key, and why */
	uint64_t actor;
	unsigned char actor_pub[SIG_PUB_LEN];
	char reason[512];
	uint64_t next_ceremony;
	bool key_known; /* the presiding member's key was seen in the authority */
};

/* One finding: ok, and the sentence. */
typedef void (*election_void_fn)(void *arg, bool ok, const char *line);

/* Check a voided round's act and authority; each failure, and one line
 * when all holds, through say. Returns whether it all holds. */
bool election_void_check(const cJSON *voided, struct election_void *v, election_void_fn say,
			 void *arg);

#endif
