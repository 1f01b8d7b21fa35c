/* Unit tests for client/tui/tui_layout.c: the frame of the screen at the
 * usual sizes, the smallest and very large ones (the parts inside the
 * screen, apart, covering it, the body never empty), the body cut into
 * rows and columns at every edge, and the key help laid out on lines. */
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
#include "../../client/tui/tui_layout.h"

static void expect_rect(struct tl_rect r, int y, int x, int h, int w)
{
	if (r.y != y || r.x != x || r.h != h || r.w != w)
		fail_msg("rect {y %d, x %d, h %d, w %d}, want {%d, %d, %d, %d}", r.y, r.x, r.h, r.w,
			 y, x, h, w);
}

/* The frame of rows × cols: each part inside the screen, no two sharing a
 * cell, all of them together covering every row, in order from the top. */
static void check_frame(int rows, int cols)
{
	struct tl_frame f;
	struct tl_rect parts[5];
	int i, j, row, owners;

	tl_frame(rows, cols, &f);
	parts[0] = f.title;
	parts[1] = f.tabs;
	parts[2] = f.body;
	parts[3] = f.message;
	parts[4] = f.keys;
	for (i = 0; i < 5; i++) {
		if (parts[i].h <= 0 || parts[i].w != cols || parts[i].x != 0 || parts[i].y < 0 ||
		    parts[i].y + parts[i].h > rows)
			fail_msg("%d×%d: part %d {y %d, h %d, w %d} is outside the screen", rows,
				 cols, i, parts[i].y, parts[i].h, parts[i].w);
		if (i > 0 && parts[i].y != parts[i - 1].y + parts[i - 1].h)
			fail_msg("%d×%d: part %d does not follow part %d", rows, cols, i, i - 1);
	}
	for (row = 0; row < rows; row++) {
		owners = 0;
		for (j = 0; j < 5; j++)
			owners += row >= parts[j].y && row < parts[j].y + parts[j].h;
		if (owners != 1)
			fail_msg("%d×%d: row %d is in %d parts", rows, cols, row, owners);
	}
	assert_int_equal(f.title.h, 1);
	assert_int_equal(f.tabs.h, 1);
	assert_int_equal(f.message.h, 1);
	assert_int_equal(f.keys.h, TL_KEY_ROWS);
	assert_int_equal(f.body.h, rows - 3 - TL_KEY_ROWS);
	assert_true(f.body.h > 0);
}

static void test_frame_80x24(void **state)
{
	struct tl_frame f;

	(void)state;
	tl_frame(24, 80, &f);
	expect_rect(f.title, 0, 0, 1, 80);
	expect_rect(f.tabs, 1, 0, 1, 80);
	expect_rect(f.body, 2, 0, 19, 80);
	expect_rect(f.message, 21, 0, 1, 80);
	expect_rect(f.keys, 22, 0, 2, 80);
	check_frame(24, 80);
}

static void test_frame_100x30(void **state)
{
	struct tl_frame f;

	(void)state;
	tl_frame(30, 100, &f);
	expect_rect(f.title, 0, 0, 1, 100);
	expect_rect(f.tabs, 1, 0, 1, 100);
	expect_rect(f.body, 2, 0, 25, 100);
	expect_rect(f.message, 27, 0, 1, 100);
	expect_rect(f.keys, 28, 0, 2, 100);
	check_frame(30, 100);
}

/* The smallest screen drawn (tui.c refuses anything smaller). */
static void test_frame_minimum(void **state)
{
	struct tl_frame f;

	(void)state;
	assert_int_equal(TL_MIN_ROWS, 12);
	assert_int_equal(TL_MIN_COLS, 40);
	tl_frame(TL_MIN_ROWS, TL_MIN_COLS, &f);
	expect_rect(f.title, 0, 0, 1, 40);
	expect_rect(f.tabs, 1, 0, 1, 40);
	expect_rect(f.body, 2, 0, 7, 40);
	expect_rect(f.message, 9, 0, 1, 40);
	expect_rect(f.keys, 10, 0, 2, 40);
	check_frame(TL_MIN_ROWS, TL_MIN_COLS);
}

static void test_frame_large(void **state)
{
	struct tl_frame f;

	(void)state;
	check_frame(1000, 4000);
	check_frame(100000, 100000);
	tl_frame(100000, 100000, &f);
	expect_rect(f.body, 2, 0, 99995, 100000);
	expect_rect(f.keys, 99998, 0, 2, 100000);
}

/* Every size from the smallest up to well beyond a usual terminal. */
static void test_frame_every_size(void **state)
{
	int rows, cols;

	(void)state;
	for (rows = TL_MIN_ROWS; rows <= 160; rows++)
		for (cols = TL_MIN_COLS; cols <= 400; cols += 7)
			check_frame(rows, cols);
}

/* Below the minimum the frame is never drawn, but the body's height is
 * still never negative. */
static void test_frame_too_small(void **state)
{
	struct tl_frame f;
	int rows;

	(void)state;
	for (rows = 0; rows < TL_MIN_ROWS; rows++) {
		tl_frame(rows, 20, &f);
		assert_true(f.body.h >= 0);
		assert_int_equal(f.body.h, rows > 5 ? rows - 5 : 0);
	}
	/* from 5 rows on, the parts are still apart */
	for (rows = 6; rows < TL_MIN_ROWS; rows++)
		check_frame(rows, 20);
}

static void test_split_rows(void **state)
{
	struct tl_rect r = {2, 0, 19, 80}, up, low;

	(void)state;
	tl_split_rows(r, 5, &up, &low);
	expect_rect(up, 2, 0, 5, 80);
	expect_rect(low, 7, 0, 14, 80);
	/* the lower part keeps one row at least */
	tl_split_rows(r, 19, &up, &low);
	expect_rect(up, 2, 0, 18, 80);
	expect_rect(low, 20, 0, 1, 80);
	tl_split_rows(r, 18, &up, &low);
	expect_rect(up, 2, 0, 18, 80);
	expect_rect(low, 20, 0, 1, 80);
	tl_split_rows(r, 1000, &up, &low);
	expect_rect(up, 2, 0, 18, 80);
	expect_rect(low, 20, 0, 1, 80);
	/* nothing on top */
	tl_split_rows(r, 0, &up, &low);
	expect_rect(up, 2, 0, 0, 80);
	expect_rect(low, 2, 0, 19, 80);
	tl_split_rows(r, -7, &up, &low);
	expect_rect(up, 2, 0, 0, 80);
	expect_rect(low, 2, 0, 19, 80);
	/* the offset of r is kept */
	tl_split_rows((struct tl_rect){5, 41, 10, 39}, 3, &up, &low);
	expect_rect(up, 5, 41, 3, 39);
	expect_rect(low, 8, 41, 7, 39);
}

/* Rects of one row or none. */
static void test_split_rows_tiny(void **state)
{
	struct tl_rect up, low;

	(void)state;
	/* one row: it goes to the upper part, whatever was asked */
	tl_split_rows((struct tl_rect){3, 0, 1, 40}, 1, &up, &low);
	expect_rect(up, 3, 0, 1, 40);
	expect_rect(low, 4, 0, 0, 40);
	tl_split_rows((struct tl_rect){3, 0, 1, 40}, 9, &up, &low);
	expect_rect(up, 3, 0, 1, 40);
	expect_rect(low, 4, 0, 0, 40);
	tl_split_rows((struct tl_rect){3, 0, 1, 40}, 0, &up, &low);
	expect_rect(up, 3, 0, 0, 40);
	expect_rect(low, 3, 0, 1, 40);
	/* two rows: one each */
	tl_split_rows((struct tl_rect){3, 0, 2, 40}, 5, &up, &low);
	expect_rect(up, 3, 0, 1, 40);
	expect_rect(low, 4, 0, 1, 40);
	/* no rows: two empty parts */
	tl_split_rows((struct tl_rect){3, 0, 0, 40}, 0, &up, &low);
	expect_rect(up, 3, 0, 0, 40);
	expect_rect(low, 3, 0, 0, 40);
	tl_split_rows((struct tl_rect){3, 0, 0, 40}, 4, &up, &low);
	expect_rect(up, 3, 0, 0, 40);
	expect_rect(low, 3, 0, 0, 40);
	tl_split_rows((struct tl_rect){3, 0, 0, 40}, -4, &up, &low);
	expect_rect(up, 3, 0, 0, 40);
	expect_rect(low, 3, 0, 0, 40);
}

/* Every height and request: the parts are stacked, cover r exactly, none
 * is negative, and from two rows on the lower part keeps one. */
static void test_split_rows_every(void **state)
{
	struct tl_rect up, low;
	int h, top;

	(void)state;
	for (h = 0; h <= 60; h++)
		for (top = -5; top <= 70; top++) {
			tl_split_rows((struct tl_rect){7, 3, h, 50}, top, &up, &low);
			assert_true(up.h >= 0 && low.h >= 0);
			assert_int_equal(up.h + low.h, h);
			assert_int_equal(up.y, 7);
			assert_int_equal(low.y, 7 + up.h);
			assert_int_equal(up.x, 3);
			assert_int_equal(low.x, 3);
			assert_int_equal(up.w, 50);
			assert_int_equal(low.w, 50);
			if (h >= 2)
				assert_true(low.h >= 1);
			if (top >= 0 && top <= h - 1)
				assert_int_equal(up.h, top);
		}
}

/* The chair's console: 48 % on the left, 30 columns at least. */
static void test_split_cols(void **state)
{
	struct tl_rect r = {2, 0, 19, 80}, l, rt;

	(void)state;
	tl_split_cols(r, 48, 30, &l, &rt);
	expect_rect(l, 2, 0, 19, 38);
	expect_rect(rt, 2, 39, 19, 41);
	/* the minimum wins over a small share */
	tl_split_cols(r, 10, 30, &l, &rt);
	expect_rect(l, 2, 0, 19, 30);
	expect_rect(rt, 2, 31, 19, 49);
	/* at the smallest screen */
	tl_split_cols((struct tl_rect){2, 0, 7, 40}, 48, 30, &l, &rt);
	expect_rect(l, 2, 0, 7, 30);
	expect_rect(rt, 2, 31, 7, 9);
	/* the right part keeps a column even when the minimum asks for more */
	tl_split_cols((struct tl_rect){2, 0, 7, 20}, 48, 30, &l, &rt);
	expect_rect(l, 2, 0, 7, 18);
	expect_rect(rt, 2, 19, 7, 1);
	tl_split_cols(r, 100, 0, &l, &rt);
	expect_rect(l, 2, 0, 19, 78);
	expect_rect(rt, 2, 79, 19, 1);
	tl_split_cols(r, 0, 0, &l, &rt);
	expect_rect(l, 2, 0, 19, 0);
	expect_rect(rt, 2, 1, 19, 79);
	/* the offset of r is kept */
	tl_split_cols((struct tl_rect){4, 10, 5, 60}, 50, 0, &l, &rt);
	expect_rect(l, 4, 10, 5, 30);
	expect_rect(rt, 4, 41, 5, 29);
}

/* Rects of two columns or fewer: nothing on the left, never a negative
 * width. */
static void test_split_cols_tiny(void **state)
{
	struct tl_rect l, rt;
	int w;

	(void)state;
	tl_split_cols((struct tl_rect){0, 0, 3, 2}, 48, 30, &l, &rt);
	expect_rect(l, 0, 0, 3, 0);
	expect_rect(rt, 0, 1, 3, 1);
	tl_split_cols((struct tl_rect){0, 0, 3, 1}, 48, 30, &l, &rt);
	expect_rect(l, 0, 0, 3, 0);
	expect_rect(rt, 0, 1, 3, 0);
	tl_split_cols((struct tl_rect){0, 0, 3, 0}, 48, 30, &l, &rt);
	expect_rect(l, 0, 0, 3, 0);
	expect_rect(rt, 0, 1, 3, 0);
	/* every width and share: within r, apart, a gap of one column */
	for (w = 0; w <= 200; w++) {
		int pct, min;

		for (pct = 0; pct <= 100; pct += 4)
			for (min = 0; min <= 60; min += 6) {
				tl_split_cols((struct tl_rect){1, 5, 4, w}, pct, min, &l, &rt);
				assert_true(l.w >= 0 && rt.w >= 0);
				assert_int_equal(l.x, 5);
				assert_int_equal(rt.x, 5 + l.w + 1);
				assert_true(rt.x + rt.w <= 5 + (w > 1 ? w : 1));
				if (w >= 2)
					assert_int_equal(l.w + 1 + rt.w, w);
				if (w >= 3)
					assert_true(rt.w >= 1);
				if (min <= w - 2 && w * pct / 100 <= w - 2)
					assert_int_equal(l.w,
							 w * pct / 100 > min ? w * pct / 100 : min);
			}
	}
}

/* The keys of the chair's console on lines of the screen's width. */
static void test_keys(void **state)
{
	static const char *const labels[] = {"[o]开启议题", "[c]结束讨论", "[v]开始投票",
					     "[q]退出"};
	int line[4], col[4];

	(void)state;
	assert_int_equal(tw_width(labels[0]), 11);
	assert_int_equal(tw_width(labels[3]), 7);
	assert_int_equal(tl_keys(labels, 4, 30, 2, line, col), 4);
	assert_int_equal(line[0], 0);
	assert_int_equal(col[0], 0);
	assert_int_equal(line[1], 0);
	assert_int_equal(col[1], 13);
	assert_int_equal(line[2], 1);
	assert_int_equal(col[2], 0);
	assert_int_equal(line[3], 1);
	assert_int_equal(col[3], 13);
	/* all on one line when it is wide enough: 11+2+11+2+11+2+7 = 46 */
	assert_int_equal(tl_keys(labels, 4, 46, 2, line, col), 4);
	assert_int_equal(line[3], 0);
	assert_int_equal(col[3], 39);
	assert_int_equal(tl_keys(labels, 4, 45, 2, line, col), 4);
	assert_int_equal(line[3], 1);
	assert_int_equal(col[3], 0);
	/* one line only: the rest is left out */
	assert_int_equal(tl_keys(labels, 4, 30, 1, line, col), 2);
	assert_int_equal(line[2], -1);
	assert_int_equal(line[3], -1);
	/* no lines at all */
	assert_int_equal(tl_keys(labels, 4, 80, 0, line, col), 0);
	assert_int_equal(line[0], -1);
	/* no labels */
	assert_int_equal(tl_keys(labels, 0, 80, 2, line, col), 0);
}

/* A label wider than the line is left out; the others are still placed. */
static void test_keys_too_wide(void **state)
{
	static const char *const labels[] = {"[a]a", "[b]这个标签比一行还要宽得多", "[c]c"};
	int line[3], col[3];

	(void)state;
	assert_int_equal(tl_keys(labels, 3, 12, 3, line, col), 2);
	assert_int_equal(line[0], 0);
	assert_int_equal(col[0], 0);
	assert_int_equal(line[1], -1);
	assert_int_equal(col[1], 0);
	/* the label left out costs no line: the next goes on beside the first */
	assert_int_equal(line[2], 0);
	assert_int_equal(col[2], 6);
	/* nothing fits in no columns */
	assert_int_equal(tl_keys(labels, 3, 0, 3, line, col), 0);
}

/* Pseudo-random sets of labels at many widths: placed labels lie within
 * the line, in order, two columns apart at least, on lines below maxlines. */
static void test_keys_invariants(void **state)
{
	static const char *const pool[] = {"[o]开启议题",   "[c]结束", "[v]投票", "[q]退出",
					   "[Tab]切换屏幕", "[?]帮助", "[x]x",    "[r]申请发言",
					   "[s]表态",       "[p]放弃"};
	const char *labels[12];
	int line[12], col[12], n, cols, maxlines, i, placed, count;
	uint32_t x = 123456789u;

	(void)state;
	for (n = 0; n <= 12; n++)
		for (cols = 0; cols <= 90; cols += 3)
			for (maxlines = 0; maxlines <= 3; maxlines++) {
				for (i = 0; i < n; i++) {
					x ^= x << 13;
					x ^= x >> 17;
					x ^= x << 5;
					labels[i] = pool[x % 10];
				}
				placed = tl_keys(labels, n, cols, maxlines, line, col);
				count = 0;
				for (i = 0; i < n; i++) {
					int w = (int)tw_width(labels[i]), j;

					if (line[i] < 0)
						continue;
					count++;
					assert_true(line[i] < maxlines);
					assert_true(col[i] >= 0 && col[i] + w <= cols);
					for (j = 0; j < i; j++) {
						if (line[j] < 0)
							continue;
						assert_true(line[j] <= line[i]);
						if (line[j] == line[i])
							assert_true(
								col[j] + (int)tw_width(labels[j]) +
									2 <=
								col[i]);
					}
				}
				assert_int_equal(placed, count);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_80x24),      cmocka_unit_test(test_frame_100x30),
		cmocka_unit_test(test_frame_minimum),    cmocka_unit_test(test_frame_large),
		cmocka_unit_test(test_frame_every_size), cmocka_unit_test(test_frame_too_small),
		cmocka_unit_test(test_split_rows),       cmocka_unit_test(test_split_rows_tiny),
		cmocka_unit_test(test_split_rows_every), cmocka_unit_test(test_split_cols),
		cmocka_unit_test(test_split_cols_tiny),  cmocka_unit_test(test_keys),
		cmocka_unit_test(test_keys_too_wide),    cmocka_unit_test(test_keys_invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
