/* What the clerk (记录人) minutes in an open meeting: yg minutes agree (议定
 *事项, the decisions agreed on an item taken up; a later record for the
 * same item supersedes it in the minutes) and yg minutes remark (what an
 * observer said once given the floor, with the speaker and category).
 * Both go into the meeting's log, from which the minutes are built; the
 * database checks that the caller is the clerk recorded for the meeting. */
#include <stdio.h>

#include "commands.h"
#include "i18n.h"

/* MEETING_ID ID TEXT: two numbers and a text. */
static int clerk_parse(const struct cmd_entry *cmd, int argc, char **argv, long long *a,
		       long long *b, const char **text)
{
	const char *pos[3];
	int rc = cmd_parse(cmd, argc, argv, NULL, pos, 3);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, pos[0], 1, ID_MAX, a)) != 0 ||
	    (rc = cmd_number(cmd, pos[1], 1, ID_MAX, b)) != 0)
		return rc;
	*text = pos[2];
	return YG_EXIT_OK;
}

static int agree_exec(int argc, char **argv, const struct yg_opts *opts)
{
	long long meeting, item;
	const char *text;
	cJSON *args, *res = NULL;
	int rc = clerk_parse(&cmd_minutes_agree, argc, argv, &meeting, &item, &text);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "text", text);
	if ((rc = cmd_call(opts, 1, "minutes.agree", args, &res)) == YG_EXIT_OK)
		printf(TR("已记录议题 %lld 的议定事项（第 %lld 稿）\n",
			  "recorded what was agreed on item %lld (version %lld)\n"),
		       item, json_int(res, "n"));
	cJSON_Delete(res);
	return rc;
}

static int remark_exec(int argc, char **argv, const struct yg_opts *opts)
{
	long long meeting, request;
	const char *text;
	cJSON *args, *res = NULL;
	int rc = clerk_parse(&cmd_minutes_remark, argc, argv, &meeting, &request, &text);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(args, "request", (double)request);
	cJSON_AddStringToObject(args, "body", text);
	if ((rc = cmd_call(opts, 1, "minutes.remark", args, &res)) == YG_EXIT_OK)
		printf(TR("已记录发言申请 %lld 的列席发言（议题 %lld）\n",
			  "minuted the remark of request %lld (item %lld)\n"),
		       request, json_int(res, "item"));
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_minutes_agree = {
	.name = "minutes agree",
	.usage = "MEETING_ID ITEM_ID TEXT",
	.summary_zh = "记录议题的议定事项（本次会议登记的记录人；开会中；再次记录以最后一稿为准）",
	.summary_en = "record what was agreed on an item (议定事项; the meeting's clerk, while it "
		      "is open; a later record supersedes it)",
	.exec = agree_exec,
};

const struct cmd_entry cmd_minutes_remark = {
	.name = "minutes remark",
	.usage = "MEETING_ID REQUEST_ID TEXT",
	.summary_zh = "记录列席人员获准发言的内容（本次会议登记的记录人；每次发言申请一次）",
	.summary_en = "minute what an observer said once given the floor (the meeting's clerk; "
		      "once per request)",
	.exec = remark_exec,
};
