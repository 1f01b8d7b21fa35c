/* Unit tests for client/tui/tui_text.c: decoding one character, how many
 * bytes fit in so many columns (ASCII, CJK, combining marks, emoji, bytes
 * that do not decode), cutting to a width with the ellipsis and into small
 * buffers, wrapping by display width, and the prompt's one-line editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/textwidth.h"
#include "../../client/tui/tui_text.h"
#include "../../proto/utf8.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column */

/* tt_next on a heap copy of s (nothing readable after its NUL): the
 * length and code point must be want_len and want_cp. */
static void expect_next(const char *s, size_t want_len, unsigned long want_cp)
{
	char *copy = strdup(s);
	unsigned long cp = 0xdeadbeef;
	size_t n;

	assert_non_null(copy);
	n = tt_next(copy, &cp);
	free(copy);
	if (n != want_len || cp != want_cp)
		fail_msg("tt_next: %zu bytes, U+%04lX; want %zu, U+%04lX", n, cp, want_len,
			 want_cp);
}

/* tt_fit of s in cols columns must take want bytes and want_used columns. */
static void expect_fit(const char *s, size_t cols, size_t want, size_t want_used)
{
	char *copy = strdup(s);
	size_t used = 12345, n;

	assert_non_null(copy);
	n = tt_fit(copy, cols, &used);
	assert_int_equal(tt_fit(copy, cols, NULL), n);
	free(copy);
	if (n != want || used != want_used)
		fail_msg("tt_fit(\"%s\", %zu): %zu bytes, %zu columns; want %zu, %zu", s, cols, n,
			 used, want, want_used);
}

/* tt_clip of s to cols into a large buffer: want text and want_cols. */
static void expect_clip(const char *s, size_t cols, const char *want, size_t want_cols)
{
	char out[256];
	size_t used;

	memset(out, 'X', sizeof(out));
	used = tt_clip(s, cols, out, sizeof(out));
	if (strcmp(out, want) != 0 || used != want_cols)
		fail_msg("tt_clip(\"%s\", %zu): \"%s\" (%zu columns); want \"%s\" (%zu)", s, cols,
			 out, used, want, want_cols);
}

static void test_next_valid(void **state)
{
	(void)state;
	expect_next("a", 1, 'a');
	expect_next("~rest", 1, '~');
	expect_next("\xc3\xa9", 2, 0xe9);                   /* é */
	expect_next("\xd0\x96", 2, 0x416);                  /* Ж */
	expect_next("\xe4\xb8\xad\xe6\x96\x87", 3, 0x4e2d); /* 中, then 文 */
	expect_next("\xe2\x80\xa6", 3, 0x2026);             /* … */
	expect_next("\xef\xbc\xa1", 3, 0xff21);             /* fullwidth A */
	expect_next("\xf0\x9f\x98\x80", 4, 0x1f600);        /* 😀 */
	expect_next("\xf0\xa0\x80\x80", 4, 0x20000);        /* CJK extension B */
	expect_next("\xf4\x8f\xbf\xbf", 4, 0x10ffff);
	expect_next("", 1, 0); /* the terminator itself: callers stop before it */
}

/* A byte that does not start a complete sequence is one character. */
static void test_next_invalid(void **state)
{
	(void)state;
	expect_next("\xe4\xb8", 1, '?');     /* cut short by the end */
	expect_next("\xe4\xb8x", 1, '?');    /* cut short by ASCII */
	expect_next("\xe4x\xad", 1, '?');    /* second byte not a continuation */
	expect_next("\xf0\x9f\x98", 1, '?'); /* four-byte lead, three bytes */
	expect_next("\xc3", 1, '?');
	expect_next("\xc3\xc3\xa9", 1, '?'); /* a lead byte where a continuation belongs */
	/* a lone continuation byte is one character of its own */
	expect_next("\x80", 1, 0x80);
	expect_next("\xbf\xbf", 1, 0xbf);
}

static void test_fit_ascii(void **state)
{
	(void)state;
	expect_fit("hello", 10, 5, 5);
	expect_fit("hello", 5, 5, 5);
	expect_fit("hello", 4, 4, 4);
	expect_fit("hello", 1, 1, 1);
	expect_fit("hello", 0, 0, 0);
	expect_fit("", 0, 0, 0);
	expect_fit("", 80, 0, 0);
	/* control characters take one column like any other narrow one */
	expect_fit("a\tb\nc", 4, 4, 4);
}

/* A CJK character takes two columns and is never cut in half. */
static void test_fit_cjk(void **state)
{
	static const char s[] = "中文字符"; /* 12 bytes, 8 columns */
	size_t cols;

	(void)state;
	expect_fit(s, 8, 12, 8);
	expect_fit(s, 100, 12, 8);
	expect_fit(s, 7, 9, 6);
	expect_fit(s, 2, 3, 2);
	expect_fit(s, 1, 0, 0);
	expect_fit(s, 0, 0, 0);
	for (cols = 0; cols <= 9; cols++)
		expect_fit(s, cols, cols >= 8 ? 12 : cols / 2 * 3, cols >= 8 ? 8 : cols / 2 * 2);
	/* mixed: "a中b" is 1 + 2 + 1 columns */
	expect_fit("a中b", 1, 1, 1);
	expect_fit("a中b", 2, 1, 1);
	expect_fit("a中b", 3, 4, 3);
	expect_fit("a中b", 4, 5, 4);
	/* Hangul and fullwidth forms are wide too */
	expect_fit("한국", 3, 3, 2);
	expect_fit("ＡＢ", 3, 3, 2);
}

/* Combining marks take no column and stay with the character before them;
 * emoji of the common blocks take two. */
static void test_fit_combining_emoji(void **state)
{
	static const char e_acute[] = "e\xcc\x81"; /* e + U+0301 */

	(void)state;
	expect_fit(e_acute, 1, 3, 1);
	expect_fit("e\xcc\x81x", 1, 3, 1);
	expect_fit("e\xcc\x81x", 2, 4, 2);
	expect_fit("ab\xcc\x81\xcc\x82", 2, 6, 2); /* two marks on b */
	expect_fit("\xcc\x81", 0, 2, 0);           /* a mark alone fits in nothing */
	expect_fit("a\xe2\x80\x8b"
		   "b",
		   2, 5, 2); /* zero-width space */
	expect_fit("😀😀", 3, 4, 2);
	expect_fit("😀😀", 4, 8, 4);
	expect_fit("😀", 1, 0, 0);
	expect_fit("🚀x", 3, 5, 3);
}

/* Bytes that do not decode count one column each and are stepped over one
 * at a time, never past the terminator. */
static void test_fit_invalid(void **state)
{
	(void)state;
	expect_fit("\xe4\xb8", 10, 2, 2);
	expect_fit("\xe4\xb8", 1, 1, 1);
	expect_fit("a\xff"
		   "b",
		   10, 3, 3);
	expect_fit("\x80\x80\x80", 2, 2, 2);
	expect_fit("\xf0\x9f\x98", 10, 3, 3);
	expect_fit("中\xe6\x96", 3, 4, 3);
	assert_int_equal(tw_width("中\xe6\x96"), 4); /* the same count as textwidth */
}

static void test_clip_fits(void **state)
{
	(void)state;
	expect_clip("hello", 10, "hello", 5);
	expect_clip("hello", 5, "hello", 5); /* exactly the width: no ellipsis */
	expect_clip("中文", 4, "中文", 4);
	expect_clip("e\xcc\x81", 1, "e\xcc\x81", 1);
	expect_clip("", 10, "", 0);
	expect_clip("", 0, "", 0);
}

/* Cut text ends in "…", which takes the last column. */
static void test_clip_ellipsis(void **state)
{
	(void)state;
	expect_clip("hello world", 5, "hell" ELLIPSIS, 5);
	expect_clip("hello world", 10, "hello wor" ELLIPSIS, 10);
	expect_clip("hello", 4, "hel" ELLIPSIS, 4);
	expect_clip("hello", 2, "h" ELLIPSIS, 2);
	expect_clip("hello", 1, ELLIPSIS, 1);
	/* no column at all: nothing, not even the ellipsis */
	expect_clip("hello", 0, "", 0);
	/* a cut through a wide character leaves its column empty: one less */
	expect_clip("中文字符", 7, "中文字" ELLIPSIS, 7);
	expect_clip("中文字符", 6, "中文" ELLIPSIS, 5);
	expect_clip("中文字符", 5, "中文" ELLIPSIS, 5);
	expect_clip("中文字符", 4, "中" ELLIPSIS, 3);
	expect_clip("中文字符", 3, "中" ELLIPSIS, 3);
	expect_clip("中文字符", 2, ELLIPSIS, 1);
	expect_clip("中文字符", 1, ELLIPSIS, 1);
	expect_clip("a中文", 3, "a" ELLIPSIS, 2);
	expect_clip("😀😀😀", 5, "😀😀" ELLIPSIS, 5);
	/* a combining mark stays with its letter before the ellipsis */
	expect_clip("e\xcc\x81xyz", 2, "e\xcc\x81" ELLIPSIS, 2);
	/* an ellipsis already in the text is one column like the added one */
	expect_clip("a…b…c", 4, "a…b" ELLIPSIS, 4);
}

/* Line breaks and tabs become spaces, so one line stays one line. */
static void test_clip_controls(void **state)
{
	(void)state;
	expect_clip("a\nb", 10, "a b", 3);
	expect_clip("a\tb\rc", 10, "a b c", 5);
	expect_clip("line one\nline two", 9, "line one" ELLIPSIS, 9);
	expect_clip("\n\n\n", 2, " " ELLIPSIS, 2);
}

/* Whether out holds valid UTF-8 (every byte that was a whole character of s
 * is still whole), at most cols wide, its columns as returned. */
static void check_clip(const char *s, size_t cols, size_t outlen)
{
	char buf[512], flat[512];
	size_t used, n, i;

	assert_true(outlen + 16 <= sizeof(buf));
	memset(buf, 'X', sizeof(buf));
	used = tt_clip(s, cols, buf, outlen);
	if (outlen == 0) {
		assert_int_equal(used, 0);
		assert_int_equal(buf[0], 'X');
		return;
	}
	n = strnlen(buf, outlen);
	if (n >= outlen)
		fail_msg("tt_clip(\"%s\", %zu, %zu): no terminator", s, cols, outlen);
	for (i = outlen; i < sizeof(buf); i++)
		if (buf[i] != 'X')
			fail_msg("tt_clip(\"%s\", %zu, %zu): wrote byte %zu", s, cols, outlen, i);
	if (utf8_valid(s, strlen(s)) && !utf8_valid(buf, n))
		fail_msg("tt_clip(\"%s\", %zu, %zu): \"%s\" splits a character", s, cols, outlen,
			 buf);
	if (tw_width(buf) != used || used > cols)
		fail_msg("tt_clip(\"%s\", %zu, %zu): \"%s\" is %zu columns, returned %zu", s, cols,
			 outlen, buf, tw_width(buf), used);
	/* what is kept is a prefix of s (breaks and tabs as spaces), then
	 * perhaps the ellipsis */
	snprintf(flat, sizeof(flat), "%s", s);
	for (i = 0; flat[i] != '\0'; i++)
		if (flat[i] == '\n' || flat[i] == '\r' || flat[i] == '\t')
			flat[i] = ' ';
	if (strncmp(buf, flat, n) != 0 &&
	    !(n >= 3 && strcmp(buf + n - 3, ELLIPSIS) == 0 && strncmp(buf, flat, n - 3) == 0))
		fail_msg("tt_clip(\"%s\", %zu, %zu): \"%s\" is not s cut", s, cols, outlen, buf);
}

/* Buffers too small for what fits in the columns: the text is cut at a
 * character, the terminator always written, nothing written past outlen. */
static void test_clip_small_buffer(void **state)
{
	static const char *const texts[] = {
		"hello world", "中文字符串", "a中b文c", "😀😀😀😀", "e\xcc\x81\xcc\x82xyz",
		"…………",        "x",          "",        "中",   "a\nb\tc",
	};
	char out[8];
	size_t t, cols, outlen;

	(void)state;
	for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
		for (cols = 0; cols <= 14; cols++)
			for (outlen = 0; outlen <= 40; outlen++)
				check_clip(texts[t], cols, outlen);
	/* buffers of exactly outlen bytes on the heap (AddressSanitizer sees
	 * any byte past them) */
	for (outlen = 1; outlen <= 8; outlen++)
		for (cols = 0; cols <= 12; cols++) {
			char *p = malloc(outlen);

			assert_non_null(p);
			tt_clip("hello world", cols, p, outlen);
			assert_true(strlen(p) < outlen);
			tt_clip("中文字符串", cols, p, outlen);
			assert_true(utf8_valid(p, strlen(p)));
			free(p);
		}
	/* exact results for a few */
	memset(out, 'X', sizeof(out));
	/* cut by the buffer, not the columns: still whole characters and "…" */
	assert_int_equal(tt_clip("中文字符", 80, out, 8), 3);
	assert_string_equal(out, "中" ELLIPSIS);
	assert_int_equal(tt_clip("中文字符", 80, out, 7), 3);
	assert_string_equal(out, "中" ELLIPSIS);
	assert_int_equal(tt_clip("中文字符", 80, out, 6), 1);
	assert_string_equal(out, ELLIPSIS);
	assert_int_equal(tt_clip("hello world", 5, out, 5), 2);
	assert_string_equal(out, "h" ELLIPSIS);
	assert_int_equal(tt_clip("hello world", 5, out, 4), 1);
	assert_string_equal(out, ELLIPSIS);
	/* no room for the ellipsis's three bytes: the text is just cut */
	assert_int_equal(tt_clip("hello world", 5, out, 3), 2);
	assert_string_equal(out, "he");
	assert_int_equal(tt_clip("hello world", 5, out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(tt_clip("中文", 80, out, 3), 0);
	assert_string_equal(out, "");
}

/* Pieces of every kind, strung together pseudo-randomly: the invariants
 * of check_clip hold for every width and buffer. */
static void test_clip_mixed(void **state)
{
	static const char *const pieces[] = {
		"a", "Z",  " ",  "中",   "文", "😀",        "\xcc\x81", "\xe2\x80\x8b", "é",
		"…", "\n", "\t", "ＡＢ", "한", "\xe4\xb8", "\xff",     "\x80",
	};
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	uint32_t x = 2463534242u;
	char s[128];
	size_t k, i, cols, outlen, len;

	(void)state;
	for (k = 0; k < 300; k++) {
		s[0] = '\0';
		len = 0;
		for (i = 0; i < 1 + k % 12; i++) {
			const char *p;

			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			p = pieces[x % np];
			if (len + strlen(p) >= sizeof(s))
				break;
			memcpy(s + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		for (cols = 0; cols <= 26; cols += 1 + k % 3)
			for (outlen = 1; outlen <= 48; outlen += 1 + k % 5)
				check_clip(s, cols, outlen);
	}
}

/* The lines of tt_wrap of s in cols, joined with '|'. */
static void expect_wrap(const char *s, size_t cols, int max, const char *want)
{
	size_t start[64], len[64];
	char got[1024];
	int n, i;

	assert_true(max <= 64);
	n = tt_wrap(s, cols, start, len, max);
	assert_true(n >= 0 && n <= max);
	got[0] = '\0';
	for (i = 0; i < n; i++) {
		assert_true(start[i] + len[i] <= strlen(s));
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.*s", i ? "|" : "",
			 (int)len[i], s + start[i]);
	}
	if (strcmp(got, want) != 0)
		fail_msg("tt_wrap(\"%s\", %zu): \"%s\", want \"%s\"", s, cols, got, want);
}

static void test_wrap_ascii(void **state)
{
	(void)state;
	expect_wrap("abcdef", 3, 10, "abc|def");
	expect_wrap("abcdefg", 3, 10, "abc|def|g");
	expect_wrap("abc", 3, 10, "abc");
	expect_wrap("abc", 80, 10, "abc");
	/* not at words: where the line is full */
	expect_wrap("the vote is open", 6, 10, "the vo|te is |open");
	assert_int_equal(tt_wrap("", 10, NULL, NULL, 10), 0);
}

static void test_wrap_cjk(void **state)
{
	(void)state;
	expect_wrap("中文字符", 4, 10, "中文|字符");
	expect_wrap("中文字符", 5, 10, "中文|字符"); /* the fifth column stays empty */
	expect_wrap("中文字符", 3, 10, "中|文|字|符");
	expect_wrap("a中文", 2, 10, "a|中|文");
	expect_wrap("e\xcc\x81"
		    "e\xcc\x81",
		    1, 10, "e\xcc\x81|e\xcc\x81");
	expect_wrap("😀😀😀", 4, 10, "😀😀|😀");
}

static void test_wrap_newlines(void **state)
{
	size_t start[8], len[8];

	(void)state;
	expect_wrap("ab\ncd", 10, 10, "ab|cd");
	expect_wrap("ab\n\ncd", 10, 10, "ab||cd");
	expect_wrap("ab\n", 10, 10, "ab"); /* a final break adds no line */
	expect_wrap("\n", 10, 10, "");
	assert_int_equal(tt_wrap("\n", 10, start, len, 8), 1);
	assert_int_equal(len[0], 0);
	assert_int_equal(tt_wrap("\n\n", 10, start, len, 8), 2);
	/* a line full just before its break: the break is not another line */
	expect_wrap("abc\ndef", 3, 10, "abc|def");
	expect_wrap("中文\n字", 4, 10, "中文|字");
	/* offsets: the second line starts after the break */
	assert_int_equal(tt_wrap("ab\ncd", 10, start, len, 8), 2);
	assert_int_equal(start[0], 0);
	assert_int_equal(len[0], 2);
	assert_int_equal(start[1], 3);
	assert_int_equal(len[1], 2);
}

static void test_wrap_limits(void **state)
{
	size_t start[4] = {99, 99, 99, 99}, len[4] = {99, 99, 99, 99};

	(void)state;
	/* at most max lines, nothing written past them */
	assert_int_equal(tt_wrap("abcdefghij", 2, start, len, 3), 3);
	assert_int_equal(start[2], 4);
	assert_int_equal(len[2], 2);
	assert_int_equal(start[3], 99);
	assert_int_equal(len[3], 99);
	assert_int_equal(tt_wrap("abc", 1, start, len, 0), 0);
	/* no columns: no lines */
	assert_int_equal(tt_wrap("abc", 0, start, len, 4), 0);
}

/* A character wider than the whole line still gets a line of its own:
 * the text is not lost in lines of nothing. */
static void test_wrap_wider_than_line(void **state)
{
	size_t start[8], len[8];

	(void)state;
	expect_wrap("中文", 1, 10, "中|文");
	expect_wrap("a中b", 1, 10, "a|中|b");
	expect_wrap("😀", 1, 10, "😀");
	assert_int_equal(tt_wrap("中文", 1, start, len, 8), 2);
}

/* Random strings: lines follow one another, each within cols (or a lone
 * character wider than cols), and together they hold all of the text but
 * the breaks. */
static void test_wrap_invariants(void **state)
{
	static const char *const pieces[] = {"a",  "bc", "中", "😀",    "\xcc\x81",
					     "\n", " ",  "é",  "\xff", "文字"};
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	uint32_t x = 88172645u;
	size_t start[200], len[200], cols, k, i, off, total;
	char s[256], line[256];
	int n, j;

	(void)state;
	for (k = 0; k < 200; k++) {
		s[0] = '\0';
		for (i = 0; i < k % 30; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			if (strlen(s) + strlen(pieces[x % np]) < sizeof(s))
				strcat(s, pieces[x % np]);
		}
		for (cols = 1; cols <= 12; cols++) {
			n = tt_wrap(s, cols, start, len, 200);
			off = 0;
			total = 0;
			for (j = 0; j < n; j++) {
				if (j > 0 && s[off] == '\n')
					off++;
				assert_int_equal(start[j], off);
				memcpy(line, s + start[j], len[j]);
				line[len[j]] = '\0';
				assert_null(strchr(line, '\n'));
				if (tw_width(line) > cols) {
					unsigned long cp;

					assert_int_equal(tt_next(line, &cp), len[j]);
				}
				off = start[j] + len[j];
				total += len[j];
			}
			for (i = 0; s[i] != '\0'; i++)
				total += s[i] == '\n';
			/* every byte is in a line or a break (a final break may end it) */
			assert_int_equal(total, strlen(s));
		}
	}
}

static void test_line_insert(void **state)
{
	struct tt_line l;

	(void)state;
	memset(&l, 'X', sizeof(l));
	tt_line_clear(&l);
	assert_int_equal(l.len, 0);
	assert_string_equal(l.buf, "");
	assert_int_equal(tt_line_insert(&l, 'a'), 0);
	assert_int_equal(tt_line_insert(&l, 0x4e2d), 0);  /* 中 */
	assert_int_equal(tt_line_insert(&l, 0xe9), 0);    /* é */
	assert_int_equal(tt_line_insert(&l, 0x1f600), 0); /* 😀 */
	assert_int_equal(tt_line_insert(&l, ' '), 0);
	assert_int_equal(tt_line_insert(&l, '~'), 0);
	assert_int_equal(tt_line_insert(&l, 0x10ffff), 0);
	assert_string_equal(l.buf, "a中é😀 ~\xf4\x8f\xbf\xbf");
	assert_int_equal(l.len, strlen(l.buf));
	assert_int_equal(l.len, 1 + 3 + 2 + 4 + 1 + 1 + 4);
	assert_true(utf8_valid(l.buf, l.len));
	/* the edges of each encoded length */
	tt_line_clear(&l);
	assert_int_equal(tt_line_insert(&l, 0x7e), 0);
	assert_int_equal(tt_line_insert(&l, 0x80), 0);
	assert_int_equal(tt_line_insert(&l, 0x7ff), 0);
	assert_int_equal(tt_line_insert(&l, 0x800), 0);
	assert_int_equal(tt_line_insert(&l, 0xffff), 0);
	assert_int_equal(tt_line_insert(&l, 0x10000), 0);
	assert_string_equal(l.buf, "~\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80");
	assert_int_equal(l.len, 1 + 2 + 2 + 3 + 3 + 4);
}

/* Control characters, surrogates and what is beyond Unicode are refused
 * and leave the text as it was. */
static void test_line_insert_refused(void **state)
{
	static const unsigned long bad[] = {0,      1,      '\t',     '\n',       '\r',
					    0x1b,   0x1f,   0x7f,     0xd800,     0xdbff,
					    0xdc00, 0xdfff, 0x110000, 0x7fffffff, 0xffffffffUL};
	struct tt_line l;
	size_t i;

	(void)state;
	tt_line_clear(&l);
	assert_int_equal(tt_line_insert(&l, 0x6587), 0); /* 文 */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (tt_line_insert(&l, bad[i]) != -1)
			fail_msg("U+%04lX accepted", bad[i]);
		assert_string_equal(l.buf, "文");
		assert_int_equal(l.len, 3);
	}
}

/* The editor fills up to its last byte but one and then refuses, whole
 * characters only, without touching what it holds. */
static void test_line_full(void **state)
{
	struct tt_line l;
	size_t i, cap = sizeof(l.buf) - 1;

	(void)state;
	tt_line_clear(&l);
	for (i = 0; i < cap; i++)
		assert_int_equal(tt_line_insert(&l, 'a'), 0);
	assert_int_equal(l.len, cap);
	assert_int_equal(tt_line_insert(&l, 'b'), -1);
	assert_int_equal(tt_line_insert(&l, 0x4e2d), -1);
	assert_int_equal(l.len, cap);
	assert_int_equal(strlen(l.buf), cap);
	assert_int_equal(l.buf[cap - 1], 'a');
	/* room for one byte: a three-byte character does not go in */
	tt_line_backspace(&l);
	assert_int_equal(tt_line_insert(&l, 0x4e2d), -1);
	assert_int_equal(l.len, cap - 1);
	assert_int_equal(l.buf[cap - 1], '\0');
	assert_int_equal(tt_line_insert(&l, 'z'), 0);
	assert_int_equal(l.buf[cap - 1], 'z');

	/* CJK only: 682 characters are 2046 bytes, the 683rd would need 2049 */
	tt_line_clear(&l);
	for (i = 0; i < cap / 3; i++)
		assert_int_equal(tt_line_insert(&l, 0x4e2d), 0);
	assert_int_equal(l.len, cap / 3 * 3);
	assert_int_equal(tt_line_insert(&l, 0x6587), -1);
	assert_int_equal(tt_line_insert(&l, 0x1f600), -1);
	assert_int_equal(l.len, cap / 3 * 3);
	assert_true(utf8_valid(l.buf, l.len));
	assert_int_equal(tw_width(l.buf), cap / 3 * 2);
	/* one ASCII character still fits, then nothing */
	assert_int_equal(tt_line_insert(&l, 'x'), 0);
	assert_int_equal(l.len, cap);
	assert_int_equal(tt_line_insert(&l, 'x'), -1);
	assert_true(utf8_valid(l.buf, l.len));
}

/* Backspace takes off the last character, however many bytes it is. */
static void test_line_backspace(void **state)
{
	struct tt_line l;

	(void)state;
	tt_line_clear(&l);
	tt_line_insert(&l, 'a');
	tt_line_insert(&l, 0x4e2d);
	tt_line_insert(&l, 0xe9);
	tt_line_insert(&l, 0x1f600);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "a中é");
	assert_int_equal(l.len, 6);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "a中");
	assert_int_equal(l.len, 4);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "a");
	assert_int_equal(l.len, 1);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "");
	assert_int_equal(l.len, 0);
	/* on nothing: still nothing */
	tt_line_backspace(&l);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "");
	assert_int_equal(l.len, 0);
	/* a combining mark is a character of its own */
	tt_line_insert(&l, 'e');
	tt_line_insert(&l, 0x301);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "e");
	/* then typing goes on where it was */
	tt_line_insert(&l, 0x6587);
	assert_string_equal(l.buf, "e文");
}

/* What the prompt shows: the end of the text that fits, whole characters. */
static void test_line_tail(void **state)
{
	struct tt_line l;
	size_t i;

	(void)state;
	tt_line_clear(&l);
	assert_string_equal(tt_line_tail(&l, 10), "");
	assert_string_equal(tt_line_tail(&l, 0), "");
	for (i = 0; i < 6; i++)
		tt_line_insert(&l, 'a' + (unsigned long)i);
	assert_string_equal(tt_line_tail(&l, 10), "abcdef");
	assert_string_equal(tt_line_tail(&l, 6), "abcdef");
	assert_string_equal(tt_line_tail(&l, 3), "def");
	assert_string_equal(tt_line_tail(&l, 1), "f");
	assert_string_equal(tt_line_tail(&l, 0), "");
	assert_ptr_equal(tt_line_tail(&l, 0), l.buf + l.len);

	tt_line_clear(&l);
	tt_line_insert(&l, 0x4e2d);
	tt_line_insert(&l, 0x6587);
	tt_line_insert(&l, 0x5b57);
	assert_string_equal(tt_line_tail(&l, 6), "中文字");
	assert_string_equal(tt_line_tail(&l, 5), "文字"); /* never half of 中 */
	assert_string_equal(tt_line_tail(&l, 4), "文字");
	assert_string_equal(tt_line_tail(&l, 3), "字");
	assert_string_equal(tt_line_tail(&l, 1), "");
	tt_line_insert(&l, 'x');
	assert_string_equal(tt_line_tail(&l, 3), "字x");
	assert_string_equal(tt_line_tail(&l, 2), "x");

	/* a full editor: the tail is still whole characters */
	tt_line_clear(&l);
	while (tt_line_insert(&l, 0x4e2d) == 0)
		;
	assert_int_equal(tw_width(tt_line_tail(&l, 79)), 78);
	assert_true(utf8_valid(tt_line_tail(&l, 79), strlen(tt_line_tail(&l, 79))));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_valid),
		cmocka_unit_test(test_next_invalid),
		cmocka_unit_test(test_fit_ascii),
		cmocka_unit_test(test_fit_cjk),
		cmocka_unit_test(test_fit_combining_emoji),
		cmocka_unit_test(test_fit_invalid),
		cmocka_unit_test(test_clip_fits),
		cmocka_unit_test(test_clip_ellipsis),
		cmocka_unit_test(test_clip_controls),
		cmocka_unit_test(test_clip_small_buffer),
		cmocka_unit_test(test_clip_mixed),
		cmocka_unit_test(test_wrap_ascii),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_wrap_limits),
		cmocka_unit_test(test_wrap_wider_than_line),
		cmocka_unit_test(test_wrap_invariants),
		cmocka_unit_test(test_line_insert),
		cmocka_unit_test(test_line_insert_refused),
		cmocka_unit_test(test_line_full),
		cmocka_unit_test(test_line_backspace),
		cmocka_unit_test(test_line_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
