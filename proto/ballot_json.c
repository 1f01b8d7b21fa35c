/* JSON forms of ballots, contexts, scrutineer keys and partial decryptions
 * (proto/BALLOT.md section 9). Points and scalars are base64url of their
 * fixed-length encodings; objects have exactly the members listed, and
 * decoding refuses anything else. */
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "b64.h"
#include "ballot.h"
#include "envelope.h"
#include "jcs.h"

/* Whether obj is an object with exactly the n names as members, once each. */
bool ballot_json_members(const cJSON *obj, const char *const *names, int n)
{
	const cJSON *m;
	int count = 0, i;

	if (!cJSON_IsObject(obj))
		return false;
	for (m = obj->child; m != NULL; m = m->next, count++) {
		for (i = 0; i < n && strcmp(m->string, names[i]) != 0; i++)
			;
		if (i == n)
			return false;
	}
	for (i = 0; i < n; i++)
		if (cJSON_GetObjectItemCaseSensitive(obj, names[i]) == NULL)
			return false;
	return count == n;
}

/* The string member name of obj, or "" if it is not a string. */
static const char *bj_string(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : "";
}

/* Decode the point in member name. */
static bool bj_point(struct group *g, const cJSON *obj, const char *name, EC_POINT *out)
{
	return group_point_from_text(g, bj_string(obj, name), out);
}

/* Decode the scalar in member name. */
static bool bj_scalar(struct group *g, const cJSON *obj, const char *name,
		      unsigned char out[GROUP_SCALAR_LEN])
{
	return group_scalar_bytes_from_text(g, bj_string(obj, name), out);
}

/* An array of exactly n scalars. */
static bool bj_scalars(struct group *g, const cJSON *arr, uint32_t n,
		       unsigned char (*out)[GROUP_SCALAR_LEN])
{
	const cJSON *v;
	uint32_t i = 0;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != (int)n)
		return false;
	for (v = arr->child; v != NULL; v = v->next, i++)
		if (!cJSON_IsString(v) || !group_scalar_bytes_from_text(g, v->valuestring, out[i]))
			return false;
	return true;
}

/* A whole number from 0 to max. */
static bool bj_uint(const cJSON *obj, const char *name, uint64_t max, uint64_t *out)
{
	return envelope_uint(cJSON_GetObjectItemCaseSensitive(obj, name), out) && *out <= max;
}

/* Add a point's text form as member name. */
static bool bj_add_point(struct group *g, cJSON *obj, const char *name, const EC_POINT *p)
{
	char t[GROUP_POINT_TEXT_LEN + 1];

	return group_point_to_text(g, p, t) && cJSON_AddStringToObject(obj, name, t) != NULL;
}

/* Add a scalar's text form as member name. */
static bool bj_add_scalar(cJSON *obj, const char *name, const unsigned char s[GROUP_SCALAR_LEN])
{
	char t[GROUP_SCALAR_TEXT_LEN + 1];

	group_scalar_bytes_to_text(s, t);
	return cJSON_AddStringToObject(obj, name, t) != NULL;
}

/* Add n scalars as the array member name. */
static bool bj_add_scalars(cJSON *obj, const char *name, const unsigned char (*s)[GROUP_SCALAR_LEN],
			   uint32_t n)
{
	char t[GROUP_SCALAR_TEXT_LEN + 1];
	cJSON *arr = cJSON_AddArrayToObject(obj, name), *v;
	uint32_t i;

	for (i = 0; arr != NULL && i < n; i++) {
		group_scalar_bytes_to_text(s[i], t);
		v = cJSON_CreateString(t);
		if (v == NULL || !cJSON_AddItemToArray(arr, v)) {
			cJSON_Delete(v);
			return false;
		}
	}
	return arr != NULL;
}

/* {"c": [...], "z": [...]} members of a range proof, added to obj. */
static bool bj_add_range(cJSON *obj, const struct zkp_range *p)
{
	return bj_add_scalars(obj, "c", (const unsigned char(*)[GROUP_SCALAR_LEN])p->c,
			      p->hi - p->lo + 1) &&
	       bj_add_scalars(obj, "z", (const unsigned char(*)[GROUP_SCALAR_LEN])p->z,
			      p->hi - p->lo + 1);
}

/* One selection: {"a", "b", "c": [c0, c1], "z": [z0, z1]}. */
static bool bj_add_selection(struct group *g, cJSON *arr, const struct ballot *b, uint32_t i)
{
	cJSON *s = cJSON_CreateObject();

	if (s == NULL || !cJSON_AddItemToArray(arr, s)) {
		cJSON_Delete(s);
		return false;
	}
	return bj_add_point(g, s, "a", b->ct[i].a) && bj_add_point(g, s, "b", b->ct[i].b) &&
	       bj_add_range(s, &b->sel[i]);
}

/* {"suite", "selections": [...], "sum": {"c", "z"}}. */
cJSON *ballot_to_json(struct group *g, const struct ballot *b)
{
	cJSON *j = cJSON_CreateObject(), *arr, *sum;
	bool ok = j != NULL && cJSON_AddStringToObject(j, "suite", GROUP_SUITE) != NULL &&
		  (arr = cJSON_AddArrayToObject(j, "selections")) != NULL &&
		  (sum = cJSON_AddObjectToObject(j, "sum")) != NULL && bj_add_range(sum, &b->sum);
	uint32_t i;

	for (i = 0; ok && i < b->n; i++)
		ok = bj_add_selection(g, arr, b, i);
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* The members c and z of a range proof, each hi - lo + 1 scalars. */
static bool bj_range(struct group *g, const cJSON *obj, struct zkp_range *p)
{
	return bj_scalars(g, cJSON_GetObjectItemCaseSensitive(obj, "c"), p->hi - p->lo + 1, p->c) &&
	       bj_scalars(g, cJSON_GetObjectItemCaseSensitive(obj, "z"), p->hi - p->lo + 1, p->z);
}

/* Read selection i: {a, b, c, z}. */
static bool bj_selection(struct group *g, const cJSON *s, struct ballot *b, uint32_t i)
{
	static const char *const names[] = {"a", "b", "c", "z"};

	return ballot_json_members(s, names, 4) && bj_point(g, s, "a", b->ct[i].a) &&
	       bj_point(g, s, "b", b->ct[i].b) && bj_range(g, s, &b->sel[i]);
}

/* Read the sum proof: {c, z}. */
static bool bj_sum(struct group *g, const cJSON *s, struct zkp_range *p)
{
	static const char *const names[] = {"c", "z"};

	return ballot_json_members(s, names, 2) && bj_range(g, s, p);
}

/* Read a ballot of ctx's shape into b (initialised here, cleared on
 * failure). The proofs are not checked: see ballot_verify. */
bool ballot_from_json(struct group *g, const cJSON *j, const struct ballot_context *ctx,
		      struct ballot *b, const char **why)
{
	static const char *const names[] = {"suite", "selections", "sum"};
	const cJSON *sels = cJSON_GetObjectItemCaseSensitive(j, "selections"), *s;
	uint32_t i = 0;
	bool ok;

	*why = "the ballot's context is not valid";
	if (!ballot_init(g, b, ctx))
		return false;
	*why = "the ballot is not {suite, selections, sum} of this suite and shape";
	ok = ballot_json_members(j, names, 3) && strcmp(bj_string(j, "suite"), GROUP_SUITE) == 0 &&
	     cJSON_IsArray(sels) && cJSON_GetArraySize(sels) == (int)ctx->options;
	for (s = ok ? sels->child : NULL; ok && s != NULL; s = s->next, i++) {
		*why = "a selection is not {a, b, c, z} with valid points and scalars";
		ok = bj_selection(g, s, b, i);
	}
	if (ok)
		*why = "the sum proof is not {c, z} with the right number of valid scalars";
	ok = ok && bj_sum(g, cJSON_GetObjectItemCaseSensitive(j, "sum"), &b->sum);
	if (!ok)
		ballot_clear(b);
	else
		*why = NULL;
	return ok;
}

/* The voter's receipt: SHA-256 of the canonical JSON of the ballot. */
bool ballot_receipt(struct group *g, const struct ballot *b, unsigned char out[BALLOT_RECEIPT_LEN])
{
	cJSON *j = ballot_to_json(g, b);
	size_t len = 0;
	char *text = j != NULL ? jcs_encode(j, &len) : NULL;
	bool ok = text != NULL && SHA256((const unsigned char *)text, len, out) != NULL;

	free(text);
	cJSON_Delete(j);
	return ok;
}

/* Every field of ctx, with the voter's. */
cJSON *ballot_context_to_json(struct group *g, const struct ballot_context *ctx)
{
	char q[B64_ENCODED_LEN(BALLOT_QUESTION_LEN) + 1], vk[SIG_PUB_TEXT_LEN + 1];
	cJSON *j = cJSON_CreateObject();
	bool ok;

	b64url_encode(ctx->question, BALLOT_QUESTION_LEN, q, sizeof(q));
	sig_pub_to_text(ctx->voter_pub, vk);
	ok = j != NULL && cJSON_AddStringToObject(j, "suite", GROUP_SUITE) != NULL &&
	     cJSON_AddNumberToObject(j, "committee", (double)ctx->committee) != NULL &&
	     cJSON_AddNumberToObject(j, "meeting", (double)ctx->meeting) != NULL &&
	     cJSON_AddNumberToObject(j, "item", (double)ctx->item) != NULL &&
	     cJSON_AddNumberToObject(j, "round", (double)ctx->round) != NULL &&
	     cJSON_AddNumberToObject(j, "options", ctx->options) != NULL &&
	     cJSON_AddNumberToObject(j, "min", ctx->min_sel) != NULL &&
	     cJSON_AddNumberToObject(j, "max", ctx->max_sel) != NULL &&
	     cJSON_AddStringToObject(j, "question", q) != NULL &&
	     bj_add_point(g, j, "key", ctx->key) &&
	     cJSON_AddNumberToObject(j, "voter", (double)ctx->voter) != NULL &&
	     cJSON_AddStringToObject(j, "voter_key", vk) != NULL;
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* The numbers of a context: ids up to 2^53-1, the shape up to 2^32-1. */
static bool bj_context_numbers(const cJSON *j, struct ballot_context *ctx)
{
	uint64_t o = 0, lo = 0, hi = 0;
	bool ok = bj_uint(j, "committee", UINT64_MAX, &ctx->committee) &&
		  bj_uint(j, "meeting", UINT64_MAX, &ctx->meeting) &&
		  bj_uint(j, "item", UINT64_MAX, &ctx->item) &&
		  bj_uint(j, "round", UINT64_MAX, &ctx->round) &&
		  bj_uint(j, "voter", UINT64_MAX, &ctx->voter) &&
		  bj_uint(j, "options", UINT32_MAX, &o) && bj_uint(j, "min", UINT32_MAX, &lo) &&
		  bj_uint(j, "max", UINT32_MAX, &hi);

	ctx->options = (uint32_t)o;
	ctx->min_sel = (uint32_t)lo;
	ctx->max_sel = (uint32_t)hi;
	return ok && ballot_context_valid(ctx);
}

/* Read a context into ctx, initialised here (cleared on failure). */
bool ballot_context_from_json(struct group *g, const cJSON *j, struct ballot_context *ctx,
			      const char **why)
{
	static const char *const names[] = {"suite",    "committee", "meeting", "item",
					    "round",    "options",   "min",     "max",
					    "question", "key",       "voter",   "voter_key"};
	const char *q = bj_string(j, "question");
	bool ok = ballot_context_init(g, ctx) && ballot_json_members(j, names, 12) &&
		  strcmp(bj_string(j, "suite"), GROUP_SUITE) == 0 && bj_context_numbers(j, ctx) &&
		  strlen(q) == B64_ENCODED_LEN(BALLOT_QUESTION_LEN) &&
		  b64url_decode(q, ctx->question, BALLOT_QUESTION_LEN) == BALLOT_QUESTION_LEN &&
		  bj_point(g, j, "key", ctx->key) &&
		  sig_pub_from_text(bj_string(j, "voter_key"), ctx->voter_pub);

	*why = ok ? NULL : "the ballot context is malformed";
	if (!ok)
		ballot_context_clear(ctx);
	return ok;
}

/* {"key", "proof": {"c", "z"}}. */
cJSON *ballot_pubkey_to_json(struct group *g, const struct ballot_pubkey *pk)
{
	cJSON *j = cJSON_CreateObject(), *p;
	bool ok = j != NULL && bj_add_point(g, j, "key", pk->key) &&
		  (p = cJSON_AddObjectToObject(j, "proof")) != NULL &&
		  bj_add_scalar(p, "c", pk->proof.c) && bj_add_scalar(p, "z", pk->proof.z);

	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Read a scrutineer's key into pk (initialised here, cleared on failure);
 * its proof is checked by ballot_key_verify. */
bool ballot_pubkey_from_json(struct group *g, const cJSON *j, struct ballot_pubkey *pk,
			     const char **why)
{
	static const char *const names[] = {"key", "proof"}, *const pnames[] = {"c", "z"};
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "proof");
	bool ok = ballot_pubkey_init(g, pk) && ballot_json_members(j, names, 2) &&
		  ballot_json_members(p, pnames, 2) && bj_point(g, j, "key", pk->key) &&
		  bj_scalar(g, p, "c", pk->proof.c) && bj_scalar(g, p, "z", pk->proof.z);

	*why = ok ? NULL : "the scrutineer key is not {key, proof: {c, z}} with valid values";
	if (!ok)
		ballot_pubkey_clear(pk);
	return ok;
}

/* {"decryptions": [{"d", "c", "z"}, ...]}, one per option. */
cJSON *ballot_share_to_json(struct group *g, const struct ballot_share *s)
{
	cJSON *j = cJSON_CreateObject(), *arr, *d;
	bool ok = j != NULL && (arr = cJSON_AddArrayToObject(j, "decryptions")) != NULL;
	uint32_t i;

	for (i = 0; ok && i < s->n; i++) {
		d = cJSON_CreateObject();
		if (d == NULL || !cJSON_AddItemToArray(arr, d)) {
			cJSON_Delete(d);
			ok = false;
			break;
		}
		ok = bj_add_point(g, d, "d", s->d[i]) && bj_add_scalar(d, "c", s->proof[i].c) &&
		     bj_add_scalar(d, "z", s->proof[i].z);
	}
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Read a partial decryption of n options into s (initialised here,
 * cleared on failure); its proofs are checked by ballot_share_verify. */
bool ballot_share_from_json(struct group *g, const cJSON *j, uint32_t n, struct ballot_share *s,
			    const char **why)
{
	static const char *const names[] = {"decryptions"}, *const dnames[] = {"d", "c", "z"};
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "decryptions"), *d;
	bool ok = ballot_share_init(g, s, n) && ballot_json_members(j, names, 1) &&
		  cJSON_IsArray(arr) && cJSON_GetArraySize(arr) == (int)n;
	uint32_t i = 0;

	for (d = ok ? arr->child : NULL; ok && d != NULL; d = d->next, i++)
		ok = ballot_json_members(d, dnames, 3) && bj_point(g, d, "d", s->d[i]) &&
		     bj_scalar(g, d, "c", s->proof[i].c) && bj_scalar(g, d, "z", s->proof[i].z);
	*why = ok ? NULL
		  : "the partial decryption is not {decryptions: [{d, c, z}...]} as expected";
	if (!ok)
		ballot_share_clear(s);
	return ok;
}
