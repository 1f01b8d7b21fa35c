/* Unit tests for proto/frame.c: the 4-byte big-endian length header and
 * frame_check's verdict at every boundary of header and payload length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/frame.h"
#include "../../proto/version.h"

#define SENTINEL ((size_t)0xdeadbeef)

/* A heap buffer holding a header for n followed by fill bytes, total len. */
static unsigned char *frame_buf(uint32_t n, size_t len)
{
	unsigned char *buf = malloc(len < FRAME_HEADER_LEN ? FRAME_HEADER_LEN : len);

	assert_non_null(buf);
	frame_header_encode(buf, n);
	if (len > FRAME_HEADER_LEN)
		memset(buf + FRAME_HEADER_LEN, 'x', len - FRAME_HEADER_LEN);
	return buf;
}

/* frame_check on a buffer of exactly len bytes; ASan sees any over-read. */
static enum frame_status check_exact(uint32_t n, size_t len, size_t max, size_t *plen)
{
	unsigned char *full = frame_buf(n, len);
	unsigned char *exact = malloc(len > 0 ? len : 1);
	enum frame_status st;

	assert_non_null(exact);
	memcpy(exact, full, len);
	st = frame_check(exact, len, max, plen);
	free(exact);
	free(full);
	return st;
}

/* Header encoding: big-endian byte order, every bit of the length kept. */
static void test_header_encode_bytes(void **state)
{
	unsigned char hdr[FRAME_HEADER_LEN];

	(void)state;
	frame_header_encode(hdr, 0x01020304u);
	assert_memory_equal(hdr, "\x01\x02\x03\x04", 4);
	frame_header_encode(hdr, 0);
	assert_memory_equal(hdr, "\x00\x00\x00\x00", 4);
	frame_header_encode(hdr, 1);
	assert_memory_equal(hdr, "\x00\x00\x00\x01", 4);
	frame_header_encode(hdr, 0xffffffffu);
	assert_memory_equal(hdr, "\xff\xff\xff\xff", 4);
	frame_header_encode(hdr, 0x80000000u);
	assert_memory_equal(hdr, "\x80\x00\x00\x00", 4);
	frame_header_encode(hdr, YG_FRAME_MAX_DEFAULT);
	assert_memory_equal(hdr, "\x00\x10\x00\x00", 4);
}

/* Header decoding: the inverse of encoding, high bytes not sign-extended. */
static void test_header_decode(void **state)
{
	static const uint32_t values[] = {0,          1,          0xff,       0x100,
					  0xffff,     0x10000,    0x7fffffff, 0x80000000,
					  0xfffffffe, 0xffffffff, 0x01020304, 0xa5a5a5a5};
	unsigned char hdr[FRAME_HEADER_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		frame_header_encode(hdr, values[i]);
		assert_int_equal(frame_header_decode(hdr), values[i]);
	}
	assert_int_equal(frame_header_decode((const unsigned char *)"\x04\x03\x02\x01"),
			 0x04030201u);
	assert_int_equal(frame_header_decode((const unsigned char *)"\xff\x00\x00\x80"),
			 0xff000080u);
}

/* Fewer than four header bytes: need more, and the length is not touched. */
static void test_check_short_header(void **state)
{
	size_t len, plen;

	(void)state;
	for (len = 0; len < FRAME_HEADER_LEN; len++) {
		plen = SENTINEL;
		assert_int_equal(check_exact(5, len, 1024, &plen), FRAME_NEED_MORE);
		assert_int_equal(plen, SENTINEL);
	}
	plen = SENTINEL;
	assert_int_equal(frame_check(NULL, 0, 1024, &plen), FRAME_NEED_MORE);
	assert_int_equal(plen, SENTINEL);
}

/* A zero-length payload is empty, whatever the maximum or what follows. */
static void test_check_empty(void **state)
{
	size_t plen = SENTINEL;

	(void)state;
	assert_int_equal(check_exact(0, 4, 1024, &plen), FRAME_EMPTY);
	assert_int_equal(plen, 0);
	plen = SENTINEL;
	assert_int_equal(check_exact(0, 4, 0, &plen), FRAME_EMPTY);
	assert_int_equal(plen, 0);
	plen = SENTINEL;
	assert_int_equal(check_exact(0, 10, 1024, &plen), FRAME_EMPTY);
	assert_int_equal(plen, 0);
}

/* A whole header with a partial payload needs more and reports the length. */
static void test_check_partial_payload(void **state)
{
	size_t plen;

	(void)state;
	plen = SENTINEL;
	assert_int_equal(check_exact(1, 4, 1024, &plen), FRAME_NEED_MORE);
	assert_int_equal(plen, 1);
	assert_int_equal(check_exact(1, 5, 1024, &plen), FRAME_READY);
	assert_int_equal(plen, 1);
	assert_int_equal(check_exact(100, 103, 1024, &plen), FRAME_NEED_MORE);
	assert_int_equal(plen, 100);
	assert_int_equal(check_exact(100, 104, 1024, &plen), FRAME_READY);
	assert_int_equal(plen, 100);
}

/* A payload of exactly the maximum is accepted; one byte more is refused. */
static void test_check_exact_max(void **state)
{
	const size_t max = YG_FRAME_MAX_DEFAULT;
	size_t plen;

	(void)state;
	assert_int_equal(check_exact((uint32_t)max, 4 + max, max, &plen), FRAME_READY);
	assert_int_equal(plen, max);
	assert_int_equal(check_exact((uint32_t)max, 4 + max - 1, max, &plen), FRAME_NEED_MORE);
	assert_int_equal(plen, max);
	assert_int_equal(check_exact((uint32_t)max, 4, max, &plen), FRAME_NEED_MORE);
	assert_int_equal(check_exact((uint32_t)max + 1, 4 + max + 1, max, &plen), FRAME_TOO_LARGE);
	assert_int_equal(plen, max + 1);
	assert_int_equal(check_exact(2, 6, 1, &plen), FRAME_TOO_LARGE);
	assert_int_equal(check_exact(1, 5, 1, &plen), FRAME_READY);
}

/* The size limit is judged from the header alone, before any payload. */
static void test_check_too_large_early(void **state)
{
	size_t plen = SENTINEL;

	(void)state;
	assert_int_equal(check_exact(YG_FRAME_MAX_DEFAULT + 1, 4, YG_FRAME_MAX_DEFAULT, &plen),
			 FRAME_TOO_LARGE);
	assert_int_equal(plen, YG_FRAME_MAX_DEFAULT + 1);
	assert_int_equal(check_exact(1, 4, 0, &plen), FRAME_TOO_LARGE);
	assert_int_equal(plen, 1);
}

/* The largest length a header can carry, against small and huge maxima. */
static void test_check_max_header(void **state)
{
	size_t plen = SENTINEL;

	(void)state;
	assert_int_equal(check_exact(0xffffffffu, 4, YG_FRAME_MAX_LIMIT, &plen), FRAME_TOO_LARGE);
	assert_int_equal(plen, 0xffffffffu);
	assert_int_equal(check_exact(0xffffffffu, 4, 0xfffffffeu, &plen), FRAME_TOO_LARGE);
	plen = SENTINEL;
	assert_int_equal(check_exact(0xffffffffu, 4, 0xffffffffu, &plen), FRAME_NEED_MORE);
	assert_int_equal(plen, 0xffffffffu);
	assert_int_equal(check_exact(0xffffffffu, 8, SIZE_MAX, &plen), FRAME_NEED_MORE);
	assert_int_equal(plen, 0xffffffffu);
}

/* Bytes after a whole frame do not change the verdict on the first one. */
static void test_check_back_to_back(void **state)
{
	unsigned char buf[4 + 3 + 4 + 2];
	size_t plen;

	(void)state;
	frame_header_encode(buf, 3);
	memcpy(buf + 4, "abc", 3);
	frame_header_encode(buf + 7, 2);
	memcpy(buf + 11, "de", 2);
	assert_int_equal(frame_check(buf, sizeof(buf), 16, &plen), FRAME_READY);
	assert_int_equal(plen, 3);
	assert_int_equal(frame_check(buf + 7, sizeof(buf) - 7, 16, &plen), FRAME_READY);
	assert_int_equal(plen, 2);
	assert_int_equal(frame_check(buf + 7, sizeof(buf) - 8, 16, &plen), FRAME_NEED_MORE);
}

/* A frame arriving one byte at a time is ready exactly at its last byte. */
static void test_check_bytewise(void **state)
{
	unsigned char buf[4 + 10];
	size_t len, plen;

	(void)state;
	frame_header_encode(buf, 10);
	memset(buf + 4, 'z', 10);
	for (len = 0; len < sizeof(buf); len++)
		assert_int_equal(frame_check(buf, len, 10, &plen), FRAME_NEED_MORE);
	assert_int_equal(frame_check(buf, len, 10, &plen), FRAME_READY);
	assert_int_equal(plen, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_encode_bytes),
		cmocka_unit_test(test_header_decode),
		cmocka_unit_test(test_check_short_header),
		cmocka_unit_test(test_check_empty),
		cmocka_unit_test(test_check_partial_payload),
		cmocka_unit_test(test_check_exact_max),
		cmocka_unit_test(test_check_too_large_early),
		cmocka_unit_test(test_check_max_header),
		cmocka_unit_test(test_check_back_to_back),
		cmocka_unit_test(test_check_bytewise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
