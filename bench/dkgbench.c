/* Threshold key ceremony benchmark, run by `make bench` (bench/dkg.sh):
 *
 *   dkgbench [R]     R repetitions of each measure (default 5)
 *
 * For n = 3, 5 and 9 scrutineers with the threshold k = n/2 + 1: the CPU
 * time of a whole key ceremony (every dealing, sealed share, opening,
 * check against the commitments, verification key and share proof: the
 * work of all n terminals together) and of one terminal's part of it;
 * then, for one round of 同意/不同意/弃权 with 30 ballots, the time one
 * scrutineer takes to make its proven partial decryption, and the time a
 * verifier takes to check k of them and combine them into the counts
 * (what yg verify and ygd do per round). CPU time of this thread: the
 * figures do not depend on what else the machine runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/vectors/dkg_local.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool ceremony(struct group *g, struct dkg_local *L, uint32_t n, uint32_t k)
{
	uint32_t i;

	memset(L, 0, sizeof(*L));
	L->p = (struct dkg_params){
		.committee = 1, .meeting = 1, .ceremony = 1, .n = n, .threshold = k};
	for (i = 0; i < n; i++)
		L->kc[i] = (struct ballot_key_context){1, 1, i, 10 + i, {(unsigned char)i}};
	return dkg_local_run(g, L);
}

/* One round of 30 ballots under L's key, as a tally. */
static bool round_tally(struct group *g, const struct dkg_local *L, struct ballot_context *ctx,
			struct ballot_tally *t)
{
	unsigned char choice[3];
	struct ballot b;
	bool ok = ballot_context_init(g, ctx) && ballot_tally_init(g, t, 3);
	uint32_t v;

	ctx->committee = 1, ctx->meeting = 1, ctx->item = 1, ctx->round = 1;
	ctx->options = 3, ctx->min_sel = 1, ctx->max_sel = 1;
	ok = ok && EC_POINT_copy(ctx->key, L->key) == 1;
	for (v = 0; ok && v < 30; v++) {
		memset(choice, 0, sizeof(choice));
		choice[v % 3] = 1;
		ctx->voter = 100 + v;
		ok = ballot_encrypt(g, ctx, choice, &b) && ballot_tally_add(g, t, &b);
		ballot_clear(&b);
	}
	ctx->voter = 0;
	return ok;
}

static bool decrypt_round(struct group *g, const struct dkg_local *L, int reps, double *make,
			  double *check)
{
	struct ballot_share sh[DKG_MAX] = {0};
	struct ballot_context ctx;
	struct ballot_tally t;
	uint32_t at[DKG_MAX], counts[3], k = L->p.threshold, i;
	bool ok = round_tally(g, L, &ctx, &t);
	double t0;
	int r;

	for (i = 0; i < k; i++)
		at[i] = L->p.n - 1 - i; /* the last k: the first ones "lost" */
	*make = *check = 0;
	for (r = 0; ok && r < reps; r++) {
		t0 = now();
		for (i = 0; ok && i < k; i++)
			ok = ballot_share_make(g, &ctx, at[i], L->share[at[i]], L->y[at[i]], &t,
					       &sh[i]);
		*make += (now() - t0) / k;
		t0 = now();
		for (i = 0; ok && i < k; i++)
			ok = ballot_share_verify(g, &ctx, at[i], L->y[at[i]], &t, &sh[i]);
		ok = ok && dkg_combine(g, &t, sh, at, k, counts) && counts[0] == 10 &&
		     counts[1] == 10 && counts[2] == 10;
		*check += now() - t0;
		for (i = 0; i < k; i++)
			ballot_share_clear(&sh[i]);
	}
	*make /= reps;
	*check /= reps;
	ballot_tally_clear(&t);
	ballot_context_clear(&ctx);
	return ok;
}

int main(int argc, char **argv)
{
	static const uint32_t sizes[] = {3, 5, 9};
	int reps = argc > 1 ? atoi(argv[1]) : 5, r;
	struct group *g = group_new(group_rand_system, NULL);
	struct dkg_local L;
	double t0, total, make, check;
	size_t s;

	if (g == NULL || reps < 1)
		return 1;
	printf("threshold key ceremony (CPU time, mean of %d)\n", reps);
	printf("  %3s %3s  %16s  %13s  %26s  %26s\n", "n", "k", "ceremony (all n)", "per terminal",
	       "one partial decryption", "check k of them + combine");
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint32_t n = sizes[s], k = n / 2 + 1;

		total = 0;
		for (r = 0; r < reps; r++) {
			t0 = now();
			if (!ceremony(g, &L, n, k)) {
				fprintf(stderr, "dkgbench: the ceremony failed\n");
				return 1;
			}
			total += now() - t0;
			if (r < reps - 1)
				dkg_local_clear(&L);
		}
		total /= reps;
		if (!decrypt_round(g, &L, reps, &make, &check)) {
			fprintf(stderr, "dkgbench: the decryption failed\n");
			return 1;
		}
		dkg_local_clear(&L);
		printf("  %3u %3u  %13.1f ms  %10.1f ms  %16.2f ms / round  %16.2f ms / round\n", n,
		       k, total * 1e3, total * 1e3 / n, make * 1e3, check * 1e3);
	}
	group_free(g);
	return 0;
}
