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

static void correct_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	char meeting[24];
	const char *params[5];

	if (!correction_judge(t, req, facts, "clerk", args_string(req->args, "text"),
			      args_string(req->args, "reason")))
		return;
	params[0] = api_call_int(req->args, "meeting", meeting);
	params[1] = args_string(req->args, "text");
	params[2] = args_string(req->args, "reason");
	params[3] = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key"));
	params[4] = args_string(req->args, "signature");
	rule_txn_call(t, "minutes_correct", 5, params, NULL);
}

static void correct_exec(struct request *req)
{
	char meeting[24];
	const char *params[2] = {api_call_int(req->args, "meeting", meeting), NULL};

	rule_txn_start_crypto(req, "minutes_correction_facts", 2, params, correct_judge);
}

static void countersign_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	char meeting[24], n[24];
	const char *params[4];

	if (!correction_judge(t, req, facts, "chair",
			      cJSON_GetStringValue(cJSON_GetObjectItem(facts, "text")),
			      cJSON_GetStringValue(cJSON_GetObjectItem(facts, "reason"))))
		return;
	params[0] = api_call_int(req->args, "meeting", meeting);
	params[1] = api_call_int(req->args, "correction", n);
	params[2] = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key"));
	params[3] = args_string(req->args, "signature");
	rule_txn_call(t, "minutes_countersign", 4, params, NULL);
}

static void countersign_exec(struct request *req)
{
	char meeting[24], n[24];
	const char *params[2] = {api_call_int(req->args, "meeting", meeting),
				 api_call_int(req->args, "correction", n)};

	rule_txn_start_crypto(req, "minutes_correction_facts", 2, params, countersign_judge);
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
