/* Reading one agenda item: yg item show (versions, materials, comments,
 * objections) and yg item gates (may it go on an agenda now, and if not,
 * why, in plain words). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "fmt_time.h"
#include "i18n.h"

/* Every version: when drafted, announced, and its window. */
static void show_versions(const cJSON *res)
{
	struct rows t = {.ncols = 5};
	const cJSON *v;
	char created[64], announced[64], ends[64];

	printf("\n%s\n", TR("版本", "versions"));
	rows_add(&t, TR("版本", "version"));
	rows_add(&t, TR("起草时间", "drafted"));
	rows_add(&t, TR("预告时间", "announced"));
	rows_add(&t, TR("征求意见截止", "comments until"));
	rows_add(&t, TR("标题", "title"));
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(res, "versions")) {
		time_text(json_str(v, "created_at"), created, sizeof(created));
		time_text(json_str(v, "announced_at"), announced, sizeof(announced));
		time_until_text(json_str(v, "window_ends_at"), ends, sizeof(ends));
		rows_addf(&t, "%lld", json_int(v, "version"));
		rows_add(&t, created);
		rows_add(&t, announced);
		rows_add(&t, ends);
		rows_add(&t, json_str(v, "title"));
	}
	rows_print(&t);
}

/* The materials, without their content; the SHA-256 last, being long. */
static void show_materials(const cJSON *res)
{
	struct rows t = {.ncols = 8};
	const cJSON *m;
	char at[64];

	printf("\n%s\n", TR("材料", "materials"));
	rows_add(&t, TR("编号", "id"));
	rows_add(&t, TR("种类", "kind"));
	rows_add(&t, TR("文件名", "file"));
	rows_add(&t, TR("字节", "bytes"));
	rows_add(&t, TR("结论", "outcome"));
	rows_add(&t, TR("版本", "version"));
	rows_add(&t, TR("上传时间", "uploaded"));
	rows_add(&t, "SHA-256");
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "materials")) {
		time_text(json_str(m, "uploaded_at"), at, sizeof(at));
		rows_addf(&t, "%lld", json_int(m, "id"));
		rows_add(&t, code_label("material", json_str(m, "kind")));
		rows_add(&t, json_str(m, "filename"));
		rows_addf(&t, "%lld", json_int(m, "size"));
		rows_add(&t, code_label("result", json_str(m, "outcome")));
		rows_addf(&t, "%lld", json_int(m, "version"));
		rows_add(&t, at);
		rows_add(&t, json_str(m, "sha256"));
	}
	rows_print(&t);
}

/* The comments' counts on the current version, and members' objections. */
static void show_opinions(const cJSON *res)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(res, "comments"), *o;
	struct rows t = {.ncols = 3};
	char at[64];

	printf(TR("\n公众意见（第 %lld 版）：支持 %lld，反对 %lld，中立 %lld\n",
		  "\npublic comments (version %lld): %lld support, %lld object, %lld neutral\n"),
	       json_int(res, "version"), json_int(k, "support"), json_int(k, "object"),
	       json_int(k, "neutral"));
	printf("\n%s\n", TR("委员正式异议", "members' formal objections"));
	rows_add(&t, TR("委员", "member"));
	rows_add(&t, TR("时间", "time"));
	rows_add(&t, TR("理由", "reason"));
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(res, "objections")) {
		time_text(json_str(o, "at"), at, sizeof(at));
		rows_add(&t, json_str(o, "name"));
		rows_add(&t, at);
		rows_add(&t, json_str(o, "reason"));
	}
	rows_print(&t);
}

static int item_show_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_item_show, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_item_show, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	if ((rc = cmd_call(opts, 1, "item.show", args, &res)) == YG_EXIT_OK) {
		cmd_item_print(res);
		show_versions(res);
		show_materials(res);
		show_opinions(res);
	}
	cJSON_Delete(res);
	return rc;
}

/* A gate the item fails, as a sentence; %s in it is the detail, made
 * readable. Codes: proto/PROTOCOL.md section 10. */
struct gate_text {
	const char *code, *zh, *en;
};

static const struct gate_text gate_texts[] = {
	{"status", "议题%s", "the item is %s"},
	{"not_announced", "尚未预告：先用 yg item announce 公开征求意见",
	 "not announced: announce it with yg item announce to open the comment window"},
	{"window_open", "征求意见期尚未结束（至 %s 止）", "the comment window is open until %s"},
	{"category_disabled", "本委员会不决策这一类别的事项（规则 categories）",
	 "this committee does not decide this category of matter (rule categories)"},
	{"power_not_collective", "所引权力清单事项不属集体决策范围（不直接决策具体事项）",
	 "the power-list entry it cites is not for collective decision"},
	{"power_retired", "所引权力清单事项已废止", "the power-list entry it cites was retired"},
	{"power_category", "所引权力清单事项与议题类别不符",
	 "the power-list entry it cites is of another category"},
	{"material_missing", "缺少材料：%s", "missing material: %s"},
	{"legality_failed", "合法性审查未通过（最新一份审查意见的结论）",
	 "the legality review did not pass (the newest review's outcome)"},
	{"contested_public",
	 "公众反对意见 %s 条，超过规则 contest_objections 的限度：须重新论证"
	 "（yg item revise）并重新预告，否则只能缓议",
	 "%s public objections, more than the rule contest_objections allows: re-argue it (yg "
	 "item revise) and announce it again, or it can only be deferred"},
	{"contested_member",
	 "%s 名委员提出正式异议：须重新论证（yg item revise）并重新预告，否则只能缓议",
	 "formal objections by %s member(s): re-argue it (yg item revise) and announce it "
	 "again, or it can only be deferred"},
	{"candidates", "干部任免议题须有候选人，名额在 1 到候选人数之间",
	 "a cadre item needs candidates and 1 to (number of candidates) seats"},
};

/* The name of a kind of material in the chosen language, from the
 * catalogue (the code itself if it is not there). */
static const char *gate_kind_name(const cJSON *catalog, const char *code)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(catalog, "materials")) {
		if (strcmp(json_str(m, "code"), code) == 0)
			return json_lang_str(m, "name_zh", "name_en");
	}
	return code;
}

/* A gate's detail made readable: a time, a material's name, a status. */
static void gate_detail(const char *gate, const char *detail, const cJSON *catalog, char *buf,
			size_t len)
{
	time_t t = (time_t)atoll(detail);

	snprintf(buf, len, "%s", detail);
	if (strcmp(gate, "window_open") == 0)
		fmt_time_until(t, time(NULL), i18n_clock_offset(), i18n_english(), buf, len);
	else if (strcmp(gate, "material_missing") == 0)
		snprintf(buf, len, "%s", gate_kind_name(catalog, detail));
	else if (strcmp(gate, "status") == 0 && strcmp(detail, "scheduled") == 0)
		snprintf(buf, len, "%s", TR("已列入会议议程", "already on a meeting's agenda"));
	else if (strcmp(gate, "status") == 0 && strcmp(detail, "withdrawn") == 0)
		snprintf(buf, len, "%s", TR("已撤回", "withdrawn"));
}

/* Print one unmet gate as a sentence. */
static void gate_print(const cJSON *g, const cJSON *catalog)
{
	const char *gate = json_str(g, "gate"), *detail = json_str(g, "detail");
	char text[256];
	size_t i;

	gate_detail(gate, detail, catalog, text, sizeof(text));
	for (i = 0; i < sizeof(gate_texts) / sizeof(gate_texts[0]); i++)
		if (strcmp(gate_texts[i].code, gate) == 0) {
			fputs("  - ", stdout);
			printf(TR(gate_texts[i].zh, gate_texts[i].en), text);
			putchar('\n');
			return;
		}
	printf("  - %s%s%s\n", gate, detail[0] != '\0' ? ": " : "", detail);
}

/* What item.gates said: ready, or every gate the item fails. */
static void gates_print(const cJSON *res, const cJSON *catalog)
{
	const cJSON *g;

	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "ready"))) {
		printf(TR("议题 %lld（第 %lld 版）：可以上会\n",
			  "item %lld (version %lld): ready\n"),
		       json_int(res, "item"), json_int(res, "version"));
		return;
	}
	printf(TR("议题 %lld（第 %lld 版）尚不能列入会议议程：\n",
		  "item %lld (version %lld) cannot go on an agenda yet:\n"),
	       json_int(res, "item"), json_int(res, "version"));
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(res, "gates")) {
		gate_print(g, catalog);
	}
}

/* Exit 0 when the item is ready, 1 when it is not (or on a refusal). */
static int item_gates_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	struct yg_conn c;
	cJSON *args, *res = NULL, *catalog = NULL;
	long long id;
	int rc = cmd_parse(&cmd_item_gates, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_item_gates, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK ||
	    (rc = conn_session(&c, opts, 1)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	rc = conn_call_print(&c, "item.gates", args, &res);
	if (rc == YG_EXIT_OK && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "ready"))) {
		/* Only for the names of materials; without it their codes do. */
		if (conn_call(&c, "catalog.get", NULL, &catalog) != YG_EXIT_OK)
			catalog = NULL;
		rc = YG_EXIT_REFUSED;
	}
	if (res != NULL)
		gates_print(res, catalog);
	cJSON_Delete(catalog);
	cJSON_Delete(res);
	conn_close(&c);
	return rc;
}

const struct cmd_entry cmd_item_show = {
	.name = "item show",
	.usage = "ITEM_ID",
	.summary_zh = "议题详情：各版本、材料（大小和 SHA-256）、公众意见数、委员异议",
	.summary_en = "an item: its versions, materials (size and SHA-256), comment counts, "
		      "members' objections",
	.exec = item_show_exec,
};

const struct cmd_entry cmd_item_gates = {
	.name = "item gates",
	.usage = "ITEM_ID",
	.summary_zh = "议题能否上会；不能时列出全部未满足的条件（可以上会时退出码 0，否则 1）",
	.summary_en = "whether an item may go on an agenda, and if not every condition it fails "
		      "(exit 0 when ready, 1 when not)",
	.exec = item_gates_exec,
};
