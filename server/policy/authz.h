/* Who may call what: the one authorization table. Every operation is listed
 * here with the roles that may call it; the dispatcher consults it before
 * anything else runs, and refuses operations missing from it. The database
 * functions re-check the same roles in the transaction that changes state. */
#ifndef YG_SERVER_AUTHZ_H
#define YG_SERVER_AUTHZ_H

#include <stdbool.h>

#include "../../proto/roles.h"

enum authz_result {
	AUTHZ_ALLOW,
	AUTHZ_UNAUTHENTICATED, /* needs a login the caller has not done */
	AUTHZ_FORBIDDEN,       /* logged in, without an allowed role */
	AUTHZ_UNLISTED,        /* the operation is not in the table: refused */
};

struct authz_rule {
	const char *op;
	unsigned roles; /* ROLE_* bits; ROLE_PUBLIC: anyone, logged in or not */
};

extern const struct authz_rule authz_table[];

enum authz_result authz_check(const char *op, bool logged_in, unsigned caller_roles);
unsigned authz_roles(const char *op); /* 0 if unlisted */

#endif
