/* catalog.get: the categories of 三重一大, kinds of material and categories
 * of observer — data, not constants in code. */
#include "../api_call.h"
#include "ops.h"

static void catalog_exec(struct request *req)
{
	char cid[24];
	const char *params[1] = {api_call_int(req->args, "committee", cid)};

	api_call(req, "catalog", 1, params, 0, NULL);
}

const struct op_entry op_catalog_get = {
	.name = "catalog.get",
	.flags = OP_NEEDS_DB,
	.exec = catalog_exec,
};
