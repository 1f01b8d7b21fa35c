#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "jcs.h"
#include "jws.h"
#include "xalloc.h"

/* The three segments of a compact JWS, each a malloc'd string. */
struct jws_parts {
	char *h, *p, *s;
};

/* a, sep and b joined, malloc'd. */
static char *jws_join(const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char *out = xmalloc(la + ls + lb + 1);

	if (out != NULL) {
		memcpy(out, a, la);
		memcpy(out + la, sep, ls);
		memcpy(out + la + ls, b, lb + 1);
	}
	return out;
}

/* B64(JCS(v)), malloc'd, or NULL if v has no canonical form. */
static char *jws_part(const cJSON *v)
{
	size_t len = 0;
	char *text = jcs_encode(v, &len);
	char *out = text != NULL ? xmalloc(B64_ENCODED_LEN(len) + 1) : NULL;

	if (out != NULL)
		b64url_encode((const unsigned char *)text, len, out, B64_ENCODED_LEN(len) + 1);
	free(text);
	return out;
}

/* The protected header: alg, the signer's key as kid, and typ if given. */
static char *jws_header(const unsigned char pub[SIG_PUB_LEN], const char *typ)
{
	char kid[SIG_PUB_TEXT_LEN + 1];
	cJSON *h = cJSON_CreateObject();
	char *out = NULL;

	sig_pub_to_text(pub, kid);
	if (h != NULL && cJSON_AddStringToObject(h, "alg", JWS_ALG) != NULL &&
	    cJSON_AddStringToObject(h, "kid", kid) != NULL &&
	    (typ == NULL || cJSON_AddStringToObject(h, "typ", typ) != NULL))
		out = jws_part(h);
	cJSON_Delete(h);
	return out;
}

/* Sign payload's canonical form with key: the compact JWS (malloc'd), with
 * the payload segment left empty if detached; NULL on failure. */
char *jws_sign(EVP_PKEY *key, const char *typ, const cJSON *payload, bool detached)
{
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN];
	char stext[SIG_TEXT_LEN + 1];
	char *h = NULL, *p = NULL, *input = NULL, *out = NULL;

	if (!sig_public(key, pub))
		return NULL;
	h = jws_header(pub, typ);
	p = jws_part(payload);
	input = h != NULL && p != NULL ? jws_join(h, ".", p) : NULL;
	if (input != NULL && sig_sign(key, (const unsigned char *)input, strlen(input), sig)) {
		sig_to_text(sig, stext);
		out = detached ? jws_join(h, "..", stext) : jws_join(input, ".", stext);
	}
	free(h);
	free(p);
	free(input);
	return out;
}

/* Cut jws at its two dots; false unless there are exactly two. */
static bool jws_split(const char *jws, struct jws_parts *pt)
{
	const char *d1 = strchr(jws, '.'), *d2 = d1 != NULL ? strchr(d1 + 1, '.') : NULL;

	if (d2 == NULL || strchr(d2 + 1, '.') != NULL)
		return false;
	pt->h = xstrndup(jws, (size_t)(d1 - jws));
	pt->p = xstrndup(d1 + 1, (size_t)(d2 - d1 - 1));
	pt->s = xstrdup(d2 + 1);
	return pt->h != NULL && pt->p != NULL && pt->s != NULL;
}

/* Free the segments of jws_split. */
static void jws_parts_free(struct jws_parts *pt)
{
	free(pt->h);
	free(pt->p);
	free(pt->s);
}

/* The JSON value that a segment encodes, or NULL unless the segment is
 * canonical base64url of canonical JSON. */
static cJSON *jws_json(const char *seg)
{
	size_t cap = strlen(seg) * 3 / 4 + 1;
	unsigned char *buf = xmalloc(cap);
	long n = buf != NULL ? b64url_decode(seg, buf, cap) : -1;
	cJSON *v = NULL;

	if (n > 0 && !jcs_is_canonical((const char *)buf, (size_t)n, &v))
		v = NULL;
	free(buf);
	return v;
}

/* Whether the header has alg EdDSA, kid absent or pub's, typ as
 * expected (absent when typ is NULL), and nothing else. */
static bool jws_header_ok(const cJSON *h, const unsigned char pub[SIG_PUB_LEN], const char *typ)
{
	char kid[SIG_PUB_TEXT_LEN + 1];
	bool alg = false, has_typ = false;
	const cJSON *m;

	sig_pub_to_text(pub, kid);
	for (m = cJSON_IsObject(h) ? h->child : NULL; m != NULL; m = m->next) {
		const char *v = cJSON_IsString(m) ? m->valuestring : "";

		if (strcmp(m->string, "alg") == 0 && strcmp(v, JWS_ALG) == 0)
			alg = true;
		else if (strcmp(m->string, "typ") == 0 && typ != NULL && strcmp(v, typ) == 0)
			has_typ = true;
		else if (strcmp(m->string, "kid") != 0 || strcmp(v, kid) != 0)
			return false;
	}
	return alg && has_typ == (typ != NULL);
}

/* Check the header and the signature over "h.payload_seg". */
static bool jws_check(const struct jws_parts *pt, const char *payload_seg,
		      const unsigned char pub[SIG_PUB_LEN], const char *typ, const char **why)
{
	unsigned char sig[SIG_LEN];
	cJSON *hdr = jws_json(pt->h);
	bool ok = jws_header_ok(hdr, pub, typ);
	char *input;

	cJSON_Delete(hdr);
	*why = "the JWS header is not canonical, or not alg EdDSA with this key and type";
	if (!ok)
		return false;
	*why = "the JWS signature is malformed";
	if (!sig_from_text(pt->s, sig))
		return false;
	*why = "the JWS signature does not verify";
	input = jws_join(pt->h, ".", payload_seg);
	ok = input != NULL && sig_verify(pub, (const unsigned char *)input, strlen(input), sig);
	free(input);
	return ok;
}

/* Verify a compact JWS with its payload; the payload, or NULL with *why. */
cJSON *jws_verify(const char *jws, const unsigned char pub[SIG_PUB_LEN], const char *typ,
		  const char **why)
{
	struct jws_parts pt = {NULL, NULL, NULL};
	cJSON *payload = NULL;

	*why = "not a compact JWS with a payload";
	if (jws_split(jws, &pt) && pt.p[0] != '\0' && jws_check(&pt, pt.p, pub, typ, why)) {
		*why = "the JWS payload is not canonical JSON";
		payload = jws_json(pt.p);
		if (payload != NULL)
			*why = NULL;
	}
	jws_parts_free(&pt);
	return payload;
}

/* Verify a detached compact JWS against the document it signs. */
bool jws_verify_detached(const char *jws, const unsigned char pub[SIG_PUB_LEN], const char *typ,
			 const cJSON *payload, const char **why)
{
	struct jws_parts pt = {NULL, NULL, NULL};
	char *p = jws_part(payload);
	bool ok;

	*why = "not a compact JWS with a detached payload, or no canonical payload";
	ok = p != NULL && jws_split(jws, &pt) && pt.p[0] == '\0' &&
	     jws_check(&pt, p, pub, typ, why);
	if (ok)
		*why = NULL;
	jws_parts_free(&pt);
	free(p);
	return ok;
}
