/* Unit tests for server/check_judge.c, the judgements of `ygd check`: a
 * meeting's record (chain, status against the log, minutes and their
 * signatures, pending signatures), the statement table against the log,
 * an election record that is not one, and the admin log's facts. Records
 * are built here as the server exports them, then spoiled one way at a
 * time. JSON is written with ' for " (tjson.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/evp.h>

#include "../../proto/hex.h"
#include "../../proto/logchain.h"
#include "../../proto/minutes.h"
#include "../../proto/sig.h"
#include "../../server/check_judge.h"
#include "tjson.h"

#define MEETING 7

/* A meeting's log under construction and its minutes. */
struct rec {
	cJSON *log;
	long seq;
	unsigned char head[32];
	char *minutes;
	cJSON *signatures; /* as yg_inner.minutes_json lists them */
};

/* Append the next event, data in the ' notation (taken as a cJSON if
 * data_json is not NULL). */
static void rec_add(struct rec *r, const char *event, const char *data, cJSON *data_json)
{
	cJSON *b = cJSON_CreateObject(), *e = cJSON_CreateObject();
	char prev[65], hash[65], *body;

	cJSON_AddNumberToObject(b, "meeting", MEETING);
	cJSON_AddNumberToObject(b, "seq", (double)(r->seq + 1));
	cJSON_AddStringToObject(b, "at", "2026-12-01T01:00:00.000000Z");
	cJSON_AddStringToObject(b, "actor", "member:11");
	cJSON_AddStringToObject(b, "event", event);
	cJSON_AddItemToObject(b, "data", data_json != NULL ? data_json : tjson(data));
	body = cJSON_PrintUnformatted(b);
	hex_encode(r->head, 32, prev);
	assert_true(logchain_hash(r->head, body, hash));
	cJSON_AddNumberToObject(e, "seq", (double)(r->seq + 1));
	cJSON_AddStringToObject(e, "body", body);
	cJSON_AddStringToObject(e, "prev_hash", prev);
	cJSON_AddStringToObject(e, "hash", hash);
	cJSON_AddItemToArray(cJSON_GetObjectItem(r->log, "entries"), e);
	assert_true(hex_decode(hash, r->head, 32));
	r->seq++;
	free(body);
	cJSON_Delete(b);
}

/* A meeting up to its opening (closed too if closed), minutes built. */
static void rec_meeting(struct rec *r, bool closed)
{
	memset(r, 0, sizeof(*r));
	r->log = tjson(
		"{'format':'yangguang-meeting-log/1','meeting':7,'committee':1,'entries':[]}");
	r->signatures = cJSON_CreateArray();
	rec_add(r, "meeting.announced",
		"{'id':7,'title':'常委会','place':'会议室','starts_at':'2026-12-01T09:00:00+08:00',"
		"'roster':[{'id':11,'name':'李伟','title':'书记'},{'id':12,'name':'王芳',"
		"'title':'副书记'}],'clerks':['赵敏']}",
		NULL);
	rec_add(r, "attendance.in", "{'kind':'member','who':11,'name':'李伟'}", NULL);
	rec_add(r, "attendance.in", "{'kind':'member','who':12,'name':'王芳'}", NULL);
	rec_add(r, "meeting.opened", "{'entitled':2,'present':2,'absent':[]}", NULL);
	rec_add(r, "agenda.opened", "{'item':101,'title':'预算','presiding':11,'personnel':false}",
		NULL);
	rec_add(r, "agenda.statement",
		"{'item':101,'member':12,'name':'王芳','kind':'state','position':'agree',"
		"'candidate':0,'body':'同意。'}",
		NULL);
	if (!closed)
		return;
	rec_add(r, "meeting.closed", "{'entitled':2,'present':2,'absent':[]}", NULL);
	r->minutes = minutes_build(r->log, r->seq);
	assert_non_null(r->minutes);
}

/* A signature of the minutes by a new key, logged as api.minutes_sign does
 * and listed as yg_inner.minutes_json does. */
static void rec_sign(struct rec *r, const char *role)
{
	EVP_PKEY *k = sig_keygen();
	unsigned char pub[SIG_PUB_LEN], msg[MINUTES_MSG_LEN], s[SIG_LEN];
	char pub_text[SIG_PUB_TEXT_LEN + 1], sig_text[SIG_TEXT_LEN + 1];
	cJSON *d = cJSON_CreateObject();

	assert_true(sig_public(k, pub));
	sig_pub_to_text(pub, pub_text);
	assert_true(sig_sign(k, msg, minutes_message(MEETING, r->minutes, msg), s));
	sig_to_text(s, sig_text);
	EVP_PKEY_free(k);
	/* The chair who opened the meeting (member 11) and the clerk recorded
	 * in its announcement: the only ones whose signatures count. */
	cJSON_AddStringToObject(d, "role", role);
	cJSON_AddNumberToObject(d, "member", strcmp(role, "chair") == 0 ? 11 : 13);
	cJSON_AddStringToObject(d, "name", strcmp(role, "chair") == 0 ? "李伟" : "赵敏");
	cJSON_AddStringToObject(d, "key", pub_text);
	cJSON_AddStringToObject(d, "signature", sig_text);
	cJSON_AddItemToArray(r->signatures, cJSON_Duplicate(d, 1));
	rec_add(r, "minutes.signed", NULL, d);
}

/* The record as meeting.record gives it (minutes only if made). */
static cJSON *rec_record(struct rec *r)
{
	cJSON *rec = cJSON_CreateObject(), *m;
	char sha[65];

	cJSON_AddStringToObject(rec, "format", "yangguang-meeting-record/1");
	cJSON_AddItemToObject(rec, "log", cJSON_Duplicate(r->log, 1));
	if (r->minutes == NULL) {
		cJSON_AddNullToObject(rec, "minutes");
		return rec;
	}
	hex_sha256(r->minutes, strlen(r->minutes), sha);
	m = cJSON_AddObjectToObject(rec, "minutes");
	cJSON_AddNumberToObject(m, "meeting", MEETING);
	cJSON_AddStringToObject(m, "body", r->minutes);
	cJSON_AddStringToObject(m, "sha256", sha);
	cJSON_AddNumberToObject(m, "log_seq", 7);
	cJSON_AddItemToObject(m, "signatures", cJSON_Duplicate(r->signatures, 1));
	return rec;
}

static void rec_free(struct rec *r)
{
	cJSON_Delete(r->log);
	cJSON_Delete(r->signatures);
	free(r->minutes);
}

/* Judge r's record with status; returns the verdict's ok. */
static bool judge(struct rec *r, const char *status, struct check_verdict *v)
{
	cJSON *rec = rec_record(r);
	bool ok = check_judge_meeting(rec, status, v);

	cJSON_Delete(rec);
	return ok;
}

/* Whether some line of v contains text. */
static bool says(const struct check_verdict *v, const char *text)
{
	int i;

	for (i = 0; i < v->nlines; i++)
		if (strstr(v->lines[i], text) != NULL)
			return true;
	return false;
}

static void test_open_meeting_ok(void **state)
{
	struct check_verdict v;
	struct rec r;

	(void)state;
	rec_meeting(&r, false);
	assert_true(judge(&r, "open", &v));
	assert_int_equal(strncmp(v.summary, "log: 6 entries, chain intact, head #6 ", 38), 0);
	assert_int_equal(strlen(v.summary), 38 + 64); /* and the head's hash */
	assert_int_equal(v.nlines, 0);
	assert_false(judge(&r, "closed", &v)); /* marked closed, never closed */
	assert_true(says(&v, "FAIL: the meeting is marked closed but its log never closes it"));
	rec_free(&r);
}

static void test_closed_meeting_signed_ok(void **state)
{
	struct check_verdict v;
	struct rec r;
	char *made;

	(void)state;

	rec_meeting(&r, true);
	made = r.minutes;
	r.minutes = NULL;
	assert_true(judge(&r, "closed", &v)); /* minutes not made yet: a note */
	assert_true(says(&v, "note: no minutes made yet"));
	r.minutes = made;
	assert_true(judge(&r, "closed", &v)); /* made, nobody has signed yet */
	assert_true(says(&v, "note: the minutes await the signature of the chair and the clerk"));
	rec_sign(&r, "chair");
	assert_true(judge(&r, "closed", &v)); /* the clerk has not signed yet */
	assert_true(says(&v, "note: the minutes await the signature of the clerk"));
	rec_sign(&r, "clerk");
	assert_true(judge(&r, "closed", &v));
	assert_int_equal(v.nlines, 0);
	assert_non_null(strstr(v.summary, "minutes match the log and their signatures verify"));
	assert_false(judge(&r, "open", &v));
	assert_true(says(&v, "FAIL: the log closes the meeting but it is marked open"));
	assert_true(says(&v, "FAIL: minutes exist for a meeting that is not closed"));
	rec_free(&r);
}

static void test_changed_body_fails(void **state)
{
	struct check_verdict v;
	struct rec r;
	cJSON *rec, *e;
	char *body;

	(void)state;
	rec_meeting(&r, true);
	rec_sign(&r, "chair");
	rec_sign(&r, "clerk");
	rec = rec_record(&r);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "log"), "entries"), 5);
	body = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(e, "body")));
	memcpy(strstr(body, "同意。"), "不同", strlen("不同")); /* 同意。 becomes 不同。 */
	cJSON_ReplaceItemInObject(e, "body", cJSON_CreateString(body));
	free(body);
	assert_false(check_judge_meeting(rec, "closed", &v));
	assert_true(says(&v, "FAIL: log: entry 6: its body or hash was changed"));
	cJSON_Delete(rec);
	rec_free(&r);
}

static void test_minutes_and_signatures_fail(void **state)
{
	struct check_verdict v;
	struct rec r;
	cJSON *rec, *m, *s;

	(void)state;
	rec_meeting(&r, true);
	rec_sign(&r, "chair");
	rec_sign(&r, "clerk");
	/* the minutes' text changed in the table */
	rec = rec_record(&r);
	m = cJSON_GetObjectItem(rec, "minutes");
	cJSON_ReplaceItemInObject(m, "body", cJSON_CreateString("改过的记录"));
	assert_false(check_judge_meeting(rec, "closed", &v));
	assert_true(says(&v, "FAIL: the minutes differ from what the log records"));
	cJSON_Delete(rec);
	/* a stored signature that is not the log's */
	rec = rec_record(&r);
	s = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "minutes"), "signatures"), 1);
	cJSON_ReplaceItemInObject(s, "signature", cJSON_CreateString("AAAA"));
	assert_false(check_judge_meeting(rec, "closed", &v));
	assert_true(says(&v, "FAIL: the stored signature of the clerk is not one the log records"));
	cJSON_Delete(rec);
	/* the minutes removed though the log records their signatures */
	free(r.minutes);
	r.minutes = NULL;
	assert_false(judge(&r, "closed", &v));
	assert_true(says(&v, "FAIL: the log records 2 signatures of minutes that are missing"));
	rec_free(&r);
}

static void test_statements(void **state)
{
	struct check_verdict v;
	struct rec r;
	cJSON *rows;

	(void)state;
	rec_meeting(&r, false);
	rows = tjson("[{'item':101,'member':12,'candidate':0,'kind':'state','position':'agree',"
		     "'body':'同意。'}]");
	assert_true(judge(&r, "open", &v));
	assert_true(check_judge_statements(r.log, rows, &v));
	assert_non_null(strstr(v.summary, "; 1 statements as logged"));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(rows, 0), "body",
				  cJSON_CreateString("不同意。"));
	assert_true(judge(&r, "open", &v));
	assert_false(check_judge_statements(r.log, rows, &v));
	assert_true(says(&v, "FAIL: the statement of member 12 on item 101 (candidate 0) differs"));
	assert_true(says(&v, "FAIL: the log's statement of member 12 on item 101 is not stored"));
	cJSON_Delete(rows);
	rows = tjson("[]");
	assert_true(judge(&r, "open", &v));
	assert_false(check_judge_statements(r.log, rows, &v));
	assert_int_equal(v.nlines, 1);
	cJSON_Delete(rows);
	rec_free(&r);
}

static void test_election_not_a_record(void **state)
{
	struct check_verdict v;
	cJSON *rec = tjson("{'format':'yangguang-election-record/1','meeting':8,'item':3,"
			   "'rounds':[]}");

	(void)state;
	assert_false(check_judge_election(rec, 7, &v));
	assert_true(says(&v, "FAIL: the record names meeting 8"));
	assert_string_equal(v.summary, "item 3: 0 rounds, tallies signed by ?");
	cJSON_Delete(rec);
}

/* The record test_election wrote of a run-off (tests/fuzz/corpus), read
 * from the repository root, where tests/run.sh runs. */
static cJSON *runoff_seed(void)
{
	FILE *f = fopen("tests/fuzz/corpus/election/runoff.json", "rb");
	static char buf[1 << 16];
	size_t n = f != NULL ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	cJSON *j;

	if (f != NULL)
		fclose(f);
	buf[n] = '\0';
	j = cJSON_Parse(buf);
	assert_non_null(j);
	return j;
}

/* A vote whose run-off has not closed is under way, not wrong; anything
 * else wrong with it still fails. */
static void test_election_under_way(void **state)
{
	struct check_verdict v;
	cJSON *rec = runoff_seed();

	(void)state;
	assert_true(check_judge_election(rec, 2, &v));
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(rec, "rounds"), 1);
	assert_true(check_judge_election(rec, 2, &v));
	assert_true(says(&v, "note: the vote is under way"));
	cJSON_ReplaceItemInArray(
		cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "rounds"), 0),
				    "counts"),
		0, cJSON_CreateNumber(5));
	assert_false(check_judge_election(rec, 2, &v));
	assert_true(says(&v, "FAIL: round 1: the decryptions give the counts"));
	cJSON_Delete(rec);
}

static void test_election_against_the_log(void **state)
{
	struct check_verdict v;
	struct rec r;
	cJSON *e = tjson("{'item':101,'rounds':[{'round':1,'ballots':[{},{}],'tally':'T1',"
			 "'counts':[1,1,0]}]}");

	(void)state;
	rec_meeting(&r, false);
	rec_add(&r, "vote.cast", "{'item':101,'round':1,'cast':1,'eligible':2}", NULL);
	rec_add(&r, "vote.cast", "{'item':101,'round':1,'cast':2,'eligible':2}", NULL);
	rec_add(&r, "vote.cast", "{'item':102,'round':1,'cast':1,'eligible':2}", NULL);
	memset(&v, 0, sizeof(v));
	v.ok = true;
	assert_false(check_judge_election_log(e, r.log, &v)); /* no result yet */
	assert_true(says(&v, "FAIL: round 1: the meeting's log records 0 results"));
	rec_add(&r, "vote.result", "{'item':101,'round':1,'counts':[1,1,0],'tally':'T1'}", NULL);
	memset(&v, 0, sizeof(v));
	v.ok = true;
	assert_true(check_judge_election_log(e, r.log, &v));
	assert_int_equal(v.nlines, 0);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "rounds"), 0), "counts",
				  tjson("[2,0,0]"));
	assert_false(check_judge_election_log(e, r.log, &v));
	assert_true(says(&v, "FAIL: round 1: the counts are not the ones the log records"));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "rounds"), 0), "tally",
				  cJSON_CreateString("T2"));
	cJSON_DeleteItemFromArray(
		cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "rounds"), 0),
				    "ballots"),
		0);
	memset(&v, 0, sizeof(v));
	v.ok = true;
	assert_false(check_judge_election_log(e, r.log, &v));
	assert_true(says(&v, "FAIL: round 1: the tally is not the one the log records"));
	assert_true(says(&v, "FAIL: round 1: 1 ballots, but the log records 2 cast"));
	/* A run-off round the log has a result of, left out of the record. */
	rec_add(&r, "vote.result", "{'item':101,'round':2,'counts':[1,1],'tally':'T3'}", NULL);
	memset(&v, 0, sizeof(v));
	v.ok = true;
	assert_false(check_judge_election_log(e, r.log, &v));
	assert_true(says(&v, "FAIL: the meeting's log records a result of round 2, which the "
			     "record lacks"));
	cJSON_Delete(e);
	rec_free(&r);
}

static void test_admin_log(void **state)
{
	const char *good =
		"{'entries':5,'mismatched':[],'triggers':["
		"{'table':'admin_log','trigger':'admin_log_append_only','enabled':'O'},"
		"{'table':'admin_log','trigger':'admin_log_no_truncate','enabled':'O'},"
		"{'table':'meeting_log','trigger':'meeting_log_append_only','enabled':'A'},"
		"{'table':'meeting_log','trigger':'meeting_log_no_truncate','enabled':'O'}]}";
	struct check_verdict v;
	cJSON *f = tjson(good);

	(void)state;
	assert_true(check_judge_admin_log(f, &v));
	assert_int_equal(v.nlines, 0);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(f, "triggers"), 1),
				  "enabled", cJSON_CreateString("D"));
	cJSON_ReplaceItemInObject(f, "mismatched", tjson("[4]"));
	assert_false(check_judge_admin_log(f, &v));
	assert_true(says(&v, "FAIL: the append-only trigger admin_log_no_truncate is disabled"));
	assert_true(says(&v, "FAIL: entry 4: its actor does not name its member"));
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(f, "triggers"), 2);
	assert_false(check_judge_admin_log(f, &v));
	assert_true(says(&v, "FAIL: the trigger meeting_log_append_only is missing"));
	cJSON_Delete(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_meeting_ok),
		cmocka_unit_test(test_closed_meeting_signed_ok),
		cmocka_unit_test(test_changed_body_fails),
		cmocka_unit_test(test_minutes_and_signatures_fail),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_election_not_a_record),
		cmocka_unit_test(test_election_under_way),
		cmocka_unit_test(test_election_against_the_log),
		cmocka_unit_test(test_admin_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
