/* Framing: every message is a 4-byte big-endian payload length followed by
 * that many bytes of UTF-8 JSON. Pure functions over byte buffers. */
#ifndef YG_PROTO_FRAME_H
#define YG_PROTO_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HEADER_LEN 4

enum frame_status {
	FRAME_NEED_MORE, /* fewer bytes than the header or the payload announce */
	FRAME_READY,     /* a whole frame is present */
	FRAME_EMPTY,     /* the header announces a zero-length payload */
	FRAME_TOO_LARGE, /* the header announces more than the maximum */
};

enum frame_status frame_check(const unsigned char *buf, size_t len, size_t max,
			      size_t *payload_len);
void frame_header_encode(unsigned char hdr[FRAME_HEADER_LEN], uint32_t payload_len);
uint32_t frame_header_decode(const unsigned char hdr[FRAME_HEADER_LEN]);

#endif
