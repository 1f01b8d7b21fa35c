#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../proto/envelope.h"
#include "client.h"
#include "db_pool.h"
#include "dispatch.h"
#include "log.h"
#include "reqcheck.h"
#include "ops/ops.h"
#include "policy/authz.h"
#include "server.h"

/* Answer a request that never became a struct request (op NULL: unknown
 * or unreadable), and count it. */
static void dispatch_error(struct client *c, const struct op_entry *op, bool has_id, uint64_t id,
			   enum yg_err err, const char *why)
{
	cJSON *msg = envelope_error(has_id, id, err, why);

	metrics_request(&c->server->metrics, op != NULL ? ops_index(op) : ops_count(), err, 0);
	if (err == YG_ERR_BUSY)
		c->server->metrics.refusals[METRICS_LIMIT_MAX_INFLIGHT]++;
	log_debug("client %llu: %s: %s", (unsigned long long)c->id, yg_err_code(err), why);
	client_send(c, msg);
	cJSON_Delete(msg);
}

/* Checks every request passes, in this order: known operation, protocol
 * state, authorization, load, database, arguments. Returns YG_OK or the error to answer. */
static enum yg_err dispatch_check(struct client *c, const struct yg_request *r,
				  const struct op_entry *op, char *why, size_t len)
{
	const struct op_def *def;

	if (op == NULL) {
		snprintf(why, len, "unknown operation \"%.64s\"", r->op);
		return YG_ERR_UNKNOWN_OP;
	}
	if (c->state == CLIENT_HELLO && !(op->flags & OP_BEFORE_HELLO)) {
		snprintf(why, len, "the first request must be hello");
		return YG_ERR_HELLO_REQUIRED;
	}
	if (c->state == CLIENT_READY && (op->flags & OP_BEFORE_HELLO)) {
		snprintf(why, len, "hello was already done on this connection");
		return YG_ERR_CONFLICT;
	}
	switch (authz_check(op->name, c->auth.logged_in, c->auth.roles)) {
	case AUTHZ_ALLOW:
		break;
	case AUTHZ_UNAUTHENTICATED:
		snprintf(why, len, "log in first (auth.challenge, then auth.login)");
		return YG_ERR_UNAUTHENTICATED;
	case AUTHZ_FORBIDDEN:
		snprintf(why, len, "your roles do not allow %s", op->name);
		return YG_ERR_FORBIDDEN;
	case AUTHZ_UNLISTED:
		snprintf(why, len, "%s is not in the authorization table", op->name);
		return YG_ERR_FORBIDDEN;
	}
	if (c->inflight >= c->server->cfg->max_inflight) {
		snprintf(why, len, "too many requests in flight");
		return YG_ERR_BUSY;
	}
	if ((op->flags & OP_NEEDS_DB) && !db_pool_available(c->server->db)) {
		snprintf(why, len, "database unavailable");
		return YG_ERR_DB_UNAVAILABLE;
	}
	def = op_def_find(op->name); /* there: authz_check found its roles */
	return args_check(r->args, def->args, why, len);
}

/* Check the request's signature against the connection's caller. */
static enum yg_err dispatch_signature(struct client *c, const struct yg_request *r,
				      char **signed_req, char *why, size_t len)
{
	struct reqcheck_caller who = {
		.logged_in = c->auth.logged_in,
		.committee = c->auth.committee,
		.pub = c->auth.pub,
		.now = (long long)time(NULL),
	};

	return reqcheck_verify(r, &who, signed_req, why, len);
}

/* Serve one frame's payload. */
void dispatch_frame(struct client *c, const char *payload, size_t len)
{
	const struct op_entry *op;
	struct yg_request r;
	struct request *req;
	const char *why = NULL;
	char buf[256], *signed_req = NULL;
	enum yg_err err;
	cJSON *msg;

	msg = envelope_decode(payload, len, &err, &why);
	if (msg == NULL) {
		dispatch_error(c, NULL, false, 0, err, why);
		return;
	}
	err = envelope_parse_request(msg, &r, &why);
	if (err != YG_OK) {
		dispatch_error(c, NULL, r.has_id, r.id, err, why);
		goto done;
	}
	op = ops_find(r.op);
	err = dispatch_check(c, &r, op, buf, sizeof(buf));
	if (err != YG_OK) {
		dispatch_error(c, op, true, r.id, err, buf);
		goto done;
	}
	err = dispatch_signature(c, &r, &signed_req, buf, sizeof(buf));
	if (err != YG_OK) {
		dispatch_error(c, op, true, r.id, err, buf);
		goto done;
	}
	req = request_new(c, op, r.id, msg, r.args);
	if (req == NULL) {
		free(signed_req);
		dispatch_error(c, op, true, r.id, YG_ERR_INTERNAL, "out of memory");
		goto done;
	}
	req->signed_req = signed_req;
	op->exec(req);
	return;
done:
	cJSON_Delete(msg);
}
