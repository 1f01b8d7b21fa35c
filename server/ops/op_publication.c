/* 决策结果公开: publication.publish (the chair's confidentiality review of a
 * decided item: full, summary or withheld, and for a cadre appointment the
 * 任前公示 window, counted here in working days, in a trial in trial days) and publication.list
 * (what is reviewed, what is pending, what is overdue; the chair and auditors). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../proto/utf8.h"
#include "../config.h"
#include "../api_call.h"
#include "../rule_txn.h"
#include "../policy/presiding.h"
#include "../policy/publication.h"
#include "../policy/pubrevise.h"
#include "../server.h"
#include "ops.h"

#define REASON_MAX 2000 /* characters of a reason for withholding, as the table allows */

/* The item is decided and not yet reviewed: work out the notice, store. */
static void publish_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	const struct config *cfg = request_server(req)->cfg;
	enum pub_mode mode = pub_mode_parse(args_string(req->args, "mode"));
	const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "status"));
	bool personnel = cJSON_IsTrue(cJSON_GetObjectItem(facts, "personnel"));
	double now = cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "now"));
	double days = cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "notice_workdays"));
	double span = cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "notice_trial_seconds"));
	bool trial = cJSON_IsTrue(cJSON_GetObjectItem(facts, "trial"));
	const cJSON *holder = cJSON_GetObjectItem(facts, "holder");
	enum presiding_verdict v;
	char ends[40];
	cJSON *args;
	time_t end;
	struct tm tm;

	if (status == NULL || now != now || days != days || days < 1 || days > 365 ||
	    (trial && (span != span || span < 1 || span > 365 * 86400.0))) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable publication facts");
		return;
	}
	v = presiding_may_review(
		(long long)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "caller")),
		cJSON_IsNumber(holder) ? (long long)holder->valuedouble : 0);
	if (v != PRESIDING_OK) {
		rule_txn_fail(t, YG_ERR_FORBIDDEN, "%s (%s)", presiding_verdict_text(v),
			      presiding_verdict_code(v));
		return;
	}
	/* the mode as read here ("withhold" is "withheld"), and the end of the
	 * 任前公示 worked out by the rules, if it has one */
	args = api_call_args_copy(req);
	cJSON_ReplaceItemInObjectCaseSensitive(args, "mode",
					       cJSON_CreateString(pub_mode_name(mode)));
	if (pub_needs_notice(personnel, strcmp(status, "decided") == 0, mode)) {
		end = pub_notice_end_rule((time_t)now, (unsigned)days, trial,
					  trial ? (long)span : 0, (long)cfg->utc_offset * 60);
		gmtime_r(&end, &tm);
		strftime(ends, sizeof(ends), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cJSON_AddStringToObject(args, "notice_ends", ends);
	}
	rule_txn_call_json(t, "publication_store", args, NULL);
	cJSON_Delete(args);
}

static void publish_exec(struct request *req)
{
	enum pub_mode mode = pub_mode_parse(args_string(req->args, "mode"));
	const char *text = args_string(req->args, "text");

	if (mode == PUB_INVALID) {
		request_fail(req, YG_ERR_BAD_REQUEST, "mode must be full, summary or withheld");
		return;
	}
	if (pub_needs_text(mode) && text == NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     mode == PUB_SUMMARY ? "a summary publication needs its public text"
						 : "withholding needs its reason");
		return;
	}
	if (mode == PUB_WITHHELD && text != NULL && utf8_count(text) > REASON_MAX) {
		request_fail(req, YG_ERR_BAD_REQUEST, "the reason is at most 2000 characters");
		return;
	}
	if (!pub_needs_text(mode) && text != NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "a full publication takes no text: it shows the item as decided");
		return;
	}
	rule_txn_start_args(req, "publication_facts", publish_judge);
}

/* The authority (whoever presided, or a successor), then what the current
 * version allows. */
static void revise_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	const char *text = args_string(req->args, "text"), *why = NULL;
	const cJSON *holder = cJSON_GetObjectItem(facts, "holder");
	enum presiding_verdict v;

	v = presiding_may_review(
		(long long)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "caller")),
		cJSON_IsNumber(holder) ? (long long)holder->valuedouble : 0);
	if (v != PRESIDING_OK) {
		rule_txn_fail(t, YG_ERR_FORBIDDEN, "%s (%s)", presiding_verdict_text(v),
			      presiding_verdict_code(v));
		return;
	}
	if (pub_revise_mode(pub_revise_parse(args_string(req->args, "action")),
			    cJSON_GetStringValue(cJSON_GetObjectItem(facts, "mode")), text != NULL,
			    &why) == NULL) {
		rule_txn_fail(t, YG_ERR_CONFLICT, "%s", why);
		return;
	}
	rule_txn_call_args(t, "publication_revise", NULL);
}

static void revise_exec(struct request *req)
{
	if (pub_revise_parse(args_string(req->args, "action")) == REVISE_INVALID) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "action must be correct, withdraw or declassify");
		return;
	}
	rule_txn_start_args(req, "publication_revision_facts", revise_judge);
}

const struct op_entry op_publication_publish = {
	.name = "publication.publish",
	.flags = OP_NEEDS_DB,
	.exec = publish_exec,
};

const struct op_entry op_publication_revise = {
	.name = "publication.revise",
	.flags = OP_NEEDS_DB,
	.exec = revise_exec,
};
