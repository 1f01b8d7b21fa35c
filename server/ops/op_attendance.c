/* Running a meeting, attendance: meeting.invite (observers), meeting.check_in,
 * meeting.check_out, meeting.absent (with a reason), meeting.open (only with
 * quorum, judged by server/policy/quorum.c in the opening transaction),
 * meeting.close. */
#include <stdio.h>
#include <string.h>

#include "../dbcall.h"
#include "../dbtxn.h"
#include "../../rules/quorum.h"
#include "ops.h"

#define ID_MAX 9007199254740991LL

static const struct arg_spec meeting_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec invite_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"observer", ARG_INT, true, 1, ID_MAX},
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec absent_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"member", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, true, 1, 500},
	{NULL, 0, false, 0, 0},
};

static void invite_exec(struct request *req)
{
	char meeting[24], observer[24];
	const char *params[2] = {dbcall_int(req->args, "meeting", meeting),
				 dbcall_int(req->args, "observer", observer)};

	dbcall(req, "meeting_invite", 2, params, DBCALL_CALLER, NULL);
}

/* meeting.check_in and meeting.check_out. */
static void attend_exec(struct request *req)
{
	char meeting[24];
	const char *params[2] = {dbcall_int(req->args, "meeting", meeting),
				 strcmp(req->op->name, "meeting.check_in") == 0 ? "true" : "false"};

	dbcall(req, "meeting_attend", 2, params, DBCALL_CALLER, NULL);
}

static void absent_exec(struct request *req)
{
	char meeting[24], member[24];
	const char *params[3] = {dbcall_int(req->args, "meeting", meeting),
				 dbcall_int(req->args, "member", member),
				 args_string(req->args, "reason")};

	dbcall(req, "meeting_absent", 3, params, DBCALL_CALLER, NULL);
}

/* The counts and rules are in: open only with quorum. */
static void open_judge(struct dbtxn *t, struct request *req, cJSON *facts)
{
	struct quorum_facts q;
	const cJSON *entitled = cJSON_GetObjectItemCaseSensitive(facts, "entitled");
	const cJSON *present = cJSON_GetObjectItemCaseSensitive(facts, "present");
	char meeting[24];
	const char *params[2] = {dbcall_int(req->args, "meeting", meeting), "open"};

	if (!cJSON_IsNumber(entitled) || !cJSON_IsNumber(present) ||
	    fraction_from_json(cJSON_GetObjectItemCaseSensitive(facts, "quorum"), &q.quorum) != 0 ||
	    fraction_from_json(cJSON_GetObjectItemCaseSensitive(facts, "quorum_personnel"),
			       &q.quorum_personnel) != 0) {
		dbtxn_fail(t, YG_ERR_INTERNAL, "unreadable quorum facts");
		return;
	}
	q.entitled = (long)entitled->valuedouble;
	q.present = (long)present->valuedouble;
	if (!quorum_to_open(&q)) {
		dbtxn_fail(t, YG_ERR_CONFLICT,
			   "no quorum: %ld of %ld members present, %ld needed to open", q.present,
			   q.entitled, fraction_needed(q.entitled, q.quorum));
		return;
	}
	dbtxn_call(t, "meeting_set_status", 2, params, NULL);
}

static void open_exec(struct request *req)
{
	char meeting[24];
	const char *params[1] = {dbcall_int(req->args, "meeting", meeting)};

	dbtxn_start(req, "meeting_quorum_facts", 1, params, open_judge);
}

/* No vote is under way (the meeting is locked until the commit): close. */
static void close_judge(struct dbtxn *t, struct request *req, cJSON *facts)
{
	char meeting[24];
	const char *params[2] = {dbcall_int(req->args, "meeting", meeting), "closed"};

	(void)facts;
	dbtxn_call(t, "meeting_set_status", 2, params, NULL);
}

static void close_exec(struct request *req)
{
	char meeting[24];
	const char *params[1] = {dbcall_int(req->args, "meeting", meeting)};

	dbtxn_start(req, "meeting_vote_live", 1, params, close_judge);
}

#define ATTEND_OP(var, opname, spec, fn, text)                                                     \
	const struct op_entry var = {                                                              \
		.name = opname, .args = spec, .flags = OP_NEEDS_DB, .exec = fn, .summary = text}

ATTEND_OP(op_meeting_invite, "meeting.invite", invite_args, invite_exec,
	  "invite an approved observer from the pool to a meeting");
ATTEND_OP(op_meeting_check_in, "meeting.check_in", meeting_args, attend_exec,
	  "arrive: a member on the roster, or an invited observer");
ATTEND_OP(op_meeting_check_out, "meeting.check_out", meeting_args, attend_exec,
	  "leave the meeting (the count changes at once)");
ATTEND_OP(op_meeting_absent, "meeting.absent", absent_args, absent_exec,
	  "record a member's absence and its reason");
ATTEND_OP(op_meeting_open, "meeting.open", meeting_args, open_exec,
	  "open the meeting; refused without quorum");
ATTEND_OP(op_meeting_close, "meeting.close", meeting_args, close_exec, "close the meeting");
