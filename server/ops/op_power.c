/* The power list (权力清单): power.list (public), power.add, power.update,
 * power.retire. Items must cite an entry; entries not for collective
 * decision refuse them. The database does each whole: their rows in
 * proto/operations.c name api.power_list, power_add, power_update and
 * power_retire (sql/api/030_agenda.sql). */
#include "ops.h"

const struct op_entry op_power_list = {.name = "power.list", .flags = OP_NEEDS_DB};
const struct op_entry op_power_add = {.name = "power.add", .flags = OP_NEEDS_DB};
const struct op_entry op_power_update = {.name = "power.update", .flags = OP_NEEDS_DB};
const struct op_entry op_power_retire = {.name = "power.retire", .flags = OP_NEEDS_DB};
