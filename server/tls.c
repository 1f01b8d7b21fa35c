#include <openssl/err.h>

#include "log.h"
#include "tls.h"

/* Log and clear OpenSSL's error queue. */
void tls_log_errors(const char *what)
{
	unsigned long e;
	char buf[256];

	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		log_error("%s: %s", what, buf);
	}
}

/* Build the context terminals connect to, and give the certificate's
 * fingerprint; NULL with the reason logged if the files are unusable. */
SSL_CTX *tls_server_ctx(const char *cert, const char *key, char fp[FINGERPRINT_LEN + 1])
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL)
		goto bad;
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION))
		goto bad;
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		log_error("cannot load certificate %s", cert);
		goto bad;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		log_error("cannot load private key %s, or it does not match %s", key, cert);
		goto bad;
	}
	if (!fingerprint_x509(SSL_CTX_get0_certificate(ctx), fp))
		goto bad;
	/* Idle connections give their buffers back: most terminals sit quiet. */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	return ctx;
bad:
	tls_log_errors("tls");
	SSL_CTX_free(ctx);
	return NULL;
}
