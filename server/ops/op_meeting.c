/* Meetings and their agenda: meeting.create, meeting.add_item (only items
 * that pass every gate), meeting.remove_item (with a reason),
 * meeting.announce (the agenda is fixed from then on), meeting.list,
 * meeting.show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../proto/timestamp.h"
#include "../../rules/meeting_time.h"
#include "../api_call.h"
#include "../rule_txn.h"
#include "../policy/gates.h"
#include "ops.h"

static void create_exec(struct request *req)
{
	const char *why;
	long long t;

	if ((why = ts_check(args_string(req->args, "starts_at"), &t)) != NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST, "starts_at %s", why);
		return;
	}
	api_call_args(req, "meeting_create", NULL);
}

/* The facts passed every gate: add the item, provided they still hold. */
static void add_judged(struct request *req, cJSON *result)
{
	struct gate_unmet unmet[GATE__COUNT + GATES_MAX_KINDS];
	int n = gates_judge(result, unmet, (int)(sizeof(unmet) / sizeof(unmet[0]))), i;
	char why[400] = "";
	cJSON *args;
	size_t off = 0;

	if (n != 0) {
		for (i = 0; i < n && i < (int)(sizeof(unmet) / sizeof(unmet[0])); i++)
			off += (size_t)snprintf(why + off,
						off < sizeof(why) ? sizeof(why) - off : 0, "%s%s",
						i > 0 ? ", " : "", gate_code(unmet[i].gate));
		cJSON_Delete(result);
		request_fail(req, n < 0 ? YG_ERR_INTERNAL : YG_ERR_CONFLICT,
			     "the item does not pass its gates (%s); see item.gates", why);
		return;
	}
	args = api_call_args_copy(req);
	cJSON_AddItemToObject(args, "facts",
			      cJSON_DetachItemFromObjectCaseSensitive(result, "facts"));
	cJSON_Delete(result);
	api_call_json(req, "meeting_add_item", args, NULL);
	cJSON_Delete(args);
}

/* The meeting can take items: now judge the item. (The database checks
 * the meeting's status again when adding.) */
static void add_meeting_read(struct request *req, cJSON *meeting)
{
	const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(meeting, "status"));
	bool draft = status != NULL && strcmp(status, "draft") == 0;
	cJSON *facts;

	cJSON_Delete(meeting);
	if (!draft) {
		request_fail(req, YG_ERR_CONFLICT,
			     "the agenda is fixed once the meeting is announced (不搞临时动议)");
		return;
	}
	facts = cJSON_CreateObject();
	cJSON_AddItemReferenceToObject(facts, "id",
				       cJSON_GetObjectItemCaseSensitive(req->args, "item"));
	api_call_json(req, "item_facts", facts, add_judged);
	cJSON_Delete(facts);
}

/* First the meeting, as meeting.show reads it. */
static void add_exec(struct request *req)
{
	cJSON *show = cJSON_CreateObject();

	cJSON_AddItemReferenceToObject(show, "id",
				       cJSON_GetObjectItemCaseSensitive(req->args, "meeting"));
	api_call_json(req, "meeting_show", show, add_meeting_read);
	cJSON_Delete(show);
}

/* The meeting's time is in: announce only with the notice period before
 * it (meeting_notice_hours). */
static void announce_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct meeting_time_facts f;
	char starts[32], by[32];

	(void)req;
	if (meeting_time_from_json(facts, &f) != 0) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable meeting time facts");
		return;
	}
	/* A meeting whose time has passed gets the database's own refusal. */
	if (f.starts_at > f.now && !meeting_time_may_announce(&f)) {
		meeting_time_text(f.starts_at, starts, sizeof(starts));
		meeting_time_text(f.starts_at - f.notice_s, by, sizeof(by));
		rule_txn_fail(t, YG_ERR_CONFLICT,
			      "too late to announce: a meeting set for %s is announced by %s",
			      starts, by);
		return;
	}
	rule_txn_call_args(t, "meeting_announce", NULL);
}

static void announce_exec(struct request *req)
{
	rule_txn_start_args(req, "meeting_announce_facts", announce_judge);
}

const struct op_entry op_meeting_create = {
	.name = "meeting.create", .flags = OP_NEEDS_DB, .exec = create_exec};
const struct op_entry op_meeting_add_item = {
	.name = "meeting.add_item", .flags = OP_NEEDS_DB, .exec = add_exec};
const struct op_entry op_meeting_announce = {
	.name = "meeting.announce", .flags = OP_NEEDS_DB, .exec = announce_exec};
