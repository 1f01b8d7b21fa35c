/* Who may call what, by the roles of each operation's row in
 * proto/operations.c; the dispatcher consults it before anything else
 * runs, and refuses operations missing from it. The database functions
 * re-check the same roles in the transaction that changes state. */
#ifndef YG_SERVER_AUTHZ_H
#define YG_SERVER_AUTHZ_H

#include <stdbool.h>

#include "../../proto/operations.h"
#include "../../proto/roles.h"

enum authz_result {
	AUTHZ_ALLOW,
	AUTHZ_UNAUTHENTICATED, /* needs a login the caller has not done */
	AUTHZ_FORBIDDEN,       /* logged in, without an allowed role */
	AUTHZ_UNLISTED,        /* the operation is not in the table: refused */
};

enum authz_result authz_check(const char *op, bool logged_in, unsigned caller_roles);
unsigned authz_roles(const char *op); /* 0 if unlisted */

#endif
