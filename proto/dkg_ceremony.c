/* Signed dealings and acceptances, and the check of a whole ceremony
 * (dkg_ceremony.h; BALLOT.md §7.5, §7.7). */
#include <stdlib.h>
#include <string.h>

#include "dkg_ceremony.h"
#include "envelope.h"
#include "jcs.h"
#include "xalloc.h"

static const char *dc_str(const cJSON *obj, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* A JSON number that is a whole id 0 … 2^53 − 1, or -1. */
static long long dc_id(const cJSON *obj, const char *name)
{
	uint64_t v;

	return envelope_uint(cJSON_GetObjectItemCaseSensitive(obj, name), &v) &&
			       v <= (uint64_t)ENVELOPE_ID_MAX
		       ? (long long)v
		       : -1;
}

/* The object that is signed: who, in which ceremony, and body's members. */
static cJSON *dkg_signed_object(const struct dkg_signer *s, const cJSON *body)
{
	const struct dkg_params *p = s->p;
	cJSON *j = cJSON_Duplicate(body, true);
	bool ok = j != NULL && cJSON_IsObject(j) && s->member_key != NULL &&
		  p->committee <= (uint64_t)ENVELOPE_ID_MAX &&
		  p->meeting <= (uint64_t)ENVELOPE_ID_MAX && s->member <= (uint64_t)ENVELOPE_ID_MAX;

	ok = ok && cJSON_AddNumberToObject(j, "committee", (double)p->committee) &&
	     cJSON_AddNumberToObject(j, "meeting", (double)p->meeting) &&
	     cJSON_AddNumberToObject(j, "ceremony", (double)p->ceremony) &&
	     cJSON_AddNumberToObject(j, "n", p->n) &&
	     cJSON_AddNumberToObject(j, "threshold", p->threshold) &&
	     cJSON_AddNumberToObject(j, "index", s->index) &&
	     cJSON_AddNumberToObject(j, "member", (double)s->member) &&
	     cJSON_AddStringToObject(j, "member_key", s->member_key);
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

unsigned char *dkg_signed_message(const char *tag, const struct dkg_signer *s, const cJSON *body,
				  size_t *len)
{
	size_t hlen = strlen(tag), tlen = 0;
	cJSON *j = dkg_signed_object(s, body);
	char *text = j != NULL ? jcs_encode(j, &tlen) : NULL;
	unsigned char *out = text != NULL ? xmalloc(hlen + 1 + tlen) : NULL;

	if (out != NULL) {
		memcpy(out, tag, hlen);
		out[hlen] = '\n';
		memcpy(out + hlen + 1, text, tlen);
		*len = hlen + 1 + tlen;
	}
	free(text);
	cJSON_Delete(j);
	return out;
}

bool dkg_sign(EVP_PKEY *key, const char *tag, const struct dkg_signer *s, const cJSON *body,
	      char out[SIG_TEXT_LEN + 1])
{
	unsigned char sig[SIG_LEN], *msg;
	size_t len = 0;
	bool ok;

	msg = dkg_signed_message(tag, s, body, &len);
	ok = msg != NULL && sig_sign(key, msg, len, sig);
	if (ok)
		sig_to_text(sig, out);
	free(msg);
	return ok;
}

bool dkg_sig_ok(const char *tag, const struct dkg_signer *s, const cJSON *body,
		const char *signature)
{
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], *msg;
	size_t len = 0;
	bool ok;

	if (signature == NULL || s->member_key == NULL || !sig_from_text(signature, sig) ||
	    !sig_pub_from_text(s->member_key, pub))
		return false;
	msg = dkg_signed_message(tag, s, body, &len);
	ok = msg != NULL && sig_verify(pub, msg, len, sig);
	free(msg);
	return ok;
}

cJSON *dkg_dealing_body(const cJSON *dealing)
{
	cJSON *j = cJSON_CreateObject(), *d = cJSON_Duplicate(dealing, true);

	if (j == NULL || d == NULL || !cJSON_AddItemToObject(j, "dealing", d)) {
		cJSON_Delete(d);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

cJSON *dkg_accept_body(const char *election_key, const char *verification_key,
		       const cJSON *share_proof)
{
	cJSON *j = cJSON_CreateObject(), *pr = cJSON_Duplicate(share_proof, true);

	if (j == NULL || pr == NULL || election_key == NULL || verification_key == NULL ||
	    !cJSON_AddStringToObject(j, "election_key", election_key) ||
	    !cJSON_AddStringToObject(j, "verification_key", verification_key) ||
	    !cJSON_AddItemToObject(j, "share_proof", pr)) {
		cJSON_Delete(pr);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Entry i: its fields, its dealing's signature, the dealing read into d. */
static enum dkg_fault dkg_check_dealing(struct group *g, const struct dkg_params *p, const cJSON *e,
					uint32_t i, struct dkg_dealing *d,
					struct ballot_key_context *kc)
{
	static const char *const names[] = {"index",
					    "member",
					    "member_key",
					    "dealing",
					    "dealing_signature",
					    "verification_key",
					    "share_proof",
					    "accept_signature"};
	struct dkg_signer s = {p, i, 0, dc_str(e, "member_key")};
	const cJSON *dealing = cJSON_GetObjectItemCaseSensitive(e, "dealing");
	const char *why;
	cJSON *body;
	bool ok;

	*kc = (struct ballot_key_context){p->committee, p->meeting, i, 0, {0}};
	if (!ballot_json_members(e, names, 8) || dc_id(e, "index") != (long long)i ||
	    dc_id(e, "member") < 1 || s.member_key == NULL ||
	    !sig_pub_from_text(s.member_key, kc->member_pub))
		return DKG_MALFORMED;
	s.member = kc->member = (uint64_t)dc_id(e, "member");
	body = dkg_dealing_body(dealing);
	ok = body != NULL && dkg_sig_ok(DKG_DEALING_TAG, &s, body, dc_str(e, "dealing_signature"));
	cJSON_Delete(body);
	if (!ok)
		return DKG_DEALING_SIGNATURE;
	if (!dkg_dealing_from_json(g, dealing, d, &why))
		return DKG_MALFORMED;
	return dkg_dealing_verify(g, p, kc, d) ? DKG_OK : DKG_DEALING;
}

/* Entry j's acceptance: Y_j as listed, signed, its proof valid. */
static enum dkg_fault dkg_check_accept(struct group *g, const struct dkg_params *p, const cJSON *e,
				       uint32_t j, const struct ballot_key_context *kc,
				       const char *election_key, const EC_POINT *key,
				       const EC_POINT *y)
{
	struct dkg_signer s = {p, j, kc->member, dc_str(e, "member_key")};
	const cJSON *proof = cJSON_GetObjectItemCaseSensitive(e, "share_proof");
	const char *listed = dc_str(e, "verification_key");
	char ytext[GROUP_POINT_TEXT_LEN + 1];
	struct zkp_proof pr;
	cJSON *body;
	bool ok;

	if (listed == NULL || !group_point_to_text(g, y, ytext) || strcmp(ytext, listed) != 0)
		return DKG_VERIFICATION_KEY;
	body = dkg_accept_body(election_key, listed, proof);
	ok = body != NULL && dkg_sig_ok(DKG_ACCEPT_TAG, &s, body, dc_str(e, "accept_signature"));
	cJSON_Delete(body);
	if (!ok)
		return DKG_ACCEPT_SIGNATURE;
	if (!dkg_proof_from_json(g, proof, &pr))
		return DKG_MALFORMED;
	return dkg_share_verify(g, p, kc, key, y, &pr) ? DKG_OK : DKG_SHARE_PROOF;
}

enum dkg_fault dkg_ceremony_check(struct group *g, const struct dkg_params *p,
				  const cJSON *scrutineers, const char *election_key, EC_POINT **y,
				  int *which)
{
	struct dkg_dealing d[DKG_MAX];
	struct ballot_key_context kc[DKG_MAX];
	EC_POINT *key = group_point_new(g), *sum = group_point_new(g), *yj = NULL;
	enum dkg_fault f = DKG_OK;
	const cJSON *e;
	uint32_t i = 0;

	memset(d, 0, sizeof(d));
	*which = -1;
	if (y != NULL)
		memset(y, 0, (dkg_params_valid(p) ? p->n : 0) * sizeof(*y));
	if (key == NULL || sum == NULL || !dkg_params_valid(p) || !cJSON_IsArray(scrutineers) ||
	    cJSON_GetArraySize(scrutineers) != (int)p->n || election_key == NULL)
		f = DKG_MALFORMED;
	for (e = f == DKG_OK ? scrutineers->child : NULL; e != NULL && f == DKG_OK;
	     e = e->next, i++) {
		*which = (int)i;
		f = dkg_check_dealing(g, p, e, i, &d[i], &kc[i]);
	}
	if (f == DKG_OK) {
		*which = -1;
		if (!group_point_from_text(g, election_key, key) ||
		    !dkg_election_key(g, d, p->n, sum) || EC_POINT_cmp(g->ec, sum, key, g->bn) != 0)
			f = DKG_KEY;
	}
	for (i = 0, e = f == DKG_OK ? scrutineers->child : NULL; e != NULL && f == DKG_OK;
	     e = e->next, i++) {
		*which = (int)i;
		f = (yj = group_point_new(g)) != NULL && dkg_verification_key(g, d, p->n, i, yj)
			    ? dkg_check_accept(g, p, e, i, &kc[i], election_key, key, yj)
			    : DKG_MALFORMED;
		if (y != NULL)
			y[i] = yj;
		else
			EC_POINT_free(yj);
	}
	if (f == DKG_OK)
		*which = -1;
	else if (y != NULL)
		for (i = 0; i < p->n && i < DKG_MAX; i++) {
			EC_POINT_free(y[i]);
			y[i] = NULL;
		}
	for (i = 0; i < DKG_MAX; i++)
		dkg_dealing_clear(&d[i]);
	EC_POINT_free(key);
	EC_POINT_free(sum);
	return f;
}

const char *dkg_fault_text(enum dkg_fault f)
{
	switch (f) {
	case DKG_OK:
		return "the ceremony verifies";
	case DKG_MALFORMED:
		return "the ceremony is not n scrutineers in index order, each as specified";
	case DKG_DEALING_SIGNATURE:
		return "a dealing is not signed by its scrutineer's member key";
	case DKG_DEALING:
		return "a dealing's commitments or proofs do not verify";
	case DKG_KEY:
		return "the election key is not the sum of the constant commitments";
	case DKG_VERIFICATION_KEY:
		return "a verification key is not the one the commitments give";
	case DKG_ACCEPT_SIGNATURE:
		return "an acceptance is not signed by its scrutineer's member key";
	case DKG_SHARE_PROOF:
		return "a share proof does not verify";
	}
	return "?";
}
