/* yg audit log: the committee's administrative record, oldest first. Each
 * entry reads as a person says it: the operation's Chinese label, who did
 * it and to what by name and kind, its details as labelled fields with
 * times in the committee's clock (audit_text.c) — never the raw JSON the
 * server keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_text.h"
#include "commands.h"
#include "i18n.h"

#define AUDIT_LIMIT_DEFAULT 100 /* as the server's */

/* The entries as a table; the id of the last in *last, their count returned. */
static int audit_print(const cJSON *res, long long *last)
{
	struct rows t = {.ncols = 6};
	const cJSON *e;
	char at[64], who[160], what[160], *details;
	int n = 0;

	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("时间", "time"));
	rows_add(&t, TR("操作人", "actor"));
	rows_add(&t, TR("操作", "action"));
	rows_add(&t, TR("对象", "target"));
	rows_add(&t, TR("详情", "details"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "entries")) {
		time_text(json_str(e, "at"), at, sizeof(at));
		*last = json_int(e, "id");
		rows_addf(&t, "%lld", *last);
		rows_add(&t, at);
		audit_who(e, "actor", who, sizeof(who));
		audit_who(e, "target", what, sizeof(what));
		details = audit_details(cJSON_GetObjectItemCaseSensitive(e, "details"));
		rows_add(&t, who);
		rows_add(&t, code_label("action", json_str(e, "action")));
		rows_add(&t, what);
		rows_add(&t, details);
		free(details);
		n++;
	}
	rows_print(&t);
	return n;
}

/* audit.log's arguments from the options; NULL with *rc set if one is bad. */
static cJSON *audit_args(const char *after, const char *limit, long long *lim, int *rc)
{
	cJSON *args;
	long long a = 0;

	*lim = AUDIT_LIMIT_DEFAULT;
	if ((after != NULL &&
	     (*rc = cmd_number(&cmd_audit_log, after, 0, ID_MAX, &a)) != YG_EXIT_OK) ||
	    (limit != NULL &&
	     (*rc = cmd_number(&cmd_audit_log, limit, 1, 1000, lim)) != YG_EXIT_OK))
		return NULL;
	args = cJSON_CreateObject();
	if (after != NULL)
		cJSON_AddNumberToObject(args, "after", (double)a);
	cJSON_AddNumberToObject(args, "limit", (double)*lim);
	return args;
}

static int audit_log_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *after = NULL, *limit = NULL;
	const struct cmd_opt o[] = {
		{"--after", &after, 0}, {"--limit", &limit, 0}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long lim, last = 0;
	int rc = cmd_parse(&cmd_audit_log, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK || (args = audit_args(after, limit, &lim, &rc)) == NULL)
		return rc;
	if ((rc = cmd_call(opts, 1, "audit.log", args, &res)) == YG_EXIT_OK &&
	    audit_print(res, &last) == lim)
		printf(TR("（可能还有更多：yg audit log --after %lld）\n",
			  "(there may be more: yg audit log --after %lld)\n"),
		       last);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_audit_log = {
	.name = "audit log",
	.usage = "[--after ENTRY_ID] [--limit N]",
	.summary_zh = "管理日志：谁在何时改了什么（管理员、纪委）",
	.summary_en = "the audit log: who changed what and when (admin, auditor)",
	.exec = audit_log_exec,
};
