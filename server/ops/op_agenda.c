/* The items of a meeting in progress: agenda.open (with the quorum the item
 * needs), agenda.present, agenda.speak, agenda.pass (in the order
 * server/policy/speaking.c sets: presentation first, the presiding chair
 * last), agenda.recuse, agenda.preside, agenda.defer (缓议), agenda.close
 * (once everyone has spoken; not for contested items), floor.request,
 * floor.grant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../api_call.h"
#include "../rule_txn.h"
#include "../../rules/quorum.h"
#include "../../rules/speaking.h"
#include "ops.h"

#define ROSTER_MAX 1000

/* A member's "spoke" bits (one per candidate, up to 64): the database
 * writes them as the decimal text of a signed 64-bit integer, which a JSON
 * number could not carry exactly. */
static uint64_t agenda_spoke(const cJSON *v)
{
	if (cJSON_IsString(v))
		return (uint64_t)strtoll(v->valuestring, NULL, 10);
	return cJSON_IsNumber(v) && v->valuedouble > 0 ? (uint64_t)v->valuedouble : 0;
}

/* The room, read from api.agenda_facts; members points into a buffer the
 * caller frees. -1 if the facts cannot be read. */
static int agenda_room(const cJSON *j, struct speaking_facts *f, struct speaker **members)
{
	const cJSON *m, *list = cJSON_GetObjectItemCaseSensitive(j, "members");
	long long presiding = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "presiding"));
	long long presenter = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "presenter"));
	int n = 0;

	memset(f, 0, sizeof(*f));
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > ROSTER_MAX)
		return -1;
	*members = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(**members));
	cJSON_ArrayForEach(m, list) {
		struct speaker *s = &(*members)[n++];

		s->id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "id"));
		s->present = cJSON_IsTrue(cJSON_GetObjectItem(m, "present"));
		s->recused = cJSON_IsTrue(cJSON_GetObjectItem(m, "recused"));
		s->spoke = agenda_spoke(cJSON_GetObjectItem(m, "spoke"));
		s->presiding = s->id == presiding;
		s->presenter = s->id == presenter;
	}
	f->members = *members;
	f->n = n;
	f->personnel = cJSON_IsTrue(cJSON_GetObjectItem(j, "personnel"));
	f->candidates = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "candidates"));
	f->chair_last = cJSON_IsTrue(cJSON_GetObjectItem(j, "chair_last"));
	f->personnel_all_state = cJSON_IsTrue(cJSON_GetObjectItem(j, "personnel_all_state"));
	f->recuse_discussion = cJSON_IsTrue(cJSON_GetObjectItem(j, "recuse_discussion"));
	f->presented = cJSON_IsTrue(cJSON_GetObjectItem(j, "presented"));
	return 0;
}

/* Why a verdict refuses, for people. */
static const char *agenda_why(enum speak_verdict v)
{
	switch (v) {
	case SPEAK_NOT_MEMBER:
		return "you are not on this meeting's roster";
	case SPEAK_NOT_PRESENT:
		return "check in first";
	case SPEAK_RECUSED:
		return "you are recused from this item (回避)";
	case SPEAK_NOT_PRESENTER:
		return "only the member in charge presents the item";
	case SPEAK_ALREADY_PRESENTED:
		return "the item has been presented";
	case SPEAK_NOT_PRESENTED:
		return "the member in charge presents the item first";
	case SPEAK_BAD_CANDIDATE:
		return "name a candidate of this cadre item (or none, on other items)";
	case SPEAK_ALREADY:
		return "you have already stated a position (or passed) on this";
	case SPEAK_PASS_NOT_ALLOWED:
		return "on cadre items every member states a position";
	case SPEAK_CHAIR_NOT_LAST:
		return "the presiding chair speaks last (末位表态): others have yet to state";
	default:
		return "refused";
	}
}

/* agenda.open: the item's quorum (two thirds for cadre items, by default). */
static void open_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct quorum_facts q;
	bool personnel = cJSON_IsTrue(cJSON_GetObjectItem(facts, "personnel"));

	(void)req;
	if (fraction_from_json(cJSON_GetObjectItem(facts, "quorum"), &q.quorum) != 0 ||
	    fraction_from_json(cJSON_GetObjectItem(facts, "quorum_personnel"),
			       &q.quorum_personnel) != 0) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable quorum rules");
		return;
	}
	q.entitled = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "entitled"));
	q.present = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "present"));
	if (!quorum_for_item(&q, personnel)) {
		rule_txn_fail(
			t, YG_ERR_CONFLICT,
			"no quorum for this item: %ld of %ld present, %ld needed", q.present,
			q.entitled,
			fraction_needed(q.entitled, personnel ? q.quorum_personnel : q.quorum));
		return;
	}
	rule_txn_call_args(t, "agenda_open", NULL);
}

/* agenda.present, agenda.speak, agenda.pass: in order, or refused. */
static void act_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	const char *op = req->op->name;
	enum speak_act act = strcmp(op, "agenda.present") == 0 ? SPEAK_PRESENT
			     : strcmp(op, "agenda.pass") == 0  ? SPEAK_PASS
							       : SPEAK_STATE;
	int candidate = (int)args_int(req->args, "candidate", 0);
	long long caller = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "caller"));
	struct speaking_facts f;
	struct speaker *members = NULL;
	enum speak_verdict v;

	if (agenda_room(facts, &f, &members) != 0) {
		free(members);
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable room");
		return;
	}
	v = speaking_check(&f, caller, act, candidate);
	free(members);
	if (v != SPEAK_OK) {
		rule_txn_fail(t, v == SPEAK_NOT_MEMBER ? YG_ERR_FORBIDDEN : YG_ERR_CONFLICT,
			      "%s (%s)", agenda_why(v), speak_verdict_code(v));
		return;
	}
	rule_txn_call_args(t,
			   act == SPEAK_PRESENT ? "agenda_present"
			   : act == SPEAK_PASS  ? "agenda_pass"
						: "agenda_speak",
			   NULL);
}

/* agenda.close: everyone has spoken, and the item is not contested. */
static void close_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct speaking_facts f;
	struct speaker *members = NULL;
	long long waiting[8];
	int n = 0, c, ncand;

	(void)req;
	if (cJSON_IsTrue(cJSON_GetObjectItem(facts, "contested"))) {
		rule_txn_fail(
			t, YG_ERR_CONFLICT,
			"the item is contested: it may only be deferred (缓议) and re-argued");
		return;
	}
	if (agenda_room(facts, &f, &members) != 0) {
		free(members);
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable room");
		return;
	}
	ncand = f.personnel ? f.candidates : 1;
	for (c = 0; c < ncand && c < SPEAKING_MAX_CANDIDATES && n == 0; c++)
		n = speaking_outstanding(&f, c, waiting, 8);
	if (n == 0 && !speaking_complete(&f))
		n = -1; /* only the presiding member, or the presentation, is missing */
	free(members);
	if (n != 0) {
		rule_txn_fail(
			t, YG_ERR_CONFLICT,
			n > 0 ? "%d member(s) have yet to state a position (first: member %lld)"
			      : "the presentation or the presiding chair's statement is missing",
			n, n > 0 ? waiting[0] : 0LL);
		return;
	}
	rule_txn_call_args(t, "agenda_close", NULL);
}

/* Start the transaction that reads the room, then judge with next. */
static void judged_exec(struct request *req, rule_txn_step_cb next)
{
	rule_txn_start_args(req, "agenda_facts", next);
}

static void open_exec(struct request *req)
{
	judged_exec(req, open_judge);
}

static void act_exec(struct request *req)
{
	const char *pos = args_string(req->args, "position");

	if (pos != NULL && strcmp(pos, "agree") != 0 && strcmp(pos, "disagree") != 0 &&
	    strcmp(pos, "defer") != 0) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "position must be agree (同意), disagree (不同意) or defer (缓议)");
		return;
	}
	judged_exec(req, act_judge);
}

static void close_exec(struct request *req)
{
	judged_exec(req, close_judge);
}

const struct op_entry op_agenda_open = {
	.name = "agenda.open", .flags = OP_NEEDS_DB, .exec = open_exec};
const struct op_entry op_agenda_present = {
	.name = "agenda.present", .flags = OP_NEEDS_DB, .exec = act_exec};
const struct op_entry op_agenda_speak = {
	.name = "agenda.speak", .flags = OP_NEEDS_DB, .exec = act_exec};
const struct op_entry op_agenda_pass = {
	.name = "agenda.pass", .flags = OP_NEEDS_DB, .exec = act_exec};
const struct op_entry op_agenda_close = {
	.name = "agenda.close", .flags = OP_NEEDS_DB, .exec = close_exec};
