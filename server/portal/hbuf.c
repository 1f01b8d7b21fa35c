#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/xalloc.h"
#include "hbuf.h"

/* Room for n more bytes and a NUL; false (and marked) when out of memory. */
static bool hbuf_reserve(struct hbuf *b, size_t n)
{
	size_t cap = b->cap != 0 ? b->cap : 256;
	char *p;

	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	while (cap < b->len + n + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	p = xrealloc(b->p, cap);
	if (p == NULL) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void hbuf_put(struct hbuf *b, const char *s, size_t n)
{
	if (!hbuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void hbuf_puts(struct hbuf *b, const char *s)
{
	hbuf_put(b, s, strlen(s));
}

void hbuf_printf(struct hbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !hbuf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* s with & < > " ' as character references, and the control characters
 * XML 1.0 does not allow (all of C0 but tab, newline and carriage return,
 * and DEL) dropped. NULL writes nothing. */
void hbuf_esc(struct hbuf *b, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		const char *rep = NULL;
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				rep = "";
		}
		if (rep == NULL)
			continue;
		hbuf_put(b, run, (size_t)(s - run));
		hbuf_puts(b, rep);
		run = s + 1;
	}
	hbuf_put(b, run, (size_t)(s - run));
}

/* The text (NUL-terminated, never NULL unless out of memory), handed over
 * to the caller; the buffer is empty again. */
char *hbuf_take(struct hbuf *b, size_t *len)
{
	char *p;

	if (b->p == NULL && hbuf_reserve(b, 0))
		b->p[0] = '\0';
	if (b->oom) {
		hbuf_free(b);
		*len = 0;
		return NULL;
	}
	p = b->p;
	*len = b->len;
	memset(b, 0, sizeof(*b));
	return p;
}

void hbuf_free(struct hbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}
