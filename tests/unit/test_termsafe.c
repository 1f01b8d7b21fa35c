/* Unit tests for client/termsafe.c: what yg shows of a server's text never
 * holds a control, an escape, a bidi override or bytes that are not UTF-8,
 * and ordinary text (Latin, CJK, emoji) comes out as it went in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "../../client/termsafe.h"
#include "../../client/textwidth.h"

#define FFFD TS_REPLACEMENT

/* The bidi controls the brief names, and the line/paragraph separators. */
static const unsigned long bidi[] = {0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d,
				     0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029};

/* cp as UTF-8 (any value up to 0x7fffffff, the old long forms included);
 * its length. */
static size_t enc(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* ts_clean of len bytes, as a NUL-terminated string the caller frees. */
static char *clean(const char *in, size_t len, unsigned flags)
{
	char *out = malloc(3 * len + 1);
	size_t used = 0, n;

	assert_non_null(out);
	n = ts_clean(in, len, flags, out, &used);
	assert_true(n <= 3 * len);
	assert_int_equal(used, len);
	out[n] = '\0';
	return out;
}

/* ts_clean of len bytes of in must be want (a string). */
static void expect_clean(const char *in, size_t len, unsigned flags, const char *want)
{
	char *got = clean(in, len, flags);

	if (strcmp(got, want) != 0)
		fail_msg("cleaned into \"%s\", want \"%s\"", got, want);
	free(got);
}

/* The property every output has: valid UTF-8 (strictly), every code
 * point safe, no tab, and a line break only with multiline. */
static void expect_safe(const char *s, size_t len, int multiline)
{
	unsigned long cp;
	size_t i = 0;
	int n;

	while (i < len) {
		n = ts_decode(s + i, len - i, &cp);
		if (n <= 0)
			fail_msg("byte %zu of the output (0x%02x) is not UTF-8", i,
				 (unsigned char)s[i]);
		if (ts_unsafe(cp) || cp == '\t' || (cp == '\n' && !multiline) || cp == 0)
			fail_msg("U+%04lX in the output", cp);
		i += (size_t)n;
	}
}

/* Clean and check the property, both ways. */
static void expect_clean_safe(const char *in, size_t len)
{
	char *a = clean(in, len, 0), *b = clean(in, len, TS_MULTILINE);

	expect_safe(a, strlen(a), 0);
	expect_safe(b, strlen(b), 1);
	free(a);
	free(b);
}

static void test_c0_each(void **state)
{
	char in[3];
	unsigned c;

	(void)state;
	for (c = 1; c < 0x20; c++) {
		in[0] = 'a';
		in[1] = (char)c;
		in[2] = 'b';
		if (c == '\n') {
			expect_clean(in, 3, 0, "a b");
			expect_clean(in, 3, TS_MULTILINE, "a\nb");
		} else if (c == '\t') {
			expect_clean(in, 3, 0, "a b");
			expect_clean(in, 3, TS_MULTILINE, "a b");
		} else {
			expect_clean(in, 3, 0, "a" FFFD "b");
			expect_clean(in, 3, TS_MULTILINE, "a" FFFD "b");
		}
	}
	/* NUL too, when it is inside the bytes given */
	expect_clean("a\0b", 3, 0, "a" FFFD "b");
}

static void test_del(void **state)
{
	(void)state;
	expect_clean("x\x7fy", 3, 0, "x" FFFD "y");
	expect_clean("\x7f", 1, TS_MULTILINE, FFFD);
	assert_true(ts_unsafe(0x7f));
}

static void test_c1_each(void **state)
{
	char in[2];
	unsigned long cp;

	(void)state;
	for (cp = 0x80; cp <= 0x9f; cp++) {
		assert_int_equal(enc(cp, in), 2);
		expect_clean(in, 2, 0, FFFD);
		expect_clean(in, 2, TS_MULTILINE, FFFD);
		assert_true(ts_unsafe(cp));
		/* the same value as a bare byte (Latin-1 C1) is not UTF-8 */
		in[0] = (char)cp;
		expect_clean(in, 1, 0, FFFD);
	}
	expect_clean("\xc2\xa0", 2, 0, "\xc2\xa0"); /* U+00A0 is text */
}

static void test_bidi_each(void **state)
{
	char in[8];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bidi) / sizeof(bidi[0]); i++) {
		n = enc(bidi[i], in + 1);
		in[0] = 'A';
		in[n + 1] = 'B';
		expect_clean(in, n + 2, 0, "A" FFFD "B");
		expect_clean(in, n + 2, TS_MULTILINE, "A" FFFD "B");
		assert_true(ts_unsafe(bidi[i]));
	}
	/* neighbours stay: ZWJ (emoji sequences), ZWSP, U+202F, U+2065, U+206A */
	assert_false(ts_unsafe(0x200d));
	assert_false(ts_unsafe(0x200b));
	assert_false(ts_unsafe(0x202f));
	assert_false(ts_unsafe(0x2065));
	assert_false(ts_unsafe(0x206a));
	assert_false(ts_unsafe(0x061b));
}

/* Every code point: unsafe ones become one U+FFFD, the rest stay. */
static void test_every_code_point(void **state)
{
	char in[4], out[12];
	unsigned long cp;
	size_t n, o, used, k;
	int want_unsafe;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		want_unsafe = (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f);
		for (k = 0; k < sizeof(bidi) / sizeof(bidi[0]); k++)
			want_unsafe |= cp == bidi[k];
		if (ts_unsafe(cp) != want_unsafe)
			fail_msg("U+%04lX: ts_unsafe %d", cp, ts_unsafe(cp));
		n = enc(cp, in);
		o = ts_clean(in, n, TS_MULTILINE, out, &used);
		assert_int_equal(used, n);
		if (cp == '\t')
			assert_true(o == 1 && out[0] == ' ');
		else if (want_unsafe)
			assert_true(o == 3 && memcmp(out, FFFD, 3) == 0);
		else if (o != n || memcmp(out, in, n) != 0)
			fail_msg("U+%04lX was changed", cp);
	}
}

static void test_invalid_utf8(void **state)
{
	unsigned b;
	char in[1];

	(void)state;
	/* bytes that never start a sequence */
	for (b = 0x80; b <= 0xff; b++) {
		if (b >= 0xc2 && b <= 0xf4)
			continue;
		in[0] = (char)b;
		expect_clean(in, 1, 0, FFFD);
	}
	expect_clean("\x80\xbf", 2, 0, FFFD FFFD);                   /* stray continuations */
	expect_clean("\xe4\xb8", 2, 0, FFFD FFFD);                   /* 中 cut short at the end */
	expect_clean("\xe4\xb8x", 3, 0, FFFD FFFD "x");              /* ... and in the middle */
	expect_clean("\xf0\x9f\x98", 3, 0, FFFD FFFD FFFD);          /* an emoji cut short */
	expect_clean("\xed\xa0\x80", 3, 0, FFFD FFFD FFFD);          /* a surrogate, U+D800 */
	expect_clean("\xed\xbf\xbf", 3, 0, FFFD FFFD FFFD);          /* U+DFFF */
	expect_clean("\xf4\x90\x80\x80", 4, 0, FFFD FFFD FFFD FFFD); /* U+110000 */
	expect_clean("\xf7\xbf\xbf\xbf", 4, 0, FFFD FFFD FFFD FFFD);
	expect_clean("\xfe\xff", 2, 0, FFFD FFFD);
	expect_clean("\xc3(", 2, 0, FFFD "(");
}

/* Long forms of short code points, ESC and CSI among them, are not UTF-8:
 * no terminal may decode them into a control behind our back. */
static void test_overlong(void **state)
{
	(void)state;
	expect_clean("\xc0\x80", 2, 0, FFFD FFFD);                   /* NUL */
	expect_clean("\xc0\x9b", 2, 0, FFFD FFFD);                   /* ESC in two bytes */
	expect_clean("\xc1\xbf", 2, 0, FFFD FFFD);                   /* DEL */
	expect_clean("\xe0\x80\x9b", 3, 0, FFFD FFFD FFFD);          /* ESC in three */
	expect_clean("\xe0\x82\x9b", 3, 0, FFFD FFFD FFFD);          /* CSI in three */
	expect_clean("\xe0\x9f\xbf", 3, 0, FFFD FFFD FFFD);          /* U+07FF in three */
	expect_clean("\xf0\x80\x80\x9b", 4, 0, FFFD FFFD FFFD FFFD); /* ESC in four */
	expect_clean("\xf0\x82\x80\xae", 4, 0, FFFD FFFD FFFD FFFD); /* U+202E... in four */
	expect_clean("\xf0\x8f\xbf\xbf", 4, 0, FFFD FFFD FFFD FFFD); /* U+FFFF in four */
	/* the shortest forms just above the limits are fine */
	expect_clean("\xe0\xa0\x80", 3, 0, "\xe0\xa0\x80");
	expect_clean("\xf0\x90\x80\x80", 4, 0, "\xf0\x90\x80\x80");
	expect_clean("\xf4\x8f\xbf\xbf", 4, 0, "\xf4\x8f\xbf\xbf");
}

/* Every one- and two-byte input and every three-byte input comes out safe,
 * in both modes. */
static void test_all_short_inputs_safe(void **state)
{
	char in[3];
	unsigned a, b, c;

	(void)state;
	for (a = 0; a < 256; a++) {
		in[0] = (char)a;
		expect_clean_safe(in, 1);
		for (b = 0; b < 256; b++) {
			in[1] = (char)b;
			expect_clean_safe(in, 2);
		}
	}
	/* three bytes: every lead byte that starts a sequence, with every pair */
	for (a = 0xc0; a < 256; a++)
		for (b = 0x70; b < 0xc0; b++)
			for (c = 0; c < 256; c++) {
				in[0] = (char)a;
				in[1] = (char)b;
				in[2] = (char)c;
				expect_clean_safe(in, 3);
			}
}

static void test_text_kept(void **state)
{
	static const char *const kept[] = {
		"plain ASCII text: 1 + 1 = 2 (ok) [x] {y} ~",
		"关于县城供水管网改造项目的意见：同意，但须公开招标。",
		"「重大决策」——《三重一大》第３条，全角ＡＢＣ",
		"emoji 👍🏽 ✅ 🇨🇳 👨‍👩‍👧 and combining é",
		"한국어 日本語 かな カナ Ελληνικά Русский עברית العربية",
		"U+00A0\xc2\xa0U+FFFD\xef\xbf\xbd U+10FFFF\xf4\x8f\xbf\xbf",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		expect_clean(kept[i], strlen(kept[i]), 0, kept[i]);
		expect_clean(kept[i], strlen(kept[i]), TS_MULTILINE, kept[i]);
	}
}

/* Columns: text that stays keeps its width; each character replaced
 * takes one column as U+FFFD. */
static void test_width(void **state)
{
	char *a;

	(void)state;
	a = ts_dup("中文标题", 0);
	assert_int_equal(tw_width(a), 8);
	free(a);
	a = ts_dup("👍中", 0);
	assert_int_equal(tw_width(a), 4);
	free(a);
	a = ts_dup("中\x1b[2J文", 0); /* ESC → one column, "[2J" three */
	assert_int_equal(tw_width(a), 2 + 1 + 3 + 2);
	free(a);
	a = ts_dup("甲\xe2\x80\xae乙\xc2\x9b丙", 0);
	assert_string_equal(a, "甲" FFFD "乙" FFFD "丙");
	assert_int_equal(tw_width(a), 2 + 1 + 2 + 1 + 2);
	free(a);
}

static void test_attacks(void **state)
{
	static const char in[] = "\x1b[2J\x1b]0;title\x07\xc2\x9b"
				 "31m\xe2\x80\xae"
				 "evil\x1bP+q\x1b\\\r";
	char *a = ts_dup(in, TS_MULTILINE);

	(void)state;
	assert_null(strchr(a, 0x1b));
	assert_null(strchr(a, 0x07));
	assert_null(strchr(a, '\r'));
	assert_null(strstr(a, "\xc2\x9b"));
	assert_null(strstr(a, "\xe2\x80\xae"));
	assert_string_equal(a, FFFD "[2J" FFFD "]0;title" FFFD FFFD "31m" FFFD "evil" FFFD
				    "P+q" FFFD "\\" FFFD);
	free(a);
}

static void test_lines(void **state)
{
	(void)state;
	expect_clean("a\r\nb", 4, TS_MULTILINE, "a\nb");
	expect_clean("a\r\nb", 4, 0, "a b");
	expect_clean("a\rb", 3, TS_MULTILINE, "a" FFFD "b"); /* a lone CR overwrites the line */
	expect_clean("a\n\nb\n", 5, TS_MULTILINE, "a\n\nb\n");
	expect_clean("a\n\nb\n", 5, 0, "a  b ");
}

static void test_dup(void **state)
{
	char *a = ts_dup(NULL, 0), *b = ts_dup("", TS_MULTILINE), *c = ts_dup("x\ny", TS_PARTIAL);

	(void)state;
	assert_string_equal(a, "");
	assert_string_equal(b, "");
	assert_string_equal(c, "x y"); /* only TS_MULTILINE is taken */
	free(a);
	free(b);
	free(c);
}

static void test_decode(void **state)
{
	unsigned long cp;

	(void)state;
	assert_int_equal(ts_decode("", 0, &cp), -1);
	assert_int_equal(ts_decode("\xe4", 1, &cp), -1);
	assert_int_equal(ts_decode("\xe4\xb8", 2, &cp), -1);
	assert_int_equal(ts_decode("\xe4\xb8\xad", 3, &cp), 3);
	assert_int_equal(cp, 0x4e2d);
	assert_int_equal(ts_decode("\xe0\x80", 2, &cp), 0); /* can only be overlong */
	assert_int_equal(ts_decode("\xed\xa0", 2, &cp), 0); /* can only be a surrogate */
	assert_int_equal(ts_decode("\xf0\x80", 2, &cp), 0);
	assert_int_equal(ts_decode("\xf4\x90", 2, &cp), 0);
	assert_int_equal(ts_decode("\xf0\x9f\x98", 3, &cp), -1);
	assert_int_equal(ts_decode("\xc2", 1, &cp), -1);
	assert_int_equal(ts_decode("\xc1", 1, &cp), 0);
	assert_int_equal(ts_decode("\xf5", 1, &cp), 0);
}

/* Streaming: a sequence cut by the end of one write is kept for the next,
 * and the pieces come out as the whole would. */
static void test_partial(void **state)
{
	static const char text[] = "中文👍\x1b[2J\xe2\x80\xae\r\nok\xc2\x9b";
	size_t len = sizeof(text) - 1, cut, used, n, o;
	char out[3 * sizeof(text) + 8], buf[sizeof(text) + 8], *whole;

	(void)state;
	whole = clean(text, len, TS_MULTILINE);
	for (cut = 0; cut <= len; cut++) {
		o = ts_clean(text, cut, TS_MULTILINE | TS_PARTIAL, out, &used);
		assert_true(used <= cut && cut - used <= 4);
		/* the rest starts with what was kept */
		n = cut - used;
		memcpy(buf, text + used, n);
		memcpy(buf + n, text + cut, len - cut);
		o += ts_clean(buf, n + len - cut, TS_MULTILINE, out + o, &used);
		out[o] = '\0';
		if (strcmp(out, whole) != 0)
			fail_msg("cut at %zu: \"%s\", want \"%s\"", cut, out, whole);
	}
	free(whole);
	/* a bad byte is not kept waiting */
	o = ts_clean("a\xff", 2, TS_PARTIAL, out, &used);
	assert_int_equal(used, 2);
	assert_int_equal(o, 4);
}

static void test_json(void **state)
{
	static const char json[] = "{\n\t\"a\": \"x\x1b[2J\x7f\xc2\x9b\xe2\x80\xae\xd8\x9c中\"\n}";
	char *safe = ts_json(json), *bad = ts_json("\"\xff\"");
	cJSON *j = cJSON_Parse(safe);

	(void)state;
	assert_string_equal(safe, "{\n\t\"a\": \"x\\u001b[2J\\u007f\\u009b\\u202e\\u061c中\"\n}");
	/* the same JSON: it reads back as what was sent */
	assert_non_null(j);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "a")),
			    "x\x1b[2J\x7f\xc2\x9b\xe2\x80\xae\xd8\x9c中");
	assert_string_equal(bad, "\"\\ufffd\"");
	assert_null(strchr(safe, 0x1b));
	assert_null(strstr(safe, "\xc2\x9b"));
	assert_null(strstr(safe, "\xe2\x80\xae"));
	cJSON_Delete(j);
	free(safe);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c0_each),
		cmocka_unit_test(test_del),
		cmocka_unit_test(test_c1_each),
		cmocka_unit_test(test_bidi_each),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_all_short_inputs_safe),
		cmocka_unit_test(test_text_kept),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_attacks),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_dup),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
