/* 票决, the secret-ballot vote on an item (proto/VOTE.md): vote.open (the
 * quorum the item needs; eligible voters fixed by the database), vote.cast
 * (proofs and the envelope signature checked on a crypto worker against the
 * round's cached context, then stored by one statement that checks the
 * round and the voter again), vote.close (the ballots added up), vote.decrypt
 * (each scrutineer's partial decryption checked; the last one combines,
 * judges the outcome and signs the tally), vote.status, vote.record. The
 * steps of vote.close and vote.decrypt run on a crypto worker too
 * (rule_txn_start_crypto): the event loop never runs a proof. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/dkg.h"
#include "../../proto/jws.h"
#include "../../proto/xalloc.h"
#include "../../rules/outcome.h"
#include "../../proto/vote.h"
#include "../client.h"
#include "../api_call.h"
#include "../db_pool.h"
#include "../rule_txn.h"
#include "../../rules/quorum.h"
#include "../server.h"
#include "../vote_cache.h"
#include "../worker.h"
#include "../policy/visibility.h"
#include "ops.h"

/* A whole number member of j, or 0. */
static uint64_t num(const cJSON *j, const char *name)
{
	double v = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, name));

	return v >= 0 && v < 9007199254740992.0 ? (uint64_t)v : 0;
}

/* The group to compute with: the worker's own on a crypto worker (the
 * close and decrypt transactions run their steps there), else the loop's. */
static struct group *vote_group(const struct request *req)
{
	struct group *w = worker_current_group();

	return w != NULL ? w : request_server(req)->group;
}

/* The election context of the round described by facts (voter 0). */
static bool vote_round_context(struct group *g, const cJSON *facts, struct ballot_context *ctx,
			       const char **why)
{
	return ballot_context_init(g, ctx) &&
	       vote_context(g, num(facts, "committee"), num(facts, "meeting"), num(facts, "item"),
			    num(facts, "round"),
			    cJSON_GetObjectItemCaseSensitive(facts, "question"),
			    cJSON_GetStringValue(cJSON_GetObjectItem(facts, "election_key")), 0,
			    NULL, ctx, why);
}

/* The request's arguments with the round they are about as ygd read it
 * from the facts (round), for the store that follows a judgment. */
static cJSON *round_args(const struct request *req, uint64_t round)
{
	cJSON *args = api_call_args_copy(req);

	cJSON_DeleteItemFromObjectCaseSensitive(args, "round");
	cJSON_AddNumberToObject(args, "round", (double)round);
	return args;
}

/* On a worker: the election key of a round just opened gets its table
 * (proto/group.h) now, while the members make up their minds, rather than
 * after the first several hundred of its multiplications, which would be
 * the round's first ballots' (arg: the key's text, freed on the loop). */
static void open_key_table_run(struct group *g, void *arg)
{
	EC_POINT *key = group_point_new(g);

	if (key != NULL && group_point_from_text(g, arg, key))
		group_key_prepare(g, key);
	EC_POINT_free(key);
}

static void open_key_table_done(void *arg)
{
	free(arg);
}

/* vote.open has ended: committed (reply), its key's table is built. */
static void open_committed(struct request *req, const cJSON *reply, void *arg)
{
	if (reply == NULL || arg == NULL ||
	    !worker_submit(request_server(req)->workers, open_key_table_run, open_key_table_done,
			   arg))
		free(arg);
}

/* vote.open: the item's quorum holds; the question is its options or, on a
 * cadre item, its candidates (of a run-off: the tied ones). */
static void open_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	bool personnel = cJSON_IsTrue(cJSON_GetObjectItem(facts, "personnel"));
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(facts, "labels");
	const char *title = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "title")), *key;
	struct quorum_facts q;
	cJSON *qj, *args, *quorum;

	if (fraction_from_json(cJSON_GetObjectItem(facts, "quorum"), &q.quorum) != 0 ||
	    fraction_from_json(cJSON_GetObjectItem(facts, "quorum_personnel"),
			       &q.quorum_personnel) != 0 ||
	    title == NULL) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable vote facts");
		return;
	}
	q.entitled = (long)num(facts, "entitled");
	q.present = (long)num(facts, "present");
	if (!quorum_for_item(&q, personnel)) {
		rule_txn_fail(
			t, YG_ERR_CONFLICT,
			"no quorum for a vote on this item: %ld of %ld present, %ld needed",
			q.present, q.entitled,
			fraction_needed(q.entitled, personnel ? q.quorum_personnel : q.quorum));
		return;
	}
	qj = personnel && cJSON_GetArraySize(labels) > 0
		     ? vote_question_approval(title, labels, (uint32_t)num(facts, "seats"))
		     : vote_question_options(title);
	if (qj == NULL) {
		rule_txn_fail(t, YG_ERR_CONFLICT, "the item's candidates and seats make no ballot");
		return;
	}
	/* The round to open, its question, and the quorum judged here, which
	 * goes into the round and its signed tally. */
	args = round_args(req, num(facts, "round"));
	cJSON_AddItemToObject(args, "question", qj);
	quorum = cJSON_AddObjectToObject(args, "quorum");
	cJSON_AddNumberToObject(
		quorum, "needed",
		(double)fraction_needed(q.entitled, personnel ? q.quorum_personnel : q.quorum));
	cJSON_AddBoolToObject(quorum, "personnel", personnel);
	key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(facts, "election_key"));
	rule_txn_after_commit(t, open_committed, key != NULL ? xstrdup(key) : NULL);
	rule_txn_call_json(t, "vote_open", args, NULL);
	cJSON_Delete(args);
}

static void open_exec(struct request *req)
{
	rule_txn_start_args(req, "vote_open_facts", open_judge);
}

/* The database refuses a confidential item's vote to observers; ygd
 * checks the reply's tag again before it leaves (policy/visibility.c). */
static void status_done(struct request *req, cJSON *result)
{
	const struct client *c = req->client;

	if (!vis_event_json_shown(vis_audience_of(c->auth.logged_in, c->auth.observer), result) &&
	    cJSON_GetObjectItemCaseSensitive(result, "confidential") != NULL) {
		cJSON_Delete(result);
		request_fail(req, YG_ERR_FORBIDDEN,
			     "this item is confidential: its vote is for members only");
		return;
	}
	request_reply(req, result);
}

static void status_exec(struct request *req)
{
	api_call_args(req, "vote_status", status_done);
}

/* vote.cast, verify first and lock briefly: the round's context comes
 * from ygd's cache (server/vote_cache.c), a worker verifies the ballot's
 * proofs and the envelope signature off the loop, and only then is the
 * ballot stored, together with the others verified meanwhile (group
 * commit): api.vote_cast_many judges each again under its locks (the
 * round, the voter, the key), stores it with its log entry or refuses it
 * alone, and commits them all at once; each caller hears of its own ballot
 * only after that commit. */
struct cast_job {
	struct cast_job *next; /* waiting to be stored */
	struct request *req;
	struct vote_round_ctx *rc; /* held */
	uint64_t voter;
	const char *voter_key; /* in rc */
	bool ok;
	const char *why;
	bool bad_signature;
	char receipt[VOTE_HASH_TEXT_LEN + 1];
};

/* The ballots of one api.vote_cast_many statement, in the list's order. */
struct cast_batch {
	struct server *srv;
	unsigned n;
	struct cast_job *jobs[VOTE_STORE_BATCH];
};

/* On a worker: the ballot proves itself for this voter in this round, and
 * the envelope is signed with the key the voter held when the vote opened. */
static void cast_verify_run(struct group *g, void *arg)
{
	struct cast_job *j = arg;
	const cJSON *args = j->req->args;
	const struct vote_round_ctx *rc = j->rc;
	unsigned char receipt[VOTE_HASH_LEN];
	struct ballot_context ctx;
	struct ballot b;
	bool parsed;

	j->why = "the round's context is unusable";
	if (!vote_round_ballot_context(g, rc, j->voter, j->voter_key, &ctx))
		return;
	/* ballot_from_json makes b, and frees it again when it fails. */
	parsed = ballot_from_json(g, cJSON_GetObjectItemCaseSensitive(args, "ballot"), &ctx, &b,
				  &j->why);
	j->ok = parsed && ballot_verify(g, &ctx, &b, &j->why);
	if (j->ok && !ballot_receipt(g, &b, receipt)) {
		j->ok = false;
		j->why = "no receipt";
	}
	if (parsed)
		ballot_clear(&b);
	if (j->ok &&
	    !vote_envelope_verify(ctx.voter_pub, ctx.committee, ctx.meeting, ctx.item, ctx.round,
				  j->voter, receipt, args_string(args, "signature"))) {
		j->ok = false;
		j->bad_signature = true;
	}
	ballot_context_clear(&ctx);
	if (j->ok)
		vote_hash_to_text(receipt, j->receipt);
}

static void cast_job_free(struct cast_job *j)
{
	vote_round_ctx_release(j->rc);
	free(j);
}

/* j's place in api.vote_cast_many's list: the caller, the round, the
 * verified ballot's key, envelope signature and receipt, and the signed
 * request, which carries the ballot itself to the database once (its log
 * entry keeps it in the sealed part). The request goes as JSON, not as a
 * string holding its text: the database parses it once, with the list,
 * rather than unescaping the string and then parsing what it holds. The
 * entry keeps the request as the database writes it out (jsonb), which is
 * the same either way. */
static cJSON *cast_entry(const struct cast_job *j)
{
	const struct request *req = j->req;
	cJSON *e = cJSON_CreateObject();
	char *caller = api_call_caller(req);

	cJSON_AddItemToObject(e, "caller", cJSON_CreateRaw(caller));
	free(caller);
	cJSON_AddNumberToObject(e, "meeting", (double)args_int(req->args, "meeting", 0));
	cJSON_AddNumberToObject(e, "item", (double)args_int(req->args, "item", 0));
	cJSON_AddNumberToObject(e, "round", (double)args_int(req->args, "round", 0));
	cJSON_AddStringToObject(e, "voter_key", j->voter_key);
	cJSON_AddStringToObject(e, "signature", args_string(req->args, "signature"));
	cJSON_AddStringToObject(e, "receipt", j->receipt);
	/* req->signed_req is cJSON's own print of the request it verified
	 * (server/reqcheck.c): JSON, whole */
	if (req->signed_req != NULL && req->signed_req[0] != '\0')
		cJSON_AddItemToObject(e, "request", cJSON_CreateRaw(req->signed_req));
	return e;
}

/* One ballot's answer in the list: {result}, or why it was refused
 * ({state, message, constraint}, as api_call words a failed statement). */
static void cast_answer(struct request *req, cJSON *answer)
{
	cJSON *result = cJSON_DetachItemFromObjectCaseSensitive(answer, "result");
	const char *state = cJSON_GetStringValue(cJSON_GetObjectItem(answer, "state"));
	char msg[512];
	enum yg_err err;

	if (cJSON_IsObject(result)) {
		request_reply(req, result);
		return;
	}
	cJSON_Delete(result);
	if (state == NULL) {
		request_fail(req, YG_ERR_INTERNAL,
			     "the database returned no answer for the ballot");
		return;
	}
	err = api_call_refusal(state, cJSON_GetStringValue(cJSON_GetObjectItem(answer, "message")),
			       cJSON_GetStringValue(cJSON_GetObjectItem(answer, "constraint")), msg,
			       sizeof(msg));
	request_fail(req, err, "%s", msg);
}

/* Answer every ballot of b (err: the statement failed, all alike). */
static void cast_batch_answer(struct cast_batch *b, PGresult *res, enum yg_err err, const char *why)
{
	cJSON *answers = NULL, *a;
	char msg[512];
	unsigned i;

	if (err == YG_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		err = api_call_error(res, msg, sizeof(msg));
		why = msg;
	} else if (err == YG_OK) {
		if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
			answers = cJSON_Parse(PQgetvalue(res, 0, 0));
		if (!cJSON_IsArray(answers) || cJSON_GetArraySize(answers) != (int)b->n) {
			err = YG_ERR_INTERNAL;
			why = "the database returned no answer for the ballots";
		}
	}
	a = err == YG_OK ? answers->child : NULL;
	for (i = 0; i < b->n; i++) {
		struct request *req = b->jobs[i]->req;

		cast_job_free(b->jobs[i]);
		if (err != YG_OK)
			request_fail(req, err, "%s", why);
		else
			cast_answer(req, a);
		if (a != NULL)
			a = a->next;
	}
	cJSON_Delete(answers);
	vote_cache_stores(b->srv->vote_cache)->running--;
	free(b);
}

static void cast_flush(struct server *srv);

/* api.vote_cast_many answered: each caller hears of its own ballot, and the
 * ballots verified meanwhile go next. */
static void cast_batch_cb(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct cast_batch *b = arg;
	struct server *srv = b->srv;

	cast_batch_answer(b, res, err, why);
	cast_flush(srv);
}

/* Send the waiting ballots to the database, up to VOTE_STORE_BATCH in a
 * statement, while fewer than VOTE_STORE_BATCHES statements run. */
static void cast_flush(struct server *srv)
{
	struct vote_store_queue *q = vote_cache_stores(srv->vote_cache);

	while (q->head != NULL && q->running < VOTE_STORE_BATCHES &&
	       (q->len >= VOTE_STORE_BATCH || q->verifying == 0)) {
		struct cast_batch *b = xcalloc(1, sizeof(*b));
		cJSON *list = cJSON_CreateArray();
		const char *params[1];
		char *text;

		b->srv = srv;
		while (q->head != NULL && b->n < VOTE_STORE_BATCH) {
			struct cast_job *j = q->head;

			if ((q->head = j->next) == NULL)
				q->tail = &q->head;
			q->len--;
			b->jobs[b->n++] = j;
			cJSON_AddItemToArray(list, cast_entry(j));
		}
		text = cJSON_PrintUnformatted(list);
		cJSON_Delete(list);
		q->running++;
		params[0] = text;
		if (text == NULL || db_pool_query(srv->db, "SELECT api.vote_cast_many($1)::text", 1,
						  params, cast_batch_cb, b) != YG_OK)
			cast_batch_answer(b, NULL, YG_ERR_DB_UNAVAILABLE, "database unavailable");
		free(text);
	}
}

/* Back on the loop: refuse, or queue the ballot to be stored. */
static void cast_verify_done(void *arg)
{
	struct cast_job *j = arg;
	struct request *req = j->req;
	struct server *srv = request_server(req);
	struct vote_store_queue *q = vote_cache_stores(srv->vote_cache);

	q->verifying--;
	if (j->ok) {
		j->next = NULL;
		*q->tail = j;
		q->tail = &j->next;
		q->len++;
		cast_flush(srv);
		return;
	}
	cast_flush(srv); /* the ballots verified before it may be waiting for it */
	if (j->bad_signature)
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "the ballot's signature is not yours over this ballot in this round");
	else
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "the ballot's proof fails: %s (a ballot counts only for the member, "
			     "item and round it was made for)",
			     j->why);
	cast_job_free(j);
}

/* The caller may not cast here (not open, not eligible): the database
 * says why. Should it find nothing to refuse, the context was stale. */
static void cast_refused_done(struct request *req, cJSON *facts)
{
	cJSON_Delete(facts);
	vote_cache_drop_item(request_server(req)->vote_cache, num(req->args, "meeting"),
			     num(req->args, "item"));
	request_fail(req, YG_ERR_CONFLICT, "the vote changed meanwhile: cast again");
}

static void cast_refusal(struct request *req)
{
	api_call_args(req, "vote_cast_facts", cast_refused_done);
}

/* The round's context is at hand (rc held, or NULL: not an open round). */
static void cast_with_context(struct vote_round_ctx *rc, void *arg)
{
	struct request *req = arg;
	struct server *srv = request_server(req);
	const char *key =
		rc != NULL ? vote_round_voter_key(rc, (uint64_t)req->client->auth.id) : NULL;
	struct cast_job *j;

	if (key == NULL || req->client->auth.observer) {
		if (rc != NULL)
			vote_round_ctx_release(rc);
		cast_refusal(req);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	if (j != NULL) {
		j->req = req;
		j->rc = rc;
		j->voter = (uint64_t)req->client->auth.id;
		j->voter_key = key;
	}
	if (j == NULL || !worker_submit(srv->workers, cast_verify_run, cast_verify_done, j)) {
		free(j);
		vote_round_ctx_release(rc);
		request_fail(req, YG_ERR_INTERNAL, "out of memory");
		return;
	}
	vote_cache_stores(srv->vote_cache)->verifying++;
}

struct cast_load {
	struct server *srv;
	struct vote_round_ctx *rc; /* held */
};

/* api.vote_round_context answered (or failed: the waiters ask again). */
static void cast_context_cb(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct cast_load *l = arg;
	cJSON *context = NULL;

	(void)why;
	if (err == YG_OK && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0))
		context = cJSON_Parse(PQgetvalue(res, 0, 0));
	vote_cache_loaded(l->srv->vote_cache, l->srv->group, l->rc, context);
	cJSON_Delete(context);
	vote_round_ctx_release(l->rc);
	free(l);
}

/* Read the round's context for the cache entry rc. */
static void cast_context_load(struct request *req, struct vote_round_ctx *rc)
{
	struct server *srv = request_server(req);
	struct cast_load *l = xmalloc(sizeof(*l));
	const char *params[3];
	char sql[160], *caller = api_call_caller(req);
	char *args = cJSON_PrintUnformatted(req->args);

	l->srv = srv;
	l->rc = rc;
	vote_round_ctx_hold(rc);
	/* the request's validated arguments, as api_call_args passes them;
	 * the statement answers the cache, not req (whose waiters share it),
	 * and appends no log entry: no signed request */
	params[0] = caller;
	params[1] = args;
	params[2] = "";
	api_call_sql(sql, sizeof(sql), "vote_round_context", 2);
	if (db_pool_query(srv->db, sql, 3, params, cast_context_cb, l) != YG_OK)
		cast_context_cb(NULL, YG_ERR_DB_UNAVAILABLE, "database unavailable", l);
	free(caller);
	free(args);
}

static void cast_exec(struct request *req)
{
	struct server *srv = request_server(req);
	struct vote_round_ctx *rc;
	bool fresh;

	rc = vote_cache_get(srv->vote_cache, num(req->args, "meeting"), num(req->args, "item"),
			    num(req->args, "round"), server_now_ms(), &fresh);
	if (rc == NULL) {
		request_fail(req, YG_ERR_INTERNAL, "out of memory");
		return;
	}
	if (!rc->loading) {
		cast_with_context(rc, req);
		return;
	}
	vote_cache_wait(rc, cast_with_context, req);
	if (fresh)
		cast_context_load(req, rc);
}

/* The counts of the round in facts: all zero without ballots, else the
 * combination of every scrutineer's decryption of the aggregate. */
static bool finish_counts(struct group *g, const cJSON *facts, const struct ballot_context *ctx,
			  uint32_t *counts, uint32_t *ballots)
{
	const cJSON *agg = cJSON_GetObjectItemCaseSensitive(facts, "aggregate"), *s;
	const cJSON *shares = cJSON_GetObjectItemCaseSensitive(facts, "shares");
	struct ballot_share sh[9];
	struct ballot_tally tally;
	uint32_t at[9];
	int n = 0, i;
	const char *why;
	bool ok;

	memset(counts, 0, ctx->options * sizeof(*counts));
	*ballots = 0;
	if (!cJSON_IsObject(agg))
		return true;
	if (!ballot_tally_init(g, &tally, ctx->options))
		return false;
	ok = vote_aggregate_from_json(g, agg, ctx->options, &tally, &why) &&
	     cJSON_GetArraySize(shares) <= 9;
	cJSON_ArrayForEach(s, shares) {
		/* sh[n] is made by ballot_share_from_json, freed again if it fails */
		ok = ok && ballot_share_from_json(g, cJSON_GetObjectItemCaseSensitive(s, "share"),
						  ctx->options, &sh[n], &why);
		if (!ok)
			break;
		at[n++] = (uint32_t)num(s, "index");
	}
	/* a threshold ceremony's k (or more) shares combine with Lagrange
	 * coefficients (BALLOT.md §9.2); else every share adds up */
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(facts, "threshold")))
		ok = ok && n > 0 && dkg_combine(g, &tally, sh, at, (size_t)n, counts);
	else
		ok = ok && n > 0 && ballot_combine(g, &tally, sh, (size_t)n, counts);
	*ballots = tally.ballots;
	for (i = 0; i < n; i++)
		ballot_share_clear(&sh[i]);
	ballot_tally_clear(&tally);
	return ok;
}

/* The tally facts of format 2 (VOTE.md §7): the round's rules, present and
 * quorum as fixed at vote.open, the link to the previous round's tally,
 * whether this round is final, and the log's head now. */
static void tally_facts_v2(struct vote_tally_facts *tf, const cJSON *facts,
			   const struct outcome *out, char link[VOTE_HASH_TEXT_LEN + 1])
{
	const char *prev = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "previous_tally"));

	tf->present = (uint32_t)num(facts, "present");
	tf->quorum = cJSON_GetObjectItemCaseSensitive(facts, "quorum");
	tf->rules = cJSON_GetObjectItemCaseSensitive(facts, "rules");
	tf->previous = prev != NULL && vote_tally_link(prev, link) ? link : NULL;
	tf->final = out->result != OUTCOME_RUNOFF;
	tf->log_head = cJSON_GetObjectItemCaseSensitive(facts, "log_head");
}

/* The vote.result entry ygd makes is signed by the server key
 * (PROTOCOL.md §7a): R's args name the round and hold its signed tally. */
static bool vote_sign_result(struct rule_txn *t, const struct vote_tally_facts *tf, const char *jws)
{
	cJSON *args = cJSON_CreateObject();
	bool ok;

	cJSON_AddNumberToObject(args, "meeting", (double)tf->meeting);
	cJSON_AddNumberToObject(args, "item", (double)tf->item);
	cJSON_AddNumberToObject(args, "round", (double)tf->round);
	cJSON_AddStringToObject(args, "tally", jws);
	ok = rule_txn_sign_as_server(t, "vote.result", args, (long long)tf->committee);
	cJSON_Delete(args);
	return ok;
}

/* Combine, judge, sign, and close the round (VOTE.md §5–7). facts are the
 * round's (yg_inner.round_facts). */
static void vote_finish(struct rule_txn *t, struct request *req, const cJSON *facts)
{
	struct server *srv = request_server(req);
	struct group *g = vote_group(req);
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(facts, "rules");
	const cJSON *question = cJSON_GetObjectItemCaseSensitive(facts, "question");
	const char *base = cJSON_GetStringValue(cJSON_GetObjectItem(rules, "pass_base"));
	uint32_t counts[BALLOT_MAX_OPTIONS], ballots = 0, i;
	struct outcome_rule rule;
	struct outcome out;
	struct vote_tally_facts tf;
	struct ballot_context ctx;
	cJSON *cj = NULL, *oj = NULL, *payload = NULL, *args;
	char *jws = NULL;
	char link[VOTE_HASH_TEXT_LEN + 1];
	const char *why = "";
	bool ok;

	memset(&tf, 0, sizeof(tf));
	ok = vote_round_context(g, facts, &ctx, &why);
	if (ok && !finish_counts(g, facts, &ctx, counts, &ballots)) {
		ok = false;
		why = "the decryptions do not combine to counts";
	}
	if (ok &&
	    !outcome_rule_from_rules(
		    rules,
		    (uint32_t)num(facts, base != NULL && strcmp(base, "present") == 0 ? "present"
										      : "entitled"),
		    &rule)) {
		ok = false;
		why = "unreadable rules";
	}
	if (ok) {
		outcome_judge(&rule,
			      strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(question, "kind")),
				     "approval") == 0,
			      (uint32_t)num(question, "seats"), counts, ctx.options, ballots,
			      (uint32_t)cJSON_GetArraySize(
				      cJSON_GetObjectItemCaseSensitive(facts, "eligible")),
			      &out);
		cj = cJSON_CreateArray();
		for (i = 0; i < ctx.options; i++)
			cJSON_AddItemToArray(cj, cJSON_CreateNumber(counts[i]));
		oj = outcome_to_json(&rule, &out);
		tf.committee = num(facts, "committee");
		tf.meeting = num(facts, "meeting");
		tf.item = num(facts, "item");
		tf.round = num(facts, "round");
		tf.question = question;
		tf.election_key = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "election_key"));
		tf.entitled = (uint32_t)num(facts, "entitled");
		tf.eligible = cJSON_GetObjectItemCaseSensitive(facts, "eligible_keys");
		tf.ballots = ballots;
		tf.counts = counts;
		tf.ncounts = ctx.options;
		tf.outcome = oj;
		tf.closed_at = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "now"));
		tally_facts_v2(&tf, facts, &out, link);
		ok = vote_board_hash(cJSON_GetObjectItemCaseSensitive(facts, "voters"), tf.board);
		why = "the ballot board is unreadable";
	}
	if (ok) {
		cJSON *voters = cJSON_CreateArray(), *v;

		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(facts, "voters"))
			cJSON_AddItemToArray(voters, cJSON_CreateNumber((double)num(v, "voter")));
		tf.voters = voters;
		payload = vote_tally_payload(&tf);
		cJSON_Delete(voters);
		jws = payload != NULL ? jws_sign(srv->sign_key, VOTE_TALLY_TYP, payload, false)
				      : NULL;
		ok = jws != NULL;
		why = "the tally cannot be signed";
	}
	ballot_context_clear(&ctx);
	if (!ok) {
		cJSON_Delete(cj);
		cJSON_Delete(oj);
		cJSON_Delete(payload);
		rule_txn_fail(t, YG_ERR_INTERNAL, "cannot finish the vote: %s", why);
		return;
	}
	/* the round, its counts and outcome, the tally, the key that signed
	 * it, and the time and the log's head it names */
	args = round_args(req, tf.round);
	cJSON_AddItemToObject(args, "counts", cJSON_Duplicate(cj, true));
	cJSON_AddItemToObject(args, "outcome", cJSON_Duplicate(oj, true));
	cJSON_AddStringToObject(args, "tally", jws);
	cJSON_AddStringToObject(args, "signer", srv->sign_pub);
	if (tf.closed_at != NULL)
		cJSON_AddStringToObject(args, "closed_at", tf.closed_at);
	if (tf.log_head != NULL)
		cJSON_AddItemToObject(args, "log_head", cJSON_Duplicate(tf.log_head, true));
	if (vote_sign_result(t, &tf, jws))
		rule_txn_call_json(t, "vote_finish", args, NULL);
	else
		rule_txn_fail(t, YG_ERR_INTERNAL, "cannot sign the result's entry");
	cJSON_Delete(args);
	free(jws);
	cJSON_Delete(cj);
	cJSON_Delete(oj);
	cJSON_Delete(payload);
}

/* vote.close: add the ballots up (each was checked when cast); with none,
 * there is nothing to decrypt and the round closes at once. */
static void close_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct group *g = vote_group(req);
	const cJSON *bj;
	struct ballot_context ctx;
	struct ballot_tally tally;
	struct ballot b;
	const char *why = "";
	cJSON *agg = NULL, *args;
	bool ok;

	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(facts, "ballots")) == 0) {
		vote_finish(t, req, facts);
		return;
	}
	ok = vote_round_context(g, facts, &ctx, &why);
	if (ok && !ballot_tally_init(g, &tally, ctx.options)) {
		ballot_context_clear(&ctx);
		ok = false;
	}
	if (!ok) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "cannot add up the ballots: %s", why);
		return;
	}
	cJSON_ArrayForEach(bj, cJSON_GetObjectItemCaseSensitive(facts, "ballots")) {
		if (!ok || !ballot_from_json(g, bj, &ctx, &b, &why)) {
			ok = false;
			break;
		}
		ok = ballot_tally_add(g, &tally, &b);
		ballot_clear(&b);
	}
	if (ok) {
		agg = vote_aggregate_to_json(g, &tally);
		ok = agg != NULL;
	}
	ballot_tally_clear(&tally);
	ballot_context_clear(&ctx);
	if (!ok) {
		cJSON_Delete(agg);
		rule_txn_fail(t, YG_ERR_INTERNAL, "cannot add up the ballots: %s", why);
		return;
	}
	/* the round closing and the ballots added up */
	args = round_args(req, num(facts, "round"));
	cJSON_AddItemToObject(args, "aggregate", agg);
	rule_txn_call_json(t, "vote_close_store", args, NULL);
	cJSON_Delete(args);
}

static void close_exec(struct request *req)
{
	vote_cache_drop_item(request_server(req)->vote_cache, num(req->args, "meeting"),
			     num(req->args, "item"));
	rule_txn_start_crypto_args(req, "vote_close_facts", close_judge);
}

/* The share is stored: with the last one in, finish the round. */
static void decrypt_stored(struct rule_txn *t, struct request *req, cJSON *facts)
{
	cJSON *reply;

	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(facts, "complete"))) {
		vote_finish(t, req, facts);
		return;
	}
	reply = cJSON_CreateObject();
	cJSON_AddNumberToObject(reply, "meeting", (double)num(facts, "meeting"));
	cJSON_AddNumberToObject(reply, "item", (double)num(facts, "item"));
	cJSON_AddNumberToObject(reply, "round", (double)num(facts, "round"));
	cJSON_AddStringToObject(reply, "state", "decrypting");
	cJSON_AddItemToObject(
		reply, "awaiting",
		cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(facts, "awaiting"), true));
	rule_txn_commit(t, reply);
}

/* vote.decrypt: the partial decryption is proven against this scrutineer's
 * published key and the stored aggregate (BALLOT.md §9). */
static void decrypt_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct group *g = vote_group(req);
	const cJSON *sj = cJSON_GetObjectItemCaseSensitive(req->args, "share");
	struct ballot_context ctx;
	struct ballot_tally tally;
	struct ballot_share share;
	EC_POINT *pub = group_point_new(g);
	const char *why = "";
	bool ok, tinit = false, sinit = false;

	ok = pub != NULL && vote_round_context(g, facts, &ctx, &why);
	if (!ok) {
		EC_POINT_free(pub);
		rule_txn_fail(t, YG_ERR_INTERNAL, "the round's context is unreadable: %s", why);
		return;
	}
	ok = group_point_from_text(g, cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key")),
				   pub) &&
	     (tinit = ballot_tally_init(g, &tally, ctx.options)) &&
	     vote_aggregate_from_json(g, cJSON_GetObjectItemCaseSensitive(facts, "aggregate"),
				      ctx.options, &tally, &why);
	if (!ok) {
		if (tinit)
			ballot_tally_clear(&tally);
		ballot_context_clear(&ctx);
		EC_POINT_free(pub);
		rule_txn_fail(t, YG_ERR_INTERNAL, "the round's aggregate is unreadable: %s", why);
		return;
	}
	ok = sinit = ballot_share_from_json(g, sj, ctx.options, &share, &why);
	if (ok &&
	    !ballot_share_verify(g, &ctx, (uint32_t)num(facts, "index"), pub, &tally, &share)) {
		ok = false;
		why = "its proofs do not verify against your key and this round's aggregate";
	}
	if (sinit)
		ballot_share_clear(&share);
	ballot_tally_clear(&tally);
	ballot_context_clear(&ctx);
	EC_POINT_free(pub);
	if (!ok) {
		rule_txn_fail(t, YG_ERR_BAD_REQUEST, "the decryption is refused: %s", why);
		return;
	}
	rule_txn_call_args(t, "vote_decrypt_store", decrypt_stored);
}

static void decrypt_exec(struct request *req)
{
	rule_txn_start_crypto_args(req, "vote_decrypt_facts", decrypt_judge);
}

const struct op_entry op_vote_open = {.name = "vote.open", .flags = OP_NEEDS_DB, .exec = open_exec};
const struct op_entry op_vote_status = {
	.name = "vote.status", .flags = OP_NEEDS_DB, .exec = status_exec};
const struct op_entry op_vote_cast = {.name = "vote.cast", .flags = OP_NEEDS_DB, .exec = cast_exec};
const struct op_entry op_vote_close = {
	.name = "vote.close", .flags = OP_NEEDS_DB, .exec = close_exec};
const struct op_entry op_vote_decrypt = {
	.name = "vote.decrypt", .flags = OP_NEEDS_DB, .exec = decrypt_exec};
