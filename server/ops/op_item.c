/* Agenda items (议题): item.create, item.update (a draft), item.revise (an
 * announced item, re-argued), item.announce, item.withdraw, item.object,
 * item.list, item.show, item.public. Every change is a new version. */
#include <stdlib.h>

#include "../client.h"
#include "../api_call.h"
#include "ops.h"

/* The content arguments as parameters: title, summary, category,
 * power_entry, affects_public, candidates, seats (NULL when absent). The
 * strings in bufs are freed by item_content_free. */
struct item_content {
	const char *params[7];
	char power[24], seats[24];
	char *candidates;
};

static void item_content(const cJSON *args, struct item_content *ic)
{
	const cJSON *pub = cJSON_GetObjectItemCaseSensitive(args, "affects_public");
	const cJSON *cand = cJSON_GetObjectItemCaseSensitive(args, "candidates");

	ic->candidates = cand != NULL ? cJSON_PrintUnformatted(cand) : NULL;
	ic->params[0] = args_string(args, "title");
	ic->params[1] = args_string(args, "summary");
	ic->params[2] = args_string(args, "category");
	ic->params[3] = api_call_int(args, "power_entry", ic->power);
	ic->params[4] = pub == NULL ? NULL : cJSON_IsTrue(pub) ? "true" : "false";
	ic->params[5] = ic->candidates;
	ic->params[6] = api_call_int(args, "seats", ic->seats);
}

static void create_exec(struct request *req)
{
	struct item_content ic;
	int i;

	item_content(req->args, &ic);
	for (i = 0; i < 5; i++)
		if (ic.params[i] == NULL && i != 1) {
			request_fail(
				req, YG_ERR_BAD_REQUEST,
				"an item needs title, category, power_entry and affects_public");
			free(ic.candidates);
			return;
		}
	api_call(req, "item_create", 7, ic.params, API_CALL_CALLER, NULL);
	free(ic.candidates);
}

/* item.update and item.revise: a new version with the given changes. */
static void change_exec(struct request *req)
{
	struct item_content ic;
	const char *params[10];
	char id[24];
	int i;

	item_content(req->args, &ic);
	params[0] = api_call_int(req->args, "id", id);
	for (i = 0; i < 7; i++)
		params[1 + i] = ic.params[i];
	params[8] = req->op->name;
	api_call(req, "item_new_version", 9, params, API_CALL_CALLER, NULL);
	free(ic.candidates);
}

static void announce_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {api_call_int(req->args, "id", id)};

	api_call(req, "item_announce", 1, params, API_CALL_CALLER, NULL);
}

/* item.withdraw and item.object: the item and a reason. */
static void reasoned_exec(struct request *req)
{
	char id[24];
	const char *params[2] = {api_call_int(req->args, "id", id),
				 args_string(req->args, "reason")};

	api_call(req, req->op->name[5] == 'w' ? "item_withdraw" : "item_object", 2, params,
		 API_CALL_CALLER, NULL);
}

static void list_exec(struct request *req)
{
	const char *params[1] = {args_string(req->args, "status")};

	api_call(req, "item_list", 1, params, API_CALL_CALLER, NULL);
}

static void show_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {api_call_int(req->args, "id", id)};

	api_call(req, "item_show", 1, params, API_CALL_CALLER, NULL);
}

static void public_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {api_call_int(req->args, "committee", id)};

	api_call(req, "item_public", 1, params, 0, NULL);
}

const struct op_entry op_item_create = {
	.name = "item.create", .flags = OP_NEEDS_DB, .exec = create_exec};
const struct op_entry op_item_update = {
	.name = "item.update", .flags = OP_NEEDS_DB, .exec = change_exec};
const struct op_entry op_item_revise = {
	.name = "item.revise", .flags = OP_NEEDS_DB, .exec = change_exec};
const struct op_entry op_item_announce = {
	.name = "item.announce", .flags = OP_NEEDS_DB, .exec = announce_exec};
const struct op_entry op_item_withdraw = {
	.name = "item.withdraw", .flags = OP_NEEDS_DB, .exec = reasoned_exec};
const struct op_entry op_item_object = {
	.name = "item.object", .flags = OP_NEEDS_DB, .exec = reasoned_exec};
const struct op_entry op_item_list = {.name = "item.list", .flags = OP_NEEDS_DB, .exec = list_exec};
const struct op_entry op_item_show = {.name = "item.show", .flags = OP_NEEDS_DB, .exec = show_exec};
const struct op_entry op_item_public = {
	.name = "item.public", .flags = OP_NEEDS_DB, .exec = public_exec};
