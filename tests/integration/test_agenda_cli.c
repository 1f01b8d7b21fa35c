/* One 重大项目安排 (major project) item from draft to "ready" and onto a
 * meeting, with the real programs only: the admin bootstraps the committee
 * and keeps its power list, the member in charge drafts the item, attaches
 * its materials from files (one big enough to take several chunks), reads
 * one back, announces it; the public and an observer comment (a flood from
 * one address is stopped: ygd runs with --comment-rate 3); time is moved
 * past the window by rewriting the item's timestamps in the test database,
 * as test_agenda.c does; the gates then pass, and the chair puts the item
 * on a meeting whose agenda is fixed once announced. And the refusals: an
 * entry not for collective decision, an empty title, an unknown category,
 * a missing file, an attachment over --max-material, a corrupted download,
 * usage errors. No sanitizer report from yg is tolerated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <time.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/hex.h"
#include "../support/cli.h"

#define BIG_SIZE     700000  /* three chunks of at most 256 KiB */
#define MAX_MATERIAL 1000000 /* ygd --max-material */

enum who { ADMIN, CHAIR, PROPOSER, MEMBER, CLERK, OBSERVER, PUBLIC, N_WHO };

static struct cli_person people[N_WHO] = {
	{"王明", "办公室主任", "admin"},
	{"李建国", "书记", "chair,member"},
	{"吴国华", "常务副县长", "member"},
	{"周海涛", "组织部长", "member"},
	{"刘洋", "记录人", "clerk"},
	{"钱文彬", "", ""},
	{"", "", ""},
};

static long long committee, entry_project, entry_bidding, item_main, item_second, meeting;
static long long material_big;

/* Run yg as who, in directory dir (NULL: the test's), in Chinese; its
 * exit status, its output in cli.out. The public names the committee on
 * the command. */
#define yg_at(w, where, ...)                                                                       \
	cli_yg((where) != NULL ? (where) : cli.env.dir, people[w].home,                            \
	       (w) != PUBLIC ? committee : 0, __VA_ARGS__)
#define yg(w, ...) yg_at(w, NULL, __VA_ARGS__)

/* A file's bytes (caller frees); *len its size. */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = malloc(MAX_MATERIAL + 2);

	assert_non_null(f);
	*len = fread(buf, 1, MAX_MATERIAL + 2, f);
	fclose(f);
	return buf;
}

/* The big file's contents: not repeating within a chunk. */
static unsigned char *big_data(void)
{
	unsigned char *d = malloc(BIG_SIZE);
	size_t i;

	for (i = 0; i < BIG_SIZE; i++)
		d[i] = (unsigned char)(i * 131 + (i >> 9));
	return d;
}

/* Every member, and an observer, makes a key on their own terminal; the
 * office bootstraps its admin, who registers the others; the observer is
 * approved. The public has a terminal without a key. */
static void test_committee(void **state)
{
	(void)state;
	committee = cli_committee(people, N_WHO, CLERK + 1, "某某县委常委会");
	assert_int_equal(yg(OBSERVER,
			    "observer register --name %s --category npc_deputy "
			    "--affiliation 城关镇人大代表团",
			    people[OBSERVER].name),
			 0);
	assert_int_equal(yg(ADMIN, "admin observer approve %lld", cli_number_after("编号 ")), 0);
	assert_int_equal(yg(PUBLIC, "committee list"), 0);
}

/* The power list: the admin adds entries, one not for collective decision;
 * anyone reads it without logging in. */
static void test_power_list(void **state)
{
	(void)state;
	assert_int_equal(yg(ADMIN,
			    "admin power add --category project --title 县级重大建设项目安排 "
			    "--basis '《政府投资条例》第九条'"),
			 0);
	entry_project = cli_number_after("编号 ");
	assert_int_equal(yg(ADMIN,
			    "admin power add --category project --title 具体工程招标投标事项 "
			    "--basis '《招标投标法》' --not-collective"),
			 0);
	entry_bidding = cli_number_after("编号 ");
	cli_expect("否（不直接决策具体事项）");
	assert_int_equal(yg(ADMIN, "admin power update %lld --basis '%s'", entry_project,
			    "《政府投资条例》第九条；《重大行政决策程序暂行条例》"),
			 0);
	assert_int_equal(yg(PUBLIC, "power list --committee %lld", committee), 0);
	cli_expect("县级重大建设项目安排");
	cli_expect("《重大行政决策程序暂行条例》");
	cli_expect("具体工程招标投标事项");
	assert_int_equal(yg(PUBLIC, "--lang en power list --committee %lld", committee), 0);
	cli_expect("no (not for collective decision)");
	assert_int_equal(yg(PUBLIC, "power list"), 2);
	cli_expect("--committee");
	assert_int_equal(yg(MEMBER, "admin power add --category project --title x --basis y"), 1);
	cli_expect("forbidden");
	assert_int_equal(yg(ADMIN, "admin power add --category astrology --title x --basis y"), 1);
	cli_expect("astrology");
	assert_int_equal(yg(ADMIN, "admin power update %lld --collective maybe", entry_project), 2);
	assert_int_equal(yg(ADMIN, "admin power update %lld", entry_project), 2);
}

/* What drafting refuses: an entry not for collective decision, an empty
 * title, an unknown category, options missing or clashing, a summary file
 * that is not there, a clerk. */
static void test_item_refused(void **state)
{
	(void)state;
	assert_int_equal(yg(PROPOSER,
			    "item create --title 污水处理厂设备采购招标 --category project "
			    "--power %lld",
			    entry_bidding),
			 1);
	cli_expect("conflict");
	cli_expect("不直接决策具体事项");
	assert_int_equal(yg(PROPOSER, "item create --title '' --category project --power %lld",
			    entry_project),
			 1);
	cli_expect("“title”");
	assert_int_equal(yg(PROPOSER, "item create --title x --category astrology --power %lld",
			    entry_project),
			 1);
	cli_expect("未知的事项类别");
	assert_int_equal(yg(PROPOSER, "item create --title x --category project"), 2);
	cli_expect("--power");
	assert_int_equal(yg(PROPOSER,
			    "item create --title x --category project --power %lld "
			    "--summary-file %s/nothing.txt",
			    entry_project, cli.env.dir),
			 2);
	cli_expect("nothing.txt");
	assert_int_equal(yg(PROPOSER,
			    "item create --title x --category project --power %lld --summary a "
			    "--summary-file %s/nothing.txt",
			    entry_project, cli.env.dir),
			 2);
	assert_int_equal(yg(PROPOSER,
			    "item create --title x --category project --power %lld "
			    "--public --internal",
			    entry_project),
			 2);
	assert_int_equal(
		yg(CLERK, "item create --title x --category project --power %lld", entry_project),
		1);
	cli_expect("forbidden");
	assert_int_equal(yg(MEMBER, "item list"), 0);
	cli_expect("（无）");
}

/* The member in charge drafts the item from a summary file, then makes a
 * second version; nobody else may change it. */
static void test_item_draft(void **state)
{
	const char *summary = "新建县城污水处理厂一座，设计日处理规模3万吨，\n"
			      "配套管网12公里，总投资约2.4亿元。\n";
	const char *file = cli_write_file("summary.txt", summary, strlen(summary));

	(void)state;
	assert_int_equal(yg(PROPOSER,
			    "item create --title 县城污水处理厂建设项目 --category project "
			    "--power %lld --summary-file %s --public",
			    entry_project, file),
			 0);
	item_main = cli_number_after("已起草议题 ");
	cli_expect("配套管网12公里");
	cli_expect("涉及群众利益    是");
	assert_int_equal(yg(MEMBER, "item update %lld --title 篡改", item_main), 1);
	cli_expect("forbidden");
	assert_int_equal(yg(PROPOSER, "item update %lld", item_main), 2);
	assert_int_equal(
		yg(PROPOSER, "item update %lld --title 县城污水处理厂建设项目（一期）", item_main),
		0);
	cli_expect("第 2 版");
	assert_int_equal(yg(MEMBER, "item list --status draft"), 0);
	cli_expect("县城污水处理厂建设项目（一期）");
	cli_expect("吴国华");
}

/* The gates before any material: every missing one, in plain words. */
static void test_gates_missing(void **state)
{
	(void)state;
	assert_int_equal(yg(MEMBER, "item gates %lld", item_main), 1);
	cli_expect("尚不能列入会议议程");
	cli_expect("尚未预告");
	cli_expect("缺少材料：调查研究报告");
	cli_expect("缺少材料：专家论证意见");
	cli_expect("缺少材料：风险评估报告");
	cli_expect("缺少材料：合法性审查意见");
	assert_int_equal(yg(MEMBER, "--lang en item gates %lld", item_main), 1);
	cli_expect("missing material: research report");
	cli_expect("missing material: legality review");
	assert_null(strstr(cli.out, "ready"));
}

/* Materials from files: the big one in several chunks, each checked by
 * SHA-256; a legality review states its outcome. */
static void test_materials(void **state)
{
	unsigned char *big = big_data();
	char sha[65];

	(void)state;
	hex_sha256(big, BIG_SIZE, sha);
	assert_int_equal(yg(PROPOSER, "material add %lld --kind research %s", item_main,
			    cli_write_file("调研报告.pdf", big, BIG_SIZE)),
			 0);
	material_big = cli_number_after("已添加材料 ");
	cli_expect("700000 字节");
	cli_expect(sha);
	cli_expect("调研报告.pdf");
	assert_int_equal(yg(CLERK, "material add %lld --kind expert_review %s", item_main,
			    cli_write_file("expert.pdf", big + 1000, 5000)),
			 0);
	assert_int_equal(yg(PROPOSER, "material add %lld --kind risk_assessment %s", item_main,
			    cli_write_file("risk.pdf", big + 2000, 3000)),
			 0);
	assert_int_equal(yg(PROPOSER, "material add %lld --kind legality_review %s", item_main,
			    cli_write_file("legal.txt", "经审查，合法。\n", 22)),
			 1);
	cli_expect("审查结论");
	assert_int_equal(yg(PROPOSER, "material add %lld --kind legality_review --outcome ok %s",
			    item_main, cli_write_file("legal.txt", "经审查，合法。\n", 22)),
			 2);
	assert_int_equal(yg(PROPOSER,
			    "material add %lld --kind legality_review --outcome passed %s",
			    item_main, cli_write_file("legal.txt", "经审查，合法。\n", 22)),
			 0);
	cli_expect("通过");
	assert_int_equal(yg(MEMBER, "item gates %lld", item_main), 1);
	assert_null(strstr(cli.out, "缺少材料"));
	cli_expect("尚未预告");
	free(big);
}

/* What a material upload refuses: a file over the server's limit (with the
 * server's reason), a missing or empty file, a kind that does not exist,
 * someone who is not in charge of the item. Nothing is attached. */
static void test_materials_refused(void **state)
{
	unsigned char *huge = calloc(1, MAX_MATERIAL + 1);
	char before[64], after[64];

	(void)state;
	cli_sql("SELECT count(*) FROM material", before, sizeof(before));
	assert_int_equal(yg(PROPOSER, "material add %lld --kind other %s", item_main,
			    cli_write_file("huge.pdf", huge, MAX_MATERIAL + 1)),
			 1);
	cli_expect("材料最大为 1000000 字节");
	assert_int_equal(yg(PROPOSER, "material add %lld --kind other %s/missing.pdf", item_main,
			    cli.env.dir),
			 2);
	cli_expect("missing.pdf");
	assert_int_equal(yg(PROPOSER, "material add %lld --kind other %s", item_main,
			    cli_write_file("empty.pdf", "", 0)),
			 2);
	assert_int_equal(yg(PROPOSER, "material add %lld --kind other %s", item_main, cli.env.dir),
			 2);
	assert_int_equal(yg(PROPOSER, "material add %lld --kind gossip %s", item_main,
			    cli_write_file("small.pdf", "x", 1)),
			 1);
	cli_expect("gossip");
	assert_int_equal(yg(MEMBER, "material add %lld --kind other %s", item_main,
			    cli_write_file("small.pdf", "x", 1)),
			 1);
	cli_expect("forbidden");
	assert_int_equal(yg(PROPOSER, "material add %lld --kind other", item_main), 2);
	assert_int_equal(yg(PROPOSER, "material add x --kind other %s", cli.env.dir), 2);
	cli_sql("SELECT count(*) FROM material", after, sizeof(after));
	assert_string_equal(before, after);
	free(huge);
}

/* A member downloads the big material: the same bytes, checked against
 * the declared size and SHA-256; by default under its own name, never over
 * an existing file. */
static void test_material_get(void **state)
{
	unsigned char *big = big_data(), *got;
	char path[500], dir[450];
	size_t len;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/downloads", cli.env.dir);
	assert_int_equal(run_cmd(NULL, 0, "mkdir -p %s", dir), 0);
	assert_int_equal(yg_at(MEMBER, dir, "material get %lld", material_big), 0);
	cli_expect("已核对");
	snprintf(path, sizeof(path), "%s/调研报告.pdf", dir);
	got = read_file(path, &len);
	assert_int_equal(len, BIG_SIZE);
	assert_memory_equal(got, big, BIG_SIZE);
	free(got);
	assert_int_equal(yg_at(MEMBER, dir, "material get %lld", material_big), 2);
	cli_expect("-o");
	assert_int_equal(yg_at(CHAIR, dir, "material get %lld -o copy.pdf", material_big), 0);
	snprintf(path, sizeof(path), "%s/copy.pdf", dir);
	got = read_file(path, &len);
	assert_int_equal(len, BIG_SIZE);
	assert_memory_equal(got, big, BIG_SIZE);
	free(got);
	assert_int_equal(yg_at(OBSERVER, dir, "material get %lld -o x.pdf", material_big), 1);
	cli_expect("forbidden");
	assert_int_equal(yg_at(MEMBER, dir, "material get 999 -o none.pdf"), 1);
	cli_expect("not_found");
	assert_int_equal(run_cmd(cli.out, sizeof(cli.out), "ls -A %s | wc -l", dir), 0);
	assert_int_equal(atoi(cli.out), 2);
	free(big);
}

/* A material whose stored bytes no longer match what was declared (changed
 * behind the server's back, as the owner): the download is refused and
 * leaves no file, not even a partial one. */
static void test_material_corrupt(void **state)
{
	unsigned char *big = big_data();
	char q[512], dir[450];
	long long id;

	(void)state;
	assert_int_equal(yg(PROPOSER, "material add %lld --kind other %s", item_main,
			    cli_write_file("annex.pdf", big, 300000)),
			 0);
	id = cli_number_after("已添加材料 ");
	/* Byte 290000, in the part (chunk) that holds it. */
	snprintf(q, sizeof(q),
		 "SET session_replication_role = replica; UPDATE material_part p SET data = "
		 "set_byte(data, (290000 - off)::integer, 255 - get_byte(data, (290000 - "
		 "off)::integer)) FROM material m WHERE m.id = %lld AND p.upload_id = m.upload_id "
		 "AND p.off <= 290000 AND p.off + octet_length(p.data) > 290000",
		 id);
	cli_sql(q, NULL, 0);
	snprintf(dir, sizeof(dir), "%s/corrupt", cli.env.dir);
	assert_int_equal(run_cmd(NULL, 0, "mkdir -p %s", dir), 0);
	assert_int_equal(yg_at(MEMBER, dir, "material get %lld -o annex.pdf", id), 1);
	cli_expect("SHA-256");
	assert_int_equal(run_cmd(cli.out, sizeof(cli.out), "ls -A %s | wc -l", dir), 0);
	assert_int_equal(atoi(cli.out), 0);
	free(big);
}

/* The end of item's window, as terminals show it: in the committee's clock,
 * "12月13日 22:50" (the year only when it is not this one's). The window
 * ends at some fraction of a second; the gates (server/policy/gates.c) take
 * it in whole seconds rounded up, so that a gate never passes before the
 * window has ended, and show that second's minute (round_up); elsewhere it
 * is shown as it is. They differ when it ends in a minute's last second. */
static void window_end_local(long long item, bool round_up, char *buf, size_t len)
{
	char q[256], epoch[64];
	struct tm tm, now_tm;
	time_t t, now = time(NULL) + 480 * 60;

	snprintf(q, sizeof(q),
		 "SELECT %s(extract(epoch FROM v.window_ends_at))::bigint FROM item i JOIN "
		 "item_version v ON v.item_id = i.id AND v.version = i.version WHERE i.id = %lld",
		 round_up ? "ceil" : "floor", item);
	cli_sql(q, epoch, sizeof(epoch));
	t = (time_t)atoll(epoch) + 480 * 60; /* the committee's clock: ygd's default, +08:00 */
	gmtime_r(&t, &tm);
	gmtime_r(&now, &now_tm);
	if (tm.tm_year == now_tm.tm_year)
		snprintf(buf, len, "%d月%d日 %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			 tm.tm_min);
	else
		snprintf(buf, len, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* Announcing opens the window, by the server's clock: the gates say until
 * when, and the public sees the item without logging in. */
static void test_announce(void **state)
{
	char ends[64], gate_ends[64];

	(void)state;
	assert_int_equal(yg(MEMBER, "item announce %lld", item_main), 1);
	cli_expect("forbidden");
	assert_int_equal(yg(PROPOSER, "item announce %lld", item_main), 0);
	cli_expect("公开征求意见至 ");
	window_end_local(item_main, false, ends, sizeof(ends));
	window_end_local(item_main, true, gate_ends, sizeof(gate_ends));
	cli_expect(ends);
	assert_int_equal(yg(PROPOSER, "item announce %lld", item_main), 1);
	cli_expect("conflict");
	assert_int_equal(yg(MEMBER, "item gates %lld", item_main), 1);
	cli_expect("征求意见期尚未结束");
	cli_expect(gate_ends);
	assert_null(strstr(cli.out, "缺少材料"));
	assert_int_equal(yg(PUBLIC, "item public --committee %lld", committee), 0);
	cli_expect("县城污水处理厂建设项目（一期）");
	cli_expect("配套管网12公里");
	cli_expect(ends);
	assert_int_equal(yg(PUBLIC, "item public"), 2);
}

/* Comments: anyone, anonymously, up to the rate (3 an hour here) from one
 * address; an approved observer logged in; never a member. */
static void test_comments(void **state)
{
	int i;

	(void)state;
	for (i = 1; i <= 3; i++)
		assert_int_equal(yg(PUBLIC,
				    "comment add --committee %lld %lld --stance support "
				    "'支持尽快建设，第 %d 条'",
				    committee, item_main, i),
				 0);
	cli_expect("已提交对议题");
	assert_int_equal(yg(PUBLIC, "comment add --committee %lld %lld --stance support 再一条",
			    committee, item_main),
			 1);
	cli_expect("每小时最多提交 3 条意见");
	assert_int_equal(yg(OBSERVER,
			    "comment add %lld --stance object --as-observer "
			    "'选址距离水源保护区过近，建议另选'",
			    item_main),
			 0);
	assert_int_equal(
		yg(MEMBER, "comment add %lld --stance object --as-observer 不同意", item_main), 1);
	cli_expect("forbidden");
	assert_int_equal(yg(PUBLIC, "comment add --committee %lld %lld --stance maybe x", committee,
			    item_main),
			 2);
	cli_expect("--stance");
	assert_int_equal(yg(PUBLIC, "comment add --committee %lld %lld --stance neutral ''",
			    committee, item_main),
			 1);
	assert_int_equal(yg(PUBLIC, "comment add %lld --stance neutral x", item_main), 2);
	assert_int_equal(yg(CLERK, "comment list %lld", item_main), 0);
	cli_expect("公众（匿名）");
	cli_expect("钱文彬");
	cli_expect("选址距离水源保护区过近");
	cli_expect("支持尽快建设，第 3 条");
	assert_int_equal(yg(MEMBER, "item show %lld", item_main), 0);
	cli_expect("支持 3，反对 1，中立 0");
	cli_expect("700000");
	cli_expect("通过");
}

/* Time moves past the window (the test rewrites the item's timestamps in
 * the database): the gates pass, and comments are refused. */
static void test_window_over(void **state)
{
	(void)state;
	fx_window_ends(&cli.env, item_main, -1);
	assert_int_equal(yg(MEMBER, "item gates %lld", item_main), 0);
	cli_expect("可以上会");
	assert_int_equal(yg(MEMBER, "--lang en item gates %lld", item_main), 0);
	cli_expect("ready");
	assert_int_equal(
		yg(OBSERVER, "comment add %lld --stance neutral --as-observer 晚了", item_main), 1);
	cli_expect("不在征求意见期内");
	assert_int_equal(yg(PUBLIC, "item public --committee %lld", committee), 0);
	cli_expect("（目前没有征求意见中的议题）");
}

/* An internal decision with its materials, announced: returns its id. */
static long long decision_item(const char *title)
{
	static long long entry;
	long long id;

	if (entry == 0) {
		assert_int_equal(yg(ADMIN,
				    "admin power add --category decision --title 重大决策事项 "
				    "--basis '《重大行政决策程序暂行条例》'"),
				 0);
		entry = cli_number_after("编号 ");
	}
	assert_int_equal(yg(PROPOSER, "item create --title %s --category decision --power %lld",
			    title, entry),
			 0);
	id = cli_number_after("已起草议题 ");
	assert_int_equal(yg(PROPOSER, "material add %lld --kind research %s", id,
			    cli_write_file("d1.txt", "调研", 6)),
			 0);
	assert_int_equal(yg(PROPOSER, "material add %lld --kind risk_assessment %s", id,
			    cli_write_file("d2.txt", "风险", 6)),
			 0);
	assert_int_equal(yg(PROPOSER,
			    "material add %lld --kind legality_review --outcome passed %s", id,
			    cli_write_file("d3.txt", "合法", 6)),
			 0);
	assert_int_equal(yg(PROPOSER, "item announce %lld", id), 0);
	return id;
}

/* A member's formal objection contests an item: it must be re-argued
 * (a new version, announced again) before it is ready. */
static void test_objection_and_revision(void **state)
{
	(void)state;
	item_second = decision_item("城区老旧小区改造实施方案");
	assert_int_equal(yg(PROPOSER, "item object %lld --reason 自己", item_second), 1);
	assert_int_equal(yg(MEMBER, "item object %lld", item_second), 2);
	cli_expect("--reason");
	assert_int_equal(yg(MEMBER, "item object %lld --reason '资金来源论证不充分'", item_second),
			 0);
	cli_expect("正式异议");
	fx_window_ends(&cli.env, item_second, -1);
	assert_int_equal(yg(MEMBER, "item gates %lld", item_second), 1);
	cli_expect("1 名委员提出正式异议");
	assert_int_equal(yg(CHAIR, "item show %lld", item_second), 0);
	cli_expect("资金来源论证不充分");
	assert_int_equal(yg(PROPOSER, "item revise %lld --summary '补充资金来源论证'", item_second),
			 0);
	cli_expect("第 2 版");
	assert_int_equal(yg(MEMBER, "item gates %lld", item_second), 1);
	cli_expect("尚未预告");
	assert_int_equal(yg(PROPOSER, "item announce %lld", item_second), 0);
	fx_window_ends(&cli.env, item_second, -1);
	assert_int_equal(yg(MEMBER, "item gates %lld", item_second), 0);
}

/* Withdrawing takes a reason; a withdrawn item fails its gates. */
static void test_withdraw(void **state)
{
	long long id;

	(void)state;
	assert_int_equal(yg(PROPOSER,
			    "item create --title 临时动议事项 --category project --power %lld",
			    entry_project),
			 0);
	id = cli_number_after("已起草议题 ");
	assert_int_equal(yg(MEMBER, "item withdraw %lld --reason x", id), 1);
	cli_expect("forbidden");
	assert_int_equal(yg(CHAIR, "item withdraw %lld --reason '条件尚不成熟'", id), 0);
	assert_int_equal(yg(MEMBER, "item gates %lld", id), 1);
	cli_expect("议题已撤回");
	assert_int_equal(yg(MEMBER, "item list --status withdrawn"), 0);
	cli_expect("临时动议事项");
}

/* The chair schedules a meeting, puts the ready item on it and announces
 * it; from then on nothing is added, and an item leaves only with a
 * reason that the meeting shows. */
static void test_meeting(void **state)
{
	(void)state;
	assert_int_equal(yg(MEMBER, "meeting create --title x --place y --at '2099-12-01 09:00'"),
			 1);
	cli_expect("forbidden");
	assert_int_equal(yg(CHAIR, "meeting create --title x --place y --at '2099-13-01 9:00'"), 2);
	assert_int_equal(yg(CHAIR, "meeting create --title x --place y --at tomorrow"), 2);
	assert_int_equal(yg(CHAIR, "meeting create --title x --place y --at '2001-12-01 9:00'"), 1);
	assert_int_equal(yg(CHAIR,
			    "meeting create --title 县委常委会第12次会议 --place 县委第一会议室 "
			    "--at '2099-12-01 09:00'"),
			 0);
	meeting = cli_number_after("会议 ");
	cli_expect("2099年12月1日 09:00");
	assert_int_equal(yg(CHAIR, "meeting add %lld %lld", meeting, item_main), 0);
	cli_expect("县城污水处理厂建设项目（一期）");
	assert_int_equal(yg(MEMBER, "item gates %lld", item_main), 1);
	cli_expect("已列入会议议程");
	assert_int_equal(yg(CHAIR, "meeting announce %lld", meeting), 0);
	cli_expect("议程自此固定");
	assert_int_equal(yg(CHAIR, "meeting add %lld %lld", meeting, item_second), 1);
	cli_expect("不搞临时动议");
	assert_int_equal(yg(CHAIR, "meeting remove %lld %lld", meeting, item_main), 2);
	assert_int_equal(yg(CHAIR, "meeting remove %lld %lld --reason '环评批复尚未取得'", meeting,
			    item_main),
			 0);
	assert_int_equal(yg(CLERK, "meeting show %lld", meeting), 0);
	cli_expect("已撤下");
	cli_expect("理由：环评批复尚未取得");
	assert_int_equal(yg(CLERK, "--lang en meeting show %lld", meeting), 0);
	cli_expect("removed (");
	assert_int_equal(yg(CLERK, "meeting list"), 0);
	cli_expect("县委常委会第12次会议");
	cli_expect("已公布");
	assert_int_equal(yg(MEMBER, "item gates %lld", item_main), 0);
}

/* Usage errors exit 2, no server 3; every command has --help. */
static void test_usage(void **state)
{
	static const char *const cmds[] = {"power list",
					   "admin power add",
					   "admin power update",
					   "admin power retire",
					   "item create",
					   "item update",
					   "item revise",
					   "item announce",
					   "item withdraw",
					   "item object",
					   "item list",
					   "item show",
					   "item gates",
					   "item public",
					   "material add",
					   "material get",
					   "comment add",
					   "comment list",
					   "meeting create",
					   "meeting add",
					   "meeting remove",
					   "meeting announce",
					   "meeting list",
					   "meeting show",
					   NULL};

	(void)state;
	cli_expect_usage(people[ADMIN].home, cmds);
	assert_int_equal(yg(MEMBER, "item show"), 2);
	assert_int_equal(yg(MEMBER, "item show abc"), 2);
	assert_int_equal(yg(MEMBER, "item gates 0"), 2);
	assert_int_equal(yg(MEMBER, "item gates 99999"), 1);
	cli_expect("not_found");
	assert_int_equal(yg(MEMBER, "meeting add %lld", meeting), 2);
	assert_int_equal(yg(MEMBER, "material get"), 2);
	assert_int_equal(yg(PROPOSER,
			    "item create --title x --category project --power %lld "
			    "--candidate",
			    entry_project),
			 2);
	assert_int_equal(yg(ADMIN, "admin power retire %lld", entry_bidding), 0);
	assert_int_equal(yg(ADMIN, "admin power retire %lld", entry_bidding), 1);
	cli_expect("conflict");
	assert_int_equal(yg(MEMBER, "--server 127.0.0.1:1 item list"), 3);
	assert_int_equal(yg(PUBLIC, "--server 127.0.0.1:1 power list --committee 1"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_committee),
		cmocka_unit_test(test_power_list),
		cmocka_unit_test(test_item_refused),
		cmocka_unit_test(test_item_draft),
		cmocka_unit_test(test_gates_missing),
		cmocka_unit_test(test_materials),
		cmocka_unit_test(test_materials_refused),
		cmocka_unit_test(test_material_get),
		cmocka_unit_test(test_material_corrupt),
		cmocka_unit_test(test_announce),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_window_over),
		cmocka_unit_test(test_objection_and_revision),
		cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_meeting),
		cmocka_unit_test(test_usage),
	};

	static const char *const extra[] = {"--comment-rate", "3", "--max-material", "1000000",
					    NULL};

	cli.extra = extra;
	return cmocka_run_group_tests(tests, cli_group_setup, cli_group_teardown);
}
