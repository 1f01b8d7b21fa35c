/* yg's one way out to the terminal: once termout_guard() has run, every
 * byte printed on stdout and stderr — by any command, whatever it prints —
 * passes through ts_clean() (termsafe.h) on its way to file descriptors 1
 * and 2, so nothing a server or another person wrote can steer the
 * terminal. Line breaks stay; tabs become spaces. The full-screen terminal
 * (yg tui) draws through curses instead, and cleans in td_text(). */
#ifndef YG_CLIENT_TERMOUT_H
#define YG_CLIENT_TERMOUT_H

/* Put the filter in front of stderr, and of stdout too when with_stdout
 * (not for yg tui: curses writes to stdout's descriptor itself); once.
 * 0, or -1 if it could not, the streams then being left as they were. */
int termout_guard(int with_stdout);

/* Print JSON text and a line break on stdout, unsafe characters written
 * as \uXXXX escapes (ts_json) so that it still reads as the same JSON. */
void termout_json(const char *json);

#endif
