#include "../textwidth.h"
#include "tui_layout.h"

void tl_frame(int rows, int cols, struct tl_frame *f)
{
	int body = rows - 3 - TL_KEY_ROWS;

	f->title = (struct tl_rect){0, 0, 1, cols};
	f->tabs = (struct tl_rect){1, 0, 1, cols};
	f->body = (struct tl_rect){2, 0, body > 0 ? body : 0, cols};
	f->message = (struct tl_rect){rows - 1 - TL_KEY_ROWS, 0, 1, cols};
	f->keys = (struct tl_rect){rows - TL_KEY_ROWS, 0, TL_KEY_ROWS, cols};
}

void tl_split_cols(struct tl_rect r, int pct, int min_left, struct tl_rect *left,
		   struct tl_rect *right)
{
	int lw = r.w * pct / 100;

	if (lw < min_left)
		lw = min_left;
	if (lw > r.w - 2)
		lw = r.w > 2 ? r.w - 2 : 0;
	*left = (struct tl_rect){r.y, r.x, r.h, lw};
	*right = (struct tl_rect){r.y, r.x + lw + 1, r.h, r.w - lw - 1 > 0 ? r.w - lw - 1 : 0};
}

void tl_split_rows(struct tl_rect r, int top, struct tl_rect *upper, struct tl_rect *lower)
{
	if (top > r.h - 1)
		top = r.h > 1 ? r.h - 1 : r.h;
	if (top < 0)
		top = 0;
	*upper = (struct tl_rect){r.y, r.x, top, r.w};
	*lower = (struct tl_rect){r.y + top, r.x, r.h - top, r.w};
}

int tl_keys(const char *const *labels, int n, int cols, int maxlines, int *line, int *col)
{
	int i, l = 0, x = 0, placed = 0, w;

	for (i = 0; i < n; i++) {
		w = (int)tw_width(labels[i]);
		if (w > cols) { /* wider than the screen: left out, no line used */
			line[i] = -1;
			col[i] = 0;
			continue;
		}
		if (x > 0 && x + 2 + w > cols) {
			l++;
			x = 0;
		}
		if (x > 0)
			x += 2;
		if (l >= maxlines) {
			line[i] = -1;
			col[i] = 0;
			continue;
		}
		line[i] = l;
		col[i] = x;
		x += w;
		placed++;
	}
	return placed;
}
