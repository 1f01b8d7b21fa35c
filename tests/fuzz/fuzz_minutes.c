/* Minutes (proto/minutes.c) built from any JSON as a meeting's log export,
 * up to its last entry and up to an entry in the middle, as `yg verify`
 * rebuilds them from a record. Built minutes are compact JSON, the same
 * bytes each time they are built, and the message signed over them has its
 * fixed length. */
#include <limits.h>

#include "../../proto/minutes.h"
#include "fuzz.h"

/* Build up to upto, twice. */
static void build(const cJSON *j, long upto)
{
	unsigned char msg[MINUTES_MSG_LEN];
	char *m = minutes_build(j, upto), *again;
	cJSON *back;

	if (m == NULL)
		return;
	back = cJSON_Parse(m);
	FUZZ_CHECK(cJSON_IsObject(back));
	cJSON_Delete(back);
	again = minutes_build(j, upto);
	FUZZ_CHECK(again != NULL && strcmp(again, m) == 0);
	free(again);
	FUZZ_CHECK(minutes_message(7, m, msg) == MINUTES_MSG_LEN);
	free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size);
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(j, "entries");
	const cJSON *last = cJSON_GetArrayItem(entries, cJSON_GetArraySize(entries) - 1);
	double seq = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last, "seq"));

	if (j == NULL)
		return 0;
	if (seq >= 1 && seq < 1e9) {
		build(j, (long)seq);
		build(j, (long)seq / 2);
	}
	build(j, LONG_MAX);
	build(j, 0);
	cJSON_Delete(j);
	return 0;
}
