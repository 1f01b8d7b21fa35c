/* Agenda items (议题): item.create, item.update (a draft), item.revise (an
 * announced item, re-argued), item.announce, item.withdraw, item.object,
 * item.list, item.show, item.public. Every change is a new version. */
#include <stdlib.h>

#include "../client.h"
#include "../dbcall.h"
#include "ops.h"

#define ID_MAX 9007199254740991LL

/* The content of a version; all optional here, create_exec checks those an
 * item cannot lack. */
#define ITEM_CONTENT_ARGS                                                                          \
	{"title", ARG_STRING, false, 1, 200}, {"summary", ARG_TEXT, false, 0, 20000},              \
		{"category", ARG_STRING, false, 1, 32},                                            \
		{"power_entry", ARG_INT, false, 1, ID_MAX},                                        \
		{"affects_public", ARG_BOOL, false, 0, 0},                                         \
		{"candidates", ARG_ARRAY, false, 0, 50},                                           \
	{                                                                                          \
		"seats", ARG_INT, false, 0, 50                                                     \
	}

static const struct arg_spec create_args[] = {
	ITEM_CONTENT_ARGS,
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec change_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	ITEM_CONTENT_ARGS,
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec id_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec reason_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, true, 1, 2000},
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec list_args[] = {
	{"status", ARG_STRING, false, 1, 16},
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec public_args[] = {
	{"committee", ARG_INT, true, 1, ID_MAX},
	{NULL, 0, false, 0, 0},
};

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
	ic->params[3] = dbcall_int(args, "power_entry", ic->power);
	ic->params[4] = pub == NULL ? NULL : cJSON_IsTrue(pub) ? "true" : "false";
	ic->params[5] = ic->candidates;
	ic->params[6] = dbcall_int(args, "seats", ic->seats);
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
	dbcall(req, "item_create", 7, ic.params, DBCALL_CALLER, NULL);
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
	params[0] = dbcall_int(req->args, "id", id);
	for (i = 0; i < 7; i++)
		params[1 + i] = ic.params[i];
	params[8] = req->op->name;
	dbcall(req, "item_new_version", 9, params, DBCALL_CALLER, NULL);
	free(ic.candidates);
}

static void announce_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {dbcall_int(req->args, "id", id)};

	dbcall(req, "item_announce", 1, params, DBCALL_CALLER, NULL);
}

/* item.withdraw and item.object: the item and a reason. */
static void reasoned_exec(struct request *req)
{
	char id[24];
	const char *params[2] = {dbcall_int(req->args, "id", id), args_string(req->args, "reason")};

	dbcall(req, req->op->name[5] == 'w' ? "item_withdraw" : "item_object", 2, params,
	       DBCALL_CALLER, NULL);
}

static void list_exec(struct request *req)
{
	const char *params[1] = {args_string(req->args, "status")};

	dbcall(req, "item_list", 1, params, DBCALL_CALLER, NULL);
}

static void show_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {dbcall_int(req->args, "id", id)};

	dbcall(req, "item_show", 1, params, DBCALL_CALLER, NULL);
}

static void public_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {dbcall_int(req->args, "committee", id)};

	dbcall(req, "item_public", 1, params, 0, NULL);
}

#define ITEM_OP(var, opname, spec, fn, text)                                                       \
	const struct op_entry var = {                                                              \
		.name = opname, .args = spec, .flags = OP_NEEDS_DB, .exec = fn, .summary = text}

ITEM_OP(op_item_create, "item.create", create_args, create_exec,
	"draft an item as the member in charge (分管领导)");
ITEM_OP(op_item_update, "item.update", change_args, change_exec, "change a draft (a new version)");
ITEM_OP(op_item_revise, "item.revise", change_args, change_exec,
	"re-argue an announced item: a new version, to be announced again");
ITEM_OP(op_item_announce, "item.announce", id_args, announce_exec,
	"announce the current version and open its comment window");
ITEM_OP(op_item_withdraw, "item.withdraw", reason_args, reasoned_exec, "withdraw an item");
ITEM_OP(op_item_object, "item.object", reason_args, reasoned_exec,
	"lodge a member's formal objection: the item is contested");
ITEM_OP(op_item_list, "item.list", list_args, list_exec, "the committee's items");
ITEM_OP(op_item_show, "item.show", id_args, show_exec,
	"an item with its versions, materials, comments and objections");
ITEM_OP(op_item_public, "item.public", public_args, public_exec,
	"announced items open for public comment (public)");
