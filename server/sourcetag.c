/* Keyed hashes of commenters' addresses; see sourcetag.h. */
#include "sourcetag.h"
#include "../proto/hex.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

static const char key_label[] = "yangguang comment source key v1";

int sourcetag_key(EVP_PKEY *sign_key, unsigned char key[SOURCETAG_KEY_LEN])
{
	unsigned char raw[64];
	size_t len = sizeof(raw);
	unsigned int out = 0;

	if (EVP_PKEY_get_raw_private_key(sign_key, raw, &len) != 1)
		return -1;
	/* HMAC(private key, label): a key of its own, never the signing key. */
	if (HMAC(EVP_sha256(), raw, (int)len, (const unsigned char *)key_label,
		 sizeof(key_label) - 1, key, &out) == NULL ||
	    out != SOURCETAG_KEY_LEN) {
		OPENSSL_cleanse(raw, sizeof(raw));
		return -1;
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

int sourcetag(const unsigned char key[SOURCETAG_KEY_LEN], const char *addr,
	      char out[SOURCETAG_LEN + 1])
{
	unsigned char mac[SHA256_DIGEST_LENGTH];
	unsigned int len = 0;

	if (HMAC(EVP_sha256(), key, SOURCETAG_KEY_LEN, (const unsigned char *)addr, strlen(addr),
		 mac, &len) == NULL ||
	    len != sizeof(mac))
		return -1;
	hex_encode(mac, sizeof(mac), out);
	return 0;
}
