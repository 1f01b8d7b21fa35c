/* Terminals' checks of the scrutineers' keys and of a round's ballot board
 * (scrutiny.h; BALLOT.md §7.4, §9.1). */
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "jcs.h"
#include "scrutiny.h"
#include "vote.h"
#include "xalloc.h"

/* A JSON number that is a whole id 0 … 2^53 − 1, or -1. */
static long long sc_id(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > ENVELOPE_ID_MAX ||
	    v->valuedouble != (double)(long long)v->valuedouble)
		return -1;
	return (long long)v->valuedouble;
}

static const char *sc_str(const cJSON *obj, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* The publication object that is signed. */
static cJSON *scrutiny_key_object(const struct scrutiny_pub *p)
{
	cJSON *j = cJSON_CreateObject(), *proof = cJSON_CreateObject();
	bool ok = j != NULL && proof != NULL && p->member_key != NULL && p->key != NULL &&
		  p->proof_c != NULL && p->proof_z != NULL &&
		  p->committee <= (uint64_t)ENVELOPE_ID_MAX &&
		  p->meeting <= (uint64_t)ENVELOPE_ID_MAX && p->member <= (uint64_t)ENVELOPE_ID_MAX;

	ok = ok && cJSON_AddNumberToObject(j, "committee", (double)p->committee) &&
	     cJSON_AddNumberToObject(j, "meeting", (double)p->meeting) &&
	     cJSON_AddNumberToObject(j, "ceremony", (double)p->ceremony) &&
	     cJSON_AddNumberToObject(j, "index", (double)p->index) &&
	     cJSON_AddNumberToObject(j, "member", (double)p->member) &&
	     cJSON_AddStringToObject(j, "member_key", p->member_key) &&
	     cJSON_AddStringToObject(j, "key", p->key) &&
	     cJSON_AddStringToObject(proof, "c", p->proof_c) &&
	     cJSON_AddStringToObject(proof, "z", p->proof_z);
	if (ok && cJSON_AddItemToObject(j, "proof", proof))
		return j;
	cJSON_Delete(proof);
	cJSON_Delete(j);
	return NULL;
}

unsigned char *scrutiny_key_message(const struct scrutiny_pub *p, size_t *len)
{
	size_t hlen = strlen(SCRUTINY_KEY_TAG), tlen = 0;
	cJSON *j = scrutiny_key_object(p);
	char *text = j != NULL ? jcs_encode(j, &tlen) : NULL;
	unsigned char *out = text != NULL ? xmalloc(hlen + 1 + tlen) : NULL;

	if (out != NULL) {
		memcpy(out, SCRUTINY_KEY_TAG, hlen);
		out[hlen] = '\n';
		memcpy(out + hlen + 1, text, tlen);
		*len = hlen + 1 + tlen;
	}
	free(text);
	cJSON_Delete(j);
	return out;
}

bool scrutiny_key_sign(EVP_PKEY *key, const struct scrutiny_pub *p, char out[SIG_TEXT_LEN + 1])
{
	unsigned char sig[SIG_LEN], *msg;
	size_t len = 0;
	bool ok;

	msg = scrutiny_key_message(p, &len);
	ok = msg != NULL && sig_sign(key, msg, len, sig);
	if (ok)
		sig_to_text(sig, out);
	free(msg);
	return ok;
}

/* Whether signature is member_key's signature of the publication. */
bool scrutiny_key_sig_ok(const struct scrutiny_pub *p, const char *signature)
{
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], *msg;
	size_t len = 0;
	bool ok;

	if (signature == NULL || p->member_key == NULL || !sig_from_text(signature, sig) ||
	    !sig_pub_from_text(p->member_key, pub))
		return false;
	msg = scrutiny_key_message(p, &len);
	ok = msg != NULL && sig_verify(pub, msg, len, sig);
	free(msg);
	return ok;
}

/* One listed scrutineer: signed by its registered key, its proof valid;
 * its key added to sum. */
static enum scrutiny_fault scrutiny_one_key(struct group *g, uint64_t committee, uint64_t meeting,
					    uint64_t ceremony, const cJSON *s, int index,
					    EC_POINT *sum)
{
	const cJSON *proof = cJSON_GetObjectItemCaseSensitive(s, "proof");
	struct scrutiny_pub p = {.committee = committee,
				 .meeting = meeting,
				 .ceremony = ceremony,
				 .index = (uint32_t)index,
				 .member_key = sc_str(s, "member_key"),
				 .key = sc_str(s, "key"),
				 .proof_c = sc_str(proof, "c"),
				 .proof_z = sc_str(proof, "z")};
	struct ballot_key_context kc = {0};
	struct ballot_pubkey pk;
	const char *registered = sc_str(s, "registered_key"), *why;
	cJSON *pj;
	bool ok;

	if (sc_id(s, "index") != index || sc_id(s, "member") < 1)
		return SF_MALFORMED;
	if (p.key == NULL)
		return SF_NO_KEYS;
	p.member = (uint64_t)sc_id(s, "member");
	if (p.member_key == NULL || registered == NULL || strcmp(p.member_key, registered) != 0)
		return SF_NOT_REGISTERED;
	if (!scrutiny_key_sig_ok(&p, sc_str(s, "signature")))
		return SF_SIGNATURE;
	kc.committee = committee;
	kc.meeting = meeting;
	kc.index = (uint32_t)index;
	kc.member = p.member;
	if (!sig_pub_from_text(p.member_key, kc.member_pub))
		return SF_NOT_REGISTERED;
	pj = cJSON_CreateObject();
	cJSON_AddStringToObject(pj, "key", p.key);
	cJSON_AddItemToObject(pj, "proof", cJSON_Duplicate(proof, true));
	ok = ballot_pubkey_from_json(g, pj, &pk, &why);
	cJSON_Delete(pj);
	if (!ok)
		return SF_MALFORMED;
	ok = ballot_key_verify(g, &kc, &pk);
	ok = ok && EC_POINT_add(g->ec, sum, sum, pk.key, g->bn) == 1;
	ballot_pubkey_clear(&pk);
	return ok ? SF_OK : SF_PROOF;
}

enum scrutiny_fault scrutiny_keys_check(struct group *g, uint64_t committee, uint64_t meeting,
					uint64_t ceremony, const cJSON *scrutineers,
					const char *election_key, int *which)
{
	EC_POINT *sum = group_point_new(g), *k = group_point_new(g);
	enum scrutiny_fault f = SF_OK;
	const cJSON *s;
	int i = 0;

	*which = -1;
	if (sum == NULL || k == NULL || !cJSON_IsArray(scrutineers))
		f = SF_MALFORMED;
	else if (cJSON_GetArraySize(scrutineers) == 0 || election_key == NULL)
		f = SF_NO_KEYS;
	for (s = f == SF_OK ? scrutineers->child : NULL; s != NULL && f == SF_OK;
	     s = s->next, i++) {
		f = scrutiny_one_key(g, committee, meeting, ceremony, s, i, sum);
		*which = i;
	}
	if (f == SF_OK) {
		*which = -1;
		if (!group_point_from_text(g, election_key, k) ||
		    EC_POINT_is_at_infinity(g->ec, sum) || EC_POINT_cmp(g->ec, sum, k, g->bn) != 0)
			f = SF_SUM;
	}
	EC_POINT_free(sum);
	EC_POINT_free(k);
	return f;
}

/* The key fixed at vote.open for voter, or NULL if not eligible. */
static const char *scrutiny_eligible_key(const cJSON *eligible, long long voter)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, eligible) {
		if (sc_id(e, "member") == voter)
			return sc_str(e, "key");
	}
	return NULL;
}

/* One ballot of the board, verified and added. */
static enum scrutiny_fault scrutiny_one_ballot(struct group *g, const struct scrutiny_round *r,
					       const cJSON *e, struct ballot_tally *t)
{
	long long voter = sc_id(e, "voter");
	const char *fixed = scrutiny_eligible_key(r->eligible, voter), *why = "";
	unsigned char receipt[BALLOT_RECEIPT_LEN], pub[SIG_PUB_LEN];
	char rtext[VOTE_HASH_TEXT_LEN + 1];
	struct ballot_context ctx;
	struct ballot b;
	enum scrutiny_fault f = SF_BALLOT;

	if (voter < 1 || fixed == NULL || sc_str(e, "voter_key") == NULL ||
	    strcmp(fixed, sc_str(e, "voter_key")) != 0 || !sig_pub_from_text(fixed, pub))
		return SF_NOT_ELIGIBLE;
	if (!ballot_context_init(g, &ctx))
		return SF_MALFORMED;
	if (vote_context(g, r->committee, r->meeting, r->item, r->round, r->question,
			 r->election_key, (uint64_t)voter, fixed, &ctx, &why) &&
	    ballot_from_json(g, cJSON_GetObjectItemCaseSensitive(e, "ballot"), &ctx, &b, &why)) {
		bool same = ballot_receipt(g, &b, receipt);

		if (same) {
			vote_hash_to_text(receipt, rtext);
			same = sc_str(e, "receipt") != NULL &&
			       strcmp(rtext, sc_str(e, "receipt")) == 0;
		}
		if (!ballot_verify(g, &ctx, &b, &why))
			f = SF_BALLOT;
		else if (!same)
			f = SF_RECEIPT;
		else if (!vote_envelope_verify(pub, r->committee, r->meeting, r->item, r->round,
					       (uint64_t)voter, receipt, sc_str(e, "signature")))
			f = SF_ENVELOPE;
		else
			f = ballot_tally_add(g, t, &b) ? SF_OK : SF_MALFORMED;
		ballot_clear(&b);
	}
	ballot_context_clear(&ctx);
	return f;
}

enum scrutiny_fault scrutiny_board_sum(struct group *g, const struct scrutiny_round *r,
				       struct ballot_tally *t, int *which)
{
	uint32_t options, lo, hi;
	const char *why;
	long long last = 0;
	const cJSON *e;
	enum scrutiny_fault f = SF_OK;
	int i = 0;

	*which = -1;
	memset(t, 0, sizeof(*t));
	if (!cJSON_IsArray(r->ballots) || !cJSON_IsArray(r->eligible) ||
	    !vote_question_shape(r->question, &options, &lo, &hi, &why) ||
	    !ballot_tally_init(g, t, options))
		return SF_MALFORMED;
	cJSON_ArrayForEach(e, r->ballots) {
		*which = i++;
		/* ascending voter order: a voter twice is caught here */
		if (sc_id(e, "voter") <= last)
			return sc_id(e, "voter") == last ? SF_TWICE : SF_MALFORMED;
		last = sc_id(e, "voter");
		if ((f = scrutiny_one_ballot(g, r, e, t)) != SF_OK)
			return f;
	}
	*which = -1;
	return SF_OK;
}

bool scrutiny_aggregate_same(struct group *g, const cJSON *aggregate, const struct ballot_tally *t)
{
	struct ballot_tally server;
	const char *why;
	bool same;
	uint32_t i;

	if (!ballot_tally_init(g, &server, t->n))
		return false;
	same = vote_aggregate_from_json(g, aggregate, t->n, &server, &why) &&
	       server.ballots == t->ballots;
	for (i = 0; same && i < t->n; i++)
		same = EC_POINT_cmp(g->ec, server.sum[i].a, t->sum[i].a, g->bn) == 0 &&
		       EC_POINT_cmp(g->ec, server.sum[i].b, t->sum[i].b, g->bn) == 0;
	ballot_tally_clear(&server);
	return same;
}
