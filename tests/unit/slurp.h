/* A whole file of the tree read into memory, for the drift tests that read
 * sources (sql/api, PROTOCOL.md, client/): run from the top of the tree. */
#ifndef YG_TESTS_UNIT_SLURP_H
#define YG_TESTS_UNIT_SLURP_H

#include <stdio.h>
#include <stdlib.h>

/* The file at path, NUL-terminated, to be freed; fails the test if it
 * cannot be read. */
static inline char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		fail_msg("cannot read %s (run from the top of the tree)", path);
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = calloc(1, (size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	if (buf == NULL)
		fail_msg("cannot read %s", path);
	return buf;
}

#endif
