/* The server key an auditor pins to verify an election record (`yg verify
 * --server-key`): a key's text form "ed25519:…", or a file holding a JWK
 * or a JWKS (the portal's /.well-known/jwks.json, saved). */
#ifndef YG_CLIENT_PINNED_KEY_H
#define YG_CLIENT_PINNED_KEY_H

#include <stddef.h>

#include "../proto/sig.h"

/* Fill pub from what; want (the record's server_key text, may be NULL)
 * chooses among the keys of a JWKS. 0, or -1 with why. */
int pinned_key_load(const char *what, const char *want, unsigned char pub[SIG_PUB_LEN], char *why,
		    size_t whylen);

#endif
