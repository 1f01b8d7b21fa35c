/* yg's commands: one file each, gathered in cmd_table.c. */
#ifndef YG_CLIENT_COMMANDS_H
#define YG_CLIENT_COMMANDS_H

#include "conn.h"

struct cmd_entry {
	const char *name;
	const char *usage; /* arguments after the name */
	const char *summary_zh;
	const char *summary_en;
	int (*exec)(int argc, char **argv, const struct yg_opts *opts); /* argv[0] is the name */
};

extern const struct cmd_entry *const cmd_table[];
extern const struct cmd_entry cmd_ping;
extern const struct cmd_entry cmd_info;

const struct cmd_entry *cmd_find(const char *name);
int cmd_usage_error(const struct cmd_entry *cmd, const char *what);
void cmd_print_help(const struct cmd_entry *cmd);

#endif
