/* The portal's fast path reads the plainest requests itself: a GET or HEAD
 * in HTTP/1.1 of a path of plain characters, with no body, no condition
 * and no wish to close. Everything else (a form, a query, HTTP/1.0,
 * If-None-Match, an odd header) goes to libevent's HTTP server as before,
 * which then judges it in full. Pure. */
#ifndef YG_PORTAL_FASTREQ_H
#define YG_PORTAL_FASTREQ_H

#include <stdbool.h>
#include <stddef.h>

/* A path the fast path serves is at most this long (every route's is). */
#define FASTREQ_PATH_MAX 64

enum fastreq_result {
	FASTREQ_MORE,  /* not yet a whole head: read on */
	FASTREQ_OK,    /* a plain request, consumed bytes long */
	FASTREQ_OTHER, /* anything else: for the full HTTP server */
};

struct fastreq {
	bool head;                       /* HEAD, else GET */
	char path[FASTREQ_PATH_MAX + 1]; /* NUL-terminated */
	size_t consumed;                 /* the request's length in the input */
};

enum fastreq_result fastreq_parse(const char *buf, size_t len, struct fastreq *out);

#endif
