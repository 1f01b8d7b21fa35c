/* dkg.json: a threshold key ceremony of 3 scrutineers, any 2 of whom
 * decrypt (BALLOT.md §7.5, §9.2), included by ballot_vectors.c. One
 * stream, seed "yangguang ballot vectors v1/dkg", drawn in this order:
 * each scrutineer's Ed25519 member key, then dkg_local_run's draws (each
 * dealing, each sealed share from, then to, ascending, each share proof),
 * then the bad share sealed from 0 to 1 and 1's complaint about it, then
 * four ballots (voter key, encryption), then the partial decryptions of
 * scrutineers 0 and 2 (scrutineer 1 lost after the ceremony). */
#define YG_DKG_LOCAL_SIGNED
#include "dkg_local.h"

static cJSON *vec_dkg_params(const struct dkg_params *p)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddNumberToObject(e, "committee", (double)p->committee);
	cJSON_AddNumberToObject(e, "meeting", (double)p->meeting);
	cJSON_AddNumberToObject(e, "ceremony", (double)p->ceremony);
	cJSON_AddNumberToObject(e, "n", p->n);
	cJSON_AddNumberToObject(e, "threshold", p->threshold);
	return e;
}

/* Each scrutineer: its key context, its polynomial and transport secret
 * (secrets, for reimplementations to check sealing), its dealing. */
static cJSON *vec_dkg_scrutineers(struct group *g, const struct dkg_local *L)
{
	cJSON *arr = cJSON_CreateArray(), *e, *poly;
	uint32_t i, l;

	for (i = 0; i < L->p.n; i++) {
		e = cJSON_CreateObject();
		cJSON_AddItemToObject(e, "context", vec_key_context(&L->kc[i]));
		poly = cJSON_AddArrayToObject(e, "polynomial");
		for (l = 0; l < L->p.threshold; l++)
			cJSON_AddItemToArray(poly, vec_scalar(L->sec[i].a[l]));
		cJSON_AddItemToObject(e, "transport_secret", vec_scalar(L->sec[i].e));
		cJSON_AddItemToObject(e, "dealing", dkg_dealing_to_json(g, &L->deal[i]));
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

/* Every sealed share, with the share it opens to. */
static cJSON *vec_dkg_sealed(struct group *g, const struct dkg_local *L)
{
	cJSON *arr = cJSON_CreateArray(), *e;
	BIGNUM *x = BN_new();
	uint32_t i, j;

	for (i = 0; i < L->p.n; i++)
		for (j = 0; j < L->p.n; j++) {
			if (i == j)
				continue;
			dkg_share_for(g, &L->sec[i], j, x);
			e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "from", i);
			cJSON_AddNumberToObject(e, "to", j);
			cJSON_AddItemToObject(e, "sealed", dkg_sealed_to_json(g, &L->seal[i][j]));
			cJSON_AddItemToObject(e, "share", vec_scalar(x));
			cJSON_AddItemToArray(arr, e);
		}
	BN_free(x);
	return arr;
}

/* Each scrutineer's share, verification key and share proof. */
static cJSON *vec_dkg_shares(struct group *g, const struct dkg_local *L)
{
	cJSON *arr = cJSON_CreateArray(), *e;
	uint32_t j;

	for (j = 0; j < L->p.n; j++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "index", j);
		cJSON_AddItemToObject(e, "share", vec_scalar(L->share[j]));
		cJSON_AddItemToObject(e, "verification_key", vec_point(g, L->y[j]));
		cJSON_AddItemToObject(e, "proof", dkg_proof_to_json(&L->sproof[j]));
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

/* Dealer 0 seals f_0(2) + 1 to scrutineer 1, who complains. */
static cJSON *vec_dkg_complaint(struct group *g, const struct dkg_local *L)
{
	cJSON *e = cJSON_CreateObject();
	struct dkg_sealed bad;
	struct dkg_complaint c;
	BIGNUM *x = BN_new();

	dkg_sealed_init(g, &bad);
	dkg_complaint_init(g, &c);
	dkg_share_for(g, &L->sec[0], 1, x);
	BN_add_word(x, 1);
	dkg_seal(g, &L->p, 0, 1, L->deal[1].transport, x, &bad);
	dkg_complain(g, &L->p, 0, 1, L->sec[1].e, L->deal[1].transport, &bad, &c);
	cJSON_AddNumberToObject(e, "from", 0);
	cJSON_AddNumberToObject(e, "to", 1);
	cJSON_AddItemToObject(e, "sealed", dkg_sealed_to_json(g, &bad));
	cJSON_AddItemToObject(e, "complaint", dkg_complaint_to_json(g, &c));
	cJSON_AddStringToObject(e, "verdict",
				dkg_complaint_judge(g, &L->p, 0, 1, &L->deal[0],
						    L->deal[1].transport, &bad,
						    &c) == DKG_DEALER_FAULTY
					? "dealer_faulty"
					: "complaint_false");
	dkg_complaint_clear(&c);
	dkg_sealed_clear(&bad);
	BN_free(x);
	return e;
}

/* Four ballots under the ceremony's key; scrutineers 0 and 2 decrypt. */
static void vec_dkg_vote(struct group *g, struct test_drbg *d, cJSON *j, const struct dkg_local *L)
{
	static const unsigned char choices[4][3] = {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
	const uint32_t at[2] = {0, 2};
	struct ballot_share sh[2];
	struct ballot_context ctx;
	struct ballot_tally t;
	uint32_t counts[3], i;
	cJSON *arr, *s;

	ballot_context_init(g, &ctx);
	ctx.committee = L->p.committee, ctx.meeting = L->p.meeting, ctx.item = 30, ctx.round = 1;
	ctx.options = 3, ctx.min_sel = 1, ctx.max_sel = 1;
	SHA256((const unsigned char *)"dkg", 3, ctx.question);
	EC_POINT_copy(ctx.key, L->key);
	cJSON_AddItemToObject(j, "election", ballot_context_to_json(g, &ctx));
	ballot_tally_init(g, &t, 3);
	arr = cJSON_AddArrayToObject(j, "ballots");
	for (i = 0; i < 4; i++) {
		ctx.voter = 10 + (uint64_t)i;
		cJSON_AddItemToArray(arr, vec_ballot(g, d, &ctx, choices[i], &t));
	}
	ctx.voter = 0;
	memset(ctx.voter_pub, 0, sizeof(ctx.voter_pub));
	arr = cJSON_AddArrayToObject(j, "tally");
	for (i = 0; i < t.n; i++)
		cJSON_AddItemToArray(arr, vec_ct(g, &t.sum[i]));
	arr = cJSON_AddArrayToObject(j, "decryptions");
	for (i = 0; i < 2; i++) {
		ballot_share_make(g, &ctx, at[i], L->share[at[i]], L->y[at[i]], &t, &sh[i]);
		s = ballot_share_to_json(g, &sh[i]);
		cJSON_AddNumberToObject(s, "index", at[i]);
		cJSON_AddItemToArray(arr, s);
	}
	dkg_combine(g, &t, sh, at, 2, counts);
	arr = cJSON_AddArrayToObject(j, "counts");
	for (i = 0; i < t.n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(counts[i]));
	for (i = 0; i < 2; i++)
		ballot_share_clear(&sh[i]);
	ballot_tally_clear(&t);
	ballot_context_clear(&ctx);
}

static char *vec_make_dkg(void)
{
	struct test_drbg d;
	struct group *g = vec_group_new(&d, "dkg");
	unsigned char cd[GROUP_DIGEST_LEN];
	struct dkg_local L;
	EVP_PKEY *keys[3];
	cJSON *j = cJSON_CreateObject();
	uint32_t i;

	memset(&L, 0, sizeof(L));
	L.p = (struct dkg_params){
		.committee = 1, .meeting = 7, .ceremony = 1, .n = 3, .threshold = 2};
	for (i = 0; i < L.p.n; i++) {
		L.kc[i] = (struct ballot_key_context){1, 7, i, 100 + i, {0}};
		keys[i] = vec_ed25519(&d);
		sig_public(keys[i], L.kc[i].member_pub);
	}
	dkg_local_run(g, &L);
	cJSON_AddItemToObject(j, "params", vec_dkg_params(&L.p));
	dkg_ceremony_digest(g, &L.p, cd);
	cJSON_AddItemToObject(j, "ceremony_digest_hex", vec_hex(cd, sizeof(cd)));
	cJSON_AddItemToObject(j, "scrutineers", vec_dkg_scrutineers(g, &L));
	cJSON_AddItemToObject(j, "sealed", vec_dkg_sealed(g, &L));
	cJSON_AddItemToObject(j, "election_key", vec_point(g, L.key));
	cJSON_AddItemToObject(j, "shares", vec_dkg_shares(g, &L));
	cJSON_AddItemToObject(j, "ceremony", dkg_local_entries(g, &L, keys));
	cJSON_AddItemToObject(j, "complaint", vec_dkg_complaint(g, &L));
	vec_dkg_vote(g, &d, j, &L);
	dkg_local_clear(&L);
	for (i = 0; i < L.p.n; i++)
		EVP_PKEY_free(keys[i]);
	group_free(g);
	return vec_text(j);
}
