#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strictjson.h"
#include "utf8.h"
#include "xalloc.h"

#define STRICTJSON_INT_MAX "9007199254740992" /* 2^53 */

/* Whether the number token at p (n bytes) is a plain whole number within
 * 2^53: -?(0|[1-9][0-9]*), not -0. */
static int strictjson_plain_int(const char *p, size_t n)
{
	const char *d = p;
	size_t digits;

	if (n > 0 && *d == '-')
		d++;
	digits = n - (size_t)(d - p);
	if (digits == 0 || digits > strlen(STRICTJSON_INT_MAX))
		return 0;
	for (size_t i = 0; i < digits; i++) /* within the token: text has no NUL after it */
		if (d[i] < '0' || d[i] > '9')
			return 0;
	if (d[0] == '0')
		return digits == 1 && d == p; /* "0", never "-0" or "01" */
	return digits < strlen(STRICTJSON_INT_MAX) || memcmp(d, STRICTJSON_INT_MAX, digits) <= 0;
}

/* Every number token of text (outside strings) must be a plain integer;
 * 0, or -1 with why. The syntax itself is left to the parser. */
static int strictjson_scan_numbers(const char *text, size_t len, char *why, size_t whylen)
{
	size_t i = 0, start;
	int in_string = 0;

	while (i < len) {
		char c = text[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			i++;
			continue;
		}
		if (c == '"') {
			in_string = 1;
			i++;
			continue;
		}
		if (c != '-' && (c < '0' || c > '9')) {
			i++;
			continue;
		}
		start = i;
		while (i < len && strchr("+-.eE0123456789", text[i]) != NULL && text[i] != '\0')
			i++;
		if (!strictjson_plain_int(text + start, i - start)) {
			snprintf(why, whylen,
				 "the number %.*s at byte %zu is not a plain whole number "
				 "within 2^53",
				 (int)(i - start > 24 ? 24 : i - start), text + start, start);
			return -1;
		}
	}
	return 0;
}

/* The end of a long path, enough to find the place. */
static const char *strictjson_tail(const char *path)
{
	size_t n = strlen(path);

	const char *t = n > 100 ? path + n - 100 : path;

	while (((unsigned char)*t & 0xc0) == 0x80) /* not inside a character */
		t++;
	return t;
}

static int strictjson_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append ".name" or "[i]" to the path for the error message. */
static void strictjson_path(char *path, size_t size, size_t at, const cJSON *parent,
			    const cJSON *item, int index)
{
	if (at >= size)
		return;
	if (cJSON_IsObject(parent))
		snprintf(path + at, size - at, ".%.48s", item->string);
	else
		snprintf(path + at, size - at, "[%d]", index);
}

/* No object at or under v names a member twice; -1 with why naming where. */
static int strictjson_walk(const cJSON *v, char *path, size_t size, int depth, char *why,
			   size_t whylen)
{
	const cJSON *e;
	const char **names = NULL;
	size_t at = strlen(path);
	int n = 0, i = 0, rc = 0;

	if (depth > STRICTJSON_MAX_DEPTH) {
		snprintf(why, whylen, "%s%s is nested more than %d deep",
			 strlen(path) > 100 ? "…" : "", strictjson_tail(path),
			 STRICTJSON_MAX_DEPTH);
		return -1;
	}
	if (cJSON_IsObject(v)) {
		n = cJSON_GetArraySize(v);
		names = n > 0 ? xmalloc((size_t)n * sizeof(*names)) : NULL;
		if (n > 0 && names == NULL) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
		cJSON_ArrayForEach(e, v)
			names[i++] = e->string;
		if (n > 1)
			qsort(names, (size_t)n, sizeof(*names), strictjson_cmp);
		for (i = 1; i < n; i++)
			if (strcmp(names[i - 1], names[i]) == 0) {
				snprintf(why, whylen, "%s%s has the member \"%.48s\" twice",
					 strlen(path) > 100 ? "…" : "", strictjson_tail(path),
					 names[i]);
				free(names);
				return -1;
			}
		free(names);
	}
	i = 0;
	cJSON_ArrayForEach(e, v) {
		strictjson_path(path, size, at, v, e, i++);
		rc = strictjson_walk(e, path, size, depth + 1, why, whylen);
		path[at] = '\0';
		if (rc != 0)
			return rc;
	}
	return 0;
}

int strictjson_check_tree(const cJSON *v, const char *root, char *why, size_t whylen)
{
	char path[512];

	snprintf(path, sizeof(path), "%s", root);
	return strictjson_walk(v, path, sizeof(path), 0, why, whylen);
}

cJSON *strictjson_parse(const char *text, size_t len, unsigned flags, char *why, size_t whylen)
{
	const char *end = NULL;
	cJSON *v;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		snprintf(why, whylen, "the text begins with a byte-order mark");
		return NULL;
	}
	if (!utf8_valid(text, len)) {
		snprintf(why, whylen, "the text is not UTF-8 (or holds a NUL byte)");
		return NULL;
	}
	if ((flags & STRICTJSON_INTEGERS) && strictjson_scan_numbers(text, len, why, whylen) != 0)
		return NULL;
	v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (v == NULL) {
		snprintf(why, whylen, "not JSON (near byte %zu)",
			 cJSON_GetErrorPtr() != NULL && cJSON_GetErrorPtr() >= text &&
					 cJSON_GetErrorPtr() <= text + len
				 ? (size_t)(cJSON_GetErrorPtr() - text)
				 : 0);
		return NULL;
	}
	while (end < text + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end != text + len) {
		snprintf(why, whylen, "something follows the JSON value at byte %zu",
			 (size_t)(end - text));
		cJSON_Delete(v);
		return NULL;
	}
	if (strictjson_check_tree(v, "$", why, whylen) != 0) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}
