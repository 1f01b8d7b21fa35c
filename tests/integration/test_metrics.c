/* ygd's Prometheus endpoint (--metrics-listen) after real traffic: the
 * counters of requests by operation and result, events delivered, a
 * refusal by max-per-address and the gauges of connections and pools move
 * as they should; only GET /metrics is served; and with --log-format json
 * every line ygd writes is one JSON object. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../support/harness.h"
#include "../support/scrape.h"
#include "../support/tclient.h"

static struct test_env env;
static struct ygd_proc ygd;
static int metrics_port;

/* A plain HTTP request to the metrics port; the whole answer, malloc'd. */
static char *http(const char *request)
{
	char *r = scrape_http(metrics_port, request);

	assert_non_null(r);
	return r;
}

static char *scrape(void)
{
	char *r = http("GET /metrics HTTP/1.0\r\n\r\n");

	assert_true(strncmp(r, "HTTP/1.0 200", 12) == 0 || strncmp(r, "HTTP/1.1 200", 12) == 0);
	assert_non_null(strstr(r, "Content-Type: text/plain; version=0.0.4"));
	return r;
}

static double value(const char *text, const char *series)
{
	return scrape_value(text, series);
}

static double delta(const char *before, const char *after, const char *series)
{
	double b = value(before, series), a = value(after, series);

	if (a < 0)
		fail_msg("no series %s in:\n%s", series, after);
	return a - (b < 0 ? 0 : b);
}

static int group_setup(void **state)
{
	char file[400], *extra[] = {"--metrics-listen",
				    "127.0.0.1:0",
				    "--metrics-port-file",
				    file,
				    "--max-per-address",
				    "2",
				    "--log-format",
				    "json",
				    NULL};

	(void)state;
	if (env_setup(&env) != 0)
		return -1;
	snprintf(file, sizeof(file), "%s/metrics.port", env.dir);
	if (ygd_start(&env, &ygd, (const char *const *)extra) != 0 ||
	    !tc_wait_db_ready(ygd.port, 20000))
		return -1;
	metrics_port = scrape_port(file);
	return metrics_port > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	int rc;

	(void)state;
	rc = ygd_stop(&ygd);
	env_teardown(&env);
	return rc;
}

/* Requests, an event, a refusal: each counted. */
static void test_counters_move(void **state)
{
	struct tclient a;
	int raw1, raw2;
	char out[256], *before, *after;
	cJSON *r;

	(void)state;
	before = scrape();
	assert_int_equal(tc_connect_hello(&a, ygd.port), 0);
	r = tc_call(&a, "subscribe", "{\"stream\":\"public\"}");
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	assert_true(tc_ping_ok(&a));
	r = tc_call(&a, "no.such.op", NULL);
	assert_string_equal(tc_error_code(r), "unknown_op");
	cJSON_Delete(r);
	assert_int_equal(
		env_psql(&env, "SELECT yg_emit('public', 'test.metrics')", out, sizeof(out)), 0);
	r = tc_recv(&a, 5000);
	assert_non_null(r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "event")), "test.metrics");
	cJSON_Delete(r);
	/* a holds one of this address's two slots for strangers: one more fits. */
	raw1 = tc_tcp(ygd.port);
	raw2 = tc_tcp(ygd.port);
	assert_true(raw1 >= 0 && raw2 >= 0);
	sleep_ms(300);
	after = scrape();
	assert_true(delta(before, after, "yg_requests_total{op=\"ping\",result=\"ok\"}") == 1);
	assert_true(delta(before, after, "yg_requests_total{op=\"subscribe\",result=\"ok\"}") == 1);
	assert_true(delta(before, after, "yg_requests_total{op=\"other\",result=\"unknown_op\"}") ==
		    1);
	assert_true(delta(before, after, "yg_request_duration_seconds_count") >= 4);
	assert_true(delta(before, after, "yg_events_delivered_total") == 1);
	assert_true(delta(before, after, "yg_events_dropped_total") == 0);
	assert_true(delta(before, after, "yg_refusals_total{limit=\"max-per-address\"}") == 1);
	assert_true(delta(before, after, "yg_connections_accepted_total{kind=\"terminal\"}") == 2);
	assert_true(value(after, "yg_connections{kind=\"terminal_anonymous\"}") == 2);
	assert_true(value(after, "yg_connections{kind=\"terminal_logged_in\"}") == 0);
	assert_true(value(after, "yg_db_available") == 1);
	assert_true(value(after, "yg_db_connections_up{pool=\"terminals\"}") >= 1);
	assert_true(value(after, "yg_db_connections_up{pool=\"portal\"}") >= 1);
	assert_true(value(after, "yg_db_queries_total{pool=\"terminals\"}") >= 0);
	assert_true(value(after, "yg_portal_request_duration_seconds_count") >= 0);
	free(before);
	free(after);
	close(raw1);
	close(raw2);
	tc_close(&a);
}

/* Nothing else is served there. */
static void test_only_metrics(void **state)
{
	char *r;

	(void)state;
	r = http("GET / HTTP/1.0\r\n\r\n");
	assert_non_null(strstr(r, " 404 "));
	free(r);
	r = http("POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
	assert_non_null(strstr(r, " 405 "));
	free(r);
}

/* --log-format json: every line of ygd's log is a JSON object with time,
 * level and msg; the lines about a client carry its number. */
static void test_json_log(void **state)
{
	char line[16384];
	FILE *f = fopen(ygd.log, "r");
	unsigned lines = 0, with_client = 0;
	cJSON *j;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		j = cJSON_Parse(line);
		if (j == NULL)
			fail_msg("not a JSON line: %s", line);
		assert_true(cJSON_IsString(cJSON_GetObjectItem(j, "time")));
		assert_true(cJSON_IsString(cJSON_GetObjectItem(j, "level")));
		assert_true(cJSON_IsString(cJSON_GetObjectItem(j, "msg")));
		with_client += cJSON_IsNumber(cJSON_GetObjectItem(j, "client"));
		lines++;
		cJSON_Delete(j);
	}
	fclose(f);
	assert_true(lines >= 3);
	assert_true(with_client >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counters_move),
		cmocka_unit_test(test_only_metrics),
		cmocka_unit_test(test_json_log),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
