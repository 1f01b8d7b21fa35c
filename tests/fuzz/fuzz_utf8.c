/* UTF-8 checks (proto/utf8.c) against a decoder written here from RFC 3629:
 * whatever utf8_valid accepts decodes to scalar values that encode back to
 * exactly the input, and utf8_count counts them. */
#include <stdbool.h>

#include "../../proto/utf8.h"
#include "fuzz.h"

/* Decode one sequence at s (n bytes left) into *cp; its length, or 0. */
static size_t ref_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	*cp = c;
	return len;
}

/* Encode cp; its length. */
static size_t ref_encode(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Whether the input is UTF-8 by the reference: shortest form, scalar
 * values only, no NUL; *count gets the code points. */
static bool ref_valid(const unsigned char *s, size_t n, size_t *count)
{
	unsigned char back[4];
	size_t i = 0, len;
	uint32_t cp;

	*count = 0;
	while (i < n) {
		len = ref_decode(s + i, n - i, &cp);
		if (len == 0 || cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    ref_encode(cp, back) != len || memcmp(back, s + i, len) != 0)
			return false;
		i += len;
		(*count)++;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t count = 0;
	bool valid = utf8_valid((const char *)data, size);
	char *s;

	FUZZ_CHECK(valid == ref_valid(data, size, &count));
	if (valid) {
		s = fuzz_str(data, size);
		if (s == NULL)
			return 0;
		FUZZ_CHECK(utf8_count(s) == count);
		free(s);
	}
	return 0;
}
