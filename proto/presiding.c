#include <string.h>

#include <openssl/evp.h>

#include "presiding.h"

static const char succession_tag[] = "yangguang/v1/succession"; /* with its NUL: 24 bytes */

static size_t put_u64(unsigned char *out, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--)
		*out++ = (unsigned char)(v >> (8 * i));
	return 8;
}

/* The bytes whoever names a successor signs. */
size_t presiding_succession_message(uint64_t meeting, uint64_t item, uint64_t successor,
				    const char *reason, unsigned char out[SUCCESSION_MSG_LEN])
{
	unsigned int n = 0;
	size_t off = sizeof(succession_tag);

	memcpy(out, succession_tag, sizeof(succession_tag));
	off += put_u64(out + off, meeting);
	off += put_u64(out + off, item);
	off += put_u64(out + off, successor);
	EVP_Digest(reason, strlen(reason), out + off, &n, EVP_sha256(), NULL);
	return off + n;
}
