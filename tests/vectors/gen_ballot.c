/* Write the ballot test vectors: gen_ballot DIR (tests/vectors/ballot).
 * Run by `make vectors`; the unit tests check the checked-in files are
 * exactly what this makes. */
#include <stdio.h>

#include "ballot_vectors.c"

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/vectors/ballot";
	char path[512], *text;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(vec_files) / sizeof(vec_files[0]); i++) {
		text = vec_files[i].make();
		snprintf(path, sizeof(path), "%s/%s", dir, vec_files[i].name);
		f = fopen(path, "w");
		if (text == NULL || f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
			fprintf(stderr, "gen_ballot: cannot write %s\n", path);
			return 1;
		}
		printf("wrote %s\n", path);
		free(text);
	}
	return 0;
}
