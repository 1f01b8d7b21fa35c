/* Reading the checked-in vectors from tests: files under
 * tests/vectors/ballot/, found from the repository root (where tests run)
 * or from $YG_VECTORS_DIR. */
#ifndef YG_TESTS_VECIO_H
#define YG_TESTS_VECIO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* The whole file tests/vectors/ballot/NAME, NUL-terminated, or NULL. */
static inline char *vec_read(const char *name, size_t *len)
{
	const char *dir = getenv("YG_VECTORS_DIR");
	char path[512];
	char *buf = NULL;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir != NULL ? dir : "tests/vectors/ballot", name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len != NULL)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* The parsed vector file NAME, or NULL. */
static inline cJSON *vec_load(const char *name)
{
	char *text = vec_read(name, NULL);
	cJSON *j = text != NULL ? cJSON_Parse(text) : NULL;

	free(text);
	return j;
}

/* Decode lowercase or uppercase hex into out; the length, or -1. */
static inline long vec_unhex(const char *hex, unsigned char *out, size_t max)
{
	size_t n = strlen(hex), i;
	unsigned int v;

	if (n % 2 != 0 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return (long)(n / 2);
}

/* The string member name of obj, or "". */
static inline const char *vec_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* The number member name of obj, or -1. */
static inline double vec_num(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

#endif
