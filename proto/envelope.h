/* The message envelope: requests, replies and events as JSON objects.
 *   request  {"id": N, "op": "name", "args": {...}, "sig": {...}}
 *            ("sig" only on signed requests, proto/reqsig.h)
 *   result   {"id": N, "result": {...}}
 *   error    {"id": N or null, "error": {"code": "...", "message": "..."}}
 *   event    {"stream": "...", "seq": N, "event": "name", "data": {...}}
 */
#ifndef YG_PROTO_ENVELOPE_H
#define YG_PROTO_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "error.h"

/* The largest id, sequence number or count a message carries: 2^53 - 1,
 * the largest whole number every JSON reader keeps exactly (in a double).
 * The one definition; sql/api's JSON readers and strictjson's limit
 * (STRICTJSON_INT_MAX, as text) agree with it. */
#define ID_MAX            9007199254740991LL
#define ENVELOPE_ID_MAX   ((double)ID_MAX)
#define ENVELOPE_OP_MAX   64
#define ENVELOPE_NAME_MAX 128 /* stream and event names */

struct yg_request {
	bool has_id; /* false when the id is missing or unusable */
	uint64_t id;
	const char *op;
	const cJSON *args; /* always an object; borrowed from the parsed message */
	const cJSON *sig;  /* the request's signature (proto/reqsig.h), or NULL */
};

enum yg_msg_kind { YG_MSG_INVALID, YG_MSG_RESULT, YG_MSG_ERROR, YG_MSG_EVENT };

struct yg_reply {
	enum yg_msg_kind kind;
	bool has_id;
	uint64_t id;
	const cJSON *result; /* YG_MSG_RESULT */
	const char *code;    /* YG_MSG_ERROR */
	const char *message; /* YG_MSG_ERROR */
	const char *reason;  /* YG_MSG_ERROR, NULL when none (proto/refusal.h) */
	const cJSON *params; /* YG_MSG_ERROR, the reason's parameters, or NULL */
	const char *stream;  /* YG_MSG_EVENT */
	uint64_t seq;        /* YG_MSG_EVENT */
	const char *event;   /* YG_MSG_EVENT */
	const cJSON *data;   /* YG_MSG_EVENT */
};

cJSON *envelope_decode(const char *buf, size_t len, enum yg_err *err, const char **why);
char *envelope_encode(const cJSON *msg, size_t *len);

enum yg_err envelope_parse_request(const cJSON *msg, struct yg_request *req, const char **why);
enum yg_msg_kind envelope_parse_reply(const cJSON *msg, struct yg_reply *rep);

cJSON *envelope_request(uint64_t id, const char *op, cJSON *args);
cJSON *envelope_result(uint64_t id, cJSON *result);
cJSON *envelope_error(bool has_id, uint64_t id, enum yg_err err, const char *message);
cJSON *envelope_event(const char *stream, uint64_t seq, const char *event, cJSON *data);

bool envelope_name_valid(const char *name, size_t max);
bool envelope_uint(const cJSON *item, uint64_t *out);

#endif
