#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"
#include "utf8.h"
#include "xalloc.h"

/* A growing output; ok turns false on any failure and stays so. */
struct jcs_buf {
	char *p;
	size_t len, cap;
	bool ok;
};

/* Append n bytes of s. */
static void jcs_put(struct jcs_buf *b, const char *s, size_t n)
{
	char *p;

	if (!b->ok)
		return;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		p = xrealloc(b->p, b->cap);
		if (p == NULL) {
			b->ok = false;
			return;
		}
		b->p = p;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Append a C string. */
static void jcs_puts(struct jcs_buf *b, const char *s)
{
	jcs_put(b, s, strlen(s));
}

/* The shortest digits d1..dk and exponent n with |v| = 0.d1..dk × 10^n that
 * read back as v (%.*e rounds correctly, so the first precision that reads
 * back gives the closest such digits, as ECMAScript requires). The radix
 * character is whatever the locale makes it, and skipped. */
static int jcs_digits(double v, char digits[20], int *n)
{
	char e[40], *x, *p;
	int prec, k = 0;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec - 1, v);
		if (strtod(e, NULL) == v)
			break;
	}
	x = strchr(e, 'e');
	digits[k++] = e[0];
	for (p = e[1] != 'e' ? e + 2 : x; p < x; p++)
		digits[k++] = *p;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	*n = atoi(x + 1) + 1;
	return k;
}

/* ECMAScript's Number::toString(v) for finite v (ECMA-262, 6.1.6.1.20). */
bool jcs_number(double v, char out[JCS_NUMBER_MAX])
{
	char d[20], *o = out;
	int k, n;

	if (!isfinite(v))
		return false;
	if (v == 0) { /* -0 too */
		strcpy(out, "0");
		return true;
	}
	/* A whole number below 2^53 in magnitude (ids, counts): every integer
	 * there is a double, so no shorter digits read back as v and its
	 * shortest form is its decimal digits, which the general path below
	 * finds only after up to 16 rounds of snprintf and strtod. */
	if (fabs(v) < 9007199254740992.0 && v == trunc(v)) {
		snprintf(out, JCS_NUMBER_MAX, "%lld", (long long)v);
		return true;
	}
	if (v < 0)
		*o++ = '-';
	k = jcs_digits(fabs(v), d, &n);
	if (k <= n && n <= 21) { /* an integer: the digits, then zeros */
		o += sprintf(o, "%s", d);
		memset(o, '0', (size_t)(n - k));
		o[n - k] = '\0';
	} else if (0 < n && n <= 21) {
		sprintf(o, "%.*s.%s", n, d, d + n);
	} else if (-6 < n && n <= 0) {
		o += sprintf(o, "0.");
		memset(o, '0', (size_t)-n);
		sprintf(o - n, "%s", d);
	} else {
		sprintf(o, "%c%s%se%c%d", d[0], k > 1 ? "." : "", d + 1, n - 1 >= 0 ? '+' : '-',
			abs(n - 1));
	}
	return true;
}

/* A string literal as JSON.stringify writes it. */
static void jcs_string(struct jcs_buf *b, const char *s)
{
	char u[8];
	size_t i, run = 0;

	if (!utf8_valid(s, strlen(s)))
		b->ok = false;
	jcs_puts(b, "\"");
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jcs_put(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\')
			snprintf(u, sizeof(u), "\\%c", c);
		else if (c >= '\b' && c <= '\r' && c != '\v')
			snprintf(u, sizeof(u), "\\%c", "btnvfr"[c - '\b']);
		else
			snprintf(u, sizeof(u), "\\u%04x", c);
		jcs_puts(b, u);
	}
	jcs_put(b, s + run, i - run);
	jcs_puts(b, "\"");
}

/* Reads a valid UTF-8 string as UTF-16 code units, one at a time. */
struct jcs_u16 {
	const unsigned char *s;
	unsigned pending; /* the low surrogate still to give, or 0 */
};

/* The next code unit, or -1 at the end. */
static long jcs_u16_next(struct jcs_u16 *it)
{
	const unsigned char *s = it->s;
	uint32_t c = s[0];
	int n, i;

	if (it->pending != 0) {
		c = it->pending;
		it->pending = 0;
		return c;
	}
	if (c == 0)
		return -1;
	n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
	if (n > 0)
		c &= 0x3fu >> n;
	for (i = 1; i <= n; i++)
		c = c << 6 | (s[i] & 0x3fu);
	it->s = s + n + 1;
	if (c < 0x10000)
		return c;
	c -= 0x10000;
	it->pending = 0xdc00 | (c & 0x3ff);
	return 0xd800 | (c >> 10);
}

/* Order two member names by UTF-16 code units, as RFC 8785 3.2.3 asks. */
static int jcs_name_cmp(const void *x, const void *y)
{
	const cJSON *a = *(const cJSON *const *)x, *b = *(const cJSON *const *)y;
	struct jcs_u16 ia = {(const unsigned char *)a->string, 0};
	struct jcs_u16 ib = {(const unsigned char *)b->string, 0};
	long ca, cb;

	do {
		ca = jcs_u16_next(&ia);
		cb = jcs_u16_next(&ib);
	} while (ca == cb && ca >= 0);
	return ca < cb ? -1 : ca > cb;
}

static void jcs_value(struct jcs_buf *b, const cJSON *item);

/* An object's members, sorted; a repeated name is refused. */
static void jcs_object(struct jcs_buf *b, const cJSON *obj)
{
	const cJSON **m, *c;
	size_t n = 0, i;

	for (c = obj->child; c != NULL; c = c->next)
		n++;
	m = xcalloc(n > 0 ? n : 1, sizeof(*m));
	if (m == NULL) {
		b->ok = false;
		return;
	}
	for (c = obj->child, i = 0; c != NULL; c = c->next, i++) {
		m[i] = c;
		if (c->string == NULL || !utf8_valid(c->string, strlen(c->string)))
			b->ok = false;
	}
	if (b->ok)
		qsort(m, n, sizeof(*m), jcs_name_cmp);
	jcs_puts(b, "{");
	for (i = 0; b->ok && i < n; i++) {
		if (i > 0 && jcs_name_cmp(&m[i - 1], &m[i]) == 0)
			b->ok = false;
		jcs_puts(b, i > 0 ? "," : "");
		jcs_string(b, m[i]->string);
		jcs_puts(b, ":");
		jcs_value(b, m[i]);
	}
	jcs_puts(b, "}");
	free(m);
}

/* An array's elements in order. */
static void jcs_array(struct jcs_buf *b, const cJSON *arr)
{
	const cJSON *c;

	jcs_puts(b, "[");
	for (c = arr->child; b->ok && c != NULL; c = c->next) {
		jcs_puts(b, c != arr->child ? "," : "");
		jcs_value(b, c);
	}
	jcs_puts(b, "]");
}

/* Any value, by its type; other types are refused. */
static void jcs_value(struct jcs_buf *b, const cJSON *item)
{
	char num[JCS_NUMBER_MAX];

	if (cJSON_IsNull(item))
		jcs_puts(b, "null");
	else if (cJSON_IsTrue(item))
		jcs_puts(b, "true");
	else if (cJSON_IsFalse(item))
		jcs_puts(b, "false");
	else if (cJSON_IsNumber(item) && jcs_number(item->valuedouble, num))
		jcs_puts(b, num);
	else if (cJSON_IsString(item) && item->valuestring != NULL)
		jcs_string(b, item->valuestring);
	else if (cJSON_IsArray(item))
		jcs_array(b, item);
	else if (cJSON_IsObject(item))
		jcs_object(b, item);
	else
		b->ok = false;
}

/* The canonical text of item (malloc'd, NUL-terminated; its length in
 * *len if len is not NULL), or NULL if it has none. */
char *jcs_encode(const cJSON *item, size_t *len)
{
	struct jcs_buf b = {NULL, 0, 0, true};

	jcs_value(&b, item);
	if (!b.ok) {
		free(b.p);
		return NULL;
	}
	if (len != NULL)
		*len = b.len;
	return b.p;
}

/* Whether text (len bytes) is exactly the canonical form of some JSON
 * value; if so and parsed is not NULL, *parsed gets the value. */
bool jcs_is_canonical(const char *text, size_t len, cJSON **parsed)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	size_t n = 0;
	char *back = v != NULL && end == text + len ? jcs_encode(v, &n) : NULL;
	bool ok = back != NULL && n == len && memcmp(back, text, len) == 0;

	free(back);
	if (ok && parsed != NULL)
		*parsed = v;
	else
		cJSON_Delete(v);
	return ok;
}
