/* Unit tests for proto/sig.c: Ed25519 against the RFC 8032 vectors, sign and
 * verify round trips, single-bit tampering, and the text forms of keys and
 * signatures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "../../proto/sig.h"

/* RFC 8032 section 7.1, TEST 1 to TEST 3. */
static const struct {
	const char *secret, *public, *message, *signature;
} rfc8032[] = {
	{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	 "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	 "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	 "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
	{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	 "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	 "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	 "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	{"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	 "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	 "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	 "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

/* TEST 1's public key and signature in their text forms. */
#define TEST1_PUB_TEXT "ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define TEST1_SIG_TEXT                                                                             \
	"5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc-bRr0lv18FlbviRlUUFDjnoQCw"

/* Decode hex into out; returns the number of bytes. */
static size_t unhex(const char *hex, unsigned char *out, size_t outlen)
{
	size_t n = strlen(hex) / 2, i;

	assert_true(n <= outlen);
	for (i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
	return n;
}

/* The key whose raw 32-byte secret is hex. */
static EVP_PKEY *key_from_hex(const char *hex)
{
	unsigned char secret[32];
	EVP_PKEY *key;

	assert_int_equal(unhex(hex, secret, sizeof(secret)), 32);
	key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, secret, sizeof(secret));
	assert_non_null(key);
	return key;
}

/* pub must not verify sig over msg, and the refusal leaves no error queued. */
static void expect_no_verify(const unsigned char *pub, const unsigned char *msg, size_t len,
			     const unsigned char *sig)
{
	assert_false(sig_verify(pub, msg, len, sig));
	assert_int_equal(ERR_peek_error(), 0);
}

static void test_rfc8032_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rfc8032) / sizeof(rfc8032[0]); i++) {
		unsigned char pub[SIG_PUB_LEN], want_pub[SIG_PUB_LEN], sig[SIG_LEN],
			want_sig[SIG_LEN], msg[8];
		EVP_PKEY *key = key_from_hex(rfc8032[i].secret);
		size_t len = unhex(rfc8032[i].message, msg, sizeof(msg));

		unhex(rfc8032[i].public, want_pub, sizeof(want_pub));
		unhex(rfc8032[i].signature, want_sig, sizeof(want_sig));
		assert_true(sig_public(key, pub));
		assert_memory_equal(pub, want_pub, SIG_PUB_LEN);
		memset(sig, 0, sizeof(sig));
		assert_true(sig_sign(key, msg, len, sig));
		assert_memory_equal(sig, want_sig, SIG_LEN);
		assert_true(sig_verify(want_pub, msg, len, want_sig));
		EVP_PKEY_free(key);
	}
}

static void test_rfc8032_text(void **state)
{
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], want[SIG_LEN];
	char pub_text[SIG_PUB_TEXT_LEN + 1], sig_text[SIG_TEXT_LEN + 1];

	(void)state;
	unhex(rfc8032[0].public, pub, sizeof(pub));
	unhex(rfc8032[0].signature, sig, sizeof(sig));
	sig_pub_to_text(pub, pub_text);
	assert_string_equal(pub_text, TEST1_PUB_TEXT);
	sig_to_text(sig, sig_text);
	assert_string_equal(sig_text, TEST1_SIG_TEXT);

	assert_true(sig_pub_from_text(TEST1_PUB_TEXT, want));
	assert_memory_equal(want, pub, SIG_PUB_LEN);
	assert_true(sig_from_text(TEST1_SIG_TEXT, want));
	assert_memory_equal(want, sig, SIG_LEN);
}

static void test_text_lengths(void **state)
{
	(void)state;
	assert_int_equal(strlen(SIG_PUB_PREFIX) + 43, SIG_PUB_TEXT_LEN);
	assert_int_equal(strlen(TEST1_PUB_TEXT), SIG_PUB_TEXT_LEN);
	assert_int_equal(strlen(TEST1_SIG_TEXT), SIG_TEXT_LEN);
}

/* Fresh keys sign messages of many lengths; each verifies under its own
 * public key and no other. */
static void test_round_trip(void **state)
{
	EVP_PKEY *a = sig_keygen(), *b = sig_keygen();
	unsigned char pa[SIG_PUB_LEN], pb[SIG_PUB_LEN], sig[SIG_LEN], msg[300];
	size_t len;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_true(sig_public(a, pa));
	assert_true(sig_public(b, pb));
	assert_memory_not_equal(pa, pb, SIG_PUB_LEN);
	for (len = 0; len < sizeof(msg); len++)
		msg[len] = (unsigned char)(len * 7 + 3);
	for (len = 0; len <= sizeof(msg); len += 13) {
		assert_true(sig_sign(a, msg, len, sig));
		assert_true(sig_verify(pa, msg, len, sig));
		expect_no_verify(pb, msg, len, sig);
	}
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

/* Ed25519 is deterministic: the same key and message give the same bytes. */
static void test_deterministic(void **state)
{
	EVP_PKEY *key = sig_keygen();
	unsigned char s1[SIG_LEN], s2[SIG_LEN];

	(void)state;
	assert_non_null(key);
	assert_true(sig_sign(key, (const unsigned char *)"abc", 3, s1));
	assert_true(sig_sign(key, (const unsigned char *)"abc", 3, s2));
	assert_memory_equal(s1, s2, SIG_LEN);
	assert_true(sig_sign(key, (const unsigned char *)"abd", 3, s2));
	assert_memory_not_equal(s1, s2, SIG_LEN);
	EVP_PKEY_free(key);
}

/* Any one bit flipped in the message, the signature or the public key, and
 * a message one byte shorter or longer, is refused. */
static void test_flipped_bits(void **state)
{
	EVP_PKEY *key = sig_keygen();
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[65];
	size_t i;

	(void)state;
	assert_non_null(key);
	assert_true(sig_public(key, pub));
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i ^ 0x5c);
	assert_true(sig_sign(key, msg, 64, sig));
	assert_true(sig_verify(pub, msg, 64, sig));
	for (i = 0; i < 64 * 8; i++) {
		msg[i / 8] ^= (unsigned char)(1u << (i % 8));
		expect_no_verify(pub, msg, 64, sig);
		msg[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	for (i = 0; i < SIG_LEN * 8; i++) {
		sig[i / 8] ^= (unsigned char)(1u << (i % 8));
		expect_no_verify(pub, msg, 64, sig);
		sig[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	for (i = 0; i < SIG_PUB_LEN * 8; i++) {
		pub[i / 8] ^= (unsigned char)(1u << (i % 8));
		expect_no_verify(pub, msg, 64, sig);
		pub[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	expect_no_verify(pub, msg, 63, sig);
	expect_no_verify(pub, msg, 65, sig);
	assert_true(sig_verify(pub, msg, 64, sig));
	EVP_PKEY_free(key);
}

/* A secret with one bit flipped is another key: its signatures do not
 * verify under the original public key. */
static void test_flipped_secret(void **state)
{
	unsigned char secret[32], pub[SIG_PUB_LEN], sig[SIG_LEN];
	EVP_PKEY *key = key_from_hex(rfc8032[2].secret);
	size_t i;

	(void)state;
	assert_true(sig_public(key, pub));
	EVP_PKEY_free(key);
	unhex(rfc8032[2].secret, secret, sizeof(secret));
	for (i = 0; i < sizeof(secret) * 8; i += 7) {
		secret[i / 8] ^= (unsigned char)(1u << (i % 8));
		key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, secret, 32);
		assert_non_null(key);
		assert_true(sig_sign(key, (const unsigned char *)"\xaf\x82", 2, sig));
		expect_no_verify(pub, (const unsigned char *)"\xaf\x82", 2, sig);
		EVP_PKEY_free(key);
		secret[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
}

/* Degenerate keys and signatures are refused without leaving errors. */
static void test_degenerate(void **state)
{
	unsigned char zero_pub[SIG_PUB_LEN] = {0}, ones_pub[SIG_PUB_LEN], zero_sig[SIG_LEN] = {0},
		      ones_sig[SIG_LEN];

	(void)state;
	memset(ones_pub, 0xff, sizeof(ones_pub));
	memset(ones_sig, 0xff, sizeof(ones_sig));
	expect_no_verify(zero_pub, (const unsigned char *)"", 0, zero_sig);
	expect_no_verify(zero_pub, (const unsigned char *)"x", 1, ones_sig);
	expect_no_verify(ones_pub, (const unsigned char *)"", 0, zero_sig);
	expect_no_verify(ones_pub, (const unsigned char *)"x", 1, ones_sig);
}

/* libsodium's verdict (sig_verify) against OpenSSL's on the same
 * signatures: valid ones of random keys and messages, each with one bit of
 * the signature, the message or the key flipped, and S made non-canonical
 * (S + L). Where OpenSSL refuses, libsodium must; where they differ at all,
 * only libsodium may refuse. */
static void test_sodium_agrees(void **state)
{
	/* L, the order of Ed25519's group, little-endian */
	static const unsigned char order[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
						0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
						0,    0,    0,    0,    0,    0,    0,    0,
						0,    0,    0,    0,    0,    0,    0,    0x10};
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[300], p2[SIG_PUB_LEN], s2[SIG_LEN],
		m2[300];
	unsigned round, carry, i, len, bit, agreed = 0, stricter = 0;

	(void)state;
	srand(23);
	for (round = 0; round < 300; round++) {
		EVP_PKEY *key = sig_keygen();

		assert_non_null(key);
		assert_true(sig_public(key, pub));
		len = (unsigned)rand() % sizeof(msg);
		for (i = 0; i < len; i++)
			msg[i] = (unsigned char)rand();
		assert_true(sig_sign(key, msg, len, sig));
		EVP_PKEY_free(key);
		assert_true(sig_verify(pub, msg, len, sig));
		assert_true(sig_verify_openssl(pub, msg, len, sig));
		for (i = 0; i < 3; i++) {
			bool sodium, openssl;

			memcpy(p2, pub, sizeof(p2));
			memcpy(s2, sig, sizeof(s2));
			memcpy(m2, msg, len);
			bit = (unsigned)rand();
			if (i == 0)
				s2[bit / 8 % SIG_LEN] ^= (unsigned char)(1u << bit % 8);
			else if (i == 1 && len > 0)
				m2[bit / 8 % len] ^= (unsigned char)(1u << bit % 8);
			else
				p2[bit / 8 % SIG_PUB_LEN] ^= (unsigned char)(1u << bit % 8);
			sodium = sig_verify(p2, m2, len, s2);
			openssl = sig_verify_openssl(p2, m2, len, s2);
			assert_false(sodium && !openssl);
			agreed += sodium == openssl;
			stricter += openssl && !sodium;
		}
		/* S + L: the same signature but for S's encoding */
		memcpy(s2, sig, sizeof(s2));
		for (i = 0, carry = 0; i < 32; i++) {
			carry += (unsigned)s2[32 + i] + order[i];
			s2[32 + i] = (unsigned char)carry;
			carry >>= 8;
		}
		assert_false(sig_verify(pub, msg, len, s2));
		assert_false(sig_verify_openssl(pub, msg, len, s2));
	}
	/* (a flipped bit of a key may still make a key: anything else fails
	 * both alike) */
	assert_true(agreed + stricter == 900);
	assert_true(agreed > 850);
}

/* The identity as a key signs every message with one signature under the
 * bare equation: OpenSSL's check takes it, libsodium's refuses it (a key
 * of small order). ygd checks with libsodium. */
static void test_small_order_key(void **state)
{
	unsigned char identity[SIG_PUB_LEN] = {1}, sig[SIG_LEN], r[32];

	(void)state;
	assert_true(sodium_init() >= 0);
	crypto_core_ed25519_scalar_random(r);
	assert_int_equal(crypto_scalarmult_ed25519_base_noclamp(sig, r), 0);
	memcpy(sig + 32, r, 32);
	assert_true(sig_verify_openssl(identity, (const unsigned char *)"x", 1, sig));
	assert_true(sig_verify_openssl(identity, (const unsigned char *)"y", 1, sig));
	assert_false(sig_verify(identity, (const unsigned char *)"x", 1, sig));
	assert_false(sig_verify(identity, (const unsigned char *)"y", 1, sig));
}

/* A key holding only a public half cannot sign. */
static void test_sign_needs_private(void **state)
{
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], again[SIG_PUB_LEN];
	EVP_PKEY *key;

	(void)state;
	unhex(rfc8032[0].public, pub, sizeof(pub));
	key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, sizeof(pub));
	assert_non_null(key);
	assert_true(sig_public(key, again));
	assert_memory_equal(again, pub, SIG_PUB_LEN);
	assert_false(sig_sign(key, (const unsigned char *)"x", 1, sig));
	ERR_clear_error();
	EVP_PKEY_free(key);
}

/* Random keys and signatures survive their text forms. */
static void test_text_round_trip(void **state)
{
	char pub_text[SIG_PUB_TEXT_LEN + 1], sig_text[SIG_TEXT_LEN + 1];
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], back[SIG_LEN];
	int round;

	(void)state;
	for (round = 0; round < 20; round++) {
		EVP_PKEY *key = sig_keygen();

		assert_non_null(key);
		assert_true(sig_public(key, pub));
		assert_true(sig_sign(key, pub, sizeof(pub), sig));
		memset(pub_text, '#', sizeof(pub_text));
		sig_pub_to_text(pub, pub_text);
		assert_int_equal(strlen(pub_text), SIG_PUB_TEXT_LEN);
		assert_memory_equal(pub_text, SIG_PUB_PREFIX, strlen(SIG_PUB_PREFIX));
		memset(sig_text, '#', sizeof(sig_text));
		sig_to_text(sig, sig_text);
		assert_int_equal(strlen(sig_text), SIG_TEXT_LEN);
		assert_true(sig_pub_from_text(pub_text, back));
		assert_memory_equal(back, pub, SIG_PUB_LEN);
		assert_true(sig_from_text(sig_text, back));
		assert_memory_equal(back, sig, SIG_LEN);
		EVP_PKEY_free(key);
	}
}

/* text must be refused as a public key. */
static void expect_bad_pub(const char *text)
{
	unsigned char pub[SIG_PUB_LEN];

	if (sig_pub_from_text(text, pub))
		fail_msg("accepted public key \"%s\"", text);
}

/* text must be refused as a signature. */
static void expect_bad_sig(const char *text)
{
	unsigned char sig[SIG_LEN];

	if (sig_from_text(text, sig))
		fail_msg("accepted signature \"%s\"", text);
}

/* A copy of good with byte at replaced by c. */
static void with_byte(char *out, const char *good, size_t at, char c)
{
	strcpy(out, good);
	out[at] = c;
}

static void test_pub_refusals(void **state)
{
	static const char body[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
	static const char *const prefixes[] = {"ED25519:", "ed25519;", "ed25519_", "Ed25519:",
					       "ed25518:", "ed22519:", "ed448:::", "        "};
	char text[128];
	size_t i;

	(void)state;
	/* wrong prefix, right length */
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", prefixes[i], body);
		assert_int_equal(strlen(text), SIG_PUB_TEXT_LEN);
		expect_bad_pub(text);
	}
	expect_bad_pub(body);
	expect_bad_pub("ed25519"
		       "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoA");
	expect_bad_pub("x25519:"
		       "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoA");
	/* wrong length */
	expect_bad_pub("");
	expect_bad_pub("ed25519:");
	expect_bad_pub(TEST1_PUB_TEXT "=");
	expect_bad_pub(TEST1_PUB_TEXT "A");
	expect_bad_pub(TEST1_PUB_TEXT "AAAA");
	snprintf(text, sizeof(text), "%s", TEST1_PUB_TEXT);
	text[SIG_PUB_TEXT_LEN - 1] = '\0';
	expect_bad_pub(text);
	expect_bad_pub("ed25519:" TEST1_SIG_TEXT);
	/* bad characters anywhere in the key */
	for (i = strlen(SIG_PUB_PREFIX); i < SIG_PUB_TEXT_LEN; i++) {
		with_byte(text, TEST1_PUB_TEXT, i, '+');
		expect_bad_pub(text);
		with_byte(text, TEST1_PUB_TEXT, i, '/');
		expect_bad_pub(text);
		with_byte(text, TEST1_PUB_TEXT, i, '=');
		expect_bad_pub(text);
		with_byte(text, TEST1_PUB_TEXT, i, ' ');
		expect_bad_pub(text);
		with_byte(text, TEST1_PUB_TEXT, i, '\n');
		expect_bad_pub(text);
		with_byte(text, TEST1_PUB_TEXT, i, (char)0xe4);
		expect_bad_pub(text);
	}
	/* stray bits in the last symbol: 43 symbols carry 258 bits for 256 */
	with_byte(text, TEST1_PUB_TEXT, SIG_PUB_TEXT_LEN - 1, 'p');
	expect_bad_pub(text);
	with_byte(text, TEST1_PUB_TEXT, SIG_PUB_TEXT_LEN - 1, 's');
	assert_true(sig_pub_from_text(text, (unsigned char[SIG_PUB_LEN]){0}));
}

static void test_sig_refusals(void **state)
{
	char text[128];
	size_t i;

	(void)state;
	/* wrong length */
	expect_bad_sig("");
	expect_bad_sig(TEST1_SIG_TEXT "A");
	expect_bad_sig(TEST1_SIG_TEXT "==");
	expect_bad_sig(TEST1_SIG_TEXT "AA");
	snprintf(text, sizeof(text), "%s", TEST1_SIG_TEXT);
	text[SIG_TEXT_LEN - 1] = '\0';
	expect_bad_sig(text);
	text[SIG_TEXT_LEN - 2] = '\0';
	expect_bad_sig(text);
	expect_bad_sig(TEST1_PUB_TEXT);
	/* a prefix is not part of a signature's text */
	snprintf(text, sizeof(text), "ed25519:%s", TEST1_SIG_TEXT);
	expect_bad_sig(text);
	/* bad characters anywhere */
	for (i = 0; i < SIG_TEXT_LEN; i++) {
		with_byte(text, TEST1_SIG_TEXT, i, '+');
		expect_bad_sig(text);
		with_byte(text, TEST1_SIG_TEXT, i, '/');
		expect_bad_sig(text);
		with_byte(text, TEST1_SIG_TEXT, i, '=');
		expect_bad_sig(text);
		with_byte(text, TEST1_SIG_TEXT, i, '\t');
		expect_bad_sig(text);
		with_byte(text, TEST1_SIG_TEXT, i, (char)0x80);
		expect_bad_sig(text);
	}
	/* stray bits: 86 symbols carry 516 bits for 512, the last symbol of
	 * TEST 1 is 'w' (48); 'x' (49) sets an unused bit */
	with_byte(text, TEST1_SIG_TEXT, SIG_TEXT_LEN - 1, 'x');
	expect_bad_sig(text);
	with_byte(text, TEST1_SIG_TEXT, SIG_TEXT_LEN - 1, 'g');
	assert_true(sig_from_text(text, (unsigned char[SIG_LEN]){0}));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032_vectors),    cmocka_unit_test(test_rfc8032_text),
		cmocka_unit_test(test_text_lengths),       cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_deterministic),      cmocka_unit_test(test_flipped_bits),
		cmocka_unit_test(test_flipped_secret),     cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_sodium_agrees),      cmocka_unit_test(test_small_order_key),
		cmocka_unit_test(test_sign_needs_private), cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_pub_refusals),       cmocka_unit_test(test_sig_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
