/* Text on a grid of terminal cells: how much of a UTF-8 string fits in so
 * many columns (cut between characters, never through a wide one), lines
 * wrapped by display width, and the one-line editor of the prompts. No
 * curses here, so all of it is unit tested (tests/unit/test_tui_text.c). */
#ifndef YG_CLIENT_TUI_TEXT_H
#define YG_CLIENT_TUI_TEXT_H

#include <stddef.h>

/* The next character of s: its code point in *cp, its length in bytes (a
 * byte that does not start a valid sequence counts as one character). */
size_t tt_next(const char *s, unsigned long *cp);

/* How many bytes of s fit in cols columns; *used (if not NULL) gets the
 * columns they take. */
size_t tt_fit(const char *s, size_t cols, size_t *used);

/* s cut to cols columns into out (of outlen bytes), between characters,
 * ending in "…" when it had to be cut (and out has room for it); line
 * breaks and tabs become spaces. The columns taken. */
size_t tt_clip(const char *s, size_t cols, char *out, size_t outlen);

/* Break s into lines of at most cols columns, at line breaks and where a
 * line is full (a character wider than cols gets a line of its own): the
 * start offset and byte length of each, at most max lines; the number of
 * lines (0 for an empty s). */
int tt_wrap(const char *s, size_t cols, size_t *start, size_t *len, int max);

/* The one-line editor of a prompt. */
struct tt_line {
	char buf[2048];
	size_t len;
};

void tt_line_clear(struct tt_line *l);
/* Append one character (not control characters); 0, or -1 when full. */
int tt_line_insert(struct tt_line *l, unsigned long cp);
/* Remove the last character. */
void tt_line_backspace(struct tt_line *l);
/* The end of the text that fits in cols columns (what the prompt shows). */
const char *tt_line_tail(const struct tt_line *l, size_t cols);

#endif
