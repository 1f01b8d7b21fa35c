/* For unit tests: JSON written with ' for " (readable in C strings),
 * parsed; a test fails on JSON that does not parse. Include after
 * <cmocka.h>. */
#ifndef YG_TESTS_UNIT_TJSON_H
#define YG_TESTS_UNIT_TJSON_H

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* A copy of text with every ' made a " (to be freed). */
static inline char *tquote(const char *text)
{
	char *copy = strdup(text), *p;

	assert_non_null(copy);
	for (p = copy; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	return copy;
}

static inline cJSON *tjson(const char *text)
{
	char *copy = tquote(text);
	cJSON *j = cJSON_Parse(copy);

	if (j == NULL)
		fail_msg("bad test JSON: %s", copy);
	free(copy);
	return j;
}

#endif
