/* comment.submit (observers, and the public anonymously, rate-limited by
 * address) and comment.list (the committee), during an item's window. */
#include <stdio.h>
#include <string.h>

#include "../client.h"
#include "../api_call.h"
#include "../server.h"
#include "../sourcetag.h"
#include "ops.h"

/* The peer's address without its port, as the database keeps it: its tag
 * (sourcetag.h), the unit of the hourly limit. */
static int comment_source(const struct request *req, char out[SOURCETAG_LEN + 1])
{
	const char *addr = req->client->addr, *colon = strrchr(addr, ':');
	char host[64];

	snprintf(host, sizeof(host), "%.*s",
		 (int)(colon != NULL ? (size_t)(colon - addr) : strlen(addr)), addr);
	return sourcetag(request_server(req)->source_key, host, out);
}

static void submit_exec(struct request *req)
{
	const struct client *c = req->client;
	const char *stance = args_string(req->args, "stance");
	char source[SOURCETAG_LEN + 1];
	cJSON *args;

	if (strcmp(stance, "support") != 0 && strcmp(stance, "object") != 0 &&
	    strcmp(stance, "neutral") != 0) {
		request_fail(req, YG_ERR_BAD_REQUEST, "stance must be support, object or neutral");
		return;
	}
	if (c->auth.logged_in && !c->auth.observer) {
		request_fail(req, YG_ERR_FORBIDDEN,
			     "members do not comment; a member's disagreement is item.object");
		return;
	}
	if (!c->auth.logged_in &&
	    cJSON_GetObjectItemCaseSensitive(req->args, "committee") == NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST, "give the committee");
		return;
	}
	if (comment_source(req, source) != 0) {
		request_fail(req, YG_ERR_INTERNAL, "cannot tag the address");
		return;
	}
	args = api_call_args_copy(req);
	cJSON_AddStringToObject(args, "source", source);
	cJSON_AddNumberToObject(args, "rate", request_server(req)->cfg->comment_rate);
	api_call_json(req, "comment_submit", args, NULL);
	cJSON_Delete(args);
}

const struct op_entry op_comment_submit = {
	.name = "comment.submit",
	.flags = OP_NEEDS_DB,
	.exec = submit_exec,
};
