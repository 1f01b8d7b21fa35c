/* The portal's fast path (server/portal/fastreq.c): any bytes from a
 * visitor. A request taken is a GET or HEAD of a plain path, whole, ending
 * in its empty line, and no shorter part of it is taken; the rest is left
 * to evhttp or waits for more. */
#include "../../server/portal/fastreq.h"
#include "fuzz.h"

static bool path_ok(const char *p)
{
	size_t n = strlen(p), i;

	if (n == 0 || n > FASTREQ_PATH_MAX || p[0] != '/')
		return false;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/.-_",
			   p[i]) == NULL)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct fastreq rq, again;

	if (fastreq_parse(buf, size, &rq) != FASTREQ_OK)
		return 0;
	FUZZ_CHECK(rq.consumed >= 18 && rq.consumed <= size);
	FUZZ_CHECK(memcmp(buf + rq.consumed - 4, "\r\n\r\n", 4) == 0);
	FUZZ_CHECK(memcmp(buf, rq.head ? "HEAD /" : "GET /", rq.head ? 6 : 5) == 0);
	FUZZ_CHECK(path_ok(rq.path));
	FUZZ_CHECK(memmem(buf, rq.consumed, rq.path, strlen(rq.path)) != NULL);
	FUZZ_CHECK(memchr(buf, '\0', rq.consumed) == NULL);
	FUZZ_CHECK(fastreq_parse(buf, rq.consumed - 1, &again) == FASTREQ_MORE);
	FUZZ_CHECK(fastreq_parse(buf, rq.consumed, &again) == FASTREQ_OK &&
		   again.consumed == rq.consumed && strcmp(again.path, rq.path) == 0);
	return 0;
}
