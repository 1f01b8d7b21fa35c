/* subscribe, unsubscribe: follow or stop following an event stream. */
#include "../client.h"
#include "../streams.h"
#include "ops.h"

static void subscribe_exec(struct request *req)
{
	const char *stream = args_string(req->args, "stream");
	cJSON *res;

	if (!stream_may_subscribe(req->client, stream)) {
		request_fail(req, YG_ERR_NOT_FOUND, "no stream \"%s\" open to this connection",
			     stream);
		return;
	}
	if (client_subscribe(req->client, stream) != 0) {
		request_fail(req, YG_ERR_BUSY, "too many subscriptions on this connection");
		return;
	}
	res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "stream", stream);
	request_reply(req, res);
}

static void unsubscribe_exec(struct request *req)
{
	client_unsubscribe(req->client, args_string(req->args, "stream"));
	request_reply(req, NULL);
}

const struct op_entry op_subscribe = {
	.name = "subscribe",
	.exec = subscribe_exec,
};

const struct op_entry op_unsubscribe = {
	.name = "unsubscribe",
	.exec = unsubscribe_exec,
};
