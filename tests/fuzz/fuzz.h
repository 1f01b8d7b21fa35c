/* What the fuzz targets share: the entry point's prototype, a check that
 * holds with or without NDEBUG, and the input as a C string or as JSON. */
#ifndef YG_TESTS_FUZZ_H
#define YG_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant broken is a finding like a crash: abort, so libFuzzer saves
 * the input. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The input as a NUL-terminated copy (it may hold NULs of its own). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s != NULL) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* The input parsed as JSON, as a peer's text would be; NULL if it is not. */
static inline cJSON *fuzz_json(const uint8_t *data, size_t size)
{
	return cJSON_ParseWithLength((const char *)data, size);
}

#endif
