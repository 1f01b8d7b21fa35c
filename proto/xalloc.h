/* The allocation policy of ygd, yg and everything they share: memory that
 * cannot be had is a fatal error, as in tmux and Redis. x* allocate or
 * abort() after saying so on stderr; they never return NULL, so their
 * callers do not check. Use them instead of malloc, calloc, realloc,
 * strdup and strndup everywhere in server/, client/ and proto/; cJSON
 * allocates through xmalloc too (xalloc_cjson_hooks, called first thing in
 * each main). A size that comes from outside (a frame's length, a file's)
 * is to be bounded by its caller before it is allocated: running out of
 * memory is never how a too-large input is refused. */
#ifndef YG_PROTO_XALLOC_H
#define YG_PROTO_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Makes cJSON allocate through xmalloc. */
void xalloc_cjson_hooks(void);

#endif
