/* item.gates: whether an item may go on an agenda now, and if not, every
 * gate it fails (server/policy/gates.c judges; the database gives the facts
 * and the time). */
#include "../api_call.h"
#include "../policy/gates.h"
#include "ops.h"

/* Judge the facts api.item_facts returned ({"facts", "now"}). Returns the
 * number of unmet gates, or -1 if the facts cannot be read. */
int gates_judge(const cJSON *result, struct gate_unmet *unmet, int max)
{
	struct item_facts f;
	const cJSON *now = cJSON_GetObjectItemCaseSensitive(result, "now");

	if (gates_facts_from_json(cJSON_GetObjectItemCaseSensitive(result, "facts"), &f) != 0 ||
	    !cJSON_IsNumber(now))
		return -1;
	return gates_check(&f, (time_t)now->valuedouble, unmet, max);
}

static void gates_done(struct request *req, cJSON *result)
{
	struct gate_unmet unmet[GATE__COUNT + GATES_MAX_KINDS];
	const cJSON *facts = cJSON_GetObjectItemCaseSensitive(result, "facts");
	int n = gates_judge(result, unmet, (int)(sizeof(unmet) / sizeof(unmet[0])));
	cJSON *out;

	if (n < 0) {
		cJSON_Delete(result);
		request_fail(req, YG_ERR_INTERNAL, "unreadable item facts");
		return;
	}
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "item", cJSON_Duplicate(cJSON_GetObjectItem(facts, "item"), 1));
	cJSON_AddItemToObject(out, "version",
			      cJSON_Duplicate(cJSON_GetObjectItem(facts, "version"), 1));
	cJSON_AddBoolToObject(out, "ready", n == 0);
	cJSON_AddItemToObject(out, "gates", gates_to_json(unmet, n));
	cJSON_AddItemToObject(out, "now", cJSON_Duplicate(cJSON_GetObjectItem(result, "now"), 1));
	cJSON_Delete(result);
	request_reply(req, out);
}

static void gates_exec(struct request *req)
{
	api_call_args(req, "item_facts", gates_done);
}

const struct op_entry op_item_gates = {
	.name = "item.gates",
	.flags = OP_NEEDS_DB,
	.exec = gates_exec,
};
