/* yg tui [MEETING_ID]: the command that starts the full-screen terminal
 * (client/tui/tui.c); yg alone at a terminal starts it too (main.c). */
#include <stddef.h>

#include "commands.h"
#include "tui/tui.h"

static int tui_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1] = {NULL};
	long long meeting = 0;
	int rc;

	if (argc > 1 && (rc = cmd_parse(&cmd_tui, argc, argv, NULL, pos, 1)) != YG_EXIT_OK)
		return rc;
	if (pos[0] != NULL && (rc = cmd_number(&cmd_tui, pos[0], 1, ID_MAX, &meeting)) != 0)
		return rc;
	return tui_main(opts, meeting);
}

const struct cmd_entry cmd_tui = {
	.name = "tui",
	.op = CMD_LOCAL,
	.usage = "[MEETING_ID]",
	.summary_zh = "全屏界面：按角色显示主持台、委员终端（含投票）、监票、列席旁听、审计；"
		      "实时更新，断线自动重连（yg 不带命令时也进入）",
	.summary_en = "the full-screen terminal for every role: chair, member (with the ballot), "
		      "scrutineer, observer, auditor; live, reconnects by itself (also yg alone)",
	.exec = tui_exec,
};
