#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "../proto/sig.h"
#include "../proto/utf8.h"
#include "bootstrap.h"
#include "log.h"
#include "policy/settings.h"

/* Whether text is 1..max characters of valid UTF-8 with no control byte. */
static bool bootstrap_text_ok(const char *what, const char *text, size_t max)
{
	const unsigned char *p;
	size_t n = utf8_valid(text, strlen(text)) ? utf8_count(text) : 0;

	for (p = (const unsigned char *)text; n > 0 && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			n = 0;
	if (n == 0 || n > max) {
		fprintf(stderr, "ygd bootstrap: %s must be 1 to %zu characters of text\n", what,
			max);
		return false;
	}
	return true;
}

/* Run api.bootstrap and print what it did. */
static int bootstrap_call(PGconn *pg, const char *const params[6])
{
	PGresult *r = PQexecParams(pg, "SELECT api.bootstrap($1, $2, $3, $4, $5, $6)::text", 6,
				   NULL, params, NULL, NULL, 0);
	bool trial = strcmp(params[5], "true") == 0;
	int rc = 0;

	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		/* For the committee office, in its language (README's walk-through);
		 * a trial's name carries the mark, as api.bootstrap gives it. */
		printf("已登记 %s 为 %s%s 的管理员：%s\n", params[1], params[0],
		       trial && strstr(params[0], "试用") == NULL ? "（试用）" : "",
		       PQgetvalue(r, 0, 0));
	} else {
		fprintf(stderr, "ygd bootstrap: %s", PQresultErrorMessage(r));
		rc = 1;
	}
	PQclear(r);
	return rc;
}

int bootstrap_run(const char *conninfo, int argc, char **argv)
{
	unsigned char pub[SIG_PUB_LEN];
	cJSON *defaults;
	char *rules;
	const char *params[6];
	PGconn *pg;
	int rc = 1;
	bool trial = argc > 0 && strcmp(argv[0], "--trial") == 0;

	/* --trial: a trial committee (试用), as yg admin committee create --trial. */
	if (trial) {
		argc--;
		argv++;
	}
	if (argc < 3 || argc > 4) {
		fprintf(stderr,
			"usage: ygd [OPTION...] bootstrap [--trial] COMMITTEE NAME KEY [TITLE]\n");
		return 2;
	}
	if (!bootstrap_text_ok("COMMITTEE", argv[0], 100) ||
	    !bootstrap_text_ok("NAME", argv[1], 64) ||
	    (argc == 4 && !bootstrap_text_ok("TITLE", argv[3], 64)))
		return 2;
	if (!sig_pub_from_text(argv[2], pub)) {
		fprintf(stderr,
			"ygd bootstrap: KEY must be as yg keygen prints it (ed25519:...)\n");
		return 2;
	}
	pg = PQconnectdb(conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "ygd bootstrap: cannot connect to the database: %s",
			PQerrorMessage(pg));
		PQfinish(pg);
		return 1;
	}
	defaults = settings_defaults();
	rules = cJSON_PrintUnformatted(defaults);
	params[0] = argv[0];
	params[1] = argv[1];
	params[2] = argc == 4 ? argv[3] : "";
	params[3] = argv[2];
	params[4] = rules;
	params[5] = trial ? "true" : "false";
	rc = bootstrap_call(pg, params);
	free(rules);
	cJSON_Delete(defaults);
	PQfinish(pg);
	return rc;
}
