/* Threshold election keys: dealing, sealing, complaints, verification
 * keys, share proofs and Lagrange combination (dkg.h; BALLOT.md §7.5,
 * §9.2). */
#include <string.h>

#include <openssl/crypto.h>

#include "b64.h"
#include "dkg.h"

bool dkg_params_valid(const struct dkg_params *p)
{
	return p->n >= 1 && p->n <= DKG_MAX && p->threshold >= 1 && p->threshold <= p->n &&
	       p->ceremony >= 1;
}

/* CD = H(ceremony; suite; committee; meeting; ceremony; n; threshold). */
bool dkg_ceremony_digest(struct group *g, const struct dkg_params *p,
			 unsigned char out[GROUP_DIGEST_LEN])
{
	struct group_hash h;

	if (!dkg_params_valid(p))
		return false;
	group_hash_init(g, &h, DKG_TAG_CEREMONY);
	group_hash_bytes(&h, GROUP_SUITE, strlen(GROUP_SUITE));
	group_hash_u64(&h, p->committee);
	group_hash_u64(&h, p->meeting);
	group_hash_u64(&h, p->ceremony);
	group_hash_u64(&h, p->n);
	group_hash_u64(&h, p->threshold);
	return group_hash_digest(&h, out);
}

/* H(tag; CD; index; member; member's key), the context of a scrutineer's
 * transport key (tag DKG_TAG_TRANSPORT) or of its share proof
 * (DKG_TAG_SHARE, with the election key K added). */
static bool dkg_member_context(struct group *g, const char *tag, const struct dkg_params *p,
			       const struct ballot_key_context *kc, const EC_POINT *key,
			       unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char cd[GROUP_DIGEST_LEN];
	struct group_hash h;

	if (!dkg_ceremony_digest(g, p, cd) || kc->index >= p->n)
		return false;
	group_hash_init(g, &h, tag);
	group_hash_bytes(&h, cd, sizeof(cd));
	group_hash_u64(&h, kc->index);
	group_hash_u64(&h, kc->member);
	group_hash_bytes(&h, kc->member_pub, SIG_PUB_LEN);
	if (key != NULL)
		group_hash_point(g, &h, key);
	return group_hash_digest(&h, out);
}

bool dkg_dealing_init(const struct group *g, struct dkg_dealing *d, uint32_t threshold)
{
	bool ok = threshold >= 1 && threshold <= DKG_MAX;
	uint32_t l;

	memset(d, 0, sizeof(*d));
	for (l = 0; ok && l < threshold; l++) {
		d->threshold = l + 1;
		ok = (d->c[l] = group_point_new(g)) != NULL;
	}
	ok = ok && (d->transport = group_point_new(g)) != NULL;
	if (!ok)
		dkg_dealing_clear(d);
	return ok;
}

void dkg_dealing_clear(struct dkg_dealing *d)
{
	uint32_t l;

	for (l = 0; l < d->threshold; l++)
		EC_POINT_free(d->c[l]);
	EC_POINT_free(d->transport);
	memset(d, 0, sizeof(*d));
}

bool dkg_secret_init(struct dkg_secret *s, uint32_t threshold)
{
	bool ok = threshold >= 1 && threshold <= DKG_MAX;
	uint32_t l;

	memset(s, 0, sizeof(*s));
	for (l = 0; ok && l < threshold; l++) {
		s->threshold = l + 1;
		ok = (s->a[l] = group_secret_new()) != NULL;
	}
	ok = ok && (s->e = group_secret_new()) != NULL;
	if (!ok)
		dkg_secret_clear(s);
	return ok;
}

void dkg_secret_clear(struct dkg_secret *s)
{
	uint32_t l;

	for (l = 0; l < s->threshold; l++)
		BN_clear_free(s->a[l]);
	BN_clear_free(s->e);
	memset(s, 0, sizeof(*s));
}

/* The draws, in this order: a_0 … a_{t−1}, e, the nonce of C_0's proof,
 * the nonce of E's proof (BALLOT.md §7.5). */
bool dkg_deal(struct group *g, const struct dkg_params *p, const struct ballot_key_context *kc,
	      struct dkg_secret *s, struct dkg_dealing *d)
{
	unsigned char tc[GROUP_DIGEST_LEN];
	struct ballot_pubkey pk = {.key = d->c[0]};
	bool ok = dkg_params_valid(p) && s->threshold == p->threshold &&
		  d->threshold == p->threshold && kc->index < p->n &&
		  kc->committee == p->committee && kc->meeting == p->meeting;
	uint32_t l;

	for (l = 0; ok && l < p->threshold; l++)
		ok = group_scalar_random(g, s->a[l]);
	ok = ok && group_scalar_random(g, s->e);
	for (l = 1; ok && l < p->threshold; l++)
		ok = group_mul_secret(g, d->c[l], s->a[l], NULL);
	ok = ok && group_mul_secret(g, d->transport, s->e, NULL) &&
	     ballot_key_prove(g, kc, s->a[0], &pk) &&
	     dkg_member_context(g, DKG_TAG_TRANSPORT, p, kc, NULL, tc) &&
	     zkp_schnorr_prove(g, tc, s->e, d->transport, &d->tproof);
	d->proof = pk.proof;
	return ok;
}

bool dkg_dealing_verify(struct group *g, const struct dkg_params *p,
			const struct ballot_key_context *kc, const struct dkg_dealing *d)
{
	unsigned char tc[GROUP_DIGEST_LEN];
	struct ballot_pubkey pk = {.key = d->c[0], .proof = d->proof};
	bool ok = dkg_params_valid(p) && d->threshold == p->threshold && kc->index < p->n &&
		  kc->committee == p->committee && kc->meeting == p->meeting;
	uint32_t l;

	for (l = 0; ok && l < d->threshold; l++)
		ok = !EC_POINT_is_at_infinity(g->ec, d->c[l]);
	return ok && ballot_key_verify(g, kc, &pk) &&
	       dkg_member_context(g, DKG_TAG_TRANSPORT, p, kc, NULL, tc) &&
	       zkp_schnorr_verify(g, tc, d->transport, &d->tproof);
}

/* f(j + 1) by Horner's rule. */
bool dkg_share_for(struct group *g, const struct dkg_secret *s, uint32_t j, BIGNUM *out)
{
	BIGNUM *x = BN_new();
	bool ok = x != NULL && s->threshold >= 1 && BN_set_word(x, (BN_ULONG)j + 1) == 1 &&
		  BN_copy(out, s->a[s->threshold - 1]) != NULL;
	uint32_t l;

	for (l = s->threshold - 1; ok && l-- > 0;)
		ok = group_scalar_mul(g, out, out, x) && group_scalar_add(g, out, out, s->a[l]);
	BN_free(x);
	return ok;
}

bool dkg_commit_eval(struct group *g, const struct dkg_dealing *d, uint32_t j, EC_POINT *out)
{
	BIGNUM *x = BN_new(), *pw = BN_new();
	EC_POINT *t = group_point_new(g);
	bool ok = x != NULL && pw != NULL && t != NULL && d->threshold >= 1 &&
		  BN_set_word(x, (BN_ULONG)j + 1) == 1 && BN_one(pw) == 1 &&
		  EC_POINT_copy(out, d->c[0]) == 1;
	uint32_t l;

	for (l = 1; ok && l < d->threshold; l++)
		ok = group_scalar_mul(g, pw, pw, x) && group_mul_public(g, t, NULL, d->c[l], pw) &&
		     EC_POINT_add(g->ec, out, out, t, g->bn) == 1;
	BN_free(x);
	BN_free(pw);
	EC_POINT_free(t);
	return ok;
}

bool dkg_share_matches(struct group *g, const struct dkg_dealing *d, uint32_t j,
		       const BIGNUM *share)
{
	EC_POINT *want = group_point_new(g), *got = group_point_new(g);
	bool ok = want != NULL && got != NULL && dkg_commit_eval(g, d, j, want) &&
		  group_mul_secret(g, got, share, NULL) &&
		  EC_POINT_cmp(g->ec, want, got, g->bn) == 0;

	EC_POINT_free(want);
	EC_POINT_clear_free(got);
	return ok;
}

bool dkg_sealed_init(const struct group *g, struct dkg_sealed *s)
{
	memset(s, 0, sizeof(*s));
	return (s->r = group_point_new(g)) != NULL;
}

void dkg_sealed_clear(struct dkg_sealed *s)
{
	EC_POINT_free(s->r);
	s->r = NULL;
}

/* The pad: the first 32 bytes of H(seal; CD; from; to; R; Q), Q the
 * shared point r·E_to = e_to·R. */
static bool dkg_pad(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
		    const EC_POINT *r, const EC_POINT *q, unsigned char pad[GROUP_SCALAR_LEN])
{
	unsigned char cd[GROUP_DIGEST_LEN], h64[GROUP_DIGEST_LEN];
	struct group_hash h;
	bool ok;

	if (!dkg_ceremony_digest(g, p, cd) || from >= p->n || to >= p->n || from == to)
		return false;
	group_hash_init(g, &h, DKG_TAG_SEAL);
	group_hash_bytes(&h, cd, sizeof(cd));
	group_hash_u64(&h, from);
	group_hash_u64(&h, to);
	group_hash_point(g, &h, r);
	group_hash_point(g, &h, q);
	ok = group_hash_digest(&h, h64);
	memcpy(pad, h64, GROUP_SCALAR_LEN);
	OPENSSL_cleanse(h64, sizeof(h64));
	return ok;
}

static void dkg_xor(unsigned char *out, const unsigned char *a, const unsigned char *b)
{
	size_t i;

	for (i = 0; i < GROUP_SCALAR_LEN; i++)
		out[i] = a[i] ^ b[i];
}

bool dkg_seal(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
	      const EC_POINT *e_to, const BIGNUM *share, struct dkg_sealed *out)
{
	unsigned char pad[GROUP_SCALAR_LEN], plain[GROUP_SCALAR_LEN];
	BIGNUM *r = group_secret_new();
	EC_POINT *q = group_point_new(g);
	bool ok = r != NULL && q != NULL && group_scalar_random(g, r) &&
		  group_mul_secret(g, out->r, r, NULL) && group_mul_secret(g, q, r, e_to) &&
		  dkg_pad(g, p, from, to, out->r, q, pad) && group_scalar_encode(share, plain);

	if (ok)
		dkg_xor(out->ct, plain, pad);
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(plain, sizeof(plain));
	BN_clear_free(r);
	EC_POINT_clear_free(q);
	return ok;
}

/* The plaintext under the shared point q. */
static bool dkg_unseal(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
		       const EC_POINT *q, const struct dkg_sealed *s, BIGNUM *share)
{
	unsigned char pad[GROUP_SCALAR_LEN], plain[GROUP_SCALAR_LEN];
	bool ok = dkg_pad(g, p, from, to, s->r, q, pad);

	if (ok)
		dkg_xor(plain, s->ct, pad);
	ok = ok && group_scalar_decode(g, plain, share);
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(plain, sizeof(plain));
	return ok;
}

bool dkg_open(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
	      const BIGNUM *e, const struct dkg_sealed *s, BIGNUM *share)
{
	EC_POINT *q = group_point_new(g);
	bool ok = q != NULL && group_mul_secret(g, q, e, s->r) &&
		  dkg_unseal(g, p, from, to, q, s, share);

	EC_POINT_clear_free(q);
	return ok;
}

bool dkg_complaint_init(const struct group *g, struct dkg_complaint *c)
{
	memset(c, 0, sizeof(*c));
	return (c->q = group_point_new(g)) != NULL;
}

void dkg_complaint_clear(struct dkg_complaint *c)
{
	EC_POINT_free(c->q);
	c->q = NULL;
}

/* H(complaint; CD; from; to; R; ct): the context of Q's proof. */
static bool dkg_complaint_context(struct group *g, const struct dkg_params *p, uint32_t from,
				  uint32_t to, const struct dkg_sealed *s,
				  unsigned char out[GROUP_DIGEST_LEN])
{
	unsigned char cd[GROUP_DIGEST_LEN];
	struct group_hash h;

	if (!dkg_ceremony_digest(g, p, cd))
		return false;
	group_hash_init(g, &h, DKG_TAG_COMPLAINT);
	group_hash_bytes(&h, cd, sizeof(cd));
	group_hash_u64(&h, from);
	group_hash_u64(&h, to);
	group_hash_point(g, &h, s->r);
	group_hash_bytes(&h, s->ct, sizeof(s->ct));
	return group_hash_digest(&h, out);
}

/* Reveal Q = e·R with a proof that log_G E = log_R Q: anyone can then open
 * the share and compare it with the dealer's commitments. Only for a share
 * that fails: a good share revealed is a share given away. */
bool dkg_complain(struct group *g, const struct dkg_params *p, uint32_t from, uint32_t to,
		  const BIGNUM *e, const EC_POINT *e_pub, const struct dkg_sealed *s,
		  struct dkg_complaint *out)
{
	unsigned char cc[GROUP_DIGEST_LEN];

	return group_mul_secret(g, out->q, e, s->r) &&
	       dkg_complaint_context(g, p, from, to, s, cc) &&
	       zkp_dleq_prove(g, cc, e, e_pub, s->r, out->q, &out->proof);
}

enum dkg_verdict dkg_complaint_judge(struct group *g, const struct dkg_params *p, uint32_t from,
				     uint32_t to, const struct dkg_dealing *dealer,
				     const EC_POINT *e_to, const struct dkg_sealed *s,
				     const struct dkg_complaint *c)
{
	unsigned char cc[GROUP_DIGEST_LEN];
	BIGNUM *share = BN_new();
	enum dkg_verdict v = DKG_COMPLAINT_FALSE;

	if (share != NULL && dkg_complaint_context(g, p, from, to, s, cc) &&
	    zkp_dleq_verify(g, cc, e_to, s->r, c->q, &c->proof)) {
		/* proven Q: a sealed value that is no scalar, or not the
		 * committed share, is the dealer's fault */
		if (!dkg_unseal(g, p, from, to, c->q, s, share) ||
		    !dkg_share_matches(g, dealer, to, share))
			v = DKG_DEALER_FAULTY;
	}
	BN_clear_free(share);
	return v;
}

bool dkg_election_key(struct group *g, const struct dkg_dealing *d, uint32_t n, EC_POINT *out)
{
	bool ok = n >= 1 && EC_POINT_set_to_infinity(g->ec, out) == 1;
	uint32_t i;

	for (i = 0; ok && i < n; i++)
		ok = d[i].threshold >= 1 && EC_POINT_add(g->ec, out, out, d[i].c[0], g->bn) == 1;
	return ok && !EC_POINT_is_at_infinity(g->ec, out);
}

bool dkg_verification_key(struct group *g, const struct dkg_dealing *d, uint32_t n, uint32_t j,
			  EC_POINT *out)
{
	EC_POINT *t = group_point_new(g);
	bool ok = t != NULL && n >= 1 && EC_POINT_set_to_infinity(g->ec, out) == 1;
	uint32_t i;

	for (i = 0; ok && i < n; i++)
		ok = dkg_commit_eval(g, &d[i], j, t) &&
		     EC_POINT_add(g->ec, out, out, t, g->bn) == 1;
	EC_POINT_free(t);
	return ok && !EC_POINT_is_at_infinity(g->ec, out);
}

bool dkg_share_prove(struct group *g, const struct dkg_params *p,
		     const struct ballot_key_context *kc, const EC_POINT *key, const BIGNUM *s,
		     const EC_POINT *y, struct zkp_proof *out)
{
	unsigned char sc[GROUP_DIGEST_LEN];

	return dkg_member_context(g, DKG_TAG_SHARE, p, kc, key, sc) &&
	       zkp_schnorr_prove(g, sc, s, y, out);
}

bool dkg_share_verify(struct group *g, const struct dkg_params *p,
		      const struct ballot_key_context *kc, const EC_POINT *key, const EC_POINT *y,
		      const struct zkp_proof *proof)
{
	unsigned char sc[GROUP_DIGEST_LEN];

	return !EC_POINT_is_at_infinity(g->ec, y) &&
	       dkg_member_context(g, DKG_TAG_SHARE, p, kc, key, sc) &&
	       zkp_schnorr_verify(g, sc, y, proof);
}

/* λ = Π_{m ≠ which} x_m / (x_m − x_which), x = index + 1, mod n. */
bool dkg_lagrange(struct group *g, const uint32_t *at, size_t m, size_t which, BIGNUM *out)
{
	BIGNUM *num = BN_new(), *den = BN_new(), *a = BN_new(), *b = BN_new();
	bool ok = num != NULL && den != NULL && a != NULL && b != NULL && which < m &&
		  BN_one(num) == 1 && BN_one(den) == 1;
	size_t i;

	for (i = 0; ok && i < m; i++) {
		if (i == which)
			continue;
		ok = at[i] != at[which] && at[i] < DKG_MAX &&
		     BN_set_word(a, (BN_ULONG)at[i] + 1) == 1 &&
		     BN_set_word(b, (BN_ULONG)at[which] + 1) == 1 &&
		     group_scalar_mul(g, num, num, a) && group_scalar_sub(g, b, a, b) &&
		     group_scalar_mul(g, den, den, b);
	}
	ok = ok && BN_mod_inverse(den, den, g->order, g->bn) != NULL &&
	     group_scalar_mul(g, out, num, den);
	BN_free(num);
	BN_free(den);
	BN_free(a);
	BN_free(b);
	return ok;
}

bool dkg_combine(struct group *g, const struct ballot_tally *t, const struct ballot_share *shares,
		 const uint32_t *at, size_t m, uint32_t *counts)
{
	EC_POINT *sum = group_point_new(g), *x = group_point_new(g);
	BIGNUM *lambda[DKG_MAX] = {NULL};
	bool ok = sum != NULL && x != NULL && m <= DKG_MAX && (m > 0 || t->ballots == 0);
	uint32_t j;
	size_t i;

	for (i = 0; ok && t->ballots > 0 && i < m; i++)
		ok = (lambda[i] = BN_new()) != NULL && dkg_lagrange(g, at, m, i, lambda[i]) &&
		     shares[i].n == t->n;
	for (j = 0; ok && j < t->n; j++) {
		counts[j] = 0;
		if (t->ballots == 0)
			continue;
		ok = EC_POINT_copy(sum, t->sum[j].b) == 1;
		for (i = 0; ok && i < m; i++)
			ok = group_mul_public(g, x, NULL, shares[i].d[j], lambda[i]) &&
			     group_sub(g, sum, sum, x);
		ok = ok && elgamal_dlog(g, sum, t->ballots, &counts[j]);
	}
	for (i = 0; i < m && i < DKG_MAX; i++)
		BN_free(lambda[i]);
	EC_POINT_free(sum);
	EC_POINT_free(x);
	return ok;
}
