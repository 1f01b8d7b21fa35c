/* Unit tests for proto/group.c: point and scalar encodings and what they
 * refuse, the domain-separated hash, random scalars, and the vectors in
 * tests/vectors/ballot/group.json. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/b64.h"
#include "../../proto/group.h"
#include "../vectors/drbg.h"
#include "../vectors/vecio.h"
#include "groupfix.h"

/* Random points survive encode and decode, in binary and as text. */
static void test_point_roundtrip(void **state)
{
	unsigned char b[GROUP_POINT_LEN], b2[GROUP_POINT_LEN];
	char t[GROUP_POINT_TEXT_LEN + 1];
	BIGNUM *k = group_secret_new();
	EC_POINT *p = group_point_new(g), *q = group_point_new(g);
	int i;

	(void)state;
	for (i = 0; i < 8; i++) {
		assert_true(group_scalar_random(g, k));
		assert_true(group_mul_secret(g, p, k, NULL));
		assert_true(group_point_encode(g, p, b));
		assert_true(b[0] == 2 || b[0] == 3);
		assert_true(group_point_decode(g, b, q));
		assert_int_equal(EC_POINT_cmp(g->ec, p, q, g->bn), 0);
		assert_true(group_point_to_text(g, p, t));
		assert_int_equal(strlen(t), GROUP_POINT_TEXT_LEN);
		assert_true(group_point_from_text(g, t, q));
		assert_true(group_point_encode(g, q, b2));
		assert_memory_equal(b, b2, sizeof(b));
	}
	BN_clear_free(k);
	EC_POINT_free(p);
	EC_POINT_free(q);
}

/* The P-256 square root decodes exactly as OpenSSL's generic
 * decompression: every random point and its negation to the same point,
 * and random x of either parity accepted or refused alike. */
static void test_decode_matches_generic(void **state)
{
	unsigned char b[GROUP_POINT_LEN];
	BIGNUM *k = group_secret_new();
	EC_POINT *p = group_point_new(g), *q = group_point_new(g), *r = group_point_new(g);
	int i, accepted = 0;

	(void)state;
	for (i = 0; i < 300; i++) {
		assert_true(group_scalar_random(g, k));
		assert_true(group_mul_secret(g, p, k, NULL));
		assert_true(group_point_encode(g, p, b));
		b[0] ^= (unsigned char)(i & 1); /* half of them the negation */
		assert_true(group_point_decode(g, b, q));
		assert_true(group_point_decode_generic(g, b, r));
		assert_int_equal(EC_POINT_cmp(g->ec, q, r, g->bn), 0);
	}
	for (i = 0; i < 400; i++) {
		bool fast, generic;

		assert_true(g->rand(g->rand_arg, b, sizeof(b)));
		b[0] = (unsigned char)(2 + (i & 1));
		if (i % 50 == 0) /* x at or above p */
			memset(b + 1, 0xff, GROUP_POINT_LEN - 1);
		fast = group_point_decode(g, b, q);
		generic = group_point_decode_generic(g, b, r);
		assert_int_equal(fast, generic);
		if (fast) {
			assert_int_equal(EC_POINT_cmp(g->ec, q, r, g->bn), 0);
			accepted++;
		}
	}
	/* About half of all x are on the curve. */
	assert_true(accepted > 100 && accepted < 300);
	BN_clear_free(k);
	EC_POINT_free(p);
	EC_POINT_free(q);
	EC_POINT_free(r);
}

/* z·K through a key's precomputed table equals the generic
 * multiplication, before the table exists, as it is built, and after;
 * with several keys taking turns. */
static void test_mul_key_matches_generic(void **state)
{
	BIGNUM *k = group_secret_new(), *z = BN_new();
	EC_POINT *key[8], *a = group_point_new(g), *b = group_point_new(g);
	int i, n = 8;

	(void)state;
	for (i = 0; i < n; i++) {
		key[i] = group_point_new(g);
		assert_true(group_scalar_random(g, k));
		assert_true(group_mul_secret(g, key[i], k, NULL));
	}
	for (i = 0; i < GROUP_KEY_TABLE_AFTER + GROUP_KEY_REPORT + 40 * n; i++) {
		const EC_POINT *kp =
			key[i < GROUP_KEY_TABLE_AFTER + GROUP_KEY_REPORT + 20 ? 0 : i % n];
		int j, tables = 0;

		for (j = 0; j < GROUP_KEY_TABLES; j++)
			tables += g->keys[j].ec != NULL;
		/* the first key's table is there after GROUP_KEY_TABLE_AFTER uses
		 * (reported every GROUP_KEY_REPORT) */
		assert_true(i < GROUP_KEY_TABLE_AFTER + GROUP_KEY_REPORT || tables > 0);

		assert_true(group_scalar_random(g, z));
		if (i % 13 == 0)
			BN_zero(z);
		assert_true(group_mul_key(g, a, z, kp));
		assert_true(group_mul_public(g, b, NULL, kp, z));
		assert_int_equal(EC_POINT_cmp(g->ec, a, b, g->bn), 0);
	}
	for (i = 0; i < n; i++)
		EC_POINT_free(key[i]);
	BN_clear_free(k);
	BN_free(z);
	EC_POINT_free(a);
	EC_POINT_free(b);
}

/* A key is found by its value, whatever its form: the same key decoded
 * (affine) and computed (projective) share one slot and one table. */
static void test_mul_key_forms(void **state)
{
	unsigned char enc[GROUP_POINT_LEN];
	BIGNUM *k = group_secret_new(), *z = BN_new();
	EC_POINT *proj = group_point_new(g), *aff = group_point_new(g), *a = group_point_new(g),
		 *b = group_point_new(g);
	struct group *kg = group_new(NULL, NULL);
	int i, slots = 0, tables = 0;

	(void)state;
	assert_true(group_scalar_random(kg, k));
	assert_true(group_mul_public(kg, proj, k, EC_GROUP_get0_generator(kg->ec), k));
	assert_true(group_point_encode(kg, proj, enc));
	assert_true(group_point_decode(kg, enc, aff));
	for (i = 0; i < GROUP_KEY_TABLE_AFTER + GROUP_KEY_REPORT; i++) {
		const EC_POINT *key = i % 3 == 0 ? proj : aff;

		assert_true(group_scalar_random(kg, z));
		assert_true(group_mul_key(kg, a, z, key));
		assert_true(group_mul_public(kg, b, NULL, key, z));
		assert_int_equal(EC_POINT_cmp(kg->ec, a, b, kg->bn), 0);
	}
	for (i = 0; i < GROUP_KEY_TABLES; i++) {
		slots += kg->keys[i].point != NULL;
		tables += kg->keys[i].ec != NULL;
	}
	assert_int_equal(slots, 1);
	assert_int_equal(tables, 1);
	group_free(kg);
	BN_clear_free(k);
	BN_free(z);
	EC_POINT_free(proj);
	EC_POINT_free(aff);
	EC_POINT_free(a);
	EC_POINT_free(b);
}

/* One thread of test_mul_key_threads: its own group, the shared key. */
struct key_thread {
	pthread_t thread;
	struct group *g;
	const unsigned char *key;
	int uses, wrong;
};

static void *key_thread_main(void *arg)
{
	struct key_thread *t = arg;
	EC_POINT *key = group_point_new(t->g), *a = group_point_new(t->g),
		 *b = group_point_new(t->g);
	BIGNUM *z = BN_new();
	int i;

	if (!group_point_decode(t->g, t->key, key))
		t->wrong++;
	for (i = 0; i < t->uses; i++)
		if (!group_scalar_random(t->g, z) || !group_mul_key(t->g, a, z, key) ||
		    !group_mul_public(t->g, b, NULL, key, z) ||
		    EC_POINT_cmp(t->g->ec, a, b, t->g->bn) != 0)
			t->wrong++;
	BN_free(z);
	EC_POINT_free(key);
	EC_POINT_free(a);
	EC_POINT_free(b);
	return NULL;
}

/* Threads, each with its own group, using one key: their uses add up to
 * one table, built once and then used by all of them, every product
 * equal to the generic one before and after. */
static void test_mul_key_threads(void **state)
{
	enum { T = 3 };
	struct key_thread th[T];
	unsigned char enc[GROUP_POINT_LEN];
	BIGNUM *k = group_secret_new();
	EC_POINT *key = group_point_new(g);
	unsigned before = group_key_tables_built();
	const EC_GROUP *table[T];
	int i;

	(void)state;
	assert_true(group_scalar_random(g, k));
	assert_true(group_mul_secret(g, key, k, NULL));
	assert_true(group_point_encode(g, key, enc));
	for (i = 0; i < T; i++) {
		th[i] = (struct key_thread){.g = group_new(NULL, NULL),
					    .key = enc,
					    .uses = GROUP_KEY_TABLE_AFTER / T +
						    2 * GROUP_KEY_REPORT};
		assert_non_null(th[i].g);
		assert_int_equal(pthread_create(&th[i].thread, NULL, key_thread_main, &th[i]), 0);
	}
	for (i = 0; i < T; i++) {
		assert_int_equal(pthread_join(th[i].thread, NULL), 0);
		assert_int_equal(th[i].wrong, 0);
	}
	assert_int_equal(group_key_tables_built(), before + 1);
	/* each thread's group takes the table at its next report */
	for (i = 0; i < T; i++) {
		th[i].uses = GROUP_KEY_REPORT;
		key_thread_main(&th[i]);
		assert_int_equal(th[i].wrong, 0);
		table[i] = th[i].g->keys[th[i].g->last_key].ec;
		assert_non_null(table[i]);
		assert_ptr_equal(table[i], table[0]);
	}
	assert_int_equal(group_key_tables_built(), before + 1);
	for (i = 0; i < T; i++)
		group_free(th[i].g);
	BN_clear_free(k);
	EC_POINT_free(key);
}

/* A key prepared before any use has its table at once, and a group that
 * meets the key afterwards multiplies through that table from its first
 * use, with the generic result; preparing again builds nothing. */
static void test_key_prepare(void **state)
{
	struct group *other = group_new(NULL, NULL);
	BIGNUM *k = group_secret_new(), *z = group_secret_new();
	EC_POINT *key = group_point_new(g), *a = group_point_new(g), *b = group_point_new(g);
	unsigned before = group_key_tables_built();
	const EC_GROUP *table;

	(void)state;
	assert_non_null(other);
	assert_true(group_scalar_random(g, k));
	assert_true(group_mul_secret(g, key, k, NULL));
	assert_true(group_key_prepare(g, key));
	assert_int_equal(group_key_tables_built(), before + 1);
	table = g->keys[g->last_key].ec;
	assert_non_null(table);
	assert_true(group_scalar_random(other, z));
	assert_true(group_mul_key(other, a, z, key));
	assert_ptr_equal(other->keys[other->last_key].ec, table);
	assert_true(group_mul_public(g, b, NULL, key, z));
	assert_int_equal(EC_POINT_cmp(g->ec, a, b, NULL), 0);
	assert_true(group_key_prepare(other, key));
	assert_true(group_key_prepare(g, key));
	assert_int_equal(group_key_tables_built(), before + 1);
	group_free(other);
	BN_clear_free(k);
	BN_clear_free(z);
	EC_POINT_free(key);
	EC_POINT_free(a);
	EC_POINT_free(b);
}

/* A point in one of the forms verification meets: i % 4 == 0 projective
 * (a product), 1 affine (decoded), 2 made affine, 3 a sum (projective). */
static void point_in_form(EC_POINT *p, BIGNUM *k, int i)
{
	unsigned char b[GROUP_POINT_LEN];

	assert_true(group_scalar_random(g, k));
	assert_true(group_mul_public(g, p, k, EC_GROUP_get0_generator(g->ec), k));
	switch (i % 4) {
	case 1:
		assert_true(group_point_encode_generic(g, p, b));
		b[0] ^= (unsigned char)((i >> 2) & 1); /* either parity */
		assert_true(group_point_decode(g, b, p));
		break;
	case 2: /* deprecated in OpenSSL 3, and what the key table does */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
		assert_true(EC_POINT_make_affine(g->ec, p, g->bn));
#pragma GCC diagnostic pop
		break;
	case 3:
		assert_true(EC_POINT_add(g->ec, p, p, EC_GROUP_get0_generator(g->ec), g->bn));
		break;
	}
}

/* Encoding without OpenSSL's per-point inversion gives OpenSSL's bytes,
 * for one point and in batches of every size up to past two batches,
 * whatever mix of affine and projective forms; the generator and its
 * negation (y of both parities) included. */
static void test_encode_matches_generic(void **state)
{
	enum { N = 2 * GROUP_ENCODE_BATCH + 5 };
	static unsigned char fast[N][GROUP_POINT_LEN], want[N][GROUP_POINT_LEN];
	unsigned char one[GROUP_POINT_LEN];
	BIGNUM *k = group_secret_new();
	EC_POINT *p[N];
	size_t i, n;

	(void)state;
	for (i = 0; i < N; i++) {
		p[i] = group_point_new(g);
		point_in_form(p[i], k, (int)(i * 7 % 13));
		if (i == 5 || i == 6)
			assert_true(EC_POINT_copy(p[i], EC_GROUP_get0_generator(g->ec)));
		if (i == 6)
			assert_true(EC_POINT_invert(g->ec, p[i], g->bn));
		assert_true(group_point_encode_generic(g, p[i], want[i]));
		assert_true(group_point_encode(g, p[i], one));
		assert_memory_equal(one, want[i], GROUP_POINT_LEN);
	}
	for (n = 0; n <= N; n += n < 10 ? 1 : 9) {
		memset(fast, 0, sizeof(fast));
		assert_true(group_points_encode(g, (const EC_POINT *const *)p, n, fast));
		for (i = 0; i < n; i++)
			assert_memory_equal(fast[i], want[i], GROUP_POINT_LEN);
	}
	/* all projective, all affine: the two paths alone */
	for (i = 0; i < 20; i++)
		point_in_form(p[i], k, 0);
	for (i = 20; i < 40; i++)
		point_in_form(p[i], k, 1);
	for (i = 0; i < 40; i++)
		assert_true(group_point_encode_generic(g, p[i], want[i]));
	assert_true(group_points_encode(g, (const EC_POINT *const *)p, 40, fast));
	assert_memory_equal(fast, want, 40 * GROUP_POINT_LEN);
	for (i = 0; i < N; i++)
		EC_POINT_free(p[i]);
	BN_clear_free(k);
}

/* The point at infinity anywhere in a batch fails it, as it fails alone. */
static void test_encode_infinity(void **state)
{
	unsigned char out[12][GROUP_POINT_LEN];
	BIGNUM *k = group_secret_new();
	EC_POINT *p[12];
	int i, at;

	(void)state;
	for (i = 0; i < 12; i++) {
		p[i] = group_point_new(g);
		point_in_form(p[i], k, i);
	}
	for (at = 0; at < 12; at++) {
		EC_POINT *keep = EC_POINT_dup(p[at], g->ec);

		assert_true(EC_POINT_set_to_infinity(g->ec, p[at]));
		assert_false(group_points_encode(g, (const EC_POINT *const *)p, 12, out));
		assert_false(group_point_encode(g, p[at], out[0]));
		assert_false(group_point_encode_generic(g, p[at], out[0]));
		assert_true(EC_POINT_copy(p[at], keep));
		EC_POINT_free(keep);
	}
	assert_true(group_points_encode(g, (const EC_POINT *const *)p, 12, out));
	for (i = 0; i < 12; i++)
		EC_POINT_free(p[i]);
	BN_clear_free(k);
}

/* Infinity has no encoding, and a hash over it fails. */
static void test_point_infinity(void **state)
{
	unsigned char b[GROUP_POINT_LEN], d[GROUP_DIGEST_LEN];
	char t[GROUP_POINT_TEXT_LEN + 1];
	EC_POINT *p = group_point_new(g);
	struct group_hash h;

	(void)state;
	assert_true(EC_POINT_set_to_infinity(g->ec, p));
	assert_false(group_point_encode(g, p, b));
	assert_false(group_point_to_text(g, p, t));
	group_hash_init(g, &h, "t");
	group_hash_point(g, &h, p);
	assert_false(group_hash_digest(&h, d));
	EC_POINT_free(p);
}

/* Every invalid encoding in the vectors is refused, binary and text. */
static void test_point_rejects_vectors(void **state)
{
	cJSON *j = vec_load("group.json"), *e;
	unsigned char b[GROUP_POINT_LEN];
	char t[GROUP_POINT_TEXT_LEN + 1];
	EC_POINT *p = group_point_new(g);
	int n = 0;

	(void)state;
	assert_non_null(j);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "invalid_points")) {
		assert_int_equal(vec_unhex(vec_str(e, "hex"), b, sizeof(b)), GROUP_POINT_LEN);
		if (group_point_decode(g, b, p))
			fail_msg("accepted %s", vec_str(e, "why"));
		b64url_encode(b, sizeof(b), t, sizeof(t));
		assert_false(group_point_from_text(g, t, p));
		n++;
	}
	assert_int_equal(n, 6);
	cJSON_Delete(j);
	EC_POINT_free(p);
}

/* Wrong lengths and bad characters in the text form are refused. */
static void test_point_rejects_text(void **state)
{
	char t[GROUP_POINT_TEXT_LEN + 2];
	EC_POINT *p = group_point_new(g);

	(void)state;
	assert_true(group_point_to_text(g, EC_GROUP_get0_generator(g->ec), t));
	assert_true(group_point_from_text(g, t, p));
	t[GROUP_POINT_TEXT_LEN - 1] = '\0';
	assert_false(group_point_from_text(g, t, p));
	assert_true(group_point_to_text(g, EC_GROUP_get0_generator(g->ec), t));
	strcat(t, "A");
	assert_false(group_point_from_text(g, t, p));
	assert_true(group_point_to_text(g, EC_GROUP_get0_generator(g->ec), t));
	t[5] = '+';
	assert_false(group_point_from_text(g, t, p));
	t[5] = '=';
	assert_false(group_point_from_text(g, t, p));
	assert_false(group_point_from_text(g, "", p));
	EC_POINT_free(p);
}

/* A point's other compressed form (flipped prefix) is its negation, and
 * still decodes: both are canonical encodings of different points. */
static void test_point_negation(void **state)
{
	unsigned char b[GROUP_POINT_LEN];
	EC_POINT *p = group_point_new(g), *q = group_point_new(g);

	(void)state;
	assert_true(group_point_encode(g, EC_GROUP_get0_generator(g->ec), b));
	b[0] ^= 1;
	assert_true(group_point_decode(g, b, p));
	assert_true(EC_POINT_copy(q, EC_GROUP_get0_generator(g->ec)));
	assert_true(EC_POINT_invert(g->ec, q, g->bn));
	assert_int_equal(EC_POINT_cmp(g->ec, p, q, g->bn), 0);
	EC_POINT_free(p);
	EC_POINT_free(q);
}

/* Scalars below n decode; n and above do not, nor bad texts. */
static void test_scalar_rejects(void **state)
{
	cJSON *j = vec_load("group.json"), *e;
	unsigned char b[GROUP_SCALAR_LEN];
	char t[GROUP_SCALAR_TEXT_LEN + 2];
	BIGNUM *s = BN_new();
	int n = 0;

	(void)state;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "invalid_scalars")) {
		assert_int_equal(vec_unhex(vec_str(e, "hex"), b, sizeof(b)), GROUP_SCALAR_LEN);
		assert_false(group_scalar_decode(g, b, s));
		group_scalar_bytes_to_text(b, t);
		assert_false(group_scalar_bytes_from_text(g, t, b));
		n++;
	}
	assert_int_equal(n, 3);
	assert_true(BN_sub(s, g->order, BN_value_one()));
	assert_true(group_scalar_encode(s, b));
	assert_true(group_scalar_decode(g, b, s));
	memset(b, 0, sizeof(b));
	assert_true(group_scalar_decode(g, b, s));
	group_scalar_bytes_to_text(b, t);
	assert_string_equal(t, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	t[GROUP_SCALAR_TEXT_LEN - 1] = 'B'; /* a stray bit in the last symbol */
	assert_false(group_scalar_bytes_from_text(g, t, b));
	t[GROUP_SCALAR_TEXT_LEN - 1] = '\0';
	assert_false(group_scalar_bytes_from_text(g, t, b));
	strcpy(t, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_false(group_scalar_bytes_from_text(g, t, b));
	BN_free(s);
	cJSON_Delete(j);
}

/* The hash of the vectors: preimage layout, digest and scalar. */
static void test_hash_vectors(void **state)
{
	cJSON *j = vec_load("group.json"), *e, *it;
	unsigned char pre[1024], item[256], d[GROUP_DIGEST_LEN], want[GROUP_DIGEST_LEN];
	struct group_hash h;
	BIGNUM *c = BN_new();
	unsigned char cb[GROUP_SCALAR_LEN], wb[GROUP_SCALAR_LEN];
	long plen, ilen;

	(void)state;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "hashes")) {
		group_hash_init(g, &h, vec_str(e, "tag"));
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(e, "items_hex")) {
			ilen = vec_unhex(it->valuestring, item, sizeof(item));
			assert_true(ilen >= 0);
			group_hash_bytes(&h, item, (size_t)ilen);
		}
		assert_true(group_hash_digest(&h, d));
		assert_int_equal(vec_unhex(vec_str(e, "sha512_hex"), want, sizeof(want)), 64);
		assert_memory_equal(d, want, sizeof(d));
		plen = vec_unhex(vec_str(e, "preimage_hex"), pre, sizeof(pre));
		assert_true(plen > 0);
		SHA512(pre, (size_t)plen, want);
		assert_memory_equal(d, want, sizeof(d));
		assert_true(group_digest_scalar(g, d, c));
		assert_true(group_scalar_encode(c, cb));
		assert_true(group_scalar_bytes_from_text(g, vec_str(e, "scalar"), wb));
		assert_memory_equal(cb, wb, sizeof(cb));
	}
	BN_free(c);
	cJSON_Delete(j);
}

/* Items are length-prefixed: moving a byte between items changes the hash. */
static void test_hash_framing(void **state)
{
	unsigned char d1[GROUP_DIGEST_LEN], d2[GROUP_DIGEST_LEN];
	struct group_hash h;

	(void)state;
	group_hash_init(g, &h, "t");
	group_hash_bytes(&h, "ab", 2);
	group_hash_bytes(&h, "c", 1);
	assert_true(group_hash_digest(&h, d1));
	group_hash_init(g, &h, "t");
	group_hash_bytes(&h, "a", 1);
	group_hash_bytes(&h, "bc", 2);
	assert_true(group_hash_digest(&h, d2));
	assert_memory_not_equal(d1, d2, sizeof(d1));
	group_hash_init(g, &h, "ta");
	group_hash_bytes(&h, "bc", 2);
	assert_true(group_hash_digest(&h, d1));
	assert_memory_not_equal(d1, d2, sizeof(d1));
}

/* k·G for the vectors' k, and the random scalars the seeded source gives. */
static void test_group_vectors(void **state)
{
	cJSON *j = vec_load("group.json"), *e;
	unsigned char kb[GROUP_SCALAR_LEN], sb[GROUP_SCALAR_LEN];
	struct test_drbg d;
	struct group *sg;
	BIGNUM *k = BN_new();
	EC_POINT *p = group_point_new(g), *q = group_point_new(g);

	(void)state;
	assert_string_equal(vec_str(j, "suite"), GROUP_SUITE);
	test_drbg_init(&d, vec_str(j, "drbg_seed"));
	sg = group_new(test_drbg_fill, &d);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "points")) {
		assert_true(group_scalar_bytes_from_text(g, vec_str(e, "k"), kb));
		assert_true(group_scalar_decode(g, kb, k));
		assert_true(group_mul_public(g, p, k, NULL, NULL));
		assert_true(group_point_from_text(g, vec_str(e, "point"), q));
		assert_int_equal(EC_POINT_cmp(g->ec, p, q, g->bn), 0);
	}
	assert_true(group_scalar_random(sg, k)); /* the random k of "points" */
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "random_scalars_after_points")) {
		assert_true(group_scalar_random(sg, k));
		assert_false(BN_is_zero(k));
		assert_true(group_scalar_encode(k, kb));
		assert_true(group_scalar_bytes_from_text(g, e->valuestring, sb));
		assert_memory_equal(kb, sb, sizeof(kb));
	}
	group_free(sg);
	BN_free(k);
	EC_POINT_free(p);
	EC_POINT_free(q);
	cJSON_Delete(j);
}

/* A source that fails makes scalar generation fail, not loop or succeed. */
static bool rand_fail(void *arg, unsigned char *buf, size_t len)
{
	(void)arg;
	memset(buf, 0, len);
	return false;
}

static void test_random_failure(void **state)
{
	struct group *fg = group_new(rand_fail, NULL);
	BIGNUM *k = BN_new();

	(void)state;
	assert_non_null(fg);
	assert_false(group_scalar_random(fg, k));
	group_free(fg);
	BN_free(k);
}

/* The branch-free helpers. */
static void test_ct_helpers(void **state)
{
	unsigned char a[4] = {1, 2, 3, 4}, b[4] = {9, 8, 7, 6}, o[4];

	(void)state;
	assert_int_equal(group_ct_eq(5, 5), 0xff);
	assert_int_equal(group_ct_eq(0, 0), 0xff);
	assert_int_equal(group_ct_eq(5, 4), 0);
	assert_int_equal(group_ct_eq(0, 0x80000000u), 0);
	group_ct_select(o, a, b, 4, 0xff);
	assert_memory_equal(o, a, 4);
	group_ct_select(o, a, b, 4, 0);
	assert_memory_equal(o, b, 4);
}

/* Scalar arithmetic wraps mod n; negation of 0 is 0. */
static void test_scalar_arith(void **state)
{
	BIGNUM *a = BN_new(), *b = BN_new(), *r = BN_new();

	(void)state;
	assert_true(BN_sub(a, g->order, BN_value_one()));
	assert_true(BN_set_word(b, 2));
	assert_true(group_scalar_add(g, r, a, b));
	assert_true(BN_is_one(r));
	assert_true(group_scalar_sub(g, r, b, a));
	assert_true(BN_is_word(r, 3));
	assert_true(group_scalar_neg(g, r, a));
	assert_true(BN_is_one(r));
	BN_zero(a);
	assert_true(group_scalar_neg(g, r, a));
	assert_true(BN_is_zero(r));
	assert_true(group_scalar_mul(g, r, b, b));
	assert_true(BN_is_word(r, 4));
	BN_free(a);
	BN_free(b);
	BN_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_point_roundtrip),
		cmocka_unit_test(test_point_infinity),
		cmocka_unit_test(test_decode_matches_generic),
		cmocka_unit_test(test_mul_key_matches_generic),
		cmocka_unit_test(test_mul_key_forms),
		cmocka_unit_test(test_mul_key_threads),
		cmocka_unit_test(test_key_prepare),
		cmocka_unit_test(test_encode_matches_generic),
		cmocka_unit_test(test_encode_infinity),
		cmocka_unit_test(test_point_rejects_vectors),
		cmocka_unit_test(test_point_rejects_text),
		cmocka_unit_test(test_point_negation),
		cmocka_unit_test(test_scalar_rejects),
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_hash_framing),
		cmocka_unit_test(test_group_vectors),
		cmocka_unit_test(test_random_failure),
		cmocka_unit_test(test_ct_helpers),
		cmocka_unit_test(test_scalar_arith),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
