/* Materials attached to an item, uploaded in chunks and checked against
 * their declared size and SHA-256 before they count: material.begin,
 * material.chunk, material.finish, material.get. The database keeps each
 * chunk as a row of its own and counts a member's unfinished uploads
 * against --max-uploads (sql/0015_material_chunks.sql). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/b64.h"
#include "../../proto/xalloc.h"
#include "../client.h"
#include "../api_call.h"
#include "ops.h"
#include "../../proto/hex.h"

#define CHUNK_MAX MATERIAL_CHUNK_MAX

/* Whether s is 64 lowercase hex digits. */
static bool material_hex64(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

static void begin_exec(struct request *req)
{
	const char *sha = args_string(req->args, "sha256"),
		   *outcome = args_string(req->args, "outcome");
	cJSON *args;

	if (!material_hex64(sha)) {
		request_fail(req, YG_ERR_BAD_REQUEST, "sha256 must be 64 lowercase hex digits");
		return;
	}
	if (outcome != NULL && strcmp(outcome, "passed") != 0 && strcmp(outcome, "failed") != 0) {
		request_fail(req, YG_ERR_BAD_REQUEST, "outcome must be passed or failed");
		return;
	}
	args = api_call_args_copy(req);
	cJSON_AddNumberToObject(args, "limit", request_server(req)->cfg->max_material);
	cJSON_AddNumberToObject(args, "max_open", request_server(req)->cfg->max_uploads);
	api_call_json(req, "material_begin", args, NULL);
	cJSON_Delete(args);
}

/* The chunk's bytes in hex; NULL if the data is not base64url. */
static char *material_hex(const char *b64)
{
	unsigned char *bytes = xmalloc(CHUNK_MAX);
	long n = b64url_decode(b64, bytes, CHUNK_MAX);
	char *out = NULL;

	if (n > 0) {
		out = xmalloc(1 + 2 * (size_t)n);
		hex_encode(bytes, (size_t)n, out);
	}
	free(bytes);
	return out;
}

static void chunk_exec(struct request *req)
{
	char *data = material_hex(args_string(req->args, "data"));
	cJSON *args;

	if (data == NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST, "data must be base64url of at most %d bytes",
			     CHUNK_MAX);
		return;
	}
	/* the bytes in hex instead of their base64url */
	args = api_call_args_copy(req);
	cJSON_DeleteItemFromObjectCaseSensitive(args, "data");
	cJSON_AddStringToObject(args, "hex", data);
	free(data);
	api_call_json(req, "material_chunk", args, NULL);
	cJSON_Delete(args);
}

/* A mismatched upload is discarded by the database, which says so. */
static void finish_done(struct request *req, cJSON *result)
{
	const cJSON *error = cJSON_GetObjectItemCaseSensitive(result, "error");

	if (cJSON_IsString(error)) {
		request_fail(req, YG_ERR_BAD_REQUEST, "%s", error->valuestring);
		cJSON_Delete(result);
		return;
	}
	request_reply(req, result);
}

static void finish_exec(struct request *req)
{
	api_call_args(req, "material_finish", finish_done);
}

static void get_exec(struct request *req)
{
	cJSON *args = api_call_args_copy(req);

	cJSON_AddNumberToObject(args, "length", CHUNK_MAX);
	api_call_json(req, "material_get", args, NULL);
	cJSON_Delete(args);
}

const struct op_entry op_material_begin = {
	.name = "material.begin",
	.flags = OP_NEEDS_DB,
	.exec = begin_exec,
};

const struct op_entry op_material_chunk = {
	.name = "material.chunk",
	.flags = OP_NEEDS_DB,
	.exec = chunk_exec,
};

const struct op_entry op_material_finish = {
	.name = "material.finish",
	.flags = OP_NEEDS_DB,
	.exec = finish_exec,
};

const struct op_entry op_material_get = {
	.name = "material.get",
	.flags = OP_NEEDS_DB,
	.exec = get_exec,
};
