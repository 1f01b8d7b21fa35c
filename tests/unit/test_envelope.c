/* Unit tests for proto/envelope.c: decoding payloads, parsing requests and
 * replies strictly, and the builders round-tripping through both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/envelope.h"

/* The builders write ids exactly, up to the largest id a request may carry. */
#define BIG_ID ID_MAX

/* envelope_decode on a heap copy of exactly len bytes, with no NUL after
 * it, so ASan sees any read past the payload. */
static cJSON *decode_len(const char *text, size_t len, enum yg_err *err, const char **why)
{
	char *copy = malloc(len > 0 ? len : 1);
	cJSON *msg;

	assert_non_null(copy);
	memcpy(copy, text, len);
	*why = NULL;
	msg = envelope_decode(copy, len, err, why);
	free(copy);
	return msg;
}

/* Decode text that must be a valid object. */
static cJSON *decode_ok(const char *text)
{
	enum yg_err err = YG_ERR_INTERNAL;
	const char *why;
	cJSON *msg = decode_len(text, strlen(text), &err, &why);

	if (msg == NULL)
		fail_msg("refused %s: %s", text, why);
	assert_int_equal(err, YG_OK);
	return msg;
}

/* Decode len bytes that must be refused as bad JSON; returns the reason. */
static const char *decode_bad(const char *text, size_t len)
{
	enum yg_err err = YG_OK;
	const char *why;
	cJSON *msg = decode_len(text, len, &err, &why);

	if (msg != NULL) {
		cJSON_Delete(msg);
		fail_msg("accepted %.*s", (int)len, text);
	}
	assert_int_equal(err, YG_ERR_BAD_JSON);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	return why;
}

/* Parse text as a request; returns the verdict and whether an id was found. */
static enum yg_err request_err(const char *text, bool *has_id)
{
	cJSON *msg = decode_ok(text);
	struct yg_request req;
	const char *why = NULL;
	enum yg_err err = envelope_parse_request(msg, &req, &why);

	if (err != YG_OK && (why == NULL || why[0] == '\0'))
		fail_msg("no reason for refusing %s", text);
	*has_id = req.has_id;
	cJSON_Delete(msg);
	return err;
}

/* Text must be refused as a bad request, with or without a usable id. */
static void expect_bad_request(const char *text, bool want_id)
{
	bool has_id;

	if (request_err(text, &has_id) != YG_ERR_BAD_REQUEST)
		fail_msg("not a bad request: %s", text);
	assert_int_equal(has_id, want_id);
}

/* Classify text as a reply and return its kind. */
static enum yg_msg_kind reply_kind(const char *text)
{
	cJSON *msg = decode_ok(text);
	struct yg_reply rep;
	enum yg_msg_kind kind = envelope_parse_reply(msg, &rep);

	assert_int_equal(rep.kind, kind);
	cJSON_Delete(msg);
	return kind;
}

/* Encode msg, free it, and decode the text again as the peer would. */
static cJSON *wire(cJSON *msg)
{
	size_t len = 0;
	char *text = envelope_encode(msg, &len);
	enum yg_err err;
	const char *why;
	cJSON *back;

	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	back = decode_len(text, len, &err, &why);
	assert_non_null(back);
	cJSON_free(text);
	cJSON_Delete(msg);
	return back;
}

/* Encode msg and compare the text with want; frees msg. */
static void expect_text(cJSON *msg, const char *want)
{
	char *text = envelope_encode(msg, NULL);

	assert_non_null(text);
	assert_string_equal(text, want);
	cJSON_free(text);
	cJSON_Delete(msg);
}

/* Decoding accepts JSON objects, with surrounding whitespace and escapes. */
static void test_decode_objects(void **state)
{
	cJSON *msg;

	(void)state;
	cJSON_Delete(decode_ok("{}"));
	cJSON_Delete(decode_ok(" \t\r\n{\"a\":[1,2,{}]} \n"));
	msg = decode_ok("{\"s\":\"\\ud83d\\ude00\\u9633\\u5149\",\"t\":\"阳光\"}");
	assert_string_equal(cJSON_GetObjectItem(msg, "s")->valuestring, "😀阳光");
	assert_string_equal(cJSON_GetObjectItem(msg, "t")->valuestring, "阳光");
	cJSON_Delete(msg);
}

/* Payloads that are not UTF-8 are refused before JSON parsing. */
static void test_decode_bad_utf8(void **state)
{
	static const char *const bad[] = {
		"{\"a\":\"\xff\"}",         "{\"a\":\"\xc0\xaf\"}",
		"{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}",
		"{\"a\":\"\xe9\x98\"}",     "{\"a\":\"\x80\"}"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(strstr(decode_bad(bad[i], strlen(bad[i])), "UTF-8"));
	assert_non_null(strstr(decode_bad("{\"a\":\"\0\"}", 9), "UTF-8"));
	assert_non_null(strstr(decode_bad("{}\0", 3), "UTF-8"));
}

/* Payloads that are not JSON at all, or broken JSON. */
static void test_decode_bad_json(void **state)
{
	static const char *const bad[] = {
		" ",
		"{",
		"}",
		"{\"a\":}",
		"{\"a\" 1}",
		"{a:1}",
		"{'a':1}",
		"{\"a\":1,}",
		"{\"a\":tru}",
		"{\"a\":NaN}",
		"hello",
		"{\"a\":\"x}",
		"{\"a\":\"\\ud800\"}",
		"{\"a\":\"\\udc00\"}",
		"{\"a\":\"\\ud800\\u0041\"}",
		"{\"a\":\"\\x41\"}",
		"{\"a\":1",
	};
	size_t i;

	(void)state;
	decode_bad("", 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(strstr(decode_bad(bad[i], strlen(bad[i])), "not valid JSON"));
}

/* Valid JSON that is not an object is refused. */
static void test_decode_not_object(void **state)
{
	static const char *const bad[] = {"[]",   "[{}]", "\"x\"", "1",
					  "-2.5", "null", "true",  "false"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(strstr(decode_bad(bad[i], strlen(bad[i])), "not a JSON object"));
}

/* Only len bytes are parsed: a prefix of an object is not an object. */
static void test_decode_length_bound(void **state)
{
	enum yg_err err;
	const char *why;
	cJSON *msg;

	(void)state;
	decode_bad("{\"a\":1}", 6);
	msg = decode_len("{\"a\":1}", 7, &err, &why);
	assert_non_null(msg);
	assert_int_equal(err, YG_OK);
	cJSON_Delete(msg);
}

/* Encoding is compact and keeps UTF-8 as it is. */
static void test_encode(void **state)
{
	cJSON *msg = decode_ok("{ \"a\" : [ 1 , 2 ] ,\n \"b\" : { \"c\" : \"阳光\" } }");
	size_t len = 0;
	char *text;

	(void)state;
	text = envelope_encode(msg, &len);
	assert_string_equal(text, "{\"a\":[1,2],\"b\":{\"c\":\"阳光\"}}");
	assert_int_equal(len, strlen(text));
	cJSON_free(text);
	text = envelope_encode(msg, NULL);
	assert_non_null(text);
	cJSON_free(text);
	cJSON_Delete(msg);
}

/* Whether the JSON value in text is accepted by envelope_uint, and as what. */
static bool uint_of(const char *text, uint64_t *out)
{
	cJSON *v = cJSON_Parse(text);
	bool ok;

	assert_non_null(v);
	ok = envelope_uint(v, out);
	cJSON_Delete(v);
	return ok;
}

/* Whole numbers from 0 to 2^53-1, nothing else. */
static void test_uint(void **state)
{
	static const char *const bad[] = {"-1",   "-0.5",  "0.5",    "1.5",      "9007199254740992",
					  "1e16", "1e400", "-1e400", "\"1\"",    "null",
					  "true", "[1]",   "{}",     "1.0000001"};
	uint64_t v = 42;
	size_t i;

	(void)state;
	assert_true(uint_of("0", &v));
	assert_int_equal(v, 0);
	assert_true(uint_of("1", &v));
	assert_int_equal(v, 1);
	assert_true(uint_of("9007199254740991", &v));
	assert_int_equal(v, ID_MAX);
	assert_true(uint_of("1e3", &v));
	assert_int_equal(v, 1000);
	assert_true(uint_of("7.0", &v));
	assert_int_equal(v, 7);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		if (uint_of(bad[i], &v))
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(v, 42);
	}
	assert_false(envelope_uint(NULL, &v));
}

/* Names: a lowercase letter, then [a-z0-9_.:-], at most max characters. */
static void test_name_valid(void **state)
{
	static const char *const good[] = {"a",          "ping", "vote.cast", "item:announce",
					   "a-b_c.d:e9", "z0"};
	static const char *const bad[] = {"",     "Ping",  "1ping",     "_ping",  ".a",     "-a",
					  ":a",   "pinG",  "ping pong", "ping/x", "ping\n", "pingé",
					  "阳光", "a\x7f", "a!",        "a\\b"};
	char name[ENVELOPE_OP_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(envelope_name_valid(good[i], ENVELOPE_OP_MAX));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (envelope_name_valid(bad[i], ENVELOPE_OP_MAX))
			fail_msg("accepted \"%s\"", bad[i]);
	memset(name, 'a', sizeof(name));
	name[ENVELOPE_OP_MAX] = '\0';
	assert_true(envelope_name_valid(name, ENVELOPE_OP_MAX));
	name[ENVELOPE_OP_MAX] = 'a';
	name[ENVELOPE_OP_MAX + 1] = '\0';
	assert_false(envelope_name_valid(name, ENVELOPE_OP_MAX));
	assert_true(envelope_name_valid("abc", 3));
	assert_false(envelope_name_valid("abcd", 3));
	assert_true(envelope_name_valid("a", 1));
	assert_false(envelope_name_valid("ab", 1));
}

/* A well-formed request, with and without args. */
static void test_request_valid(void **state)
{
	cJSON *msg = decode_ok("{\"id\":7,\"op\":\"vote.cast\",\"args\":{\"x\":1}}");
	struct yg_request req;
	const char *why = NULL;

	(void)state;
	assert_int_equal(envelope_parse_request(msg, &req, &why), YG_OK);
	assert_true(req.has_id);
	assert_int_equal(req.id, 7);
	assert_string_equal(req.op, "vote.cast");
	assert_ptr_equal(req.args, cJSON_GetObjectItem(msg, "args"));
	cJSON_Delete(msg);

	msg = decode_ok("{\"op\":\"ping\",\"id\":0}");
	assert_int_equal(envelope_parse_request(msg, &req, &why), YG_OK);
	assert_int_equal(req.id, 0);
	assert_string_equal(req.op, "ping");
	assert_true(cJSON_IsObject(req.args));
	assert_null(req.args->child);
	cJSON_Delete(msg);

	msg = decode_ok("{\"args\":{},\"op\":\"ping\",\"id\":9007199254740991}");
	assert_int_equal(envelope_parse_request(msg, &req, &why), YG_OK);
	assert_int_equal(req.id, ID_MAX);
	assert_null(req.args->child);
	cJSON_Delete(msg);
}

/* A request missing id or op is refused; the id is kept when it was usable. */
static void test_request_missing(void **state)
{
	(void)state;
	expect_bad_request("{}", false);
	expect_bad_request("{\"op\":\"ping\"}", false);
	expect_bad_request("{\"op\":\"ping\",\"args\":{}}", false);
	expect_bad_request("{\"id\":1}", true);
	expect_bad_request("{\"id\":1,\"args\":{}}", true);
}

/* A member given twice is refused, even when both copies are alike. */
static void test_request_duplicate(void **state)
{
	(void)state;
	expect_bad_request("{\"id\":1,\"id\":1,\"op\":\"ping\"}", true);
	expect_bad_request("{\"id\":1,\"id\":\"x\",\"op\":\"ping\"}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"op\":\"ping\"}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"op\":\"hello\"}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":{},\"args\":{}}", true);
	expect_bad_request("{\"id\":1,\"args\":{},\"op\":\"ping\",\"args\":{\"a\":1}}", true);
}

/* A name twice anywhere in the arguments is refused too, the place named. */
static void test_request_duplicate_in_args(void **state)
{
	struct yg_request r;
	const char *why = NULL;
	cJSON *msg;

	(void)state;
	msg = decode_ok(
		"{\"id\":7,\"op\":\"x.y\",\"args\":{\"q\":{\"labels\":[{\"a\":1,\"a\":2}]}}}");
	assert_int_equal(envelope_parse_request(msg, &r, &why), YG_ERR_BAD_REQUEST);
	assert_true(r.has_id);
	assert_string_equal(why, "args.q.labels[0] has the member \"a\" twice");
	cJSON_Delete(msg);
	msg = decode_ok("{\"id\":7,\"op\":\"x.y\",\"args\":{\"n\":1,\"n\":1}}");
	assert_int_equal(envelope_parse_request(msg, &r, &why), YG_ERR_BAD_REQUEST);
	assert_string_equal(why, "args has the member \"n\" twice");
	cJSON_Delete(msg);
	msg = decode_ok("{\"id\":7,\"op\":\"x.y\",\"args\":{\"n\":{\"a\":1},\"m\":{\"a\":1}}}");
	assert_int_equal(envelope_parse_request(msg, &r, &why), YG_OK);
	cJSON_Delete(msg);
}

/* Members other than id, op and args are refused, names being exact. */
static void test_request_extra(void **state)
{
	(void)state;
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"x\":1}", true);
	expect_bad_request("{\"x\":null,\"id\":1,\"op\":\"ping\"}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"ID\":2}", true);
	expect_bad_request("{\"id\":1,\"Op\":\"ping\"}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"Args\":{}}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"\":{}}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"result\":{}}", true);
}

/* An id that is not a whole number in [0, 2^53) is refused and unusable. */
static void test_request_bad_id(void **state)
{
	static const char *const ids[] = {"\"1\"",
					  "null",
					  "true",
					  "false",
					  "[1]",
					  "{}",
					  "-1",
					  "-0.5",
					  "1.5",
					  "0.1",
					  "9007199254740992",
					  "9007199254740993",
					  "1e300",
					  "-9007199254740991"};
	char text[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(text, sizeof(text), "{\"id\":%s,\"op\":\"ping\"}", ids[i]);
		expect_bad_request(text, false);
	}
}

/* An op that is not a string is a bad request. */
static void test_request_op_type(void **state)
{
	(void)state;
	expect_bad_request("{\"id\":1,\"op\":1}", true);
	expect_bad_request("{\"id\":1,\"op\":null}", true);
	expect_bad_request("{\"id\":1,\"op\":true}", true);
	expect_bad_request("{\"id\":1,\"op\":[\"ping\"]}", true);
	expect_bad_request("{\"id\":1,\"op\":{\"name\":\"ping\"}}", true);
}

/* An op string that is not a valid name is an unknown operation. */
static void test_request_op_name(void **state)
{
	static const char *const ops[] = {"",          "Ping",        "1ping",   "_ping",
					  "ping pong", "ping/x",      "ping\\n", "pingé",
					  "阳光",      "\\u0070ing!", "ping\\t"};
	char text[256], op[ENVELOPE_OP_MAX + 2];
	bool has_id;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		snprintf(text, sizeof(text), "{\"id\":3,\"op\":\"%s\"}", ops[i]);
		if (request_err(text, &has_id) != YG_ERR_UNKNOWN_OP)
			fail_msg("not an unknown op: %s", text);
		assert_true(has_id);
	}
	memset(op, 'a', sizeof(op));
	op[ENVELOPE_OP_MAX + 1] = '\0';
	snprintf(text, sizeof(text), "{\"id\":3,\"op\":\"%s\"}", op);
	assert_int_equal(request_err(text, &has_id), YG_ERR_UNKNOWN_OP);
	op[ENVELOPE_OP_MAX] = '\0';
	snprintf(text, sizeof(text), "{\"id\":3,\"op\":\"%s\"}", op);
	assert_int_equal(request_err(text, &has_id), YG_OK);
	assert_int_equal(request_err("{\"id\":3,\"op\":\"\\u0070ing\"}", &has_id), YG_OK);
}

/* args that is not an object is a bad request. */
static void test_request_args_type(void **state)
{
	(void)state;
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":[]}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":[{}]}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":\"{}\"}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":null}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":0}", true);
	expect_bad_request("{\"id\":1,\"op\":\"ping\",\"args\":true}", true);
}

/* Well-formed replies of each kind and what they point at. */
static void test_reply_valid(void **state)
{
	cJSON *msg = decode_ok("{\"id\":5,\"result\":{\"ok\":true}}");
	struct yg_reply rep;

	(void)state;
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_RESULT);
	assert_true(rep.has_id);
	assert_int_equal(rep.id, 5);
	assert_ptr_equal(rep.result, cJSON_GetObjectItem(msg, "result"));
	cJSON_Delete(msg);

	msg = decode_ok("{\"id\":6,\"error\":{\"code\":\"busy\",\"message\":\"稍后\"}}");
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_ERROR);
	assert_true(rep.has_id);
	assert_int_equal(rep.id, 6);
	assert_string_equal(rep.code, "busy");
	assert_string_equal(rep.message, "稍后");
	cJSON_Delete(msg);

	msg = decode_ok("{\"id\":null,\"error\":{\"code\":\"bad_json\",\"message\":\"\"}}");
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_ERROR);
	assert_false(rep.has_id);
	assert_string_equal(rep.code, "bad_json");
	cJSON_Delete(msg);

	msg = decode_ok("{\"stream\":\"m:1\",\"seq\":9,\"event\":\"item.open\",\"data\":{}}");
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_EVENT);
	assert_false(rep.has_id);
	assert_string_equal(rep.stream, "m:1");
	assert_int_equal(rep.seq, 9);
	assert_string_equal(rep.event, "item.open");
	assert_ptr_equal(rep.data, cJSON_GetObjectItem(msg, "data"));
	cJSON_Delete(msg);
}

/* Malformed results and errors are invalid. */
static void test_reply_invalid(void **state)
{
	static const char *const bad[] = {
		"{\"id\":1}",
		"{\"id\":1,\"result\":{},\"error\":{\"code\":\"busy\",\"message\":\"\"}}",
		"{\"id\":null,\"result\":{}}",
		"{\"id\":1,\"result\":[]}",
		"{\"id\":1,\"result\":null}",
		"{\"id\":1,\"result\":1}",
		"{\"id\":-1,\"result\":{}}",
		"{\"id\":1.5,\"result\":{}}",
		"{\"id\":\"1\",\"result\":{}}",
		"{\"id\":9007199254740992,\"result\":{}}",
		"{\"id\":\"1\",\"error\":{\"code\":\"busy\",\"message\":\"\"}}",
		"{\"id\":1,\"error\":\"busy\"}",
		"{\"id\":1,\"error\":null}",
		"{\"id\":1,\"error\":[\"busy\",\"x\"]}",
		"{\"id\":1,\"error\":{\"code\":\"busy\"}}",
		"{\"id\":1,\"error\":{\"message\":\"x\"}}",
		"{\"id\":1,\"error\":{\"code\":1,\"message\":\"x\"}}",
		"{\"id\":1,\"error\":{\"code\":\"busy\",\"message\":null}}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (reply_kind(bad[i]) != YG_MSG_INVALID)
			fail_msg("not invalid: %s", bad[i]);
}

/* Malformed events, and messages that are neither reply nor event. */
static void test_event_invalid(void **state)
{
	static const char *const bad[] = {
		"{}",
		"{\"result\":{}}",
		"{\"error\":{\"code\":\"busy\",\"message\":\"\"}}",
		"{\"seq\":1,\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":1,\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":1,\"event\":\"e\"}",
		"{\"stream\":1,\"seq\":1,\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":\"1\",\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":-1,\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":0.5,\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":9007199254740992,\"event\":\"e\",\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":1,\"event\":null,\"data\":{}}",
		"{\"stream\":\"s\",\"seq\":1,\"event\":\"e\",\"data\":[]}",
		"{\"stream\":\"s\",\"seq\":1,\"event\":\"e\",\"data\":null}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (reply_kind(bad[i]) != YG_MSG_INVALID)
			fail_msg("not invalid: %s", bad[i]);
}

/* Anything after the object, even another object, is refused. */
static void test_decode_trailing(void **state)
{
	static const char *const bad[] = {
		"{\"id\":1,\"op\":\"ping\"}{\"id\":2,\"op\":\"vote.cast\"}",
		"{\"id\":1,\"op\":\"ping\"} trailing",
		"{}x",
		"{} {}",
	};
	cJSON *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(strstr(decode_bad(bad[i], strlen(bad[i])), "after"));
	msg = decode_ok("{\"id\":1}  \r\n\t");
	cJSON_Delete(msg);
}

/* The escape \u0000 would cut a string short once decoded: refused wherever
 * it is, while an escaped backslash followed by "u0000" is plain text. */
static void test_decode_nul_escape(void **state)
{
	static const char *const bad[] = {
		"{\"id\":1,\"op\":\"ping\\u0000junk\"}",
		"{\"id\":1,\"op\":\"ping\",\"args\\u0000x\":{\"a\":1}}",
		"{\"a\":\"x\\\\\\u0000\"}",
	};
	cJSON *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(strstr(decode_bad(bad[i], strlen(bad[i])), "u0000"));
	msg = decode_ok("{\"a\":\"x\\\\u0000\",\"b\":\"\\u0001\"}");
	assert_string_equal(cJSON_GetObjectItem(msg, "a")->valuestring, "x\\u0000");
	cJSON_Delete(msg);
}

/* Ids and sequence numbers up to 2^53-1 survive encoding exactly, including
 * those a 15-digit rendering would round. */
static void test_build_exact_ids(void **state)
{
	static const uint64_t ids[] = {ID_MAX, 4503599627370499ull, 5000000000000009ull,
				       4503599627370496ull, 1};
	struct yg_reply rep;
	cJSON *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		msg = wire(envelope_result(ids[i], NULL));
		assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_RESULT);
		assert_int_equal(rep.id, ids[i]);
		cJSON_Delete(msg);
		msg = wire(envelope_event("public", ids[i], "x", NULL));
		assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_EVENT);
		assert_int_equal(rep.seq, ids[i]);
		cJSON_Delete(msg);
	}
}

/* A built request is on the wire exactly as documented and parses back. */
static void test_build_request(void **state)
{
	cJSON *args = cJSON_CreateObject(), *msg;
	struct yg_request req;
	const char *why;

	(void)state;
	expect_text(envelope_request(7, "ping", NULL), "{\"id\":7,\"op\":\"ping\",\"args\":{}}");
	cJSON_AddStringToObject(args, "title", "阳光");
	msg = wire(envelope_request(BIG_ID, "item:announce", args));
	assert_int_equal(envelope_parse_request(msg, &req, &why), YG_OK);
	assert_int_equal(req.id, BIG_ID);
	assert_string_equal(req.op, "item:announce");
	assert_string_equal(cJSON_GetObjectItem(req.args, "title")->valuestring, "阳光");
	cJSON_Delete(msg);
	msg = wire(envelope_request(0, "ping", NULL));
	assert_int_equal(envelope_parse_request(msg, &req, &why), YG_OK);
	assert_int_equal(req.id, 0);
	assert_null(req.args->child);
	cJSON_Delete(msg);
}

/* A built result parses back as a result with its id and contents. */
static void test_build_result(void **state)
{
	cJSON *res = cJSON_CreateObject(), *msg;
	struct yg_reply rep;

	(void)state;
	expect_text(envelope_result(3, NULL), "{\"id\":3,\"result\":{}}");
	cJSON_AddNumberToObject(res, "n", 42);
	msg = wire(envelope_result(BIG_ID, res));
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_RESULT);
	assert_int_equal(rep.id, BIG_ID);
	assert_int_equal(cJSON_GetObjectItem(rep.result, "n")->valuedouble, 42);
	cJSON_Delete(msg);
	msg = wire(envelope_result(0, NULL));
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_RESULT);
	assert_int_equal(rep.id, 0);
	assert_null(rep.result->child);
	cJSON_Delete(msg);
}

/* A built error of every code parses back, with or without an id. */
static void test_build_error(void **state)
{
	struct yg_reply rep;
	cJSON *msg;
	int e;

	(void)state;
	expect_text(envelope_error(false, 0, YG_ERR_BAD_JSON, "x"),
		    "{\"id\":null,\"error\":{\"code\":\"bad_json\",\"message\":\"x\"}}");
	expect_text(envelope_error(true, 4, YG_ERR_BUSY, "稍后"),
		    "{\"id\":4,\"error\":{\"code\":\"busy\",\"message\":\"稍后\"}}");
	for (e = 0; e < YG_ERR__COUNT; e++) {
		msg = wire(envelope_error(e % 2 == 0, (uint64_t)e * 1000, (enum yg_err)e, "why"));
		assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_ERROR);
		assert_int_equal(rep.has_id, e % 2 == 0);
		if (rep.has_id)
			assert_int_equal(rep.id, (uint64_t)e * 1000);
		assert_int_equal(yg_err_from_code(rep.code), e);
		assert_string_equal(rep.message, "why");
		cJSON_Delete(msg);
	}
	msg = wire(envelope_error(true, BIG_ID, YG_ERR__COUNT, ""));
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_ERROR);
	assert_int_equal(rep.id, BIG_ID);
	assert_string_equal(rep.code, "internal");
	cJSON_Delete(msg);
}

/* A built event parses back with its stream, sequence, name and data. */
static void test_build_event(void **state)
{
	cJSON *data = cJSON_CreateObject(), *msg;
	struct yg_reply rep;

	(void)state;
	expect_text(envelope_event("m:1", 3, "item.open", NULL),
		    "{\"stream\":\"m:1\",\"seq\":3,\"event\":\"item.open\",\"data\":{}}");
	cJSON_AddBoolToObject(data, "open", 1);
	msg = wire(envelope_event("meeting:阳光", BIG_ID, "vote.closed", data));
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_EVENT);
	assert_string_equal(rep.stream, "meeting:阳光");
	assert_int_equal(rep.seq, BIG_ID);
	assert_string_equal(rep.event, "vote.closed");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rep.data, "open")));
	cJSON_Delete(msg);
	msg = wire(envelope_event("s", 0, "e", NULL));
	assert_int_equal(envelope_parse_reply(msg, &rep), YG_MSG_EVENT);
	assert_int_equal(rep.seq, 0);
	assert_null(rep.data->child);
	cJSON_Delete(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_objects),
		cmocka_unit_test(test_decode_bad_utf8),
		cmocka_unit_test(test_decode_bad_json),
		cmocka_unit_test(test_decode_not_object),
		cmocka_unit_test(test_decode_length_bound),
		cmocka_unit_test(test_decode_trailing),
		cmocka_unit_test(test_decode_nul_escape),
		cmocka_unit_test(test_build_exact_ids),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_request_valid),
		cmocka_unit_test(test_request_missing),
		cmocka_unit_test(test_request_duplicate),
		cmocka_unit_test(test_request_duplicate_in_args),
		cmocka_unit_test(test_request_extra),
		cmocka_unit_test(test_request_bad_id),
		cmocka_unit_test(test_request_op_type),
		cmocka_unit_test(test_request_op_name),
		cmocka_unit_test(test_request_args_type),
		cmocka_unit_test(test_reply_valid),
		cmocka_unit_test(test_reply_invalid),
		cmocka_unit_test(test_event_invalid),
		cmocka_unit_test(test_build_request),
		cmocka_unit_test(test_build_result),
		cmocka_unit_test(test_build_error),
		cmocka_unit_test(test_build_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
