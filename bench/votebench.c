/* The vote under load (make bench): M meetings, each of its own committee
 * of V members, run through the protocol to an open vote; every ballot is
 * made beforehand (the terminals' work); then all M×V members cast at once
 * and the ballots accepted per second by one ygd are measured, proofs and
 * signature checked and committed. Then the BIG voters (default 50) of one
 * meeting cast at once, and that vote is closed, decrypted and its
 * election record written to a file for `yg verify` (RECORD_FILE "-": not).
 * MEETINGS 0 runs the one meeting alone.
 *
 *   votebench ADDR SUPERUSER_CONNINFO ADMIN_KEYFILE MEETINGS VOTERS RECORD_FILE [BIG]
 *
 * The admin (bootstrapped into committee 1 by bench/run.sh) creates the
 * committees. Prints "cast N ballots in S s: R/s p50 X ms p99 Y ms". */
#include <dirent.h>
#include <sys/epoll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/pem.h>

#include "../proto/ballot.h"
#include "../proto/reqsig.h"
#include "../proto/scrutiny.h"
#include "../proto/vote.h"
#include "../tests/support/share.h"
#include "../tests/support/tclient.h"

struct voter {
	struct tclient c;
	EVP_PKEY *key;
	long long id;
	char *cast; /* the vote.cast request, made beforehand */
	double sent, done;
};

struct meeting {
	long long committee, id, item;
	struct tclient admin;
	struct voter *v;
	BIGNUM *secret[2];
	EC_POINT *pub[2];
};

static struct group *g;
static int port;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, cJSON *reply)
{
	char *t = reply != NULL ? cJSON_PrintUnformatted(reply) : NULL;

	fprintf(stderr, "votebench: %s: %s\n", what, t != NULL ? t : "no reply");
	exit(1);
}

/* A call that must succeed; its result (caller frees). */
static cJSON *must(struct tclient *c, const char *op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static cJSON *must(struct tclient *c, const char *op, const char *fmt, ...)
{
	char args[4096];
	cJSON *r, *res;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	r = tc_call(c, op, args);
	if (r == NULL || tc_error_code(r) != NULL)
		die(op, r);
	res = cJSON_DetachItemFromObject(r, "result");
	cJSON_Delete(r);
	return res;
}

static long long must_id(struct tclient *c, const char *op, const char *name, const char *fmt,
			 const char *a1)
{
	cJSON *r = must(c, op, fmt, a1);
	long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(r, name));

	cJSON_Delete(r);
	return id;
}

/* A committee of V with one announced item, a meeting announced with two
 * scrutineers; everyone connected and logged in. */
static void meeting_setup(struct meeting *m, EVP_PKEY *admin_key, int nv, int k)
{
	char pub[52], args[512], name[64];
	cJSON *r;
	int i;

	if (tc_connect_hello(&m->admin, port) != 0)
		die("connect", NULL);
	cJSON_Delete(tc_login(&m->admin, admin_key, 1));
	snprintf(name, sizeof(name), "委员会%d-%d", k, nv); /* unique across runs on one database */
	m->committee = must_id(&m->admin, "committee.create", "id", "{\"name\":\"%s\"}", name);
	tc_close(&m->admin);
	tc_connect_hello(&m->admin, port);
	cJSON_Delete(tc_login(&m->admin, admin_key, m->committee));
	m->v = calloc((size_t)nv, sizeof(*m->v));
	for (i = 0; i < nv; i++) {
		m->v[i].key = sig_keygen();
		snprintf(args, sizeof(args), "{\"name\":\"委员%d\",\"roles\":%s,\"key\":\"%s\"}", i,
			 i == 0 ? "[\"chair\",\"member\"]" : "[\"member\"]",
			 tc_pub_text(m->v[i].key, pub));
		m->v[i].id = must_id(&m->admin, "member.add", "id", "%s", args);
		if (tc_connect_hello(&m->v[i].c, port) != 0)
			die("connect", NULL);
		cJSON_Delete(tc_login(&m->v[i].c, m->v[i].key, m->committee));
	}
	cJSON_Delete(must(&m->admin, "rules.set",
			  "{\"name\":\"materials\",\"value\":{\"decision\":[]}}"));
	/* two scrutineers, both needed (the defaults are any 2 of 3) */
	cJSON_Delete(must(&m->admin, "rules.set", "{\"name\":\"scrutineers\",\"value\":2}"));
	cJSON_Delete(
		must(&m->admin, "rules.set", "{\"name\":\"scrutineer_threshold\",\"value\":0}"));
	r = must(&m->admin, "power.add",
		 "{\"category\":\"decision\",\"title\":\"决策\",\"legal_basis\":\"x\","
		 "\"collective\":true}");
	snprintf(args, sizeof(args),
		 "{\"title\":\"议题\",\"category\":\"decision\",\"power_entry\":%lld,"
		 "\"affects_public\":false}",
		 (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "id")));
	cJSON_Delete(r);
	m->item = must_id(&m->v[0].c, "item.create", "id", "%s", args);
	cJSON_Delete(must(&m->v[0].c, "item.announce", "{\"id\":%lld}", m->item));
}

/* After the comment windows were moved into the past: the meeting, keys,
 * check-in, discussion, and the vote opened. */
/* The scrutineer's signature of its key publication (BALLOT.md §7.4). */
static void bench_sign_key(long long committee, const struct ballot_key_context *kc, EVP_PKEY *key,
			   const cJSON *j, char sig[SIG_TEXT_LEN + 1])
{
	const cJSON *proof = cJSON_GetObjectItem(j, "proof");
	char member_key[SIG_PUB_TEXT_LEN + 1];
	struct scrutiny_pub p = {.committee = (uint64_t)committee,
				 .meeting = kc->meeting,
				 .ceremony = 1,
				 .index = kc->index,
				 .member = kc->member,
				 .member_key = member_key,
				 .key = cJSON_GetStringValue(cJSON_GetObjectItem(j, "key")),
				 .proof_c = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "c")),
				 .proof_z = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "z"))};

	sig_pub_to_text(kc->member_pub, member_key);
	if (!scrutiny_key_sign(key, &p, sig))
		sig[0] = '\0';
}

static void owner_sql(const char *sql);

static void meeting_open_vote(struct meeting *m, int nv)
{
	struct ballot_key_context kc = {0};
	struct ballot_pubkey pk;
	char *text, sig[SIG_TEXT_LEN + 1];
	cJSON *j;
	int i;

	m->id = must_id(&m->v[0].c, "meeting.create", "id",
			"{\"title\":\"会议\",\"place\":\"会议室\",\"starts_at\":\"%s\"}",
			"2099-06-01T09:00:00+08:00");
	cJSON_Delete(must(&m->v[0].c, "meeting.add_item", "{\"meeting\":%lld,\"item\":%lld}", m->id,
			  m->item));
	cJSON_Delete(must(&m->v[0].c, "meeting.announce", "{\"id\":%lld}", m->id));
	cJSON_Delete(must(&m->v[0].c, "scrutineer.designate",
			  "{\"meeting\":%lld,\"members\":[%lld,%lld]}", m->id, m->v[1].id,
			  m->v[2].id));
	for (i = 0; i < 2; i++) {
		kc.committee = (uint64_t)m->committee;
		kc.meeting = (uint64_t)m->id;
		kc.index = (uint32_t)i;
		kc.member = (uint64_t)m->v[i + 1].id;
		sig_public(m->v[i + 1].key, kc.member_pub);
		m->secret[i] = group_secret_new();
		ballot_pubkey_init(g, &pk);
		ballot_key_generate(g, &kc, m->secret[i], &pk);
		m->pub[i] = EC_POINT_dup(pk.key, g->ec);
		j = ballot_pubkey_to_json(g, &pk);
		text = cJSON_PrintUnformatted(j);
		bench_sign_key(m->committee, &kc, m->v[i + 1].key, j, sig);
		cJSON_Delete(must(&m->v[i + 1].c, "scrutineer.publish",
				  "{\"meeting\":%lld,\"key\":%s,\"signature\":\"%s\"}", m->id, text,
				  sig));
		free(text);
		cJSON_Delete(j);
		ballot_pubkey_clear(&pk);
	}
	for (i = 0; i < nv; i++)
		cJSON_Delete(must(&m->v[i].c, "meeting.check_in", "{\"meeting\":%lld}", m->id));
	/* Due: a meeting opens at most 30 minutes before its time. */
	owner_sql("UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE status = "
		  "'announced'");
	cJSON_Delete(must(&m->v[0].c, "meeting.open", "{\"meeting\":%lld}", m->id));
	cJSON_Delete(must(&m->v[0].c, "agenda.open", "{\"meeting\":%lld,\"item\":%lld}", m->id,
			  m->item));
	cJSON_Delete(must(&m->v[0].c, "agenda.present", "{\"meeting\":%lld,\"item\":%lld}", m->id,
			  m->item));
	for (i = 1; i < nv; i++)
		cJSON_Delete(must(&m->v[i].c, "agenda.pass", "{\"meeting\":%lld,\"item\":%lld}",
				  m->id, m->item));
	cJSON_Delete(
		must(&m->v[0].c, "agenda.speak",
		     "{\"meeting\":%lld,\"item\":%lld,\"position\":\"agree\",\"body\":\"同意\"}",
		     m->id, m->item));
	cJSON_Delete(must(&m->v[0].c, "agenda.close", "{\"meeting\":%lld,\"item\":%lld}", m->id,
			  m->item));
	cJSON_Delete(
		must(&m->v[0].c, "vote.open", "{\"meeting\":%lld,\"item\":%lld}", m->id, m->item));
}

/* Every member's ballot, made as their terminal would (not timed). */
static void meeting_ballots(struct meeting *m, int nv)
{
	static const unsigned char choice[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
	cJSON *st = must(&m->v[0].c, "vote.status", "{\"meeting\":%lld,\"item\":%lld}", m->id,
			 m->item),
	      *args;
	struct ballot_context ctx;
	struct ballot b;
	unsigned char receipt[VOTE_HASH_LEN];
	char sig[SIG_TEXT_LEN + 1], pub[52];
	const char *why;
	int i;

	for (i = 0; i < nv; i++) {
		ballot_context_init(g, &ctx);
		if (!vote_context(g, (uint64_t)m->committee, (uint64_t)m->id, (uint64_t)m->item, 1,
				  cJSON_GetObjectItem(st, "question"),
				  cJSON_GetStringValue(cJSON_GetObjectItem(st, "election_key")),
				  (uint64_t)m->v[i].id, tc_pub_text(m->v[i].key, pub), &ctx,
				  &why) ||
		    !ballot_encrypt(g, &ctx, choice[i % 5 == 4 ? 1 + i % 2 : 0], &b))
			die("ballot", NULL);
		ballot_receipt(g, &b, receipt);
		vote_envelope_sign(m->v[i].key, (uint64_t)m->committee, (uint64_t)m->id,
				   (uint64_t)m->item, 1, (uint64_t)m->v[i].id, receipt, sig);
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "id", 7);
		cJSON_AddStringToObject(args, "op", "vote.cast");
		cJSON_AddItemToObject(args, "args", cJSON_CreateObject());
		cJSON_AddNumberToObject(cJSON_GetObjectItem(args, "args"), "meeting",
					(double)m->id);
		cJSON_AddNumberToObject(cJSON_GetObjectItem(args, "args"), "item", (double)m->item);
		cJSON_AddNumberToObject(cJSON_GetObjectItem(args, "args"), "round", 1);
		cJSON_AddItemToObject(cJSON_GetObjectItem(args, "args"), "ballot",
				      ballot_to_json(g, &b));
		cJSON_AddStringToObject(cJSON_GetObjectItem(args, "args"), "signature", sig);
		m->v[i].cast = cJSON_PrintUnformatted(args);
		cJSON_Delete(args);
		ballot_clear(&b);
		ballot_context_clear(&ctx);
	}
	cJSON_Delete(st);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* vote.cast changes state: its request is signed (PROTOCOL.md §7a), just
 * before the casting starts, so that its time is close to the server's. */
static void sign_cast(struct meeting *m, struct voter *v)
{
	cJSON *msg = cJSON_Parse(v->cast);

	cJSON_AddItemToObject(msg, "sig",
			      reqsig_sign(v->key, "vote.cast", cJSON_GetObjectItem(msg, "args"),
					  m->committee, NULL));
	free(v->cast);
	v->cast = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
}

/* CPU time (user + system, in clock ticks) of process pid, all its threads;
 * its parent's pid in *ppid. -1 if it is gone. */
static long long cpu_ticks(long pid, long *ppid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	long pp;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* after "pid (comm) ": state ppid ... utime (14th field) stime (15th) */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &pp, &ut, &st) !=
		    3)
		return -1;
	if (ppid != NULL)
		*ppid = pp;
	return (long long)(ut + st);
}

/* Where the CPU goes while casting: ygd (BENCH_YGD_PID), the database
 * cluster's processes (children of BENCH_PG_PID, the postmaster) and this
 * client, in clock ticks. */
struct cpu_sample {
	long long ygd, pg, self;
};

static void cpu_sample(struct cpu_sample *s)
{
	const char *ygd = getenv("BENCH_YGD_PID"), *pg = getenv("BENCH_PG_PID");
	long postmaster = pg != NULL ? atol(pg) : 0, ppid;
	struct dirent *d;
	long long t;
	DIR *dir;

	s->ygd = ygd != NULL ? cpu_ticks(atol(ygd), NULL) : -1;
	s->self = cpu_ticks((long)getpid(), NULL);
	s->pg = postmaster > 0 ? cpu_ticks(postmaster, NULL) : -1;
	if (postmaster <= 0 || (dir = opendir("/proc")) == NULL)
		return;
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] >= '1' && d->d_name[0] <= '9' &&
		    (t = cpu_ticks(atol(d->d_name), &ppid)) >= 0 && ppid == postmaster)
			s->pg += t;
	closedir(dir);
}

/* One line: CPU milliseconds per ballot by process. Backends that ended
 * during the casting are not counted (ygd's pool keeps its connections). */
static void cpu_report(const struct cpu_sample *a, const struct cpu_sample *b, int n)
{
	double tick_ms = 1000.0 / (double)sysconf(_SC_CLK_TCK);

	printf("cpu per ballot: ygd %.2f ms, postgres %.2f ms, votebench %.2f ms\n",
	       a->ygd >= 0 && b->ygd >= 0 ? (double)(b->ygd - a->ygd) * tick_ms / n : -1.0,
	       a->pg >= 0 && b->pg >= 0 ? (double)(b->pg - a->pg) * tick_ms / n : -1.0,
	       (double)(b->self - a->self) * tick_ms / n);
}

/* Run the shell command in environment variable name, if set (to profile
 * the casting alone: perf record started before, stopped after). */
static void bench_hook(const char *name)
{
	const char *cmd = getenv(name);

	if (cmd != NULL && *cmd != '\0' && system(cmd) != 0)
		fprintf(stderr, "votebench: %s failed\n", name);
}

/* Everyone casts at once; replies are read as they come, each connection
 * once epoll says it is readable (poll over every connection cost the
 * client CPU in proportion to their number for every reply, which the
 * CPU per ballot counts). */
static void cast_all(struct meeting *ms, int nm, int nv)
{
	int n = nm * nv, left = n, i, k = 0, ready, e;
	struct voter **who = calloc((size_t)n, sizeof(*who));
	struct epoll_event ev, evs[256];
	double t0, t1, *lat = calloc((size_t)n, sizeof(*lat));
	struct cpu_sample c0, c1;
	int ep = epoll_create1(0);
	cJSON *r;

	if (ep < 0 || who == NULL || lat == NULL)
		die("epoll_create1", NULL);
	for (i = 0; i < n; i++) {
		who[i] = &ms[i / nv].v[i % nv];
		sign_cast(&ms[i / nv], who[i]);
	}
	bench_hook("BENCH_BEFORE_CAST");
	cpu_sample(&c0);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		who[i]->sent = now_s();
		tc_send_json(&who[i]->c, who[i]->cast);
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, who[i]->c.fd, &ev) != 0)
			die("epoll_ctl", NULL);
	}
	while (left > 0) {
		if ((ready = epoll_wait(ep, evs, (int)(sizeof(evs) / sizeof(evs[0])), 30000)) <= 0)
			die("no replies within 30 s", NULL);
		for (e = 0; e < ready; e++) {
			struct voter *v = who[evs[e].data.u32];

			if (v->done > 0)
				continue;
			/* events before the reply are skipped; what TLS has
			 * buffered is read without waiting for the socket */
			do {
				r = tc_recv(&v->c, 10000);
				if (r != NULL && cJSON_GetObjectItem(r, "id") == NULL) {
					cJSON_Delete(r);
					continue;
				}
				if (r == NULL || tc_error_code(r) != NULL)
					die("vote.cast", r);
				cJSON_Delete(r);
				v->done = now_s();
				lat[k++] = v->done - v->sent;
				epoll_ctl(ep, EPOLL_CTL_DEL, v->c.fd, NULL);
				left--;
				break;
			} while (SSL_pending(v->c.ssl) > 0);
		}
	}
	t1 = now_s();
	cpu_sample(&c1);
	bench_hook("BENCH_AFTER_CAST");
	close(ep);
	qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
	printf("cast %d ballots (%d meetings x %d voters) in %.2f s: %.0f/s p50 %.1f ms p99 %.1f "
	       "ms\n",
	       n, nm, nv, t1 - t0, n / (t1 - t0), lat[n / 2] * 1e3, lat[(n * 99) / 100] * 1e3);
	cpu_report(&c0, &c1, n);
	free(who);
	free(lat);
}

/* Close meeting m's vote, decrypt, write its election record. */
static void close_and_record(struct meeting *m, const char *path)
{
	const struct share_round r = {(uint64_t)m->committee, (uint64_t)m->id, (uint64_t)m->item};
	cJSON *task, *tasks, *rec;
	const char *why;
	char *text;
	FILE *f;
	int i;

	cJSON_Delete(
		must(&m->v[0].c, "vote.close", "{\"meeting\":%lld,\"item\":%lld}", m->id, m->item));
	for (i = 0; i < 2; i++) {
		tasks = must(&m->v[i + 1].c, "scrutineer.tasks", "{\"meeting\":%lld}", m->id);
		task = cJSON_GetArrayItem(cJSON_GetObjectItem(tasks, "decrypt"), 0);
		text = share_for_task(g, &r, task, (uint32_t)i, m->secret[i], m->pub[i], NULL,
				      &why);
		if (text == NULL)
			die("decrypt", NULL);
		cJSON_Delete(must(&m->v[i + 1].c, "vote.decrypt",
				  "{\"meeting\":%lld,\"item\":%lld,\"round\":1,\"share\":%s}",
				  m->id, m->item, text));
		free(text);
		cJSON_Delete(tasks);
	}
	rec = must(&m->v[0].c, "vote.record", "{\"meeting\":%lld,\"item\":%lld}", m->id, m->item);
	text = cJSON_Print(rec);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		die("cannot write the record", NULL);
	free(text);
	cJSON_Delete(rec);
}

static const char *owner_conninfo;

/* Run SQL as the database owner, as the tests do to move times. */
static void owner_sql(const char *sql)
{
	PGconn *db = PQconnectdb(owner_conninfo);
	PGresult *r = PQexec(db, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die(PQerrorMessage(db), NULL);
	PQclear(r);
	PQfinish(db);
}

/* Move every item's comment window into the past, as the tests do. */
static void time_warp(const char *conninfo)
{
	PGconn *db = PQconnectdb(conninfo);
	PGresult *r = PQexec(db, "SET session_replication_role = replica; UPDATE item_version SET "
				 "announced_at = now() - interval '8 days', window_ends_at = now() "
				 "- interval '1 second'");

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die(PQerrorMessage(db), NULL);
	PQclear(r);
	PQfinish(db);
}

int main(int argc, char **argv)
{
	struct meeting *ms, big;
	EVP_PKEY *admin;
	FILE *f;
	int nm, nv, nb, i;

	if (argc != 7 && argc != 8) {
		fprintf(stderr,
			"usage: votebench PORT SUPERUSER_CONNINFO ADMIN_KEY MEETINGS VOTERS "
			"RECORD_FILE [BIG]\n");
		return 2;
	}
	port = atoi(argv[1]);
	owner_conninfo = argv[2];
	nm = atoi(argv[4]);
	nv = atoi(argv[5]);
	nb = argc == 8 ? atoi(argv[7]) : 50;
	if (nv < 3 || nm < 0 || nb < 3 || (f = fopen(argv[3], "r")) == NULL)
		die("bad arguments or no admin key", NULL);
	admin = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	g = group_new(group_rand_system, NULL);
	ms = calloc((size_t)nm, sizeof(*ms));
	memset(&big, 0, sizeof(big));
	for (i = 0; i < nm; i++)
		meeting_setup(&ms[i], admin, nv, i);
	meeting_setup(&big, admin, nb, nm);
	time_warp(argv[2]);
	for (i = 0; i < nm; i++) {
		meeting_open_vote(&ms[i], nv);
		meeting_ballots(&ms[i], nv);
	}
	meeting_open_vote(&big, nb);
	meeting_ballots(&big, nb);
	fprintf(stderr, "votebench: %d meetings of %d and one of %d ready; casting\n", nm, nv, nb);
	if (nm > 0)
		cast_all(ms, nm, nv);
	cast_all(&big, 1, nb);
	if (strcmp(argv[6], "-") != 0) {
		close_and_record(&big, argv[6]);
		printf("record of a %d-member vote written to %s\n", nb, argv[6]);
	}
	return 0;
}
