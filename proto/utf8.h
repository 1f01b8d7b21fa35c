/* UTF-8 validation and counting (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF). */
#ifndef YG_PROTO_UTF8_H
#define YG_PROTO_UTF8_H

#include <stdbool.h>
#include <stddef.h>

bool utf8_valid(const char *s, size_t len);
/* Text shown to people must hold no control, separator or bidirectional
 * formatting character (see utf8.c); multiline allows newline and tab. */
bool utf8_unsafe_cp(unsigned long cp, bool multiline);
bool utf8_has_unsafe(const char *s, size_t len, bool multiline); /* s valid UTF-8 */
size_t utf8_count(const char *s); /* code points in a valid, NUL-terminated string */

#endif
