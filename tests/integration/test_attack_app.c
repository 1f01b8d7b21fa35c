/* What ygd's own database role (yg_app, as a compromised ygd or a careless
 * operator holds it) cannot do (issue 17, item 3): connected with psql as
 * that role, each attack is refused by the database itself, and leaves
 * nothing behind. The committee and its meeting are made through a real ygd;
 * the vote rounds under attack are written as the superuser, so that the
 * attacks meet the store functions alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <time.h>
#include <unistd.h>

#include "../../proto/logchain.h"
#include "../../proto/reqsig.h"
#include "../../proto/sig.h"
#include "../support/fixture.h"
#include "../support/harness.h"
#include "../support/tclient.h"

enum who { W_ADMIN, W_CHAIR, W_M1, W_M2, W_M3, W_M4, W_M5, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT];
static long long ids[W__COUNT], key_ids[W__COUNT], meeting, item_a, item_b;
static const long long committee = 1;

#define CALL(w, op, ...) tc_callf(&c[w], op, __VA_ARGS__)

/* SQL as the database owner: the first line of its output. */
#define su(...) fx_sqlf(&env, __VA_ARGS__)

/* Run SQL as ygd's role; 0 if it succeeded. Its output (errors included)
 * in out. */
static int as_app(char *out, size_t len, const char *fmt, ...)
{
	char q[4096], file[400];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	snprintf(file, sizeof(file), "%s/attack.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(q, f);
	fclose(f);
	return run_cmd(out, len, "scripts/pg.sh psql %s yangguang -U ygd -tA -f %s", env.pgdir,
		       file);
}

/* The attack must be refused, with words in the refusal. */
#define REFUSED(words, ...)                                                                        \
	do {                                                                                       \
		char out_[4096];                                                                   \
		if (as_app(out_, sizeof(out_), __VA_ARGS__) == 0)                                  \
			fail_msg("the app role could: %s", out_);                                  \
		if (strstr(out_, words) == NULL)                                                   \
			fail_msg("refused, but not with \"%s\": %s", words, out_);                 \
	} while (0)

/* The caller JSON ygd would pass for member w, claiming roles allowed. */
static const char *caller(enum who w, const char *allowed)
{
	static char buf[4][256];
	static int n;
	char *b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "{\"kind\":\"member\",\"id\":%lld,\"key\":%lld,\"allowed\":%s}",
		 ids[w], key_ids[w], allowed);
	return b;
}

static void ok(cJSON *r)
{
	if (tc_error_code(r) != NULL)
		fail_msg("refused: %s", cJSON_PrintUnformatted(r));
	cJSON_Delete(r);
}

/* The chair and five members (M5 never comes), two items on an open meeting. */
static int setup_meeting(void)
{
	static const char *const names[] = {"", "张书记", "甲", "乙", "丙", "丁", "戊"};
	static const char *const titles[] = {"防汛应急处置", "道路抢修"};
	long long items[2];
	int w;

	fx_members(&c[W_ADMIN], keys, names, ids, W_CHAIR, W__COUNT - 1);
	for (w = W_CHAIR; w < W__COUNT; w++)
		cJSON_Delete(tc_login(&c[w], keys[w], committee));
	for (w = 0; w < W__COUNT; w++)
		key_ids[w] = atoll(su("SELECT id FROM member_key WHERE member_id = %lld AND "
				      "valid_until IS NULL",
				      ids[w]));
	meeting = fx_open_meeting(&env, &c[W_ADMIN], &c[W_CHAIR], &c[W_M1], titles, 2,
				  ",\"seats\":0", &c[W_CHAIR], W_M4 - W_CHAIR + 1, items);
	item_a = items[0];
	item_b = items[1];
	return 0;
}

/* A round of item written as the superuser: the five present members
 * eligible, state open or closed (closed: with a tally). */
static void write_round(long long item, const char *state)
{
	char pub[52], eligible[2048];
	size_t used = 0;
	int w;

	used += (size_t)snprintf(eligible + used, sizeof(eligible) - used, "[");
	for (w = W_CHAIR; w <= W_M4; w++)
		used += (size_t)snprintf(eligible + used, sizeof(eligible) - used,
					 "%s{\"member\":%lld,\"key\":\"%s\"}",
					 w == W_CHAIR ? "" : ",", ids[w],
					 tc_pub_text(keys[w], pub));
	snprintf(eligible + used, sizeof(eligible) - used, "]");
	su("INSERT INTO vote_round (meeting_id, item_id, round, question, election_key, entitled, "
	   "present, rules, eligible, state, opened_by, tally, quorum) VALUES (%lld, %lld, 1, "
	   "'{\"kind\":\"options\",\"title\":\"x\",\"labels\":[\"同意\",\"不同意\",\"弃权\"],"
	   "\"seats\":1}', 'AAAA', 6, 5, (SELECT rules FROM committee WHERE id = %lld), '%s', "
	   "'%s', %lld, %s, '{}')",
	   meeting, item, committee, eligible, state, ids[W_CHAIR],
	   strcmp(state, "closed") == 0 ? "'x'" : "NULL");
}

static int group_setup(void **state)
{
	(void)state;
	if (fx_start(&env, &ygd, NULL, keys, c, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &c[W_ADMIN]) != 0 || setup_meeting() != 0)
		return -1;
	write_round(item_a, "closed");
	write_round(item_b, "open");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, keys, c, W__COUNT);
}

/* api.bootstrap is the owner's: the app role cannot make an admin. */
static void test_bootstrap(void **state)
{
	(void)state;
	REFUSED("permission denied",
		"SELECT api.bootstrap('X', '假管理员', '', 'ed25519:%043d', '{}')", 0);
	assert_string_equal(su("SELECT count(*) FROM member"), "7");
}

/* Neither the internal helpers, nor the log writers, nor the tables. */
static void test_helpers_and_tables(void **state)
{
	const char *before = NULL;
	char count[32];

	(void)state;
	snprintf(count, sizeof(count), "%s", su("SELECT count(*) FROM admin_log"));
	before = count;
	REFUSED("permission denied",
		"SELECT yg_inner.log(1, %lld, 'member:%lld', 'key.rotate', 'member:%lld', '{}')",
		ids[W_ADMIN], ids[W_ADMIN], ids[W_M1]);
	REFUSED("permission denied", "INSERT INTO admin_log (committee_id, actor, action, target, "
				     "details) VALUES (1, 'server', 'forged', 'x', '{}')");
	REFUSED("permission denied",
		"SELECT yg_log_append(%lld, 'server', 'vote.result', '{\"counts\":[9,1,0]}')",
		meeting);
	REFUSED("permission denied", "SELECT yg_emit('committee:1', 'forged')");
	REFUSED("permission denied", "SELECT yg_inner.caller_member('{}')");
	assert_string_equal(su("SELECT count(*) FROM admin_log"), before);
	assert_string_equal(su("SELECT count(*) FROM meeting_log WHERE body LIKE '%%[9,1,0]%%'"),
			    "0");
}

/* Forged audit-log lines through an entry point: a member claiming the
 * admin's roles changes a rule (an audited action). */
static void test_forged_admin_action(void **state)
{
	char count[32];

	(void)state;
	snprintf(count, sizeof(count), "%s", su("SELECT count(*) FROM admin_log"));
	REFUSED("your roles do not allow this",
		"SELECT api.rules_set('%s', '{\"name\": \"categories\", "
		"\"value\": [\"incident\",\"forged\"]}')",
		caller(W_M1, "[\"admin\",\"member\"]"));
	REFUSED("your roles do not allow this",
		"SELECT api.member_add('%s', jsonb_build_object('name', '假委员', 'title', '', "
		"'roles', jsonb_build_array('admin'), 'key', 'ed25519:%043d'))",
		caller(W_M1, "[\"admin\",\"member\"]"), 0);
	assert_string_equal(su("SELECT count(*) FROM admin_log"), count);
}

/* A member's key rotated by a forged admin: refused, the key unchanged. */
static void test_key_rotation(void **state)
{
	char pub[52];
	EVP_PKEY *mine = sig_keygen();

	(void)state;
	REFUSED("your roles do not allow this",
		"SELECT api.key_rotate('%s', jsonb_build_object('member', %lld, 'key', '%s'))",
		caller(W_M1, "[\"admin\"]"), ids[W_M2], tc_pub_text(mine, pub));
	REFUSED("your roles do not allow this",
		"SELECT api.key_rotate('%s', jsonb_build_object('member', %lld, 'key', '%s'))",
		caller(W_CHAIR, "[\"admin\",\"chair\"]"), ids[W_M2], tc_pub_text(mine, pub));
	assert_string_equal(su("SELECT count(*) FROM member_key WHERE member_id = %lld", ids[W_M2]),
			    "1");
	EVP_PKEY_free(mine);
}

/* Checking a member out, or recording a present member absent, as anyone
 * but the chair. */
static void test_check_out(void **state)
{
	(void)state;
	REFUSED("your roles do not allow this",
		"SELECT api.meeting_absent('%s', jsonb_build_object('meeting', %lld, 'member', "
		"%lld, "
		"'reason', '出差'))",
		caller(W_M1, "[\"chair\"]"), meeting, ids[W_M2]);
	REFUSED("is present",
		"SELECT api.meeting_absent('%s', jsonb_build_object('meeting', %lld, 'member', "
		"%lld, "
		"'reason', '出差'))",
		caller(W_CHAIR, "[\"chair\"]"), meeting, ids[W_M2]);
	REFUSED("your roles do not allow this",
		"SELECT api.meeting_close('%s', jsonb_build_object('meeting', %lld))",
		caller(W_M1, "[\"chair\"]"), meeting);
	assert_string_equal(su("SELECT present FROM attendance WHERE meeting_id = %lld AND kind = "
			       "'member' AND who = %lld",
			       meeting, ids[W_M2]),
			    "t");
}

/* The name of the function that stores a ballot (it may be renamed). */
static const char *cast_function(void)
{
	static char name[64];

	snprintf(name, sizeof(name), "%s",
		 su("SELECT proname FROM pg_proc WHERE pronamespace = 'api'::regnamespace AND "
		    "proname IN ('vote_cast', 'vote_cast_store') ORDER BY proname LIMIT 1"));
	return name;
}

/* "Cast 11 of 10": a ballot into the closed round, for a member present
 * and eligible, and for the absent one; and a second ballot in the open
 * round. Nothing stored. */
static void test_cast_into_closed_round(void **state)
{
	char pub[52];

	(void)state;
	REFUSED("closed",
		"SELECT api.%s('%s', '{\"meeting\":%lld,\"item\":%lld,\"round\":1,"
		"\"voter_key\":\"%s\",\"signature\":\"sig\",\"receipt\":"
		"\"0000000000000000000000000000000000000000000000000000000000000001\"}')",
		cast_function(), caller(W_M1, "[\"member\"]"), meeting, item_a,
		tc_pub_text(keys[W_M1], pub));
	REFUSED("absent",
		"SELECT api.%s('%s', '{\"meeting\":%lld,\"item\":%lld,\"round\":1,"
		"\"voter_key\":\"%s\",\"signature\":\"sig\",\"receipt\":"
		"\"0000000000000000000000000000000000000000000000000000000000000002\"}')",
		cast_function(), caller(W_M5, "[\"member\"]"), meeting, item_b,
		tc_pub_text(keys[W_M5], pub));
	/* In the open round: a key other than the one fixed at opening. */
	REFUSED("another key",
		"SELECT api.%s('%s', '{\"meeting\":%lld,\"item\":%lld,\"round\":1,"
		"\"voter_key\":\"%s\",\"signature\":\"sig\",\"receipt\":"
		"\"0000000000000000000000000000000000000000000000000000000000000003\"}')",
		cast_function(), caller(W_M1, "[\"member\"]"), meeting, item_b,
		tc_pub_text(keys[W_M2], pub));
	assert_string_equal(su("SELECT count(*) FROM ballot"), "0");
}

/* Closing with a chosen aggregate: one counting ballots that are not
 * stored, one of the wrong shape, and a member who does not preside. */
static void test_chosen_aggregate(void **state)
{
	static const char *const agg =
		"{\"ballots\":%d,\"sum\":[{\"a\":\"x\",\"b\":\"y\"},{\"a\":\"x\",\"b\":\"y\"}%s]}";
	char a3[256], a2[256], a0[256];

#define STORE                                                                                      \
	"SELECT api.vote_close_store('%s', jsonb_build_object('meeting', %lld, 'item', %lld, "     \
	"'round', 1, 'aggregate', '%s'::jsonb))"

	(void)state;
	snprintf(a3, sizeof(a3), agg, 3, ",{\"a\":\"x\",\"b\":\"y\"}");
	snprintf(a2, sizeof(a2), agg, 0, "");
	snprintf(a0, sizeof(a0), agg, 0, ",{\"a\":\"x\",\"b\":\"y\"}");
	REFUSED("does not add up", STORE, caller(W_CHAIR, "[\"chair\",\"member\"]"), meeting,
		item_b, a3);
	REFUSED("does not add up", STORE, caller(W_CHAIR, "[\"chair\",\"member\"]"), meeting,
		item_b, a2);
	REFUSED("only whoever presides", STORE, caller(W_M1, "[\"chair\",\"member\"]"), meeting,
		item_b, a0);
	REFUSED("not open", STORE, caller(W_CHAIR, "[\"chair\",\"member\"]"), meeting, item_a, a0);
	assert_string_equal(su("SELECT state FROM vote_round WHERE meeting_id = %lld AND item_id = "
			       "%lld",
			       meeting, item_b),
			    "open");
#undef STORE
}

/* Any counts passed to vote_finish: counts for ballots never cast, a
 * result out of the question, and a caller who may not end the round. */
static void test_forged_counts(void **state)
{
	static const char *const tail = "'tally', 'x', 'signer', 'ed25519:x', 'closed_at', "
					"'2099-06-01T01:00:00Z', 'log_head', '{}'::jsonb";

	(void)state;
	REFUSED("do not fit the 0 ballots",
		"SELECT api.vote_finish('%s', jsonb_build_object('meeting', %lld, 'item', %lld, "
		"'round', 1, 'counts', '[9,1,0]'::jsonb, "
		"'outcome', '{\"result\":\"adopted\"}'::jsonb, %s))",
		caller(W_CHAIR, "[\"chair\",\"member\"]"), meeting, item_b, tail);
	REFUSED("do not fit",
		"SELECT api.vote_finish('%s', jsonb_build_object('meeting', %lld, 'item', %lld, "
		"'round', 1, 'counts', '[0,0]'::jsonb, "
		"'outcome', '{\"result\":\"adopted\"}'::jsonb, %s))",
		caller(W_CHAIR, "[\"chair\",\"member\"]"), meeting, item_b, tail);
	REFUSED("your roles do not allow this",
		"SELECT api.vote_finish('%s', jsonb_build_object('meeting', %lld, 'item', %lld, "
		"'round', 1, 'counts', '[0,0,0]'::jsonb, "
		"'outcome', '{\"result\":\"rejected\"}'::jsonb, %s))",
		caller(W_M1, "[\"chair\",\"member\"]"), meeting, item_b, tail);
	REFUSED("cannot be closed now",
		"SELECT api.vote_finish('%s', jsonb_build_object('meeting', %lld, 'item', %lld, "
		"'round', 1, 'counts', '[0,0,0]'::jsonb, "
		"'outcome', '{\"result\":\"rejected\"}'::jsonb, %s))",
		caller(W_CHAIR, "[\"chair\",\"member\"]"), meeting, item_a, tail);
	assert_string_equal(
		su("SELECT count(*) FROM vote_round WHERE meeting_id = %lld AND state = "
		   "'closed'",
		   meeting),
		"1");
	assert_string_equal(su("SELECT count(*) FROM meeting_log WHERE meeting_id = %lld AND "
			       "body::jsonb->>'event' = 'vote.result'",
			       meeting),
			    "0");
}

/* The time offset_s seconds from now, as a signed request writes it. */
static const char *at_from_now(long offset_s)
{
	static char at[REQSIG_AT_LEN + 1];
	time_t t = time(NULL) + offset_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	return at;
}

/* Send text as it is over w's connection: the reply (events skipped). */
static cJSON *send_text(enum who w, const char *text)
{
	cJSON *r;

	assert_int_equal(tc_send_json(&c[w], text), 0);
	while ((r = tc_recv(&c[w], 10000)) != NULL && cJSON_GetObjectItem(r, "id") == NULL)
		cJSON_Delete(r);
	assert_non_null(r);
	return r;
}

/* A request w signs at time at, chained to head (NULL: null): the frame's
 * text (caller frees), its nonce in nonce_text. */
static char *signed_text(enum who w, const char *op, const char *args_json, const cJSON *head,
			 const char *at, char nonce_text[32])
{
	unsigned char nonce[REQSIG_NONCE_LEN];
	cJSON *msg = cJSON_CreateObject(), *args = cJSON_Parse(args_json), *sig;
	char *text;

	assert_int_equal(RAND_bytes(nonce, sizeof(nonce)), 1);
	sig = reqsig_sign_with(keys[w], op, args, committee, head, nonce, at);
	assert_non_null(sig);
	snprintf(nonce_text, 32, "%s", cJSON_GetObjectItem(sig, "nonce")->valuestring);
	cJSON_AddNumberToObject(msg, "id", (double)c[w].next_id++);
	cJSON_AddStringToObject(msg, "op", op);
	cJSON_AddItemToObject(msg, "args", args);
	cJSON_AddItemToObject(msg, "sig", sig);
	text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	return text;
}

/* Entry seq of the meeting's log as a head ({meeting, seq, hash}). */
static cJSON *head_at(long long seq)
{
	cJSON *h = cJSON_CreateObject();

	cJSON_AddNumberToObject(h, "meeting", (double)meeting);
	cJSON_AddNumberToObject(h, "seq", (double)seq);
	cJSON_AddStringToObject(h, "hash",
				su("SELECT hash FROM meeting_log WHERE meeting_id = "
				   "%lld AND seq = %lld",
				   meeting, seq));
	return h;
}

/* R for op and args (JSON text), as w's terminal signs it now, as text. */
static char *request_of(enum who w, const char *op, const char *args_json)
{
	unsigned char nonce[REQSIG_NONCE_LEN];
	cJSON *args = cJSON_Parse(args_json), *sig, *r;
	const char *why = NULL;
	char *text;

	assert_int_equal(RAND_bytes(nonce, sizeof(nonce)), 1);
	sig = reqsig_sign_with(keys[w], op, args, committee, NULL, nonce, at_from_now(0));
	r = reqsig_stored(op, args, sig, &why);
	assert_non_null(r);
	text = cJSON_PrintUnformatted(r);
	assert_null(strchr(text, '\''));
	cJSON_Delete(r);
	cJSON_Delete(sig);
	cJSON_Delete(args);
	return text;
}

/* A genuine request, taken on its way to ygd, stored with another entry
 * than the one it asks for: a check-in used to check the member out, and
 * the chair's absence record with another reason. The database refuses
 * both (terminals and yg verify would also fail them). */
static void test_request_for_another_entry(void **state)
{
	char args[128], *r;

	(void)state;
	snprintf(args, sizeof(args), "{\"meeting\":%lld}", meeting);
	r = request_of(W_M1, "meeting.check_in", args);
	REFUSED("a request for meeting.check_in does not cause attendance.out",
		"SELECT set_config('yg.request', '%s', false); SELECT api.meeting_check_out('%s', "
		"jsonb_build_object('meeting', %lld))",
		r, caller(W_M1, "[\"member\"]"), meeting);
	free(r);
	snprintf(args, sizeof(args), "{\"meeting\":%lld,\"member\":%lld,\"reason\":\"出差\"}",
		 meeting, ids[W_M5]);
	r = request_of(W_CHAIR, "meeting.absent", args);
	REFUSED("\"reason\" is not what the signed request asked for",
		"SELECT set_config('yg.request', '%s', false); SELECT api.meeting_absent('%s', "
		"jsonb_build_object('meeting', %lld, 'member', %lld, 'reason', '因病'))",
		r, caller(W_CHAIR, "[\"chair\"]"), meeting, ids[W_M5]);
	free(r);
	snprintf(args, sizeof(args), "{\"meeting\":%lld}", meeting + 1000);
	r = request_of(W_M1, "meeting.check_out", args);
	REFUSED("the request was for another meeting",
		"SELECT set_config('yg.request', '%s', false); SELECT api.meeting_check_out('%s', "
		"jsonb_build_object('meeting', %lld))",
		r, caller(W_M1, "[\"member\"]"), meeting);
	free(r);
	assert_string_equal(su("SELECT present FROM attendance WHERE meeting_id = %lld AND kind = "
			       "'member' AND who = %lld",
			       meeting, ids[W_M1]),
			    "t");
	assert_string_equal(su("SELECT count(*) FROM absence WHERE meeting_id = %lld", meeting),
			    "0");
}

/* A decision on the room (here closing the meeting) chained to an older
 * head than the log's latest entry is refused by the database; a check-out
 * chained to the same old head is not a decision, and goes through. */
static void test_stale_head(void **state)
{
	char nonce[32], args[64], *text, *err;
	cJSON *old = head_at(2), *r;

	(void)state;
	/* The round under attack above ends, so that the meeting may close. */
	su("SET session_replication_role = replica; UPDATE vote_round SET state = 'closed', tally "
	   "= "
	   "'x' WHERE meeting_id = %lld",
	   meeting);
	snprintf(args, sizeof(args), "{\"meeting\":%lld}", meeting);
	text = signed_text(W_CHAIR, "meeting.close", args, old, at_from_now(0), nonce);
	r = send_text(W_CHAIR, text);
	free(text);
	assert_string_equal(tc_error_code(r), "conflict");
	err = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "error"));
	if (strstr(err, "has been added since") == NULL)
		fail_msg("refused otherwise: %s", err);
	free(err);
	cJSON_Delete(r);
	assert_string_equal(su("SELECT status FROM meeting WHERE id = %lld", meeting), "open");
	text = signed_text(W_M4, "meeting.check_out", args, old, at_from_now(0), nonce);
	ok(send_text(W_M4, text));
	free(text);
	ok(CALL(W_M4, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	cJSON_Delete(old);
	/* Chained to the latest entry, the same decision goes through. */
	old = head_at(
		atoll(su("SELECT max(seq) FROM meeting_log WHERE meeting_id = %lld", meeting)));
	text = signed_text(W_CHAIR, "meeting.close", args, old, at_from_now(0), nonce);
	ok(send_text(W_CHAIR, text));
	free(text);
	cJSON_Delete(old);
	assert_string_equal(su("SELECT status FROM meeting WHERE id = %lld", meeting), "closed");
}

/* A signed request is worth something only within 300 s of its time: once
 * that window is past, its nonce is let go (request_nonce stays bounded),
 * and the request is still refused, by ygd and, offered through the app
 * role, by the database. */
static void test_replay_after_window(void **state)
{
	char nonce[32], args[64], request[4096], *text, *p;
	const char *stored;

	(void)state;
	snprintf(args, sizeof(args), "{\"meeting\":%lld}", meeting);
	text = signed_text(W_M4, "meeting.check_out", args, NULL, at_from_now(-296), nonce);
	ok(send_text(W_M4, text));
	ok(CALL(W_M4, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	assert_string_equal(su("SELECT count(*) FROM request_nonce WHERE nonce = '%s'", nonce),
			    "1");
	sleep(5);
	/* Later requests let expired nonces go. */
	ok(CALL(W_M4, "meeting.check_out", "{\"meeting\":%lld}", meeting));
	ok(CALL(W_M4, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	assert_string_equal(su("SELECT count(*) FROM request_nonce WHERE nonce = '%s'", nonce),
			    "0");
	assert_string_equal(su("SELECT count(*) FROM request_nonce WHERE expires_at < now()"), "0");
	/* Through ygd. */
	assert_string_equal(tc_code(send_text(W_M4, text)), "unauthenticated");
	free(text);
	/* Through the app role, as the entry point would be called. */
	stored = su("SELECT body::jsonb->>'request' FROM meeting_log WHERE meeting_id = %lld AND "
		    "body::jsonb->'request'->>'nonce' = '%s'",
		    meeting, nonce);
	snprintf(request, sizeof(request), "%s", stored);
	assert_non_null(strstr(request, nonce));
	for (p = request; *p != '\0'; p++)
		assert_true(*p != '\'');
	REFUSED("more than 300 seconds",
		"SELECT set_config('yg.request', '%s', false); "
		"SELECT api.meeting_check_out('%s', jsonb_build_object('meeting', %lld))",
		request, caller(W_M4, "[\"member\"]"), meeting);
	/* Deleting a nonce that has not expired is refused even to the owner. */
	{
		char out[4096];

		assert_int_not_equal(env_psql(&env, "DELETE FROM request_nonce", out, sizeof(out)),
				     0);
		assert_non_null(strstr(out, "append-only"));
	}
	assert_string_equal(su("SELECT present FROM attendance WHERE meeting_id = %lld AND kind = "
			       "'member' AND who = %lld",
			       meeting, ids[W_M4]),
			    "t");
}

/* A signed request without a time (or with one no clock reads) would
 * escape the 300 s window and keep its nonce's worth forever: the
 * database refuses it, offered through the app role past ygd's check
 * (which test_reqsig breaks alone), and ygd refuses it on the wire. */
static void test_request_without_time(void **state)
{
	static const char *const ats[] = {NULL, "\"soon\"", "1765000000"};
	char args[64], nonce[32], *text, *stored;
	cJSON *r, *reply, *frame;
	size_t i;

	(void)state;
	snprintf(args, sizeof(args), "{\"meeting\":%lld}", meeting);
	for (i = 0; i < sizeof(ats) / sizeof(ats[0]); i++) {
		text = request_of(W_M4, "meeting.check_out", args);
		r = cJSON_Parse(text);
		free(text);
		cJSON_DeleteItemFromObject(r, "at");
		if (ats[i] != NULL)
			cJSON_AddItemToObject(r, "at", cJSON_Parse(ats[i]));
		stored = cJSON_PrintUnformatted(r);
		cJSON_Delete(r);
		REFUSED("carries no time it was signed at",
			"SELECT set_config('yg.request', '%s', false); "
			"SELECT api.meeting_check_out('%s', jsonb_build_object('meeting', %lld))",
			stored, caller(W_M4, "[\"member\"]"), meeting);
		free(stored);
	}
	text = signed_text(W_M4, "meeting.check_out", args, NULL, at_from_now(0), nonce);
	frame = cJSON_Parse(text);
	free(text);
	cJSON_DeleteItemFromObject(cJSON_GetObjectItem(frame, "sig"), "at");
	text = cJSON_PrintUnformatted(frame);
	cJSON_Delete(frame);
	reply = send_text(W_M4, text);
	free(text);
	assert_string_equal(tc_error_code(reply), "unauthenticated");
	cJSON_Delete(reply);
	assert_string_equal(su("SELECT present FROM attendance WHERE meeting_id = %lld AND kind = "
			       "'member' AND who = %lld",
			       meeting, ids[W_M4]),
			    "t");
}

/* An observer following the meeting sees that a ballot was cast, never by
 * whom, and still checks the hash chain across it: the entry's body names
 * only the digest of its sealed part ({actor, request}), which members
 * receive beside it (PROTOCOL.md §11). A sealed part changed on its way to
 * a member no longer matches the body's digest. */
static void test_observer_sees_no_voter(void **state)
{
	EVP_PKEY *okey = sig_keygen();
	struct tclient obs;
	char pub[52], want[65], *text;
	unsigned char prev[32];
	const char *why = NULL;
	long long oid;
	const cJSON *e;
	cJSON *r, *b, *who;
	int found = 0, i;

	(void)state;
	assert_int_equal(tc_connect_hello(&obs, ygd.port), 0);
	oid = fx_observer(&obs, okey, "李代表", "party_rep", &c[W_ADMIN]);
	assert_true(oid > 0);
	cJSON_Delete(tc_login(&obs, okey, committee));
	ok(CALL(W_CHAIR, "meeting.invite", "{\"meeting\":%lld,\"observer\":%lld}", meeting, oid));
	su("SELECT set_config('yg.request', jsonb_build_object('committee', 1, 'key', '%s', "
	   "'nonce', md5(random()::text), 'at', replace(to_char(now() AT TIME ZONE 'UTC', "
	   "'YYYY-MM-DD HH24:MI:SS'), ' ', 'T') || 'Z')::text, false); "
	   "SELECT yg_log_append(%lld, 'member:%lld', "
	   "'vote.cast', '{\"item\":%lld,\"round\":1,\"cast\":1,\"eligible\":5}')",
	   tc_pub_text(keys[W_M1], pub), meeting, ids[W_M1], item_b);
	r = tc_callf(&obs, "meeting.follow", "{\"meeting\":%lld}", meeting);
	assert_null(tc_error_code(r));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "events")) {
		if (strcmp(cJSON_GetObjectItem(e, "event")->valuestring, "vote.cast") != 0)
			continue;
		found++;
		text = cJSON_PrintUnformatted(e);
		assert_null(strstr(text, pub));
		assert_null(strstr(text, "member:"));
		free(text);
		assert_null(cJSON_GetObjectItem(e, "sealed"));
		assert_null(cJSON_GetObjectItem(e, "redacted"));
		/* The chain holds across the body the observer received. */
		for (i = 0; i < 32; i++)
			sscanf(cJSON_GetObjectItem(e, "prev_hash")->valuestring + 2 * i, "%2hhx",
			       &prev[i]);
		assert_true(logchain_hash(prev, cJSON_GetObjectItem(e, "body")->valuestring, want));
		assert_string_equal(want, cJSON_GetObjectItem(e, "hash")->valuestring);
		b = cJSON_Parse(cJSON_GetObjectItem(e, "body")->valuestring);
		assert_null(logchain_who(e, b, &why));
		assert_non_null(why);
		assert_int_equal(
			cJSON_GetObjectItem(cJSON_GetObjectItem(b, "data"), "cast")->valueint, 1);
		cJSON_Delete(b);
	}
	assert_int_equal(found, 1);
	cJSON_Delete(r);
	/* A member receives the sealed part, which names the voter. */
	r = CALL(W_M2, "meeting.follow", "{\"meeting\":%lld}", meeting);
	found = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "events")) {
		if (cJSON_GetObjectItem(e, "sealed") == NULL)
			continue;
		found++;
		b = cJSON_Parse(cJSON_GetObjectItem(e, "body")->valuestring);
		who = logchain_who(e, b, &why);
		assert_non_null(who);
		assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(who, "request"), "key")
					    ->valuestring,
				    pub);
		cJSON_Delete(who);
		/* One character of the sealed part changed: it is not the one named. */
		text = strdup(cJSON_GetObjectItem(e, "sealed")->valuestring);
		text[strlen(text) / 2] ^= 1;
		cJSON_ReplaceItemInObject((cJSON *)e, "sealed", cJSON_CreateString(text));
		free(text);
		assert_null(logchain_who(e, b, &why));
		assert_string_equal(why, "its sealed part is not the one its body names");
		cJSON_Delete(b);
	}
	assert_int_equal(found, 1);
	cJSON_Delete(r);
	tc_close(&obs);
	EVP_PKEY_free(okey);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_helpers_and_tables),
		cmocka_unit_test(test_forged_admin_action),
		cmocka_unit_test(test_key_rotation),
		cmocka_unit_test(test_check_out),
		cmocka_unit_test(test_cast_into_closed_round),
		cmocka_unit_test(test_chosen_aggregate),
		cmocka_unit_test(test_forged_counts),
		cmocka_unit_test(test_replay_after_window),
		cmocka_unit_test(test_request_without_time),
		cmocka_unit_test(test_observer_sees_no_voter),
		cmocka_unit_test(test_request_for_another_entry),
		cmocka_unit_test(test_stale_head),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
