/* ygd killed with kill -9 in the middle of an item and started again on the
 * same port: while it is down a request fails at once (connection refused,
 * no hang); afterwards every terminal reconnects and logs in again, the
 * follower resumes from its last sequence number and receives exactly what
 * it missed, nothing accepted before the kill is lost, the log's hash chain
 * still verifies and the meeting carries on to its close. A statement whose
 * frame was written just before the kill is either wholly recorded or wholly
 * absent, and sending it again never makes a second one. A terminal whose
 * connection is dropped abruptly resumes without a gap. */
#include <errno.h>
#include <netinet/in.h>
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

#include <arpa/inet.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/auth.h"
#include "../../proto/envelope.h"
#include "../../proto/logchain.h"
#include "../support/fixture.h"

enum who { W_ADMIN, W_CHAIR, W_M1, W_M2, W_M3, W_M4, W__COUNT };

#define MAX_SEQ 512

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT];
static long long ids[W__COUNT], meeting, item_a, item_b;
static long long stated_seq[W__COUNT]; /* the seq each accepted statement was given */

/* The follower: a member's second terminal, following the meeting. */
static struct tclient fol;
static long long seen;                  /* the last sequence number it has */
static char fol_event[MAX_SEQ + 1][40]; /* what it received, by sequence number */

#define CALL(w, op, ...) tc_callf(&c[w], op, __VA_ARGS__)
#define ENTRY            "{\"meeting\":%lld,\"item\":%lld"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* A number SQL gives. */
#define sql_num(...) atoll(fx_sqlf(&env, __VA_ARGS__))

/* Log in terminal w on its (new) connection. */
static int login(enum who w)
{
	cJSON *r = tc_login(&c[w], keys[w], 1);
	int ok = tc_result(r) != NULL ? 0 : -1;

	cJSON_Delete(r);
	return ok;
}

/* People, two items on an announced meeting, everyone checked in, open. */
static int setup_meeting(void)
{
	static const char *const names[] = {"", "张书记", "甲", "乙", "丙", "丁"};
	static const char *const titles[] = {"防汛应急处置", "另一处置事项"};
	long long items[2];
	int w;

	fx_members(&c[W_ADMIN], keys, names, ids, W_CHAIR, W_M4);
	for (w = W_CHAIR; w < W__COUNT; w++)
		if (login(w) != 0)
			return -1;
	meeting = fx_open_meeting(&env, &c[W_ADMIN], &c[W_CHAIR], &c[W_M1], titles, 2, "",
				  &c[W_CHAIR], W_M4 - W_CHAIR + 1, items);
	item_a = items[0];
	item_b = items[1];
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_IGN); /* writing to a killed ygd must fail, not kill the test */
	fol.fd = -1;
	if (fx_start(&env, &ygd, NULL, keys, c, W__COUNT) != 0 ||
	    !tc_wait_db_ready(ygd.port, 20000) ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &c[W_ADMIN]) != 0)
		return -1;
	return setup_meeting();
}

static int group_teardown(void **state)
{
	(void)state;
	tc_close(&fol);
	return fx_stop(&env, &ygd, keys, c, W__COUNT);
}

/* ------------------------------------------------------------------ */
/* The follower's side. */

/* One event of the meeting's stream, numbered seq: the next one, or one
 * already had (a resume may deliver an event twice), which must then be the
 * same event. Anything later than the next is a gap. */
static void fol_take(long long seq, const char *event)
{
	if (seq < 1 || seq > MAX_SEQ)
		fail_msg("event %s with sequence number %lld", event, seq);
	if (seq <= seen) {
		if (strcmp(fol_event[seq], event) != 0)
			fail_msg("seq %lld came again as %s, first as %s", seq, event,
				 fol_event[seq]);
		return;
	}
	if (seq != seen + 1)
		fail_msg("gap: after seq %lld came %lld (%s)", seen, seq, event);
	snprintf(fol_event[seq], sizeof(fol_event[seq]), "%s", event);
	seen = seq;
}

/* A message on the follower's connection that is an event of the meeting. */
static void fol_take_msg(const cJSON *m)
{
	char stream[40];
	const cJSON *s = cJSON_GetObjectItem(m, "stream"), *ev = cJSON_GetObjectItem(m, "event");

	snprintf(stream, sizeof(stream), "meeting:%lld", meeting);
	if (!cJSON_IsString(s) || strcmp(s->valuestring, stream) != 0 || !cJSON_IsString(ev)) {
		char *text = cJSON_PrintUnformatted(m);

		fail_msg("unexpected message to the follower: %s", text);
	}
	fol_take((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "seq")), ev->valuestring);
}

/* Connect, log in and meeting.follow after `after`; the catch-up must hold
 * exactly the events after it, in order. Events arriving before the reply
 * are kept, not dropped. Returns how many events the catch-up held. */
static int fol_follow(long long after)
{
	char req[128];
	const cJSON *e;
	cJSON *r, *pending = cJSON_CreateArray(), *m;
	uint64_t got;
	long long head, expect = after + 1;
	int n = 0;

	assert_int_equal(tc_connect_hello(&fol, ygd.port), 0);
	r = tc_login(&fol, keys[W_M4], 1);
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	snprintf(req, sizeof(req),
		 "{\"id\":%llu,\"op\":\"meeting.follow\",\"args\":{\"meeting\":%lld,\"after\":%lld}"
		 "}",
		 (unsigned long long)fol.next_id, meeting, after);
	assert_int_equal(tc_send_json(&fol, req), 0);
	for (;;) {
		r = tc_recv(&fol, 10000);
		if (r == NULL)
			fail_msg("no reply to meeting.follow");
		if (envelope_uint(cJSON_GetObjectItem(r, "id"), &got) && got == fol.next_id)
			break;
		cJSON_AddItemToArray(pending, r);
	}
	fol.next_id++;
	if (tc_result(r) == NULL)
		fail_msg("meeting.follow: %s", tc_code(r));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "events")) {
		long long seq = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "seq"));

		if (seq != expect)
			fail_msg("catch-up after %lld: seq %lld where %lld was due", after, seq,
				 expect);
		expect++;
		n++;
		fol_take(seq, cJSON_GetStringValue(cJSON_GetObjectItem(e, "event")));
	}
	head = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "head"));
	assert_int_equal(head, expect - 1);
	cJSON_Delete(r);
	cJSON_ArrayForEach(m, pending) {
		fol_take_msg(m);
	}
	cJSON_Delete(pending);
	return n;
}

/* Read the follower's live events until it has seq upto. */
static void fol_watch(long long upto)
{
	cJSON *m;

	while (seen < upto) {
		m = tc_recv(&fol, 5000);
		if (m == NULL)
			fail_msg("no event after seq %lld (waiting for %lld)", seen, upto);
		fol_take_msg(m);
		cJSON_Delete(m);
	}
}

/* Nothing new arrives for a moment. An event it has may come again (the
 * notification of a commit made just before the follow can reach ygd after
 * the connection subscribed); it is dropped by sequence number. */
static void fol_quiet(void)
{
	long long before = seen, seq;
	cJSON *m;

	while ((m = tc_recv(&fol, 300)) != NULL) {
		seq = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "seq"));
		fol_take_msg(m);
		cJSON_Delete(m);
		if (seen != before)
			fail_msg("unexpected event %lld after %lld", seen, before);
		print_message("(seq %lld came again, live, after the catch-up)\n", seq);
	}
}

/* ------------------------------------------------------------------ */
/* What the server holds. */

/* The head of the log by meeting.state. */
static long long state_head(void)
{
	cJSON *r = CALL(W_CHAIR, "meeting.state", "{\"meeting\":%lld}", meeting);
	const cJSON *h = cJSON_GetObjectItem(cJSON_GetObjectItem(tc_result(r), "head"), "seq");
	long long seq;

	if (!cJSON_IsNumber(h))
		fail_msg("meeting.state: %s", tc_code(r));
	seq = (long long)h->valuedouble;
	cJSON_Delete(r);
	return seq;
}

/* What the exported log holds: its head, that it verifies, and per member
 * the number of statements on item a and the seq of the last. */
struct log_view {
	long long head;
	int statements[W__COUNT];
	long long seq[W__COUNT];
	char event[MAX_SEQ + 1][40];
};

static void read_log(struct log_view *v)
{
	cJSON *r = CALL(W_M2, "meeting.log", "{\"meeting\":%lld}", meeting), *body;
	const cJSON *e;
	char why[256];
	long long seq;
	long bad;
	int w;

	memset(v, 0, sizeof(*v));
	if (tc_result(r) == NULL)
		fail_msg("meeting.log: %s", tc_code(r));
	bad = logchain_verify(tc_result(r), why, sizeof(why));
	if (bad != -1)
		fail_msg("the log does not verify at entry %ld: %s", bad, why);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "entries")) {
		const cJSON *data;
		const char *event;

		seq = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "seq"));
		assert_int_equal(seq, v->head + 1);
		assert_true(seq <= MAX_SEQ);
		v->head = seq;
		body = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItem(e, "body")));
		event = cJSON_GetStringValue(cJSON_GetObjectItem(body, "event"));
		snprintf(v->event[seq], sizeof(v->event[seq]), "%s", event);
		data = cJSON_GetObjectItem(body, "data");
		if (strcmp(event, "agenda.statement") == 0 &&
		    (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(data, "item")) == item_a)
			for (w = W_CHAIR; w < W__COUNT; w++)
				if ((long long)cJSON_GetNumberValue(
					    cJSON_GetObjectItem(data, "member")) == ids[w]) {
					v->statements[w]++;
					v->seq[w] = seq;
				}
		cJSON_Delete(body);
	}
	cJSON_Delete(r);
}

/* The log, meeting.state and the statement table agree; every statement
 * accepted so far is in the log at the seq its reply gave. */
static void check_consistent(struct log_view *v)
{
	int w;

	read_log(v);
	assert_int_equal(state_head(), v->head);
	assert_int_equal(
		sql_num("SELECT max(seq) FROM meeting_log WHERE meeting_id = %lld", meeting),
		v->head);
	for (w = W_CHAIR; w < W__COUNT; w++) {
		assert_true(v->statements[w] <= 1);
		assert_int_equal(
			sql_num("SELECT count(*) FROM statement WHERE meeting_id = %lld AND "
				"item_id = %lld AND member_id = %lld",
				meeting, item_a, ids[w]),
			v->statements[w]);
		if (stated_seq[w] > 0) {
			assert_int_equal(v->statements[w], 1);
			assert_int_equal(v->seq[w], stated_seq[w]);
		}
	}
	assert_int_equal(sql_num("SELECT count(*) FROM statement WHERE meeting_id = %lld", meeting),
			 sql_num("SELECT count(*) FROM meeting_log WHERE meeting_id = %lld AND "
				 "body::jsonb->>'event' = 'agenda.statement'",
				 meeting));
}

/* The follower has exactly the log, event for event. */
static void check_follower_has_log(const struct log_view *v)
{
	long long s;

	assert_int_equal(seen, v->head);
	for (s = 1; s <= v->head; s++)
		if (strcmp(fol_event[s], v->event[s]) != 0)
			fail_msg("seq %lld: the follower has %s, the log %s", s, fol_event[s],
				 v->event[s]);
}

/* ------------------------------------------------------------------ */
/* Crash and recovery. */

/* A TCP connect to the port: its errno (0 if it connected). */
static int connect_errno(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), err = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		err = errno;
	close(fd);
	return err;
}

/* kill -9, then: new connections are refused at once, a request on a
 * connection made before fails at once (no hang). */
static void crash(void)
{
	struct tclient t;
	double t0;
	cJSON *r;

	assert_true(ygd_alive(&ygd));
	assert_int_equal(ygd_kill(&ygd), 0);
	t0 = now_ms();
	assert_int_equal(connect_errno(ygd.port), ECONNREFUSED);
	assert_int_equal(tc_connect(&t, ygd.port), -1);
	r = CALL(W_M3, "meeting.state", "{\"meeting\":%lld}", meeting);
	assert_null(r);
	r = CALL(W_M3, "ping", "{}"); /* a second write on the dead connection */
	assert_null(r);
	if (now_ms() - t0 > 2000)
		fail_msg("requests to a dead ygd took %.0f ms to fail", now_ms() - t0);
}

/* Start ygd again on its port; every terminal reconnects and logs in. The
 * follower stays away (the caller brings it back). */
static void restart(void)
{
	int w;

	tc_close(&fol);
	assert_int_equal(ygd_restart(&env, &ygd, NULL), 0);
	assert_true(tc_wait_db_ready(ygd.port, 20000));
	for (w = 0; w < W__COUNT; w++) {
		tc_close(&c[w]);
		assert_int_equal(tc_connect_hello(&c[w], ygd.port), 0);
		assert_int_equal(login(w), 0);
	}
}

/* A statement on item a by w: ok, and the seq it was given. */
static void speak(enum who w, const char *position, const char *body)
{
	cJSON *r = CALL(w, "agenda.speak", ENTRY ",\"position\":\"%s\",\"body\":\"%s\"}", meeting,
			item_a, position, body);

	stated_seq[w] = tc_num(r, "seq");
	assert_true(stated_seq[w] > 0);
}

/* The refusal code and a part of its message. */
static void expect_refusal(cJSON *r, const char *code, const char *part)
{
	const cJSON *msg = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message");

	if (tc_error_code(r) == NULL)
		fail_msg("expected %s, got %s", code, r == NULL ? "no reply" : "a result");
	assert_string_equal(tc_error_code(r), code);
	if (part != NULL && strstr(cJSON_GetStringValue(msg), part) == NULL)
		fail_msg("expected %s in: %s", part, cJSON_GetStringValue(msg));
	cJSON_Delete(r);
}

/* An item taken up, presented, two positions stated; the follower has it all. */
static void test_item_under_way(void **state)
{
	struct log_view v;

	(void)state;
	assert_int_equal(fol_follow(0), (int)state_head());
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_a)),
			    "ok");
	assert_string_equal(
		tc_code(CALL(W_M1, "agenda.present", ENTRY ",\"body\":\"汇报\"}", meeting, item_a)),
		"ok");
	speak(W_M2, "agree", "方案可行");
	speak(W_M3, "disagree", "风险评估不足");
	fol_watch(stated_seq[W_M3]);
	fol_quiet();
	check_consistent(&v);
	check_follower_has_log(&v);
	assert_string_equal(v.event[v.head - 1], "agenda.statement");
}

/* kill -9 mid-item; restart; the follower misses a statement made while it
 * is away and gets exactly that on resuming; nothing accepted is lost. */
static void test_kill_mid_item(void **state)
{
	long long last = seen, before_head = state_head();
	struct log_view v;
	cJSON *r;

	(void)state;
	crash();
	restart();
	/* Everything accepted before the kill is there, the chain intact. */
	check_consistent(&v);
	assert_int_equal(v.head, before_head);
	r = CALL(W_M1, "meeting.state", "{\"meeting\":%lld}", meeting);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(tc_result(r), "status")),
			    "open");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "present")),
			 5);
	cJSON_Delete(r);
	r = CALL(W_M1, "item.show", "{\"id\":%lld}", item_a);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(tc_result(r), "status")),
			    "scheduled");
	cJSON_Delete(r);
	/* The item is still open, presented, with its two statements. */
	expect_refusal(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_b), "conflict",
		       "another item");
	expect_refusal(CALL(W_M1, "agenda.present", ENTRY "}", meeting, item_a), "conflict",
		       "already_presented");
	expect_refusal(CALL(W_M2, "agenda.speak",
			    ENTRY ",\"position\":\"agree\",\"body\":\"再说\"}", meeting, item_a),
		       "conflict", "already_spoke");
	expect_refusal(CALL(W_M3, "agenda.pass", ENTRY "}", meeting, item_a), "conflict",
		       "already_spoke");
	expect_refusal(CALL(W_CHAIR, "agenda.speak",
			    ENTRY ",\"position\":\"agree\",\"body\":\"同意\"}", meeting, item_a),
		       "conflict", "chair_not_last");
	/* While the follower is away, 丁 states a position. */
	speak(W_M4, "agree", "同意");
	assert_int_equal(stated_seq[W_M4], last + 1);
	assert_int_equal(fol_follow(last), 1);
	assert_string_equal(fol_event[last + 1], "agenda.statement");
	fol_quiet();
	check_consistent(&v);
	check_follower_has_log(&v);
}

/* A statement written to ygd just before kill -9: after the restart it is
 * wholly there or wholly absent, and saying it again never doubles it. */
static void test_kill_in_flight(void **state)
{
	long long last = seen, head_before = state_head();
	struct log_view v;
	char req[256];
	cJSON *r;
	int had;

	(void)state;
	snprintf(req, sizeof(req),
		 "{\"id\":%llu,\"op\":\"agenda.speak\",\"args\":{\"meeting\":%lld,\"item\":%lld,"
		 "\"position\":\"agree\",\"body\":\"建议通过\"}}",
		 (unsigned long long)c[W_M1].next_id++, meeting, item_a);
	assert_int_equal(tc_send_json(&c[W_M1], req), 0);
	crash();
	restart();
	check_consistent(&v);
	had = v.statements[W_M1];
	assert_int_equal(v.head, head_before + had); /* nothing else, nothing half */
	if (had == 1)
		assert_string_equal(v.event[v.head], "agenda.statement");
	print_message("the statement sent at the kill was %s\n", had ? "recorded" : "not recorded");
	/* The follower catches up on whatever there was. */
	assert_int_equal(fol_follow(last), had);
	/* Saying it again. */
	r = CALL(W_M1, "agenda.speak", ENTRY ",\"position\":\"agree\",\"body\":\"建议通过\"}",
		 meeting, item_a);
	if (had)
		expect_refusal(r, "conflict", "already_spoke");
	else
		assert_string_equal(tc_code(r), "ok");
	read_log(&v);
	assert_int_equal(v.statements[W_M1], 1);
	stated_seq[W_M1] = v.seq[W_M1];
	fol_watch(v.head);
	fol_quiet();
	check_consistent(&v);
	check_follower_has_log(&v);
}

/* A terminal dropped without a word, with events unread in its socket and
 * more happening while it is gone: on resuming it misses none. */
static void test_terminal_dropped(void **state)
{
	long long last, head, request;
	struct log_view v;

	(void)state;
	fol_quiet();
	last = seen;
	/* Two events it is sent but never reads. */
	assert_string_equal(tc_code(CALL(W_M2, "meeting.check_out", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_M2, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	sleep_ms(100);
	tc_close(&fol);
	/* Two while it is gone. */
	assert_string_equal(tc_code(CALL(W_M3, "meeting.check_out", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_M3, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	head = state_head();
	assert_int_equal(head, last + 4);
	assert_int_equal(fol_follow(last), 4);
	assert_string_equal(fol_event[last + 1], "attendance.out");
	assert_string_equal(fol_event[last + 4], "attendance.in");
	/* Dropped again, this time in the middle of following live. */
	request = tc_num(CALL(W_M4, "floor.request", "{\"meeting\":%lld}", meeting), "request");
	assert_true(request > 0);
	fol_watch(head + 1);
	last = seen;
	assert_string_equal(tc_code(CALL(W_CHAIR, "floor.grant",
					 "{\"meeting\":%lld,\"request\":%lld}", meeting, request)),
			    "ok");
	tc_close(&fol);
	assert_int_equal(fol_follow(last), 1);
	fol_quiet();
	check_consistent(&v);
	check_follower_has_log(&v);
}

/* The meeting carries on to its close, the follower hearing it all live. */
static void test_carry_on(void **state)
{
	const cJSON *item;
	struct log_view v;
	cJSON *r, *m;
	int n = 0;

	(void)state;
	speak(W_CHAIR, "agree", "同意，抓紧落实");
	fol_watch(stated_seq[W_CHAIR]);
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.close", ENTRY "}", meeting, item_a)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_b)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.defer", ENTRY ",\"reason\":\"下次再议\"}",
					 meeting, item_b)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "meeting.close", "{\"meeting\":%lld}", meeting)),
			    "ok");
	fol_watch(state_head());
	fol_quiet();
	check_consistent(&v);
	check_follower_has_log(&v);
	assert_string_equal(v.event[v.head], "meeting.closed");
	/* The minutes, built from the log, have all five statements on item a. */
	r = CALL(W_M2, "minutes.get", "{\"meeting\":%lld}", meeting);
	m = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItem(tc_result(r), "body")));
	assert_non_null(m);
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(m, "items")) {
		if ((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(item, "item")) != item_a)
			continue;
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(item, "outcome")),
				    "discussed");
		n += cJSON_GetArraySize(cJSON_GetObjectItem(item, "statements"));
	}
	assert_int_equal(n, 5);
	cJSON_Delete(m);
	cJSON_Delete(r);
	tc_close(&fol);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item_under_way), cmocka_unit_test(test_kill_mid_item),
		cmocka_unit_test(test_kill_in_flight), cmocka_unit_test(test_terminal_dropped),
		cmocka_unit_test(test_carry_on),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
