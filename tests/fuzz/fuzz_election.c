/* Election records (proto/election.c), as `yg verify FILE` reads them: any
 * JSON, with the record's own server key and (for odd sizes) a pinned one. The
 * report is always well-formed, and a receipt looked up is found in a
 * round that exists. */
#include "../../proto/election.h"
#include "fuzz.h"

/* Each finding "ok:" or "FAIL:", NUL-terminated; ok when none failed. */
static void check_report(bool ok, const struct election_report *rep)
{
	bool failed = false;
	int i;

	FUZZ_CHECK(ok == rep->ok);
	FUZZ_CHECK(rep->nlines >= 1 && rep->nlines <= ELECTION_MAX_LINES);
	for (i = 0; i < rep->nlines; i++) {
		FUZZ_CHECK(memchr(rep->lines[i], '\0', sizeof(rep->lines[i])) != NULL);
		FUZZ_CHECK(strncmp(rep->lines[i], "ok: ", 4) == 0 ||
			   strncmp(rep->lines[i], "FAIL: ", 6) == 0);
		failed |= strncmp(rep->lines[i], "FAIL: ", 6) == 0;
	}
	FUZZ_CHECK(ok == !failed);
}

/* The first ballot's receipt, looked up as `yg verify --receipt` does. */
static void check_receipt(const cJSON *j)
{
	const cJSON *rounds = cJSON_GetObjectItemCaseSensitive(j, "rounds");
	const cJSON *round = cJSON_GetArrayItem(rounds, 0);
	const cJSON *ballot =
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(round, "ballots"), 0);
	const char *receipt =
		cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ballot, "receipt"));
	uint64_t voter = 0;

	(void)election_find_receipt(j, receipt != NULL ? receipt : "", &voter);
	(void)election_find_receipt(j, "", &voter);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char pinned[SIG_PUB_LEN] = {1, 2, 3};
	cJSON *j = fuzz_json(data, size);
	struct election_report *rep = malloc(sizeof(*rep));
	bool ok;

	if (j != NULL && rep != NULL) {
		memset(rep, 0x5a, sizeof(*rep));
		ok = election_verify(j, NULL, rep);
		check_report(ok, rep);
		/* A pinned key too, for every other input: verifying is slow. */
		if (size % 2 == 1) {
			memset(rep, 0x5a, sizeof(*rep));
			ok = election_verify(j, pinned, rep);
			check_report(ok, rep);
		}
		check_receipt(j);
	}
	free(rep);
	cJSON_Delete(j);
	return 0;
}
