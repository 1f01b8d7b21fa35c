/* Identities over the raw protocol: login and every refusal, the
 * authorization matrix (every role against every operation), checks that
 * the database repeats in the transaction, and bad input that must leave
 * nothing half-written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/auth.h"
#include "../../proto/envelope.h"
#include "../../proto/reqsig.h"
#include "../../proto/roles.h"
#include "../support/fixture.h"

enum who { W_PUBLIC, W_ADMIN, W_CHAIR, W_MEMBER, W_CLERK, W_AUDITOR, W_OBSERVER, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static long long ids[W__COUNT];
static struct tclient conns[W__COUNT];

/* Call op with args (JSON text) and return the error code, or "ok". */
static const char *call_code(struct tclient *tc, const char *op, const char *args)
{
	static char code[64];
	cJSON *r = tc_call(tc, op, args);

	snprintf(code, sizeof(code), "%s",
		 r == NULL                  ? "no reply"
		 : tc_error_code(r) != NULL ? tc_error_code(r)
					    : "ok");
	cJSON_Delete(r);
	return code;
}

/* Call op expecting success; returns the result (caller frees the reply). */
static cJSON *call_ok(struct tclient *tc, const char *op, const char *args)
{
	cJSON *r = tc_call(tc, op, args);

	if (tc_result(r) == NULL)
		fail_msg("%s %s: %s", op, args, r != NULL ? cJSON_PrintUnformatted(r) : "no reply");
	return r;
}

/* The admin adds a member with the given roles; returns their id. */
static long long add_member(const char *name, const char *roles, EVP_PKEY *key)
{
	char args[512], pub[52];
	cJSON *r;
	long long id;

	snprintf(args, sizeof(args),
		 "{\"name\":\"%s\",\"title\":\"常委\",\"roles\":%s,\"key\":\"%s\"}", name, roles,
		 tc_pub_text(key, pub));
	r = call_ok(&conns[W_ADMIN], "member.add", args);
	id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "id"));
	cJSON_Delete(r);
	return id;
}

/* An observer registers with their key and the admin approves. */
static long long add_observer(EVP_PKEY *key)
{
	struct tclient tc;
	cJSON *ch, *args, *r;
	char *text, decide[128];
	long long id;

	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	ch = call_ok(&tc, "auth.challenge", NULL);
	args = tc_signed_args(&tc, key, AUTH_REGISTER, 1,
			      cJSON_GetObjectItem(tc_result(ch), "nonce")->valuestring);
	cJSON_AddStringToObject(args, "name", "李群众");
	cJSON_AddStringToObject(args, "category", "public_rep");
	cJSON_AddStringToObject(args, "affiliation", "城关镇");
	text = cJSON_PrintUnformatted(args);
	r = call_ok(&tc, "observer.register", text);
	id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "id"));
	snprintf(decide, sizeof(decide), "{\"id\":%lld,\"decision\":\"approve\"}", id);
	cJSON_Delete(r);
	r = call_ok(&conns[W_ADMIN], "observer.decide", decide);
	cJSON_Delete(r);
	cJSON_Delete(ch);
	cJSON_Delete(args);
	free(text);
	tc_close(&tc);
	return id;
}

/* Log conns[w] in with keys[w]. */
static void login(enum who w)
{
	cJSON *r = tc_login(&conns[w], keys[w], 1);

	if (tc_result(r) == NULL)
		fail_msg("login %d: %s", w, r != NULL ? cJSON_PrintUnformatted(r) : "no reply");
	cJSON_Delete(r);
}

static int group_setup(void **state)
{
	char pub[52], out[4096];
	int w;

	(void)state;
	if (fx_start(&env, &ygd, NULL, keys, conns, W__COUNT) != 0)
		return -1;
	if (run_cmd(out, sizeof(out),
		    "%s/ygd --db '%s' bootstrap '某某县委常委会' '王明' %s '办公室主任'", env.build,
		    env.conninfo, tc_pub_text(keys[W_ADMIN], pub)) != 0)
		return -1;
	login(W_ADMIN);
	ids[W_CHAIR] = add_member("张书记", "[\"chair\",\"member\"]", keys[W_CHAIR]);
	ids[W_MEMBER] = add_member("赵委员", "[\"member\"]", keys[W_MEMBER]);
	ids[W_CLERK] = add_member("钱记录", "[\"clerk\"]", keys[W_CLERK]);
	ids[W_AUDITOR] = add_member("孙纪委", "[\"member\",\"auditor\"]", keys[W_AUDITOR]);
	ids[W_OBSERVER] = add_observer(keys[W_OBSERVER]);
	for (w = W_CHAIR; w < W__COUNT; w++)
		login((enum who)w);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, keys, conns, W__COUNT);
}

/* Everyone logged in is who the database says, with their roles. */
static void test_whoami(void **state)
{
	cJSON *r;

	(void)state;
	r = call_ok(&conns[W_AUDITOR], "auth.whoami", NULL);
	assert_string_equal(cJSON_GetObjectItem(tc_result(r), "name")->valuestring, "孙纪委");
	assert_int_equal(roles_from_json(cJSON_GetObjectItem(tc_result(r), "roles")),
			 ROLE_MEMBER | ROLE_AUDITOR);
	cJSON_Delete(r);
	r = call_ok(&conns[W_OBSERVER], "auth.whoami", NULL);
	assert_string_equal(cJSON_GetObjectItem(tc_result(r), "kind")->valuestring, "observer");
	cJSON_Delete(r);
	assert_string_equal(call_code(&conns[W_PUBLIC], "auth.whoami", NULL), "unauthenticated");
}

/* Send signed args (JSON) as auth.login and return the error code. */
static const char *login_with(struct tclient *tc, cJSON *args)
{
	char *text = cJSON_PrintUnformatted(args);
	const char *code = call_code(tc, "auth.login", text);

	free(text);
	return code;
}

/* A fresh connection's challenge nonce (static buffer). */
static const char *challenge(struct tclient *tc)
{
	static char nonce[64];
	cJSON *r = call_ok(tc, "auth.challenge", NULL);

	snprintf(nonce, sizeof(nonce), "%s",
		 cJSON_GetObjectItem(tc_result(r), "nonce")->valuestring);
	cJSON_Delete(r);
	return nonce;
}

/* Signatures are single use and bound to their connection. */
static void test_login_replay(void **state)
{
	struct tclient x, y;
	cJSON *args;

	(void)state;
	assert_int_equal(tc_connect_hello(&x, ygd.port), 0);
	assert_int_equal(tc_connect_hello(&y, ygd.port), 0);
	args = tc_signed_args(&x, keys[W_MEMBER], AUTH_LOGIN, 1, challenge(&x));
	challenge(&y);
	assert_string_equal(login_with(&y, args), "unauthenticated"); /* another connection */
	assert_string_equal(login_with(&y, args), "conflict");        /* nonce used up */
	challenge(&x);
	assert_string_equal(login_with(&x, args), "unauthenticated"); /* an older nonce */
	cJSON_Delete(args);
	args = tc_signed_args(&x, keys[W_MEMBER], AUTH_LOGIN, 1, challenge(&x));
	assert_string_equal(login_with(&x, args), "ok");
	assert_string_equal(login_with(&x, args), "conflict"); /* no challenge, and logged in */
	challenge(&x);
	assert_string_equal(login_with(&x, args), "conflict"); /* already logged in */
	cJSON_Delete(args);
	tc_close(&x);
	tc_close(&y);
}

/* Log in on a fresh connection; the error code or "ok". */
static const char *fresh_login(EVP_PKEY *key, long long committee)
{
	static char code[64];
	struct tclient tc;
	cJSON *r;

	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	r = tc_login(&tc, key, committee);
	snprintf(code, sizeof(code), "%s", tc_error_code(r) != NULL ? tc_error_code(r) : "ok");
	cJSON_Delete(r);
	tc_close(&tc);
	return code;
}

/* Unknown, revoked, wrong-committee and pending keys are refused. */
static void test_login_refusals(void **state)
{
	EVP_PKEY *stranger = sig_keygen(), *leaver = sig_keygen();
	char args[128];
	long long id;
	cJSON *r;

	(void)state;
	assert_string_equal(fresh_login(stranger, 1), "unauthenticated");
	assert_string_equal(fresh_login(keys[W_MEMBER], 999), "not_found");
	id = add_member("周离任", "[\"member\"]", leaver);
	assert_string_equal(fresh_login(leaver, 1), "ok");
	snprintf(args, sizeof(args), "{\"member\":%lld,\"reason\":\"调离\"}", id);
	r = call_ok(&conns[W_ADMIN], "key.revoke", args);
	cJSON_Delete(r);
	assert_string_equal(fresh_login(leaver, 1), "unauthenticated");
	r = call_ok(&conns[W_ADMIN], "committee.create", "{\"name\":\"另一个委员会\"}");
	id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "id"));
	cJSON_Delete(r);
	assert_string_equal(fresh_login(keys[W_CHAIR], id), "unauthenticated");
	assert_string_equal(fresh_login(keys[W_ADMIN], id), "ok");
	assert_string_equal(
		call_code(&conns[W_PUBLIC], "auth.login",
			  "{\"committee\":1,\"key\":\"ed25519:short\",\"signature\":\"x\"}"),
		"bad_request");
	EVP_PKEY_free(stranger);
	EVP_PKEY_free(leaver);
}

#define P         (1 << W_PUBLIC)
#define A         (1 << W_ADMIN)
#define C         (1 << W_CHAIR)
#define M         (1 << W_MEMBER)
#define K         (1 << W_CLERK)
#define U         (1 << W_AUDITOR)
#define O         (1 << W_OBSERVER)
#define ALL       (P | A | C | M | K | U | O)
#define LOGGED    (A | C | M | K | U | O)
#define COMMITTEE (A | C | M | K | U)

/* Written out here independently of server/policy/authz.c: the test states
 * what DESIGN.md's roles should be able to do. The chair, member and
 * auditor connections also hold the member role. */
static const struct {
	const char *op;
	int allowed;
} matrix[] = {
	{"hello", ALL},
	{"ping", ALL},
	{"server.info", ALL},
	{"subscribe", ALL},
	{"unsubscribe", ALL},
	{"auth.challenge", ALL},
	{"auth.login", ALL},
	{"auth.whoami", LOGGED},
	{"catalog.get", ALL},
	{"committee.list", ALL},
	{"committee.create", A},
	{"member.add", A},
	{"member.list", COMMITTEE},
	{"member.update", A},
	{"key.rotate", A},
	{"key.revoke", A},
	{"key.history", A | U},
	{"rules.get", LOGGED},
	{"rules.set", A | C}, /* a trial's chair shortens its periods */
	{"observer.register", ALL},
	{"observer.list", A | C | U},
	{"observer.decide", A},
	{"observer.category.add", A},
	{"audit.log", A | U},
	{"power.list", ALL},
	{"power.add", A},
	{"power.update", A},
	{"power.retire", A},
	{"item.create", C | M | U},
	{"item.update", C | M | U},
	{"item.revise", C | M | U},
	{"item.announce", C | M | U},
	{"item.withdraw", C | M | U},
	{"item.object", C | M | U},
	{"item.list", COMMITTEE},
	{"item.show", COMMITTEE},
	{"item.gates", COMMITTEE},
	{"item.public", ALL},
	{"item.confidential", C},
	{"comment.submit", ALL},
	{"comment.list", COMMITTEE},
	{"material.begin", C | M | K | U},
	{"material.chunk", C | M | K | U},
	{"material.finish", C | M | K | U},
	{"material.get", COMMITTEE},
	{"meeting.create", C},
	{"meeting.add_item", C},
	{"meeting.remove_item", C},
	{"meeting.announce", C},
	{"meeting.list", COMMITTEE | O}, /* observers: the meetings they are invited to */
	{"meeting.show", COMMITTEE},
	{"meeting.invite", C},
	{"meeting.check_in", C | M | U | O},
	{"meeting.check_out", C | M | U | O},
	{"meeting.absent", C | K},
	{"meeting.open", C},
	{"meeting.close", C},
	{"meeting.follow", LOGGED},
	{"meeting.state", LOGGED},
	{"meeting.log", COMMITTEE},
	{"agenda.open", C},
	{"agenda.present", C | M | U},
	{"agenda.speak", C | M | U},
	{"agenda.pass", C | M | U},
	{"agenda.recuse", C | M | U},
	{"agenda.preside", C | M | U},
	{"agenda.defer", C | M | U},
	{"agenda.close", C | M | U},
	{"floor.request", C | M | U | O},
	{"floor.grant", C | M | U},
	{"scrutineer.designate", C},
	{"scrutineer.list", LOGGED},
	{"scrutineer.publish", C | M | U},
	{"scrutineer.tasks", C | M | U},
	{"vote.open", C | M | U},
	{"vote.status", LOGGED},
	{"vote.cast", C | M | U},
	{"vote.close", C | M | U},
	{"vote.decrypt", C | M | U},
	{"vote.record", COMMITTEE},
	{"minutes.get", COMMITTEE},
	{"minutes.agree", K},
	{"minutes.remark", K},
	{"minutes.sign", C | K},
	{"presiding.succeed", A | C},
	{"minutes.correct", K},
	{"minutes.countersign", C},
	{"meeting.record", COMMITTEE},
	{"publication.publish", C},
	{"publication.list", C | K | U},
	{"publication.revise", C},
};

/* Every role against every operation, with empty arguments so that nothing
 * allowed can change anything: allowed gets past authorization (to a result
 * or an argument error), denied gets forbidden, or unauthenticated when not
 * logged in. */
static void test_authz_matrix(void **state)
{
	const char *code;
	size_t i;
	int w;

	(void)state;
	for (i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++)
		for (w = 0; w < W__COUNT; w++) {
			code = call_code(&conns[w], matrix[i].op, "{}");
			if (matrix[i].allowed & (1 << w)) {
				if (strcmp(code, "forbidden") == 0 ||
				    strcmp(code, "unauthenticated") == 0)
					fail_msg("%s denied to role %d: %s", matrix[i].op, w, code);
			} else if (strcmp(code, w == W_PUBLIC ? "unauthenticated" : "forbidden") !=
				   0) {
				fail_msg("%s allowed to role %d: %s", matrix[i].op, w, code);
			}
		}
}

/* An operation that is not in the authorization table is never run. */
static void test_authz_unknown(void **state)
{
	(void)state;
	assert_string_equal(call_code(&conns[W_ADMIN], "member.delete", "{}"), "unknown_op");
}

/* The database re-checks roles and keys in the transaction: a change since
 * login counts at once, and the last admin cannot be removed. */
static void test_db_rechecks(void **state)
{
	char args[160];
	EVP_PKEY *fresh = sig_keygen();
	char pub[52];

	(void)state;
	snprintf(args, sizeof(args), "{\"id\":%lld,\"roles\":[\"member\"]}", ids[W_CHAIR]);
	cJSON_Delete(call_ok(&conns[W_ADMIN], "member.update", args));
	assert_string_equal(call_code(&conns[W_CHAIR], "observer.list", "{}"), "forbidden");
	snprintf(args, sizeof(args), "{\"id\":%lld,\"roles\":[\"chair\",\"member\"]}",
		 ids[W_CHAIR]);
	cJSON_Delete(call_ok(&conns[W_ADMIN], "member.update", args));
	assert_string_equal(call_code(&conns[W_CHAIR], "observer.list", "{}"), "ok");

	snprintf(args, sizeof(args), "{\"member\":%lld}", ids[W_MEMBER]);
	cJSON_Delete(call_ok(&conns[W_ADMIN], "key.revoke", args));
	assert_string_equal(call_code(&conns[W_MEMBER], "member.list", "{}"), "unauthenticated");
	snprintf(args, sizeof(args), "{\"member\":%lld,\"key\":\"%s\"}", ids[W_MEMBER],
		 tc_pub_text(fresh, pub));
	cJSON_Delete(call_ok(&conns[W_ADMIN], "key.rotate", args));
	EVP_PKEY_free(keys[W_MEMBER]);
	keys[W_MEMBER] = fresh;
	tc_close(&conns[W_MEMBER]);
	assert_int_equal(tc_connect_hello(&conns[W_MEMBER], ygd.port), 0);
	login(W_MEMBER);

	assert_string_equal(
		call_code(&conns[W_ADMIN], "member.update", "{\"id\":1,\"roles\":[\"member\"]}"),
		"conflict");
	assert_string_equal(
		call_code(&conns[W_ADMIN], "member.update", "{\"id\":1,\"status\":\"suspended\"}"),
		"conflict");
	assert_string_equal(call_code(&conns[W_ADMIN], "key.revoke", "{\"member\":1}"), "conflict");
	assert_string_equal(call_code(&conns[W_ADMIN], "auth.whoami", "{}"), "ok");
}

/* A count from the database, as text. */
static const char *count(const char *sql)
{
	static char out[256];
	size_t n;

	assert_int_equal(env_psql(&env, sql, out, sizeof(out)), 0);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	return out;
}

/* Refused additions change nothing: no member, no key, no log entry. */
static void test_bad_member_input(void **state)
{
	char before[64], args[11000], pub[52], name[10001];
	EVP_PKEY *k = sig_keygen();

	(void)state;
	snprintf(before, sizeof(before), "%s",
		 count("SELECT (SELECT count(*) FROM member) || '/' || (SELECT count(*) FROM "
		       "member_key) || '/' || (SELECT count(*) FROM admin_log)"));
	tc_pub_text(k, pub);
	snprintf(args, sizeof(args),
		 "{\"name\":\"甲\",\"roles\":[\"member\"],\"key\":\"ed25519:%s\"}", "AAAA");
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "bad_request");
	snprintf(args, sizeof(args),
		 "{\"name\":\"甲\",\"roles\":[\"member\"],\"key\":\"ed25519:%.42s!\"}", pub + 8);
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "bad_request");
	memset(name, 'x', 10000);
	name[10000] = '\0';
	snprintf(args, sizeof(args), "{\"name\":\"%s\",\"roles\":[\"member\"],\"key\":\"%s\"}",
		 name, pub);
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "bad_request");
	snprintf(args, sizeof(args), "{\"name\":\"甲\",\"roles\":[\"god\"],\"key\":\"%s\"}", pub);
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "bad_request");
	snprintf(args, sizeof(args),
		 "{\"name\":\"甲\",\"roles\":[\"member\",\"member\"],\"key\":\"%s\"}", pub);
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "bad_request");
	snprintf(args, sizeof(args), "{\"name\":\"甲\",\"roles\":[\"observer\"],\"key\":\"%s\"}",
		 pub);
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "bad_request");
	snprintf(args, sizeof(args), "{\"name\":\"甲\",\"roles\":[\"member\"],\"key\":\"%s\"}",
		 tc_pub_text(keys[W_CHAIR], pub));
	assert_string_equal(call_code(&conns[W_ADMIN], "member.add", args), "conflict");
	assert_string_equal(
		call_code(&conns[W_ADMIN], "member.add",
			  "{\"name\":\"a\\u202eb\",\"roles\":[\"member\"],\"key\":\"x\"}"),
		"bad_request");
	assert_string_equal(count("SELECT (SELECT count(*) FROM member) || '/' || (SELECT count(*) "
				  "FROM member_key) || '/' || (SELECT count(*) FROM admin_log)"),
			    before);
	EVP_PKEY_free(k);
}

/* The chair's review refuses what is malformed before the database, and
 * an unknown item in it; nothing is written either way. */
static void test_publication_input(void **state)
{
	static const char *const bad[] = {
		"{\"item\":1,\"mode\":\"public\"}",
		"{\"item\":1,\"mode\":\"summary\"}",
		"{\"item\":1,\"mode\":\"withheld\"}",
		"{\"item\":1,\"mode\":\"full\",\"text\":\"x\"}",
		"{\"item\":1,\"mode\":\"summary\",\"text\":\"\"}",
		"{\"item\":0,\"mode\":\"full\"}",
		"{\"item\":\"1\",\"mode\":\"full\"}",
		"{\"mode\":\"full\"}",
		"{\"item\":1,\"mode\":\"full\",\"extra\":1}",
	};
	char before[64], args[8200], reason[2001 * 3 + 1];
	size_t i;

	(void)state;
	snprintf(before, sizeof(before), "%s",
		 count("SELECT (SELECT count(*) FROM publication) || '/' || (SELECT count(*) FROM "
		       "admin_log)"));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strcmp(call_code(&conns[W_CHAIR], "publication.publish", bad[i]),
			   "bad_request") != 0)
			fail_msg("accepted: %s", bad[i]);
	for (i = 0; i < 2001; i++)
		memcpy(reason + 3 * i, "密", 3);
	reason[2001 * 3] = '\0';
	snprintf(args, sizeof(args), "{\"item\":1,\"mode\":\"withheld\",\"text\":\"%s\"}", reason);
	assert_string_equal(call_code(&conns[W_CHAIR], "publication.publish", args), "bad_request");
	assert_string_equal(call_code(&conns[W_CHAIR], "publication.publish",
				      "{\"item\":987654,\"mode\":\"full\"}"),
			    "not_found");
	assert_string_equal(call_code(&conns[W_AUDITOR], "publication.list", "{\"overdue\":1}"),
			    "bad_request");
	assert_string_equal(call_code(&conns[W_AUDITOR], "publication.list", "{\"overdue\":true}"),
			    "ok");
	assert_string_equal(count("SELECT (SELECT count(*) FROM publication) || '/' || (SELECT "
				  "count(*) FROM admin_log)"),
			    before);
}

/* SQL metacharacters in every text field are stored and shown verbatim. */
static void test_sql_metacharacters(void **state)
{
	static const char nasty[] = "Robert'); DROP TABLE member;--\\\"$1 %s \\\\";
	char args[512], pub[52];
	EVP_PKEY *k = sig_keygen();
	const cJSON *m;
	cJSON *r;
	int found = 0;

	(void)state;
	snprintf(args, sizeof(args),
		 "{\"name\":\"%s\",\"title\":\"%s\",\"roles\":[\"member\"],\"key\":\"%s\"}", nasty,
		 nasty, tc_pub_text(k, pub));
	cJSON_Delete(call_ok(&conns[W_ADMIN], "member.add", args));
	r = call_ok(&conns[W_ADMIN], "member.list", NULL);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(tc_result(r), "members")) {
		if (strcmp(cJSON_GetObjectItem(m, "name")->valuestring,
			   "Robert'); DROP TABLE member;--\"$1 %s \\") == 0 &&
		    strcmp(cJSON_GetObjectItem(m, "title")->valuestring,
			   cJSON_GetObjectItem(m, "name")->valuestring) == 0)
			found = 1;
	}
	cJSON_Delete(r);
	assert_true(found);
	snprintf(args, sizeof(args), "{\"code\":\"odd_one\",\"name_zh\":\"%s\",\"name_en\":\"%s\"}",
		 "'); DROP TABLE x;--", nasty);
	cJSON_Delete(call_ok(&conns[W_ADMIN], "observer.category.add", args));
	assert_string_equal(call_code(&conns[W_ADMIN], "observer.category.add",
				      "{\"code\":\"x'; --\",\"name_zh\":\"a\",\"name_en\":\"b\"}"),
			    "bad_request");
	assert_string_equal(
		call_code(&conns[W_ADMIN], "rules.set", "{\"name\":\"quorum'--\",\"value\":1}"),
		"not_found");
	EVP_PKEY_free(k);
}

/* Rules: every setting with its default; a change is checked, applied and
 * logged with its old and new value. */
static void test_rules(void **state)
{
	const cJSON *s, *e;
	cJSON *r;
	int n = 0, logged = 0;

	(void)state;
	r = call_ok(&conns[W_OBSERVER], "rules.get", NULL);
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(tc_result(r), "settings")) {
		assert_true(cJSON_Compare(cJSON_GetObjectItem(s, "value"),
					  cJSON_GetObjectItem(s, "default"), 1));
		n++;
	}
	assert_true(n >= 15);
	cJSON_Delete(r);
	cJSON_Delete(call_ok(&conns[W_ADMIN], "rules.set",
			     "{\"name\":\"publication_days\",\"value\":15}"));
	assert_string_equal(call_code(&conns[W_ADMIN], "rules.set",
				      "{\"name\":\"publication_days\",\"value\":0}"),
			    "bad_request");
	assert_string_equal(
		call_code(
			&conns[W_ADMIN], "rules.set",
			"{\"name\":\"quorum\",\"value\":{\"num\":3,\"den\":2,\"inclusive\":true}}"),
		"bad_request");
	assert_string_equal(
		call_code(&conns[W_ADMIN], "rules.set",
			  "{\"name\":\"materials\",\"value\":{\"decision\":[\"bribe\"]}}"),
		"bad_request");
	assert_string_equal(
		call_code(&conns[W_ADMIN], "rules.set",
			  "{\"name\":\"categories\",\"value\":[\"decision\",\"incident\"]}"),
		"ok");
	r = call_ok(&conns[W_AUDITOR], "audit.log", "{\"limit\":1000}");
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "entries")) {
		if (strcmp(cJSON_GetObjectItem(e, "action")->valuestring, "rules.set") == 0 &&
		    strcmp(cJSON_GetObjectItem(e, "target")->valuestring, "publication_days") ==
			    0 &&
		    cJSON_GetObjectItem(cJSON_GetObjectItem(e, "details"), "old")->valueint == 20 &&
		    cJSON_GetObjectItem(cJSON_GetObjectItem(e, "details"), "new")->valueint == 15)
			logged = 1;
	}
	cJSON_Delete(r);
	assert_true(logged);
}

/* Registration waits for a decision; decisions follow the status. */
static void test_observer_decisions(void **state)
{
	EVP_PKEY *k = sig_keygen();
	struct tclient tc;
	char args[128], *text;
	cJSON *ch, *reg, *r;
	long long id;

	(void)state;
	assert_int_equal(tc_connect_hello(&tc, ygd.port), 0);
	ch = call_ok(&tc, "auth.challenge", NULL);
	reg = tc_signed_args(&tc, k, AUTH_LOGIN, 1,
			     cJSON_GetObjectItem(tc_result(ch), "nonce")->valuestring);
	cJSON_AddStringToObject(reg, "name", "吴代表");
	cJSON_AddStringToObject(reg, "category", "npc_deputy");
	text = cJSON_PrintUnformatted(reg);
	/* Signed for login, not registration: refused. */
	assert_string_equal(call_code(&tc, "observer.register", text), "unauthenticated");
	free(text);
	cJSON_Delete(reg);
	cJSON_Delete(ch);
	ch = call_ok(&tc, "auth.challenge", NULL);
	reg = tc_signed_args(&tc, k, AUTH_REGISTER, 1,
			     cJSON_GetObjectItem(tc_result(ch), "nonce")->valuestring);
	cJSON_AddStringToObject(reg, "name", "吴代表");
	cJSON_AddStringToObject(reg, "category", "npc_deputy");
	text = cJSON_PrintUnformatted(reg);
	r = call_ok(&tc, "observer.register", text);
	id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "id"));
	cJSON_Delete(r);
	free(text);
	cJSON_Delete(reg);
	cJSON_Delete(ch);
	tc_close(&tc);
	assert_string_equal(fresh_login(k, 1), "unauthenticated");
	snprintf(args, sizeof(args), "{\"id\":%lld,\"decision\":\"remove\"}", id);
	assert_string_equal(call_code(&conns[W_ADMIN], "observer.decide", args), "conflict");
	snprintf(args, sizeof(args),
		 "{\"id\":%lld,\"decision\":\"reject\",\"reason\":\"不符合条件\"}", id);
	assert_string_equal(call_code(&conns[W_ADMIN], "observer.decide", args), "ok");
	assert_string_equal(call_code(&conns[W_ADMIN], "observer.decide", args), "conflict");
	assert_string_equal(fresh_login(k, 1), "unauthenticated");
	assert_string_equal(call_code(&conns[W_ADMIN], "observer.decide",
				      "{\"id\":99999,\"decision\":\"approve\"}"),
			    "not_found");
	EVP_PKEY_free(k);
}

/* The administrative log cannot be changed, even by the database owner. */
static void test_log_append_only(void **state)
{
	char out[1024];

	(void)state;
	assert_int_not_equal(env_psql(&env, "UPDATE admin_log SET action = 'x'", out, sizeof(out)),
			     0);
	assert_non_null(strstr(out, "append-only"));
	assert_int_not_equal(env_psql(&env, "DELETE FROM admin_log", out, sizeof(out)), 0);
	assert_int_not_equal(env_psql(&env, "TRUNCATE admin_log", out, sizeof(out)), 0);
	assert_int_not_equal(
		env_psql(&env, "UPDATE member_key SET public_key = public_key", out, sizeof(out)),
		0);
	assert_int_not_equal(env_psql(&env, "DELETE FROM member_key", out, sizeof(out)), 0);
}

/* State-changing requests must be signed by the caller (PROTOCOL.md §7a):
 * ygd refuses them unsigned, signed with another key, altered after
 * signing or replayed; the database stores the signed request with the
 * entry, in a hash chain; and the database role alone cannot log an entry
 * for a member without a request made with that member's key. */
static void test_signed_requests(void **state)
{
	struct tclient *admin = &conns[W_ADMIN];
	char args[160], *text, out[2048];
	cJSON *msg, *sig, *r;

	(void)state;
	snprintf(args, sizeof(args), "{\"id\":%lld,\"title\":\"委员\"}", ids[W_CLERK]);
	admin->unsigned_requests = true;
	r = tc_call(admin, "member.update", args);
	assert_string_equal(tc_error_code(r), "unauthenticated");
	assert_non_null(
		strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring,
		       "must be signed"));
	cJSON_Delete(r);
	admin->unsigned_requests = false;

	/* Signed with the chair's key on the admin's connection. */
	msg = cJSON_Parse("{\"id\":900,\"op\":\"member.update\"}");
	cJSON_AddItemToObject(msg, "args", cJSON_Parse(args));
	sig = reqsig_sign(keys[W_CHAIR], "member.update", cJSON_GetObjectItem(msg, "args"), 1,
			  NULL);
	cJSON_AddItemToObject(msg, "sig", sig);
	text = cJSON_PrintUnformatted(msg);
	assert_int_equal(tc_send_json(admin, text), 0);
	r = tc_recv(admin, 5000);
	assert_string_equal(tc_error_code(r), "unauthenticated");
	cJSON_Delete(r);
	free(text);

	/* Signed by the admin, then altered. */
	cJSON_ReplaceItemInObject(msg, "sig",
				  reqsig_sign(keys[W_ADMIN], "member.update",
					      cJSON_GetObjectItem(msg, "args"), 1, NULL));
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(msg, "args"), "title",
				  cJSON_CreateString("常委"));
	text = cJSON_PrintUnformatted(msg);
	assert_int_equal(tc_send_json(admin, text), 0);
	r = tc_recv(admin, 5000);
	assert_string_equal(tc_error_code(r), "unauthenticated");
	assert_non_null(
		strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring,
		       "does not verify"));
	cJSON_Delete(r);
	free(text);

	/* Signed for this change and sent twice: served once. */
	cJSON_ReplaceItemInObject(msg, "sig",
				  reqsig_sign(keys[W_ADMIN], "member.update",
					      cJSON_GetObjectItem(msg, "args"), 1, NULL));
	text = cJSON_PrintUnformatted(msg);
	assert_int_equal(tc_send_json(admin, text), 0);
	r = tc_recv(admin, 5000);
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	assert_int_equal(tc_send_json(admin, text), 0);
	r = tc_recv(admin, 5000);
	assert_string_equal(tc_error_code(r), "conflict");
	cJSON_Delete(r);
	free(text);
	cJSON_Delete(msg);

	/* The entry holds the request as signed, and the chain holds. */
	assert_string_equal(count("SELECT request->>'key' = (SELECT public_key FROM member_key "
				  "WHERE member_id = 1 AND valid_until IS NULL) FROM admin_log "
				  "WHERE action = 'member.update' ORDER BY id DESC LIMIT 1"),
			    "t");
	assert_string_equal(
		count("SELECT count(*) FROM admin_log l WHERE l.hash IS DISTINCT FROM "
		      "encode(sha256(convert_to('yangguang/v1/admin-log', 'UTF8') || "
		      "'\\x00'::bytea "
		      "|| decode(l.prev_hash, 'hex') || sha256(convert_to(l.body, 'UTF8'))), "
		      "'hex') OR "
		      "l.prev_hash IS DISTINCT FROM coalesce((SELECT p.hash FROM admin_log p WHERE "
		      "p.committee_id IS NOT DISTINCT FROM l.committee_id AND p.id < l.id ORDER BY "
		      "p.id DESC LIMIT 1), repeat('0', 64))"),
		"0");

	/* The database role alone: no request, or one made with another key. */
	snprintf(out, sizeof(out),
		 "SELECT api.member_update(jsonb_build_object('kind', 'member', 'id', 1, 'key', "
		 "(SELECT id FROM member_key WHERE member_id = 1 AND valid_until IS NULL), "
		 "'allowed', '[\"admin\"]'::jsonb), jsonb_build_object('id', %lld, 'title', "
		 "'中委'))",
		 ids[W_CLERK]);
	assert_int_not_equal(env_psql(&env, out, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "needs the request its author signed"));
}

/* A connection's requests are served in the order they came, though a
 * signed one is checked on a crypto worker: a ping sent right behind a
 * request whose signature fails is answered after that refusal. */
static void test_signed_requests_in_order(void **state)
{
	struct tclient *admin = &conns[W_ADMIN];
	char args[160], *text;
	cJSON *msg, *r;
	uint64_t id;

	(void)state;
	snprintf(args, sizeof(args), "{\"id\":%lld,\"title\":\"委员\"}", ids[W_CLERK]);
	msg = cJSON_Parse("{\"id\":910,\"op\":\"member.update\"}");
	cJSON_AddItemToObject(msg, "args", cJSON_Parse(args));
	cJSON_AddItemToObject(msg, "sig",
			      reqsig_sign(keys[W_ADMIN], "member.update",
					  cJSON_GetObjectItem(msg, "args"), 1, NULL));
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(msg, "args"), "title",
				  cJSON_CreateString("书记"));
	text = cJSON_PrintUnformatted(msg);
	assert_int_equal(tc_send_json(admin, text), 0);
	assert_int_equal(tc_send_json(admin, "{\"id\":911,\"op\":\"ping\",\"args\":{}}"), 0);
	r = tc_recv(admin, 5000);
	assert_true(envelope_uint(cJSON_GetObjectItem(r, "id"), &id));
	assert_int_equal(id, 910);
	assert_string_equal(tc_error_code(r), "unauthenticated");
	cJSON_Delete(r);
	r = tc_recv(admin, 5000);
	assert_true(envelope_uint(cJSON_GetObjectItem(r, "id"), &id));
	assert_int_equal(id, 911);
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	free(text);
	cJSON_Delete(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whoami),
		cmocka_unit_test(test_login_replay),
		cmocka_unit_test(test_login_refusals),
		cmocka_unit_test(test_authz_matrix),
		cmocka_unit_test(test_authz_unknown),
		cmocka_unit_test(test_db_rechecks),
		cmocka_unit_test(test_bad_member_input),
		cmocka_unit_test(test_publication_input),
		cmocka_unit_test(test_sql_metacharacters),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_observer_decisions),
		cmocka_unit_test(test_log_append_only),
		cmocka_unit_test(test_signed_requests),
		cmocka_unit_test(test_signed_requests_in_order),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
