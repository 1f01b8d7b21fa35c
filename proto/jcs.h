/* JSON Canonicalization Scheme (RFC 8785) of a cJSON tree: no whitespace,
 * object members sorted by the UTF-16 code units of their names, strings
 * escaped as ECMAScript's JSON.stringify does, numbers in ECMAScript's
 * shortest round-trip form. Refused: a name given twice in one object, a
 * string that is not UTF-8, a number that is not finite, raw items.
 * cJSON cannot hold U+0000 inside a string, so neither can these texts. */
#ifndef YG_PROTO_JCS_H
#define YG_PROTO_JCS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define JCS_NUMBER_MAX 40 /* room for the longest number text and its NUL */

char *jcs_encode(const cJSON *item, size_t *len);
bool jcs_number(double v, char out[JCS_NUMBER_MAX]);
bool jcs_is_canonical(const char *text, size_t len, cJSON **parsed);

#endif
