/* Minutes (会议记录, DESIGN.md rule 11) built from a meeting's log: time,
 * place, chair, attendees, absentees with reasons, observers, items with
 * presentations, recusals, each member's position and main points, and how
 * each item ended. The same pure function builds them on the server when
 * the meeting closes and in `yg verify`, which rebuilds them from the log
 * and compares byte for byte. The minutes name the log entry they were
 * built up to (seq and hash), and are signed by the chair and the clerk:
 *
 *   signed message = "yangguang/v1/minutes" || 0x00 || meeting id (8 bytes,
 *                    big-endian) || SHA-256 of the minutes text (32 bytes)
 */
#ifndef YG_PROTO_MINUTES_H
#define YG_PROTO_MINUTES_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define MINUTES_FORMAT  "yangguang-minutes/1"
#define MINUTES_MSG_LEN (21 + 8 + 32)

char *minutes_build(const cJSON *log_export, long upto_seq);
size_t minutes_message(uint64_t meeting, const char *minutes_text,
		       unsigned char out[MINUTES_MSG_LEN]);

#endif
