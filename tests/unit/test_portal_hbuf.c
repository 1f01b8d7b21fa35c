/* Unit tests for server/portal/hbuf.c: the growing buffer (put, puts,
 * printf over many kilobytes), the escaping of text for HTML and XML, and
 * handing the text over (take) or dropping it (free). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/portal/hbuf.h"

/* hbuf_esc of s, taken as a string the caller frees. */
static char *esc(const char *s)
{
	struct hbuf b = {0};
	size_t len;
	char *out;

	hbuf_esc(&b, s);
	out = hbuf_take(&b, &len);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static void assert_esc(const char *s, const char *want)
{
	char *out = esc(s);

	assert_string_equal(out, want);
	free(out);
}

static void test_empty_take(void **state)
{
	struct hbuf b = {0};
	size_t len = 99;
	char *p;

	(void)state;
	/* Nothing written: an empty string, never NULL. */
	p = hbuf_take(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
	/* The buffer is empty again and usable. */
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_false(b.oom);
	hbuf_puts(&b, "again");
	p = hbuf_take(&b, &len);
	assert_string_equal(p, "again");
	assert_int_equal(len, 5);
	free(p);
}

static void test_put_puts(void **state)
{
	struct hbuf b = {0};
	size_t len;
	char *p;

	(void)state;
	hbuf_put(&b, "abcdef", 3);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.p, "abc");
	hbuf_puts(&b, "def");
	assert_string_equal(b.p, "abcdef");
	hbuf_put(&b, "ignored", 0);
	hbuf_puts(&b, "");
	assert_int_equal(b.len, 6);
	/* put copies bytes, NUL included; the text stays terminated after. */
	hbuf_put(&b, "x\0y", 3);
	assert_int_equal(b.len, 9);
	assert_memory_equal(b.p, "abcdefx\0y", 10);
	p = hbuf_take(&b, &len);
	assert_int_equal(len, 9);
	assert_int_equal(p[9], '\0');
	free(p);
}

/* Growth across many kilobytes, byte after byte and in large pieces: the
 * text is what was written, terminated, and the capacity always room for
 * it and its NUL. */
static void test_growth(void **state)
{
	struct hbuf b = {0};
	char piece[1000], *p;
	size_t len, i, total = 0;

	(void)state;
	for (i = 0; i < 100000; i++) {
		char c = (char)('a' + i % 26);

		hbuf_put(&b, &c, 1);
		assert_true(b.cap >= b.len + 1);
		assert_int_equal(b.p[b.len], '\0');
	}
	total = 100000;
	memset(piece, 'Z', sizeof(piece));
	for (i = 0; i < 300; i++) {
		hbuf_put(&b, piece, sizeof(piece));
		assert_true(b.cap >= b.len + 1);
	}
	total += 300 * sizeof(piece);
	hbuf_puts(&b, "end");
	total += 3;
	assert_false(b.oom);
	p = hbuf_take(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, total);
	assert_int_equal(strlen(p), total);
	for (i = 0; i < 100000; i++)
		assert_int_equal(p[i], 'a' + i % 26);
	for (i = 100000; i < total - 3; i++)
		assert_int_equal(p[i], 'Z');
	assert_string_equal(p + total - 3, "end");
	free(p);
}

/* One piece much larger than the buffer: it grows at once. */
static void test_one_large_piece(void **state)
{
	size_t n = 1 << 20, len;
	char *big = malloc(n + 1), *p;
	struct hbuf b = {0};

	(void)state;
	assert_non_null(big);
	memset(big, 'q', n);
	big[n] = '\0';
	hbuf_puts(&b, "<");
	hbuf_puts(&b, big);
	hbuf_puts(&b, ">");
	assert_true(b.cap >= n + 3);
	p = hbuf_take(&b, &len);
	assert_int_equal(len, n + 2);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[n + 1], '>');
	assert_int_equal(p[n + 2], '\0');
	assert_memory_equal(p + 1, big, n);
	free(p);
	free(big);
}

static void test_printf(void **state)
{
	struct hbuf b = {0};
	size_t len, i, expect = 0;
	char line[64], *p;

	(void)state;
	hbuf_printf(&b, "%d-%s-%lld", 42, "x", 1234567890123LL);
	assert_string_equal(b.p, "42-x-1234567890123");
	hbuf_printf(&b, "%s", "");
	assert_int_equal(b.len, strlen("42-x-1234567890123"));
	hbuf_free(&b);
	/* Many lines across several kilobytes, each checked afterwards. */
	for (i = 0; i < 5000; i++)
		hbuf_printf(&b, "<li>%zu %s</li>\n", i, "意见");
	p = hbuf_take(&b, &len);
	assert_non_null(p);
	for (i = 0; i < 5000; i++) {
		int n = snprintf(line, sizeof(line), "<li>%zu %s</li>\n", i, "意见");

		assert_memory_equal(p + expect, line, (size_t)n);
		expect += (size_t)n;
	}
	assert_int_equal(len, expect);
	assert_int_equal(strlen(p), expect);
	free(p);
}

/* A formatted piece larger than the buffer's whole capacity. */
static void test_printf_large(void **state)
{
	struct hbuf b = {0};
	size_t len;
	char *p;

	(void)state;
	hbuf_puts(&b, "a");
	hbuf_printf(&b, "%05000d|%-3000s|", 7, "left");
	p = hbuf_take(&b, &len);
	assert_int_equal(len, 1 + 5000 + 1 + 3000 + 1);
	assert_int_equal(p[0], 'a');
	assert_int_equal(p[5000], '7');
	assert_int_equal(p[4999], '0');
	assert_int_equal(p[5001], '|');
	assert_memory_equal(p + 5002, "left ", 5);
	assert_int_equal(p[8002], '|');
	assert_int_equal(p[8003], '\0');
	free(p);
}

/* The five characters of markup, exactly as they are written. */
static void test_esc_markup(void **state)
{
	(void)state;
	assert_esc("&", "&amp;");
	assert_esc("<", "&lt;");
	assert_esc(">", "&gt;");
	assert_esc("\"", "&quot;");
	assert_esc("'", "&#39;");
	assert_esc("<script>alert(1)</script>\"'&",
		   "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
	assert_esc("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	assert_esc("&amp;", "&amp;amp;");
	assert_esc("&&<<", "&amp;&amp;&lt;&lt;");
	assert_esc("\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	assert_esc("]]>", "]]&gt;");
	assert_esc("plain text, no markup.", "plain text, no markup.");
	assert_esc("", "");
}

/* Control characters XML 1.0 does not allow are dropped; tab, newline and
 * carriage return are kept. */
static void test_esc_controls(void **state)
{
	char in[2] = {0, 0}, *out;
	int c;

	(void)state;
	for (c = 1; c < 0x20; c++) {
		in[0] = (char)c;
		out = esc(in);
		if (c == '\t' || c == '\n' || c == '\r')
			assert_string_equal(out, in);
		else
			assert_string_equal(out, "");
		free(out);
	}
	assert_esc("\x7f", "");
	assert_esc("a\x01"
		   "b\x1f"
		   "c\x7f"
		   "d\x0b"
		   "e\x0c"
		   "f",
		   "abcdef");
	assert_esc("line 1\r\nline 2\tend", "line 1\r\nline 2\tend");
	assert_esc("\x1b[31m<red>", "[31m&lt;red&gt;");
}

/* Every printable ASCII character other than the five is kept. */
static void test_esc_ascii(void **state)
{
	char in[2] = {0, 0}, *out;
	int c;

	(void)state;
	for (c = 0x20; c < 0x7f; c++) {
		if (strchr("&<>\"'", c) != NULL)
			continue;
		in[0] = (char)c;
		out = esc(in);
		assert_string_equal(out, in);
		free(out);
	}
}

/* UTF-8 passes through byte for byte, including the C1 range and
 * characters that look like markup but are not (fullwidth ＜ ＞ ＆). */
static void test_esc_utf8(void **state)
{
	(void)state;
	assert_esc("决策公开：同意 3 票", "决策公开：同意 3 票");
	assert_esc("＜script＞＆", "＜script＞＆");
	assert_esc("\xc2\x80\xc2\x9f", "\xc2\x80\xc2\x9f");
	assert_esc("😀<😀>", "😀&lt;😀&gt;");
	assert_esc("𠀀 & 中", "𠀀 &amp; 中");
	assert_esc("\xef\xbb\xbf"
		   "BOM",
		   "\xef\xbb\xbf"
		   "BOM");
	/* hbuf_esc does not validate: invalid bytes pass through unchanged. */
	assert_esc("\xff\xfe<", "\xff\xfe&lt;");
}

static void test_esc_null_and_append(void **state)
{
	struct hbuf b = {0};
	size_t len;
	char *p;

	(void)state;
	hbuf_esc(&b, NULL);
	assert_int_equal(b.len, 0);
	hbuf_puts(&b, "<p title=\"");
	hbuf_esc(&b, "a\"b");
	hbuf_puts(&b, "\">");
	hbuf_esc(&b, NULL);
	hbuf_esc(&b, "x<y");
	hbuf_puts(&b, "</p>");
	p = hbuf_take(&b, &len);
	assert_string_equal(p, "<p title=\"a&quot;b\">x&lt;y</p>");
	assert_int_equal(len, strlen(p));
	free(p);
}

/* A long text of markup: every character becomes its reference. */
static void test_esc_long(void **state)
{
	size_t n = 20000, i, len;
	char *in = malloc(n + 1), *out;
	struct hbuf b = {0};

	(void)state;
	assert_non_null(in);
	for (i = 0; i < n; i++)
		in[i] = "<&>"[i % 3];
	in[n] = '\0';
	hbuf_esc(&b, in);
	out = hbuf_take(&b, &len);
	assert_int_equal(len, n / 3 * (4 + 5 + 4) + (n % 3 >= 1 ? 4 : 0) + (n % 3 >= 2 ? 5 : 0));
	for (i = 0; i + 13 <= len; i += 13)
		assert_memory_equal(out + i, "&lt;&amp;&gt;", 13);
	free(out);
	free(in);
}

static void test_free_resets(void **state)
{
	struct hbuf b = {0};
	size_t len;
	char *p;

	(void)state;
	hbuf_free(&b);
	assert_null(b.p);
	hbuf_puts(&b, "some text");
	hbuf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_false(b.oom);
	/* Usable after free, with nothing of before. */
	hbuf_puts(&b, "new");
	p = hbuf_take(&b, &len);
	assert_string_equal(p, "new");
	assert_int_equal(len, 3);
	free(p);
	hbuf_free(&b);
}

/* A buffer asked for more than memory can hold is marked, drops what comes
 * after, and take gives NULL and frees it. */
static void test_oom(void **state)
{
	struct hbuf b = {0};
	size_t len = 99;
	char *p;

	(void)state;
	hbuf_puts(&b, "before");
	/* The size is refused before any allocation or copy is tried. */
	hbuf_put(&b, "", SIZE_MAX - 10);
	assert_true(b.oom);
	assert_int_equal(b.len, 6);
	hbuf_puts(&b, "after");
	hbuf_printf(&b, "%d", 1);
	hbuf_esc(&b, "<x>");
	assert_int_equal(b.len, 6);
	p = hbuf_take(&b, &len);
	assert_null(p);
	assert_int_equal(len, 0);
	assert_null(b.p);
	assert_false(b.oom);
	/* Taken, it is an empty buffer again. */
	hbuf_puts(&b, "ok");
	p = hbuf_take(&b, &len);
	assert_string_equal(p, "ok");
	free(p);
}

/* An oom mark set before anything was written: take still gives NULL. */
static void test_oom_empty(void **state)
{
	struct hbuf b = {0};
	size_t len = 1;

	(void)state;
	b.oom = true;
	hbuf_puts(&b, "dropped");
	assert_null(b.p);
	assert_null(hbuf_take(&b, &len));
	assert_int_equal(len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_take),
		cmocka_unit_test(test_put_puts),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_one_large_piece),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_large),
		cmocka_unit_test(test_esc_markup),
		cmocka_unit_test(test_esc_controls),
		cmocka_unit_test(test_esc_ascii),
		cmocka_unit_test(test_esc_utf8),
		cmocka_unit_test(test_esc_null_and_append),
		cmocka_unit_test(test_esc_long),
		cmocka_unit_test(test_free_resets),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_oom_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
