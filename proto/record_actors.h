/* Who did what in a meeting record (PROTOCOL.md §7a), checked offline after
 * record_verify: the committee's administrative log is a whole hash chain;
 * walking it in order gives which key each member and observer held when,
 * every key registration, rotation and revocation being itself an entry
 * signed by an admin whose key was valid then (the first admin's, made at
 * installation by `ygd bootstrap`, is the root); and every entry of the
 * meeting log and of the administrative log carries the request that
 * caused it, signed by its actor with the key valid at that time — ygd's
 * own entries by the server key — whose operation can cause that entry,
 * whose arguments agree with what the entry records, for this committee,
 * made about when the entry was written, used for no other entry, and
 * bound to a log head the log really had before it. A forged statement,
 * check-out, ballot, key change or admin action, or a history rewritten
 * with a rebuilt chain, fails here by name. */
#ifndef YG_PROTO_RECORD_ACTORS_H
#define YG_PROTO_RECORD_ACTORS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "record.h"
#include "sig.h"

#define ADMINLOG_FORMAT   "yangguang-admin-log/1"
#define RECORD_AT_SLACK_S 600 /* how far a request's time may be from its entry's */

/* Adds its findings to rep. server_pub: the pinned server key, or NULL
 * (ygd's entries are then checked against the key they name, and said so). */
bool record_actors_verify(const cJSON *record, const unsigned char *server_pub,
			  struct record_report *rep);

/* Whether request r (already verified) can have caused a meeting-log entry
 * of event, recording data, in meeting: its operation causes that event,
 * and what it asked for is what the entry records. NULL, or why not. For
 * terminals that check entries as they arrive (client/logcheck.c). */
const char *record_actors_entry_agrees(const cJSON *r, double meeting, const char *event,
				       const cJSON *data);

#endif
