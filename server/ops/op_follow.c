/* meeting.follow: receive a meeting's events live, after catching up from a
 * sequence number; meeting.state: the room as it stands; meeting.log: the
 * whole hash-chained log for offline verification. */
#include <stdio.h>
#include <string.h>

#include "../client.h"
#include "../api_call.h"
#include "../policy/visibility.h"
#include "ops.h"

/* Second read, after subscribing: whatever committed in between. The
 * terminal drops events it has seen (by sequence number). The database
 * has filtered the events by the visibility rule; ygd applies it again to
 * the tags each event carries before anything leaves. */
static void follow_caught_up(struct request *req, cJSON *later)
{
	cJSON *first = req->stash, *events, *e;
	const struct client *c = req->client;

	events = cJSON_GetObjectItemCaseSensitive(first, "events");
	while ((e = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(later, "events"),
					      0)) != NULL)
		cJSON_AddItemToArray(events, e);
	cJSON_ReplaceItemInObjectCaseSensitive(
		first, "head", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(later, "head"), 1));
	req->stash = NULL;
	cJSON_Delete(later);
	vis_filter_events(vis_audience_of(c->auth.logged_in, c->auth.observer), events);
	request_reply(req, first);
}

/* Access granted (the first read succeeded): subscribe, then read again
 * from where the first read ended, so that nothing falls in the gap. */
static void follow_allowed(struct request *req, cJSON *first)
{
	const cJSON *head = cJSON_GetObjectItemCaseSensitive(first, "head");
	char stream[40], meeting[24], after[24];
	const char *params[2] = {api_call_int(req->args, "meeting", meeting), after};

	snprintf(stream, sizeof(stream), "meeting:%lld", args_int(req->args, "meeting", 0));
	if (req->client->state != CLIENT_DEAD && client_subscribe(req->client, stream) != 0) {
		cJSON_Delete(first);
		request_fail(req, YG_ERR_BUSY, "too many subscriptions on this connection");
		return;
	}
	snprintf(after, sizeof(after), "%lld",
		 cJSON_IsNumber(head) ? (long long)head->valuedouble
				      : args_int(req->args, "after", 0));
	req->stash = first;
	api_call(req, "meeting_follow", 2, params, API_CALL_CALLER, follow_caught_up);
}

static void follow_exec(struct request *req)
{
	char meeting[24], after[24];
	const char *params[2] = {api_call_int(req->args, "meeting", meeting), after};

	snprintf(after, sizeof(after), "%lld", args_int(req->args, "after", 0));
	api_call(req, "meeting_follow", 2, params, API_CALL_CALLER, follow_allowed);
}

/* meeting.state and meeting.log. */
static void read_exec(struct request *req)
{
	char meeting[24];
	const char *params[1] = {api_call_int(req->args, "meeting", meeting)};

	api_call(req,
		 strcmp(req->op->name, "meeting.state") == 0 ? "meeting_state"
							     : "meeting_log_export",
		 1, params, API_CALL_CALLER, NULL);
}

const struct op_entry op_meeting_follow = {
	.name = "meeting.follow",
	.flags = OP_NEEDS_DB,
	.exec = follow_exec,
};

const struct op_entry op_meeting_state = {
	.name = "meeting.state",
	.flags = OP_NEEDS_DB,
	.exec = read_exec,
};

const struct op_entry op_meeting_log = {
	.name = "meeting.log",
	.flags = OP_NEEDS_DB,
	.exec = read_exec,
};
