#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/roles.h"
#include "../proto/xalloc.h"
#include "client.h"
#include "db_pool.h"
#include "api_call.h"
#include "log.h"
#include "ops/ops.h"
#include "policy/authz.h"

#define API_CALL_MAX_ARGS 12

struct api_call_ctx {
	struct request *req;
	api_call_done_cb done;
};

static const struct {
	const char *sqlstate;
	enum yg_err err;
} api_call_states[] = {
	{"YG400", YG_ERR_BAD_REQUEST},    {"YG401", YG_ERR_UNAUTHENTICATED},
	{"YG403", YG_ERR_FORBIDDEN},      {"YG404", YG_ERR_NOT_FOUND},
	{"YG409", YG_ERR_CONFLICT},       {"YG429", YG_ERR_TOO_MANY_UPLOADS},
	{"23505", YG_ERR_CONFLICT},                                      /* unique_violation */
	{"23503", YG_ERR_NOT_FOUND},      {"23514", YG_ERR_BAD_REQUEST}, /* foreign key, check */
	{"23502", YG_ERR_BAD_REQUEST},    {"22P02", YG_ERR_BAD_REQUEST}, /* not null, bad text */
	{"40001", YG_ERR_CONFLICT},       {"40P01", YG_ERR_CONFLICT}, /* serialization, deadlock */
	{"57014", YG_ERR_DB_UNAVAILABLE},                             /* statement timeout */
};

/* The protocol error for a failed statement, with a message for people.
 * Our own and constraint errors say what was wrong; anything else is a fault
 * whose details stay in the server's log. */
enum yg_err api_call_error(const PGresult *res, char *msg, size_t len)
{
	return api_call_refusal(PQresultErrorField(res, PG_DIAG_SQLSTATE),
				PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY),
				PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME), msg, len);
}

/* The same from an error's SQLSTATE, words and constraint (NULL: none), as
 * a statement that judges many requests reports each one's. */
enum yg_err api_call_refusal(const char *state, const char *text, const char *constraint, char *msg,
			     size_t len)
{
	size_t i;

	for (i = 0; state != NULL && i < sizeof(api_call_states) / sizeof(api_call_states[0]);
	     i++) {
		if (strcmp(state, api_call_states[i].sqlstate) != 0)
			continue;
		if (strncmp(state, "YG", 2) == 0 || constraint == NULL)
			snprintf(msg, len, "%s", text != NULL ? text : "refused");
		else
			snprintf(msg, len, "%s (%s)",
				 api_call_states[i].err == YG_ERR_CONFLICT ? "already exists"
									   : "invalid value",
				 constraint);
		return api_call_states[i].err;
	}
	log_error("database: %s: %s", state != NULL ? state : "?", text != NULL ? text : "");
	snprintf(msg, len, "internal error (logged on the server)");
	return YG_ERR_INTERNAL;
}

/* The statement's result: JSON text in the first column, or an error. */
static void api_call_cb(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct api_call_ctx *ctx = arg;
	struct request *req = ctx->req;
	api_call_done_cb done = ctx->done;
	cJSON *result = NULL;
	char msg[512];

	free(ctx);
	if (err != YG_OK) {
		request_fail(req, err, "%s", why);
		return;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		err = api_call_error(res, msg, sizeof(msg));
		request_fail(req, err, "%s", msg);
		return;
	}
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		result = cJSON_Parse(PQgetvalue(res, 0, 0));
	if (!cJSON_IsObject(result)) {
		cJSON_Delete(result);
		request_fail(req, YG_ERR_INTERNAL, "the database returned no result");
		return;
	}
	if (done != NULL)
		done(req, result);
	else
		request_reply(req, result);
}

/* The caller as the api functions expect it, with the roles the operation
 * admits: the database re-checks them in the same transaction. */
char *api_call_caller(const struct request *req)
{
	const struct client *c = req->client;
	cJSON *who = cJSON_CreateObject();
	unsigned allowed = authz_roles(req->op->name);
	char *s;

	cJSON_AddStringToObject(who, "kind", c->auth.observer ? "observer" : "member");
	cJSON_AddNumberToObject(who, "id", (double)c->auth.id);
	cJSON_AddNumberToObject(who, "key", (double)c->auth.key_id);
	cJSON_AddNumberToObject(who, "committee", (double)c->auth.committee);
	/* An operation open to the public is open to every role. */
	if (allowed & ROLE_PUBLIC)
		allowed = ROLES_ANY;
	cJSON_AddItemToObject(who, "allowed", roles_to_json(allowed));
	s = cJSON_PrintUnformatted(who);
	cJSON_Delete(who);
	return s;
}

/* The signed request the statement carries to the database: R as the
 * caller signed it (proto/reqsig.h), or "" for none. */
const char *api_call_signed_request(const struct request *req)
{
	return req->signed_req != NULL ? req->signed_req : "";
}

/* "SELECT api.fn($1, ..., $n)" for n parameters, run after setting
 * yg.request (for the log entries the call appends) to parameter n+1, in
 * the statement's own transaction. The set_config is in the WHERE clause,
 * so it runs before the call. */
void api_call_sql(char *sql, size_t size, const char *fn, int n)
{
	int i, off;

	off = snprintf(sql, size, "SELECT api.%s(", fn);
	for (i = 1; i <= n; i++)
		off += snprintf(sql + off, size - (size_t)off, i > 1 ? ", $%d" : "$%d", i);
	snprintf(sql + off, size - (size_t)off,
		 ")::text WHERE set_config('yg.request', $%d, true) IS NOT NULL", n + 1);
}

/* Run api.fn with args (text; NULL is SQL NULL), and the caller first when
 * flags has API_CALL_CALLER. Replies, or hands the result to done. */
void api_call(struct request *req, const char *fn, int nargs, const char *const *args,
	      unsigned flags, api_call_done_cb done)
{
	const char *params[API_CALL_MAX_ARGS + 2];
	char sql[320], *caller = NULL;
	struct api_call_ctx *ctx;
	int n = 0, i;
	enum yg_err err;

	if (flags & API_CALL_CALLER)
		params[n++] = caller = api_call_caller(req);
	else if (flags & API_CALL_NULL_CALLER)
		params[n++] = NULL;
	for (i = 0; i < nargs && n < API_CALL_MAX_ARGS; i++)
		params[n++] = args[i];
	params[n] = api_call_signed_request(req);
	api_call_sql(sql, sizeof(sql), fn, n);
	n++;
	ctx = xmalloc(sizeof(*ctx));
	ctx->req = req;
	ctx->done = done;
	err = db_pool_query(request_server(req)->db, sql, n, params, api_call_cb, ctx);
	free(caller);
	if (err != YG_OK) {
		free(ctx);
		request_fail(req, err, "database unavailable");
	}
}

void api_call_json(struct request *req, const char *fn, const cJSON *args, api_call_done_cb done)
{
	char *text = args != NULL ? cJSON_PrintUnformatted(args) : xstrdup("{}");
	const char *params[1] = {text};

	api_call(req, fn, 1, params,
		 req->client->auth.logged_in ? API_CALL_CALLER : API_CALL_NULL_CALLER, done);
	free(text);
}

void api_call_args(struct request *req, const char *fn, api_call_done_cb done)
{
	api_call_json(req, fn, req->args, done);
}

cJSON *api_call_args_copy(const struct request *req)
{
	/* cJSON allocates through xmalloc: never NULL (proto/xalloc.h) */
	return req->args != NULL ? cJSON_Duplicate(req->args, true) : cJSON_CreateObject();
}

/* An integer argument as text for a parameter, or NULL when absent. */
const char *api_call_int(const cJSON *args, const char *name, char buf[24])
{
	if (cJSON_GetObjectItemCaseSensitive(args, name) == NULL)
		return NULL;
	snprintf(buf, 24, "%lld", args_int(args, name, 0));
	return buf;
}
