#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "b64.h"
#include "jcs.h"
#include "operations.h"
#include "reqsig.h"
#include "timestamp.h"
#include "xalloc.h"

/* Whether op changes state and so must be signed by its caller: every
 * operation the table (proto/operations.c) marks as changing state and
 * that needs a logged-in caller. The anonymous ones, observer.register
 * (signed its own way, PROTOCOL.md §7) and comment.submit (the public),
 * cannot be; the reading ones need not (minutes.get and meeting.record make
 * a closed meeting's minutes on first ask, but what they make follows from
 * the log alone). */
bool reqsig_state_changing(const char *op)
{
	const struct op_def *d = op_def_find(op);

	return d != NULL && (d->flags & OPD_CHANGES) && !(d->roles & ROLE_PUBLIC);
}

/* The UTC time now, to the millisecond. */
void reqsig_now(char out[REQSIG_AT_LEN + 1])
{
	struct timespec ts;
	struct tm tm;
	char ms[8];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, REQSIG_AT_LEN + 1, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ms, sizeof(ms), ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
	memcpy(out + 19, ms, 6);
}

/* The message signed for r: the tag, a zero byte, JCS of r without its
 * signature. Caller frees. */
static unsigned char *reqsig_message(const cJSON *r, size_t *len)
{
	cJSON *copy = cJSON_Duplicate(r, 1);
	size_t tlen = strlen(REQSIG_TAG) + 1, jlen;
	unsigned char *msg = NULL;
	char *jcs;

	if (copy == NULL)
		return NULL;
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "signature");
	jcs = jcs_encode(copy, &jlen);
	cJSON_Delete(copy);
	if (jcs != NULL && (msg = xmalloc(tlen + jlen)) != NULL) {
		memcpy(msg, REQSIG_TAG, tlen);
		memcpy(msg + tlen, jcs, jlen);
		*len = tlen + jlen;
	}
	free(jcs);
	return msg;
}

/* The "sig" member for a request of op with args, signed with key, with
 * the given nonce (16 bytes) and time. */
cJSON *reqsig_sign_with(EVP_PKEY *key, const char *op, const cJSON *args, long long committee,
			const cJSON *head, const unsigned char nonce[REQSIG_NONCE_LEN],
			const char *at)
{
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], *msg = NULL;
	char pub_text[SIG_PUB_TEXT_LEN + 1], nonce_text[B64_ENCODED_LEN(REQSIG_NONCE_LEN) + 1];
	char sig_text[SIG_TEXT_LEN + 1];
	cJSON *s = cJSON_CreateObject(), *r = NULL;
	size_t len;
	bool ok = false;

	if (!sig_public(key, pub))
		goto done;
	sig_pub_to_text(pub, pub_text);
	b64url_encode(nonce, REQSIG_NONCE_LEN, nonce_text, sizeof(nonce_text));
	cJSON_AddNumberToObject(s, "committee", (double)committee);
	cJSON_AddStringToObject(s, "key", pub_text);
	cJSON_AddStringToObject(s, "nonce", nonce_text);
	cJSON_AddStringToObject(s, "at", at);
	cJSON_AddItemToObject(s, "head",
			      head != NULL ? cJSON_Duplicate(head, 1) : cJSON_CreateNull());
	r = cJSON_Duplicate(s, 1);
	cJSON_AddStringToObject(r, "op", op);
	cJSON_AddItemToObject(r, "args",
			      args != NULL ? cJSON_Duplicate(args, 1) : cJSON_CreateObject());
	msg = reqsig_message(r, &len);
	if (msg == NULL || !sig_sign(key, msg, len, sig))
		goto done;
	sig_to_text(sig, sig_text);
	cJSON_AddStringToObject(s, "signature", sig_text);
	ok = true;
done:
	free(msg);
	cJSON_Delete(r);
	if (!ok) {
		cJSON_Delete(s);
		return NULL;
	}
	return s;
}

/* The "sig" member for a request of op with args, signed with key now,
 * with a fresh nonce. */
cJSON *reqsig_sign(EVP_PKEY *key, const char *op, const cJSON *args, long long committee,
		   const cJSON *head)
{
	unsigned char nonce[REQSIG_NONCE_LEN];
	char at[REQSIG_AT_LEN + 1];

	if (RAND_bytes(nonce, sizeof(nonce)) != 1)
		return NULL;
	reqsig_now(at);
	return reqsig_sign_with(key, op, args, committee, head, nonce, at);
}

/* Whether head is null or {"meeting", "seq", "hash"} of the right types. */
static bool reqsig_head_ok(const cJSON *head)
{
	const cJSON *m, *h;
	int n = 0;

	if (cJSON_IsNull(head))
		return true;
	if (!cJSON_IsObject(head))
		return false;
	cJSON_ArrayForEach(m, head) {
		n++;
		if ((strcmp(m->string, "meeting") == 0 || strcmp(m->string, "seq") == 0) &&
		    cJSON_IsNumber(m) && m->valuedouble >= 0 && m->valuedouble < 9007199254740992.0)
			continue;
		if (strcmp(m->string, "hash") == 0 && cJSON_IsString(m) &&
		    strlen(m->valuestring) == 64)
			continue;
		return false;
	}
	h = cJSON_GetObjectItemCaseSensitive(head, "hash");
	return n == 3 && h != NULL && strspn(h->valuestring, "0123456789abcdef") == 64;
}

/* R from a frame's op, args and sig member. */
cJSON *reqsig_stored(const char *op, const cJSON *args, const cJSON *sig, const char **why)
{
	static const char *const names[] = {"committee", "key", "nonce", "at", "head", "signature"};
	const cJSON *m;
	cJSON *r;
	size_t i;

	if (!cJSON_IsObject(sig)) {
		*why = "\"sig\" must be an object";
		return NULL;
	}
	cJSON_ArrayForEach(m, sig) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(m->string, names[i]) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			*why = "\"sig\" has an unknown member";
			return NULL;
		}
	}
	r = cJSON_Duplicate(sig, 1);
	cJSON_AddStringToObject(r, "op", op);
	cJSON_AddItemToObject(r, "args",
			      args != NULL ? cJSON_Duplicate(args, 1) : cJSON_CreateObject());
	return r;
}

/* A string member of o, or NULL. */
static const char *reqsig_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Whether R's members are exactly the eight, of the right types. */
static bool reqsig_shape(const cJSON *r, const char **why)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(r, "committee");
	const char *nonce = reqsig_str(r, "nonce");
	unsigned char raw[REQSIG_NONCE_LEN + 2];
	int n = cJSON_GetArraySize(r);

	if (n != 8 || reqsig_str(r, "op") == NULL ||
	    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(r, "args"))) {
		*why = "the signed request must hold exactly op, args, committee, key, nonce, at, "
		       "head "
		       "and signature";
		return false;
	}
	if (!cJSON_IsNumber(c) || c->valuedouble < 1 || c->valuedouble >= 9007199254740992.0) {
		*why = "the signed request's committee is not a committee id";
		return false;
	}
	if (nonce == NULL || b64url_decode(nonce, raw, sizeof(raw)) != REQSIG_NONCE_LEN) {
		*why = "the signed request's nonce is not 16 bytes of base64url";
		return false;
	}
	if (!reqsig_head_ok(cJSON_GetObjectItemCaseSensitive(r, "head"))) {
		*why = "the signed request's head is not null or {meeting, seq, hash}";
		return false;
	}
	return true;
}

/* Whether R is well formed and signed by its own key. */
bool reqsig_verify(const cJSON *r, unsigned char pub[SIG_PUB_LEN], long long *at, const char **why)
{
	const char *key, *sig_text, *at_text;
	unsigned char sig[SIG_LEN], *msg;
	size_t len;
	bool ok;

	if (!cJSON_IsObject(r)) {
		*why = "no signed request";
		return false;
	}
	if (!reqsig_shape(r, why))
		return false;
	key = reqsig_str(r, "key");
	sig_text = reqsig_str(r, "signature");
	at_text = reqsig_str(r, "at");
	if (key == NULL || !sig_pub_from_text(key, pub)) {
		*why = "the signed request's key is not an Ed25519 key";
		return false;
	}
	if (sig_text == NULL || !sig_from_text(sig_text, sig)) {
		*why = "the signed request's signature is malformed";
		return false;
	}
	if (at_text == NULL || strlen(at_text) > 40 || ts_parse(at_text, at) != 0) {
		*why = "the signed request's time is not an RFC 3339 date-time";
		return false;
	}
	msg = reqsig_message(r, &len);
	ok = msg != NULL && sig_verify(pub, msg, len, sig);
	free(msg);
	if (!ok)
		*why = "the request's signature does not verify with its key";
	return ok;
}
