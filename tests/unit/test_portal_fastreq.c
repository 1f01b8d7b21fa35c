/* Unit tests for server/portal/fastreq.c: which requests the portal's fast
 * path answers itself (a plain GET or HEAD in HTTP/1.1 of a path of plain
 * characters) and which it leaves, whole, to libevent's HTTP server: any
 * body, condition, query, other version, method, odd byte or header, or a
 * wish to close. A head not yet whole asks for more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/portal/fastreq.h"

static enum fastreq_result parse(const char *s, struct fastreq *rq)
{
	memset(rq, 0x55, sizeof(*rq));
	return fastreq_parse(s, strlen(s), rq);
}

static void assert_other(const char *s)
{
	struct fastreq rq;

	if (parse(s, &rq) != FASTREQ_OTHER)
		print_error("not left to evhttp: \"%s\"\n", s);
	assert_int_equal(parse(s, &rq), FASTREQ_OTHER);
}

static void test_plain(void **state)
{
	struct fastreq rq;
	const char *get = "GET /decisions/1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";

	(void)state;
	assert_int_equal(parse(get, &rq), FASTREQ_OK);
	assert_string_equal(rq.path, "/decisions/1");
	assert_false(rq.head);
	assert_int_equal(rq.consumed, strlen(get));
	assert_int_equal(parse("HEAD /style.css HTTP/1.1\r\nHost: x\r\n"
			       "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
			       "Accept: text/html,*/*;q=0.8\r\nConnection: Keep-Alive\r\n\r\n",
			       &rq),
			 FASTREQ_OK);
	assert_true(rq.head);
	assert_string_equal(rq.path, "/style.css");
	assert_int_equal(parse("GET / HTTP/1.1\r\n\r\n", &rq), FASTREQ_OK);
	assert_string_equal(rq.path, "/");
	assert_int_equal(parse("GET /.well-known/jwks.json HTTP/1.1\r\nHost:x\r\n\r\n", &rq),
			 FASTREQ_OK);
}

/* Only the first request is taken; what follows stays for the next. */
static void test_pipelined(void **state)
{
	struct fastreq rq;
	const char *two = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\n";

	(void)state;
	assert_int_equal(parse(two, &rq), FASTREQ_OK);
	assert_string_equal(rq.path, "/a");
	assert_int_equal(rq.consumed, strlen("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
}

static void test_incomplete(void **state)
{
	struct fastreq rq;
	const char *get = "GET /decisions/1 HTTP/1.1\r\nHost: x\r\n\r\n";
	size_t n;

	(void)state;
	for (n = 0; n < strlen(get); n++)
		assert_int_equal(fastreq_parse(get, n, &rq), FASTREQ_MORE);
	assert_int_equal(fastreq_parse(get, n, &rq), FASTREQ_OK);
}

static void test_left_to_evhttp(void **state)
{
	(void)state;
	/* Other methods, versions, targets. */
	assert_other("POST /items/1/comments HTTP/1.1\r\nHost: x\r\n\r\n");
	assert_other("PUT / HTTP/1.1\r\n\r\n");
	assert_other("get / HTTP/1.1\r\n\r\n");
	assert_other("GET / HTTP/1.0\r\n\r\n");
	assert_other("GET / HTTP/2.0\r\n\r\n");
	assert_other("GET /  HTTP/1.1\r\n\r\n");
	assert_other("GET / HTTP/1.1 \r\n\r\n");
	assert_other("GET\r\n\r\n");
	assert_other("GET  / HTTP/1.1\r\n\r\n");
	assert_other("GET * HTTP/1.1\r\n\r\n");
	assert_other("GET http://x/ HTTP/1.1\r\n\r\n");
	assert_other("GET /items/1?sent=1 HTTP/1.1\r\n\r\n");
	assert_other("GET /%2e%2e/etc/passwd HTTP/1.1\r\n\r\n");
	assert_other("GET /a#b HTTP/1.1\r\n\r\n");
	assert_other("GET /\xe9 HTTP/1.1\r\n\r\n");
	assert_other("GET /"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		     " HTTP/1.1\r\n\r\n");
	/* Bodies, conditions, an end, other protocols. */
	assert_other("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nIf-None-Match: \"x\"\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nIf-Modified-Since: x\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nRange: bytes=0-1\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n\r\n");
	/* Odd heads. */
	assert_other("GET / HTTP/1.1\nHost: x\n\n");
	assert_other("GET / HTTP/1.1\r\nHost: x\n\r\n");
	assert_other("GET / HTTP/1.1\r\nHost x\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\n: x\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\n folded\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nHo st: x\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n");
	assert_other("GET / HTTP/1.1\r\nHost: a\x7f\r\n\r\n");
	assert_other("\r\n\r\n");
	assert_other("\x16\x03\x01\x02\x01\x01\r\n\r\n"); /* a TLS hello */
}

/* A NUL anywhere is for evhttp too (the parser takes lengths, not C
 * strings). */
static void test_nul(void **state)
{
	static const char get[] = "GET /a\0b HTTP/1.1\r\n\r\n";
	static const char hdr[] = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n";
	struct fastreq rq;

	(void)state;
	assert_int_equal(fastreq_parse(get, sizeof(get) - 1, &rq), FASTREQ_OTHER);
	assert_int_equal(fastreq_parse(hdr, sizeof(hdr) - 1, &rq), FASTREQ_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),      cmocka_unit_test(test_pipelined),
		cmocka_unit_test(test_incomplete), cmocka_unit_test(test_left_to_evhttp),
		cmocka_unit_test(test_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
