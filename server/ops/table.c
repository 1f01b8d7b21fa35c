#include <string.h>

#include "ops.h"

const struct op_entry *const ops_table[] = {
	&op_hello,
	&op_ping,
	&op_server_info,
	&op_subscribe,
	&op_unsubscribe,
	NULL,
};

/* The operation called name, or NULL. */
const struct op_entry *ops_find(const char *name)
{
	const struct op_entry *const *op;

	for (op = ops_table; *op != NULL; op++)
		if (strcmp((*op)->name, name) == 0)
			return *op;
	return NULL;
}
