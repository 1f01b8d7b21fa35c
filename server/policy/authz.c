#include "authz.h"

/* The roles allowed to call op, 0 if it is not listed. */
unsigned authz_roles(const char *op)
{
	const struct op_def *d = op_def_find(op);

	return d != NULL ? d->roles : 0;
}

/* May a caller with these roles (none if not logged in) call op? */
enum authz_result authz_check(const char *op, bool logged_in, unsigned caller_roles)
{
	unsigned roles = authz_roles(op);

	if (roles == 0)
		return AUTHZ_UNLISTED;
	if (roles & ROLE_PUBLIC)
		return AUTHZ_ALLOW;
	if (!logged_in)
		return AUTHZ_UNAUTHENTICATED;
	return (roles & caller_roles) != 0 ? AUTHZ_ALLOW : AUTHZ_FORBIDDEN;
}
