/* Unit tests for client/tui/tui_model.c: a whole meeting fed as the log
 * entries the server writes (sql/00*_api.sql, proto/PROTOCOL.md), with the
 * model's state checked after each — announcement, scrutineers and keys,
 * check-ins and the quorum, an ordinary item (presentation, recusal,
 * statements with the chair last, the floor, the vote and its result), a
 * cadre item handed over and deferred, an election with a run-off, the
 * close — then the snapshot of meeting.state, the sequence numbers, the
 * ring of lines, unknown events and malformed data (missing members, wrong
 * types, huge numbers, over-long strings, more than the arrays hold). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "tjson.h"

#include "../../client/tui/tui_model.h"
#include "../../proto/utf8.h"
#include "../../rules/quorum.h"
#include "../../rules/speaking.h"

/* Ids as the server gives them. */
#define MEETING    7
#define CHAIR      11 /* 张三 */
#define LI         12 /* 李四, presents the first item */
#define WANG       13 /* 王五, a scrutineer */
#define ZHAO       14 /* 赵六, a scrutineer, absent at first */
#define QIAN       15 /* 钱七, recuses from the first item */
#define OBSERVER   501
#define ITEM_RULE  101 /* an ordinary item, adopted */
#define ITEM_CADRE 102 /* a cadre item, deferred */
#define ITEM_ELECT 103 /* an election with a run-off */
#define ITEM_GONE  104 /* taken off the agenda */

static struct tm_meeting *new_meeting(void)
{
	struct tm_meeting *m = malloc(sizeof(*m));

	assert_non_null(m);
	memset(m, 0x5a, sizeof(*m)); /* tm_init must set everything */
	tm_init(m, MEETING);
	return m;
}

/* Apply the next entry of the log: event ev with data text (NULL: no
 * data). tm_apply's answer. */
static int feed(struct tm_meeting *m, const char *ev, const char *text)
{
	cJSON *d = text != NULL ? tjson(text) : NULL;
	int r = tm_apply(m, m->last_seq + 1, ev, d);

	cJSON_Delete(d);
	return r;
}

/* The same with data built in code; d is freed. */
static int feed_cjson(struct tm_meeting *m, const char *ev, cJSON *d)
{
	int r = tm_apply(m, m->last_seq + 1, ev, d);

	cJSON_Delete(d);
	return r;
}

static const struct tm_item *item(const struct tm_meeting *m, long long id)
{
	const struct tm_item *it = tm_item_c(m, id);

	if (it == NULL)
		fail_msg("item %lld is not in the model", id);
	return it;
}

static int ix(const struct tm_meeting *m, long long member)
{
	int i = tm_roster_index(m, member);

	if (i < 0)
		fail_msg("member %lld is not on the roster", member);
	return i;
}

/* The queue of item id, its waiting members as ids. */
static struct tm_queue queue(const struct tm_meeting *m, long long id, long long *waiting)
{
	struct tm_queue q;
	int i;

	tm_queue(m, item(m, id), &q);
	for (i = 0; i < q.nwaiting; i++)
		waiting[i] = m->roster[q.waiting[i]].id;
	return q;
}

static void announce(struct tm_meeting *m)
{
	assert_int_equal(
		feed(m, "meeting.announced",
		     "{'id': 7, 'title': '第十二次常委会', 'place': '三楼会议室',"
		     " 'starts_at': '2025-03-01T09:00:00+08:00', 'status': 'announced',"
		     " 'announced_at': '2025-02-20T10:00:00+08:00',"
		     " 'agenda': ["
		     "  {'item': 101, 'version': 1, 'position': 1, 'title': "
		     "'关于修订财务管理制度的议题',"
		     "   'removed_at': null, 'removed_reason': null},"
		     "  {'item': 102, 'version': 2, 'position': 2, 'title': '关于干部任免的议题',"
		     "   'removed_at': null, 'removed_reason': null},"
		     "  {'item': 103, 'version': 1, 'position': 3, 'title': "
		     "'关于推选支部委员的议题',"
		     "   'removed_at': null, 'removed_reason': null},"
		     "  {'item': 104, 'version': 1, 'position': 4, 'title': '撤下的议题',"
		     "   'removed_at': '2025-02-21T08:00:00+08:00', 'removed_reason': "
		     "'材料未备齐'}],"
		     " 'roster': [{'id': 11, 'name': '张三', 'title': '主任'},"
		     "  {'id': 12, 'name': '李四', 'title': '委员'},"
		     "  {'id': 13, 'name': '王五', 'title': '委员'},"
		     "  {'id': 14, 'name': '赵六', 'title': '委员'},"
		     "  {'id': 15, 'name': '钱七', 'title': '委员'}],"
		     " 'clerks': ['孙八']}"),
		1);
}

/* {'kind': 'member', 'who': id, 'name': ..., 'entitled': 5, 'present': p} */
static void check_in(struct tm_meeting *m, long long who, const char *name, int present)
{
	char text[256];

	snprintf(text, sizeof(text),
		 "{'kind': 'member', 'who': %lld, 'name': '%s', 'entitled': 5, 'present': %d}", who,
		 name, present);
	assert_int_equal(feed(m, "attendance.in", text), 1);
}

/* Announced, scrutineers with their keys, four members in, the meeting
 * open. */
static void open_meeting(struct tm_meeting *m)
{
	announce(m);
	feed(m, "scrutineers.designated",
	     "{'scrutineers': [{'index': 1, 'member': 13, 'name': '王五'},"
	     " {'index': 2, 'member': 14, 'name': '赵六'}]}");
	feed(m, "scrutineer.key", "{'index': 1, 'member': 13, 'name': '王五', 'key': 'AAAA'}");
	feed(m, "scrutineer.key", "{'index': 2, 'member': 14, 'name': '赵六', 'key': 'BBBB'}");
	feed(m, "election.key", "{'key': 'CCCC'}");
	check_in(m, CHAIR, "张三", 1);
	check_in(m, LI, "李四", 2);
	check_in(m, WANG, "王五", 3);
	check_in(m, QIAN, "钱七", 4);
	feed(m, "meeting.opened", "{'entitled': 5, 'present': 4, 'absent': []}");
}

static void test_init(void **state)
{
	struct tm_meeting *m = new_meeting();

	(void)state;
	assert_int_equal(m->id, MEETING);
	assert_int_equal(m->quorum_num, 1);
	assert_int_equal(m->quorum_den, 2);
	assert_int_equal(m->quorum_inclusive, 0);
	assert_int_equal(m->last_seq, 0);
	assert_int_equal(m->nroster, 0);
	assert_int_equal(m->nobservers, 0);
	assert_int_equal(m->nitems, 0);
	assert_int_equal(m->nscrutineers, 0);
	assert_int_equal(m->election_key, 0);
	assert_int_equal(m->entitled, 0);
	assert_int_equal(m->present, 0);
	assert_string_equal(m->title, "");
	assert_string_equal(m->status, "");
	assert_null(tm_current(m));
	assert_null(tm_item(m, 0));
	assert_null(tm_line(m, 0));
	assert_int_equal(tm_roster_index(m, CHAIR), -1);
	assert_string_equal(tm_name(m, CHAIR), "");
	assert_false(tm_is_scrutineer(m, WANG));
	free(m);
}

static void test_announced(void **state)
{
	struct tm_meeting *m = new_meeting();

	(void)state;
	announce(m);
	assert_int_equal(m->last_seq, 1);
	assert_string_equal(m->title, "第十二次常委会");
	assert_string_equal(m->place, "三楼会议室");
	assert_string_equal(m->status, "announced");
	assert_int_equal(m->nroster, 5);
	assert_int_equal(tm_roster_index(m, CHAIR), 0);
	assert_int_equal(tm_roster_index(m, QIAN), 4);
	assert_int_equal(tm_roster_index(m, 99), -1);
	assert_string_equal(tm_name(m, LI), "李四");
	assert_string_equal(tm_name(m, QIAN), "钱七");
	assert_string_equal(tm_name(m, 99), "");
	assert_false(m->roster[0].present);
	assert_int_equal(m->nitems, 4);
	assert_int_equal(m->items[0].id, ITEM_RULE);
	assert_int_equal(m->items[3].id, ITEM_GONE);
	assert_string_equal(item(m, ITEM_RULE)->title, "关于修订财务管理制度的议题");
	assert_string_equal(item(m, ITEM_ELECT)->title, "关于推选支部委员的议题");
	assert_int_equal(item(m, ITEM_RULE)->state, TM_PENDING);
	assert_int_equal(item(m, ITEM_CADRE)->state, TM_PENDING);
	assert_int_equal(item(m, ITEM_GONE)->state, TM_REMOVED);
	assert_null(tm_item(m, 999));
	assert_null(tm_current(m));
	/* the same announcement again changes nothing but the sequence */
	announce(m);
	assert_int_equal(m->nroster, 5);
	assert_int_equal(m->nitems, 4);
	/* a status already known (from meeting.state) is kept */
	strcpy(m->status, "open");
	announce(m);
	assert_string_equal(m->status, "open");
	free(m);
}

static void test_scrutineers(void **state)
{
	struct tm_meeting *m = new_meeting();

	(void)state;
	announce(m);
	feed(m, "scrutineers.designated",
	     "{'scrutineers': [{'index': 1, 'member': 12, 'name': '李四'},"
	     " {'index': 2, 'member': 14, 'name': '赵六'}]}");
	assert_int_equal(m->nscrutineers, 2);
	assert_true(tm_is_scrutineer(m, LI));
	/* designated again (allowed until a key is published): the list is new */
	feed(m, "scrutineers.designated",
	     "{'scrutineers': [{'index': 1, 'member': 13, 'name': '王五'},"
	     " {'index': 2, 'member': 14, 'name': '赵六'}]}");
	assert_int_equal(m->nscrutineers, 2);
	assert_false(tm_is_scrutineer(m, LI));
	assert_true(tm_is_scrutineer(m, WANG));
	assert_true(tm_is_scrutineer(m, ZHAO));
	assert_false(tm_is_scrutineer(m, CHAIR));
	assert_string_equal(m->scrutineers[0].name, "王五");
	assert_int_equal(m->scrutineers[0].member, WANG);
	assert_false(m->scrutineers[0].key_published);
	assert_false(m->scrutineers[1].key_published);
	assert_int_equal(
		feed(m, "scrutineer.key", "{'index': 2, 'member': 14, 'name': '赵六', 'key': 'K'}"),
		1);
	assert_false(m->scrutineers[0].key_published);
	assert_true(m->scrutineers[1].key_published);
	assert_false(m->election_key);
	/* a key from someone who is no scrutineer marks nobody */
	feed(m, "scrutineer.key", "{'index': 3, 'member': 12, 'name': '李四', 'key': 'K'}");
	assert_false(m->scrutineers[0].key_published);
	feed(m, "scrutineer.key", "{'index': 1, 'member': 13, 'name': '王五', 'key': 'K'}");
	assert_true(m->scrutineers[0].key_published);
	feed(m, "election.key", "{'key': 'ELECTION'}");
	assert_true(m->election_key);
	assert_int_equal(m->last_seq, 7);
	free(m);
}

/* Check-ins move the counts toward the quorum; absences, late arrivals,
 * departures; observers are counted apart. */
static void test_attendance(void **state)
{
	struct tm_meeting *m = new_meeting();

	(void)state;
	announce(m);
	feed(m, "observer.invited", "{'observer': 501, 'name': '观察员甲'}");
	assert_int_equal(m->nobservers, 1);
	assert_int_equal(m->observers[0].id, OBSERVER);
	assert_string_equal(m->observers[0].name, "观察员甲");
	assert_false(m->observers[0].present);
	/* 5 entitled, more than half needed: 3 */
	assert_int_equal(tm_quorum_needed(5, m->quorum_num, m->quorum_den, m->quorum_inclusive), 3);
	check_in(m, CHAIR, "张三", 1);
	assert_int_equal(m->entitled, 5);
	assert_int_equal(m->present, 1);
	assert_true(m->roster[ix(m, CHAIR)].present);
	assert_false(m->roster[ix(m, LI)].present);
	check_in(m, LI, "李四", 2);
	assert_int_equal(m->present, 2);
	assert_true(m->present < tm_quorum_needed(m->entitled, 1, 2, 0));
	check_in(m, WANG, "王五", 3);
	assert_int_equal(m->present, 3);
	assert_true(m->present >= tm_quorum_needed(m->entitled, 1, 2, 0));
	/* an absence with its reason */
	assert_int_equal(
		feed(m, "attendance.absent", "{'member': 14, 'name': '赵六', 'reason': '出差'}"),
		1);
	assert_string_equal(m->roster[ix(m, ZHAO)].absence, "出差");
	assert_false(m->roster[ix(m, ZHAO)].present);
	assert_int_equal(m->present, 3);
	/* the observer arrives: the members' count does not move */
	feed(m, "attendance.in",
	     "{'kind': 'observer', 'who': 501, 'name': '观察员甲', 'entitled': 5, 'present': 3}");
	assert_true(m->observers[0].present);
	assert_int_equal(m->nobservers, 1);
	assert_int_equal(m->present, 3);
	assert_int_equal(m->nroster, 5);
	/* the absent member comes after all: the absence is gone */
	check_in(m, ZHAO, "赵六", 4);
	assert_true(m->roster[ix(m, ZHAO)].present);
	assert_string_equal(m->roster[ix(m, ZHAO)].absence, "");
	/* a member leaves */
	feed(m, "attendance.out",
	     "{'kind': 'member', 'who': 12, 'name': '李四', 'entitled': 5, 'present': 3}");
	assert_false(m->roster[ix(m, LI)].present);
	assert_int_equal(m->present, 3);
	/* the observer leaves */
	feed(m, "attendance.out",
	     "{'kind': 'observer', 'who': 501, 'name': '观察员甲', 'entitled': 5, 'present': 3}");
	assert_false(m->observers[0].present);
	/* someone not on the roster yet is added (a late roster change) */
	check_in(m, 16, "周九", 4);
	assert_int_equal(m->nroster, 6);
	assert_string_equal(tm_name(m, 16), "周九");
	assert_true(m->roster[5].present);
	/* an uninvited observer checking in is added to the observers */
	feed(m, "attendance.in", "{'kind': 'observer', 'who': 502, 'name': '观察员乙'}");
	assert_int_equal(m->nobservers, 2);
	assert_true(m->observers[1].present);
	assert_int_equal(m->present, 4);
	free(m);
}

/* The quorum as the client computes it is the server's rule
 * (server/policy/quorum.c) for every committee size and fraction. */
static void test_quorum_needed(void **state)
{
	long base;
	int num, den, inc;

	(void)state;
	assert_int_equal(tm_quorum_needed(5, 1, 2, 0), 3);
	assert_int_equal(tm_quorum_needed(6, 1, 2, 0), 4);
	assert_int_equal(tm_quorum_needed(6, 1, 2, 1), 3);
	assert_int_equal(tm_quorum_needed(9, 2, 3, 1), 6);
	assert_int_equal(tm_quorum_needed(10, 2, 3, 1), 7);
	assert_int_equal(tm_quorum_needed(9, 2, 3, 0), 7);
	assert_int_equal(tm_quorum_needed(7, 1, 1, 1), 7);
	/* without a usable rule: more than half */
	assert_int_equal(tm_quorum_needed(7, 1, 0, 0), 4);
	assert_int_equal(tm_quorum_needed(8, 3, -2, 1), 5);
	for (base = 0; base <= 300; base++)
		for (den = 1; den <= 12; den++)
			for (num = 1; num <= den; num++)
				for (inc = 0; inc <= 1; inc++) {
					struct fraction f = {num, den, inc};

					if (tm_quorum_needed(base, num, den, inc) !=
					    fraction_needed(base, f))
						fail_msg("%ld entitled, %d/%d%s: %lld, server %ld",
							 base, num, den, inc ? " inclusive" : "",
							 tm_quorum_needed(base, num, den, inc),
							 fraction_needed(base, f));
				}
	/* the largest committee a double counts exactly, the largest rule */
	assert_int_equal(tm_quorum_needed(9007199254740992LL, 100, 100, 1), 9007199254740992LL);
	assert_int_equal(tm_quorum_needed(9007199254740992LL, 1, 2, 0), 4503599627370497LL);
}

static void test_open_close(void **state)
{
	struct tm_meeting *m = new_meeting();

	(void)state;
	open_meeting(m);
	assert_string_equal(m->status, "open");
	assert_int_equal(m->entitled, 5);
	assert_int_equal(m->present, 4);
	assert_int_equal(m->nscrutineers, 2);
	assert_true(m->scrutineers[0].key_published && m->scrutineers[1].key_published);
	assert_true(m->election_key);
	assert_null(tm_current(m));
	/* counts left out of an entry are kept */
	feed(m, "meeting.closed", "{'absent': []}");
	assert_string_equal(m->status, "closed");
	assert_int_equal(m->entitled, 5);
	assert_int_equal(m->present, 4);
	feed(m, "meeting.closed", "{'entitled': 5, 'present': 0}");
	assert_int_equal(m->present, 0);
	free(m);
}

/* The ordinary item up to the end of its discussion: presentation,
 * recusal, statements with the chair last, the floor. */
static void discuss_rule_item(struct tm_meeting *m)
{
	struct tm_queue q;
	long long w[TM_MAX_PEOPLE];
	const struct tm_item *it;

	feed(m, "agenda.opened",
	     "{'item': 101, 'title': '关于修订财务管理制度的议题', 'presiding': 11,"
	     " 'personnel': false, 'entitled': 5, 'present': 4}");
	it = item(m, ITEM_RULE);
	assert_int_equal(it->state, TM_OPEN);
	assert_int_equal(it->presiding, CHAIR);
	assert_false(it->personnel);
	assert_ptr_equal(tm_current(m), it);
	/* nobody has spoken; the chair presides and is not waited for */
	q = queue(m, ITEM_RULE, w);
	assert_false(q.presented);
	assert_int_equal(q.presiding_ix, ix(m, CHAIR));
	assert_int_equal(q.taking_part, 4);
	assert_int_equal(q.nwaiting, 3);
	assert_int_equal(w[0], LI);
	assert_int_equal(w[1], WANG);
	assert_int_equal(w[2], QIAN);
	assert_false(q.chair_may);
	assert_false(q.chair_done);
	assert_false(q.can_close);

	feed(m, "agenda.presented",
	     "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'present', 'position': null,"
	     " 'candidate': 0, 'body': '修订要点如下'}");
	assert_true(it->presented);
	assert_string_equal(it->presenter, "李四");
	q = queue(m, ITEM_RULE, w);
	assert_true(q.presented);
	assert_int_equal(q.nwaiting, 3);

	feed(m, "agenda.recused",
	     "{'item': 101, 'member': 15, 'name': '钱七', 'reason': '本人亲属所在单位'}");
	assert_true(it->recused[ix(m, QIAN)]);
	assert_false(it->recused[ix(m, LI)]);
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.taking_part, 3);
	assert_int_equal(q.nwaiting, 2);
	assert_int_equal(w[0], LI);
	assert_int_equal(w[1], WANG);

	feed(m, "agenda.statement",
	     "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'state', 'position': 'agree',"
	     " 'candidate': 0, 'body': '同意修订'}");
	assert_int_equal(it->spoke[ix(m, LI)], 1);
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 1);
	assert_int_equal(w[0], WANG);
	assert_false(q.chair_may);

	/* the floor, asked by the observer and granted */
	feed(m, "floor.requested",
	     "{'request': 900, 'item': 101, 'kind': 'observer', 'who': 501, 'name': '观察员甲'}");
	assert_int_equal(it->nfloor, 1);
	assert_int_equal(it->floor[0].request, 900);
	assert_string_equal(it->floor[0].name, "观察员甲");
	assert_false(it->floor[0].granted);
	feed(m, "floor.requested",
	     "{'request': 901, 'item': 101, 'kind': 'member', 'who': 13, 'name': '王五'}");
	feed(m, "floor.granted",
	     "{'request': 900, 'item': 101, 'kind': 'observer', 'who': 501, 'name': '观察员甲'}");
	assert_int_equal(it->nfloor, 2);
	assert_true(it->floor[0].granted);
	assert_false(it->floor[1].granted);

	/* a pass counts as having spoken */
	feed(m, "agenda.statement",
	     "{'item': 101, 'member': 13, 'name': '王五', 'kind': 'pass', 'position': null,"
	     " 'candidate': 0, 'body': ''}");
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 0);
	assert_true(q.chair_may);
	assert_false(q.chair_done);
	assert_false(q.can_close);
	/* the chair last */
	feed(m, "agenda.statement",
	     "{'item': 101, 'member': 11, 'name': '张三', 'kind': 'state', 'position': 'agree',"
	     " 'candidate': 0, 'body': '同意'}");
	q = queue(m, ITEM_RULE, w);
	assert_true(q.chair_may);
	assert_true(q.chair_done);
	assert_true(q.can_close);

	feed(m, "agenda.discussed",
	     "{'item': 101, 'reason': null, 'statements': [{'member': 12, 'candidate': 0,"
	     " 'kind': 'state', 'position': 'agree'}]}");
	assert_int_equal(it->state, TM_DISCUSSED);
	assert_ptr_equal(tm_current(m), it);
}

/* With recuse_discussion off the server counts a recused member among
 * those who speak: so does the chair's screen (it used to leave them out,
 * offered the chair the floor, and the server refused). */
static void test_rules_recuse_discussion_off(void **state)
{
	struct tm_meeting *m = new_meeting();
	long long w[TM_MAX_PEOPLE];
	cJSON *r = tjson("{'rules': {'recuse_discussion': false, 'chair_speaks_last': true}}");
	struct tm_queue q;

	(void)state;
	open_meeting(m);
	tm_apply_rules(m, r);
	cJSON_Delete(r);
	assert_false(m->rules.recuse_discussion);
	feed(m, "agenda.opened",
	     "{'item': 101, 'title': '关于修订财务管理制度的议题', 'presiding': 11,"
	     " 'personnel': false, 'entitled': 5, 'present': 4}");
	feed(m, "agenda.presented",
	     "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'present', 'position': null,"
	     " 'candidate': 0, 'body': '修订要点如下'}");
	feed(m, "agenda.recused",
	     "{'item': 101, 'member': 15, 'name': '钱七', 'reason': '本人亲属所在单位'}");
	feed(m, "agenda.statement",
	     "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'state', 'position': 'agree',"
	     " 'candidate': 0, 'body': '同意'}");
	feed(m, "agenda.statement",
	     "{'item': 101, 'member': 13, 'name': '王五', 'kind': 'pass', 'position': null,"
	     " 'candidate': 0, 'body': ''}");
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.taking_part, 4);
	assert_int_equal(q.nwaiting, 1);
	assert_int_equal(w[0], QIAN);
	assert_false(q.chair_may);
	feed(m, "agenda.statement",
	     "{'item': 101, 'member': 15, 'name': '钱七', 'kind': 'pass', 'position': null,"
	     " 'candidate': 0, 'body': ''}");
	q = queue(m, ITEM_RULE, w);
	assert_true(q.chair_may);
	assert_false(q.can_close);
	free(m);
}

/* With chair_speaks_last off the chair may speak once the item is
 * presented, before the others. */
static void test_rules_chair_not_last(void **state)
{
	struct tm_meeting *m = new_meeting();
	long long w[TM_MAX_PEOPLE];
	cJSON *r = tjson("{'rules': {'chair_speaks_last': false}}");
	struct tm_queue q;

	(void)state;
	open_meeting(m);
	tm_apply_rules(m, r);
	cJSON_Delete(r);
	feed(m, "agenda.opened",
	     "{'item': 101, 'title': '关于修订财务管理制度的议题', 'presiding': 11,"
	     " 'personnel': false, 'entitled': 5, 'present': 4}");
	q = queue(m, ITEM_RULE, w);
	assert_false(q.chair_may); /* not presented yet */
	feed(m, "agenda.presented",
	     "{'item': 101, 'member': 12, 'name': '李四', 'kind': 'present', 'position': null,"
	     " 'candidate': 0, 'body': '修订要点如下'}");
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 3);
	assert_true(q.chair_may);
	free(m);
}

/* For every room of three members (present or not, recused or not, spoken
 * or not) and every setting of the two rules, the chair's screen offers
 * the chair the floor exactly when the server's rule (rules/speaking.c)
 * lets the chair state, and offers closing exactly when it is complete. */
static void test_rules_agree_with_server(void **state)
{
	static const long long ids[4] = {CHAIR, LI, WANG, QIAN};
	struct speaker sp[4];
	struct speaking_facts f;
	struct tm_queue q;
	unsigned room, rules, i;

	(void)state;
	for (rules = 0; rules < 4; rules++)
		for (room = 0; room < (1u << 9); room++) {
			struct tm_meeting *m = new_meeting();
			struct tm_item *it;

			open_meeting(m);
			m->rules.recuse_discussion = rules & 1;
			m->rules.chair_last = (rules >> 1) & 1;
			feed(m, "agenda.opened",
			     "{'item': 101, 'title': 't', 'presiding': 11, 'personnel': false,"
			     " 'entitled': 5, 'present': 4}");
			it = tm_item(m, ITEM_RULE);
			it->presented = 1;
			memset(&f, 0, sizeof(f));
			f.candidates = 1;
			f.chair_last = m->rules.chair_last;
			f.recuse_discussion = m->rules.recuse_discussion;
			f.presented = true;
			for (i = 0; i < 4; i++) {
				int k = ix(m, ids[i]);
				unsigned bits = i == 0 ? 0 : room >> (3 * (i - 1));

				m->roster[k].present = i == 0 || (bits & 1);
				it->recused[k] = i > 0 && (bits & 2);
				it->spoke[k] = i > 0 && (bits & 4);
				sp[i] = (struct speaker){.id = ids[i],
							 .present = m->roster[k].present,
							 .recused = it->recused[k],
							 .presiding = i == 0,
							 .spoke = it->spoke[k]};
			}
			/* the fifth member (赵六) is absent in both */
			m->roster[ix(m, 14)].present = 0;
			f.members = sp;
			f.n = 4;
			tm_queue(m, it, &q);
			if (q.chair_may != (speaking_check(&f, CHAIR, SPEAK_STATE, 0) == SPEAK_OK))
				fail_msg("room %u rules %u: the screen says %d", room, rules,
					 q.chair_may);
			sp[0].spoke = 1;
			it->spoke[ix(m, CHAIR)] = 1;
			tm_queue(m, it, &q);
			assert_int_equal(q.can_close, speaking_complete(&f));
			free(m);
		}
}

static void test_discussion(void **state)
{
	struct tm_meeting *m = new_meeting();

	(void)state;
	open_meeting(m);
	discuss_rule_item(m);
	/* the other items did not move */
	assert_int_equal(item(m, ITEM_CADRE)->state, TM_PENDING);
	assert_int_equal(item(m, ITEM_GONE)->state, TM_REMOVED);
	free(m);
}

/* A member who leaves is no longer waited for; one who comes back is. */
static void test_queue_presence(void **state)
{
	struct tm_meeting *m = new_meeting();
	long long w[TM_MAX_PEOPLE];
	struct tm_queue q;

	(void)state;
	open_meeting(m);
	feed(m, "agenda.opened", "{'item': 101, 'presiding': 11, 'personnel': false}");
	feed(m, "agenda.presented", "{'item': 101, 'member': 12, 'name': '李四', 'body': ''}");
	feed(m, "agenda.statement", "{'item': 101, 'member': 12, 'kind': 'state'}");
	feed(m, "agenda.statement", "{'item': 101, 'member': 13, 'kind': 'state'}");
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 1);
	assert_int_equal(w[0], QIAN);
	feed(m, "attendance.out", "{'kind': 'member', 'who': 15, 'entitled': 5, 'present': 3}");
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 0);
	assert_int_equal(q.taking_part, 3);
	assert_true(q.chair_may);
	check_in(m, QIAN, "钱七", 4);
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 1);
	/* a late arrival who was absent before the item is waited for too */
	check_in(m, ZHAO, "赵六", 5);
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.nwaiting, 2);
	assert_int_equal(w[0], ZHAO);
	assert_int_equal(w[1], QIAN);
	/* a presiding member not on the roster: nobody is the chair, and 张三
	 * is waited for like everyone else */
	feed(m, "agenda.presiding", "{'item': 101, 'from': 11, 'to': 77, 'name': '外人'}");
	q = queue(m, ITEM_RULE, w);
	assert_int_equal(q.presiding_ix, -1);
	assert_int_equal(q.nwaiting, 3);
	assert_int_equal(w[0], CHAIR);
	assert_int_equal(q.taking_part, 5);
	assert_false(q.chair_done);
	assert_false(q.can_close);
	free(m);
}

/* A cadre item: statements per candidate, the chair hands over, the item
 * is deferred. */
static void test_cadre_item(void **state)
{
	struct tm_meeting *m = new_meeting();
	long long w[TM_MAX_PEOPLE];
	struct tm_queue q;
	struct tm_item *it;

	(void)state;
	open_meeting(m);
	feed(m, "agenda.opened",
	     "{'item': 102, 'title': '关于干部任免的议题', 'presiding': 11, 'personnel': true,"
	     " 'entitled': 5, 'present': 4}");
	it = tm_item(m, ITEM_CADRE);
	assert_non_null(it);
	assert_true(it->personnel);
	assert_int_equal(it->state, TM_OPEN);
	/* the candidates come from item.show (tui_net.c) */
	it->candidates = 2;
	feed(m, "agenda.presented", "{'item': 102, 'member': 12, 'name': '李四', 'body': ''}");
	/* 李四 states on candidate 0 only: still waited for */
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 12, 'name': '李四', 'kind': 'state', 'position': 'agree',"
	     " 'candidate': 0, 'body': ''}");
	assert_int_equal(it->spoke[ix(m, LI)], 1);
	q = queue(m, ITEM_CADRE, w);
	assert_int_equal(q.nwaiting, 3);
	assert_int_equal(w[0], LI);
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 12, 'name': '李四', 'kind': 'pass', 'candidate': 1}");
	assert_int_equal(it->spoke[ix(m, LI)], 3);
	q = queue(m, ITEM_CADRE, w);
	assert_int_equal(q.nwaiting, 2);
	assert_int_equal(w[0], WANG);
	/* the chair must recuse: 王五 presides now */
	feed(m, "agenda.recused",
	     "{'item': 102, 'member': 11, 'name': '张三', 'reason': '近亲属'}");
	feed(m, "agenda.presiding", "{'item': 102, 'from': 11, 'to': 13, 'name': '王五'}");
	assert_int_equal(it->presiding, WANG);
	q = queue(m, ITEM_CADRE, w);
	assert_int_equal(q.presiding_ix, ix(m, WANG));
	assert_int_equal(q.taking_part, 3);
	assert_int_equal(q.nwaiting, 1);
	assert_int_equal(w[0], QIAN);
	feed(m, "agenda.statement", "{'item': 102, 'member': 15, 'kind': 'state', 'candidate': 0}");
	feed(m, "agenda.statement", "{'item': 102, 'member': 15, 'kind': 'state', 'candidate': 1}");
	q = queue(m, ITEM_CADRE, w);
	assert_true(q.chair_may);
	assert_false(q.chair_done);
	feed(m, "agenda.statement", "{'item': 102, 'member': 13, 'kind': 'state', 'candidate': 1}");
	q = queue(m, ITEM_CADRE, w);
	assert_false(q.chair_done); /* candidate 0 is missing */
	feed(m, "agenda.statement", "{'item': 102, 'member': 13, 'kind': 'state', 'candidate': 0}");
	q = queue(m, ITEM_CADRE, w);
	assert_true(q.can_close);
	/* candidates beyond the bits, negative ones, unknown members: ignored */
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 14, 'kind': 'state', 'candidate': 63}");
	assert_true(it->spoke[ix(m, ZHAO)] == (uint64_t)1 << 63);
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 14, 'kind': 'state', 'candidate': 64}");
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 14, 'kind': 'state', 'candidate': -1}");
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 14, 'kind': 'state', 'candidate': 4294967296}");
	assert_true(it->spoke[ix(m, ZHAO)] == (uint64_t)1 << 63);
	/* a number no double counts exactly is none: candidate 0, as if left out */
	feed(m, "agenda.statement",
	     "{'item': 102, 'member': 14, 'kind': 'state', 'candidate': 1e300}");
	assert_true(it->spoke[ix(m, ZHAO)] == ((uint64_t)1 << 63 | 1));
	feed(m, "agenda.statement", "{'item': 102, 'member': 99, 'kind': 'state', 'candidate': 0}");
	feed(m, "agenda.recused", "{'item': 102, 'member': 99, 'name': '外人'}");
	assert_int_equal(m->nroster, 5);
	/* deferred: no longer the current item */
	feed(m, "agenda.deferred", "{'item': 102, 'reason': '材料不全', 'statements': []}");
	assert_int_equal(it->state, TM_DEFERRED);
	assert_null(tm_current(m));
	free(m);
}

/* Many candidates: 64 need every bit. */
static void test_many_candidates(void **state)
{
	struct tm_meeting *m = new_meeting();
	struct tm_item *it;
	struct tm_queue q;
	char text[128];
	int c;

	(void)state;
	open_meeting(m);
	feed(m, "agenda.opened", "{'item': 103, 'presiding': 11, 'personnel': true}");
	it = tm_item(m, ITEM_ELECT);
	it->candidates = 64;
	it->presented = 1;
	for (c = 0; c < 64; c++) {
		tm_queue(m, it, &q);
		assert_int_equal(q.nwaiting, 3);
		snprintf(text, sizeof(text), "{'item': 103, 'member': 12, 'candidate': %d}", c);
		feed(m, "agenda.statement", text);
	}
	assert_true(it->spoke[ix(m, LI)] == UINT64_MAX);
	tm_queue(m, it, &q);
	assert_int_equal(q.nwaiting, 2);
	free(m);
}

/* The ordinary item's vote: opened, cast, closing, decrypted, result. */
static void test_vote_motion(void **state)
{
	struct tm_meeting *m = new_meeting();
	const struct tm_item *it;

	(void)state;
	open_meeting(m);
	discuss_rule_item(m);
	it = item(m, ITEM_RULE);
	feed(m, "vote.opened",
	     "{'item': 101, 'round': 1, 'question': {'kind': 'options', 'title': '关于修订…',"
	     " 'labels': ['同意', '不同意', '弃权'], 'seats': 1},"
	     " 'eligible': [11, 12, 13], 'entitled': 5, 'present': 4}");
	assert_int_equal(it->state, TM_VOTING);
	assert_ptr_equal(tm_current(m), it);
	assert_int_equal(it->round, 1);
	assert_string_equal(it->kind, "options");
	assert_int_equal(it->seats, 1);
	assert_int_equal(it->nlabels, 3);
	assert_string_equal(it->labels[0], "同意");
	assert_string_equal(it->labels[1], "不同意");
	assert_string_equal(it->labels[2], "弃权");
	assert_int_equal(it->candidates, 0); /* options: no candidates */
	assert_int_equal(it->neligible, 3);
	assert_true(tm_eligible(it, CHAIR));
	assert_true(tm_eligible(it, WANG));
	assert_false(tm_eligible(it, QIAN)); /* recused */
	assert_false(tm_eligible(it, ZHAO)); /* absent */
	assert_int_equal(it->cast, 0);
	assert_string_equal(it->result, "");

	feed(m, "vote.cast", "{'item': 101, 'round': 1, 'cast': 1, 'eligible': 3}");
	assert_int_equal(it->cast, 1);
	feed(m, "vote.cast", "{'item': 101, 'round': 1, 'cast': 2, 'eligible': 3}");
	feed(m, "vote.cast", "{'item': 101, 'round': 1, 'cast': 3, 'eligible': 3}");
	assert_int_equal(it->cast, 3);
	assert_int_equal(it->state, TM_VOTING);

	feed(m, "vote.closing", "{'item': 101, 'round': 1, 'ballots': 3, 'eligible': 3}");
	assert_int_equal(it->state, TM_DECRYPTING);
	assert_int_equal(it->cast, 3);
	assert_ptr_equal(tm_current(m), it);
	assert_int_equal(it->decrypted, 0);
	feed(m, "vote.decrypted", "{'item': 101, 'round': 1, 'index': 1, 'name': '王五'}");
	assert_int_equal(it->decrypted, 1);
	feed(m, "vote.decrypted", "{'item': 101, 'round': 1, 'index': 2, 'name': '赵六'}");
	assert_int_equal(it->decrypted, 2);

	feed(m, "vote.result",
	     "{'item': 101, 'round': 1, 'title': '关于修订财务管理制度的议题',"
	     " 'question': {'kind': 'options', 'title': '关于修订…',"
	     "  'labels': ['同意', '不同意', '弃权'], 'seats': 1},"
	     " 'counts': [2, 1, 0],"
	     " 'outcome': {'result': 'adopted', 'line': 3, 'base': 'entitled', 'base_count': 5,"
	     "  'elected': [], 'runoff': [], 'runoff_seats': 0},"
	     " 'ballots': 3, 'eligible': 3, 'entitled': 5, 'tally': 'eyJ...'}");
	assert_int_equal(it->state, TM_DECIDED);
	assert_string_equal(it->result, "adopted");
	assert_int_equal(it->counts[0], 2);
	assert_int_equal(it->counts[1], 1);
	assert_int_equal(it->counts[2], 0);
	assert_int_equal(it->line, 3);
	assert_int_equal(it->nelected, 0);
	assert_null(tm_current(m));
	free(m);
}

/* This terminal's own ballot is remembered per round. */
static void test_vote_reset(void **state)
{
	struct tm_meeting *m = new_meeting();
	struct tm_item *it;

	(void)state;
	open_meeting(m);
	feed(m, "vote.opened",
	     "{'item': 101, 'round': 1, 'question': {'kind': 'options',"
	     " 'labels': ['同意', '不同意', '弃权'], 'seats': 1}, 'eligible': [11, 12]}");
	it = tm_item(m, ITEM_RULE);
	it->voted = 1;
	strcpy(it->receipt, "R1");
	feed(m, "vote.cast", "{'item': 101, 'round': 1, 'cast': 1, 'eligible': 2}");
	feed(m, "vote.decrypted", "{'item': 101, 'round': 1, 'index': 1, 'name': '王五'}");
	feed(m, "vote.result",
	     "{'item': 101, 'round': 1, 'counts': [1, 0, 0], 'outcome': {'result': 'void'}}");
	assert_string_equal(it->result, "void");
	assert_int_equal(it->state, TM_DECIDED);
	/* a new round starts clean */
	feed(m, "vote.opened",
	     "{'item': 101, 'round': 2, 'question': {'kind': 'options',"
	     " 'labels': ['同意', '不同意', '弃权'], 'seats': 1}, 'eligible': [11]}");
	assert_int_equal(it->round, 2);
	assert_int_equal(it->cast, 0);
	assert_int_equal(it->voted, 0);
	assert_string_equal(it->receipt, "");
	assert_string_equal(it->result, "");
	assert_int_equal(it->decrypted, 0);
	assert_int_equal(it->neligible, 1);
	assert_false(tm_eligible(it, LI));
	free(m);
}

/* An election of two with a tie at the last seat, then the run-off. */
static void test_vote_election_runoff(void **state)
{
	struct tm_meeting *m = new_meeting();
	const struct tm_item *it;

	(void)state;
	open_meeting(m);
	feed(m, "agenda.opened",
	     "{'item': 103, 'title': '关于推选支部委员的议题', 'presiding': 11, 'personnel': "
	     "true}");
	feed(m, "agenda.discussed", "{'item': 103, 'reason': null, 'statements': []}");
	it = item(m, ITEM_ELECT);
	feed(m, "vote.opened",
	     "{'item': 103, 'round': 1, 'question': {'kind': 'approval', 'title': '推选',"
	     " 'labels': ['周一', '吴二', '郑三'], 'seats': 2},"
	     " 'eligible': [11, 12, 13, 15], 'entitled': 5, 'present': 4}");
	assert_string_equal(it->kind, "approval");
	assert_int_equal(it->seats, 2);
	assert_int_equal(it->nlabels, 3);
	assert_int_equal(it->candidates, 3);
	feed(m, "vote.closing", "{'item': 103, 'round': 1, 'ballots': 4, 'eligible': 4}");
	feed(m, "vote.result",
	     "{'item': 103, 'round': 1, 'question': {'kind': 'approval', 'title': '推选',"
	     "  'labels': ['周一', '吴二', '郑三'], 'seats': 2},"
	     " 'counts': [4, 2, 2],"
	     " 'outcome': {'result': 'runoff', 'line': 3, 'elected': [0], 'runoff': [1, 2],"
	     "  'runoff_seats': 1}}");
	assert_int_equal(it->state, TM_RUNOFF);
	assert_string_equal(it->result, "runoff");
	assert_int_equal(it->nelected, 1);
	assert_int_equal(it->elected[0], 0);
	assert_ptr_equal(tm_current(m), it); /* a run-off is still due */

	feed(m, "vote.opened",
	     "{'item': 103, 'round': 2, 'question': {'kind': 'approval', 'title': '推选',"
	     " 'labels': ['吴二', '郑三'], 'seats': 1}, 'eligible': [11, 12, 13, 15]}");
	assert_int_equal(it->state, TM_VOTING);
	assert_int_equal(it->round, 2);
	assert_int_equal(it->nlabels, 2);
	assert_string_equal(it->labels[0], "吴二");
	assert_int_equal(it->seats, 1);
	assert_string_equal(it->result, "");
	feed(m, "vote.result",
	     "{'item': 103, 'round': 2, 'question': {'kind': 'approval', 'title': '推选',"
	     "  'labels': ['吴二', '郑三'], 'seats': 1},"
	     " 'counts': [3, 1],"
	     " 'outcome': {'result': 'elected', 'line': 3, 'elected': [0], 'runoff': []}}");
	assert_int_equal(it->state, TM_DECIDED);
	assert_string_equal(it->result, "elected");
	assert_int_equal(it->nelected, 1);
	assert_string_equal(it->labels[it->elected[0]], "吴二");
	assert_int_equal(it->counts[0], 3);
	assert_int_equal(it->counts[1], 1);
	assert_null(tm_current(m));
	/* the meeting closes */
	feed(m, "meeting.closed", "{'entitled': 5, 'present': 4, 'absent': []}");
	assert_string_equal(m->status, "closed");
	free(m);
}

/* Entries at or before the last one applied are dropped; gaps are not the
 * model's business. */
static void test_sequence(void **state)
{
	struct tm_meeting *m = new_meeting();
	cJSON *d = tjson("{'kind': 'member', 'who': 12, 'entitled': 5, 'present': 0}");

	(void)state;
	announce(m);
	assert_int_equal(m->last_seq, 1);
	assert_int_equal(tm_apply(m, 1, "meeting.opened", NULL), 0);
	assert_string_equal(m->status, "announced");
	assert_int_equal(tm_apply(m, 0, "meeting.opened", NULL), 0);
	assert_int_equal(tm_apply(m, -5, "meeting.opened", NULL), 0);
	assert_int_equal(tm_apply(m, 5, "meeting.opened", NULL), 1);
	assert_int_equal(m->last_seq, 5);
	assert_string_equal(m->status, "open");
	assert_int_equal(tm_apply(m, 4, "meeting.closed", NULL), 0);
	assert_int_equal(tm_apply(m, 5, "meeting.closed", NULL), 0);
	assert_string_equal(m->status, "open");
	/* an entry seen twice (catch-up and live) counts once */
	assert_int_equal(tm_apply(m, 6, "attendance.in", d), 1);
	assert_int_equal(tm_apply(m, 6, "attendance.out", d), 0);
	assert_true(m->roster[ix(m, LI)].present);
	assert_int_equal(tm_apply(m, 9007199254740993LL, "attendance.out", d), 1);
	assert_false(m->roster[ix(m, LI)].present);
	cJSON_Delete(d);
	free(m);
}

/* The snapshot of meeting.state, then the log on top of it. */
static void test_apply_state(void **state)
{
	struct tm_meeting *m = new_meeting();
	cJSON *st = tjson(
		"{'id': 7, 'title': '第十二次常委会', 'place': '三楼会议室', 'status': 'open',"
		" 'starts_at': '2025-03-01T09:00:00+08:00',"
		" 'agenda': [{'item': 101, 'title': '关于修订财务管理制度的议题', 'removed_at': "
		"null},"
		"  {'item': 104, 'title': '撤下的议题', 'removed_at': "
		"'2025-02-21T08:00:00+08:00'}],"
		" 'entitled': 3, 'present': 2,"
		" 'quorum': {'num': 2, 'den': 3, 'inclusive': true},"
		" 'quorum_personnel': {'num': 2, 'den': 3, 'inclusive': true},"
		" 'roster': [{'id': 11, 'name': '张三', 'title': '主任', 'present': true,"
		"   'absence': null},"
		"  {'id': 12, 'name': '李四', 'title': '委员', 'present': true, 'absence': null},"
		"  {'id': 14, 'name': '赵六', 'title': '委员', 'present': false,"
		"   'absence': '出差'}],"
		" 'observers': [{'id': 501, 'name': '观察员甲', 'present': true},"
		"  {'id': 502, 'name': '观察员乙', 'present': false}],"
		" 'head': {'seq': 42, 'hash': 'ab'}}");

	(void)state;
	tm_apply_state(m, st);
	assert_string_equal(m->title, "第十二次常委会");
	assert_string_equal(m->place, "三楼会议室");
	assert_string_equal(m->status, "open");
	assert_int_equal(m->entitled, 3);
	assert_int_equal(m->present, 2);
	assert_int_equal(m->quorum_num, 2);
	assert_int_equal(m->quorum_den, 3);
	assert_true(m->quorum_inclusive);
	assert_int_equal(m->nroster, 3);
	assert_true(m->roster[0].present);
	assert_string_equal(m->roster[0].absence, "");
	assert_false(m->roster[2].present);
	assert_string_equal(m->roster[2].absence, "出差");
	assert_int_equal(m->nobservers, 2);
	assert_true(m->observers[0].present);
	assert_false(m->observers[1].present);
	assert_int_equal(m->nitems, 2);
	assert_int_equal(item(m, 104)->state, TM_REMOVED);
	assert_int_equal(m->last_seq, 0); /* the caller follows from the head */
	/* the snapshot again (after a reconnection): nothing doubles */
	tm_apply_state(m, st);
	assert_int_equal(m->nroster, 3);
	assert_int_equal(m->nobservers, 2);
	assert_int_equal(m->nitems, 2);
	/* a rule without a denominator is no rule: the last one is kept */
	cJSON_ReplaceItemInObject(st, "quorum", tjson("{'num': 1, 'den': 0, 'inclusive': false}"));
	tm_apply_state(m, st);
	assert_int_equal(m->quorum_num, 2);
	assert_int_equal(m->quorum_den, 3);
	cJSON_DeleteItemFromObject(st, "quorum");
	tm_apply_state(m, st);
	assert_int_equal(m->quorum_den, 3);
	/* the log from the head on */
	m->last_seq = 42;
	assert_int_equal(tm_apply(m, 42, "attendance.in", NULL), 0);
	assert_int_equal(feed(m, "attendance.in",
			      "{'kind': 'member', 'who': 14, 'name': '赵六', 'entitled': 3,"
			      " 'present': 3}"),
			 1);
	assert_int_equal(m->last_seq, 43);
	assert_true(m->roster[2].present);
	assert_string_equal(m->roster[2].absence, "");
	assert_int_equal(m->present, 3);
	assert_int_equal(
		tm_quorum_needed(m->entitled, m->quorum_num, m->quorum_den, m->quorum_inclusive),
		2);
	cJSON_Delete(st);
	free(m);
}

/* The latest lines: newest first, the oldest forgotten past the ring. */
static void test_lines(void **state)
{
	struct tm_meeting *m = new_meeting();
	char text[32];
	int i;

	(void)state;
	tm_push_line(m, "一");
	tm_push_line(m, "二");
	tm_push_line(m, "三");
	assert_int_equal(m->nlines, 3);
	assert_string_equal(tm_line(m, 0), "三");
	assert_string_equal(tm_line(m, 1), "二");
	assert_string_equal(tm_line(m, 2), "一");
	assert_null(tm_line(m, 3));
	assert_null(tm_line(m, -1));
	assert_null(tm_line(m, 1000000));
	for (i = 0; i < 250; i++) {
		snprintf(text, sizeof(text), "line %d", i);
		tm_push_line(m, text);
	}
	assert_int_equal(m->nlines, TM_MAX_LINES);
	assert_string_equal(tm_line(m, 0), "line 249");
	assert_string_equal(tm_line(m, 1), "line 248");
	assert_string_equal(tm_line(m, TM_MAX_LINES - 1), "line 130");
	assert_null(tm_line(m, TM_MAX_LINES));
	for (i = 0; i < TM_MAX_LINES; i++)
		assert_non_null(tm_line(m, i));
	free(m);
}

/* A string of n copies of piece. */
static char *repeat(const char *piece, int n)
{
	size_t len = strlen(piece);
	char *s = malloc(len * (size_t)n + 1);
	int i;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		memcpy(s + len * (size_t)i, piece, len);
	s[len * (size_t)n] = '\0';
	return s;
}

/* s is valid UTF-8 of at most max bytes and the beginning of whole. */
static void expect_cut(const char *s, size_t max, const char *whole)
{
	if (strlen(s) > max)
		fail_msg("%zu bytes, at most %zu", strlen(s), max);
	if (!utf8_valid(s, strlen(s)))
		fail_msg("\"%s\" is cut through a character", s);
	if (strncmp(s, whole, strlen(s)) != 0)
		fail_msg("\"%s\" is not the beginning of the text", s);
	/* no more than one character was dropped */
	if (strlen(whole) > max && strlen(s) + 4 <= max)
		fail_msg("\"%s\" is cut too short (%zu of %zu bytes)", s, strlen(s), max);
}

/* Over-long strings are cut to their arrays, between characters. */
static void test_long_strings(void **state)
{
	struct tm_meeting *m = new_meeting();
	char *ascii = repeat("x", 1000), *cjk = repeat("议", 300), *mixed, *emoji;
	const struct tm_item *it;
	cJSON *d;

	(void)state;
	mixed = malloc(strlen(cjk) + 2);
	assert_non_null(mixed);
	mixed[0] = 'a';
	strcpy(mixed + 1, cjk);
	emoji = repeat("😀", 100);

	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "title", cjk);
	cJSON_AddStringToObject(d, "place", mixed);
	cJSON_AddItemToObject(d, "roster", cJSON_CreateArray());
	cJSON_AddItemToObject(d, "agenda", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(d, "roster"), tjson("{'id': 11, 'name': '张三'}"));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "roster"), 0), "name",
				  cJSON_CreateString(mixed));
	cJSON_AddItemToArray(cJSON_GetObjectItem(d, "agenda"), tjson("{'item': 101}"));
	cJSON_AddStringToObject(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "agenda"), 0), "title",
				emoji);
	feed_cjson(m, "meeting.announced", d);
	expect_cut(m->title, sizeof(m->title) - 1, cjk);
	assert_int_equal(strlen(m->title), 198); /* 66 characters */
	expect_cut(m->place, sizeof(m->place) - 1, mixed);
	assert_int_equal(strlen(m->place), 127); /* a, then 42 characters */
	expect_cut(m->roster[0].name, sizeof(m->roster[0].name) - 1, mixed);
	assert_int_equal(strlen(m->roster[0].name), 61);
	it = item(m, 101);
	expect_cut(it->title, sizeof(it->title) - 1, emoji);
	assert_int_equal(strlen(it->title), 196); /* 49 emoji */

	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "member", 11);
	cJSON_AddStringToObject(d, "reason", cjk);
	feed_cjson(m, "attendance.absent", d);
	expect_cut(m->roster[0].absence, sizeof(m->roster[0].absence) - 1, cjk);

	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "item", 101);
	cJSON_AddStringToObject(d, "name", ascii);
	feed_cjson(m, "agenda.presented", cJSON_Duplicate(d, 1));
	expect_cut(it->presenter, sizeof(it->presenter) - 1, ascii);
	assert_int_equal(strlen(it->presenter), 63);
	cJSON_AddNumberToObject(d, "request", 5);
	cJSON_ReplaceItemInObject(d, "name", cJSON_CreateString(mixed));
	feed_cjson(m, "floor.requested", d);
	expect_cut(it->floor[0].name, sizeof(it->floor[0].name) - 1, mixed);

	d = tjson("{'item': 101, 'round': 1, 'question': {'kind': 'approval', 'seats': 1,"
		  " 'labels': []}}");
	cJSON_AddItemToArray(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "question"), "labels"),
			     cJSON_CreateString(cjk));
	cJSON_AddItemToArray(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "question"), "labels"),
			     cJSON_CreateString(mixed));
	feed_cjson(m, "vote.opened", d);
	assert_int_equal(it->nlabels, 2);
	expect_cut(it->labels[0], sizeof(it->labels[0]) - 1, cjk);
	expect_cut(it->labels[1], sizeof(it->labels[1]) - 1, mixed);
	/* codes too long for their arrays are cut and match nothing */
	feed(m, "vote.opened",
	     "{'item': 101, 'round': 2, 'question': {'kind': 'approvalapprovalapproval',"
	     " 'labels': ['甲']}}");
	assert_string_equal(it->kind, "approvalapprova");
	feed(m, "vote.result", "{'item': 101, 'outcome': {'result': 'runoffrunoffrunoffrunoff'}}");
	assert_string_equal(it->result, "runoffrunoffrun");
	assert_int_equal(it->state, TM_DECIDED);

	d = tjson("{'scrutineers': [{'member': 11}]}");
	cJSON_AddStringToObject(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "scrutineers"), 0),
				"name", mixed);
	feed_cjson(m, "scrutineers.designated", d);
	expect_cut(m->scrutineers[0].name, sizeof(m->scrutineers[0].name) - 1, mixed);

	tm_push_line(m, cjk);
	expect_cut(tm_line(m, 0), TM_LINE_LEN - 1, cjk);
	assert_int_equal(strlen(tm_line(m, 0)), 318);
	tm_push_line(m, mixed);
	expect_cut(tm_line(m, 0), TM_LINE_LEN - 1, mixed);
	tm_push_line(m, ascii);
	assert_int_equal(strlen(tm_line(m, 0)), TM_LINE_LEN - 1);
	/* exactly the size of the array, less its terminator: kept whole */
	ascii[TM_LINE_LEN - 1] = '\0';
	tm_push_line(m, ascii);
	assert_string_equal(tm_line(m, 0), ascii);
	free(ascii);
	free(cjk);
	free(mixed);
	free(emoji);
	free(m);
}

/* More people, items, requests, labels and voters than the arrays hold:
 * the rest is left out, nothing is written past them. */
static void test_capacity(void **state)
{
	struct tm_meeting *m = new_meeting();
	cJSON *d, *a, *q;
	struct tm_item *it;
	char text[160];
	int i;

	(void)state;
	d = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(d, "roster");
	for (i = 0; i < TM_MAX_PEOPLE + 10; i++) {
		cJSON *p = cJSON_CreateObject();

		snprintf(text, sizeof(text), "委员%d", i);
		cJSON_AddNumberToObject(p, "id", 1000 + i);
		cJSON_AddStringToObject(p, "name", text);
		cJSON_AddItemToArray(a, p);
	}
	a = cJSON_AddArrayToObject(d, "agenda");
	for (i = 0; i < 30; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddNumberToObject(e, "item", 2000 + i);
		cJSON_AddStringToObject(e, "title", "议题");
		cJSON_AddItemToArray(a, e);
	}
	feed_cjson(m, "meeting.announced", d);
	assert_int_equal(m->nroster, TM_MAX_PEOPLE);
	assert_int_equal(m->roster[TM_MAX_PEOPLE - 1].id, 1000 + TM_MAX_PEOPLE - 1);
	assert_int_equal(tm_roster_index(m, 1000 + TM_MAX_PEOPLE), -1);
	assert_int_equal(m->nitems, TM_MAX_ITEMS);
	assert_null(tm_item(m, 2000 + TM_MAX_ITEMS));

	/* members and observers beyond the roster */
	assert_int_equal(feed(m, "attendance.in",
			      "{'kind': 'member', 'who': 1325, 'name': '多出的', 'entitled': 330,"
			      " 'present': 1}"),
			 1);
	assert_int_equal(m->nroster, TM_MAX_PEOPLE);
	assert_int_equal(m->present, 1);
	assert_int_equal(m->entitled, 330);
	feed(m, "attendance.absent", "{'member': 1326, 'name': '多出的', 'reason': '病假'}");
	assert_int_equal(m->nroster, TM_MAX_PEOPLE);
	for (i = 0; i < TM_MAX_PEOPLE + 10; i++) {
		snprintf(text, sizeof(text), "{'observer': %d, 'name': '列席%d'}", 5000 + i, i);
		feed(m, "observer.invited", text);
	}
	assert_int_equal(m->nobservers, TM_MAX_PEOPLE);
	feed(m, "attendance.in", "{'kind': 'observer', 'who': 5325}");
	assert_int_equal(m->nobservers, TM_MAX_PEOPLE);
	d = tjson("{'roster': [], 'observers': []}");
	for (i = 0; i < 3; i++) {
		cJSON_AddItemToArray(cJSON_GetObjectItem(d, "roster"),
				     tjson("{'id': 9999, 'present': true}"));
		cJSON_AddItemToArray(cJSON_GetObjectItem(d, "observers"),
				     tjson("{'id': 9998, 'present': true}"));
	}
	tm_apply_state(m, d);
	cJSON_Delete(d);
	assert_int_equal(m->nroster, TM_MAX_PEOPLE);
	assert_int_equal(m->nobservers, TM_MAX_PEOPLE);

	/* an item beyond the agenda is not taken up */
	for (i = 0; i < TM_MAX_ITEMS; i++)
		m->items[i].state = TM_DECIDED;
	assert_int_equal(feed(m, "agenda.opened", "{'item': 2029, 'presiding': 1000}"), 1);
	assert_int_equal(feed(m, "vote.opened", "{'item': 2029, 'round': 1}"), 1);
	assert_int_equal(feed(m, "floor.requested", "{'item': 2029, 'request': 1}"), 1);
	assert_int_equal(m->nitems, TM_MAX_ITEMS);
	assert_null(tm_current(m));

	/* more requests for the floor than are kept: the oldest go */
	it = tm_item(m, 2000);
	for (i = 1; i <= 30; i++) {
		snprintf(text, sizeof(text), "{'item': 2000, 'request': %d, 'name': '请求%d'}", i,
			 i);
		feed(m, "floor.requested", text);
	}
	assert_int_equal(it->nfloor, TM_MAX_FLOOR);
	assert_int_equal(it->floor[0].request, 30 - TM_MAX_FLOOR + 1);
	assert_int_equal(it->floor[TM_MAX_FLOOR - 1].request, 30);
	assert_string_equal(it->floor[TM_MAX_FLOOR - 1].name, "请求30");
	/* granting one that was forgotten brings it back, granted */
	feed(m, "floor.granted", "{'item': 2000, 'request': 1, 'name': '请求1'}");
	assert_int_equal(it->nfloor, TM_MAX_FLOOR);
	assert_int_equal(it->floor[TM_MAX_FLOOR - 1].request, 1);
	assert_true(it->floor[TM_MAX_FLOOR - 1].granted);
	assert_int_equal(it->floor[0].request, 30 - TM_MAX_FLOOR + 2);
	for (i = 0; i < TM_MAX_FLOOR - 1; i++)
		assert_false(it->floor[i].granted);

	/* 70 candidates (the protocol allows 64 labels and more are sent) */
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "item", 2001);
	cJSON_AddNumberToObject(d, "round", 1);
	q = cJSON_AddObjectToObject(d, "question");
	cJSON_AddStringToObject(q, "kind", "approval");
	cJSON_AddNumberToObject(q, "seats", 20);
	a = cJSON_AddArrayToObject(q, "labels");
	for (i = 0; i < 70; i++) {
		snprintf(text, sizeof(text), "候选人%d", i);
		cJSON_AddItemToArray(a, cJSON_CreateString(text));
	}
	a = cJSON_AddArrayToObject(d, "eligible");
	for (i = 0; i < TM_MAX_PEOPLE + 10; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(1000 + i));
	feed_cjson(m, "vote.opened", cJSON_Duplicate(d, 1));
	it = tm_item(m, 2001);
	assert_int_equal(it->state, TM_VOTING);
	assert_int_equal(it->nlabels, TM_MAX_LABELS);
	assert_string_equal(it->labels[TM_MAX_LABELS - 1], "候选人11");
	assert_int_equal(it->candidates, TM_MAX_LABELS);
	assert_int_equal(it->seats, 20);
	assert_int_equal(it->neligible, TM_MAX_PEOPLE);
	assert_true(tm_eligible(it, 1000 + TM_MAX_PEOPLE - 1));
	assert_false(tm_eligible(it, 1000 + TM_MAX_PEOPLE));
	a = cJSON_AddArrayToObject(d, "counts");
	for (i = 0; i < 70; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(70 - i));
	q = cJSON_AddObjectToObject(d, "outcome");
	cJSON_AddStringToObject(q, "result", "elected");
	a = cJSON_AddArrayToObject(q, "elected");
	for (i = 0; i < 20; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(i));
	feed_cjson(m, "vote.result", d);
	assert_int_equal(it->state, TM_DECIDED);
	assert_int_equal(it->counts[0], 70);
	assert_int_equal(it->counts[TM_MAX_LABELS - 1], 70 - TM_MAX_LABELS + 1);
	assert_int_equal(it->nelected, TM_MAX_LABELS);
	for (i = 0; i < it->nelected; i++)
		assert_int_equal(it->elected[i], i);

	/* more scrutineers than kept */
	d = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(d, "scrutineers");
	for (i = 0; i < 12; i++) {
		cJSON *s = cJSON_CreateObject();

		cJSON_AddNumberToObject(s, "member", 1000 + i);
		cJSON_AddStringToObject(s, "name", "监票");
		cJSON_AddItemToArray(a, s);
	}
	feed_cjson(m, "scrutineers.designated", d);
	assert_int_equal(m->nscrutineers, TM_MAX_SCRUT);
	assert_true(tm_is_scrutineer(m, 1000 + TM_MAX_SCRUT - 1));
	assert_false(tm_is_scrutineer(m, 1000 + TM_MAX_SCRUT));
	feed(m, "scrutineer.key", "{'member': 1011}");
	for (i = 0; i < m->nscrutineers; i++)
		assert_false(m->scrutineers[i].key_published);
	free(m);
}

/* Every event the model knows, and some it does not, with no data, data
 * of the wrong kind, and members of the wrong types. */
static void test_malformed(void **state)
{
	static const char *const events[] = {
		"meeting.announced",
		"meeting.opened",
		"meeting.closed",
		"observer.invited",
		"attendance.in",
		"attendance.out",
		"attendance.absent",
		"agenda.opened",
		"agenda.presented",
		"agenda.statement",
		"agenda.recused",
		"agenda.presiding",
		"agenda.deferred",
		"agenda.discussed",
		"floor.requested",
		"floor.granted",
		"scrutineers.designated",
		"scrutineer.key",
		"election.key",
		"vote.opened",
		"vote.cast",
		"vote.closing",
		"vote.decrypted",
		"vote.result",
		"minutes.signed",
		"meeting.changed",
		"",
		"agenda.",
		"vote",
		"floor.",
		"x.y.z",
	};
	static const char *const data[] = {
		"[]",
		"[1, 2, 3]",
		"'text'",
		"12",
		"null",
		"true",
		"{}",
		"{'item': '101', 'who': '12', 'member': [12], 'kind': 5, 'name': 7, 'title': {},"
		" 'roster': 'everyone', 'agenda': {'item': 101}, 'question': 'q', 'labels': 3,"
		" 'eligible': {'a': 11}, 'counts': 'many', 'outcome': [], 'scrutineers': {},"
		" 'round': 'two', 'cast': null, 'ballots': false, 'request': '900',"
		" 'candidate': 'first', 'entitled': '5', 'present': [4], 'to': {}}",
		"{'item': 101, 'question': {'kind': 7, 'labels': [1, null, '甲', ['x'], {}, '乙'],"
		" 'seats': 'two'}, 'eligible': [11, 'x', null, 12.7, -3],"
		" 'counts': ['x', {}, 3, null, 2.9],"
		" 'outcome': {'result': 5, 'line': 'x', 'elected': ['a', null, 1, -1, 2.5, 99]},"
		" 'roster': [{'id': 'x'}, 7, null, {'name': '无号'}],"
		" 'agenda': [3, {'title': '无号'}, {'item': 101, 'removed_at': 1}],"
		" 'scrutineers': [1, 'x', {'member': '13'}, null]}",
	};
	struct tm_meeting *m = new_meeting();
	const struct tm_item *it;
	size_t e, k;

	(void)state;
	open_meeting(m);
	for (e = 0; e < sizeof(events) / sizeof(events[0]); e++) {
		assert_int_equal(tm_apply(m, m->last_seq + 1, events[e], NULL), 1);
		for (k = 0; k < sizeof(data) / sizeof(data[0]); k++)
			assert_int_equal(feed(m, events[e], data[k]), 1);
	}
	assert_true(m->nroster <= TM_MAX_PEOPLE);
	assert_true(m->nobservers <= TM_MAX_PEOPLE);
	assert_true(m->nitems <= TM_MAX_ITEMS);
	assert_true(m->nscrutineers <= TM_MAX_SCRUT);
	/* the last data of the wrong types, on item 101, as far as it goes */
	it = item(m, ITEM_RULE);
	assert_int_equal(it->state, TM_DECIDED);
	assert_int_equal(it->nlabels, 2);
	assert_string_equal(it->labels[0], "甲");
	assert_string_equal(it->labels[1], "乙");
	assert_int_equal(it->seats, 0);
	assert_string_equal(it->kind, "");
	assert_int_equal(it->neligible, 5);
	assert_true(tm_eligible(it, 11));
	assert_true(tm_eligible(it, 12));
	assert_int_equal(it->counts[2], 3);
	assert_int_equal(it->counts[4], 2);
	assert_int_equal(it->counts[0], 0);
	assert_string_equal(it->result, "");
	assert_int_equal(it->line, 0);
	/* indexes that name no label are kept out of range */
	assert_int_equal(it->nelected, 6);
	for (k = 0; k < 6; k++)
		assert_true(it->elected[k] == 1 || it->elected[k] == 2 || it->elected[k] < 0 ||
			    it->elected[k] >= it->nlabels);
	free(m);
}

/* Numbers beyond what a double counts exactly, infinities and NaN are no
 * numbers (they must not be converted: that is undefined behaviour). */
static void test_huge_numbers(void **state)
{
	struct tm_meeting *m = new_meeting();
	struct tm_item *it;
	cJSON *d;

	(void)state;
	open_meeting(m);
	/* the largest exact id is kept exactly */
	feed(m, "agenda.opened",
	     "{'item': 9007199254740991, 'presiding': -9007199254740991, 'personnel': true}");
	it = tm_item(m, 9007199254740991LL);
	assert_non_null(it);
	assert_int_equal(it->presiding, -9007199254740991LL);
	feed(m, "meeting.opened", "{'entitled': 1e300, 'present': -1e300}");
	assert_int_equal(m->entitled, 0);
	assert_int_equal(m->present, 0);
	feed(m, "meeting.opened", "{'entitled': 9.3e18, 'present': 1e19}");
	assert_int_equal(m->entitled, 0);
	assert_int_equal(m->present, 0);
	feed(m, "meeting.opened", "{'entitled': 1e999, 'present': -1e999}");
	assert_int_equal(m->entitled, 0);
	assert_int_equal(m->present, 0);
	assert_int_equal(
		tm_quorum_needed(m->entitled, m->quorum_num, m->quorum_den, m->quorum_inclusive),
		1);
	feed(m, "vote.opened",
	     "{'item': 9007199254740991, 'round': 1e300, 'question': {'kind': 'approval',"
	     " 'labels': ['甲', '乙'], 'seats': -1e300}, 'eligible': [1e300, -1e999, 11]}");
	assert_int_equal(it->state, TM_VOTING);
	assert_int_equal(it->neligible, 3);
	assert_true(tm_eligible(it, 11));
	feed(m, "vote.cast", "{'item': 9007199254740991, 'cast': 1e30}");
	assert_int_equal(it->cast, 0);
	feed(m, "vote.result",
	     "{'item': 9007199254740991, 'counts': [1e300, -1e300, 1e999],"
	     " 'outcome': {'result': 'elected', 'line': 1e300,"
	     " 'elected': [1e300, -1e300, 1e999, 4294967296, 4294967297, 1]}}");
	assert_int_equal(it->state, TM_DECIDED);
	assert_int_equal(it->counts[0], 0);
	assert_int_equal(it->counts[1], 0);
	assert_int_equal(it->counts[2], 0);
	assert_int_equal(it->line, 0);
	assert_int_equal(it->nelected, 6);
	assert_true(it->elected[0] < 0 || it->elected[0] >= TM_MAX_LABELS);
	assert_true(it->elected[3] < 0 || it->elected[3] >= TM_MAX_LABELS);
	assert_true(it->elected[4] < 0 || it->elected[4] >= TM_MAX_LABELS);
	assert_int_equal(it->elected[5], 1);
	/* a statement on a huge candidate, a recusal of a huge member */
	feed(m, "agenda.statement",
	     "{'item': 9007199254740991, 'member': 11, 'candidate': 4294967296}");
	feed(m, "agenda.recused", "{'item': 9007199254740991, 'member': 1e300}");
	assert_int_equal(it->spoke[ix(m, CHAIR)], 0);
	/* a quorum rule of huge numbers is no rule */
	d = tjson("{'quorum': {'num': 1e300, 'den': 1e300, 'inclusive': true}}");
	tm_apply_state(m, d);
	cJSON_Delete(d);
	assert_int_equal(m->quorum_num, 1);
	assert_int_equal(m->quorum_den, 2);
	/* nor one beyond the server's (0 < num <= den <= 100), which would
	 * overflow entitled * num */
	d = tjson("{'entitled': 1e15, 'quorum': {'num': 1000000, 'den': 1000000,"
		  " 'inclusive': true}}");
	tm_apply_state(m, d);
	assert_int_equal(m->quorum_num, 1);
	assert_int_equal(m->quorum_den, 2);
	assert_int_equal(
		tm_quorum_needed(m->entitled, m->quorum_num, m->quorum_den, m->quorum_inclusive),
		500000000000001LL);
	cJSON_ReplaceItemInObject(d, "quorum", tjson("{'num': 3, 'den': 2, 'inclusive': true}"));
	tm_apply_state(m, d);
	assert_int_equal(m->quorum_num, 1);
	cJSON_ReplaceItemInObject(d, "quorum", tjson("{'num': -1, 'den': 2, 'inclusive': true}"));
	tm_apply_state(m, d);
	assert_int_equal(m->quorum_num, 1);
	cJSON_ReplaceItemInObject(d, "quorum", tjson("{'num': 0, 'den': 2, 'inclusive': true}"));
	tm_apply_state(m, d);
	assert_int_equal(m->quorum_num, 1);
	cJSON_ReplaceItemInObject(d, "quorum", tjson("{'num': 67, 'den': 100, 'inclusive': true}"));
	tm_apply_state(m, d);
	assert_int_equal(m->quorum_num, 67);
	assert_int_equal(m->quorum_den, 100);
	assert_true(m->quorum_inclusive);
	cJSON_Delete(d);
	/* NaN, which JSON cannot carry but cJSON can */
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "item", 9007199254740991.0);
	cJSON_AddNumberToObject(d, "cast", NAN);
	feed_cjson(m, "vote.cast", d);
	assert_int_equal(it->cast, 0);
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "entitled", NAN);
	cJSON_AddNumberToObject(d, "present", INFINITY);
	feed_cjson(m, "meeting.closed", d);
	assert_int_equal(m->entitled, 0);
	assert_int_equal(m->present, 0);
	free(m);
}

/* Unknown events leave the model as it was (but for the sequence). */
static void test_unknown_events(void **state)
{
	static const char *const events[] = {
		"meeting.changed",  "minutes.signed", "publication.made", "",
		"agenda.objection", "vote.tallied",   "floor.withdrawn",  "meeting.opened2",
		"attendance",       "scrutineers",    "election.keys",    "Meeting.Opened",
	};
	struct tm_meeting *m = new_meeting(), *before = malloc(sizeof(*m));
	size_t e;

	(void)state;
	assert_non_null(before);
	open_meeting(m);
	discuss_rule_item(m);
	memcpy(before, m, sizeof(*m));
	for (e = 0; e < sizeof(events) / sizeof(events[0]); e++) {
		assert_int_equal(feed(m, events[e],
				      "{'item': 101, 'who': 12, 'member': 12, 'kind': 'member',"
				      " 'request': 900, 'entitled': 99, 'present': 99,"
				      " 'title': '别的', 'name': '别人'}"),
				 1);
		before->last_seq = m->last_seq;
		assert_memory_equal(before, m, sizeof(*m));
	}
	free(before);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_announced),
		cmocka_unit_test(test_scrutineers),
		cmocka_unit_test(test_attendance),
		cmocka_unit_test(test_quorum_needed),
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_discussion),
		cmocka_unit_test(test_rules_recuse_discussion_off),
		cmocka_unit_test(test_rules_chair_not_last),
		cmocka_unit_test(test_rules_agree_with_server),
		cmocka_unit_test(test_queue_presence),
		cmocka_unit_test(test_cadre_item),
		cmocka_unit_test(test_many_candidates),
		cmocka_unit_test(test_vote_motion),
		cmocka_unit_test(test_vote_reset),
		cmocka_unit_test(test_vote_election_runoff),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_apply_state),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_unknown_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
