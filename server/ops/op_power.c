/* The power list (权力清单): power.list (public), power.add, power.update,
 * power.retire. Items must cite an entry; entries not for collective
 * decision refuse them. */
#include "../client.h"
#include "../api_call.h"
#include "ops.h"

/* "true", "false", or NULL when the argument is absent. */
static const char *power_bool(const cJSON *args, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, name);

	return v == NULL ? NULL : cJSON_IsTrue(v) ? "true" : "false";
}

static void list_exec(struct request *req)
{
	char cid[24];
	const char *params[1] = {api_call_int(req->args, "committee", cid)};

	if (params[0] == NULL && req->client->auth.logged_in) {
		snprintf(cid, sizeof(cid), "%lld", req->client->auth.committee);
		params[0] = cid;
	}
	if (params[0] == NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST, "give the committee");
		return;
	}
	api_call(req, "power_list", 1, params, 0, NULL);
}

static void add_exec(struct request *req)
{
	const char *params[4] = {
		args_string(req->args, "category"), args_string(req->args, "title"),
		args_string(req->args, "legal_basis"), power_bool(req->args, "collective")};

	api_call(req, "power_add", 4, params, API_CALL_CALLER, NULL);
}

static void update_exec(struct request *req)
{
	char id[24];
	const char *params[5] = {api_call_int(req->args, "id", id), args_string(req->args, "title"),
				 args_string(req->args, "legal_basis"),
				 power_bool(req->args, "collective"), "false"};

	api_call(req, "power_update", 5, params, API_CALL_CALLER, NULL);
}

static void retire_exec(struct request *req)
{
	char id[24];
	const char *params[5] = {api_call_int(req->args, "id", id), NULL, NULL, NULL, "true"};

	api_call(req, "power_update", 5, params, API_CALL_CALLER, NULL);
}

const struct op_entry op_power_list = {
	.name = "power.list",
	.flags = OP_NEEDS_DB,
	.exec = list_exec,
};

const struct op_entry op_power_add = {
	.name = "power.add",
	.flags = OP_NEEDS_DB,
	.exec = add_exec,
};

const struct op_entry op_power_update = {
	.name = "power.update",
	.flags = OP_NEEDS_DB,
	.exec = update_exec,
};

const struct op_entry op_power_retire = {
	.name = "power.retire",
	.flags = OP_NEEDS_DB,
	.exec = retire_exec,
};
