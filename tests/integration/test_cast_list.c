/* The group commit's two layers, each broken alone (issue 23).
 * api.vote_cast_many first tries yg_inner.cast_list, which judges a whole
 * list of ballots in one query and stores it if every ballot is good, and
 * otherwise writes nothing (it answers NULL, or raises on a unique index)
 * so that the list is taken ballot by ballot (yg_inner.cast_listed), which
 * refuses each bad ballot with its own words.
 *
 * The fast path alone: for every check cast_list makes (the caller's
 * membership, status, key, roles and committee; the round open and the
 * latest; the voter eligible, present, scrutineers first; the voter's key
 * the round's; the signed request an object, by the member's key for the
 * committee, with a well-formed time within 300 s, a head the log has, for
 * this meeting, operation, item and round; a ballot, receipt or nonce used
 * already, the nonce by an earlier transaction or by another request of the
 * list), yg_inner.cast_list is called as the database owner with a list
 * of one or two ballots carrying exactly that fault, in a transaction that
 * puts the fault in place and is rolled back: it must not store the list
 * and must write nothing (no ballot, no log entry, no nonce), and the
 * ballot-by-ballot path must refuse the faulty ballot of the same list.
 * Good lists (in an order that is not the voters', a scrutineer first, a
 * request naming the log's head) are stored, answered in the list's order,
 * and leave the log chained.
 *
 * Both layers together: api.vote_cast_many as ygd's own role with a list of
 * five good ballots, a voter not present, a ballot made for another key and
 * a second ballot of a voter, each as ygd's cast_entry (server/ops/op_vote.c)
 * sends it, with the request its terminal signed: the five are stored, the
 * three refused each with its own error, the answers in the list's order,
 * and the meeting's log, exported through ygd, verifies. The ballots'
 * ciphertexts there are placeholders: the database never reads them.
 *
 * And through ygd: real ballots (encrypted, proven, signed) cast as
 * vote.cast from several terminals at once, made to land in one list by
 * holding the meeting's row while a first ballot's statement waits on it
 * (ygd stores one statement of ballots at a time): five good, a voter who
 * checked out after the vote opened, one voter's second ballot from a second
 * terminal, and the first ballot's voter again; each caller hears its own
 * answer, the five went in one transaction, and the log verifies. (A ballot
 * made for another key cannot come through ygd, which takes the key from
 * the round.) The rounds are written by the owner, as test_attack_app does,
 * under an election key of the test's own: nothing is decrypted here.
 *
 * And a nonce names one request, though a list is one transaction: two
 * members' requests with one nonce in a list through api.vote_cast_many as
 * ygd's role, one stored, the other refused as used (YG409), the log
 * verifying; while one request still takes its nonce again in its
 * transaction (an operation's two entries, in the meeting's log and the
 * administrative log, carry one request; yg_request_take in one
 * transaction takes a request twice, and refuses another with its nonce). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../../proto/ballot.h"
#include "../../proto/group.h"
#include "../../proto/logchain.h"
#include "../../proto/reqsig.h"
#include "../../proto/vote.h"
#include "../support/fixture.h"
#include "../support/harness.h"
#include "../support/tclient.h"

enum who { W_ADMIN, W_CHAIR, W_M1, W_M2, W_M3, W_M4, W_M5, W_M6, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient c[W__COUNT];
static long long ids[W__COUNT], key_ids[W__COUNT], meeting, item_a, item_b;
static char pubs[W__COUNT][52];
static const char *const names[] = {"", "张书记", "甲", "乙", "丙", "丁", "戊", "己"};
static const long long committee = 1;
static int receipts;
static struct group *g;
static char election_key[GROUP_POINT_TEXT_LEN + 1];

/* SQL as the database owner: the first line of its output. */
#define su(...) fx_sqlf(&env, __VA_ARGS__)

/* A signature text of the envelope's length; the database stores it as given. */
#define SIG "SIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSIGSI"

/* How a request departs from the good one. */
struct req_opts {
	EVP_PKEY *signer;                          /* NULL: the voter's own key */
	const char *op;                            /* NULL: vote.cast */
	long long meeting, item;                   /* 0: the ballot's */
	int round;                                 /* 0: the ballot's */
	const unsigned char *nonce;                /* NULL: a fresh one */
	const char *at;                            /* NULL: now */
	bool head;                                 /* name the log's head as it is */
	unsigned char nonce_out[REQSIG_NONCE_LEN]; /* the nonce used */
};

/* R, the signed request of vote.cast for a ballot of w in item's round,
 * as w's terminal signs it and ygd stores it. */
static cJSON *request(enum who w, long long item, int round, const char *receipt,
		      struct req_opts *o)
{
	cJSON *args = cJSON_CreateObject(), *ballot = cJSON_CreateObject(), *sig, *r, *head = NULL;
	char at[REQSIG_AT_LEN + 1];
	const char *why = "";

	if (o->nonce != NULL)
		memcpy(o->nonce_out, o->nonce, REQSIG_NONCE_LEN);
	else
		assert_int_equal(RAND_bytes(o->nonce_out, REQSIG_NONCE_LEN), 1);
	if (o->at == NULL)
		reqsig_now(at);
	else
		snprintf(at, sizeof(at), "%s", o->at);
	if (o->head) {
		char hash[80];
		long long seq = atoll(
			su("SELECT coalesce(max(seq), 0) FROM meeting_log WHERE meeting_id = %lld",
			   meeting));

		snprintf(hash, sizeof(hash), "%s",
			 su("SELECT hash FROM meeting_log WHERE meeting_id = %lld AND seq = %lld",
			    meeting, seq));
		head = cJSON_CreateObject();
		cJSON_AddNumberToObject(head, "meeting", (double)meeting);
		cJSON_AddNumberToObject(head, "seq", (double)seq);
		cJSON_AddStringToObject(head, "hash", hash);
	}
	cJSON_AddNumberToObject(args, "meeting", (double)(o->meeting ? o->meeting : meeting));
	cJSON_AddNumberToObject(args, "item", (double)(o->item ? o->item : item));
	cJSON_AddNumberToObject(args, "round", o->round ? o->round : round);
	cJSON_AddStringToObject(ballot, "placeholder", receipt);
	cJSON_AddItemToObject(args, "ballot", ballot);
	cJSON_AddStringToObject(args, "signature", SIG);
	sig = reqsig_sign_with(o->signer ? o->signer : keys[w], o->op ? o->op : "vote.cast", args,
			       committee, head, o->nonce_out, at);
	assert_non_null(sig);
	r = reqsig_stored(o->op ? o->op : "vote.cast", args, sig, &why);
	if (r == NULL)
		fail_msg("reqsig_stored: %s", why);
	cJSON_Delete(sig);
	cJSON_Delete(args);
	cJSON_Delete(head);
	return r;
}

/* One ballot of a list as ygd's cast_entry makes it, for w in round of
 * item, with a receipt of its own and a request as o says (NULL: good). */
static cJSON *entry_with(enum who w, long long item, int round, struct req_opts *o)
{
	struct req_opts good = {0};
	cJSON *e = cJSON_CreateObject(), *caller = cJSON_CreateObject(),
	      *allowed = cJSON_CreateArray();
	char receipt[44];

	if (o == NULL)
		o = &good;
	snprintf(receipt, sizeof(receipt), "%043d", ++receipts);
	cJSON_AddStringToObject(caller, "kind", "member");
	cJSON_AddNumberToObject(caller, "id", (double)ids[w]);
	cJSON_AddNumberToObject(caller, "key", (double)key_ids[w]);
	cJSON_AddNumberToObject(caller, "committee", (double)committee);
	cJSON_AddItemToArray(allowed, cJSON_CreateString("chair"));
	cJSON_AddItemToArray(allowed, cJSON_CreateString("member"));
	cJSON_AddItemToObject(caller, "allowed", allowed);
	cJSON_AddItemToObject(e, "caller", caller);
	cJSON_AddNumberToObject(e, "meeting", (double)meeting);
	cJSON_AddNumberToObject(e, "item", (double)item);
	cJSON_AddNumberToObject(e, "round", round);
	cJSON_AddStringToObject(e, "voter_key", pubs[w]);
	cJSON_AddStringToObject(e, "signature", SIG);
	cJSON_AddStringToObject(e, "receipt", receipt);
	cJSON_AddItemToObject(e, "request", request(w, item, round, receipt, o));
	return e;
}

static cJSON *entry(enum who w)
{
	return entry_with(w, item_a, 1, NULL);
}

/* A list of the n entries given (taken). */
static cJSON *list_of(int n, ...)
{
	cJSON *l = cJSON_CreateArray();
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(l, va_arg(ap, cJSON *));
	va_end(ap);
	return l;
}

/* Replace member name of e (or of its caller or request, by path "caller.x",
 * "request.x") with value (taken; NULL: delete it). */
static cJSON *set(cJSON *e, const char *path, cJSON *value)
{
	const char *dot = strchr(path, '.');
	cJSON *o = e;
	char head[32];

	if (dot != NULL) {
		snprintf(head, sizeof(head), "%.*s", (int)(dot - path), path);
		o = cJSON_GetObjectItem(e, head);
		assert_non_null(o);
		path = dot + 1;
	}
	cJSON_DeleteItemFromObject(o, path);
	if (value != NULL)
		cJSON_AddItemToObject(o, path, value);
	return e;
}

/* What one run of a list in a rolled-back transaction came to. */
struct outcome {
	char fast[4096]; /* "null", "raised MESSAGE" or "stored ANSWERS" */
	char writes[64]; /* ballots, log entries and nonces written by cast_list */
	char chain[32];  /* log entries (any meeting's) whose chain or sealed digest is wrong */
	char slow[4096]; /* the ballot-by-ballot answers: message or "stored", by " | " */
};

static void outcome_line(char **at, char *dst, size_t len)
{
	char *nl = strchr(*at, '\n');

	if (nl != NULL)
		*nl = '\0';
	snprintf(dst, len, "%s", *at);
	*at = nl != NULL ? nl + 1 : *at + strlen(*at);
}

/* In one transaction, rolled back: setup (SQL, as the owner; it may switch
 * triggers off with SET LOCAL session_replication_role and must switch them
 * on again), then yg_inner.cast_list(list) in a subtransaction as
 * api.vote_cast_many calls it, what it wrote, the log chain, and (slow) the
 * same list through api.vote_cast_many, which then takes it ballot by
 * ballot. */
static void run_list(const char *setup, const cJSON *list, bool slow, struct outcome *out)
{
	char *text = cJSON_PrintUnformatted(list), file[400], *res, *at;
	size_t len = strlen(text) * 2 + strlen(setup) + 4096, resl = 16384;
	char *q = malloc(len);
	FILE *f;

	assert_non_null(q);
	res = malloc(resl);
	assert_non_null(res);
	snprintf(
		q, len,
		"\\set ON_ERROR_STOP 1\nBEGIN;\n%s\n"
		"CREATE TEMP TABLE t_n ON COMMIT DROP AS SELECT (SELECT count(*) FROM ballot) b, "
		"(SELECT count(*) FROM meeting_log) l, (SELECT count(*) FROM request_nonce) n;\n"
		"DO $t$ DECLARE res jsonb; v text; BEGIN\n"
		" BEGIN res := yg_inner.cast_list($L$%s$L$::jsonb);\n"
		"  v := CASE WHEN res IS NULL THEN 'null' ELSE 'stored ' || res::text END;\n"
		" EXCEPTION WHEN OTHERS THEN v := 'raised ' || replace(SQLERRM, E'\\n', ' '); "
		"END;\n"
		" PERFORM set_config('t.fast', v, true); END $t$;\n"
		"SELECT current_setting('t.fast');\n"
		"SELECT ((SELECT count(*) FROM ballot) - b) || ' ' || ((SELECT count(*) FROM "
		"meeting_log) - l) || ' ' || ((SELECT count(*) FROM request_nonce) - n) FROM t_n;\n"
		"SELECT count(*) FROM meeting_log l LEFT JOIN meeting_log p ON p.meeting_id = "
		"l.meeting_id AND p.seq = l.seq - 1 WHERE (l.hash <> "
		"yg_log_hash(l.prev_hash, l.body) OR l.prev_hash <> coalesce(p.hash, repeat('0', "
		"64)) OR (l.body::jsonb->>'meeting')::bigint <> l.meeting_id OR "
		"(l.body::jsonb->>'seq')::bigint <> l.seq OR (l.sealed IS NOT NULL AND "
		"l.body::jsonb->>'sealed' <> yg_sealed_hash(l.sealed)));\n"
		"%s%s%s"
		"ROLLBACK;\n",
		setup, text,
		slow ? "SELECT coalesce(string_agg(coalesce(a->>'message', 'stored'), ' | ' ORDER "
		       "BY "
		       "o), '') FROM jsonb_array_elements(api.vote_cast_many($L$"
		     : "",
		slow ? text : "", slow ? "$L$::jsonb)) WITH ORDINALITY x(a, o);\n" : "");
	snprintf(file, sizeof(file), "%s/cast_list.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(q, f);
	fclose(f);
	if (run_cmd(res, resl, "scripts/pg.sh psql %s yangguang -qtA -f %s", env.pgdir, file) != 0)
		fail_msg("the script failed: %s", res);
	at = res;
	memset(out, 0, sizeof(*out));
	outcome_line(&at, out->fast, sizeof(out->fast));
	outcome_line(&at, out->writes, sizeof(out->writes));
	outcome_line(&at, out->chain, sizeof(out->chain));
	if (slow)
		outcome_line(&at, out->slow, sizeof(out->slow));
	free(res);
	free(q);
	free(text);
}

/* How cast_list is to decline a list. */
enum decline {
	NULL_ONLY, /* the judging query finds the fault: it answers NULL */
	RAISES,    /* a unique index refuses the write */
	EITHER,    /* a cast of the request's text fails, or NULL */
};

/* The fast path alone: cast_list must decline list (taken), whose ballot
 * at place bad (from 1) carries the fault what, once setup is in place,
 * and write nothing; the ballot-by-ballot path refuses that ballot with
 * words in its message (NULL: with any). */
static void declined(const char *what, const char *setup, cJSON *list, enum decline how, int bad,
		     const char *words)
{
	struct outcome o;
	char *at;
	int i;

	run_list(setup, list, true, &o);
	cJSON_Delete(list);
	print_message("  %-44s fast: %.60s | slow: %.120s\n", what, o.fast, o.slow);
	if (strncmp(o.fast, "stored", 6) == 0)
		fail_msg("%s: cast_list stored the list: %s", what, o.fast);
	if (how == NULL_ONLY && strcmp(o.fast, "null") != 0)
		fail_msg("%s: cast_list should answer NULL: %s", what, o.fast);
	if (how == RAISES && strncmp(o.fast, "raised", 6) != 0)
		fail_msg("%s: cast_list should raise: %s", what, o.fast);
	if (strcmp(o.writes, "0 0 0") != 0)
		fail_msg("%s: cast_list wrote (ballots, entries, nonces) %s", what, o.writes);
	assert_string_equal(o.chain, "0");
	/* the same list ballot by ballot: the faulty one refused */
	for (at = o.slow, i = 1; i < bad && at != NULL; i++)
		if ((at = strstr(at, " | ")) != NULL)
			at += 3;
	if (at == NULL || strncmp(at, "stored", 6) == 0 ||
	    (words != NULL &&
	     (strstr(at, words) == NULL ||
	      (strstr(at, " | ") != NULL && strstr(at, words) > strstr(at, " | ")))))
		fail_msg("%s: the ballot-by-ballot path should refuse ballot %d (\"%s\"): %s", what,
			 bad, words ? words : "", o.slow);
}

/* A good list (taken) must be stored whole by cast_list alone, answered
 * in its order (each answer its ballot's receipt, cast numbers first..),
 * and leave the chain whole. */
static void stored(const char *what, const char *setup, cJSON *list, int first_cast)
{
	struct outcome o;
	cJSON *answers, *a, *e;
	char expect[64];
	int n = cJSON_GetArraySize(list), i = 0;

	run_list(setup, list, false, &o);
	print_message("  %-44s fast: %.60s\n", what, o.fast);
	if (strncmp(o.fast, "stored ", 7) != 0)
		fail_msg("%s: cast_list did not store a good list: %s", what, o.fast);
	snprintf(expect, sizeof(expect), "%d %d %d", n, n, n);
	assert_string_equal(o.writes, expect);
	assert_string_equal(o.chain, "0");
	answers = cJSON_Parse(o.fast + 7);
	assert_int_equal(cJSON_GetArraySize(answers), n);
	e = list->child;
	cJSON_ArrayForEach(a, answers) {
		const cJSON *r = cJSON_GetObjectItem(a, "result");

		assert_non_null(r);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "receipt")),
				    cJSON_GetStringValue(cJSON_GetObjectItem(e, "receipt")));
		if (first_cast > 0)
			assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "cast")),
					 first_cast + i);
		else /* two meetings, two ballots in each: counted in each */
			assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "cast")),
					 1 + i / 2);
		assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "meeting")),
				 cJSON_GetNumberValue(cJSON_GetObjectItem(e, "meeting")));
		assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "eligible")), 6);
		e = e->next;
		i++;
	}
	cJSON_Delete(answers);
	cJSON_Delete(list);
}

/* Round round of item, open, written as the owner: members first..last
 * eligible with the keys they hold, under the election key of the
 * meeting's scrutineers (here a key of the test's: nothing is decrypted). */
static void write_round(long long item, int round, enum who first, enum who last)
{
	char eligible[2048];
	size_t used = 0;
	int w;

	used += (size_t)snprintf(eligible + used, sizeof(eligible) - used, "[");
	for (w = first; w <= (int)last; w++)
		used += (size_t)snprintf(eligible + used, sizeof(eligible) - used,
					 "%s{\"member\":%lld,\"key\":\"%s\"}",
					 w == (int)first ? "" : ",", ids[w], pubs[w]);
	snprintf(eligible + used, sizeof(eligible) - used, "]");
	su("INSERT INTO vote_round (meeting_id, item_id, round, question, election_key, entitled, "
	   "present, rules, eligible, state, opened_by, quorum) VALUES (%lld, %lld, %d, "
	   "'{\"kind\":\"options\",\"title\":\"x\",\"labels\":[\"同意\",\"不同意\",\"弃权\"],"
	   "\"seats\":1}', '%s', 7, %d, (SELECT rules FROM committee WHERE id = %lld), '%s', "
	   "'open', %lld, '{}')",
	   meeting, item, round, election_key, (int)last - (int)first + 1, committee, eligible,
	   ids[W_CHAIR]);
}

static int group_setup(void **state)
{
	static const char *const titles[] = {"防汛应急处置", "预算调整"};
	long long items[2];
	int w;

	(void)state;
	g = group_new(group_rand_system, NULL);
	if (g == NULL || fx_start(&env, &ygd, NULL, keys, c, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &c[W_ADMIN]) != 0)
		return -1;
	fx_members(&c[W_ADMIN], keys, names, ids, W_CHAIR, W_M6);
	for (w = W_CHAIR; w < W__COUNT; w++)
		cJSON_Delete(tc_login(&c[w], keys[w], committee));
	for (w = W_CHAIR; w < W__COUNT; w++) {
		key_ids[w] = atoll(su("SELECT id FROM member_key WHERE member_id = %lld AND "
				      "valid_until IS NULL",
				      ids[w]));
		tc_pub_text(keys[w], pubs[w]);
	}
	meeting = fx_open_meeting(&env, &c[W_ADMIN], &c[W_CHAIR], &c[W_M1], titles, 2,
				  ",\"seats\":0", &c[W_CHAIR], W_M5 - W_CHAIR + 1, items);
	item_a = items[0];
	item_b = items[1];
	{
		BIGNUM *secret = group_secret_new();
		EC_POINT *pub = group_point_new(g);

		if (secret == NULL || pub == NULL || !group_scalar_random(g, secret) ||
		    !group_mul_secret(g, pub, secret, NULL) ||
		    !group_point_to_text(g, pub, election_key))
			return -1;
		BN_clear_free(secret);
		EC_POINT_free(pub);
	}
	write_round(item_a, 1, W_CHAIR, W_M5);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	group_free(g);
	return fx_stop(&env, &ygd, keys, c, W__COUNT);
}

/* SQL putting a fault in place with the triggers off (the owner's way). */
static const char *replica(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *replica(const char *fmt, ...)
{
	static char buf[4][2048];
	static int n;
	char *b = buf[n++ % 4], body[1800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(b, sizeof(buf[0]),
		 "SET LOCAL session_replication_role = replica;\n%s;\n"
		 "SET LOCAL session_replication_role = origin;",
		 body);
	return b;
}

/* SQL storing list (taken) through cast_list first, which must take it. */
static char *stored_first(cJSON *list)
{
	char *text = cJSON_PrintUnformatted(list), *q;
	size_t len = strlen(text) + 256;

	q = malloc(len);
	assert_non_null(q);
	snprintf(q, len,
		 "DO $s$ BEGIN IF yg_inner.cast_list($L$%s$L$::jsonb) IS NULL THEN "
		 "RAISE EXCEPTION 'the setup''s list was not stored'; END IF; END $s$;",
		 text);
	free(text);
	cJSON_Delete(list);
	return q;
}

static const char *at_offset(long seconds, char out[40])
{
	time_t t = time(NULL) + seconds;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

/* Good lists, each stored by cast_list alone. */
static void test_fast_path_stores_good_lists(void **state)
{
	struct req_opts head = {.head = true};
	char *setup;

	(void)state;
	stored("one ballot", "", list_of(1, entry(W_M1)), 1);
	/* in an order that is not the voters': answered in the list's */
	stored("five, out of order", "",
	       list_of(5, entry(W_M4), entry(W_CHAIR), entry(W_M3), entry(W_M1), entry(W_M2)), 1);
	stored("a request naming the log's head", "",
	       list_of(2, entry(W_M2), entry_with(W_M3, item_a, 1, &head)), 1);
	/* after ballots already in: counted on from them */
	setup = stored_first(list_of(2, entry(W_M1), entry(W_M2)));
	stored("after two stored", setup, list_of(2, entry(W_M3), entry(W_CHAIR)), 3);
	free(setup);
	/* scrutineers first: the scrutineer earlier in the list */
	stored("a scrutineer first in the list",
	       replica("INSERT INTO scrutineer (meeting_id, idx, member_id, designated_by) VALUES "
		       "(%lld, 0, %lld, %lld); UPDATE vote_round SET rules = rules || "
		       "'{\"scrutineers_vote_first\":true}' WHERE meeting_id = %lld",
		       meeting, ids[W_M3], ids[W_CHAIR], meeting),
	       list_of(2, entry(W_M3), entry(W_M1)), 1);
	/* two meetings interleaved: each chained on its own, answered in
	 * the list's order (a copy of the meeting, its agenda, attendance and
	 * round, as the owner) */
	{
		long long m2 = meeting + 100;
		struct req_opts o2 = {.meeting = m2};
		cJSON *x = entry_with(W_M3, item_a, 1, &o2), *y;
		char *two;

		set(x, "meeting", cJSON_CreateNumber((double)m2));
		o2 = (struct req_opts){.meeting = m2};
		y = set(entry_with(W_CHAIR, item_a, 1, &o2), "meeting",
			cJSON_CreateNumber((double)m2));
		two = strdup(replica(
			"INSERT INTO meeting SELECT (jsonb_populate_record(NULL::meeting, "
			"to_jsonb(m) || "
			"'{\"id\":%lld}')).* FROM meeting m WHERE id = %lld; "
			"INSERT INTO agenda_entry SELECT "
			"(jsonb_populate_record(NULL::agenda_entry, "
			"to_jsonb(a) || '{\"meeting_id\":%lld}')).* FROM agenda_entry a WHERE "
			"meeting_id = %lld; "
			"INSERT INTO attendance SELECT (jsonb_populate_record(NULL::attendance, "
			"to_jsonb(a) || '{\"meeting_id\":%lld}')).* FROM attendance a WHERE "
			"meeting_id = %lld; "
			"INSERT INTO vote_round SELECT (jsonb_populate_record(NULL::vote_round, "
			"to_jsonb(r) || '{\"meeting_id\":%lld}')).* FROM vote_round r WHERE "
			"meeting_id = %lld",
			m2, meeting, m2, meeting, m2, meeting, m2, meeting));
		stored("two meetings, interleaved", two, list_of(4, x, entry(W_M1), y, entry(W_M2)),
		       0);
		free(two);
	}
	assert_string_equal(su("SELECT count(*) FROM ballot"), "0");
}

/* Every check of cast_list, broken alone. */
static void test_fast_path_declines_each_fault(void **state)
{
	char at[40], *setup;
	struct req_opts o;
	cJSON *e;

	(void)state;
	/* yg_inner.caller_member and the meeting's committee */
	declined("caller not a member", "",
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "caller.kind", cJSON_CreateString("observer"))),
		 NULL_ONLY, 2, "only committee members");
	declined("caller suspended",
		 replica("UPDATE member SET status = 'suspended' WHERE id = %lld", ids[W_M1]),
		 list_of(2, entry(W_M2), entry(W_M1)), NULL_ONLY, 2, "not active");
	declined("caller removed",
		 replica("UPDATE member SET status = 'removed' WHERE id = %lld", ids[W_M1]),
		 list_of(1, entry(W_M1)), NULL_ONLY, 1, "not active");
	declined("caller unknown", "",
		 list_of(2, entry(W_M2), set(entry(W_M1), "caller.id", cJSON_CreateNumber(999999))),
		 NULL_ONLY, 2, "not active");
	/* revoked now: the request's key is still valid this instant */
	declined("caller's login key revoked",
		 replica("UPDATE member_key SET valid_until = now(), end_reason = 'revoked' WHERE "
			 "member_id = %lld AND valid_until IS NULL",
			 ids[W_M1]),
		 list_of(2, entry(W_M2), entry(W_M1)), NULL_ONLY, 2, "no longer valid");
	declined("caller's login key another member's", "",
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "caller.key", cJSON_CreateNumber((double)key_ids[W_M3]))),
		 NULL_ONLY, 2, "no longer valid");
	declined("caller's roles not allowed", "",
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "caller.allowed",
			     cJSON_CreateStringArray((const char *const[]){"admin", "clerk"}, 2))),
		 NULL_ONLY, 2, "roles");
	declined("caller of another committee",
		 replica("INSERT INTO committee (id, name, rules) VALUES (99, 'D', '{}'); UPDATE "
			 "member SET committee_id = 99 WHERE id = %lld",
			 ids[W_M1]),
		 list_of(2, entry(W_M2), entry(W_M1)), NULL_ONLY, 2, "no meeting");
	declined(
		"a meeting that does not exist", "",
		list_of(1, set(entry(W_M1), "meeting", cJSON_CreateNumber((double)meeting + 1000))),
		NULL_ONLY, 1, NULL);

	/* yg_inner.cast_judge: the round */
	declined("no round on the item", "", list_of(1, entry_with(W_M1, item_b, 1, NULL)),
		 NULL_ONLY, 1, "no vote has been opened");
	declined("round being decrypted",
		 replica("UPDATE vote_round SET state = 'decrypting' WHERE meeting_id = %lld",
			 meeting),
		 list_of(2, entry(W_M2), entry(W_M1)), NULL_ONLY, 1, "closed");
	declined("round 2 named, round 1 open", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 2, NULL)), NULL_ONLY, 2,
		 "round 2 is not open");
	declined(
		"round 1 named, round 2 the latest",
		replica("UPDATE vote_round SET state = 'closed', tally = 'x' WHERE meeting_id = "
			"%lld; INSERT INTO vote_round (meeting_id, item_id, round, question, "
			"election_key, entitled, present, rules, eligible, state, opened_by, "
			"quorum) "
			"SELECT meeting_id, item_id, 2, question, election_key, entitled, present, "
			"rules, eligible, 'open', opened_by, quorum FROM vote_round WHERE "
			"meeting_id = %lld",
			meeting, meeting),
		list_of(2, entry_with(W_M2, item_a, 2, NULL), entry(W_M1)), NULL_ONLY, 2,
		"round 1 is not open");
	/* the voter */
	declined("present but not eligible (no key in the round)",
		 replica("INSERT INTO attendance (meeting_id, kind, who, present, since) VALUES "
			 "(%lld, 'member', %lld, true, now()) ON CONFLICT (meeting_id, kind, who) "
			 "DO UPDATE SET present = true",
			 meeting, ids[W_M6]),
		 list_of(2, entry(W_M2), entry(W_M6)), NULL_ONLY, 2, "not present");
	declined("eligible but checked out",
		 replica("UPDATE attendance SET present = false WHERE meeting_id = %lld AND kind = "
			 "'member' AND who = %lld",
			 meeting, ids[W_M4]),
		 list_of(2, entry(W_M2), entry(W_M4)), NULL_ONLY, 2, "checked out");
	setup = (char *)replica("INSERT INTO scrutineer (meeting_id, idx, member_id, "
				"designated_by) VALUES (%lld, 0, "
				"%lld, %lld); UPDATE vote_round SET rules = rules || "
				"'{\"scrutineers_vote_first\":true}' WHERE meeting_id = %lld",
				meeting, ids[W_M3], ids[W_CHAIR], meeting);
	setup = strdup(setup);
	declined("scrutineers first: a member alone", setup, list_of(1, entry(W_M1)), NULL_ONLY, 1,
		 "scrutineers vote first");
	declined("scrutineers first: the scrutineer after", setup,
		 list_of(2, entry(W_M1), entry(W_M3)), NULL_ONLY, 1, "scrutineers vote first");
	free(setup);
	/* yg_inner.ballot_store: the key the ballot was made for */
	declined("voter_key another member's", "",
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "voter_key", cJSON_CreateString(pubs[W_M2]))),
		 NULL_ONLY, 2, "another key");

	/* yg_request_take */
	declined("no request", "", list_of(2, entry(W_M2), set(entry(W_M1), "request", NULL)),
		 NULL_ONLY, 2, "needs the request");
	declined("request null", "",
		 list_of(2, entry(W_M2), set(entry(W_M1), "request", cJSON_CreateNull())),
		 NULL_ONLY, 2, "needs the request");
	declined("request a string", "",
		 list_of(2, entry(W_M2), set(entry(W_M1), "request", cJSON_CreateString("R"))),
		 NULL_ONLY, 2, "not an object");
	declined("request an array", "",
		 list_of(2, entry(W_M2), set(entry(W_M1), "request", cJSON_CreateArray())),
		 NULL_ONLY, 2, "not an object");
	o = (struct req_opts){.signer = keys[W_M3]};
	declined("request signed with another member's key", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "not signed for this committee");
	declined("request for another committee", "",
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "request.committee", cJSON_CreateNumber(2))),
		 NULL_ONLY, 2, "not signed for this committee");
	declined("request's key revoked before now",
		 replica("UPDATE member_key SET valid_until = now() - interval '1 second', "
			 "end_reason = 'revoked' WHERE member_id = %lld AND valid_until IS NULL; "
			 "INSERT INTO member_key (member_id, committee_id, public_key) VALUES "
			 "(%lld, "
			 "%lld, 'ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')",
			 ids[W_M1], ids[W_M1], committee),
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "caller.key",
			     cJSON_CreateNumber(
				     atof(su("SELECT last_value + 1 FROM member_key_id_seq"))))),
		 NULL_ONLY, 2, "not signed for this committee");
	declined("request's at missing", "",
		 list_of(2, entry(W_M2), set(entry(W_M1), "request.at", NULL)), NULL_ONLY, 2,
		 "no time");
	declined("request's at a number", "",
		 list_of(2, entry(W_M2), set(entry(W_M1), "request.at", cJSON_CreateNumber(0))),
		 NULL_ONLY, 2, "no time");
	declined("request's at malformed", "",
		 list_of(2, entry(W_M2),
			 set(entry(W_M1), "request.at", cJSON_CreateString("yesterday"))),
		 NULL_ONLY, 2, "no time");
	declined(
		"request's at no date (30 February)", "",
		list_of(2, entry(W_M2),
			set(entry(W_M1), "request.at", cJSON_CreateString("2026-02-30T00:00:00Z"))),
		EITHER, 2, NULL);
	o = (struct req_opts){.at = at_offset(-310, at)};
	declined("request signed 310 s ago", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "more than 300 seconds");
	o = (struct req_opts){.at = at_offset(310, at)};
	declined("request signed 310 s ahead", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "more than 300 seconds");
	/* yg_log_append_request: the head, then yg_request_mismatch */
	e = entry(W_M1);
	{
		cJSON *h = cJSON_CreateObject();

		cJSON_AddNumberToObject(h, "meeting", (double)meeting);
		cJSON_AddNumberToObject(h, "seq", 1);
		cJSON_AddStringToObject(h, "hash",
					"00000000000000000000000000000000"
					"00000000000000000000000000000000");
		set(e, "request.head", h);
	}
	declined("request naming a head the log lacks", "", list_of(2, entry(W_M2), e), NULL_ONLY,
		 2, "log head");
	o = (struct req_opts){.meeting = meeting + 1000};
	declined("request for another meeting", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "another meeting");
	o = (struct req_opts){.op = "agenda.pass"};
	declined("request for another operation", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "does not cause");
	o = (struct req_opts){.item = item_b};
	declined("request for another item", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "\"item\"");
	o = (struct req_opts){.round = 2};
	declined("request for another round", "",
		 list_of(2, entry(W_M2), entry_with(W_M1, item_a, 1, &o)), NULL_ONLY, 2,
		 "\"round\"");

	/* left to the unique indexes: cast_list raises */
	o = (struct req_opts){0};
	setup = stored_first(list_of(1, entry_with(W_M1, item_a, 1, &o)));
	declined("voter voted already", setup, list_of(2, entry(W_M2), entry(W_M1)), RAISES, 2,
		 "already voted");
	free(setup);
	{
		/* a receipt and a nonce used already: the first list's */
		struct req_opts first = {0}, again;
		cJSON *m1 = entry_with(W_M1, item_a, 1, &first);
		const char *r1 = cJSON_GetStringValue(cJSON_GetObjectItem(m1, "receipt"));

		setup = stored_first(list_of(1, cJSON_Duplicate(m1, true)));
		declined("receipt used already", setup,
			 list_of(2, entry(W_M2),
				 set(entry(W_M3), "receipt", cJSON_CreateString(r1))),
			 RAISES, 2, "already been cast");
		free(setup);
		/* by another transaction (within one, the request that took
		 * it may take it again: test_one_request_two_entries) */
		again = (struct req_opts){0};
		e = entry_with(W_M3, item_a, 1, &again);
		declined("nonce used already",
			 replica("INSERT INTO request_nonce (nonce, xid, expires_at) VALUES ('%s', "
				 "1, "
				 "now() + interval '300 seconds')",
				 cJSON_GetStringValue(cJSON_GetObjectItem(
					 cJSON_GetObjectItem(e, "request"), "nonce"))),
			 list_of(2, entry(W_M2), e), RAISES, 2, "used already");
		/* by another member's request earlier in the list: one
		 * transaction, another request */
		again = (struct req_opts){.nonce = first.nonce_out};
		declined("nonce of another request in the list", "",
			 list_of(3, entry(W_M2), cJSON_Duplicate(m1, true),
				 entry_with(W_M3, item_a, 1, &again)),
			 RAISES, 3, "used already");
		/* the same within one list */
		declined("one voter twice in the list", "",
			 list_of(3, entry(W_M2), cJSON_Duplicate(m1, true), entry(W_M1)), RAISES, 3,
			 "already voted");
		declined("one receipt twice in the list", "",
			 list_of(2, cJSON_Duplicate(m1, true),
				 set(entry(W_M3), "receipt", cJSON_CreateString(r1))),
			 RAISES, 2, "already been cast");
		cJSON_Delete(m1);
	}
	assert_string_equal(su("SELECT count(*) FROM ballot"), "0");
}

/* The answers (parsed) of api.vote_cast_many for list as ygd's role, as
 * ygd's flush sends it: one statement, the list as its parameter. */
static cJSON *cast_many_as_ygd(const cJSON *list)
{
	char *text = cJSON_PrintUnformatted(list), *q, *out, file[400];
	size_t len = strlen(text) + 256, outl = 65536;
	cJSON *answers;
	FILE *f;

	q = malloc(len);
	out = malloc(outl);
	assert_non_null(q);
	assert_non_null(out);
	snprintf(q, len, "\\set ON_ERROR_STOP 1\nSELECT api.vote_cast_many($L$%s$L$)::text;\n",
		 text);
	snprintf(file, sizeof(file), "%s/cast_many.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(q, f);
	fclose(f);
	if (run_cmd(out, outl, "scripts/pg.sh psql %s yangguang -U ygd -qtA -f %s", env.pgdir,
		    file) != 0)
		fail_msg("api.vote_cast_many failed as a whole: %s", out);
	answers = cJSON_Parse(out);
	if (!cJSON_IsArray(answers) || cJSON_GetArraySize(answers) != cJSON_GetArraySize(list))
		fail_msg("not %d answers: %s", cJSON_GetArraySize(list), out);
	free(text);
	free(q);
	free(out);
	return answers;
}

/* Fail unless meeting's log, exported through ygd, verifies (hash chain,
 * sealed parts). */
static void log_verifies(void)
{
	cJSON *r = tc_callf(&c[W_M2], "meeting.log", "{\"meeting\":%lld}", meeting);
	char why[256];

	assert_non_null(tc_result(r));
	if (logchain_verify(tc_result(r), why, sizeof(why)) != -1)
		fail_msg("the log does not verify: %s", why);
	cJSON_Delete(r);
}

/* Both layers: a mixed list through api.vote_cast_many as ygd's role. */
static void test_mixed_list_as_ygd(void **state)
{
	static const struct {
		enum who w;
		const char *expect; /* NULL: stored */
	} casts[] = {
		{W_M3, NULL}, {W_M6, "not present"}, {W_CHAIR, NULL},         {W_M5, "another key"},
		{W_M1, NULL}, {W_M4, NULL},          {W_M1, "already voted"}, {W_M2, NULL},
	};
	enum { N = sizeof(casts) / sizeof(casts[0]) };
	cJSON *list = cJSON_CreateArray(), *answers, *a, *r;
	int i, cast = 0;

	(void)state;
	for (i = 0; i < N; i++) {
		cJSON *e = entry(casts[i].w);

		if (casts[i].w == W_M5)
			set(e, "voter_key", cJSON_CreateString(pubs[W_M4]));
		cJSON_AddItemToArray(list, e);
	}
	answers = cast_many_as_ygd(list);
	a = answers->child;
	for (i = 0; i < N; i++, a = a->next) {
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(a, "message"));
		const char *state_ = cJSON_GetStringValue(cJSON_GetObjectItem(a, "state"));
		cJSON *e = cJSON_GetArrayItem(list, i);

		r = cJSON_GetObjectItem(a, "result");
		if (casts[i].expect == NULL) {
			if (r == NULL)
				fail_msg("ballot %d refused: %s", i + 1, cJSON_PrintUnformatted(a));
			assert_string_equal(
				cJSON_GetStringValue(cJSON_GetObjectItem(r, "receipt")),
				cJSON_GetStringValue(cJSON_GetObjectItem(e, "receipt")));
			/* counted in the list's order (one round) */
			assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "cast")),
					 ++cast);
			continue;
		}
		if (r != NULL || msg == NULL || state_ == NULL ||
		    strstr(msg, casts[i].expect) == NULL)
			fail_msg("ballot %d: expected \"%s\", got %s", i + 1, casts[i].expect,
				 cJSON_PrintUnformatted(a));
	}
	cJSON_Delete(answers);
	/* exactly the good ones, with their receipts */
	assert_string_equal(su("SELECT count(*) FROM ballot WHERE meeting_id = %lld", meeting),
			    "5");
	for (i = 0; i < N; i++)
		if (casts[i].expect == NULL)
			assert_string_equal(su("SELECT count(*) FROM ballot WHERE voter = %lld AND "
					       "receipt = '%s'",
					       ids[casts[i].w],
					       cJSON_GetStringValue(cJSON_GetObjectItem(
						       cJSON_GetArrayItem(list, i), "receipt"))),
					    "1");
	assert_string_equal(su("SELECT count(*) FROM meeting_log WHERE meeting_id = %lld AND "
			       "body::jsonb->>'event' = 'vote.cast'",
			       meeting),
			    "5");
	/* the log, exported through ygd, verifies (hash chain, sealed parts) */
	log_verifies();
	/* and ygd itself answers on the round */
	r = tc_callf(&c[W_M1], "vote.status", "{\"meeting\":%lld,\"item\":%lld}", meeting, item_a);
	if (tc_error_code(r) != NULL)
		fail_msg("vote.status: %s", cJSON_PrintUnformatted(r));
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "cast")), 5);
	cJSON_Delete(r);
	cJSON_Delete(list);
}

/* A ballot of w's for item as w's terminal makes it from vote.status: the
 * args of vote.cast (taken by the caller). */
static cJSON *make_ballot(enum who w, long long item)
{
	static const unsigned char choices[3] = {1, 0, 0};
	cJSON *st = tc_callf(&c[w], "vote.status", "{\"meeting\":%lld,\"item\":%lld}", meeting,
			     item),
	      *res = cJSON_GetObjectItem(st, "result"), *args;
	struct ballot_context ctx;
	struct ballot b;
	unsigned char receipt[VOTE_HASH_LEN];
	const char *why = "", *you_key;
	uint64_t round;

	if (tc_error_code(st) != NULL || res == NULL)
		fail_msg("vote.status: %s", cJSON_PrintUnformatted(st));
	round = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(res, "round"));
	you_key = cJSON_GetStringValue(cJSON_GetObjectItem(res, "you_key"));
	assert_true(ballot_context_init(g, &ctx));
	if (!vote_context(g, (uint64_t)committee, (uint64_t)meeting, (uint64_t)item, round,
			  cJSON_GetObjectItem(res, "question"),
			  cJSON_GetStringValue(cJSON_GetObjectItem(res, "election_key")),
			  (uint64_t)ids[w], you_key != NULL ? you_key : pubs[w], &ctx, &why))
		fail_msg("vote_context: %s", why);
	assert_true(ballot_encrypt(g, &ctx, choices, &b));
	args = vote_cast_args(g, &ctx, &b, keys[w], receipt);
	assert_non_null(args);
	ballot_clear(&b);
	ballot_context_clear(&ctx);
	cJSON_Delete(st);
	return args;
}

/* Send vote.cast with args (taken) on tc, signed with key, not waiting:
 * the request's id, its nonce in nonce. */
static uint64_t send_cast(struct tclient *tc, EVP_PKEY *key, cJSON *args, char nonce[64])
{
	cJSON *msg = cJSON_CreateObject(),
	      *sig = reqsig_sign(key, "vote.cast", args, committee, NULL);
	char *text;
	uint64_t id = tc->next_id++;

	assert_non_null(sig);
	snprintf(nonce, 64, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(sig, "nonce")));
	cJSON_AddNumberToObject(msg, "id", (double)id);
	cJSON_AddStringToObject(msg, "op", "vote.cast");
	cJSON_AddItemToObject(msg, "args", args);
	cJSON_AddItemToObject(msg, "sig", sig);
	text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	assert_int_equal(tc_send_json(tc, text), 0);
	free(text);
	return id;
}

/* The reply to request id on tc. */
static cJSON *reply_to(struct tclient *tc, uint64_t id)
{
	cJSON *r;

	while ((r = tc_recv(tc, 30000)) != NULL) {
		const cJSON *rid = cJSON_GetObjectItem(r, "id");

		if (cJSON_IsNumber(rid) && (uint64_t)rid->valuedouble == id)
			return r;
		cJSON_Delete(r);
	}
	fail_msg("no reply to request %llu", (unsigned long long)id);
	return NULL;
}

/* The owner holding the meeting's row for a while, as a long transaction
 * would: ygd's one statement of ballots waits behind it. */
static void *hold_meeting(void *arg)
{
	static char out[1024];
	char file[400];
	FILE *f;

	(void)arg;
	snprintf(file, sizeof(file), "%s/hold.sql", env.dir);
	f = fopen(file, "w");
	if (f == NULL)
		return NULL;
	fprintf(f,
		"BEGIN;\nSELECT 1 FROM meeting WHERE id = %lld FOR UPDATE;\n"
		"SELECT pg_sleep(2) /* cast_list hold */;\nCOMMIT;\n",
		meeting);
	fclose(f);
	run_cmd(out, sizeof(out), "scripts/pg.sh psql %s yangguang -qtA -f %s", env.pgdir, file);
	return NULL;
}

/* Wait until a statement matching what (a LIKE pattern) is running, and
 * waiting on a lock if lock. */
static void wait_for_statement(const char *what, bool lock)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (strcmp(su("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
			      "AND "
			      "state = 'active' AND query LIKE '%s'%s",
			      what, lock ? " AND wait_event_type = 'Lock'" : ""),
			   "0") != 0)
			return;
		sleep_ms(25);
	}
	fail_msg("no statement like %s%s", what, lock ? " waiting on a lock" : "");
}

/* Both layers through ygd: real vote.cast requests from several terminals,
 * made to land in one list. ygd stores ballots one statement at a time
 * (VOTE_STORE_BATCHES): a first ballot's statement is held behind a lock on
 * the meeting while the others are verified and queue, and they then go in
 * one list: five good, a voter who checked out after the vote opened, a
 * second ballot of one voter (from a second terminal), and a ballot of the
 * first voter again. */
static void test_mixed_list_through_ygd(void **state)
{
	static const struct {
		enum who w;
		bool second_terminal;
		const char *expect; /* NULL: stored; "dup": one of M1's two */
	} casts[] = {
		{W_CHAIR, false, NULL}, {W_M1, false, "dup"},
		{W_M3, false, NULL},    {W_M5, false, "checked out"},
		{W_M4, false, NULL},    {W_M1, true, "dup"},
		{W_M6, false, NULL},    {W_M2, false, "already voted"},
	};
	enum { N = sizeof(casts) / sizeof(casts[0]) };
	struct tclient m1b;
	pthread_t holder;
	char nonce[N][64], plug_nonce[64];
	uint64_t ids_sent[N], plug;
	cJSON *args[N], *plug_args, *r;
	int i, m1_stored = 0, stored_n = 0;
	char in[1024];
	size_t used;

	(void)state;
	/* the first vote over (closed as the owner); M6 comes; item b's vote
	 * opens for the seven present; then M5 leaves */
	fx_sql(&env, "SET session_replication_role = replica; UPDATE vote_round SET state = "
		     "'closed', tally = 'x' WHERE state = 'open'");
	fx_check_in(&c[W_M6], meeting);
	write_round(item_b, 1, W_CHAIR, W_M6);
	assert_int_equal(tc_connect_hello(&m1b, ygd.port), 0);
	cJSON_Delete(tc_login(&m1b, keys[W_M1], committee));
	plug_args = make_ballot(W_M2, item_b);
	for (i = 0; i < N; i++)
		args[i] = make_ballot(casts[i].w, item_b);
	assert_string_equal(
		tc_code(tc_callf(&c[W_M5], "meeting.check_out", "{\"meeting\":%lld}", meeting)),
		"ok");

	assert_int_equal(pthread_create(&holder, NULL, hold_meeting, NULL), 0);
	wait_for_statement("%%cast_list hold%%", false);
	plug = send_cast(&c[W_M2], keys[W_M2], plug_args, plug_nonce);
	wait_for_statement("%%vote_cast_many%%", true);
	for (i = 0; i < N; i++)
		ids_sent[i] = send_cast(casts[i].second_terminal ? &m1b : &c[casts[i].w],
					keys[casts[i].w], args[i], nonce[i]);
	pthread_join(holder, NULL);

	r = reply_to(&c[W_M2], plug);
	if (tc_error_code(r) != NULL)
		fail_msg("the first ballot: %s", cJSON_PrintUnformatted(r));
	cJSON_Delete(r);
	for (i = 0; i < N; i++) {
		const cJSON *err;

		r = reply_to(casts[i].second_terminal ? &m1b : &c[casts[i].w], ids_sent[i]);
		err = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message");
		print_message("  %-8s %s\n", names[casts[i].w], err ? err->valuestring : "stored");
		if (casts[i].expect == NULL) {
			if (tc_error_code(r) != NULL)
				fail_msg("ballot %d refused: %s", i + 1, cJSON_PrintUnformatted(r));
			stored_n++;
		} else if (strcmp(casts[i].expect, "dup") == 0) {
			if (tc_error_code(r) == NULL) {
				m1_stored++;
				stored_n++;
			} else if (strstr(err->valuestring, "already voted") == NULL) {
				fail_msg("M1's second ballot: %s", cJSON_PrintUnformatted(r));
			}
		} else if (tc_error_code(r) == NULL ||
			   strstr(err->valuestring, casts[i].expect) == NULL) {
			fail_msg("ballot %d: expected \"%s\": %s", i + 1, casts[i].expect,
				 cJSON_PrintUnformatted(r));
		}
		cJSON_Delete(r);
	}
	assert_int_equal(m1_stored, 1);
	assert_int_equal(stored_n, 5);
	assert_string_equal(su("SELECT count(*) FROM ballot WHERE meeting_id = %lld AND item_id = "
			       "%lld",
			       meeting, item_b),
			    "6");
	/* the five went in one transaction, not the first ballot's: one list */
	used = (size_t)snprintf(in, sizeof(in), "'%s'", nonce[0]);
	for (i = 1; i < N; i++)
		used += (size_t)snprintf(in + used, sizeof(in) - used, ",'%s'", nonce[i]);
	assert_string_equal(su("SELECT count(*) || ' ' || count(DISTINCT xid) FROM request_nonce "
			       "WHERE nonce IN (%s)",
			       in),
			    "5 1");
	assert_string_equal(su("SELECT count(*) FROM request_nonce WHERE nonce IN (%s) AND xid = "
			       "(SELECT xid FROM request_nonce WHERE nonce = '%s')",
			       in, plug_nonce),
			    "0");
	/* the log verifies */
	log_verifies();
	tc_close(&m1b);
}

/* A string member of the signed request of list entry e. */
static const char *req_str(const cJSON *e, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "request"), name));
}

/* Two members' requests with one nonce in one list, through
 * api.vote_cast_many as ygd's role: the list is one transaction, in which
 * yg_request_take used to take a nonce on file again for any request. One
 * of the two is stored, the other refused as a request used already
 * (YG409), the ballot after them stored; the nonce is on file for the
 * stored one's request, and the log verifies. (Round 2 of the first item,
 * for the five present.) */
static void test_one_nonce_two_requests(void **state)
{
	struct req_opts first = {0}, again, other = {0};
	cJSON *list, *m1, *answers, *stored_one = NULL;
	int i, refused = 0;

	(void)state;
	fx_sql(&env, "SET session_replication_role = replica; UPDATE vote_round SET state = "
		     "'closed', tally = 'x' WHERE state = 'open'");
	write_round(item_a, 2, W_CHAIR, W_M4);
	m1 = entry_with(W_M1, item_a, 2, &first);
	again = (struct req_opts){.nonce = first.nonce_out};
	list = list_of(3, m1, entry_with(W_M2, item_a, 2, &again),
		       entry_with(W_M3, item_a, 2, &other));
	assert_string_equal(req_str(cJSON_GetArrayItem(list, 0), "nonce"),
			    req_str(cJSON_GetArrayItem(list, 1), "nonce"));
	answers = cast_many_as_ygd(list);
	for (i = 0; i < 2; i++) {
		const cJSON *a = cJSON_GetArrayItem(answers, i);
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(a, "message"));

		print_message("  %s: %s\n", names[i == 0 ? W_M1 : W_M2], msg ? msg : "stored");
		if (cJSON_GetObjectItem(a, "result") != NULL) {
			stored_one = cJSON_GetArrayItem(list, i);
			continue;
		}
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(a, "state")), "YG409") != 0 ||
		    msg == NULL || strcmp(msg, "this signed request has been used already") != 0)
			fail_msg("ballot %d: %s", i + 1, cJSON_PrintUnformatted(a));
		refused++;
	}
	if (stored_one == NULL || refused != 1)
		fail_msg("not one of the two stored: %s", cJSON_PrintUnformatted(answers));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetArrayItem(answers, 2), "result"));
	cJSON_Delete(answers);
	/* exactly the two: the stored one's ballot and entry, and W_M3's */
	assert_string_equal(su("SELECT string_agg(receipt, ' ' ORDER BY voter) FROM ballot WHERE "
			       "meeting_id = %lld AND item_id = %lld AND round = 2",
			       meeting, item_a),
			    su("SELECT '%s' || ' ' || '%s'",
			       cJSON_GetStringValue(cJSON_GetObjectItem(stored_one, "receipt")),
			       cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 2),
									"receipt"))));
	assert_string_equal(su("SELECT count(*) FROM meeting_log WHERE meeting_id = %lld AND "
			       "body::jsonb->>'event' = 'vote.cast' AND "
			       "(body::jsonb->'data'->>'round')::int = 2",
			       meeting),
			    "2");
	/* the nonce names the request that took it */
	assert_string_equal(su("SELECT key || ' ' || signature FROM request_nonce WHERE nonce = "
			       "'%s'",
			       req_str(stored_one, "nonce")),
			    su("SELECT '%s' || ' ' || '%s'", req_str(stored_one, "key"),
			       req_str(stored_one, "signature")));
	log_verifies();
	cJSON_Delete(list);
}

/* What yg_request_take answers, in one transaction rolled back, for
 * (actor, request) pairs taken in turn: "taken" or "STATE message", one a
 * line. */
static void take_in_turn(int n, const char *const actors[], const cJSON *const requests[],
			 char *out, size_t outl)
{
	size_t len = 4096, used;
	char *q, *text, file[400];
	FILE *f;
	int i;

	for (i = 0; i < n; i++) {
		text = cJSON_PrintUnformatted(requests[i]);
		len += strlen(text) + 256;
		free(text);
	}
	q = malloc(len);
	assert_non_null(q);
	used = (size_t)snprintf(
		q, len,
		"\\set ON_ERROR_STOP 1\nBEGIN;\n"
		"CREATE FUNCTION pg_temp.take(a text, r jsonb) RETURNS text LANGUAGE plpgsql AS "
		"$f$ BEGIN PERFORM yg_request_take(a, r); RETURN 'taken'; EXCEPTION WHEN OTHERS "
		"THEN RETURN SQLSTATE || ' ' || SQLERRM; END $f$;\n");
	for (i = 0; i < n; i++) {
		text = cJSON_PrintUnformatted(requests[i]);
		used += (size_t)snprintf(q + used, len - used,
					 "SELECT pg_temp.take('%s', $L$%s$L$::jsonb);\n", actors[i],
					 text);
		free(text);
	}
	snprintf(q + used, len - used, "ROLLBACK;\n");
	snprintf(file, sizeof(file), "%s/take.sql", env.dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(q, f);
	fclose(f);
	free(q);
	if (run_cmd(out, outl, "scripts/pg.sh psql %s yangguang -qtA -f %s", env.pgdir, file) != 0)
		fail_msg("the script failed: %s", out);
}

/* One request may take its nonce more than once in its transaction, and
 * only it. Operations do: a meeting's opening appended its meeting.opened
 * entry and its administrative-log entry with the chair's one request
 * (group_setup, through ygd). And yg_request_take itself, in one
 * transaction: a request taken twice is taken; another request of the same
 * member with its nonce (other arguments, so another signature), or
 * another member's, is refused as used. */
static void test_one_request_two_entries(void **state)
{
	struct req_opts first = {0}, again;
	cJSON *r1, *r2, *r3;
	char out[4096], actor1[32], actor2[32];

	(void)state;
	assert_string_equal(
		su("SELECT count(*) FROM meeting_log l JOIN admin_log a ON a.target = "
		   "'meeting:' || l.meeting_id AND a.action = 'meeting.open' WHERE "
		   "l.meeting_id = %lld AND l.body::jsonb->>'event' = 'meeting.opened' "
		   "AND l.body::jsonb->'request' = a.request AND a.request ? 'signature'",
		   meeting),
		"1");
	r1 = request(W_M1, item_b, 1, "r1", &first);
	again = (struct req_opts){.nonce = first.nonce_out};
	r2 = request(W_M1, item_b, 1, "r2", &again);
	again = (struct req_opts){.nonce = first.nonce_out};
	r3 = request(W_M2, item_b, 1, "r3", &again);
	snprintf(actor1, sizeof(actor1), "member:%lld", ids[W_M1]);
	snprintf(actor2, sizeof(actor2), "member:%lld", ids[W_M2]);
	take_in_turn(4, (const char *const[]){actor1, actor1, actor1, actor2},
		     (const cJSON *const[]){r1, r1, r2, r3}, out, sizeof(out));
	assert_string_equal(out, "taken\ntaken\n"
				 "YG409 this signed request has been used already\n"
				 "YG409 this signed request has been used already\n");
	cJSON_Delete(r1);
	cJSON_Delete(r2);
	cJSON_Delete(r3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_path_stores_good_lists),
		cmocka_unit_test(test_fast_path_declines_each_fault),
		cmocka_unit_test(test_mixed_list_as_ygd),
		cmocka_unit_test(test_mixed_list_through_ygd),
		cmocka_unit_test(test_one_nonce_two_requests),
		cmocka_unit_test(test_one_request_two_entries),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
