/* Signed documents: JSON Web Signatures (RFC 7515) in compact form with
 * alg EdDSA (RFC 8037) and Ed25519 keys, over canonical JSON (jcs.h), so
 * that any JOSE library can check them (proto/BALLOT.md section 10):
 *   header    JCS of {"alg":"EdDSA","kid":"ed25519:…"[,"typ":T]}
 *   payload   JCS of the document
 *   compact   B64(header) "." B64(payload) "." B64(signature)
 *   detached  B64(header) ".." B64(signature), the payload kept elsewhere
 *             (RFC 7515 appendix F); the signature is the same.
 * B64 is base64url without padding; the signature covers the ASCII of
 * B64(header) "." B64(payload). Verification refuses any other alg, a kid
 * other than the verifying key, a typ other than the expected one, any
 * other header member, and a header or payload that is not canonical. */
#ifndef YG_PROTO_JWS_H
#define YG_PROTO_JWS_H

#include <stdbool.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "sig.h"

#define JWS_ALG "EdDSA"

char *jws_sign(EVP_PKEY *key, const char *typ, const cJSON *payload, bool detached);
cJSON *jws_verify(const char *jws, const unsigned char pub[SIG_PUB_LEN], const char *typ,
		  const char **why);
bool jws_verify_detached(const char *jws, const unsigned char pub[SIG_PUB_LEN], const char *typ,
			 const cJSON *payload, const char **why);

#endif
