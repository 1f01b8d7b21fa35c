/* item.confidential: the chair marks an item confidential (保密) before its
 * meeting opens; from then on its discussion, vote and record are the
 * members' alone until published (server/policy/visibility.c). */
#include "../api_call.h"
#include "ops.h"

static void confidential_exec(struct request *req)
{
	char id[24];
	const char *params[2] = {api_call_int(req->args, "id", id),
				 args_string(req->args, "reason")};

	api_call(req, "item_confidential", 2, params, API_CALL_CALLER, NULL);
}

const struct op_entry op_item_confidential = {
	.name = "item.confidential",
	.flags = OP_NEEDS_DB,
	.exec = confidential_exec,
};
