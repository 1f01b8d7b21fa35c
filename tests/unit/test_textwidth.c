/* Unit tests for client/textwidth.c: terminal columns of code points and
 * UTF-8 strings, padding, and tables of Chinese names lining up. */
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

/* Each code point in cps must be width columns wide. */
static void expect_widths(const unsigned long *cps, size_t n, int width)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tw_char_width(cps[i]) != width)
			fail_msg("U+%04lX: %d columns, want %d", cps[i], tw_char_width(cps[i]),
				 width);
}

#define EXPECT_WIDTHS(cps, width) expect_widths(cps, sizeof(cps) / sizeof(cps[0]), width)

/* tw_width of s, read from a heap copy with nothing after its NUL, must be
 * want. */
static void expect_width(const char *s, size_t want)
{
	char *copy = strdup(s);
	size_t got;

	assert_non_null(copy);
	got = tw_width(copy);
	free(copy);
	if (got != want)
		fail_msg("\"%s\": %zu columns, want %zu", s, got, want);
}

/* What f writes to a stream, as a string the caller frees. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

static char *capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	assert_non_null(c->buf);
	return c->buf;
}

static void test_ascii(void **state)
{
	unsigned long cp;

	(void)state;
	for (cp = 0x20; cp < 0x7f; cp++)
		assert_int_equal(tw_char_width(cp), 1);
	assert_int_equal(tw_char_width(0), 0);
}

/* Letters from other narrow scripts, and the edges of the wide blocks. */
static void test_narrow(void **state)
{
	static const unsigned long narrow[] = {
		0x00e9,
		0x00fc,
		0x0416,
		0x03a9,
		0x05d0,
		0x0627,
		0x0e01,
		0x2014,
		0x20ac,
		0x2190,
		0x25a0,
		0xe000,
		0xfffd,
		0x10ffff,
		/* just outside the wide blocks */
		0x10ff,
		0x303f,
		0x4dc0,
		0xa4d0,
		0xd7b0,
		0xfb00,
		0xff61,
		0xff65,
		0xffdc,
		0xffe8,
		0x1f1e6,
		0x1f650,
		0x1fa00,
		/* halfwidth katakana and Hangul */
		0xff71,
		0xffa1,
	};

	(void)state;
	EXPECT_WIDTHS(narrow, 1);
}

static void test_cjk_ideographs(void **state)
{
	static const unsigned long wide[] = {
		0x4e00,
		0x738b,
		0x660e,
		0x53bf,
		0x59d4,
		0x4e66,
		0x8bb0,
		0x9fa5,
		0x9fff,
		/* extension A, compatibility ideographs */
		0x3400,
		0x4dbf,
		0xf900,
		0xfa6d,
		0xfad9,
		/* extensions B to F in plane 2, G in plane 3 */
		0x20000,
		0x2a6df,
		0x2b740,
		0x2fa1d,
		0x2fffd,
		0x30000,
		0x3134a,
		0x3fffd,
		/* radicals, CJK punctuation, kana, bopomofo, enclosed and Yi */
		0x2e80,
		0x2f00,
		0x3000,
		0x3001,
		0x3002,
		0x300a,
		0x300b,
		0x3010,
		0x303e,
		0x3041,
		0x3042,
		0x30a2,
		0x30fc,
		0x3105,
		0x3131,
		0x3200,
		0x32a5,
		0x3300,
		0x33ff,
		0xa000,
		0xa4c6,
	};

	(void)state;
	EXPECT_WIDTHS(wide, 2);
}

/* Fullwidth ASCII, brackets and signs, and CJK compatibility forms. */
static void test_fullwidth(void **state)
{
	static const unsigned long wide[] = {
		0xff01, 0xff08, 0xff09, 0xff0c, 0xff1a, 0xff1b, 0xff1f, 0xff10, 0xff21,
		0xff41, 0xff5e, 0xff60, 0xffe0, 0xffe1, 0xffe5, 0xffe6, 0xfe30, 0xfe4f,
	};
	unsigned long cp;

	(void)state;
	EXPECT_WIDTHS(wide, 2);
	/* every fullwidth form of printable ASCII */
	for (cp = 0xff01; cp <= 0xff5e; cp++)
		assert_int_equal(tw_char_width(cp), 2);
}

static void test_hangul(void **state)
{
	static const unsigned long wide[] = {0xac00, 0xac01, 0xb098, 0xc548, 0xd55c, 0xd7a3,
					     /* leading jamo */
					     0x1100, 0x1112, 0x115f};
	unsigned long cp;

	(void)state;
	EXPECT_WIDTHS(wide, 2);
	for (cp = 0xac00; cp <= 0xd7a3; cp += 97)
		assert_int_equal(tw_char_width(cp), 2);
}

static void test_emoji(void **state)
{
	static const unsigned long wide[] = {
		0x1f300, 0x1f31f, 0x1f389, 0x1f3e0, 0x1f44d, 0x1f4a9, 0x1f4c5,
		0x1f600, 0x1f602, 0x1f64f, 0x1f914, 0x1f91d, 0x1f9ff,
	};

	(void)state;
	EXPECT_WIDTHS(wide, 2);
}

static void test_zero_width(void **state)
{
	static const unsigned long zero[] = {
		/* combining diacritics */
		0x0300,
		0x0301,
		0x0308,
		0x030c,
		0x0327,
		0x036f,
		/* zero width space, joiners, direction marks */
		0x200b,
		0x200c,
		0x200d,
		0x200e,
		0x200f,
		/* combining marks for symbols */
		0x20d0,
		0x20d7,
		0x20e3,
		0x20ff,
		/* variation selectors, combining half marks */
		0xfe00,
		0xfe0e,
		0xfe0f,
		0xfe20,
		0xfe2f,
	};

	(void)state;
	EXPECT_WIDTHS(zero, 0);
	assert_int_equal(tw_char_width(0x02ff), 1);
	assert_int_equal(tw_char_width(0x0370), 1);
	assert_int_equal(tw_char_width(0x200a), 1);
	assert_int_equal(tw_char_width(0x2010), 1);
}

static void test_width_strings(void **state)
{
	(void)state;
	expect_width("", 0);
	expect_width("a", 1);
	expect_width("Li Lei", 6);
	expect_width("王", 2);
	expect_width("王明", 4);
	expect_width("王明（县委）", 12);
	expect_width("王明 (县委)", 11);
	expect_width("Zhang 张三", 10);
	expect_width("主持人：李四。", 14);
	expect_width("《决定》第1条", 13);
	expect_width("ＡＢＣ", 6);
	expect_width("ｱｲｳ", 3);
	expect_width("김민준", 6);
	expect_width("たなか", 6);
	expect_width("😀", 2);
	expect_width("a😀b", 4);
	expect_width("𠀀", 2);
	expect_width("é", 1);
	expect_width("e\xcc\x81", 1);
	expect_width("Zoë", 3);
	expect_width("Zoe\xcc\x88", 3);
	expect_width("a\xe2\x80\x8b"
		     "b",
		     2);
	expect_width("Ж", 1);
	expect_width("€100", 4);
}

/* Bytes that do not start a complete sequence count one column each. */
static void test_width_bad_utf8(void **state)
{
	(void)state;
	/* 王 is e7 8e 8b, 😀 is f0 9f 98 80, é is c3 a9 */
	expect_width("\xe7", 1);
	expect_width("\xe7\x8e", 2);
	expect_width("\xf0\x9f\x98", 3);
	expect_width("\xf0\x9f", 2);
	expect_width("\xf0", 1);
	expect_width("\xc3", 1);
	expect_width("a\xe7\x8e", 3);
	expect_width("\xe7\x8e"
		     "a",
		     3);
	expect_width("\xe7\x8e王", 4);
	expect_width("王\xe7\x8e王", 6);
	expect_width("\xc3"
		     "A",
		     2);
	expect_width("\xf0\x9f\x98"
		     "a",
		     4);
	expect_width("\xf0\x9f\x98王", 5);
	/* lone continuation bytes */
	expect_width("\x80", 1);
	expect_width("\x80\x81\xbf", 3);
	expect_width("a\x8b"
		     "b",
		     3);
	expect_width("\x8e\x8b", 2);
}

static void test_pad(void **state)
{
	struct capture c;
	char *s;

	(void)state;
	capture_open(&c);
	tw_pad(c.f, "王", 5);
	tw_pad(c.f, "|", 0);
	tw_pad(c.f, "abcdef", 3);
	tw_pad(c.f, "|", 1);
	tw_pad(c.f, "", 2);
	tw_pad(c.f, "王明（县委）", 14);
	tw_pad(c.f, "|", 1);
	tw_pad(c.f, "王明（县委）", 12);
	s = capture_close(&c);
	assert_string_equal(s, "王   |abcdef|  王明（县委）  |王明（县委）");
	free(s);
}

/* The display column at which each cell of each line starts, for a table
 * of ncols columns: all rows must agree. */
static void expect_aligned(const char *text, int ncols, int nrows)
{
	size_t starts[8] = {0};
	const char *line = text;
	int r, c;

	assert_true(ncols <= 8);
	for (r = 0; r < nrows; r++) {
		const char *end = strchr(line, '\n');
		char *copy;
		size_t col = 0, i = 0, len;

		assert_non_null(end);
		len = (size_t)(end - line);
		copy = strndup(line, len);
		assert_non_null(copy);
		/* cells are separated by at least two spaces */
		for (c = 0; c < ncols; c++) {
			char *cell = copy + i;
			char *gap = strstr(cell, "  ");
			size_t cell_len = gap != NULL ? (size_t)(gap - cell) : strlen(cell);
			char saved = cell[cell_len];

			if (r == 0)
				starts[c] = col;
			else if (starts[c] != col)
				fail_msg("row %d column %d starts at %zu, not %zu", r, c, col,
					 starts[c]);
			cell[cell_len] = '\0';
			col += tw_width(cell);
			cell[cell_len] = saved;
			i += cell_len;
			while (copy[i] == ' ')
				i++, col++;
		}
		assert_int_equal(i, len);
		assert_true(len == 0 || copy[len - 1] != ' ');
		free(copy);
		line = end + 1;
	}
	assert_int_equal(*line, '\0');
}

static void test_table_chinese(void **state)
{
	static const char *const cells[4][3] = {
		{"姓名", "职务", "电话"},
		{"王明（县委）", "书记", "13800000000"},
		{"Li Lei", "委员", "4567"},
		{"欧阳娜娜", "副书记", "-"},
	};
	struct capture c;
	char *s;

	(void)state;
	capture_open(&c);
	tw_table(c.f, 3, 4, &cells[0][0]);
	s = capture_close(&c);
	assert_string_equal(s, "姓名          职务    电话\n"
			       "王明（县委）  书记    13800000000\n"
			       "Li Lei        委员    4567\n"
			       "欧阳娜娜      副书记  -\n");
	expect_aligned(s, 3, 4);
	free(s);
}

/* Combining marks and fullwidth forms do not throw the columns off. */
static void test_table_mixed(void **state)
{
	static const char *const cells[4][3] = {
		{"name", "role", "note"},
		{"Zoe\xcc\x88", "ＡＢ", "x"},
		{"김민준", "a", "😀"},
		{"ｱｲｳ", "王", ""},
	};
	struct capture c;
	char *s;

	(void)state;
	capture_open(&c);
	tw_table(c.f, 3, 4, &cells[0][0]);
	s = capture_close(&c);
	assert_string_equal(s, "name    role  note\n"
			       "Zoe\xcc\x88     ＡＢ  x\n"
			       "김민준  a     😀\n"
			       "ｱｲｳ     王    \n");
	free(s);
}

static void test_table_edges(void **state)
{
	static const char *const one_col[] = {"编号", "1", "王明"};
	static const char *const two_col[] = {"a", "b"};
	struct capture c;
	char *s;

	(void)state;
	/* a single column is never padded */
	capture_open(&c);
	tw_table(c.f, 1, 3, one_col);
	s = capture_close(&c);
	assert_string_equal(s, "编号\n1\n王明\n");
	free(s);
	/* a heading alone */
	capture_open(&c);
	tw_table(c.f, 2, 1, two_col);
	s = capture_close(&c);
	assert_string_equal(s, "a  b\n");
	free(s);
	/* no rows: nothing */
	capture_open(&c);
	tw_table(c.f, 2, 0, two_col);
	s = capture_close(&c);
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),          cmocka_unit_test(test_narrow),
		cmocka_unit_test(test_cjk_ideographs), cmocka_unit_test(test_fullwidth),
		cmocka_unit_test(test_hangul),         cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_zero_width),     cmocka_unit_test(test_width_strings),
		cmocka_unit_test(test_width_bad_utf8), cmocka_unit_test(test_pad),
		cmocka_unit_test(test_table_chinese),  cmocka_unit_test(test_table_mixed),
		cmocka_unit_test(test_table_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
