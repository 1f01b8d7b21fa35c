/* key.rotate, key.revoke, key.history: a member's keys over time. */
#include "../api_call.h"
#include "ops.h"

static void rotate_exec(struct request *req)
{
	const char *key = args_string(req->args, "key");
	unsigned char pub[SIG_PUB_LEN];
	char id[24];
	const char *params[3] = {api_call_int(req->args, "member", id), key, NULL};

	if (!sig_pub_from_text(key, pub)) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "key must be ed25519: and 43 base64url characters");
		return;
	}
	api_call(req, "key_change", 3, params, API_CALL_CALLER, NULL);
}

static void revoke_exec(struct request *req)
{
	char id[24];
	const char *params[3] = {api_call_int(req->args, "member", id), NULL,
				 args_string(req->args, "reason")};

	api_call(req, "key_change", 3, params, API_CALL_CALLER, NULL);
}

static void history_exec(struct request *req)
{
	char id[24];
	const char *params[1] = {api_call_int(req->args, "member", id)};

	api_call(req, "key_history", 1, params, API_CALL_CALLER, NULL);
}

const struct op_entry op_key_rotate = {
	.name = "key.rotate",
	.flags = OP_NEEDS_DB,
	.exec = rotate_exec,
};

const struct op_entry op_key_revoke = {
	.name = "key.revoke",
	.flags = OP_NEEDS_DB,
	.exec = revoke_exec,
};

const struct op_entry op_key_history = {
	.name = "key.history",
	.flags = OP_NEEDS_DB,
	.exec = history_exec,
};
