/* The JSON forms of the ballot cryptography (proto/ballot_json.c), as ygd
 * reads a cast ballot and `yg verify` reads a record. The input is one
 * object: {"election": context, "ballot": ..., "public": scrutineer key,
 * "decryptions": a partial decryption}; each present part is read, and
 * what reads writes back to the same canonical JSON. A ballot that reads
 * under its context is also verified and its receipt taken. */
#include "../../proto/ballot.h"
#include "../../proto/jcs.h"
#include "fuzz.h"

static struct group *g;

/* Deterministic "randomness": nothing here encrypts or proves. */
static bool fixed_rand(void *arg, unsigned char *buf, size_t len)
{
	(void)arg;
	memset(buf, 7, len);
	return true;
}

/* Two JSON values with the same canonical text. */
static void check_same(const cJSON *a, cJSON *b)
{
	char *x = jcs_encode(a, NULL), *y = jcs_encode(b, NULL);

	FUZZ_CHECK(x != NULL && y != NULL && strcmp(x, y) == 0);
	free(x);
	free(y);
	cJSON_Delete(b);
}

/* The ballot under ctx: read, written back, verified, its receipt. */
static void check_ballot(const struct ballot_context *ctx, const cJSON *j)
{
	unsigned char receipt[BALLOT_RECEIPT_LEN];
	struct ballot *b = malloc(sizeof(*b));
	const char *why = NULL;

	if (b == NULL)
		return;
	if (ballot_from_json(g, j, ctx, b, &why)) {
		FUZZ_CHECK(why == NULL && b->n == ctx->options);
		check_same(j, ballot_to_json(g, b));
		FUZZ_CHECK(ballot_receipt(g, b, receipt));
		(void)ballot_verify(g, ctx, b, &why);
		ballot_clear(b);
	} else {
		FUZZ_CHECK(why != NULL);
	}
	free(b);
}

/* A scrutineer's key: read and written back. */
static void check_pubkey(const cJSON *j)
{
	struct ballot_pubkey pk;
	const char *why = NULL;

	if (!ballot_pubkey_from_json(g, j, &pk, &why))
		return;
	check_same(j, ballot_pubkey_to_json(g, &pk));
	ballot_pubkey_clear(&pk);
}

/* A partial decryption of n options: read and written back. */
static void check_share(const cJSON *j, uint32_t n)
{
	struct ballot_share *s = malloc(sizeof(*s));
	const char *why = NULL;

	if (s != NULL && ballot_share_from_json(g, j, n, s, &why)) {
		check_same(j, ballot_share_to_json(g, s));
		ballot_share_clear(s);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *j = fuzz_json(data, size);
	struct ballot_context ctx;
	const char *why = NULL;
	uint32_t n = 3;

	if (g == NULL)
		g = group_new(fixed_rand, NULL);
	FUZZ_CHECK(g != NULL);
	if (j == NULL)
		return 0;
	if (ballot_context_from_json(g, cJSON_GetObjectItemCaseSensitive(j, "election"), &ctx,
				     &why)) {
		FUZZ_CHECK(ballot_context_valid(&ctx));
		check_same(cJSON_GetObjectItemCaseSensitive(j, "election"),
			   ballot_context_to_json(g, &ctx));
		check_ballot(&ctx, cJSON_GetObjectItemCaseSensitive(j, "ballot"));
		n = ctx.options;
		ballot_context_clear(&ctx);
	}
	check_pubkey(cJSON_GetObjectItemCaseSensitive(j, "public"));
	check_share(cJSON_GetObjectItemCaseSensitive(j, "decryptions"), n);
	cJSON_Delete(j);
	return 0;
}
