/* Unit tests for proto/utf8.c: RFC 3629 validation of every byte class and
 * code point counting, checked by hand and against an independent decoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/utf8.h"

/* utf8_valid on a heap copy of exactly len bytes, so ASan sees any over-read. */
static bool valid_exact(const char *s, size_t len)
{
	char *copy = malloc(len > 0 ? len : 1);
	bool ok;

	assert_non_null(copy);
	memcpy(copy, s, len);
	ok = utf8_valid(copy, len);
	free(copy);
	return ok;
}

/* utf8_valid on a string literal, without its terminating NUL. */
static bool valid(const char *s)
{
	return valid_exact(s, strlen(s));
}

/*
 * Reference oracle: decode one sequence arithmetically and judge it by the
 * RFC 3629 rules (shortest form, no surrogate, at most U+10FFFF, no NUL).
 * Returns its length, or 0 if the bytes at p are not one whole sequence.
 */
static size_t ref_seq(const unsigned char *p, size_t len)
{
	uint32_t cp, min;
	size_t n, i;

	if (p[0] < 0x80)
		return p[0] != 0;
	if ((p[0] & 0xe0) == 0xc0)
		n = 2, cp = p[0] & 0x1f, min = 0x80;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3, cp = p[0] & 0x0f, min = 0x800;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The oracle's verdict on a whole buffer. */
static bool ref_valid(const unsigned char *p, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = ref_seq(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* Empty input, ASCII and the NUL byte. */
static void test_ascii(void **state)
{
	char c[1];
	int i;

	(void)state;
	assert_true(valid_exact("", 0));
	assert_true(utf8_valid(NULL, 0));
	assert_true(valid("hello, world"));
	for (i = 1; i < 0x80; i++) {
		c[0] = (char)i;
		assert_true(valid_exact(c, 1));
	}
	assert_false(valid_exact("\0", 1));
	assert_false(valid_exact("a\0b", 3));
	assert_false(valid_exact("ab\0", 3));
	assert_true(valid_exact("ab\0", 2));
}

/* Two-byte sequences: U+0080..U+07FF, and the overlong leads C0 and C1. */
static void test_two_byte(void **state)
{
	(void)state;
	assert_true(valid("\xc2\x80"));
	assert_true(valid("\xc3\xa9"));
	assert_true(valid("\xdf\xbf"));
	assert_false(valid("\xc0\x80"));
	assert_false(valid("\xc0\xaf"));
	assert_false(valid("\xc1\xbf"));
	assert_false(valid("\xc2\x7f"));
	assert_false(valid("\xc2\xc0"));
}

/* Three-byte sequences, with the overlong and surrogate edges of E0 and ED. */
static void test_three_byte(void **state)
{
	(void)state;
	assert_true(valid("\xe0\xa0\x80"));
	assert_false(valid("\xe0\x9f\xbf"));
	assert_false(valid("\xe0\x80\x80"));
	assert_false(valid("\xe0\x80\xaf"));
	assert_true(valid("\xe1\x80\x80"));
	assert_true(valid("\xed\x9f\xbf"));
	assert_false(valid("\xed\xa0\x80"));
	assert_false(valid("\xed\xad\xbf"));
	assert_false(valid("\xed\xb0\x80"));
	assert_false(valid("\xed\xbf\xbf"));
	assert_true(valid("\xee\x80\x80"));
	assert_true(valid("\xef\xbf\xbe"));
	assert_true(valid("\xef\xbf\xbf"));
	assert_false(valid("\xe1\x80\x7f"));
	assert_false(valid("\xe1\x80\xc0"));
}

/* Surrogate pairs spelt as two 3-byte sequences (CESU-8) are refused. */
static void test_surrogate_pair_cesu(void **state)
{
	(void)state;
	assert_false(valid("\xed\xa0\xbd\xed\xb8\x80"));
}

/* Four-byte sequences: U+10000..U+10FFFF, overlongs below, nothing above. */
static void test_four_byte(void **state)
{
	(void)state;
	assert_true(valid("\xf0\x90\x80\x80"));
	assert_false(valid("\xf0\x8f\xbf\xbf"));
	assert_false(valid("\xf0\x80\x80\x80"));
	assert_true(valid("\xf0\x9f\x98\x80"));
	assert_true(valid("\xf3\xbf\xbf\xbf"));
	assert_true(valid("\xf4\x8f\xbf\xbf"));
	assert_false(valid("\xf4\x90\x80\x80"));
	assert_false(valid("\xf4\xbf\xbf\xbf"));
	assert_false(valid("\xf1\x80\x80\x7f"));
	assert_false(valid("\xf1\x80\x7f\x80"));
}

/* Lead bytes that start nothing: F5..FF, and the old 5- and 6-byte forms. */
static void test_bad_leads(void **state)
{
	char c[1];
	int i;

	(void)state;
	for (i = 0xf5; i <= 0xff; i++) {
		c[0] = (char)i;
		assert_false(valid_exact(c, 1));
	}
	assert_false(valid("\xf5\x80\x80\x80"));
	assert_false(valid("\xf8\x88\x80\x80\x80"));
	assert_false(valid("\xfc\x84\x80\x80\x80\x80"));
	assert_false(valid("\xfe"));
	assert_false(valid("\xff"));
}

/* Continuation bytes where a lead byte is expected. */
static void test_stray_continuation(void **state)
{
	char c[1];
	int i;

	(void)state;
	for (i = 0x80; i <= 0xbf; i++) {
		c[0] = (char)i;
		assert_false(valid_exact(c, 1));
	}
	assert_false(valid("a\x80"));
	assert_false(valid("\xc3\xa9\xa9"));
	assert_false(valid("\xe9\x98\xb3\x80"));
	assert_false(valid("\xf0\x9f\x98\x80\x80"));
}

/* Every proper prefix of a multi-byte sequence is refused, at the end of
 * the buffer and when ASCII follows. */
static void test_truncated(void **state)
{
	static const char *const seqs[] = {"\xc3\xa9", "\xe9\x98\xb3", "\xf0\x9f\x98\x80",
					   "\xf4\x8f\xbf\xbf"};
	char buf[8];
	size_t i, k, n;

	(void)state;
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		n = strlen(seqs[i]);
		for (k = 1; k < n; k++) {
			assert_false(valid_exact(seqs[i], k));
			memcpy(buf, seqs[i], k);
			buf[k] = 'a';
			assert_false(valid_exact(buf, k + 1));
		}
		assert_true(valid_exact(seqs[i], n));
	}
}

/* Only len bytes are looked at: a bad byte beyond them does not count. */
static void test_len_bound(void **state)
{
	(void)state;
	assert_true(utf8_valid("abc\xff", 3));
	assert_false(utf8_valid("abc\xff", 4));
	assert_true(utf8_valid("\xe9\x98\xb3\xff", 3));
	assert_false(utf8_valid("\xe9\x98\xb3\xff", 2));
}

/* Real text: Chinese, accented Latin, emoji, mixed. */
static void test_real_text(void **state)
{
	(void)state;
	assert_true(valid("阳光"));
	assert_true(valid("会议第一项：表决"));
	assert_true(valid("Zürich café"));
	assert_true(valid("vote 😀 🗳️ done"));
	assert_true(valid("a阳😀é\x7f"));
}

/* Every 1-, 2- and 3-byte input agrees with the reference decoder. */
static void test_exhaustive_short(void **state)
{
	unsigned char b[3];
	unsigned a, c, d;

	(void)state;
	for (a = 0; a < 256; a++) {
		b[0] = (unsigned char)a;
		assert_int_equal(utf8_valid((char *)b, 1), ref_valid(b, 1));
		for (c = 0; c < 256; c++) {
			b[1] = (unsigned char)c;
			assert_int_equal(utf8_valid((char *)b, 2), ref_valid(b, 2));
			for (d = 0; d < 256; d++) {
				b[2] = (unsigned char)d;
				if (utf8_valid((char *)b, 3) != ref_valid(b, 3))
					fail_msg("%02x %02x %02x", a, c, d);
			}
		}
	}
}

/* 4-byte inputs: every lead and second byte, the last two from each class. */
static void test_exhaustive_four(void **state)
{
	static const unsigned char tail[] = {0x00, 0x41, 0x7f, 0x80, 0x9f,
					     0xa0, 0xbf, 0xc0, 0xe0, 0xff};
	const size_t nt = sizeof(tail);
	unsigned char b[4];
	unsigned a, c;
	size_t i, j;

	(void)state;
	for (a = 0; a < 256; a++)
		for (c = 0; c < 256; c++)
			for (i = 0; i < nt; i++)
				for (j = 0; j < nt; j++) {
					b[0] = (unsigned char)a;
					b[1] = (unsigned char)c;
					b[2] = tail[i];
					b[3] = tail[j];
					if (utf8_valid((char *)b, 4) != ref_valid(b, 4))
						fail_msg("%02x %02x %02x %02x", b[0], b[1], b[2],
							 b[3]);
				}
}

/* The UTF-8 encoding of cp into b (room for five bytes, NUL-terminated). */
static size_t encode(uint32_t cp, unsigned char *b)
{
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = {0, 0x00, 0xc0, 0xe0, 0xf0};
	size_t i;

	for (i = n - 1; i > 0; i--, cp >>= 6)
		b[i] = (unsigned char)(0x80 | (cp & 0x3f));
	b[0] = (unsigned char)(lead[n] | cp);
	b[n] = '\0';
	return n;
}

/* Every code point encodes to something valid and counted once; every
 * surrogate is refused. */
static void test_every_code_point(void **state)
{
	unsigned char b[5];
	uint32_t cp;
	size_t n;
	bool want;

	(void)state;
	for (cp = 1; cp <= 0x10ffff; cp++) {
		n = encode(cp, b);
		want = !(cp >= 0xd800 && cp <= 0xdfff);
		if (utf8_valid((char *)b, n) != want)
			fail_msg("U+%04X", (unsigned)cp);
		if (want && utf8_count((char *)b) != 1)
			fail_msg("count U+%04X", (unsigned)cp);
	}
	assert_int_equal(encode(0x10ffff, b), 4);
	assert_memory_equal(b, "\xf4\x8f\xbf\xbf", 4);
	assert_int_equal(encode(0x963f, b), 3);
	assert_memory_equal(b, "阿", 3);
}

/* Code points are counted, not bytes. */
static void test_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_count(""), 0);
	assert_int_equal(utf8_count("a"), 1);
	assert_int_equal(utf8_count("hello"), 5);
	assert_int_equal(utf8_count("é"), 1);
	assert_int_equal(utf8_count("阳光"), 2);
	assert_int_equal(strlen("阳光"), 6);
	assert_int_equal(utf8_count("😀"), 1);
	assert_int_equal(utf8_count("a阳😀é"), 4);
	assert_int_equal(utf8_count("\xf4\x8f\xbf\xbf\xef\xbf\xbf\xdf\xbf\x7f"), 4);
	assert_int_equal(utf8_count("会议第一项：表决"), 8);
}

/* Encode code point cp as UTF-8 into buf; its length. */
static size_t encode_cp(unsigned long cp, char *buf)
{
	unsigned char *b = (unsigned char *)buf;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | cp >> 18);
	b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The list of characters that must never reach a terminal, written out
 * independently of utf8.c. */
static bool ref_unsafe(unsigned long cp, bool multiline)
{
	static const unsigned long marks[] = {0x061c, 0x200e, 0x200f, 0x2028, 0x2029,
					      0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
					      0x2066, 0x2067, 0x2068, 0x2069};
	size_t i;

	if (cp == 0x0a || cp == 0x09)
		return !multiline;
	if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f))
		return true;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (cp == marks[i])
			return true;
	return false;
}

/* Every scalar value, alone and between two CJK characters, in both modes:
 * utf8_has_unsafe agrees with the list above. */
static void test_unsafe_every_code_point(void **state)
{
	char buf[16];
	unsigned long cp;
	size_t n;
	int ml;

	(void)state;
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		for (ml = 0; ml < 2; ml++) {
			n = encode_cp(cp, buf);
			if (utf8_has_unsafe(buf, n, ml) != ref_unsafe(cp, ml))
				fail_msg("U+%04lX alone, multiline %d", cp, ml);
			memcpy(buf, "\xe9\x98\xb3", 3);
			n = 3 + encode_cp(cp, buf + 3);
			memcpy(buf + n, "\xe5\x85\x89", 3);
			if (utf8_has_unsafe(buf, n + 3, ml) != ref_unsafe(cp, ml))
				fail_msg("U+%04lX in text, multiline %d", cp, ml);
			assert_int_equal(utf8_unsafe_cp(cp, ml), ref_unsafe(cp, ml));
		}
	}
	assert_false(utf8_has_unsafe("", 0, false));
	/* only len bytes are looked at */
	assert_false(utf8_has_unsafe("ab\x1b", 2, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_two_byte),
		cmocka_unit_test(test_three_byte),
		cmocka_unit_test(test_surrogate_pair_cesu),
		cmocka_unit_test(test_four_byte),
		cmocka_unit_test(test_bad_leads),
		cmocka_unit_test(test_stray_continuation),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_len_bound),
		cmocka_unit_test(test_real_text),
		cmocka_unit_test(test_exhaustive_short),
		cmocka_unit_test(test_exhaustive_four),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_unsafe_every_code_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
