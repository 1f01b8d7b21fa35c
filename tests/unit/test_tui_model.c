/* Unit tests for client/tui/tui_model.c: a meeting as the full-screen
 * terminal knows it, from the snapshot of meeting.state and the log's
 * entries applied in order — attendance and quorum, the item taken up, the
 * speaking order with the presiding member last, the floor, recusal, the
 * vote's progress and result, scrutineers — and entries that are unknown,
 * malformed or too many for the model's fixed tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/tui/tui_model.h"

/* Apply entry ev with the JSON data text as the next seq of m. */
static int apply(struct tm_meeting *m, const char *ev, const char *data)
{
	cJSON *d = cJSON_Parse(data);
	int r;

	if (d == NULL)
		fail_msg("bad test JSON: %s", data);
	r = tm_apply(m, m->last_seq + 1, ev, d);
	cJSON_Delete(d);
	return r;
}

/* A meeting of six members (1 chair, 2..6), two items, quorum > 1/2. */
static struct tm_meeting *meeting(void)
{
	struct tm_meeting *m = malloc(sizeof(*m));
	cJSON *st = cJSON_Parse(
		"{\"title\":\"县委常委会第25次会议\",\"place\":\"常委会议室\",\"status\":"
		"\"announced\","
		"\"entitled\":6,\"present\":0,\"quorum\":{\"num\":1,\"den\":2,\"inclusive\":false},"
		"\"roster\":[{\"id\":1,\"name\":\"李建国\"},{\"id\":2,\"name\":\"陈志强\"},"
		"{\"id\":3,\"name\":\"吴国华\"},{\"id\":4,\"name\":\"周海涛\"},"
		"{\"id\":5,\"name\":\"冯卫东\"},{\"id\":6,\"name\":\"林芳\"}],"
		"\"observers\":[{\"id\":9,\"name\":\"钱文彬\",\"present\":false}],"
		"\"agenda\":[{\"item\":11,\"title\":\"学校布局调整\"},{\"item\":12,\"title\":"
		"\"老旧小区改造\"},{\"item\":13,\"title\":\"撤下的议题\",\"removed_at\":\"2026-11-"
		"20\"}]}");

	assert_non_null(m);
	assert_non_null(st);
	tm_init(m, 25);
	tm_apply_state(m, st);
	cJSON_Delete(st);
	return m;
}

static void check_in(struct tm_meeting *m, int who, int present)
{
	char d[160];

	snprintf(d, sizeof(d),
		 "{\"kind\":\"member\",\"who\":%d,\"name\":\"\",\"present\":%d,\"entitled\":6}",
		 who, present);
	assert_int_equal(apply(m, "attendance.in", d), 1);
}

static void test_state(void **state)
{
	struct tm_meeting *m = meeting();

	(void)state;
	assert_int_equal(m->id, 25);
	assert_string_equal(m->title, "县委常委会第25次会议");
	assert_string_equal(m->status, "announced");
	assert_int_equal(m->nroster, 6);
	assert_int_equal(m->nobservers, 1);
	assert_int_equal(m->nitems, 3);
	assert_int_equal(m->items[2].state, TM_REMOVED);
	assert_string_equal(tm_name(m, 4), "周海涛");
	assert_string_equal(tm_name(m, 99), "");
	assert_int_equal(tm_roster_index(m, 6), 5);
	assert_int_equal(tm_roster_index(m, 7), -1);
	assert_null(tm_current(m));
	assert_null(tm_item(m, 14));
	free(m);
}

static void test_quorum_rule(void **state)
{
	(void)state;
	/* more than half */
	assert_int_equal(tm_quorum_needed(6, 1, 2, 0), 4);
	assert_int_equal(tm_quorum_needed(7, 1, 2, 0), 4);
	assert_int_equal(tm_quorum_needed(11, 1, 2, 0), 6);
	/* two thirds, inclusive */
	assert_int_equal(tm_quorum_needed(9, 2, 3, 1), 6);
	assert_int_equal(tm_quorum_needed(10, 2, 3, 1), 7);
	/* more than two thirds */
	assert_int_equal(tm_quorum_needed(9, 2, 3, 0), 7);
	assert_int_equal(tm_quorum_needed(0, 1, 2, 0), 1);
	/* a rule without a denominator: more than half */
	assert_int_equal(tm_quorum_needed(6, 1, 0, 0), 4);
}

static void test_attendance(void **state)
{
	struct tm_meeting *m = meeting();
	int i;

	(void)state;
	for (i = 1; i <= 4; i++)
		check_in(m, i, i);
	assert_int_equal(m->present, 4);
	assert_true(m->roster[3].present);
	assert_false(m->roster[4].present);
	assert_int_equal(apply(m, "attendance.absent",
			       "{\"member\":6,\"name\":\"林芳\",\"reason\":\"出差\"}"),
			 1);
	assert_string_equal(m->roster[5].absence, "出差");
	check_in(m, 6, 5); /* arriving late clears the recorded absence */
	assert_string_equal(m->roster[5].absence, "");
	assert_int_equal(apply(m, "attendance.out",
			       "{\"kind\":\"member\",\"who\":6,\"present\":4,\"entitled\":6}"),
			 1);
	assert_false(m->roster[5].present);
	assert_int_equal(m->present, 4);
	/* an observer's arrival does not count towards the quorum */
	assert_int_equal(
		apply(m, "attendance.in", "{\"kind\":\"observer\",\"who\":9,\"name\":\"钱文彬\"}"),
		1);
	assert_true(m->observers[0].present);
	assert_int_equal(m->present, 4);
	/* an entry already applied is ignored */
	{
		cJSON *d = cJSON_Parse("{\"kind\":\"member\",\"who\":5,\"present\":5}");

		assert_int_equal(tm_apply(m, m->last_seq, "attendance.in", d), 0);
		cJSON_Delete(d);
	}
	assert_false(m->roster[4].present);
	assert_int_equal(apply(m, "meeting.opened", "{\"present\":4,\"entitled\":6}"), 1);
	assert_string_equal(m->status, "open");
	free(m);
}

/* Everyone present, item 11 taken up with member 1 presiding. */
static struct tm_meeting *taken_up(int personnel)
{
	struct tm_meeting *m = meeting();
	char d[200];
	int i;

	for (i = 1; i <= 6; i++)
		check_in(m, i, i);
	apply(m, "meeting.opened", "{\"present\":6,\"entitled\":6}");
	snprintf(d, sizeof(d),
		 "{\"item\":11,\"title\":\"学校布局调整\",\"presiding\":1,\"personnel\":%s}",
		 personnel ? "true" : "false");
	assert_int_equal(apply(m, "agenda.opened", d), 1);
	return m;
}

static void state_(struct tm_meeting *m, int who, int candidate)
{
	char d[120];

	snprintf(d, sizeof(d),
		 "{\"item\":11,\"member\":%d,\"candidate\":%d,\"position\":\"agree\"}", who,
		 candidate);
	assert_int_equal(apply(m, "agenda.statement", d), 1);
}

static void test_speaking_order(void **state)
{
	struct tm_meeting *m = taken_up(0);
	const struct tm_item *it = tm_item_c(m, 11);
	struct tm_queue q;
	int i;

	(void)state;
	assert_ptr_equal(tm_current(m), it);
	assert_int_equal(it->state, TM_OPEN);
	tm_queue(m, it, &q);
	assert_false(q.presented);
	assert_int_equal(q.taking_part, 6);
	assert_int_equal(q.nwaiting, 5);
	assert_int_equal(q.presiding_ix, 0);
	assert_false(q.chair_may);
	apply(m, "agenda.presented", "{\"item\":11,\"member\":3,\"name\":\"吴国华\"}");
	assert_string_equal(it->presenter, "吴国华");
	/* the chair states early: the others are still waited for */
	state_(m, 1, 0);
	tm_queue(m, it, &q);
	assert_true(q.chair_done);
	assert_false(q.chair_may);
	assert_false(q.can_close);
	for (i = 2; i <= 5; i++)
		state_(m, i, 0);
	tm_queue(m, it, &q);
	assert_int_equal(q.nwaiting, 1);
	assert_int_equal(q.waiting[0], 5);
	/* a recused member leaves the order; then the chair may, and has */
	apply(m, "agenda.recused",
	      "{\"item\":11,\"member\":6,\"name\":\"林芳\",\"reason\":\"亲属\"}");
	tm_queue(m, it, &q);
	assert_int_equal(q.nwaiting, 0);
	assert_int_equal(q.taking_part, 5);
	assert_true(q.chair_may);
	assert_true(q.can_close);
	/* someone else presides: the former chair is one of the others */
	apply(m, "agenda.presiding", "{\"item\":11,\"to\":2}");
	tm_queue(m, it, &q);
	assert_int_equal(q.presiding_ix, 1);
	assert_true(q.chair_done);
	apply(m, "agenda.discussed", "{\"item\":11}");
	assert_int_equal(it->state, TM_DISCUSSED);
	free(m);
}

static void test_speaking_cadre(void **state)
{
	struct tm_meeting *m = taken_up(1);
	struct tm_item *it = tm_item(m, 11);
	struct tm_queue q;
	int i;

	(void)state;
	it->candidates = 2; /* from item.show */
	apply(m, "agenda.presented", "{\"item\":11,\"name\":\"吴国华\"}");
	for (i = 2; i <= 6; i++)
		state_(m, i, 0);
	tm_queue(m, it, &q);
	assert_int_equal(q.nwaiting, 5); /* each must state on both candidates */
	for (i = 2; i <= 6; i++)
		state_(m, i, 1);
	tm_queue(m, it, &q);
	assert_int_equal(q.nwaiting, 0);
	assert_true(q.chair_may);
	assert_false(q.chair_done);
	state_(m, 1, 0);
	tm_queue(m, it, &q);
	assert_false(q.chair_done);
	state_(m, 1, 1);
	tm_queue(m, it, &q);
	assert_true(q.can_close);
	/* candidates out of range are ignored, never a shift past 31 */
	state_(m, 2, 40);
	state_(m, 2, -1);
	free(m);
}

static void test_floor(void **state)
{
	struct tm_meeting *m = taken_up(0);
	const struct tm_item *it = tm_item_c(m, 11);
	char d[120];
	int i;

	(void)state;
	apply(m, "floor.requested", "{\"item\":11,\"request\":7,\"name\":\"周海涛\"}");
	apply(m, "floor.requested", "{\"item\":11,\"request\":8,\"name\":\"钱文彬\"}");
	assert_int_equal(it->nfloor, 2);
	apply(m, "floor.granted", "{\"item\":11,\"request\":7,\"name\":\"周海涛\"}");
	assert_true(it->floor[0].granted);
	assert_false(it->floor[1].granted);
	/* more requests than the table holds: the oldest are forgotten */
	for (i = 0; i < TM_MAX_FLOOR + 5; i++) {
		snprintf(d, sizeof(d), "{\"item\":11,\"request\":%d,\"name\":\"某\"}", 100 + i);
		apply(m, "floor.requested", d);
	}
	assert_int_equal(it->nfloor, TM_MAX_FLOOR);
	assert_int_equal(it->floor[TM_MAX_FLOOR - 1].request, 100 + TM_MAX_FLOOR + 4);
	free(m);
}

static void test_vote(void **state)
{
	struct tm_meeting *m = taken_up(0);
	const struct tm_item *it = tm_item_c(m, 11);
	char d[80];
	int i;

	(void)state;
	apply(m, "scrutineers.designated",
	      "{\"scrutineers\":[{\"member\":5,\"name\":\"冯卫东\"},{\"member\":6,\"name\":"
	      "\"林芳\"}]}");
	assert_int_equal(m->nscrutineers, 2);
	assert_true(tm_is_scrutineer(m, 6));
	assert_false(tm_is_scrutineer(m, 1));
	apply(m, "scrutineer.key", "{\"member\":5}");
	assert_true(m->scrutineers[0].key_published);
	assert_false(m->scrutineers[1].key_published);
	apply(m, "scrutineer.key", "{\"member\":6}");
	apply(m, "election.key", "{}");
	assert_true(m->election_key);
	apply(m, "agenda.discussed", "{\"item\":11}");
	apply(m, "vote.opened",
	      "{\"item\":11,\"round\":1,\"eligible\":[1,2,3,4,5,6],\"question\":{\"kind\":"
	      "\"options\",\"labels\":[\"同意\",\"不同意\",\"弃权\"]}}");
	assert_int_equal(it->state, TM_VOTING);
	assert_int_equal(it->round, 1);
	assert_int_equal(it->neligible, 6);
	assert_true(tm_eligible(it, 4));
	assert_false(tm_eligible(it, 9));
	assert_int_equal(it->nlabels, 3);
	assert_string_equal(it->labels[1], "不同意");
	for (i = 1; i <= 6; i++) {
		snprintf(d, sizeof(d), "{\"item\":11,\"cast\":%d,\"eligible\":6}", i);
		apply(m, "vote.cast", d);
		assert_int_equal(it->cast, i);
	}
	apply(m, "vote.closing", "{\"item\":11,\"round\":1,\"ballots\":6}");
	assert_int_equal(it->state, TM_DECRYPTING);
	assert_ptr_equal(tm_current(m), it);
	apply(m, "vote.decrypted", "{\"item\":11,\"member\":5}");
	apply(m, "vote.decrypted", "{\"item\":11,\"member\":6}");
	assert_int_equal(it->decrypted, 2);
	apply(m, "vote.result",
	      "{\"item\":11,\"round\":1,\"counts\":[5,0,1],\"outcome\":{\"result\":\"adopted\","
	      "\"line\":4}}");
	assert_int_equal(it->state, TM_DECIDED);
	assert_string_equal(it->result, "adopted");
	assert_int_equal(it->counts[0], 5);
	assert_int_equal(it->counts[2], 1);
	assert_int_equal(it->line, 4);
	assert_null(tm_current(m));
	/* item 12: deferred; the meeting closes */
	apply(m, "agenda.opened", "{\"item\":12,\"presiding\":1}");
	apply(m, "agenda.deferred", "{\"item\":12,\"reason\":\"需进一步征求意见\"}");
	assert_int_equal(tm_item_c(m, 12)->state, TM_DEFERRED);
	apply(m, "meeting.closed", "{\"present\":6,\"entitled\":6}");
	assert_string_equal(m->status, "closed");
	free(m);
}

static void test_runoff(void **state)
{
	struct tm_meeting *m = taken_up(1);
	const struct tm_item *it = tm_item_c(m, 11);

	(void)state;
	apply(m, "vote.opened",
	      "{\"item\":11,\"round\":1,\"eligible\":[1,2,3],\"question\":{\"kind\":\"approval\","
	      "\"seats\":1,\"labels\":[\"王志远\",\"陈晓燕\",\"赵刚\"]}}");
	assert_int_equal(it->candidates, 3);
	assert_int_equal(it->seats, 1);
	apply(m, "vote.result",
	      "{\"item\":11,\"counts\":[1,1,1],\"outcome\":{\"result\":\"runoff\",\"elected\":[]}"
	      "}");
	assert_int_equal(it->state, TM_RUNOFF);
	assert_ptr_equal(tm_current(m), it);
	apply(m, "vote.opened",
	      "{\"item\":11,\"round\":2,\"eligible\":[1,2,3],\"question\":{\"kind\":\"approval\","
	      "\"seats\":1,\"labels\":[\"王志远\",\"陈晓燕\"]}}");
	assert_int_equal(it->round, 2);
	assert_int_equal(it->cast, 0);
	assert_string_equal(it->result, "");
	apply(m, "vote.result",
	      "{\"item\":11,\"counts\":[2,1],\"outcome\":{\"result\":\"elected\",\"elected\":[0,"
	      "7,-1,1e300]}}");
	assert_int_equal(it->state, TM_DECIDED);
	assert_int_equal(it->nelected, 2); /* the indexes out of range are dropped */
	assert_int_equal(it->elected[0], 0);
	assert_int_equal(it->elected[1], 7);
	free(m);
}

/* Data of every shape for every entry: nothing crashes, nothing overflows. */
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
		"no.such.event",
		"",
	};
	static const char *const data[] = {
		"{}",
		"null",
		"[]",
		"{\"item\":\"11\",\"who\":\"x\",\"present\":true}",
		"{\"item\":1e300,\"member\":-1e300,\"round\":1e20,\"cast\":1e300,\"counts\":[1e300,"
		"-1e300,\"x\",null],\"outcome\":{\"result\":7,\"elected\":[\"a\",1e300]}}",
		"{\"item\":11,\"title\":123,\"name\":[],\"roster\":{\"id\":1},\"agenda\":7,"
		"\"scrutineers\":\"x\",\"eligible\":{},\"question\":[],\"labels\":5}",
		"{\"item\":11,\"question\":{\"kind\":\"approval\",\"seats\":1e300,\"labels\":[1,2]}"
		"}",
	};
	struct tm_meeting *m = meeting();
	struct tm_queue q;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		for (j = 0; j < sizeof(data) / sizeof(data[0]); j++) {
			cJSON *d = cJSON_Parse(data[j]);

			tm_apply(m, m->last_seq + 1, events[i], d);
			tm_apply(m, m->last_seq + 1, events[i], NULL);
			cJSON_Delete(d);
		}
	for (i = 0; i < (size_t)m->nitems; i++) {
		tm_queue(m, &m->items[i], &q);
		assert_true(m->items[i].nlabels <= TM_MAX_LABELS);
		assert_true(m->items[i].seats >= 0 && m->items[i].seats <= TM_MAX_LABELS);
	}
	assert_true(m->nitems <= TM_MAX_ITEMS);
	free(m);
}

/* More people, items, labels and scrutineers than the tables hold, and
 * names longer than their fields. */
static void test_too_many(void **state)
{
	struct tm_meeting *m = malloc(sizeof(*m));
	cJSON *d = cJSON_CreateObject(), *roster = cJSON_AddArrayToObject(d, "roster"),
	      *agenda = cJSON_AddArrayToObject(d, "agenda"), *p;
	char name[400];
	int i;

	(void)state;
	assert_non_null(m);
	tm_init(m, 1);
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	for (i = 0; i < TM_MAX_PEOPLE + 10; i++) {
		p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "id", i + 1);
		cJSON_AddStringToObject(p, "name", name);
		cJSON_AddItemToArray(roster, p);
	}
	for (i = 0; i < TM_MAX_ITEMS + 10; i++) {
		p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "item", i + 1);
		cJSON_AddStringToObject(p, "title", name);
		cJSON_AddItemToArray(agenda, p);
	}
	cJSON_AddStringToObject(d, "title", name);
	cJSON_AddStringToObject(d, "place", name);
	assert_int_equal(tm_apply(m, 1, "meeting.announced", d), 1);
	cJSON_Delete(d);
	assert_int_equal(m->nroster, TM_MAX_PEOPLE);
	assert_int_equal(m->nitems, TM_MAX_ITEMS);
	assert_int_equal(strlen(m->roster[0].name), sizeof(m->roster[0].name) - 1);
	assert_int_equal(strlen(m->title), sizeof(m->title) - 1);
	/* an item past the table: its entries are dropped */
	assert_int_equal(apply(m, "agenda.opened", "{\"item\":999,\"presiding\":1}"), 1);
	assert_null(tm_item(m, 999));
	/* thirteen options, ten scrutineers */
	apply(m, "vote.opened",
	      "{\"item\":1,\"round\":1,\"question\":{\"kind\":\"options\",\"labels\":[\"1\",\"2\","
	      "\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\"]}}");
	assert_int_equal(m->items[0].nlabels, TM_MAX_LABELS);
	apply(m, "scrutineers.designated",
	      "{\"scrutineers\":[{\"member\":1},{\"member\":2},{\"member\":3},{\"member\":4},"
	      "{\"member\":5},{\"member\":6},{\"member\":7},{\"member\":8},{\"member\":9},"
	      "{\"member\":10}]}");
	assert_int_equal(m->nscrutineers, TM_MAX_SCRUT);
	free(m);
}

static void test_lines(void **state)
{
	struct tm_meeting *m = malloc(sizeof(*m));
	char text[TM_LINE_LEN + 50];
	int i;

	(void)state;
	assert_non_null(m);
	tm_init(m, 1);
	assert_null(tm_line(m, 0));
	tm_push_line(m, "第一行");
	tm_push_line(m, "第二行");
	assert_string_equal(tm_line(m, 0), "第二行");
	assert_string_equal(tm_line(m, 1), "第一行");
	assert_null(tm_line(m, 2));
	assert_null(tm_line(m, -1));
	for (i = 0; i < TM_MAX_LINES + 7; i++) {
		snprintf(text, sizeof(text), "line %d", i);
		tm_push_line(m, text);
	}
	assert_int_equal(m->nlines, TM_MAX_LINES);
	assert_string_equal(tm_line(m, 0), "line 126");
	assert_string_equal(tm_line(m, TM_MAX_LINES - 1), "line 7");
	assert_null(tm_line(m, TM_MAX_LINES));
	memset(text, 'y', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	tm_push_line(m, text);
	assert_int_equal(strlen(tm_line(m, 0)), TM_LINE_LEN - 1);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state),          cmocka_unit_test(test_quorum_rule),
		cmocka_unit_test(test_attendance),     cmocka_unit_test(test_speaking_order),
		cmocka_unit_test(test_speaking_cadre), cmocka_unit_test(test_floor),
		cmocka_unit_test(test_vote),           cmocka_unit_test(test_runoff),
		cmocka_unit_test(test_malformed),      cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
