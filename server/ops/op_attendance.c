/* Running a meeting, attendance: meeting.invite (observers), meeting.check_in,
 * meeting.check_out, meeting.absent (with a reason), meeting.open (only with
 * quorum, judged by rules/quorum.c, and not long before its time, judged by
 * rules/meeting_time.c, in the opening transaction), meeting.close. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../api_call.h"
#include "../rule_txn.h"
#include "../../rules/meeting_time.h"
#include "../../rules/quorum.h"
#include "ops.h"

/* Whether the meeting may open by its time; refused if not. */
static bool open_time_ok(struct rule_txn *t, const cJSON *facts)
{
	struct meeting_time_facts f;
	char starts[32], from[32];

	if (meeting_time_from_json(facts, &f) != 0) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable meeting time facts");
		return false;
	}
	if (meeting_time_may_open(&f))
		return true;
	meeting_time_text(f.starts_at, starts, sizeof(starts));
	meeting_time_text(meeting_time_opens_at(&f), from, sizeof(from));
	rule_txn_fail(t, YG_ERR_CONFLICT,
		      "too early to open: the meeting is set for %s and opens from %s", starts,
		      from);
	return false;
}

/* The counts and rules are in: open only on time and with quorum. */
static void open_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct quorum_facts q;
	const cJSON *entitled = cJSON_GetObjectItemCaseSensitive(facts, "entitled");
	const cJSON *present = cJSON_GetObjectItemCaseSensitive(facts, "present");

	(void)req;
	if (!open_time_ok(t, facts))
		return;
	if (!cJSON_IsNumber(entitled) || !cJSON_IsNumber(present) ||
	    fraction_from_json(cJSON_GetObjectItemCaseSensitive(facts, "quorum"), &q.quorum) != 0 ||
	    fraction_from_json(cJSON_GetObjectItemCaseSensitive(facts, "quorum_personnel"),
			       &q.quorum_personnel) != 0) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable quorum facts");
		return;
	}
	q.entitled = (long)entitled->valuedouble;
	q.present = (long)present->valuedouble;
	if (!quorum_to_open(&q)) {
		rule_txn_fail(t, YG_ERR_CONFLICT,
			      "no quorum: %ld of %ld members present, %ld needed to open",
			      q.present, q.entitled, fraction_needed(q.entitled, q.quorum));
		return;
	}
	rule_txn_call_args(t, "meeting_open", NULL);
}

static void open_exec(struct request *req)
{
	rule_txn_start_args(req, "meeting_quorum_facts", open_judge);
}

const struct op_entry op_meeting_open = {
	.name = "meeting.open", .flags = OP_NEEDS_DB, .exec = open_exec};
