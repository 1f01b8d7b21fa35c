#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "fingerprint.h"
#include "hex.h"

/* The fingerprint of cert. */
bool fingerprint_x509(X509 *cert, char out[FINGERPRINT_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!X509_digest(cert, EVP_sha256(), md, &n) || n * 2 != FINGERPRINT_LEN)
		return false;
	hex_encode(md, n, out);
	return true;
}

/* Accept a fingerprint as people copy it: an optional "sha256:" prefix,
 * upper or lower case, with or without colons or spaces between bytes. */
bool fingerprint_normalize(const char *in, char out[FINGERPRINT_LEN + 1])
{
	size_t n = 0;

	if (strncasecmp(in, "sha256:", 7) == 0)
		in += 7;
	for (; *in; in++) {
		if (*in == ':' || *in == ' ')
			continue;
		if (!isxdigit((unsigned char)*in) || n == FINGERPRINT_LEN)
			return false;
		out[n++] = (char)tolower((unsigned char)*in);
	}
	out[n] = '\0';
	return n == FINGERPRINT_LEN;
}
