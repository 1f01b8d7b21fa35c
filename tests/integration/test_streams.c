/* Events committed to the database reach subscribed terminals: a
 * notification wakes ygd, which reads the stream's new entries from the
 * database and pushes them, with per-stream sequence numbers; rolled-back
 * ones never do; two ygd processes on one database both deliver; a forged
 * notification shows nothing and skips nothing; events of any size arrive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Run SQL as ygd's own role (yg_app's member), which must succeed. */
static void sql_app(const char *text)
{
	char file[400], out[4096];
	FILE *f;

	snprintf(file, sizeof(file), "%s/app.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(run_cmd(out, sizeof(out),
				 "scripts/pg.sh psql %s yangguang -U ygd -tA -f %s", env.pgdir,
				 file),
			 0);
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

/* Any role may NOTIFY: the app role forges a result with the stream's next
 * number, and one far ahead. Neither reaches the terminal; the real entry
 * with that number arrives whole, and so does the one after it. */
static void test_forged_notification(void **state)
{
	struct tclient tc;
	cJSON *m;
	char *text;

	(void)state;
	subscribe(&tc, ygd.port, "public");
	sql_app("SELECT pg_notify('yg_events', '{\"stream\":\"public\",\"seq\":7,"
		"\"event\":\"vote.result\",\"data\":{\"text\":\"同意 10 票 — 通过\"}}'),"
		"pg_notify('yg_events', '{\"stream\":\"public\",\"seq\":9000}')");
	assert_null(tc_recv(&tc, 700));
	sql("SELECT yg_emit('public', 'test.real', '{\"n\":7}')");
	m = tc_recv(&tc, 5000);
	assert_non_null(m);
	assert_string_equal(cJSON_GetObjectItem(m, "event")->valuestring, "test.real");
	assert_int_equal(cJSON_GetObjectItem(m, "seq")->valueint, 7);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "data"), "n")->valueint, 7);
	text = cJSON_PrintUnformatted(m);
	assert_null(strstr(text, "通过"));
	free(text);
	cJSON_Delete(m);
	sql("SELECT yg_emit('public', 'test.next')");
	expect_event(&tc, "public", "test.next", 8);
	assert_null(tc_recv(&tc, 300));
	tc_close(&tc);
}

/* An event far beyond a notification's 8,000 bytes arrives whole, and a
 * burst of events arrives in order, none lost. */
static void test_large_and_burst(void **state)
{
	struct tclient tc;
	cJSON *m;
	int i;

	(void)state;
	subscribe(&tc, ygd.port, "public");
	sql("SELECT yg_emit('public', 'test.large', jsonb_build_object('roster', "
	    "(SELECT jsonb_agg(jsonb_build_object('id', g, 'name', '委员' || g)) "
	    "FROM generate_series(1, 3000) g)))");
	m = tc_recv(&tc, 5000);
	assert_non_null(m);
	assert_int_equal(cJSON_GetObjectItem(m, "seq")->valueint, 9);
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "data"), "roster")),
		3000);
	cJSON_Delete(m);
	sql("SELECT yg_emit('public', 'test.burst', jsonb_build_object('n', g)) "
	    "FROM generate_series(1, 600) g");
	for (i = 1; i <= 600; i++) {
		m = tc_recv(&tc, 5000);
		assert_non_null(m);
		assert_int_equal(cJSON_GetObjectItem(m, "seq")->valueint, 9 + i);
		cJSON_Delete(m);
	}
	tc_close(&tc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_and_rollback),
		cmocka_unit_test(test_two_servers),
		cmocka_unit_test(test_subscription_rules),
		cmocka_unit_test(test_malformed_notification),
		cmocka_unit_test(test_forged_notification),
		cmocka_unit_test(test_large_and_burst),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
