/* A body of 300 (issue 23, "events that fit any body"): 300 members and the
 * chair, a cadre item of 50 candidates for 30 seats, from announcement to a
 * verified election record. The meeting is announced with its roster of
 * 301 and two of the members designated scrutineers publish their keys;
 * every member checks in and states a position on every candidate (15,000
 * statements, written through the database's entry points as ygd would
 * write them, to keep the test short), the chair states last on all 50
 * through ygd (the speaking rules with 50 candidates) and closes the
 * discussion through ygd. A member's terminal following the meeting
 * receives every entry, in order, none missing. Then the real vote: all
 * 301 log in over TLS, and each casts a ballot (50 encrypted selections
 * and a proof of at most 30) through ygd; the chair closes, both
 * scrutineers decrypt, the counts are exactly what was cast, the result is
 * published (任前公示), and `yg verify` passes the election record.
 *
 * Under the sanitizers (build/asan) the same scenario runs with a body of
 * 100, 20 candidates for 10 seats, so that the suite stays short. */
#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/ballot.h"
#include "../../proto/envelope.h"
#include "../../proto/reqsig.h"
#include "../../proto/scrutiny.h"
#include "../../proto/sig.h"
#include "../../proto/vote.h"
#include "../support/fixture.h"
#include "../support/harness.h"
#include "../support/share.h"
#include "../support/tclient.h"

#if defined(__SANITIZE_ADDRESS__)
#define YG_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define YG_SANITIZED 1
#endif
#endif

#ifdef YG_SANITIZED
#define MEMBERS    100
#define CANDIDATES 20
#define SEATS      10
#else
#define MEMBERS    300
#define CANDIDATES 50
#define SEATS      30
#endif
#define VOTERS (MEMBERS + 1) /* the members and the chair */

enum who { W_ADMIN, W_CHAIR, W_FOLLOWER, W__COUNT };

/* One of the body: v[0] the chair, v[1] the follower, the rest members
 * added through the entry point. */
struct voter {
	struct tclient *c;
	EVP_PKEY *key;
	long long id;
	char receipt[VOTE_HASH_TEXT_LEN + 1];
};

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT], watch; /* watch: the follower's second terminal */
static struct tclient others[VOTERS];
static struct voter v[VOTERS];
static long long ids[W__COUNT], meeting, item;
static const long long committee = 1;
static struct group *g;
static BIGNUM *share_secret[2];
static EC_POINT *share_pub[2];
static double t_start;

#define CALL(w, op, ...) tc_callf(&c[w], op, __VA_ARGS__)

/* SQL as the database owner: the first line of its output. */
#define su(...) fx_sqlf(&env, __VA_ARGS__)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Say how long the test has run, after a step. */
static void lap(const char *what)
{
	print_message("%6.1f s  %s (a body of %d)\n", now_s() - t_start, what, VOTERS);
}

static void ok(cJSON *r)
{
	if (tc_error_code(r) != NULL || r == NULL)
		fail_msg("refused: %s", r != NULL ? cJSON_PrintUnformatted(r) : "no reply");
	cJSON_Delete(r);
}

/* The reply to the request frame (text, taken) sent on tc, waiting up to
 * a minute: closing and decrypting a vote of 300 takes a while. */
static cJSON *send_wait(struct tclient *tc, char *frame, uint64_t id)
{
	cJSON *r;
	uint64_t got;

	assert_int_equal(tc_send_json(tc, frame), 0);
	free(frame);
	while ((r = tc_recv(tc, 60000)) != NULL) {
		if (envelope_uint(cJSON_GetObjectItem(r, "id"), &got) && got == id)
			return r;
		cJSON_Delete(r);
	}
	fail_msg("no reply within a minute");
	return NULL;
}

/* A signed request frame of op with args (taken) from who's terminal; its
 * id in *id. */
static char *frame_of(struct voter *who, const char *op, cJSON *args, uint64_t *id)
{
	cJSON *msg = cJSON_CreateObject(), *sig = reqsig_sign(who->key, op, args, committee, NULL);
	char *text;

	assert_non_null(sig);
	*id = who->c->next_id++;
	cJSON_AddNumberToObject(msg, "id", (double)*id);
	cJSON_AddStringToObject(msg, "op", op);
	cJSON_AddItemToObject(msg, "args", args);
	cJSON_AddItemToObject(msg, "sig", sig);
	text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	return text;
}

/* The result of op with args (JSON text) from who, which must succeed. */
static cJSON *slow_call(struct voter *who, const char *op, const char *args_json)
{
	uint64_t id;
	cJSON *r, *res;
	char *frame = frame_of(who, op, cJSON_Parse(args_json), &id);

	r = send_wait(who->c, frame, id);
	if (tc_error_code(r) != NULL)
		fail_msg("%s refused: %s", op, cJSON_PrintUnformatted(r));
	res = cJSON_DetachItemFromObject(r, "result");
	cJSON_Delete(r);
	return res;
}

/* The caller JSON ygd passes for member id, as SQL. */
#define SQL_CALLER(id_expr)                                                                        \
	"jsonb_build_object('kind', 'member', 'id', " id_expr ", 'key', (SELECT k.id FROM "        \
	"member_key k WHERE k.member_id = " id_expr " AND k.valid_until IS NULL), 'allowed', "     \
	"'[\"member\", \"chair\", \"admin\"]'::jsonb)"

/* The signed request ygd would store with the entry (PROTOCOL.md §7a), as
 * SQL run before each entry point: the database checks its key and nonce,
 * not its signature (terminals and yg verify do), and this test follows no
 * statement through a checking terminal. */
#define SQL_REQUEST(id_expr)                                                                       \
	"PERFORM set_config('yg.request', jsonb_build_object('key', (SELECT k.public_key FROM "    \
	"member_key k WHERE k.member_id = " id_expr                                                \
	" AND k.valid_until IS NULL), 'committee', 1, "                                            \
	"'nonce', gen_random_uuid()::text, 'at', replace(to_char(now() AT TIME ZONE 'UTC', "       \
	"'YYYY-MM-DD HH24:MI:SS'), ' ', 'T') || 'Z')::text, true); "

/* The members other than the chair and the follower, through the entry
 * point member.add calls, as the admin, each with a key of its own. */
static int add_members(void)
{
	size_t len = 1024 + (size_t)VOTERS * 64, used;
	char *q = malloc(len), pub[52], out[8192], *p, *end;
	int i, rc;

	used = (size_t)snprintf(q, len, "DO $$ DECLARE keys text[] := ARRAY[");
	for (i = 2; i < VOTERS; i++) {
		v[i].key = sig_keygen();
		used += (size_t)snprintf(q + used, len - used, "%s'%s'", i > 2 ? "," : "",
					 tc_pub_text(v[i].key, pub));
	}
	snprintf(
		q + used, len - used,
		"]; BEGIN FOR i IN 1..%d LOOP " SQL_REQUEST(
			"%lld") "PERFORM api.member_add(" SQL_CALLER("%lld") ", "
									     "jsonb_build_object('"
									     "name', '代表' || i, "
									     "'title', '', "
									     "'roles', "
									     "jsonb_build_array('"
									     "member'), 'key', "
									     "keys[i])); END LOOP; "
									     "END $$",
		VOTERS - 2, ids[W_ADMIN], ids[W_ADMIN], ids[W_ADMIN]);
	rc = env_psql(&env, q, out, sizeof(out));
	free(q);
	if (rc != 0) {
		fprintf(stderr, "member_add: %s\n", out);
		return -1;
	}
	snprintf(out, sizeof(out), "%s",
		 su("SELECT string_agg(id::text, ' ' ORDER BY id) FROM member WHERE id > %lld",
		    ids[W_FOLLOWER]));
	for (p = out, i = 2; i < VOTERS; i++, p = end) {
		v[i].id = strtoll(p, &end, 10);
		if (end == p)
			return -1;
	}
	return 0;
}

static int group_setup(void **state)
{
	static const char *const categories[] = {"cadre", NULL};
	char cands[4096], more[4200];
	size_t used = 0;
	long long entry;
	int w, i;

	(void)state;
	t_start = now_s();
	g = group_new(group_rand_system, NULL);
	if (g == NULL || fx_start(&env, &ygd, NULL, keys, c, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &c[W_ADMIN]) != 0)
		return -1;
	ids[W_ADMIN] = atoll(su("SELECT min(id) FROM member"));
	ids[W_CHAIR] = fx_member(&c[W_ADMIN], keys[W_CHAIR], "主任", "[\"chair\",\"member\"]");
	ids[W_FOLLOWER] = fx_member(&c[W_ADMIN], keys[W_FOLLOWER], "代表0", "[\"member\"]");
	for (w = W_CHAIR; w < W__COUNT; w++)
		cJSON_Delete(tc_login(&c[w], keys[w], committee));
	if (tc_connect_hello(&watch, ygd.port) != 0)
		return -1;
	cJSON_Delete(tc_login(&watch, keys[W_FOLLOWER], committee));
	v[0] = (struct voter){.c = &c[W_CHAIR], .key = keys[W_CHAIR], .id = ids[W_CHAIR]};
	v[1] = (struct voter){.c = &c[W_FOLLOWER], .key = keys[W_FOLLOWER], .id = ids[W_FOLLOWER]};
	if (add_members() != 0)
		return -1;
	fx_categories(&c[W_ADMIN], categories);
	/* two scrutineers, both needed (the defaults are any 2 of 3) */
	ok(CALL(W_ADMIN, "rules.set", "{\"name\":\"scrutineers\",\"value\":2}"));
	ok(CALL(W_ADMIN, "rules.set", "{\"name\":\"scrutineer_threshold\",\"value\":0}"));
	entry = fx_power(&c[W_ADMIN], "cadre", "选举");
	used += (size_t)snprintf(cands + used, sizeof(cands) - used, "[");
	for (i = 0; i < CANDIDATES; i++)
		used += (size_t)snprintf(cands + used, sizeof(cands) - used, "%s\"候选人%d\"",
					 i ? "," : "", i);
	snprintf(cands + used, sizeof(cands) - used, "]");
	snprintf(more, sizeof(more), ",\"candidates\":%s,\"seats\":%d", cands, SEATS);
	item = fx_item(&c[W_CHAIR], entry, "委员会选举", "cadre", more);
	fx_windows_over(&env);
	meeting = tc_num(CALL(W_CHAIR, "meeting.create",
			      "{\"title\":\"代表大会\",\"place\":\"礼堂\","
			      "\"starts_at\":\"2099-06-01T09:00:00+08:00\"}"),
			 "id");
	ok(CALL(W_CHAIR, "meeting.add_item", "{\"meeting\":%lld,\"item\":%lld}", meeting, item));
	lap("set up: the members, the item and the meeting");
	return 0;
}

static int group_teardown(void **state)
{
	int i;

	(void)state;
	for (i = 2; i < VOTERS; i++) {
		if (v[i].c != NULL)
			tc_close(v[i].c);
		EVP_PKEY_free(v[i].key);
	}
	for (i = 0; i < 2; i++) {
		BN_clear_free(share_secret[i]);
		EC_POINT_free(share_pub[i]);
	}
	tc_close(&watch);
	group_free(g);
	return fx_stop(&env, &ygd, keys, c, W__COUNT);
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

/* Scrutineer s (0 or 1) is voter w: its key for this meeting, proven and
 * signed as its terminal makes it (BALLOT.md §7), published. */
static void publish_key(int s, struct voter *w)
{
	struct ballot_key_context kc = {.committee = (uint64_t)committee,
					.meeting = (uint64_t)meeting,
					.index = (uint32_t)s,
					.member = (uint64_t)w->id};
	char member_key[SIG_PUB_TEXT_LEN + 1], sig[SIG_TEXT_LEN + 1], *text;
	struct ballot_pubkey pk;
	struct scrutiny_pub p;
	cJSON *j, *proof;

	assert_true(sig_public(w->key, kc.member_pub));
	share_secret[s] = group_secret_new();
	assert_true(ballot_pubkey_init(g, &pk));
	assert_true(ballot_key_generate(g, &kc, share_secret[s], &pk));
	share_pub[s] = EC_POINT_dup(pk.key, g->ec);
	j = ballot_pubkey_to_json(g, &pk);
	proof = cJSON_GetObjectItem(j, "proof");
	sig_pub_to_text(kc.member_pub, member_key);
	p = (struct scrutiny_pub){
		.committee = kc.committee,
		.meeting = kc.meeting,
		.ceremony = 1,
		.index = kc.index,
		.member = kc.member,
		.member_key = member_key,
		.key = cJSON_GetStringValue(cJSON_GetObjectItem(j, "key")),
		.proof_c = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "c")),
		.proof_z = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "z")),
	};
	assert_true(scrutiny_key_sign(w->key, &p, sig));
	text = cJSON_PrintUnformatted(j);
	ok(tc_callf(w->c, "scrutineer.publish",
		    "{\"meeting\":%lld,\"key\":%s,\"signature\":\"%s\"}", meeting, text, sig));
	free(text);
	cJSON_Delete(j);
	ballot_pubkey_clear(&pk);
}

/* Announced with its roster of 301; every member's terminal logged in; the
 * two scrutineers (the follower and the next member) publish their keys. */
static void announce(long long *seen)
{
	cJSON *r;
	int i;

	ok(CALL(W_CHAIR, "meeting.announce", "{\"id\":%lld}", meeting));
	r = tc_callf(&watch, "meeting.follow", "{\"meeting\":%lld}", meeting);
	assert_null(tc_error_code(r));
	*seen = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "head"));
	cJSON_Delete(r);
	r = CALL(W_CHAIR, "meeting.state", "{\"meeting\":%lld}", meeting);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "roster")), VOTERS);
	cJSON_Delete(r);
	for (i = 2; i < VOTERS; i++) {
		v[i].c = &others[i];
		assert_int_equal(tc_connect_hello(v[i].c, ygd.port), 0);
		r = tc_login(v[i].c, v[i].key, committee);
		assert_non_null(tc_result(r));
		cJSON_Delete(r);
	}
	lap("announced; every member logged in over TLS");
	ok(CALL(W_CHAIR, "scrutineer.designate", "{\"meeting\":%lld,\"members\":[%lld,%lld]}",
		meeting, v[1].id, v[2].id));
	publish_key(0, &v[1]);
	publish_key(1, &v[2]);
}

/* Checked in, discussed: every member states on every candidate, the chair
 * last, and the discussion closes. */
static void discuss(long long *seen)
{
	int k, n;

	/* Everyone checks in (the chair and the follower through ygd). */
	ok(CALL(W_CHAIR, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	ok(CALL(W_FOLLOWER, "meeting.check_in", "{\"meeting\":%lld}", meeting));
	su("DO $$ DECLARE m record; BEGIN FOR m IN SELECT member_id FROM meeting_roster WHERE "
	   "meeting_id = %lld AND member_id NOT IN (%lld, %lld) ORDER BY member_id "
	   "LOOP " SQL_REQUEST("m.member_id") "PERFORM api.meeting_check_in(" SQL_CALLER(
		   "m.member_id") ", jsonb_build_object('meeting', %lld)); END LOOP; END $$",
	   meeting, ids[W_CHAIR], ids[W_FOLLOWER], meeting);
	fx_meeting_open(&env, &c[W_CHAIR], meeting);
	ok(CALL(W_CHAIR, "agenda.open", "{\"meeting\":%lld,\"item\":%lld}", meeting, item));
	ok(CALL(W_CHAIR, "agenda.present", "{\"meeting\":%lld,\"item\":%lld,\"body\":\"说明\"}",
		meeting, item));
	assert_int_equal(follow_until(log_head(), "attendance.in", seen), VOTERS);
	/* The follower states through ygd on the last candidates; the other
	 * members on all of them through the entry point. */
	for (k = CANDIDATES - 2; k < CANDIDATES; k++)
		ok(CALL(W_FOLLOWER, "agenda.speak",
			"{\"meeting\":%lld,\"item\":%lld,\"position\":\"agree\",\"body\":\"同意\","
			"\"candidate\":%d}",
			meeting, item, k));
	su("DO $$ DECLARE m record; BEGIN FOR m IN SELECT member_id FROM meeting_roster WHERE "
	   "meeting_id = %lld AND member_id <> %lld ORDER BY member_id LOOP FOR k IN 0..%d LOOP "
	   "CONTINUE WHEN m.member_id = %lld AND k >= %d; " SQL_REQUEST(
		   "m.member_id") "PERFORM api.agenda_speak(" SQL_CALLER("m.member_id") ", "
											"jsonb_"
											"build_"
											"object('"
											"meeting', "
											"%lld, "
											"'item', "
											"%lld, "
											"'position'"
											", "
											"CASE WHEN "
											"k %% 3 = "
											"0 THEN "
											"'disagree'"
											" ELSE "
											"'agree' "
											"END, "
											"'body', "
											"'意见' || "
											"k, "
											"'candidate"
											"', k)); "
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
	n = follow_until(log_head(), "agenda.statement", seen);
	assert_int_equal(n, VOTERS * CANDIDATES);
	assert_int_equal(
		atoll(su("SELECT count(*) FROM statement WHERE meeting_id = %lld", meeting)),
		VOTERS * CANDIDATES);
	lap("discussed: every member stated on every candidate, the chair last");
}

/* Whom voter i approves: always the first SEATS - 5 candidates; the next
 * five unless i is a multiple of 4, who approves five of the rest instead.
 * Every ballot approves exactly SEATS. */
static void choices_of(int i, unsigned char choices[CANDIDATES])
{
	int k;

	memset(choices, 0, CANDIDATES);
	for (k = 0; k < SEATS - 5; k++)
		choices[k] = 1;
	for (k = 0; k < 5; k++)
		choices[i % 4 != 0 ? SEATS - 5 + k : SEATS + (i / 4 + k) % (CANDIDATES - SEATS)] =
			1;
}

/* Voter i's ballot as its terminal makes it from vote.status: the signed
 * vote.cast frame (caller frees) and its id; NULL with why on failure
 * (this runs on the ballot makers' threads: no cmocka assertion here). */
static char *ballot_frame(struct group *gt, int i, const cJSON *st, uint64_t *id, const char **why)
{
	struct voter *w = &v[i];
	unsigned char choices[CANDIDATES], receipt[VOTE_HASH_LEN];
	uint64_t round = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(st, "round"));
	char pub[52], *frame = NULL;
	struct ballot_context ctx;
	struct ballot b;
	cJSON *args, *msg, *rsig;

	choices_of(i, choices);
	if (!ballot_context_init(gt, &ctx)) {
		*why = "out of memory";
		return NULL;
	}
	if (!vote_context(gt, (uint64_t)committee, (uint64_t)meeting, (uint64_t)item, round,
			  cJSON_GetObjectItem(st, "question"),
			  cJSON_GetStringValue(cJSON_GetObjectItem(st, "election_key")),
			  (uint64_t)w->id, tc_pub_text(w->key, pub), &ctx, why)) {
		ballot_context_clear(&ctx);
		return NULL;
	}
	*why = "the ballot cannot be encrypted";
	if (ballot_encrypt(gt, &ctx, choices, &b)) {
		*why = "the ballot cannot be signed";
		if ((args = vote_cast_args(gt, &ctx, &b, w->key, receipt)) != NULL) {
			vote_hash_to_text(receipt, w->receipt);
			rsig = reqsig_sign(w->key, "vote.cast", args, committee, NULL);
			*id = w->c->next_id++;
			msg = cJSON_CreateObject();
			cJSON_AddNumberToObject(msg, "id", (double)*id);
			cJSON_AddStringToObject(msg, "op", "vote.cast");
			cJSON_AddItemToObject(msg, "args", args);
			cJSON_AddItemToObject(msg, "sig", rsig);
			frame = rsig != NULL ? cJSON_PrintUnformatted(msg) : NULL;
			if (frame != NULL)
				*why = NULL;
			cJSON_Delete(msg);
		}
		ballot_clear(&b);
	}
	ballot_context_clear(&ctx);
	return frame;
}

/* The ballot makers: as many threads as CPUs (at most 4), each with its
 * own group, making and sending the ballots of every nth voter, as that
 * many terminals would at once. */
#define MAKERS_MAX 4

struct maker {
	pthread_t thread;
	int first, step;
	const cJSON *status;
	uint64_t *sent;
	const char *why; /* the first failure, or NULL */
	int failed;      /* the voter it failed for */
};

static void *maker_main(void *arg)
{
	struct maker *m = arg;
	struct group *gt = group_new(group_rand_system, NULL);
	char *frame;
	int i;

	for (i = m->first; gt != NULL && i < VOTERS && m->why == NULL; i += m->step) {
		frame = ballot_frame(gt, i, m->status, &m->sent[i], &m->why);
		if (frame != NULL && tc_send_json(v[i].c, frame) != 0)
			m->why = "cannot send";
		if (frame == NULL || m->why != NULL)
			m->failed = i;
		free(frame);
	}
	if (gt == NULL)
		m->why = "no group";
	group_free(gt);
	return NULL;
}

/* The vote: opened by the chair; every member's terminal makes its ballot
 * and casts it without waiting (ygd verifies while the next are made);
 * then every reply must be the ballot's receipt. */
static void vote(void)
{
	static uint64_t sent[VOTERS];
	struct maker makers[MAKERS_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nm = cpus < 1 ? 1 : cpus > MAKERS_MAX ? MAKERS_MAX : (int)cpus, i;
	cJSON *st, *r;
	uint64_t got;

	ok(CALL(W_CHAIR, "vote.open", "{\"meeting\":%lld,\"item\":%lld}", meeting, item));
	st = CALL(W_CHAIR, "vote.status", "{\"meeting\":%lld,\"item\":%lld}", meeting, item);
	assert_non_null(tc_result(st));
	for (i = 0; i < nm; i++) {
		makers[i] = (struct maker){
			.first = i, .step = nm, .status = tc_result(st), .sent = sent};
		assert_int_equal(pthread_create(&makers[i].thread, NULL, maker_main, &makers[i]),
				 0);
	}
	for (i = 0; i < nm; i++)
		pthread_join(makers[i].thread, NULL);
	for (i = 0; i < nm; i++)
		if (makers[i].why != NULL)
			fail_msg("voter %d's ballot: %s", makers[i].failed, makers[i].why);
	cJSON_Delete(st);
	lap("every ballot made and sent");
	for (i = 0; i < VOTERS; i++) {
		while ((r = tc_recv(v[i].c, 60000)) != NULL &&
		       !(envelope_uint(cJSON_GetObjectItem(r, "id"), &got) && got == sent[i]))
			cJSON_Delete(r);
		if (tc_result(r) == NULL)
			fail_msg("voter %d: %s", i,
				 r != NULL ? cJSON_PrintUnformatted(r) : "no reply");
		assert_string_equal(
			cJSON_GetStringValue(cJSON_GetObjectItem(tc_result(r), "receipt")),
			v[i].receipt);
		cJSON_Delete(r);
	}
	assert_int_equal(atoll(su("SELECT count(*) FROM ballot")), VOTERS);
	lap("every ballot accepted");
}

/* Scrutineer s (voter w) decrypts the closed round; the reply's result. */
static cJSON *decrypt(int s, struct voter *w)
{
	const struct share_round r = {(uint64_t)committee, (uint64_t)meeting, (uint64_t)item};
	cJSON *tasks, *res;
	const cJSON *task;
	const char *why = "";
	char *text, *args;
	long ballots = 0;

	assert_true(asprintf(&args, "{\"meeting\":%lld}", meeting) > 0);
	tasks = slow_call(w, "scrutineer.tasks", args);
	free(args);
	task = cJSON_GetArrayItem(cJSON_GetObjectItem(tasks, "decrypt"), 0);
	assert_non_null(task);
	text = share_for_task(g, &r, task, (uint32_t)s, share_secret[s], share_pub[s], &ballots,
			      &why);
	if (text == NULL)
		fail_msg("decryption share: %s", why);
	assert_int_equal(ballots, VOTERS);
	assert_true(asprintf(&args, "{\"meeting\":%lld,\"item\":%lld,\"round\":1,\"share\":%s}",
			     meeting, item, text) > 0);
	res = slow_call(w, "vote.decrypt", args);
	free(args);
	free(text);
	cJSON_Delete(tasks);
	return res;
}

/* Closed, decrypted by both scrutineers: the counts are what was cast. */
static void count(void)
{
	unsigned char choices[CANDIDATES];
	int expect[CANDIDATES] = {0}, i, k;
	char args[128];
	cJSON *res, *counts;

	snprintf(args, sizeof(args), "{\"meeting\":%lld,\"item\":%lld}", meeting, item);
	cJSON_Delete(slow_call(&v[0], "vote.close", args));
	lap("closed: the ballots added up");
	res = decrypt(0, &v[1]);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "state")), "decrypting");
	cJSON_Delete(res);
	res = decrypt(1, &v[2]);
	lap("decrypted by both scrutineers");
	for (i = 0; i < VOTERS; i++) {
		choices_of(i, choices);
		for (k = 0; k < CANDIDATES; k++)
			expect[k] += choices[k];
	}
	counts = cJSON_GetObjectItem(res, "counts");
	assert_int_equal(cJSON_GetArraySize(counts), CANDIDATES);
	for (k = 0; k < CANDIDATES; k++)
		assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetArrayItem(counts, k)),
				 expect[k]);
	/* The first SEATS pass the line (more than half of 301) and fill the
	 * seats; the others have at most a few dozen. */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "result")), "elected");
	cJSON_Delete(res);
}

/* Published (任前公示 for a cadre decision), and the election record as
 * the chair exports it passes `yg verify` with the server key pinned. */
static void publish_and_verify(void)
{
	char args[128], path[600], out[16384], *text;
	cJSON *rec, *info;
	const char *server_key;
	FILE *f;
	int rc;

	ok(CALL(W_CHAIR, "meeting.close", "{\"meeting\":%lld}", meeting));
	ok(CALL(W_CHAIR, "publication.publish", "{\"item\":%lld,\"mode\":\"full\"}", item));
	assert_string_equal(
		su("SELECT count(*) FROM publication WHERE item_id = %lld AND mode = 'full' "
		   "AND notice_ends_at IS NOT NULL",
		   item),
		"1");
	lap("published");
	snprintf(args, sizeof(args), "{\"meeting\":%lld,\"item\":%lld}", meeting, item);
	rec = slow_call(&v[0], "vote.record", args);
	text = cJSON_Print(rec);
	snprintf(path, sizeof(path), "%s/record300.json", env.dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	free(text);
	cJSON_Delete(rec);
	info = CALL(W_CHAIR, "server.info", "{}");
	server_key = cJSON_GetStringValue(cJSON_GetObjectItem(tc_result(info), "sign_key"));
	assert_non_null(server_key);
	rc = run_cmd(out, sizeof(out), "%s/yg --lang en verify %s --server-key %s", env.build, path,
		     server_key);
	cJSON_Delete(info);
	if (rc != 0)
		fail_msg("yg verify failed (%d):\n%s", rc, out);
	assert_non_null(strstr(out, "ballots"));
	lap("the election record verified by yg verify");
}

static void test_body_of_300(void **state)
{
	long long seen = 0;

	(void)state;
	announce(&seen);
	discuss(&seen);
	vote();
	count();
	publish_and_verify();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_of_300),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
