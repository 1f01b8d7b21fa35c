#include "frame.h"

/* Write the length header for a payload of payload_len bytes. */
void frame_header_encode(unsigned char hdr[FRAME_HEADER_LEN], uint32_t payload_len)
{
	hdr[0] = (unsigned char)(payload_len >> 24);
	hdr[1] = (unsigned char)(payload_len >> 16);
	hdr[2] = (unsigned char)(payload_len >> 8);
	hdr[3] = (unsigned char)payload_len;
}

/* Read the payload length from a header. */
uint32_t frame_header_decode(const unsigned char hdr[FRAME_HEADER_LEN])
{
	return (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 |
	       (uint32_t)hdr[3];
}

/*
 * Look at the start of buf and say whether a whole frame is there. The size
 * limit is judged from the header alone, so an oversized frame is refused
 * before its payload is buffered.
 */
enum frame_status frame_check(const unsigned char *buf, size_t len, size_t max, size_t *payload_len)
{
	uint32_t n;

	if (len < FRAME_HEADER_LEN)
		return FRAME_NEED_MORE;
	n = frame_header_decode(buf);
	*payload_len = n;
	if (n == 0)
		return FRAME_EMPTY;
	if (n > max)
		return FRAME_TOO_LARGE;
	if (len - FRAME_HEADER_LEN < n)
		return FRAME_NEED_MORE;
	return FRAME_READY;
}
