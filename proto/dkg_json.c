/* JSON forms of a threshold key ceremony's values (dkg.h; BALLOT.md §10):
 * objects with exactly the members listed, points and scalars in their
 * text forms. */
#include <string.h>

#include "b64.h"
#include "dkg.h"
#include "envelope.h"

static const char *dj_string(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : "";
}

static bool dj_add_point(struct group *g, cJSON *obj, const char *name, const EC_POINT *p)
{
	char t[GROUP_POINT_TEXT_LEN + 1];

	return group_point_to_text(g, p, t) && cJSON_AddStringToObject(obj, name, t) != NULL;
}

/* {"c", "z"} */
cJSON *dkg_proof_to_json(const struct zkp_proof *p)
{
	char c[GROUP_SCALAR_TEXT_LEN + 1], z[GROUP_SCALAR_TEXT_LEN + 1];
	cJSON *j = cJSON_CreateObject();

	group_scalar_bytes_to_text(p->c, c);
	group_scalar_bytes_to_text(p->z, z);
	if (j == NULL || cJSON_AddStringToObject(j, "c", c) == NULL ||
	    cJSON_AddStringToObject(j, "z", z) == NULL) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

bool dkg_proof_from_json(struct group *g, const cJSON *j, struct zkp_proof *p)
{
	static const char *const names[] = {"c", "z"};

	return ballot_json_members(j, names, 2) &&
	       group_scalar_bytes_from_text(g, dj_string(j, "c"), p->c) &&
	       group_scalar_bytes_from_text(g, dj_string(j, "z"), p->z);
}

/* {"threshold", "commitments": [C_0 …], "proof", "transport",
 *  "transport_proof"} */
cJSON *dkg_dealing_to_json(struct group *g, const struct dkg_dealing *d)
{
	cJSON *j = cJSON_CreateObject(), *arr = NULL, *v;
	char t[GROUP_POINT_TEXT_LEN + 1];
	bool ok = j != NULL && cJSON_AddNumberToObject(j, "threshold", d->threshold) != NULL &&
		  (arr = cJSON_AddArrayToObject(j, "commitments")) != NULL;
	uint32_t l;

	for (l = 0; ok && l < d->threshold; l++) {
		v = group_point_to_text(g, d->c[l], t) ? cJSON_CreateString(t) : NULL;
		ok = v != NULL && cJSON_AddItemToArray(arr, v);
		if (!ok)
			cJSON_Delete(v);
	}
	ok = ok && cJSON_AddItemToObject(j, "proof", dkg_proof_to_json(&d->proof)) &&
	     dj_add_point(g, j, "transport", d->transport) &&
	     cJSON_AddItemToObject(j, "transport_proof", dkg_proof_to_json(&d->tproof));
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Read a dealing into d (initialised here, cleared on failure); its
 * proofs are checked by dkg_dealing_verify. */
bool dkg_dealing_from_json(struct group *g, const cJSON *j, struct dkg_dealing *d, const char **why)
{
	static const char *const names[] = {"threshold", "commitments", "proof", "transport",
					    "transport_proof"};
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "commitments"), *v;
	uint64_t t = 0;
	uint32_t l = 0;
	bool ok = ballot_json_members(j, names, 5) &&
		  envelope_uint(cJSON_GetObjectItemCaseSensitive(j, "threshold"), &t) && t >= 1 &&
		  t <= DKG_MAX && cJSON_IsArray(arr) && cJSON_GetArraySize(arr) == (int)t;

	memset(d, 0, sizeof(*d));
	ok = ok && dkg_dealing_init(g, d, (uint32_t)t);
	for (v = ok ? arr->child : NULL; ok && v != NULL; v = v->next, l++)
		ok = cJSON_IsString(v) && group_point_from_text(g, v->valuestring, d->c[l]);
	ok = ok &&
	     dkg_proof_from_json(g, cJSON_GetObjectItemCaseSensitive(j, "proof"), &d->proof) &&
	     group_point_from_text(g, dj_string(j, "transport"), d->transport) &&
	     dkg_proof_from_json(g, cJSON_GetObjectItemCaseSensitive(j, "transport_proof"),
				 &d->tproof);
	*why = ok ? NULL
		  : "the dealing is not {threshold, commitments, proof, transport, "
		    "transport_proof} with valid values";
	if (!ok)
		dkg_dealing_clear(d);
	return ok;
}

/* {"r": R, "ct": base64url of 32 bytes} */
cJSON *dkg_sealed_to_json(struct group *g, const struct dkg_sealed *s)
{
	char ct[DKG_SEALED_TEXT_LEN + 1];
	cJSON *j = cJSON_CreateObject();

	b64url_encode(s->ct, sizeof(s->ct), ct, sizeof(ct));
	if (j == NULL || !dj_add_point(g, j, "r", s->r) ||
	    cJSON_AddStringToObject(j, "ct", ct) == NULL) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* s initialised by the caller. */
bool dkg_sealed_from_json(struct group *g, const cJSON *j, struct dkg_sealed *s)
{
	static const char *const names[] = {"r", "ct"};
	const char *ct = dj_string(j, "ct");
	unsigned char back[GROUP_SCALAR_LEN];
	char again[DKG_SEALED_TEXT_LEN + 1];

	if (!ballot_json_members(j, names, 2) ||
	    !group_point_from_text(g, dj_string(j, "r"), s->r) ||
	    strlen(ct) != DKG_SEALED_TEXT_LEN ||
	    b64url_decode(ct, back, sizeof(back)) != (long)sizeof(back))
		return false;
	/* one text per value: the unused low bits must be zero */
	b64url_encode(back, sizeof(back), again, sizeof(again));
	if (strcmp(again, ct) != 0)
		return false;
	memcpy(s->ct, back, sizeof(back));
	return true;
}

/* {"q": Q, "proof": {c, z}} */
cJSON *dkg_complaint_to_json(struct group *g, const struct dkg_complaint *c)
{
	cJSON *j = cJSON_CreateObject();

	if (j == NULL || !dj_add_point(g, j, "q", c->q) ||
	    !cJSON_AddItemToObject(j, "proof", dkg_proof_to_json(&c->proof))) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* c initialised by the caller. */
bool dkg_complaint_from_json(struct group *g, const cJSON *j, struct dkg_complaint *c)
{
	static const char *const names[] = {"q", "proof"};

	return ballot_json_members(j, names, 2) &&
	       group_point_from_text(g, dj_string(j, "q"), c->q) &&
	       dkg_proof_from_json(g, cJSON_GetObjectItemCaseSensitive(j, "proof"), &c->proof);
}
