/* What signed requests cost (PROTOCOL.md §7a), for `make bench`
 * (bench/reqsig.sh):
 *
 *   reqsigbench PORT ADMIN_KEY.pem N
 *
 * signing one request on a terminal and checking it as ygd does
 * (server/reqcheck.c), each per request over N; then the round trip of a
 * ping to ygd at PORT, logged in as the admin, N times unsigned and N times
 * signed (the signature made and checked on every one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>

#include "../proto/reqsig.h"
#include "../server/reqcheck.h"
#include "../tests/support/tclient.h"

/* Wall time, or with cpu this process's CPU time (the machine may be
 * shared: what signing costs is CPU). */
static double clock_us(clockid_t which)
{
	struct timespec ts;

	clock_gettime(which, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

static double cpu_us(void)
{
	return clock_us(CLOCK_PROCESS_CPUTIME_ID);
}

/* A request's arguments of a usual size: a statement in a meeting. */
static cJSON *sample_args(void)
{
	return cJSON_Parse("{\"meeting\":12,\"item\":34,\"position\":\"agree\",\"body\":"
			   "\"项目前期论证充分，总投资2.38亿元可行，同意提交常委会审议。\"}");
}

/* Sign and check n requests offline; prints µs per request each. */
static int bench_offline(EVP_PKEY *key, int n)
{
	cJSON *args = sample_args(), *sig = NULL;
	unsigned char pub[SIG_PUB_LEN];
	struct yg_request r = {.has_id = true, .id = 1, .op = "agenda.speak", .args = args};
	struct reqcheck_caller who = {.logged_in = true, .committee = 1, .pub = pub};
	char why[256], *stored;
	double t0, t_sign, t_check;
	int i, bad = 0;

	sig_public(key, pub);
	t0 = cpu_us();
	for (i = 0; i < n; i++) {
		cJSON_Delete(sig);
		sig = reqsig_sign(key, "agenda.speak", args, 1, NULL);
	}
	t_sign = (cpu_us() - t0) / n;
	r.sig = sig;
	who.now = (long long)time(NULL);
	t0 = cpu_us();
	for (i = 0; i < n; i++) {
		bad += reqcheck_verify(&r, &who, &stored, why, sizeof(why)) != YG_OK;
		free(stored);
	}
	t_check = (cpu_us() - t0) / n;
	printf("signing a request (terminal): %.1f us CPU; checking it (ygd, server/reqcheck.c): "
	       "%.1f us CPU  (per request, over %d)\n",
	       t_sign, t_check, n);
	cJSON_Delete(sig);
	cJSON_Delete(args);
	return bad == 0 ? 0 : 1;
}

/* n pings, signed or not; the mean round trip in µs, or -1. */
static double bench_pings(struct tclient *tc, EVP_PKEY *key, int n, int sign)
{
	double t0 = now_us();
	cJSON *msg, *r;
	char *text;
	int i;

	for (i = 0; i < n; i++) {
		msg = cJSON_Parse("{\"op\":\"ping\",\"args\":{\"echo\":\"你好\"}}");
		cJSON_AddNumberToObject(msg, "id", (double)tc->next_id++);
		if (sign)
			cJSON_AddItemToObject(msg, "sig",
					      reqsig_sign(key, "ping",
							  cJSON_GetObjectItem(msg, "args"),
							  tc->committee, NULL));
		text = cJSON_PrintUnformatted(msg);
		cJSON_Delete(msg);
		if (tc_send_json(tc, text) != 0) {
			free(text);
			return -1;
		}
		free(text);
		r = tc_recv(tc, 10000);
		if (tc_result(r) == NULL) {
			cJSON_Delete(r);
			return -1;
		}
		cJSON_Delete(r);
	}
	return (now_us() - t0) / n;
}

int main(int argc, char **argv)
{
	struct tclient tc;
	EVP_PKEY *key = NULL;
	FILE *f;
	double plain, signd;
	int n;

	if (argc != 4) {
		fprintf(stderr, "usage: reqsigbench PORT ADMIN_KEY.pem N\n");
		return 2;
	}
	n = atoi(argv[3]);
	f = fopen(argv[2], "r");
	if (f != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (key == NULL || n < 1 || bench_offline(key, n) != 0)
		return 1;
	if (tc_connect_hello(&tc, atoi(argv[1])) != 0) {
		fprintf(stderr, "reqsigbench: cannot reach ygd\n");
		return 1;
	}
	cJSON_Delete(tc_login(&tc, key, 1));
	bench_pings(&tc, key, n / 10 + 1, 0); /* warm up */
	plain = bench_pings(&tc, key, n, 0);
	signd = bench_pings(&tc, key, n, 1);
	tc_close(&tc);
	EVP_PKEY_free(key);
	if (plain < 0 || signd < 0) {
		fprintf(stderr, "reqsigbench: a ping failed\n");
		return 1;
	}
	printf("ping round trip over TLS, one at a time: %.1f us unsigned, %.1f us signed "
	       "(+%.1f us; %d each)\n",
	       plain, signd, signd - plain, n);
	return 0;
}
