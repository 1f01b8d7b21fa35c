/* The portal's paths. Parsing is strict: a path is one of the forms below
 * exactly, ids are decimal without leading zeros, and anything else —
 * other characters, "..", empty segments, a trailing slash — is no route.
 * No path ever names a file. */
#ifndef YG_PORTAL_ROUTE_H
#define YG_PORTAL_ROUTE_H

#include <stdbool.h>

enum route_kind {
	ROUTE_NONE,
	ROUTE_HOME,         /* /                           */
	ROUTE_ITEM,         /* /items/ID                   */
	ROUTE_COMMENT,      /* /items/ID/comments (POST)   */
	ROUTE_DECISION,     /* /decisions/ID               */
	ROUTE_NOTICE_POST,  /* /decisions/ID/comments (POST) */
	ROUTE_RECORD,       /* /decisions/ID/record.json   */
	ROUTE_API_HOME,     /* /api/v1/                    */
	ROUTE_API_ITEM,     /* /api/v1/items/ID            */
	ROUTE_API_DECISION, /* /api/v1/decisions/ID        */
	ROUTE_FEED,         /* /feed.atom                  */
	ROUTE_JWKS,         /* /.well-known/jwks.json      */
	ROUTE_CSS,          /* /style.css                  */
	ROUTE_ROBOTS,       /* /robots.txt                 */
	ROUTE_NOTICE_PDF,   /* /decisions/ID/notice.pdf    */
	ROUTE_MINUTES_PDF,  /* /meetings/ID/minutes.pdf    */
	ROUTE_MEETINGS,     /* /meetings                   */
	ROUTE_POWER,        /* /power                      */
};

struct route {
	enum route_kind kind;
	long long id; /* for the routes with an ID */
};

struct route route_parse(const char *path);
bool route_is_post(enum route_kind kind);

#endif
