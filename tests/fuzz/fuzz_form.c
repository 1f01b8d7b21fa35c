/* The portal's form bodies (server/portal/form.c): any body, the fields the
 * comment forms read. A value found is valid UTF-8 without NUL, and comes
 * from a field that appears once. */
#include "../../proto/utf8.h"
#include "../../server/portal/form.h"
#include "fuzz.h"

/* How many times "name=" starts a pair in the body. */
static int pairs_named(const char *body, size_t len, const char *name)
{
	size_t n = strlen(name), i = 0;
	int count = 0;

	while (i < len) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp != NULL ? (size_t)(amp - body) : len;

		if (end - i > n && memcmp(body + i, name, n) == 0 && body[i + n] == '=')
			count++;
		i = end + 1;
	}
	return count;
}

static void check_field(const char *body, size_t len, const char *name)
{
	char *value = NULL;
	enum form_result r = form_field(body, len, name, &value);
	int pairs = pairs_named(body, len, name);

	FUZZ_CHECK(form_result_text(r) != NULL);
	if (r == FORM_OK) {
		FUZZ_CHECK(value != NULL && utf8_valid(value, strlen(value)));
		FUZZ_CHECK(pairs == 1);
	} else {
		FUZZ_CHECK(value == NULL);
		FUZZ_CHECK(r != FORM_MISSING || pairs == 0);
		FUZZ_CHECK(r != FORM_TWICE || pairs >= 2);
	}
	free(value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Not NUL-terminated, as the body comes off the socket. */
	char *body = malloc(size > 0 ? size : 1);

	if (body == NULL)
		return 0;
	memcpy(body, data, size);
	check_field(body, size, "text");
	check_field(body, size, "stance");
	check_field(body, size, "name");
	check_field(body, size, "");
	free(body);
	return 0;
}
