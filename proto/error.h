/* Stable error codes. The string form is what travels on the wire and what
 * clients match on; never rename one, only add. */
#ifndef YG_PROTO_ERROR_H
#define YG_PROTO_ERROR_H

enum yg_err {
	YG_OK = 0,
	YG_ERR_BAD_FRAME,           /* zero-length or otherwise unusable frame */
	YG_ERR_FRAME_TOO_LARGE,     /* header announced more than the maximum */
	YG_ERR_BAD_JSON,            /* payload is not UTF-8 JSON */
	YG_ERR_BAD_REQUEST,         /* envelope or arguments of the wrong shape */
	YG_ERR_UNKNOWN_OP,          /* no such operation */
	YG_ERR_HELLO_REQUIRED,      /* first request must be hello */
	YG_ERR_VERSION_UNSUPPORTED, /* no protocol version in common */
	YG_ERR_BUSY,                /* too many requests in flight */
	YG_ERR_DB_UNAVAILABLE,      /* the database cannot be reached now */
	YG_ERR_INTERNAL,            /* a bug or resource failure on the server */
	YG_ERR_UNAUTHENTICATED,     /* operation needs a logged-in caller */
	YG_ERR_FORBIDDEN,           /* the caller's role may not do this */
	YG_ERR_NOT_FOUND,           /* the named object does not exist */
	YG_ERR_CONFLICT,            /* the object's state does not allow this */
	YG_ERR_TOO_MANY_UPLOADS,    /* the caller has as many unfinished uploads as allowed */
	YG_ERR__COUNT
};

const char *yg_err_code(enum yg_err err);
enum yg_err yg_err_from_code(const char *code); /* YG_ERR__COUNT if unknown */

#endif
