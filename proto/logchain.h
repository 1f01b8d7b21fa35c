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
long logchain_verify(const cJSON *export, char *why, size_t len);

#endif
