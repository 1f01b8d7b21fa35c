#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "textwidth.h"

struct tw_range {
	unsigned long lo, hi;
};

/* East Asian Wide and Fullwidth blocks (the common ones). */
static const struct tw_range tw_wide[] = {
	{0x1100, 0x115f},   {0x231a, 0x231b},   {0x2705, 0x2705},   {0x2e80, 0x3029},
	{0x302e, 0x303e},   {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},
	{0xa000, 0xa4cf},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
	{0xfe30, 0xfe6b},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
	{0x1f680, 0x1f6ff}, {0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
	{0x30000, 0x3fffd},
};

/* Combining marks and other zero-width characters (the common ones). */
static const struct tw_range tw_zero[] = {
	{0x0300, 0x036f}, {0x0591, 0x05bd}, {0x0610, 0x061a}, {0x064b, 0x065f},
	{0x1160, 0x11ff}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f},
	{0x20d0, 0x20ff}, {0x302a, 0x302d}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
};

static int tw_in(const struct tw_range *r, size_t n, unsigned long cp)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return 1;
	return 0;
}

/* Columns one code point takes. */
int tw_char_width(unsigned long cp)
{
	if (cp == 0 || tw_in(tw_zero, sizeof(tw_zero) / sizeof(tw_zero[0]), cp))
		return 0;
	if (tw_in(tw_wide, sizeof(tw_wide) / sizeof(tw_wide[0]), cp))
		return 2;
	return 1;
}

/* Columns a UTF-8 string takes (bytes that do not decode count as one). */
size_t tw_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t w = 0;
	int n, i;

	while (*p) {
		n = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0;
		cp = n == 0 ? *p : *p & (0x3fu >> n);
		for (i = 1; i <= n && (p[i] & 0xc0) == 0x80; i++)
			cp = cp << 6 | (p[i] & 0x3fu);
		if (i <= n) { /* truncated sequence */
			w++;
			p++;
			continue;
		}
		w += (size_t)tw_char_width(cp);
		p += n + 1;
	}
	return w;
}

/* Print s and pad it with spaces to width columns. */
void tw_pad(FILE *out, const char *s, size_t width)
{
	size_t w = tw_width(s);

	fputs(s, out);
	for (; w < width; w++)
		fputc(' ', out);
}

/* Print a table: cells are row-major, the first row being the heading.
 * Columns are as wide as their widest cell, two spaces apart. */
void tw_table(FILE *out, int ncols, int nrows, const char *const *cells)
{
	size_t *widths = xcalloc((size_t)ncols, sizeof(size_t)), w;
	int r, c;

	if (widths == NULL)
		return;
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++)
			if ((w = tw_width(cells[r * ncols + c])) > widths[c])
				widths[c] = w;
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++) {
			if (c == ncols - 1)
				fputs(cells[r * ncols + c], out);
			else
				tw_pad(out, cells[r * ncols + c], widths[c] + 2);
		}
		fputc('\n', out);
	}
	free(widths);
}
