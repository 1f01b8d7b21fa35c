/* Unit tests for server/sourcetag.c: the key derived from the server's
 * Ed25519 key and the tags of addresses, against values computed with
 * Python's hmac module (HMAC-SHA-256, RFC 2104). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/evp.h>

#include "../../server/sourcetag.h"

/* An Ed25519 key whose 32-byte seed is 0, 1, ..., 31. */
static EVP_PKEY *counting_key(void)
{
	unsigned char seed[32];
	int i;

	for (i = 0; i < 32; i++)
		seed[i] = (unsigned char)i;
	return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* hmac.new(bytes(range(32)), b"yangguang comment source key v1", sha256) */
static void test_key_from_sign_key(void **state)
{
	EVP_PKEY *k = counting_key();
	unsigned char key[SOURCETAG_KEY_LEN];
	char text[2 * SOURCETAG_KEY_LEN + 1];

	(void)state;
	assert_non_null(k);
	assert_int_equal(sourcetag_key(k, key), 0);
	hex(key, sizeof(key), text);
	assert_string_equal(text,
			    "fa54e2cf37b34b9c149e7edf4d4d2c40c2a86d6fdfe5d840f1bf09eec9ee45ce");
	EVP_PKEY_free(k);
}

/* A key without a private half (the public key alone) gives no tag key. */
static void test_key_needs_private_half(void **state)
{
	unsigned char pub[32] = {0}, key[SOURCETAG_KEY_LEN];
	EVP_PKEY *k = counting_key();
	size_t len = sizeof(pub);
	EVP_PKEY *p;

	(void)state;
	assert_int_equal(EVP_PKEY_get_raw_public_key(k, pub, &len), 1);
	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, len);
	assert_non_null(p);
	assert_int_equal(sourcetag_key(p, key), -1);
	EVP_PKEY_free(p);
	EVP_PKEY_free(k);
}

/* hmac.new(bytes(range(32)), b"127.0.0.1", sha256) */
static void test_tag_vector(void **state)
{
	unsigned char key[SOURCETAG_KEY_LEN];
	char out[SOURCETAG_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < SOURCETAG_KEY_LEN; i++)
		key[i] = (unsigned char)i;
	assert_int_equal(sourcetag(key, "127.0.0.1", out), 0);
	assert_string_equal(out,
			    "62195e88ab889972145a098358f9f57e043db9f923bbeaf2058f86daeb9556af");
	assert_int_equal(strlen(out), SOURCETAG_LEN);
}

/* Same address, same tag; another address or another key, another tag. */
static void test_tags_differ(void **state)
{
	unsigned char k1[SOURCETAG_KEY_LEN] = {1}, k2[SOURCETAG_KEY_LEN] = {2};
	char a[SOURCETAG_LEN + 1], b[SOURCETAG_LEN + 1], c[SOURCETAG_LEN + 1], d[SOURCETAG_LEN + 1];

	(void)state;
	assert_int_equal(sourcetag(k1, "203.0.113.7", a), 0);
	assert_int_equal(sourcetag(k1, "203.0.113.7", b), 0);
	assert_int_equal(sourcetag(k1, "203.0.113.8", c), 0);
	assert_int_equal(sourcetag(k2, "203.0.113.7", d), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_null(strstr(a, "203"));
	assert_int_equal(sourcetag(k1, "", a), 0);
	assert_int_equal(strlen(a), SOURCETAG_LEN);
	assert_int_equal(sourcetag(k1, "2001:db8::1", b), 0);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_from_sign_key),
		cmocka_unit_test(test_key_needs_private_half),
		cmocka_unit_test(test_tag_vector),
		cmocka_unit_test(test_tags_differ),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
