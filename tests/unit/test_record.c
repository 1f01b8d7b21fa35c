/* Unit tests for proto/record.c: a whole meeting record checked offline —
 * the log's chain, the minutes rebuilt from the log and compared byte for
 * byte, and the chair's and the clerk's Ed25519 signatures, which the log
 * carries in "minutes.signed" entries as api.minutes_sign writes them
 * (sql/0010_minutes.sql). A good record is built here from scratch, then
 * spoiled one way at a time; every finding is compared line by line.
 *
 * JSON in this file is written with ' for " to stay readable; tquote() turns it
 * back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "../../proto/logchain.h"
#include "../../proto/correction.h"
#include "../../proto/minutes.h"
#include "../../proto/presiding.h"
#include "../../proto/record.h"
#include "../../proto/sig.h"
#include "logbuild.h"
#include "seed.h"
#include "tjson.h"

#define MEETING 42
#define CLOSE   11 /* the seq of meeting.closed in rec_meeting's log */

/* The keys of the chair, the clerk and someone else. */
struct keys {
	EVP_PKEY *chair, *clerk, *other;
	char chair_pub[SIG_PUB_TEXT_LEN + 1], clerk_pub[SIG_PUB_TEXT_LEN + 1];
	char other_pub[SIG_PUB_TEXT_LEN + 1];
};

static EVP_PKEY *key_new(char pub_text[SIG_PUB_TEXT_LEN + 1])
{
	EVP_PKEY *k = sig_keygen();
	unsigned char pub[SIG_PUB_LEN];

	assert_non_null(k);
	assert_true(sig_public(k, pub));
	sig_pub_to_text(pub, pub_text);
	return k;
}

static int keys_setup(void **state)
{
	struct keys *k = calloc(1, sizeof(*k));

	if (k == NULL)
		return -1;
	k->chair = key_new(k->chair_pub);
	k->clerk = key_new(k->clerk_pub);
	k->other = key_new(k->other_pub);
	*state = k;
	return 0;
}

static int keys_teardown(void **state)
{
	struct keys *k = *state;

	EVP_PKEY_free(k->chair);
	EVP_PKEY_free(k->clerk);
	EVP_PKEY_free(k->other);
	free(k);
	return 0;
}

/* A meeting's log under construction, its minutes, and the signatures as
 * meeting.record lists them. */
struct rec {
	struct logb lb;
	char *minutes;
	cJSON *signatures;
};

/* Append the next event (data as a cJSON value, taken). */
static void rec_add_json(struct rec *r, const char *actor, const char *event, cJSON *data)
{
	cJSON *b = cJSON_CreateObject();
	char at[40], *text;

	snprintf(at, sizeof(at), "2025-03-01T01:%02ld:%02ld.000000Z", (r->lb.seq + 1) / 60 % 60,
		 (r->lb.seq + 1) % 60);
	cJSON_AddItemToObject(b, "meeting",
			      cJSON_Duplicate(cJSON_GetObjectItem(r->lb.export, "meeting"), 1));
	cJSON_AddNumberToObject(b, "seq", (double)(r->lb.seq + 1));
	cJSON_AddStringToObject(b, "at", at);
	cJSON_AddStringToObject(b, "actor", actor);
	cJSON_AddStringToObject(b, "event", event);
	cJSON_AddItemToObject(b, "data", data);
	text = cJSON_PrintUnformatted(b);
	assert_non_null(text);
	logb_add_raw(&r->lb, r->lb.seq + 1, text);
	free(text);
	cJSON_Delete(b);
}

/* Append the next event, data in the ' notation. */
static void rec_add(struct rec *r, const char *actor, const char *event, const char *data)
{
	char *json = tquote(data);
	cJSON *d = cJSON_Parse(json);

	assert_non_null(d);
	free(json);
	rec_add_json(r, actor, event, d);
}

/* A meeting of meeting id, closed at CLOSE, and its minutes; no
 * signatures yet. */
static void rec_meeting_of(struct rec *r, double meeting)
{
	memset(r, 0, sizeof(*r));
	logb_init(&r->lb, meeting);
	r->signatures = cJSON_CreateArray();
	rec_add(r, "member:11", "meeting.announced",
		"{'id':42,'title':'县委常委会第7次会议','place':'三楼会议室',"
		"'starts_at':'2025-03-01T09:00:00+08:00','roster':[{'id':11,'name':'李伟',"
		"'title':'书记'},{'id':12,'name':'王芳','title':'副书记'},{'id':13,'name':'张敏',"
		"'title':'常委'}],'clerks':['赵磊']}");
	rec_add(r, "member:11", "attendance.in", "{'kind':'member','who':11,'name':'李伟'}");
	rec_add(r, "member:12", "attendance.in", "{'kind':'member','who':12,'name':'王芳'}");
	rec_add(r, "member:11", "attendance.absent", "{'member':13,'name':'张敏','reason':'病假'}");
	rec_add(r, "member:11", "meeting.opened", "{'entitled':3,'present':2,'absent':[]}");
	rec_add(r, "member:11", "agenda.opened",
		"{'item':101,'title':'关于财政预算的议题','presiding':11,'personnel':false}");
	rec_add(r, "member:12", "agenda.presented",
		"{'item':101,'member':12,'name':'王芳','kind':'present','position':null,"
		"'candidate':0,'body':'预算说明。'}");
	rec_add(r, "member:12", "agenda.statement",
		"{'item':101,'member':12,'name':'王芳','kind':'state','position':'同意',"
		"'candidate':0,'body':'同意。'}");
	rec_add(r, "member:11", "agenda.statement",
		"{'item':101,'member':11,'name':'李伟','kind':'state','position':'同意',"
		"'candidate':0,'body':'同意，抓紧实施。'}");
	rec_add(r, "member:11", "agenda.discussed", "{'item':101,'reason':null,'statements':[]}");
	rec_add(r, "member:11", "meeting.closed", "{'entitled':3,'present':2,'absent':[]}");
	assert_int_equal(r->lb.seq, CLOSE);
	r->minutes = minutes_build(r->lb.export, CLOSE);
	assert_non_null(r->minutes);
}

static void rec_meeting(struct rec *r)
{
	rec_meeting_of(r, MEETING);
}

static void rec_free(struct rec *r)
{
	cJSON_Delete(r->lb.export);
	cJSON_Delete(r->signatures);
	free(r->minutes);
}

/* A minutes.signed entry with these fields (NULL: left out), as
 * api.minutes_sign logs it. */
static void rec_signed(struct rec *r, const char *role, int member, const char *name,
		       const char *key, const char *signature)
{
	cJSON *d = cJSON_CreateObject();
	char actor[32], sha[65];

	snprintf(actor, sizeof(actor), "member:%d", member);
	hex_sha256(r->minutes, strlen(r->minutes), sha);
	if (role != NULL)
		cJSON_AddStringToObject(d, "role", role);
	cJSON_AddNumberToObject(d, "member", member);
	if (name != NULL)
		cJSON_AddStringToObject(d, "name", name);
	if (key != NULL)
		cJSON_AddStringToObject(d, "key", key);
	if (signature != NULL)
		cJSON_AddStringToObject(d, "signature", signature);
	cJSON_AddStringToObject(d, "minutes_sha256", sha);
	cJSON_AddItemToArray(r->signatures, cJSON_Duplicate(d, 1));
	rec_add_json(r, actor, "minutes.signed", d);
}

/* The signature of key over text (NULL: the minutes) as minutes of
 * meeting, in text form. */
static void sign_text(struct rec *r, EVP_PKEY *key, uint64_t meeting, const char *text,
		      char out[SIG_TEXT_LEN + 1])
{
	unsigned char msg[MINUTES_MSG_LEN], sig[SIG_LEN];
	size_t len = minutes_message(meeting, text != NULL ? text : r->minutes, msg);

	assert_int_equal(len, MINUTES_MSG_LEN);
	assert_true(sig_sign(key, msg, len, sig));
	sig_to_text(sig, out);
}

/* A good signature by the chair or the clerk. */
static void rec_sign_chair(struct rec *r, struct keys *k)
{
	char s[SIG_TEXT_LEN + 1];

	sign_text(r, k->chair, MEETING, NULL, s);
	rec_signed(r, "chair", 11, "李伟", k->chair_pub, s);
}

static void rec_sign_clerk(struct rec *r, struct keys *k)
{
	char s[SIG_TEXT_LEN + 1];

	sign_text(r, k->clerk, MEETING, NULL, s);
	rec_signed(r, "clerk", 16, "赵磊", k->clerk_pub, s);
}

/* The record as api.meeting_record gives it, with minutes body body
 * (NULL: the minutes built). */
static cJSON *rec_record(struct rec *r, const char *body)
{
	cJSON *rec = cJSON_CreateObject(), *m;
	char sha[65];

	if (body == NULL)
		body = r->minutes;
	hex_sha256(body, strlen(body), sha);
	cJSON_AddStringToObject(rec, "format", RECORD_FORMAT);
	cJSON_AddItemToObject(rec, "log", cJSON_Duplicate(r->lb.export, 1));
	m = cJSON_AddObjectToObject(rec, "minutes");
	cJSON_AddNumberToObject(m, "meeting", MEETING);
	cJSON_AddStringToObject(m, "body", body);
	cJSON_AddStringToObject(m, "sha256", sha);
	cJSON_AddNumberToObject(m, "log_seq", CLOSE);
	cJSON_AddItemToObject(m, "signatures", cJSON_Duplicate(r->signatures, 1));
	return rec;
}

static cJSON *minutes_of(cJSON *rec)
{
	return cJSON_GetObjectItem(rec, "minutes");
}

static void print_report(const struct record_report *rep)
{
	int i;

	print_message("report (ok %d, %d lines):\n", rep->ok, rep->nlines);
	for (i = 0; i < rep->nlines && i < RECORD_MAX_LINES; i++)
		print_message("  %s\n", rep->lines[i]);
}

/* Verify, expecting ok and exactly lines (n of them). */
static void expect_report(const cJSON *rec, bool ok, const char *const *lines, int n)
{
	struct record_report rep;
	bool got;
	int i;

	memset(&rep, 0x5a, sizeof(rep));
	got = record_verify(rec, &rep);
	if (got != ok || rep.ok != ok || rep.nlines != n)
		print_report(&rep);
	assert_int_equal(got, ok);
	assert_int_equal(rep.ok, ok);
	assert_int_equal(rep.nlines, n);
	for (i = 0; i < n; i++) {
		if (strcmp(rep.lines[i], lines[i]) != 0)
			print_report(&rep);
		assert_string_equal(rep.lines[i], lines[i]);
	}
}

/* The lines of a good record with the chair's then the clerk's signature;
 * room for a few more. */
struct lines {
	char l[10][256];
	const char *p[10];
};

static void good_lines(struct lines *ls, struct rec *r, struct keys *k, const char *body)
{
	const char *m = body != NULL ? body : r->minutes;
	char sha[65];
	int i;

	hex_sha256(m, strlen(m), sha);
	snprintf(ls->l[0], 256, "ok: log: %ld entries, chain intact", r->lb.seq);
	snprintf(ls->l[1], 256, "ok: the minutes are exactly what the log records up to entry %d",
		 CLOSE);
	snprintf(ls->l[2], 256, "ok: the minutes' SHA-256 is %s", sha);
	snprintf(ls->l[3], 256, "ok: signature of the chair (李伟, %s)", k->chair_pub);
	snprintf(ls->l[4], 256, "ok: signature of the clerk (赵磊, %s)", k->clerk_pub);
	snprintf(ls->l[5], 256, "ok: the minutes are signed by the chair and the clerk");
	for (i = 0; i < 10; i++)
		ls->p[i] = ls->l[i];
}

static void test_good_record(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	good_lines(&ls, &r, k, NULL);
	expect_report(rec, true, ls.p, 6);
	seed_write(rec, "good.json");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* Read back from its text, as `yg verify FILE` does. */
static void test_good_record_from_text(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec, *back;
	char *text;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	text = cJSON_Print(rec);
	back = cJSON_Parse(text);
	good_lines(&ls, &r, k, NULL);
	expect_report(back, true, ls.p, 6);
	free(text);
	cJSON_Delete(back);
	cJSON_Delete(rec);
	rec_free(&r);
}

/* The clerk first, other events after the signatures, the chair signing
 * twice: still good, findings in log order. */
static void test_good_record_variants(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_clerk(&r, k);
	rec_add(&r, "member:11", "correction.noted", "{'text':'x'}");
	rec_sign_chair(&r, k);
	rec_sign_chair(&r, k);
	rec = rec_record(&r, NULL);
	good_lines(&ls, &r, k, NULL);
	snprintf(ls.l[3], 256, "ok: signature of the clerk (赵磊, %s)", k->clerk_pub);
	snprintf(ls.l[4], 256, "ok: signature of the chair (李伟, %s)", k->chair_pub);
	snprintf(ls.l[5], 256, "ok: signature of the chair (李伟, %s)", k->chair_pub);
	snprintf(ls.l[6], 256, "ok: the minutes are signed by the chair and the clerk");
	expect_report(rec, true, ls.p, 7);
	cJSON_Delete(rec);
	rec_free(&r);
}

/* Set a string member of the record's minutes. */
static void minutes_set(cJSON *rec, const char *name, cJSON *v)
{
	cJSON *m = minutes_of(rec);

	if (cJSON_GetObjectItem(m, name) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(m, name, v);
	else
		cJSON_AddItemToObject(m, name, v);
}

/* Any entry of the log changed: the chain check fails, and nothing more is
 * said. */
static void test_chain_broken(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec, *entries;
	char line[256];
	int n;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	for (n = 1; n <= r.lb.seq; n++) {
		struct record_report rep;
		char *body;

		rec = rec_record(&r, NULL);
		entries = cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "log"), "entries");
		body = strdup(cJSON_GetStringValue(
			cJSON_GetObjectItem(cJSON_GetArrayItem(entries, n - 1), "body")));
		body[strlen(body) / 2] ^= 1;
		cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetArrayItem(entries, n - 1), "body",
						       cJSON_CreateString(body));
		free(body);
		snprintf(line, sizeof(line), "FAIL: log: entry %d: its body or hash was changed",
			 n);
		assert_false(record_verify(rec, &rep));
		assert_false(rep.ok);
		assert_int_equal(rep.nlines, 1);
		assert_int_equal(strncmp(rep.lines[0], line, strlen(line)), 0);
		cJSON_Delete(rec);
	}
	/* No log, or not a log. */
	rec = rec_record(&r, NULL);
	cJSON_DeleteItemFromObject(rec, "log");
	{
		const char *lines[] = {"FAIL: log: not a meeting log export (format "
				       "yangguang-meeting-log/1)"};

		expect_report(rec, false, lines, 1);
	}
	cJSON_Delete(rec);
	rec_free(&r);
}

/* A minutes text one byte away from the log's, at offset at. */
static char *flip(const char *text, size_t at)
{
	char *t = strdup(text);

	t[at] ^= 1;
	return t;
}

/* The minutes changed as stored, their hash and signatures as they were:
 * the first differing byte is named, the hash and both signatures fail. */
static void test_minutes_changed(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char *body, *p, sha[65];
	size_t at;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	/* 同意 → 反对: 同 is E5 90 8C, 反 is E5 8F 8D, so they differ from the
	 * second byte. */
	body = strdup(r.minutes);
	p = strstr(body, "同意");
	assert_non_null(p);
	memcpy(p, "反对", strlen("反对"));
	at = (size_t)(p - body) + 1;
	rec = rec_record(&r, NULL);
	minutes_set(rec, "body", cJSON_CreateString(body));
	good_lines(&ls, &r, k, NULL);
	hex_sha256(body, strlen(body), sha);
	snprintf(ls.l[1], 256, "FAIL: the minutes differ from what the log records, from byte %zu",
		 at);
	snprintf(ls.l[2], 256, "FAIL: the minutes' SHA-256 is %s", sha);
	snprintf(ls.l[3], 256, "FAIL: signature of the chair (李伟, %s)", k->chair_pub);
	snprintf(ls.l[4], 256, "FAIL: signature of the clerk (赵磊, %s)", k->clerk_pub);
	snprintf(ls.l[5], 256, "FAIL: the minutes are signed by nobody");
	expect_report(rec, false, ls.p, 6);
	cJSON_Delete(rec);
	free(body);
	rec_free(&r);
}

/* Changed, rehashed and signed again by the real keys: only the
 * comparison with the log shows it. */
static void test_minutes_changed_resigned(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char *body, s[SIG_TEXT_LEN + 1];
	const char *p;

	rec_meeting(&r);
	p = strstr(r.minutes, "病假");
	assert_non_null(p);
	body = strdup(r.minutes);
	memcpy(body + (p - r.minutes), "公出", strlen("公出")); /* 病 E7 97 85, 公 E5 85 AC */
	sign_text(&r, k->chair, MEETING, body, s);
	rec_signed(&r, "chair", 11, "李伟", k->chair_pub, s);
	sign_text(&r, k->clerk, MEETING, body, s);
	rec_signed(&r, "clerk", 16, "赵磊", k->clerk_pub, s);
	rec = rec_record(&r, body);
	good_lines(&ls, &r, k, body);
	snprintf(ls.l[1], 256, "FAIL: the minutes differ from what the log records, from byte %zu",
		 (size_t)(p - r.minutes));
	expect_report(rec, false, ls.p, 6);
	cJSON_Delete(rec);
	free(body);
	rec_free(&r);
}

/* Every byte of the minutes changed in turn (hash kept right): the offset
 * named is that byte's. So are a byte cut off the end and one added. */
static void test_minutes_changed_every_byte(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	char want[256], sha[65], *body;
	size_t at, len;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	len = strlen(r.minutes);
	for (at = 0; at < len; at++) {
		body = flip(r.minutes, at);
		minutes_set(rec, "body", cJSON_CreateString(body));
		hex_sha256(body, strlen(body), sha);
		minutes_set(rec, "sha256", cJSON_CreateString(sha));
		assert_false(record_verify(rec, &rep));
		snprintf(want, sizeof(want),
			 "FAIL: the minutes differ from what the log records, from byte %zu", at);
		assert_string_equal(rep.lines[1], want);
		assert_int_equal(strncmp(rep.lines[2], "ok: ", 4), 0);
		free(body);
	}
	body = strdup(r.minutes);
	body[len - 1] = '\0';
	minutes_set(rec, "body", cJSON_CreateString(body));
	assert_false(record_verify(rec, &rep));
	snprintf(want, sizeof(want),
		 "FAIL: the minutes differ from what the log records, from byte %zu", len - 1);
	assert_string_equal(rep.lines[1], want);
	free(body);
	body = malloc(len + 2);
	snprintf(body, len + 2, "%s ", r.minutes);
	minutes_set(rec, "body", cJSON_CreateString(body));
	assert_false(record_verify(rec, &rep));
	snprintf(want, sizeof(want),
		 "FAIL: the minutes differ from what the log records, from byte %zu", len);
	assert_string_equal(rep.lines[1], want);
	free(body);
	minutes_set(rec, "body", cJSON_CreateString(""));
	assert_false(record_verify(rec, &rep));
	assert_string_equal(rep.lines[1],
			    "FAIL: the minutes differ from what the log records, from byte 0");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* The stored SHA-256 wrong in any way: that line alone fails. */
static void test_minutes_sha_wrong(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char sha[65], bad[70];
	size_t i, c;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	good_lines(&ls, &r, k, NULL);
	hex_sha256(r.minutes, strlen(r.minutes), sha);
	snprintf(ls.l[2], 256, "FAIL: the minutes' SHA-256 is %s", sha);
	for (c = 0; c < 8; c++) {
		rec = rec_record(&r, NULL);
		strcpy(bad, sha);
		switch (c) {
		case 0: /* one digit off */
			bad[17] = bad[17] == '0' ? '1' : '0';
			minutes_set(rec, "sha256", cJSON_CreateString(bad));
			break;
		case 1: /* upper case */
			for (i = 0; i < 64; i++)
				bad[i] = (char)(bad[i] >= 'a' ? bad[i] - 32 : bad[i]);
			minutes_set(rec, "sha256", cJSON_CreateString(bad));
			break;
		case 2: /* cut short */
			bad[63] = '\0';
			minutes_set(rec, "sha256", cJSON_CreateString(bad));
			break;
		case 3: /* one more */
			strcat(bad, "0");
			minutes_set(rec, "sha256", cJSON_CreateString(bad));
			break;
		case 4: /* of something else */
			hex_sha256("{}", strlen("{}"), bad);
			minutes_set(rec, "sha256", cJSON_CreateString(bad));
			break;
		case 5:
			minutes_set(rec, "sha256", cJSON_CreateNull());
			break;
		case 6:
			minutes_set(rec, "sha256", cJSON_CreateNumber(0));
			break;
		default:
			cJSON_DeleteItemFromObject(minutes_of(rec), "sha256");
			break;
		}
		expect_report(rec, false, ls.p, 6);
		cJSON_Delete(rec);
	}
	rec_free(&r);
}

/* The minutes name an entry the log lacks, or none. */
static void test_log_seq_past_log(void **state)
{
	static const double seqs[] = {14, 15, 1000, 0, -1, -1000};
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	size_t i;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	assert_int_equal(r.lb.seq, 13);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]) + 3; i++) {
		rec = rec_record(&r, NULL);
		if (i < sizeof(seqs) / sizeof(seqs[0]))
			minutes_set(rec, "log_seq", cJSON_CreateNumber(seqs[i]));
		else if (i == sizeof(seqs) / sizeof(seqs[0]))
			minutes_set(rec, "log_seq", cJSON_CreateString("11"));
		else if (i == sizeof(seqs) / sizeof(seqs[0]) + 1)
			minutes_set(rec, "log_seq", cJSON_CreateNull());
		else
			cJSON_DeleteItemFromObject(minutes_of(rec), "log_seq");
		assert_false(record_verify(rec, &rep));
		assert_false(rep.ok);
		assert_int_equal(rep.nlines, 6);
		assert_int_equal(strncmp(rep.lines[1], "FAIL: the minutes ", 18), 0);
		assert_true(strstr(rep.lines[1], ", which the log lacks") != NULL ||
			    strstr(rep.lines[1], "do not name the log entry") != NULL);
		/* The rest is still checked, and holds. */
		assert_int_equal(strncmp(rep.lines[0], "ok: ", 4), 0);
		assert_int_equal(strncmp(rep.lines[2], "ok: ", 4), 0);
		assert_int_equal(strncmp(rep.lines[3], "ok: ", 4), 0);
		assert_int_equal(strncmp(rep.lines[4], "ok: ", 4), 0);
		assert_int_equal(strncmp(rep.lines[5], "ok: ", 4), 0);
		cJSON_Delete(rec);
	}
	rec_free(&r);
}

/* The minutes name an entry the log has, but not the one they were built
 * up to: the rebuilt text differs. */
static void test_log_seq_other_entry(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	double seq;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	for (seq = 1; seq <= 13; seq++) {
		if (seq == CLOSE)
			continue;
		rec = rec_record(&r, NULL);
		minutes_set(rec, "log_seq", cJSON_CreateNumber(seq));
		assert_false(record_verify(rec, &rep));
		assert_int_equal(strncmp(rep.lines[1],
					 "FAIL: the minutes differ from what the log records", 50),
				 0);
		cJSON_Delete(rec);
	}
	rec_free(&r);
}

/* Lines of a record whose chair signature fails and clerk's holds. */
static void chair_fails_lines(struct lines *ls, struct rec *r, struct keys *k, const char *key)
{
	good_lines(ls, r, k, NULL);
	snprintf(ls->l[3], 256, "FAIL: signature of the chair (李伟, %s)", key);
	snprintf(ls->l[5], 256, "FAIL: the minutes are signed by the clerk only");
}

/* The chair's key over other minutes: those up to another entry, another
 * meeting's, or the bare text without the tag. */
static void test_signature_over_other_minutes(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char *other, s[SIG_TEXT_LEN + 1];
	unsigned char sig[SIG_LEN];
	int c;

	for (c = 0; c < 4; c++) {
		rec_meeting(&r);
		other = minutes_build(r.lb.export, CLOSE - 1);
		assert_non_null(other);
		switch (c) {
		case 0: /* the minutes up to entry 10 */
			sign_text(&r, k->chair, MEETING, other, s);
			break;
		case 1: /* these minutes, as another meeting's */
			sign_text(&r, k->chair, MEETING + 1, NULL, s);
			break;
		case 2: /* the minutes with one byte more */
			free(other);
			other = malloc(strlen(r.minutes) + 2);
			sprintf(other, "%s\n", r.minutes);
			sign_text(&r, k->chair, MEETING, other, s);
			break;
		default: /* the minutes text itself, not the message */
			assert_true(sig_sign(k->chair, (const unsigned char *)r.minutes,
					     strlen(r.minutes), sig));
			sig_to_text(sig, s);
			break;
		}
		rec_signed(&r, "chair", 11, "李伟", k->chair_pub, s);
		rec_sign_clerk(&r, k);
		rec = rec_record(&r, NULL);
		chair_fails_lines(&ls, &r, k, k->chair_pub);
		expect_report(rec, false, ls.p, 6);
		cJSON_Delete(rec);
		free(other);
		rec_free(&r);
	}
}

/* Signatures that are not the key's: another key's under the chair's
 * name, a flipped bit anywhere, garbage, and malformed texts. */
static void test_forged_signature(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char s[SIG_TEXT_LEN + 2], good[SIG_TEXT_LEN + 1];
	unsigned char sig[SIG_LEN];
	int c, bit;

	/* Another key's good signature, claimed as the chair's key. */
	rec_meeting(&r);
	sign_text(&r, k->other, MEETING, NULL, s);
	rec_signed(&r, "chair", 11, "李伟", k->chair_pub, s);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	chair_fails_lines(&ls, &r, k, k->chair_pub);
	expect_report(rec, false, ls.p, 6);
	cJSON_Delete(rec);
	rec_free(&r);

	/* One bit of the chair's signature flipped, for a sample of bits. */
	for (bit = 0; bit < 8 * SIG_LEN; bit += 37) {
		rec_meeting(&r);
		sign_text(&r, k->chair, MEETING, NULL, good);
		assert_true(sig_from_text(good, sig));
		sig[bit / 8] ^= (unsigned char)(1 << (bit % 8));
		sig_to_text(sig, s);
		rec_signed(&r, "chair", 11, "李伟", k->chair_pub, s);
		rec_sign_clerk(&r, k);
		rec = rec_record(&r, NULL);
		chair_fails_lines(&ls, &r, k, k->chair_pub);
		expect_report(rec, false, ls.p, 6);
		cJSON_Delete(rec);
		rec_free(&r);
	}

	/* Texts that are no signature at all. */
	for (c = 0; c < 6; c++) {
		rec_meeting(&r);
		sign_text(&r, k->chair, MEETING, NULL, good);
		memset(sig, 0, sizeof(sig));
		switch (c) {
		case 0: /* all zero */
			sig_to_text(sig, s);
			break;
		case 1: /* one character short */
			snprintf(s, sizeof(s), "%.85s", good);
			break;
		case 2: /* one more */
			snprintf(s, sizeof(s), "%sA", good);
			break;
		case 3: /* standard base64, not base64url */
			strcpy(s, good);
			s[0] = '+';
			s[1] = '/';
			break;
		case 4:
			strcpy(s, "");
			break;
		default: /* the key in place of the signature */
			strcpy(s, k->chair_pub);
			break;
		}
		rec_signed(&r, "chair", 11, "李伟", k->chair_pub, s);
		rec_sign_clerk(&r, k);
		rec = rec_record(&r, NULL);
		chair_fails_lines(&ls, &r, k, k->chair_pub);
		expect_report(rec, false, ls.p, 6);
		cJSON_Delete(rec);
		rec_free(&r);
	}
}

/* A good signature under a key text that is not a key. */
static void test_bad_key_text(void **state)
{
	static const char *const keys[] = {
		"", "ed25519:", "ED25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"ed448:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char s[SIG_TEXT_LEN + 1], bad[SIG_PUB_TEXT_LEN + 2];
	size_t c;

	for (c = 0; c < sizeof(keys) / sizeof(keys[0]) + 2; c++) {
		rec_meeting(&r);
		sign_text(&r, k->chair, MEETING, NULL, s);
		if (c < sizeof(keys) / sizeof(keys[0]))
			strcpy(bad, keys[c]);
		else if (c == sizeof(keys) / sizeof(keys[0]))
			snprintf(bad, sizeof(bad), "%.50s", k->chair_pub); /* short */
		else
			snprintf(bad, sizeof(bad), "%sA", k->chair_pub); /* long */
		rec_signed(&r, "chair", 11, "李伟", bad, s);
		rec_sign_clerk(&r, k);
		rec = rec_record(&r, NULL);
		chair_fails_lines(&ls, &r, k, bad);
		expect_report(rec, false, ls.p, 6);
		cJSON_Delete(rec);
		rec_free(&r);
	}
}

/* Fields of a minutes.signed entry missing. */
static void test_signature_fields_missing(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;
	char s[SIG_TEXT_LEN + 1];
	int c;

	for (c = 0; c < 4; c++) {
		rec_meeting(&r);
		sign_text(&r, k->chair, MEETING, NULL, s);
		rec_signed(&r, c == 0 ? NULL : "chair", 11, c == 1 ? NULL : "李伟",
			   c == 2 ? NULL : k->chair_pub, c == 3 ? NULL : s);
		rec_sign_clerk(&r, k);
		rec = rec_record(&r, NULL);
		chair_fails_lines(&ls, &r, k, k->chair_pub);
		if (c == 0) /* no role */
			snprintf(ls.l[3], 256, "FAIL: signature of the ? (李伟, %s)", k->chair_pub);
		if (c == 1) { /* no name: not needed to verify */
			snprintf(ls.l[3], 256, "ok: signature of the chair (?, %s)", k->chair_pub);
			snprintf(ls.l[5], 256,
				 "ok: the minutes are signed by the chair and the clerk");
		}
		if (c == 2) /* no key */
			snprintf(ls.l[3], 256, "FAIL: signature of the chair (李伟, no key)");
		expect_report(rec, c == 1, ls.p, 6);
		cJSON_Delete(rec);
		rec_free(&r);
	}
	/* No data at all. */
	rec_meeting(&r);
	rec_add(&r, "member:11", "minutes.signed", "null");
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	good_lines(&ls, &r, k, NULL);
	snprintf(ls.l[3], 256, "FAIL: signature of the ? (?, no key)");
	snprintf(ls.l[5], 256, "FAIL: the minutes are signed by the clerk only");
	expect_report(rec, false, ls.p, 6);
	cJSON_Delete(rec);
	rec_free(&r);
}

static void test_only_chair(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec = rec_record(&r, NULL);
	good_lines(&ls, &r, k, NULL);
	snprintf(ls.l[4], 256, "FAIL: the minutes are signed by the chair only");
	expect_report(rec, false, ls.p, 5);
	cJSON_Delete(rec);
	rec_free(&r);
}

static void test_only_clerk(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_clerk(&r, k);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	good_lines(&ls, &r, k, NULL);
	memcpy(ls.l[3], ls.l[4], 256);
	snprintf(ls.l[5], 256, "FAIL: the minutes are signed by the clerk only");
	expect_report(rec, false, ls.p, 6);
	cJSON_Delete(rec);
	rec_free(&r);
}

static void test_nobody_signed(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec = rec_record(&r, NULL);
	good_lines(&ls, &r, k, NULL);
	snprintf(ls.l[3], 256, "FAIL: the minutes are signed by nobody");
	expect_report(rec, false, ls.p, 4);
	cJSON_Delete(rec);
	rec_free(&r);
}

/* Only the log's minutes.signed entries count (the chain vouches for
 * them): signatures listed beside the minutes but absent from the log are
 * not taken, and whatever is listed there does not matter. */
static void test_signatures_from_log_only(void **state)
{
	struct keys *k = *state;
	struct lines ls;
	struct rec r, signed_rec;
	cJSON *rec;

	rec_meeting(&signed_rec);
	rec_sign_chair(&signed_rec, k);
	rec_sign_clerk(&signed_rec, k);
	rec_meeting(&r);
	rec = rec_record(&r, NULL);
	minutes_set(rec, "signatures", cJSON_Duplicate(signed_rec.signatures, 1));
	good_lines(&ls, &r, k, NULL);
	snprintf(ls.l[3], 256, "FAIL: the minutes are signed by nobody");
	expect_report(rec, false, ls.p, 4);
	cJSON_Delete(rec);

	rec = rec_record(&signed_rec, NULL);
	minutes_set(rec, "signatures", cJSON_CreateString("junk"));
	good_lines(&ls, &signed_rec, k, NULL);
	expect_report(rec, true, ls.p, 6);
	cJSON_Delete(rec);
	rec_free(&r);
	rec_free(&signed_rec);
}

/* A role neither chair nor clerk counts for neither, even with a good
 * signature (role names are case-sensitive), whichever of the two roles
 * it stands in for. */
static void test_unknown_role(void **state)
{
	static const char *const roles[] = {"secretary", "Chair",  "Clerk", "CHAIR",
					    "chair ",    "clerk ", "",      "chair,clerk"};
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	char s[SIG_TEXT_LEN + 1], want[256];
	size_t i;
	int as_chair;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		for (as_chair = 0; as_chair < 2; as_chair++) {
			rec_meeting(&r);
			if (as_chair) {
				rec_sign_clerk(&r, k);
				sign_text(&r, k->chair, MEETING, NULL, s);
				rec_signed(&r, roles[i], 11, "李伟", k->chair_pub, s);
				snprintf(want, sizeof(want), "signature of the %s (李伟, %s)",
					 roles[i], k->chair_pub);
			} else {
				rec_sign_chair(&r, k);
				sign_text(&r, k->clerk, MEETING, NULL, s);
				rec_signed(&r, roles[i], 16, "赵磊", k->clerk_pub, s);
				snprintf(want, sizeof(want), "signature of the %s (赵磊, %s)",
					 roles[i], k->clerk_pub);
			}
			rec = rec_record(&r, NULL);
			assert_false(record_verify(rec, &rep));
			assert_false(rep.ok);
			assert_int_equal(rep.nlines, 6);
			assert_non_null(strstr(rep.lines[4], want));
			assert_string_equal(
				rep.lines[5],
				as_chair ? "FAIL: the minutes are signed by the clerk only"
					 : "FAIL: the minutes are signed by the chair only");
			cJSON_Delete(rec);
			rec_free(&r);
		}
	}
}

/* No minutes (the meeting is not closed, or they were never built). */
static void test_missing_minutes(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;
	char line0[256];
	const char *lines[] = {line0, "FAIL: no minutes in the record (is the meeting closed?)"};
	int c;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	snprintf(line0, sizeof(line0), "ok: log: %ld entries, chain intact", r.lb.seq);
	for (c = 0; c < 6; c++) {
		rec = rec_record(&r, NULL);
		switch (c) {
		case 0:
			cJSON_ReplaceItemInObject(rec, "minutes", cJSON_CreateNull());
			break;
		case 1:
			cJSON_DeleteItemFromObject(rec, "minutes");
			break;
		case 2:
			cJSON_ReplaceItemInObject(rec, "minutes", cJSON_CreateObject());
			break;
		case 3:
			cJSON_DeleteItemFromObject(minutes_of(rec), "body");
			break;
		case 4:
			minutes_set(rec, "body", cJSON_CreateNull());
			break;
		default:
			minutes_set(rec, "body", cJSON_CreateNumber(1));
			break;
		}
		expect_report(rec, false, lines, 2);
		cJSON_Delete(rec);
	}
	rec_free(&r);
}

static void test_wrong_format(void **state)
{
	static const char *const formats[] = {
		"yangguang-meeting-record/2", "yangguang-meeting-log/1", "",
		"YANGGUANG-MEETING-RECORD/1", "yangguang-meeting-record/1\n"};
	const char *lines[] = {"FAIL: not a meeting record (format yangguang-meeting-record/1)"};
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;
	size_t i;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]) + 3; i++) {
		rec = rec_record(&r, NULL);
		if (i < sizeof(formats) / sizeof(formats[0]))
			cJSON_ReplaceItemInObject(rec, "format", cJSON_CreateString(formats[i]));
		else if (i == sizeof(formats) / sizeof(formats[0]))
			cJSON_ReplaceItemInObject(rec, "format", cJSON_CreateNumber(1));
		else if (i == sizeof(formats) / sizeof(formats[0]) + 1)
			cJSON_DeleteItemFromObject(rec, "format");
		else
			cJSON_ReplaceItemInObject(rec, "format", cJSON_CreateNull());
		expect_report(rec, false, lines, 1);
		cJSON_Delete(rec);
	}
	expect_report(NULL, false, lines, 1);
	/* A bare log export is not a record. */
	expect_report(r.lb.export, false, lines, 1);
	rec_free(&r);
}

/* However many signature entries, at most RECORD_MAX_LINES findings, each
 * a whole line; a failure among the findings not shown still fails, and
 * the last line, counting them, says so (an invariant tests/fuzz/fuzz_record
 * checks; such a report used to show only "ok:" lines). */
static void test_line_limit(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	int i, c;

	for (c = 0; c < 3; c++) {
		rec_meeting(&r);
		for (i = 0; i < 100; i++) {
			if (c == 0 || (c == 2 && i < 99))
				rec_sign_chair(&r, k);
			else
				rec_signed(&r, "chair", 11, "李伟", k->chair_pub, "forged");
		}
		if (c != 1)
			rec_sign_clerk(&r, k);
		rec = rec_record(&r, NULL);
		memset(&rep, 0x5a, sizeof(rep));
		/* 0: all good; 1: all forged, no clerk; 2: the 100th forged. */
		assert_int_equal(record_verify(rec, &rep), c == 0);
		assert_int_equal(rep.ok, c == 0);
		assert_int_equal(rep.nlines, RECORD_MAX_LINES);
		for (i = 0; i < rep.nlines; i++) {
			assert_non_null(memchr(rep.lines[i], '\0', sizeof(rep.lines[i])));
			assert_true(strncmp(rep.lines[i], "ok: ", 4) == 0 ||
				    strncmp(rep.lines[i], "FAIL: ", 6) == 0);
		}
		/* 3 lines, 101 signatures, the roles: 105 findings, 31 shown. */
		assert_string_equal(
			rep.lines[RECORD_MAX_LINES - 1],
			c == 0   ? "ok: 74 more findings not listed, 0 of them failures"
			: c == 1 ? "FAIL: 73 more findings not listed, 73 of them failures"
				 : "FAIL: 74 more findings not listed, 1 of them failures");
		cJSON_Delete(rec);
		rec_free(&r);
	}
}

/* Over-long names, roles and keys are cut to the line, never past it. */
static void test_long_fields(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	char *big = malloc(2001), s[SIG_TEXT_LEN + 1];
	int i;

	memset(big, 'x', 2000);
	big[2000] = '\0';
	rec_meeting(&r);
	sign_text(&r, k->chair, MEETING, NULL, s);
	rec_signed(&r, big, 11, big, big, s);
	rec_signed(&r, "chair", 11, big, k->chair_pub, s);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	assert_false(record_verify(rec, &rep)); /* the entry with role xxx... fails */
	assert_int_equal(rep.nlines, 7);
	for (i = 0; i < rep.nlines; i++)
		assert_true(strlen(rep.lines[i]) < sizeof(rep.lines[i]));
	assert_int_equal(strlen(rep.lines[3]), sizeof(rep.lines[3]) - 1);
	assert_int_equal(strncmp(rep.lines[3], "FAIL: signature of the xxx", 26), 0);
	assert_int_equal(strncmp(rep.lines[4], "ok: signature of the chair (xxx", 31), 0);
	cJSON_Delete(rec);
	rec_free(&r);
	free(big);
}

/* The record is not changed by verifying it. */
static void test_record_untouched(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;
	char *before, *after;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	before = cJSON_PrintUnformatted(rec);
	assert_true(record_verify(rec, &rep));
	after = cJSON_PrintUnformatted(rec);
	assert_string_equal(before, after);
	free(before);
	free(after);
	cJSON_Delete(rec);
	rec_free(&r);
}

/* record_minutes converts log_seq with (long)seq->valuedouble;
 * a log_seq of 1e300 (or -1e300) is undefined behaviour, which UBSan
 * aborts on. It should be reported like any entry the log lacks. */
static void test_log_seq_huge(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	minutes_set(rec, "log_seq", cJSON_CreateNumber(1e300));
	assert_false(record_verify(rec, &rep));
	assert_non_null(strstr(rep.lines[1], "do not name the log entry"));
	cJSON_Delete(rec);
	rec_free(&r);
}

/* record_signature gets the meeting id as a double and
 * converts it with (uint64_t)meeting. A chain that verifies with a
 * negative meeting id (logchain accepts any number) makes that undefined
 * behaviour (UBSan aborts) as soon as the log has a minutes.signed entry.
 * It should be refused (not an id) or at least not crash. */
static void test_negative_meeting(void **state)
{
	struct keys *k = *state;
	struct record_report rep;
	struct rec r;
	cJSON *rec;

	rec_meeting_of(&r, -5);
	rec_sign_chair(&r, k);
	rec = rec_record(&r, NULL);
	assert_false(record_verify(rec, &rep));
	cJSON_Delete(rec);
	rec_free(&r);
}

/* A presiding.succeeded entry: member (name) succeeds predecessor for the
 * whole meeting, signed by key (forged: one bit flipped), as
 * api.presiding_succeed logs it. */
static void rec_succession(struct rec *r, int predecessor, int member, const char *name,
			   EVP_PKEY *key, const char *key_pub, bool forged)
{
	unsigned char msg[SUCCESSION_MSG_LEN], sig[SIG_LEN];
	char text[SIG_TEXT_LEN + 1];
	size_t len = presiding_succession_message(MEETING, 0, (uint64_t)member, "主持人出差", msg);
	cJSON *d = cJSON_CreateObject();

	assert_true(sig_sign(key, msg, len, sig));
	sig[5] ^= forged ? 1 : 0;
	sig_to_text(sig, text);
	cJSON_AddNullToObject(d, "item");
	cJSON_AddNumberToObject(d, "predecessor", predecessor);
	cJSON_AddNumberToObject(d, "member", member);
	cJSON_AddStringToObject(d, "name", name);
	cJSON_AddStringToObject(d, "reason", "主持人出差");
	cJSON_AddNumberToObject(d, "by", 10);
	cJSON_AddStringToObject(d, "key", key_pub);
	cJSON_AddStringToObject(d, "signature", text);
	rec_add_json(r, "member:10", "presiding.succeeded", d);
}

/* A good signature of the minutes as role by member (name) with key. */
static void rec_sign_as(struct rec *r, const char *role, int member, const char *name,
			EVP_PKEY *key, const char *key_pub)
{
	char s[SIG_TEXT_LEN + 1];

	sign_text(r, key, MEETING, NULL, s);
	rec_signed(r, role, member, name, key_pub, s);
}

/* Verify, expecting ok, with line n (0-based) being line. */
static void expect_line(const cJSON *rec, bool ok, int n, const char *line)
{
	struct record_report rep;

	if (record_verify(rec, &rep) != ok || rep.nlines <= n || strcmp(rep.lines[n], line) != 0) {
		print_report(&rep);
		fail_msg("expected %s with line %d: %s", ok ? "ok" : "a failure", n, line);
	}
}

/* A 副书记 holding the chair role who did not preside signs as chair: the
 * signature is good, the capacity is not (issue 18). */
static void test_chair_not_presiding(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_as(&r, "chair", 12, "王芳", k->other, k->other_pub);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	expect_line(rec, false, 4,
		    "FAIL: the chair's signature is by 王芳, who is neither the minutes' presiding "
		    "chair (主持人) nor a logged successor");
	expect_line(rec, false, 6, "FAIL: the minutes are signed by the clerk only");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* Someone not recorded as the meeting's clerk signs as clerk. */
static void test_clerk_not_recorded(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_as(&r, "clerk", 17, "钱某", k->other, k->other_pub);
	rec = rec_record(&r, NULL);
	expect_line(rec, false, 5,
		    "FAIL: the clerk's signature is by 钱某, who is not a recorded clerk");
	expect_line(rec, false, 6, "FAIL: the minutes are signed by the chair only");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* A successor named in a signed, logged act signs as chair: good; the
 * chair who presided no longer can. */
static void test_successor_signs(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_succession(&r, 11, 12, "王芳", k->other, k->other_pub, false);
	rec_sign_as(&r, "chair", 12, "王芳", k->chair, k->chair_pub);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	expect_line(rec, true, 3, "ok: succession: 王芳 succeeds as presiding chair (主持人出差)");
	expect_line(rec, true, 6, "ok: the minutes are signed by the chair and the clerk");
	cJSON_Delete(rec);
	rec_free(&r);
	rec_meeting(&r);
	rec_succession(&r, 11, 12, "王芳", k->other, k->other_pub, false);
	rec_sign_chair(&r, k); /* 李伟, succeeded */
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	expect_line(rec, false, 7, "FAIL: the minutes are signed by the clerk only");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* The successor signing before the succession is logged, a forged
 * succession, a succession naming someone else's predecessor: refused. */
static void test_successor_not_yet(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_as(&r, "chair", 12, "王芳", k->chair, k->chair_pub);
	rec_succession(&r, 11, 12, "王芳", k->other, k->other_pub, false);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	expect_line(rec, false, 7, "FAIL: the minutes are signed by the clerk only");
	cJSON_Delete(rec);
	rec_free(&r);
	rec_meeting(&r);
	rec_succession(&r, 11, 12, "王芳", k->other, k->other_pub, true);
	rec_sign_as(&r, "chair", 12, "王芳", k->chair, k->chair_pub);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	expect_line(rec, false, 3,
		    "FAIL: succession: 王芳 succeeds as presiding chair (主持人出差)");
	expect_line(rec, false, 7, "FAIL: the minutes are signed by the clerk only");
	cJSON_Delete(rec);
	rec_free(&r);
	rec_meeting(&r);
	rec_succession(&r, 13, 12, "王芳", k->other, k->other_pub, false);
	rec_sign_as(&r, "chair", 12, "王芳", k->chair, k->chair_pub);
	rec_sign_clerk(&r, k);
	rec = rec_record(&r, NULL);
	expect_line(rec, false, 7, "FAIL: the minutes are signed by the clerk only");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* A correction entry (proposed: by the clerk; else co-signed by the
 * chair) of member (name) signed with key over text/reason (signed_text:
 * what the signature covers instead, NULL: text). */
static void rec_correction(struct rec *r, bool proposed, int member, const char *name,
			   EVP_PKEY *key, const char *key_pub, const char *text,
			   const char *signed_text)
{
	unsigned char msg[CORRECTION_MSG_LEN], sig[SIG_LEN];
	char s[SIG_TEXT_LEN + 1], actor[32];
	size_t len = correction_message(MEETING, r->minutes, signed_text ? signed_text : text,
					"笔误", msg);
	cJSON *d = cJSON_CreateObject();

	assert_true(sig_sign(key, msg, len, sig));
	sig_to_text(sig, s);
	snprintf(actor, sizeof(actor), "member:%d", member);
	cJSON_AddNumberToObject(d, "n", 1);
	if (proposed) {
		cJSON_AddStringToObject(d, "text", text);
		cJSON_AddStringToObject(d, "reason", "笔误");
	}
	cJSON_AddNumberToObject(d, "member", member);
	cJSON_AddStringToObject(d, "name", name);
	cJSON_AddStringToObject(d, "key", key_pub);
	cJSON_AddStringToObject(d, "signature", s);
	rec_add_json(r, actor,
		     proposed ? "minutes.correction_proposed" : "minutes.correction_signed", d);
}

/* Find a line in the report; fail when absent. */
static void expect_has_line(const cJSON *rec, bool ok, const char *line)
{
	struct record_report rep;
	int i;

	assert_int_equal(record_verify(rec, &rep), ok);
	for (i = 0; i < rep.nlines; i++)
		if (strcmp(rep.lines[i], line) == 0)
			return;
	print_report(&rep);
	fail_msg("no line: %s", line);
}

/* A correction proposed by the clerk and co-signed by the presiding chair:
 * verified, in force; without the co-signature: said, not in force. */
static void test_correction_good(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec_correction(&r, true, 16, "赵磊", k->clerk, k->clerk_pub, "应为同意", NULL);
	rec = rec_record(&r, NULL);
	expect_has_line(rec, true,
			"ok: correction 1 is not co-signed by the presiding chair: not in force");
	cJSON_Delete(rec);
	rec_correction(&r, false, 11, "李伟", k->chair, k->chair_pub, "应为同意", NULL);
	rec = rec_record(&r, NULL);
	expect_has_line(rec, true, "ok: correction 1 (笔误) proposed by the clerk (赵磊)");
	expect_has_line(rec, true, "ok: correction 1 co-signed by the chair (李伟)");
	cJSON_Delete(rec);
	rec_free(&r);
}

/* A correction co-signed by a chair-role member who did not preside, one
 * proposed by someone not a recorded clerk, one whose text was changed
 * after signing: each fails the record. */
static void test_correction_bad(void **state)
{
	struct keys *k = *state;
	struct rec r;
	cJSON *rec;

	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec_correction(&r, true, 16, "赵磊", k->clerk, k->clerk_pub, "应为同意", NULL);
	rec_correction(&r, false, 12, "王芳", k->other, k->other_pub, "应为同意", NULL);
	rec = rec_record(&r, NULL);
	expect_has_line(rec, false,
			"FAIL: the chair's signature is by 王芳, who is neither the minutes' "
			"presiding chair (主持人) nor a logged successor");
	cJSON_Delete(rec);
	rec_free(&r);
	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec_correction(&r, true, 17, "钱某", k->other, k->other_pub, "应为同意", NULL);
	rec = rec_record(&r, NULL);
	expect_has_line(rec, false,
			"FAIL: the clerk's signature is by 钱某, who is not a recorded clerk");
	cJSON_Delete(rec);
	rec_free(&r);
	rec_meeting(&r);
	rec_sign_chair(&r, k);
	rec_sign_clerk(&r, k);
	rec_correction(&r, true, 16, "赵磊", k->clerk, k->clerk_pub, "应为反对", "应为同意");
	rec = rec_record(&r, NULL);
	expect_has_line(rec, false, "FAIL: correction 1 (笔误) proposed by the clerk (赵磊)");
	cJSON_Delete(rec);
	rec_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, keys_setup, keys_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_good_record),
		T(test_good_record_from_text),
		T(test_good_record_variants),
		T(test_chain_broken),
		T(test_minutes_changed),
		T(test_minutes_changed_resigned),
		T(test_minutes_changed_every_byte),
		T(test_minutes_sha_wrong),
		T(test_log_seq_past_log),
		T(test_log_seq_other_entry),
		T(test_signature_over_other_minutes),
		T(test_forged_signature),
		T(test_bad_key_text),
		T(test_signature_fields_missing),
		T(test_only_chair),
		T(test_only_clerk),
		T(test_nobody_signed),
		T(test_signatures_from_log_only),
		T(test_unknown_role),
		T(test_missing_minutes),
		T(test_wrong_format),
		T(test_line_limit),
		T(test_long_fields),
		T(test_record_untouched),
		T(test_log_seq_huge),
		T(test_negative_meeting),
		T(test_chair_not_presiding),
		T(test_clerk_not_recorded),
		T(test_successor_signs),
		T(test_successor_not_yet),
		T(test_correction_good),
		T(test_correction_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
