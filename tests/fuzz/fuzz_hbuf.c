/* The portal's escaping (server/portal/hbuf.c): any text. Escaped, it has
 * no character that could open markup or end an attribute, no control
 * character XML forbids, and reads back as the input less those controls. */
#include "../../server/portal/hbuf.h"
#include "fuzz.h"

/* Undo the five references; false on any other '&'. */
static bool unescape(const char *s, size_t len, char *out)
{
	static const char *const refs[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	static const char chars[] = "&<>\"'";
	size_t i = 0, k, o = 0;

	while (i < len) {
		if (s[i] != '&') {
			out[o++] = s[i++];
			continue;
		}
		for (k = 0; k < 5 && strncmp(s + i, refs[k], strlen(refs[k])) != 0; k++)
			;
		if (k == 5)
			return false;
		out[o++] = chars[k];
		i += strlen(refs[k]);
	}
	out[o] = '\0';
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *out, *back, *want;
	struct hbuf b = {0};
	size_t len, i, n = 0;

	if (s == NULL)
		return 0;
	hbuf_puts(&b, "<p title=\"");
	hbuf_esc(&b, s);
	hbuf_printf(&b, "\">%zu</p>", size);
	out = hbuf_take(&b, &len);
	back = malloc(len + 1);
	want = malloc(size + 1);
	if (out == NULL || back == NULL || want == NULL)
		goto done;
	FUZZ_CHECK(strlen(out) == len);
	/* Between the fixed markup, only escaped text. */
	FUZZ_CHECK(strncmp(out, "<p title=\"", 10) == 0);
	for (i = 10; out[i] != '"'; i++) {
		unsigned char c = (unsigned char)out[i];

		FUZZ_CHECK(c != '<' && c != '>' && c != '\'' && c != 0x7f);
		FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
	}
	FUZZ_CHECK(unescape(out + 10, i - 10, back));
	/* The input up to its first NUL, without the dropped controls. */
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n' || c == '\r')
			want[n++] = s[i];
	}
	want[n] = '\0';
	FUZZ_CHECK(strcmp(back, want) == 0);
done:
	free(out);
	free(back);
	free(want);
	free(s);
	return 0;
}
