#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "events.h"
#include "minutes.h"

static const char minutes_tag[] = "yangguang/v1/minutes"; /* signed with its NUL */

/* A member of obj, or NULL. */
static const cJSON *mget(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* A copy of obj[name], or JSON null if absent. */
static cJSON *mdup(const cJSON *obj, const char *name)
{
	const cJSON *v = mget(obj, name);

	return v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();
}

/* A copy of element i of arr, or JSON null. */
static cJSON *mdup_index(const cJSON *arr, int i)
{
	const cJSON *v = cJSON_IsArray(arr) ? cJSON_GetArrayItem(arr, i) : NULL;

	return v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();
}

/* The roster entry of member id, or NULL. */
static const cJSON *minutes_member(const cJSON *roster, double id)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, roster)
		if (cJSON_GetNumberValue(mget(m, "id")) == id)
			return m;
	return NULL;
}

/* The name behind an actor "member:ID", from the roster. */
static const char *minutes_actor_name(const cJSON *roster, const cJSON *actor)
{
	const char *a = cJSON_GetStringValue(actor);
	const cJSON *m;

	if (a == NULL || strncmp(a, "member:", 7) != 0)
		return "";
	m = minutes_member(roster, atof(a + 7));
	return m != NULL && cJSON_GetStringValue(mget(m, "name")) != NULL
		       ? cJSON_GetStringValue(mget(m, "name"))
		       : "";
}

/* The state the minutes are built in while reading the log. */
struct minutes_acc {
	cJSON *doc;
	cJSON *roster;   /* from meeting.announced */
	cJSON *attended; /* ids of members who checked in */
	cJSON *absences; /* {id: reason} */
	cJSON *items;    /* in the order taken up */
	cJSON *early;    /* recusals declared before their item was taken up */
};

/* The item entry for item id, or NULL. */
static cJSON *minutes_item(struct minutes_acc *acc, const cJSON *data)
{
	cJSON *it;

	cJSON_ArrayForEach(it, acc->items)
		if (cJSON_GetNumberValue(mget(it, "item")) ==
		    cJSON_GetNumberValue(mget(data, "item")))
			return it;
	return NULL;
}

/* Meeting-level events. */
static void minutes_meeting_event(struct minutes_acc *acc, const char *ev, const cJSON *e,
				  const cJSON *data)
{
	if (event_is(ev, EV_MEETING_ANNOUNCED)) {
		cJSON_ReplaceItemInObjectCaseSensitive(acc->doc, "title", mdup(data, "title"));
		cJSON_ReplaceItemInObjectCaseSensitive(acc->doc, "place", mdup(data, "place"));
		cJSON_ReplaceItemInObjectCaseSensitive(acc->doc, "scheduled",
						       mdup(data, "starts_at"));
		cJSON_Delete(acc->roster);
		acc->roster = mget(data, "roster") != NULL
				      ? cJSON_Duplicate(mget(data, "roster"), 1)
				      : cJSON_CreateArray();
		if (cJSON_IsArray(mget(data, "clerks")))
			cJSON_ReplaceItemInObjectCaseSensitive(acc->doc, "clerks",
							       mdup(data, "clerks"));
	} else if (event_is(ev, EV_MEETING_OPENED)) {
		cJSON_ReplaceItemInObjectCaseSensitive(acc->doc, "opened", mdup(e, "at"));
		cJSON_ReplaceItemInObjectCaseSensitive(
			acc->doc, "chair",
			cJSON_CreateString(minutes_actor_name(acc->roster, mget(e, "actor"))));
	} else if (event_is(ev, EV_MEETING_CLOSED)) {
		cJSON_ReplaceItemInObjectCaseSensitive(acc->doc, "closed", mdup(e, "at"));
	}
}

/* Who came, who did not and why, which observers attended. */
static void minutes_attendance_event(struct minutes_acc *acc, const char *ev, const cJSON *data)
{
	const char *kind = cJSON_GetStringValue(mget(data, "kind"));
	char id[32];

	if (event_is(ev, EV_ATTENDANCE_IN) && kind != NULL && strcmp(kind, "member") == 0) {
		snprintf(id, sizeof(id), "%.0f", cJSON_GetNumberValue(mget(data, "who")));
		if (mget(acc->attended, id) == NULL)
			cJSON_AddTrueToObject(acc->attended, id);
	} else if (event_is(ev, EV_ATTENDANCE_IN) && kind != NULL) {
		const cJSON *o, *obs = mget(acc->doc, "observers");
		bool seen = false;

		cJSON_ArrayForEach(o, obs)
			seen |= cJSON_Compare(o, mget(data, "name"), 1);
		if (!seen)
			cJSON_AddItemToArray((cJSON *)obs, mdup(data, "name"));
	} else if (event_is(ev, EV_ATTENDANCE_ABSENT)) {
		snprintf(id, sizeof(id), "%.0f", cJSON_GetNumberValue(mget(data, "member")));
		cJSON_DeleteItemFromObjectCaseSensitive(acc->absences, id);
		cJSON_AddItemToObject(acc->absences, id, mdup(data, "reason"));
	}
}

/* {"name", "reason"} of a recusal event. */
static cJSON *minutes_recusal(const cJSON *data)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddItemToObject(x, "name", mdup(data, "name"));
	cJSON_AddItemToObject(x, "reason", mdup(data, "reason"));
	return x;
}

/* Recusals declared before item it was taken up join it, in order. */
static void minutes_early_recusals(struct minutes_acc *acc, cJSON *it)
{
	cJSON *r, *next, *data;

	for (r = acc->early->child; r != NULL; r = next) {
		next = r->next;
		if (cJSON_GetNumberValue(mget(r, "item")) != cJSON_GetNumberValue(mget(it, "item")))
			continue;
		data = cJSON_DetachItemViaPointer(acc->early, r);
		cJSON_AddItemToArray((cJSON *)mget(it, "recusals"), minutes_recusal(data));
		cJSON_Delete(data);
	}
}

/* A new item taken up. */
static void minutes_item_opened(struct minutes_acc *acc, const cJSON *data)
{
	cJSON *it = cJSON_CreateObject(), *presiding = cJSON_CreateArray();
	const cJSON *m = minutes_member(acc->roster, cJSON_GetNumberValue(mget(data, "presiding")));

	cJSON_AddItemToObject(it, "item", mdup(data, "item"));
	cJSON_AddItemToObject(it, "title", mdup(data, "title"));
	cJSON_AddItemToArray(presiding, m != NULL ? mdup(m, "name") : cJSON_CreateString(""));
	cJSON_AddItemToObject(it, "presiding", presiding);
	cJSON_AddItemToObject(it, "presentation", cJSON_CreateNull());
	cJSON_AddItemToObject(it, "recusals", cJSON_CreateArray());
	cJSON_AddItemToObject(it, "statements", cJSON_CreateArray());
	cJSON_AddItemToObject(it, "outcome", cJSON_CreateString("open"));
	cJSON_AddItemToObject(it, "reason", cJSON_CreateNull());
	/* A cadre item's candidates by name (logs since issue 22 carry them):
	 * statements then name the candidate, not its number. */
	if (cJSON_IsArray(mget(data, "candidates")))
		cJSON_AddItemToObject(it, "candidates", mdup(data, "candidates"));
	cJSON_AddItemToArray(acc->items, it);
	minutes_early_recusals(acc, it);
}

/* 议定事项 the clerk recorded; a later record supersedes an earlier one.
 * An item gets "agreed" only when one is recorded, as with "votes". */
static void minutes_agreed(cJSON *it, const cJSON *data)
{
	if (mget(it, "agreed") != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(it, "agreed", mdup(data, "text"));
	else
		cJSON_AddItemToObject(it, "agreed", mdup(data, "text"));
}

/* What an observer said from the floor, as the clerk minuted it. */
static void minutes_remark(struct minutes_acc *acc, const cJSON *data)
{
	cJSON *it = minutes_item(acc, data), *list, *x;

	if (it == NULL)
		return;
	list = (cJSON *)mget(it, "remarks");
	if (list == NULL)
		list = cJSON_AddArrayToObject(it, "remarks");
	x = cJSON_CreateObject();
	cJSON_AddItemToObject(x, "speaker", mdup(data, "speaker"));
	cJSON_AddItemToObject(x, "category", mdup(data, "category"));
	cJSON_AddItemToObject(x, "category_name", mdup(data, "category_name"));
	cJSON_AddItemToObject(x, "body", mdup(data, "body"));
	cJSON_AddItemToArray(list, x);
}

/* What happens within an item. */
static void minutes_item_event(struct minutes_acc *acc, const char *ev, const cJSON *data)
{
	cJSON *it = minutes_item(acc, data), *x;

	if (it == NULL) {
		if (event_is(ev, EV_AGENDA_RECUSED))
			cJSON_AddItemToArray(acc->early, cJSON_Duplicate(data, 1));
		return;
	}
	if (event_is(ev, EV_AGENDA_RECUSED)) {
		cJSON_AddItemToArray((cJSON *)mget(it, "recusals"), minutes_recusal(data));
		return;
	}
	if (event_is(ev, EV_AGENDA_AGREED)) {
		minutes_agreed(it, data);
		return;
	}
	x = cJSON_CreateObject();
	if (event_is(ev, EV_AGENDA_PRESENTED)) {
		cJSON_AddItemToObject(x, "name", mdup(data, "name"));
		cJSON_AddItemToObject(x, "body", mdup(data, "body"));
		cJSON_ReplaceItemInObjectCaseSensitive(it, "presentation", x);
	} else if (event_is(ev, EV_AGENDA_STATEMENT)) {
		cJSON_AddItemToObject(x, "name", mdup(data, "name"));
		cJSON_AddItemToObject(x, "candidate", mdup(data, "candidate"));
		cJSON_AddItemToObject(x, "position",
				      cJSON_IsString(mget(data, "position"))
					      ? mdup(data, "position")
					      : cJSON_CreateString("pass"));
		cJSON_AddItemToObject(x, "body", mdup(data, "body"));
		cJSON_AddItemToArray((cJSON *)mget(it, "statements"), x);
	} else if (event_is(ev, EV_AGENDA_PRESIDING)) {
		cJSON_AddItemToArray((cJSON *)mget(it, "presiding"), mdup(data, "name"));
		cJSON_Delete(x);
	} else if (event_is(ev, EV_AGENDA_DEFERRED) || event_is(ev, EV_AGENDA_DISCUSSED)) {
		cJSON_ReplaceItemInObjectCaseSensitive(
			it, "outcome",
			cJSON_CreateString(event_is(ev, EV_AGENDA_DEFERRED) ? "deferred"
									    : "discussed"));
		cJSON_ReplaceItemInObjectCaseSensitive(it, "reason", mdup(data, "reason"));
		cJSON_Delete(x);
	} else {
		cJSON_Delete(x); /* an event the minutes do not record */
	}
}

/* The label at index idx of labels (a whole number in range), or null. */
static cJSON *minutes_label(const cJSON *labels, const cJSON *idx)
{
	double d = cJSON_GetNumberValue(idx);

	if (!cJSON_IsNumber(idx) || !(d >= 0 && d < 64) || (double)(int)d != d)
		return cJSON_CreateNull();
	return mdup_index(labels, (int)d);
}

/* The labels at the indices of outcome[name], as name in v. */
static void minutes_vote_names(cJSON *v, const char *name, const cJSON *labels,
			       const cJSON *outcome)
{
	const cJSON *list = mget(outcome, name), *i;
	cJSON *names = cJSON_AddArrayToObject(v, name);

	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(i, list)
		cJSON_AddItemToArray(names, minutes_label(labels, i));
}

/* A round of secret-ballot voting on an item (vote.result, VOTE.md §5):
 * the method, the round, each label's votes and the outcome, with the
 * candidates by name. An item gets "votes" only with its first result, so
 * minutes of meetings without votes are what they always were. */
static void minutes_vote_result(struct minutes_acc *acc, const cJSON *data)
{
	const cJSON *q = mget(data, "question"), *labels = mget(q, "labels");
	const cJSON *o = mget(data, "outcome"), *counts = mget(data, "counts"), *c;
	cJSON *it = minutes_item(acc, data), *votes, *v, *list, *x;
	int i = 0;

	if (it == NULL)
		return;
	votes = (cJSON *)mget(it, "votes");
	if (votes == NULL)
		votes = cJSON_AddArrayToObject(it, "votes");
	v = cJSON_CreateObject();
	cJSON_AddItemToObject(v, "round", mdup(data, "round"));
	cJSON_AddStringToObject(v, "method", "无记名投票"); /* secret ballot */
	cJSON_AddItemToObject(v, "kind", mdup(q, "kind"));
	cJSON_AddItemToObject(v, "seats", mdup(q, "seats"));
	cJSON_AddItemToObject(v, "eligible", mdup(data, "eligible"));
	cJSON_AddItemToObject(v, "ballots", mdup(data, "ballots"));
	list = cJSON_AddArrayToObject(v, "counts");
	if (cJSON_IsArray(counts))
		cJSON_ArrayForEach(c, counts) {
			x = cJSON_CreateObject();
			cJSON_AddItemToObject(x, "label", mdup_index(labels, i++));
			cJSON_AddItemToObject(x, "votes", cJSON_Duplicate(c, 1));
			cJSON_AddItemToArray(list, x);
		}
	cJSON_AddItemToObject(v, "result", mdup(o, "result"));
	cJSON_AddItemToObject(v, "line", mdup(o, "line"));
	minutes_vote_names(v, "elected", labels, o);
	minutes_vote_names(v, "runoff", labels, o);
	cJSON_AddItemToObject(v, "runoff_seats", mdup(o, "runoff_seats"));
	cJSON_AddItemToArray(votes, v);
}

/* A round voided by whoever presided (vote.voided, VOTE.md §5.1): in the
 * item's "votes" in log order, with the reason, who voided it and the
 * ballots left undecrypted; the item is voted again in a later round. */
static void minutes_vote_voided(struct minutes_acc *acc, const cJSON *e, const cJSON *data)
{
	cJSON *it = minutes_item(acc, data), *votes, *v;

	if (it == NULL)
		return;
	votes = (cJSON *)mget(it, "votes");
	if (votes == NULL)
		votes = cJSON_AddArrayToObject(it, "votes");
	v = cJSON_CreateObject();
	cJSON_AddItemToObject(v, "round", mdup(data, "round"));
	cJSON_AddStringToObject(v, "method", "无记名投票"); /* secret ballot */
	cJSON_AddStringToObject(v, "result", "voided");
	cJSON_AddItemToObject(v, "ballots", mdup(data, "ballots"));
	cJSON_AddItemToObject(v, "reason", mdup(data, "reason"));
	cJSON_AddItemToObject(
		v, "voided_by",
		cJSON_CreateString(minutes_actor_name(acc->roster, mget(e, "actor"))));
	cJSON_AddItemToArray(votes, v);
}

/* Dispatch one log entry. */
static void minutes_entry(struct minutes_acc *acc, const cJSON *e)
{
	const char *ev = cJSON_GetStringValue(mget(e, "event"));
	const cJSON *data = mget(e, "data");

	if (ev == NULL)
		return;
	if (strncmp(ev, "meeting.", 8) == 0)
		minutes_meeting_event(acc, ev, e, data);
	else if (strncmp(ev, "attendance.", 11) == 0)
		minutes_attendance_event(acc, ev, data);
	else if (event_is(ev, EV_AGENDA_OPENED))
		minutes_item_opened(acc, data);
	else if (strncmp(ev, "agenda.", 7) == 0)
		minutes_item_event(acc, ev, data);
	else if (event_is(ev, EV_VOTE_RESULT))
		minutes_vote_result(acc, data);
	else if (event_is(ev, EV_FLOOR_REMARK))
		minutes_remark(acc, data);
	else if (event_is(ev, EV_VOTE_VOIDED))
		minutes_vote_voided(acc, e, data);
}

/* Split the roster into those who attended and those who did not (with
 * the reason recorded, if any). */
static void minutes_attendance(struct minutes_acc *acc)
{
	cJSON *attended = cJSON_AddArrayToObject(acc->doc, "attended");
	cJSON *absent = cJSON_AddArrayToObject(acc->doc, "absent"), *x;
	const cJSON *m;
	char id[32];

	cJSON_ArrayForEach(m, acc->roster) {
		snprintf(id, sizeof(id), "%.0f", cJSON_GetNumberValue(mget(m, "id")));
		x = cJSON_Duplicate(m, 1);
		if (mget(acc->attended, id) != NULL) {
			cJSON_AddItemToArray(attended, x);
			continue;
		}
		cJSON_AddItemToObject(x, "reason",
				      mget(acc->absences, id) != NULL ? mdup(acc->absences, id)
								      : cJSON_CreateString(""));
		cJSON_AddItemToArray(absent, x);
	}
}

/* The minutes of the meeting in log_export (see logchain.h), from its
 * entries up to seq upto_seq; NULL if there is no such entry. The text is
 * compact JSON, the same bytes wherever it is built. */
char *minutes_build(const cJSON *log_export, long upto_seq)
{
	struct minutes_acc acc = {0};
	const cJSON *e, *last = NULL;
	cJSON *body, *head;
	char *text;

	acc.doc = cJSON_CreateObject();
	acc.roster = cJSON_CreateArray();
	acc.attended = cJSON_CreateObject();
	acc.absences = cJSON_CreateObject();
	acc.items = cJSON_CreateArray();
	acc.early = cJSON_CreateArray();
	cJSON_AddStringToObject(acc.doc, "format", MINUTES_FORMAT);
	cJSON_AddItemToObject(acc.doc, "meeting", mdup(log_export, "meeting"));
	cJSON_AddNullToObject(acc.doc, "title");
	cJSON_AddNullToObject(acc.doc, "place");
	cJSON_AddNullToObject(acc.doc, "scheduled");
	cJSON_AddNullToObject(acc.doc, "opened");
	cJSON_AddNullToObject(acc.doc, "closed");
	cJSON_AddStringToObject(acc.doc, "chair", "");
	cJSON_AddArrayToObject(acc.doc, "clerks"); /* 记录人 */
	cJSON_AddArrayToObject(acc.doc, "observers");
	cJSON_ArrayForEach(e, mget(log_export, "entries")) {
		if (cJSON_GetNumberValue(mget(e, "seq")) > (double)upto_seq)
			break;
		body = cJSON_Parse(cJSON_GetStringValue(mget(e, "body")));
		minutes_entry(&acc, body);
		cJSON_Delete(body);
		last = e;
	}
	text = NULL;
	if (last != NULL && cJSON_GetNumberValue(mget(last, "seq")) == (double)upto_seq) {
		minutes_attendance(&acc);
		cJSON_AddItemToObject(acc.doc, "items", acc.items);
		acc.items = NULL;
		head = cJSON_AddObjectToObject(acc.doc, "log");
		cJSON_AddItemToObject(head, "seq", mdup(last, "seq"));
		cJSON_AddItemToObject(head, "hash", mdup(last, "hash"));
		text = cJSON_PrintUnformatted(acc.doc);
	}
	cJSON_Delete(acc.doc);
	cJSON_Delete(acc.roster);
	cJSON_Delete(acc.attended);
	cJSON_Delete(acc.absences);
	cJSON_Delete(acc.items);
	cJSON_Delete(acc.early);
	return text;
}

/* The bytes the chair and the clerk sign. */
size_t minutes_message(uint64_t meeting, const char *minutes_text,
		       unsigned char out[MINUTES_MSG_LEN])
{
	unsigned int n = 0;
	size_t off = sizeof(minutes_tag);
	int i;

	memcpy(out, minutes_tag, sizeof(minutes_tag));
	for (i = 7; i >= 0; i--)
		out[off++] = (unsigned char)(meeting >> (8 * i));
	EVP_Digest(minutes_text, strlen(minutes_text), out + off, &n, EVP_sha256(), NULL);
	return off + n;
}
