/* Bad input to a real ygd over TLS: every case gets its error or its
 * disconnect, while a bystander connection keeps working and ygd lives on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cmocka.h>

#include "../../proto/frame.h"
#include "../support/fixture.h"

static struct test_env env;
static struct ygd_proc ygd;
static struct tclient bystander;

static int group_setup(void **state)
{
	static const char *const extra[] = {
		"--write-timeout", "2",      "--out-limit", "65536", "--hello-timeout", "2",
		"--max-frame",     "524288", NULL};

	(void)state;
	if (fx_start(&env, &ygd, extra, NULL, NULL, 0) != 0)
		return -1;
	return tc_connect_hello(&bystander, ygd.port);
}

static int group_teardown(void **state)
{
	(void)state;
	tc_close(&bystander);
	return fx_stop(&env, &ygd, NULL, NULL, 0);
}

/* After every case: the server is alive and the bystander is served. */
static void assert_healthy(void)
{
	assert_true(ygd_alive(&ygd));
	assert_true(tc_ping_ok(&bystander));
}

/* Send one frame and expect an error reply with the given code. */
static void expect_error(struct tclient *tc, const char *payload, const char *code)
{
	cJSON *r;

	assert_int_equal(tc_send_json(tc, payload), 0);
	r = tc_recv(tc, 5000);
	assert_non_null(r);
	assert_non_null(tc_error_code(r));
	assert_string_equal(tc_error_code(r), code);
	cJSON_Delete(r);
}

/* Invalid JSON gets bad_json with a null id; the connection stays usable. */
static void test_invalid_json(void **state)
{
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	assert_int_equal(tc_send_json(&tc, "{\"id\":5,\"op\":"), 0);
	r = tc_recv(&tc, 5000);
	assert_string_equal(tc_error_code(r), "bad_json");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "id")));
	cJSON_Delete(r);
	expect_error(&tc, "[1,2,3]", "bad_json");
	expect_error(&tc, "\"just a string\"", "bad_json");
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_healthy();
}

/* A payload that is not UTF-8 is refused as bad_json. */
static void test_invalid_utf8(void **state)
{
	static const char bad[] = "{\"id\":1,\"op\":\"ping\",\"args\":{\"echo\":\"\xc3\x28\"}}";
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	assert_int_equal(tc_send_frame(&tc, bad, sizeof(bad) - 1), 0);
	r = tc_recv(&tc, 5000);
	assert_string_equal(tc_error_code(r), "bad_json");
	cJSON_Delete(r);
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_healthy();
}

/* Envelopes and arguments of the wrong shape get bad_request. */
static void test_wrong_types(void **state)
{
	static const char *const bad[] = {
		"{\"id\":\"1\",\"op\":\"ping\"}",
		"{\"id\":-1,\"op\":\"ping\"}",
		"{\"id\":1.5,\"op\":\"ping\"}",
		"{\"id\":1,\"op\":7}",
		"{\"id\":1}",
		"{\"id\":1,\"op\":\"ping\",\"args\":[]}",
		"{\"id\":1,\"op\":\"ping\",\"extra\":1}",
		"{\"id\":1,\"op\":\"ping\",\"op\":\"ping\"}",
		"{\"id\":1,\"op\":\"ping\",\"args\":{\"db\":\"yes\"}}",
		"{\"id\":1,\"op\":\"ping\",\"args\":{\"echo\":42}}",
		"{\"id\":1,\"op\":\"ping\",\"args\":{\"nonsense\":true}}",
		/* an argument given twice, even alike: one request, one reading */
		"{\"id\":1,\"op\":\"ping\",\"args\":{\"echo\":\"a\",\"echo\":\"a\"}}",
		"{\"id\":1,\"op\":\"ping\",\"args\":{\"echo\":\"a\",\"db\":true,\"echo\":\"b\"}}",
		"{\"id\":1,\"op\":\"subscribe\",\"args\":{}}",
		NULL,
	};
	const char *const *p;
	struct tclient tc;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	for (p = bad; *p != NULL; p++)
		expect_error(&tc, *p, "bad_request");
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_healthy();
}

/* Unknown or malformed operation names get unknown_op, with the request id. */
static void test_unknown_op(void **state)
{
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	r = tc_call(&tc, "no.such.op", NULL);
	assert_string_equal(tc_error_code(r), "unknown_op");
	cJSON_Delete(r);
	expect_error(&tc, "{\"id\":9,\"op\":\"DROP TABLE x; --\"}", "unknown_op");
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_healthy();
}

/* hello must come first; after that refusal, hello still works. */
static void test_hello_required(void **state)
{
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect(&tc, ygd.port), 0);
	expect_error(&tc, "{\"id\":1,\"op\":\"ping\"}", "hello_required");
	expect_error(&tc, "{\"id\":2,\"op\":\"server.info\"}", "hello_required");
	r = tc_call(&tc, "hello", "{\"versions\":[1]}");
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_healthy();
}

/* The same, step by step: a second hello is a conflict. */
static void test_hello_twice(void **state)
{
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	r = tc_call(&tc, "hello", "{\"versions\":[1]}");
	assert_string_equal(tc_error_code(r), "conflict");
	cJSON_Delete(r);
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_healthy();
}

/* No version in common: version_unsupported, then the server closes. */
static void test_hello_bad_version(void **state)
{
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect(&tc, ygd.port), 0);
	r = tc_call(&tc, "hello", "{\"versions\":[99,100]}");
	assert_string_equal(tc_error_code(r), "version_unsupported");
	cJSON_Delete(r);
	assert_true(tc_closed_by_peer(&tc, 5000));
	tc_close(&tc);
	assert_healthy();
}

/* A header announcing more than max-frame: frame_too_large, then close,
 * before any of the payload is buffered. */
static void test_oversized_frame(void **state)
{
	unsigned char hdr[FRAME_HEADER_LEN];
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	frame_header_encode(hdr, 524289);
	assert_int_equal(tc_send_raw(&tc, hdr, sizeof(hdr)), 0);
	r = tc_recv(&tc, 5000);
	assert_string_equal(tc_error_code(r), "frame_too_large");
	cJSON_Delete(r);
	assert_true(tc_closed_by_peer(&tc, 5000));
	tc_close(&tc);
	assert_healthy();
}

/* A zero-length frame: bad_frame, then close. */
static void test_empty_frame(void **state)
{
	static const unsigned char zero[FRAME_HEADER_LEN];
	struct tclient tc;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	assert_int_equal(tc_send_raw(&tc, zero, sizeof(zero)), 0);
	r = tc_recv(&tc, 5000);
	assert_string_equal(tc_error_code(r), "bad_frame");
	cJSON_Delete(r);
	assert_true(tc_closed_by_peer(&tc, 5000));
	tc_close(&tc);
	assert_healthy();
}

/* Plain text and garbage on the TLS port are dropped. */
static void test_not_tls(void **state)
{
	static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	unsigned char junk[512];
	struct tclient tc;
	size_t i;

	(void)state;
	assert_int_equal(tc_connect_plain(&tc, ygd.port), 0);
	assert_int_equal(tc_send_raw(&tc, http, sizeof(http) - 1), 0);
	assert_true(tc_closed_by_peer(&tc, 5000));
	tc_close(&tc);
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 37 + 11);
	assert_int_equal(tc_connect_plain(&tc, ygd.port), 0);
	assert_int_equal(tc_send_raw(&tc, junk, sizeof(junk)), 0);
	assert_true(tc_closed_by_peer(&tc, 5000));
	tc_close(&tc);
	assert_healthy();
}

/* A terminal that goes away mid-frame, or mid-handshake, costs nothing. */
static void test_disconnect_mid_frame(void **state)
{
	static const char part[] = "{\"id\":1,\"op\":";
	unsigned char hdr[FRAME_HEADER_LEN];
	struct tclient tc;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	frame_header_encode(hdr, 100);
	assert_int_equal(tc_send_raw(&tc, hdr, sizeof(hdr)), 0);
	assert_int_equal(tc_send_raw(&tc, part, sizeof(part) - 1), 0);
	tc_close(&tc);
	assert_int_equal(tc_connect_plain(&tc, ygd.port), 0);
	assert_int_equal(tc_send_raw(&tc, "\x16\x03\x01\x02\x00\x01", 6), 0);
	tc_close(&tc);
	assert_healthy();
}

/* Silence after connecting is cut off at hello-timeout. */
static void test_hello_timeout(void **state)
{
	struct tclient tc;

	(void)state;
	assert_int_equal(tc_connect(&tc, ygd.port), 0);
	assert_true(tc_closed_by_peer(&tc, 6000));
	tc_close(&tc);
	assert_int_equal(tc_connect_plain(&tc, ygd.port), 0);
	assert_true(tc_closed_by_peer(&tc, 6000));
	tc_close(&tc);
	assert_healthy();
}

/* Many requests in one write are all answered, in order. */
static void test_pipelined(void **state)
{
	char *batch = malloc(200 * 64);
	struct tclient tc;
	size_t off = 0;
	uint64_t want;
	cJSON *r;
	int i, n;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	for (i = 0; i < 200; i++) {
		n = snprintf(batch + off + FRAME_HEADER_LEN, 60, "{\"id\":%d,\"op\":\"ping\"}",
			     100 + i);
		frame_header_encode((unsigned char *)batch + off, (uint32_t)n);
		off += FRAME_HEADER_LEN + (size_t)n;
	}
	assert_int_equal(tc_send_raw(&tc, batch, off), 0);
	for (want = 100; want < 300; want++) {
		r = tc_recv(&tc, 5000);
		assert_non_null(tc_result(r));
		assert_int_equal((uint64_t)cJSON_GetObjectItem(r, "id")->valuedouble, want);
		cJSON_Delete(r);
	}
	free(batch);
	tc_close(&tc);
	assert_healthy();
}

/* A terminal that sends and never reads: ygd stops reading from it once its
 * output is over out-limit, and drops it after write-timeout, holding only
 * bounded memory meanwhile. */
static void test_never_reads(void **state)
{
	char *batch = malloc(1000 * 96);
	struct timeval one = {1, 0};
	struct tclient tc;
	size_t off = 0;
	int i, n, sent = 0;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	setsockopt(tc.fd, SOL_SOCKET, SO_SNDTIMEO, &one, sizeof(one));
	for (i = 0; i < 1000; i++) {
		n = snprintf(batch + off + FRAME_HEADER_LEN, 90,
			     "{\"id\":%d,\"op\":\"ping\",\"args\":{\"echo\":\"%040d\"}}", i, i);
		frame_header_encode((unsigned char *)batch + off, (uint32_t)n);
		off += FRAME_HEADER_LEN + (size_t)n;
	}
	/* Until our own socket buffer fills up: the server has stopped reading. */
	for (i = 0; i < 400 && tc_send_raw(&tc, batch, off) == 0; i++)
		sent++;
	assert_true(sent > 0);
	assert_true(tc_ping_ok(&bystander));
	assert_true(tc_closed_by_peer(&tc, 120000)); /* generous: a loaded machine, asan */
	free(batch);
	tc_close(&tc);
	assert_healthy();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_json),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_unknown_op),
		cmocka_unit_test(test_hello_required),
		cmocka_unit_test(test_hello_twice),
		cmocka_unit_test(test_hello_bad_version),
		cmocka_unit_test(test_oversized_frame),
		cmocka_unit_test(test_empty_frame),
		cmocka_unit_test(test_not_tls),
		cmocka_unit_test(test_disconnect_mid_frame),
		cmocka_unit_test(test_hello_timeout),
		cmocka_unit_test(test_pipelined),
		cmocka_unit_test(test_never_reads),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
