/* Certificate fingerprints: lowercase hex of the SHA-256 of the DER
 * encoding, 64 characters. This is what `make run` prints and what a terminal
 * pins. */
#ifndef YG_PROTO_FINGERPRINT_H
#define YG_PROTO_FINGERPRINT_H

#include <stdbool.h>

#include <openssl/x509.h>

#define FINGERPRINT_LEN 64

bool fingerprint_x509(X509 *cert, char out[FINGERPRINT_LEN + 1]);
bool fingerprint_normalize(const char *in, char out[FINGERPRINT_LEN + 1]);

#endif
