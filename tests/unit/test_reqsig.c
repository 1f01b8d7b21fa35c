/* Unit tests for proto/reqsig.c and server/reqcheck.c: a signed request
 * round trip, the signature covering every member (op, args, committee,
 * key, nonce, time, head), ygd's binding to the connection's key, committee
 * and clock, and which operations must be signed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../proto/jcs.h"
#include "../../proto/reqsig.h"
#include "../../server/reqcheck.h"
#include "slurp.h"

static EVP_PKEY *alice, *bob;
static unsigned char alice_pub[SIG_PUB_LEN];

static int setup(void **state)
{
	(void)state;
	alice = sig_keygen();
	bob = sig_keygen();
	return alice != NULL && bob != NULL && sig_public(alice, alice_pub) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(alice);
	EVP_PKEY_free(bob);
	return 0;
}

/* R for op and args signed by key for committee 1. */
static cJSON *signed_r(EVP_PKEY *key, const char *op, const char *args)
{
	cJSON *a = cJSON_Parse(args), *head = cJSON_Parse("{\"meeting\":3,\"seq\":4,\"hash\":\""
							  "00112233445566778899aabbccddeeff"
							  "00112233445566778899aabbccddeeff\"}");
	cJSON *sig = reqsig_sign(key, op, a, 1, head), *r;
	const char *why = NULL;

	assert_non_null(sig);
	r = reqsig_stored(op, a, sig, &why);
	assert_non_null(r);
	cJSON_Delete(a);
	cJSON_Delete(head);
	cJSON_Delete(sig);
	return r;
}

static bool verifies(const cJSON *r)
{
	unsigned char pub[SIG_PUB_LEN];
	const char *why = NULL;
	long long at;

	return reqsig_verify(r, pub, &at, &why);
}

static void test_round_trip(void **state)
{
	cJSON *r = signed_r(alice, "agenda.speak", "{\"meeting\":3,\"body\":\"同意。\"}");
	unsigned char pub[SIG_PUB_LEN];
	const char *why = NULL;
	long long at;

	(void)state;
	assert_true(reqsig_verify(r, pub, &at, &why));
	assert_memory_equal(pub, alice_pub, SIG_PUB_LEN);
	assert_true(at > time(NULL) - 5 && at <= time(NULL));
	cJSON_Delete(r);
}

/* Changing any member of R breaks the signature. */
static void test_every_member_signed(void **state)
{
	static const char *const changes[][2] = {
		{"op", "\"agenda.pass\""},
		{"args", "{\"meeting\":3,\"body\":\"反对。\"}"},
		{"committee", "2"},
		{"nonce", "\"AAAAAAAAAAAAAAAAAAAAAA\""},
		{"at", "\"2026-01-01T00:00:00.000Z\""},
		{"head", "null"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		cJSON *r = signed_r(alice, "agenda.speak", "{\"meeting\":3,\"body\":\"同意。\"}");

		cJSON_ReplaceItemInObject(r, changes[i][0], cJSON_Parse(changes[i][1]));
		assert_false(verifies(r));
		cJSON_Delete(r);
	}
}

/* Another key named in R, a member added or taken away: refused. */
static void test_shape(void **state)
{
	cJSON *r = signed_r(alice, "vote.open", "{\"meeting\":3,\"item\":4}");
	char pub[SIG_PUB_TEXT_LEN + 1];
	unsigned char raw[SIG_PUB_LEN];

	(void)state;
	sig_public(bob, raw);
	sig_pub_to_text(raw, pub);
	cJSON_ReplaceItemInObject(r, "key", cJSON_CreateString(pub));
	assert_false(verifies(r));
	cJSON_Delete(r);
	r = signed_r(alice, "vote.open", "{}");
	cJSON_AddTrueToObject(r, "extra");
	assert_false(verifies(r));
	cJSON_DeleteItemFromObject(r, "extra");
	assert_true(verifies(r));
	cJSON_DeleteItemFromObject(r, "head");
	assert_false(verifies(r));
	cJSON_Delete(r);
}

/* A request signed without a time, or with one no clock reads, is refused
 * even though its signature verifies: ygd's check alone (the database's is
 * broken alone in test_attack_app). */
static void test_no_time(void **state)
{
	static const char *const ats[] = {NULL, "\"soon\"", "1765000000"};
	long long now = (long long)time(NULL), at;
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], *msg;
	char sig_text[SIG_TEXT_LEN + 1], *canon, why_buf[256], *stored = NULL;
	const char *why = NULL;
	struct reqcheck_caller who = {
		.logged_in = true, .committee = 1, .pub = alice_pub, .now = now};
	cJSON *r, *sigm;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(ats) / sizeof(ats[0]); i++) {
		r = signed_r(alice, "meeting.check_in", "{\"meeting\":3}");
		cJSON_DeleteItemFromObject(r, "at");
		cJSON_DeleteItemFromObject(r, "signature");
		if (ats[i] != NULL)
			cJSON_AddItemToObject(r, "at", cJSON_Parse(ats[i]));
		canon = jcs_encode(r, &len);
		assert_non_null(canon);
		msg = malloc(sizeof(REQSIG_TAG) + len);
		assert_non_null(msg);
		memcpy(msg, REQSIG_TAG, sizeof(REQSIG_TAG)); /* with its NUL */
		memcpy(msg + sizeof(REQSIG_TAG), canon, len);
		assert_true(sig_sign(alice, msg, sizeof(REQSIG_TAG) + len, sig));
		assert_true(sig_verify(alice_pub, msg, sizeof(REQSIG_TAG) + len, sig));
		free(msg);
		free(canon);
		sig_to_text(sig, sig_text);
		cJSON_AddStringToObject(r, "signature", sig_text);
		assert_false(reqsig_verify(r, pub, &at, &why));
		/* The same as a frame's sig member, through ygd's check. */
		sigm = cJSON_Duplicate(r, 1);
		cJSON_DeleteItemFromObject(sigm, "op");
		cJSON_DeleteItemFromObject(sigm, "args");
		{
			cJSON *args = cJSON_Parse("{\"meeting\":3}");
			struct yg_request req = {.has_id = true,
						 .id = 1,
						 .op = "meeting.check_in",
						 .args = args,
						 .sig = sigm};

			assert_int_not_equal(
				reqcheck_verify(&req, &who, &stored, why_buf, sizeof(why_buf)),
				YG_OK);
			assert_null(stored);
			cJSON_Delete(args);
		}
		cJSON_Delete(sigm);
		cJSON_Delete(r);
	}
}

/* reqcheck on a frame's parts, for a caller logged in with alice's key to
 * committee 1 at time now. */
static enum yg_err check(EVP_PKEY *key, const char *op, long long committee, long long now,
			 bool with_sig, char **stored)
{
	cJSON *args = cJSON_Parse("{\"meeting\":3}");
	cJSON *sig = with_sig ? reqsig_sign(key, op, args, committee, NULL) : NULL;
	struct yg_request req = {.has_id = true, .id = 1, .op = op, .args = args, .sig = sig};
	struct reqcheck_caller who = {
		.logged_in = true, .committee = 1, .pub = alice_pub, .now = now};
	char why[256];
	enum yg_err err = reqcheck_verify(&req, &who, stored, why, sizeof(why));

	cJSON_Delete(args);
	cJSON_Delete(sig);
	return err;
}

static void test_reqcheck(void **state)
{
	long long now = (long long)time(NULL);
	char *stored = NULL;

	(void)state;
	assert_int_equal(check(alice, "meeting.check_in", 1, now, true, &stored), YG_OK);
	assert_non_null(strstr(stored, "\"signature\""));
	free(stored);
	assert_int_equal(check(alice, "meeting.check_in", 1, now, false, &stored),
			 YG_ERR_UNAUTHENTICATED);
	assert_int_equal(check(bob, "meeting.check_in", 1, now, true, &stored),
			 YG_ERR_UNAUTHENTICATED);
	assert_int_equal(check(alice, "meeting.check_in", 2, now, true, &stored),
			 YG_ERR_UNAUTHENTICATED);
	assert_int_equal(
		check(alice, "meeting.check_in", 1, now + REQSIG_SKEW_S + 5, true, &stored),
		YG_ERR_UNAUTHENTICATED);
	assert_int_equal(
		check(alice, "meeting.check_in", 1, now - REQSIG_SKEW_S - 5, true, &stored),
		YG_ERR_UNAUTHENTICATED);
	/* Reading needs no signature; one given must hold. */
	assert_int_equal(check(alice, "meeting.state", 1, now, false, &stored), YG_OK);
	assert_null(stored);
	assert_int_equal(check(bob, "ping", 1, now, true, &stored), YG_ERR_UNAUTHENTICATED);
	assert_int_equal(check(alice, "ping", 1, now, true, &stored), YG_OK);
	free(stored);
}

static void test_which_ops(void **state)
{
	(void)state;
	assert_true(reqsig_state_changing("vote.cast"));
	assert_true(reqsig_state_changing("agenda.speak"));
	assert_true(reqsig_state_changing("key.rotate"));
	assert_true(reqsig_state_changing("meeting.check_out"));
	assert_false(reqsig_state_changing("ping"));
	assert_false(reqsig_state_changing("meeting.follow"));
	assert_false(reqsig_state_changing("auth.login"));
	assert_false(reqsig_state_changing("observer.register"));
	assert_false(reqsig_state_changing("comment.submit"));
}

/* The seeded vectors (tests/vectors/ballot/reqsig.json, also checked by
 * tests/vectors/verify_reqsig.py): each verifies exactly when it says. */
static void test_vectors(void **state)
{
	char *text = slurp("tests/vectors/ballot/reqsig.json");
	cJSON *v = cJSON_Parse(text);
	unsigned char pub[SIG_PUB_LEN];
	const cJSON *c;
	const char *why;
	long long at;
	int n = 0;

	(void)state;
	assert_non_null(v);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(v, "cases")) {
		if (reqsig_verify(cJSON_GetObjectItem(c, "request"), pub, &at, &why) !=
		    cJSON_IsTrue(cJSON_GetObjectItem(c, "valid")))
			fail_msg("vector \"%s\"", cJSON_GetObjectItem(c, "name")->valuestring);
		n++;
	}
	assert_int_equal(n, 8);
	cJSON_Delete(v);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip), cmocka_unit_test(test_every_member_signed),
		cmocka_unit_test(test_shape),      cmocka_unit_test(test_reqcheck),
		cmocka_unit_test(test_which_ops),  cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_no_time),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
