#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_tui,
	&cmd_ping,
	&cmd_info,
	&cmd_keygen,
	&cmd_whoami,
	&cmd_verify,
	&cmd_committee_list,
	&cmd_catalog,
	&cmd_member_list,
	&cmd_key_history,
	&cmd_rules_show,
	&cmd_observer_register,
	&cmd_observer_list,
	&cmd_audit_log,
	&cmd_power_list,
	&cmd_item_create,
	&cmd_item_update,
	&cmd_item_revise,
	&cmd_item_announce,
	&cmd_item_withdraw,
	&cmd_item_object,
	&cmd_item_confidential,
	&cmd_item_list,
	&cmd_item_show,
	&cmd_item_gates,
	&cmd_item_public,
	&cmd_material_add,
	&cmd_material_get,
	&cmd_comment_add,
	&cmd_comment_list,
	&cmd_publish,
	&cmd_publication_list,
	&cmd_publication_revise,
	&cmd_meeting_create,
	&cmd_meeting_add,
	&cmd_meeting_remove,
	&cmd_meeting_announce,
	&cmd_meeting_list,
	&cmd_meeting_show,
	&cmd_meeting_invite,
	&cmd_meeting_check_in,
	&cmd_meeting_check_out,
	&cmd_meeting_absent,
	&cmd_meeting_open,
	&cmd_meeting_close,
	&cmd_meeting_state,
	&cmd_meeting_follow,
	&cmd_agenda_open,
	&cmd_agenda_present,
	&cmd_agenda_speak,
	&cmd_agenda_pass,
	&cmd_agenda_recuse,
	&cmd_agenda_preside,
	&cmd_agenda_defer,
	&cmd_agenda_close,
	&cmd_floor_request,
	&cmd_floor_grant,
	&cmd_minutes_show,
	&cmd_scrutineer_designate,
	&cmd_scrutineer_list,
	&cmd_scrutineer_key,
	&cmd_scrutineer_watch,
	&cmd_scrutineer_decrypt,
	&cmd_vote_open,
	&cmd_vote_status,
	&cmd_vote_cast,
	&cmd_vote_close,
	&cmd_vote_void,
	&cmd_minutes_sign,
	&cmd_minutes_agree,
	&cmd_minutes_remark,
	&cmd_meeting_succeed,
	&cmd_minutes_correct,
	&cmd_minutes_countersign,
	&cmd_meeting_record,
	&cmd_doc_minutes,
	&cmd_doc_decision,
	&cmd_doc_notice,
	&cmd_record_export,
	&cmd_committee_create,
	&cmd_member_add,
	&cmd_member_update,
	&cmd_key_rotate,
	&cmd_key_revoke,
	&cmd_rules_set,
	&cmd_observer_approve,
	&cmd_observer_reject,
	&cmd_observer_remove,
	&cmd_observer_category_add,
	&cmd_power_add,
	&cmd_power_update,
	&cmd_power_retire,
	NULL,
};

/* How many of the words in argv spell name ("admin member add"), or 0. */
static int cmd_match(const char *name, int argc, char **argv)
{
	int words = 0;
	size_t n;

	while (*name != '\0') {
		n = strcspn(name, " ");
		if (words >= argc || strlen(argv[words]) != n || strncmp(argv[words], name, n) != 0)
			return 0;
		words++;
		name += n;
		if (*name == ' ')
			name++;
	}
	return words;
}

/* The command whose name the first words of argv spell, the longest such;
 * *words is how many words it took. */
const struct cmd_entry *cmd_find(int argc, char **argv, int *words)
{
	const struct cmd_entry *const *c, *best = NULL;
	int n;

	*words = 0;
	for (c = cmd_table; *c != NULL; c++)
		if ((n = cmd_match((*c)->name, argc, argv)) > *words) {
			*words = n;
			best = *c;
		}
	return best;
}

/* One command's usage line, summary, and the operation it sends with the
 * roles that may call it (proto/operations.c). */
void cmd_print_help(const struct cmd_entry *cmd)
{
	const struct op_def *def = cmd_ops_find(cmd->name, cmd->op);
	char roles[128];

	printf("yg %s %s\n  %s\n", cmd->name, cmd->usage,
	       strcmp(i18n_lang(), "en") == 0 ? cmd->summary_en : cmd->summary_zh);
	if (def == NULL)
		return;
	cmd_ops_roles(def, roles, sizeof(roles));
	printf(TR("  操作：%s（可调用：%s）\n", "  operation: %s (may call: %s)\n"), def->name,
	       roles);
}

/* Complain about a command's arguments; returns the usage exit code. */
int cmd_usage_error(const struct cmd_entry *cmd, const char *what)
{
	fprintf(stderr, "yg %s: %s\n%s yg %s %s\n", cmd->name, what, TR("用法：", "usage:"),
		cmd->name, cmd->usage);
	return YG_EXIT_USAGE;
}

/* The value of option name at argv[*i], from "--name=value" or the next
 * argument (then *i moves past it); NULL if argv[*i] is not that option. */
const char *cmd_optval(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}
