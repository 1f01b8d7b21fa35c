/* The user's own Ed25519 key: made on their terminal by `yg keygen`, kept in
 * a PEM file readable by its owner alone (default: key.pem in the yg home
 * directory). yg refuses a key file others can read, as ssh does. */
#ifndef YG_CLIENT_KEYFILE_H
#define YG_CLIENT_KEYFILE_H

#include <openssl/evp.h>

int keyfile_create(const char *path, int force);
EVP_PKEY *keyfile_load(const char *path);
void keyfile_default_path(const char *home, char *buf, size_t len);

#endif
