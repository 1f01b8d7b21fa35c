#include <string.h>

#include "b64.h"

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Encode len bytes; out gets B64_ENCODED_LEN(len) characters and a NUL.
 * Returns the length written, or 0 if out is too small. */
size_t b64url_encode(const unsigned char *in, size_t len, char *out, size_t outlen)
{
	size_t n = B64_ENCODED_LEN(len), i, o = 0;
	unsigned long v;

	if (outlen < n + 1)
		return 0;
	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
		out[o++] = b64_alphabet[v >> 6 & 63];
		out[o++] = b64_alphabet[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned long)in[i] << 16;
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
	} else if (len - i == 2) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
		out[o++] = b64_alphabet[v >> 6 & 63];
	}
	out[o] = '\0';
	return o;
}

/* Each symbol's 6-bit value plus one; 0 for every other byte. */
static const unsigned char b64_values[256] = {
	['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,
	['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
	['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21,
	['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28,
	['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
	['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
	['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
	['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['-'] = 63,
	['_'] = 64};

/* The 6-bit value of a symbol, or -1. */
static int b64_value(char c)
{
	return (int)b64_values[(unsigned char)c] - 1;
}

/* Decode a NUL-terminated string; the number of bytes, or -1 if it is not
 * canonical base64url or does not fit in outlen. */
long b64url_decode(const char *in, unsigned char *out, size_t outlen)
{
	size_t len = strlen(in), i, o = 0, rem = len % 4;
	unsigned long v = 0;
	int d;

	if (rem == 1 || (len / 4) * 3 + (rem ? rem - 1 : 0) > outlen)
		return -1;
	for (i = 0; i < len; i++) {
		d = b64_value(in[i]);
		if (d < 0)
			return -1;
		v = v << 6 | (unsigned long)d;
		if (i % 4 == 3) {
			out[o++] = (unsigned char)(v >> 16);
			out[o++] = (unsigned char)(v >> 8);
			out[o++] = (unsigned char)v;
			v = 0;
		}
	}
	if (rem == 2) {
		if (v & 0xf)
			return -1;
		out[o++] = (unsigned char)(v >> 4);
	} else if (rem == 3) {
		if (v & 0x3)
			return -1;
		out[o++] = (unsigned char)(v >> 10);
		out[o++] = (unsigned char)(v >> 2);
	}
	return (long)o;
}
