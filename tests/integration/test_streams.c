/* Events committed to the database reach subscribed terminals through
 * LISTEN/NOTIFY, with per-stream sequence numbers; rolled-back ones never do;
 * two ygd processes on one database both deliver. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../support/harness.h"
#include "../support/tclient.h"

static struct test_env env;
static struct ygd_proc ygd, ygd2;

static int group_setup(void **state)
{
	(void)state;
	if (env_setup(&env) != 0 || ygd_start(&env, &ygd, NULL) != 0 ||
	    ygd_start(&env, &ygd2, NULL) != 0)
		return -1;
	return tc_wait_db_ready(ygd.port, 20000) && tc_wait_db_ready(ygd2.port, 20000) ? 0 : -1;
}

static int group_teardown(void **state)
{
	int rc, rc2;

	(void)state;
	rc = ygd_stop(&ygd);
	rc2 = ygd_stop(&ygd2);
	env_teardown(&env);
	return rc == 0 && rc2 == 0 ? 0 : -1;
}

/* Connect, hello, subscribe to stream. */
static void subscribe(struct tclient *tc, int port, const char *stream)
{
	char args[128];
	cJSON *r;

	assert_int_equal(tc_connect_hello(tc, port), 0);
	snprintf(args, sizeof(args), "{\"stream\":\"%s\"}", stream);
	r = tc_call(tc, "subscribe", args);
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
}

/* Run SQL that must succeed. */
static void sql(const char *text)
{
	char out[4096];

	assert_int_equal(env_psql(&env, text, out, sizeof(out)), 0);
}

/* Expect the next message to be event name with seq on stream. */
static void expect_event(struct tclient *tc, const char *stream, const char *name, int seq)
{
	cJSON *m = tc_recv(tc, 5000);

	assert_non_null(m);
	assert_string_equal(cJSON_GetObjectItem(m, "stream")->valuestring, stream);
	assert_string_equal(cJSON_GetObjectItem(m, "event")->valuestring, name);
	assert_int_equal(cJSON_GetObjectItem(m, "seq")->valueint, seq);
	cJSON_Delete(m);
}

/* Committed events arrive in order; a rolled-back one is never seen, and
 * does not use up a sequence number. */
static void test_commit_and_rollback(void **state)
{
	struct tclient tc;
	cJSON *m;

	(void)state;
	subscribe(&tc, ygd.port, "public");
	sql("SELECT yg_emit('public', 'test.first', '{\"n\":1}')");
	expect_event(&tc, "public", "test.first", 1);
	sql("BEGIN; SELECT yg_emit('public', 'test.rolled_back'); ROLLBACK;");
	sql("SELECT yg_emit('public', 'test.second', '{\"n\":2}')");
	m = tc_recv(&tc, 5000);
	assert_string_equal(cJSON_GetObjectItem(m, "event")->valuestring, "test.second");
	assert_int_equal(cJSON_GetObjectItem(m, "seq")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "data"), "n")->valueint, 2);
	cJSON_Delete(m);
	tc_close(&tc);
}

/* Both ygd processes deliver the same event with the same sequence number. */
static void test_two_servers(void **state)
{
	struct tclient a, b;

	(void)state;
	subscribe(&a, ygd.port, "public");
	subscribe(&b, ygd2.port, "public");
	sql("SELECT yg_emit('public', 'test.both')");
	expect_event(&a, "public", "test.both", 3);
	expect_event(&b, "public", "test.both", 3);
	tc_close(&a);
	tc_close(&b);
}

/* Only subscribers hear a stream; unsubscribing stops it; unknown streams
 * are refused. */
static void test_subscription_rules(void **state)
{
	struct tclient tc, other;
	cJSON *r;

	(void)state;
	subscribe(&tc, ygd.port, "public");
	assert_int_equal(tc_connect_hello(&other, ygd.port), 0);
	r = tc_call(&other, "subscribe", "{\"stream\":\"meeting:1\"}");
	assert_string_equal(tc_error_code(r), "not_found");
	cJSON_Delete(r);
	sql("SELECT yg_emit('public', 'test.only_subscribers')");
	expect_event(&tc, "public", "test.only_subscribers", 4);
	assert_null(tc_recv(&other, 500));
	r = tc_call(&tc, "unsubscribe", "{\"stream\":\"public\"}");
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	sql("SELECT yg_emit('public', 'test.after_unsubscribe')");
	assert_null(tc_recv(&tc, 500));
	tc_close(&tc);
	tc_close(&other);
}

/* A malformed notification is ignored; delivery goes on. */
static void test_malformed_notification(void **state)
{
	struct tclient tc;

	(void)state;
	subscribe(&tc, ygd.port, "public");
	sql("SELECT pg_notify('yg_events', 'not json'), "
	    "pg_notify('yg_events', "
	    "'{\"stream\":\"public\",\"seq\":-1,\"event\":\"x\",\"data\":{}}'),"
	    "pg_notify('yg_events', "
	    "'{\"stream\":\"server\",\"seq\":1,\"event\":\"forged\",\"data\":{}}')");
	sql("SELECT yg_emit('public', 'test.still_works')");
	expect_event(&tc, "public", "test.still_works", 6);
	assert_true(ygd_alive(&ygd));
	tc_close(&tc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_and_rollback),
		cmocka_unit_test(test_two_servers),
		cmocka_unit_test(test_subscription_rules),
		cmocka_unit_test(test_malformed_notification),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
