/* presiding.succeed: when whoever presided over a meeting (or an item of
 * it) is unavailable, an admin or that chair names a successor, who then
 * holds the authority to sign the minutes as 主持人 and to review and
 * correct the meeting's decisions. The act is signed by the namer's key
 * over proto/presiding.h's succession message, checked here, stored and
 * logged as "presiding.succeeded". */
#include <stdio.h>
#include <string.h>

#include "../../proto/presiding.h"
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

/* Who may name whom, then the signature over the succession. */
static void succeed_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key"));
	const char *signature = args_string(req->args, "signature");
	long long pred = fact_id(facts, "predecessor");
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[SUCCESSION_MSG_LEN];
	enum presiding_verdict v;
	cJSON *args;
	size_t len;

	v = presiding_may_name(fact_id(facts, "caller"),
			       cJSON_IsTrue(cJSON_GetObjectItem(facts, "admin")), pred,
			       fact_id(facts, "successor"),
			       cJSON_IsTrue(cJSON_GetObjectItem(facts, "successor_chair")));
	if (v != PRESIDING_OK) {
		rule_txn_fail(t, v == PRESIDING_NOT_HOLDER ? YG_ERR_FORBIDDEN : YG_ERR_CONFLICT,
			      "%s (%s)", presiding_verdict_text(v), presiding_verdict_code(v));
		return;
	}
	if (key == NULL || !sig_pub_from_text(key, pub)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "no key");
		return;
	}
	len = presiding_succession_message((uint64_t)args_int(req->args, "meeting", 0),
					   (uint64_t)args_int(req->args, "item", 0),
					   (uint64_t)args_int(req->args, "member", 0),
					   args_string(req->args, "reason"), msg);
	if (!sig_from_text(signature, sig) || !sig_verify(pub, msg, len, sig)) {
		rule_txn_fail(t, YG_ERR_BAD_REQUEST,
			      "the signature is not your key's over this succession");
		return;
	}
	/* the key the signature was verified by */
	args = api_call_args_copy(req);
	cJSON_AddStringToObject(args, "key", key);
	rule_txn_call_json(t, "presiding_succeed", args, NULL);
	cJSON_Delete(args);
}

static void succeed_exec(struct request *req)
{
	rule_txn_start_crypto_args(req, "presiding_succession_facts", succeed_judge);
}

const struct op_entry op_presiding_succeed = {
	.name = "presiding.succeed",
	.flags = OP_NEEDS_DB,
	.exec = succeed_exec,
};
