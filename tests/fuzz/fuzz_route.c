/* The portal's paths (server/portal/route.c): any request path. A path
 * that routes is exactly a canonical spelling of its route, so nothing
 * else ("..", "//", leading zeros, a trailing slash) can reach a page.
 * The record has two: under /decisions/ and under /api/v1/decisions/. */
#include <stdio.h>

#include "../../server/portal/route.h"
#include "fuzz.h"

/* The one spelling of route r, or "" for none. */
static void route_spell(struct route r, char *out, size_t len)
{
	static const char *const fixed[] = {
		[ROUTE_HOME] = "/",
		[ROUTE_API_HOME] = "/api/v1/",
		[ROUTE_FEED] = "/feed.atom",
		[ROUTE_JWKS] = "/.well-known/jwks.json",
		[ROUTE_CSS] = "/style.css",
		[ROUTE_ROBOTS] = "/robots.txt",
		[ROUTE_MEETINGS] = "/meetings",
		[ROUTE_POWER] = "/power",
	};
	static const char *const with_id[] = {
		[ROUTE_ITEM] = "/items/%lld",
		[ROUTE_COMMENT] = "/items/%lld/comments",
		[ROUTE_DECISION] = "/decisions/%lld",
		[ROUTE_NOTICE_POST] = "/decisions/%lld/comments",
		[ROUTE_RECORD] = "/decisions/%lld/record.json",
		[ROUTE_API_ITEM] = "/api/v1/items/%lld",
		[ROUTE_API_DECISION] = "/api/v1/decisions/%lld",
		[ROUTE_NOTICE_PDF] = "/decisions/%lld/notice.pdf",
		[ROUTE_MINUTES_PDF] = "/meetings/%lld/minutes.pdf",
	};

	out[0] = '\0';
	if (r.kind < sizeof(fixed) / sizeof(fixed[0]) && fixed[r.kind] != NULL)
		snprintf(out, len, "%s", fixed[r.kind]);
	else if (r.kind < sizeof(with_id) / sizeof(with_id[0]) && with_id[r.kind] != NULL)
		snprintf(out, len, with_id[r.kind], r.id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_str(data, size), canon[128];
	struct route r;

	if (path == NULL)
		return 0;
	r = route_parse(path);
	if (r.kind == ROUTE_NONE) {
		FUZZ_CHECK(r.id == 0);
	} else {
		route_spell(r, canon, sizeof(canon));
		FUZZ_CHECK(strcmp(canon, path) == 0 ||
			   (r.kind == ROUTE_RECORD && strncmp(path, "/api/v1", 7) == 0 &&
			    strcmp(canon, path + 7) == 0));
		FUZZ_CHECK(r.id >= 0 && r.id <= 9007199254740991LL);
	}
	(void)route_is_post(r.kind);
	free(path);
	return 0;
}
