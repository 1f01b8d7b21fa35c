/* The server's signing key (Ed25519): it signs tallies (proto/VOTE.md §7).
 * Kept in a PEM file readable by ygd's user alone (--sign-key); made on
 * first start when the file does not exist. Its public half is published
 * in server.info and in every election record. */
#ifndef YG_SERVER_SIGNKEY_H
#define YG_SERVER_SIGNKEY_H

#include <openssl/evp.h>

#include "../proto/sig.h"

EVP_PKEY *signkey_load(const char *path, char pub[SIG_PUB_TEXT_LEN + 1]);

#endif
