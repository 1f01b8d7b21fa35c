/* yg item confidential: the chair marks an item confidential (保密) before
 * its meeting; observers and the public then see nothing of it until it is
 * published. */
#include <stdio.h>

#include "commands.h"
#include "i18n.h"

static int item_confidential_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text, *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 1}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_item_confidential, argc, argv, o, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_item_confidential, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "item.confidential", args, &res)) == YG_EXIT_OK)
		printf(TR("已将议题 %lld 标为保密：公开前列席人员和公众均不可见\n",
			  "item %lld is marked confidential: observers and the public see nothing "
			  "of it until it is published\n"),
		       json_int(res, "item"));
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_item_confidential = {
	.name = "item confidential",
	.usage = "ITEM_ID --reason TEXT",
	.summary_zh = "会前将议题标为保密（主持人，须说明理由；记入日志，不可撤销）",
	.summary_en = "mark an item confidential before its meeting (the chair, with a reason; "
		      "logged, final)",
	.exec = item_confidential_exec,
};
