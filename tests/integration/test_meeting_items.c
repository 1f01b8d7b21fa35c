/* The items of a meeting in progress, over the raw protocol: one item at a
 * time, the member in charge presenting first, recusal, the presiding
 * chair speaking last (末位表态), closing only when everyone has spoken,
 * contested items that can only be deferred, cadre items with their
 * stricter quorum and a position per candidate hidden from observers, and
 * the chair handing over the presiding of an item they must recuse from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/auth.h"
#include "../../proto/correction.h"
#include "../../proto/minutes.h"
#include "../../proto/presiding.h"
#include "../../proto/record.h"
#include "../../client/tui/tui_model.h"
#include "../support/fixture.h"

/* W_VICE: a 副书记 holding the chair role who does not preside. */
enum who { W_ADMIN, W_CHAIR, W_M1, W_M2, W_M3, W_M4, W_CLERK, W_OBS, W_VICE, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT];
static long long ids[W__COUNT], meeting, item_a, item_b, item_c;

#define CALL(w, op, ...) tc_callf(&c[w], op, __VA_ARGS__)

/* An announced item of category cat proposed by M1 (candidates: a JSON
 * array for one seat, or NULL); its window is closed by the caller. */
static long long make_item(long long entry, const char *title, const char *cat,
			   const char *candidates)
{
	char more[512] = "";

	if (candidates != NULL)
		snprintf(more, sizeof(more), ",\"candidates\":%s,\"seats\":1", candidates);
	return fx_item(&c[W_M1], entry, title, cat, more);
}

/* People, three items on one announced meeting, everyone checked in. */
static int setup_meeting(void)
{
	static const char *const names[] = {"", "张书记", "甲", "乙", "丙", "丁"};
	static const char *const categories[] = {"incident", "cadre", NULL};
	long long e_incident, e_cadre, obs, items[3];
	int w;

	fx_members(&c[W_ADMIN], keys, names, ids, W_CHAIR, W_M4);
	ids[W_CLERK] = fx_member(&c[W_ADMIN], keys[W_CLERK], "钱记录", "[\"clerk\"]");
	ids[W_VICE] = fx_member(&c[W_ADMIN], keys[W_VICE], "周副书记", "[\"chair\"]");
	obs = fx_observer(&c[W_OBS], keys[W_OBS], "李代表", "party_rep", &c[W_ADMIN]);
	for (w = W_CHAIR; w < W__COUNT; w++)
		cJSON_Delete(tc_login(&c[w], keys[w], 1));
	fx_categories(&c[W_ADMIN], categories);
	e_incident = fx_power(&c[W_ADMIN], "incident", "处置");
	e_cadre = fx_power(&c[W_ADMIN], "cadre", "任免");
	item_a = items[0] = make_item(e_incident, "防汛应急处置", "incident", NULL);
	item_b = items[1] = make_item(e_incident, "另一处置事项", "incident", NULL);
	item_c = items[2] =
		make_item(e_cadre, "副局长人选", "cadre", "[\"候选人甲\",\"候选人乙\"]");
	fx_windows_over(&env);
	meeting = fx_meeting(&c[W_CHAIR], items, 3, obs);
	/* A member's formal objection after scheduling: item b is contested. */
	tc_code(CALL(W_M3, "item.object", "{\"id\":%lld,\"reason\":\"论证不足\"}", item_b));
	for (w = W_CHAIR; w < W__COUNT; w++)
		if (w != W_CLERK && w != W_VICE)
			fx_check_in(&c[w], meeting);
	fx_meeting_open(&env, &c[W_CHAIR], meeting);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	if (fx_start(&env, &ygd, NULL, keys, c, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &c[W_ADMIN]) != 0)
		return -1;
	return setup_meeting();
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, keys, c, W__COUNT);
}

#define ENTRY "{\"meeting\":%lld,\"item\":%lld"

/* The refusal code and the verdict named in its message. */
static void expect_refusal(cJSON *r, const char *code, const char *verdict)
{
	const cJSON *msg = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message");

	assert_non_null(tc_error_code(r));
	assert_string_equal(tc_error_code(r), code);
	if (verdict != NULL && strstr(msg->valuestring, verdict) == NULL)
		fail_msg("expected %s in: %s", verdict, msg->valuestring);
	cJSON_Delete(r);
}

/* An ordinary item, in the order the rules set. */
static void test_order_of_speaking(void **state)
{
	(void)state;
	assert_string_equal(tc_code(CALL(W_M1, "agenda.open", ENTRY "}", meeting, item_a)),
			    "forbidden");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_a)),
			    "ok");
	expect_refusal(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_b), "conflict",
		       "another item");
	expect_refusal(CALL(W_M2, "agenda.speak",
			    ENTRY ",\"position\":\"agree\",\"body\":\"同意\"}", meeting, item_a),
		       "conflict", "not_presented");
	expect_refusal(CALL(W_M2, "agenda.present", ENTRY "}", meeting, item_a), "conflict",
		       "not_presenter");
	assert_string_equal(
		tc_code(CALL(W_M1, "agenda.present", ENTRY ",\"body\":\"汇报\"}", meeting, item_a)),
		"ok");
	expect_refusal(CALL(W_M1, "agenda.present", ENTRY "}", meeting, item_a), "conflict",
		       "already_presented");
	expect_refusal(CALL(W_CHAIR, "agenda.speak",
			    ENTRY ",\"position\":\"agree\",\"body\":\"同意\"}", meeting, item_a),
		       "conflict", "chair_not_last");
	assert_string_equal(tc_code(CALL(W_M2, "agenda.recuse", ENTRY ",\"reason\":\"亲属关系\"}",
					 meeting, item_a)),
			    "ok");
	expect_refusal(CALL(W_M2, "agenda.speak", ENTRY ",\"position\":\"agree\",\"body\":\"x\"}",
			    meeting, item_a),
		       "conflict", "recused");
	assert_string_equal(tc_code(CALL(W_M3, "agenda.speak",
					 ENTRY ",\"position\":\"agree\",\"body\":\"方案可行\"}",
					 meeting, item_a)),
			    "ok");
	expect_refusal(CALL(W_M3, "agenda.speak",
			    ENTRY ",\"position\":\"disagree\",\"body\":\"改主意\"}", meeting,
			    item_a),
		       "conflict", "already_spoke");
	assert_string_equal(
		tc_code(CALL(W_M3, "agenda.speak", ENTRY ",\"position\":\"maybe\",\"body\":\"x\"}",
			     meeting, item_a)),
		"bad_request");
	assert_string_equal(tc_code(CALL(W_M4, "agenda.pass", ENTRY "}", meeting, item_a)), "ok");
	expect_refusal(CALL(W_CHAIR, "agenda.close", ENTRY "}", meeting, item_a), "conflict",
		       "yet to state");
	assert_string_equal(tc_code(CALL(W_M1, "agenda.speak",
					 ENTRY ",\"position\":\"agree\",\"body\":\"建议通过\"}",
					 meeting, item_a)),
			    "ok");
	expect_refusal(CALL(W_CHAIR, "agenda.close", ENTRY "}", meeting, item_a), "conflict",
		       "presiding chair");
	/* An observer asks for the floor; whoever presides grants it. */
	assert_int_equal(
		tc_num(CALL(W_OBS, "floor.request", "{\"meeting\":%lld}", meeting), "request"), 1);
	assert_string_equal(
		tc_code(CALL(W_M3, "floor.grant", "{\"meeting\":%lld,\"request\":1}", meeting)),
		"forbidden");
	assert_string_equal(
		tc_code(CALL(W_CHAIR, "floor.grant", "{\"meeting\":%lld,\"request\":1}", meeting)),
		"ok");
	assert_string_equal(
		tc_code(CALL(W_CHAIR, "agenda.speak",
			     ENTRY ",\"position\":\"agree\",\"body\":\"同意\"}", meeting, item_a)),
		"ok");
	assert_string_equal(tc_code(CALL(W_M3, "agenda.close", ENTRY "}", meeting, item_a)),
			    "forbidden");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.close", ENTRY "}", meeting, item_a)),
			    "ok");
}

/* A contested item may only be deferred. */
static void test_contested_deferred(void **state)
{
	cJSON *r;

	(void)state;
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_b)),
			    "ok");
	expect_refusal(CALL(W_CHAIR, "agenda.close", ENTRY "}", meeting, item_b), "conflict",
		       "contested");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.defer", ENTRY "}", meeting, item_b)),
			    "bad_request");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.defer",
					 ENTRY ",\"reason\":\"需重新论证\"}", meeting, item_b)),
			    "ok");
	r = CALL(W_M2, "item.show", "{\"id\":%lld}", item_b);
	assert_string_equal(cJSON_GetObjectItem(tc_result(r), "status")->valuestring, "announced");
	cJSON_Delete(r);
}

/* A cadre item: two thirds present, a position per candidate, no passing,
 * nothing shown to observers; the chair recuses and hands over. */
static void test_cadre_item(void **state)
{
	const cJSON *e;
	cJSON *r;
	int w, cand;

	(void)state;
	tc_code(CALL(W_M3, "meeting.check_out", "{\"meeting\":%lld}", meeting));
	tc_code(CALL(W_M4, "meeting.check_out", "{\"meeting\":%lld}", meeting));
	expect_refusal(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_c), "conflict",
		       "3 of 5 present, 4 needed");
	tc_code(CALL(W_M3, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_c)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_M1, "agenda.present", ENTRY "}", meeting, item_c)),
			    "ok");
	expect_refusal(CALL(W_M2, "agenda.pass", ENTRY ",\"candidate\":0}", meeting, item_c),
		       "conflict", "pass_not_allowed");
	expect_refusal(CALL(W_M2, "agenda.speak",
			    ENTRY ",\"position\":\"agree\",\"body\":\"x\",\"candidate\":2}",
			    meeting, item_c),
		       "conflict", "bad_candidate");
	/* The chair is related to a candidate: recuses and hands over to 丙. */
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.recuse",
					 ENTRY ",\"reason\":\"候选人系亲属\"}", meeting, item_c)),
			    "ok");
	expect_refusal(CALL(W_CHAIR, "agenda.preside", ENTRY ",\"member\":%lld}", meeting, item_c,
			    ids[W_M4]),
		       "conflict", "not present");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.preside", ENTRY ",\"member\":%lld}",
					 meeting, item_c, ids[W_M3])),
			    "ok");
	for (cand = 0; cand < 2; cand++)
		for (w = W_M1; w <= W_M3; w++)
			assert_string_equal(
				tc_code(CALL(
					w, "agenda.speak",
					ENTRY
					",\"position\":\"%s\",\"body\":\"意见\",\"candidate\":%d}",
					meeting, item_c, cand == 0 ? "agree" : "disagree", cand)),
				"ok");
	expect_refusal(CALL(W_CHAIR, "agenda.speak",
			    ENTRY ",\"position\":\"agree\",\"body\":\"x\",\"candidate\":0}",
			    meeting, item_c),
		       "conflict", "recused");
	assert_string_equal(tc_code(CALL(W_M3, "agenda.close", ENTRY "}", meeting, item_c)), "ok");
	/* The observer's view of the meeting has nothing of the cadre item. */
	r = CALL(W_OBS, "meeting.follow", "{\"meeting\":%lld}", meeting);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "events")) {
		const cJSON *item = cJSON_GetObjectItem(cJSON_GetObjectItem(e, "data"), "item");

		if (cJSON_IsNumber(item) && (long long)item->valuedouble == item_c)
			fail_msg("observer sees %s", cJSON_GetObjectItem(e, "event")->valuestring);
	}
	cJSON_Delete(r);
	expect_refusal(CALL(W_OBS, "agenda.speak", ENTRY ",\"position\":\"agree\",\"body\":\"x\"}",
			    meeting, item_c),
		       "forbidden", NULL);
}

/* Sign the minutes body as role with w's key; the reply code. */
static const char *sign_minutes(enum who w, const char *role, const char *body, bool forge)
{
	unsigned char msg[MINUTES_MSG_LEN], sig[SIG_LEN];
	char text[SIG_TEXT_LEN + 1];
	size_t len = minutes_message((uint64_t)meeting, body, msg);

	sig_sign(keys[w], msg, len, sig);
	sig[0] ^= forge ? 1 : 0;
	sig_to_text(sig, text);
	return tc_code(CALL(w, "minutes.sign",
			    "{\"meeting\":%lld,\"role\":\"%s\",\"signature\":\"%s\"}", meeting,
			    role, text));
}

/* The SQL text must fail with expect in its error: the database's own
 * check, without ygd's in front of it. */
static void sql_refused(const char *text, const char *expect)
{
	char out[4096];

	if (env_psql(&env, text, out, sizeof(out)) == 0 || strstr(out, expect) == NULL)
		fail_msg("%s: expected %s, got: %s", text, expect, out);
}

/* Call api.FN(caller of w allowed roles, ARGS) straight in the database. */
static void sql_call_refused(enum who w, const char *roles, const char *fn, const char *args,
			     const char *expect)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "SELECT api.%s(jsonb_build_object('kind', 'member', 'id', %lld, 'key', (SELECT id "
		 "FROM member_key WHERE member_id = %lld AND valid_until IS NULL), 'committee', "
		 "(SELECT committee_id FROM member WHERE id = %lld), 'allowed', '%s'::jsonb), %s)",
		 fn, ids[w], ids[w], ids[w], roles, args);
	sql_refused(text, expect);
}

/* presiding.succeed by w naming member for the meeting (item 0) or one
 * item, signed by w's key (forge: spoilt). */
static cJSON *name_successor_for(enum who w, long long item, long long member, const char *reason,
				 bool forge)
{
	unsigned char msg[SUCCESSION_MSG_LEN], sig[SIG_LEN];
	char text[SIG_TEXT_LEN + 1], item_arg[48] = "";
	size_t len = presiding_succession_message((uint64_t)meeting, (uint64_t)item,
						  (uint64_t)member, reason, msg);

	sig_sign(keys[w], msg, len, sig);
	sig[3] ^= forge ? 1 : 0;
	sig_to_text(sig, text);
	if (item > 0)
		snprintf(item_arg, sizeof(item_arg), ",\"item\":%lld", item);
	return CALL(w, "presiding.succeed",
		    "{\"meeting\":%lld%s,\"member\":%lld,\"reason\":\"%s\",\"signature\":\"%s\"}",
		    meeting, item_arg, member, reason, text);
}

static cJSON *name_successor(enum who w, long long member, const char *reason, bool forge)
{
	return name_successor_for(w, 0, member, reason, forge);
}

/* The minutes sign request of w as role; the whole reply. */
static cJSON *sign_minutes_reply(enum who w, const char *role, const char *body)
{
	unsigned char msg[MINUTES_MSG_LEN], sig[SIG_LEN];
	char text[SIG_TEXT_LEN + 1];
	size_t len = minutes_message((uint64_t)meeting, body, msg);

	sig_sign(keys[w], msg, len, sig);
	sig_to_text(sig, text);
	return CALL(w, "minutes.sign", "{\"meeting\":%lld,\"role\":\"%s\",\"signature\":\"%s\"}",
		    meeting, role, text);
}

/* Presiding authority (issue 18): a chair-role member who did not preside
 * is refused by ygd's rule and by the database's alone; a successor signs
 * only after a signed, logged succession, and then the chair who presided
 * no longer does. Leaves the minutes signed by the successor and the clerk. */
static void check_presiding_authority(const char *body)
{
	char args[512];

	expect_refusal(sign_minutes_reply(W_VICE, "chair", body), "forbidden", "not_presiding");
	snprintf(args, sizeof(args),
		 "jsonb_build_object('meeting', %lld, 'role', 'chair', 'key', 'k', 'signature', "
		 "'s')",
		 meeting);
	sql_call_refused(W_VICE, "[\"chair\"]", "minutes_sign", args,
			 "only the chair who presided over meeting");
	snprintf(args, sizeof(args),
		 "jsonb_build_object('meeting', %lld, 'role', 'clerk', 'key', 'k', 'signature', "
		 "'s')",
		 meeting);
	sql_call_refused(W_CHAIR, "[\"clerk\", \"chair\"]", "minutes_sign", args,
			 "only a clerk recorded for meeting");
	assert_string_equal(sign_minutes(W_CLERK, "clerk", body, false), "ok");
	/* Naming a successor: only an admin or the presiding chair, signed,
	 * another active chair-role member. */
	expect_refusal(name_successor(W_M1, ids[W_VICE], "出差", false), "forbidden", NULL);
	expect_refusal(name_successor(W_VICE, ids[W_VICE], "出差", false), "forbidden",
		       "not_presiding");
	expect_refusal(name_successor(W_CHAIR, ids[W_M2], "出差", false), "conflict",
		       "bad_successor");
	expect_refusal(name_successor(W_ADMIN, ids[W_VICE], "出差", true), "bad_request",
		       "signature");
	snprintf(
		args, sizeof(args),
		"jsonb_build_object('meeting', %lld, 'member', %lld, 'reason', '出差', 'key', 'k', "
		"'signature', 's')",
		meeting, ids[W_VICE]);
	sql_call_refused(W_VICE, "[\"chair\"]", "presiding_succeed", args,
			 "only an admin or the presiding chair");
	expect_refusal(sign_minutes_reply(W_VICE, "chair", body), "forbidden", "not_presiding");
	/* A successor for one item's review does not sign the minutes. */
	assert_string_equal(
		tc_code(name_successor_for(W_CHAIR, item_a, ids[W_VICE], "回避", false)), "ok");
	expect_refusal(sign_minutes_reply(W_VICE, "chair", body), "forbidden", "not_presiding");
	assert_string_equal(tc_code(name_successor(W_ADMIN, ids[W_VICE], "书记因公出差", false)),
			    "ok");
	expect_refusal(sign_minutes_reply(W_CHAIR, "chair", body), "forbidden", "not_presiding");
	assert_string_equal(tc_code(sign_minutes_reply(W_VICE, "chair", body)), "ok");
}

/* Sign correction text/reason of the minutes body with w's key (forge:
 * spoilt) into out. */
static void sign_correction(enum who w, const char *body, const char *text, const char *reason,
			    bool forge, char out[SIG_TEXT_LEN + 1])
{
	unsigned char msg[CORRECTION_MSG_LEN], sig[SIG_LEN];
	size_t len = correction_message((uint64_t)meeting, body, text, reason, msg);

	sig_sign(keys[w], msg, len, sig);
	sig[7] ^= forge ? 1 : 0;
	sig_to_text(sig, out);
}

static cJSON *propose(enum who w, const char *body, const char *text, const char *reason)
{
	char sig[SIG_TEXT_LEN + 1];

	sign_correction(w, body, text, reason, false, sig);
	return CALL(w, "minutes.correct",
		    "{\"meeting\":%lld,\"text\":\"%s\",\"reason\":\"%s\",\"signature\":\"%s\"}",
		    meeting, text, reason, sig);
}

static cJSON *countersign(enum who w, const char *body, int n, const char *text, const char *reason,
			  bool forge)
{
	char sig[SIG_TEXT_LEN + 1];

	sign_correction(w, body, text, reason, forge, sig);
	return CALL(w, "minutes.countersign",
		    "{\"meeting\":%lld,\"correction\":%d,\"signature\":\"%s\"}", meeting, n, sig);
}

#define FIX  "第二项议题的表态应为同意"
#define WHY  "记录笔误"
#define FIX2 "出席人数更正"
#define WHY2 "漏记"

/* Corrections (issue 18): appended, proposed by the recorded clerk and
 * co-signed by whoever holds the presiding authority (the successor here);
 * the minutes show them beside the original, and the record verifies both. */
static void check_corrections(const char *body)
{
	struct record_report rep;
	char args[512];
	cJSON *r;
	int i, found = 0;

	expect_refusal(propose(W_M1, body, FIX, WHY), "forbidden", NULL);
	expect_refusal(propose(W_VICE, body, FIX, WHY), "forbidden", NULL);
	snprintf(args, sizeof(args),
		 "jsonb_build_object('meeting', %lld, 'text', 'x', 'reason', 'y', 'key', 'k', "
		 "'signature', 's')",
		 meeting);
	sql_call_refused(W_VICE, "[\"clerk\", \"chair\"]", "minutes_correct", args,
			 "only a clerk recorded for meeting");
	assert_string_equal(tc_code(propose(W_CLERK, body, FIX, WHY)), "ok");
	expect_refusal(countersign(W_CHAIR, body, 1, FIX, WHY, false), "forbidden",
		       "not_presiding");
	snprintf(args, sizeof(args),
		 "jsonb_build_object('meeting', %lld, 'correction', 1, 'key', 'k', 'signature', "
		 "'s')",
		 meeting);
	sql_call_refused(W_CHAIR, "[\"chair\"]", "minutes_countersign", args,
			 "only the chair who presided over meeting");
	expect_refusal(countersign(W_VICE, body, 1, FIX, WHY, true), "bad_request", "signature");
	expect_refusal(countersign(W_VICE, body, 1, FIX, "别的理由", false), "bad_request",
		       "signature");
	expect_refusal(countersign(W_VICE, body, 2, FIX, WHY, false), "not_found", NULL);
	assert_string_equal(tc_code(countersign(W_VICE, body, 1, FIX, WHY, false)), "ok");
	expect_refusal(countersign(W_VICE, body, 1, FIX, WHY, false), "conflict", "already");
	assert_string_equal(tc_code(propose(W_CLERK, body, FIX2, WHY2)), "ok");
	r = CALL(W_M2, "minutes.get", "{\"meeting\":%lld}", meeting);
	assert_string_equal(cJSON_GetObjectItem(tc_result(r), "body")->valuestring, body);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "corrections")), 2);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(tc_result(r), "corrections"), 0),
		"in_force")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(tc_result(r), "corrections"), 1),
		"in_force")));
	cJSON_Delete(r);
	r = CALL(W_M3, "meeting.record", "{\"meeting\":%lld}", meeting);
	if (!record_verify(tc_result(r), &rep))
		for (i = 0; i < rep.nlines; i++)
			print_message("%s\n", rep.lines[i]);
	assert_true(rep.ok);
	for (i = 0; i < rep.nlines; i++)
		found += strstr(rep.lines[i], "ok: correction 1 (" WHY ") proposed by the clerk") !=
				 NULL ||
			 strstr(rep.lines[i],
				"ok: correction 1 co-signed by the chair (周副书记)") != NULL ||
			 strstr(rep.lines[i], "correction 2 is not co-signed") != NULL;
	assert_int_equal(found, 3);
	cJSON_Delete(r);
}

/* The minutes: built from the log at close, signed by chair and clerk, and
 * the whole record verifies offline; changed bytes are found. */
static void test_minutes_and_record(void **state)
{
	struct record_report rep;
	char *body;
	cJSON *r, *m;
	int i;

	(void)state;
	assert_string_equal(tc_code(CALL(W_M1, "minutes.get", "{\"meeting\":%lld}", meeting)),
			    "conflict");
	assert_string_equal(tc_code(CALL(W_CHAIR, "meeting.close", "{\"meeting\":%lld}", meeting)),
			    "ok");
	r = CALL(W_M2, "minutes.get", "{\"meeting\":%lld}", meeting);
	body = strdup(cJSON_GetObjectItem(tc_result(r), "body")->valuestring);
	cJSON_Delete(r);
	m = cJSON_Parse(body);
	assert_string_equal(cJSON_GetObjectItem(m, "chair")->valuestring, "张书记");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "items")), 3);
	assert_int_equal(
		cJSON_GetArraySize(cJSON_GetObjectItem(
			cJSON_GetArrayItem(cJSON_GetObjectItem(m, "items"), 0), "statements")),
		4);
	cJSON_Delete(m);
	assert_string_equal(sign_minutes(W_CHAIR, "chair", body, true), "bad_request");
	assert_string_equal(sign_minutes(W_M1, "chair", body, false), "forbidden");
	assert_string_equal(sign_minutes(W_CHAIR, "clerk", body, false), "forbidden");
	r = CALL(W_M3, "meeting.record", "{\"meeting\":%lld}", meeting);
	assert_false(record_verify(tc_result(r), &rep)); /* nobody has signed yet */
	cJSON_Delete(r);
	check_presiding_authority(body);
	assert_string_equal(sign_minutes(W_VICE, "chair", body, false), "conflict");
	r = CALL(W_M3, "meeting.record", "{\"meeting\":%lld}", meeting);
	if (!record_verify(tc_result(r), &rep))
		for (i = 0; i < rep.nlines; i++)
			print_message("%s\n", rep.lines[i]);
	assert_true(rep.ok);
	for (i = 0; i < rep.nlines && strstr(rep.lines[i], "succession: 周副书记") == NULL; i++)
		;
	assert_true(i < rep.nlines);
	cJSON_Delete(r);
	check_corrections(body);
	/* A changed byte in the minutes as stored is found. */
	fx_sql(&env,
	       "SET session_replication_role = replica; UPDATE minutes SET body = replace(body, "
	       "'同意', '反对')");
	r = CALL(W_M3, "meeting.record", "{\"meeting\":%lld}", meeting);
	assert_false(record_verify(tc_result(r), &rep));
	assert_non_null(strstr(rep.lines[1], "differ from what the log records"));
	cJSON_Delete(r);
	free(body);
}

/* The chair's and the members' screens, as yg tui builds them (meeting.state,
 * rules.get, meeting.follow), for the meeting m2. */
static void screen_model(struct tm_meeting *m, long long m2)
{
	cJSON *r = CALL(W_CHAIR, "meeting.state", "{\"meeting\":%lld}", m2);
	const cJSON *e;

	tm_init(m, m2);
	tm_apply_state(m, tc_result(r));
	cJSON_Delete(r);
	r = CALL(W_CHAIR, "rules.get", "{}");
	tm_apply_rules(m, tc_result(r));
	cJSON_Delete(r);
	r = CALL(W_CHAIR, "meeting.follow", "{\"meeting\":%lld,\"after\":0}", m2);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "events")) {
		tm_apply(m, (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "seq")),
			 cJSON_GetStringValue(cJSON_GetObjectItem(e, "event")),
			 cJSON_GetObjectItem(e, "data"));
	}
	cJSON_Delete(r);
}

/* Speak on item, round after round, until nobody may: in each round every
 * member the screen does not offer "state" to is refused by the server,
 * and the first one it offers it to is accepted. The number of
 * statements taken. */
static int speak_as_screens_offer(long long m2, long long item)
{
	static const enum who order[] = {W_CHAIR, W_M1, W_M2, W_M3, W_M4};
	struct tm_meeting *m = calloc(1, sizeof(*m));
	int taken = 0, i, offered;

	do {
		screen_model(m, m2);
		offered = -1;
		for (i = 0; i < 5; i++) {
			enum speak_verdict v =
				tm_speak_verdict(m, tm_item_c(m, item), ids[order[i]], SPEAK_STATE);

			if (v == SPEAK_OK) {
				if (offered < 0)
					offered = i;
				continue;
			}
			expect_refusal(CALL(order[i], "agenda.speak",
					    ENTRY ",\"position\":\"agree\",\"body\":\"x\"}", m2,
					    item),
				       "conflict", speak_verdict_code(v));
		}
		if (offered >= 0) {
			assert_string_equal(
				tc_code(CALL(order[offered], "agenda.speak",
					     ENTRY ",\"position\":\"agree\",\"body\":\"同意\"}", m2,
					     item)),
				"ok");
			taken++;
		}
	} while (offered >= 0);
	free(m);
	return taken;
}

/* A meeting of two items where 乙 recuses from both: with recuse_discussion
 * off the recused member speaks and the chair waits for them; with it on
 * they may not, and the chair does not wait. What the screens offer is
 * exactly what the server takes (the TUI judges by rules/, as ygd does). */
static void test_screens_offer_what_server_takes(void **state)
{
	long long e, d1, d2, m2;
	int w;

	(void)state;
	e = fx_power(&c[W_ADMIN], "incident", "处置二");
	d1 = make_item(e, "回避者参加讨论", "incident", NULL);
	d2 = make_item(e, "回避者不参加讨论", "incident", NULL);
	fx_windows_over(&env);
	m2 = tc_num(CALL(W_CHAIR, "meeting.create",
			 "{\"title\":\"第二次常委会\",\"place\":\"会议室\","
			 "\"starts_at\":\"2099-07-01T09:00:00+08:00\"}"),
		    "id");
	assert_string_equal(tc_code(CALL(W_CHAIR, "meeting.add_item",
					 "{\"meeting\":%lld,\"item\":%lld}", m2, d1)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "meeting.add_item",
					 "{\"meeting\":%lld,\"item\":%lld}", m2, d2)),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "meeting.announce", "{\"id\":%lld}", m2)), "ok");
	for (w = W_CHAIR; w <= W_M4; w++)
		assert_string_equal(tc_code(CALL(w, "meeting.check_in", "{\"meeting\":%lld}", m2)),
				    "ok");
	fx_meeting_open(&env, &c[W_CHAIR], m2);

	assert_string_equal(tc_code(CALL(W_ADMIN, "rules.set",
					 "{\"name\":\"recuse_discussion\",\"value\":false}")),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", m2, d1)), "ok");
	assert_string_equal(tc_code(CALL(W_M1, "agenda.present", ENTRY "}", m2, d1)), "ok");
	assert_string_equal(
		tc_code(CALL(W_M2, "agenda.recuse", ENTRY ",\"reason\":\"亲属\"}", m2, d1)), "ok");
	/* everyone, the recused 乙 included, then the chair */
	assert_int_equal(speak_as_screens_offer(m2, d1), 5);
	assert_string_equal(
		tc_code(CALL(W_CHAIR, "agenda.defer", ENTRY ",\"reason\":\"再议\"}", m2, d1)),
		"ok");

	assert_string_equal(tc_code(CALL(W_ADMIN, "rules.set",
					 "{\"name\":\"recuse_discussion\",\"value\":true}")),
			    "ok");
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", m2, d2)), "ok");
	assert_string_equal(tc_code(CALL(W_M1, "agenda.present", ENTRY "}", m2, d2)), "ok");
	assert_string_equal(
		tc_code(CALL(W_M2, "agenda.recuse", ENTRY ",\"reason\":\"亲属\"}", m2, d2)), "ok");
	/* everyone but 乙 */
	assert_int_equal(speak_as_screens_offer(m2, d2), 4);
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.close", ENTRY "}", m2, d2)), "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_of_speaking),
		cmocka_unit_test(test_contested_deferred),
		cmocka_unit_test(test_cadre_item),
		cmocka_unit_test(test_minutes_and_record),
		cmocka_unit_test(test_screens_offer_what_server_takes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
