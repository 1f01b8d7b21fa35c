/* The power list (权力清单, DESIGN.md section 3 rule 1): yg power list,
 * yg admin power add|update|retire. Every item cites an entry; an entry
 * that is not for collective decision (不直接决策具体事项) refuses items. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

/* The heading of a table of entries; the legal basis last, being long. */
static void power_heading(struct rows *t)
{
	rows_add(t, TR("编号", "id"));
	rows_add(t, TR("类别", "category"));
	rows_add(t, TR("事项", "title"));
	rows_add(t, TR("集体决策", "collective"));
	rows_add(t, TR("状态", "status"));
	rows_add(t, TR("依据", "legal basis"));
}

static void power_row(struct rows *t, const cJSON *e)
{
	rows_addf(t, "%lld", json_int(e, "id"));
	rows_add(t, code_label("category", json_str(e, "category")));
	rows_add(t, json_str(e, "title"));
	rows_add(t, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "collective"))
			    ? TR("是", "yes")
			    : TR("否（不直接决策具体事项）", "no (not for collective decision)"));
	rows_add(t, code_label("power", json_str(e, "status")));
	rows_add(t, json_str(e, "legal_basis"));
}

/* The entry a change returned, under a line saying what happened. */
static void power_print_one(const char *what, const cJSON *e)
{
	struct rows t = {.ncols = 6};

	printf(what, json_int(e, "id"));
	putchar('\n');
	power_heading(&t);
	power_row(&t, e);
	rows_print(&t);
}

static int power_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *cid = NULL;
	const struct cmd_opt o[] = {{"--committee", &cid, 0}, {NULL, NULL, 0}};
	struct rows t = {.ncols = 6};
	const cJSON *e;
	cJSON *args, *res = NULL;
	long long committee;
	int rc = cmd_parse(&cmd_power_list, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_committee(&cmd_power_list, cid, opts, &committee)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "committee", (double)committee);
	if ((rc = cmd_call(opts, 0, "power.list", args, &res)) != YG_EXIT_OK)
		return rc;
	power_heading(&t);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "entries")) {
		power_row(&t, e);
	}
	rows_print(&t);
	cJSON_Delete(res);
	return rc;
}

static int power_add_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *category = NULL, *title = NULL, *basis = NULL;
	const struct cmd_opt o[] = {{"--category", &category, 1},
				    {"--title", &title, 1},
				    {"--basis", &basis, 1},
				    {NULL, NULL, 0}};
	int not_collective = cmd_take_flag(&argc, argv, "--not-collective");
	cJSON *args, *res = NULL;
	int rc = cmd_parse(&cmd_power_add, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "category", category);
	cJSON_AddStringToObject(args, "title", title);
	cJSON_AddStringToObject(args, "legal_basis", basis);
	cJSON_AddBoolToObject(args, "collective", !not_collective);
	if ((rc = cmd_call(opts, 1, "power.add", args, &res)) == YG_EXIT_OK)
		power_print_one(TR("已列入权力清单，编号 %lld", "added power-list entry %lld"),
				res);
	cJSON_Delete(res);
	return rc;
}

/* "yes" or "no" as 1 or 0; -1 for anything else. */
static int power_yes_no(const char *text)
{
	return strcmp(text, "yes") == 0 ? 1 : strcmp(text, "no") == 0 ? 0 : -1;
}

/* power.update's arguments from the options (title, basis, collective);
 * NULL after complaining, with *rc the exit code. */
static cJSON *power_update_args(long long id, const char *const v[3], int *rc)
{
	cJSON *args;

	*rc = YG_EXIT_USAGE;
	if (v[0] == NULL && v[1] == NULL && v[2] == NULL) {
		cmd_usage_error(&cmd_power_update, TR("没有要修改的内容", "nothing to change"));
		return NULL;
	}
	if (v[2] != NULL && power_yes_no(v[2]) < 0) {
		cmd_usage_error(&cmd_power_update, TR("--collective 须是 yes 或 no",
						      "--collective must be yes or no"));
		return NULL;
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	if (v[0] != NULL)
		cJSON_AddStringToObject(args, "title", v[0]);
	if (v[1] != NULL)
		cJSON_AddStringToObject(args, "legal_basis", v[1]);
	if (v[2] != NULL)
		cJSON_AddBoolToObject(args, "collective", power_yes_no(v[2]));
	*rc = YG_EXIT_OK;
	return args;
}

static int power_update_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *v[3] = {NULL, NULL, NULL}, *id_text;
	const struct cmd_opt o[] = {{"--title", &v[0], 0},
				    {"--basis", &v[1], 0},
				    {"--collective", &v[2], 0},
				    {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_power_update, argc, argv, o, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_power_update, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK ||
	    (args = power_update_args(id, v, &rc)) == NULL)
		return rc;
	if ((rc = cmd_call(opts, 1, "power.update", args, &res)) == YG_EXIT_OK)
		power_print_one(TR("已修改权力清单事项 %lld", "changed power-list entry %lld"),
				res);
	cJSON_Delete(res);
	return rc;
}

static int power_retire_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_power_retire, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_power_retire, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	if ((rc = cmd_call(opts, 1, "power.retire", args, &res)) == YG_EXIT_OK)
		power_print_one(TR("已废止权力清单事项 %lld；引用它的议题不能再上会",
				   "retired power-list entry %lld; items citing it can no longer "
				   "go on an agenda"),
				res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_power_list = {
	.name = "power list",
	.usage = "[--committee ID]",
	.summary_zh = "委员会的权力清单：类别、事项、依据、是否集体决策（无需登录）",
	.summary_en = "the committee's power list: category, title, legal basis, whether for "
		      "collective decision (no login)",
	.exec = power_list_exec,
};

const struct cmd_entry cmd_power_add = {
	.name = "admin power add",
	.usage = "--category CODE --title TITLE --basis TEXT [--not-collective]",
	.summary_zh =
		"在权力清单中增列事项（--not-collective：不直接决策具体事项，引用它的议题被拒绝）",
	.summary_en = "add an entry to the power list (--not-collective: items citing it are "
		      "refused)",
	.exec = power_add_exec,
};

const struct cmd_entry cmd_power_update = {
	.name = "admin power update",
	.usage = "ENTRY_ID [--title TITLE] [--basis TEXT] [--collective yes|no]",
	.summary_zh = "修改权力清单事项的名称、依据或是否集体决策",
	.summary_en = "change a power-list entry's title, legal basis or collective flag",
	.exec = power_update_exec,
};

const struct cmd_entry cmd_power_retire = {
	.name = "admin power retire",
	.usage = "ENTRY_ID",
	.summary_zh = "废止权力清单事项（记录保留；引用它的议题不能再上会）",
	.summary_en = "retire a power-list entry (kept on record; items citing it can no longer "
		      "go on an agenda)",
	.exec = power_retire_exec,
};
