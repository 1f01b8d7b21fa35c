#include <pthread.h>
#include <string.h>

#include <openssl/err.h>
#include <sodium.h>

#include "b64.h"
#include "sig.h"

/* A fresh key pair, or NULL. */
EVP_PKEY *sig_keygen(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
}

/* The raw public half of key. */
bool sig_public(EVP_PKEY *key, unsigned char pub[SIG_PUB_LEN])
{
	size_t n = SIG_PUB_LEN;

	return EVP_PKEY_get_raw_public_key(key, pub, &n) == 1 && n == SIG_PUB_LEN;
}

/* "ed25519:..." for a public key. */
void sig_pub_to_text(const unsigned char pub[SIG_PUB_LEN], char out[SIG_PUB_TEXT_LEN + 1])
{
	memcpy(out, SIG_PUB_PREFIX, strlen(SIG_PUB_PREFIX));
	b64url_encode(pub, SIG_PUB_LEN, out + strlen(SIG_PUB_PREFIX),
		      SIG_PUB_TEXT_LEN + 1 - strlen(SIG_PUB_PREFIX));
}

/* Parse "ed25519:..."; false unless it is exactly a canonical 32-byte key. */
bool sig_pub_from_text(const char *text, unsigned char pub[SIG_PUB_LEN])
{
	size_t plen = strlen(SIG_PUB_PREFIX);

	return strlen(text) == SIG_PUB_TEXT_LEN && strncmp(text, SIG_PUB_PREFIX, plen) == 0 &&
	       b64url_decode(text + plen, pub, SIG_PUB_LEN) == SIG_PUB_LEN;
}

/* Sign msg with key. */
bool sig_sign(EVP_PKEY *key, const unsigned char *msg, size_t len, unsigned char sig[SIG_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = SIG_LEN;
	bool ok;

	ok = ctx != NULL && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
	     EVP_DigestSign(ctx, sig, &n, msg, len) == 1 && n == SIG_LEN;
	EVP_MD_CTX_free(ctx);
	return ok;
}

static pthread_once_t sig_sodium_once = PTHREAD_ONCE_INIT;
static bool sig_sodium_ready;

static void sig_sodium_init(void)
{
	sig_sodium_ready = sodium_init() >= 0;
}

/* Whether sig is pub's signature of msg. Checked by libsodium, which does
 * it in half the time of OpenSSL 3.0 (tests/unit/test_sig.c compares
 * their verdicts): every ballot brings two signatures. Its checks are
 * OpenSSL's (S below the group's order, R recomputed and compared as
 * bytes) and more: a key or an R of small order, or not encoded
 * canonically, is refused. So what it accepts OpenSSL accepts, and an
 * auditor's check of a record with either agrees with ygd's. */
bool sig_verify(const unsigned char pub[SIG_PUB_LEN], const unsigned char *msg, size_t len,
		const unsigned char sig[SIG_LEN])
{
	if (pthread_once(&sig_sodium_once, sig_sodium_init) != 0 || !sig_sodium_ready)
		return sig_verify_openssl(pub, msg, len, sig);
	return crypto_sign_verify_detached(sig, msg, len, pub) == 0;
}

/* The same check by OpenSSL (libsodium unusable; and the tests' oracle). */
bool sig_verify_openssl(const unsigned char pub[SIG_PUB_LEN], const unsigned char *msg, size_t len,
			const unsigned char sig[SIG_LEN])
{
	EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, SIG_PUB_LEN);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok;

	ok = key != NULL && ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
	     EVP_DigestVerify(ctx, sig, SIG_LEN, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	/* A refusal leaves errors queued; they must not be taken later for a
	 * TLS error on some connection. */
	if (!ok)
		ERR_clear_error();
	return ok;
}

void sig_to_text(const unsigned char sig[SIG_LEN], char out[SIG_TEXT_LEN + 1])
{
	b64url_encode(sig, SIG_LEN, out, SIG_TEXT_LEN + 1);
}

bool sig_from_text(const char *text, unsigned char sig[SIG_LEN])
{
	return strlen(text) == SIG_TEXT_LEN && b64url_decode(text, sig, SIG_LEN) == SIG_LEN;
}
