#include <string.h>

#include <openssl/evp.h>

#include "correction.h"

static const char correction_tag[] = "yangguang/v1/minutes-correction"; /* with its NUL: 32 */

/* The bytes the clerk and the chair sign for a correction. */
size_t correction_message(uint64_t meeting, const char *minutes_text, const char *text,
			  const char *reason, unsigned char out[CORRECTION_MSG_LEN])
{
	const char *parts[3] = {minutes_text, text, reason};
	size_t off = sizeof(correction_tag);
	unsigned int n;
	int i;

	memcpy(out, correction_tag, sizeof(correction_tag));
	for (i = 7; i >= 0; i--)
		out[off++] = (unsigned char)(meeting >> (8 * i));
	for (i = 0; i < 3; i++) {
		n = 0;
		EVP_Digest(parts[i], strlen(parts[i]), out + off, &n, EVP_sha256(), NULL);
		off += n;
	}
	return off;
}
