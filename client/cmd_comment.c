/* Public comments (征求意见) on an announced item during its window:
 * yg comment add, anonymously or as an approved observer, and
 * yg comment list for the committee. Members do not comment: they object
 * (yg item object). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

/* Whether s is one of the stances. */
static int comment_stance_ok(const char *s)
{
	return strcmp(s, "support") == 0 || strcmp(s, "object") == 0 || strcmp(s, "neutral") == 0;
}

/* Submit over a session: logged in as an observer of committee, or not
 * logged in at all (the committee then goes in the arguments). */
static int comment_submit(const struct yg_opts *opts, long long committee, int observer,
			  cJSON *args)
{
	struct yg_opts o = *opts;
	cJSON *res = NULL;
	char ends[64];
	int rc;

	o.committee = committee;
	if (!observer)
		cJSON_AddNumberToObject(args, "committee", (double)committee);
	if ((rc = cmd_call(&o, observer, "comment.submit", args, &res)) == YG_EXIT_OK) {
		time_until_text(json_str(res, "window_ends_at"), ends, sizeof(ends));
		printf(TR("已提交对议题 %lld（第 %lld 版）的意见；征求意见至 %s\n",
			  "comment on item %lld (version %lld) received; comments are open until "
			  "%s\n"),
		       json_int(res, "item"), json_int(res, "version"), ends);
	}
	cJSON_Delete(res);
	return rc;
}

static int comment_add_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *cid = NULL, *stance = NULL, *pos[2];
	const struct cmd_opt o[] = {
		{"--committee", &cid, 0}, {"--stance", &stance, 1}, {NULL, NULL, 0}};
	int observer = cmd_take_flag(&argc, argv, "--as-observer");
	long long committee, item;
	cJSON *args;
	int rc = cmd_parse(&cmd_comment_add, argc, argv, o, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_committee(&cmd_comment_add, cid, opts, &committee)) != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_comment_add, pos[0], 1, ID_MAX, &item)) != YG_EXIT_OK)
		return rc;
	if (!comment_stance_ok(stance))
		return cmd_usage_error(
			&cmd_comment_add,
			TR("--stance 须是 support（支持）、object（反对）或 neutral（中立）",
			   "--stance must be support, object or neutral"));
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "stance", stance);
	cJSON_AddStringToObject(args, "body", pos[1]);
	return comment_submit(opts, committee, observer, args);
}

/* The comments as a table, the text last. */
static void comment_print_list(const cJSON *res)
{
	struct rows t = {.ncols = 6};
	const cJSON *k;
	char at[64];

	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("版本", "version"));
	rows_add(&t, TR("时间", "time"));
	rows_add(&t, TR("态度", "stance"));
	rows_add(&t, TR("来自", "from"));
	rows_add(&t, TR("意见", "comment"));
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(res, "comments")) {
		time_text(json_str(k, "at"), at, sizeof(at));
		rows_addf(&t, "%lld", json_int(k, "id"));
		rows_addf(&t, "%lld", json_int(k, "version"));
		rows_add(&t, at);
		rows_add(&t, json_str(k, "stance"));
		rows_add(&t, json_str(k, "observer")[0] != '\0'
				     ? json_str(k, "observer")
				     : TR("公众（匿名）", "public (anonymous)"));
		rows_add(&t, json_str(k, "body"));
	}
	rows_print(&t);
}

static int comment_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_comment_list, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_comment_list, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "item", (double)id);
	if ((rc = cmd_call(opts, 1, "comment.list", args, &res)) == YG_EXIT_OK)
		comment_print_list(res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_comment_add = {
	.name = "comment add",
	.op = "comment.submit",
	.usage = "--committee ID ITEM_ID --stance support|object|neutral TEXT [--as-observer]",
	.summary_zh = "在征求意见期内对议题提出意见：无需登录（匿名），或加 --as-observer "
		      "以列席人员身份登录",
	.summary_en = "comment on an item during its comment window: without logging in "
		      "(anonymous), or logged in as an observer with --as-observer",
	.exec = comment_add_exec,
};

const struct cmd_entry cmd_comment_list = {
	.name = "comment list",
	.usage = "ITEM_ID",
	.summary_zh = "议题收到的全部公众意见",
	.summary_en = "every public comment on an item",
	.exec = comment_list_exec,
};
