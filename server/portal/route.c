#include <string.h>

#include "../../proto/envelope.h"
#include "route.h"

/* Read an id at *p up to the next '/' or the end; false if it is none. */
static bool route_id(const char **p, long long *id)
{
	const char *s = *p;
	long long v = 0;

	if (*s < '1' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (ID_MAX - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (*s != '\0' && *s != '/')
		return false;
	*id = v;
	*p = s;
	return true;
}

/* Whether p starts with prefix; if so *p moves past it. */
static bool eat(const char **p, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*p, prefix, n) != 0)
		return false;
	*p += n;
	return true;
}

/* What follows an item's or decision's id. */
static enum route_kind route_tail(const char *p, enum route_kind page, enum route_kind post,
				  enum route_kind file)
{
	if (*p == '\0')
		return page;
	if (post != ROUTE_NONE && strcmp(p, "/comments") == 0)
		return post;
	if (file != ROUTE_NONE && strcmp(p, "/record.json") == 0)
		return file;
	if (page == ROUTE_DECISION && strcmp(p, "/notice.pdf") == 0)
		return ROUTE_NOTICE_PDF;
	return ROUTE_NONE;
}

/* The route of an absolute path without its query. */
struct route route_parse(const char *path)
{
	struct route r = {ROUTE_NONE, 0};
	const char *p = path;

	if (path == NULL)
		return r;
	if (strcmp(p, "/") == 0)
		r.kind = ROUTE_HOME;
	else if (strcmp(p, "/feed.atom") == 0)
		r.kind = ROUTE_FEED;
	else if (strcmp(p, "/.well-known/jwks.json") == 0)
		r.kind = ROUTE_JWKS;
	else if (strcmp(p, "/style.css") == 0)
		r.kind = ROUTE_CSS;
	else if (strcmp(p, "/robots.txt") == 0)
		r.kind = ROUTE_ROBOTS;
	else if (strcmp(p, "/api/v1/") == 0)
		r.kind = ROUTE_API_HOME;
	else if (strcmp(p, "/meetings") == 0)
		r.kind = ROUTE_MEETINGS;
	else if (strcmp(p, "/power") == 0)
		r.kind = ROUTE_POWER;
	else if (eat(&p, "/items/") && route_id(&p, &r.id))
		r.kind = route_tail(p, ROUTE_ITEM, ROUTE_COMMENT, ROUTE_NONE);
	else if ((p = path, eat(&p, "/decisions/")) && route_id(&p, &r.id))
		r.kind = route_tail(p, ROUTE_DECISION, ROUTE_NOTICE_POST, ROUTE_RECORD);
	else if ((p = path, eat(&p, "/meetings/")) && route_id(&p, &r.id))
		r.kind = strcmp(p, "/minutes.pdf") == 0 ? ROUTE_MINUTES_PDF : ROUTE_NONE;
	else if ((p = path, eat(&p, "/api/v1/items/")) && route_id(&p, &r.id))
		r.kind = route_tail(p, ROUTE_API_ITEM, ROUTE_NONE, ROUTE_NONE);
	else if ((p = path, eat(&p, "/api/v1/decisions/")) && route_id(&p, &r.id))
		r.kind = route_tail(p, ROUTE_API_DECISION, ROUTE_NONE, ROUTE_RECORD);
	if (r.kind == ROUTE_NONE)
		r.id = 0;
	return r;
}

/* Routes that take a form by POST (and nothing else). */
bool route_is_post(enum route_kind kind)
{
	return kind == ROUTE_COMMENT || kind == ROUTE_NOTICE_POST;
}
