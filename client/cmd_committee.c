/* yg committee list, yg admin committee create. */
#include <stdio.h>

#include "commands.h"
#include "i18n.h"

static int committee_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct rows t = {.ncols = 2};
	const cJSON *c;
	cJSON *res = NULL;
	int rc = cmd_parse(&cmd_committee_list, argc, argv, NULL, NULL, 0);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_call(opts, 0, "committee.list", NULL, &res)) != YG_EXIT_OK)
		return rc;
	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("名称", "name"));
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(res, "committees")) {
		rows_addf(&t, "%lld", json_int(c, "id"));
		rows_add(&t, json_str(c, "name"));
	}
	rows_print(&t);
	cJSON_Delete(res);
	return rc;
}

static int committee_create_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *name;
	cJSON *args, *res = NULL;
	int trial = cmd_take_flag(&argc, argv, "--trial");
	int rc = cmd_parse(&cmd_committee_create, argc, argv, NULL, &name, 1);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "name", name);
	if (trial)
		cJSON_AddTrueToObject(args, "trial");
	rc = cmd_call(opts, 1, "committee.create", args, &res);
	if (rc == YG_EXIT_OK)
		printf(TR("已创建委员会 %lld：%s；您是它的管理员（成员编号 "
			  "%lld），用同一密钥登录\n",
			  "created committee %lld: %s; you are its admin (member %lld), with the "
			  "same key\n"),
		       json_int(res, "id"), json_str(res, "name"), json_int(res, "admin_member"));
	if (rc == YG_EXIT_OK && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "trial")))
		printf("%s\n",
		       TR("这是试用委员会：它的议题、会议和结果都标明“试用”，不具效力；"
			  "管理员或主持人可用 yg admin rules set trial_day_seconds 秒数 "
			  "缩短预告期、会议通知期和任前公示期",
			  "this is a trial committee: its items, meetings and results are marked "
			  "试用 and carry no force; its admin or chair shortens its comment "
			  "windows, "
			  "notice periods and pre-appointment notices with yg admin rules set "
			  "trial_day_seconds SECONDS"));
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_committee_list = {
	.name = "committee list",
	.usage = "",
	.summary_zh = "列出本服务器上的委员会及其编号（无需登录）",
	.summary_en = "list the committees on this server and their numbers (no login)",
	.exec = committee_list_exec,
};

const struct cmd_entry cmd_committee_create = {
	.name = "admin committee create",
	.usage = "NAME [--trial]",
	.summary_zh = "新建委员会，规则取默认值；您成为它的管理员（--trial：试用委员会）",
	.summary_en = "create a committee with default rules; you become its admin (--trial: a "
		      "trial committee)",
	.exec = committee_create_exec,
};
