/* meeting.follow: receive a meeting's events live, after catching up from a
 * sequence number; meeting.state: the room as it stands; meeting.log: the
 * whole hash-chained log for offline verification. */
#include <stdio.h>

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
	char stream[40];
	cJSON *again;

	snprintf(stream, sizeof(stream), "meeting:%lld", args_int(req->args, "meeting", 0));
	if (req->client->state != CLIENT_DEAD && client_subscribe(req->client, stream) != 0) {
		cJSON_Delete(first);
		request_fail(req, YG_ERR_BUSY, "too many subscriptions on this connection");
		return;
	}
	again = cJSON_CreateObject();
	cJSON_AddNumberToObject(again, "meeting", (double)args_int(req->args, "meeting", 0));
	cJSON_AddNumberToObject(again, "after",
				cJSON_IsNumber(head) ? head->valuedouble
						     : (double)args_int(req->args, "after", 0));
	req->stash = first;
	api_call_json(req, "meeting_follow", again, follow_caught_up);
	cJSON_Delete(again);
}

static void follow_exec(struct request *req)
{
	api_call_args(req, "meeting_follow", follow_allowed);
}

const struct op_entry op_meeting_follow = {
	.name = "meeting.follow",
	.flags = OP_NEEDS_DB,
	.exec = follow_exec,
};
