/* Ed25519 keys and signatures, and their text forms:
 *   public key  "ed25519:" + base64url of the 32-byte key (51 characters)
 *   signature   base64url of the 64-byte signature (86 characters)
 * Private keys live only on the holder's terminal, in a PEM file (PKCS#8)
 * readable by its owner alone. */
#ifndef YG_PROTO_SIG_H
#define YG_PROTO_SIG_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

#define SIG_PUB_LEN      32
#define SIG_LEN          64
#define SIG_PUB_TEXT_LEN 51 /* "ed25519:" + 43 */
#define SIG_TEXT_LEN     86
#define SIG_PUB_PREFIX   "ed25519:"

EVP_PKEY *sig_keygen(void);
bool sig_public(EVP_PKEY *key, unsigned char pub[SIG_PUB_LEN]);
void sig_pub_to_text(const unsigned char pub[SIG_PUB_LEN], char out[SIG_PUB_TEXT_LEN + 1]);
bool sig_pub_from_text(const char *text, unsigned char pub[SIG_PUB_LEN]);
bool sig_sign(EVP_PKEY *key, const unsigned char *msg, size_t len, unsigned char sig[SIG_LEN]);
bool sig_verify(const unsigned char pub[SIG_PUB_LEN], const unsigned char *msg, size_t len,
		const unsigned char sig[SIG_LEN]);
bool sig_verify_openssl(const unsigned char pub[SIG_PUB_LEN], const unsigned char *msg, size_t len,
			const unsigned char sig[SIG_LEN]);
void sig_to_text(const unsigned char sig[SIG_LEN], char out[SIG_TEXT_LEN + 1]);
bool sig_from_text(const char *text, unsigned char sig[SIG_LEN]);

#endif
