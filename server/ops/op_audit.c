/* audit.log: the committee's administrative record, oldest first. The
 * database does it whole (its row names api.audit_log). */
#include "ops.h"

const struct op_entry op_audit_log = {
	.name = "audit.log",
	.flags = OP_NEEDS_DB,
};
