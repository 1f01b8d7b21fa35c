/* Frames (proto/frame.c): any bytes as the start of a connection's input,
 * checked against a limit taken from the input too. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "../../proto/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char hdr[FRAME_HEADER_LEN];
	size_t max, n = 0;
	enum frame_status st;

	if (size < 2)
		return 0;
	/* The first two bytes pick the limit, the rest is the stream. */
	max = (size_t)data[0] << 8 | data[1];
	data += 2;
	size -= 2;
	st = frame_check(data, size, max, &n);
	switch (st) {
	case FRAME_NEED_MORE:
		assert(size < FRAME_HEADER_LEN || (n <= max && size - FRAME_HEADER_LEN < n));
		break;
	case FRAME_READY:
		/* A whole frame within the limit lies in the buffer. */
		assert(n > 0 && n <= max && FRAME_HEADER_LEN + n <= size);
		break;
	case FRAME_EMPTY:
		assert(n == 0);
		break;
	case FRAME_TOO_LARGE:
		assert(n > max);
		break;
	}
	if (size >= FRAME_HEADER_LEN) {
		/* The header reads back as it was written. */
		frame_header_encode(hdr, frame_header_decode(data));
		assert(hdr[0] == data[0] && hdr[1] == data[1] && hdr[2] == data[2] &&
		       hdr[3] == data[3]);
	}
	return 0;
}
