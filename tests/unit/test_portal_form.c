/* Unit tests for server/portal/form.c: fields of an
 * application/x-www-form-urlencoded body, their decoding ('+', %XX), the
 * refusals (malformed escapes, a field given twice, text that is not UTF-8
 * or holds a NUL) and the body's length being respected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/portal/form.h"

/* The field name of body (a C string), checked against want (NULL when
 * the result is not FORM_OK). The body is copied into a buffer of exactly
 * its length, so that AddressSanitizer catches a read past the end. */
static void check(const char *body, const char *name, enum form_result want_r, const char *want)
{
	size_t len = strlen(body);
	char *copy = malloc(len != 0 ? len : 1);
	char *value = (char *)"untouched";
	enum form_result r;

	assert_non_null(copy);
	memcpy(copy, body, len);
	r = form_field(copy, len, name, &value);
	if (r != want_r)
		print_error("body \"%s\" field \"%s\": %s, expected %s\n", body, name,
			    form_result_text(r), form_result_text(want_r));
	assert_int_equal(r, want_r);
	if (want != NULL) {
		assert_non_null(value);
		assert_string_equal(value, want);
	} else {
		assert_null(value);
	}
	free(value);
	free(copy);
}

static void ok(const char *body, const char *name, const char *want)
{
	check(body, name, FORM_OK, want);
}

static void fails(const char *body, const char *name, enum form_result r)
{
	check(body, name, r, NULL);
}

static void test_simple(void **state)
{
	(void)state;
	ok("stance=support&body=hello", "stance", "support");
	ok("stance=support&body=hello", "body", "hello");
	ok("body=hello&stance=object", "stance", "object");
	ok("a=1", "a", "1");
	ok("a=1&b=2&c=3", "b", "2");
	ok("a=1&b=2&c=3", "c", "3");
	/* '=' inside a value belongs to the value. */
	ok("a=b=c", "a", "b=c");
	ok("a==", "a", "=");
	/* Characters a browser would escape but may send raw. */
	ok("a=x;y:z/?@!$'()*,~", "a", "x;y:z/?@!$'()*,~");
}

static void test_plus(void **state)
{
	(void)state;
	ok("body=hello+world", "body", "hello world");
	ok("body=+", "body", " ");
	ok("body=+++", "body", "   ");
	ok("body=+a+", "body", " a ");
	/* An escaped '+' is a plus. */
	ok("body=1%2B1", "body", "1+1");
	ok("body=%2b", "body", "+");
	ok("body=a%20b", "body", "a b");
}

static void test_escapes(void **state)
{
	(void)state;
	ok("a=%41", "a", "A");
	ok("a=%61%62%63", "a", "abc");
	ok("a=%4a%4A", "a", "JJ");
	ok("a=%7e%7E", "a", "~~");
	ok("a=%3d%26", "a", "=&");
	ok("a=%25", "a", "%");
	ok("a=%2541", "a", "%41");
	ok("a=x%0Ay", "a", "x\ny");
	ok("a=%0d%0a", "a", "\r\n");
	ok("a=%09", "a", "\t");
	ok("a=%7f", "a", "\x7f");
	/* An escaped '&' or '=' does not split the body. */
	ok("a=1%262&b=3", "a", "1&2");
	ok("a=1%262&b=3", "b", "3");
	ok("a=%3D&b=%3D", "b", "=");
	/* An escape at the very end of the value. */
	ok("a=x%41", "a", "xA");
	ok("a=x%41&b=", "a", "xA");
}

static void test_bad_escapes(void **state)
{
	(void)state;
	fails("a=%", "a", FORM_BAD);
	fails("a=%4", "a", FORM_BAD);
	fails("a=%zz", "a", FORM_BAD);
	fails("a=%g0", "a", FORM_BAD);
	fails("a=%0g", "a", FORM_BAD);
	fails("a=% 1", "a", FORM_BAD);
	fails("a=%+1", "a", FORM_BAD);
	fails("a=%-1", "a", FORM_BAD);
	fails("a=x%", "a", FORM_BAD);
	fails("a=x%4", "a", FORM_BAD);
	fails("a=%%41", "a", FORM_BAD);
	fails("a=%u0041", "a", FORM_BAD);
	/* The value ends at '&': an escape cut by it is malformed. */
	fails("a=%&b=1", "a", FORM_BAD);
	fails("a=%4&b=1", "a", FORM_BAD);
	fails("a=%4&1=1", "a", FORM_BAD);
	/* Another field's bad escape is not this field's business. */
	ok("a=%zz&b=1", "b", "1");
	ok("b=1&a=%", "b", "1");
}

static void test_missing(void **state)
{
	(void)state;
	fails("", "a", FORM_MISSING);
	fails("b=1", "a", FORM_MISSING);
	fails("b=1&c=2", "a", FORM_MISSING);
	/* A name without '=' is no field. */
	fails("a", "a", FORM_MISSING);
	fails("a&b=1", "a", FORM_MISSING);
	fails("&&&", "a", FORM_MISSING);
	fails("=a", "a", FORM_MISSING);
	fails("=", "a", FORM_MISSING);
	/* Names are compared as sent: not decoded, case-sensitive. */
	fails("%61=1", "a", FORM_MISSING);
	fails("A=1", "a", FORM_MISSING);
	fails("body=1", "Body", FORM_MISSING);
	fails(" a=1", "a", FORM_MISSING);
	fails("a =1", "a", FORM_MISSING);
	fails("a+=1", "a", FORM_MISSING);
}

static void test_twice(void **state)
{
	(void)state;
	fails("a=1&a=2", "a", FORM_TWICE);
	fails("a=1&a=1", "a", FORM_TWICE);
	fails("a=&a=", "a", FORM_TWICE);
	fails("a=1&b=2&a=3", "a", FORM_TWICE);
	fails("a=%41&b=&a=x", "a", FORM_TWICE);
	/* Only the field asked for counts. */
	ok("a=1&b=2&b=3", "a", "1");
	/* A bad first value is reported before the second is seen. */
	fails("a=%&a=1", "a", FORM_BAD);
	fails("a=%C0%80&a=1", "a", FORM_BAD_UTF8);
	/* A bad second value is not reached: the field is twice. */
	fails("a=1&a=%", "a", FORM_TWICE);
}

/* Names that are prefixes or extensions of each other are distinct. */
static void test_prefix_names(void **state)
{
	(void)state;
	ok("bodyx=1&body=2", "body", "2");
	ok("body=2&bodyx=1", "body", "2");
	ok("body=2&bodyx=1", "bodyx", "1");
	ok("bod=0&body=2&bodyx=1", "bod", "0");
	fails("bodyx=1", "body", FORM_MISSING);
	fails("bod=1", "body", FORM_MISSING);
	fails("xbody=1", "body", FORM_MISSING);
	ok("body=1&bodyx=2&xbody=3", "body", "1");
	/* A value equal to a name is only a value. */
	ok("stance=body&body=text", "body", "text");
	ok("a=a=1&a1=2", "a", "a=1");
}

static void test_empty_values(void **state)
{
	(void)state;
	ok("a=", "a", "");
	ok("a=&b=1", "a", "");
	ok("b=1&a=", "a", "");
	ok("b=1&a=&c=2", "a", "");
	/* Empty pairs around a field. */
	ok("&a=1", "a", "1");
	ok("a=1&", "a", "1");
	ok("&&a=1&&", "a", "1");
	/* A field with an empty name. */
	ok("=1&a=2", "", "1");
}

static void test_bad_utf8(void **state)
{
	(void)state;
	/* NUL, escaped. */
	fails("a=%00", "a", FORM_BAD_UTF8);
	fails("a=x%00y", "a", FORM_BAD_UTF8);
	fails("a=x%00", "a", FORM_BAD_UTF8);
	/* Overlong forms: '/' in two bytes, NUL in two, '/' in three and four. */
	fails("a=%C0%AF", "a", FORM_BAD_UTF8);
	fails("a=%C0%80", "a", FORM_BAD_UTF8);
	fails("a=%c1%bf", "a", FORM_BAD_UTF8);
	fails("a=%E0%80%AF", "a", FORM_BAD_UTF8);
	fails("a=%F0%80%80%AF", "a", FORM_BAD_UTF8);
	/* Lone continuation bytes. */
	fails("a=%80", "a", FORM_BAD_UTF8);
	fails("a=%BF", "a", FORM_BAD_UTF8);
	fails("a=x%80y", "a", FORM_BAD_UTF8);
	/* Truncated sequences: a lead byte at the end, or before ASCII. */
	fails("a=%E4", "a", FORM_BAD_UTF8);
	fails("a=%E4%B8", "a", FORM_BAD_UTF8);
	fails("a=%E4%B8x", "a", FORM_BAD_UTF8);
	fails("a=%C3", "a", FORM_BAD_UTF8);
	fails("a=%F0%9F%98", "a", FORM_BAD_UTF8);
	/* UTF-16 surrogates encoded in UTF-8 (CESU-8): U+D800, U+DBFF,
	 * U+DC00, U+DFFF, and a pair for U+1F600. */
	fails("a=%ED%A0%80", "a", FORM_BAD_UTF8);
	fails("a=%ED%AF%BF", "a", FORM_BAD_UTF8);
	fails("a=%ED%B0%80", "a", FORM_BAD_UTF8);
	fails("a=%ED%BF%BF", "a", FORM_BAD_UTF8);
	fails("a=%ED%A0%BD%ED%B8%80", "a", FORM_BAD_UTF8);
	/* Beyond U+10FFFF, and bytes that never occur. */
	fails("a=%F4%90%80%80", "a", FORM_BAD_UTF8);
	fails("a=%F5%80%80%80", "a", FORM_BAD_UTF8);
	fails("a=%F8%88%80%80%80", "a", FORM_BAD_UTF8);
	fails("a=%FE", "a", FORM_BAD_UTF8);
	fails("a=%FF", "a", FORM_BAD_UTF8);
	/* Latin-1 and GBK as browsers used to send them. */
	fails("a=caf%E9", "a", FORM_BAD_UTF8);
	fails("a=%D6%D0%CE%C4", "a", FORM_BAD_UTF8);
	/* Raw (unescaped) bytes are checked the same way. */
	fails("a=\xc0\xaf", "a", FORM_BAD_UTF8);
	fails("a=\x80", "a", FORM_BAD_UTF8);
	fails("a=\xed\xa0\x80", "a", FORM_BAD_UTF8);
}

static void test_valid_utf8(void **state)
{
	(void)state;
	/* 支持 escaped in upper and lower case. */
	ok("body=%E6%94%AF%E6%8C%81", "body", "支持");
	ok("body=%e6%94%af%e6%8c%81", "body", "支持");
	/* The same text raw, as a lenient client may send it. */
	ok("body=支持&stance=support", "body", "支持");
	ok("body=%E5%90%8C%E6%84%8F+%E8%BF%99%E9%A1%B9%E5%86%B3%E5%AE%9A%E3%80%82", "body",
	   "同意 这项决定。");
	/* The boundaries of each sequence length. */
	ok("a=%C2%80", "a", "\xc2\x80");
	ok("a=%DF%BF", "a", "\xdf\xbf");
	ok("a=%E0%A0%80", "a", "\xe0\xa0\x80");
	ok("a=%ED%9F%BF", "a", "\xed\x9f\xbf");
	ok("a=%EE%80%80", "a", "\xee\x80\x80");
	ok("a=%EF%BF%BD", "a", "\xef\xbf\xbd");
	ok("a=%F0%90%80%80", "a", "\xf0\x90\x80\x80");
	ok("a=%F0%9F%98%80", "a", "😀");
	ok("a=%F4%8F%BF%BF", "a", "\xf4\x8f\xbf\xbf");
	/* A CJK Extension B character (four bytes) and a mixed line. */
	ok("a=%F0%A0%80%80", "a", "𠀀");
	ok("a=abc%E4%B8%AD%E6%96%87+123", "a", "abc中文 123");
}

/* Only len bytes are read: what follows them is not part of the body. */
static void test_length_respected(void **state)
{
	static const char buf[] = "a=1&b=2GARBAGE&c=3&b=4&a=%zz\xff";
	char *value = NULL;

	(void)state;
	assert_int_equal(form_field(buf, 7, "b", &value), FORM_OK);
	assert_string_equal(value, "2");
	free(value);
	assert_int_equal(form_field(buf, 7, "a", &value), FORM_OK);
	assert_string_equal(value, "1");
	free(value);
	assert_int_equal(form_field(buf, 7, "c", &value), FORM_MISSING);
	assert_null(value);
	assert_int_equal(form_field(buf, 3, "a", &value), FORM_OK);
	assert_string_equal(value, "1");
	free(value);
	assert_int_equal(form_field(buf, 2, "a", &value), FORM_OK);
	assert_string_equal(value, "");
	free(value);
	assert_int_equal(form_field(buf, 1, "a", &value), FORM_MISSING);
	assert_null(value);
	assert_int_equal(form_field(buf, 0, "a", &value), FORM_MISSING);
	assert_null(value);
	/* The whole buffer: b twice, a twice. */
	assert_int_equal(form_field(buf, sizeof(buf) - 1, "b", &value), FORM_TWICE);
	assert_null(value);
	assert_int_equal(form_field(buf, sizeof(buf) - 1, "a", &value), FORM_TWICE);
	assert_null(value);
}

/* An escape cut by the end of the body is malformed, even though the bytes
 * after len would complete it. */
static void test_escape_cut_by_length(void **state)
{
	static const char buf[] = "a=%41%42";
	char *value = NULL;

	(void)state;
	assert_int_equal(form_field(buf, 8, "a", &value), FORM_OK);
	assert_string_equal(value, "AB");
	free(value);
	assert_int_equal(form_field(buf, 7, "a", &value), FORM_BAD);
	assert_null(value);
	assert_int_equal(form_field(buf, 6, "a", &value), FORM_BAD);
	assert_null(value);
	assert_int_equal(form_field(buf, 5, "a", &value), FORM_OK);
	assert_string_equal(value, "A");
	free(value);
	assert_int_equal(form_field(buf, 4, "a", &value), FORM_BAD);
	assert_null(value);
}

/* A NUL byte within len, sent raw, is refused like an escaped one. */
static void test_raw_nul(void **state)
{
	static const char buf[] = "a=x\0y&b=1";
	char *value = NULL;

	(void)state;
	assert_int_equal(form_field(buf, sizeof(buf) - 1, "a", &value), FORM_BAD_UTF8);
	assert_null(value);
	assert_int_equal(form_field(buf, sizeof(buf) - 1, "b", &value), FORM_OK);
	assert_string_equal(value, "1");
	free(value);
}

/* A long value: 2,000 CJK characters, escaped (the form's maxlength). */
static void test_long_value(void **state)
{
	static const char zhong[] = "%E4%B8%AD";
	size_t n = 2000, i, blen = 5 + n * 9;
	char *body = malloc(blen), *value = NULL;

	(void)state;
	assert_non_null(body);
	memcpy(body, "body=", 5);
	for (i = 0; i < n; i++)
		memcpy(body + 5 + i * 9, zhong, 9);
	assert_int_equal(form_field(body, blen, "body", &value), FORM_OK);
	assert_non_null(value);
	assert_int_equal(strlen(value), n * 3);
	for (i = 0; i < n; i++)
		assert_memory_equal(value + 3 * i, "中", 3);
	free(value);
	free(body);
}

static void test_result_text(void **state)
{
	enum form_result r;

	(void)state;
	for (r = FORM_OK; r <= FORM_NOMEM; r++) {
		assert_non_null(form_result_text(r));
		assert_true(strlen(form_result_text(r)) > 0);
	}
	assert_string_equal(form_result_text(FORM_OK), "ok");
	assert_string_equal(form_result_text(FORM_MISSING), "a field is missing");
	assert_string_equal(form_result_text(FORM_TWICE), "a field is given twice");
	assert_string_equal(form_result_text(FORM_BAD), "a malformed %-escape");
	assert_string_equal(form_result_text(FORM_BAD_UTF8), "text that is not UTF-8");
	assert_string_equal(form_result_text(FORM_NOMEM), "out of memory");
	assert_string_equal(form_result_text((enum form_result)99), "?");
	assert_string_equal(form_result_text((enum form_result) - 1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_plus),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_prefix_names),
		cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_length_respected),
		cmocka_unit_test(test_escape_cut_by_length),
		cmocka_unit_test(test_raw_nul),
		cmocka_unit_test(test_long_value),
		cmocka_unit_test(test_result_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
