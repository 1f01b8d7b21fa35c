/* Unit tests for proto/jws.c: signing and verifying compact and detached
 * JWS, everything verification refuses, and tests/vectors/ballot/jws.json.
 * (tests/jose/ checks the same signatures with the jose library.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/b64.h"
#include "../../proto/jcs.h"
#include "../../proto/jws.h"
#include "../vectors/vecio.h"

static EVP_PKEY *key, *other;
static unsigned char pub[SIG_PUB_LEN], other_pub[SIG_PUB_LEN];
static cJSON *doc;

static int setup(void **state)
{
	(void)state;
	key = sig_keygen();
	other = sig_keygen();
	doc = cJSON_Parse("{\"item\": 3, \"counts\": [2, 1, 0], \"outcome\": \"通过\"}");
	return key == NULL || other == NULL || doc == NULL || !sig_public(key, pub) ||
	       !sig_public(other, other_pub);
}

static int teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	cJSON_Delete(doc);
	return 0;
}

/* Whether two JSON values have the same canonical form. */
static bool same_json(const cJSON *a, const cJSON *b)
{
	char *x = jcs_encode(a, NULL), *y = jcs_encode(b, NULL);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* A JWS of our own making from header and payload texts, signed by k. */
static char *craft(EVP_PKEY *k, const char *header, const char *payload)
{
	size_t hl = B64_ENCODED_LEN(strlen(header)), pl = B64_ENCODED_LEN(strlen(payload));
	char *out = malloc(hl + pl + SIG_TEXT_LEN + 3);
	unsigned char sig[SIG_LEN];

	assert_non_null(out);
	b64url_encode((const unsigned char *)header, strlen(header), out, hl + 1);
	out[hl] = '.';
	b64url_encode((const unsigned char *)payload, strlen(payload), out + hl + 1, pl + 1);
	assert_true(sig_sign(k, (const unsigned char *)out, hl + 1 + pl, sig));
	out[hl + 1 + pl] = '.';
	sig_to_text(sig, out + hl + 2 + pl);
	return out;
}

/* Compact and detached, with and without typ, verify and give the doc. */
static void test_roundtrip(void **state)
{
	char *c = jws_sign(key, "yg-tally", doc, false), *d = jws_sign(key, NULL, doc, true);
	const char *why;
	cJSON *p;

	(void)state;
	assert_non_null(c);
	assert_non_null(d);
	p = jws_verify(c, pub, "yg-tally", &why);
	assert_non_null(p);
	assert_null(why);
	assert_true(same_json(p, doc));
	cJSON_Delete(p);
	assert_true(jws_verify_detached(d, pub, NULL, doc, &why));
	assert_non_null(strstr(d, ".."));
	/* Signing is deterministic (Ed25519): same doc, same JWS. */
	p = cJSON_Parse("{\"outcome\": \"通过\", \"counts\": [2, 1, 0], \"item\": 3}");
	assert_true(jws_verify_detached(d, pub, NULL, p, &why));
	cJSON_Delete(p);
	free(c);
	free(d);
}

/* Wrong key, wrong typ, the wrong form, another document. */
static void test_refuse_context(void **state)
{
	char *c = jws_sign(key, "yg-tally", doc, false), *d = jws_sign(key, "yg-tally", doc, true);
	cJSON *doc2 = cJSON_Parse("{\"item\": 4, \"counts\": [2, 1, 0], \"outcome\": \"通过\"}");
	const char *why;

	(void)state;
	assert_null(jws_verify(c, other_pub, "yg-tally", &why));
	assert_non_null(why);
	assert_null(jws_verify(c, pub, "yg-minutes", &why));
	assert_null(jws_verify(c, pub, NULL, &why));
	assert_null(jws_verify(d, pub, "yg-tally", &why));
	assert_false(jws_verify_detached(c, pub, "yg-tally", doc, &why));
	assert_false(jws_verify_detached(d, pub, "yg-tally", doc2, &why));
	assert_false(jws_verify_detached(d, other_pub, "yg-tally", doc, &why));
	cJSON_Delete(doc2);
	free(c);
	free(d);
}

/* Any changed character of a compact JWS is refused. */
static void test_refuse_tamper(void **state)
{
	char *c = jws_sign(key, NULL, doc, false);
	const char *why;
	size_t i, n = strlen(c);
	cJSON *p;

	(void)state;
	for (i = 0; i < n; i += 3) {
		char keep = c[i];

		c[i] = keep == 'A' ? 'B' : keep == '.' ? 'x' : 'A';
		p = jws_verify(c, pub, NULL, &why);
		if (p != NULL)
			fail_msg("accepted a change at %zu", i);
		c[i] = keep;
	}
	p = jws_verify(c, pub, NULL, &why);
	assert_non_null(p);
	cJSON_Delete(p);
	free(c);
}

/* Headers and payloads that verify as signatures but must be refused. */
static void test_refuse_headers(void **state)
{
	static const char *const headers[] = {
		"{\"alg\":\"none\"}",
		"{\"alg\":\"HS256\"}",
		"{\"alg\":\"Ed25519\"}",
		"{\"alg\":\"EdDSA\",\"crit\":[\"b64\"],\"b64\":false}",
		"{\"alg\":\"EdDSA\",\"jwk\":{}}",
		"{\"alg\": \"EdDSA\"}",
		"{\"kid\":\"x\",\"alg\":\"EdDSA\"}",
		"{\"alg\":\"EdDSA\",\"typ\":\"yg-tally\"}",
		"{}",
		"[]",
	};
	const char *why;
	char *j, kid[SIG_PUB_TEXT_LEN + 1], hdr[128];
	cJSON *p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		j = craft(key, headers[i], "{\"a\":1}");
		if ((p = jws_verify(j, pub, NULL, &why)) != NULL)
			fail_msg("accepted header %s", headers[i]);
		free(j);
	}
	j = craft(key, "{\"alg\":\"EdDSA\"}", "{\"a\":1}");
	p = jws_verify(j, pub, NULL, &why);
	assert_non_null(p); /* alg alone is enough, as jose writes it */
	cJSON_Delete(p);
	free(j);
	sig_pub_to_text(other_pub, kid);
	snprintf(hdr, sizeof(hdr), "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", kid);
	j = craft(key, hdr, "{\"a\":1}");
	assert_null(jws_verify(j, pub, NULL, &why)); /* kid of another key */
	free(j);
	j = craft(key, "{\"alg\":\"EdDSA\"}", "{\"a\": 1}");
	assert_null(jws_verify(j, pub, NULL, &why)); /* payload not canonical */
	free(j);
}

/* Malformed compact forms. */
static void test_refuse_shape(void **state)
{
	static const char *const bad[] = {"",
					  ".",
					  "..",
					  "a.b",
					  "a.b.c.d",
					  "...",
					  "eyJhbGciOiJFZERTQSJ9.e30.",
					  "eyJhbGciOiJFZERTQSJ9.e30"};
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(jws_verify(bad[i], pub, NULL, &why));
		assert_false(jws_verify_detached(bad[i], pub, NULL, doc, &why));
	}
}

/* The vectors verify, and signing again with their key gives them. */
static void test_jws_vectors(void **state)
{
	cJSON *j = vec_load("jws.json"), *p, *want;
	unsigned char seed[32], vpub[SIG_PUB_LEN];
	EVP_PKEY *k;
	const char *why, *typ;
	char *again;

	(void)state;
	assert_non_null(j);
	typ = vec_str(j, "typ");
	assert_true(sig_pub_from_text(vec_str(j, "key"), vpub));
	p = jws_verify(vec_str(j, "compact"), vpub, typ, &why);
	assert_non_null(p);
	want = cJSON_Parse(vec_str(j, "payload"));
	assert_true(same_json(p, want));
	assert_true(jws_verify_detached(vec_str(j, "detached"), vpub, typ, want, &why));
	assert_int_equal(vec_unhex(vec_str(j, "private_seed_hex"), seed, sizeof(seed)), 32);
	k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
	again = jws_sign(k, typ, want, false);
	assert_string_equal(again, vec_str(j, "compact"));
	free(again);
	again = jws_sign(k, typ, want, true);
	assert_string_equal(again, vec_str(j, "detached"));
	free(again);
	EVP_PKEY_free(k);
	cJSON_Delete(p);
	cJSON_Delete(want);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),     cmocka_unit_test(test_refuse_context),
		cmocka_unit_test(test_refuse_tamper), cmocka_unit_test(test_refuse_headers),
		cmocka_unit_test(test_refuse_shape),  cmocka_unit_test(test_jws_vectors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
