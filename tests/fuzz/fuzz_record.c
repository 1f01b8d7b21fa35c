/* Meeting records (proto/record.c), as `yg verify FILE` reads them: any
 * JSON. The report is always well-formed: at least one finding, each "ok:"
 * or "FAIL:", NUL-terminated in its line, and ok only when none failed.
 * A mutated log almost never keeps its hash chain, so each input is also
 * verified with its chain and the minutes' hash made right again, which
 * takes the fuzzer on to the minutes and the signatures. */
#include "../../proto/hex.h"
#include "../../proto/logchain.h"
#include "../../proto/record.h"
#include "fuzz.h"

/* Set member name of obj to the string s. */
static void set_string(cJSON *obj, const char *name, const char *s)
{
	cJSON *v = cJSON_CreateString(s);

	if (v != NULL && !cJSON_ReplaceItemInObjectCaseSensitive(obj, name, v))
		cJSON_Delete(v);
}

/* Rehash the log's entries in order, and the minutes' body. */
static void fix_hashes(cJSON *j)
{
	cJSON *log = cJSON_GetObjectItemCaseSensitive(j, "log"), *e;
	cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "minutes");
	const char *body;
	unsigned char prev[32] = {0};
	char hex[65], hash[65];

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(log, "entries")) {
		body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "body"));
		if (body == NULL || !cJSON_IsObject(e) || !logchain_hash(prev, body, hash))
			return;
		hex_encode(prev, 32, hex);
		set_string(e, "prev_hash", hex);
		set_string(e, "hash", hash);
		hex_decode(hash, prev, 32);
	}
	body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "body"));
	if (body != NULL && cJSON_IsObject(m)) {
		hex_sha256(body, strlen(body), hex);
		set_string(m, "sha256", hex);
	}
}

static void check(const cJSON *j)
{
	struct record_report rep;
	bool ok, failed = false;
	int i;

	memset(&rep, 0x5a, sizeof(rep));
	ok = record_verify(j, &rep);
	FUZZ_CHECK(ok == rep.ok);
	FUZZ_CHECK(rep.nlines >= 1 && rep.nlines <= RECORD_MAX_LINES);
	for (i = 0; i < rep.nlines; i++) {
		FUZZ_CHECK(memchr(rep.lines[i], '\0', sizeof(rep.lines[i])) != NULL);
		FUZZ_CHECK(strncmp(rep.lines[i], "ok: ", 4) == 0 ||
			   strncmp(rep.lines[i], "FAIL: ", 6) == 0);
		failed |= strncmp(rep.lines[i], "FAIL: ", 6) == 0;
	}
	/* A record that fails says why in the report. */
	FUZZ_CHECK(ok == !failed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size);

	if (j == NULL)
		return 0;
	check(j);
	fix_hashes(j);
	check(j);
	cJSON_Delete(j);
	return 0;
}
