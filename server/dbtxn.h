/* Operations whose rule is pure C between reading and writing: in one
 * transaction, call an api function that reads (and locks) what the rule
 * needs, judge it, then call the api function that writes, and commit —
 * or roll back and answer with the rule's refusal. The row locks taken by
 * the first call hold until the commit, so the rule judged what is true. */
#ifndef YG_SERVER_DBTXN_H
#define YG_SERVER_DBTXN_H

#include <stdbool.h>

#include "request.h"

struct dbtxn;

/* The result of the last call, lent: dbtxn frees it when the step
 * returns (keep a part with cJSON_Duplicate). Must continue with
 * dbtxn_call, or end with dbtxn_commit (which takes its reply) or
 * dbtxn_fail. */
typedef void (*dbtxn_step_cb)(struct dbtxn *t, struct request *req, cJSON *result);

void dbtxn_start(struct request *req, const char *fn, int nargs, const char *const *args,
		 dbtxn_step_cb next);
/* The same, but every step runs on a crypto worker (server/worker.c), for
 * rules that verify proofs or sign: a step's dbtxn_call, dbtxn_commit or
 * dbtxn_fail is carried out on the loop once it returns. Steps use
 * worker_current_group(), never the loop's group. */
void dbtxn_start_crypto(struct request *req, const char *fn, int nargs, const char *const *args,
			dbtxn_step_cb next);
void dbtxn_call(struct dbtxn *t, const char *fn, int nargs, const char *const *args,
		dbtxn_step_cb next);
void dbtxn_commit(struct dbtxn *t, cJSON *reply);
bool dbtxn_sign_as_server(struct dbtxn *t, const char *event, const cJSON *args,
			  long long committee);
void dbtxn_fail(struct dbtxn *t, enum yg_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
