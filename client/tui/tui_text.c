#include <string.h>

#include "../textwidth.h"
#include "tui_text.h"

size_t tt_next(const char *s, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0, i;

	*cp = n == 0 ? *p : *p & (0x3fu >> n);
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) { /* cut short: one byte, shown as one column */
			*cp = '?';
			return 1;
		}
		*cp = *cp << 6 | (p[i] & 0x3fu);
	}
	return (size_t)n + 1;
}

/* How many bytes of s, at most max, fit in cols columns: whole characters. */
static size_t tt_fit_max(const char *s, size_t cols, size_t max, size_t *used)
{
	size_t off = 0, w = 0, n, cw;
	unsigned long cp;

	while (s[off] != '\0') {
		n = tt_next(s + off, &cp);
		cw = (size_t)tw_char_width(cp);
		if (w + cw > cols || off + n > max)
			break;
		w += cw;
		off += n;
	}
	if (used != NULL)
		*used = w;
	return off;
}

size_t tt_fit(const char *s, size_t cols, size_t *used)
{
	return tt_fit_max(s, cols, (size_t)-1, used);
}

size_t tt_clip(const char *s, size_t cols, char *out, size_t outlen)
{
	size_t used, n, i;

	if (outlen == 0)
		return 0;
	n = tt_fit_max(s, cols, outlen - 1, &used);
	if (s[n] != '\0' && cols > 0 && outlen >= 4) {
		/* cut: leave a column and three bytes for the ellipsis */
		n = tt_fit_max(s, cols - 1, outlen - 4, &used);
		memcpy(out, s, n);
		memcpy(out + n, "…", 4);
		used++;
		n += 3;
	} else
		memcpy(out, s, n);
	out[n] = '\0';
	for (i = 0; i < n; i++)
		if (out[i] == '\n' || out[i] == '\r' || out[i] == '\t')
			out[i] = ' ';
	return used;
}

int tt_wrap(const char *s, size_t cols, size_t *start, size_t *len, int max)
{
	size_t off = 0, w, n, cw, line;
	unsigned long cp;
	int count = 0;

	if (cols == 0)
		return 0;
	while (s[off] != '\0' && count < max) {
		line = off;
		w = 0;
		while (s[off] != '\0' && s[off] != '\n') {
			n = tt_next(s + off, &cp);
			cw = (size_t)tw_char_width(cp);
			if (w + cw > cols && off > line) /* a line holds one character at least */
				break;
			w += cw;
			off += n;
		}
		start[count] = line;
		len[count] = off - line;
		count++;
		if (s[off] == '\n')
			off++;
	}
	return count;
}

void tt_line_clear(struct tt_line *l)
{
	l->len = 0;
	l->buf[0] = '\0';
}

int tt_line_insert(struct tt_line *l, unsigned long cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x20 || cp == 0x7f || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (l->len + n >= sizeof(l->buf))
		return -1;
	memcpy(l->buf + l->len, b, n);
	l->len += n;
	l->buf[l->len] = '\0';
	return 0;
}

void tt_line_backspace(struct tt_line *l)
{
	while (l->len > 0) {
		l->len--;
		if (((unsigned char)l->buf[l->len] & 0xc0) != 0x80)
			break;
	}
	l->buf[l->len] = '\0';
}

const char *tt_line_tail(const struct tt_line *l, size_t cols)
{
	const char *p = l->buf;
	unsigned long cp;

	while (tw_width(p) > cols)
		p += tt_next(p, &cp);
	return p;
}
