/* A whole threshold key ceremony (proto/dkg.h) run in one process, as the
 * scrutineers' terminals run it between them: for the vectors, the unit
 * tests and the benchmark. Test code only. */
#ifndef YG_TESTS_DKG_LOCAL_H
#define YG_TESTS_DKG_LOCAL_H

#include <string.h>

#include "../../proto/dkg.h"

struct dkg_local {
	struct dkg_params p;
	struct ballot_key_context kc[DKG_MAX]; /* filled by the caller */
	struct dkg_secret sec[DKG_MAX];
	struct dkg_dealing deal[DKG_MAX];
	struct dkg_sealed seal[DKG_MAX][DKG_MAX]; /* [from][to], from ≠ to */
	BIGNUM *share[DKG_MAX];                   /* s_j */
	EC_POINT *y[DKG_MAX];                     /* Y_j */
	struct zkp_proof sproof[DKG_MAX];
	EC_POINT *key; /* the election key */
};

static inline void dkg_local_clear(struct dkg_local *L)
{
	uint32_t i, j;

	for (i = 0; i < DKG_MAX; i++) {
		dkg_secret_clear(&L->sec[i]);
		dkg_dealing_clear(&L->deal[i]);
		for (j = 0; j < DKG_MAX; j++)
			dkg_sealed_clear(&L->seal[i][j]);
		BN_clear_free(L->share[i]);
		EC_POINT_free(L->y[i]);
		L->share[i] = NULL;
		L->y[i] = NULL;
	}
	EC_POINT_free(L->key);
	L->key = NULL;
}

/* Every scrutineer deals (in index order); every dealer seals to every
 * other (from, then to, ascending); every recipient opens, checks against
 * the commitments and adds; the election key; every scrutineer proves its
 * share (index order). L->p and L->kc set by the caller; the rest made. */
static inline bool dkg_local_run(struct group *g, struct dkg_local *L)
{
	const uint32_t n = L->p.n, t = L->p.threshold;
	BIGNUM *x = BN_new();
	bool ok = x != NULL && dkg_params_valid(&L->p) && (L->key = group_point_new(g)) != NULL;
	uint32_t i, j;

	for (i = 0; ok && i < n; i++)
		ok = dkg_secret_init(&L->sec[i], t) && dkg_dealing_init(g, &L->deal[i], t) &&
		     dkg_deal(g, &L->p, &L->kc[i], &L->sec[i], &L->deal[i]);
	for (i = 0; ok && i < n; i++)
		for (j = 0; ok && j < n; j++)
			ok = i == j ||
			     (dkg_sealed_init(g, &L->seal[i][j]) &&
			      dkg_share_for(g, &L->sec[i], j, x) &&
			      dkg_seal(g, &L->p, i, j, L->deal[j].transport, x, &L->seal[i][j]));
	for (j = 0; ok && j < n; j++) {
		ok = (L->share[j] = group_secret_new()) != NULL &&
		     (L->y[j] = group_point_new(g)) != NULL;
		for (i = 0; ok && i < n; i++) {
			ok = dkg_dealing_verify(g, &L->p, &L->kc[i], &L->deal[i]);
			if (i == j)
				ok = ok && dkg_share_for(g, &L->sec[j], j, x);
			else
				ok = ok && dkg_open(g, &L->p, i, j, L->sec[j].e, &L->seal[i][j], x);
			ok = ok && dkg_share_matches(g, &L->deal[i], j, x) &&
			     group_scalar_add(g, L->share[j], L->share[j], x);
		}
	}
	ok = ok && dkg_election_key(g, L->deal, n, L->key);
	for (j = 0; ok && j < n; j++)
		ok = dkg_verification_key(g, L->deal, n, j, L->y[j]) &&
		     dkg_share_prove(g, &L->p, &L->kc[j], L->key, L->share[j], L->y[j],
				     &L->sproof[j]);
	BN_clear_free(x);
	return ok;
}

#endif

#ifdef YG_DKG_LOCAL_SIGNED
#include "../../proto/dkg_ceremony.h"

/* The ceremony L as the record lists it (BALLOT.md §7.7), each dealing
 * and acceptance signed with keys[i], scrutineer i's member key. */
static inline cJSON *dkg_local_entries(struct group *g, const struct dkg_local *L,
				       EVP_PKEY *const *keys)
{
	char ktext[GROUP_POINT_TEXT_LEN + 1], ytext[GROUP_POINT_TEXT_LEN + 1];
	char mk[SIG_PUB_TEXT_LEN + 1], sig[SIG_TEXT_LEN + 1];
	cJSON *arr = cJSON_CreateArray(), *e, *body, *dealing, *proof;
	uint32_t i;

	group_point_to_text(g, L->key, ktext);
	for (i = 0; i < L->p.n; i++) {
		struct dkg_signer s = {&L->p, i, L->kc[i].member, mk};

		sig_pub_to_text(L->kc[i].member_pub, mk);
		group_point_to_text(g, L->y[i], ytext);
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "index", i);
		cJSON_AddNumberToObject(e, "member", (double)L->kc[i].member);
		cJSON_AddStringToObject(e, "member_key", mk);
		dealing = dkg_dealing_to_json(g, &L->deal[i]);
		body = dkg_dealing_body(dealing);
		dkg_sign(keys[i], DKG_DEALING_TAG, &s, body, sig);
		cJSON_Delete(body);
		cJSON_AddItemToObject(e, "dealing", dealing);
		cJSON_AddStringToObject(e, "dealing_signature", sig);
		cJSON_AddStringToObject(e, "verification_key", ytext);
		proof = dkg_proof_to_json(&L->sproof[i]);
		body = dkg_accept_body(ktext, ytext, proof);
		dkg_sign(keys[i], DKG_ACCEPT_TAG, &s, body, sig);
		cJSON_Delete(body);
		cJSON_AddItemToObject(e, "share_proof", proof);
		cJSON_AddStringToObject(e, "accept_signature", sig);
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}
#endif
