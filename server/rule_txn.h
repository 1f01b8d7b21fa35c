/* Operations whose rule is pure C between reading and writing: in one
 * transaction, call an api function that reads (and locks) what the rule
 * needs, judge it, then call the api function that writes, and commit —
 * or roll back and answer with the rule's refusal. The row locks taken by
 * the first call hold until the commit, so the rule judged what is true. */
#ifndef YG_SERVER_RULE_TXN_H
#define YG_SERVER_RULE_TXN_H

#include <stdbool.h>

#include "request.h"

struct rule_txn;

/* The result of the last call, lent: rule_txn frees it when the step
 * returns (keep a part with cJSON_Duplicate). Must continue with
 * rule_txn_call, or end with rule_txn_commit (which takes its reply) or
 * rule_txn_fail. */
typedef void (*rule_txn_step_cb)(struct rule_txn *t, struct request *req, cJSON *result);

void rule_txn_start(struct request *req, const char *fn, int nargs, const char *const *args,
		    rule_txn_step_cb next);
/* The same, but every step runs on a crypto worker (server/worker.c), for
 * rules that verify proofs or sign: a step's rule_txn_call, rule_txn_commit or
 * rule_txn_fail is carried out on the loop once it returns. Steps use
 * worker_current_group(), never the loop's group. */
void rule_txn_start_crypto(struct request *req, const char *fn, int nargs, const char *const *args,
			   rule_txn_step_cb next);
void rule_txn_call(struct rule_txn *t, const char *fn, int nargs, const char *const *args,
		   rule_txn_step_cb next);
/* The same, passing the request's arguments as one JSON value, as its
 * operation's spec validated them: api.fn(caller, args jsonb). */
void rule_txn_start_args(struct request *req, const char *fn, rule_txn_step_cb next);
void rule_txn_start_crypto_args(struct request *req, const char *fn, rule_txn_step_cb next);
void rule_txn_call_args(struct rule_txn *t, const char *fn, rule_txn_step_cb next);
/* The same with a JSON value of the handler's making: a copy of the
 * validated arguments (api_call_args_copy) with, as named members, values
 * only ygd knows (the key a signature was verified by, a text it built),
 * added after validation. */
void rule_txn_call_json(struct rule_txn *t, const char *fn, const cJSON *args,
			rule_txn_step_cb next);
void rule_txn_commit(struct rule_txn *t, cJSON *reply);
/* Once the transaction has ended, and before the caller hears, cb is
 * called on the loop with the reply (lent) if it committed, NULL if it
 * did not, and arg (the callback's to free): for work that follows what
 * is now true, such as getting ready for what the change makes come
 * next. */
typedef void (*rule_txn_commit_cb)(struct request *req, const cJSON *reply, void *arg);
void rule_txn_after_commit(struct rule_txn *t, rule_txn_commit_cb cb, void *arg);
bool rule_txn_sign_as_server(struct rule_txn *t, const char *event, const cJSON *args,
			     long long committee);
void rule_txn_fail(struct rule_txn *t, enum yg_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
