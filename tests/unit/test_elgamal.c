/* Unit tests for proto/elgamal.c: encryption, the homomorphic sum, the
 * small discrete log, and tests/vectors/ballot/elgamal.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/elgamal.h"
#include "../vectors/vecio.h"
#include "groupfix.h"

/* Messages come back from their ciphertexts. */
static void test_encrypt_decrypt(void **state)
{
	static const uint32_t msgs[] = {0, 1, 2, 7, 100};
	BIGNUM *x = group_secret_new(), *r = group_secret_new();
	EC_POINT *pub = group_point_new(g);
	struct elgamal_ct ct;
	uint32_t m;
	size_t i;

	(void)state;
	assert_true(elgamal_ct_init(g, &ct));
	assert_true(elgamal_keygen(g, x, pub));
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		assert_true(elgamal_encrypt(g, pub, msgs[i], r, &ct));
		assert_false(EC_POINT_is_at_infinity(g->ec, ct.a));
		assert_false(EC_POINT_is_at_infinity(g->ec, ct.b));
		assert_true(elgamal_decrypt(g, x, &ct, 100, &m));
		assert_int_equal(m, msgs[i]);
	}
	/* Beyond the search bound, nothing is found. */
	assert_true(elgamal_encrypt(g, pub, 101, r, &ct));
	assert_false(elgamal_decrypt(g, x, &ct, 100, &m));
	assert_false(elgamal_decrypt(g, x, &ct, ELGAMAL_DLOG_MAX + 1, &m));
	elgamal_ct_clear(&ct);
	BN_clear_free(x);
	BN_clear_free(r);
	EC_POINT_free(pub);
}

/* The sum of ciphertexts decrypts to the sum of messages; the empty sum
 * is infinity and decrypts to 0. */
static void test_homomorphic_sum(void **state)
{
	BIGNUM *x = group_secret_new(), *r = group_secret_new();
	EC_POINT *pub = group_point_new(g);
	struct elgamal_ct ct, sum;
	uint32_t i, m, want = 0;

	(void)state;
	assert_true(elgamal_ct_init(g, &ct));
	assert_true(elgamal_ct_init(g, &sum));
	assert_true(elgamal_keygen(g, x, pub));
	assert_true(elgamal_dlog(g, sum.b, 0, &m));
	assert_int_equal(m, 0);
	for (i = 0; i < 12; i++) {
		assert_true(elgamal_encrypt(g, pub, i % 3 == 0, r, &ct));
		assert_true(elgamal_add(g, &sum, &ct));
		want += i % 3 == 0;
	}
	assert_true(elgamal_decrypt(g, x, &sum, 12, &m));
	assert_int_equal(m, want);
	elgamal_ct_clear(&ct);
	elgamal_ct_clear(&sum);
	BN_clear_free(x);
	BN_clear_free(r);
	EC_POINT_free(pub);
}

/* The same randomness gives the same ciphertext; fresh randomness not. */
static void test_randomness(void **state)
{
	BIGNUM *x = group_secret_new(), *r = group_secret_new();
	EC_POINT *pub = group_point_new(g);
	struct elgamal_ct c1, c2;

	(void)state;
	assert_true(elgamal_ct_init(g, &c1));
	assert_true(elgamal_ct_init(g, &c2));
	assert_true(elgamal_keygen(g, x, pub));
	assert_true(elgamal_encrypt(g, pub, 1, r, &c1));
	assert_true(elgamal_encrypt_with(g, pub, 1, r, &c2));
	assert_int_equal(EC_POINT_cmp(g->ec, c1.a, c2.a, g->bn), 0);
	assert_int_equal(EC_POINT_cmp(g->ec, c1.b, c2.b, g->bn), 0);
	assert_true(elgamal_encrypt(g, pub, 1, r, &c2));
	assert_int_not_equal(EC_POINT_cmp(g->ec, c1.a, c2.a, g->bn), 0);
	assert_true(elgamal_ct_copy(&c2, &c1));
	assert_int_equal(EC_POINT_cmp(g->ec, c1.b, c2.b, g->bn), 0);
	elgamal_ct_clear(&c1);
	elgamal_ct_clear(&c2);
	BN_clear_free(x);
	BN_clear_free(r);
	EC_POINT_free(pub);
}

/* Another key does not decrypt a small message. */
static void test_wrong_key(void **state)
{
	BIGNUM *x = group_secret_new(), *y = group_secret_new(), *r = group_secret_new();
	EC_POINT *pub = group_point_new(g), *other = group_point_new(g);
	struct elgamal_ct ct;
	uint32_t m;

	(void)state;
	assert_true(elgamal_ct_init(g, &ct));
	assert_true(elgamal_keygen(g, x, pub));
	assert_true(elgamal_keygen(g, y, other));
	assert_true(elgamal_encrypt(g, pub, 1, r, &ct));
	assert_false(elgamal_decrypt(g, y, &ct, 1000, &m));
	elgamal_ct_clear(&ct);
	BN_clear_free(x);
	BN_clear_free(y);
	BN_clear_free(r);
	EC_POINT_free(pub);
	EC_POINT_free(other);
}

/* Read an encoded scalar into a BIGNUM. */
static void get_scalar(const cJSON *obj, const char *name, BIGNUM *out)
{
	unsigned char b[GROUP_SCALAR_LEN];

	assert_true(group_scalar_bytes_from_text(g, vec_str(obj, name), b));
	assert_true(group_scalar_decode(g, b, out));
}

/* Whether ct equals the vector's {"a", "b"}. */
static void assert_ct(const cJSON *obj, const struct elgamal_ct *ct)
{
	EC_POINT *p = group_point_new(g);

	assert_true(group_point_from_text(g, vec_str(obj, "a"), p));
	assert_int_equal(EC_POINT_cmp(g->ec, p, ct->a, g->bn), 0);
	assert_true(group_point_from_text(g, vec_str(obj, "b"), p));
	assert_int_equal(EC_POINT_cmp(g->ec, p, ct->b, g->bn), 0);
	EC_POINT_free(p);
}

/* Every encryption of the vectors again from (key, m, r), their sum, and
 * its decryption with the secret. */
static void test_elgamal_vectors(void **state)
{
	cJSON *j = vec_load("elgamal.json"), *e;
	BIGNUM *x = BN_new(), *r = BN_new();
	EC_POINT *pub = group_point_new(g), *p = group_point_new(g);
	struct elgamal_ct ct, sum;
	uint32_t m;
	int n = 0;

	(void)state;
	assert_non_null(j);
	assert_true(elgamal_ct_init(g, &ct));
	assert_true(elgamal_ct_init(g, &sum));
	get_scalar(j, "secret", x);
	assert_true(group_point_from_text(g, vec_str(j, "key"), pub));
	assert_true(group_mul_public(g, p, x, NULL, NULL));
	assert_int_equal(EC_POINT_cmp(g->ec, p, pub, g->bn), 0);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "encryptions")) {
		get_scalar(e, "r", r);
		assert_true(elgamal_encrypt_with(g, pub, (uint32_t)vec_num(e, "m"), r, &ct));
		assert_ct(e, &ct);
		assert_true(elgamal_add(g, &sum, &ct));
		n++;
	}
	assert_int_equal(n, 5);
	assert_ct(cJSON_GetObjectItem(j, "sum"), &sum);
	assert_true(elgamal_decrypt(g, x, &sum, 100, &m));
	assert_int_equal(m, (uint32_t)vec_num(j, "sum_m"));
	elgamal_ct_clear(&ct);
	elgamal_ct_clear(&sum);
	BN_free(x);
	BN_free(r);
	EC_POINT_free(pub);
	EC_POINT_free(p);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encrypt_decrypt), cmocka_unit_test(test_homomorphic_sum),
		cmocka_unit_test(test_randomness),      cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_elgamal_vectors),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
