/* key.rotate, key.revoke, key.history: a member's keys over time. The
 * database does key.revoke and key.history whole (their rows name
 * api.key_revoke and api.key_history); key.rotate's new key is checked
 * here first. */
#include "../api_call.h"
#include "ops.h"

static void rotate_exec(struct request *req)
{
	unsigned char pub[SIG_PUB_LEN];

	if (!sig_pub_from_text(args_string(req->args, "key"), pub)) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "key must be ed25519: and 43 base64url characters");
		return;
	}
	api_call_args(req, "key_rotate", NULL);
}

const struct op_entry op_key_rotate = {
	.name = "key.rotate",
	.flags = OP_NEEDS_DB,
	.exec = rotate_exec,
};
