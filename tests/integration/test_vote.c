/* 票决 over the raw protocol (proto/VOTE.md): scrutineers and the key
 * ceremony, a vote with a recusal and an absence, every refused ballot
 * (second, after close, recused, absent, wrong round, copied, failing
 * proof, forged signature) leaving nothing stored, ygd killed with -9 in
 * the middle of the vote, partial decryptions checked, the signed tally and
 * the election record verified offline; then a competitive cadre vote with
 * a tie at the last seat, its run-off round, and a scrutineer whose
 * terminal drops before decrypting. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/auth.h"
#include "../../proto/ballot.h"
#include "../../proto/election.h"
#include "../../proto/jws.h"
#include "../../proto/scrutiny.h"
#include "../../proto/vote.h"
#include "../support/fixture.h"
#include "../support/scrape.h"
#include "../support/share.h"

enum who { W_ADMIN, W_CHAIR, W_M1, W_M2, W_M3, W_M4, W_M5, W_M6, W_CLERK, W_OBS, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static int metrics_port;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT];
static long long ids[W__COUNT], meeting, item_a, item_c, committee = 1;
static struct group *g;
static BIGNUM *share_secret[2];
static EC_POINT *share_pub[2];

#define CALL(w, op, ...) tc_callf(&c[w], op, __VA_ARGS__)
#define ENTRY            "{\"meeting\":%lld,\"item\":%lld"

static const char *count(const char *query)
{
	static char out[64];

	if (env_psql(&env, query, out, sizeof(out)) != 0)
		fail_msg("%s: %s", query, out);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void login(enum who w)
{
	cJSON_Delete(tc_login(&c[w], keys[w], committee));
}

static void expect_refusal(cJSON *r, const char *code, const char *words)
{
	const cJSON *msg = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message");

	if (tc_error_code(r) == NULL)
		fail_msg("expected %s (%s), got a result", code, words ? words : "");
	assert_string_equal(tc_error_code(r), code);
	if (words != NULL && strstr(msg->valuestring, words) == NULL)
		fail_msg("expected \"%s\" in: %s", words, msg->valuestring);
	cJSON_Delete(r);
}

static cJSON *ok_result(cJSON *r)
{
	cJSON *res;

	if (tc_error_code(r) != NULL)
		fail_msg("refused: %s", cJSON_PrintUnformatted(r));
	res = cJSON_DetachItemFromObject(r, "result");
	cJSON_Delete(r);
	return res;
}

/* Seven on the roster (the chair, M1–M6; M6 never comes), a clerk, an
 * observer; an ordinary item and a cadre item of 3 candidates for 2 seats. */
static int setup_meeting(void)
{
	static const char *const names[] = {"", "张书记", "甲", "乙", "丙", "丁", "戊", "候选人丙"};
	static const char *const categories[] = {"incident", "cadre", NULL};
	long long e_incident, e_cadre, obs, items[2];
	int w;

	fx_members(&c[W_ADMIN], keys, names, ids, W_CHAIR, W_M6);
	ids[W_CLERK] = fx_member(&c[W_ADMIN], keys[W_CLERK], "钱记录", "[\"clerk\"]");
	obs = fx_observer(&c[W_OBS], keys[W_OBS], "李代表", "party_rep", &c[W_ADMIN]);
	for (w = W_CHAIR; w < W__COUNT; w++)
		login(w);
	fx_categories(&c[W_ADMIN], categories);
	/* two scrutineers, both needed (the defaults are any 2 of 3: tests/threshold.sh) */
	tc_code(CALL(W_ADMIN, "rules.set", "{\"name\":\"scrutineers\",\"value\":2}"));
	tc_code(CALL(W_ADMIN, "rules.set", "{\"name\":\"scrutineer_threshold\",\"value\":0}"));
	e_incident = fx_power(&c[W_ADMIN], "incident", "处置");
	e_cadre = fx_power(&c[W_ADMIN], "cadre", "任免");
	item_a = items[0] =
		fx_item(&c[W_M1], e_incident, "防汛应急处置", "incident", ",\"seats\":0");
	item_c = items[1] = fx_item(&c[W_M1], e_cadre, "副局长人选", "cadre",
				    ",\"candidates\":[\"候选人甲\",\"候选人乙\",\"候选人丙\"],"
				    "\"seats\":2");
	fx_windows_over(&env);
	meeting = fx_meeting(&c[W_CHAIR], items, 2, obs);
	for (w = W_CHAIR; w < W__COUNT; w++)
		if (w != W_CLERK && w != W_M6)
			fx_check_in(&c[w], meeting);
	return 0;
}

static int group_setup(void **state)
{
	char file[400];
	const char *extra[] = {"--metrics-listen", "127.0.0.1:0", "--metrics-port-file", file,
			       NULL};

	(void)state;
	g = group_new(group_rand_system, NULL);
	if (g == NULL || env_setup(&env) != 0)
		return -1;
	snprintf(file, sizeof(file), "%s/metrics.port", env.dir);
	if (ygd_start(&env, &ygd, extra) != 0 || (metrics_port = scrape_port(file)) <= 0 ||
	    fx_connect(&ygd, keys, c, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &c[W_ADMIN]) != 0)
		return -1;
	return setup_meeting();
}

static int group_teardown(void **state)
{
	int w;

	(void)state;
	for (w = 0; w < 2; w++) {
		BN_clear_free(share_secret[w]);
		EC_POINT_free(share_pub[w]);
	}
	group_free(g);
	return fx_stop(&env, &ygd, keys, c, W__COUNT);
}

/* A scrutineer key for position index of member w, as yg makes it, and
 * its publication signed by signer (BALLOT.md §7.4): the text
 * `{"key", "proof"},"signature":"…"` to follow "key": in a request. */
static char *scrutineer_key_signed(enum who w, enum who signer, int index, BIGNUM *secret,
				   EC_POINT **pub_out)
{
	struct ballot_key_context kc = {.committee = (uint64_t)committee,
					.meeting = (uint64_t)meeting,
					.index = (uint32_t)index,
					.member = (uint64_t)ids[w]};
	struct scrutiny_pub p;
	struct ballot_pubkey pk;
	char member_key[SIG_PUB_TEXT_LEN + 1], sig[SIG_TEXT_LEN + 1], *key, *text;
	cJSON *j;

	assert_true(sig_public(keys[w], kc.member_pub));
	assert_true(ballot_pubkey_init(g, &pk));
	assert_true(ballot_key_generate(g, &kc, secret, &pk));
	j = ballot_pubkey_to_json(g, &pk);
	sig_pub_to_text(kc.member_pub, member_key);
	p.committee = kc.committee;
	p.meeting = kc.meeting;
	p.ceremony = 1;
	p.index = kc.index;
	p.member = kc.member;
	p.member_key = member_key;
	p.key = cJSON_GetStringValue(cJSON_GetObjectItem(j, "key"));
	p.proof_c = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "proof"), "c"));
	p.proof_z = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "proof"), "z"));
	assert_true(scrutiny_key_sign(keys[signer], &p, sig));
	key = cJSON_PrintUnformatted(j);
	assert_true(asprintf(&text, "%s,\"signature\":\"%s\"", key, sig) > 0);
	free(key);
	if (pub_out != NULL) {
		*pub_out = EC_POINT_dup(pk.key, g->ec);
	}
	cJSON_Delete(j);
	ballot_pubkey_clear(&pk);
	return text;
}

static char *scrutineer_key(enum who w, int index, BIGNUM *secret, EC_POINT **pub_out)
{
	return scrutineer_key_signed(w, w, index, secret, pub_out);
}

static void test_scrutineers(void **state)
{
	char *key;
	BIGNUM *junk = group_secret_new();
	cJSON *r;

	(void)state;
	expect_refusal(CALL(W_M1, "scrutineer.designate",
			    "{\"meeting\":%lld,\"members\":[%lld,%lld]}", meeting, ids[W_M4],
			    ids[W_M5]),
		       "forbidden", NULL);
	expect_refusal(CALL(W_CHAIR, "scrutineer.designate",
			    "{\"meeting\":%lld,\"members\":[%lld]}", meeting, ids[W_M4]),
		       "conflict", "exactly 2");
	expect_refusal(CALL(W_CHAIR, "scrutineer.designate",
			    "{\"meeting\":%lld,\"members\":[%lld,%lld]}", meeting, ids[W_M4],
			    ids[W_M6]),
		       "conflict", "candidate");
	expect_refusal(CALL(W_CHAIR, "scrutineer.designate",
			    "{\"meeting\":%lld,\"members\":[%lld,%lld]}", meeting, ids[W_M4],
			    ids[W_CLERK]),
		       "conflict", "roster");
	/* A first designation, then a second that replaces it. */
	assert_string_equal(tc_code(CALL(W_CHAIR, "scrutineer.designate",
					 "{\"meeting\":%lld,\"members\":[%lld,%lld]}", meeting,
					 ids[W_M3], ids[W_M4])),
			    "ok");
	r = ok_result(CALL(W_CHAIR, "scrutineer.designate",
			   "{\"meeting\":%lld,\"members\":[%lld,%lld]}", meeting, ids[W_M4],
			   ids[W_M5]));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "scrutineers")), 2);
	cJSON_Delete(r);
	expect_refusal(CALL(W_M3, "scrutineer.tasks", "{\"meeting\":%lld}", meeting), "forbidden",
		       NULL);

	/* A key proven for another position, or by a non-scrutineer, is refused. */
	key = scrutineer_key(W_M4, 1, junk, NULL);
	expect_refusal(
		CALL(W_M4, "scrutineer.publish", "{\"meeting\":%lld,\"key\":%s}", meeting, key),
		"bad_request", "proof");
	expect_refusal(
		CALL(W_M3, "scrutineer.publish", "{\"meeting\":%lld,\"key\":%s}", meeting, key),
		"forbidden", NULL);
	free(key);
	/* A publication not signed by the scrutineer (BALLOT.md §7.4) is refused. */
	key = scrutineer_key_signed(W_M4, W_M5, 0, junk, NULL);
	expect_refusal(
		CALL(W_M4, "scrutineer.publish", "{\"meeting\":%lld,\"key\":%s}", meeting, key),
		"bad_request", "not signed");
	free(key);
	BN_clear_free(junk);

	/* A vote cannot open before the meeting has its election key. */
	share_secret[0] = group_secret_new();
	share_secret[1] = group_secret_new();
	key = scrutineer_key(W_M4, 0, share_secret[0], &share_pub[0]);
	r = ok_result(
		CALL(W_M4, "scrutineer.publish", "{\"meeting\":%lld,\"key\":%s}", meeting, key));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "election_key")));
	cJSON_Delete(r);
	expect_refusal(
		CALL(W_M4, "scrutineer.publish", "{\"meeting\":%lld,\"key\":%s}", meeting, key),
		"conflict", "already");
	free(key);
	expect_refusal(CALL(W_CHAIR, "scrutineer.designate",
			    "{\"meeting\":%lld,\"members\":[%lld,%lld]}", meeting, ids[W_M4],
			    ids[W_M3]),
		       "conflict", "fixed");
	key = scrutineer_key(W_M5, 1, share_secret[1], &share_pub[1]);
	r = ok_result(
		CALL(W_M5, "scrutineer.publish", "{\"meeting\":%lld,\"key\":%s}", meeting, key));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(r, "election_key")));
	cJSON_Delete(r);
	free(key);
	r = ok_result(CALL(W_OBS, "scrutineer.list", "{\"meeting\":%lld}", meeting));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(r, "election_key")));
	cJSON_Delete(r);
	assert_string_equal(count("SELECT count(*) FROM meeting_log WHERE body::jsonb->>'event' = "
				  "'election.key'"),
			    "1");
}

/* Discuss item (taken up already when opened): everyone passes or agrees,
 * the chair speaks last, the discussion closes. */
static void discuss(long long item, enum who recused, bool opened)
{
	int w;

	if (!opened)
		assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item)),
				    "ok");
	if (recused != W__COUNT)
		assert_string_equal(tc_code(CALL(recused, "agenda.recuse",
						 ENTRY ",\"reason\":\"亲属关系\"}", meeting, item)),
				    "ok");
	assert_string_equal(
		tc_code(CALL(W_M1, "agenda.present", ENTRY ",\"body\":\"说明\"}", meeting, item)),
		"ok");
	for (w = W_M1; w <= W_M5; w++) {
		if (w == (int)recused)
			continue;
		if (item == item_c) {
			int k;

			for (k = 0; k < 3; k++)
				assert_string_equal(
					tc_code(CALL(w, "agenda.speak",
						     ENTRY
						     ",\"position\":\"agree\",\"body\":\"同意\","
						     "\"candidate\":%d}",
						     meeting, item, k)),
					"ok");
		} else {
			assert_string_equal(
				tc_code(CALL(w, "agenda.pass", ENTRY "}", meeting, item)), "ok");
		}
	}
	if (item == item_c) {
		int k;

		for (k = 0; k < 3; k++)
			assert_string_equal(
				tc_code(CALL(W_CHAIR, "agenda.speak",
					     ENTRY ",\"position\":\"agree\","
						   "\"body\":\"同意\",\"candidate\":%d}",
					     meeting, item, k)),
				"ok");
	} else {
		assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.speak",
						 ENTRY ",\"position\":\"agree\",\"body\":\"同意\"}",
						 meeting, item)),
				    "ok");
	}
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.close", ENTRY "}", meeting, item)), "ok");
}

/* A ballot as member w's terminal makes it from vote.status; the args of
 * vote.cast (caller frees), and the receipt text. */
static char *make_ballot(enum who w, long long item, const unsigned char *choices, EVP_PKEY *signer,
			 char receipt_text[VOTE_HASH_TEXT_LEN + 1], cJSON **ballot_out)
{
	cJSON *st = ok_result(CALL(w, "vote.status", ENTRY "}", meeting, item)), *bj, *args;
	struct ballot_context ctx;
	struct ballot b;
	unsigned char receipt[VOTE_HASH_LEN];
	char sig[SIG_TEXT_LEN + 1], own[52], *text;
	const char *why = "";
	uint64_t round = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(st, "round"));

	assert_true(ballot_context_init(g, &ctx));
	if (!vote_context(g, (uint64_t)committee, (uint64_t)meeting, (uint64_t)item, round,
			  cJSON_GetObjectItem(st, "question"),
			  cJSON_GetStringValue(cJSON_GetObjectItem(st, "election_key")),
			  (uint64_t)ids[w],
			  cJSON_IsString(cJSON_GetObjectItem(st, "you_key"))
				  ? cJSON_GetStringValue(cJSON_GetObjectItem(st, "you_key"))
				  : tc_pub_text(keys[w], own),
			  &ctx, &why))
		fail_msg("vote_context: %s", why);
	assert_true(ballot_encrypt(g, &ctx, choices, &b));
	assert_true(ballot_receipt(g, &b, receipt));
	vote_hash_to_text(receipt, receipt_text);
	assert_true(vote_envelope_sign(signer, (uint64_t)committee, (uint64_t)meeting,
				       (uint64_t)item, round, (uint64_t)ids[w], receipt, sig));
	bj = ballot_to_json(g, &b);
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddNumberToObject(args, "round", (double)round);
	cJSON_AddItemToObject(args, "ballot", bj);
	cJSON_AddStringToObject(args, "signature", sig);
	if (ballot_out != NULL)
		*ballot_out = cJSON_Duplicate(bj, true);
	text = cJSON_PrintUnformatted(args);
	cJSON_Delete(args);
	ballot_clear(&b);
	ballot_context_clear(&ctx);
	cJSON_Delete(st);
	return text;
}

static const unsigned char YES[3] = {1, 0, 0}, NO[3] = {0, 1, 0};

/* Cast for w; the receipt is checked against the reply. */
static void cast(enum who w, long long item, const unsigned char *choices)
{
	char receipt[VOTE_HASH_TEXT_LEN + 1],
		*args = make_ballot(w, item, choices, keys[w], receipt, NULL);
	cJSON *r = ok_result(tc_call(&c[w], "vote.cast", args));

	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "receipt")), receipt);
	cJSON_Delete(r);
	free(args);
}

static char receipt_m1[VOTE_HASH_TEXT_LEN + 1];

/* api.vote_cast called by ygd's own role, as if ygd had skipped its checks:
 * the database alone still refuses a recused or absent member, a key the
 * voter did not hold at opening, and a round that is not open. */
static void app_role_cast(enum who w, int round, const char *key, const char *expect)
{
	char q[2048], out[4096], file[400], key_id[64];
	FILE *f;

	snprintf(q, sizeof(q),
		 "SELECT id FROM member_key WHERE member_id = %lld AND valid_until IS NULL",
		 ids[w]);
	snprintf(key_id, sizeof(key_id), "%s", count(q));
	snprintf(q, sizeof(q),
		 "\\set ON_ERROR_STOP 1\nSELECT api.vote_cast('{\"kind\":\"member\",\"id\":%lld,"
		 "\"key\":%s,\"committee\":%lld,\"allowed\":[\"member\",\"chair\"]}', "
		 "'{\"meeting\":%lld,\"item\":%lld,\"round\":%d,\"voter_key\":\"%s\","
		 "\"signature\":\"%086d\",\"receipt\":\"%043d\"}')",
		 ids[w], key_id, committee, meeting, item_a, round, key, 0, 0);
	snprintf(file, sizeof(file), "%s/app_cast.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(q, f);
	fclose(f);
	if (run_cmd(out, sizeof(out), "scripts/pg.sh psql %s yangguang -U ygd -tA -f %s", env.pgdir,
		    file) == 0)
		fail_msg("the database stored a ballot it must refuse: %s", q);
	if (strstr(out, expect) == NULL)
		fail_msg("expected \"%s\" in: %s", expect, out);
}

/* The same five through api.vote_cast_many, ygd's group commit, in one
 * statement: each is refused on its own, with its own words, in the list's
 * order (the list is stored in meeting order, not the order given). */
static void app_role_cast_many(const char *key, const char *other)
{
	static const struct {
		enum who w;
		int round;
		bool own_key;
		const char *expect;
	} casts[] = {{W_M2, 1, false, "recused"},
		     {W_M6, 1, false, "not present"},
		     {W_M3, 1, false, "another key"},
		     {W_M3, 2, true, "round 2 is not open"},
		     {W_M1, 1, true, "already voted"}};
	char q[8192], out[4096], file[400], key_id[64], *at = out;
	size_t i, off;
	FILE *f;

	off = (size_t)snprintf(q, sizeof(q),
			       "\\set ON_ERROR_STOP 1\nSELECT string_agg(a->>'message', ' | ' "
			       "ORDER BY o) FROM jsonb_array_elements(api.vote_cast_many('[");
	for (i = 0; i < sizeof(casts) / sizeof(casts[0]); i++) {
		char kq[160];

		snprintf(kq, sizeof(kq),
			 "SELECT id FROM member_key WHERE member_id = %lld AND valid_until IS NULL",
			 ids[casts[i].w]);
		snprintf(key_id, sizeof(key_id), "%s", count(kq));
		off += (size_t)snprintf(
			q + off, sizeof(q) - off,
			"%s{\"caller\":{\"kind\":\"member\",\"id\":%lld,\"key\":%s,"
			"\"committee\":%lld,\"allowed\":[\"member\",\"chair\"]},\"meeting\":%lld,"
			"\"item\":%lld,\"round\":%d,\"voter_key\":\"%s\",\"signature\":\"%086d\","
			"\"receipt\":\"%043zu\"}",
			i > 0 ? "," : "", ids[casts[i].w], key_id, committee, meeting, item_a,
			casts[i].round, casts[i].own_key ? key : other, 0, i + 1);
	}
	snprintf(q + off, sizeof(q) - off, "]')) WITH ORDINALITY x(a, o)");
	snprintf(file, sizeof(file), "%s/app_cast_many.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(q, f);
	fclose(f);
	if (run_cmd(out, sizeof(out), "scripts/pg.sh psql %s yangguang -U ygd -tA -f %s", env.pgdir,
		    file) != 0)
		fail_msg("api.vote_cast_many failed as a whole: %s", out);
	for (i = 0; i < sizeof(casts) / sizeof(casts[0]); i++) {
		if ((at = strstr(at, casts[i].expect)) == NULL)
			fail_msg("expected \"%s\" as answer %zu in: %s", casts[i].expect, i + 1,
				 out);
		at++;
	}
}

static void app_role_cast_refused(void)
{
	const char *other = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	char q[256], key[64];

	snprintf(q, sizeof(q),
		 "SELECT e->>'key' FROM vote_round r, jsonb_array_elements(r.eligible) e "
		 "WHERE r.item_id = %lld AND (e->>'member')::bigint = %lld",
		 item_a, ids[W_M3]);
	snprintf(key, sizeof(key), "%s", count(q));
	app_role_cast(W_M2, 1, other, "recused");
	app_role_cast(W_M6, 1, other, "not present");
	app_role_cast(W_M3, 1, other, "another key");
	app_role_cast(W_M3, 2, key, "round 2 is not open");
	app_role_cast(W_M1, 1, key, "already voted");
	app_role_cast_many(key, other);
}

/* Every ballot that must be refused, with its own error; nothing stored. */
/* How many election keys ygd has built a table for (its metrics). */
static int key_tables(void)
{
	char *text = scrape_metrics(metrics_port);
	double v;

	assert_non_null(text);
	v = scrape_value(text, "yg_election_key_tables_total");
	free(text);
	assert_true(v >= 0);
	return (int)v;
}

static void test_refused_ballots(void **state)
{
	char receipt[VOTE_HASH_TEXT_LEN + 1], *args;
	cJSON *copy, *r;
	EVP_PKEY *other = sig_keygen();
	int i;

	(void)state;
	fx_meeting_open(&env, &c[W_CHAIR], meeting);
	assert_string_equal(tc_code(CALL(W_CHAIR, "agenda.open", ENTRY "}", meeting, item_a)),
			    "ok");
	expect_refusal(CALL(W_CHAIR, "vote.open", ENTRY "}", meeting, item_a), "conflict",
		       "agenda.close");
	discuss(item_a, W_M2, true);
	expect_refusal(CALL(W_M1, "vote.open", ENTRY "}", meeting, item_a), "forbidden",
		       "presides");
	assert_int_equal(key_tables(), 0);
	r = ok_result(CALL(W_CHAIR, "vote.open", ENTRY "}", meeting, item_a));
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "round")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "eligible")), 5);
	cJSON_Delete(r);
	/* The meeting's election key has its table once the vote is open,
	 * before any ballot (a handful of ballots would never earn one). */
	for (i = 0; i < 300 && key_tables() < 1; i++)
		sleep_ms(100);
	assert_int_equal(key_tables(), 1);
	expect_refusal(CALL(W_CHAIR, "vote.open", ENTRY "}", meeting, item_a), "conflict", NULL);

	cast(W_M1, item_a, YES);
	args = make_ballot(W_M1, item_a, YES, keys[W_M1], receipt, NULL);
	expect_refusal(tc_call(&c[W_M1], "vote.cast", args), "conflict", "already voted");
	free(args);
	args = make_ballot(W_M2, item_a, YES, keys[W_M2], receipt, NULL);
	expect_refusal(tc_call(&c[W_M2], "vote.cast", args), "forbidden", "recused");
	free(args);
	args = make_ballot(W_M6, item_a, YES, keys[W_M6], receipt, NULL);
	assert_string_equal(tc_code(CALL(W_M6, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	expect_refusal(tc_call(&c[W_M6], "vote.cast", args), "forbidden", "not present");
	free(args);
	assert_string_equal(tc_code(CALL(W_M6, "meeting.check_out", "{\"meeting\":%lld}", meeting)),
			    "ok");

	/* M3's own ballot with its round changed: refused as a round not open. */
	args = make_ballot(W_M3, item_a, YES, keys[W_M3], receipt, &copy);
	r = cJSON_Parse(args);
	cJSON_ReplaceItemInObject(r, "round", cJSON_CreateNumber(2));
	free(args);
	args = cJSON_PrintUnformatted(r);
	expect_refusal(tc_call(&c[W_M3], "vote.cast", args), "conflict", "round 2 is not open");
	free(args);
	cJSON_Delete(r);
	cJSON_Delete(copy);

	/* M1's ballot copied by M3 and signed by M3: its proofs are M1's. */
	args = make_ballot(W_M1, item_a, YES, keys[W_M1], receipt, &copy);
	free(args);
	{
		unsigned char raw[VOTE_HASH_LEN];
		char sig[SIG_TEXT_LEN + 1], *btext = cJSON_PrintUnformatted(copy);

		assert_true(vote_hash_from_text(receipt, raw));
		assert_true(vote_envelope_sign(keys[W_M3], (uint64_t)committee, (uint64_t)meeting,
					       (uint64_t)item_a, 1, (uint64_t)ids[W_M3], raw, sig));
		expect_refusal(CALL(W_M3, "vote.cast",
				    ENTRY ",\"round\":1,\"ballot\":%s,\"signature\":\"%s\"}",
				    meeting, item_a, btext, sig),
			       "bad_request", "proof");
		free(btext);
	}
	cJSON_Delete(copy);

	/* A ballot whose ciphertext was changed fails its proof. */
	args = make_ballot(W_M3, item_a, YES, keys[W_M3], receipt, NULL);
	{
		char *a = strstr(args, "\"a\":\"");

		assert_non_null(a);
		a[10] = a[10] == 'A' ? 'B' : 'A';
	}
	expect_refusal(tc_call(&c[W_M3], "vote.cast", args), "bad_request", NULL);
	free(args);
	/* A ballot signed with another key than the voter's. */
	args = make_ballot(W_M3, item_a, YES, other, receipt, NULL);
	expect_refusal(tc_call(&c[W_M3], "vote.cast", args), "bad_request", "signature");
	free(args);
	/* Observers and clerks never vote. */
	{
		char junk[SIG_TEXT_LEN + 1];

		memset(junk, 'A', SIG_TEXT_LEN);
		junk[SIG_TEXT_LEN] = '\0';
		expect_refusal(CALL(W_OBS, "vote.cast",
				    ENTRY ",\"round\":1,\"ballot\":{},\"signature\":\"%s\"}",
				    meeting, item_a, junk),
			       "forbidden", NULL);
		expect_refusal(CALL(W_CLERK, "vote.cast",
				    ENTRY ",\"round\":1,\"ballot\":{},\"signature\":\"%s\"}",
				    meeting, item_a, junk),
			       "forbidden", NULL);
	}
	EVP_PKEY_free(other);
	app_role_cast_refused();

	assert_string_equal(count("SELECT count(*) FROM ballot"), "1");
	assert_int_equal(key_tables(), 1); /* the ballots' checks used it */
	r = ok_result(CALL(W_OBS, "vote.status", ENTRY "}", meeting, item_a));
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "cast")), 1);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r, "you_eligible")));
	cJSON_Delete(r);
	cJSON_Delete(ok_result(CALL(W_M1, "vote.status", ENTRY "}", meeting, item_a)));
	{
		char args2[128];

		snprintf(args2, sizeof(args2), ENTRY "}", meeting, item_a);
		r = ok_result(tc_call(&c[W_M1], "vote.status", args2));
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "you_voted")));
		cJSON_Delete(r);
	}
	snprintf(receipt_m1, sizeof(receipt_m1), "%s",
		 count("SELECT receipt FROM ballot WHERE voter = (SELECT id FROM member WHERE "
		       "display_name = '甲')"));
}

/* kill -9 in the middle of the vote: what was accepted is there, the vote
 * goes on and closes; the scrutineers decrypt; the result is signed. */
static void test_crash_close_decrypt(void **state)
{
	cJSON *st, *r, *payload, *rec;
	const char *why = "";
	unsigned char server_pub[SIG_PUB_LEN];
	struct election_report rep;
	uint64_t voter = 0;
	int w, i;

	(void)state;
	cast(W_CHAIR, item_a, YES);
	assert_int_equal(ygd_kill(&ygd), 0);
	assert_int_equal(ygd_restart(&env, &ygd, NULL), 0);
	assert_true(tc_wait_db_ready(ygd.port, 10000));
	for (w = 0; w < W__COUNT; w++) {
		tc_close(&c[w]);
		assert_int_equal(tc_connect_hello(&c[w], ygd.port), 0);
		login((enum who)w);
	}
	st = ok_result(CALL(W_CHAIR, "vote.status", ENTRY "}", meeting, item_a));
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(st, "cast")), 2);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(st, "state")), "open");
	cJSON_Delete(st);
	cast(W_M3, item_a, YES);
	cast(W_M4, item_a, YES);
	cast(W_M5, item_a, NO);

	expect_refusal(CALL(W_M1, "vote.close", ENTRY "}", meeting, item_a), "forbidden", NULL);
	r = ok_result(CALL(W_CHAIR, "vote.close", ENTRY "}", meeting, item_a));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "state")), "decrypting");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "awaiting")), 2);
	cJSON_Delete(r);
	{
		char receipt[VOTE_HASH_TEXT_LEN + 1],
			*args = make_ballot(W_M2, item_a, YES, keys[W_M2], receipt, NULL);

		expect_refusal(tc_call(&c[W_M2], "vote.cast", args), "conflict", "closed");
		free(args);
	}
	expect_refusal(CALL(W_CHAIR, "meeting.close", "{\"meeting\":%lld}", meeting), "conflict",
		       "vote is under way");

	/* Each scrutineer decrypts the sum the server announced. */
	for (i = 0; i < 2; i++) {
		enum who sw = i == 0 ? W_M4 : W_M5;
		cJSON *tasks =
			ok_result(CALL(sw, "scrutineer.tasks", "{\"meeting\":%lld}", meeting));
		cJSON *task = cJSON_GetArrayItem(cJSON_GetObjectItem(tasks, "decrypt"), 0);
		const struct share_round sr = {(uint64_t)committee, (uint64_t)meeting,
					       (uint64_t)item_a};
		long ballots = 0;
		char *text;

		assert_non_null(task);
		/* A decryption with the wrong secret is refused first. */
		text = share_for_task(g, &sr, task, (uint32_t)i, share_secret[1 - i], share_pub[i],
				      &ballots, &why);
		assert_non_null(text);
		assert_int_equal(ballots, 5);
		expect_refusal(CALL(sw, "vote.decrypt", ENTRY ",\"round\":1,\"share\":%s}", meeting,
				    item_a, text),
			       "bad_request", "proofs");
		free(text);
		text = share_for_task(g, &sr, task, (uint32_t)i, share_secret[i], share_pub[i],
				      NULL, &why);
		assert_non_null(text);
		r = ok_result(CALL(sw, "vote.decrypt", ENTRY ",\"round\":1,\"share\":%s}", meeting,
				   item_a, text));
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "state")),
				    i == 0 ? "decrypting" : "closed");
		if (i == 0) {
			const cJSON *aw = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "awaiting"), 0);

			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(aw, "name")),
					    "戊");
			expect_refusal(CALL(sw, "vote.decrypt", ENTRY ",\"round\":1,\"share\":%s}",
					    meeting, item_a, text),
				       "conflict", "already");
		}
		cJSON_Delete(r);
		free(text);
		cJSON_Delete(tasks);
	}

	/* The result: 4 yes of 7 entitled (more than half: 4), signed. */
	st = ok_result(CALL(W_OBS, "vote.status", ENTRY "}", meeting, item_a));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(st, "result")), "adopted");
	r = ok_result(CALL(W_OBS, "server.info", "{}"));
	assert_true(sig_pub_from_text(cJSON_GetStringValue(cJSON_GetObjectItem(r, "sign_key")),
				      server_pub));
	payload = jws_verify(cJSON_GetStringValue(cJSON_GetObjectItem(st, "tally")), server_pub,
			     VOTE_TALLY_TYP, &why);
	if (payload == NULL)
		fail_msg("tally: %s", why);
	assert_int_equal(
		cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItem(payload, "counts"), 0)),
		4);
	assert_int_equal(
		cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItem(payload, "counts"), 1)),
		1);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(payload, "entitled")), 7);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(payload, "ballots")), 5);
	/* Format 2 signs what the record would otherwise say alone: present
	 * and the quorum judged at opening (more than half of 7), the whole
	 * rules, every eligible key, no previous round, final, the log head. */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(payload, "format")),
			    "yangguang-tally/2");
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(payload, "present")) >= 5);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(
				 cJSON_GetObjectItem(payload, "quorum"), "needed")),
			 4);
	assert_true(cJSON_IsFalse(
		cJSON_GetObjectItem(cJSON_GetObjectItem(payload, "quorum"), "personnel")));
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(cJSON_GetObjectItem(payload, "rules"),
						     "scrutineers_vote_first")));
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(payload, "eligible"), 0), "key")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(payload, "previous")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(payload, "final")));
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(
			    cJSON_GetObjectItem(payload, "log_head"), "seq")) >= 1);
	if (getenv("YG_TALLY_DIR") != NULL) { /* for the jose check in tests/run.sh */
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/tally.jws", getenv("YG_TALLY_DIR"));
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(st, "tally")));
		fclose(f);
		snprintf(path, sizeof(path), "%s/server_key", getenv("YG_TALLY_DIR"));
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(r, "sign_key")));
		fclose(f);
	}
	cJSON_Delete(payload);
	cJSON_Delete(st);
	{
		char q[128];

		snprintf(q, sizeof(q), "SELECT status FROM item WHERE id = %lld", item_a);
		assert_string_equal(count(q), "decided");
	}

	/* The election record verifies offline, pinned to the published key;
	 * without a ballot it does not; M1 finds their receipt in it. */
	rec = ok_result(CALL(W_M1, "vote.record", ENTRY "}", meeting, item_a));
	assert_true(election_verify(rec, server_pub, &rep));
	assert_int_equal(election_find_receipt(rec, receipt_m1, &voter), 1);
	assert_int_equal((long long)voter, ids[W_M1]);
	cJSON_DeleteItemFromArray(
		cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "rounds"), 0),
				    "ballots"),
		2);
	assert_false(election_verify(rec, server_pub, &rep));
	cJSON_Delete(rec);
	cJSON_Delete(r);
	expect_refusal(CALL(W_OBS, "vote.record", ENTRY "}", meeting, item_a), "forbidden", NULL);
}

/* Scrutineer i (member sw) decrypts what its tasks list; the reply. */
static cJSON *decrypt_as(enum who sw, int i)
{
	cJSON *tasks = ok_result(CALL(sw, "scrutineer.tasks", "{\"meeting\":%lld}", meeting));
	cJSON *task = cJSON_GetArrayItem(cJSON_GetObjectItem(tasks, "decrypt"), 0), *r;
	struct share_round sr = {(uint64_t)committee, (uint64_t)meeting, 0};
	const char *why = "";
	char *text;
	uint64_t round;

	assert_non_null(task);
	sr.item = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(task, "item"));
	round = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(task, "round"));
	text = share_for_task(g, &sr, task, (uint32_t)i, share_secret[i], share_pub[i], NULL, &why);
	if (text == NULL)
		fail_msg("decryption share: %s", why);
	r = ok_result(CALL(sw, "vote.decrypt",
			   "{\"meeting\":%lld,\"item\":%llu,\"round\":%llu,\"share\":%s}", meeting,
			   (unsigned long long)sr.item, (unsigned long long)round, text));
	free(text);
	cJSON_Delete(tasks);
	return r;
}

/* An approval ballot: the candidates (indices) approved. */
static void approve(enum who w, int a, int b)
{
	unsigned char choices[3] = {0, 0, 0};

	if (a >= 0)
		choices[a] = 1;
	if (b >= 0)
		choices[b] = 1;
	cast(w, item_c, choices);
}

/* 差额: 3 candidates for 2 seats; a tie at the last seat opens a run-off
 * round of the tied candidates for the seat left; a scrutineer's terminal
 * drops before decrypting it, and the close waits for it to come back. */
static void test_cadre_runoff(void **state)
{
	cJSON *r, *rec;
	struct election_report rep;
	unsigned char server_pub[SIG_PUB_LEN];
	enum { A, B, C };

	(void)state;
	/* Yes votes needed: more than a third of 应到会 (7): 3. */
	assert_string_equal(tc_code(CALL(W_ADMIN, "rules.set",
					 "{\"name\":\"pass_threshold\",\"value\":{\"num\":1,"
					 "\"den\":3,\"inclusive\":false}}")),
			    "ok");
	/* On this one the scrutineers vote first (监票人先投票). */
	assert_string_equal(tc_code(CALL(W_ADMIN, "rules.set",
					 "{\"name\":\"scrutineers_vote_first\",\"value\":true}")),
			    "ok");
	discuss(item_c, W__COUNT, false);
	r = ok_result(CALL(W_CHAIR, "vote.open", ENTRY "}", meeting, item_c));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(r, "question"), "kind")),
			    "approval");
	cJSON_Delete(r);
	assert_string_equal(tc_code(CALL(W_ADMIN, "rules.set",
					 "{\"name\":\"scrutineers_vote_first\",\"value\":false}")),
			    "ok");
	{
		unsigned char ab[3] = {1, 1, 0};
		char receipt[VOTE_HASH_TEXT_LEN + 1],
			*args = make_ballot(W_CHAIR, item_c, ab, keys[W_CHAIR], receipt, NULL);

		/* The rule in force is the one fixed when the vote opened. */
		expect_refusal(tc_call(&c[W_CHAIR], "vote.cast", args), "conflict",
			       "scrutineers vote first");
		free(args);
	}
	approve(W_M4, A, B);
	approve(W_M5, C, -1);
	approve(W_CHAIR, A, B);
	approve(W_M1, A, B);
	approve(W_M2, A, C);
	approve(W_M3, A, C);
	r = ok_result(CALL(W_CHAIR, "vote.close", ENTRY "}", meeting, item_c));
	cJSON_Delete(r);
	cJSON_Delete(decrypt_as(W_M4, 0));
	r = decrypt_as(W_M5, 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "result")), "runoff");
	assert_int_equal(cJSON_GetArraySize(
				 cJSON_GetObjectItem(cJSON_GetObjectItem(r, "outcome"), "runoff")),
			 2);
	cJSON_Delete(r);

	/* Round 2: 候选人乙 and 候选人丙 for one seat. */
	r = ok_result(CALL(W_CHAIR, "vote.open", ENTRY "}", meeting, item_c));
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "round")), 2);
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetArrayItem(
			cJSON_GetObjectItem(cJSON_GetObjectItem(r, "question"), "labels"), 0)),
		"候选人乙");
	cJSON_Delete(r);
	approve(W_CHAIR, 0, -1);
	approve(W_M1, 0, -1);
	approve(W_M2, 0, -1);
	approve(W_M3, 1, -1);
	approve(W_M4, 0, -1);
	approve(W_M5, -1, -1);
	cJSON_Delete(ok_result(CALL(W_CHAIR, "vote.close", ENTRY "}", meeting, item_c)));

	/* M5's terminal is gone; M4 decrypts; the chair sees who is awaited. */
	tc_close(&c[W_M5]);
	cJSON_Delete(decrypt_as(W_M4, 0));
	r = ok_result(CALL(W_CHAIR, "vote.status", ENTRY "}", meeting, item_c));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "state")), "decrypting");
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(
			cJSON_GetArrayItem(cJSON_GetObjectItem(r, "awaiting"), 0), "name")),
		"戊");
	cJSON_Delete(r);
	assert_int_equal(tc_connect_hello(&c[W_M5], ygd.port), 0);
	login(W_M5);
	r = decrypt_as(W_M5, 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "result")), "elected");
	assert_int_equal(
		cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "counts"), 0)), 4);
	cJSON_Delete(r);

	r = ok_result(CALL(W_OBS, "server.info", "{}"));
	assert_true(sig_pub_from_text(cJSON_GetStringValue(cJSON_GetObjectItem(r, "sign_key")),
				      server_pub));
	cJSON_Delete(r);
	rec = ok_result(CALL(W_CHAIR, "vote.record", ENTRY "}", meeting, item_c));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rec, "rounds")), 2);
	if (!election_verify(rec, server_pub, &rep)) {
		int i;

		for (i = 0; i < rep.nlines; i++)
			print_message("%s\n", rep.lines[i]);
		fail_msg("the cadre record does not verify");
	}
	/* The run-off that elected, dropped: the record is not complete. */
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(rec, "rounds"), 1);
	assert_false(election_verify(rec, server_pub, &rep));
	{
		bool seen = false;
		int i;

		for (i = 0; i < rep.nlines; i++)
			seen |= strstr(rep.lines[i], "FAIL: round 1 ended in a run-off and the "
						     "record holds no round 2") != NULL;
		assert_true(seen);
	}
	cJSON_Delete(rec);
	assert_string_equal(tc_code(CALL(W_CHAIR, "meeting.close", "{\"meeting\":%lld}", meeting)),
			    "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scrutineers),
		cmocka_unit_test(test_refused_ballots),
		cmocka_unit_test(test_crash_close_decrypt),
		cmocka_unit_test(test_cadre_runoff),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
