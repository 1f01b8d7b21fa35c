/* A correction of signed minutes (DESIGN.md rule 11): an appended entry,
 * never an edit. The clerk proposes it ("minutes.correction_proposed" in
 * the meeting's log) and the presiding chair, or a logged successor,
 * co-signs it ("minutes.correction_signed"); only then is it in force. Both
 * sign the same bytes:
 *
 *   signed message = "yangguang/v1/minutes-correction" || 0x00
 *                    || meeting id (8 bytes, big-endian)
 *                    || SHA-256 of the minutes text (32 bytes)
 *                    || SHA-256 of the correction's text (32 bytes)
 *                    || SHA-256 of its reason (32 bytes)
 */
#ifndef YG_PROTO_CORRECTION_H
#define YG_PROTO_CORRECTION_H

#include <stddef.h>
#include <stdint.h>

#define CORRECTION_MSG_LEN (32 + 8 + 3 * 32)

size_t correction_message(uint64_t meeting, const char *minutes_text, const char *text,
			  const char *reason, unsigned char out[CORRECTION_MSG_LEN]);

#endif
