/* Canonical JSON (proto/jcs.c): any JSON text is parsed and canonicalised;
 * the canonical text must be canonical by jcs_is_canonical, parse back,
 * and canonicalise to itself. The input is also checked as a candidate
 * canonical text, and its first 8 bytes as a number. */
#include <math.h>

#include "../../proto/jcs.h"
#include "fuzz.h"

/* The number in the first 8 bytes prints as text that reads back exactly. */
static void check_number(const uint8_t *data, size_t size)
{
	char text[JCS_NUMBER_MAX];
	double v;

	if (size < sizeof(v))
		return;
	memcpy(&v, data, sizeof(v));
	if (!jcs_number(v, text)) {
		FUZZ_CHECK(!isfinite(v));
		return;
	}
	FUZZ_CHECK(strlen(text) < JCS_NUMBER_MAX);
	FUZZ_CHECK(strtod(text, NULL) == v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size), *back = NULL, *canon = NULL;
	size_t n = 0, n2 = 0;
	char *text = j != NULL ? jcs_encode(j, &n) : NULL, *again;

	if (text != NULL) {
		FUZZ_CHECK(strlen(text) == n);
		FUZZ_CHECK(jcs_is_canonical(text, n, &back));
		again = jcs_encode(back, &n2);
		FUZZ_CHECK(again != NULL && n2 == n && memcmp(again, text, n) == 0);
		free(again);
		cJSON_Delete(back);
	}
	/* A text jcs_is_canonical accepts is its own canonical form. */
	if (jcs_is_canonical((const char *)data, size, &canon)) {
		again = jcs_encode(canon, &n2);
		FUZZ_CHECK(again != NULL && n2 == size && memcmp(again, data, size) == 0);
		free(again);
		cJSON_Delete(canon);
	}
	check_number(data, size);
	free(text);
	cJSON_Delete(j);
	return 0;
}
