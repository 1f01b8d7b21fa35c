/* Every operation of the protocol, declared once: its name, the roles that
 * may call it, whether it changes the committee's state, the arguments it
 * takes and what it does. ygd checks arguments and roles by it
 * (server/dispatch.c, server/policy/authz.c) and runs the handler of the
 * same name (server/ops/); tests/unit/test_operations.c checks it against
 * those handlers, the operations yg sends and PROTOCOL.md's tables. */
#ifndef YG_PROTO_OPERATIONS_H
#define YG_PROTO_OPERATIONS_H

#include "args.h"
#include "envelope.h"
#include "roles.h"

/* Bytes of one material chunk, either way. */
#define MATERIAL_CHUNK_MAX 262144

#define OPD_CHANGES 0x1 /* changes the committee's state (a write in the database) */

struct op_def {
	const char *name;
	unsigned roles;              /* ROLE_* bits; ROLE_PUBLIC: anyone, logged in or not */
	unsigned flags;              /* OPD_* */
	const struct arg_spec *args; /* NULL-terminated */
	const char *summary;
	/* The database's entry point api.SQL(p_caller jsonb, p_args jsonb)
	 * that does the whole operation when no rule is judged in C: ygd calls
	 * it with the arguments as this row's spec has validated them, one
	 * JSON object (server/api_call.c api_call_args), and the operation's
	 * server/ops entry has no exec of its own. NULL: the handler calls
	 * the database itself. */
	const char *sql;
	/* With no sql: why ygd's handler is C's own (a rule judged in C, a
	 * signature verified, a value only ygd knows). Such a handler still
	 * passes its arguments as one JSON value: the validated ones, and
	 * what it adds as named members. Exactly one of sql and handler. */
	const char *handler;
};

extern const struct op_def op_defs[]; /* ends with a row whose name is NULL */

const struct op_def *op_def_find(const char *name);

#endif
