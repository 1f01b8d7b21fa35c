#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/utf8.h"
#include "../proto/xalloc.h"
#include "termsafe.h"

/* The characters the protocol refuses in text (proto/utf8.c: one list for
 * both sides), newline and tab allowed, and what is not a character. */
int ts_unsafe(unsigned long cp)
{
	return utf8_unsafe_cp(cp, true) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff;
}

int ts_decode(const char *s, size_t len, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	static const unsigned long min[4] = {0, 0x80, 0x800, 0x10000};
	size_t n, i;

	if (len == 0)
		return -1;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	n = p[0] >= 0xc2 && p[0] <= 0xdf   ? 2
	    : p[0] >= 0xe0 && p[0] <= 0xef ? 3
	    : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
					   : 0;
	if (n == 0)
		return 0;
	*cp = p[0] & (0x7fu >> n);
	for (i = 1; i < n; i++) {
		if (i == len) /* cut short: could what is there still become valid? */
			return i >= 2 && ((p[0] == 0xe0 && p[1] < 0xa0) ||
					  (p[0] == 0xed && p[1] >= 0xa0) ||
					  (p[0] == 0xf0 && p[1] < 0x90) ||
					  (p[0] == 0xf4 && p[1] >= 0x90))
				       ? 0
				       : -1;
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3fu);
	}
	if (*cp < min[n - 1] || (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return (int)n;
}

size_t ts_clean(const char *in, size_t len, unsigned flags, char *out, size_t *used)
{
	size_t i = 0, o = 0;
	unsigned long cp;
	int n;

	while (i < len) {
		n = ts_decode(in + i, len - i, &cp);
		if (n < 0 && (flags & TS_PARTIAL))
			break;
		if (n <= 0) { /* not UTF-8: this byte alone */
			memcpy(out + o, TS_REPLACEMENT, 3);
			o += 3;
			i++;
			continue;
		}
		if (cp == '\r' && i + 1 < len && in[i + 1] == '\n') {
			i++; /* "\r\n" is a line break like "\n" */
			continue;
		}
		if (cp == '\r' && i + 1 == len && (flags & TS_PARTIAL))
			break; /* perhaps the first half of "\r\n" */
		if (cp == '\t' || (cp == '\n' && !(flags & TS_MULTILINE)))
			out[o++] = ' ';
		else if (ts_unsafe(cp)) {
			memcpy(out + o, TS_REPLACEMENT, 3);
			o += 3;
		} else {
			memcpy(out + o, in + i, (size_t)n);
			o += (size_t)n;
		}
		i += (size_t)n;
	}
	if (used != NULL)
		*used = i;
	return o;
}

char *ts_dup(const char *s, unsigned flags)
{
	size_t len = s != NULL ? strlen(s) : 0, n;
	char *out = xmalloc(3 * len + 1);

	if (out == NULL)
		abort();
	n = ts_clean(s != NULL ? s : "", len, flags & TS_MULTILINE, out, NULL);
	out[n] = '\0';
	return out;
}

char *ts_json(const char *json)
{
	size_t len = strlen(json), i = 0, o = 0;
	char *out = xmalloc(6 * len + 1);
	unsigned long cp;
	int n;

	if (out == NULL)
		abort();
	while (i < len) {
		n = ts_decode(json + i, len - i, &cp);
		if (n <= 0) {
			memcpy(out + o, "\\ufffd", 6);
			o += 6;
			i++;
		} else if (ts_unsafe(cp)) {
			o += (size_t)snprintf(out + o, 7, "\\u%04lx", cp);
			i += (size_t)n;
		} else {
			memcpy(out + o, json + i, (size_t)n);
			o += (size_t)n;
			i += (size_t)n;
		}
	}
	out[o] = '\0';
	return out;
}
