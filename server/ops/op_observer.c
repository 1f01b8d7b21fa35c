/* The observer pool (会议开放人员库): observer.register with the registrant's
 * own key, observer.list, observer.decide, observer.category.add. Each
 * checks here what the database does not (the registrant's key, the words
 * allowed), then calls its entry point with the validated arguments as one
 * JSON value (api_call_args). */
#include <string.h>

#include "../api_call.h"
#include "ops.h"

/* Whether s is one of the NULL-terminated words. */
static bool observer_one_of(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/* The registrant has proved they hold the key: store the registration. */
static void register_verified(struct request *req)
{
	api_call_args(req, "observer_register", NULL);
}

/* The registrant proves they hold the key, as at login. */
static void register_exec(struct request *req)
{
	auth_verify_request(req, AUTH_REGISTER, args_int(req->args, "committee", 0),
			    args_string(req->args, "key"), args_string(req->args, "signature"),
			    register_verified);
}

static void list_exec(struct request *req)
{
	static const char *const statuses[] = {"pending", "approved", "rejected", "removed", NULL};
	const char *status = args_string(req->args, "status");

	if (status != NULL && !observer_one_of(status, statuses)) {
		request_fail(req, YG_ERR_BAD_REQUEST,
			     "status must be pending, approved, rejected or removed");
		return;
	}
	api_call_args(req, "observer_list", NULL);
}

static void decide_exec(struct request *req)
{
	static const char *const decisions[] = {"approve", "reject", "remove", NULL};
	const char *decision = args_string(req->args, "decision");

	if (!observer_one_of(decision, decisions)) {
		request_fail(req, YG_ERR_BAD_REQUEST, "decision must be approve, reject or remove");
		return;
	}
	api_call_args(req, "observer_decide", NULL);
}

static void category_exec(struct request *req)
{
	const char *code = args_string(req->args, "code");
	size_t i;

	for (i = 0; code[i] != '\0'; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') ||
		      (i > 0 && code[i] >= '0' && code[i] <= '9') || code[i] == '_')) {
			request_fail(req, YG_ERR_BAD_REQUEST,
				     "code must be lowercase letters, digits and _, starting with "
				     "a letter");
			return;
		}
	api_call_args(req, "observer_category_add", NULL);
}

const struct op_entry op_observer_register = {
	.name = "observer.register",
	.flags = OP_NEEDS_DB,
	.exec = register_exec,
};

const struct op_entry op_observer_list = {
	.name = "observer.list",
	.flags = OP_NEEDS_DB,
	.exec = list_exec,
};

const struct op_entry op_observer_decide = {
	.name = "observer.decide",
	.flags = OP_NEEDS_DB,
	.exec = decide_exec,
};

const struct op_entry op_observer_category_add = {
	.name = "observer.category.add",
	.flags = OP_NEEDS_DB,
	.exec = category_exec,
};
