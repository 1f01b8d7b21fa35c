/* The meeting log's hash chain, checked offline. An export is
 *   {"format": "yangguang-meeting-log/1", "meeting": ID, "committee": ID,
 *    "entries": [{"seq", "body", "prev_hash", "hash"}, ...]}
 * where body is the entry's JSON text exactly as hashed, and
 *   hash = SHA-256("yangguang/v1/log" || 0x00 || prev_hash || body)
 * with prev_hash the previous entry's hash as 32 raw bytes (32 zero bytes
 * before the first). Sequence numbers run 1, 2, 3, ... and each body names
 * its meeting and its seq. */
#ifndef YG_PROTO_LOGCHAIN_H
#define YG_PROTO_LOGCHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define LOGCHAIN_FORMAT "yangguang-meeting-log/1"

bool logchain_hash(const unsigned char prev[32], const char *body, char out[65]);

/* A sealed entry (a ballot's, vote.cast) keeps who acted out of its body:
 * the body has no "actor" and "request" but "sealed", the hex of
 *   SHA-256("yangguang/v1/sealed" || 0x00 || S)
 * where S, the sealed part, is the JSON text {"actor", "request"} given
 * beside the body (the entry's "sealed" member) to members only. Observers
 * check the chain across the body alone and do not learn the voter. */
bool logchain_sealed_hash(const char *sealed, char out[65]);

/* Who acted in entry e (an export's or a follow event's) whose body is b:
 * a new object {"actor", "request"}, from the body, or for a sealed entry
 * from its sealed part once checked against the body's digest. NULL with
 * why if a sealed entry's part is missing or not the one named. */
cJSON *logchain_who(const cJSON *e, const cJSON *b, const char **why);
long logchain_verify(const cJSON *export, char *why, size_t len);

#endif
