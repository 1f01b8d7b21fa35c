/* item.confidential: the chair marks an item confidential (保密) before its
 * meeting opens; from then on its discussion, vote and record are the
 * members' alone until published (server/policy/visibility.c). The
 * database does it whole (its row names api.item_confidential). */
#include "ops.h"

const struct op_entry op_item_confidential = {
	.name = "item.confidential",
	.flags = OP_NEEDS_DB,
};
