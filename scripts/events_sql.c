/* Writes the event table's facts that the database checks
 * (proto/events_sql.c) to the file named, or to standard output: `make
 * events-sql` rewrites sql/api/015_event_causes.sql with it. */
#include <stdio.h>
#include <stdlib.h>

#include "../proto/events_sql.h"

int main(int argc, char **argv)
{
	char *text = events_sql_text();
	FILE *out = argc > 1 ? fopen(argv[1], "w") : stdout;
	int rc = 0;

	if (text == NULL) {
		fprintf(stderr,
			"events_sql: a name of proto/events.c cannot be written unquoted\n");
		return 1;
	}
	if (out == NULL) {
		perror(argv[1]);
		free(text);
		return 1;
	}
	if (fputs(text, out) == EOF)
		rc = 1;
	if (out != stdout && fclose(out) != 0)
		rc = 1;
	if (rc != 0)
		fprintf(stderr, "events_sql: cannot write %s\n", argc > 1 ? argv[1] : "stdout");
	free(text);
	return rc;
}
