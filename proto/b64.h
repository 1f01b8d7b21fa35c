/* base64url without padding (RFC 4648 section 5), as JOSE uses it. Decoding
 * is strict: no padding, no whitespace, no stray bits in the last symbol. */
#ifndef YG_PROTO_B64_H
#define YG_PROTO_B64_H

#include <stddef.h>

#define B64_ENCODED_LEN(n) (((n)*4 + 2) / 3)

size_t b64url_encode(const unsigned char *in, size_t len, char *out, size_t outlen);
long b64url_decode(const char *in, unsigned char *out, size_t outlen);

#endif
