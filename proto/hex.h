/* Lowercase hexadecimal: the one way bytes are written as text here
 * (hashes, fingerprints, chained log heads, material chunks), and SHA-256
 * in that form. Decoding is strict: exactly two lowercase digits a byte. */
#ifndef YG_PROTO_HEX_H
#define YG_PROTO_HEX_H

#include <stdbool.h>
#include <stddef.h>

#define HEX_SHA256_LEN 64 /* digits of a SHA-256, without the NUL */

void hex_encode(const unsigned char *in, size_t n, char *out);
bool hex_decode(const char *s, unsigned char *out, size_t n);
void hex_sha256(const void *data, size_t len, char out[HEX_SHA256_LEN + 1]);

#endif
