/* Presiding authority (DESIGN.md §2): who may sign a meeting's minutes as
 * 主持人 and review its decisions — whoever opened the meeting, or a
 * successor named in a signed, logged act (presiding.succeed, log event
 * "presiding.succeeded"). The namer (an admin or the presiding chair) signs
 * on their own terminal:
 *
 *   signed message = "yangguang/v1/succession" || 0x00 || meeting id
 *                    || item id (0: the whole meeting) || successor member
 *                    id (each 8 bytes, big-endian) || SHA-256 of the
 *                    reason (32 bytes, UTF-8)
 *
 * Whom the successor succeeds is whoever held the authority at that point
 * of the log; the log entry names them.
 */
#ifndef YG_PROTO_PRESIDING_H
#define YG_PROTO_PRESIDING_H

#include <stddef.h>
#include <stdint.h>

#define SUCCESSION_MSG_LEN (24 + 3 * 8 + 32)

size_t presiding_succession_message(uint64_t meeting, uint64_t item, uint64_t successor,
				    const char *reason, unsigned char out[SUCCESSION_MSG_LEN]);

#endif
