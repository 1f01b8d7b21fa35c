/* Unit tests for proto/zkp.c: each proof verifies, and fails when any
 * field, the statement or the context changes; and the proofs of
 * tests/vectors/ballot/zkp.json verify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/zkp.h"
#include "../vectors/vecio.h"

static struct group *g;
static unsigned char ctx[GROUP_DIGEST_LEN], ctx2[GROUP_DIGEST_LEN];

static int setup(void **state)
{
	(void)state;
	g = group_new(NULL, NULL);
	memset(ctx, 7, sizeof(ctx));
	memset(ctx2, 7, sizeof(ctx2));
	ctx2[63] = 8;
	return g == NULL;
}

static int teardown(void **state)
{
	(void)state;
	group_free(g);
	return 0;
}

/* Set s to the encoding of n itself: not a scalar. */
static void set_order(unsigned char s[GROUP_SCALAR_LEN])
{
	assert_int_equal(BN_bn2binpad(g->order, s, GROUP_SCALAR_LEN), GROUP_SCALAR_LEN);
}

/* Schnorr: verifies; fails for another key, context, changed c or z, and
 * for c or z not below n. */
static void test_schnorr(void **state)
{
	BIGNUM *x = group_secret_new(), *y = group_secret_new();
	EC_POINT *pub = group_point_new(g), *other = group_point_new(g);
	struct zkp_proof p, q;
	int i;

	(void)state;
	assert_true(elgamal_keygen(g, x, pub));
	assert_true(elgamal_keygen(g, y, other));
	assert_true(zkp_schnorr_prove(g, ctx, x, pub, &p));
	assert_true(zkp_schnorr_verify(g, ctx, pub, &p));
	assert_false(zkp_schnorr_verify(g, ctx2, pub, &p));
	assert_false(zkp_schnorr_verify(g, ctx, other, &p));
	for (i = 0; i < 2 * GROUP_SCALAR_LEN; i += 5) {
		q = p;
		(i < GROUP_SCALAR_LEN ? q.c : q.z)[i % GROUP_SCALAR_LEN] ^= 1;
		assert_false(zkp_schnorr_verify(g, ctx, pub, &q));
	}
	q = p;
	set_order(q.c);
	assert_false(zkp_schnorr_verify(g, ctx, pub, &q));
	q = p;
	set_order(q.z);
	assert_false(zkp_schnorr_verify(g, ctx, pub, &q));
	/* A proof made with the wrong secret does not verify. */
	assert_true(zkp_schnorr_prove(g, ctx, y, pub, &q));
	assert_false(zkp_schnorr_verify(g, ctx, pub, &q));
	BN_clear_free(x);
	BN_clear_free(y);
	EC_POINT_free(pub);
	EC_POINT_free(other);
}

/* Chaum–Pedersen: verifies; fails for a wrong D, base, key, context, or
 * any changed field. */
static void test_dleq(void **state)
{
	BIGNUM *x = group_secret_new(), *a = group_secret_new();
	EC_POINT *pub = group_point_new(g), *base = group_point_new(g), *d = group_point_new(g);
	EC_POINT *wrong = group_point_new(g);
	struct zkp_proof p, q;
	int i;

	(void)state;
	assert_true(elgamal_keygen(g, x, pub));
	assert_true(elgamal_keygen(g, a, base));
	assert_true(group_mul_secret(g, d, x, base));
	assert_true(zkp_dleq_prove(g, ctx, x, pub, base, d, &p));
	assert_true(zkp_dleq_verify(g, ctx, pub, base, d, &p));
	assert_false(zkp_dleq_verify(g, ctx2, pub, base, d, &p));
	assert_true(EC_POINT_add(g->ec, wrong, d, EC_GROUP_get0_generator(g->ec), g->bn));
	assert_false(zkp_dleq_verify(g, ctx, pub, base, wrong, &p));
	assert_false(zkp_dleq_verify(g, ctx, pub, wrong, d, &p));
	assert_false(zkp_dleq_verify(g, ctx, wrong, base, d, &p));
	for (i = 0; i < 2 * GROUP_SCALAR_LEN; i += 7) {
		q = p;
		(i < GROUP_SCALAR_LEN ? q.c : q.z)[i % GROUP_SCALAR_LEN] ^= 0x80;
		assert_false(zkp_dleq_verify(g, ctx, pub, base, d, &q));
	}
	q = p;
	set_order(q.z);
	assert_false(zkp_dleq_verify(g, ctx, pub, base, d, &q));
	/* An honest-looking proof for a wrong D cannot be made. */
	assert_true(zkp_dleq_prove(g, ctx, x, pub, base, wrong, &q));
	assert_false(zkp_dleq_verify(g, ctx, pub, base, wrong, &q));
	BN_clear_free(x);
	BN_clear_free(a);
	EC_POINT_free(pub);
	EC_POINT_free(base);
	EC_POINT_free(d);
	EC_POINT_free(wrong);
}

/* A key pair and a ciphertext of m with its proof for lo..hi. */
struct range_case {
	BIGNUM *x, *r;
	EC_POINT *pub;
	struct elgamal_ct ct;
	struct zkp_range p;
};

static void range_make(struct range_case *c, uint32_t lo, uint32_t hi, uint32_t m)
{
	c->x = group_secret_new();
	c->r = group_secret_new();
	c->pub = group_point_new(g);
	assert_true(elgamal_ct_init(g, &c->ct));
	assert_true(zkp_range_init(&c->p, lo, hi));
	assert_true(elgamal_keygen(g, c->x, c->pub));
	assert_true(elgamal_encrypt(g, c->pub, m, c->r, &c->ct));
	assert_true(zkp_range_prove(g, ctx, c->pub, &c->ct, m, c->r, &c->p));
}

static void range_free(struct range_case *c)
{
	BN_clear_free(c->x);
	BN_clear_free(c->r);
	EC_POINT_free(c->pub);
	elgamal_ct_clear(&c->ct);
	zkp_range_clear(&c->p);
}

/* Every value of several ranges proves and verifies. */
static void test_range_roundtrip(void **state)
{
	static const uint32_t ranges[][2] = {{0, 1}, {1, 1}, {0, 4}, {2, 5}, {0, 0}};
	struct range_case c;
	uint32_t m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		for (m = ranges[i][0]; m <= ranges[i][1]; m++) {
			range_make(&c, ranges[i][0], ranges[i][1], m);
			assert_true(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
			range_free(&c);
		}
}

/* A value outside the range cannot be proven, and a proof for one
 * ciphertext does not verify for another of a value out of range. */
static void test_range_outside(void **state)
{
	struct range_case c, d;

	(void)state;
	range_make(&c, 0, 1, 1);
	assert_false(zkp_range_prove(g, ctx, c.pub, &c.ct, 2, c.r, &c.p));
	assert_false(zkp_range_prove(g, ctx, c.pub, &c.ct, 0, c.r, &c.p) &&
		     zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	range_free(&c);
	range_make(&c, 0, 1, 1);
	range_make(&d, 0, 2, 2);
	assert_false(zkp_range_verify(g, ctx, c.pub, &d.ct, &c.p));
	/* Prove 0..1 honestly for 1, then claim the ciphertext of 2 is it. */
	assert_true(elgamal_encrypt_with(g, c.pub, 2, c.r, &d.ct));
	assert_false(zkp_range_verify(g, ctx, c.pub, &d.ct, &c.p));
	range_free(&c);
	range_free(&d);
}

/* Every field of a range proof, the statement and the context matter. */
static void test_range_tamper(void **state)
{
	struct range_case c;
	unsigned char keep[GROUP_SCALAR_LEN];
	BIGNUM *a = BN_new(), *b = BN_new(), *one = BN_new();
	uint32_t j;

	(void)state;
	range_make(&c, 0, 3, 2);
	assert_true(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	assert_false(zkp_range_verify(g, ctx2, c.pub, &c.ct, &c.p));
	for (j = 0; j < 4; j++) {
		memcpy(keep, c.p.c[j], sizeof(keep));
		c.p.c[j][31] ^= 1;
		assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
		set_order(c.p.c[j]);
		assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
		memcpy(c.p.c[j], keep, sizeof(keep));
		memcpy(keep, c.p.z[j], sizeof(keep));
		c.p.z[j][0] ^= 1;
		assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
		memcpy(c.p.z[j], keep, sizeof(keep));
	}
	/* Moving challenge weight between branches keeps the sum equation but
	 * breaks both branches' commitment equations. */
	BN_set_word(one, 1);
	BN_bin2bn(c.p.c[0], GROUP_SCALAR_LEN, a);
	BN_bin2bn(c.p.c[1], GROUP_SCALAR_LEN, b);
	group_scalar_add(g, a, a, one);
	group_scalar_sub(g, b, b, one);
	group_scalar_encode(a, c.p.c[0]);
	group_scalar_encode(b, c.p.c[1]);
	assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	BN_free(a);
	BN_free(b);
	BN_free(one);
	range_free(&c);
}

/* The statement: the ciphertext, the key and the bounds. */
static void test_range_statement(void **state)
{
	struct range_case c;
	EC_POINT *keep = group_point_new(g);

	(void)state;
	range_make(&c, 0, 1, 0);
	assert_true(EC_POINT_copy(keep, c.ct.a));
	assert_true(EC_POINT_add(g->ec, c.ct.a, c.ct.a, EC_GROUP_get0_generator(g->ec), g->bn));
	assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	assert_true(EC_POINT_copy(c.ct.a, keep));
	assert_true(EC_POINT_copy(keep, c.ct.b));
	assert_true(EC_POINT_add(g->ec, c.ct.b, c.ct.b, EC_GROUP_get0_generator(g->ec), g->bn));
	assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	assert_true(EC_POINT_copy(c.ct.b, keep));
	assert_true(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	assert_false(zkp_range_verify(g, ctx, c.ct.a, &c.ct, &c.p));
	c.p.lo = 1, c.p.hi = 2; /* same number of branches, other bounds */
	assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	c.p.lo = 1, c.p.hi = 0;
	assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	c.p.lo = 0, c.p.hi = 1;
	assert_true(EC_POINT_set_to_infinity(g->ec, c.ct.a));
	assert_false(zkp_range_verify(g, ctx, c.pub, &c.ct, &c.p));
	EC_POINT_free(keep);
	range_free(&c);
	assert_false(zkp_range_init(&c.p, 0, ZKP_RANGE_MAX + 1));
	assert_true(zkp_range_init(&c.p, 0, ZKP_RANGE_MAX));
	zkp_range_clear(&c.p);
}

/* Read a scalar text into b. */
static void get_scalar(const cJSON *obj, const char *name, unsigned char b[GROUP_SCALAR_LEN])
{
	assert_true(group_scalar_bytes_from_text(g, vec_str(obj, name), b));
}

static void get_point(const cJSON *obj, const char *name, EC_POINT *p)
{
	assert_true(group_point_from_text(g, vec_str(obj, name), p));
}

/* The vectors' Schnorr and DLEQ proofs, and a changed one each. */
static void test_pair_vectors(void **state)
{
	cJSON *j = vec_load("zkp.json"), *s, *d;
	unsigned char vctx[GROUP_DIGEST_LEN];
	EC_POINT *pub = group_point_new(g), *base = group_point_new(g), *dd = group_point_new(g);
	struct zkp_proof p;

	(void)state;
	assert_non_null(j);
	assert_int_equal(vec_unhex(vec_str(j, "context_hex"), vctx, sizeof(vctx)), 64);
	s = cJSON_GetObjectItem(j, "schnorr");
	get_point(s, "key", pub);
	get_scalar(cJSON_GetObjectItem(s, "proof"), "c", p.c);
	get_scalar(cJSON_GetObjectItem(s, "proof"), "z", p.z);
	assert_true(zkp_schnorr_verify(g, vctx, pub, &p));
	p.z[5] ^= 4;
	assert_false(zkp_schnorr_verify(g, vctx, pub, &p));
	d = cJSON_GetObjectItem(j, "dleq");
	get_point(d, "key", pub);
	get_point(d, "base", base);
	get_point(d, "d", dd);
	get_scalar(cJSON_GetObjectItem(d, "proof"), "c", p.c);
	get_scalar(cJSON_GetObjectItem(d, "proof"), "z", p.z);
	assert_true(zkp_dleq_verify(g, vctx, pub, base, dd, &p));
	p.c[5] ^= 4;
	assert_false(zkp_dleq_verify(g, vctx, pub, base, dd, &p));
	EC_POINT_free(pub);
	EC_POINT_free(base);
	EC_POINT_free(dd);
	cJSON_Delete(j);
}

/* Read a vector range proof's branches into p (initialised for lo..hi). */
static void get_range(const cJSON *e, struct zkp_range *p)
{
	const cJSON *c = cJSON_GetObjectItem(e, "c"), *z = cJSON_GetObjectItem(e, "z");
	uint32_t k = p->hi - p->lo + 1, i;

	assert_int_equal(cJSON_GetArraySize(c), k);
	assert_int_equal(cJSON_GetArraySize(z), k);
	for (i = 0; i < k; i++) {
		assert_true(group_scalar_bytes_from_text(
			g, cJSON_GetArrayItem(c, (int)i)->valuestring, p->c[i]));
		assert_true(group_scalar_bytes_from_text(
			g, cJSON_GetArrayItem(z, (int)i)->valuestring, p->z[i]));
	}
}

/* The vectors' range proofs verify; each fails with its last z changed. */
static void test_range_vectors(void **state)
{
	cJSON *j = vec_load("zkp.json"), *e;
	unsigned char vctx[GROUP_DIGEST_LEN];
	EC_POINT *key = group_point_new(g);
	struct elgamal_ct ct;
	struct zkp_range p;
	int n = 0;

	(void)state;
	assert_int_equal(vec_unhex(vec_str(j, "context_hex"), vctx, sizeof(vctx)), 64);
	get_point(j, "range_key", key);
	assert_true(elgamal_ct_init(g, &ct));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "ranges")) {
		assert_true(
			zkp_range_init(&p, (uint32_t)vec_num(e, "lo"), (uint32_t)vec_num(e, "hi")));
		get_range(e, &p);
		get_point(e, "a", ct.a);
		get_point(e, "b", ct.b);
		assert_true(zkp_range_verify(g, vctx, key, &ct, &p));
		p.z[p.hi - p.lo][31] ^= 1;
		assert_false(zkp_range_verify(g, vctx, key, &ct, &p));
		zkp_range_clear(&p);
		n++;
	}
	assert_int_equal(n, 5);
	elgamal_ct_clear(&ct);
	EC_POINT_free(key);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schnorr),         cmocka_unit_test(test_dleq),
		cmocka_unit_test(test_range_roundtrip), cmocka_unit_test(test_range_outside),
		cmocka_unit_test(test_range_tamper),    cmocka_unit_test(test_range_statement),
		cmocka_unit_test(test_pair_vectors),    cmocka_unit_test(test_range_vectors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
