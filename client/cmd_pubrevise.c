/* yg publication revise: a published decision corrected (new public text)
 * or withdrawn, a withheld one declassified (保密期满), each with a
 * recorded reason, by the chair who presided over the deciding meeting or
 * a successor. Appended, never edited: the portal shows the current
 * version, marked, and keeps the earlier ones. */
#include <stdio.h>
#include <string.h>

#include "code_text.h"
#include "commands.h"
#include "i18n.h"

static const char *revise_action_text(const char *action)
{
	if (strcmp(action, "correct") == 0)
		return TR("已更正", "corrected");
	if (strcmp(action, "withdraw") == 0)
		return TR("已撤回", "withdrawn");
	return TR("已解密公开", "declassified and published");
}

static int revise_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *reason = NULL, *text = NULL, *pos[2];
	const struct cmd_opt o[] = {
		{"--reason", &reason, 1}, {"--text", &text, 0}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long item;
	int rc = cmd_parse(&cmd_publication_revise, argc, argv, o, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_publication_revise, pos[0], 1, ID_MAX, &item)) != 0)
		return rc;
	if (strcmp(pos[1], "correct") != 0 && strcmp(pos[1], "withdraw") != 0 &&
	    strcmp(pos[1], "declassify") != 0)
		return cmd_usage_error(&cmd_publication_revise,
				       TR("操作须是 correct（更正）、withdraw（撤回）或 "
					  "declassify（解密公开）",
					  "the action is correct, withdraw or declassify"));
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "action", pos[1]);
	if (text != NULL)
		cJSON_AddStringToObject(args, "text", text);
	cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "publication.revise", args, &res)) == YG_EXIT_OK)
		printf(TR("议题 %lld：%s（第 %lld 次修订，原为%s，现为%s）；原版本仍可查阅\n",
			  "item %lld: %s (revision %lld, was %s, now %s); the earlier version "
			  "stays readable\n"),
		       item, revise_action_text(pos[1]), json_int(res, "n"),
		       publication_mode_text(json_str(res, "was")),
		       publication_mode_text(json_str(res, "mode")));
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_publication_revise = {
	.name = "publication revise",
	.usage = "ITEM_ID correct --text TEXT --reason WHY | ITEM_ID withdraw --reason WHY | "
		 "ITEM_ID declassify [--text SUMMARY] --reason WHY",
	.summary_zh = "更正或撤回已公开的决策、解密公开不予公开的决策（保密期满），须说明理由；"
		      "追加记录，原版本保留（主持会议的主持人或其接替者）",
	.summary_en = "correct or withdraw a published decision, or declassify a withheld one, "
		      "with a reason; appended, the earlier version kept (the presiding chair or "
		      "successor)",
	.exec = revise_exec,
};
