/* PostgreSQL stopped and restarted under a running ygd: requests that need
 * the database fail at once with db_unavailable (never hang), the rest keep
 * working, terminals hear of it, and everything resumes by itself; a
 * postmaster killed with SIGKILL is started again by scripts/pg.sh. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../support/fixture.h"

static struct test_env env;
static struct ygd_proc ygd;

static int group_setup(void **state)
{
	static const char *const extra[] = {"--db-timeout", "10000", NULL};

	(void)state;
	if (fx_start(&env, &ygd, extra, NULL, NULL, 0) != 0)
		return -1;
	/* The first test pings the database: the pool must be up first. */
	return tc_wait_db_ready(ygd.port, 20000) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, NULL, NULL, 0);
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

/* The postmaster's pid as its pid file says, and the file's text in text. */
static long postmaster_pid(char *text, size_t len)
{
	char path[400];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/data/postmaster.pid", env.pgdir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(text, 1, len - 1, f);
	text[n] = '\0';
	fclose(f);
	return strtol(text, NULL, 10);
}

/* Replace the pid in the pid file by pid, the rest as it was. */
static void rewrite_pid_file(const char *text, long pid)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/data/postmaster.pid", env.pgdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%ld%s", pid, strchr(text, '\n'));
	fclose(f);
}

/* Wait until ygd's database answers again; fails the test otherwise. */
static void expect_db_back(struct tclient *tc)
{
	char buf[64];
	int i;

	for (i = 0; i < 200 && strcmp(db_ping(tc, buf, sizeof(buf)), "ok") != 0; i++)
		sleep_ms(100);
	assert_string_equal(buf, "ok");
}

/* A killed postmaster leaves its pid file behind, naming a process that is
 * a zombie for a while, or whose number another program later takes:
 * pg.sh start must see through it and start the cluster, not take it for
 * running (issue 21, finding 8). */
static void test_killed_postmaster(void **state)
{
	char text[1024], out[256];
	struct tclient tc;
	long pid;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	expect_db_back(&tc);
	pid = postmaster_pid(text, sizeof(text));
	assert_true(pid > 1);
	assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
	assert_int_equal(env_pg(&env, "start"), 0); /* at once: children may still linger */
	assert_true(postmaster_pid(text, sizeof(text)) != pid);
	assert_int_equal(env_psql(&env, "SELECT 1", out, sizeof(out)), 0);
	expect_db_back(&tc);

	/* Killed, and its number since taken by a live process (this one). */
	pid = postmaster_pid(text, sizeof(text));
	assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
	while (kill((pid_t)pid, 0) == 0 &&
	       run_cmd(NULL, 0, "scripts/pg.sh status %s", env.pgdir) == 0)
		sleep_ms(50); /* until reaped, or pg.sh no longer takes it for running */
	rewrite_pid_file(text, (long)getpid());
	assert_int_equal(env_pg(&env, "start"), 0);
	assert_int_equal(env_psql(&env, "SELECT 1", out, sizeof(out)), 0);
	assert_true(postmaster_pid(text, sizeof(text)) != (long)getpid());
	expect_db_back(&tc);
	tc_close(&tc);
	assert_true(ygd_alive(&ygd));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop_and_restart),
		cmocka_unit_test(test_start_while_down),
		cmocka_unit_test(test_killed_postmaster),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
