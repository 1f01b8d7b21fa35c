/* Text from the server made safe to show on a terminal. A name, a title, a
 * comment from the public or an error message may hold escape sequences
 * (ESC[2J, an OSC that retitles the window), other C0 and C1 controls, DEL,
 * bidi overrides and isolates that reorder what follows, or bytes that are
 * not UTF-8. yg never writes such a character received from the server:
 * each becomes one U+FFFD (�), one column, visible where it stood; ordinary
 * text, CJK and emoji stay as they are, with their widths.
 * No I/O here (termout.c puts it on yg's output; tests/unit/test_termsafe.c). */
#ifndef YG_CLIENT_TERMSAFE_H
#define YG_CLIENT_TERMSAFE_H

#include <stddef.h>

#define TS_REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Flags of ts_clean. */
#define TS_MULTILINE 1u /* keep line breaks ('\n'); otherwise they become spaces */
#define TS_PARTIAL   2u /* a sequence cut short at the end of in is left for later */

/* Whether code point cp must never reach a terminal: C0 controls but
 * '\n' and '\t' (the caller decides about those), DEL, C1 controls, the
 * bidi marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069), the line and paragraph separators
 * (U+2028, U+2029), surrogates and what lies beyond U+10FFFF. */
int ts_unsafe(unsigned long cp);

/* The length (1–4) of the valid UTF-8 sequence at s (of len bytes), with
 * its code point in *cp; 0 if s does not start one (overlong forms,
 * surrogates and code points above U+10FFFF are not valid), -1 if
 * the len bytes are the start of a valid sequence cut short. */
int ts_decode(const char *s, size_t len, unsigned long *cp);

/* Clean len bytes of in into out, which has room for 3 * len bytes: tabs
 * (and line breaks without TS_MULTILINE) become spaces, every unsafe
 * character and every byte that does not begin a valid sequence becomes
 * U+FFFD. The bytes written; *used (when not NULL) gets how many bytes
 * of in were consumed: all of them, unless TS_PARTIAL kept the start of
 * a sequence cut short at the end. No terminating NUL is written. */
size_t ts_clean(const char *in, size_t len, unsigned flags, char *out, size_t *used);

/* A clean copy of s ("" for NULL), to be freed; aborts when out of memory. */
char *ts_dup(const char *s, unsigned flags);

/* JSON text (as cJSON prints it) made safe without changing what it means:
 * every unsafe character becomes a \uXXXX escape (which can only stand
 * inside a string there), bytes that are not UTF-8 \ufffd; line breaks and
 * tabs, JSON's own white space, stay. A copy to be freed. */
char *ts_json(const char *json);

#endif
