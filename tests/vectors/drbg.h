/* A deterministic random source for test vectors and tests only, never
 * linked into ygd or yg: block i of its stream is
 *   SHA-512("yg-test-drbg" || SHA-256(seed text) || i as 8 bytes big-endian)
 * and bytes are handed out in order. proto/BALLOT.md section 11 gives the
 * same definition, so the vectors can be reproduced elsewhere. */
#ifndef YG_TESTS_DRBG_H
#define YG_TESTS_DRBG_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <openssl/sha.h>

struct test_drbg {
	unsigned char seed[SHA256_DIGEST_LENGTH];
	uint64_t counter;
	unsigned char block[SHA512_DIGEST_LENGTH];
	size_t used;
};

static inline void test_drbg_init(struct test_drbg *d, const char *seed)
{
	SHA256((const unsigned char *)seed, strlen(seed), d->seed);
	d->counter = 0;
	d->used = sizeof(d->block);
}

/* A group_rand_fn over a struct test_drbg. */
static inline bool test_drbg_fill(void *arg, unsigned char *buf, size_t len)
{
	struct test_drbg *d = arg;
	unsigned char in[12 + SHA256_DIGEST_LENGTH + 8];
	int i;

	while (len-- > 0) {
		if (d->used == sizeof(d->block)) {
			memcpy(in, "yg-test-drbg", 12);
			memcpy(in + 12, d->seed, sizeof(d->seed));
			for (i = 0; i < 8; i++)
				in[12 + sizeof(d->seed) + i] =
					(unsigned char)(d->counter >> (56 - 8 * i));
			SHA512(in, sizeof(in), d->block);
			d->counter++;
			d->used = 0;
		}
		*buf++ = d->block[d->used++];
	}
	return true;
}

#endif
