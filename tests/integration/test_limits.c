/* Limits that keep the committee's server up under attack (issue 21):
 * deadlines for the handshake and hello, for login and for an unfinished
 * frame; caps per address and slots reserved for those logged in; the
 * budget of unfinished input before login; failed logins limited; and the
 * portal's own caps, deadline and descriptor budget. Each case starts its
 * own ygd with the settings it tests, and ends checking that a bystander
 * is still served. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../proto/frame.h"
#include "../../proto/sig.h"
#include "../support/harness.h"
#include "../support/tclient.h"

static struct test_env env;

static int group_setup(void **state)
{
	(void)state;
	return env_setup(&env);
}

static int group_teardown(void **state)
{
	(void)state;
	env_teardown(&env);
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Start a ygd with extra settings and the portal's port written down. */
static void start(struct ygd_proc *p, int *http_port, const char *const *extra)
{
	static int seq;
	char file[400];
	const char *argv[40];
	FILE *f;
	int n = 0, i;

	snprintf(file, sizeof(file), "%s/http%d.port", env.dir, ++seq);
	argv[n++] = "--http-port-file";
	argv[n++] = file;
	while (extra != NULL && *extra != NULL && n < 38)
		argv[n++] = *extra++;
	argv[n] = NULL;
	assert_int_equal(ygd_start(&env, p, argv), 0);
	if (!tc_wait_db_ready(p->port, 20000)) {
		char out[8192];

		run_cmd(out, sizeof(out), "tail -n 20 %s", p->log);
		fail_msg("ygd's database never became ready:\n%s", out);
	}
	if (http_port == NULL)
		return;
	*http_port = 0;
	for (i = 0; i < 200 && *http_port == 0; i++) {
		f = fopen(file, "r");
		if (f != NULL) {
			if (fscanf(f, "%d", http_port) != 1)
				*http_port = 0;
			fclose(f);
		}
		if (*http_port == 0)
			sleep_ms(50);
	}
	assert_true(*http_port > 0);
}

static void stop(struct ygd_proc *p)
{
	assert_true(ygd_alive(p));
	assert_int_equal(ygd_stop(p), 0);
}

/* A fresh connection is served: ygd lives and members can reach it. */
static void assert_serves(struct ygd_proc *p)
{
	struct tclient tc;

	assert_true(ygd_alive(p));
	assert_int_equal(tc_connect_hello(&tc, p->port), 0);
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
}

/* Milliseconds until the peer closes tc (at most limit_ms; limit_ms+ if
 * it does not), sending one byte of b every step_ms meanwhile. */
static unsigned ms_until_closed(struct tclient *tc, const char *b, size_t blen, unsigned step_ms,
				unsigned limit_ms)
{
	uint64_t t0 = now_ms();
	size_t i = 0;

	while (now_ms() - t0 < limit_ms) {
		if (b != NULL && blen > 0)
			tc_send_raw(tc, b + i++ % blen, 1);
		if (tc_closed_by_peer(tc, (int)step_ms))
			return (unsigned)(now_ms() - t0);
	}
	return limit_ms + 1;
}

/* hello-timeout is a deadline from accept: a hello trickled a byte at a
 * time (each byte would reset an idle timer) is still cut off. */
static void test_hello_deadline(void **state)
{
	static const char *const extra[] = {"--hello-timeout", "2", NULL};
	const char *hello = "{\"id\":1,\"op\":\"hello\",\"args\":{\"versions\":[1]}}";
	unsigned char frame[256];
	struct ygd_proc p;
	struct tclient tc;
	size_t len = strlen(hello);

	(void)state;
	start(&p, NULL, extra);
	frame_header_encode(frame, (uint32_t)len);
	memcpy(frame + FRAME_HEADER_LEN, hello, len);
	assert_int_equal(tc_connect(&tc, p.port), 0);
	/* 4 + 45 bytes at 300 ms: about 15 s if nothing cut it short */
	assert_true(ms_until_closed(&tc, (char *)frame, len + FRAME_HEADER_LEN, 300, 8000) < 5000);
	tc_close(&tc);
	assert_serves(&p);
	stop(&p);
}

/* A connection that says hello but never logs in nor follows a stream is
 * closed at login-timeout; one following the public stream stays. */
static void test_login_deadline(void **state)
{
	static const char *const extra[] = {"--login-timeout", "2", NULL};
	struct ygd_proc p;
	struct tclient idle, follower;
	cJSON *r;

	(void)state;
	start(&p, NULL, extra);
	assert_int_equal(tc_connect_hello(&idle, p.port), 0);
	assert_int_equal(tc_connect_hello(&follower, p.port), 0);
	r = tc_call(&follower, "subscribe", "{\"stream\":\"public\"}");
	assert_string_equal(tc_code(r), "ok");
	assert_true(ms_until_closed(&idle, NULL, 0, 200, 6000) < 5000);
	assert_true(tc_ping_ok(&follower));
	sleep_ms(2500);
	assert_true(tc_ping_ok(&follower));
	tc_close(&idle);
	tc_close(&follower);
	assert_serves(&p);
	stop(&p);
}

/* Before login a frame may not exceed anon-max-frame: the 1 MiB header of
 * the memory attack is refused at once. */
static void test_anon_max_frame(void **state)
{
	struct ygd_proc p;
	struct tclient tc;
	unsigned char hdr[FRAME_HEADER_LEN];
	cJSON *r;

	(void)state;
	start(&p, NULL, NULL);
	assert_int_equal(tc_connect_hello(&tc, p.port), 0);
	frame_header_encode(hdr, 1048576);
	assert_int_equal(tc_send_raw(&tc, hdr, sizeof(hdr)), 0);
	r = tc_recv(&tc, 5000);
	assert_non_null(r);
	assert_string_equal(tc_error_code(r), "frame_too_large");
	assert_non_null(
		strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring,
		       "anon-max-frame"));
	cJSON_Delete(r);
	assert_true(tc_closed_by_peer(&tc, 3000));
	tc_close(&tc);
	assert_serves(&p);
	stop(&p);
}

/* A frame begun must be finished within frame-timeout, trickled or not. */
static void test_frame_deadline(void **state)
{
	static const char *const extra[] = {"--frame-timeout", "2", "--login-timeout", "60", NULL};
	struct ygd_proc p;
	struct tclient tc;
	unsigned char hdr[FRAME_HEADER_LEN];

	(void)state;
	start(&p, NULL, extra);
	assert_int_equal(tc_connect_hello(&tc, p.port), 0);
	frame_header_encode(hdr, 60000);
	assert_int_equal(tc_send_raw(&tc, hdr, sizeof(hdr)), 0);
	assert_true(ms_until_closed(&tc, "{{{{", 4, 200, 8000) < 5000);
	tc_close(&tc);
	assert_serves(&p);
	stop(&p);
}

/* Unfinished frames of connections not logged in share anon-input-budget:
 * the connection that would pass it is closed, the others are not. */
static void test_anon_budget(void **state)
{
	static const char *const extra[] = {"--anon-input-budget", "131072", NULL};
	static char fill[50000];
	struct ygd_proc p;
	struct tclient tc[3];
	unsigned char hdr[FRAME_HEADER_LEN];
	int i;

	(void)state;
	memset(fill, '[', sizeof(fill));
	start(&p, NULL, extra);
	frame_header_encode(hdr, 60000);
	for (i = 0; i < 3; i++) {
		assert_int_equal(tc_connect_hello(&tc[i], p.port), 0);
		assert_int_equal(tc_send_raw(&tc[i], hdr, sizeof(hdr)), 0);
		tc_send_raw(&tc[i], fill, sizeof(fill)); /* the last may be cut off */
		sleep_ms(300);
	}
	assert_true(tc_closed_by_peer(&tc[2], 3000));
	assert_false(tc_closed_by_peer(&tc[0], 200));
	assert_false(tc_closed_by_peer(&tc[1], 200));
	for (i = 0; i < 3; i++)
		tc_close(&tc[i]);
	assert_serves(&p);
	stop(&p);
}

/* Every connection's unfinished frames share input-budget (here smaller
 * than the strangers' own budget): the connection that would pass it is
 * closed, the others are not. */
static void test_input_budget(void **state)
{
	static const char *const extra[] = {"--input-budget",
					    "1048576",
					    "--anon-input-budget",
					    "8388608",
					    "--max-per-address",
					    "64",
					    NULL};
	static char fill[50000];
	struct ygd_proc p;
	struct tclient tc[22];
	unsigned char hdr[FRAME_HEADER_LEN];
	int i, closed = 0;

	(void)state;
	memset(fill, '[', sizeof(fill));
	start(&p, NULL, extra);
	frame_header_encode(hdr, 60000);
	for (i = 0; i < 22; i++) {
		assert_int_equal(tc_connect_hello(&tc[i], p.port), 0);
		tc_send_raw(&tc[i], hdr, sizeof(hdr));
		tc_send_raw(&tc[i], fill, sizeof(fill));
		sleep_ms(100);
	}
	for (i = 0; i < 22; i++)
		closed += tc_closed_by_peer(&tc[i], 300);
	/* 20 of 50,004 bytes fit in 1 MiB, the 21st does not, nor the 22nd */
	assert_int_equal(closed, 2);
	assert_false(tc_closed_by_peer(&tc[0], 100));
	for (i = 0; i < 22; i++)
		tc_close(&tc[i]);
	assert_serves(&p);
	stop(&p);
}

/* One address may hold max-per-address connections not logged in; the
 * next is closed at once, and a slot freed is usable again. */
static void test_per_address(void **state)
{
	static const char *const extra[] = {"--max-per-address", "4", NULL};
	struct ygd_proc p;
	struct tclient tc[5];
	int i;

	(void)state;
	start(&p, NULL, extra);
	for (i = 0; i < 4; i++)
		assert_int_equal(tc_connect_hello(&tc[i], p.port), 0);
	assert_int_not_equal(tc_connect_hello(&tc[4], p.port), 0);
	tc_close(&tc[4]);
	tc_close(&tc[0]);
	sleep_ms(300);
	assert_int_equal(tc_connect_hello(&tc[0], p.port), 0);
	assert_true(tc_ping_ok(&tc[0]));
	for (i = 0; i < 4; i++)
		tc_close(&tc[i]);
	assert_serves(&p);
	stop(&p);
}

/* Register an admin of a fresh committee with key k; its committee id. */
static long long bootstrap_admin(EVP_PKEY *k, const char *committee)
{
	char pub[52], out[4096], sql[256];

	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --db '%s' bootstrap '%s' '王明' %s",
				 env.build, env.conninfo, committee, tc_pub_text(k, pub)),
			 0);
	snprintf(sql, sizeof(sql), "SELECT id FROM committee WHERE name = '%s'", committee);
	assert_int_equal(env_psql(&env, sql, out, sizeof(out)), 0);
	return atoll(out);
}

/* Strangers cannot take the slots reserved for those logged in: with 6
 * clients and 3 reserved, a fourth connection not logged in is refused
 * while a member who logged in holds a slot of their own. */
static void test_reserved_slots(void **state)
{
	static const char *const extra[] = {"--max-clients", "6", "--reserved-slots", "3", NULL};
	EVP_PKEY *k = sig_keygen();
	struct ygd_proc p;
	struct tclient member, tc[4];
	long long committee = bootstrap_admin(k, "预留席位测试委员会");
	int i;

	(void)state;
	start(&p, NULL, extra);
	assert_int_equal(tc_connect_hello(&member, p.port), 0);
	assert_string_equal(tc_code(tc_login(&member, k, committee)), "ok");
	for (i = 0; i < 3; i++)
		assert_int_equal(tc_connect_hello(&tc[i], p.port), 0);
	assert_int_not_equal(tc_connect_hello(&tc[3], p.port), 0);
	tc_close(&tc[3]);
	assert_true(tc_ping_ok(&member));
	for (i = 0; i < 3; i++)
		tc_close(&tc[i]);
	tc_close(&member);
	EVP_PKEY_free(k);
	sleep_ms(300);
	assert_serves(&p);
	stop(&p);
}

/* Failed logins are limited per address and per key (login-fail-rate a
 * minute), and logged. */
static void test_failed_logins(void **state)
{
	static const char *const extra[] = {"--login-fail-rate", "3", NULL};
	EVP_PKEY *k = sig_keygen(), *stranger = sig_keygen();
	long long committee = bootstrap_admin(k, "登录限制测试委员会");
	struct ygd_proc p;
	struct tclient tc;
	char out[65536];
	cJSON *r;
	int i;

	(void)state;
	start(&p, NULL, extra);
	assert_int_equal(tc_connect_hello(&tc, p.port), 0);
	for (i = 0; i < 3; i++)
		assert_string_equal(tc_code(tc_login(&tc, stranger, committee)), "unauthenticated");
	r = tc_login(&tc, stranger, committee);
	assert_string_equal(tc_error_code(r), "busy");
	assert_non_null(
		strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring,
		       "too many failed logins"));
	cJSON_Delete(r);
	/* the address is spent for now, whoever logs in from it */
	assert_string_equal(tc_code(tc_login(&tc, k, committee)), "busy");
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	assert_int_equal(run_cmd(out, sizeof(out), "grep -c 'login failed for' %s", p.log), 0);
	assert_true(atoi(out) >= 1 && atoi(out) <= 3);
	EVP_PKEY_free(k);
	EVP_PKEY_free(stranger);
	stop(&p);
}

/* Control and bidi characters are refused in any argument, nested ones
 * too, with a clear error; the connection goes on. */
static void test_escapes_refused(void **state)
{
	EVP_PKEY *k = sig_keygen();
	long long committee = bootstrap_admin(k, "转义测试委员会");
	struct ygd_proc p;
	struct tclient tc;
	cJSON *r;

	(void)state;
	start(&p, NULL, NULL);
	assert_int_equal(tc_connect_hello(&tc, p.port), 0);
	assert_string_equal(tc_code(tc_login(&tc, k, committee)), "ok");
	r = tc_call(&tc, "member.add", "{\"name\":\"李\\u001b[2J四\",\"roles\":[\"member\"]}");
	assert_string_equal(tc_error_code(r), "bad_request");
	cJSON_Delete(r);
	r = tc_call(&tc, "member.add", "{\"name\":\"李\\u200f四\",\"roles\":[\"member\"]}");
	assert_string_equal(tc_error_code(r), "bad_request");
	cJSON_Delete(r);
	r = tc_call(&tc, "member.add", "{\"name\":\"李四\",\"roles\":[\"member\\u009b\"]}");
	assert_string_equal(tc_error_code(r), "bad_request");
	assert_non_null(
		strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring,
		       "\"roles\" contains a control character"));
	cJSON_Delete(r);
	assert_true(tc_ping_ok(&tc));
	tc_close(&tc);
	EVP_PKEY_free(k);
	stop(&p);
}

/* A socket to the portal that has sent half a request. */
static int slow_visitor(int port)
{
	int fd = tc_tcp(port);

	if (fd >= 0 && write(fd, "GET / HTTP/1.1\r\nHost: x\r\n", 25) != 25) {
		close(fd);
		return -1;
	}
	return fd;
}

/* What the portal answered fd within ms (NUL-terminated, maybe empty). */
static void portal_answer(int fd, char *buf, size_t len, int ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	ssize_t n;

	buf[0] = '\0';
	if (poll(&pfd, 1, ms) == 1 && (n = read(fd, buf, len - 1)) > 0)
		buf[n] = '\0';
}

/* The slowloris of the portal: a byte every 300 ms no longer holds a
 * connection past http-request-timeout, and an address over
 * http-max-per-address is answered 503. */
static void test_portal_slow_and_per_address(void **state)
{
	static const char *const extra[] = {"--http-request-timeout", "2", "--http-max-per-address",
					    "5", NULL};
	struct ygd_proc p;
	struct tclient tc;
	int port, fds[6], i;
	char buf[512];

	(void)state;
	start(&p, &port, extra);
	tc.ssl = NULL;
	tc.fd = slow_visitor(port);
	assert_true(tc.fd >= 0);
	assert_true(ms_until_closed(&tc, "X", 1, 300, 8000) < 5000);
	close(tc.fd);
	for (i = 0; i < 6; i++)
		assert_true((fds[i] = slow_visitor(port)) >= 0);
	portal_answer(fds[5], buf, sizeof(buf), 3000);
	assert_non_null(strstr(buf, "HTTP/1.1 503"));
	portal_answer(fds[0], buf, sizeof(buf), 200);
	assert_string_equal(buf, "");
	for (i = 0; i < 6; i++)
		close(fds[i]);
	assert_serves(&p);
	stop(&p);
}

/* Descriptors run short: with 160 files for the whole process, 300 slow
 * visitors are answered 503 beyond the portal's share instead of making
 * accept() fail (which killed ygd before), and the terminals are still
 * served throughout. */
static void test_portal_descriptors(void **state)
{
	struct ygd_proc p;
	int port, fds[300], i, refused = 0;
	char buf[512];

	(void)state;
	ygd_nofile = 160;
	start(&p, &port, NULL);
	ygd_nofile = 0;
	for (i = 0; i < 300; i++)
		fds[i] = slow_visitor(port);
	assert_serves(&p);
	for (i = 0; i < 300; i++) {
		if (fds[i] < 0)
			continue;
		portal_answer(fds[i], buf, sizeof(buf), i < 40 ? 1000 : 50);
		if (strstr(buf, "HTTP/1.1 503") != NULL)
			refused++;
	}
	assert_true(refused >= 250);
	assert_serves(&p);
	for (i = 0; i < 300; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	sleep_ms(300);
	i = slow_visitor(port);
	assert_true(i >= 0);
	assert_int_equal(write(i, "\r\n", 2), 2);
	portal_answer(i, buf, sizeof(buf), 5000);
	assert_non_null(strstr(buf, "HTTP/1.1 200"));
	close(i);
	stop(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_deadline),
		cmocka_unit_test(test_login_deadline),
		cmocka_unit_test(test_anon_max_frame),
		cmocka_unit_test(test_frame_deadline),
		cmocka_unit_test(test_anon_budget),
		cmocka_unit_test(test_input_budget),
		cmocka_unit_test(test_per_address),
		cmocka_unit_test(test_reserved_slots),
		cmocka_unit_test(test_failed_logins),
		cmocka_unit_test(test_escapes_refused),
		cmocka_unit_test(test_portal_slow_and_per_address),
		cmocka_unit_test(test_portal_descriptors),
	};

	signal(SIGPIPE, SIG_IGN); /* writes to connections ygd closed */
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
