/* committee.list, committee.create. */
#include <stdlib.h>

#include "../api_call.h"
#include "../policy/settings.h"
#include "ops.h"

/* A new committee with every rule at its default; its creator becomes its
 * first admin. A trial committee (试用) is made so now or never. */
static void create_exec(struct request *req)
{
	cJSON *defaults = settings_defaults();
	char *rules = cJSON_PrintUnformatted(defaults);
	const char *params[3] = {args_string(req->args, "name"), rules,
				 args_bool(req->args, "trial", false) ? "true" : "false"};

	cJSON_Delete(defaults);
	api_call(req, "committee_create", 3, params, API_CALL_CALLER, NULL);
	free(rules);
}

/* The database does it whole (its row names api.committee_list). */
const struct op_entry op_committee_list = {
	.name = "committee.list",
	.flags = OP_NEEDS_DB,
};

const struct op_entry op_committee_create = {
	.name = "committee.create",
	.flags = OP_NEEDS_DB,
	.exec = create_exec,
};
