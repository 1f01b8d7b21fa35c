/* The items of a meeting in progress: yg agenda open, present, speak (同意,
 * 不同意 or 缓议, with the main points), pass, recuse (回避), preside (hand
 * over), defer (缓议), close; yg floor request and grant. The server judges
 * the rules of order (the member in charge first, the presiding chair
 * last: 末位表态); a refusal names the rule, and yg explains it. */
#include <stdio.h>
#include <string.h>

#include "code_text.h"
#include "commands.h"
#include "i18n.h"

static void agenda_explain(const char *message)
{
	const char *text = rule_text(message);

	if (text != NULL)
		fprintf(stderr, "yg: %s\n", text);
}

/* One request, logged in; a refusal is printed and explained. Takes args. */
static int agenda_call(const struct yg_opts *opts, const char *op, cJSON *args, cJSON **res)
{
	struct yg_conn c;
	int rc = conn_session(&c, opts, 1);

	if (rc != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	rc = conn_call(&c, op, args, res);
	if (rc != YG_EXIT_OK) {
		conn_print_error(&c);
		if (strcmp(c.err_text, c.err_message) == 0) /* not worded by the catalog */
			agenda_explain(c.err_message);
	}
	conn_close(&c);
	return rc;
}

/* "MEETING_ID ITEM_ID" and npos - 2 more positional arguments, with the
 * options o; *args is {"meeting", "item"}. */
static int agenda_parse(const struct cmd_entry *cmd, int argc, char **argv, const struct cmd_opt *o,
			const char **pos, int npos, cJSON **args)
{
	long long meeting, item;
	int rc = cmd_parse(cmd, argc, argv, o, pos, npos);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, pos[0], 1, ID_MAX, &meeting)) != 0 ||
	    (rc = cmd_number(cmd, pos[1], 1, ID_MAX, &item)) != 0)
		return rc;
	*args = cJSON_CreateObject();
	cJSON_AddNumberToObject(*args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(*args, "item", (double)item);
	return YG_EXIT_OK;
}

/* Make the request; on success print done (a format taking the meeting's
 * and the item's numbers) and, when the result has one, the log entry. */
static int agenda_do(const struct yg_opts *opts, const char *op, cJSON *args, const char *done)
{
	long long meeting = json_int(args, "meeting"), item = json_int(args, "item");
	cJSON *res = NULL;
	int rc = agenda_call(opts, op, args, &res);

	if (rc == YG_EXIT_OK) {
		printf(done, meeting, item);
		if (json_int(res, "seq") > 0)
			printf(TR("（会议日志第 %lld 条）", " (meeting log entry %lld)"),
			       json_int(res, "seq"));
		putchar('\n');
	}
	cJSON_Delete(res);
	return rc;
}

static int agenda_open_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	cJSON *args = NULL;
	int rc = agenda_parse(&cmd_agenda_open, argc, argv, NULL, pos, 2, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	return agenda_do(
		opts, "agenda.open", args,
		TR("会议 %lld 开始审议议题 %lld，由你主持；请分管领导先汇报",
		   "meeting %lld takes up item %lld, presided by you; the member in charge "
		   "presents first"));
}

/* How many positional arguments argv has (none of its options take values). */
static int agenda_count_pos(int argc, char **argv)
{
	int i, n = 0, rest = 0;

	for (i = 1; i < argc; i++) {
		if (!rest && strcmp(argv[i], "--") == 0)
			rest = 1;
		else
			n += rest || strncmp(argv[i], "--", 2) != 0;
	}
	return n;
}

static int agenda_present_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[3] = {NULL, NULL, NULL};
	int npos = agenda_count_pos(argc, argv) >= 3 ? 3 : 2;
	cJSON *args = NULL;
	int rc = agenda_parse(&cmd_agenda_present, argc, argv, NULL, pos, npos, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	if (pos[2] != NULL)
		cJSON_AddStringToObject(args, "body", pos[2]);
	return agenda_do(
		opts, "agenda.present", args,
		TR("已在会议 %lld 上汇报议题 %lld", "presented at meeting %lld: item %lld"));
}

/* --candidate N (1 is the item's first candidate) into args, as the
 * protocol's index from 0. */
static int agenda_candidate(const struct cmd_entry *cmd, const char *text, cJSON *args)
{
	long long n;
	int rc;

	if (text == NULL)
		return YG_EXIT_OK;
	if ((rc = cmd_number(cmd, text, 1, 32, &n)) != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	cJSON_AddNumberToObject(args, "candidate", (double)(n - 1));
	return YG_EXIT_OK;
}

/* agree, disagree, defer, or the same in Chinese; NULL if none. */
static const char *agenda_position(const char *text)
{
	static const char *const names[][2] = {
		{"agree", "同意"}, {"disagree", "不同意"}, {"defer", "缓议"}};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(text, names[i][0]) == 0 || strcmp(text, names[i][1]) == 0)
			return names[i][0];
	return NULL;
}

static int agenda_speak_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[4], *candidate = NULL, *position;
	const struct cmd_opt o[] = {{"--candidate", &candidate, 0}, {NULL, NULL, 0}};
	char done[256];
	cJSON *args = NULL;
	int rc = agenda_parse(&cmd_agenda_speak, argc, argv, o, pos, 4, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((position = agenda_position(pos[2])) == NULL) {
		cJSON_Delete(args);
		return cmd_usage_error(
			&cmd_agenda_speak,
			TR("表态须是 agree（同意）、disagree（不同意）或 defer（缓议）",
			   "the position is agree (同意), disagree (不同意) or defer "
			   "(缓议)"));
	}
	if ((rc = agenda_candidate(&cmd_agenda_speak, candidate, args)) != YG_EXIT_OK)
		return rc;
	cJSON_AddStringToObject(args, "position", position);
	cJSON_AddStringToObject(args, "body", pos[3]);
	snprintf(done, sizeof(done), "%s%s",
		 TR("已在会议 %lld 上就议题 %lld 表态：",
		    "stated a position at meeting %lld on item %lld: "),
		 position_text(position));
	return agenda_do(opts, "agenda.speak", args, done);
}

static int agenda_pass_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2], *candidate = NULL;
	const struct cmd_opt o[] = {{"--candidate", &candidate, 0}, {NULL, NULL, 0}};
	cJSON *args = NULL;
	int rc = agenda_parse(&cmd_agenda_pass, argc, argv, o, pos, 2, &args);

	if (rc != YG_EXIT_OK || (rc = agenda_candidate(&cmd_agenda_pass, candidate, args)) != 0)
		return rc;
	return agenda_do(opts, "agenda.pass", args,
			 TR("已在会议 %lld 上就议题 %lld 放弃表态",
			    "passed at meeting %lld on item %lld: no position"));
}

/* recuse and defer: "MEETING_ID ITEM_ID --reason TEXT". */
static int agenda_reasoned(const struct cmd_entry *cmd, const char *op, const char *done, int argc,
			   char **argv, const struct yg_opts *opts)
{
	const char *pos[2], *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 1}, {NULL, NULL, 0}};
	cJSON *args = NULL;
	int rc = agenda_parse(cmd, argc, argv, o, pos, 2, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	cJSON_AddStringToObject(args, "reason", reason);
	return agenda_do(opts, op, args, done);
}

static int agenda_recuse_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return agenda_reasoned(
		&cmd_agenda_recuse, "agenda.recuse",
		TR("已声明回避会议 %lld 的议题 %lld（理由已记录）；你不参加此议题的讨论"
		   "。若由你主持，请用 yg agenda preside 移交",
		   "declared recusal at meeting %lld from item %lld (the reason is "
		   "recorded); you take no part in it. If you preside, hand over with yg "
		   "agenda preside"),
		argc, argv, opts);
}

static int agenda_defer_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return agenda_reasoned(
		&cmd_agenda_defer, "agenda.defer",
		TR("会议 %lld：议题 %lld 缓议，退回待议（理由已记录）",
		   "meeting %lld: item %lld is deferred and returns to the announced "
		   "items (the reason is recorded)"),
		argc, argv, opts);
}

static int agenda_preside_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[3];
	long long member;
	char done[256];
	cJSON *args = NULL;
	int rc = agenda_parse(&cmd_agenda_preside, argc, argv, NULL, pos, 3, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_number(&cmd_agenda_preside, pos[2], 1, ID_MAX, &member)) != 0) {
		cJSON_Delete(args);
		return rc;
	}
	cJSON_AddNumberToObject(args, "member", (double)member);
	snprintf(done, sizeof(done),
		 TR("会议 %%lld：议题 %%lld 改由委员 %lld 主持",
		    "meeting %%lld: item %%lld is now presided by member %lld"),
		 member);
	return agenda_do(opts, "agenda.preside", args, done);
}

static int agenda_close_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	cJSON *args = NULL;
	int rc = agenda_parse(&cmd_agenda_close, argc, argv, NULL, pos, 2, &args);

	if (rc != YG_EXIT_OK)
		return rc;
	return agenda_do(opts, "agenda.close", args,
			 TR("会议 %lld：议题 %lld 讨论结束",
			    "meeting %lld: discussion of item %lld is "
			    "closed"));
}

static int floor_request_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1];
	long long meeting;
	cJSON *args, *res = NULL;
	int rc = cmd_parse(&cmd_floor_request, argc, argv, NULL, pos, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_floor_request, pos[0], 1, ID_MAX, &meeting)) != 0)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	if ((rc = agenda_call(opts, "floor.request", args, &res)) == YG_EXIT_OK)
		printf(TR("已申请就议题 %lld 发言，申请编号 %lld；请等待主持人准许\n",
			  "asked for the floor on item %lld: request %lld; wait for the chair\n"),
		       json_int(res, "item"), json_int(res, "request"));
	cJSON_Delete(res);
	return rc;
}

static int floor_grant_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	long long meeting, request;
	cJSON *args, *res = NULL;
	int rc = cmd_parse(&cmd_floor_grant, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_floor_grant, pos[0], 1, ID_MAX, &meeting)) != 0 ||
	    (rc = cmd_number(&cmd_floor_grant, pos[1], 1, ID_MAX, &request)) != 0)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(args, "request", (double)request);
	if ((rc = agenda_call(opts, "floor.grant", args, &res)) == YG_EXIT_OK)
		printf(TR("已准许发言申请 %lld\n", "granted the floor to request %lld\n"), request);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_agenda_open = {
	.name = "agenda open",
	.usage = "MEETING_ID ITEM_ID",
	.summary_zh = "开始审议一项议题，由你主持（主持人；一次一项）",
	.summary_en = "take up an item, presided by you (chair; one at a time)",
	.exec = agenda_open_exec,
};

const struct cmd_entry cmd_agenda_present = {
	.name = "agenda present",
	.usage = "MEETING_ID ITEM_ID [TEXT]",
	.summary_zh = "分管领导汇报议题（最先发言）",
	.summary_en = "present the item as the member in charge (first of all)",
	.exec = agenda_present_exec,
};

const struct cmd_entry cmd_agenda_speak = {
	.name = "agenda speak",
	.usage = "MEETING_ID ITEM_ID agree|disagree|defer TEXT [--candidate N]",
	.summary_zh = "表态：同意、不同意或缓议（也可写中文），附主要理由；主持人末位表态；"
		      "干部任免议题逐一就候选人表态（N 从 1 起）",
	.summary_en = "state a position, agree, disagree or defer (同意/不同意/缓议), with the "
		      "main points; the presiding chair last; on cadre items one candidate at a "
		      "time (N from 1)",
	.exec = agenda_speak_exec,
};

const struct cmd_entry cmd_agenda_pass = {
	.name = "agenda pass",
	.usage = "MEETING_ID ITEM_ID [--candidate N]",
	.summary_zh = "明确放弃表态（干部任免议题不允许）",
	.summary_en = "pass explicitly: state no position (not on cadre items)",
	.exec = agenda_pass_exec,
};

const struct cmd_entry cmd_agenda_recuse = {
	.name = "agenda recuse",
	.usage = "MEETING_ID ITEM_ID --reason TEXT",
	.summary_zh = "声明回避一项议题（议题开始前或审议中）",
	.summary_en = "declare a conflict of interest on an item (回避), before or during it",
	.exec = agenda_recuse_exec,
};

const struct cmd_entry cmd_agenda_preside = {
	.name = "agenda preside",
	.usage = "MEETING_ID ITEM_ID MEMBER_ID",
	.summary_zh = "将议题的主持移交给另一位到会、未回避的委员（主持人须回避时）",
	.summary_en = "hand the presiding of an item to another present, non-recused member",
	.exec = agenda_preside_exec,
};

const struct cmd_entry cmd_agenda_defer = {
	.name = "agenda defer",
	.usage = "MEETING_ID ITEM_ID --reason TEXT",
	.summary_zh = "缓议：议题退回待议（主持议题者；有争议的议题只能缓议）",
	.summary_en = "defer the item (缓议) back to the announced items (whoever presides; the "
		      "only way out for a contested item)",
	.exec = agenda_defer_exec,
};

const struct cmd_entry cmd_agenda_close = {
	.name = "agenda close",
	.usage = "MEETING_ID ITEM_ID",
	.summary_zh = "结束讨论（主持议题者；须人人表态或放弃表态，主持人已末位表态）",
	.summary_en = "close the discussion (whoever presides; once everyone has stated or "
		      "passed, the chair last)",
	.exec = agenda_close_exec,
};

const struct cmd_entry cmd_floor_request = {
	.name = "floor request",
	.usage = "MEETING_ID",
	.summary_zh = "申请就正在审议的议题发言（到会委员、列席人员）",
	.summary_en = "ask for the floor on the open item (present members, observers)",
	.exec = floor_request_exec,
};

const struct cmd_entry cmd_floor_grant = {
	.name = "floor grant",
	.usage = "MEETING_ID REQUEST_ID",
	.summary_zh = "准许发言申请（主持议题者）",
	.summary_en = "grant a request for the floor (whoever presides over the item)",
	.exec = floor_grant_exec,
};
