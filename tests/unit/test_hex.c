/* Unit tests for proto/hex.c: every byte both ways, the SHA-256 vectors of
 * FIPS 180-2, and strict refusals (case, length, characters, NULL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/hex.h"

/* Each byte value encodes to its two digits (checked against printf) and
 * decodes back; the whole 256-byte run does too, with its NUL after. */
static void test_every_byte(void **state)
{
	unsigned char all[256], back[256];
	char text[2 * 256 + 2], want[3];
	unsigned i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	memset(text, 'x', sizeof(text));
	hex_encode(all, 256, text);
	assert_int_equal(text[512], '\0');
	assert_int_equal(text[513], 'x');
	for (i = 0; i < 256; i++) {
		snprintf(want, sizeof(want), "%02x", i);
		assert_memory_equal(text + 2 * i, want, 2);
	}
	assert_true(hex_decode(text, back, 256));
	assert_memory_equal(back, all, 256);
}

/* Nothing encodes to the empty string, which decodes to nothing. */
static void test_empty(void **state)
{
	char text[1] = {'x'};
	unsigned char b = 7;

	(void)state;
	hex_encode(&b, 0, text);
	assert_string_equal(text, "");
	assert_true(hex_decode("", &b, 0));
	assert_int_equal(b, 7);
}

/* Only exactly 2n lowercase digits decode. */
static void test_refusals(void **state)
{
	static const char *const bad[] = {
		"0",  "000", "0A",       "A0",  "0g", "g0", " 0", "0 ", "-1",
		"+1", "0x",  "\xc3\xa9", "0\n", "zz", ":0", "0/", "@0", "0`",
	};
	unsigned char b[2];
	size_t i;

	(void)state;
	assert_false(hex_decode(NULL, b, 1));
	assert_false(hex_decode("00", b, 2));
	assert_false(hex_decode("0000", b, 1));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (hex_decode(bad[i], b, 1))
			fail_msg("\"%s\" decoded", bad[i]);
	}
	assert_true(hex_decode("ff", b, 1));
	assert_int_equal(b[0], 0xff);
	assert_true(hex_decode("09af", b, 2));
	assert_int_equal(b[0], 0x09);
	assert_int_equal(b[1], 0xaf);
}

/* SHA-256 in hex: the empty string and "abc" (FIPS 180-2), and a message
 * with a NUL inside, whose length is what is hashed. */
static void test_sha256(void **state)
{
	char out[HEX_SHA256_LEN + 1];

	(void)state;
	hex_sha256("", 0, out);
	assert_string_equal(out,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_sha256("abc", 3, out);
	assert_string_equal(out,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_sha256("abc\0def", 3, out);
	assert_string_equal(out,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_sha256("abc\0", 4, out);
	assert_string_not_equal(out,
				"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_sha256),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
