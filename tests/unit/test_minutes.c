/* Unit tests for proto/minutes.c: minutes (会议记录) built from a meeting's
 * log, and the message the chair and the clerk sign. Logs are built here the
 * way the server writes them (sql/0006_meeting_log.sql yg_log_append; event
 * data as in 0007, 0009 and 0010), so every byte is known; the minutes of a
 * whole meeting are compared with the expected text byte for byte.
 *
 * JSON in this file is written with ' for " to stay readable; tquote() turns it
 * back (no text here contains an apostrophe). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "../../proto/logchain.h"
#include "logbuild.h"
#include "../../proto/minutes.h"
#include "seed.h"
#include "tjson.h"

#define MEETING 42

/* The time yg_log_append would stamp on entry seq, here made up. */
static void at_of(long seq, char at[40])
{
	snprintf(at, 40, "2025-03-01T01:%02ld:%02ld.000000Z", seq / 60 % 60, seq % 60);
}

/* Append the next event: body = {"meeting","seq","at","actor","event",
 * "data"} in compact JSON; data in the ' notation. Returns its seq. */
static long logb_add(struct logb *lb, const char *actor, const char *event, const char *data)
{
	char *json = tquote(data), *text, at[40];
	cJSON *b = cJSON_CreateObject(), *d = cJSON_Parse(json);

	assert_non_null(d);
	at_of(lb->seq + 1, at);
	cJSON_AddNumberToObject(b, "meeting", MEETING);
	cJSON_AddNumberToObject(b, "seq", (double)(lb->seq + 1));
	cJSON_AddStringToObject(b, "at", at);
	cJSON_AddStringToObject(b, "actor", actor);
	cJSON_AddStringToObject(b, "event", event);
	cJSON_AddItemToObject(b, "data", d);
	text = cJSON_PrintUnformatted(b);
	assert_non_null(text);
	logb_add_raw(lb, lb->seq + 1, text);
	free(text);
	free(json);
	cJSON_Delete(b);
	return lb->seq;
}

static const char *entry_hash(struct logb *lb, long seq)
{
	cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(lb->export, "entries"), (int)seq - 1);

	return cJSON_GetStringValue(cJSON_GetObjectItem(e, "hash"));
}

/* Events of the meeting, in parts, so tests can leave some out or put
 * others between. */
#define ROSTER                                                                                              \
	"'roster':[{'id':11,'name':'李伟','title':'书记'},{'id':12,'name':'王芳','title':'副书记'" \
	"},"                                                                                                \
	"{'id':13,'name':'张敏','title':'常委'},{'id':14,'name':'刘洋','title':'常委'},"            \
	"{'id':15,'name':'陈静','title':'常委'}]"
#define ANNOUNCED                                                                                  \
	"{'id':42,'title':'县委常委会2025年第7次会议','place':'县委三楼会议室',"  \
	"'starts_at':'2025-03-01T09:00:00+08:00','status':'announced',"                            \
	"'announced_at':'2025-02-20T10:00:00+08:00','agenda':[{'item':101,'version':1,"            \
	"'position':1,'title':'关于2025年县级财政预算的议题','removed_at':null,"       \
	"'removed_reason':null}]," ROSTER "}"

static void member_in(struct logb *lb, int who, const char *name, bool in)
{
	char actor[32], data[160];

	snprintf(actor, sizeof(actor), "member:%d", who);
	snprintf(data, sizeof(data),
		 "{'kind':'member','who':%d,'name':'%s','entitled':5,'present':3}", who, name);
	logb_add(lb, actor, in ? "attendance.in" : "attendance.out", data);
}

static void observer_in(struct logb *lb, int who, const char *name, bool in)
{
	char actor[32], data[160];

	snprintf(actor, sizeof(actor), "observer:%d", who);
	snprintf(data, sizeof(data),
		 "{'kind':'observer','who':%d,'name':'%s','entitled':5,'present':3}", who, name);
	logb_add(lb, actor, in ? "attendance.in" : "attendance.out", data);
}

/* A statement on item by member: position NULL is a pass. */
static void statement(struct logb *lb, int item, int who, const char *name, int candidate,
		      const char *position, const char *body)
{
	char actor[32], data[512], pos[64];

	snprintf(actor, sizeof(actor), "member:%d", who);
	if (position != NULL)
		snprintf(pos, sizeof(pos), "'%s'", position);
	else
		strcpy(pos, "null");
	snprintf(data, sizeof(data),
		 "{'item':%d,'member':%d,'name':'%s','kind':'%s','position':%s,'candidate':%d,"
		 "'body':'%s'}",
		 item, who, name, position != NULL ? "state" : "pass", pos, candidate, body);
	logb_add(lb, actor, "agenda.statement", data);
}

/* Up to the meeting's opening (seq 10). */
static void meeting_start(struct logb *lb)
{
	logb_init(lb, MEETING);
	logb_add(lb, "member:11", "meeting.announced", ANNOUNCED);
	logb_add(lb, "member:11", "observer.invited", "{'observer':3,'name':'孙丽'}");
	logb_add(lb, "member:11", "attendance.absent",
		 "{'member':15,'name':'陈静','reason':'出差'}");
	member_in(lb, 11, "李伟", true);
	member_in(lb, 12, "王芳", true);
	member_in(lb, 13, "张敏", true);
	member_in(lb, 13, "张敏", false);
	member_in(lb, 13, "张敏", true);
	observer_in(lb, 3, "孙丽", true);
	assert_int_equal(
		logb_add(lb, "member:11", "meeting.opened",
			 "{'entitled':5,'present':3,'absent':[{'member':15,'reason':'出差'}]}"),
		10);
}

/* The whole meeting: three items (one deferred, one a cadre item whose
 * presiding is handed over), closed at seq 37. */
static void meeting_full(struct logb *lb)
{
	meeting_start(lb);
	member_in(lb, 14, "刘洋", true);
	observer_in(lb, 3, "孙丽", false);
	observer_in(lb, 3, "孙丽", true);
	logb_add(lb, "member:11", "agenda.opened",
		 "{'item':101,'title':'关于2025年县级财政预算的议题','presiding':11,'personnel':"
		 "false,"
		 "'entitled':5,'present':4}");
	logb_add(lb, "member:14", "agenda.recused",
		 "{'item':101,'member':14,'name':'刘洋','reason':'近亲属在预算单位任职'}");
	logb_add(lb, "member:12", "agenda.presented",
		 "{'item':101,'member':12,'name':'王芳','kind':'present','position':null,"
		 "'candidate':0,'body':'预算草案说明：总额12.5亿元。'}");
	logb_add(lb, "observer:3", "floor.requested",
		 "{'request':1,'item':101,'kind':'observer','who':3}");
	logb_add(lb, "member:11", "floor.granted",
		 "{'request':1,'item':101,'kind':'observer','who':3}");
	statement(lb, 101, 13, "张敏", 0, "同意", "同意，建议压减一般性支出。");
	statement(lb, 101, 12, "王芳", 0, NULL, "");
	statement(lb, 101, 11, "李伟", 0, "同意", "同意。");
	logb_add(
		lb, "member:11", "agenda.discussed",
		"{'item':101,'reason':null,'statements':[{'member':13,'candidate':0,'kind':'state',"
		"'position':'同意'},{'member':12,'candidate':0,'kind':'pass','position':null},"
		"{'member':11,'candidate':0,'kind':'state','position':'同意'}]}");
	logb_add(
		lb, "member:11", "agenda.opened",
		"{'item':102,'title':'关于新建工业园区道路的议题','presiding':11,'personnel':false,"
		"'entitled':5,'present':4}");
	statement(lb, 999, 13, "张敏", 0, "同意", "不在议程上。");
	logb_add(lb, "member:11", "agenda.deferred",
		 "{'item':102,'reason':'需补充专家论证','statements':[]}");
	logb_add(lb, "member:11", "agenda.opened",
		 "{'item':103,'title':'干部任免','presiding':11,'personnel':true,'entitled':5,"
		 "'present':4}");
	logb_add(lb, "member:11", "agenda.recused",
		 "{'item':103,'member':11,'name':'李伟','reason':'候选人系本人亲属'}");
	logb_add(lb, "member:11", "agenda.presiding",
		 "{'item':103,'from':11,'to':12,'name':'王芳'}");
	logb_add(lb, "member:13", "agenda.presented",
		 "{'item':103,'member':13,'name':'张敏','kind':'present','position':null,"
		 "'candidate':0,'body':'组织部考察情况汇报。'}");
	statement(lb, 103, 13, "张敏", 0, "同意", "德才兼备。");
	statement(lb, 103, 13, "张敏", 1, "不同意", "经验不足。");
	statement(lb, 103, 14, "刘洋", 0, "同意", "");
	statement(lb, 103, 14, "刘洋", 1, "缓议", "再考察。");
	statement(lb, 103, 12, "王芳", 0, "同意", "同意。");
	statement(lb, 103, 12, "王芳", 1, "同意", "同意。");
	logb_add(lb, "member:12", "agenda.discussed", "{'item':103,'reason':null,'statements':[]}");
	assert_int_equal(
		logb_add(lb, "member:11", "meeting.closed",
			 "{'entitled':5,'present':4,'absent':[{'member':15,'reason':'出差'}]}"),
		37);
}

/* The minutes of meeting_full, up to its close, with the hash of entry 37
 * for %s. */
static const char full_minutes[] =
	"{'format':'yangguang-minutes/1','meeting':42,"
	"'title':'县委常委会2025年第7次会议','place':'县委三楼会议室',"
	"'scheduled':'2025-03-01T09:00:00+08:00',"
	"'opened':'2025-03-01T01:00:10.000000Z','closed':'2025-03-01T01:00:37.000000Z',"
	"'chair':'李伟','clerks':[],'observers':['孙丽'],"
	"'attended':[{'id':11,'name':'李伟','title':'书记'},{'id':12,'name':'王芳','title':'副书记'"
	"},"
	"{'id':13,'name':'张敏','title':'常委'},{'id':14,'name':'刘洋','title':'常委'}],"
	"'absent':[{'id':15,'name':'陈静','title':'常委','reason':'出差'}],"
	"'items':["
	"{'item':101,'title':'关于2025年县级财政预算的议题','presiding':['李伟'],"
	"'presentation':{'name':'王芳','body':'预算草案说明：总额12.5亿元。'},"
	"'recusals':[{'name':'刘洋','reason':'近亲属在预算单位任职'}],"
	"'statements':["
	"{'name':'张敏','candidate':0,'position':'同意','body':'同意，建议压减一般性支出。'},"
	"{'name':'王芳','candidate':0,'position':'pass','body':''},"
	"{'name':'李伟','candidate':0,'position':'同意','body':'同意。'}],"
	"'outcome':'discussed','reason':null},"
	"{'item':102,'title':'关于新建工业园区道路的议题','presiding':['李伟'],"
	"'presentation':null,'recusals':[],'statements':[],"
	"'outcome':'deferred','reason':'需补充专家论证'},"
	"{'item':103,'title':'干部任免','presiding':['李伟','王芳'],"
	"'presentation':{'name':'张敏','body':'组织部考察情况汇报。'},"
	"'recusals':[{'name':'李伟','reason':'候选人系本人亲属'}],"
	"'statements':["
	"{'name':'张敏','candidate':0,'position':'同意','body':'德才兼备。'},"
	"{'name':'张敏','candidate':1,'position':'不同意','body':'经验不足。'},"
	"{'name':'刘洋','candidate':0,'position':'同意','body':''},"
	"{'name':'刘洋','candidate':1,'position':'缓议','body':'再考察。'},"
	"{'name':'王芳','candidate':0,'position':'同意','body':'同意。'},"
	"{'name':'王芳','candidate':1,'position':'同意','body':'同意。'}],"
	"'outcome':'discussed','reason':null}],"
	"'log':{'seq':37,'hash':'%s'}}";

/* Build, expecting a text. */
static char *build(const cJSON *export, long upto)
{
	char *text = minutes_build(export, upto);

	assert_non_null(text);
	return text;
}

/* The minutes without their "log" member, as compact JSON. */
static char *without_log(const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	char *out;

	assert_non_null(doc);
	assert_non_null(cJSON_GetObjectItem(doc, "log"));
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "log");
	out = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return out;
}

/* The minutes of lb's log so far and those of ref's, equal but for "log". */
static void expect_same_minutes(struct logb *lb, struct logb *ref)
{
	char *a = build(lb->export, lb->seq), *b = build(ref->export, ref->seq);
	char *sa = without_log(a), *sb = without_log(b);

	assert_string_equal(sa, sb);
	free(a);
	free(b);
	free(sa);
	free(sb);
}

/* A member of the minutes of lb up to its last entry, as compact JSON. */
static char *minutes_part(struct logb *lb, const char *name)
{
	char *text = build(lb->export, lb->seq), *out;
	cJSON *doc = cJSON_Parse(text);

	assert_non_null(doc);
	out = cJSON_PrintUnformatted(cJSON_GetObjectItem(doc, name));
	assert_non_null(out);
	cJSON_Delete(doc);
	free(text);
	return out;
}

static void expect_part(struct logb *lb, const char *name, const char *want)
{
	char *got = minutes_part(lb, name), *w = tquote(want);

	assert_string_equal(got, w);
	free(got);
	free(w);
}

static void test_full_meeting(void **state)
{
	struct logb lb;
	char *want = tquote(full_minutes), *exp, *got;
	size_t n;

	(void)state;
	meeting_full(&lb);
	n = strlen(want) + 64;
	exp = malloc(n);
	assert_non_null(exp);
	snprintf(exp, n, want, entry_hash(&lb, 37));
	got = build(lb.export, 37);
	assert_string_equal(got, exp);
	seed_write(lb.export, "full_meeting.json");
	free(got);
	free(exp);
	free(want);
	cJSON_Delete(lb.export);
}

/* The same log gives the same bytes, built again or from a copy of the
 * export that went through text (as `yg verify` reads it). */
static void test_build_twice(void **state)
{
	struct logb lb;
	char *a, *b, *c, *d, *printed;
	cJSON *copy;

	(void)state;
	meeting_full(&lb);
	a = build(lb.export, 37);
	b = build(lb.export, 37);
	assert_string_equal(a, b);
	printed = cJSON_Print(lb.export); /* formatted */
	copy = cJSON_Parse(printed);
	c = build(copy, 37);
	assert_string_equal(a, c);
	d = build(copy, 37);
	assert_string_equal(c, d);
	free(a);
	free(b);
	free(c);
	free(d);
	free(printed);
	cJSON_Delete(copy);
	cJSON_Delete(lb.export);
}

/* Building does not change the export. */
static void test_export_untouched(void **state)
{
	struct logb lb;
	char *before, *after, *m;

	(void)state;
	meeting_full(&lb);
	before = cJSON_PrintUnformatted(lb.export);
	m = build(lb.export, 20);
	free(m);
	m = build(lb.export, 37);
	free(m);
	after = cJSON_PrintUnformatted(lb.export);
	assert_string_equal(before, after);
	free(before);
	free(after);
	cJSON_Delete(lb.export);
}

/* What comes after upto_seq (signatures, anything) changes nothing. */
static void test_later_entries_ignored(void **state)
{
	struct logb lb, more;
	char *a, *b;

	(void)state;
	meeting_full(&lb);
	meeting_full(&more);
	logb_add(&more, "member:11", "minutes.signed",
		 "{'role':'chair','member':11,'name':'李伟','key':'ed25519:x','signature':'y'}");
	statement(&more, 101, 13, "张敏", 0, "不同意", "改变主意。");
	logb_add(&more, "member:11", "agenda.opened",
		 "{'item':104,'title':'临时动议','presiding':11}");
	member_in(&more, 15, "陈静", true);
	observer_in(&more, 4, "周强", true);
	logb_add(&more, "member:12", "meeting.opened", "{}");
	logb_add(&more, "member:12", "meeting.closed", "{}");
	logb_add(&more, "member:11", "meeting.announced", "{'title':'另一次会议','roster':[]}");
	a = build(lb.export, 37);
	b = build(more.export, 37);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cJSON_Delete(lb.export);
	cJSON_Delete(more.export);
}

/* Built up to any entry k, the minutes are those of the log cut at k, and
 * name entry k. */
static void test_every_prefix(void **state)
{
	struct logb lb, cut;
	char *a, *b, want[160];
	cJSON *doc;
	long k, i;

	(void)state;
	meeting_full(&lb);
	for (k = 1; k <= 37; k++) {
		logb_init(&cut, MEETING);
		for (i = 1; i <= k; i++) {
			cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(lb.export, "entries"),
						      (int)i - 1);

			logb_add_raw(&cut, i, cJSON_GetStringValue(cJSON_GetObjectItem(e, "body")));
		}
		a = build(lb.export, k);
		b = build(cut.export, k);
		assert_string_equal(a, b);
		free(b);
		doc = cJSON_Parse(a);
		b = cJSON_PrintUnformatted(cJSON_GetObjectItem(doc, "log"));
		snprintf(want, sizeof(want), "{\"seq\":%ld,\"hash\":\"%s\"}", k,
			 entry_hash(&lb, k));
		assert_string_equal(b, want);
		cJSON_Delete(doc);
		free(a);
		free(b);
		cJSON_Delete(cut.export);
	}
	cJSON_Delete(lb.export);
}

/* No entry upto_seq: NULL. */
static void test_upto_missing(void **state)
{
	static const long bad[] = {0, -1, 38, 100, LONG_MAX, LONG_MIN};
	struct logb lb;
	cJSON *x;
	size_t i;

	(void)state;
	meeting_full(&lb);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(minutes_build(lb.export, bad[i]));
	cJSON_Delete(lb.export);

	logb_init(&lb, MEETING);
	assert_null(minutes_build(lb.export, 0));
	assert_null(minutes_build(lb.export, 1));
	cJSON_Delete(lb.export);

	/* A gap: entries 1, 2, 4; there is no entry 3. */
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	logb_add(&lb, "member:11", "meeting.opened", "{}");
	logb_add_raw(&lb, 4, "{\"meeting\":42,\"seq\":4}");
	assert_null(minutes_build(lb.export, 3));
	free(build(lb.export, 4));
	cJSON_Delete(lb.export);

	assert_null(minutes_build(NULL, 1));
	x = cJSON_Parse("{\"format\":\"yangguang-meeting-log/1\",\"meeting\":42}");
	assert_null(minutes_build(x, 1));
	cJSON_Delete(x);
	x = cJSON_Parse("{\"format\":\"yangguang-meeting-log/1\",\"meeting\":42,\"entries\":"
			"[{\"seq\":1}]}");
	free(build(x, 1)); /* an entry without a body still counts as entry 1 */
	assert_null(minutes_build(x, 2));
	cJSON_Delete(x);
}

/* Events the minutes do not know, and entries they cannot read, change
 * nothing. */
static void test_unknown_events_ignored(void **state)
{
	static const char *const events[] = {
		"floor.requested",  "floor.granted",   "observer.invited", "vote.opened",
		"ballot.cast",      "minutes.signed",  "meeting.paused",   "meeting.announce",
		"meeting.open",     "Meeting.opened",  "attendance.left",  "attendance",
		"attendance.IN",    "agenda",          "agendas.opened",   "",
		"correction.added", "tally.published",
	};
	static const char *const raw[] = {
		"{\"meeting\":42,\"seq\":%ld}",
		"{\"meeting\":42,\"seq\":%ld,\"event\":7,\"data\":{\"item\":101}}",
		"{\"meeting\":42,\"seq\":%ld,\"event\":null,\"data\":{\"item\":101}}",
		"not json %ld",
		"[%ld]",
		"",
	};
	const char *data =
		"{'item':101,'kind':'member','who':12,'member':12,'name':'王芳',"
		"'reason':'x','presiding':12,'title':'x','position':'不同意','body':'x'}";
	struct logb lb, ref;
	char body[128];
	size_t i;

	(void)state;
	meeting_full(&ref);
	logb_init(&lb, MEETING);
	/* meeting_full's events with the unknown ones between them. */
	for (i = 1; i <= 37; i++) {
		cJSON *e =
			cJSON_GetArrayItem(cJSON_GetObjectItem(ref.export, "entries"), (int)i - 1);
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(e, "body"));
		size_t j = i % (sizeof(events) / sizeof(events[0]));

		logb_add_raw(&lb, lb.seq + 1, b);
		logb_add(&lb, "member:12", events[j], data);
		if (i % 6 == 0) {
			snprintf(body, sizeof(body), raw[i / 6 - 1], lb.seq + 1);
			logb_add_raw(&lb, lb.seq + 1, body);
		}
	}
	expect_same_minutes(&lb, &ref);
	cJSON_Delete(lb.export);
	cJSON_Delete(ref.export);
}

/* Events about an item that is never taken up are left out. */
static void test_item_never_opened(void **state)
{
	struct logb lb, ref;

	(void)state;
	meeting_full(&ref);
	meeting_start(&lb);
	/* meeting_full from seq 11, with events for items 998 and 999 first. */
	logb_add(&lb, "member:12", "agenda.presented",
		 "{'item':999,'member':12,'name':'王芳','kind':'present','position':null,"
		 "'candidate':0,'body':'x'}");
	logb_add(&lb, "member:14", "agenda.recused",
		 "{'item':999,'member':14,'name':'刘洋','reason':'x'}");
	statement(&lb, 999, 13, "张敏", 0, "同意", "x");
	statement(&lb, 998, 13, "张敏", 0, NULL, "");
	logb_add(&lb, "member:11", "agenda.presiding",
		 "{'item':999,'from':11,'to':12,'name':'王芳'}");
	logb_add(&lb, "member:11", "agenda.deferred", "{'item':999,'reason':'x'}");
	logb_add(&lb, "member:11", "agenda.discussed", "{'item':998,'reason':null}");
	logb_add(&lb, "member:11", "agenda.discussed", "{'reason':null}");
	statement(&lb, 0, 13, "张敏", 0, "同意", "no item");
	{
		long i;

		for (i = 11; i <= 37; i++) {
			cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(ref.export, "entries"),
						      (int)i - 1);

			logb_add_raw(&lb, lb.seq + 1,
				     cJSON_GetStringValue(cJSON_GetObjectItem(e, "body")));
		}
	}
	expect_same_minutes(&lb, &ref);
	cJSON_Delete(lb.export);
	cJSON_Delete(ref.export);
}

/* Checking in, out and in again counts once; leaving for good still
 * counts as having attended. Attendees are listed in roster order. */
static void test_attendance_once(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	member_in(&lb, 14, "刘洋", true);
	member_in(&lb, 12, "王芳", true);
	member_in(&lb, 12, "王芳", false);
	member_in(&lb, 12, "王芳", true);
	member_in(&lb, 12, "王芳", false);
	member_in(&lb, 12, "王芳", true);
	member_in(&lb, 11, "李伟", true);
	member_in(&lb, 14, "刘洋", false);
	member_in(&lb, 99, "不在名单", true); /* not on the roster: not listed */
	observer_in(&lb, 4, "周强", true);
	observer_in(&lb, 3, "孙丽", true);
	observer_in(&lb, 4, "周强", false);
	observer_in(&lb, 4, "周强", true);
	observer_in(&lb, 3, "孙丽", true);
	expect_part(
		&lb, "attended",
		"[{'id':11,'name':'李伟','title':'书记'},{'id':12,'name':'王芳','title':'副书记'},"
		"{'id':14,'name':'刘洋','title':'常委'}]");
	expect_part(&lb, "absent",
		    "[{'id':13,'name':'张敏','title':'常委','reason':''},"
		    "{'id':15,'name':'陈静','title':'常委','reason':''}]");
	expect_part(&lb, "observers", "['周强','孙丽']");
	cJSON_Delete(lb.export);
}

/* Absences: the reason recorded last; none recorded gives ""; a member
 * recorded absent who then checks in attended. */
static void test_absences(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	logb_add(&lb, "member:11", "attendance.absent",
		 "{'member':15,'name':'陈静','reason':'病假'}");
	logb_add(&lb, "member:11", "attendance.absent",
		 "{'member':15,'name':'陈静','reason':'出差'}");
	logb_add(&lb, "member:11", "attendance.absent",
		 "{'member':12,'name':'王芳','reason':'开会'}");
	member_in(&lb, 12, "王芳", true);
	member_in(&lb, 11, "李伟", true);
	expect_part(&lb, "attended",
		    "[{'id':11,'name':'李伟','title':'书记'},{'id':12,'name':'王芳','title':'"
		    "副书记'}]");
	expect_part(&lb, "absent",
		    "[{'id':13,'name':'张敏','title':'常委','reason':''},"
		    "{'id':14,'name':'刘洋','title':'常委','reason':''},"
		    "{'id':15,'name':'陈静','title':'常委','reason':'出差'}]");
	cJSON_Delete(lb.export);
}

/* Before anything: the skeleton, every member null or empty. */
static void test_nothing_happened(void **state)
{
	struct logb lb;
	char *got, want[512];

	(void)state;
	logb_init(&lb, MEETING);
	logb_add_raw(&lb, 1, "{\"meeting\":42,\"seq\":1}");
	got = build(lb.export, 1);
	snprintf(want, sizeof(want),
		 "{\"format\":\"yangguang-minutes/1\",\"meeting\":42,\"title\":null,\"place\":null,"
		 "\"scheduled\":null,\"opened\":null,\"closed\":null,\"chair\":\"\",\"clerks\":[],"
		 "\"observers\":[],"
		 "\"attended\":[],\"absent\":[],\"items\":[],\"log\":{\"seq\":1,\"hash\":\"%s\"}}",
		 entry_hash(&lb, 1));
	assert_string_equal(got, want);
	free(got);
	cJSON_Delete(lb.export);
}

/* The chair is whoever opened the meeting, by name from the roster. */
static void test_chair(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	logb_add(&lb, "member:12", "meeting.opened", "{}");
	expect_part(&lb, "chair", "'王芳'");
	expect_part(&lb, "opened", "'2025-03-01T01:00:02.000000Z'");
	expect_part(&lb, "closed", "null");
	cJSON_Delete(lb.export);

	/* Someone not on the roster, or not a member: no name. */
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	logb_add(&lb, "member:77", "meeting.opened", "{}");
	expect_part(&lb, "chair", "''");
	logb_add(&lb, "observer:11", "meeting.opened", "{}");
	expect_part(&lb, "chair", "''");
	logb_add(&lb, "system", "meeting.opened", "{}");
	expect_part(&lb, "chair", "''");
	expect_part(&lb, "opened", "'2025-03-01T01:00:04.000000Z'");
	cJSON_Delete(lb.export);

	/* Never opened. */
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	expect_part(&lb, "chair", "''");
	expect_part(&lb, "opened", "null");
	expect_part(&lb, "title", "'县委常委会2025年第7次会议'");
	expect_part(&lb, "place", "'县委三楼会议室'");
	expect_part(&lb, "scheduled", "'2025-03-01T09:00:00+08:00'");
	cJSON_Delete(lb.export);
}

/* An item taken up and not finished stays open; a presiding member not on
 * the roster has no name. */
static void test_item_left_open(void **state)
{
	struct logb lb;

	(void)state;
	meeting_start(&lb);
	logb_add(&lb, "member:11", "agenda.opened",
		 "{'item':101,'title':'预算','presiding':77,'personnel':false}");
	statement(&lb, 101, 13, "张敏", 0, "同意", "好。");
	expect_part(&lb, "items",
		    "[{'item':101,'title':'预算','presiding':[''],'presentation':null,"
		    "'recusals':[],'statements':[{'name':'张敏','candidate':0,'position':'同意',"
		    "'body':'好。'}],'outcome':'open','reason':null}]");
	cJSON_Delete(lb.export);
}

/* Whatever is not a position string is a pass. */
static void test_pass_forms(void **state)
{
	struct logb lb;

	(void)state;
	meeting_start(&lb);
	logb_add(&lb, "member:11", "agenda.opened", "{'item':5,'title':'t','presiding':11}");
	logb_add(&lb, "member:12", "agenda.statement",
		 "{'item':5,'name':'王芳','kind':'pass','position':null,'candidate':0,'body':''}");
	logb_add(&lb, "member:13", "agenda.statement",
		 "{'item':5,'name':'张敏','kind':'pass','candidate':0,'body':''}");
	logb_add(&lb, "member:14", "agenda.statement",
		 "{'item':5,'name':'刘洋','kind':'pass','position':0,'candidate':0}");
	logb_add(&lb, "member:11", "agenda.statement",
		 "{'item':5,'name':'李伟','kind':'state','position':'不同意','candidate':0,"
		 "'body':'不同意。'}");
	expect_part(&lb, "items",
		    "[{'item':5,'title':'t','presiding':['李伟'],'presentation':null,'recusals':[],"
		    "'statements':[{'name':'王芳','candidate':0,'position':'pass','body':''},"
		    "{'name':'张敏','candidate':0,'position':'pass','body':''},"
		    "{'name':'刘洋','candidate':0,'position':'pass','body':null},"
		    "{'name':'李伟','candidate':0,'position':'不同意','body':'不同意。'}],"
		    "'outcome':'open','reason':null}]");
	cJSON_Delete(lb.export);
}

/* A later presentation replaces an earlier one; deferral after discussion
 * is what the item ends with. */
static void test_last_word(void **state)
{
	struct logb lb;

	(void)state;
	meeting_start(&lb);
	logb_add(&lb, "member:11", "agenda.opened", "{'item':5,'title':'t','presiding':11}");
	logb_add(&lb, "member:12", "agenda.presented", "{'item':5,'name':'王芳','body':'一'}");
	logb_add(&lb, "member:13", "agenda.presented", "{'item':5,'name':'张敏','body':'二'}");
	logb_add(&lb, "member:11", "agenda.discussed", "{'item':5,'reason':null}");
	logb_add(&lb, "member:11", "agenda.deferred", "{'item':5,'reason':'再议'}");
	expect_part(&lb, "items",
		    "[{'item':5,'title':'t','presiding':['李伟'],'presentation':{'name':'张敏',"
		    "'body':'二'},'recusals':[],'statements':[],'outcome':'deferred','reason':'"
		    "再议'}]");
	cJSON_Delete(lb.export);
}

/* a recusal declared before the item is taken up is lost.
 * api.agenda_recuse (sql/0009) accepts recusals while the item is
 * 'pending' and the meeting 'announced' or 'open', and logs agenda.recused
 * then; minutes_item_event drops every event for an item not yet opened,
 * so the minutes of such a meeting have "recusals":[] for that item,
 * though DESIGN.md rule 11 and minutes.h require recusals in them. */
static void test_recusal_before_item_opened(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "meeting.announced", ANNOUNCED);
	logb_add(&lb, "member:14", "agenda.recused",
		 "{'item':101,'member':14,'name':'刘洋','reason':'近亲属'}");
	member_in(&lb, 11, "李伟", true);
	logb_add(&lb, "member:11", "meeting.opened", "{}");
	logb_add(&lb, "member:11", "agenda.opened", "{'item':101,'title':'预算','presiding':11}");
	expect_part(&lb, "items",
		    "[{'item':101,'title':'预算','presiding':['李伟'],'presentation':null,"
		    "'recusals':[{'name':'刘洋','reason':'近亲属'}],'statements':[],"
		    "'outcome':'open','reason':null}]");
	cJSON_Delete(lb.export);
}

/* any event "agenda.*" that minutes_item_event does not know
 * (its final else) ends the item as "discussed" and overwrites its reason:
 * a deferred item followed by, say, "agenda.voted" or "agenda.reopened"
 * shows "outcome":"discussed","reason":null. Unknown events should be
 * ignored like the others. */
static void test_unknown_agenda_event(void **state)
{
	static const char *const events[] = {"agenda.voted", "agenda.reopened", "agenda.note",
					     "agenda.openedx"};
	struct logb lb, ref;
	size_t i;

	(void)state;
	meeting_start(&ref);
	logb_add(&ref, "member:11", "agenda.opened", "{'item':5,'title':'t','presiding':11}");
	logb_add(&ref, "member:11", "agenda.deferred", "{'item':5,'reason':'再议'}");
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		meeting_start(&lb);
		logb_add(&lb, "member:11", "agenda.opened",
			 "{'item':5,'title':'t','presiding':11}");
		logb_add(&lb, "member:11", "agenda.deferred", "{'item':5,'reason':'再议'}");
		logb_add(&lb, "member:11", events[i], "{'item':5,'reason':'x'}");
		expect_same_minutes(&lb, &ref);
		cJSON_Delete(lb.export);
	}
	cJSON_Delete(ref.export);
}

/* A vote.result entry for item as sql/0013 logs it (the tally shortened). */
static void vote_result(struct logb *lb, int item, int round, const char *question,
			const char *counts, const char *outcome, int ballots)
{
	char data[1024];

	snprintf(data, sizeof(data),
		 "{'item':%d,'round':%d,'title':'t','question':%s,'counts':%s,'outcome':%s,"
		 "'ballots':%d,'eligible':4,'entitled':5,'tally':'eyJh.eyJi.c2ln'}",
		 item, round, question, counts, outcome, ballots);
	logb_add(lb, "server", "vote.result", data);
}

#define OPTIONS_Q "{'kind':'options','title':'预算','labels':['同意','不同意','弃权'],'seats':1}"
#define CADRE_Q   "{'kind':'approval','title':'干部任免','labels':['张三','李四','王五'],'seats':2}"
#define RUNOFF_Q  "{'kind':'approval','title':'干部任免','labels':['李四','王五'],'seats':1}"
#define OUTCOME(result, elected, runoff, seats)                                                    \
	"{'result':'" result "','line':3,'base':'entitled','base_count':5,'threshold':{'num':1,"   \
	"'den':2,'inclusive':false},'elected':" elected ",'runoff':" runoff                        \
	",'runoff_seats':" seats "}"

/* Each vote.result joins its item: method, round, counts by label,
 * outcome with the candidates by name; a run-off and its second round
 * both. Items without a vote have no "votes" at all. */
static void test_vote_results(void **state)
{
	struct logb lb;

	(void)state;
	meeting_start(&lb);
	logb_add(&lb, "member:11", "agenda.opened", "{'item':101,'title':'预算','presiding':11}");
	logb_add(&lb, "member:11", "agenda.discussed", "{'item':101,'reason':null}");
	logb_add(&lb, "member:11", "vote.opened", "{'item':101,'round':1,'eligible':4}");
	logb_add(&lb, "member:12", "vote.cast", "{'item':101,'round':1,'cast':1,'eligible':4}");
	logb_add(&lb, "member:11", "vote.closing", "{'item':101,'round':1,'ballots':4}");
	logb_add(&lb, "member:13", "vote.decrypted", "{'item':101,'round':1,'index':0}");
	vote_result(&lb, 101, 1, OPTIONS_Q, "[3,1,0]", OUTCOME("adopted", "[]", "[]", "0"), 4);
	logb_add(&lb, "member:11", "agenda.opened", "{'item':102,'title':'道路','presiding':11}");
	logb_add(&lb, "member:11", "agenda.deferred", "{'item':102,'reason':'再议'}");
	logb_add(&lb, "member:11", "agenda.opened",
		 "{'item':103,'title':'干部任免','presiding':11}");
	logb_add(&lb, "member:11", "agenda.discussed", "{'item':103,'reason':null}");
	vote_result(&lb, 103, 1, CADRE_Q, "[4,3,3]", OUTCOME("runoff", "[0]", "[1,2]", "1"), 4);
	vote_result(&lb, 103, 2, RUNOFF_Q, "[3,1]", OUTCOME("elected", "[0]", "[]", "0"), 4);
	expect_part(
		&lb, "items",
		"[{'item':101,'title':'预算','presiding':['李伟'],'presentation':null,'recusals':[]"
		","
		"'statements':[],'outcome':'discussed','reason':null,'votes':[{'round':1,"
		"'method':'无记名投票','kind':'options','seats':1,'eligible':4,'ballots':4,"
		"'counts':[{'label':'同意','votes':3},{'label':'不同意','votes':1},"
		"{'label':'弃权','votes':0}],'result':'adopted','line':3,'elected':[],'runoff':[],"
		"'runoff_seats':0}]},"
		"{'item':102,'title':'道路','presiding':['李伟'],'presentation':null,'recusals':[],"
		"'statements':[],'outcome':'deferred','reason':'再议'},"
		"{'item':103,'title':'干部任免','presiding':['李伟'],'presentation':null,"
		"'recusals':[],'statements':[],'outcome':'discussed','reason':null,'votes':["
		"{'round':1,'method':'无记名投票','kind':'approval','seats':2,'eligible':4,"
		"'ballots':4,'counts':[{'label':'张三','votes':4},{'label':'李四','votes':3},"
		"{'label':'王五','votes':3}],'result':'runoff','line':3,'elected':['张三'],"
		"'runoff':['李四','王五'],'runoff_seats':1},"
		"{'round':2,'method':'无记名投票','kind':'approval','seats':1,'eligible':4,"
		"'ballots':4,'counts':[{'label':'李四','votes':3},{'label':'王五','votes':1}],"
		"'result':'elected','line':3,'elected':['李四'],'runoff':[],'runoff_seats':0}]}]");
	cJSON_Delete(lb.export);
}

/* The other vote events, and results for items not taken up, change
 * nothing. */
static void test_vote_events_ignored(void **state)
{
	struct logb lb, ref;

	(void)state;
	meeting_start(&ref);
	logb_add(&ref, "member:11", "agenda.opened", "{'item':5,'title':'t','presiding':11}");
	logb_add(&ref, "member:11", "agenda.discussed", "{'item':5,'reason':null}");
	meeting_start(&lb);
	vote_result(&lb, 5, 1, OPTIONS_Q, "[3,1,0]", OUTCOME("adopted", "[]", "[]", "0"), 4);
	logb_add(&lb, "member:11", "agenda.opened", "{'item':5,'title':'t','presiding':11}");
	logb_add(&lb, "member:11", "scrutineers.designated", "{'scrutineers':[]}");
	logb_add(&lb, "system", "election.key", "{'key':'x'}");
	logb_add(&lb, "member:11", "agenda.discussed", "{'item':5,'reason':null}");
	logb_add(&lb, "member:11", "vote.opened", "{'item':5,'round':1}");
	logb_add(&lb, "member:11", "vote.cast", "{'item':5,'round':1,'cast':1}");
	logb_add(&lb, "member:11", "vote.closing", "{'item':5,'round':1}");
	logb_add(&lb, "member:11", "vote.decrypted", "{'item':5,'round':1}");
	logb_add(&lb, "member:11", "vote.resulted", "{'item':5,'round':1}");
	vote_result(&lb, 6, 1, OPTIONS_Q, "[3,1,0]", OUTCOME("adopted", "[]", "[]", "0"), 4);
	expect_same_minutes(&lb, &ref);
	cJSON_Delete(lb.export);
	cJSON_Delete(ref.export);
}

/* What the clerk minutes (issue 22): a cadre item's candidates by name
 * from agenda.opened, the latest 议定事项 of each item, and observers'
 * remarks from the floor in order; for an item never taken up, none. */
static void test_clerk_entries(void **state)
{
	struct logb lb;
	char *items, *want;

	(void)state;
	meeting_start(&lb);
	logb_add(&lb, "member:14", "agenda.agreed",
		 "{'item':7,'n':1,'text':'未开启','name':'刘洋'}");
	logb_add(&lb, "member:14", "floor.remark",
		 "{'request':9,'item':7,'speaker':'孙丽','category':'npc_deputy',"
		 "'category_name':'人大代表','body':'未开启'}");
	logb_add(&lb, "member:11", "agenda.opened",
		 "{'item':7,'title':'干部任免','presiding':11,'personnel':true,"
		 "'candidates':['王志远','刘建华']}");
	statement(&lb, 7, 12, "王芳", 1, "同意", "同意。");
	logb_add(&lb, "member:14", "floor.remark",
		 "{'request':1,'item':7,'speaker':'孙丽','category':'npc_deputy',"
		 "'category_name':'人大代表','body':'建议公开考察情况。'}");
	logb_add(&lb, "member:14", "agenda.agreed",
		 "{'item':7,'n':1,'text':'第一稿','name':'刘洋'}");
	logb_add(&lb, "member:14", "agenda.agreed",
		 "{'item':7,'n':2,'text':'第二稿','name':'刘洋'}");
	items = minutes_part(&lb, "items");
	want = tquote("[{'item':7,'title':'干部任免','presiding':['李伟'],'presentation':null,"
		      "'recusals':[],'statements':[{'name':'王芳','candidate':1,'position':'同意',"
		      "'body':'同意。'}],'outcome':'open','reason':null,"
		      "'candidates':['王志远','刘建华'],'remarks':[{'speaker':'孙丽',"
		      "'category':'npc_deputy','category_name':'人大代表',"
		      "'body':'建议公开考察情况。'}],'agreed':'第二稿'}]");
	assert_string_equal(items, want);
	free(want);
	free(items);
	cJSON_Delete(lb.export);
}

/* A result whose data is not what the server writes gives nulls where
 * things are missing and never crashes; the same log, the same bytes. */
static void test_vote_result_malformed(void **state)
{
	static const char *const data[] = {
		"{'item':5}",
		"{'item':5,'question':null,'counts':null,'outcome':null}",
		"{'item':5,'question':1,'counts':{'a':1},'outcome':[]}",
		"{'item':5,'question':{'labels':{'x':'y'}},'counts':[1,2],'outcome':{'elected':1,"
		"'runoff':{'a':0}}}",
		"{'item':5,'question':{'labels':['a']},'counts':[1,'x',null,[]],"
		"'outcome':{'elected':[0,1,-1,0.5,64,1e300,'0',null],'runoff':[[0]]}}",
	};
	struct logb lb;
	size_t i;
	char *a, *b;

	(void)state;
	meeting_start(&lb);
	logb_add(&lb, "member:11", "agenda.opened", "{'item':5,'title':'t','presiding':11}");
	logb_add(&lb, "server", "vote.result", "null");
	logb_add(&lb, "server", "vote.result", "[5]");
	for (i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		logb_add(&lb, "server", "vote.result", data[i]);
	a = build(lb.export, lb.seq);
	b = build(lb.export, lb.seq);
	assert_string_equal(a, b);
	free(a);
	free(b);
	expect_part(
		&lb, "items",
		"[{'item':5,'title':'t','presiding':['李伟'],'presentation':null,'recusals':[],"
		"'statements':[],'outcome':'open','reason':null,'votes':["
		"{'round':null,'method':'无记名投票','kind':null,'seats':null,'eligible':null,"
		"'ballots':null,'counts':[],'result':null,'line':null,'elected':[],'runoff':[],"
		"'runoff_seats':null},"
		"{'round':null,'method':'无记名投票','kind':null,'seats':null,'eligible':null,"
		"'ballots':null,'counts':[],'result':null,'line':null,'elected':[],'runoff':[],"
		"'runoff_seats':null},"
		"{'round':null,'method':'无记名投票','kind':null,'seats':null,'eligible':null,"
		"'ballots':null,'counts':[],'result':null,'line':null,'elected':[],'runoff':[],"
		"'runoff_seats':null},"
		"{'round':null,'method':'无记名投票','kind':null,'seats':null,'eligible':null,"
		"'ballots':null,'counts':[{'label':null,'votes':1},{'label':null,'votes':2}],"
		"'result':null,'line':null,'elected':[],'runoff':[],'runoff_seats':null},"
		"{'round':null,'method':'无记名投票','kind':null,'seats':null,'eligible':null,"
		"'ballots':null,'counts':[{'label':'a','votes':1},{'label':null,'votes':'x'},"
		"{'label':null,'votes':null},{'label':null,'votes':[]}],'result':null,'line':null,"
		"'elected':['a',null,null,null,null,null,null,null],'runoff':[null],"
		"'runoff_seats':null}]}]");
	cJSON_Delete(lb.export);
}

/* The signed message, byte by byte. */
static void test_message_bytes(void **state)
{
	/* SHA-256("abc"), FIPS 180-2 appendix B.1. */
	static const unsigned char abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
					      0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
					      0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
					      0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
	static const unsigned char head[29] = {
		'y', 'a', 'n', 'g', 'g', 'u',  'a',  'n',  'g',  '/',  'v',  '1',  '/',  'm', 'i',
		'n', 'u', 't', 'e', 's', 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
	unsigned char out[MINUTES_MSG_LEN + 16];

	(void)state;
	assert_int_equal(MINUTES_MSG_LEN, 61);
	memset(out, 0xa5, sizeof(out));
	assert_int_equal(minutes_message(0x0102030405060708ULL, "abc", out), MINUTES_MSG_LEN);
	assert_memory_equal(out, head, sizeof(head));
	assert_memory_equal(out + 29, abc, 32);
	for (size_t i = MINUTES_MSG_LEN; i < sizeof(out); i++)
		assert_int_equal(out[i], 0xa5); /* nothing written past the end */
}

/* The digest is of the whole text, computed here independently, and the
 * meeting id is 8 bytes big-endian whatever its size. */
static void test_message_meeting_and_text(void **state)
{
	static const uint64_t ids[] = {
		0, 42, 0xff, 0x100, 0x7fffffffffffffffULL, 0x8000000000000000ULL, UINT64_MAX};
	struct logb lb;
	unsigned char out[MINUTES_MSG_LEN], md[32], be[8];
	unsigned int n = 0;
	char *text;
	size_t i;
	int j;

	(void)state;
	meeting_full(&lb);
	text = build(lb.export, 37);
	assert_int_equal(EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL), 1);
	assert_int_equal(n, 32);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		for (j = 0; j < 8; j++)
			be[j] = (unsigned char)(ids[i] >> (56 - 8 * j));
		assert_int_equal(minutes_message(ids[i], text, out), MINUTES_MSG_LEN);
		assert_memory_equal(out, "yangguang/v1/minutes", 21); /* with its NUL */
		assert_memory_equal(out + 21, be, 8);
		assert_memory_equal(out + 29, md, 32);
	}
	/* The empty text. */
	assert_int_equal(minutes_message(42, "", out), MINUTES_MSG_LEN);
	assert_int_equal(EVP_Digest("", 0, md, &n, EVP_sha256(), NULL), 1);
	assert_memory_equal(out + 29, md, 32);
	free(text);
	cJSON_Delete(lb.export);
}

/* Another meeting or one byte of text changes the message. */
static void test_message_binds(void **state)
{
	unsigned char a[MINUTES_MSG_LEN], b[MINUTES_MSG_LEN];

	(void)state;
	minutes_message(42, "{\"a\":1}", a);
	minutes_message(43, "{\"a\":1}", b);
	assert_memory_not_equal(a, b, MINUTES_MSG_LEN);
	minutes_message(42, "{\"a\":2}", b);
	assert_memory_not_equal(a, b, MINUTES_MSG_LEN);
	minutes_message(42, "{\"a\":1} ", b);
	assert_memory_not_equal(a, b, MINUTES_MSG_LEN);
	minutes_message(42, "{\"a\":1}", b);
	assert_memory_equal(a, b, MINUTES_MSG_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_meeting),
		cmocka_unit_test(test_build_twice),
		cmocka_unit_test(test_export_untouched),
		cmocka_unit_test(test_later_entries_ignored),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_upto_missing),
		cmocka_unit_test(test_unknown_events_ignored),
		cmocka_unit_test(test_item_never_opened),
		cmocka_unit_test(test_attendance_once),
		cmocka_unit_test(test_absences),
		cmocka_unit_test(test_nothing_happened),
		cmocka_unit_test(test_chair),
		cmocka_unit_test(test_item_left_open),
		cmocka_unit_test(test_pass_forms),
		cmocka_unit_test(test_last_word),
		cmocka_unit_test(test_recusal_before_item_opened),
		cmocka_unit_test(test_unknown_agenda_event),
		cmocka_unit_test(test_vote_results),
		cmocka_unit_test(test_vote_events_ignored),
		cmocka_unit_test(test_vote_result_malformed),
		cmocka_unit_test(test_clerk_entries),
		cmocka_unit_test(test_message_bytes),
		cmocka_unit_test(test_message_meeting_and_text),
		cmocka_unit_test(test_message_binds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
