/* What the database keeps of a commenter's network address: a keyed hash
 * (HMAC-SHA-256) under a key derived from the server's signing key, so that
 * rows can be counted per address for the hourly limit while whoever reads
 * the database cannot try every IPv4 address to find who commented. */
#ifndef YG_SOURCETAG_H
#define YG_SOURCETAG_H

#include <stddef.h>

#include <openssl/evp.h>

#define SOURCETAG_KEY_LEN 32
#define SOURCETAG_LEN     64 /* hex characters */

/* The tag key from the server's Ed25519 key; 0, or -1 if it cannot be read. */
int sourcetag_key(EVP_PKEY *sign_key, unsigned char key[SOURCETAG_KEY_LEN]);

/* The tag of addr under key, as lowercase hex; 0, or -1. */
int sourcetag(const unsigned char key[SOURCETAG_KEY_LEN], const char *addr,
	      char out[SOURCETAG_LEN + 1]);

#endif
