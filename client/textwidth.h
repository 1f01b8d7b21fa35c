/* How wide text is on a terminal: CJK ideographs, kana, Hangul and
 * fullwidth forms take two columns, combining marks none, the rest one.
 * Used to line up tables of Chinese names. */
#ifndef YG_CLIENT_TEXTWIDTH_H
#define YG_CLIENT_TEXTWIDTH_H

#include <stddef.h>
#include <stdio.h>

int tw_char_width(unsigned long cp);
size_t tw_width(const char *s);
void tw_pad(FILE *out, const char *s, size_t width);
void tw_table(FILE *out, int ncols, int nrows, const char *const *cells);

#endif
