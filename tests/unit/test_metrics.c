/* Unit tests for server/metrics.c: the counters and their Prometheus text
 * exposition. Exact blocks of the text (histograms cumulative with le in
 * seconds, +Inf, _sum, _count; labels escaped; only the request pairs that
 * occurred), and every line of a whole exposition checked against the
 * format: HELP and TYPE once per family, before its samples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/metrics.h"

static const char *const ops[] = {"ping", "vote.cast", "we\"ird\\op\nname"};

static char *render(const struct metrics *m)
{
	size_t len = 0;
	char *text = metrics_render(m, &len);

	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	return text;
}

/* text holds block exactly, as whole lines. */
static void assert_block(const char *text, const char *block)
{
	const char *at = strstr(text, block);

	if (at == NULL)
		fail_msg("missing:\n%s\nin:\n%s", block, text);
	assert_true(at == text || at[-1] == '\n');
}

static void test_histogram_buckets(void **state)
{
	struct metrics_histogram h;

	(void)state;
	memset(&h, 0, sizeof(h));
	metrics_observe(&h, 0);
	metrics_observe(&h, 1000);     /* on the bound: in le=0.001 */
	metrics_observe(&h, 1001);     /* just over: le=0.0025 */
	metrics_observe(&h, 20000000); /* beyond the last: +Inf only */
	assert_int_equal(h.bucket[0], 2);
	assert_int_equal(h.bucket[1], 1);
	assert_int_equal(h.bucket[METRICS_BUCKETS], 1);
	assert_int_equal(h.count, 4);
	assert_int_equal(h.sum_us, 20002001);
}

static void test_requests_exact(void **state)
{
	struct metrics m;
	char *text;

	(void)state;
	assert_int_equal(metrics_init(&m, ops, 3), 0);
	metrics_request(&m, 0, YG_OK, 1500);
	metrics_request(&m, 0, YG_OK, 500);
	metrics_request(&m, 1, YG_ERR_CONFLICT, 3000000);
	metrics_request(&m, 2, YG_ERR_FORBIDDEN, 1);
	metrics_request(&m, 99, YG_ERR_UNKNOWN_OP, 0); /* out of range: "other" */
	text = render(&m);
	assert_block(text,
		     "# HELP yg_requests_total Terminals' requests answered, by operation "
		     "and result (ok or the error code).\n"
		     "# TYPE yg_requests_total counter\n"
		     "yg_requests_total{op=\"ping\",result=\"ok\"} 2\n"
		     "yg_requests_total{op=\"vote.cast\",result=\"conflict\"} 1\n"
		     "yg_requests_total{op=\"we\\\"ird\\\\op\\nname\",result=\"forbidden\"} 1\n"
		     "yg_requests_total{op=\"other\",result=\"unknown_op\"} 1\n"
		     "# HELP yg_request_time_seconds_total");
	assert_block(text, "yg_request_time_seconds_total{op=\"ping\"} 0.002000\n"
			   "yg_request_time_seconds_total{op=\"vote.cast\"} 3.000000\n"
			   "yg_request_time_seconds_total{op=\"we\\\"ird\\\\op\\nname\"} 0.000001\n"
			   "# HELP yg_request_duration_seconds");
	assert_block(text, "# TYPE yg_request_duration_seconds histogram\n"
			   "yg_request_duration_seconds_bucket{le=\"0.001\"} 3\n"
			   "yg_request_duration_seconds_bucket{le=\"0.0025\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.005\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.01\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.025\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.05\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.1\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.25\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"0.5\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"1\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"2.5\"} 4\n"
			   "yg_request_duration_seconds_bucket{le=\"5\"} 5\n"
			   "yg_request_duration_seconds_bucket{le=\"10\"} 5\n"
			   "yg_request_duration_seconds_bucket{le=\"+Inf\"} 5\n"
			   "yg_request_duration_seconds_sum 3.002001\n"
			   "yg_request_duration_seconds_count 5\n");
	free(text);
	metrics_free(&m);
}

static void test_gauges_pools_portal(void **state)
{
	struct metrics m;
	char *text;

	(void)state;
	assert_int_equal(metrics_init(&m, ops, 2), 0);
	m.start_time = 1765000000;
	m.db_available = 1;
	m.conns[METRICS_CONN_TERMINAL_LOGGED_IN] = 3;
	m.conns[METRICS_CONN_PORTAL] = 7;
	m.refusals[METRICS_LIMIT_MAX_PER_ADDRESS] = 4;
	m.refusals[METRICS_LIMIT_HTTP_POST_RATE] = 2;
	m.ballots = 9;
	m.pools[METRICS_POOL_TERMINALS] = (struct metrics_pool){
		.queries = 10, .waits = 2, .wait_us = 1500, .size = 4, .up = 4, .present = 1};
	m.pools[METRICS_POOL_PORTAL] = (struct metrics_pool){
		.unavailable = 5, .timeouts = 1, .disconnects = 2, .size = 2, .present = 1};
	metrics_portal(&m, 200, 100);
	metrics_portal(&m, 200, 100);
	metrics_portal(&m, 503, 100);
	metrics_portal(&m, 42, 100);
	text = render(&m);
	assert_block(text, "# HELP yg_start_time_seconds When ygd started, in Unix seconds.\n"
			   "# TYPE yg_start_time_seconds gauge\n"
			   "yg_start_time_seconds 1765000000\n");
	assert_block(text, "yg_db_available 1\n");
	assert_block(text, "# TYPE yg_connections gauge\n"
			   "yg_connections{kind=\"terminal_logged_in\"} 3\n"
			   "yg_connections{kind=\"terminal_anonymous\"} 0\n"
			   "yg_connections{kind=\"portal\"} 7\n");
	assert_block(text, "yg_refusals_total{limit=\"max-per-address\"} 4\n");
	assert_block(text, "yg_refusals_total{limit=\"http-post-rate\"} 2\n");
	assert_block(text, "yg_refusals_total{limit=\"login-fail-rate\"} 0\n");
	assert_block(text, "# TYPE yg_ballots_accepted_total counter\n"
			   "yg_ballots_accepted_total 9\n");
	assert_block(text, "# TYPE yg_db_connections_up gauge\n"
			   "yg_db_connections_up{pool=\"terminals\"} 4\n"
			   "yg_db_connections_up{pool=\"portal\"} 0\n"
			   "# HELP yg_db_queued");
	assert_block(text, "yg_db_waits_total{pool=\"terminals\"} 2\n"
			   "yg_db_waits_total{pool=\"portal\"} 0\n");
	assert_block(text, "yg_db_wait_seconds_total{pool=\"terminals\"} 0.001500\n");
	assert_block(text, "yg_db_unavailable_total{pool=\"portal\"} 5\n");
	assert_true(strstr(text, "portal_write") == NULL); /* absent pools are not shown */
	assert_block(text, "# TYPE yg_portal_requests_total counter\n"
			   "yg_portal_requests_total{status=\"other\"} 1\n"
			   "yg_portal_requests_total{status=\"200\"} 2\n"
			   "yg_portal_requests_total{status=\"503\"} 1\n"
			   "# HELP yg_portal_request_duration_seconds");
	assert_block(text, "yg_portal_request_duration_seconds_count 4\n");
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	metrics_free(&m);
}

/* A metric or label name: [a-zA-Z_:][a-zA-Z0-9_:]* ; returns its length. */
static size_t name_len(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_' ||
	       s[n] == ':' || (n > 0 && s[n] >= '0' && s[n] <= '9'))
		n++;
	return n;
}

/* The family a sample belongs to: its name less a histogram's suffix. */
static void family_of(const char *name, size_t n, char *out, size_t cap)
{
	static const char *const suffixes[] = {"_bucket", "_sum", "_count"};
	size_t i, sl;

	snprintf(out, cap, "%.*s", (int)n, name);
	for (i = 0; i < 3; i++) {
		sl = strlen(suffixes[i]);
		if (n > sl && strcmp(out + n - sl, suffixes[i]) == 0 &&
		    strstr(out, "_seconds") != NULL && strstr(out, "duration") != NULL)
			out[n - sl] = '\0';
	}
}

/* One sample line: name, optional {label="value",...}, space, number. */
static void check_sample(const char *line, const char *family)
{
	size_t n = name_len(line);
	char fam[128];
	const char *p = line + n;
	char *end;

	assert_true(n > 0);
	family_of(line, n, fam, sizeof(fam));
	if (strcmp(fam, family) != 0)
		fail_msg("sample of %s under the TYPE of %s: %s", fam, family, line);
	if (*p == '{') {
		p++;
		while (*p != '}') {
			n = name_len(p);
			assert_true(n > 0);
			p += n;
			assert_true(p[0] == '=' && p[1] == '"');
			for (p += 2; *p != '"'; p++) {
				assert_true(*p != '\0' && *p != '\n');
				if (*p == '\\') {
					p++;
					assert_true(*p == '\\' || *p == '"' || *p == 'n');
				}
			}
			p++;
			if (*p == ',')
				p++;
		}
		p++;
	}
	assert_true(*p == ' ');
	strtod(p + 1, &end);
	assert_true(end != p + 1 && *end == '\0');
}

static void test_whole_format(void **state)
{
	struct metrics m;
	char *text, *line, *save = NULL, family[128] = "", seen[4096] = " ";
	unsigned i;

	(void)state;
	assert_int_equal(metrics_init(&m, ops, 3), 0);
	for (i = 0; i < METRICS_POOL__COUNT; i++)
		m.pools[i].present = 1;
	metrics_request(&m, 1, YG_OK, 10);
	metrics_portal(&m, 404, 10);
	text = render(&m);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char name[128], kind[32], key[140];

		if (strncmp(line, "# HELP ", 7) == 0) {
			assert_int_equal(sscanf(line + 7, "%127s", name), 1);
			snprintf(key, sizeof(key), " %s ", name);
			if (strstr(seen, key) != NULL)
				fail_msg("family %s twice", name);
			strncat(seen, key + 1, sizeof(seen) - strlen(seen) - 1);
			snprintf(family, sizeof(family), "%s", name);
		} else if (strncmp(line, "# TYPE ", 7) == 0) {
			assert_int_equal(sscanf(line + 7, "%127s %31s", name, kind), 2);
			assert_string_equal(name, family);
			assert_true(strcmp(kind, "counter") == 0 || strcmp(kind, "gauge") == 0 ||
				    strcmp(kind, "histogram") == 0);
			if (strcmp(kind, "counter") == 0)
				assert_non_null(strstr(name, "_total"));
		} else {
			check_sample(line, family);
		}
	}
	free(text);
	metrics_free(&m);
}

static void test_limit_names(void **state)
{
	(void)state;
	assert_string_equal(metrics_limit_name(METRICS_LIMIT_MAX_CLIENTS), "max-clients");
	assert_string_equal(metrics_limit_name(METRICS_LIMIT_HTTP_POST_RATE), "http-post-rate");
	assert_string_equal(metrics_limit_name(METRICS_LIMIT__COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_histogram_buckets),   cmocka_unit_test(test_requests_exact),
		cmocka_unit_test(test_gauges_pools_portal), cmocka_unit_test(test_whole_format),
		cmocka_unit_test(test_limit_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
