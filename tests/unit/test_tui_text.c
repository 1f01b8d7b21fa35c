/* Unit tests for client/tui/tui_text.c: characters of UTF-8 text, how much
 * fits in so many terminal columns (never half a Chinese character), the
 * clipped and wrapped forms the screens draw, and the prompts' line editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/textwidth.h"
#include "../../client/tui/tui_text.h"

static void test_next(void **state)
{
	unsigned long cp;

	(void)state;
	assert_int_equal(tt_next("a", &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(tt_next("é", &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(tt_next("阳光", &cp), 3);
	assert_int_equal(cp, 0x9633);
	assert_int_equal(tt_next("😀", &cp), 4);
	assert_int_equal(cp, 0x1f600);
	/* a lead byte whose sequence is cut short is one character, '?' */
	assert_int_equal(tt_next("\xe9\x98", &cp), 1);
	assert_int_equal(cp, '?');
	assert_int_equal(tt_next("\xe9"
				 "a",
				 &cp),
			 1);
	assert_int_equal(cp, '?');
	/* a lone continuation byte is one character of its own */
	assert_int_equal(tt_next("\x80", &cp), 1);
}

static void test_fit(void **state)
{
	size_t used;

	(void)state;
	assert_int_equal(tt_fit("abcdef", 4, &used), 4);
	assert_int_equal(used, 4);
	assert_int_equal(tt_fit("abc", 10, &used), 3);
	assert_int_equal(used, 3);
	/* 阳光 is four columns: three columns hold only 阳, never half of 光 */
	assert_int_equal(tt_fit("阳光", 3, &used), 3);
	assert_int_equal(used, 2);
	assert_int_equal(tt_fit("阳光", 4, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(tt_fit("阳光", 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(tt_fit("a阳b", 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(tt_fit("", 5, &used), 0);
	assert_int_equal(tt_fit("abc", 0, NULL), 0);
	/* combining marks take no column and stay with their letter */
	assert_int_equal(tt_fit("e\xcc\x81x", 1, &used), 3);
	assert_int_equal(used, 1);
}

/* tt_clip of s to cols, into a buffer of outlen, must give want in wcols. */
static void expect_clip(const char *s, size_t cols, size_t outlen, const char *want, size_t wcols)
{
	char *out = malloc(outlen ? outlen : 1);
	size_t used;

	assert_non_null(out);
	used = tt_clip(s, cols, out, outlen);
	if (outlen > 0) {
		assert_string_equal(out, want);
		assert_int_equal(tw_width(out), wcols);
		assert_true(tw_width(out) <= cols);
	}
	assert_int_equal(used, wcols);
	free(out);
}

static void test_clip(void **state)
{
	(void)state;
	expect_clip("县委常委会", 20, 64, "县委常委会", 10);
	expect_clip("县委常委会", 10, 64, "县委常委会", 10);
	/* cut: a column is left for the ellipsis */
	expect_clip("县委常委会", 9, 64, "县委常委…", 9);
	expect_clip("县委常委会", 8, 64, "县委常…", 7);
	expect_clip("abcdef", 4, 64, "abc…", 4);
	expect_clip("abcdef", 1, 64, "…", 1);
	expect_clip("abcdef", 0, 64, "", 0);
	/* line breaks and tabs become spaces */
	expect_clip("a\nb\tc\rd", 20, 64, "a b c d", 7);
	/* a short buffer: whole characters only, never a torn sequence */
	expect_clip("县委常委会", 20, 8, "县委", 4);
	expect_clip("县委常委会", 9, 9, "县…", 3);
	expect_clip("县委常委会", 9, 10, "县委…", 5);
	expect_clip("abc", 20, 1, "", 0);
	expect_clip("", 5, 8, "", 0);
	expect_clip("abc", 3, 0, "", 0);
}

/* Wrap s at cols; the lines must be want (n of them). */
static void expect_wrap(const char *s, size_t cols, const char *const *want, int n)
{
	size_t start[32], len[32];
	int got = tt_wrap(s, cols, start, len, 32), i;

	assert_int_equal(got, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(len[i], strlen(want[i]));
		assert_memory_equal(s + start[i], want[i], len[i]);
	}
}

static void test_wrap(void **state)
{
	static const char *const one[] = {"abc"};
	static const char *const cjk[] = {"县委", "常委", "会"};
	static const char *const lines[] = {"ab", "", "cd"};
	static const char *const wide[] = {"县", "委"};
	static const char *const mixed[] = {"a县", "委b"};
	size_t start[2], len[2];

	(void)state;
	expect_wrap("abc", 10, one, 1);
	expect_wrap("县委常委会", 4, cjk, 3);
	expect_wrap("县委常委会", 5, cjk, 3);
	expect_wrap("ab\n\ncd", 10, lines, 3);
	expect_wrap("a县委b", 3, mixed, 2);
	/* a character wider than the line still gets a line, and wrap ends */
	expect_wrap("县委", 1, wide, 2);
	assert_int_equal(tt_wrap("", 10, start, len, 2), 0);
	assert_int_equal(tt_wrap("abc", 0, start, len, 2), 0);
	/* at most max lines */
	assert_int_equal(tt_wrap("abcdefgh", 2, start, len, 2), 2);
	assert_int_equal(len[1], 2);
}

static void test_line_edit(void **state)
{
	struct tt_line l;
	const char *s = "同意，Agreed";
	unsigned long cp;
	size_t off;

	(void)state;
	tt_line_clear(&l);
	assert_string_equal(l.buf, "");
	for (off = 0; s[off] != '\0';) {
		off += tt_next(s + off, &cp);
		assert_int_equal(tt_line_insert(&l, cp), 0);
	}
	assert_string_equal(l.buf, s);
	assert_int_equal(l.len, strlen(s));
	/* control characters, surrogates and beyond U+10FFFF are refused */
	assert_int_equal(tt_line_insert(&l, '\n'), -1);
	assert_int_equal(tt_line_insert(&l, 0x7f), -1);
	assert_int_equal(tt_line_insert(&l, 0xd800), -1);
	assert_int_equal(tt_line_insert(&l, 0x110000), -1);
	assert_string_equal(l.buf, s);
	/* four-byte characters are encoded whole */
	assert_int_equal(tt_line_insert(&l, 0x1f600), 0);
	assert_string_equal(l.buf + strlen(s), "😀");
	/* backspace removes one character, whatever its length */
	tt_line_backspace(&l);
	assert_string_equal(l.buf, s);
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "同意，Agree");
	while (l.len > strlen("同意"))
		tt_line_backspace(&l);
	assert_string_equal(l.buf, "同意");
	tt_line_backspace(&l);
	assert_string_equal(l.buf, "同");
	tt_line_backspace(&l);
	tt_line_backspace(&l); /* on empty: nothing happens */
	assert_string_equal(l.buf, "");
	assert_int_equal(l.len, 0);
}

static void test_line_full(void **state)
{
	struct tt_line l;
	int n = 0;

	(void)state;
	tt_line_clear(&l);
	while (tt_line_insert(&l, 0x9633) == 0) /* 阳, three bytes */
		n++;
	/* full: the text ends on a whole character and stays terminated */
	assert_int_equal(l.len, (size_t)n * 3);
	assert_true(l.len < sizeof(l.buf));
	assert_int_equal(l.buf[l.len], '\0');
	assert_int_equal(tw_width(l.buf), (size_t)n * 2);
	/* one byte may still fit where three did not */
	if (l.len + 1 < sizeof(l.buf))
		assert_int_equal(tt_line_insert(&l, 'a'), 0);
	while (tt_line_insert(&l, 'a') == 0)
		;
	assert_int_equal(l.len, sizeof(l.buf) - 1);
}

static void test_line_tail(void **state)
{
	struct tt_line l;

	(void)state;
	tt_line_clear(&l);
	assert_string_equal(tt_line_tail(&l, 10), "");
	strcpy(l.buf, "需进一步征求意见");
	l.len = strlen(l.buf);
	assert_string_equal(tt_line_tail(&l, 40), "需进一步征求意见");
	assert_string_equal(tt_line_tail(&l, 4), "意见");
	assert_string_equal(tt_line_tail(&l, 5), "意见"); /* never half of 求 */
	assert_string_equal(tt_line_tail(&l, 0), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next),      cmocka_unit_test(test_fit),
		cmocka_unit_test(test_clip),      cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_line_edit), cmocka_unit_test(test_line_full),
		cmocka_unit_test(test_line_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
