/* catalog.get: the categories of 三重一大, kinds of material and categories
 * of observer — data, not constants in code. The database does it whole
 * (its row names api.catalog). */
#include "ops.h"

const struct op_entry op_catalog_get = {
	.name = "catalog.get",
	.flags = OP_NEEDS_DB,
};
