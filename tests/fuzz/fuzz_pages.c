/* The portal's pages (server/portal/pages.c) from any JSON in place of what
 * the database's api.portal_* functions return: the home page, the feed,
 * an item's and a decision's page, a message page and the JWKS. Then
 * again with a piece of markup, <yg"'>, appended to every string value but
 * timestamps: no page may show it raw, whatever field it came in. */
#include <time.h>

#include "../../server/portal/pages.h"
#include "fuzz.h"

#define MARK "<yg\"'>"

static const struct page_ctx ctx = {8 * 3600, 5, "https://portal.example.cn"};

/* Every string value of j, at any depth, gets MARK appended, but those
 * that are timestamps, so that the pages still show dates. */
static void taint(cJSON *j)
{
	cJSON *c;
	char *s;
	time_t t;

	if (cJSON_IsString(j) && j->valuestring != NULL && !page_time_parse(j->valuestring, &t)) {
		s = malloc(strlen(j->valuestring) + sizeof(MARK));
		if (s == NULL)
			return;
		strcpy(s, j->valuestring);
		strcat(s, MARK);
		cJSON_SetValuestring(j, s);
		free(s);
	}
	for (c = j->child; c != NULL; c = c->next)
		taint(c);
}

/* A page (or NULL); when marked, the mark must show escaped only. */
static void check_page(char *page, size_t len, bool marked)
{
	if (page == NULL)
		return;
	FUZZ_CHECK(strlen(page) == len);
	if (marked) {
		FUZZ_CHECK(strstr(page, "<yg") == NULL);
		FUZZ_CHECK(strstr(page, "yg\"'") == NULL);
		FUZZ_CHECK(strstr(page, "yg&quot;'") == NULL);
	}
	free(page);
}

static const char *field(const cJSON *j, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, name));
}

/* Every page from j. */
static void render(const cJSON *j, bool marked)
{
	const char *title = field(j, "title"), *back = field(j, "back");
	char when[64];
	size_t len = 0;

	check_page(page_home(j, &ctx, &len), len, marked);
	check_page(page_feed(j, &ctx, &len), len, marked);
	check_page(page_item(j, marked, &ctx, &len), len, marked);
	check_page(page_decision(j, marked, &ctx, &len), len, marked);
	check_page(page_message(400, title != NULL ? title : "", field(j, "summary"), back, &len),
		   len, marked);
	if (field(j, "server_key") != NULL)
		check_page(page_jwks(field(j, "server_key"), &len), len, false);
	page_time_local(field(j, "now"), ctx.utc_offset_s, when, sizeof(when));
	FUZZ_CHECK(strlen(when) < sizeof(when));
	FUZZ_CHECK(page_result_name(field(j, "result") != NULL ? field(j, "result") : "") != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size);

	if (j == NULL)
		return 0;
	render(j, false);
	taint(j);
	render(j, true);
	cJSON_Delete(j);
	return 0;
}
