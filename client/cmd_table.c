#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_ping,
	&cmd_info,
	NULL,
};

/* The command called name, or NULL. */
const struct cmd_entry *cmd_find(const char *name)
{
	const struct cmd_entry *const *c;

	for (c = cmd_table; *c != NULL; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

/* One command's usage line and summary. */
void cmd_print_help(const struct cmd_entry *cmd)
{
	printf("yg %s %s\n  %s\n", cmd->name, cmd->usage,
	       strcmp(i18n_lang(), "en") == 0 ? cmd->summary_en : cmd->summary_zh);
}

/* Complain about a command's arguments; returns the usage exit code. */
int cmd_usage_error(const struct cmd_entry *cmd, const char *what)
{
	fprintf(stderr, "yg %s: %s\nusage: yg %s %s\n", cmd->name, what, cmd->name, cmd->usage);
	return YG_EXIT_USAGE;
}
