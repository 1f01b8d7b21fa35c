/* A growing text buffer for the portal's pages and feeds, with the escaping
 * every value from the database goes through before it reaches a page:
 * hbuf_esc makes text safe in HTML and XML element content and in quoted
 * attribute values. A buffer that ran out of memory stays marked and
 * drops further output; its owner answers 500 instead. */
#ifndef YG_PORTAL_HBUF_H
#define YG_PORTAL_HBUF_H

#include <stdbool.h>
#include <stddef.h>

struct hbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

void hbuf_put(struct hbuf *b, const char *s, size_t n);
void hbuf_puts(struct hbuf *b, const char *s);
void hbuf_printf(struct hbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hbuf_esc(struct hbuf *b, const char *s);
char *hbuf_take(struct hbuf *b, size_t *len);
void hbuf_free(struct hbuf *b);

#endif
