/* Unit tests for proto/b64.c: base64url without padding, RFC 4648 vectors,
 * round trips of every length, strict refusals and short output buffers. */
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

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* A fixed pseudo-random sequence, so a failure repeats. */
static uint32_t rng_state = 0x2545f491u;

static unsigned char rng_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return (unsigned char)(rng_state >> 24);
}

/* in must encode to exactly text, in a heap buffer with no byte to spare. */
static void expect_encode(const unsigned char *in, size_t len, const char *text)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1);

	assert_non_null(out);
	assert_int_equal(B64_ENCODED_LEN(len), n);
	assert_int_equal(b64url_encode(in, len, out, n + 1), n);
	assert_string_equal(out, text);
	free(out);
}

/* text must decode to exactly the len bytes of want, in a heap buffer of
 * exactly len bytes. */
static void expect_decode(const char *text, const unsigned char *want, size_t len)
{
	unsigned char *out = malloc(len > 0 ? len : 1);

	assert_non_null(out);
	if (b64url_decode(text, out, len) != (long)len)
		fail_msg("\"%s\" does not decode to %zu bytes", text, len);
	assert_memory_equal(out, want, len);
	free(out);
}

/* text must be refused, however large the output buffer. */
static void expect_refused(const char *text)
{
	unsigned char out[256];

	if (b64url_decode(text, out, sizeof(out)) != -1)
		fail_msg("accepted \"%s\"", text);
}

static void test_rfc4648_vectors(void **state)
{
	static const struct {
		const char *plain, *text;
	} v[] = {
		{"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
		{"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		expect_encode((const unsigned char *)v[i].plain, strlen(v[i].plain), v[i].text);
		expect_decode(v[i].text, (const unsigned char *)v[i].plain, strlen(v[i].plain));
	}
}

/* The two symbols where base64url differs from base64: '-' for 62, '_' for 63. */
static void test_url_alphabet(void **state)
{
	static const unsigned char dashes[] = {0xfb, 0xef, 0xbe};
	static const unsigned char ones[] = {0xff, 0xff, 0xff};
	static const unsigned char fbff[] = {0xfb, 0xff};
	static const unsigned char ff[] = {0xff};

	(void)state;
	expect_encode(dashes, sizeof(dashes), "----");
	expect_decode("----", dashes, sizeof(dashes));
	expect_encode(ones, sizeof(ones), "____");
	expect_decode("____", ones, sizeof(ones));
	expect_encode(fbff, sizeof(fbff), "-_8");
	expect_decode("-_8", fbff, sizeof(fbff));
	expect_encode(ff, sizeof(ff), "_w");
	expect_decode("_w", ff, sizeof(ff));
}

/* Every symbol in order decodes to the 48 bytes 0x00 0x10 0x83 ..., and back. */
static void test_every_symbol(void **state)
{
	unsigned char bytes[48];
	char text[65];
	size_t i;

	(void)state;
	assert_int_equal(b64url_decode(alphabet, bytes, sizeof(bytes)), 48);
	for (i = 0; i < 64; i++) {
		unsigned bit = (unsigned)i * 6, v = 0, k;

		for (k = 0; k < 6; k++, bit++)
			v = v << 1 | ((bytes[bit / 8] >> (7 - bit % 8)) & 1u);
		assert_int_equal(v, i);
	}
	assert_int_equal(b64url_encode(bytes, sizeof(bytes), text, sizeof(text)), 64);
	assert_string_equal(text, alphabet);
}

/* Random bytes of every length 0..64 survive encode then decode, with
 * output buffers of exactly the right size. */
static void test_round_trip(void **state)
{
	size_t len, i, round;

	(void)state;
	for (len = 0; len <= 64; len++) {
		for (round = 0; round < 64; round++) {
			unsigned char in[64];
			char *text = malloc(B64_ENCODED_LEN(len) + 1);

			assert_non_null(text);
			for (i = 0; i < len; i++)
				in[i] = rng_byte();
			assert_int_equal(b64url_encode(in, len, text, B64_ENCODED_LEN(len) + 1),
					 B64_ENCODED_LEN(len));
			assert_int_equal(strlen(text), B64_ENCODED_LEN(len));
			assert_int_not_equal(strlen(text) % 4, 1);
			assert_int_equal(strspn(text, alphabet), strlen(text));
			expect_decode(text, in, len);
			free(text);
		}
	}
}

static void test_encoded_len(void **state)
{
	(void)state;
	assert_int_equal(B64_ENCODED_LEN(0), 0);
	assert_int_equal(B64_ENCODED_LEN(1), 2);
	assert_int_equal(B64_ENCODED_LEN(2), 3);
	assert_int_equal(B64_ENCODED_LEN(3), 4);
	assert_int_equal(B64_ENCODED_LEN(32), 43);
	assert_int_equal(B64_ENCODED_LEN(64), 86);
}

static void test_refuses_padding(void **state)
{
	(void)state;
	expect_refused("Zg==");
	expect_refused("Zg=");
	expect_refused("Zm8=");
	expect_refused("=");
	expect_refused("==");
	expect_refused("====");
	expect_refused("Zm9v====");
	expect_refused("Zm=v");
	expect_refused("=m9v");
}

static void test_refuses_standard_alphabet(void **state)
{
	(void)state;
	expect_refused("++++");
	expect_refused("////");
	expect_refused("+/8");
	expect_refused("Zm9+");
	expect_refused("Zm9/");
	expect_refused("A+");
}

static void test_refuses_whitespace(void **state)
{
	(void)state;
	expect_refused(" Zm9v");
	expect_refused("Zm9v ");
	expect_refused("Zm 9v");
	expect_refused("Zm9v\n");
	expect_refused("Zm9v\r\n");
	expect_refused("Zm\n9v");
	expect_refused("\tZm9v");
	expect_refused("Zm9v\v");
	expect_refused("Zm9v\f");
	expect_refused("    ");
}

/* Every byte outside the alphabet, in every position of a four-symbol group. */
static void test_refuses_every_foreign_byte(void **state)
{
	char text[9];
	unsigned char out[8];
	int c, pos;

	(void)state;
	for (c = 1; c < 256; c++) {
		bool in_alphabet = strchr(alphabet, c) != NULL;

		for (pos = 0; pos < 8; pos++) {
			memcpy(text, "AAAAAAAA", 9);
			text[pos] = (char)c;
			if (in_alphabet)
				assert_int_equal(b64url_decode(text, out, sizeof(out)), 6);
			else if (b64url_decode(text, out, sizeof(out)) != -1)
				fail_msg("accepted byte 0x%02x at %d", c, pos);
		}
	}
}

/* No length of the form 4k + 1 encodes any byte string. */
static void test_refuses_length_1_mod_4(void **state)
{
	char text[42];
	size_t len;

	(void)state;
	for (len = 1; len < sizeof(text); len += 4) {
		memset(text, 'A', len);
		text[len] = '\0';
		expect_refused(text);
	}
	expect_refused("Zm9vY");
	expect_refused("_");
}

/* The last symbol of a 2- or 3-symbol tail carries 4 or 2 unused bits, which
 * must be zero: of the 64 symbols exactly 4 and 16 are canonical. */
static void test_refuses_stray_bits(void **state)
{
	unsigned char out[8];
	char text[8];
	int i, ok2 = 0, ok3 = 0;

	(void)state;
	for (i = 0; i < 64; i++) {
		long r;

		memcpy(text, "AAAAZ", 5);
		text[5] = alphabet[i];
		text[6] = '\0';
		r = b64url_decode(text, out, sizeof(out));
		assert_int_equal(r, (i & 0xf) == 0 ? 4 : -1);
		ok2 += r == 4;
		memcpy(text, "AAAAZm", 6);
		text[6] = alphabet[i];
		text[7] = '\0';
		r = b64url_decode(text, out, sizeof(out));
		assert_int_equal(r, (i & 0x3) == 0 ? 5 : -1);
		ok3 += r == 5;
	}
	assert_int_equal(ok2, 4);
	assert_int_equal(ok3, 16);
	expect_refused("Zh");
	expect_refused("Zm9");
	expect_refused("Zm9vYh");
	expect_refused("Zm9vYmF");
	expect_refused("_x");
}

/* A decoded byte string re-encodes to the same text: decoding is canonical. */
static void test_decode_is_canonical(void **state)
{
	char text[5], again[5];
	unsigned char out[3];
	int a, b, c;

	(void)state;
	for (a = 0; a < 64; a++)
		for (b = 0; b < 64; b++)
			for (c = 0; c < 64; c++) {
				long n;

				text[0] = alphabet[a];
				text[1] = alphabet[b];
				text[2] = alphabet[c];
				text[3] = '\0';
				n = b64url_decode(text, out, sizeof(out));
				if (n < 0)
					continue;
				assert_int_equal(n, 2);
				b64url_encode(out, (size_t)n, again, sizeof(again));
				assert_string_equal(again, text);
			}
}

/* Encoding needs room for every symbol and the NUL, and writes nothing
 * when it has less. */
static void test_encode_short_buffer(void **state)
{
	unsigned char in[64];
	char out[100];
	size_t len, room;

	(void)state;
	for (len = 0; len <= sizeof(in); len++) {
		size_t need = B64_ENCODED_LEN(len) + 1;

		memset(in, 0xa5, len);
		for (room = 0; room < need; room++) {
			memset(out, '#', sizeof(out));
			assert_int_equal(b64url_encode(in, len, out, room), 0);
			assert_int_equal(out[0], '#');
		}
		memset(out, '#', sizeof(out));
		assert_int_equal(b64url_encode(in, len, out, need), need - 1);
		assert_int_equal(out[need - 1], '\0');
		assert_int_equal(out[need], '#');
	}
}

/* Decoding into fewer bytes than the text holds is refused without writing. */
static void test_decode_short_buffer(void **state)
{
	unsigned char in[64], out[80];
	char text[100];
	size_t len, room;

	(void)state;
	for (len = 0; len <= sizeof(in); len++) {
		memset(in, 0x5a, len);
		b64url_encode(in, len, text, sizeof(text));
		for (room = 0; room < len; room++) {
			memset(out, 0xee, sizeof(out));
			if (b64url_decode(text, out, room) != -1)
				fail_msg("%zu bytes decoded into %zu", len, room);
			assert_int_equal(out[0], 0xee);
		}
		memset(out, 0xee, sizeof(out));
		assert_int_equal(b64url_decode(text, out, len), (long)len);
		assert_int_equal(out[len], 0xee);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_url_alphabet),
		cmocka_unit_test(test_every_symbol),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_encoded_len),
		cmocka_unit_test(test_refuses_padding),
		cmocka_unit_test(test_refuses_standard_alphabet),
		cmocka_unit_test(test_refuses_whitespace),
		cmocka_unit_test(test_refuses_every_foreign_byte),
		cmocka_unit_test(test_refuses_length_1_mod_4),
		cmocka_unit_test(test_refuses_stray_bits),
		cmocka_unit_test(test_decode_is_canonical),
		cmocka_unit_test(test_encode_short_buffer),
		cmocka_unit_test(test_decode_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
