/* Unit tests for client/tui/tui_events.c: each entry of a meeting's log as
 * the line a person reads on the full-screen terminal, in Chinese and in
 * English; the words for positions, results, states and statuses; the
 * counts of a decided item; and short buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/i18n.h"
#include "../../client/tui/tui_events.h"

static struct tm_meeting *m;

static int setup(void **state)
{
	static const char *const names[] = {"李建国", "陈志强", "吴国华"};
	int i;

	(void)state;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return -1;
	tm_init(m, 25);
	for (i = 0; i < 3; i++) {
		m->roster[i].id = i + 1;
		snprintf(m->roster[i].name, sizeof(m->roster[i].name), "%s", names[i]);
	}
	m->nroster = 3;
	m->nitems = 2;
	m->items[0].id = 11;
	m->items[1].id = 12;
	m->items[1].personnel = 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(m);
	i18n_set("zh");
	return 0;
}

/* The line for ev with data (JSON text) in lang must be want. */
static void expect_line(const char *lang, const char *ev, const char *data, const char *want)
{
	cJSON *d = cJSON_Parse(data);
	char buf[400];

	assert_non_null(d);
	i18n_set(lang);
	tev_text(m, ev, d, buf, sizeof(buf));
	cJSON_Delete(d);
	assert_string_equal(buf, want);
}

static void test_meeting_lines(void **state)
{
	static const char in[] =
		"{\"kind\":\"member\",\"who\":2,\"name\":\"陈志强\",\"present\":2,\"entitled\":6}";

	(void)state;
	expect_line("zh", "meeting.announced",
		    "{\"title\":\"第25次会议\",\"place\":\"常委会议室\"}",
		    "会议公布：第25次会议，常委会议室");
	expect_line("en", "meeting.announced",
		    "{\"title\":\"第25次会议\",\"place\":\"常委会议室\"}",
		    "meeting announced: 第25次会议, 常委会议室");
	expect_line("zh", "meeting.opened", "{\"present\":6,\"entitled\":6}",
		    "宣布开会（到会 6 / 应到会 6）");
	expect_line("en", "meeting.opened", "{\"present\":4,\"entitled\":6}",
		    "the meeting is open (4 of 6 present)");
	expect_line("zh", "meeting.closed", "{\"present\":6,\"entitled\":6}",
		    "宣布散会（到会 6 / 应到会 6）");
	expect_line("zh", "attendance.in", in, "陈志强 到会（到会 2 / 应到会 6）");
	expect_line("en", "attendance.in", in, "陈志强 checks in (2 of 6 present)");
	expect_line("zh", "attendance.out", in, "陈志强 离会（到会 2 / 应到会 6）");
	expect_line("zh", "attendance.in", "{\"kind\":\"observer\",\"name\":\"钱文彬\"}",
		    "列席人员 钱文彬 到场");
	expect_line("en", "attendance.out", "{\"kind\":\"observer\",\"name\":\"钱文彬\"}",
		    "observer 钱文彬 leaves");
	expect_line("zh", "attendance.absent", "{\"name\":\"林芳\",\"reason\":\"出差\"}",
		    "林芳 缺席：出差");
	expect_line("zh", "observer.invited", "{\"name\":\"钱文彬\"}", "邀请 钱文彬 列席");
	expect_line("en", "minutes.signed", "{\"name\":\"李建国\"}", "李建国 signed the minutes");
}

static void test_agenda_lines(void **state)
{
	(void)state;
	expect_line("zh", "agenda.opened", "{\"item\":11,\"title\":\"学校布局\",\"presiding\":1}",
		    "开始审议议题 11：学校布局（主持：李建国）");
	expect_line("en", "agenda.opened", "{\"item\":11,\"title\":\"学校布局\",\"presiding\":1}",
		    "item 11 taken up: 学校布局 (presiding: 李建国)");
	expect_line("zh", "agenda.presented",
		    "{\"item\":11,\"name\":\"吴国华\",\"body\":\"建议通过\"}",
		    "吴国华 汇报议题 11：建议通过");
	expect_line("en", "agenda.presented", "{\"item\":11,\"name\":\"吴国华\"}",
		    "吴国华 presents item 11");
	expect_line("zh", "agenda.statement",
		    "{\"item\":11,\"name\":\"陈志强\",\"position\":\"disagree\",\"body\":\"再议\"}",
		    "陈志强 表态：不同意 — 再议");
	expect_line("en", "agenda.statement",
		    "{\"item\":11,\"name\":\"陈志强\",\"position\":\"agree\",\"body\":\"OK\"}",
		    "陈志强 states: agree — OK");
	expect_line("zh", "agenda.statement", "{\"item\":11,\"name\":\"陈志强\",\"kind\":\"pass\"}",
		    "陈志强 放弃表态");
	expect_line("en", "agenda.statement", "{\"item\":11,\"name\":\"陈志强\",\"kind\":\"pass\"}",
		    "陈志强 passes");
	/* on a cadre item the candidate is named, counted from one */
	expect_line("zh", "agenda.statement",
		    "{\"item\":12,\"name\":\"陈志强\",\"candidate\":1,\"position\":\"agree\","
		    "\"body\":\"同意\"}",
		    "陈志强 就候选人 2 表态：同意 — 同意");
	expect_line("zh", "agenda.recused", "{\"item\":11,\"name\":\"陈志强\",\"reason\":\"亲属\"}",
		    "陈志强 回避议题 11：亲属");
	expect_line("en", "agenda.recused", "{\"item\":11,\"name\":\"陈志强\",\"reason\":\"kin\"}",
		    "陈志强 recuses from item 11: kin");
	expect_line("zh", "agenda.presiding", "{\"item\":11,\"name\":\"陈志强\"}",
		    "议题 11 改由 陈志强 主持");
	expect_line("zh", "agenda.deferred", "{\"item\":12,\"reason\":\"需进一步征求意见\"}",
		    "议题 12 缓议：需进一步征求意见");
	expect_line("en", "agenda.deferred", "{\"item\":12,\"reason\":\"more study\"}",
		    "item 12 is deferred: more study");
	expect_line("zh", "agenda.discussed", "{\"item\":11}", "议题 11 讨论结束");
	expect_line("zh", "floor.requested", "{\"name\":\"周海涛\"}", "周海涛 申请发言");
	expect_line("en", "floor.granted", "{\"name\":\"周海涛\"}", "周海涛 is given the floor");
}

static void test_vote_lines(void **state)
{
	struct tm_item *it = &m->items[0];

	(void)state;
	expect_line("zh", "scrutineers.designated",
		    "{\"scrutineers\":[{\"name\":\"冯卫东\"},{\"name\":\"林芳\"}]}",
		    "监票人：冯卫东、林芳");
	expect_line("en", "scrutineers.designated",
		    "{\"scrutineers\":[{\"name\":\"冯卫东\"},{\"name\":\"林芳\"}]}",
		    "scrutineers: 冯卫东, 林芳");
	expect_line("zh", "scrutineer.key", "{\"name\":\"林芳\"}", "监票人 林芳 公布密钥");
	expect_line("en", "election.key", "{}", "the election key is made");
	expect_line("zh", "vote.opened", "{\"item\":11,\"round\":1,\"eligible\":[1,2,3,4,5,6]}",
		    "议题 11 第 1 轮表决开始：可投票 6 人");
	expect_line("en", "vote.opened", "{\"item\":11,\"round\":2,\"eligible\":[1,2]}",
		    "item 11, round 2: voting open to 2");
	expect_line("zh", "vote.cast", "{\"item\":11,\"cast\":3,\"eligible\":6}",
		    "议题 11 已投 3/6");
	expect_line("en", "vote.cast", "{\"item\":11,\"cast\":3,\"eligible\":6}",
		    "item 11: 3 of 6 cast");
	expect_line("zh", "vote.closing", "{\"item\":11,\"ballots\":6}",
		    "议题 11 投票结束，共 6 票，监票人解密中");
	expect_line("en", "vote.decrypted", "{\"name\":\"冯卫东\"}",
		    "scrutineer 冯卫东 has decrypted");
	it->nlabels = 3;
	strcpy(it->labels[0], "同意");
	strcpy(it->labels[1], "不同意");
	strcpy(it->labels[2], "弃权");
	it->counts[0] = 5;
	it->counts[1] = 0;
	it->counts[2] = 1;
	strcpy(it->result, "adopted");
	expect_line("zh", "vote.result", "{\"item\":11}",
		    "议题 11 表决结果：同意 5 票，不同意 0 票，弃权 1 票 — 通过");
	expect_line("en", "vote.result", "{\"item\":11}",
		    "item 11, result: agree 5, disagree 0, abstain 1 — adopted");
	/* an item the model does not know: the heading alone */
	expect_line("zh", "vote.result", "{\"item\":99}", "议题 99 表决结果：");
	/* an entry nobody wrote words for: its name */
	expect_line("zh", "something.new", "{}", "something.new");
}

static void test_election_counts(void **state)
{
	struct tm_item it;
	char buf[300];

	(void)state;
	memset(&it, 0, sizeof(it));
	it.nlabels = 3;
	strcpy(it.labels[0], "王志远");
	strcpy(it.labels[1], "陈晓燕");
	strcpy(it.labels[2], "赵刚");
	it.counts[0] = 7;
	it.counts[1] = 6;
	it.counts[2] = 2;
	strcpy(it.result, "elected");
	it.nelected = 3;
	it.elected[0] = 0;
	it.elected[1] = 1;
	it.elected[2] = 9; /* out of range: left out */
	i18n_set("zh");
	tev_counts(&it, buf, sizeof(buf));
	assert_string_equal(buf,
			    "王志远 7 票，陈晓燕 6 票，赵刚 2 票 — 选举产生；当选 王志远、陈晓燕");
	i18n_set("en");
	tev_counts(&it, buf, sizeof(buf));
	assert_string_equal(buf, "王志远 7, 陈晓燕 6, 赵刚 2 — elected; elected 王志远, 陈晓燕");
	strcpy(it.result, "runoff");
	it.nelected = 0;
	tev_counts(&it, buf, sizeof(buf));
	assert_string_equal(buf,
			    "王志远 7, 陈晓燕 6, 赵刚 2 — tie at the last seat: a run-off round");
}

static void test_words(void **state)
{
	static const enum tm_state states[] = {TM_PENDING, TM_OPEN,       TM_DISCUSSED,
					       TM_VOTING,  TM_DECRYPTING, TM_RUNOFF,
					       TM_DECIDED, TM_DEFERRED,   TM_REMOVED};
	size_t i, j;

	(void)state;
	i18n_set("zh");
	assert_string_equal(tev_position("agree"), "同意");
	assert_string_equal(tev_position("disagree"), "不同意");
	assert_string_equal(tev_position("defer"), "缓议");
	assert_string_equal(tev_position("other"), "other");
	assert_string_equal(tev_result("adopted"), "通过");
	assert_string_equal(tev_result("rejected"), "未通过");
	assert_string_equal(tev_result("elected"), "选举产生");
	assert_string_equal(tev_result("void"), "无效");
	assert_string_equal(tev_result(""), "无效");
	assert_string_equal(tev_status("open"), "开会中");
	assert_string_equal(tev_status("closed"), "已散会");
	assert_string_equal(tev_status("weird"), "weird");
	assert_string_equal(tev_label("弃权"), "弃权");
	assert_string_equal(tev_label("王志远"), "王志远");
	i18n_set("en");
	assert_string_equal(tev_position("disagree"), "disagree");
	assert_string_equal(tev_result("rejected"), "rejected");
	assert_string_equal(tev_status("announced"), "announced");
	assert_string_equal(tev_status("draft"), "draft");
	assert_string_equal(tev_label("同意"), "agree");
	assert_string_equal(tev_label("不同意"), "disagree");
	assert_string_equal(tev_label("弃权"), "abstain");
	assert_string_equal(tev_label("王志远"), "王志远");
	assert_string_equal(tev_state(TM_DECRYPTING), "counting");
	/* every state has words of its own in each language */
	for (j = 0; j < 2; j++) {
		i18n_set(j ? "en" : "zh");
		for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
			assert_true(strlen(tev_state(states[i])) > 0);
			assert_string_not_equal(tev_state(states[i]), "?");
			if (i > 0)
				assert_string_not_equal(tev_state(states[i]),
							tev_state(states[i - 1]));
		}
	}
}

static void test_short_buffers(void **state)
{
	cJSON *d = cJSON_Parse(
		"{\"item\":11,\"title\":\"县域义务教育学校布局调整方案\",\"presiding\":1}");
	char buf[64];
	size_t len;

	(void)state;
	assert_non_null(d);
	i18n_set("zh");
	for (len = 1; len <= sizeof(buf); len++) {
		memset(buf, 'Z', sizeof(buf));
		tev_text(m, "agenda.opened", d, buf, len);
		assert_true(strlen(buf) < len); /* terminated within len */
		if (len < sizeof(buf))
			assert_int_equal(buf[len], 'Z'); /* nothing written past it */
	}
	cJSON_Delete(d);
	/* no data at all */
	tev_text(m, "agenda.opened", NULL, buf, sizeof(buf));
	assert_string_equal(buf, "开始审议议题 0：（主持：）");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_lines), cmocka_unit_test(test_agenda_lines),
		cmocka_unit_test(test_vote_lines),    cmocka_unit_test(test_election_counts),
		cmocka_unit_test(test_words),         cmocka_unit_test(test_short_buffers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
