/* Ballot cryptography benchmark, run by `make bench` (bench/run.sh):
 *
 *   ballot_bench [N]     N ballots per shape (default 100)
 *
 * For each ballot shape: the time to encrypt and prove one ballot, to
 * verify it (decoded), to decode it from JSON text and verify it, and to
 * decode it alone from parsed JSON (best of three passes). The
 * elliptic-curve multiplications each operation does are counted (the
 * library counts its calls to EC_POINT_mul by kind), and the same kinds of
 * EC_POINT_mul are timed alone in the same run; the ratio of an operation's
 * time to the time of its multiplications alone is our overhead over
 * OpenSSL: hashing, encoding, decoding, scalar arithmetic, allocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../proto/ballot.h"

/* Mean times of one EC_POINT_mul of each kind, in seconds. */
struct mul_cost {
	double base, point, dbl;
};

/* The first shape's verify time (s) and its ratio to its multiplications. */
static double first_verify, first_ratio, first_cpu;

struct shape {
	const char *name;
	uint32_t options, min, max;
	unsigned char choices[BALLOT_MAX_OPTIONS];
};

/* Wall-clock time, for the crypto bound of bench/vote.sh (the intake it
 * is compared with is wall-clock too). */
static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This thread's CPU time, for every figure of the table: what an operation
 * costs, whatever else the (shared) machine is running meanwhile. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Time n multiplications of each kind on random scalars and points. */
static struct mul_cost measure_muls(struct group *g, int n)
{
	struct mul_cost c;
	BIGNUM *k = group_secret_new(), *l = BN_new();
	EC_POINT *p = group_point_new(g), *r = group_point_new(g);
	double t;
	int i;

	group_scalar_random(g, k);
	group_scalar_random(g, l);
	EC_POINT_mul(g->ec, p, k, NULL, NULL, g->bn);
	t = now();
	for (i = 0; i < n; i++)
		EC_POINT_mul(g->ec, r, k, NULL, NULL, g->bn);
	c.base = (now() - t) / n;
	t = now();
	for (i = 0; i < n; i++)
		EC_POINT_mul(g->ec, r, NULL, p, k, g->bn);
	c.point = (now() - t) / n;
	t = now();
	for (i = 0; i < n; i++)
		EC_POINT_mul(g->ec, r, l, p, k, g->bn);
	c.dbl = (now() - t) / n;
	BN_clear_free(k);
	BN_free(l);
	EC_POINT_free(p);
	EC_POINT_free(r);
	return c;
}

/* The time the multiplications counted in s would take alone. */
static double mul_time(const struct mul_cost *c, const struct group_stats *s, int n)
{
	return ((double)s->base * c->base + (double)s->point * c->point +
		(double)s->double_ * c->dbl) /
	       n;
}

static void stats_since(struct group *g, const struct group_stats *start, struct group_stats *d)
{
	d->base = g->stats.base - start->base;
	d->point = g->stats.point - start->point;
	d->double_ = g->stats.double_ - start->double_;
}

/* An election of three scrutineers for the shape. */
static void election_make(struct group *g, struct ballot_context *ctx, const struct shape *s)
{
	struct ballot_key_context kc = {1, 2, 0, 9, {0}};
	struct ballot_pubkey pk[3];
	BIGNUM *x = group_secret_new();
	uint32_t i;

	ballot_context_init(g, ctx);
	ctx->committee = 1, ctx->meeting = 2, ctx->item = 3, ctx->round = 1, ctx->voter = 5;
	ctx->options = s->options, ctx->min_sel = s->min, ctx->max_sel = s->max;
	for (i = 0; i < 3; i++) {
		kc.index = i;
		ballot_pubkey_init(g, &pk[i]);
		ballot_key_generate(g, &kc, x, &pk[i]);
	}
	ballot_key_combine(g, pk, 3, ctx->key);
	for (i = 0; i < 3; i++)
		ballot_pubkey_clear(&pk[i]);
	BN_clear_free(x);
}

/* One line of figures for a shape: encrypt+prove, verify, JSON+verify. */
static int bench_shape(struct group *g, const struct shape *s, const struct mul_cost *c, int n)
{
	struct ballot_context ctx;
	struct group_stats st, de, dv;
	struct ballot *b = calloc((size_t)n, sizeof(*b)), tmp;
	char **text = calloc((size_t)n, sizeof(*text));
	cJSON **json = calloc((size_t)n, sizeof(*json));
	double t, te, tv, tj, td, tc, c0; /* tc: verify by the wall clock */
	const char *why;
	int i, pass, bad = 0;

	election_make(g, &ctx, s);
	/* the election key's table, as ygd builds it when the vote opens */
	if (!group_key_prepare(g, ctx.key))
		bad++;
	st = g->stats, t = now();
	for (i = 0; i < n; i++)
		bad += !ballot_encrypt(g, &ctx, s->choices, &b[i]);
	te = (now() - t) / n;
	stats_since(g, &st, &de);
	for (i = 0; i < n; i++) {
		cJSON *j = ballot_to_json(g, &b[i]);

		text[i] = cJSON_PrintUnformatted(j);
		cJSON_Delete(j);
	}
	/* The best of three passes: the machine may be shared. */
	for (pass = 0, tv = 0, tc = 0; pass < 3; pass++) {
		st = g->stats, t = now(), c0 = wall_now();
		for (i = 0; i < n; i++)
			bad += !ballot_verify(g, &ctx, &b[i], &why);
		t = (now() - t) / n;
		c0 = (wall_now() - c0) / n;
		tv = pass == 0 || t < tv ? t : tv;
		tc = pass == 0 || c0 < tc ? c0 : tc;
	}
	stats_since(g, &st, &dv);
	t = now();
	for (i = 0; i < n; i++) {
		cJSON *j = cJSON_Parse(text[i]);

		bad += !ballot_from_json(g, j, &ctx, &tmp, &why) ||
		       !ballot_verify(g, &ctx, &tmp, &why);
		ballot_clear(&tmp);
		cJSON_Delete(j);
	}
	tj = (now() - t) / n;
	/* ballot_from_json alone (the JSON parsed beforehand), best of three:
	 * point decompression, mostly, and small beside a verification. */
	for (i = 0; i < n; i++)
		json[i] = cJSON_Parse(text[i]);
	for (pass = 0, td = 0; pass < 3; pass++) {
		t = now();
		for (i = 0; i < n; i++) {
			bad += !ballot_from_json(g, json[i], &ctx, &tmp, &why);
			ballot_clear(&tmp);
		}
		t = (now() - t) / n;
		td = pass == 0 || t < td ? t : td;
	}
	for (i = 0; i < n; i++)
		cJSON_Delete(json[i]);
	printf("  %-22s %5zu %9.3f %6.2f %9.3f %6.2f %10.3f %7.3f %5lu+%lu+%lu\n", s->name,
	       strlen(text[0]), te * 1e3, te / mul_time(c, &de, n), tv * 1e3,
	       tv / mul_time(c, &dv, n), tj * 1e3, td * 1e3, (unsigned long)(dv.base / (uint64_t)n),
	       (unsigned long)(dv.point / (uint64_t)n), (unsigned long)(dv.double_ / (uint64_t)n));
	if (first_verify == 0) {
		first_verify = tc; /* wall clock */
		first_cpu = tv;
		first_ratio = tv / mul_time(c, &dv, n);
	}
	for (i = 0; i < n; i++) {
		ballot_clear(&b[i]);
		cJSON_free(text[i]);
	}
	free(b);
	free(text);
	free(json);
	ballot_context_clear(&ctx);
	return bad;
}

int main(int argc, char **argv)
{
	static const struct shape shapes[] = {
		{"yes/no/abstain (3, =1)", 3, 1, 1, {1, 0, 0}},
		{"5 candidates, 2 seats", 5, 0, 2, {0, 1, 0, 1, 0}},
		{"9 candidates, 4 seats", 9, 0, 4, {1, 0, 1, 0, 0, 1, 0, 1, 0}},
	};
	int n = argc > 1 ? atoi(argv[1]) : 100, bad = 0;
	struct group *g = group_new(NULL, NULL);
	struct mul_cost c;
	size_t i;

	if (g == NULL || n < 1) {
		fprintf(stderr, "usage: ballot_bench [N >= 1]\n");
		return 2;
	}
	c = measure_muls(g, 2000);
	printf("Ballot cryptography (%s, %s), %d ballots per shape\n", GROUP_SUITE,
	       OpenSSL_version(OPENSSL_VERSION), n);
	printf("  EC_POINT_mul alone: k*G %.1f us, k*P %.1f us, k*G+l*P %.1f us\n", c.base * 1e6,
	       c.point * 1e6, c.dbl * 1e6);
	printf("  (x mul: the operation's time over the time of its own EC multiplications\n"
	       "   done alone; muls: k*G + k*P + (k*G+l*P) calls per verification)\n");
	printf("  %-22s %5s %9s %6s %9s %6s %10s %7s %s\n", "shape", "bytes", "enc+prove", "x mul",
	       "verify", "x mul", "json+verif", "decode", "muls");
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		bad += bench_shape(g, &shapes[i], &c, n);
	printf("  (times in ms per ballot; bytes: the ballot's JSON)\n");
	/* For bench/vote.sh: the 同意/不同意/弃权 ballot, whose verification
	 * bounds intake (RATIO intake_vs_crypto_bound, verify_vs_ec_mults). */
	printf("verify_yes_no_abstain verify_us=%.1f x_mul=%.3f cpu_us=%.1f\n", first_verify * 1e6,
	       first_ratio, first_cpu * 1e6);
	group_free(g);
	if (bad != 0)
		fprintf(stderr, "ballot_bench: %d ballots failed\n", bad);
	return bad != 0;
}
