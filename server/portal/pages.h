/* The portal's pages, rendered from the public JSON the database's
 * api.portal_* functions return: HTML in Chinese for people, Atom for feed
 * readers, the JWKS for JOSE libraries. Every value from the database goes
 * through hbuf_esc. Pure: no I/O, the time comes in with the data. */
#ifndef YG_PORTAL_PAGES_H
#define YG_PORTAL_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

struct page_ctx {
	long utc_offset_s;     /* the zone dates are shown in */
	unsigned comment_rate; /* comments an hour from one address (shown on forms) */
	const char *base_url;  /* absolute address of "/", without the slash, for the feed */
};

extern const char page_css[];

char *page_home(const cJSON *home, const struct page_ctx *ctx, size_t *len);
char *page_item(const cJSON *item, bool sent, const struct page_ctx *ctx, size_t *len);
char *page_decision(const cJSON *d, bool sent, const struct page_ctx *ctx, size_t *len);
char *page_meetings(const cJSON *j, const struct page_ctx *ctx, size_t *len);
char *page_power(const cJSON *j, const struct page_ctx *ctx, size_t *len);
char *page_message(int status, const char *title, const char *text, const char *back, size_t *len);
char *page_feed(const cJSON *home, const struct page_ctx *ctx, size_t *len);
char *page_jwks(const char *sign_pub, size_t *len);

bool page_time_parse(const char *iso, time_t *t);
void page_time_local(const char *iso, long utc_offset_s, char *buf, size_t len);
void page_until_local(const char *iso, long utc_offset_s, char *buf, size_t len);
const char *page_result_name(const char *result);

#endif
