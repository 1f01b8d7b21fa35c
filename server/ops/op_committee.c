/* committee.list, committee.create. */
#include <stdlib.h>

#include "../dbcall.h"
#include "../policy/settings.h"
#include "ops.h"

static const struct arg_spec list_args[] = {
	{NULL, 0, false, 0, 0},
};

static const struct arg_spec create_args[] = {
	{"name", ARG_STRING, true, 1, 100},
	{NULL, 0, false, 0, 0},
};

static void list_exec(struct request *req)
{
	dbcall(req, "committee_list", 0, NULL, 0, NULL);
}

/* A new committee with every rule at its default; its creator becomes its
 * first admin. */
static void create_exec(struct request *req)
{
	cJSON *defaults = settings_defaults();
	char *rules = cJSON_PrintUnformatted(defaults);
	const char *params[2] = {args_string(req->args, "name"), rules};

	cJSON_Delete(defaults);
	dbcall(req, "committee_create", 2, params, DBCALL_CALLER, NULL);
	free(rules);
}

const struct op_entry op_committee_list = {
	.name = "committee.list",
	.args = list_args,
	.flags = OP_NEEDS_DB,
	.exec = list_exec,
	.summary = "committees served here, to choose one to log in to",
};

const struct op_entry op_committee_create = {
	.name = "committee.create",
	.args = create_args,
	.flags = OP_NEEDS_DB,
	.exec = create_exec,
	.summary = "create a committee with default rules; its creator becomes its admin",
};
