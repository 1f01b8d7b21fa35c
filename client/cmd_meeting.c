/* Meetings and their agenda: yg meeting create, add (only items that pass
 * every gate), remove (with a reason, kept on record), announce (the
 * agenda is fixed from then on: 不搞临时动议), list and show. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "i18n.h"

/* "2026-12-01 09:00" in the committee's clock (this terminal's local time
 * before a server has said its clock; seconds optional, a 'T' instead of
 * the space allowed) as ISO 8601 with the clock's offset,
 * "2026-12-01T09:00:00+08:00"; -1 if it is no such time. */
static int meeting_iso(const char *text, char *buf, size_t len)
{
	struct tm tm = {0}, want;
	int n = 0, m = 0;
	char sep = 0;
	long off;

	if (sscanf(text, "%4d-%2d-%2d%c%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
		   &tm.tm_hour, &tm.tm_min, &n) != 6 ||
	    (sep != ' ' && sep != 'T'))
		return -1;
	if (text[n] == ':' && sscanf(text + n, ":%2d%n", &tm.tm_sec, &m) == 1)
		n += m;
	if (text[n] != '\0')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	want = tm;
	if (i18n_utc_offset(&m)) { /* the committee's clock: no daylight saving */
		time_t t = timegm(&tm);

		if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL || tm.tm_year != want.tm_year ||
		    tm.tm_mon != want.tm_mon || tm.tm_mday != want.tm_mday ||
		    tm.tm_hour != want.tm_hour || tm.tm_min != want.tm_min ||
		    tm.tm_sec != want.tm_sec)
			return -1;
		tm.tm_gmtoff = (long)m * 60;
	} else if (mktime(&tm) == (time_t)-1 || tm.tm_year != want.tm_year ||
		   tm.tm_mon != want.tm_mon || tm.tm_mday != want.tm_mday ||
		   tm.tm_hour != want.tm_hour || tm.tm_min != want.tm_min ||
		   tm.tm_sec != want.tm_sec)
		return -1;
	off = tm.tm_gmtoff < 0 ? -tm.tm_gmtoff : tm.tm_gmtoff;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 tm.tm_gmtoff < 0 ? '-' : '+', off / 3600, off % 3600 / 60);
	return 0;
}

/* The agenda: removed entries marked, with when and why. */
static void meeting_agenda(const cJSON *m)
{
	struct rows t = {.ncols = 5};
	const cJSON *a;
	char at[64];

	printf("%s\n", TR("议程", "agenda"));
	rows_add(&t, TR("序号", "no."));
	rows_add(&t, TR("议题", "item"));
	rows_add(&t, TR("版本", "version"));
	rows_add(&t, TR("标题", "title"));
	rows_add(&t, TR("备注", "note"));
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(m, "agenda")) {
		rows_addf(&t, "%lld", json_int(a, "position"));
		rows_addf(&t, "%lld", json_int(a, "item"));
		rows_addf(&t, "%lld", json_int(a, "version"));
		rows_add(&t, json_str(a, "title"));
		time_text(json_str(a, "removed_at"), at, sizeof(at));
		if (at[0] != '\0')
			rows_addf(&t, TR("已撤下（%s），理由：%s", "removed (%s): %s"), at,
				  json_str(a, "removed_reason"));
		else
			rows_add(&t, "");
	}
	rows_print(&t);
}

/* A meeting and its agenda. */
static void meeting_print(const cJSON *m)
{
	char at[64];

	printf(TR("会议 %lld：%s\n", "meeting %lld: %s\n"), json_int(m, "id"),
	       json_str(m, "title"));
	cmd_field(TR("状态", "status"), "%s", code_label("meeting", json_str(m, "status")));
	time_text(json_str(m, "starts_at"), at, sizeof(at));
	cmd_field(TR("时间", "time"), "%s", at);
	cmd_field(TR("地点", "place"), "%s", json_str(m, "place"));
	if (json_str(m, "announced_at")[0] != '\0') {
		time_text(json_str(m, "announced_at"), at, sizeof(at));
		cmd_field(TR("公布时间", "announced"), "%s", at);
	}
	meeting_agenda(m);
}

/* Make one request about a meeting; print the line done (if any) and the
 * meeting it returns. Takes args. */
static int meeting_change(const struct yg_opts *opts, const char *op, cJSON *args, const char *done)
{
	cJSON *res = NULL;
	int rc = cmd_call(opts, 1, op, args, &res);

	if (rc == YG_EXIT_OK) {
		if (done != NULL)
			printf("%s\n", done);
		meeting_print(res);
	}
	cJSON_Delete(res);
	return rc;
}

static int meeting_create_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *title = NULL, *place = NULL, *at = NULL;
	const struct cmd_opt o[] = {
		{"--title", &title, 1}, {"--place", &place, 1}, {"--at", &at, 1}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	struct yg_conn c;
	char iso[64];
	int rc = cmd_parse(&cmd_meeting_create, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	if (meeting_iso(at, iso, sizeof(iso)) != 0)
		return cmd_usage_error(&cmd_meeting_create,
				       TR("--at 须是本地时间，如 '2026-12-01 09:00'",
					  "--at must be a local time such as '2026-12-01 09:00'"));
	/* The time is the committee's: read it in the clock the server says. */
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK)
		return rc;
	meeting_iso(at, iso, sizeof(iso));
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "title", title);
	cJSON_AddStringToObject(args, "place", place);
	cJSON_AddStringToObject(args, "starts_at", iso);
	rc = conn_call_print(&c, "meeting.create", args, &res);
	if (rc == YG_EXIT_OK) {
		printf("%s\n", TR("已安排会议（草稿：公布前可增减议题，公布后议程固定）",
				  "scheduled a meeting (a draft: its agenda can change until it is "
				  "announced)"));
		meeting_print(res);
	}
	cJSON_Delete(res);
	conn_close(&c);
	return rc;
}

/* The meeting's and the item's numbers: "MEETING_ID ITEM_ID". */
static int meeting_pair(const struct cmd_entry *cmd, const char *const pos[2], long long *meeting,
			long long *item)
{
	int rc = cmd_number(cmd, pos[0], 1, ID_MAX, meeting);

	return rc != YG_EXIT_OK ? rc : cmd_number(cmd, pos[1], 1, ID_MAX, item);
}

static int meeting_add_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	long long meeting, item;
	char done[256];
	cJSON *args;
	int rc = cmd_parse(&cmd_meeting_add, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK || (rc = meeting_pair(&cmd_meeting_add, pos, &meeting, &item)) != 0)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(args, "item", (double)item);
	snprintf(done, sizeof(done),
		 TR("已将议题 %lld 列入会议 %lld 的议程",
		    "put item %lld on the agenda of meeting %lld"),
		 item, meeting);
	return meeting_change(opts, "meeting.add_item", args, done);
}

static int meeting_remove_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2], *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 1}, {NULL, NULL, 0}};
	long long meeting, item;
	char done[256];
	cJSON *args;
	int rc = cmd_parse(&cmd_meeting_remove, argc, argv, o, pos, 2);

	if (rc != YG_EXIT_OK || (rc = meeting_pair(&cmd_meeting_remove, pos, &meeting, &item)) != 0)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "reason", reason);
	snprintf(done, sizeof(done),
		 TR("已将议题 %lld 撤出会议 %lld 的议程（理由已记录）",
		    "took item %lld off the agenda of meeting %lld (the reason is recorded)"),
		 item, meeting);
	return meeting_change(opts, "meeting.remove_item", args, done);
}

/* announce and show: one meeting by its number. */
static int meeting_by_id(const struct cmd_entry *cmd, const char *op, const char *what, int argc,
			 char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	long long id;
	cJSON *args;
	int rc = cmd_parse(cmd, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	return meeting_change(opts, op, args, what);
}

static int meeting_announce_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return meeting_by_id(&cmd_meeting_announce, "meeting.announce",
			     TR("已公布会议；议程自此固定，不再增加议题（不搞临时动议）",
				"announced the meeting; its agenda is fixed from now on (no ad-hoc "
				"items)"),
			     argc, argv, opts);
}

static int meeting_show_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return meeting_by_id(&cmd_meeting_show, "meeting.show", NULL, argc, argv, opts);
}

/* How many items are on a meeting's agenda, removed ones not counted. */
static int meeting_count(const cJSON *m)
{
	const cJSON *a;
	int n = 0;

	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(m, "agenda")) {
		n += json_str(a, "removed_at")[0] == '\0';
	}
	return n;
}

static void meeting_print_list(const cJSON *res)
{
	struct rows t = {.ncols = 6};
	const cJSON *m;
	char at[64];

	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("状态", "status"));
	rows_add(&t, TR("时间", "time"));
	rows_add(&t, TR("地点", "place"));
	rows_add(&t, TR("议题数", "items"));
	rows_add(&t, TR("标题", "title"));
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "meetings")) {
		time_text(json_str(m, "starts_at"), at, sizeof(at));
		rows_addf(&t, "%lld", json_int(m, "id"));
		rows_add(&t, code_label("meeting", json_str(m, "status")));
		rows_add(&t, at);
		rows_add(&t, json_str(m, "place"));
		rows_addf(&t, "%d", meeting_count(m));
		rows_add(&t, json_str(m, "title"));
	}
	rows_print(&t);
}

static int meeting_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	cJSON *res = NULL;
	int rc = cmd_parse(&cmd_meeting_list, argc, argv, NULL, NULL, 0);

	if (rc == YG_EXIT_OK && (rc = cmd_call(opts, 1, "meeting.list", NULL, &res)) == YG_EXIT_OK)
		meeting_print_list(res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_meeting_create = {
	.name = "meeting create",
	.usage = "--title TITLE --place PLACE --at 'YYYY-MM-DD HH:MM'",
	.summary_zh = "安排会议（主持人；时间为本地时间，须在将来）",
	.summary_en = "schedule a meeting (chair; the time is local and still to come)",
	.exec = meeting_create_exec,
};

const struct cmd_entry cmd_meeting_add = {
	.name = "meeting add",
	.op = "meeting.add_item",
	.usage = "MEETING_ID ITEM_ID",
	.summary_zh = "将可以上会的议题列入尚未公布的会议议程（主持人）",
	.summary_en = "put a ready item on the agenda of a meeting not yet announced (chair)",
	.exec = meeting_add_exec,
};

const struct cmd_entry cmd_meeting_remove = {
	.name = "meeting remove",
	.op = "meeting.remove_item",
	.usage = "MEETING_ID ITEM_ID --reason TEXT",
	.summary_zh = "将议题撤出议程（主持人，理由记录在案）",
	.summary_en = "take an item off an agenda (chair; the reason is kept on record)",
	.exec = meeting_remove_exec,
};

const struct cmd_entry cmd_meeting_announce = {
	.name = "meeting announce",
	.usage = "MEETING_ID",
	.summary_zh = "公布会议；议程自此固定（不搞临时动议）",
	.summary_en = "announce a meeting; its agenda is fixed from then on (no ad-hoc items)",
	.exec = meeting_announce_exec,
};

const struct cmd_entry cmd_meeting_list = {
	.name = "meeting list",
	.usage = "",
	.summary_zh = "列出本委员会的会议",
	.summary_en = "list the committee's meetings",
	.exec = meeting_list_exec,
};

const struct cmd_entry cmd_meeting_show = {
	.name = "meeting show",
	.usage = "MEETING_ID",
	.summary_zh = "会议详情和议程（撤下的议题标明时间和理由）",
	.summary_en = "a meeting and its agenda (removed items marked, with when and why)",
	.exec = meeting_show_exec,
};
