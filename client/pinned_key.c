#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/b64.h"
#include "../proto/strictjson.h"
#include "../proto/xalloc.h"
#include "pinned_key.h"

#define PINNED_MAX_FILE (64 * 1024)

/* An Ed25519 JWK (RFC 8037): kty OKP, crv Ed25519, x the 32 bytes. */
static int pinned_jwk(const cJSON *k, unsigned char pub[SIG_PUB_LEN])
{
	const char *kty = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(k, "kty"));
	const char *crv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(k, "crv"));
	const char *x = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(k, "x"));

	if (kty == NULL || crv == NULL || x == NULL || strcmp(kty, "OKP") != 0 ||
	    strcmp(crv, "Ed25519") != 0 || strlen(x) != 43 ||
	    b64url_decode(x, pub, SIG_PUB_LEN) != SIG_PUB_LEN)
		return -1;
	return 0;
}

/* The key of a JWK, or of a JWKS the one matching want (else its first). */
static int pinned_from_json(const cJSON *doc, const char *want, unsigned char pub[SIG_PUB_LEN],
			    char *why, size_t whylen)
{
	const cJSON *keys = cJSON_GetObjectItemCaseSensitive(doc, "keys"), *k;
	unsigned char cand[SIG_PUB_LEN], w[SIG_PUB_LEN];
	int found = 0;

	if (!cJSON_IsArray(keys)) {
		if (pinned_jwk(doc, pub) == 0)
			return 0;
		snprintf(why, whylen, "the file is not an Ed25519 JWK or a JWKS");
		return -1;
	}
	cJSON_ArrayForEach(k, keys) {
		if (pinned_jwk(k, cand) != 0)
			continue;
		if (!found || (want != NULL && sig_pub_from_text(want, w) &&
			       memcmp(w, cand, SIG_PUB_LEN) == 0))
			memcpy(pub, cand, SIG_PUB_LEN);
		found = 1;
	}
	if (!found)
		snprintf(why, whylen, "the JWKS holds no Ed25519 key");
	return found ? 0 : -1;
}

int pinned_key_load(const char *what, const char *want, unsigned char pub[SIG_PUB_LEN], char *why,
		    size_t whylen)
{
	FILE *f;
	char *text;
	size_t n;
	cJSON *doc;
	int rc;

	if (strncmp(what, "ed25519:", 8) == 0) {
		if (sig_pub_from_text(what, pub))
			return 0;
		snprintf(why, whylen, "not an ed25519: key");
		return -1;
	}
	if (strncmp(what, "http://", 7) == 0 || strncmp(what, "https://", 8) == 0) {
		snprintf(why, whylen,
			 "yg does not fetch URLs: save the portal's JWKS (curl -o jwks.json URL) "
			 "and give the file");
		return -1;
	}
	f = fopen(what, "rb");
	text = f != NULL ? xmalloc(PINNED_MAX_FILE + 1) : NULL;
	n = text != NULL ? fread(text, 1, PINNED_MAX_FILE + 1, f) : 0;
	if (f != NULL)
		fclose(f);
	if (text == NULL || n == 0 || n > PINNED_MAX_FILE) {
		free(text);
		snprintf(why, whylen, "neither an ed25519: key nor a readable JWK or JWKS file");
		return -1;
	}
	doc = strictjson_parse(text, n, 0, why, whylen);
	free(text);
	if (doc == NULL)
		return -1;
	rc = pinned_from_json(doc, want, pub, why, whylen);
	cJSON_Delete(doc);
	return rc;
}
