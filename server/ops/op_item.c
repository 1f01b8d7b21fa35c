/* Agenda items (议题): item.create, item.update (a draft), item.revise (an
 * announced item, re-argued), item.announce, item.withdraw, item.object,
 * item.list, item.show, item.public. Every change is a new version. The
 * database does each whole: their rows in proto/operations.c name
 * api.item_create, item_update, item_revise, item_announce, item_withdraw,
 * item_object, item_list, item_show and item_public (sql/api/030_agenda.sql),
 * which ygd calls with the validated arguments. */
#include "ops.h"

const struct op_entry op_item_create = {.name = "item.create", .flags = OP_NEEDS_DB};
const struct op_entry op_item_update = {.name = "item.update", .flags = OP_NEEDS_DB};
const struct op_entry op_item_revise = {.name = "item.revise", .flags = OP_NEEDS_DB};
const struct op_entry op_item_announce = {.name = "item.announce", .flags = OP_NEEDS_DB};
const struct op_entry op_item_withdraw = {.name = "item.withdraw", .flags = OP_NEEDS_DB};
const struct op_entry op_item_object = {.name = "item.object", .flags = OP_NEEDS_DB};
const struct op_entry op_item_list = {.name = "item.list", .flags = OP_NEEDS_DB};
const struct op_entry op_item_show = {.name = "item.show", .flags = OP_NEEDS_DB};
const struct op_entry op_item_public = {.name = "item.public", .flags = OP_NEEDS_DB};
