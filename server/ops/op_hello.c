/* hello: agree on a protocol version. It must be the first request. */
#include "../../proto/envelope.h"
#include "../../proto/version.h"
#include "../client.h"
#include "ops.h"

/* The newest version in the client's list that we speak, or 0. */
static unsigned hello_choose(const cJSON *versions)
{
	const cJSON *v;
	uint64_t n;
	unsigned best = 0;

	cJSON_ArrayForEach(v, versions) {
		if (!envelope_uint(v, &n))
			return 0;
		if (n >= YG_PROTO_MIN_VERSION && n <= YG_PROTO_VERSION && n > best)
			best = (unsigned)n;
	}
	return best;
}

static void hello_exec(struct request *req)
{
	struct client *c = req->client;
	unsigned version = hello_choose(cJSON_GetObjectItemCaseSensitive(req->args, "versions"));
	cJSON *res;

	if (version == 0) {
		request_fail(req, YG_ERR_VERSION_UNSUPPORTED,
			     "this server speaks protocol versions %d to %d", YG_PROTO_MIN_VERSION,
			     YG_PROTO_VERSION);
		client_close_after_write(c);
		return;
	}
	client_set_ready(c, version);
	res = cJSON_CreateObject();
	cJSON_AddNumberToObject(res, "version", version);
	cJSON_AddStringToObject(res, "server", "ygd/" YG_VERSION);
	cJSON_AddNumberToObject(res, "max_frame", c->server->cfg->max_frame);
	/* The committee's clock (YGD_UTC_OFFSET): terminals show every time in it. */
	cJSON_AddNumberToObject(res, "utc_offset", c->server->cfg->utc_offset);
	request_reply(req, res);
}

const struct op_entry op_hello = {
	.name = "hello",
	.flags = OP_BEFORE_HELLO,
	.exec = hello_exec,
};
