/* Signed requests (PROTOCOL.md §7a). Every request that changes state is
 * signed by the person who makes it, with their own Ed25519 key:
 *
 *   Ed25519( "yangguang/v1/request" || 0x00 || JCS(R without "signature") )
 *
 * where R, the signed request, is
 *
 *   {"op", "args", "committee", "key", "nonce", "at", "head", "signature"}
 *
 * `nonce` is 16 random bytes (base64url), `at` the terminal's UTC time,
 * `head` the meeting-log head the terminal last saw ({"meeting", "seq",
 * "hash"}) or null. On the wire the request frame carries all of R but op
 * and args as its member "sig"; ygd stores R whole with the log entry it
 * causes, so anyone can check it offline. Entries ygd makes itself carry an
 * R signed by the server key, with "key" the server's. */
#ifndef YG_PROTO_REQSIG_H
#define YG_PROTO_REQSIG_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "sig.h"

#define REQSIG_TAG       "yangguang/v1/request"
#define REQSIG_NONCE_LEN 16
#define REQSIG_SKEW_S    300 /* how far `at` may be from the server's clock */
#define REQSIG_AT_LEN    24  /* "2026-12-06T19:30:00.123Z" */

/* Whether op changes state and so must be signed (proto/operations.c). */
bool reqsig_state_changing(const char *op);

/* The "sig" member for a request of op with args, signed with key. head
 * may be NULL (no meeting log seen). NULL on failure. */
cJSON *reqsig_sign(EVP_PKEY *key, const char *op, const cJSON *args, long long committee,
		   const cJSON *head);

/* The same with a given nonce and time (`at`, RFC 3339 UTC): for test
 * vectors, and tests of the time window. */
cJSON *reqsig_sign_with(EVP_PKEY *key, const char *op, const cJSON *args, long long committee,
			const cJSON *head, const unsigned char nonce[REQSIG_NONCE_LEN],
			const char *at);

/* R, the signed request, from a frame's op, args and sig member (copied);
 * NULL with why when sig has not R's shape. */
cJSON *reqsig_stored(const char *op, const cJSON *args, const cJSON *sig, const char **why);

/* Whether R is well formed and its signature is by its own key; the key's
 * raw bytes in pub, `at` in seconds in *at. why says what failed. */
bool reqsig_verify(const cJSON *r, unsigned char pub[SIG_PUB_LEN], long long *at, const char **why);

/* The UTC time now in the form of `at`. */
void reqsig_now(char out[REQSIG_AT_LEN + 1]);

#endif
