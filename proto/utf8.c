#include "utf8.h"

/* Length of the sequence a lead byte starts, or 0 if it cannot start one. */
static size_t utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Whether the continuation bytes after lead byte c are in range; the second
 * byte's range depends on the lead to exclude overlongs and surrogates. */
static bool utf8_seq_ok(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t i;

	switch (p[0]) {
	case 0xe0:
		lo = 0xa0;
		break;
	case 0xed:
		hi = 0x9f;
		break;
	case 0xf0:
		lo = 0x90;
		break;
	case 0xf4:
		hi = 0x8f;
		break;
	}
	if (n > 1 && (p[1] < lo || p[1] > hi))
		return false;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return false;
	return true;
}

/* Whether len bytes at s are well-formed UTF-8 with no NUL byte. */
bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] == 0)
			return false;
		n = utf8_seq_len(p[i]);
		if (n == 0 || len - i < n || !utf8_seq_ok(p + i, n))
			return false;
		i += n;
	}
	return true;
}

/* The code point at p (valid UTF-8) and, in *n, its length in bytes. */
static unsigned long utf8_decode(const unsigned char *p, size_t *n)
{
	size_t len = utf8_seq_len(p[0]), i;
	unsigned long cp = len == 1 ? p[0] : p[0] & (0x7fu >> len);

	for (i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3fu);
	*n = len;
	return cp;
}

/* Whether code point cp must not reach a terminal or a page: C0 and C1
 * controls, DEL, the line and paragraph separators, and the bidirectional
 * marks, embeddings, overrides and isolates that can make a name display
 * as something it is not. Newline and tab only where multiline allows. */
bool utf8_unsafe_cp(unsigned long cp, bool multiline)
{
	if (multiline && (cp == '\n' || cp == '\t'))
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Whether the valid UTF-8 string s, len bytes, holds a code point that
 * utf8_unsafe_cp refuses. */
bool utf8_has_unsafe(const char *s, size_t len, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (utf8_unsafe_cp(utf8_decode(p + i, &n), multiline))
			return true;
		i += n;
	}
	return false;
}

/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}
