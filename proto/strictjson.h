/* JSON read the strict way, for everything that must mean one thing to
 * every reader: signed payloads, election and meeting records, request
 * frames. Refused, with the place named: a byte-order mark, text that is not
 * UTF-8, anything after the value, an object with a member name twice (at
 * any depth, names compared after their escapes are decoded), nesting
 * deeper than STRICTJSON_MAX_DEPTH; and with STRICTJSON_INTEGERS every
 * number that is not a whole number written as plain decimal digits
 * (no fraction, exponent, "-0" or leading zero) within 2^53. */
#ifndef YG_PROTO_STRICTJSON_H
#define YG_PROTO_STRICTJSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

#define STRICTJSON_INTEGERS  0x1
#define STRICTJSON_MAX_DEPTH 64

/* The checks of a parsed tree alone (duplicate names, depth), the places
 * named from root ("$", "args"); 0 or -1. */
int strictjson_check_tree(const cJSON *v, const char *root, char *why, size_t whylen);
cJSON *strictjson_parse(const char *text, size_t len, unsigned flags, char *why, size_t whylen);

#endif
