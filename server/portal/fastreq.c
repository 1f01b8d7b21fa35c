#include <string.h>

#include "fastreq.h"

static bool fastreq_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '/' || c == '.' || c == '-' || c == '_';
}

static bool fastreq_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Does the header name (n bytes) equal want (lower case)? */
static bool fastreq_name_is(const char *name, size_t n, const char *want)
{
	size_t i;

	if (n != strlen(want))
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return false;
	}
	return true;
}

/* One header line [p, end) (without its CR LF): true if the fast path may
 * answer a request that carries it. */
static bool fastreq_header_ok(const char *p, const char *end)
{
	const char *colon = p, *v;
	size_t n;

	while (colon < end && fastreq_token_char(*colon))
		colon++;
	if (colon == p || colon == end || *colon != ':')
		return false;
	n = (size_t)(colon - p);
	for (v = colon + 1; v < end; v++)
		if ((unsigned char)*v < 0x20 && *v != '\t')
			return false;
		else if (*v == 0x7f)
			return false;
	/* A body, a condition, a protocol change or an end: the full server. */
	if (fastreq_name_is(p, n, "content-length") || fastreq_name_is(p, n, "transfer-encoding") ||
	    fastreq_name_is(p, n, "if-none-match") || fastreq_name_is(p, n, "if-match") ||
	    fastreq_name_is(p, n, "if-modified-since") || fastreq_name_is(p, n, "expect") ||
	    fastreq_name_is(p, n, "upgrade") || fastreq_name_is(p, n, "range"))
		return false;
	if (fastreq_name_is(p, n, "connection")) {
		v = colon + 1;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		return fastreq_name_is(v, (size_t)(end - v), "keep-alive");
	}
	return true;
}

enum fastreq_result fastreq_parse(const char *buf, size_t len, struct fastreq *out)
{
	const char *end = NULL, *p, *eol, *sp;
	size_t i, n;

	/* The head ends at the first empty line; a bare LF is for the full
	 * server. */
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n' && (i == 0 || buf[i - 1] != '\r'))
			return FASTREQ_OTHER;
		if (buf[i] == '\n' && i >= 3 && buf[i - 2] == '\n') {
			end = buf + i + 1;
			break;
		}
	}
	if (end == NULL)
		return FASTREQ_MORE;
	out->consumed = (size_t)(end - buf);
	if (len >= 4 && memcmp(buf, "GET ", 4) == 0) {
		out->head = false;
		p = buf + 4;
	} else if (len >= 5 && memcmp(buf, "HEAD ", 5) == 0) {
		out->head = true;
		p = buf + 5;
	} else {
		return FASTREQ_OTHER;
	}
	eol = memchr(p, '\r', (size_t)(end - p));
	if (eol[1] != '\n')
		return FASTREQ_OTHER;
	sp = memchr(p, ' ', (size_t)(eol - p));
	if (sp == NULL || *p != '/')
		return FASTREQ_OTHER;
	n = (size_t)(sp - p);
	if (n > FASTREQ_PATH_MAX)
		return FASTREQ_OTHER;
	for (i = 0; i < n; i++)
		if (!fastreq_path_char(p[i]))
			return FASTREQ_OTHER;
	memcpy(out->path, p, n);
	out->path[n] = '\0';
	if ((size_t)(eol - sp) != 9 || memcmp(sp, " HTTP/1.1", 9) != 0)
		return FASTREQ_OTHER;
	for (p = eol + 2; p < end - 2; p = eol + 2) {
		eol = memchr(p, '\r', (size_t)(end - p));
		if (eol[1] != '\n' || !fastreq_header_ok(p, eol))
			return FASTREQ_OTHER;
	}
	return FASTREQ_OK;
}
