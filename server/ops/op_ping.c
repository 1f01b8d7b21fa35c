/* ping: prove the connection (and, with "db", the database) is alive. */
#include <stdlib.h>
#include <sys/time.h>

#include "../../proto/xalloc.h"
#include "../client.h"
#include "../db_pool.h"
#include "ops.h"

struct ping_db {
	struct request *req;
	struct timeval start;
};

/* The reply: "pong", and the echo if one was sent. */
static cJSON *ping_result(const struct request *req)
{
	cJSON *res = cJSON_CreateObject();
	const char *echo = args_string(req->args, "echo");

	cJSON_AddBoolToObject(res, "pong", 1);
	if (echo != NULL)
		cJSON_AddStringToObject(res, "echo", echo);
	return res;
}

/* The database answered SELECT 1. */
static void ping_db_cb(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct ping_db *p = arg;
	struct timeval now, d;
	cJSON *out;

	if (err != YG_OK) {
		request_fail(p->req, err, "%s", why);
	} else if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		request_fail(p->req, YG_ERR_INTERNAL, "database: %s", PQresultErrorMessage(res));
	} else {
		gettimeofday(&now, NULL);
		timersub(&now, &p->start, &d);
		out = ping_result(p->req);
		cJSON_AddNumberToObject(out, "db_ms", d.tv_sec * 1000.0 + d.tv_usec / 1000.0);
		request_reply(p->req, out);
	}
	free(p);
}

static void ping_exec(struct request *req)
{
	struct ping_db *p;
	enum yg_err err;

	if (!args_bool(req->args, "db", false)) {
		request_reply(req, ping_result(req));
		return;
	}
	p = xmalloc(sizeof(*p));
	p->req = req;
	gettimeofday(&p->start, NULL);
	err = db_pool_query(request_server(req)->db, "SELECT 1", 0, NULL, ping_db_cb, p);
	if (err != YG_OK) {
		free(p);
		request_fail(req, err, "database unavailable");
	}
}

const struct op_entry op_ping = {
	.name = "ping",
	.exec = ping_exec,
};
