/* Where things go on the screen, for any size from 80×24 up: the frame
 * (title, tabs, body, message, keys) and the splitting of the body into
 * panes; the key help laid out on as few lines as fit. Pure arithmetic,
 * unit tested. */
#ifndef YG_CLIENT_TUI_LAYOUT_H
#define YG_CLIENT_TUI_LAYOUT_H

#include <stddef.h>

struct tl_rect {
	int y, x, h, w;
};

struct tl_frame {
	struct tl_rect title, tabs, body, message, keys;
};

#define TL_MIN_COLS 40
#define TL_MIN_ROWS 12
#define TL_KEY_ROWS 2

/* The frame of a screen of rows × cols. */
void tl_frame(int rows, int cols, struct tl_frame *f);
/* r cut into a left part of about pct percent (at least min_left columns
 * when r allows), a one-column gap and the right part. */
void tl_split_cols(struct tl_rect r, int pct, int min_left, struct tl_rect *left,
		   struct tl_rect *right);
/* r cut into top rows (at most r.h - 1) and the rest. */
void tl_split_rows(struct tl_rect r, int top, struct tl_rect *upper, struct tl_rect *lower);

/* Lay out key labels ("[o]开启议题") on lines of cols columns, two spaces
 * apart, at most maxlines lines: each label's line (-1 if it did not fit)
 * and column. The number of labels placed. */
int tl_keys(const char *const *labels, int n, int cols, int maxlines, int *line, int *col);

#endif
