/* Corrections of the minutes, appended, never edits: minutes.correct (the
 * recorded clerk proposes the corrected text and the reason, signed) and
 * minutes.countersign (the presiding chair, or a logged successor, signs
 * the same correction; then it is in force). Signatures over
 * proto/correction.h's message are checked here before they are stored. */
#include <stdio.h>
#include <string.h>

#include "../../proto/correction.h"
#include "../../proto/sig.h"
#include "../api_call.h"
#include "../rule_txn.h"
#include "../policy/presiding.h"
#include "ops.h"

static long long fact_id(const cJSON *facts, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(facts, name);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* The capacity (role) first, then the signature of the caller's key over
 * the correction of text for reason; false when refused. */
static bool correction_judge(struct rule_txn *t, struct request *req, const cJSON *facts,
			     const char *role, const char *text, const char *reason)
{
	const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "body"));
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key"));
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[CORRECTION_MSG_LEN];
	enum presiding_verdict v;
	size_t len;

	v = presiding_may_sign(role, fact_id(facts, "member"), fact_id(facts, "holder"),
			       cJSON_IsTrue(cJSON_GetObjectItem(facts, "clerk")));
	if (v != PRESIDING_OK) {
		rule_txn_fail(t, YG_ERR_FORBIDDEN, "%s (%s)", presiding_verdict_text(v),
			      presiding_verdict_code(v));
		return false;
	}
	if (body == NULL || key == NULL || text == NULL || reason == NULL ||
	    !sig_pub_from_text(key, pub)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "no minutes, correction or key");
		return false;
	}
	len = correction_message((uint64_t)args_int(req->args, "meeting", 0), body, text, reason,
				 msg);
	if (!sig_from_text(args_string(req->args, "signature"), sig) ||
	    !sig_verify(pub, msg, len, sig)) {
		rule_txn_fail(
			t, YG_ERR_BAD_REQUEST,
			"the signature is not your key's over this correction of these minutes");
		return false;
	}
	return true;
}

/* The judged request's arguments, with the key its signature was verified
 * by, to fn. */
static void correction_store(struct rule_txn *t, struct request *req, const cJSON *facts,
			     const char *fn)
{
	cJSON *args = api_call_args_copy(req);

	cJSON_AddStringToObject(args, "key",
				cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key")));
	rule_txn_call_json(t, fn, args, NULL);
	cJSON_Delete(args);
}

static void correct_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	if (correction_judge(t, req, facts, "clerk", args_string(req->args, "text"),
			     args_string(req->args, "reason")))
		correction_store(t, req, facts, "minutes_correct");
}

static void correct_exec(struct request *req)
{
	rule_txn_start_crypto_args(req, "minutes_correction_facts", correct_judge);
}

static void countersign_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	if (correction_judge(t, req, facts, "chair",
			     cJSON_GetStringValue(cJSON_GetObjectItem(facts, "text")),
			     cJSON_GetStringValue(cJSON_GetObjectItem(facts, "reason"))))
		correction_store(t, req, facts, "minutes_countersign");
}

static void countersign_exec(struct request *req)
{
	rule_txn_start_crypto_args(req, "minutes_correction_facts", countersign_judge);
}

const struct op_entry op_minutes_correct = {
	.name = "minutes.correct",
	.flags = OP_NEEDS_DB,
	.exec = correct_exec,
};

const struct op_entry op_minutes_countersign = {
	.name = "minutes.countersign",
	.flags = OP_NEEDS_DB,
	.exec = countersign_exec,
};
