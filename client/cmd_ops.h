/* Which operation of proto/operations.c a command of yg sends, and who may
 * call it: pure, so that tests/unit/test_cmd_ops.c can check every command
 * of the table against the operation table. */
#ifndef YG_CLIENT_CMD_OPS_H
#define YG_CLIENT_CMD_OPS_H

#include <stddef.h>

#include "../proto/operations.h"

const struct op_def *cmd_ops_find(const char *command, const char *op);
void cmd_ops_roles(const struct op_def *def, char *buf, size_t len);

#endif
