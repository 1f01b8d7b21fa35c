#include <string.h>

#include "ballot.h"

/* An empty tally of n options: every sum the point at infinity. */
bool ballot_tally_init(const struct group *g, struct ballot_tally *t, uint32_t n)
{
	bool ok = n >= 1 && n <= BALLOT_MAX_OPTIONS;
	uint32_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; ok && i < n; i++) {
		t->n = i + 1;
		ok = elgamal_ct_init(g, &t->sum[i]);
	}
	if (!ok)
		ballot_tally_clear(t);
	return ok;
}

/* Free the tally's sums. */
void ballot_tally_clear(struct ballot_tally *t)
{
	uint32_t i;

	for (i = 0; i < t->n; i++)
		elgamal_ct_clear(&t->sum[i]);
	t->n = 0;
}

/* Add a ballot, which the caller has verified, to the tally. */
bool ballot_tally_add(struct group *g, struct ballot_tally *t, const struct ballot *b)
{
	uint32_t i;

	if (b->n != t->n)
		return false;
	for (i = 0; i < t->n; i++)
		if (!elgamal_add(g, &t->sum[i], &b->ct[i]))
			return false;
	t->ballots++;
	return true;
}

/* H(keygen; suite; committee; meeting; index; member; member's key). */
static bool ballot_key_digest(struct group *g, const struct ballot_key_context *kc,
			      unsigned char out[GROUP_DIGEST_LEN])
{
	struct group_hash h;

	group_hash_init(g, &h, BALLOT_TAG_KEYGEN);
	group_hash_bytes(&h, GROUP_SUITE, strlen(GROUP_SUITE));
	group_hash_u64(&h, kc->committee);
	group_hash_u64(&h, kc->meeting);
	group_hash_u64(&h, kc->index);
	group_hash_u64(&h, kc->member);
	group_hash_bytes(&h, kc->member_pub, SIG_PUB_LEN);
	return group_hash_digest(&h, out);
}

/* A scrutineer key with room for its point. */
bool ballot_pubkey_init(const struct group *g, struct ballot_pubkey *pk)
{
	memset(pk, 0, sizeof(*pk));
	pk->key = group_point_new(g);
	return pk->key != NULL;
}

/* Free a scrutineer key's point. */
void ballot_pubkey_clear(struct ballot_pubkey *pk)
{
	EC_POINT_free(pk->key);
	pk->key = NULL;
}

/* A scrutineer's secret share and its public key with a proof of
 * knowledge bound to kc; pk initialised by the caller. */
bool ballot_key_generate(struct group *g, const struct ballot_key_context *kc, BIGNUM *secret,
			 struct ballot_pubkey *pk)
{
	unsigned char d[GROUP_DIGEST_LEN];

	return ballot_key_digest(g, kc, d) && elgamal_keygen(g, secret, pk->key) &&
	       zkp_schnorr_prove(g, d, secret, pk->key, &pk->proof);
}

/* The key of a secret made earlier (kept on the scrutineer's terminal),
 * proven again for kc: a terminal that stopped between keeping its share
 * and publishing it publishes the same key. */
bool ballot_key_prove(struct group *g, const struct ballot_key_context *kc, const BIGNUM *secret,
		      struct ballot_pubkey *pk)
{
	unsigned char d[GROUP_DIGEST_LEN];

	return !BN_is_zero(secret) && ballot_key_digest(g, kc, d) &&
	       group_mul_secret(g, pk->key, secret, NULL) &&
	       zkp_schnorr_prove(g, d, secret, pk->key, &pk->proof);
}

/* Whether pk's proof shows its holder knows its secret, for kc. */
bool ballot_key_verify(struct group *g, const struct ballot_key_context *kc,
		       const struct ballot_pubkey *pk)
{
	unsigned char d[GROUP_DIGEST_LEN];

	return !EC_POINT_is_at_infinity(g->ec, pk->key) && ballot_key_digest(g, kc, d) &&
	       zkp_schnorr_verify(g, d, pk->key, &pk->proof);
}

/* The election key: the sum of the scrutineers' keys (verified by the
 * caller); false if there are none or the sum is infinity. */
bool ballot_key_combine(struct group *g, const struct ballot_pubkey *keys, size_t n, EC_POINT *out)
{
	size_t i;

	if (n == 0 || EC_POINT_set_to_infinity(g->ec, out) != 1)
		return false;
	for (i = 0; i < n; i++)
		if (EC_POINT_add(g->ec, out, out, keys[i].key, g->bn) != 1)
			return false;
	return !EC_POINT_is_at_infinity(g->ec, out);
}

/* H(decryption; E; index; option; ballots; A; B) for option j. */
static bool ballot_decrypt_context(struct group *g, const unsigned char e[GROUP_DIGEST_LEN],
				   uint32_t index, uint32_t j, const struct ballot_tally *t,
				   unsigned char out[GROUP_DIGEST_LEN])
{
	struct group_hash h;

	group_hash_init(g, &h, BALLOT_TAG_DECRYPT);
	group_hash_bytes(&h, e, GROUP_DIGEST_LEN);
	group_hash_u64(&h, index);
	group_hash_u64(&h, j);
	group_hash_u64(&h, t->ballots);
	group_hash_point(g, &h, t->sum[j].a);
	group_hash_point(g, &h, t->sum[j].b);
	return group_hash_digest(&h, out);
}

/* A partial decryption of n options, with room for its points. */
bool ballot_share_init(const struct group *g, struct ballot_share *s, uint32_t n)
{
	bool ok = n >= 1 && n <= BALLOT_MAX_OPTIONS;
	uint32_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; ok && i < n; i++) {
		s->n = i + 1;
		s->d[i] = group_point_new(g);
		ok = s->d[i] != NULL;
	}
	if (!ok)
		ballot_share_clear(s);
	return ok;
}

/* Free a partial decryption's points. */
void ballot_share_clear(struct ballot_share *s)
{
	uint32_t i;

	for (i = 0; i < s->n; i++)
		EC_POINT_free(s->d[i]);
	s->n = 0;
}

/* Scrutineer index's partial decryption of t: D_j = x·A_j with a proof
 * that log_G X = log_A_j D_j, for every option; s is initialised here.
 * A tally without ballots is not decrypted: its counts are all zero. */
bool ballot_share_make(struct group *g, const struct ballot_context *ctx, uint32_t index,
		       const BIGNUM *secret, const EC_POINT *pub, const struct ballot_tally *t,
		       struct ballot_share *s)
{
	unsigned char e[GROUP_DIGEST_LEN], dc[GROUP_DIGEST_LEN];
	bool ok = ballot_share_init(g, s, t->n) && t->ballots > 0 && t->n == ctx->options &&
		  ballot_election_digest(g, ctx, e);
	uint32_t j;

	for (j = 0; ok && j < t->n; j++)
		ok = group_mul_secret(g, s->d[j], secret, t->sum[j].a) &&
		     ballot_decrypt_context(g, e, index, j, t, dc) &&
		     zkp_dleq_prove(g, dc, secret, pub, t->sum[j].a, s->d[j], &s->proof[j]);
	if (!ok)
		ballot_share_clear(s);
	return ok;
}

/* Whether s is scrutineer index's (key pub) correct partial decryption. */
bool ballot_share_verify(struct group *g, const struct ballot_context *ctx, uint32_t index,
			 const EC_POINT *pub, const struct ballot_tally *t,
			 const struct ballot_share *s)
{
	unsigned char e[GROUP_DIGEST_LEN], dc[GROUP_DIGEST_LEN];
	bool ok = t->ballots > 0 && s->n == t->n && t->n == ctx->options &&
		  ballot_election_digest(g, ctx, e);
	uint32_t j;

	for (j = 0; ok && j < t->n; j++)
		ok = ballot_decrypt_context(g, e, index, j, t, dc) &&
		     zkp_dleq_verify(g, dc, pub, t->sum[j].a, s->d[j], &s->proof[j]);
	return ok;
}

/* The counts: for each option, B_j minus every share's D_j is count·G,
 * and the count is at most the number of ballots. Shares are verified by
 * the caller, one from each scrutineer. */
bool ballot_combine(struct group *g, const struct ballot_tally *t,
		    const struct ballot_share *shares, size_t nshares, uint32_t *counts)
{
	EC_POINT *m = group_point_new(g);
	bool ok = m != NULL;
	uint32_t j;
	size_t i;

	for (j = 0; ok && j < t->n; j++) {
		counts[j] = 0;
		if (t->ballots == 0)
			continue;
		ok = nshares > 0 && EC_POINT_copy(m, t->sum[j].b) == 1;
		for (i = 0; ok && i < nshares; i++)
			ok = shares[i].n == t->n && group_sub(g, m, m, shares[i].d[j]);
		ok = ok && elgamal_dlog(g, m, t->ballots, &counts[j]);
	}
	EC_POINT_free(m);
	return ok;
}
