/* The real yg client against a real ygd: ping and info over TLS, the pinned
 * certificate (first use, remembered, changed, wrong), a CA file, languages,
 * usage errors and exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../support/fixture.h"

static struct test_env env;
static struct ygd_proc ygd;
static char out[16384];

static int group_setup(void **state)
{
	(void)state;
	return fx_start(&env, &ygd, NULL, NULL, NULL, 0);
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, NULL, NULL, 0);
}

/* Run yg with its home in the test directory; exit status, output in out. */
static int yg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int yg(const char *fmt, ...)
{
	char args[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return run_cmd(out, sizeof(out), "YG_LANG= %s/yg --home %s %s", env.build, env.home, args);
}

/* Both programs say their version. */
static void test_versions(void **state)
{
	(void)state;
	assert_int_equal(yg("--version"), 0);
	assert_non_null(strstr(out, "yg 0.1.0"));
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --version", env.build), 0);
	assert_non_null(strstr(out, "ygd 0.1.0"));
}

/* An unknown server is refused, with its fingerprint shown to check. */
static void test_unknown_server_refused(void **state)
{
	(void)state;
	assert_int_equal(yg("--server %s ping", ygd.addr), 3);
	assert_non_null(strstr(out, env.fp));
	assert_non_null(strstr(out, "--fingerprint"));
}

/* A fingerprint given once is checked, remembered and used afterwards. */
static void test_pin_then_remember(void **state)
{
	(void)state;
	assert_int_equal(yg("--server %s --fingerprint %s ping", ygd.addr, env.fp), 0);
	assert_non_null(strstr(out, "应答"));
	assert_int_equal(yg("--server %s ping --count 3", ygd.addr), 0);
	assert_non_null(strstr(out, "3 次"));
	assert_int_equal(yg("--server %s --lang en ping --db", ygd.addr), 0);
	assert_non_null(strstr(out, "pong from"));
	assert_non_null(strstr(out, "database"));
}

/* A wrong --fingerprint is refused and does not replace the remembered one. */
static void test_wrong_fingerprint(void **state)
{
	char wrong[65];

	(void)state;
	memcpy(wrong, env.fp, sizeof(wrong));
	wrong[0] = wrong[0] == '0' ? '1' : '0';
	assert_int_equal(yg("--server %s --fingerprint %s ping", ygd.addr, wrong), 3);
	assert_int_equal(yg("--server %s --fingerprint nothex ping", ygd.addr), 3);
	assert_int_equal(yg("--server %s ping", ygd.addr), 0);
}

/* info shows versions and a live database. */
static void test_info(void **state)
{
	(void)state;
	assert_int_equal(yg("--server %s info", ygd.addr), 0);
	assert_non_null(strstr(out, "可用"));
	assert_non_null(strstr(out, "PostgreSQL 1"));
	assert_int_equal(yg("--server %s --lang en info", ygd.addr), 0);
	assert_non_null(strstr(out, "schema:      version "));
	assert_null(strstr(out, "schema:      version 0"));
}

/* With --ca the chain and the name are checked instead of a pin. */
static void test_ca_file(void **state)
{
	(void)state;
	assert_int_equal(yg("--server localhost:%d --ca %s ping", ygd.port, env.cert), 0);
	assert_int_equal(yg("--server 127.0.0.1:%d --ca %s ping", ygd.port, env.cert), 0);
	assert_int_equal(yg("--server localhost:%d --ca /nonexistent ping", ygd.port), 3);
}

/* Usage errors exit 2; no server listening exits 3. */
static void test_usage_and_connect_errors(void **state)
{
	(void)state;
	assert_int_equal(yg("frobnicate"), 2);
	assert_non_null(strstr(out, "未知命令"));
	assert_int_equal(yg("--server %s ping --bogus", ygd.addr), 2);
	assert_int_equal(yg("--bogus ping"), 2);
	assert_int_equal(yg("ping --help"), 0);
	assert_int_equal(yg("--help"), 0);
	assert_int_equal(yg("--server 127.0.0.1:1 ping"), 3);
	assert_int_equal(yg("--server nocolon ping"), 3);
}

/* A server whose certificate changed is refused loudly until the operator
 * gives the new fingerprint. */
static void test_changed_certificate(void **state)
{
	char cert[320], key[320], fp[65], listen[64];
	const char *extra[] = {"--cert", cert, "--key", key, "--listen", listen, NULL};
	struct ygd_proc other;

	(void)state;
	assert_int_equal(env_new_cert(&env, "other", cert, key, fp), 0);
	snprintf(listen, sizeof(listen), "%s", ygd.addr);
	assert_int_equal(ygd_stop(&ygd), 0);
	assert_int_equal(ygd_start(&env, &other, extra), 0);
	assert_int_equal(yg("--server %s ping", other.addr), 3);
	assert_non_null(strstr(out, "证书已改变"));
	assert_non_null(strstr(out, env.fp));
	assert_non_null(strstr(out, fp));
	assert_int_equal(yg("--server %s --lang en ping", other.addr), 3);
	assert_non_null(strstr(out, "HAS CHANGED"));
	assert_int_equal(yg("--server %s --fingerprint %s ping", other.addr, fp), 0);
	assert_int_equal(yg("--server %s ping", other.addr), 0);
	assert_int_equal(ygd_stop(&other), 0);
	assert_int_equal(ygd_start(&env, &ygd, NULL), 0);
}

/* ygd lists every setting, and refuses bad values and unusable files. */
static void test_ygd_settings(void **state)
{
	static const char *const flags[] = {"--listen",
					    "--cert",
					    "--key",
					    "--db",
					    "--sql-dir",
					    "--port-file",
					    "--log-level",
					    "--db-pool",
					    "--db-timeout",
					    "--max-frame",
					    "--max-clients",
					    "--max-inflight",
					    "--out-limit",
					    "--write-timeout",
					    "--hello-timeout",
					    "--workers",
					    NULL};
	const char *const *f;

	(void)state;
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --help", env.build), 0);
	for (f = flags; *f != NULL; f++)
		assert_non_null(strstr(out, *f));
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --db-pool 65", env.build), 2);
	assert_non_null(strstr(out, "--db-pool"));
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --max-frame=abc", env.build), 2);
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --no-such-flag 1", env.build), 2);
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd --log-level loud", env.build), 2);
	assert_int_equal(run_cmd(out, sizeof(out), "%s/ygd frobnicate", env.build), 2);
	/* The signing key in the test's directory: a test never writes into the
	 * checkout (its var/ belongs to `make run`). */
	assert_int_equal(run_cmd(out, sizeof(out),
				 "%s/ygd --listen 127.0.0.1:0 --cert /nonexistent --key %s "
				 "--sign-key %s/usage.key",
				 env.build, env.key, env.dir),
			 1);
	assert_non_null(strstr(out, "/nonexistent"));
	assert_int_equal(
		run_cmd(out, sizeof(out),
			"%s/ygd --listen nonsense --cert %s --key %s --sign-key %s/usage.key",
			env.build, env.cert, env.key, env.dir),
		1);
	assert_non_null(strstr(out, "nonsense"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_ygd_settings),
		cmocka_unit_test(test_unknown_server_refused),
		cmocka_unit_test(test_pin_then_remember),
		cmocka_unit_test(test_wrong_fingerprint),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_ca_file),
		cmocka_unit_test(test_usage_and_connect_errors),
		cmocka_unit_test(test_changed_certificate),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
