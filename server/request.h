/* A request being served. An operation answers it exactly once, with
 * request_reply or request_fail, at once or later from a database callback;
 * either frees it. */
#ifndef YG_SERVER_REQUEST_H
#define YG_SERVER_REQUEST_H

#include <stdint.h>

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../proto/error.h"

struct client;
struct op_entry;

struct request {
	struct client *client; /* may be CLIENT_DEAD by the time it is answered */
	const struct op_entry *op;
	uint64_t id;
	cJSON *msg;          /* the whole request */
	const cJSON *args;   /* inside msg */
	cJSON *stash;        /* held between two database calls; freed with the request */
	char *signed_req;    /* the signed request R (proto/reqsig.h) as JSON, or NULL */
	bool failed_quietly; /* the op's failed hook has nothing to count */
	void *op_state;      /* the operation's own, while it waits for the database */
	uint64_t start_us;   /* when it arrived (monotonic), for the metrics */
};

struct request *request_new(struct client *c, const struct op_entry *op, uint64_t id, cJSON *msg,
			    const cJSON *args);
void request_reply(struct request *req, cJSON *result);
void request_fail(struct request *req, enum yg_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct server *request_server(const struct request *req);

#endif
