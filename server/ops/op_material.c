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
	char item[24], size[24], limit[24], open_max[24];
	const char *params[8] = {api_call_int(req->args, "item", item),
				 args_string(req->args, "kind"),
				 args_string(req->args, "filename"),
				 api_call_int(req->args, "size", size),
				 sha,
				 outcome,
				 limit,
				 open_max};

	if (!material_hex64(sha)) {
		request_fail(req, YG_ERR_BAD_REQUEST, "sha256 must be 64 lowercase hex digits");
		return;
	}
	if (outcome != NULL && strcmp(outcome, "passed") != 0 && strcmp(outcome, "failed") != 0) {
		request_fail(req, YG_ERR_BAD_REQUEST, "outcome must be passed or failed");
		return;
	}
	snprintf(limit, sizeof(limit), "%u", request_server(req)->cfg->max_material);
	snprintf(open_max, sizeof(open_max), "%u", request_server(req)->cfg->max_uploads);
	api_call(req, "material_begin", 8, params, API_CALL_CALLER, NULL);
}

/* The chunk as a bytea parameter in hex form ("\x..."); NULL if the data is
 * not base64url. */
static char *material_hex_param(const char *b64)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char *bytes = xmalloc(CHUNK_MAX);
	long n = b64url_decode(b64, bytes, CHUNK_MAX), i;
	char *out = NULL;

	if (n > 0) {
		out = xmalloc(3 + 2 * (size_t)n);
		memcpy(out, "\\x", 2);
		for (i = 0; i < n; i++) {
			out[2 + 2 * i] = hex[bytes[i] >> 4];
			out[3 + 2 * i] = hex[bytes[i] & 15];
		}
		out[2 + 2 * n] = '\0';
	}
	free(bytes);
	return out;
}

static void chunk_exec(struct request *req)
{
	char upload[24], offset[24], *data = material_hex_param(args_string(req->args, "data"));
	const char *params[3] = {api_call_int(req->args, "upload", upload),
				 api_call_int(req->args, "offset", offset), data};

	if (data == NULL) {
		request_fail(req, YG_ERR_BAD_REQUEST, "data must be base64url of at most %d bytes",
			     CHUNK_MAX);
		return;
	}
	api_call(req, "material_chunk", 3, params, API_CALL_CALLER, NULL);
	free(data);
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
	char id[24], offset[24], length[24];
	const char *params[3] = {api_call_int(req->args, "id", id), offset, length};

	snprintf(offset, sizeof(offset), "%lld", args_int(req->args, "offset", 0));
	snprintf(length, sizeof(length), "%d", CHUNK_MAX);
	api_call(req, "material_get", 3, params, API_CALL_CALLER, NULL);
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
