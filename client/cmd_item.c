/* Agenda items (议题): yg item create|update|revise drafts versions,
 * announce opens the comment window, withdraw and object, list, show,
 * gates (may it go on an agenda?), and public (what is open for comment). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "commands.h"
#include "i18n.h"

#define ITEM_SUMMARY_FILE_MAX (1 << 20) /* bytes; the server allows 20000 characters */

/* The content options of create, update and revise. */
struct item_content {
	const char *title, *category, *power, *summary, *summary_file, *seats;
	int public, internal;
	cJSON *candidates; /* every --candidate, NULL if none */
};

/* Take every "--candidate NAME" out of argv (up to a "--") into
 * ic->candidates; -1 if one lacks its name. */
static int item_take_candidates(int *argc, char **argv, struct item_content *ic)
{
	const char *v;
	int i, j = 1, rest = 0;

	for (i = 1; i < *argc; i++) {
		rest |= strcmp(argv[i], "--") == 0;
		if (rest || (strcmp(argv[i], "--candidate") != 0 &&
			     strncmp(argv[i], "--candidate=", 12) != 0)) {
			argv[j++] = argv[i];
			continue;
		}
		if ((v = cmd_optval(*argc, argv, &i, "--candidate")) == NULL)
			return -1;
		if (ic->candidates == NULL)
			ic->candidates = cJSON_CreateArray();
		cJSON_AddItemToArray(ic->candidates, cJSON_CreateString(v));
	}
	if (j < *argc)
		argv[j] = NULL;
	*argc = j;
	return 0;
}

/* Parse create's options (id_text NULL) or update's and revise's (the
 * item's number into *id_text). On failure ic->candidates is freed. */
static int item_parse(const struct cmd_entry *cmd, int argc, char **argv, struct item_content *ic,
		      const char **id_text)
{
	int create = id_text == NULL, rc;
	const struct cmd_opt o[] = {{"--title", &ic->title, create},
				    {"--category", &ic->category, create},
				    {"--power", &ic->power, create},
				    {"--summary", &ic->summary, 0},
				    {"--summary-file", &ic->summary_file, 0},
				    {"--seats", &ic->seats, 0},
				    {NULL, NULL, 0}};

	ic->public = cmd_take_flag(&argc, argv, "--public");
	ic->internal = cmd_take_flag(&argc, argv, "--internal");
	if (item_take_candidates(&argc, argv, ic) != 0)
		rc = cmd_usage_error(cmd, TR("--candidate 后须跟候选人姓名",
					     "--candidate needs a name after it"));
	else
		rc = cmd_parse(cmd, argc, argv, o, id_text, create ? 0 : 1);
	if (rc != YG_EXIT_OK) {
		cJSON_Delete(ic->candidates);
		ic->candidates = NULL;
	}
	return rc;
}

/* The text of a --summary-file (caller frees), trailing newlines dropped;
 * NULL after saying why it cannot be read. */
static char *item_read_text(const struct cmd_entry *cmd, const char *path)
{
	FILE *f = fopen(path, "r");
	char why[512], *buf;
	size_t n;

	if (f == NULL) {
		snprintf(why, sizeof(why), TR("无法读取 %s：%s", "cannot read %s: %s"), path,
			 strerror(errno));
		cmd_usage_error(cmd, why);
		return NULL;
	}
	buf = xmalloc(ITEM_SUMMARY_FILE_MAX + 1);
	n = buf != NULL ? fread(buf, 1, ITEM_SUMMARY_FILE_MAX + 1, f) : 0;
	fclose(f);
	if (buf == NULL || n > ITEM_SUMMARY_FILE_MAX) {
		snprintf(why, sizeof(why), TR("%s 太大", "%s is too big"), path);
		cmd_usage_error(cmd, why);
		free(buf);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return buf;
}

/* Check the options that need it before anything is sent. */
static int item_check(const struct cmd_entry *cmd, const struct item_content *ic, long long *power,
		      long long *seats)
{
	int rc;

	if (ic->summary != NULL && ic->summary_file != NULL)
		return cmd_usage_error(cmd, TR("--summary 与 --summary-file 只能用其一",
					       "give --summary or --summary-file, not both"));
	if (ic->public && ic->internal)
		return cmd_usage_error(cmd, TR("--public 与 --internal 只能用其一",
					       "give --public or --internal, not both"));
	if (ic->power != NULL && (rc = cmd_number(cmd, ic->power, 1, ID_MAX, power)) != YG_EXIT_OK)
		return rc;
	if (ic->seats != NULL && (rc = cmd_number(cmd, ic->seats, 0, 50, seats)) != YG_EXIT_OK)
		return rc;
	return YG_EXIT_OK;
}

/* Add the content arguments to args (create: affects_public always);
 * takes ic->candidates. YG_EXIT_OK or the usage exit code. */
static int item_content_args(const struct cmd_entry *cmd, struct item_content *ic, int create,
			     cJSON *args)
{
	long long power = 0, seats = 0;
	char *text = NULL;
	int rc = item_check(cmd, ic, &power, &seats);

	if (rc == YG_EXIT_OK && ic->summary_file != NULL &&
	    (text = item_read_text(cmd, ic->summary_file)) == NULL)
		rc = YG_EXIT_USAGE;
	if (rc != YG_EXIT_OK) {
		cJSON_Delete(ic->candidates);
		return rc;
	}
	if (ic->title != NULL)
		cJSON_AddStringToObject(args, "title", ic->title);
	if (ic->summary != NULL || text != NULL)
		cJSON_AddStringToObject(args, "summary", text != NULL ? text : ic->summary);
	if (ic->category != NULL)
		cJSON_AddStringToObject(args, "category", ic->category);
	if (ic->power != NULL)
		cJSON_AddNumberToObject(args, "power_entry", (double)power);
	if (create || ic->public || ic->internal)
		cJSON_AddBoolToObject(args, "affects_public", ic->public);
	if (ic->candidates != NULL)
		cJSON_AddItemToObject(args, "candidates", ic->candidates);
	if (ic->seats != NULL)
		cJSON_AddNumberToObject(args, "seats", (double)seats);
	free(text);
	return YG_EXIT_OK;
}

/* The candidates of a cadre item, "甲、乙". */
static void item_candidates(const cJSON *it, char *buf, size_t len)
{
	const cJSON *c;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(it, "candidates")) {
		if (cJSON_IsString(c) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? TR("、", ", ") : "",
					      c->valuestring);
	}
}

/* A text field of an item, if it has one. */
static void item_field(const cJSON *it, const char *label, const char *name)
{
	if (json_str(it, name)[0] != '\0')
		cmd_field(label, "%s", json_str(it, name));
}

/* Its times, in local time, if it has been announced. */
static void item_times(const cJSON *it)
{
	char at[64];

	if (json_str(it, "announced_at")[0] == '\0')
		return;
	time_text(json_str(it, "announced_at"), at, sizeof(at));
	cmd_field(TR("预告时间", "announced"), "%s", at);
	time_until_text(json_str(it, "window_ends_at"), at, sizeof(at));
	cmd_field(TR("征求意见截止", "comments until"), "%s", at);
}

/* An item's current version, field by field (those it has: item.public
 * tells the public less than item.show tells members). */
void cmd_item_print(const cJSON *it)
{
	char cands[1024];

	printf(TR("议题 %lld：%s\n", "item %lld: %s\n"), json_int(it, "id"), json_str(it, "title"));
	if (json_str(it, "status")[0] != '\0') /* item.public gives none */
		cmd_field(TR("状态", "status"), "%s", code_label("item", json_str(it, "status")));
	cmd_field(TR("版本", "version"), "%lld", json_int(it, "version"));
	if (json_str(it, "category")[0] != '\0')
		cmd_field(TR("类别", "category"), "%s",
			  code_label("category", json_str(it, "category")));
	if (json_int(it, "power_entry") > 0)
		cmd_field(TR("权力清单事项", "power entry"), "%lld", json_int(it, "power_entry"));
	item_field(it, TR("分管领导", "in charge"), "proposer_name");
	cmd_field(TR("涉及群众利益", "affects public"), "%s",
		  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "affects_public"))
			  ? TR("是", "yes")
			  : TR("否", "no"));
	if (json_int(it, "seats") > 0) {
		item_candidates(it, cands, sizeof(cands));
		cmd_field(TR("候选人", "candidates"), TR("%s（名额 %lld）", "%s (seats: %lld)"),
			  cands, json_int(it, "seats"));
	}
	item_times(it);
	item_field(it, TR("摘要", "summary"), "summary");
}

static int item_create_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct item_content ic = {0};
	cJSON *args, *res = NULL;
	int rc = item_parse(&cmd_item_create, argc, argv, &ic, NULL);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	if ((rc = item_content_args(&cmd_item_create, &ic, 1, args)) != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	if ((rc = cmd_call(opts, 1, "item.create", args, &res)) == YG_EXIT_OK) {
		printf(TR("已起草议题 %lld（草稿，第 1 版）\n",
			  "drafted item %lld (a draft, version 1)\n"),
		       json_int(res, "id"));
		cmd_item_print(res);
	}
	cJSON_Delete(res);
	return rc;
}

/* update and revise: a new version of the item with the changes given. */
static int item_change(const struct cmd_entry *cmd, const char *op, int argc, char **argv,
		       const struct yg_opts *opts)
{
	struct item_content ic = {0};
	const char *id_text;
	cJSON *args, *res = NULL;
	long long id;
	int rc = item_parse(cmd, argc, argv, &ic, &id_text);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_number(cmd, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK) {
		cJSON_Delete(ic.candidates);
		return rc;
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	if ((rc = item_content_args(cmd, &ic, 0, args)) == YG_EXIT_OK &&
	    cJSON_GetArraySize(args) == 1)
		rc = cmd_usage_error(cmd, TR("没有要修改的内容", "nothing to change"));
	if (rc != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	if ((rc = cmd_call(opts, 1, op, args, &res)) == YG_EXIT_OK) {
		printf(TR("议题 %lld 已有新版本：第 %lld 版（草稿，须预告后才能上会）\n",
			  "item %lld has a new version: %lld (a draft, to be announced before it "
			  "can go on an agenda)\n"),
		       json_int(res, "id"), json_int(res, "version"));
		cmd_item_print(res);
	}
	cJSON_Delete(res);
	return rc;
}

static int item_update_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return item_change(&cmd_item_update, "item.update", argc, argv, opts);
}

static int item_revise_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return item_change(&cmd_item_revise, "item.revise", argc, argv, opts);
}

static int item_announce_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	cJSON *args, *res = NULL;
	char ends[64];
	long long id;
	int rc = cmd_parse(&cmd_item_announce, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_item_announce, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	if ((rc = cmd_call(opts, 1, "item.announce", args, &res)) == YG_EXIT_OK) {
		time_until_text(json_str(res, "window_ends_at"), ends, sizeof(ends));
		printf(TR("已预告议题 %lld 第 %lld 版，公开征求意见至 %s\n",
			  "announced item %lld, version %lld; comments are open until %s\n"),
		       id, json_int(res, "version"), ends);
		cmd_item_print(res);
	}
	cJSON_Delete(res);
	return rc;
}

/* withdraw and object: the item and a reason. */
static int item_reasoned(const struct cmd_entry *cmd, const char *op, const char *done, int argc,
			 char **argv, const struct yg_opts *opts)
{
	const char *id_text, *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 1}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(cmd, argc, argv, o, &id_text, 1);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, op, args, &res)) == YG_EXIT_OK) {
		printf(done, id, json_int(res, "version"));
		putchar('\n');
	}
	cJSON_Delete(res);
	return rc;
}

static int item_withdraw_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return item_reasoned(
		&cmd_item_withdraw, "item.withdraw",
		TR("已撤回议题 %lld（第 %lld 版）", "withdrew item %lld (version %lld)"), argc,
		argv, opts);
}

static int item_object_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return item_reasoned(&cmd_item_object, "item.object",
			     TR("已对议题 %lld 第 %lld 版提出正式异议：须重新论证后才能上会表决",
				"lodged a formal objection to item %lld, version %lld: it must be "
				"re-argued before it can be voted"),
			     argc, argv, opts);
}

/* The items as a table. */
static void item_print_list(const cJSON *res)
{
	struct rows t = {.ncols = 7};
	const cJSON *it;
	char ends[64];

	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("状态", "status"));
	rows_add(&t, TR("类别", "category"));
	rows_add(&t, TR("版本", "version"));
	rows_add(&t, TR("分管领导", "in charge"));
	rows_add(&t, TR("征求意见截止", "comments until"));
	rows_add(&t, TR("标题", "title"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "items")) {
		time_until_text(json_str(it, "window_ends_at"), ends, sizeof(ends));
		rows_addf(&t, "%lld", json_int(it, "id"));
		rows_add(&t, code_label("item", json_str(it, "status")));
		rows_add(&t, code_label("category", json_str(it, "category")));
		rows_addf(&t, "%lld", json_int(it, "version"));
		rows_add(&t, json_str(it, "proposer_name"));
		rows_add(&t, ends);
		rows_add(&t, json_str(it, "title"));
	}
	rows_print(&t);
}

static int item_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *status = NULL;
	const struct cmd_opt o[] = {{"--status", &status, 0}, {NULL, NULL, 0}};
	cJSON *args = NULL, *res = NULL;
	int rc = cmd_parse(&cmd_item_list, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	if (status != NULL) {
		args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "status", status);
	}
	if ((rc = cmd_call(opts, 1, "item.list", args, &res)) == YG_EXIT_OK)
		item_print_list(res);
	cJSON_Delete(res);
	return rc;
}

/* Announced items open for comment, for anyone. */
static void item_print_public(const cJSON *res)
{
	const cJSON *it;
	int n = 0;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "items")) {
		if (n++ > 0)
			putchar('\n');
		cmd_item_print(it);
	}
	if (n == 0)
		printf("%s\n",
		       TR("（目前没有征求意见中的议题）", "(no item is open for comment now)"));
}

static int item_public_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *cid = NULL;
	const struct cmd_opt o[] = {{"--committee", &cid, 0}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long committee;
	int rc = cmd_parse(&cmd_item_public, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_committee(&cmd_item_public, cid, opts, &committee)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "committee", (double)committee);
	if ((rc = cmd_call(opts, 0, "item.public", args, &res)) == YG_EXIT_OK)
		item_print_public(res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_item_create = {
	.name = "item create",
	.usage = "--title TITLE --category CODE --power ENTRY_ID [--summary TEXT | --summary-file "
		 "FILE] [--public] [--candidate NAME ...] [--seats K]",
	.summary_zh = "以分管领导身份起草议题，须引用权力清单事项（--public：涉及群众利益；"
		      "干部任免议题列出候选人和名额）",
	.summary_en = "draft an item as the member in charge, citing a power-list entry "
		      "(--public: it affects the public; cadre items name candidates and seats)",
	.exec = item_create_exec,
};

const struct cmd_entry cmd_item_update = {
	.name = "item update",
	.usage = "ITEM_ID [--title TITLE] [--category CODE] [--power ENTRY_ID] [--summary TEXT | "
		 "--summary-file FILE] [--public | --internal] [--candidate NAME ...] [--seats K]",
	.summary_zh = "修改草稿（产生新版本；--candidate 给出时替换全部候选人）",
	.summary_en = "change a draft (a new version; --candidate, when given, replaces every "
		      "candidate)",
	.exec = item_update_exec,
};

const struct cmd_entry cmd_item_revise = {
	.name = "item revise",
	.usage = "ITEM_ID [the options of item update]",
	.summary_zh = "重新论证已预告的议题：产生新版本，回到草稿，须重新预告",
	.summary_en = "re-argue an announced item: a new version, a draft again, to be announced "
		      "again",
	.exec = item_revise_exec,
};

const struct cmd_entry cmd_item_announce = {
	.name = "item announce",
	.usage = "ITEM_ID",
	.summary_zh = "预告议题并公开征求意见（期限按规则，从服务器时间起算，不能缩短）",
	.summary_en = "announce an item and open its comment window (length from the rules, by "
		      "the server's clock; it cannot be shortened)",
	.exec = item_announce_exec,
};

const struct cmd_entry cmd_item_withdraw = {
	.name = "item withdraw",
	.usage = "ITEM_ID --reason TEXT",
	.summary_zh = "撤回议题（分管领导或主持人，须说明理由）",
	.summary_en = "withdraw an item (the member in charge or the chair, with a reason)",
	.exec = item_withdraw_exec,
};

const struct cmd_entry cmd_item_object = {
	.name = "item object",
	.usage = "ITEM_ID --reason TEXT",
	.summary_zh = "委员对已预告议题提出正式异议：议题须重新论证",
	.summary_en = "a member's formal objection to an announced item: it must be re-argued",
	.exec = item_object_exec,
};

const struct cmd_entry cmd_item_list = {
	.name = "item list",
	.usage = "[--status draft|announced|scheduled|withdrawn]",
	.summary_zh = "列出本委员会的议题",
	.summary_en = "list the committee's items",
	.exec = item_list_exec,
};

const struct cmd_entry cmd_item_public = {
	.name = "item public",
	.usage = "--committee ID",
	.summary_zh = "正在公开征求意见的议题（无需登录）",
	.summary_en = "items open for public comment now (no login)",
	.exec = item_public_exec,
};
