/* base64url (proto/b64.c): decoding is strict, so whatever decodes
 * encodes back to the same text; whatever is encoded decodes back. */
#include "../../proto/b64.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = size + 4, n, tlen;
	unsigned char *bin = malloc(cap);
	char *text = fuzz_str(data, size), *enc = malloc(B64_ENCODED_LEN(cap) + 1);
	long got;

	if (bin == NULL || text == NULL || enc == NULL)
		goto out;
	/* The input as text to decode, up to a NUL it may hold. */
	got = b64url_decode(text, bin, cap);
	tlen = strlen(text);
	if (got >= 0) {
		n = b64url_encode(bin, (size_t)got, enc, B64_ENCODED_LEN(cap) + 1);
		FUZZ_CHECK(n == tlen && memcmp(enc, text, tlen) == 0);
		/* One byte short of room is refused, not overrun. */
		if (got > 0)
			FUZZ_CHECK(b64url_decode(text, bin, (size_t)got - 1) == -1);
	}
	/* The input as bytes to encode. */
	n = b64url_encode(data, size, enc, B64_ENCODED_LEN(size) + 1);
	FUZZ_CHECK(n == B64_ENCODED_LEN(size) && strlen(enc) == n);
	FUZZ_CHECK(b64url_decode(enc, bin, cap) == (long)size);
	FUZZ_CHECK(size == 0 || memcmp(bin, data, size) == 0);
	FUZZ_CHECK(size == 0 || b64url_encode(data, size, enc, n) == 0);
out:
	free(bin);
	free(text);
	free(enc);
	return 0;
}
