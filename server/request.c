#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../proto/envelope.h"
#include "../proto/xalloc.h"
#include "client.h"
#include "log.h"
#include "ops/ops.h"
#include "request.h"
#include "server.h"

/* Monotonic microseconds, for the requests' latency. */
static uint64_t request_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* A request of c, holding a reference to it until answered. Takes msg. */
struct request *request_new(struct client *c, const struct op_entry *op, uint64_t id, cJSON *msg,
			    const cJSON *args)
{
	struct request *req = xcalloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	req->client = c;
	req->op = op;
	req->id = id;
	req->msg = msg;
	req->args = args;
	req->start_us = request_now_us();
	client_ref(c);
	c->inflight++;
	return req;
}

/* Count the answer: by operation and result, its latency, a ballot. */
static void request_count(struct request *req, enum yg_err err)
{
	struct metrics *m = &req->client->server->metrics;
	uint64_t now = request_now_us();

	metrics_request(m, ops_index(req->op), err, now > req->start_us ? now - req->start_us : 0);
	if (err == YG_OK && req->op == &op_vote_cast)
		m->ballots++;
	else if (err == YG_OK && req->op == &op_auth_login)
		m->logins++;
}

/* Send msg if the terminal is still there, then free the request. */
static void request_finish(struct request *req, enum yg_err err, cJSON *msg)
{
	struct client *c = req->client;

	request_count(req, err);
	client_send(c, msg);
	cJSON_Delete(msg);
	cJSON_Delete(req->msg);
	cJSON_Delete(req->stash);
	free(req->signed_req);
	free(req);
	client_request_done(c);
	client_unref(c);
}

/* Answer with a result; takes ownership of result. */
void request_reply(struct request *req, cJSON *result)
{
	request_finish(req, YG_OK, envelope_result(req->id, result));
}

/* Answer with an error code and a message for people. */
void request_fail(struct request *req, enum yg_err err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err == YG_ERR_INTERNAL)
		log_error("client %llu: request %llu: %s", (unsigned long long)req->client->id,
			  (unsigned long long)req->id, msg);
	if (req->op != NULL && req->op->failed != NULL)
		req->op->failed(req, err, msg);
	request_finish(req, err, envelope_error(true, req->id, err, msg));
}

/* The server a request arrived at. */
struct server *request_server(const struct request *req)
{
	return req->client->server;
}
