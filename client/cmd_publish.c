/* 决策结果公开 from the terminal: yg publish (the chair's confidentiality
 * review of a decided item — in full, in summary with the public text, or
 * withheld with the reason) and yg publication list (what is reviewed,
 * pending and overdue; the chair and auditors). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "code_text.h"
#include "commands.h"
#include "i18n.h"

static int publish_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[3] = {NULL, NULL, NULL};
	cJSON *args, *res = NULL;
	long long item;
	char at[64];
	int rc, npos = argc >= 4 ? 3 : 2;

	rc = cmd_parse(&cmd_publish, argc, argv, NULL, pos, npos);
	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_publish, pos[0], 1, ID_MAX, &item)) != YG_EXIT_OK)
		return rc;
	if (strcmp(pos[1], "full") != 0 && strcmp(pos[1], "summary") != 0 &&
	    strcmp(pos[1], "withhold") != 0)
		return cmd_usage_error(&cmd_publish,
				       TR("方式须是 full（全文）、summary（摘要）或 "
					  "withhold（不予公开）",
					  "the way must be full, summary or withhold"));
	if ((strcmp(pos[1], "full") == 0) != (pos[2] == NULL))
		return cmd_usage_error(
			&cmd_publish, TR("summary 须附公开的摘要，withhold 须附理由；full 不附文字",
					 "summary needs the public text and withhold the reason; "
					 "full takes none"));
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "mode",
				strcmp(pos[1], "withhold") == 0 ? "withheld" : pos[1]);
	if (pos[2] != NULL)
		cJSON_AddStringToObject(args, "text", pos[2]);
	if ((rc = cmd_call(opts, 1, "publication.publish", args, &res)) == YG_EXIT_OK) {
		time_text(json_str(res, "published_at"), at, sizeof(at));
		printf(TR("议题 %lld：%s（%s）\n", "item %lld: %s (%s)\n"), item,
		       publication_mode_text(json_str(res, "mode")), at);
		if (cJSON_IsTrue(cJSON_GetObjectItem(res, "overdue"))) {
			time_until_text(json_str(res, "due_at"), at, sizeof(at));
			printf(TR("注意：已超过公开期限（%s）\n", "note: past the deadline (%s)\n"),
			       at);
		}
		if (json_str(res, "notice_ends_at")[0] != '\0') {
			time_until_text(json_str(res, "notice_ends_at"), at, sizeof(at));
			printf(TR("任前公示至 %s，期间接受意见\n",
				  "pre-appointment notice until %s, open for comments\n"),
			       at);
		}
	}
	cJSON_Delete(res);
	return rc;
}

static int list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	int overdue = cmd_take_flag(&argc, argv, "--overdue");
	struct rows t = {.ncols = 6};
	cJSON *args, *res = NULL;
	const cJSON *x, *items;
	char due[64];
	int rc = cmd_parse(&cmd_publication_list, argc, argv, NULL, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddBoolToObject(args, "overdue", overdue);
	if ((rc = cmd_call(opts, 1, "publication.list", args, &res)) != YG_EXIT_OK) {
		cJSON_Delete(res);
		return rc;
	}
	items = cJSON_GetObjectItemCaseSensitive(res, "items");
	if (cJSON_GetArraySize(items) == 0) {
		printf(overdue ? TR("没有逾期未公开的决策。\n", "No decision is overdue.\n")
			       : TR("还没有作出决策的议题。\n", "No item has been decided yet.\n"));
		cJSON_Delete(res);
		return rc;
	}
	rows_add(&t, TR("议题", "item"));
	rows_add(&t, TR("标题", "title"));
	rows_add(&t, TR("结果", "result"));
	rows_add(&t, TR("公开期限", "due"));
	rows_add(&t, TR("状态", "state"));
	rows_add(&t, TR("说明", "note"));
	cJSON_ArrayForEach(x, items) {
		bool late = cJSON_IsTrue(cJSON_GetObjectItem(x, "overdue"));
		bool pending = strcmp(json_str(x, "state"), "pending") == 0;

		time_until_text(json_str(x, "due_at"), due, sizeof(due));
		rows_addf(&t, "%lld", json_int(x, "item"));
		rows_add(&t, json_str(x, "title"));
		rows_add(&t, strcmp(json_str(x, "status"), "decided") == 0
				     ? TR("通过", "adopted")
				     : TR("未通过", "rejected"));
		rows_add(&t, due);
		if (pending)
			rows_add(&t, late ? TR("待审查（已逾期）", "pending (OVERDUE)")
					  : TR("待审查", "pending"));
		else
			rows_addf(&t, "%s%s", publication_mode_text(json_str(x, "mode")),
				  late ? TR("（逾期）", " (late)") : "");
		rows_add(&t, json_str(x, "reason"));
	}
	rows_print(&t);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_publish = {
	.name = "publish",
	.op = "publication.publish",
	.usage = "ITEM_ID full | ITEM_ID summary TEXT | ITEM_ID withhold REASON",
	.summary_zh = "保密审查后公开决策结果：全文公开、摘要公开或不予公开（须说明理由）；"
		      "干部任免自动开始任前公示（主持人）",
	.summary_en = "publish a decision after the confidentiality review: in full, in "
		      "summary, or withhold it with a reason; cadre decisions start their "
		      "pre-appointment notice (chair)",
	.exec = publish_exec,
};

const struct cmd_entry cmd_publication_list = {
	.name = "publication list",
	.usage = "[--overdue]",
	.summary_zh =
		"已作出决策的议题及其公开情况：待审查、逾期、已公开或不予公开（主持人、纪委）",
	.summary_en = "decided items and their publication: pending, overdue, published or "
		      "withheld (chair, auditors)",
	.exec = list_exec,
};
