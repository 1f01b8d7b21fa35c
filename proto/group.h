/* The prime-order group of the ballot suite (proto/BALLOT.md section 2):
 * P-256 through OpenSSL's EC API, with fixed-length canonical encodings
 *   point   33 bytes, SEC1 compressed; never the point at infinity
 *   scalar  32 bytes, big-endian, less than the group order n
 * and one hash: SHA-512 over a domain tag and length-prefixed items, whose
 * 512-bit digest reduced mod n is a challenge. A struct group holds a
 * BN_CTX and the random source, so one thread uses it at a time; the
 * precomputed tables of election keys are shared by every group of the
 * process, under a lock of their own (see GROUP_KEY_TABLE_AFTER). */
#ifndef YG_PROTO_GROUP_H
#define YG_PROTO_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#define GROUP_SUITE           "yg-ballot-v1/P-256/SHA-512"
#define GROUP_POINT_LEN       33
#define GROUP_SCALAR_LEN      32
#define GROUP_DIGEST_LEN      64
#define GROUP_POINT_TEXT_LEN  44 /* base64url of 33 bytes */
#define GROUP_SCALAR_TEXT_LEN 43 /* base64url of 32 bytes */

/* Fill buf with len random bytes; false on failure. */
typedef bool (*group_rand_fn)(void *arg, unsigned char *buf, size_t len);

/* Multiplications done, by kind, for the benchmark. */
struct group_stats {
	uint64_t base;    /* k·G */
	uint64_t point;   /* k·P */
	uint64_t double_; /* k·G + l·P in one call */
};

/* A key multiplied often (an election key: z·K in every proof checked)
 * gets a precomputed table: a group whose generator is that key, with
 * OpenSSL's fixed-base precomputation (about 150 KiB). Measured on P-256
 * (OpenSSL 3.0): building one costs about 620 variable-base
 * multiplications, and z·K through it 0.16 of one. So a table is built
 * once the key has been multiplied GROUP_KEY_TABLE_AFTER times, about what
 * the table costs, counted over every group of the process (threads): a
 * round never pays more than twice what the best choice made knowing its
 * size would have (a yes/no/abstain ballot's proofs take 7). Tables are
 * shared by the process's groups (GROUP_SHARED_TABLES of them, the least
 * recently used replaced when no group holds it); each group keeps
 * GROUP_KEY_TABLES keys it met lately, and reports its uses of a key
 * every GROUP_KEY_REPORT until that key's table exists. A caller that
 * knows a key is about to be used a lot (ygd, a round just opened) builds
 * its table at once with group_key_prepare, before the uses come. */
#define GROUP_KEY_TABLES      64
#define GROUP_SHARED_TABLES   64
#define GROUP_KEY_TABLE_AFTER 700
#define GROUP_KEY_REPORT      32

/* Points encoded with one field inversion by group_points_encode. */
#define GROUP_ENCODE_BATCH 64

struct group_shared_table;

struct group_key_table {
	EC_POINT *point;                   /* the key, affine; NULL: unused */
	struct group_shared_table *shared; /* its shared table (a reference), or NULL */
	const EC_GROUP *ec;                /* the shared table once built */
	unsigned pending;                  /* uses not reported yet */
	uint64_t last;                     /* group.tick at its last use */
};

struct group {
	EC_GROUP *ec;
	EVP_MD *sha512;
	const BIGNUM *order;
	BIGNUM *field;
	BIGNUM *b;         /* the curve's b; a is -3 */
	BN_MONT_CTX *mont; /* for arithmetic mod p */
	BN_CTX *bn;
	group_rand_fn rand;
	void *rand_arg;
	struct group_stats stats;
	struct group_key_table keys[GROUP_KEY_TABLES];
	unsigned last_key; /* the slot used last */
	uint64_t tick;
};

/* A hash being built: SHA-512 of a tag and items, each length-prefixed. */
struct group_hash {
	EVP_MD_CTX *md;
	bool ok;
};

struct group *group_new(group_rand_fn rand, void *rand_arg);
void group_free(struct group *g);
bool group_rand_system(void *arg, unsigned char *buf, size_t len);

EC_POINT *group_point_new(const struct group *g);
BIGNUM *group_secret_new(void);
bool group_scalar_random(struct group *g, BIGNUM *out);
bool group_scalar_add(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b);
bool group_scalar_sub(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b);
bool group_scalar_mul(struct group *g, BIGNUM *r, const BIGNUM *a, const BIGNUM *b);
bool group_scalar_neg(struct group *g, BIGNUM *r, const BIGNUM *a);

bool group_point_encode(struct group *g, const EC_POINT *p, unsigned char out[GROUP_POINT_LEN]);
bool group_point_encode_generic(struct group *g, const EC_POINT *p,
				unsigned char out[GROUP_POINT_LEN]);
bool group_points_encode(struct group *g, const EC_POINT *const *pts, size_t n,
			 unsigned char (*out)[GROUP_POINT_LEN]);
bool group_field_sqrt(struct group *g, BIGNUM *r, const BIGNUM *a);
bool group_point_decode(struct group *g, const unsigned char in[GROUP_POINT_LEN], EC_POINT *out);
bool group_point_decode_generic(struct group *g, const unsigned char in[GROUP_POINT_LEN],
				EC_POINT *out);
bool group_scalar_encode(const BIGNUM *s, unsigned char out[GROUP_SCALAR_LEN]);
bool group_scalar_decode(const struct group *g, const unsigned char in[GROUP_SCALAR_LEN],
			 BIGNUM *out);
bool group_point_to_text(struct group *g, const EC_POINT *p, char out[GROUP_POINT_TEXT_LEN + 1]);
bool group_point_from_text(struct group *g, const char *text, EC_POINT *out);
void group_scalar_bytes_to_text(const unsigned char in[GROUP_SCALAR_LEN],
				char out[GROUP_SCALAR_TEXT_LEN + 1]);
bool group_scalar_bytes_from_text(const struct group *g, const char *text,
				  unsigned char out[GROUP_SCALAR_LEN]);

bool group_mul_secret(struct group *g, EC_POINT *out, const BIGNUM *k, const EC_POINT *p);
bool group_mul_public(struct group *g, EC_POINT *out, const BIGNUM *gk, const EC_POINT *p,
		      const BIGNUM *pk);
bool group_mul_key(struct group *g, EC_POINT *out, const BIGNUM *k, const EC_POINT *key);
bool group_key_prepare(struct group *g, const EC_POINT *key);
unsigned group_key_tables_built(void);
bool group_sub(struct group *g, EC_POINT *out, const EC_POINT *a, const EC_POINT *b);

void group_hash_init(struct group *g, struct group_hash *h, const char *tag);
void group_hash_bytes(struct group_hash *h, const void *p, size_t len);
void group_hash_u64(struct group_hash *h, uint64_t v);
void group_hash_point(struct group *g, struct group_hash *h, const EC_POINT *p);
bool group_hash_digest(struct group_hash *h, unsigned char out[GROUP_DIGEST_LEN]);
void group_hash_clear(struct group_hash *h);
bool group_hash_scalar(struct group *g, struct group_hash *h, BIGNUM *out);
bool group_digest_scalar(struct group *g, const unsigned char d[GROUP_DIGEST_LEN], BIGNUM *out);

void group_ct_select(unsigned char *out, const unsigned char *a, const unsigned char *b, size_t len,
		     unsigned char mask);
unsigned char group_ct_eq(uint32_t a, uint32_t b);

#endif
