/* Attendance at a meeting: yg meeting invite (an observer from the pool),
 * check-in, check-out, absent (with the reason), open (only with quorum:
 * more than half of 应到会 by default), close, and state (the roster as it
 * stands, the counts and the head of the meeting's log). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

/* Parse "MEETING" (and npos - 1 more positional arguments into pos[1..])
 * with the options o; the meeting's number in *meeting. */
static int attend_parse(const struct cmd_entry *cmd, int argc, char **argv, const struct cmd_opt *o,
			const char **pos, int npos, long long *meeting)
{
	int rc = cmd_parse(cmd, argc, argv, o, pos, npos);

	return rc != YG_EXIT_OK ? rc : cmd_number(cmd, pos[0], 1, ID_MAX, meeting);
}

/* {"meeting": meeting}. */
static cJSON *attend_args(long long meeting)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	return args;
}

static int attend_invite_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	long long meeting, observer;
	cJSON *args, *res = NULL;
	int rc = attend_parse(&cmd_meeting_invite, argc, argv, NULL, pos, 2, &meeting);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_meeting_invite, pos[1], 1, ID_MAX, &observer)) != YG_EXIT_OK)
		return rc;
	args = attend_args(meeting);
	cJSON_AddNumberToObject(args, "observer", (double)observer);
	if ((rc = cmd_call(opts, 1, "meeting.invite", args, &res)) == YG_EXIT_OK)
		printf(TR("已邀请 %s（列席人员 %lld）列席会议 %lld\n",
			  "invited %s (observer %lld) to meeting %lld\n"),
		       json_str(res, "name"), json_int(res, "observer"), json_int(res, "meeting"));
	cJSON_Delete(res);
	return rc;
}

/* check-in and check-out: the counts after the change. */
static int attend_move(const struct cmd_entry *cmd, const char *op, const char *done, int argc,
		       char **argv, const struct yg_opts *opts)
{
	const char *pos[1];
	long long meeting;
	cJSON *res = NULL;
	int rc = attend_parse(cmd, argc, argv, NULL, pos, 1, &meeting);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_call(opts, 1, op, attend_args(meeting), &res)) == YG_EXIT_OK)
		printf(TR("%s（会议 %lld）：到会 %lld / 应到会 %lld\n",
			  "%s (meeting %lld): %lld of %lld members present\n"),
		       done, meeting, json_int(res, "present"), json_int(res, "entitled"));
	cJSON_Delete(res);
	return rc;
}

static int attend_check_in_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return attend_move(&cmd_meeting_check_in, "meeting.check_in", TR("已签到", "checked in"),
			   argc, argv, opts);
}

static int attend_check_out_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return attend_move(&cmd_meeting_check_out, "meeting.check_out", TR("已离会", "checked out"),
			   argc, argv, opts);
}

static int attend_absent_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2], *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 1}, {NULL, NULL, 0}};
	long long meeting, member;
	cJSON *args, *res = NULL;
	int rc = attend_parse(&cmd_meeting_absent, argc, argv, o, pos, 2, &meeting);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_meeting_absent, pos[1], 1, ID_MAX, &member)) != YG_EXIT_OK)
		return rc;
	args = attend_args(meeting);
	cJSON_AddNumberToObject(args, "member", (double)member);
	cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "meeting.absent", args, &res)) == YG_EXIT_OK)
		printf(TR("已记录委员 %lld 缺席会议 %lld，理由：%s\n",
			  "recorded member %lld as absent from meeting %lld: %s\n"),
		       member, meeting, json_str(res, "reason"));
	cJSON_Delete(res);
	return rc;
}

/* Say in the chosen language why a meeting cannot open, when the server's
 * refusal is the quorum's. */
static void attend_no_quorum(const char *message)
{
	long present, entitled, needed;

	if (sscanf(message, "no quorum: %ld of %ld members present, %ld needed", &present,
		   &entitled, &needed) != 3)
		return;
	fprintf(stderr,
		TR("yg: 不能开会：未达到法定人数。应到会 %ld 人，到会 %ld 人，开会需 %ld 人。\n",
		   "yg: the meeting cannot open without quorum: %ld members entitled to attend, "
		   "%ld present, %ld needed.\n"),
		entitled, present, needed);
}

static int attend_open_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1];
	long long meeting;
	struct yg_conn c;
	cJSON *res = NULL;
	int rc = attend_parse(&cmd_meeting_open, argc, argv, NULL, pos, 1, &meeting);

	if (rc != YG_EXIT_OK || (rc = conn_session(&c, opts, 1)) != YG_EXIT_OK)
		return rc;
	rc = conn_call(&c, "meeting.open", attend_args(meeting), &res);
	if (rc == YG_EXIT_OK)
		printf(TR("会议 %lld 开始：到会 %lld / 应到会 %lld\n",
			  "meeting %lld is open: %lld of %lld members present\n"),
		       meeting, json_int(res, "present"), json_int(res, "entitled"));
	else {
		conn_print_error(&c);
		if (strcmp(c.err_text, c.err_message) == 0) /* not worded by the catalog */
			attend_no_quorum(c.err_message);
	}
	cJSON_Delete(res);
	conn_close(&c);
	return rc;
}

static int attend_close_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1];
	long long meeting;
	cJSON *res = NULL;
	int rc = attend_parse(&cmd_meeting_close, argc, argv, NULL, pos, 1, &meeting);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_call(opts, 1, "meeting.close", attend_args(meeting), &res)) == YG_EXIT_OK)
		printf(TR("会议 %lld 散会；会议记录：yg minutes show %lld\n",
			  "meeting %lld is closed; the minutes: yg minutes show %lld\n"),
		       meeting, meeting);
	cJSON_Delete(res);
	return rc;
}

/* The smallest number of entitled members present that reaches the share
 * {"num", "den", "inclusive"} (server/policy/quorum.c); 0 if unreadable. */
static long long attend_needed(long long entitled, const cJSON *share)
{
	long long num = json_int(share, "num"), den = json_int(share, "den"), n;
	int inclusive = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(share, "inclusive"));

	if (den <= 0 || num <= 0 || entitled <= 0)
		return 0;
	n = num * entitled / den;
	if (inclusive ? n * den < num * entitled : n * den <= num * entitled)
		n++;
	return n;
}

/* Who is entitled to attend, and whether they are here or why not. */
static void attend_roster(const cJSON *res)
{
	struct rows t = {.ncols = 4};
	const cJSON *m;

	printf("%s\n", TR("应到会人员", "members entitled to attend"));
	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("姓名", "name"));
	rows_add(&t, TR("职务", "title"));
	rows_add(&t, TR("到会情况", "attendance"));
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "roster")) {
		rows_addf(&t, "%lld", json_int(m, "id"));
		rows_add(&t, json_str(m, "name"));
		rows_add(&t, json_str(m, "title"));
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "present")))
			rows_add(&t, TR("到会", "present"));
		else if (json_str(m, "absence")[0] != '\0')
			rows_addf(&t, TR("缺席（%s）", "absent (%s)"), json_str(m, "absence"));
		else
			rows_add(&t, TR("未到", "not here"));
	}
	rows_print(&t);
}

/* The invited observers. */
static void attend_observers(const cJSON *res)
{
	struct rows t = {.ncols = 3};
	const cJSON *o;

	printf("%s\n", TR("列席人员", "observers"));
	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("姓名", "name"));
	rows_add(&t, TR("到场情况", "attendance"));
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(res, "observers")) {
		rows_addf(&t, "%lld", json_int(o, "id"));
		rows_add(&t, json_str(o, "name"));
		rows_add(&t, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "present"))
				     ? TR("在场", "present")
				     : TR("未到", "not here"));
	}
	rows_print(&t);
}

/* The meeting, its counts and the head of its log. */
static void attend_state_print(const cJSON *res)
{
	const cJSON *head = cJSON_GetObjectItemCaseSensitive(res, "head");
	long long entitled = json_int(res, "entitled");
	char at[64];

	printf(TR("会议 %lld：%s\n", "meeting %lld: %s\n"), json_int(res, "id"),
	       json_str(res, "title"));
	cmd_field(TR("状态", "status"), "%s", code_label("meeting", json_str(res, "status")));
	time_text(json_str(res, "starts_at"), at, sizeof(at));
	cmd_field(TR("时间", "time"), "%s", at);
	cmd_field(TR("地点", "place"), "%s", json_str(res, "place"));
	cmd_field(
		TR("人数", "quorum"),
		TR("到会 %lld / 应到会 %lld，开会需 %lld（干部议题需 %lld）",
		   "%lld of %lld members present; %lld needed to open (%lld for cadre items)"),
		json_int(res, "present"), entitled,
		attend_needed(entitled, cJSON_GetObjectItemCaseSensitive(res, "quorum")),
		attend_needed(entitled, cJSON_GetObjectItemCaseSensitive(res, "quorum_personnel")));
	if (cJSON_IsObject(head))
		cmd_field(
			TR("日志", "log"),
			TR("共 %lld 条，最后一条的哈希 %s", "%lld entries, the last one's hash %s"),
			json_int(head, "seq"), json_str(head, "hash"));
	attend_roster(res);
	attend_observers(res);
}

static int attend_state_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1];
	long long meeting;
	cJSON *res = NULL;
	int rc = attend_parse(&cmd_meeting_state, argc, argv, NULL, pos, 1, &meeting);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_call(opts, 1, "meeting.state", attend_args(meeting), &res)) == YG_EXIT_OK)
		attend_state_print(res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_meeting_invite = {
	.name = "meeting invite",
	.usage = "MEETING_ID OBSERVER_ID",
	.summary_zh = "邀请会议开放人员库中的人员列席会议（主持人）",
	.summary_en = "invite an approved observer from the pool to a meeting (chair)",
	.exec = attend_invite_exec,
};

const struct cmd_entry cmd_meeting_check_in = {
	.name = "meeting check-in",
	.usage = "MEETING_ID",
	.summary_zh = "签到：应到会委员，或受邀列席人员",
	.summary_en = "check in: a member entitled to attend, or an invited observer",
	.exec = attend_check_in_exec,
};

const struct cmd_entry cmd_meeting_check_out = {
	.name = "meeting check-out",
	.usage = "MEETING_ID",
	.summary_zh = "中途离会（到会人数随即改变）",
	.summary_en = "leave the meeting (the count changes at once)",
	.exec = attend_check_out_exec,
};

const struct cmd_entry cmd_meeting_absent = {
	.name = "meeting absent",
	.usage = "MEETING_ID MEMBER_ID --reason TEXT",
	.summary_zh = "记录委员缺席及其理由（主持人，或本次会议登记的记录人）",
	.summary_en = "record that a member is absent, and why (the chair, or the meeting's clerk)",
	.exec = attend_absent_exec,
};

const struct cmd_entry cmd_meeting_open = {
	.name = "meeting open",
	.usage = "MEETING_ID",
	.summary_zh = "宣布开会（主持人；到会须超过应到会人数的一半）",
	.summary_en = "open the meeting (chair; only with quorum: more than half present)",
	.exec = attend_open_exec,
};

const struct cmd_entry cmd_meeting_close = {
	.name = "meeting close",
	.usage = "MEETING_ID",
	.summary_zh = "宣布散会（主持人）；随后生成会议记录",
	.summary_en = "close the meeting (chair); the minutes are made from its log",
	.exec = attend_close_exec,
};

const struct cmd_entry cmd_meeting_state = {
	.name = "meeting state",
	.usage = "MEETING_ID",
	.summary_zh =
		"会场情况：应到会人员及到会、缺席（理由），列席人员，人数，日志最后一条的哈希",
	.summary_en = "the room: who is entitled, present or absent (why), observers, counts, "
		      "the head of the log",
	.exec = attend_state_exec,
};
