/* Meeting records (proto/record.c), as `yg verify FILE` reads them: any
 * JSON. The report is always well-formed: at least one finding, each "ok:"
 * or "FAIL:", NUL-terminated in its line, and ok only when none failed. */
#include "../../proto/record.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size);
	struct record_report rep;
	bool ok, failed = false;
	int i;

	if (j == NULL)
		return 0;
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
	FUZZ_CHECK(ok == !failed);
	cJSON_Delete(j);
	return 0;
}
