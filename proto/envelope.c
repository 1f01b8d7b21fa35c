#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "refusal.h"
#include "strictjson.h"
#include "utf8.h"

/* Whether the JSON text has a \u0000 escape, which would cut a string short
 * once decoded. Backslashes only occur inside strings in valid JSON, so
 * skipping each escaped character is enough to read escapes correctly. */
static bool envelope_has_nul_escape(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\\')
			continue;
		if (buf[i + 1] == 'u' && len - i >= 6 && memcmp(buf + i + 2, "0000", 4) == 0)
			return true;
		i++;
	}
	return false;
}

/* Whether only JSON whitespace remains from p to end. */
static bool envelope_only_space(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
	return true;
}

/* Parse a frame's payload into a JSON object. On failure returns NULL with
 * *err and a static explanation in *why. */
cJSON *envelope_decode(const char *buf, size_t len, enum yg_err *err, const char **why)
{
	const char *end = NULL;
	cJSON *msg;

	*err = YG_ERR_BAD_JSON;
	if (!utf8_valid(buf, len)) {
		*why = "payload is not valid UTF-8";
		return NULL;
	}
	if (envelope_has_nul_escape(buf, len)) {
		*why = "payload contains the escape \\u0000";
		return NULL;
	}
	msg = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (msg == NULL) {
		*why = "payload is not valid JSON";
		return NULL;
	}
	if (!envelope_only_space(end, buf + len)) {
		cJSON_Delete(msg);
		*why = "payload has something after its JSON object";
		return NULL;
	}
	if (!cJSON_IsObject(msg)) {
		cJSON_Delete(msg);
		*why = "payload is not a JSON object";
		return NULL;
	}
	*err = YG_OK;
	return msg;
}

/* Serialise a message compactly; the caller frees the result. */
char *envelope_encode(const cJSON *msg, size_t *len)
{
	char *s = cJSON_PrintUnformatted(msg);

	if (s != NULL && len != NULL)
		*len = strlen(s);
	return s;
}

/* Whether item is a JSON number holding a whole number in [0, 2^53). */
bool envelope_uint(const cJSON *item, uint64_t *out)
{
	double d;

	if (!cJSON_IsNumber(item))
		return false;
	d = item->valuedouble;
	if (!(d >= 0 && d <= ENVELOPE_ID_MAX) || floor(d) != d)
		return false;
	*out = (uint64_t)d;
	return true;
}

/* Whether name is 1..max characters of [a-z0-9_.:-], starting with a letter. */
bool envelope_name_valid(const char *name, size_t max)
{
	size_t i;

	if (name[0] < 'a' || name[0] > 'z')
		return false;
	for (i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		if (i >= max)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == ':' || c == '-'))
			return false;
	}
	return true;
}

/* Check that a request has exactly the members id, op and (optionally) args,
 * of the right types. An empty args object stands in when args is absent. */
/* The reason of the last strict-reading refusal (the loop's one thread
 * parses requests; a terminal, its own). */
static char envelope_why[256];

enum yg_err envelope_parse_request(const cJSON *msg, struct yg_request *req, const char **why)
{
	static const cJSON empty_args = {.type = cJSON_Object};
	const cJSON *m;
	bool seen_id = false, seen_args = false;

	memset(req, 0, sizeof(*req));
	req->args = &empty_args;
	req->has_id = envelope_uint(cJSON_GetObjectItemCaseSensitive(msg, "id"), &req->id);
	if (!req->has_id) {
		*why = "request needs an \"id\": a whole number from 0 to 2^53-1";
		return YG_ERR_BAD_REQUEST;
	}
	cJSON_ArrayForEach(m, msg) {
		if ((strcmp(m->string, "id") == 0 && seen_id) ||
		    (strcmp(m->string, "op") == 0 && req->op != NULL) ||
		    (strcmp(m->string, "args") == 0 && seen_args) ||
		    (strcmp(m->string, "sig") == 0 && req->sig != NULL)) {
			*why = "request has a member twice";
			return YG_ERR_BAD_REQUEST;
		}
		if (strcmp(m->string, "id") == 0) {
			seen_id = true;
		} else if (strcmp(m->string, "op") == 0) {
			if (!cJSON_IsString(m)) {
				*why = "\"op\" must be a string";
				return YG_ERR_BAD_REQUEST;
			}
			req->op = m->valuestring;
		} else if (strcmp(m->string, "args") == 0) {
			if (!cJSON_IsObject(m)) {
				*why = "\"args\" must be an object";
				return YG_ERR_BAD_REQUEST;
			}
			req->args = m;
			seen_args = true;
		} else if (strcmp(m->string, "sig") == 0) {
			req->sig = m;
		} else {
			*why = "request has a member other than id, op, args and sig";
			return YG_ERR_BAD_REQUEST;
		}
	}
	if (req->op == NULL) {
		*why = "request needs an \"op\"";
		return YG_ERR_BAD_REQUEST;
	}
	if (!envelope_name_valid(req->op, ENVELOPE_OP_MAX)) {
		*why = "\"op\" is not a valid operation name";
		return YG_ERR_UNKNOWN_OP;
	}
	/* A name twice in any object of the arguments means two things to
	 * two readers. */
	if (strictjson_check_tree(req->args, "args", envelope_why, sizeof(envelope_why)) != 0) {
		*why = envelope_why;
		return YG_ERR_BAD_REQUEST;
	}
	return YG_OK;
}

/* Fill rep from an error message; returns the kind it found. */
static enum yg_msg_kind envelope_parse_error(const cJSON *e, struct yg_reply *rep)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(e, "message");
	const cJSON *reason = cJSON_GetObjectItemCaseSensitive(e, "reason");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(e, "params");

	if (!cJSON_IsObject(e) || !cJSON_IsString(code) || !cJSON_IsString(message))
		return YG_MSG_INVALID;
	rep->code = code->valuestring;
	rep->message = message->valuestring;
	rep->reason = cJSON_IsString(reason) ? reason->valuestring : NULL;
	rep->params = cJSON_IsArray(params) ? params : NULL;
	return rep->kind = YG_MSG_ERROR;
}

/* Fill rep from an event message; returns the kind it found. */
static enum yg_msg_kind envelope_parse_event(const cJSON *msg, struct yg_reply *rep)
{
	const cJSON *stream = cJSON_GetObjectItemCaseSensitive(msg, "stream");
	const cJSON *event = cJSON_GetObjectItemCaseSensitive(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (!cJSON_IsString(stream) || !cJSON_IsString(event) || !cJSON_IsObject(data) ||
	    !envelope_uint(cJSON_GetObjectItemCaseSensitive(msg, "seq"), &rep->seq))
		return YG_MSG_INVALID;
	rep->stream = stream->valuestring;
	rep->event = event->valuestring;
	rep->data = data;
	return rep->kind = YG_MSG_EVENT;
}

/* Classify a message received by a client and point rep at its parts. */
enum yg_msg_kind envelope_parse_reply(const cJSON *msg, struct yg_reply *rep)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(msg, "result");
	const cJSON *error = cJSON_GetObjectItemCaseSensitive(msg, "error");

	memset(rep, 0, sizeof(*rep));
	if (id == NULL)
		return envelope_parse_event(msg, rep);
	rep->has_id = envelope_uint(id, &rep->id);
	if (!rep->has_id && !cJSON_IsNull(id))
		return YG_MSG_INVALID;
	if (error != NULL && result == NULL)
		return envelope_parse_error(error, rep);
	if (result != NULL && error == NULL && rep->has_id && cJSON_IsObject(result)) {
		rep->result = result;
		return rep->kind = YG_MSG_RESULT;
	}
	return YG_MSG_INVALID;
}

/* Add a whole number exactly: cJSON prints doubles with 15 significant
 * digits, which is not enough above 2^52. */
static void envelope_add_uint(cJSON *obj, const char *name, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(obj, name, buf);
}

/* Build a request; takes ownership of args (NULL for none). */
cJSON *envelope_request(uint64_t id, const char *op, cJSON *args)
{
	cJSON *msg = cJSON_CreateObject();

	envelope_add_uint(msg, "id", id);
	cJSON_AddStringToObject(msg, "op", op);
	cJSON_AddItemToObject(msg, "args", args != NULL ? args : cJSON_CreateObject());
	return msg;
}

/* Build a success reply; takes ownership of result (NULL for an empty one). */
cJSON *envelope_result(uint64_t id, cJSON *result)
{
	cJSON *msg = cJSON_CreateObject();

	envelope_add_uint(msg, "id", id);
	cJSON_AddItemToObject(msg, "result", result != NULL ? result : cJSON_CreateObject());
	return msg;
}

/* Build an error reply; the id is null when the request had none. */
/* The refusal's reason and parameters (proto/refusal.h), when its message
 * is one the catalog knows: terminals word it in their user's language. */
static void envelope_add_reason(cJSON *e, const char *message)
{
	struct refusal_params p;
	const char *reason = refusal_reason(message, &p);
	cJSON *params;
	int i;

	if (reason == NULL)
		return;
	cJSON_AddStringToObject(e, "reason", reason);
	params = cJSON_AddArrayToObject(e, "params");
	for (i = 0; i < p.n; i++)
		cJSON_AddItemToArray(params, cJSON_CreateString(p.v[i]));
}

cJSON *envelope_error(bool has_id, uint64_t id, enum yg_err err, const char *message)
{
	cJSON *msg = cJSON_CreateObject();
	cJSON *e = cJSON_CreateObject();

	if (has_id)
		envelope_add_uint(msg, "id", id);
	else
		cJSON_AddNullToObject(msg, "id");
	cJSON_AddStringToObject(e, "code", yg_err_code(err));
	cJSON_AddStringToObject(e, "message", message);
	envelope_add_reason(e, message);
	cJSON_AddItemToObject(msg, "error", e);
	return msg;
}

/* Build a pushed event; takes ownership of data (NULL for an empty one). */
cJSON *envelope_event(const char *stream, uint64_t seq, const char *event, cJSON *data)
{
	cJSON *msg = cJSON_CreateObject();

	cJSON_AddStringToObject(msg, "stream", stream);
	envelope_add_uint(msg, "seq", seq);
	cJSON_AddStringToObject(msg, "event", event);
	cJSON_AddItemToObject(msg, "data", data != NULL ? data : cJSON_CreateObject());
	return msg;
}
