/* Unit tests for client/tui/tui_layout.c: the frame of the full-screen
 * terminal at every size from the smallest it accepts up, the splitting of
 * panes, and the key help laid out by display width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/textwidth.h"
#include "../../client/tui/tui_layout.h"

/* r lies within rows × cols. */
static void expect_inside(struct tl_rect r, int rows, int cols)
{
	assert_true(r.y >= 0 && r.x >= 0 && r.h >= 0 && r.w >= 0);
	assert_true(r.y + r.h <= rows);
	assert_true(r.x + r.w <= cols);
}

static void test_frame_sizes(void **state)
{
	struct tl_frame f;
	int rows, cols;

	(void)state;
	for (rows = TL_MIN_ROWS; rows <= 80; rows++)
		for (cols = TL_MIN_COLS; cols <= 300; cols += 7) {
			tl_frame(rows, cols, &f);
			expect_inside(f.title, rows, cols);
			expect_inside(f.tabs, rows, cols);
			expect_inside(f.body, rows, cols);
			expect_inside(f.message, rows, cols);
			expect_inside(f.keys, rows, cols);
			/* top to bottom, one after the other, the whole screen */
			assert_int_equal(f.title.y, 0);
			assert_int_equal(f.tabs.y, f.title.y + f.title.h);
			assert_int_equal(f.body.y, f.tabs.y + f.tabs.h);
			assert_int_equal(f.message.y, f.body.y + f.body.h);
			assert_int_equal(f.keys.y, f.message.y + f.message.h);
			assert_int_equal(f.keys.y + f.keys.h, rows);
			assert_int_equal(f.keys.h, TL_KEY_ROWS);
			assert_true(f.body.h > 0);
			assert_int_equal(f.body.w, cols);
		}
	tl_frame(24, 80, &f);
	assert_int_equal(f.body.h, 19);
	assert_int_equal(f.message.y, 21);
}

static void test_split_cols(void **state)
{
	struct tl_rect r = {2, 0, 19, 100}, l, rt;
	int w;

	(void)state;
	tl_split_cols(r, 48, 30, &l, &rt);
	assert_int_equal(l.w, 48);
	assert_int_equal(rt.x, 49);
	assert_int_equal(rt.w, 51);
	assert_int_equal(l.h, 19);
	assert_int_equal(rt.y, 2);
	/* the left part keeps its minimum on a narrow screen */
	r.w = 50;
	tl_split_cols(r, 48, 30, &l, &rt);
	assert_int_equal(l.w, 30);
	assert_int_equal(rt.x + rt.w, 50);
	/* never more than the whole: at least the gap and a column remain */
	for (w = 0; w <= 120; w++) {
		r.w = w;
		tl_split_cols(r, 48, 30, &l, &rt);
		assert_true(l.w >= 0 && rt.w >= 0);
		assert_true(l.x + l.w <= r.w || l.w == 0);
		assert_true(rt.x + rt.w <= r.x + r.w || rt.w == 0);
		if (w >= 3) {
			assert_int_equal(l.w + 1 + rt.w, w);
			assert_true(rt.w >= 1);
		}
	}
}

static void test_split_rows(void **state)
{
	struct tl_rect r = {2, 5, 19, 80}, up, low;
	int top;

	(void)state;
	tl_split_rows(r, 12, &up, &low);
	assert_int_equal(up.y, 2);
	assert_int_equal(up.h, 12);
	assert_int_equal(low.y, 14);
	assert_int_equal(low.h, 7);
	assert_int_equal(low.x, 5);
	assert_int_equal(low.w, 80);
	/* the lower part keeps a row; negative asks give nothing on top */
	for (top = -5; top <= 30; top++) {
		tl_split_rows(r, top, &up, &low);
		assert_int_equal(up.h + low.h, r.h);
		assert_true(up.h >= 0 && low.h >= 1);
		assert_int_equal(low.y, up.y + up.h);
	}
	r.h = 0;
	tl_split_rows(r, 3, &up, &low);
	assert_int_equal(up.h, 0);
	assert_int_equal(low.h, 0);
}

static void test_keys(void **state)
{
	static const char *const labels[] = {"[o]开启议题", "[g]准许发言", "[s]表态",
					     "[c]结束讨论", "[d]缓议",     "[q]退出"};
	int line[6], col[6], placed, i;

	(void)state;
	placed = tl_keys(labels, 6, 80, 2, line, col);
	assert_int_equal(placed, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(line[i], 0);
	assert_int_equal(col[0], 0);
	assert_int_equal(col[1], (int)tw_width(labels[0]) + 2);
	/* 24 columns: the labels go on as many lines as fit, two spaces apart */
	placed = tl_keys(labels, 6, 24, 2, line, col);
	assert_int_equal(line[0], 0);
	assert_int_equal(line[1], 0);
	assert_int_equal(col[1], 13);
	assert_int_equal(line[2], 1);
	assert_int_equal(col[2], 0);
	for (i = 0; i < 6; i++)
		if (line[i] >= 0)
			assert_true(col[i] + (int)tw_width(labels[i]) <= 24);
	assert_true(placed < 6);
	assert_int_equal(line[5], -1);
	/* a label wider than the screen is left out, the others still placed */
	placed = tl_keys(labels, 6, 8, 6, line, col);
	assert_int_equal(line[0], -1);
	assert_int_equal(line[2], 0);
	assert_int_equal(line[4], 1); /* "[s]表态" and "[d]缓议" do not fit together */
	assert_int_equal(placed, 3);
	assert_int_equal(tl_keys(labels, 0, 80, 2, line, col), 0);
	assert_int_equal(tl_keys(labels, 6, 80, 0, line, col), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_sizes),
		cmocka_unit_test(test_split_cols),
		cmocka_unit_test(test_split_rows),
		cmocka_unit_test(test_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
