/* Calling the database's api functions for an operation: one statement,
 * hence one transaction, "SELECT api.NAME(caller, args...)", whose JSON
 * result becomes the reply, and whose errors (SQLSTATE YG4xx, constraint
 * violations) become protocol errors. */
#ifndef YG_SERVER_API_CALL_H
#define YG_SERVER_API_CALL_H

#include <libpq-fe.h>

#include "request.h"

#define API_CALL_CALLER      0x1 /* pass the logged-in caller as the first argument */
#define API_CALL_NULL_CALLER 0x2 /* pass NULL there: an anonymous caller */

/* Called with the function's result instead of the default of replying
 * with it; the callback owns result (it frees it, or hands it to
 * request_reply, which takes it) and must answer req. */
typedef void (*api_call_done_cb)(struct request *req, cJSON *result);

void api_call(struct request *req, const char *fn, int nargs, const char *const *args,
	      unsigned flags, api_call_done_cb done);
/* Run api.fn(caller, args) with the request's arguments as one JSON value,
 * as the operation's spec (proto/operations.c) has validated them: the
 * caller is the logged-in one, or NULL for an anonymous caller. */
void api_call_args(struct request *req, const char *fn, api_call_done_cb done);
/* The same with args of the handler's making (not the request's). */
void api_call_json(struct request *req, const char *fn, const cJSON *args, api_call_done_cb done);
/* A copy of the request's validated arguments (an empty object when it has
 * none), for a handler to add, as named members, values only ygd knows. */
cJSON *api_call_args_copy(const struct request *req);
enum yg_err api_call_error(const PGresult *res, char *msg, size_t len);
enum yg_err api_call_refusal(const char *state, const char *text, const char *constraint, char *msg,
			     size_t len);
const char *api_call_int(const cJSON *args, const char *name, char buf[24]);
char *api_call_caller(const struct request *req);
const char *api_call_signed_request(const struct request *req);
void api_call_sql(char *sql, size_t size, const char *fn, int n);

#endif
