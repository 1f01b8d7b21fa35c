/* Unit tests for the P-256 square root of proto/group.c (group_field_sqrt,
 * an addition chain in Montgomery form) and the point decompression built
 * on it: held to OpenSSL's generic BN_mod_sqrt on random values, on both a
 * and -a (exactly one of them a square, p ≡ 3 mod 4), and on edge values
 * (0, 1, small, near p, powers of two, values whose top 64-bit word is 0),
 * non-residues refused; and decompression held to OpenSSL's on edge x. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/err.h>

#include "../../proto/group.h"
#include "groupfix.h"

/* group_field_sqrt(a) agrees with BN_mod_sqrt(a): the same root, or both
 * refuse. Returns whether a is a square. */
static bool sqrt_agrees(const BIGNUM *a)
{
	BIGNUM *r = BN_new(), *s = BN_new(), *t = BN_new();
	bool fast, generic;

	assert_non_null(t);
	fast = group_field_sqrt(g, r, a);
	generic = BN_mod_sqrt(s, a, g->field, g->bn) != NULL;
	ERR_clear_error();
	/* BN_mod_sqrt checks its result; a root must square back all the same. */
	if (generic) {
		assert_true(BN_mod_sqr(t, s, g->field, g->bn));
		generic = BN_cmp(t, a) == 0;
	}
	assert_int_equal(fast, generic);
	if (fast) {
		assert_int_equal(BN_cmp(r, s), 0);
		assert_true(BN_mod_sqr(t, r, g->field, g->bn));
		assert_int_equal(BN_cmp(t, a), 0);
		assert_true(BN_cmp(r, g->field) < 0 && !BN_is_negative(r));
	}
	BN_free(r);
	BN_free(s);
	BN_free(t);
	return fast;
}

/* a and p - a: exactly one is a square, unless a is 0 (a square). */
static void sqrt_pair(const BIGNUM *a)
{
	BIGNUM *na = BN_new();
	bool sa, sna;

	assert_non_null(na);
	if (BN_is_zero(a))
		BN_zero(na);
	else
		assert_true(BN_sub(na, g->field, a));
	sa = sqrt_agrees(a);
	sna = sqrt_agrees(na);
	if (BN_is_zero(a))
		assert_true(sa && sna);
	else
		assert_true(sa != sna);
	BN_free(na);
}

/* Random values below p, their negations and their squares. */
static void test_sqrt_random(void **state)
{
	BIGNUM *a = BN_new(), *sq = BN_new();
	int i, squares = 0;

	(void)state;
	assert_non_null(sq);
	for (i = 0; i < 3000; i++) {
		assert_true(BN_rand_range(a, g->field));
		sqrt_pair(a);
		squares += sqrt_agrees(a);
		assert_true(BN_mod_sqr(sq, a, g->field, g->bn));
		assert_true(sqrt_agrees(sq));
	}
	/* About half of all values are squares. */
	assert_true(squares > 1200 && squares < 1800);
	BN_free(a);
	BN_free(sq);
}

/* Values whose top 64-bit word (or more) is zero: the Montgomery
 * multiplication takes another path in OpenSSL for those. */
static void test_sqrt_short(void **state)
{
	BIGNUM *a = BN_new();
	int bits, i;

	(void)state;
	assert_non_null(a);
	for (bits = 1; bits <= 192; bits += 7)
		for (i = 0; i < 20; i++) {
			assert_true(BN_rand(a, bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			sqrt_pair(a);
		}
	BN_free(a);
}

/* 0 to 300, p - 300 to p - 1, 2^k, 2^k ± 1 and p - 2^k below p,
 * 2^256 mod p and its square (the Montgomery radix), and p - 1 (-1, no
 * square) refused. */
static void test_sqrt_edges(void **state)
{
	BIGNUM *a = BN_new(), *r = BN_new();
	int k;

	(void)state;
	assert_non_null(r);
	for (k = 0; k <= 300; k++) {
		assert_true(BN_set_word(a, (BN_ULONG)k));
		sqrt_pair(a);
	}
	for (k = 0; k < 256; k++) {
		BN_zero(a);
		assert_true(BN_set_bit(a, k));
		if (BN_cmp(a, g->field) < 0)
			sqrt_pair(a);
		assert_true(BN_sub(r, g->field, a));
		sqrt_pair(r);
		assert_true(BN_add_word(a, 1));
		if (BN_cmp(a, g->field) < 0)
			sqrt_pair(a);
		assert_true(BN_sub_word(a, 2));
		if (BN_cmp(a, g->field) < 0)
			sqrt_pair(a);
	}
	BN_zero(a);
	assert_true(BN_set_bit(a, 256));
	assert_true(BN_mod(a, a, g->field, g->bn));
	sqrt_pair(a);
	assert_true(BN_mod_sqr(a, a, g->field, g->bn));
	sqrt_pair(a);
	/* -1 is not a square mod p (p ≡ 3 mod 4); 1 and 0 are. */
	assert_true(BN_sub(a, g->field, BN_value_one()));
	assert_false(group_field_sqrt(g, r, a));
	assert_true(group_field_sqrt(g, r, BN_value_one()));
	assert_true(BN_is_one(r));
	BN_zero(a);
	assert_true(group_field_sqrt(g, r, a));
	assert_true(BN_is_zero(r));
	BN_free(a);
	BN_free(r);
}

/* Values not below p, and negative ones, are refused. */
static void test_sqrt_range(void **state)
{
	BIGNUM *a = BN_new(), *r = BN_new();

	(void)state;
	assert_non_null(r);
	assert_true(BN_copy(a, g->field) != NULL);
	assert_false(group_field_sqrt(g, r, a)); /* p itself, ≡ 0 */
	assert_true(BN_add_word(a, 4));
	assert_false(group_field_sqrt(g, r, a)); /* p + 4, ≡ 4 */
	assert_true(BN_set_word(a, 4));
	BN_set_negative(a, 1);
	assert_false(group_field_sqrt(g, r, a));
	BN_free(a);
	BN_free(r);
	ERR_clear_error();
}

/* Decode the compressed point (prefix, x) both ways: the same verdict and
 * the same point. */
static void decode_agrees(unsigned char prefix, const BIGNUM *x)
{
	unsigned char b[GROUP_POINT_LEN];
	EC_POINT *q = group_point_new(g), *r = group_point_new(g);
	bool fast, generic;

	assert_non_null(r);
	b[0] = prefix;
	if (BN_num_bytes(x) <= GROUP_POINT_LEN - 1)
		assert_true(BN_bn2binpad(x, b + 1, GROUP_POINT_LEN - 1) == GROUP_POINT_LEN - 1);
	else
		memset(b + 1, 0xff, GROUP_POINT_LEN - 1);
	fast = group_point_decode(g, b, q);
	generic = group_point_decode_generic(g, b, r);
	assert_int_equal(fast, generic);
	if (fast) {
		unsigned char back[GROUP_POINT_LEN];

		assert_int_equal(EC_POINT_cmp(g->ec, q, r, g->bn), 0);
		assert_int_equal(EC_POINT_is_on_curve(g->ec, q, g->bn), 1);
		assert_true(group_point_encode(g, q, back));
		assert_memory_equal(back, b, sizeof(b));
	}
	EC_POINT_free(q);
	EC_POINT_free(r);
}

/* Decompression of edge x (small, near p, powers of two, p and above,
 * short values) in both parities, and the other prefixes refused. */
static void test_decode_edges(void **state)
{
	BIGNUM *x = BN_new();
	unsigned char b[GROUP_POINT_LEN];
	EC_POINT *q = group_point_new(g);
	int k, prefix;

	(void)state;
	assert_non_null(q);
	for (prefix = 2; prefix <= 3; prefix++) {
		for (k = 0; k <= 100; k++) {
			assert_true(BN_set_word(x, (BN_ULONG)k));
			decode_agrees((unsigned char)prefix, x);
			assert_true(BN_sub(x, g->field, x));
			decode_agrees((unsigned char)prefix, x); /* p - k: p itself refused */
		}
		for (k = 0; k < 256; k++) {
			BN_zero(x);
			assert_true(BN_set_bit(x, k));
			decode_agrees((unsigned char)prefix, x);
		}
		for (k = 0; k < 200; k++) {
			assert_true(BN_rand(x, 1 + k % 192, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			decode_agrees((unsigned char)prefix, x);
		}
		BN_zero(x);
		assert_true(BN_set_bit(x, 256));
		assert_true(BN_sub_word(x, 1));
		decode_agrees((unsigned char)prefix, x); /* 2^256 - 1, above p */
	}
	for (prefix = 0; prefix < 256; prefix++) {
		if (prefix == 2 || prefix == 3)
			continue;
		assert_true(group_point_encode(g, EC_GROUP_get0_generator(g->ec), b));
		b[0] = (unsigned char)prefix;
		assert_false(group_point_decode(g, b, q));
	}
	BN_free(x);
	EC_POINT_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqrt_random),  cmocka_unit_test(test_sqrt_short),
		cmocka_unit_test(test_sqrt_edges),   cmocka_unit_test(test_sqrt_range),
		cmocka_unit_test(test_decode_edges),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
