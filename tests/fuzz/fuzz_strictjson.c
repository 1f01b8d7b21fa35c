/* The strict JSON reader (proto/strictjson.c). What it accepts, cJSON
 * writes back as text it accepts again and reads the same; what it refuses
 * it says why; with STRICTJSON_INTEGERS every number read is a whole
 * number within 2^53. */
#include <math.h>

#include "../../proto/strictjson.h"
#include "fuzz.h"

/* Every number in v is whole and within 2^53. */
static void check_integers(const cJSON *v)
{
	const cJSON *e;

	if (cJSON_IsNumber(v))
		FUZZ_CHECK(floor(v->valuedouble) == v->valuedouble &&
			   fabs(v->valuedouble) <= 9007199254740992.0);
	cJSON_ArrayForEach(e, v)
		check_integers(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags = size > 0 && (data[0] & 1) ? STRICTJSON_INTEGERS : 0;
	char why[256] = "";
	cJSON *v = strictjson_parse((const char *)data, size, flags, why, sizeof(why)), *again;
	char *text;

	if (v == NULL) {
		FUZZ_CHECK(why[0] != '\0');
		return 0;
	}
	if (flags & STRICTJSON_INTEGERS)
		check_integers(v);
	text = cJSON_PrintUnformatted(v);
	if (text != NULL) {
		again = strictjson_parse(text, strlen(text), 0, why, sizeof(why));
		FUZZ_CHECK(again != NULL);
		FUZZ_CHECK(cJSON_Compare(v, again, 1));
		cJSON_Delete(again);
		free(text);
	}
	cJSON_Delete(v);
	return 0;
}
