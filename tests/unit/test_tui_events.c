/* Unit tests for client/tui/tui_events.c: the line of every log entry the
 * server writes, in Chinese and in English, word for word; positions,
 * results, item states and meeting statuses for every code and unknown
 * ones; the result line of motions and elections; buffers of every size,
 * never overrun, always terminated, never cut through a character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tjson.h"

#include "../../client/i18n.h"
#include "../../client/tui/tui_events.h"
#include "../../client/tui/tui_model.h"
#include "../../proto/utf8.h"

/* A meeting the lines can name people and items from: 张三 presides over
 * item 101 (an ordinary one, adopted 2:1:0) and item 103 (cadre). */
static struct tm_meeting *meeting(void)
{
	struct tm_meeting *m = calloc(1, sizeof(*m));
	struct tm_item *it;
	cJSON *d = tjson("{'title': '第十二次常委会', 'place': '三楼会议室',"
			 " 'roster': [{'id': 11, 'name': '张三'}, {'id': 12, 'name': '李四'},"
			 "  {'id': 13, 'name': '王五'}],"
			 " 'agenda': [{'item': 101, 'title': '关于修订财务管理制度的议题'},"
			 "  {'item': 102, 'title': '关于干部任免的议题'},"
			 "  {'item': 103, 'title': '关于推选支部委员的议题'}]}");

	assert_non_null(m);
	tm_init(m, 7);
	assert_int_equal(tm_apply(m, 1, "meeting.announced", d), 1);
	cJSON_Delete(d);
	d = tjson("{'item': 103, 'presiding': 11, 'personnel': true}");
	tm_apply(m, 2, "agenda.opened", d);
	cJSON_Delete(d);
	it = tm_item(m, 101);
	strcpy(it->labels[0], "同意");
	strcpy(it->labels[1], "不同意");
	strcpy(it->labels[2], "弃权");
	it->nlabels = 3;
	it->counts[0] = 2;
	it->counts[1] = 1;
	it->counts[2] = 0;
	strcpy(it->result, "adopted");
	return m;
}

/* tev_text of ev with data text must be zh in Chinese and en in English. */
static void expect_text(const struct tm_meeting *m, const char *ev, const char *text,
			const char *zh, const char *en)
{
	cJSON *d = text != NULL ? tjson(text) : NULL;
	char buf[512];

	i18n_set("zh");
	memset(buf, 'X', sizeof(buf));
	tev_text(m, ev, d, buf, sizeof(buf));
	if (strcmp(buf, zh) != 0)
		fail_msg("%s (zh): \"%s\", want \"%s\"", ev, buf, zh);
	i18n_set("en");
	memset(buf, 'X', sizeof(buf));
	tev_text(m, ev, d, buf, sizeof(buf));
	i18n_set("zh");
	cJSON_Delete(d);
	if (strcmp(buf, en) != 0)
		fail_msg("%s (en): \"%s\", want \"%s\"", ev, buf, en);
}

static void test_meeting_lines(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	expect_text(m, "meeting.announced", "{'title': '第十二次常委会', 'place': '三楼会议室'}",
		    "会议公布：第十二次常委会，三楼会议室",
		    "meeting announced: 第十二次常委会, 三楼会议室");
	expect_text(m, "meeting.opened", "{'entitled': 5, 'present': 4, 'absent': []}",
		    "宣布开会（到会 4 / 应到会 5）", "the meeting is open (4 of 5 present)");
	expect_text(m, "meeting.closed", "{'entitled': 5, 'present': 3, 'absent': []}",
		    "宣布散会（到会 3 / 应到会 5）", "the meeting is closed (3 of 5 present)");
	expect_text(m, "observer.invited", "{'observer': 501, 'name': '观察员甲'}",
		    "邀请 观察员甲 列席", "观察员甲 is invited to observe");
	expect_text(m, "minutes.signed",
		    "{'role': 'chair', 'member': 11, 'name': '张三', 'key': 'k', 'signature': 's'}",
		    "张三 签署会议记录", "张三 signed the minutes");
	expect_text(m, "presiding.succeeded",
		    "{'predecessor': 11, 'predecessor_name': '张三', 'member': 12, 'name': '李四', "
		    "'reason': '出差'}",
		    "李四 接替 张三 行使主持人职权", "李四 succeeds 张三 as presiding chair");
	expect_text(m, "minutes.correction_proposed", "{'n': 1, 'name': '王五', 'text': 'x'}",
		    "王五 提出会议记录更正", "王五 proposes a correction of the minutes");
	expect_text(m, "minutes.correction_signed", "{'n': 1, 'name': '张三'}",
		    "张三 会签会议记录更正", "张三 co-signs a correction of the minutes");
	free(m);
}

/* Check-ins and departures with the counts toward the quorum. */
static void test_attendance_lines(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	expect_text(m, "attendance.in",
		    "{'kind': 'member', 'who': 12, 'name': '李四', 'entitled': 5, 'present': 2}",
		    "李四 到会（到会 2 / 应到会 5）", "李四 checks in (2 of 5 present)");
	expect_text(m, "attendance.out",
		    "{'kind': 'member', 'who': 12, 'name': '李四', 'entitled': 5, 'present': 1}",
		    "李四 离会（到会 1 / 应到会 5）", "李四 leaves (1 of 5 present)");
	expect_text(m, "attendance.in",
		    "{'kind': 'observer', 'who': 501, 'name': '观察员甲', 'entitled': 5,"
		    " 'present': 1}",
		    "列席人员 观察员甲 到场", "observer 观察员甲 arrives");
	expect_text(m, "attendance.out", "{'kind': 'observer', 'who': 501, 'name': '观察员甲'}",
		    "列席人员 观察员甲 离场", "observer 观察员甲 leaves");
	expect_text(m, "attendance.absent", "{'member': 14, 'name': '赵六', 'reason': '出差'}",
		    "赵六 缺席：出差", "赵六 is absent: 出差");
	/* no kind: a member, counts of nothing */
	expect_text(m, "attendance.in", "{'name': '李四'}", "李四 到会（到会 0 / 应到会 0）",
		    "李四 checks in (0 of 0 present)");
	free(m);
}

static void test_agenda_lines(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	expect_text(m, "agenda.opened",
		    "{'item': 101, 'title': '关于修订财务管理制度的议题', 'presiding': 11,"
		    " 'personnel': false, 'entitled': 5, 'present': 4}",
		    "开始审议议题 101：关于修订财务管理制度的议题（主持：张三）",
		    "item 101 taken up: 关于修订财务管理制度的议题 (presiding: 张三)");
	/* a presiding member the roster does not know: no name */
	expect_text(m, "agenda.opened", "{'item': 101, 'title': 'T', 'presiding': 99}",
		    "开始审议议题 101：T（主持：）", "item 101 taken up: T (presiding: )");
	expect_text(m, "agenda.presented",
		    "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'present',"
		    " 'position': null, 'candidate': 0, 'body': '修订要点如下'}",
		    "李四 汇报议题 101：修订要点如下", "李四 presents item 101: 修订要点如下");
	expect_text(m, "agenda.presented", "{'item': 101, 'name': '李四', 'body': ''}",
		    "李四 汇报议题 101", "李四 presents item 101");
	expect_text(m, "agenda.recused",
		    "{'item': 101, 'member': 13, 'name': '王五', 'reason': '本人亲属所在单位'}",
		    "王五 回避议题 101：本人亲属所在单位",
		    "王五 recuses from item 101: 本人亲属所在单位");
	expect_text(m, "agenda.presiding", "{'item': 102, 'from': 11, 'to': 13, 'name': '王五'}",
		    "议题 102 改由 王五 主持", "item 102 is now presided by 王五");
	expect_text(m, "agenda.deferred", "{'item': 102, 'reason': '材料不全', 'statements': []}",
		    "议题 102 缓议：材料不全", "item 102 is deferred: 材料不全");
	expect_text(m, "agenda.discussed", "{'item': 101, 'reason': null, 'statements': []}",
		    "议题 101 讨论结束", "discussion of item 101 is closed");
	expect_text(m, "floor.requested",
		    "{'request': 900, 'item': 101, 'kind': 'observer', 'who': 501,"
		    " 'name': '观察员甲'}",
		    "观察员甲 申请发言", "观察员甲 asks for the floor");
	expect_text(m, "floor.granted", "{'request': 900, 'item': 101, 'name': '观察员甲'}",
		    "准许 观察员甲 发言", "观察员甲 is given the floor");
	free(m);
}

/* Statements: the position in words, the body; on cadre items the
 * candidate, counted from 1; a pass. */
static void test_statement_lines(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	expect_text(m, "agenda.statement",
		    "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'state',"
		    " 'position': 'agree', 'candidate': 0, 'body': '同意修订'}",
		    "李四 表态：同意 — 同意修订", "李四 states: agree — 同意修订");
	expect_text(m, "agenda.statement",
		    "{'item': 101, 'name': '李四', 'kind': 'state', 'position': 'disagree',"
		    " 'body': '条款过严'}",
		    "李四 表态：不同意 — 条款过严", "李四 states: disagree — 条款过严");
	expect_text(m, "agenda.statement",
		    "{'item': 101, 'name': '王五', 'kind': 'state', 'position': 'defer',"
		    " 'body': '需再调研'}",
		    "王五 表态：缓议 — 需再调研", "王五 states: defer — 需再调研");
	expect_text(m, "agenda.statement",
		    "{'item': 101, 'member': 13, 'name': '王五', 'kind': 'pass',"
		    " 'position': null, 'candidate': 0, 'body': ''}",
		    "王五 放弃表态", "王五 passes");
	/* cadre item 103 */
	expect_text(m, "agenda.statement",
		    "{'item': 103, 'member': 12, 'name': '李四', 'kind': 'state',"
		    " 'position': 'agree', 'candidate': 0, 'body': '人选合适'}",
		    "李四 就候选人 1 表态：同意 — 人选合适",
		    "李四 on candidate 1 states: agree — 人选合适");
	expect_text(m, "agenda.statement",
		    "{'item': 103, 'name': '李四', 'kind': 'pass', 'candidate': 1}",
		    "李四 就候选人 2 放弃表态", "李四 on candidate 2 passes");
	/* an item the model does not know: no candidate */
	expect_text(m, "agenda.statement",
		    "{'item': 555, 'name': '李四', 'kind': 'pass', 'candidate': 1}",
		    "李四 放弃表态", "李四 passes");
	/* a position with no words of its own is shown as it came */
	expect_text(m, "agenda.statement",
		    "{'item': 101, 'name': '李四', 'kind': 'state', 'position': 'abstain',"
		    " 'body': 'x'}",
		    "李四 表态：abstain — x", "李四 states: abstain — x");
	free(m);
}

static void test_vote_lines(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	expect_text(m, "scrutineers.designated",
		    "{'scrutineers': [{'index': 1, 'member': 13, 'name': '王五'},"
		    " {'index': 2, 'member': 14, 'name': '赵六'}]}",
		    "监票人：王五、赵六", "scrutineers: 王五, 赵六");
	expect_text(m, "scrutineers.designated", "{'scrutineers': [{'name': '王五'}]}",
		    "监票人：王五", "scrutineers: 王五");
	expect_text(m, "scrutineers.designated", "{'scrutineers': []}", "监票人：",
		    "scrutineers: ");
	expect_text(m, "scrutineer.key",
		    "{'index': 1, 'member': 13, 'name': '王五', 'key': 'AAAA'}",
		    "监票人 王五 公布密钥", "scrutineer 王五 publishes a key");
	expect_text(m, "election.key", "{'key': 'CCCC'}", "选举公钥已生成",
		    "the election key is made");
	expect_text(m, "vote.opened",
		    "{'item': 101, 'round': 1, 'question': {'kind': 'options',"
		    " 'labels': ['同意', '不同意', '弃权'], 'seats': 1},"
		    " 'eligible': [11, 12, 13], 'entitled': 5, 'present': 4}",
		    "议题 101 第 1 轮表决开始：可投票 3 人", "item 101, round 1: voting open to 3");
	expect_text(m, "vote.opened", "{'item': 103, 'round': 2}",
		    "议题 103 第 2 轮表决开始：可投票 0 人", "item 103, round 2: voting open to 0");
	expect_text(m, "vote.cast", "{'item': 101, 'round': 1, 'cast': 2, 'eligible': 3}",
		    "议题 101 已投 2/3", "item 101: 2 of 3 cast");
	expect_text(m, "vote.closing", "{'item': 101, 'round': 1, 'ballots': 3, 'eligible': 3}",
		    "议题 101 投票结束，共 3 票，监票人解密中",
		    "item 101: voting closed, 3 ballots; the scrutineers decrypt");
	expect_text(m, "vote.decrypted", "{'item': 101, 'round': 1, 'index': 1, 'name': '王五'}",
		    "监票人 王五 已解密", "scrutineer 王五 has decrypted");
	free(m);
}

/* The result line: the counts of the item as the model has them. */
static void test_result_line(void **state)
{
	struct tm_meeting *m = meeting();
	struct tm_item *it;

	(void)state;
	expect_text(m, "vote.result", "{'item': 101, 'round': 1}",
		    "议题 101 表决结果：同意 2 票，不同意 1 票，弃权 0 票 — 通过",
		    "item 101, result: agree 2, disagree 1, abstain 0 — adopted");
	/* an item the model does not have: the heading only */
	expect_text(m, "vote.result", "{'item': 999}", "议题 999 表决结果：", "item 999, result: ");
	it = tm_item(m, 103);
	strcpy(it->labels[0], "周一");
	strcpy(it->labels[1], "吴二");
	strcpy(it->labels[2], "郑三");
	it->nlabels = 3;
	it->counts[0] = 4;
	it->counts[1] = 2;
	it->counts[2] = 3;
	strcpy(it->result, "elected");
	it->elected[0] = 0;
	it->elected[1] = 2;
	it->nelected = 2;
	expect_text(
		m, "vote.result", "{'item': 103, 'round': 1}",
		"议题 103 表决结果：周一 4 票，吴二 2 票，郑三 3 票 — 选举产生；当选 周一、郑三",
		"item 103, result: 周一 4, 吴二 2, 郑三 3 — elected; elected 周一, 郑三");
	free(m);
}

/* Events the terminal has no words for are shown by name. */
static void test_unknown_lines(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	expect_text(m, "meeting.changed", "{'item': 101}", "meeting.changed", "meeting.changed");
	expect_text(m, "publication.made", NULL, "publication.made", "publication.made");
	expect_text(m, "", "{}", "", "");
	/* known events without data: empty fields, zeros */
	expect_text(m, "agenda.discussed", NULL, "议题 0 讨论结束",
		    "discussion of item 0 is closed");
	expect_text(m, "vote.cast", "[1, 2]", "议题 0 已投 0/0", "item 0: 0 of 0 cast");
	expect_text(m, "attendance.absent", "'text'", " 缺席：", " is absent: ");
	/* numbers no double counts exactly are no numbers */
	expect_text(m, "vote.cast", "{'item': 1e300, 'cast': -1e999, 'eligible': 9.3e18}",
		    "议题 0 已投 0/0", "item 0: 0 of 0 cast");
	expect_text(m, "agenda.statement",
		    "{'item': 103, 'name': '李四', 'kind': 'pass', 'candidate': 1e19}",
		    "李四 就候选人 1 放弃表态", "李四 on candidate 1 passes");
	expect_text(m, "vote.cast",
		    "{'item': 9007199254740992, 'cast': -9007199254740992, 'eligible': 3}",
		    "议题 9007199254740992 已投 -9007199254740992/3",
		    "item 9007199254740992: -9007199254740992 of 3 cast");
	free(m);
}

static void test_position(void **state)
{
	(void)state;
	i18n_set("zh");
	assert_string_equal(tev_position("agree"), "同意");
	assert_string_equal(tev_position("disagree"), "不同意");
	assert_string_equal(tev_position("defer"), "缓议");
	assert_string_equal(tev_position("abstain"), "abstain");
	assert_string_equal(tev_position(""), "");
	assert_string_equal(tev_position("Agree"), "Agree");
	i18n_set("en");
	assert_string_equal(tev_position("agree"), "agree");
	assert_string_equal(tev_position("disagree"), "disagree");
	assert_string_equal(tev_position("defer"), "defer");
	assert_string_equal(tev_position("abstain"), "abstain");
	i18n_set("zh");
}

static void test_result(void **state)
{
	(void)state;
	i18n_set("zh");
	assert_string_equal(tev_result("adopted"), "通过");
	assert_string_equal(tev_result("rejected"), "未通过");
	assert_string_equal(tev_result("elected"), "选举产生");
	assert_string_equal(tev_result("runoff"), "末位同票，须再次投票");
	assert_string_equal(tev_result("void"), "无效");
	assert_string_equal(tev_result(""), "无效");
	assert_string_equal(tev_result("tied"), "无效");
	i18n_set("en");
	assert_string_equal(tev_result("adopted"), "adopted");
	assert_string_equal(tev_result("rejected"), "rejected");
	assert_string_equal(tev_result("elected"), "elected");
	assert_string_equal(tev_result("runoff"), "tie at the last seat: a run-off round");
	assert_string_equal(tev_result("void"), "void");
	assert_string_equal(tev_result("tied"), "void");
	i18n_set("zh");
}

static void test_state(void **state)
{
	static const char *const zh[] = {"待审议",     "审议中",     "讨论结束",
					 "投票中",     "解密计票中", "须再次投票",
					 "已宣布结果", "缓议",       "已撤下"};
	static const char *const en[] = {"pending",          "under discussion", "discussed",
					 "voting",           "counting",         "run-off due",
					 "result announced", "deferred",         "removed"};
	int s;

	(void)state;
	assert_int_equal(TM_REMOVED + 1, 9);
	for (s = TM_PENDING; s <= TM_REMOVED; s++) {
		i18n_set("zh");
		assert_string_equal(tev_state((enum tm_state)s), zh[s]);
		i18n_set("en");
		assert_string_equal(tev_state((enum tm_state)s), en[s]);
	}
	assert_string_equal(tev_state((enum tm_state)99), "?");
	assert_string_equal(tev_state((enum tm_state) - 1), "?");
	i18n_set("zh");
	assert_string_equal(tev_state((enum tm_state)9), "?");
}

static void test_status(void **state)
{
	(void)state;
	i18n_set("zh");
	assert_string_equal(tev_status("draft"), "筹备中");
	assert_string_equal(tev_status("announced"), "已公布，未开会");
	assert_string_equal(tev_status("open"), "开会中");
	assert_string_equal(tev_status("closed"), "已散会");
	assert_string_equal(tev_status("cancelled"), "cancelled");
	assert_string_equal(tev_status(""), "");
	i18n_set("en");
	assert_string_equal(tev_status("draft"), "draft");
	assert_string_equal(tev_status("announced"), "announced");
	assert_string_equal(tev_status("open"), "in session");
	assert_string_equal(tev_status("closed"), "closed");
	assert_string_equal(tev_status("cancelled"), "cancelled");
	i18n_set("zh");
}

/* An item with the given labels, counts and result. */
static void set_item(struct tm_item *it, int n, const char *const *labels, const long long *counts,
		     const char *result)
{
	int i;

	memset(it, 0, sizeof(*it));
	for (i = 0; i < n; i++) {
		strcpy(it->labels[i], labels[i]);
		it->counts[i] = counts[i];
	}
	it->nlabels = n;
	strcpy(it->result, result);
}

static void expect_counts(const struct tm_item *it, const char *zh, const char *en)
{
	char buf[512];

	i18n_set("zh");
	tev_counts(it, buf, sizeof(buf));
	if (strcmp(buf, zh) != 0)
		fail_msg("counts (zh): \"%s\", want \"%s\"", buf, zh);
	i18n_set("en");
	tev_counts(it, buf, sizeof(buf));
	i18n_set("zh");
	if (strcmp(buf, en) != 0)
		fail_msg("counts (en): \"%s\", want \"%s\"", buf, en);
}

static void test_counts_motion(void **state)
{
	static const char *const options[] = {"同意", "不同意", "弃权"};
	static const long long adopted[] = {7, 1, 1}, rejected[] = {3, 5, 1};
	struct tm_item it;

	(void)state;
	set_item(&it, 3, options, adopted, "adopted");
	expect_counts(&it, "同意 7 票，不同意 1 票，弃权 1 票 — 通过",
		      "agree 7, disagree 1, abstain 1 — adopted");
	set_item(&it, 3, options, rejected, "rejected");
	expect_counts(&it, "同意 3 票，不同意 5 票，弃权 1 票 — 未通过",
		      "agree 3, disagree 5, abstain 1 — rejected");
	set_item(&it, 3, options, rejected, "void");
	expect_counts(&it, "同意 3 票，不同意 5 票，弃权 1 票 — 无效",
		      "agree 3, disagree 5, abstain 1 — void");
	/* labels other than a motion's three choices are shown as they are */
	{
		static const char *const other[] = {"方案一", "方案二"};

		set_item(&it, 2, other, adopted, "adopted");
		expect_counts(&it, "方案一 7 票，方案二 1 票 — 通过",
			      "方案一 7, 方案二 1 — adopted");
	}
	/* no labels, no result */
	set_item(&it, 0, options, rejected, "");
	expect_counts(&it, " — 无效", " — void");
	/* a motion's result with an elected index is still shown */
	set_item(&it, 3, options, adopted, "adopted");
	it.nelected = 0;
	expect_counts(&it, "同意 7 票，不同意 1 票，弃权 1 票 — 通过",
		      "agree 7, disagree 1, abstain 1 — adopted");
}

static void test_counts_election(void **state)
{
	static const char *const names[] = {"周一", "吴二", "郑三", "王四"};
	static const long long votes[] = {6, 5, 5, 2};
	struct tm_item it;

	(void)state;
	set_item(&it, 4, names, votes, "elected");
	it.elected[0] = 0;
	it.elected[1] = 1;
	it.nelected = 2;
	expect_counts(&it, "周一 6 票，吴二 5 票，郑三 5 票，王四 2 票 — 选举产生；当选 周一、吴二",
		      "周一 6, 吴二 5, 郑三 5, 王四 2 — elected; elected 周一, 吴二");
	/* elected in rank order, not label order */
	it.elected[0] = 2;
	it.elected[1] = 0;
	expect_counts(&it, "周一 6 票，吴二 5 票，郑三 5 票，王四 2 票 — 选举产生；当选 郑三、周一",
		      "周一 6, 吴二 5, 郑三 5, 王四 2 — elected; elected 郑三, 周一");
	/* nobody elected */
	it.nelected = 0;
	expect_counts(&it, "周一 6 票，吴二 5 票，郑三 5 票，王四 2 票 — 选举产生",
		      "周一 6, 吴二 5, 郑三 5, 王四 2 — elected");
	/* a run-off: those above the tie are elected already */
	strcpy(it.result, "runoff");
	it.elected[0] = 0;
	it.nelected = 1;
	expect_counts(
		&it, "周一 6 票，吴二 5 票，郑三 5 票，王四 2 票 — 末位同票，须再次投票；当选 周一",
		"周一 6, 吴二 5, 郑三 5, 王四 2 — tie at the last seat: a run-off round; "
		"elected 周一");
	/* indexes that name no label are left out, and the first one named
	 * still begins the list */
	strcpy(it.result, "elected");
	it.elected[0] = -1;
	it.elected[1] = 4;
	it.elected[2] = 3;
	it.elected[3] = 99;
	it.elected[4] = 1;
	it.nelected = 5;
	expect_counts(&it, "周一 6 票，吴二 5 票，郑三 5 票，王四 2 票 — 选举产生；当选 王四、吴二",
		      "周一 6, 吴二 5, 郑三 5, 王四 2 — elected; elected 王四, 吴二");
	it.elected[0] = TM_MAX_LABELS;
	it.nelected = 1;
	expect_counts(&it, "周一 6 票，吴二 5 票，郑三 5 票，王四 2 票 — 选举产生",
		      "周一 6, 吴二 5, 郑三 5, 王四 2 — elected");
}

/* Every label the model holds, long ones, the largest counts: tev_counts
 * fills its buffer and stops at a character. */
static void test_counts_full(void **state)
{
	struct tm_item it;
	char buf[256], big[4096];
	size_t len;
	int i;

	(void)state;
	memset(&it, 0, sizeof(it));
	for (i = 0; i < TM_MAX_LABELS; i++) {
		snprintf(it.labels[i], sizeof(it.labels[i]), "候选人候选人候选人候选人候选人%d", i);
		it.counts[i] = 9007199254740992LL;
		it.elected[i] = i;
	}
	it.nlabels = TM_MAX_LABELS;
	it.nelected = TM_MAX_LABELS;
	strcpy(it.result, "elected");
	for (i = 0; i < 2; i++) {
		i18n_set(i ? "en" : "zh");
		tev_counts(&it, big, sizeof(big));
		for (len = 1; len <= sizeof(buf); len++) {
			memset(buf, 'X', sizeof(buf));
			tev_counts(&it, buf, len);
			assert_true(strlen(buf) < len);
			if (len < sizeof(buf))
				assert_int_equal(buf[len], 'X');
			assert_true(utf8_valid(buf, strlen(buf)));
			assert_memory_equal(buf, big, strlen(buf));
			/* at most one character (4 bytes) short of the buffer */
			assert_true(strlen(buf) + 4 >= len - 1 || strlen(buf) == strlen(big));
		}
	}
	i18n_set("zh");
	/* nothing at all */
	memset(buf, 'X', sizeof(buf));
	tev_counts(&it, buf, 0);
	assert_int_equal(buf[0], 'X');
}

/* Every event in a buffer of every size: never past len, terminated,
 * whole characters, the beginning of the full line. */
static void test_small_buffers(void **state)
{
	static const char *const entries[][2] = {
		{"meeting.announced", "{'title': '第十二次常委会', 'place': '三楼会议室'}"},
		{"meeting.opened", "{'entitled': 5, 'present': 4}"},
		{"attendance.in",
		 "{'kind': 'member', 'name': '李四', 'entitled': 5, 'present': 2}"},
		{"attendance.in", "{'kind': 'observer', 'name': '观察员甲'}"},
		{"agenda.opened",
		 "{'item': 101, 'title': '关于修订财务管理制度的议题', 'presiding': 11}"},
		{"agenda.statement", "{'item': 103, 'name': '李四', 'kind': 'state',"
				     " 'position': 'agree', 'candidate': 0, 'body': '人选合适😀'}"},
		{"scrutineers.designated", "{'scrutineers': [{'name': '王五'}, {'name': '赵六'}]}"},
		{"vote.result", "{'item': 101}"},
		{"vote.closing", "{'item': 101, 'ballots': 3}"},
		{"unknown.event.name", "{}"},
	};
	struct tm_meeting *m = meeting();
	char full[1024], buf[300];
	size_t e, len;
	int lang;

	(void)state;
	for (lang = 0; lang < 2; lang++) {
		i18n_set(lang ? "en" : "zh");
		for (e = 0; e < sizeof(entries) / sizeof(entries[0]); e++) {
			cJSON *d = tjson(entries[e][1]);

			tev_text(m, entries[e][0], d, full, sizeof(full));
			for (len = 1; len <= 200; len++) {
				memset(buf, 'X', sizeof(buf));
				tev_text(m, entries[e][0], d, buf, len);
				if (strlen(buf) >= len)
					fail_msg("%s in %zu bytes: not terminated", entries[e][0],
						 len);
				if (buf[len] != 'X')
					fail_msg("%s in %zu bytes: written past", entries[e][0],
						 len);
				if (!utf8_valid(buf, strlen(buf)))
					fail_msg("%s in %zu bytes: \"%s\" is cut through a "
						 "character",
						 entries[e][0], len, buf);
				if (strncmp(buf, full, strlen(buf)) != 0)
					fail_msg("%s in %zu bytes: \"%s\" is not the start of "
						 "\"%s\"",
						 entries[e][0], len, buf, full);
				if (strlen(buf) + 4 < len - 1 && strlen(buf) != strlen(full))
					fail_msg("%s in %zu bytes: \"%s\" is cut too short",
						 entries[e][0], len, buf);
			}
			memset(buf, 'X', sizeof(buf));
			tev_text(m, entries[e][0], d, buf, 0);
			assert_int_equal(buf[0], 'X');
			cJSON_Delete(d);
		}
	}
	i18n_set("zh");
	/* exact cuts */
	{
		cJSON *d = tjson("{'entitled': 5, 'present': 4}");

		tev_text(m, "meeting.opened", d, buf, 1);
		assert_string_equal(buf, "");
		tev_text(m, "meeting.opened", d, buf, 4);
		assert_string_equal(buf, "宣");
		tev_text(m, "meeting.opened", d, buf, 6);
		assert_string_equal(buf, "宣"); /* not half of 布 */
		tev_text(m, "meeting.opened", d, buf, 13);
		assert_string_equal(buf, "宣布开会");
		tev_text(m, "meeting.opened", d, buf, 14);
		assert_string_equal(buf, "宣布开会"); /* （ is three bytes */
		i18n_set("en");
		tev_text(m, "meeting.opened", d, buf, 12);
		assert_string_equal(buf, "the meeting");
		i18n_set("zh");
		cJSON_Delete(d);
	}
	free(m);
}

/* The log lines as the terminal makes them (tui_net.c): a statement with
 * a long Chinese body fills the line and stops at a character. */
static void test_long_statement(void **state)
{
	struct tm_meeting *m = meeting();
	char text[TM_LINE_LEN - 16], body[3000];
	cJSON *d = tjson("{'item': 101, 'name': '李四', 'kind': 'state', 'position': 'agree'}");
	size_t i;

	(void)state;
	for (i = 0; i + 3 < sizeof(body); i += 3)
		memcpy(body + i, "议", 3);
	body[i] = '\0';
	cJSON_AddStringToObject(d, "body", body);
	tev_text(m, "agenda.statement", d, text, sizeof(text));
	assert_true(strlen(text) < sizeof(text));
	assert_true(strlen(text) + 3 >= sizeof(text) - 1);
	assert_true(utf8_valid(text, strlen(text)));
	assert_memory_equal(text, "李四 表态：同意 — 议议", strlen("李四 表态：同意 — 议议"));
	tm_push_line(m, text);
	assert_string_equal(tm_line(m, 0), text);
	cJSON_Delete(d);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_lines),   cmocka_unit_test(test_attendance_lines),
		cmocka_unit_test(test_agenda_lines),    cmocka_unit_test(test_statement_lines),
		cmocka_unit_test(test_vote_lines),      cmocka_unit_test(test_result_line),
		cmocka_unit_test(test_unknown_lines),   cmocka_unit_test(test_position),
		cmocka_unit_test(test_result),          cmocka_unit_test(test_state),
		cmocka_unit_test(test_status),          cmocka_unit_test(test_counts_motion),
		cmocka_unit_test(test_counts_election), cmocka_unit_test(test_counts_full),
		cmocka_unit_test(test_small_buffers),   cmocka_unit_test(test_long_statement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
