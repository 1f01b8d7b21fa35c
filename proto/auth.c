#include <string.h>

#include "auth.h"

static const char *const auth_tags[] = {
	[AUTH_LOGIN] = "yangguang/v1/login",
	[AUTH_REGISTER] = "yangguang/v1/register",
};

/* Build the message to sign; returns its length. */
size_t auth_message(enum auth_purpose purpose, const unsigned char binding[AUTH_BINDING_LEN],
		    const unsigned char nonce[AUTH_NONCE_LEN], uint64_t committee,
		    const unsigned char pub[SIG_PUB_LEN], unsigned char out[AUTH_MSG_MAX])
{
	size_t n = strlen(auth_tags[purpose]) + 1;
	int i;

	memcpy(out, auth_tags[purpose], n);
	memcpy(out + n, binding, AUTH_BINDING_LEN);
	n += AUTH_BINDING_LEN;
	memcpy(out + n, nonce, AUTH_NONCE_LEN);
	n += AUTH_NONCE_LEN;
	for (i = 7; i >= 0; i--)
		out[n++] = (unsigned char)(committee >> (8 * i));
	memcpy(out + n, pub, SIG_PUB_LEN);
	return n + SIG_PUB_LEN;
}

/* This connection's channel binding, the same on both ends. */
bool auth_binding(SSL *ssl, unsigned char out[AUTH_BINDING_LEN])
{
	return SSL_export_keying_material(ssl, out, AUTH_BINDING_LEN, AUTH_EXPORTER_LABEL,
					  strlen(AUTH_EXPORTER_LABEL), NULL, 0, 0) == 1;
}
