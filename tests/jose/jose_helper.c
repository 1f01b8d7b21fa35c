/* The C side of the JOSE cross-check (tests/jose/check.mjs):
 *   jose_helper sign DIR     write JWS files made by proto/jws.c, and
 *                            canonical JSON made by proto/jcs.c, into DIR
 *   jose_helper verify DIR   verify DIR/node.jws, which jose signed
 * so that an implementation we did not write checks ours both ways. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../proto/b64.h"
#include "../../proto/jcs.h"
#include "../../proto/jws.h"
#include "../vectors/vecio.h"

/* Write text to DIR/name. */
static int put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		fprintf(stderr, "jose_helper: cannot write %s\n", path);
		return 1;
	}
	return 0;
}

/* The public key as a JWK (RFC 8037). */
static char *jwk_text(EVP_PKEY *key)
{
	unsigned char pub[SIG_PUB_LEN];
	char x[B64_ENCODED_LEN(SIG_PUB_LEN) + 1], *out = malloc(128);

	sig_public(key, pub);
	b64url_encode(pub, sizeof(pub), x, sizeof(x));
	if (out != NULL)
		snprintf(out, 128, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\"}", x);
	return out;
}

/* An array of numbers of every magnitude, from random bit patterns, written
 * with %.17g (exact; cJSON's own printing may round), and its canonical
 * form, for comparing number formatting with ECMAScript's. */
static int put_numbers(const char *dir)
{
	cJSON *arr = cJSON_CreateArray();
	size_t cap = 32 * 4100, len = 1;
	char *in = malloc(cap), *out;
	unsigned char b[8];
	double v;
	int i, rc;

	for (i = 0; in != NULL && i < 4000; i++) {
		RAND_bytes(b, sizeof(b));
		memcpy(&v, b, sizeof(v));
		if (i % 4 == 0)
			v = (double)((int64_t)(b[0] | b[1] << 8 | b[2] << 16) - 1000000) / 1000.0;
		if (!isfinite(v))
			continue;
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(v));
		len += (size_t)snprintf(in + len, cap - len, "%s%.17g", len > 1 ? "," : "", v);
	}
	if (in != NULL) {
		in[0] = '[';
		snprintf(in + len, cap - len, "]");
	}
	out = jcs_encode(arr, NULL);
	rc = in == NULL || out == NULL || put(dir, "numbers.json", in) ||
	     put(dir, "numbers.jcs", out);
	free(in);
	free(out);
	cJSON_Delete(arr);
	return rc;
}

static int sign(const char *dir)
{
	cJSON *doc = cJSON_Parse("{\"type\":\"tally\",\"item\":20,\"counts\":[2,1,1],"
				 "\"outcome\":\"同意 passes\",\"z\":{\"b\":true,\"a\":null}}");
	EVP_PKEY *key = sig_keygen();
	char *compact = jws_sign(key, "yg-tally", doc, false);
	char *detached = jws_sign(key, "yg-tally", doc, true);
	char *payload = jcs_encode(doc, NULL), *jwk = jwk_text(key);
	int rc = compact == NULL || detached == NULL || payload == NULL || jwk == NULL ||
		 put(dir, "compact.jws", compact) || put(dir, "detached.jws", detached) ||
		 put(dir, "payload.json", payload) || put(dir, "key.jwk", jwk) || put_numbers(dir);

	free(compact);
	free(detached);
	free(payload);
	free(jwk);
	EVP_PKEY_free(key);
	cJSON_Delete(doc);
	return rc;
}

/* Verify the JWS that jose made with the key in node.jwk. */
static int verify(const char *dir)
{
	char path[512], *jws, *jwk;
	unsigned char pub[SIG_PUB_LEN];
	cJSON *k, *payload = NULL;
	const char *why = "files missing";
	int rc = 1;

	snprintf(path, sizeof(path), "%s/node.jws", dir);
	setenv("YG_VECTORS_DIR", dir, 1);
	jws = vec_read("node.jws", NULL);
	jwk = vec_read("node.jwk", NULL);
	k = jwk != NULL ? cJSON_Parse(jwk) : NULL;
	if (jws != NULL && k != NULL &&
	    b64url_decode(vec_str(k, "x"), pub, sizeof(pub)) == SIG_PUB_LEN)
		payload = jws_verify(jws, pub, NULL, &why);
	if (payload != NULL && strcmp(vec_str(payload, "by"), "jose") == 0)
		rc = 0;
	printf("jose_helper: %s: %s\n", path, rc == 0 ? "verified by proto/jws.c" : why);
	cJSON_Delete(payload);
	cJSON_Delete(k);
	free(jws);
	free(jwk);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "sign") == 0)
		return sign(argv[2]);
	if (argc == 3 && strcmp(argv[1], "verify") == 0)
		return verify(argv[2]);
	fprintf(stderr, "usage: jose_helper sign|verify DIR\n");
	return 2;
}
