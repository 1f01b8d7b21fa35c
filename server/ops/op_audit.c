/* audit.log: the committee's administrative record, oldest first. */
#include "../dbcall.h"
#include "ops.h"

static const struct arg_spec log_args[] = {
	{"after", ARG_INT, false, 0, 9007199254740991LL},
	{"limit", ARG_INT, false, 1, 1000},
	{NULL, 0, false, 0, 0},
};

static void log_exec(struct request *req)
{
	char after[24], limit[24];
	const char *params[2] = {dbcall_int(req->args, "after", after),
				 dbcall_int(req->args, "limit", limit)};

	dbcall(req, "audit_log", 2, params, DBCALL_CALLER, NULL);
}

const struct op_entry op_audit_log = {
	.name = "audit.log",
	.args = log_args,
	.flags = OP_NEEDS_DB,
	.exec = log_exec,
	.summary = "who changed what and when, after an entry id",
};
