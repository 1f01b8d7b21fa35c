/* yg catalog: categories of matter (三重一大), kinds of material and
 * categories of observer, named in the chosen language. */
#include <stdio.h>

#include "commands.h"
#include "i18n.h"

/* Print one list of the catalogue under its title; note names the column
 * after the name, filled by each entry's notes. */
static void catalog_section(const char *title, const cJSON *list, const char *note,
			    void (*notes)(struct rows *, const cJSON *))
{
	struct rows t = {.ncols = note != NULL ? 3 : 2};
	const cJSON *e;

	printf("%s\n", title);
	rows_add(&t, TR("代码", "code"));
	rows_add(&t, TR("名称", "name"));
	if (note != NULL)
		rows_add(&t, note);
	cJSON_ArrayForEach(e, list) {
		rows_add(&t, json_str(e, "code"));
		rows_add(&t, json_lang_str(e, "name_zh", "name_en"));
		if (note != NULL)
			notes(&t, e);
	}
	rows_print(&t);
}

/* Whether a member of obj is true. */
static int catalog_true(const cJSON *obj, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, name));
}

static void catalog_category_notes(struct rows *t, const cJSON *e)
{
	rows_addf(t, "%s%s%s", catalog_true(e, "personnel") ? TR("干部任免", "personnel") : "",
		  catalog_true(e, "personnel") && catalog_true(e, "optional") ? ", " : "",
		  catalog_true(e, "optional") ? TR("可选（四重一大）", "optional (四重一大)") : "");
}

static void catalog_observer_notes(struct rows *t, const cJSON *e)
{
	rows_add(t, catalog_true(e, "built_in") ? TR("内置", "built in")
						: TR("本委员会增设", "added by this committee"));
}

static int catalog_exec(int argc, char **argv, const struct yg_opts *opts)
{
	cJSON *args = NULL, *res = NULL;
	int rc = cmd_parse(&cmd_catalog, argc, argv, NULL, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	if (opts->committee > 0) {
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "committee", (double)opts->committee);
	}
	if ((rc = cmd_call(opts, 0, "catalog.get", args, &res)) != YG_EXIT_OK)
		return rc;
	catalog_section(TR("议题类别", "categories of matter"),
			cJSON_GetObjectItemCaseSensitive(res, "categories"), TR("说明", "notes"),
			catalog_category_notes);
	printf("\n");
	catalog_section(TR("材料种类", "kinds of material"),
			cJSON_GetObjectItemCaseSensitive(res, "materials"), NULL, NULL);
	printf("\n");
	catalog_section(TR("列席人员类别", "categories of observer"),
			cJSON_GetObjectItemCaseSensitive(res, "observer_categories"),
			TR("来源", "source"), catalog_observer_notes);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_catalog = {
	.name = "catalog",
	.op = "catalog.get",
	.usage = "",
	.summary_zh = "议题类别、材料种类和列席人员类别（加 --committee 含本委员会增设的）",
	.summary_en = "categories of matter, kinds of material, categories of observer "
		      "(with --committee: that committee's own too)",
	.exec = catalog_exec,
};
