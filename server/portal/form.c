#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/utf8.h"
#include "form.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into out (room for n + 1); the decoded length, or -1. */
static long form_decode(const char *s, size_t n, char *out)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			if (i + 2 >= n)
				return -1;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return (long)o;
}

/* The decoded value of field name in body; the caller frees *value. */
enum form_result form_field(const char *body, size_t len, const char *name, char **value)
{
	const char *p = body, *end = body + len, *amp, *eq;
	size_t nlen = strlen(name);
	bool found = false;
	long n;

	*value = NULL;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq != NULL && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
			if (found) {
				free(*value);
				*value = NULL;
				return FORM_TWICE;
			}
			found = true;
			*value = malloc((size_t)(amp - eq));
			if (*value == NULL)
				return FORM_NOMEM;
			n = form_decode(eq + 1, (size_t)(amp - eq - 1), *value);
			if (n < 0 || !utf8_valid(*value, (size_t)n) ||
			    strlen(*value) != (size_t)n) {
				free(*value);
				*value = NULL;
				return n < 0 ? FORM_BAD : FORM_BAD_UTF8;
			}
		}
		p = amp + 1;
	}
	return found ? FORM_OK : FORM_MISSING;
}

const char *form_result_text(enum form_result r)
{
	switch (r) {
	case FORM_OK:
		return "ok";
	case FORM_MISSING:
		return "a field is missing";
	case FORM_TWICE:
		return "a field is given twice";
	case FORM_BAD:
		return "a malformed %-escape";
	case FORM_BAD_UTF8:
		return "text that is not UTF-8";
	case FORM_NOMEM:
		return "out of memory";
	}
	return "?";
}
