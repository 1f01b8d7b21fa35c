/* What a terminal signs to prove it holds a key. The message is fixed-length
 * binary, so no two different statements encode alike:
 *
 *   tag       "yangguang/v1/login" or "yangguang/v1/register", then a NUL
 *   binding   32 bytes: TLS exporter of this connection (RFC 8446 7.5,
 *             label AUTH_EXPORTER_LABEL, no context)
 *   nonce     32 bytes: the server's challenge, single use
 *   committee 8 bytes: the committee's id, big-endian
 *   key       32 bytes: the signer's raw Ed25519 public key
 *
 * The binding ties a signature to one TLS connection: it is useless on any
 * other, even through a relay. The nonce makes it single use on this one. */
#ifndef YG_PROTO_AUTH_H
#define YG_PROTO_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "sig.h"

#define AUTH_NONCE_LEN      32
#define AUTH_BINDING_LEN    32
#define AUTH_EXPORTER_LABEL "EXPORTER-yangguang-auth"
#define AUTH_MSG_MAX        (32 + AUTH_BINDING_LEN + AUTH_NONCE_LEN + 8 + SIG_PUB_LEN)

enum auth_purpose { AUTH_LOGIN, AUTH_REGISTER };

size_t auth_message(enum auth_purpose purpose, const unsigned char binding[AUTH_BINDING_LEN],
		    const unsigned char nonce[AUTH_NONCE_LEN], uint64_t committee,
		    const unsigned char pub[SIG_PUB_LEN], unsigned char out[AUTH_MSG_MAX]);
bool auth_binding(SSL *ssl, unsigned char out[AUTH_BINDING_LEN]);

#endif
