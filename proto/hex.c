#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "hex.h"

static const char hex_digits[] = "0123456789abcdef";

/* out = the 2n lowercase digits of in[0..n), and a NUL (2n + 1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex_digits[in[i] >> 4];
		out[2 * i + 1] = hex_digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The value of one lowercase digit, or -1. */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* s, exactly 2n lowercase digits, as n bytes in out; false (out
 * unspecified) for NULL, another length or any other character. */
bool hex_decode(const char *s, unsigned char *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (s == NULL || strlen(s) != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		hi = hex_digit(s[2 * i]);
		lo = hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

/* The SHA-256 of data[0..len) in lowercase hex. EVP_Digest fails only
 * when OpenSSL cannot allocate: fatal, as any allocation (xalloc.h). */
void hex_sha256(const void *data, size_t len, char out[HEX_SHA256_LEN + 1])
{
	unsigned char md[32];

	if (EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL) != 1) {
		fputs("out of memory (SHA-256)\n", stderr);
		abort();
	}
	hex_encode(md, sizeof(md), out);
}
