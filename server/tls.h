/* The server's TLS context: TLS 1.3 only, our certificate and key. */
#ifndef YG_SERVER_TLS_H
#define YG_SERVER_TLS_H

#include <openssl/ssl.h>

#include "../proto/fingerprint.h"

SSL_CTX *tls_server_ctx(const char *cert, const char *key, char fp[FINGERPRINT_LEN + 1]);
void tls_log_errors(const char *what);

#endif
