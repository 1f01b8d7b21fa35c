/* yg rules show, yg admin rules set: the committee's rules (DESIGN.md
 * section 3), each a setting with a JSON value. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "i18n.h"

/* The rules as a table: name, meaning in the chosen language, value. The
 * value comes last, as compact JSON that can be given to rules set as it
 * is: some (materials) are long. */
static void rules_print(const cJSON *res)
{
	struct rows t = {.ncols = 3};
	const cJSON *s;

	printf("%s %s\n", TR("委员会：", "committee:"), json_str(res, "name"));
	rows_add(&t, TR("规则", "rule"));
	rows_add(&t, TR("说明", "meaning"));
	rows_add(&t, TR("值", "value"));
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(res, "settings")) {
		rows_add(&t, json_str(s, "name"));
		rows_add(&t, json_lang_str(s, "zh", "en"));
		rows_add_json(&t, cJSON_GetObjectItemCaseSensitive(s, "value"));
	}
	rows_print(&t);
}

static int rules_show_exec(int argc, char **argv, const struct yg_opts *opts)
{
	cJSON *res = NULL;
	int rc = cmd_parse(&cmd_rules_show, argc, argv, NULL, NULL, 0);

	if (rc == YG_EXIT_OK && (rc = cmd_call(opts, 1, "rules.get", NULL, &res)) == YG_EXIT_OK)
		rules_print(res);
	cJSON_Delete(res);
	return rc;
}

/* What rules.set answered: the rule, its old and its new value. */
static void rules_print_change(const cJSON *res)
{
	char *old = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(res, "old"));
	char *cur = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(res, "new"));

	printf(TR("已修改规则 %s：%s → %s（已记入管理日志）\n",
		  "changed rule %s: %s → %s (recorded in the audit log)\n"),
	       json_str(res, "name"), old != NULL ? old : "null", cur != NULL ? cur : "null");
	free(old);
	free(cur);
}

static int rules_set_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	cJSON *value, *args, *res = NULL;
	int rc = cmd_parse(&cmd_rules_set, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK)
		return rc;
	value = cJSON_ParseWithOpts(pos[1], NULL, 1);
	if (value == NULL)
		return cmd_usage_error(
			&cmd_rules_set,
			TR("值须是 JSON，例如 7、true、'\"present\"'（字符串带双引号）、"
			   "'{\"num\":2,\"den\":3,\"inclusive\":true}'",
			   "the value must be JSON, e.g. 7, true, '\"present\"' (a "
			   "string in double quotes), '{\"num\":2,\"den\":3,"
			   "\"inclusive\":true}'"));
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "name", pos[0]);
	cJSON_AddItemToObject(args, "value", value);
	if ((rc = cmd_call(opts, 1, "rules.set", args, &res)) == YG_EXIT_OK)
		rules_print_change(res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_rules_show = {
	.name = "rules show",
	.op = "rules.get",
	.usage = "",
	.summary_zh = "显示本委员会的各项规则、说明和当前值",
	.summary_en = "show the committee's rules, what each means and its value",
	.exec = rules_show_exec,
};

const struct cmd_entry cmd_rules_set = {
	.name = "admin rules set",
	.usage = "RULE JSON_VALUE",
	.summary_zh = "修改一项规则（值为 JSON；记入管理日志）；试用委员会的主持人也可缩短其期限",
	.summary_en = "change one rule (the value is JSON; recorded in the audit log); a trial "
		      "committee's chair may shorten its periods too",
	.exec = rules_set_exec,
};
