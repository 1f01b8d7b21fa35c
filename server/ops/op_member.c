/* member.add, member.list, member.update: a committee's members, their
 * names (Chinese names as they are), titles, roles and status. */
#include <stdlib.h>
#include <string.h>

#include "../../proto/roles.h"
#include "../api_call.h"
#include "ops.h"

/* Whether roles (if given) names only committee roles, each once; answers
 * req and returns false if not. */
static bool member_roles_ok(struct request *req, const cJSON *roles)
{
	unsigned bits = 0, r;
	const cJSON *v;

	cJSON_ArrayForEach(v, roles) {
		r = cJSON_IsString(v) ? role_from_name(v->valuestring) : 0;
		if (r == 0 || !(r & ROLES_COMMITTEE) || (bits & r)) {
			request_fail(req, YG_ERR_BAD_REQUEST,
				     "roles must be distinct among admin, chair, member, clerk, "
				     "auditor");
			return false;
		}
		bits |= r;
	}
	return true;
}

static void add_exec(struct request *req)
{
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(req->args, "roles");
	unsigned char pub[SIG_PUB_LEN];

	if (!member_roles_ok(req, roles))
		return;
	if (!sig_pub_from_text(args_string(req->args, "key"), pub)) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "key must be ed25519: and 43 base64url characters");
		return;
	}
	api_call_args(req, "member_add", NULL);
}

static void update_exec(struct request *req)
{
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(req->args, "roles");
	const char *status = args_string(req->args, "status");

	if (roles != NULL && !member_roles_ok(req, roles))
		return;
	if (status != NULL && strcmp(status, "active") != 0 && strcmp(status, "suspended") != 0 &&
	    strcmp(status, "removed") != 0) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "status must be active, suspended or removed");
		return;
	}
	api_call_args(req, "member_update", NULL);
}

const struct op_entry op_member_add = {
	.name = "member.add",
	.flags = OP_NEEDS_DB,
	.exec = add_exec,
};

const struct op_entry op_member_update = {
	.name = "member.update",
	.flags = OP_NEEDS_DB,
	.exec = update_exec,
};
