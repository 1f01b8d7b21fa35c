#include <string.h>

#include "error.h"

static const char *const yg_err_codes[YG_ERR__COUNT] = {
	[YG_OK] = "ok",
	[YG_ERR_BAD_FRAME] = "bad_frame",
	[YG_ERR_FRAME_TOO_LARGE] = "frame_too_large",
	[YG_ERR_BAD_JSON] = "bad_json",
	[YG_ERR_BAD_REQUEST] = "bad_request",
	[YG_ERR_UNKNOWN_OP] = "unknown_op",
	[YG_ERR_HELLO_REQUIRED] = "hello_required",
	[YG_ERR_VERSION_UNSUPPORTED] = "version_unsupported",
	[YG_ERR_BUSY] = "busy",
	[YG_ERR_DB_UNAVAILABLE] = "db_unavailable",
	[YG_ERR_INTERNAL] = "internal",
	[YG_ERR_UNAUTHENTICATED] = "unauthenticated",
	[YG_ERR_FORBIDDEN] = "forbidden",
	[YG_ERR_NOT_FOUND] = "not_found",
	[YG_ERR_CONFLICT] = "conflict",
	[YG_ERR_TOO_MANY_UPLOADS] = "too_many_uploads",
};

/* The wire name of an error code. */
const char *yg_err_code(enum yg_err err)
{
	if ((unsigned)err >= YG_ERR__COUNT)
		return "internal";
	return yg_err_codes[err];
}

/* The error code a wire name stands for. */
enum yg_err yg_err_from_code(const char *code)
{
	int i;

	for (i = 0; i < YG_ERR__COUNT; i++)
		if (strcmp(yg_err_codes[i], code) == 0)
			return (enum yg_err)i;
	return YG_ERR__COUNT;
}
