/* The meeting log's hash chain (proto/logchain.c), as `yg verify` reads an
 * exported log: any JSON. A chain found intact has every entry's hash
 * recomputed here from its body and the hash before it. */
#include "../../proto/logchain.h"
#include "fuzz.h"

/* 64 lowercase hex digits into 32 bytes. */
static void unhex(const char *hex, unsigned char out[32])
{
	unsigned v;
	int i;

	for (i = 0; i < 32; i++) {
		FUZZ_CHECK(sscanf(hex + 2 * i, "%2x", &v) == 1);
		out[i] = (unsigned char)v;
	}
}

/* Every entry of an intact chain hashes as its hash says. */
static void check_intact(const cJSON *j)
{
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(j, "entries"), *e;
	unsigned char prev[32] = {0};
	char hash[65];
	const char *want, *body;

	cJSON_ArrayForEach(e, entries) {
		want = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "hash"));
		FUZZ_CHECK(want != NULL && strlen(want) == 64);
		body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "body"));
		FUZZ_CHECK(body != NULL && logchain_hash(prev, body, hash));
		FUZZ_CHECK(strcmp(hash, want) == 0);
		unhex(want, prev);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size);
	char why[256];
	long n;

	if (j == NULL)
		return 0;
	memset(why, 0, sizeof(why));
	n = logchain_verify(j, why, sizeof(why));
	FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof(why)) != NULL);
	if (n == -1)
		check_intact(j);
	else
		FUZZ_CHECK(n >= 0 &&
			   n <= cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "entries")));
	cJSON_Delete(j);
	return 0;
}
