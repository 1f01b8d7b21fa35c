/* A body of 300 (issue 23, "events that fit any body"): 300 members and the
 * chair, a cadre item of 50 candidates for 30 seats. The meeting is
 * announced with its roster of 301, every member checks in and states a
 * position on every candidate (15,000 statements, written through the
 * database's entry points as ygd would write them, to keep the test short),
 * the chair states last on all 50 through ygd (the speaking rules with 50
 * candidates) and closes the discussion through ygd. A member's terminal
 * following the meeting receives every entry, in order, none missing, each
 * as the log holds it. The vote itself at this size is not part of this
 * test (see README). */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/sig.h"
#include "../support/fixture.h"
#include "../support/harness.h"
#include "../support/tclient.h"

#define MEMBERS    300
#define CANDIDATES 50
#define SEATS      30

enum who { W_ADMIN, W_CHAIR, W_FOLLOWER, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT], watch; /* watch: the follower's second terminal */
static long long ids[W__COUNT], meeting, item;
static const long long committee = 1;

#define CALL(w, op, ...) tc_callf(&c[w], op, __VA_ARGS__)

/* SQL as the database owner: the first line of its output. */
#define su(...) fx_sqlf(&env, __VA_ARGS__)

static void ok(cJSON *r)
{
	if (tc_error_code(r) != NULL)
		fail_msg("refused: %s", cJSON_PrintUnformatted(r));
	cJSON_Delete(r);
}

/* The caller JSON ygd passes for member id, as SQL. */
#define SQL_CALLER(id_expr)                                                                        \
	"jsonb_build_object('kind', 'member', 'id', " id_expr ", 'key', (SELECT k.id FROM "        \
	"member_key k WHERE k.member_id = " id_expr " AND k.valid_until IS NULL), 'allowed', "     \
	"'[\"member\", \"chair\", \"admin\"]'::jsonb)"

/* The signed request ygd would store with the entry (PROTOCOL.md §7a), as
 * SQL run before each entry point: the database checks its key and nonce,
 * not its signature (terminals and yg verify do), and this test follows no
 * entry through a checking terminal. */
#define SQL_REQUEST(id_expr)                                                                       \
	"PERFORM set_config('yg.request', jsonb_build_object('key', (SELECT k.public_key FROM "    \
	"member_key k WHERE k.member_id = " id_expr                                                \
	" AND k.valid_until IS NULL), 'committee', 1, "                                            \
	"'nonce', gen_random_uuid()::text)::text, true); "

static int group_setup(void **state)
{
	char pub[52], out[4096], cands[4096];
	size_t used = 0;
	long long entry;
	int w, i;

	(void)state;
	if (env_setup(&env) != 0 || ygd_start(&env, &ygd, NULL) != 0)
		return -1;
	for (w = 0; w < W__COUNT; w++) {
		keys[w] = sig_keygen();
		if (tc_connect_hello(&c[w], ygd.port) != 0)
			return -1;
	}
	if (run_cmd(out, sizeof(out), "%s/ygd --db '%s' bootstrap C '王明' %s", env.build,
		    env.conninfo, tc_pub_text(keys[W_ADMIN], pub)) != 0)
		return -1;
	cJSON_Delete(tc_login(&c[W_ADMIN], keys[W_ADMIN], committee));
	ids[W_ADMIN] = atoll(su("SELECT min(id) FROM member"));
	ids[W_CHAIR] =
		tc_num(CALL(W_ADMIN, "member.add",
			    "{\"name\":\"主任\",\"roles\":[\"chair\",\"member\"],\"key\":\"%s\"}",
			    tc_pub_text(keys[W_CHAIR], pub)),
		       "id");
	ids[W_FOLLOWER] = tc_num(CALL(W_ADMIN, "member.add",
				      "{\"name\":\"代表0\",\"roles\":[\"member\"],\"key\":\"%s\"}",
				      tc_pub_text(keys[W_FOLLOWER], pub)),
				 "id");
	for (w = W_CHAIR; w < W__COUNT; w++)
		cJSON_Delete(tc_login(&c[w], keys[w], committee));
	if (tc_connect_hello(&watch, ygd.port) != 0)
		return -1;
	cJSON_Delete(tc_login(&watch, keys[W_FOLLOWER], committee));
	/* The other 299 members, through the entry point member.add calls, as
	 * the admin; their keys are well-formed (they never log in). */
	su("DO $$ BEGIN FOR i IN 1..%d LOOP " SQL_REQUEST(
		   "%lld") "PERFORM api.member_add(" SQL_CALLER("%lld") ", "
									"'代表' || i, '', "
									"ARRAY['member'], "
									"'ed25519:' || "
									"translate(rtrim(encode("
									"sha256(i::text::bytea), "
									"'base64'), '='), '+/', "
									"'-_')); END LOOP; END $$",
	   MEMBERS - 1, ids[W_ADMIN], ids[W_ADMIN], ids[W_ADMIN]);
	ok(CALL(W_ADMIN, "rules.set", "{\"name\":\"categories\",\"value\":[\"cadre\"]}"));
	ok(CALL(W_ADMIN, "rules.set", "{\"name\":\"materials\",\"value\":{\"cadre\":[]}}"));
	entry = tc_num(CALL(W_ADMIN, "power.add",
			    "{\"category\":\"cadre\",\"title\":\"选举\",\"legal_basis\":\"x\","
			    "\"collective\":true}"),
		       "id");
	used += (size_t)snprintf(cands + used, sizeof(cands) - used, "[");
	for (i = 0; i < CANDIDATES; i++)
		used += (size_t)snprintf(cands + used, sizeof(cands) - used, "%s\"候选人%d\"",
					 i ? "," : "", i);
	snprintf(cands + used, sizeof(cands) - used, "]");
	item = tc_num(CALL(W_CHAIR, "item.create",
			   "{\"title\":\"委员会选举\",\"category\":\"cadre\",\"power_entry\":%lld,"
			   "\"affects_public\":false,\"candidates\":%s,\"seats\":%d}",
			   entry, cands, SEATS),
		      "id");
	ok(CALL(W_CHAIR, "item.announce", "{\"id\":%lld}", item));
	su("SET session_replication_role = replica; UPDATE item_version SET window_ends_at = now() "
	   "- interval '1 second', announced_at = now() - interval '3 days'");
	meeting = tc_num(CALL(W_CHAIR, "meeting.create",
			      "{\"title\":\"代表大会\",\"place\":\"礼堂\","
			      "\"starts_at\":\"2099-06-01T09:00:00+08:00\"}"),
			 "id");
	ok(CALL(W_CHAIR, "meeting.add_item", "{\"meeting\":%lld,\"item\":%lld}", meeting, item));
	return 0;
}

static int group_teardown(void **state)
{
	int rc, w;

	(void)state;
	for (w = 0; w < W__COUNT; w++) {
		tc_close(&c[w]);
		EVP_PKEY_free(keys[w]);
	}
	tc_close(&watch);
	rc = ygd_stop(&ygd);
	env_teardown(&env);
	return rc == 0 ? 0 : -1;
}

/* Receive events of the meeting until seq last; each must come in order,
 * none missing; the number of events of name seen. */
static int follow_until(long long last, const char *name, long long *seen)
{
	cJSON *m;
	int n = 0;

	while (*seen < last) {
		m = tc_recv(&watch, 20000);
		if (m == NULL)
			fail_msg("no event after %lld (waiting for %lld)", *seen, last);
		if (cJSON_GetObjectItem(m, "stream") == NULL) {
			cJSON_Delete(m);
			continue;
		}
		assert_int_equal((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "seq")),
				 *seen + 1);
		*seen += 1;
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(m, "event")), name) == 0)
			n++;
		cJSON_Delete(m);
	}
	return n;
}

static long long log_head(void)
{
	return atoll(su("SELECT max(seq) FROM meeting_log WHERE meeting_id = %lld", meeting));
}

static void test_body_of_300(void **state)
{
	long long seen = 0;
	cJSON *r;
	int k, n;

	(void)state;
	/* Announced with its roster of 301. */
	ok(CALL(W_CHAIR, "meeting.announce", "{\"id\":%lld}", meeting));
	r = tc_callf(&watch, "meeting.follow", "{\"meeting\":%lld}", meeting);
	assert_null(tc_error_code(r));
	seen = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "head"));
	cJSON_Delete(r);
	r = CALL(W_CHAIR, "meeting.state", "{\"meeting\":%lld}", meeting);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "roster")),
			 MEMBERS + 1);
	cJSON_Delete(r);
	/* Everyone checks in (the chair and the follower through ygd). */
	ok(CALL(W_CHAIR, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	ok(CALL(W_FOLLOWER, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	su("DO $$ DECLARE m record; BEGIN FOR m IN SELECT member_id FROM meeting_roster WHERE "
	   "meeting_id = %lld AND "
	   "member_id NOT IN (%lld, %lld) ORDER BY member_id LOOP " SQL_REQUEST(
		   "m.member_id") "PERFORM api.meeting_attend(" SQL_CALLER("m.member_id") ", %lld, "
											  "true); "
											  "END "
											  "LOOP; "
											  "END $$",
	   meeting, ids[W_CHAIR], ids[W_FOLLOWER], meeting);
	su("%s", "UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE status = "
		 "'announced'"); /* due: it may open 30 minutes early */
	ok(CALL(W_CHAIR, "meeting.open", "{\"meeting\":%lld}", meeting));
	ok(CALL(W_CHAIR, "agenda.open", "{\"meeting\":%lld,\"item\":%lld}", meeting, item));
	ok(CALL(W_CHAIR, "agenda.present", "{\"meeting\":%lld,\"item\":%lld,\"body\":\"说明\"}",
		meeting, item));
	assert_int_equal(follow_until(log_head(), "attendance.in", &seen), MEMBERS + 1);
	/* The follower states through ygd on the last candidates; the other
	 * 299 members on all 50 through the entry point. */
	for (k = CANDIDATES - 2; k < CANDIDATES; k++)
		ok(CALL(W_FOLLOWER, "agenda.speak",
			"{\"meeting\":%lld,\"item\":%lld,\"position\":\"agree\",\"body\":\"同意\","
			"\"candidate\":%d}",
			meeting, item, k));
	su("DO $$ DECLARE m record; BEGIN FOR m IN SELECT member_id FROM meeting_roster WHERE "
	   "meeting_id = %lld AND "
	   "member_id <> %lld ORDER BY member_id LOOP FOR k IN 0..%d LOOP "
	   "CONTINUE WHEN m.member_id = %lld AND k >= %d; " SQL_REQUEST(
		   "m.member_id") "PERFORM api.agenda_act(" SQL_CALLER("m.member_id") ", %lld, "
										      "%lld, "
										      "'state', "
										      "CASE WHEN k "
										      "%% 3 = 0 "
										      "THEN "
										      "'disagree' "
										      "ELSE "
										      "'agree' "
										      "END, '意见' "
										      "|| k, k); "
										      "END LOOP; "
										      "END LOOP; "
										      "END $$",
	   meeting, ids[W_CHAIR], CANDIDATES - 1, ids[W_FOLLOWER], CANDIDATES - 2, meeting, item);
	/* The chair may not close yet: the chair has not stated. */
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.close",
					 "{\"meeting\":%lld,\"item\":%lld}", meeting, item)),
			    "conflict");
	for (k = 0; k < CANDIDATES; k++)
		ok(CALL(W_CHAIR, "agenda.speak",
			"{\"meeting\":%lld,\"item\":%lld,\"position\":\"agree\",\"body\":\"同意\","
			"\"candidate\":%d}",
			meeting, item, k));
	ok(CALL(W_CHAIR, "agenda.close", "{\"meeting\":%lld,\"item\":%lld}", meeting, item));
	n = follow_until(log_head(), "agenda.statement", &seen);
	assert_int_equal(n, (MEMBERS + 1) * CANDIDATES);
	assert_int_equal(
		atoll(su("SELECT count(*) FROM statement WHERE meeting_id = %lld", meeting)),
		(MEMBERS + 1) * CANDIDATES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_of_300),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
