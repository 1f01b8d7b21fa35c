/* Signed documents (proto/jws.c). The input is tried as a compact and as a
 * detached JWS under the key of tests/vectors/ballot/jws.json; and, when
 * it is JSON, signed with that key, which must verify to the same
 * canonical document. */
#include <openssl/evp.h>

#include "../../proto/jcs.h"
#include "../../proto/jws.h"
#include "fuzz.h"

#define TYP "yg-tally"

static EVP_PKEY *key;
static unsigned char pub[SIG_PUB_LEN];
static cJSON *vector_payload;

/* The vector's key and payload, made once and kept for the whole run. */
static void setup(void)
{
	static const unsigned char seed[32] = {0xc4, 0xee, 0xf8, 0x87, 0xfa, 0x8c, 0x42, 0x75,
					       0xb4, 0x4f, 0x11, 0xf0, 0x5d, 0x97, 0xd0, 0x67,
					       0x7e, 0x23, 0x55, 0x4c, 0xdc, 0x65, 0xae, 0x34,
					       0xa5, 0x8f, 0xed, 0x84, 0x4c, 0x4c, 0x52, 0xa7};

	if (key != NULL)
		return;
	key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
	FUZZ_CHECK(key != NULL && sig_public(key, pub));
	vector_payload = cJSON_Parse(
		"{\"board\":\"3q2-7w\",\"committee\":1,\"counts\":[2,1,1],\"eligible\":9,"
		"\"item\":20,\"meeting\":7,\"outcome\":\"同意 passes\",\"round\":1,"
		"\"type\":\"tally\",\"voted\":4}");
	FUZZ_CHECK(vector_payload != NULL);
}

/* Two documents are the same when their canonical texts are. */
static bool same_doc(const cJSON *a, const cJSON *b)
{
	char *x = jcs_encode(a, NULL), *y = jcs_encode(b, NULL);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Sign j both ways; both must verify, and nothing else with them. */
static void check_sign(const cJSON *j)
{
	char *compact = jws_sign(key, TYP, j, false), *detached = jws_sign(key, TYP, j, true);
	const char *why = NULL;
	cJSON *back;

	/* Only what has a canonical form can be signed. */
	if (compact == NULL || detached == NULL) {
		char *canon = jcs_encode(j, NULL);

		FUZZ_CHECK(canon == NULL);
		goto out;
	}
	back = jws_verify(compact, pub, TYP, &why);
	FUZZ_CHECK(back != NULL && why == NULL && same_doc(back, j));
	cJSON_Delete(back);
	FUZZ_CHECK(jws_verify_detached(detached, pub, TYP, j, &why));
	FUZZ_CHECK(jws_verify(compact, pub, "other", &why) == NULL);
	FUZZ_CHECK(jws_verify(detached, pub, TYP, &why) == NULL);
out:
	free(compact);
	free(detached);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	const char *why = NULL;
	cJSON *payload, *j;

	setup();
	if (text == NULL)
		return 0;
	payload = jws_verify(text, pub, TYP, &why);
	FUZZ_CHECK((payload == NULL) == (why != NULL));
	cJSON_Delete(payload);
	(void)jws_verify_detached(text, pub, TYP, vector_payload, &why);
	(void)jws_verify(text, pub, NULL, &why);
	j = fuzz_json(data, size);
	if (j != NULL)
		check_sign(j);
	cJSON_Delete(j);
	free(text);
	return 0;
}
