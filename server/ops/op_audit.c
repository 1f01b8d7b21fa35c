/* audit.log: the committee's administrative record, oldest first. */
#include "../api_call.h"
#include "ops.h"

static void log_exec(struct request *req)
{
	char after[24], limit[24];
	const char *params[2] = {api_call_int(req->args, "after", after),
				 api_call_int(req->args, "limit", limit)};

	api_call(req, "audit_log", 2, params, API_CALL_CALLER, NULL);
}

const struct op_entry op_audit_log = {
	.name = "audit.log",
	.flags = OP_NEEDS_DB,
	.exec = log_exec,
};
