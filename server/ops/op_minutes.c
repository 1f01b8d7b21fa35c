/* Minutes: minutes.get (built from the log once the meeting is closed, then
 * frozen), minutes.sign (the chair and the clerk, each with their own key,
 * checked here before it is stored), meeting.record (log and minutes, for
 * `yg verify`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/minutes.h"
#include "../../proto/sig.h"
#include "../api_call.h"
#include "../config.h"
#include "../rule_txn.h"
#include "../policy/presiding.h"
#include "../server.h"
#include "ops.h"

/* Reply with result's "minutes". */
static void minutes_reply(struct request *req, cJSON *result)
{
	cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(result, "minutes");

	cJSON_Delete(result);
	if (!cJSON_IsObject(m)) {
		cJSON_Delete(m);
		request_fail(req, YG_ERR_INTERNAL, "no minutes stored");
		return;
	}
	request_reply(req, m);
}

/* Store the minutes built from the log up to seq upto: {meeting} with
 * the body and upto (whoever stores first wins; the same log gives the
 * same bytes anyway). */
static void minutes_store(struct request *req, const char *body, long upto, api_call_done_cb done)
{
	cJSON *args = api_call_args_copy(req);

	cJSON_AddStringToObject(args, "body", body);
	cJSON_AddNumberToObject(args, "upto", (double)upto);
	api_call_json(req, "minutes_store", args, done);
	cJSON_Delete(args);
}

/* No minutes yet: build them from the log and store them. */
static void minutes_source_done(struct request *req, cJSON *result)
{
	const cJSON *upto = cJSON_GetObjectItemCaseSensitive(result, "upto");
	char *body;

	if (cJSON_GetObjectItemCaseSensitive(result, "minutes") != NULL) {
		minutes_reply(req, result);
		return;
	}
	body = cJSON_IsNumber(upto) ? minutes_build(cJSON_GetObjectItemCaseSensitive(result, "log"),
						    (long)upto->valuedouble)
				    : NULL;
	if (body == NULL) {
		cJSON_Delete(result);
		request_fail(req, YG_ERR_INTERNAL, "the log has no close of the meeting");
		return;
	}
	minutes_store(req, body, (long)upto->valuedouble, minutes_reply);
	free(body);
	cJSON_Delete(result);
}

static void get_exec(struct request *req)
{
	api_call_args(req, "minutes_source", minutes_source_done);
}

/* A member id of the facts; 0 when null. */
static long long facts_id(const cJSON *facts, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(facts, name);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* The caller must sign in a capacity they hold for this meeting (the
 * presiding chair or a successor; a recorded clerk), with their current
 * key, over these minutes. */
static void sign_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "body"));
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "key"));
	const char *signature = args_string(req->args, "signature");
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[MINUTES_MSG_LEN];
	enum presiding_verdict v;
	cJSON *args;
	size_t len;

	if (body == NULL || key == NULL || !sig_pub_from_text(key, pub)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "no minutes or no key");
		return;
	}
	v = presiding_may_sign(args_string(req->args, "role"), facts_id(facts, "member"),
			       facts_id(facts, "holder"),
			       cJSON_IsTrue(cJSON_GetObjectItem(facts, "clerk")));
	if (v != PRESIDING_OK) {
		rule_txn_fail(t, YG_ERR_FORBIDDEN, "%s (%s)", presiding_verdict_text(v),
			      presiding_verdict_code(v));
		return;
	}
	len = minutes_message((uint64_t)args_int(req->args, "meeting", 0), body, msg);
	if (!sig_from_text(signature, sig) || !sig_verify(pub, msg, len, sig)) {
		rule_txn_fail(t, YG_ERR_BAD_REQUEST,
			      "the signature is not your key's over these minutes");
		return;
	}
	/* the key the signature was verified by */
	args = api_call_args_copy(req);
	cJSON_AddStringToObject(args, "key", key);
	rule_txn_call_json(t, "minutes_sign", args, NULL);
	cJSON_Delete(args);
}

static void sign_exec(struct request *req)
{
	const char *role = args_string(req->args, "role");

	if (strcmp(role, "chair") != 0 && strcmp(role, "clerk") != 0) {
		request_fail(req, YG_ERR_BAD_REQUEST, "role must be chair or clerk");
		return;
	}
	rule_txn_start_crypto_args(req, "minutes_signing", sign_judge);
}

/* The record with the committee's clock (YGD_UTC_OFFSET, as in hello), so
 * that a document made from it offline shows its times as terminals do. */
static void record_done(struct request *req, cJSON *result)
{
	cJSON_AddNumberToObject(result, "utc_offset", request_server(req)->cfg->utc_offset);
	request_reply(req, result);
}

/* The record, once the minutes (if any can be made) exist. */
static void record_read(struct request *req, cJSON *ignored)
{
	cJSON_Delete(ignored);
	api_call_args(req, "meeting_record", record_done);
}

/* A closed meeting's minutes are built first if nobody has asked for them
 * yet; an open meeting's record is its log alone. */
static void record_source_done(struct request *req, cJSON *result)
{
	const cJSON *upto = cJSON_GetObjectItemCaseSensitive(result, "upto");
	long seq;
	char *body;

	if (!cJSON_IsNumber(upto)) {
		record_read(req, result);
		return;
	}
	seq = (long)upto->valuedouble;
	body = minutes_build(cJSON_GetObjectItemCaseSensitive(result, "log"), seq);
	cJSON_Delete(result); /* upto is gone with it */
	if (body == NULL) {
		request_fail(req, YG_ERR_INTERNAL, "the log has no close of the meeting");
		return;
	}
	minutes_store(req, body, seq, record_read);
	free(body);
}

static void record_exec(struct request *req)
{
	api_call_args(req, "minutes_prepare", record_source_done);
}

const struct op_entry op_minutes_get = {
	.name = "minutes.get",
	.flags = OP_NEEDS_DB,
	.exec = get_exec,
};

const struct op_entry op_minutes_sign = {
	.name = "minutes.sign",
	.flags = OP_NEEDS_DB,
	.exec = sign_exec,
};

const struct op_entry op_meeting_record = {
	.name = "meeting.record",
	.flags = OP_NEEDS_DB,
	.exec = record_exec,
};
