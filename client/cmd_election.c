/* yg record export: the election record of every item voted on in a
 * meeting (VOTE.md §8), one file each, for `yg verify` with no server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "save_file.h"

static int record_export_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1] = {NULL}, *only = NULL, *dir = ".";
	const struct cmd_opt options[] = {
		{"--item", &only, 0}, {"--out", &dir, 0}, {NULL, NULL, 0}};
	long long meeting, item_only = 0;
	cJSON *args, *m = NULL, *rec;
	const cJSON *e;
	struct yg_conn c;
	char path[4096], *text;
	int rc = cmd_parse(&cmd_record_export, argc, argv, options, pos, 1), written = 0;

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_record_export, pos[0], 1, ID_MAX, &meeting)) != YG_EXIT_OK ||
	    (only != NULL &&
	     (rc = cmd_number(&cmd_record_export, only, 1, ID_MAX, &item_only)) != YG_EXIT_OK))
		return rc;
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)meeting);
	if ((rc = conn_call_print(&c, "meeting.show", args, &m)) != YG_EXIT_OK)
		goto out;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(m, "agenda")) {
		long long item = json_int(e, "item");

		if (item_only != 0 && item != item_only)
			continue;
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "meeting", (double)meeting);
		cJSON_AddNumberToObject(args, "item", (double)item);
		rec = NULL;
		if (conn_call(&c, "vote.record", args, &rec) != YG_EXIT_OK) {
			if (strcmp(c.err_code, "conflict") != 0) { /* not "no vote yet" */
				conn_print_error(&c);
				rc = YG_EXIT_REFUSED;
				goto out;
			}
			printf(TR("议题 %lld：尚无已结束的表决，跳过\n",
				  "item %lld: no closed vote, skipped\n"),
			       item);
			continue;
		}
		snprintf(path, sizeof(path), "%s/meeting-%lld-item-%lld.json", dir, meeting, item);
		text = cJSON_Print(rec);
		if (save_file(path, text, strlen(text)) != 0) {
			fprintf(stderr, "yg: %s: %s\n", path, TR("无法写入", "cannot write"));
			rc = YG_EXIT_REFUSED;
		} else {
			printf(TR("议题 %lld 的选举记录：%s\n",
				  "item %lld: election record in %s\n"),
			       item, path);
			written++;
		}
		free(text);
		cJSON_Delete(rec);
		if (rc != YG_EXIT_OK)
			goto out;
	}
	if (written == 0)
		printf("%s\n", TR("没有可导出的选举记录", "no election record to export"));
out:
	cJSON_Delete(m);
	conn_close(&c);
	return rc;
}

const struct cmd_entry cmd_record_export = {
	.name = "record export",
	.op = "vote.record",
	.usage = "MEETING_ID [--item ITEM_ID] [--out DIR]",
	.summary_zh = "导出会议中各项表决的选举记录（每项一个文件），供 yg verify 离线核验",
	.summary_en =
		"write the election record of each item voted on, one file each, for yg verify",
	.exec = record_export_exec,
};
