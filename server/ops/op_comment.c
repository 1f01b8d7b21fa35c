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
	char committee[24], item[24], source[SOURCETAG_LEN + 1], rate[24];
	const char *params[6];

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
	params[0] = api_call_int(req->args, "committee", committee);
	if (!c->auth.logged_in && params[0] == NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST, "give the committee");
		return;
	}
	if (comment_source(req, source) != 0) {
		request_fail(req, YG_ERR_INTERNAL, "cannot tag the address");
		return;
	}
	snprintf(rate, sizeof(rate), "%u", request_server(req)->cfg->comment_rate);
	params[1] = api_call_int(req->args, "item", item);
	params[2] = stance;
	params[3] = args_string(req->args, "body");
	params[4] = source;
	params[5] = rate;
	api_call(req, "comment_submit", 6, params,
		 c->auth.logged_in ? API_CALL_CALLER : API_CALL_NULL_CALLER, NULL);
}

const struct op_entry op_comment_submit = {
	.name = "comment.submit",
	.flags = OP_NEEDS_DB,
	.exec = submit_exec,
};

/* The database does it whole (its row names api.comment_list). */
const struct op_entry op_comment_list = {
	.name = "comment.list",
	.flags = OP_NEEDS_DB,
};
