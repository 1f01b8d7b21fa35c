/* The observer pool (会议开放人员库): yg observer register with one's own
 * key, yg observer list, yg admin observer approve|reject|remove,
 * yg admin observer-category add. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

/* The arguments of observer.register without the proof of the key. */
static cJSON *observer_register_args(const char *name, const char *category,
				     const char *affiliation)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "name", name);
	cJSON_AddStringToObject(args, "category", category);
	if (affiliation != NULL)
		cJSON_AddStringToObject(args, "affiliation", affiliation);
	return args;
}

/* Register, signing with the key file to prove we hold the key. */
static int observer_register(const struct yg_opts *opts, long long committee, cJSON *args)
{
	struct yg_conn c;
	cJSON *res = NULL;
	int rc = conn_session(&c, opts, 0);

	if (rc == YG_EXIT_OK &&
	    (rc = conn_prove_key(&c, AUTH_REGISTER, committee, args)) == YG_EXIT_OK) {
		rc = conn_call_print(&c, "observer.register", args, &res);
		args = NULL;
	}
	if (rc == YG_EXIT_OK)
		printf(TR("已提交登记，编号 %lld，等待委员会办公室审核；批准后即可用 "
			  "yg --committee %lld whoami 登录\n",
			  "registered as number %lld, waiting for the committee office's decision; "
			  "once approved, log in with yg --committee %lld whoami\n"),
		       json_int(res, "id"), committee);
	cJSON_Delete(args);
	cJSON_Delete(res);
	conn_close(&c);
	return rc;
}

static int observer_register_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *cid = NULL, *name = NULL, *category = NULL, *affiliation = NULL;
	const struct cmd_opt o[] = {{"--committee", &cid, 0},
				    {"--name", &name, 1},
				    {"--category", &category, 1},
				    {"--affiliation", &affiliation, 0},
				    {NULL, NULL, 0}};
	long long committee = opts->committee;
	int rc = cmd_parse(&cmd_observer_register, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	if (cid != NULL &&
	    (rc = cmd_number(&cmd_observer_register, cid, 1, ID_MAX, &committee)) != YG_EXIT_OK)
		return rc;
	if (committee <= 0)
		return cmd_usage_error(
			&cmd_observer_register,
			TR("请用 --committee 指定委员会编号（yg committee list 可查）",
			   "give the committee's number with --committee (see yg "
			   "committee list)"));
	return observer_register(opts, committee,
				 observer_register_args(name, category, affiliation));
}

/* The pool as a table. */
static void observer_print_list(const cJSON *res)
{
	struct rows t = {.ncols = 7};
	const cJSON *o;
	char at[64];

	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("姓名", "name"));
	rows_add(&t, TR("类别", "category"));
	rows_add(&t, TR("单位", "affiliation"));
	rows_add(&t, TR("状态", "status"));
	rows_add(&t, TR("登记时间", "registered"));
	rows_add(&t, TR("理由", "reason"));
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(res, "observers")) {
		time_text(json_str(o, "registered_at"), at, sizeof(at));
		rows_addf(&t, "%lld", json_int(o, "id"));
		rows_add(&t, json_str(o, "name"));
		rows_add(&t, code_label("observer_category", json_str(o, "category")));
		rows_add(&t, json_str(o, "affiliation"));
		rows_add(&t, code_label("observer", json_str(o, "status")));
		rows_add(&t, at);
		rows_add(&t, json_str(o, "reason"));
	}
	rows_print(&t);
}

static int observer_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *status = NULL;
	const struct cmd_opt o[] = {{"--status", &status, 0}, {NULL, NULL, 0}};
	cJSON *args = NULL, *res = NULL;
	int rc = cmd_parse(&cmd_observer_list, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	if (status != NULL) {
		args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "status", status);
	}
	if ((rc = cmd_call(opts, 1, "observer.list", args, &res)) == YG_EXIT_OK)
		observer_print_list(res);
	cJSON_Delete(res);
	return rc;
}

/* approve, reject or remove: observer.decide on the registration given. */
static int observer_decide(const struct cmd_entry *cmd, const char *decision, int need_reason,
			   int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text, *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, need_reason}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(cmd, argc, argv, o, &id_text, 1);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	cJSON_AddStringToObject(args, "decision", decision);
	if (reason != NULL)
		cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "observer.decide", args, &res)) == YG_EXIT_OK)
		printf(TR("列席人员 %lld（%s）：%s\n", "observer %lld (%s): %s\n"), id,
		       json_str(res, "name"), json_str(res, "status"));
	cJSON_Delete(res);
	return rc;
}

static int observer_approve_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return observer_decide(&cmd_observer_approve, "approve", 0, argc, argv, opts);
}

static int observer_reject_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return observer_decide(&cmd_observer_reject, "reject", 1, argc, argv, opts);
}

static int observer_remove_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return observer_decide(&cmd_observer_remove, "remove", 0, argc, argv, opts);
}

static int observer_category_add_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[3];
	cJSON *args, *res = NULL;
	int rc = cmd_parse(&cmd_observer_category_add, argc, argv, NULL, pos, 3);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "code", pos[0]);
	cJSON_AddStringToObject(args, "name_zh", pos[1]);
	cJSON_AddStringToObject(args, "name_en", pos[2]);
	if ((rc = cmd_call(opts, 1, "observer.category.add", args, &res)) == YG_EXIT_OK)
		printf(TR("已增设列席人员类别 %s：%s（%s）\n",
			  "added observer category %s: %s (%s)\n"),
		       json_str(res, "code"), json_str(res, "name_zh"), json_str(res, "name_en"));
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_observer_register = {
	.name = "observer register",
	.usage = "--committee ID --name NAME --category CODE [--affiliation TEXT]",
	.summary_zh = "用本机密钥申请进入列席人员库（类别见 yg catalog）",
	.summary_en = "apply to the observer pool with your own key (categories: yg catalog)",
	.exec = observer_register_exec,
};

const struct cmd_entry cmd_observer_list = {
	.name = "observer list",
	.usage = "[--status pending|approved|rejected|removed]",
	.summary_zh = "列出列席人员库（管理员、主持人、纪委）",
	.summary_en = "list the observer pool (admin, chair, auditor)",
	.exec = observer_list_exec,
};

const struct cmd_entry cmd_observer_approve = {
	.name = "admin observer approve",
	.op = "observer.decide",
	.usage = "OBSERVER_ID [--reason TEXT]",
	.summary_zh = "批准列席登记申请",
	.summary_en = "approve an observer's registration",
	.exec = observer_approve_exec,
};

const struct cmd_entry cmd_observer_reject = {
	.name = "admin observer reject",
	.op = "observer.decide",
	.usage = "OBSERVER_ID --reason TEXT",
	.summary_zh = "驳回列席登记申请（须说明理由）",
	.summary_en = "reject an observer's registration (with a reason)",
	.exec = observer_reject_exec,
};

const struct cmd_entry cmd_observer_remove = {
	.name = "admin observer remove",
	.op = "observer.decide",
	.usage = "OBSERVER_ID [--reason TEXT]",
	.summary_zh = "将已批准的列席人员移出人员库",
	.summary_en = "remove an approved observer from the pool",
	.exec = observer_remove_exec,
};

const struct cmd_entry cmd_observer_category_add = {
	.name = "admin observer-category add",
	.op = "observer.category.add",
	.usage = "CODE NAME_ZH NAME_EN",
	.summary_zh = "为本委员会增设列席人员类别",
	.summary_en = "add a category of observer for this committee",
	.exec = observer_category_add_exec,
};
