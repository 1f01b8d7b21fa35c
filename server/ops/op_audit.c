/* audit.log: the committee's administrative record, oldest first. */
#include "../dbcall.h"
#include "ops.h"

static void log_exec(struct request *req)
{
	char after[24], limit[24];
	const char *params[2] = {dbcall_int(req->args, "after", after),
				 dbcall_int(req->args, "limit", limit)};

	dbcall(req, "audit_log", 2, params, DBCALL_CALLER, NULL);
}

const struct op_entry op_audit_log = {
	.name = "audit.log",
	.flags = OP_NEEDS_DB,
	.exec = log_exec,
};
