#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/reqsig.h"
#include "../proto/xalloc.h"
#include "client.h"
#include "db_pool.h"
#include "api_call.h"
#include "rule_txn.h"
#include "server.h"
#include "worker.h"

/* What a step run on a worker asked for, done on the loop after it. */
enum rule_txn_then { THEN_NONE, THEN_CALL, THEN_COMMIT, THEN_FAIL };

struct rule_txn {
	struct request *req;
	struct db_pool_txn *txn;
	rule_txn_step_cb next;
	cJSON *result;    /* the last call's result, the reply once committed */
	enum yg_err err;  /* why it is being rolled back */
	char *signed_req; /* overrides the request's for the calls to come, or NULL */
	char why[512];
	bool crypto;    /* steps run on a worker */
	cJSON *step_in; /* the result a worker's step reads; freed after */
	enum rule_txn_then then;
	char *then_fn;
	int then_nargs;
	char *then_args[16];
	rule_txn_step_cb then_next;
	rule_txn_commit_cb committed; /* told of the outcome, or NULL */
	void *committed_arg;
};

/* The transaction whose step this worker thread is running. */
static __thread struct rule_txn *rule_txn_on_worker;

/* The transaction is over: answer the request and let go. */
static void rule_txn_ended(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct rule_txn *t = arg;
	char msg[512];

	if (t->err == YG_OK && err != YG_OK) {
		t->err = err;
		snprintf(t->why, sizeof(t->why), "%s", why);
	} else if (t->err == YG_OK && PQresultStatus(res) != PGRES_COMMAND_OK) {
		t->err = api_call_error(res, msg, sizeof(msg));
		snprintf(t->why, sizeof(t->why), "%s", msg);
	}
	if (t->committed != NULL)
		t->committed(t->req, t->err == YG_OK ? t->result : NULL, t->committed_arg);
	if (t->err == YG_OK)
		request_reply(t->req, t->result);
	else {
		cJSON_Delete(t->result);
		request_fail(t->req, t->err, "%s", t->why);
	}
	free(t->signed_req);
	free(t);
}

/* Roll back and answer with err. */
void rule_txn_fail(struct rule_txn *t, enum yg_err err, const char *fmt, ...)
{
	va_list ap;

	t->err = err;
	va_start(ap, fmt);
	vsnprintf(t->why, sizeof(t->why), fmt, ap);
	va_end(ap);
	if (rule_txn_on_worker == t) {
		t->then = THEN_FAIL;
		return;
	}
	db_pool_txn_end(t->txn, false, rule_txn_ended, t);
}

static void rule_txn_step_run(struct group *g, void *arg)
{
	struct rule_txn *t = arg;

	(void)g;
	rule_txn_on_worker = t;
	t->then = THEN_NONE;
	t->next(t, t->req, t->step_in);
	rule_txn_on_worker = NULL;
}

/* Back on the loop: carry out what the step asked for. */
static void rule_txn_step_done(void *arg)
{
	struct rule_txn *t = arg;
	int i;

	cJSON_Delete(t->step_in);
	t->step_in = NULL;
	switch (t->then) {
	case THEN_CALL:
		rule_txn_call(t, t->then_fn, t->then_nargs, (const char *const *)t->then_args,
			      t->then_next);
		free(t->then_fn);
		for (i = 0; i < t->then_nargs; i++)
			free(t->then_args[i]);
		break;
	case THEN_COMMIT:
		db_pool_txn_end(t->txn, true, rule_txn_ended, t);
		break;
	case THEN_FAIL:
		db_pool_txn_end(t->txn, false, rule_txn_ended, t);
		break;
	case THEN_NONE:
		rule_txn_fail(t, YG_ERR_INTERNAL, "a step ended without an outcome");
		break;
	}
}

/* One api call of the transaction is done. */
static void rule_txn_step(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct rule_txn *t = arg;
	char msg[512];
	cJSON *result = NULL;

	if (err != YG_OK) {
		rule_txn_fail(t, err, "%s", why);
		return;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		err = api_call_error(res, msg, sizeof(msg));
		rule_txn_fail(t, err, "%s", msg);
		return;
	}
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		result = cJSON_Parse(PQgetvalue(res, 0, 0));
	if (!cJSON_IsObject(result)) {
		cJSON_Delete(result);
		rule_txn_fail(t, YG_ERR_INTERNAL, "the database returned no result");
		return;
	}
	if (t->next != NULL && t->crypto) {
		t->step_in = result;
		if (!worker_submit(request_server(t->req)->workers, rule_txn_step_run,
				   rule_txn_step_done, t)) {
			t->step_in = NULL;
			cJSON_Delete(result);
			rule_txn_fail(t, YG_ERR_INTERNAL, "out of memory");
		}
		return;
	}
	if (t->next != NULL) {
		t->next(t, t->req, result);
		cJSON_Delete(result);
		return;
	}
	cJSON_Delete(t->result);
	t->result = result;
	db_pool_txn_end(t->txn, true, rule_txn_ended, t);
}

void rule_txn_after_commit(struct rule_txn *t, rule_txn_commit_cb cb, void *arg)
{
	t->committed = cb;
	t->committed_arg = arg;
}

/* Commit and answer with reply (taken over) instead of a last call's result. */
void rule_txn_commit(struct rule_txn *t, cJSON *reply)
{
	cJSON_Delete(t->result);
	t->result = reply;
	if (rule_txn_on_worker == t) {
		t->then = THEN_COMMIT;
		return;
	}
	db_pool_txn_end(t->txn, true, rule_txn_ended, t);
}

/* The calls to come append entries ygd makes itself (actor "server"): they
 * carry a request R for event with args in committee, signed with the
 * server key (PROTOCOL.md §7a), instead of the caller's. Safe on a worker
 * (it reads only the server's key, which never changes). */
bool rule_txn_sign_as_server(struct rule_txn *t, const char *event, const cJSON *args,
			     long long committee)
{
	struct server *srv = request_server(t->req);
	const char *why = NULL;
	cJSON *sig = reqsig_sign(srv->sign_key, event, args, committee, NULL);
	cJSON *r = sig != NULL ? reqsig_stored(event, args, sig, &why) : NULL;

	cJSON_Delete(sig);
	if (r == NULL)
		return false;
	free(t->signed_req);
	t->signed_req = cJSON_PrintUnformatted(r);
	cJSON_Delete(r);
	return t->signed_req != NULL;
}

/* Queue api.fn(caller, args...) in the transaction. */
void rule_txn_call(struct rule_txn *t, const char *fn, int nargs, const char *const *args,
		   rule_txn_step_cb next)
{
	const char *params[17];
	char sql[320], *caller;
	int n = 0, i;

	if (rule_txn_on_worker == t) {
		t->then = THEN_CALL;
		t->then_fn = xstrdup(fn);
		t->then_nargs = nargs < 15 ? nargs : 15;
		for (i = 0; i < t->then_nargs; i++)
			t->then_args[i] = args[i] != NULL ? xstrdup(args[i]) : NULL;
		t->then_next = next;
		return;
	}
	caller = api_call_caller(t->req);
	params[n++] = caller;
	for (i = 0; i < nargs && n < 16; i++)
		params[n++] = args[i];
	params[n] = t->signed_req != NULL ? t->signed_req : api_call_signed_request(t->req);
	api_call_sql(sql, sizeof(sql), fn, n);
	t->next = next;
	db_pool_txn_query(t->txn, sql, n + 1, params, rule_txn_step, t);
	free(caller);
}

void rule_txn_call_json(struct rule_txn *t, const char *fn, const cJSON *args,
			rule_txn_step_cb next)
{
	char *text = args != NULL ? cJSON_PrintUnformatted(args) : xstrdup("{}");
	const char *params[1] = {text};

	rule_txn_call(t, fn, 1, params, next);
	free(text);
}

void rule_txn_call_args(struct rule_txn *t, const char *fn, rule_txn_step_cb next)
{
	rule_txn_call_json(t, fn, t->req->args, next);
}

struct rule_txn_first {
	struct rule_txn *t;
	const char *fn;
	int nargs;
	char *args[16];
	rule_txn_step_cb next;
};

/* BEGIN is done: make the first call. */
static void rule_txn_begun(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct rule_txn_first *f = arg;
	int i;

	if (err != YG_OK || PQresultStatus(res) != PGRES_COMMAND_OK)
		rule_txn_fail(f->t, err != YG_OK ? err : YG_ERR_INTERNAL, "%s",
			      err != YG_OK ? why : "could not begin a transaction");
	else
		rule_txn_call(f->t, f->fn, f->nargs, (const char *const *)f->args, f->next);
	for (i = 0; i < f->nargs; i++)
		free(f->args[i]);
	free(f);
}

static void rule_txn_begin(struct request *req, const char *fn, int nargs, const char *const *args,
			   rule_txn_step_cb next, bool crypto);

/* Begin a transaction and call api.fn(caller, args...) first. */
void rule_txn_start(struct request *req, const char *fn, int nargs, const char *const *args,
		    rule_txn_step_cb next)
{
	rule_txn_begin(req, fn, nargs, args, next, false);
}

static void rule_txn_begin_json(struct request *req, const char *fn, const cJSON *args,
				rule_txn_step_cb next, bool crypto)
{
	char *text = args != NULL ? cJSON_PrintUnformatted(args) : xstrdup("{}");
	const char *params[1] = {text};

	rule_txn_begin(req, fn, 1, params, next, crypto);
	free(text);
}

void rule_txn_start_args(struct request *req, const char *fn, rule_txn_step_cb next)
{
	rule_txn_begin_json(req, fn, req->args, next, false);
}

void rule_txn_start_crypto(struct request *req, const char *fn, int nargs, const char *const *args,
			   rule_txn_step_cb next)
{
	rule_txn_begin(req, fn, nargs, args, next, true);
}

void rule_txn_start_crypto_args(struct request *req, const char *fn, rule_txn_step_cb next)
{
	rule_txn_begin_json(req, fn, req->args, next, true);
}

/* Begin a transaction and call api.fn(caller, args...) first. */
static void rule_txn_begin(struct request *req, const char *fn, int nargs, const char *const *args,
			   rule_txn_step_cb next, bool crypto)
{
	struct rule_txn *t = xcalloc(1, sizeof(*t));
	struct rule_txn_first *f = xcalloc(1, sizeof(*f));
	int i;

	t->req = req;
	t->crypto = crypto;
	f->t = t;
	f->fn = fn;
	f->next = next;
	for (i = 0; i < nargs && i < 16; i++)
		f->args[f->nargs++] = args[i] != NULL ? xstrdup(args[i]) : NULL;
	t->txn = db_pool_txn_begin(request_server(req)->db, rule_txn_begun, f);
	if (t->txn == NULL) {
		for (i = 0; i < f->nargs; i++)
			free(f->args[i]);
		free(f);
		free(t);
		request_fail(req, YG_ERR_DB_UNAVAILABLE, "database unavailable");
	}
}
