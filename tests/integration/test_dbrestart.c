/* PostgreSQL stopped and restarted under a running ygd: requests that need
 * the database fail at once with db_unavailable (never hang), the rest keep
 * working, terminals hear of it, and everything resumes by itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../support/harness.h"
#include "../support/tclient.h"

static struct test_env env;
static struct ygd_proc ygd;

static int group_setup(void **state)
{
	static const char *const extra[] = {"--db-timeout", "10000", NULL};

	(void)state;
	if (env_setup(&env) != 0)
		return -1;
	return ygd_start(&env, &ygd, extra);
}

static int group_teardown(void **state)
{
	int rc;

	(void)state;
	rc = ygd_stop(&ygd);
	env_teardown(&env);
	return rc == 0 ? 0 : -1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The error code of ping db=true, or "ok". */
static const char *db_ping(struct tclient *tc, char *buf, size_t len)
{
	cJSON *r = tc_call(tc, "ping", "{\"db\":true}");
	const char *code = tc_error_code(r);

	snprintf(buf, len, "%s", r == NULL ? "no reply" : code != NULL ? code : "ok");
	cJSON_Delete(r);
	return buf;
}

/* The database state server.info reports. */
static const char *db_state(struct tclient *tc, char *buf, size_t len)
{
	cJSON *r = tc_call(tc, "server.info", NULL);
	const cJSON *db = cJSON_GetObjectItem(tc_result(r), "db");
	const cJSON *st = cJSON_GetObjectItem(db, "state");

	snprintf(buf, len, "%s", cJSON_IsString(st) ? st->valuestring : "?");
	cJSON_Delete(r);
	return buf;
}

/* Wait for a "server" stream event saying db is state. */
static void expect_db_event(struct tclient *tc, const char *state, int timeout_ms)
{
	double end = now_ms() + timeout_ms;
	const cJSON *data;
	cJSON *m;

	while (now_ms() < end) {
		m = tc_recv(tc, 1000);
		if (m == NULL)
			continue;
		data = cJSON_GetObjectItem(m, "data");
		if (cJSON_GetObjectItem(m, "stream") != NULL &&
		    strcmp(cJSON_GetObjectItem(data, "db")->valuestring, state) == 0) {
			cJSON_Delete(m);
			return;
		}
		cJSON_Delete(m);
	}
	fail_msg("no db.state %s event", state);
}

static void test_stop_and_restart(void **state)
{
	struct tclient tc, watcher;
	char buf[64];
	double t0;
	int i;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	assert_int_equal(tc_connect_hello(&watcher, ygd.port), 0);
	r = tc_call(&watcher, "subscribe", "{\"stream\":\"server\"}");
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	assert_string_equal(db_ping(&tc, buf, sizeof(buf)), "ok");

	assert_int_equal(env_pg(&env, "stop"), 0);
	expect_db_event(&watcher, "unavailable", 5000);
	t0 = now_ms();
	assert_string_equal(db_ping(&tc, buf, sizeof(buf)), "db_unavailable");
	assert_true(now_ms() - t0 < 3000); /* answered at once, not after db-timeout (10 s) */
	assert_string_equal(db_state(&tc, buf, sizeof(buf)), "unavailable");
	assert_true(tc_ping_ok(&tc));

	assert_int_equal(env_pg(&env, "start"), 0);
	expect_db_event(&watcher, "available", 20000);
	for (i = 0; i < 100 && strcmp(db_ping(&tc, buf, sizeof(buf)), "ok") != 0; i++)
		sleep_ms(100);
	assert_string_equal(buf, "ok");
	assert_string_equal(db_state(&tc, buf, sizeof(buf)), "available");
	tc_close(&tc);
	tc_close(&watcher);
	assert_true(ygd_alive(&ygd));
}

/* A connection opened while the database is down still works, and a yg
 * ping --db says what is wrong. */
static void test_start_while_down(void **state)
{
	struct tclient tc;
	struct ygd_proc second;
	char buf[64], out[4096];
	int i;

	(void)state;
	assert_int_equal(env_pg(&env, "stop"), 0);
	assert_int_equal(ygd_start(&env, &second, NULL), 0);
	assert_int_equal(tc_connect_hello(&tc, second.port), 0);
	assert_true(tc_ping_ok(&tc));
	assert_string_equal(db_ping(&tc, buf, sizeof(buf)), "db_unavailable");
	assert_int_equal(run_cmd(out, sizeof(out),
				 "%s/yg --home %s --server %s --fingerprint %s ping --db",
				 env.build, env.home, second.addr, env.fp),
			 1);
	assert_non_null(strstr(out, "db_unavailable"));
	assert_int_equal(env_pg(&env, "start"), 0);
	for (i = 0; i < 200 && strcmp(db_ping(&tc, buf, sizeof(buf)), "ok") != 0; i++)
		sleep_ms(100);
	assert_string_equal(buf, "ok");
	tc_close(&tc);
	assert_int_equal(ygd_stop(&second), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop_and_restart),
		cmocka_unit_test(test_start_while_down),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
