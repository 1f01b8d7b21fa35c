/* Unit tests for server/log_json.c: one log line as one JSON object. The
 * exact line; quotes, backslashes and controls escaped; bytes that are not
 * UTF-8 (a stray continuation, an overlong, a surrogate, a cut sequence)
 * become U+FFFD while Chinese stays as it is; the client, addr and
 * component fields; held_back; a line that does not fit. Every line must
 * parse with cJSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "../../server/log_json.h"

static char buf[8192];

static const char *line(const char *msg, unsigned held_back)
{
	size_t n =
		log_json_line(buf, sizeof(buf), "2026-12-06T04:00:00.123Z", "warn", msg, held_back);
	cJSON *j;

	assert_true(n > 0);
	assert_int_equal(strlen(buf), n);
	assert_int_equal(buf[n - 1], '\n');
	assert_null(memchr(buf, '\n', n - 1));
	j = cJSON_ParseWithLength(buf, n);
	if (j == NULL)
		fail_msg("not JSON: %s", buf);
	cJSON_Delete(j);
	return buf;
}

static void test_exact(void **state)
{
	(void)state;
	assert_string_equal(
		line("database unavailable", 0),
		"{\"time\":\"2026-12-06T04:00:00.123Z\",\"level\":\"warn\",\"msg\":\"database "
		"unavailable\"}\n");
	assert_string_equal(
		line("refusing a connection from 10.0.0.1: max-clients", 3),
		"{\"time\":\"2026-12-06T04:00:00.123Z\",\"level\":\"warn\",\"msg\":\"refusing a "
		"connection from 10.0.0.1: max-clients\",\"held_back\":3}\n");
}

static void test_escapes(void **state)
{
	(void)state;
	assert_non_null(
		strstr(line("say \"hi\" \\ now", 0), "\"msg\":\"say \\\"hi\\\" \\\\ now\""));
	assert_non_null(strstr(line("a\nb\tc\x1b[2J\x7f", 0),
			       "\"msg\":\"a\\u000ab\\u0009c\\u001b[2J\\u007f\""));
	assert_non_null(strstr(line("会议 ok", 0), "\"msg\":\"会议 ok\""));
	/* A stray continuation byte, an overlong '/', a surrogate, a cut sequence. */
	assert_non_null(strstr(line("x\x80y\xc0\xafz\xed\xa0\x80w\xe4\xbc", 0),
			       "\"msg\":\"x\\ufffdy\\ufffd\\ufffdz\\ufffd\\ufffd\\ufffdw\\ufffd"
			       "\\ufffd\""));
}

static void test_fields(void **state)
{
	(void)state;
	assert_non_null(strstr(line("client 42 from 127.0.0.1:5555: closed: x", 0),
			       "\"client\":42,\"addr\":\"127.0.0.1:5555\"}"));
	assert_non_null(strstr(line("client 7 from ::1:443: login failed", 0),
			       "\"client\":7,\"addr\":\"::1:443\"}"));
	assert_non_null(strstr(line("client 9: logged in as member 3", 0), "\"client\":9}"));
	assert_non_null(
		strstr(line("portal: database unavailable", 0), "\"component\":\"portal\"}"));
	/* Not the usual forms: no fields. */
	assert_null(strstr(line("client x from y: z", 0), "\"client\""));
	assert_null(strstr(line("clients 4", 0), "\"client\""));
	assert_null(strstr(line("client 123456789012345678901: x", 0), "\"client\""));
	/* A quote in the address is escaped like any text. */
	assert_non_null(strstr(line("client 1 from a\"b: x", 0), "\"addr\":\"a\\\"b\""));
}

static void test_too_long(void **state)
{
	char small[40];

	(void)state;
	assert_int_equal(log_json_line(small, sizeof(small), "t", "info", "a message too long", 0),
			 0);
	assert_int_equal(log_json_line(small, 0, "t", "info", "m", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
