/* For unit tests: write a document the test built to $YG_FUZZ_SEEDS/NAME,
 * when that is set, as a seed for the fuzz targets (tests/fuzz/corpus/).
 * Nothing happens in an ordinary run. */
#ifndef YG_TESTS_UNIT_SEED_H
#define YG_TESTS_UNIT_SEED_H

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

static inline void seed_write(const cJSON *doc, const char *name)
{
	const char *dir = getenv("YG_FUZZ_SEEDS");
	char path[4096], *text;
	FILE *f;

	if (dir == NULL || (text = cJSON_PrintUnformatted(doc)) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(text);
}

#endif
