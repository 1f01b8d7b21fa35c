/* committee.list, committee.create. */
#include <stdlib.h>

#include "../api_call.h"
#include "../policy/settings.h"
#include "ops.h"

/* A new committee with every rule at its default; its creator becomes its
 * first admin. A trial committee (试用) is made so now or never. */
static void create_exec(struct request *req)
{
	cJSON *args = api_call_args_copy(req);

	cJSON_AddItemToObject(args, "rules", settings_defaults());
	api_call_json(req, "committee_create", args, NULL);
	cJSON_Delete(args);
}

const struct op_entry op_committee_create = {
	.name = "committee.create",
	.flags = OP_NEEDS_DB,
	.exec = create_exec,
};
