/*
 * meetbench: how long ygd takes to bring a meeting's events to the terminals
 * following it, with many followers of one meeting and with many meetings
 * at once. Over TLS 1.3, on one libevent loop.
 *
 *   meetbench HOST:PORT CONNINFO [--pid PID] [--observers N] [--meetings M]
 *             [--followers F] [--seconds S] [--one-pause-ms P] [--many-pause-ms Q]
 *
 * Setup, as the database owner through CONNINFO, in the committee made by
 * `ygd bootstrap` (its first admin invites): observers, approved, and M + 1
 * members, each with an Ed25519 key made here; M + 1 announced meetings,
 * each with one of those members on its roster (its driver). Meeting 0 has
 * N observers invited (scenario "one"), meetings 1..M have F each
 * (scenario "many"). Only this bulk goes around ygd; what is measured does not.
 *
 * Each scenario: every terminal connects, says hello and logs in with its
 * own key (auth.challenge, then auth.login signed over the connection's TLS
 * exporter); the observers call meeting.follow. Then for S seconds each
 * driver alternates meeting.check_in and meeting.check_out. After a change
 * it waits for its reply and for every follower to have the event (at most
 * MEET_STALL_SECS), then a random pause of 0.5 to 1.5 times P (scenario
 * one) or Q (scenario many), so events of one meeting never overlap.
 *
 * The latency of a delivery is when the follower read the event minus when
 * the driver read the reply to the change ("reply"): ygd replies after the
 * commit, so this is at most the time from commit to terminal (negative when
 * the event overtook the reply). Bounds from above: minus the log entry's
 * "at" ("append", the database's clock_timestamp() in the transaction just
 * before it commits, read back after the run and compared on this machine's
 * real-time clock), and minus when the driver sent its request ("send").
 * Per change, "first" and "last" are the earliest and latest follower to
 * read it, from "at". Results go to stdout as key=value lines, one per
 * scenario, for bench/meeting.sh; with --pid, also the CPU time and resident
 * memory of process PID (ygd). The server's certificate is not checked.
 */
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <libpq-fe.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "../proto/auth.h"
#include "../proto/b64.h"
#include "../proto/envelope.h"
#include "../proto/frame.h"
#include "../proto/reqsig.h"
#include "../proto/sig.h"
#include "common/measure.h"

#define MEET_PENDING_MAX  256     /* connections setting up at once */
#define MEET_SETUP_SECS   30      /* for TLS, hello, login and follow */
#define MEET_STALL_SECS   5       /* a change's reply and deliveries, at most */
#define MEET_DRAIN_SECS   10      /* after the window, for the last changes */
#define MEET_MAX_FRAME    1048576 /* largest message accepted */
#define MEET_REQUEST_MAX  4096    /* largest request we build, its signature included */
#define MEET_RSS_EVERY_MS 100     /* how often ygd's memory is sampled */

/* ---------------------------------------------------------------- setup */

/* Who the setup made: keys stay here, ids come from the database. */
struct people {
	long long committee, admin;
	unsigned ndrivers, nobservers;
	EVP_PKEY **driver_key, **observer_key;
	long long *driver_id, *observer_id;
	long long *meeting_id; /* one per driver: meeting i is driven by driver i */
};

struct options {
	long server_pid;
	unsigned observers, meetings, followers, seconds;
	unsigned one_pause_ms, many_pause_ms;
};

/* Run one statement; its first value, if any, goes to *out. -1 on failure. */
static int db_exec(PGconn *pg, const char *sql, int n, const char *const *params, long long *out)
{
	PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fprintf(stderr, "meetbench: %s", PQresultErrorMessage(r));
		rc = -1;
	} else if (out != NULL) {
		*out = PQntuples(r) > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;
		rc = *out > 0 ? 0 : -1;
	}
	PQclear(r);
	return rc;
}

/* The committee `ygd bootstrap` made, and its admin. */
static int db_find_committee(PGconn *pg, struct people *p)
{
	PGresult *r = PQexec(pg, "SELECT committee_id, id FROM member "
				 "WHERE 'admin' = ANY (roles) ORDER BY id LIMIT 1");
	int rc = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		p->committee = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		p->admin = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
		rc = 0;
	} else {
		fprintf(stderr,
			"meetbench: no committee with an admin (run ygd bootstrap first)\n");
	}
	PQclear(r);
	return rc;
}

/* The text form of key's public half. */
static const char *pub_text(EVP_PKEY *key, char out[SIG_PUB_TEXT_LEN + 1])
{
	unsigned char pub[SIG_PUB_LEN];

	if (!sig_public(key, pub))
		return NULL;
	sig_pub_to_text(pub, out);
	return out;
}

/* A member holding the member role and key. */
static int db_add_member(PGconn *pg, const struct people *p, unsigned i, long long *id)
{
	char cid[24], name[64], key[SIG_PUB_TEXT_LEN + 1];
	const char *params[3] = {cid, name, pub_text(p->driver_key[i], key)};

	snprintf(cid, sizeof(cid), "%lld", p->committee);
	snprintf(name, sizeof(name), "基准委员%u", i);
	return db_exec(pg,
		       "WITH m AS (INSERT INTO member (committee_id, display_name, roles) "
		       "VALUES ($1, $2, ARRAY['member']) RETURNING id) "
		       "INSERT INTO member_key (member_id, committee_id, public_key) "
		       "SELECT id, $1, $3 FROM m RETURNING member_id",
		       3, params, id);
}

/* An observer in the pool, approved by the admin. */
static int db_add_observer(PGconn *pg, const struct people *p, unsigned i, long long *id)
{
	char cid[24], admin[24], name[64], key[SIG_PUB_TEXT_LEN + 1];
	const char *params[4] = {cid, name, pub_text(p->observer_key[i], key), admin};

	snprintf(cid, sizeof(cid), "%lld", p->committee);
	snprintf(admin, sizeof(admin), "%lld", p->admin);
	snprintf(name, sizeof(name), "基准列席%u", i);
	return db_exec(
		pg,
		"INSERT INTO observer (committee_id, category_id, display_name, public_key, "
		"status, decided_by, decided_at) VALUES ($1, (SELECT id FROM observer_category "
		"WHERE committee_id IS NULL AND code = 'party_rep'), $2, $3, 'approved', $4, "
		"now()) RETURNING id",
		4, params, id);
}

/* An announced meeting with driver i alone on its roster. */
static int db_add_meeting(PGconn *pg, const struct people *p, unsigned i, long long *id)
{
	char cid[24], admin[24], title[64], mid[24], member[24];
	const char *params[3] = {cid, title, admin}, *roster[2] = {mid, member};

	snprintf(cid, sizeof(cid), "%lld", p->committee);
	snprintf(admin, sizeof(admin), "%lld", p->admin);
	snprintf(title, sizeof(title), "基准会议%u", i);
	if (db_exec(pg,
		    "INSERT INTO meeting (committee_id, title, place, starts_at, status, "
		    "created_by, "
		    "announced_at) VALUES ($1, $2, '基准会议室', now() + interval '1 day', "
		    "'announced', $3, now()) RETURNING id",
		    3, params, id) != 0)
		return -1;
	snprintf(mid, sizeof(mid), "%lld", *id);
	snprintf(member, sizeof(member), "%lld", p->driver_id[i]);
	return db_exec(pg, "INSERT INTO meeting_roster (meeting_id, member_id) VALUES ($1, $2)", 2,
		       roster, NULL);
}

/* Observer o invited to meeting m by the admin. */
static int db_invite(PGconn *pg, const struct people *p, long long m, unsigned o)
{
	char mid[24], oid[24], admin[24];
	const char *params[3] = {mid, oid, admin};

	snprintf(mid, sizeof(mid), "%lld", m);
	snprintf(oid, sizeof(oid), "%lld", p->observer_id[o]);
	snprintf(admin, sizeof(admin), "%lld", p->admin);
	return db_exec(pg,
		       "INSERT INTO meeting_invitation (meeting_id, observer_id, invited_by) "
		       "VALUES ($1, $2, $3)",
		       3, params, NULL);
}

/* Make every key, and room for the ids. */
static int people_alloc(struct people *p)
{
	unsigned i;

	p->driver_key = calloc(p->ndrivers, sizeof(*p->driver_key));
	p->observer_key = calloc(p->nobservers, sizeof(*p->observer_key));
	p->driver_id = calloc(p->ndrivers, sizeof(*p->driver_id));
	p->observer_id = calloc(p->nobservers, sizeof(*p->observer_id));
	p->meeting_id = calloc(p->ndrivers, sizeof(*p->meeting_id));
	if (!p->driver_key || !p->observer_key || !p->driver_id || !p->observer_id ||
	    !p->meeting_id)
		return -1;
	for (i = 0; i < p->ndrivers; i++)
		if ((p->driver_key[i] = sig_keygen()) == NULL)
			return -1;
	for (i = 0; i < p->nobservers; i++)
		if ((p->observer_key[i] = sig_keygen()) == NULL)
			return -1;
	return 0;
}

/* Members, observers, meetings, rosters and invitations, in one transaction. */
static int people_insert(PGconn *pg, struct people *p, const struct options *o)
{
	unsigned i;

	for (i = 0; i < p->ndrivers; i++)
		if (db_add_member(pg, p, i, &p->driver_id[i]) != 0 ||
		    db_add_meeting(pg, p, i, &p->meeting_id[i]) != 0)
			return -1;
	for (i = 0; i < p->nobservers; i++)
		if (db_add_observer(pg, p, i, &p->observer_id[i]) != 0)
			return -1;
	for (i = 0; i < o->observers; i++)
		if (db_invite(pg, p, p->meeting_id[0], i) != 0)
			return -1;
	for (i = 0; i < o->meetings * o->followers; i++)
		if (db_invite(pg, p, p->meeting_id[1 + i / o->followers], i) != 0)
			return -1;
	return 0;
}

/* Keys here, everything else in the database; -1 with a message on failure. */
static int people_setup(struct people *p, const char *conninfo, const struct options *o)
{
	PGconn *pg = PQconnectdb(conninfo);
	int rc = -1;

	p->ndrivers = 1 + o->meetings;
	p->nobservers = o->observers > o->meetings * o->followers ? o->observers
								  : o->meetings * o->followers;
	if (PQstatus(pg) != CONNECTION_OK)
		fprintf(stderr, "meetbench: cannot connect to the database: %s",
			PQerrorMessage(pg));
	else if (people_alloc(p) != 0)
		fprintf(stderr, "meetbench: cannot make keys\n");
	else if (db_find_committee(pg, p) == 0 && db_exec(pg, "BEGIN", 0, NULL, NULL) == 0 &&
		 people_insert(pg, p, o) == 0 && db_exec(pg, "COMMIT", 0, NULL, NULL) == 0)
		rc = 0;
	PQfinish(pg);
	return rc;
}

static void people_free(struct people *p)
{
	unsigned i;

	for (i = 0; p->driver_key != NULL && i < p->ndrivers; i++)
		EVP_PKEY_free(p->driver_key[i]);
	for (i = 0; p->observer_key != NULL && i < p->nobservers; i++)
		EVP_PKEY_free(p->observer_key[i]);
	free(p->driver_key);
	free(p->observer_key);
	free(p->driver_id);
	free(p->observer_id);
	free(p->meeting_id);
}

/* ------------------------------------------------------------ measuring */

/* Real time in nanoseconds, the clock PostgreSQL's clock_timestamp() reads. */
static int64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Resident memory of process pid in KiB, -1 if unknown. */
static long rss_pid_kib(long pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = pid > 0 ? fopen(path, "r") : NULL;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* ------------------------------------------------------------ terminals */

enum term_state {
	TERM_OPENING,   /* TCP connect, TLS handshake, hello outstanding */
	TERM_CHALLENGE, /* auth.challenge outstanding */
	TERM_LOGIN,     /* auth.login outstanding */
	TERM_FOLLOW,    /* meeting.follow outstanding (followers) */
	TERM_READY,     /* set up: following, or driving */
	TERM_DEAD,      /* closed; its bufferevent is freed */
};

/* Where a meeting's driver is between changes. */
enum meet_phase {
	MEET_IDLE,    /* not started, or done */
	MEET_WAITING, /* a change sent: waiting for its reply and deliveries */
	MEET_PAUSING, /* before the next change */
};

struct bench;
struct meet;

struct term {
	struct bench *b;
	struct meet *m;
	struct bufferevent *bev;
	EVP_PKEY *key;
	enum term_state state;
	bool driver;
	bool present;      /* driver: checked in now */
	uint64_t next_id;  /* of the request outstanding */
	uint64_t last_seq; /* follower: the last sequence number read */
	uint64_t nrecv;    /* follower: events read in the window */
};

/* A change that committed: when its request left and its reply came, when
 * the database appended it to the log (real time, 0 if unknown), and when
 * the first and the last follower read it (0 if none). */
struct change {
	uint64_t sent, reply;
	int64_t appended;
	uint64_t first, last;
};

struct meet {
	struct bench *b;
	long long id;
	char stream[32];
	struct term *driver;
	unsigned followers; /* ready and still connected */
	uint64_t head;      /* log head when the window opened */
	struct change *ch;  /* ch[k] made sequence number head + k + 1 */
	size_t nch, cap;
	uint64_t want_seq; /* of the change outstanding, 0 when none will come */
	unsigned got;      /* followers that have it */
	bool replied;
	unsigned pause_ms;
	enum meet_phase phase;
	struct event *timer; /* pause, or stall */
};

/* One event read by one follower. */
struct sample {
	struct meet *m;
	uint64_t k; /* seq - head - 1 */
	uint64_t recv;
};

struct bench {
	struct event_base *base;
	SSL_CTX *ctx;
	struct sockaddr_storage addr;
	int addrlen;
	struct options opt;
	struct people people;
	const char *conninfo;
	uint32_t rng;
	/* The scenario running. */
	const char *name;
	struct meet *meets;
	unsigned nmeets;
	struct term *terms;
	unsigned nterms, started, pending, ready, failed, dropped;
	bool opened, window, running;
	uint64_t t_open, t_ready, t_start, t_stop, t_end;
	int64_t mono_to_real; /* add to monotonic time for real time */
	unsigned long long errors, stalls, gaps, dups, foreign, late;
	struct sample *smp;
	size_t nsmp, capsmp;
	double cpu_self, cpu_server;
	long rss_before, rss_held, rss_max;
	struct event *deadline_ev, *drain_ev, *rss_ev;
};

static void bench_open_more(struct bench *b);
static void meet_maybe_next(struct meet *m);

/* xorshift32: the same pauses on every run. */
static uint32_t rng_next(struct bench *b)
{
	b->rng ^= b->rng << 13;
	b->rng ^= b->rng >> 17;
	b->rng ^= b->rng << 5;
	return b->rng;
}

static struct timeval tv_ms(uint64_t ms)
{
	struct timeval t = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000 * 1000)};

	return t;
}

/* Frame and queue one request; takes args. */
static int term_send(struct term *t, const char *op, cJSON *args)
{
	cJSON *msg = envelope_request(++t->next_id, op, args);
	unsigned char buf[FRAME_HEADER_LEN + MEET_REQUEST_MAX];
	size_t len = 0;
	char *s;
	int rc = -1;

	/* Signed by the person, as yg does (proto/reqsig.h). */
	if (t->key != NULL && reqsig_state_changing(op))
		cJSON_AddItemToObject(msg, "sig",
				      reqsig_sign(t->key, op, cJSON_GetObjectItem(msg, "args"),
						  t->b->people.committee, NULL));
	s = envelope_encode(msg, &len);

	/* One write, so the frame leaves as one TLS record. */
	if (s != NULL && len <= MEET_REQUEST_MAX) {
		frame_header_encode(buf, (uint32_t)len);
		memcpy(buf + FRAME_HEADER_LEN, s, len);
		rc = bufferevent_write(t->bev, buf, FRAME_HEADER_LEN + len);
	}
	cJSON_free(s);
	cJSON_Delete(msg);
	return rc;
}

static int term_send_hello(struct term *t)
{
	cJSON *args = cJSON_CreateObject();
	int one = 1;

	cJSON_AddItemToObject(args, "versions", cJSON_CreateIntArray(&one, 1));
	cJSON_AddStringToObject(args, "client", "meetbench");
	return term_send(t, "hello", args);
}

/* auth.login: sign the nonce, this connection's binding, the committee and
 * our public key. */
static int term_send_login(struct term *t, const cJSON *result)
{
	const cJSON *nonce_text = cJSON_GetObjectItemCaseSensitive(result, "nonce");
	unsigned char nonce[AUTH_NONCE_LEN], binding[AUTH_BINDING_LEN], pub[SIG_PUB_LEN],
		msg[AUTH_MSG_MAX], sig[SIG_LEN];
	char pub_txt[SIG_PUB_TEXT_LEN + 1], sig_txt[SIG_TEXT_LEN + 1];
	uint64_t committee = (uint64_t)t->b->people.committee;
	cJSON *args;
	size_t len;

	if (!cJSON_IsString(nonce_text) ||
	    b64url_decode(nonce_text->valuestring, nonce, sizeof(nonce)) != AUTH_NONCE_LEN ||
	    !auth_binding(bufferevent_openssl_get_ssl(t->bev), binding) || !sig_public(t->key, pub))
		return -1;
	len = auth_message(AUTH_LOGIN, binding, nonce, committee, pub, msg);
	if (!sig_sign(t->key, msg, len, sig))
		return -1;
	sig_pub_to_text(pub, pub_txt);
	sig_to_text(sig, sig_txt);
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "committee", (double)committee);
	cJSON_AddStringToObject(args, "key", pub_txt);
	cJSON_AddStringToObject(args, "signature", sig_txt);
	return term_send(t, "auth.login", args);
}

/* A request naming t's meeting only: meeting.follow, check_in, check_out. */
static int term_send_meeting(struct term *t, const char *op)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "meeting", (double)t->m->id);
	return term_send(t, op, args);
}

/* Whether every terminal has either succeeded or failed to set up. */
static bool bench_set_up(const struct bench *b)
{
	return b->ready + b->failed == b->nterms;
}

/* A terminal in setup succeeded or failed: start the next one. */
static void bench_setup_step(struct bench *b)
{
	b->pending--;
	bench_open_more(b);
}

/* Close t, counting it as failed during setup or dropped afterwards. */
static void term_lose(struct term *t, const char *why)
{
	struct bench *b = t->b;
	enum term_state was = t->state;

	t->state = TERM_DEAD;
	bufferevent_free(t->bev);
	t->bev = NULL;
	if (was < TERM_READY) {
		if (b->failed++ < 5)
			fprintf(stderr, "meetbench: %s: setup failed: %s\n", b->name, why);
		bench_setup_step(b);
		return;
	}
	if (b->dropped++ < 5)
		fprintf(stderr, "meetbench: %s: connection dropped: %s\n", b->name, why);
	if (t->driver) {
		t->m->driver = NULL;
		t->m->replied = true;
		t->m->want_seq = 0;
	} else {
		t->m->followers--;
	}
	meet_maybe_next(t->m);
}

/* Set up: a follower knows its meeting's head. */
static void term_ready(struct term *t, const cJSON *follow)
{
	const cJSON *head = cJSON_GetObjectItemCaseSensitive(follow, "head");

	t->state = TERM_READY;
	bufferevent_set_timeouts(t->bev, NULL, NULL);
	t->b->ready++;
	if (t->driver) {
		t->m->driver = t;
	} else {
		t->last_seq = cJSON_IsNumber(head) ? (uint64_t)head->valuedouble : 0;
		t->m->head = t->last_seq;
		t->m->followers++;
	}
	bench_setup_step(t->b);
}

/* The next step of setup, on the reply to the last. */
static void term_on_setup_reply(struct term *t, const struct yg_reply *r)
{
	int rc = 0;

	if (r->kind != YG_MSG_RESULT || r->id != t->next_id) {
		term_lose(t, r->kind == YG_MSG_ERROR ? r->message : "unexpected reply");
		return;
	}
	if (t->state == TERM_OPENING) {
		t->state = TERM_CHALLENGE;
		rc = term_send(t, "auth.challenge", cJSON_CreateObject());
	} else if (t->state == TERM_CHALLENGE) {
		t->state = TERM_LOGIN;
		rc = term_send_login(t, r->result);
	} else if (t->state == TERM_LOGIN && !t->driver) {
		t->state = TERM_FOLLOW;
		rc = term_send_meeting(t, "meeting.follow");
	} else {
		term_ready(t, r->result);
	}
	if (rc != 0)
		term_lose(t, "cannot send a request");
}

/* The driver's reply to its change. */
static void term_on_change_reply(struct term *t, const struct yg_reply *r, uint64_t now)
{
	struct meet *m = t->m;

	if (r->id != t->next_id || m->phase != MEET_WAITING || m->replied) {
		t->b->late++; /* the reply to a change given up as stalled */
		return;
	}
	m->replied = true;
	if (r->kind == YG_MSG_RESULT) {
		m->ch[m->nch++].reply = now;
		t->present = !t->present;
	} else {
		if (t->b->errors++ < 5)
			fprintf(stderr, "meetbench: %s: change refused: %s\n", t->b->name,
				r->kind == YG_MSG_ERROR ? r->message : "unexpected reply");
		m->want_seq = 0;
		if (r->kind == YG_MSG_ERROR && strcmp(r->code, "conflict") == 0)
			t->present = !t->present; /* already in, or already out */
	}
	meet_maybe_next(m);
}

/* Keep a delivery; abort on want of memory rather than skew the figures. */
static void bench_keep(struct bench *b, struct meet *m, uint64_t seq, uint64_t now)
{
	if (b->nsmp == b->capsmp) {
		b->capsmp = b->capsmp ? b->capsmp * 2 : 65536;
		b->smp = realloc(b->smp, b->capsmp * sizeof(*b->smp));
		if (b->smp == NULL) {
			fprintf(stderr, "meetbench: out of memory for deliveries\n");
			exit(1);
		}
	}
	b->smp[b->nsmp].m = m;
	b->smp[b->nsmp].k = seq - m->head - 1;
	b->smp[b->nsmp++].recv = now;
}

/* An event for a follower: in order, or a gap, or one seen already. */
static void term_on_event(struct term *t, const struct yg_reply *r, uint64_t now)
{
	struct bench *b = t->b;
	struct meet *m = t->m;

	if (t->driver || strcmp(r->stream, m->stream) != 0) {
		b->foreign++;
		return;
	}
	if (r->seq <= t->last_seq) {
		b->dups++;
		return;
	}
	if (r->seq != t->last_seq + 1 && b->gaps++ < 5)
		fprintf(stderr, "meetbench: %s: %s: seq %llu after %llu\n", b->name, m->stream,
			(unsigned long long)r->seq, (unsigned long long)t->last_seq);
	t->last_seq = r->seq;
	if (!b->window)
		return;
	t->nrecv++;
	bench_keep(b, m, r->seq, now);
	if (r->seq == m->want_seq && ++m->got >= m->followers)
		meet_maybe_next(m);
}

/* Serve one message's payload, read at time now. */
static void term_on_message(struct term *t, const char *payload, size_t len, uint64_t now)
{
	const char *why = NULL;
	enum yg_err err;
	struct yg_reply r;
	cJSON *msg = envelope_decode(payload, len, &err, &why);

	if (msg == NULL) {
		term_lose(t, why);
		return;
	}
	if (envelope_parse_reply(msg, &r) == YG_MSG_EVENT)
		term_on_event(t, &r, now);
	else if (t->state < TERM_READY)
		term_on_setup_reply(t, &r);
	else if (t->driver)
		term_on_change_reply(t, &r, now);
	cJSON_Delete(msg);
}

/* Take every whole frame off the input; all were read at the same time. */
static void term_read_cb(struct bufferevent *bev, void *arg)
{
	struct term *t = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	unsigned char hdr[FRAME_HEADER_LEN];
	uint64_t now = now_ns();
	size_t avail, plen = 0;
	enum frame_status st;

	while (t->state != TERM_DEAD && (avail = evbuffer_get_length(in)) >= FRAME_HEADER_LEN) {
		evbuffer_copyout(in, hdr, sizeof(hdr));
		st = frame_check(hdr, avail, MEET_MAX_FRAME, &plen);
		if (st == FRAME_NEED_MORE)
			return;
		if (st != FRAME_READY) {
			term_lose(t, "bad frame from server");
			return;
		}
		term_on_message(t,
				(const char *)evbuffer_pullup(in, FRAME_HEADER_LEN + plen) +
					FRAME_HEADER_LEN,
				plen, now);
		if (t->state != TERM_DEAD)
			evbuffer_drain(in, FRAME_HEADER_LEN + plen);
	}
}

/* TLS is up, or the connection ended. */
static void term_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct term *t = arg;
	char buf[256];
	int on = 1;

	if (what & BEV_EVENT_CONNECTED) {
		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		if (term_send_hello(t) != 0)
			term_lose(t, "cannot send hello");
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		term_lose(t, "timed out");
	else if (what & BEV_EVENT_ERROR)
		term_lose(t, bench_error_text(bev, buf, sizeof(buf)));
	else
		term_lose(t, t->state < TERM_READY ? "closed during setup (ygd at max-clients?)"
						   : "closed by ygd");
}

/* Begin connecting t: TCP, then TLS, then hello, login and follow. */
static void term_start(struct bench *b, struct term *t)
{
	struct timeval tv = {MEET_SETUP_SECS, 0};
	SSL *ssl = SSL_new(b->ctx);

	t->state = TERM_OPENING;
	b->pending++;
	t->bev = ssl == NULL ? NULL
			     : bufferevent_openssl_socket_new(b->base, -1, ssl,
							      BUFFEREVENT_SSL_CONNECTING,
							      BEV_OPT_CLOSE_ON_FREE);
	if (t->bev == NULL) {
		SSL_free(ssl);
		t->state = TERM_DEAD;
		b->failed++;
		b->pending--;
		return;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(t->bev, 1);
	bufferevent_setcb(t->bev, term_read_cb, NULL, term_event_cb, t);
	bufferevent_set_timeouts(t->bev, &tv, &tv);
	bufferevent_enable(t->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(t->bev, (struct sockaddr *)&b->addr, b->addrlen) == 0)
		return;
	/* Not through term_lose: that would start the next one from in here. */
	if (b->failed++ < 5)
		fprintf(stderr, "meetbench: cannot connect: %s\n", strerror(errno));
	bufferevent_free(t->bev);
	t->bev = NULL;
	t->state = TERM_DEAD;
	b->pending--;
}

/* ---------------------------------------------------------------- driving */

/* Whether every meeting is done: the window can close. */
static bool bench_quiet(const struct bench *b)
{
	unsigned i;

	for (i = 0; i < b->nmeets; i++)
		if (b->meets[i].phase != MEET_IDLE)
			return false;
	return true;
}

/* The window is over: take ygd's CPU time and stop the loop. */
static void bench_end(struct bench *b)
{
	b->window = false;
	b->t_end = now_ns();
	b->cpu_self = cpu_self_secs() - b->cpu_self;
	if (b->cpu_server >= 0)
		b->cpu_server = cpu_pid_secs(b->opt.server_pid) - b->cpu_server;
	event_base_loopbreak(b->base);
}

/* The change is answered and delivered (or given up): pause, or stop. */
static void meet_done(struct meet *m)
{
	struct bench *b = m->b;
	struct timeval tv;

	evtimer_del(m->timer);
	if (b->running && m->driver != NULL) {
		m->phase = MEET_PAUSING;
		tv = tv_ms(m->pause_ms / 2 + rng_next(b) % (m->pause_ms + 1));
		evtimer_add(m->timer, &tv);
		return;
	}
	m->phase = MEET_IDLE;
	if (!b->running && b->window && bench_quiet(b))
		bench_end(b);
}

/* Whether the change outstanding is answered and every follower has it. */
static void meet_maybe_next(struct meet *m)
{
	if (m->phase != MEET_WAITING || !m->replied)
		return;
	if (m->want_seq != 0 && m->got < m->followers)
		return;
	meet_done(m);
}

/* The driver checks in or out: one event on the meeting's stream. */
static void meet_change(struct meet *m)
{
	struct timeval tv = {MEET_STALL_SECS, 0};
	struct term *t = m->driver;

	if (!m->b->running || t == NULL) {
		meet_done(m);
		return;
	}
	if (m->nch == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->ch = realloc(m->ch, m->cap * sizeof(*m->ch));
		if (m->ch == NULL) {
			fprintf(stderr, "meetbench: out of memory for changes\n");
			exit(1);
		}
	}
	m->phase = MEET_WAITING;
	m->replied = false;
	m->got = 0;
	m->want_seq = m->head + m->nch + 1;
	m->ch[m->nch] = (struct change){.sent = now_ns()};
	if (term_send_meeting(t, t->present ? "meeting.check_out" : "meeting.check_in") != 0) {
		term_lose(t, "cannot send a change");
		return;
	}
	evtimer_add(m->timer, &tv);
}

/* A pause is over, or a change stalled. */
static void meet_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct meet *m = arg;

	(void)fd;
	(void)what;
	if (m->phase == MEET_PAUSING) {
		meet_change(m);
		return;
	}
	if (m->b->stalls++ < 5)
		fprintf(stderr,
			"meetbench: %s: %s: seq %llu: %s, %u of %u followers have it after %d s\n",
			m->b->name, m->stream, (unsigned long long)m->want_seq,
			m->replied ? "answered" : "no reply", m->got, m->followers,
			MEET_STALL_SECS);
	meet_done(m);
}

/* Sample ygd's memory during the window. */
static void bench_rss_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;
	long kib = rss_pid_kib(b->opt.server_pid);

	(void)fd;
	(void)what;
	if (kib > b->rss_max)
		b->rss_max = kib;
}

/* The window's time is up: no new changes; wait for the last ones. */
static void bench_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;
	struct timeval tv = {MEET_DRAIN_SECS, 0};
	unsigned i;

	(void)fd;
	(void)what;
	b->running = false;
	b->t_stop = now_ns();
	for (i = 0; i < b->nmeets; i++)
		if (b->meets[i].phase == MEET_PAUSING)
			meet_done(&b->meets[i]);
	if (!b->window)
		return; /* the last of them ended it */
	if (bench_quiet(b))
		bench_end(b);
	else
		evtimer_add(b->drain_ev, &tv);
}

/* The last changes did not finish in time: end anyway. */
static void bench_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;

	(void)fd;
	(void)what;
	fprintf(stderr, "meetbench: %s: changes still outstanding %d s after the window\n", b->name,
		MEET_DRAIN_SECS);
	if (b->window)
		bench_end(b);
}

/* Everyone is set up: open the window and start every driver, each after a
 * random pause so that the meetings do not move in step. */
static void bench_start(struct bench *b)
{
	struct timeval d = {(time_t)b->opt.seconds, 0}, every = tv_ms(MEET_RSS_EVERY_MS), tv;
	unsigned i;

	b->t_ready = now_ns();
	b->rss_held = b->rss_max = rss_pid_kib(b->opt.server_pid);
	b->window = b->running = true;
	b->cpu_self = cpu_self_secs();
	b->cpu_server = cpu_pid_secs(b->opt.server_pid);
	b->t_start = now_ns();
	b->mono_to_real = real_ns() - (int64_t)b->t_start;
	event_add(b->deadline_ev, &d);
	event_add(b->rss_ev, &every);
	for (i = 0; i < b->nmeets; i++) {
		if (b->meets[i].driver == NULL)
			continue;
		b->meets[i].phase = MEET_PAUSING;
		tv = tv_ms(rng_next(b) % (b->meets[i].pause_ms + 1));
		evtimer_add(b->meets[i].timer, &tv);
	}
	if (bench_quiet(b))
		event_base_loopbreak(b->base);
}

/* Start terminals until the window is full or all have been started; once
 * every one has ended either way, open the measured window. */
static void bench_open_more(struct bench *b)
{
	while (b->pending < MEET_PENDING_MAX && b->started < b->nterms)
		term_start(b, &b->terms[b->started++]);
	if (b->opened || !bench_set_up(b))
		return;
	b->opened = true;
	bench_start(b);
}

/* ------------------------------------------------------------- scenarios */

/* Room for a scenario of nmeets meetings and nterms terminals. */
static int scenario_alloc(struct bench *b, const char *name, unsigned nmeets, unsigned nterms)
{
	unsigned i;

	b->name = name;
	b->nmeets = nmeets;
	b->nterms = nterms;
	b->meets = calloc(nmeets, sizeof(*b->meets));
	b->terms = calloc(nterms, sizeof(*b->terms));
	if (b->meets == NULL || b->terms == NULL)
		return -1;
	for (i = 0; i < nterms; i++)
		b->terms[i].b = b;
	for (i = 0; i < nmeets; i++) {
		b->meets[i].b = b;
		b->meets[i].timer = evtimer_new(b->base, meet_timer_cb, &b->meets[i]);
		if (b->meets[i].timer == NULL)
			return -1;
	}
	return 0;
}

/* Meeting i of the scenario is meeting `which` of the setup, driven by its driver. */
static void scenario_meeting(struct bench *b, unsigned i, unsigned which, unsigned pause_ms)
{
	struct meet *m = &b->meets[i];
	struct term *t = &b->terms[i];

	m->id = b->people.meeting_id[which];
	m->pause_ms = pause_ms;
	snprintf(m->stream, sizeof(m->stream), "meeting:%lld", m->id);
	t->m = m;
	t->driver = true;
	t->key = b->people.driver_key[which];
}

/* Scenario one: every observer follows meeting 0. */
static int scenario_one(struct bench *b)
{
	unsigned i, n = b->opt.observers;

	if (scenario_alloc(b, "one", 1, 1 + n) != 0)
		return -1;
	scenario_meeting(b, 0, 0, b->opt.one_pause_ms);
	for (i = 0; i < n; i++) {
		b->terms[1 + i].m = &b->meets[0];
		b->terms[1 + i].key = b->people.observer_key[i];
	}
	return 0;
}

/* Scenario many: meetings 1..M, each followed by its F observers. */
static int scenario_many(struct bench *b)
{
	unsigned i, nm = b->opt.meetings, f = b->opt.followers;

	if (scenario_alloc(b, "many", nm, nm + nm * f) != 0)
		return -1;
	for (i = 0; i < nm; i++)
		scenario_meeting(b, i, 1 + i, b->opt.many_pause_ms);
	for (i = 0; i < nm * f; i++) {
		b->terms[nm + i].m = &b->meets[i / f];
		b->terms[nm + i].key = b->people.observer_key[i];
	}
	return 0;
}

/* Close every terminal and forget the scenario. */
static void scenario_free(struct bench *b)
{
	unsigned i;

	for (i = 0; i < b->nterms; i++)
		if (b->terms[i].bev != NULL)
			bufferevent_free(b->terms[i].bev);
	for (i = 0; i < b->nmeets; i++) {
		if (b->meets[i].timer != NULL)
			event_free(b->meets[i].timer);
		free(b->meets[i].ch);
	}
	free(b->terms);
	free(b->meets);
	free(b->smp);
	event_del(b->deadline_ev);
	event_del(b->drain_ev);
	event_del(b->rss_ev);
	b->terms = NULL;
	b->meets = NULL;
	b->smp = NULL;
	b->nterms = b->nmeets = b->started = b->pending = b->ready = b->failed = b->dropped = 0;
	b->nsmp = b->capsmp = 0;
	b->opened = b->window = b->running = false;
	b->errors = b->stalls = b->gaps = b->dups = b->foreign = b->late = 0;
}

/* ------------------------------------------------------------- reporting */

/* When each change of m was appended to the log: the entry's "at" (the
 * database's clock_timestamp()), read back after the run. */
static int meet_fetch_appends(PGconn *pg, struct meet *m)
{
	char mid[24], head[24];
	const char *params[2] = {mid, head};
	PGresult *r;
	uint64_t k;
	int i, rc = -1;

	snprintf(mid, sizeof(mid), "%lld", m->id);
	snprintf(head, sizeof(head), "%llu", (unsigned long long)m->head);
	r = PQexecParams(pg,
			 "SELECT seq, (extract(epoch FROM (body::jsonb->>'at')::timestamptz) "
			 "* 1000000)::bigint FROM meeting_log WHERE meeting_id = $1 AND seq > $2",
			 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		for (i = 0; i < PQntuples(r); i++) {
			k = strtoull(PQgetvalue(r, i, 0), NULL, 10) - m->head - 1;
			if (k < m->nch)
				m->ch[k].appended = strtoll(PQgetvalue(r, i, 1), NULL, 10) * 1000;
		}
		rc = 0;
	} else {
		fprintf(stderr, "meetbench: %s", PQresultErrorMessage(r));
	}
	PQclear(r);
	return rc;
}

/* The append times of every change of the scenario. */
static void bench_fetch_appends(struct bench *b)
{
	PGconn *pg = PQconnectdb(b->conninfo);
	unsigned i;

	if (PQstatus(pg) != CONNECTION_OK)
		fprintf(stderr, "meetbench: cannot read the log: %s", PQerrorMessage(pg));
	for (i = 0; PQstatus(pg) == CONNECTION_OK && i < b->nmeets; i++)
		if (meet_fetch_appends(pg, &b->meets[i]) != 0)
			break;
	PQfinish(pg);
}

/* What the deliveries add up to. */
struct tally {
	struct lat from_reply, from_append, from_send, rtt, first, last;
	unsigned long long changes, expected, missing, unmatched, early;
};

/* Each delivery against its change's request, append and reply; the first
 * and last of each change. */
static void tally_deliveries(struct bench *b, struct tally *y)
{
	const struct sample *s;
	struct change *c;
	size_t i;

	for (i = 0; i < b->nsmp; i++) {
		s = &b->smp[i];
		if (s->k >= s->m->nch) {
			y->unmatched++; /* no reply to go with it */
			continue;
		}
		c = &s->m->ch[s->k];
		lat_add(&y->from_reply, (int64_t)(s->recv - c->reply));
		if (c->appended != 0)
			lat_add(&y->from_append, (int64_t)s->recv + b->mono_to_real - c->appended);
		lat_add(&y->from_send, (int64_t)(s->recv - c->sent));
		y->early += s->recv < c->reply;
		if (c->first == 0 || s->recv < c->first)
			c->first = s->recv;
		if (s->recv > c->last)
			c->last = s->recv;
	}
}

/* A change's round trip, and when its first and last follower had it. */
static void tally_change(const struct bench *b, const struct change *c, struct tally *y)
{
	lat_add(&y->rtt, (int64_t)(c->reply - c->sent));
	if (c->appended == 0 || c->first == 0)
		return;
	lat_add(&y->first, (int64_t)c->first + b->mono_to_real - c->appended);
	lat_add(&y->last, (int64_t)c->last + b->mono_to_real - c->appended);
}

/* Changes made, and deliveries owed to the followers still connected. */
static void tally_changes(const struct bench *b, struct tally *y)
{
	const struct term *t;
	size_t i, k;

	for (i = 0; i < b->nmeets; i++) {
		y->changes += b->meets[i].nch;
		for (k = 0; k < b->meets[i].nch; k++)
			tally_change(b, &b->meets[i].ch[k], y);
	}
	for (i = 0; i < b->nterms; i++) {
		t = &b->terms[i];
		if (t->driver || t->state != TERM_READY)
			continue;
		y->expected += t->m->nch;
		y->missing += t->nrecv < t->m->nch ? t->m->nch - t->nrecv : 0;
	}
}

static void tally_free(struct tally *y)
{
	free(y->from_reply.v);
	free(y->from_append.v);
	free(y->from_send.v);
	free(y->rtt.v);
	free(y->first.v);
	free(y->last.v);
}

/* Least, p50, p99 and max of l under name, in microseconds. */
static void print_lat(const char *name, struct lat *l)
{
	if (l->n > 0)
		lat_sort(l);
	printf(" %s_min_us=%.1f %s_p50_us=%.1f %s_p99_us=%.1f %s_max_us=%.1f", name,
	       lat_pct_us(l, 0), name, lat_pct_us(l, 0.50), name, lat_pct_us(l, 0.99), name,
	       lat_pct_us(l, 1.0));
}

/* One key=value line for the scenario just run. */
static void bench_report(struct bench *b)
{
	double secs = secs_between(b->t_start, b->t_end);
	struct tally y;

	memset(&y, 0, sizeof(y));
	tally_deliveries(b, &y);
	tally_changes(b, &y);
	printf("scenario=%s meetings=%u terminals=%u ok=%u failed=%u dropped=%u setup_s=%.2f "
	       "window_s=%.2f duration_s=%.2f changes=%llu change_errors=%llu stalls=%llu "
	       "late_replies=%llu changes_per_s=%.1f deliveries=%zu expected=%llu missing=%llu "
	       "gaps=%llu duplicates=%llu foreign=%llu unmatched=%llu before_reply=%llu",
	       b->name, b->nmeets, b->nterms, b->ready, b->failed, b->dropped,
	       secs_between(b->t_open, b->t_ready), secs_between(b->t_start, b->t_stop), secs,
	       y.changes, b->errors, b->stalls, b->late, secs > 0 ? (double)y.changes / secs : 0.0,
	       b->nsmp, y.expected, y.missing, b->gaps, b->dups, b->foreign, y.unmatched, y.early);
	print_lat("reply", &y.from_reply);
	print_lat("append", &y.from_append);
	print_lat("send", &y.from_send);
	print_lat("rtt", &y.rtt);
	print_lat("first", &y.first);
	print_lat("last", &y.last);
	printf(" cpu_server_s=%.2f cpu_self_s=%.2f rss_before_kib=%ld rss_held_kib=%ld "
	       "rss_max_kib=%ld\n",
	       b->opt.server_pid > 0 ? b->cpu_server : -1.0, b->cpu_self, b->rss_before,
	       b->rss_held, b->rss_max);
	fflush(stdout);
	tally_free(&y);
}

/* Set a scenario up, run it, report it and close it. */
static int bench_run(struct bench *b, int (*build)(struct bench *))
{
	int rc = -1;

	b->rss_before = rss_pid_kib(b->opt.server_pid);
	if (build(b) == 0) {
		b->t_open = now_ns();
		bench_open_more(b);
		event_base_dispatch(b->base);
		if (b->window)
			bench_end(b); /* nothing to drive */
		bench_fetch_appends(b);
		bench_report(b);
		rc = b->ready > 0 ? 0 : -1;
	}
	scenario_free(b);
	return rc;
}

/* ---------------------------------------------------------------- main */

/* The loop, TLS context and timers; -1 with a message on failure. */
static int bench_setup(struct bench *b)
{
	b->base = event_base_new();
	b->ctx = bench_tls_ctx();
	if (b->base == NULL || b->ctx == NULL) {
		fprintf(stderr, "meetbench: cannot set up the event loop or TLS\n");
		return -1;
	}
	b->deadline_ev = evtimer_new(b->base, bench_deadline_cb, b);
	b->drain_ev = evtimer_new(b->base, bench_drain_cb, b);
	b->rss_ev = event_new(b->base, -1, EV_PERSIST, bench_rss_cb, b);
	return b->deadline_ev && b->drain_ev && b->rss_ev ? 0 : -1;
}

static void bench_teardown(struct bench *b)
{
	if (b->deadline_ev != NULL)
		event_free(b->deadline_ev);
	if (b->drain_ev != NULL)
		event_free(b->drain_ev);
	if (b->rss_ev != NULL)
		event_free(b->rss_ev);
	SSL_CTX_free(b->ctx);
	if (b->base != NULL)
		event_base_free(b->base);
	people_free(&b->people);
}

static void usage(void)
{
	fprintf(stderr, "usage: meetbench HOST:PORT CONNINFO [--pid PID] [--observers N] "
			"[--meetings M]\n"
			"                 [--followers F] [--seconds S] [--one-pause-ms P] "
			"[--many-pause-ms Q]\n");
	exit(2);
}

/* A whole number from lo to hi, or usage. */
static unsigned parse_count(const char *s, unsigned lo, unsigned hi)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		usage();
	return (unsigned)v;
}

/* The option named by argv[0] takes argv[1]. */
static void parse_option(struct options *o, const char *name, const char *value)
{
	if (strcmp(name, "--pid") == 0)
		o->server_pid = (long)parse_count(value, 1, 0x7fffffff);
	else if (strcmp(name, "--observers") == 0)
		o->observers = parse_count(value, 1, 100000);
	else if (strcmp(name, "--meetings") == 0)
		o->meetings = parse_count(value, 1, 10000);
	else if (strcmp(name, "--followers") == 0)
		o->followers = parse_count(value, 1, 1000);
	else if (strcmp(name, "--seconds") == 0)
		o->seconds = parse_count(value, 1, 3600);
	else if (strcmp(name, "--one-pause-ms") == 0)
		o->one_pause_ms = parse_count(value, 0, 60000);
	else if (strcmp(name, "--many-pause-ms") == 0)
		o->many_pause_ms = parse_count(value, 0, 60000);
	else
		usage();
}

/* Fill b from the command line, or print usage and exit; returns CONNINFO. */
static const char *parse_args(struct bench *b, int argc, char **argv)
{
	struct options *o = &b->opt;
	int i;

	*o = (struct options){.observers = 1000,
			      .meetings = 200,
			      .followers = 5,
			      .seconds = 10,
			      .one_pause_ms = 100,
			      .many_pause_ms = 1000};
	b->addrlen = sizeof(b->addr);
	if (argc < 3 ||
	    evutil_parse_sockaddr_port(argv[1], (struct sockaddr *)&b->addr, &b->addrlen) != 0)
		usage();
	for (i = 3; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage();
		parse_option(o, argv[i], argv[i + 1]);
	}
	if ((unsigned long)o->meetings * o->followers > 1000000)
		usage();
	return argv[2];
}

int main(int argc, char **argv)
{
	struct bench b;
	const char *conninfo;
	int rc = 1;

	memset(&b, 0, sizeof(b));
	conninfo = b.conninfo = parse_args(&b, argc, argv);
	b.rng = 2463534242u;
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	if (bench_setup(&b) == 0 && people_setup(&b.people, conninfo, &b.opt) == 0) {
		rc = bench_run(&b, scenario_one) == 0 ? 0 : 1;
		sleep(1); /* let ygd see the closes before the next scenario */
		rc |= bench_run(&b, scenario_many) == 0 ? 0 : 1;
	}
	bench_teardown(&b);
	return rc;
}
