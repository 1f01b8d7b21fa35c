/* Argument checks (proto/args.c): the args of a decoded request against a
 * spec with one argument of every type. What passes must read back as
 * its type says. */
#include <math.h>

#include "../../proto/args.h"
#include "../../proto/envelope.h"
#include "../../proto/utf8.h"
#include "fuzz.h"

static const struct arg_spec spec[] = {
	{"name", ARG_STRING, true, 1, 64},
	{"text", ARG_TEXT, false, 0, 4000},
	{"flag", ARG_BOOL, false, 0, 0},
	{"count", ARG_INT, false, -5, 1000000},
	{"id", ARG_INT, false, 1, 9007199254740991LL},
	{"opts", ARG_OBJECT, false, 0, 0},
	{"list", ARG_ARRAY, false, 1, 8},
	{"any", ARG_ANY, false, 0, 0},
	{NULL, 0, false, 0, 0},
};

/* An accepted string is UTF-8 of the right length. */
static void check_string(const cJSON *args, const char *name, long long min, long long max)
{
	const char *s = args_string(args, name);

	if (s == NULL)
		return;
	FUZZ_CHECK(utf8_valid(s, strlen(s)));
	FUZZ_CHECK((long long)utf8_count(s) >= min && (long long)utf8_count(s) <= max);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum yg_err err;
	const char *w = NULL;
	cJSON *msg = envelope_decode((const char *)data, size, &err, &w);
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(msg, "args");
	char why[256];
	long long v;

	if (msg == NULL)
		return 0;
	if (!cJSON_IsObject(args))
		args = msg;
	memset(why, 0, sizeof(why));
	if (args_check(args, spec, why, sizeof(why)) == YG_OK) {
		check_string(args, "name", 1, 64);
		check_string(args, "text", 0, 4000);
		FUZZ_CHECK(args_string(args, "name") != NULL);
		v = args_int(args, "count", 0);
		FUZZ_CHECK(v >= -5 && v <= 1000000);
		v = args_int(args, "id", 1);
		FUZZ_CHECK(v >= 1 && v <= 9007199254740991LL);
		(void)args_bool(args, "flag", false);
	} else {
		FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof(why)) != NULL);
	}
	cJSON_Delete(msg);
	return 0;
}
