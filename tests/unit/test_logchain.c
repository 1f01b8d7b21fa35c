/* Unit tests for proto/logchain.c: the meeting log's hash chain checked
 * offline. Logs are built here byte by byte, the way yg_log_append
 * (sql/0006_meeting_log.sql) builds them, then damaged in every way we can
 * think of; each damage must be found at the right entry with a message
 * saying what is wrong.
 *
 * What the chain cannot show: an export cut short after any entry is still
 * a valid chain (every entry only vouches for those before it), and so is
 * a log rewritten from some entry onwards with fresh hashes. Both change
 * the head (the last entry's seq and hash), so a verifier must compare the
 * head with one published independently (meeting.state, the minutes' "log"
 * member, the election record). test_truncated_tail and
 * test_rewritten_suffix pin this down. */
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
#include "logbuild.h"

#define MEETING 7

/* The body yg_log_append would write, in compact JSON. */
static char *body_make(double meeting, long seq, const char *actor, const char *event,
		       const char *data)
{
	cJSON *b = cJSON_CreateObject(), *d = cJSON_Parse(data);
	char at[40], *text;

	assert_non_null(d);
	snprintf(at, sizeof(at), "2025-03-01T01:%02ld:%02ld.000000Z", seq / 60 % 60, seq % 60);
	cJSON_AddNumberToObject(b, "meeting", meeting);
	cJSON_AddNumberToObject(b, "seq", (double)seq);
	cJSON_AddStringToObject(b, "at", at);
	cJSON_AddStringToObject(b, "actor", actor);
	cJSON_AddStringToObject(b, "event", event);
	cJSON_AddItemToObject(b, "data", d);
	text = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	assert_non_null(text);
	return text;
}

/* Append the next event of the export's meeting. */
static void logb_add(struct logb *lb, const char *actor, const char *event, const char *data)
{
	double meeting = cJSON_GetNumberValue(cJSON_GetObjectItem(lb->export, "meeting"));
	char *body = body_make(meeting, lb->seq + 1, actor, event, data);

	logb_add_raw(lb, lb->seq + 1, body);
	free(body);
}

/* A log of n varied entries of meeting MEETING. */
static void logb_sample(struct logb *lb, int n)
{
	static const char *const events[][3] = {
		{"member:11", "meeting.announced",
		 "{\"id\":7,\"title\":\"Standing committee\",\"place\":\"Room "
		 "3\",\"roster\":[{\"id\":11,"
		 "\"name\":\"Li\"},{\"id\":12,\"name\":\"Wang\"}]}"},
		{"member:11", "attendance.in", "{\"kind\":\"member\",\"who\":11,\"name\":\"Li\"}"},
		{"member:12", "attendance.in",
		 "{\"kind\":\"member\",\"who\":12,\"name\":\"Wang\"}"},
		{"member:11", "meeting.opened", "{\"entitled\":2,\"present\":2,\"absent\":[]}"},
		{"member:11", "agenda.opened",
		 "{\"item\":5,\"title\":\"Budget\",\"presiding\":11}"},
		{"member:12", "agenda.statement",
		 "{\"item\":5,\"member\":12,\"name\":\"Wang\",\"kind\":\"state\",\"position\":"
		 "\"agree\",\"candidate\":0,\"body\":\"Fine.\"}"},
		{"member:11", "agenda.discussed", "{\"item\":5,\"reason\":null,\"statements\":[]}"},
		{"member:11", "meeting.closed", "{\"entitled\":2,\"present\":2,\"absent\":[]}"},
	};
	int i;

	logb_init(lb, MEETING);
	for (i = 0; i < n; i++) {
		int k = i % (int)(sizeof(events) / sizeof(events[0]));

		logb_add(lb, events[k][0], events[k][1], events[k][2]);
	}
}

static cJSON *entries_of(struct logb *lb)
{
	return cJSON_GetObjectItem(lb->export, "entries");
}

/* Entry number k (from 1). */
static cJSON *entry_at(struct logb *lb, int k)
{
	cJSON *e = cJSON_GetArrayItem(entries_of(lb), k - 1);

	assert_non_null(e);
	return e;
}

/* Replace a string member of entry k. */
static void entry_set(struct logb *lb, int k, const char *name, const char *value)
{
	assert_true(cJSON_ReplaceItemInObjectCaseSensitive(entry_at(lb, k), name,
							   cJSON_CreateString(value)));
}

static const char *entry_get(struct logb *lb, int k, const char *name)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(entry_at(lb, k), name));

	assert_non_null(s);
	return s;
}

/* Verify, expecting the result want and a message naming entry want (if
 * positive) and containing what. */
static void expect_verify(const cJSON *export, long want, const char *what)
{
	char why[256], prefix[32];
	long got;

	memset(why, 'x', sizeof(why));
	got = logchain_verify(export, why, sizeof(why));
	if (got != want || strstr(why, what) == NULL)
		print_error("want %ld \"%s\", got %ld \"%s\"\n", want, what, got, why);
	assert_int_equal(got, want);
	assert_non_null(strstr(why, what));
	if (want > 0) {
		snprintf(prefix, sizeof(prefix), "entry %ld: ", want);
		assert_int_equal(strncmp(why, prefix, strlen(prefix)), 0);
	}
}

static void expect_intact(const cJSON *export, long n)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "%ld %s, chain intact", n, n == 1 ? "entry" : "entries");
	expect_verify(export, -1, msg);
}

/* SHA-256("yangguang/v1/log" || 0x00 || prev || body) computed here, with
 * no help from the module. */
static void reference_hash(const unsigned char prev[32], const char *body, char out[65])
{
	static const char tag[] = "yangguang/v1/log";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, tag, strlen(tag)), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, "", 1), 1); /* the 0x00 */
	assert_int_equal(EVP_DigestUpdate(ctx, prev, 32), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, body, strlen(body)), 1);
	assert_int_equal(EVP_DigestFinal_ex(ctx, md, &n), 1);
	EVP_MD_CTX_free(ctx);
	assert_int_equal(n, 32);
	hex_encode(md, 32, out);
}

/* Two entries, by hand: the hashes from EVP here, and from Python's hashlib
 * (the literals), must be what the module computes. */
#define VEC_BODY1                                                                                  \
	"{\"meeting\":1,\"seq\":1,\"at\":\"2025-03-01T01:00:01.000000Z\",\"actor\":\"member:11\"," \
	"\"event\":\"meeting.announced\",\"data\":{\"title\":\"常委会\"}}"
#define VEC_BODY2                                                                                  \
	"{\"meeting\":1,\"seq\":2,\"at\":\"2025-03-01T01:00:02.000000Z\",\"actor\":\"member:11\"," \
	"\"event\":\"meeting.opened\",\"data\":{}}"
#define VEC_HASH1 "4297d25c585bfc6bb173787eaad964c482f244415bc6e5569088158a65f51aaa"
#define VEC_HASH2 "e3be615f68d7d652f47e23444724361381d47986dff837622dca26b085614258"
#define VEC_EMPTY "3dca4abc0f428be4a6f4779f602f95716781c2d86f75622653fac4e5a866d837"
#define ZERO_HEX  "0000000000000000000000000000000000000000000000000000000000000000"

static void test_known_vector(void **state)
{
	unsigned char zero[32] = {0}, h1[32];
	char ref[65], got[65];

	(void)state;
	reference_hash(zero, VEC_BODY1, ref);
	assert_string_equal(ref, VEC_HASH1);
	memset(got, 'x', sizeof(got));
	assert_true(logchain_hash(zero, VEC_BODY1, got));
	assert_string_equal(got, VEC_HASH1);

	assert_true(hex_decode(VEC_HASH1, h1, 32));
	reference_hash(h1, VEC_BODY2, ref);
	assert_string_equal(ref, VEC_HASH2);
	assert_true(logchain_hash(h1, VEC_BODY2, got));
	assert_string_equal(got, VEC_HASH2);

	/* An empty body still hashes the tag and the previous hash. */
	assert_true(logchain_hash(zero, "", got));
	assert_string_equal(got, VEC_EMPTY);
}

/* The same vector as an export written out by hand verifies. */
static void test_known_vector_export(void **state)
{
	static const char *const vec[2][3] = {{VEC_BODY1, ZERO_HEX, VEC_HASH1},
					      {VEC_BODY2, VEC_HASH1, VEC_HASH2}};
	cJSON *x = cJSON_CreateObject(), *entries, *e;
	int i;

	(void)state;
	cJSON_AddStringToObject(x, "format", "yangguang-meeting-log/1");
	cJSON_AddNumberToObject(x, "meeting", 1);
	cJSON_AddNumberToObject(x, "committee", 1);
	entries = cJSON_AddArrayToObject(x, "entries");
	for (i = 0; i < 2; i++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "seq", i + 1);
		cJSON_AddStringToObject(e, "body", vec[i][0]);
		cJSON_AddStringToObject(e, "prev_hash", vec[i][1]);
		cJSON_AddStringToObject(e, "hash", vec[i][2]);
		cJSON_AddItemToArray(entries, e);
	}
	expect_intact(x, 2);
	cJSON_Delete(x);
}

/* The hash depends on the previous hash and on every byte of the body, and
 * is not the bare SHA-256 of the body. */
static void test_hash_inputs(void **state)
{
	unsigned char zero[32] = {0}, one[32] = {0}, md[32];
	char a[65], b[65], plain[65];
	unsigned int n = 0;

	(void)state;
	one[31] = 1;
	assert_true(logchain_hash(zero, "{}", a));
	assert_true(logchain_hash(one, "{}", b));
	assert_string_not_equal(a, b);
	assert_true(logchain_hash(zero, "{} ", b));
	assert_string_not_equal(a, b);
	assert_int_equal(EVP_Digest("{}", 2, md, &n, EVP_sha256(), NULL), 1);
	hex_encode(md, 32, plain);
	assert_string_not_equal(a, plain);
	/* Lower-case hex, always 64 digits. */
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
}

static void test_empty_log(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	expect_intact(lb.export, 0);
	cJSON_Delete(lb.export);
}

static void test_one_entry(void **state)
{
	struct logb lb;

	(void)state;
	logb_sample(&lb, 1);
	assert_string_equal(entry_get(&lb, 1, "prev_hash"), ZERO_HEX);
	expect_intact(lb.export, 1);
	cJSON_Delete(lb.export);
}

static void test_many_entries(void **state)
{
	struct logb lb;
	int k;

	(void)state;
	logb_sample(&lb, 300);
	expect_intact(lb.export, 300);
	/* Each entry's prev_hash is the hash before it. */
	for (k = 2; k <= 300; k++)
		assert_string_equal(entry_get(&lb, k, "prev_hash"), entry_get(&lb, k - 1, "hash"));
	cJSON_Delete(lb.export);
}

/* Bodies in UTF-8 are hashed as their bytes. */
static void test_utf8_bodies(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	logb_add(&lb, "member:11", "attendance.absent",
		 "{\"member\":15,\"name\":\"陈静\",\"reason\":\"出差（省委党校学习）\"}");
	logb_add(&lb, "member:11", "agenda.statement",
		 "{\"item\":1,\"body\":\"同意。\\n\\t\\\"引号\\\"\"}");
	expect_intact(lb.export, 2);
	cJSON_Delete(lb.export);
}

#define NSAMPLE 8

/* Every byte of every body changed in turn: found at that entry. */
static void test_changed_body_byte(void **state)
{
	struct logb lb;
	char *body;
	size_t i, len;
	int k;

	(void)state;
	logb_sample(&lb, NSAMPLE);
	for (k = 1; k <= NSAMPLE; k++) {
		body = strdup(entry_get(&lb, k, "body"));
		len = strlen(body);
		for (i = 0; i < len; i++) {
			char saved = body[i];

			body[i] = saved == 'a' ? 'b' : 'a';
			entry_set(&lb, k, "body", body);
			expect_verify(lb.export, k, "its body or hash was changed");
			body[i] = saved;
		}
		/* A byte added at the end, or the last one removed. */
		body = realloc(body, len + 2);
		memcpy(body + len, " ", 2);
		entry_set(&lb, k, "body", body);
		expect_verify(lb.export, k, "its body or hash was changed");
		body[len - 1] = '\0';
		entry_set(&lb, k, "body", body);
		expect_verify(lb.export, k, "its body or hash was changed");
		body[len - 1] = '}';
		body[len] = '\0';
		entry_set(&lb, k, "body", body);
		expect_intact(lb.export, NSAMPLE);
		free(body);
	}
	cJSON_Delete(lb.export);
}

/* The correct hash of entry k is named in the message. */
static void test_changed_body_names_hash(void **state)
{
	struct logb lb;
	unsigned char prev[32];
	char want[65], msg[128];

	(void)state;
	logb_sample(&lb, 4);
	entry_set(&lb, 3, "body", "{\"meeting\":7,\"seq\":3}");
	assert_true(hex_decode(entry_get(&lb, 2, "hash"), prev, 32));
	reference_hash(prev, "{\"meeting\":7,\"seq\":3}", want);
	snprintf(msg, sizeof(msg), "(hash should be %s)", want);
	expect_verify(lb.export, 3, msg);
	cJSON_Delete(lb.export);
}

/* Another lower-case hex digit in place of hex[i]. */
static char other_digit(char c)
{
	return c == '0' ? '1' : '0';
}

/* Every digit of every hash changed in turn. */
static void test_changed_hash(void **state)
{
	struct logb lb;
	char h[65], saved[65];
	int k, i;

	(void)state;
	logb_sample(&lb, NSAMPLE);
	for (k = 1; k <= NSAMPLE; k++) {
		strcpy(saved, entry_get(&lb, k, "hash"));
		for (i = 0; i < 64; i++) {
			strcpy(h, saved);
			h[i] = other_digit(h[i]);
			entry_set(&lb, k, "hash", h);
			expect_verify(lb.export, k, "its body or hash was changed");
		}
		entry_set(&lb, k, "hash", saved);
		expect_intact(lb.export, NSAMPLE);
	}
	cJSON_Delete(lb.export);
}

/* A changed hash carried into the next prev_hash is still found where it
 * was changed. */
static void test_changed_hash_carried(void **state)
{
	struct logb lb;
	char h[65];

	(void)state;
	logb_sample(&lb, 5);
	strcpy(h, entry_get(&lb, 3, "hash"));
	h[10] = other_digit(h[10]);
	entry_set(&lb, 3, "hash", h);
	entry_set(&lb, 4, "prev_hash", h);
	expect_verify(lb.export, 3, "its body or hash was changed");
	cJSON_Delete(lb.export);
}

/* Every digit of every prev_hash changed in turn. */
static void test_changed_prev_hash(void **state)
{
	struct logb lb;
	char h[65], saved[65];
	int k, i;

	(void)state;
	logb_sample(&lb, NSAMPLE);
	for (k = 1; k <= NSAMPLE; k++) {
		strcpy(saved, entry_get(&lb, k, "prev_hash"));
		for (i = 0; i < 64; i++) {
			strcpy(h, saved);
			h[i] = other_digit(h[i]);
			entry_set(&lb, k, "prev_hash", h);
			expect_verify(lb.export, k, "prev_hash");
		}
		entry_set(&lb, k, "prev_hash", saved);
		expect_intact(lb.export, NSAMPLE);
	}
	cJSON_Delete(lb.export);
}

/* The message names the entry whose hash prev_hash should be. */
static void test_prev_hash_message(void **state)
{
	struct logb lb;

	(void)state;
	logb_sample(&lb, 5);
	entry_set(&lb, 4, "prev_hash", entry_get(&lb, 2, "hash"));
	expect_verify(lb.export, 4, "entry 4: prev_hash does not match entry 3's hash");
	cJSON_Delete(lb.export);
}

/* Put item at index (from 0) of the entries, rebuilding the array
 * (cJSON 1.7.15's cJSON_InsertItemInArray fails in the middle of these). */
static void entries_insert(struct logb *lb, int index, cJSON *item)
{
	cJSON *old = cJSON_DetachItemFromObject(lb->export, "entries");
	cJSON *fresh = cJSON_CreateArray(), *e;
	int i = 0;

	while ((e = cJSON_DetachItemFromArray(old, 0)) != NULL) {
		if (i++ == index) {
			cJSON_AddItemToArray(fresh, item);
			item = NULL;
		}
		cJSON_AddItemToArray(fresh, e);
	}
	if (item != NULL)
		cJSON_AddItemToArray(fresh, item);
	cJSON_Delete(old);
	cJSON_AddItemToObject(lb->export, "entries", fresh);
}

/* Swap entries k and k+1 as they are. */
static void swap_entries(struct logb *lb, int k)
{
	cJSON *a = cJSON_DetachItemFromArray(entries_of(lb), k - 1);

	entries_insert(lb, k, a);
}

static void test_swapped_pair(void **state)
{
	struct logb lb;
	int k;

	(void)state;
	for (k = 1; k < NSAMPLE; k++) {
		logb_sample(&lb, NSAMPLE);
		swap_entries(&lb, k);
		assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(entry_at(&lb, k), "seq")),
				 k + 1);
		expect_verify(lb.export, k, "seq");
		cJSON_Delete(lb.export);
	}
}

/* Swapped, and the outer seq renumbered to hide it: the chain shows it. */
static void test_swapped_pair_renumbered(void **state)
{
	struct logb lb;
	int k;

	(void)state;
	for (k = 1; k < NSAMPLE; k++) {
		logb_sample(&lb, NSAMPLE);
		swap_entries(&lb, k);
		cJSON_SetNumberValue(cJSON_GetObjectItem(entry_at(&lb, k), "seq"), k);
		cJSON_SetNumberValue(cJSON_GetObjectItem(entry_at(&lb, k + 1), "seq"), k + 1);
		expect_verify(lb.export, k, "prev_hash");
		cJSON_Delete(lb.export);
	}
}

static void test_removed_middle(void **state)
{
	struct logb lb;
	int k;

	(void)state;
	for (k = 1; k < NSAMPLE; k++) {
		logb_sample(&lb, NSAMPLE);
		cJSON_DeleteItemFromArray(entries_of(&lb), k - 1);
		expect_verify(lb.export, k, "seq");
		cJSON_Delete(lb.export);
	}
}

/* Removed, and the later entries renumbered. */
static void test_removed_middle_renumbered(void **state)
{
	struct logb lb;
	int k, j;

	(void)state;
	for (k = 1; k < NSAMPLE; k++) {
		logb_sample(&lb, NSAMPLE);
		cJSON_DeleteItemFromArray(entries_of(&lb), k - 1);
		for (j = k; j < NSAMPLE; j++)
			cJSON_SetNumberValue(cJSON_GetObjectItem(entry_at(&lb, j), "seq"), j);
		expect_verify(lb.export, k, "prev_hash");
		cJSON_Delete(lb.export);
	}
}

/* A log cut short is still a chain: only the head shows it, which is why
 * the head must be compared with one published elsewhere. */
static void test_truncated_tail(void **state)
{
	struct logb lb;
	char head[65];
	int n;

	(void)state;
	logb_sample(&lb, NSAMPLE);
	strcpy(head, entry_get(&lb, NSAMPLE, "hash"));
	for (n = NSAMPLE - 1; n >= 0; n--) {
		cJSON_DeleteItemFromArray(entries_of(&lb), n);
		expect_intact(lb.export, n);
		if (n > 0)
			assert_string_not_equal(entry_get(&lb, n, "hash"), head);
	}
	cJSON_Delete(lb.export);
}

/* A log rewritten from entry 3 on, every hash recomputed, is a valid chain
 * too; its head differs from the one published. */
static void test_rewritten_suffix(void **state)
{
	struct logb lb, forged;
	char head[65];
	int k;

	(void)state;
	logb_sample(&lb, 6);
	strcpy(head, entry_get(&lb, 6, "hash"));
	logb_init(&forged, MEETING);
	for (k = 1; k <= 2; k++)
		logb_add_raw(&forged, k, entry_get(&lb, k, "body"));
	logb_add(&forged, "member:11", "attendance.in", "{\"kind\":\"member\",\"who\":99}");
	for (k = 4; k <= 6; k++)
		logb_add(&forged, "member:11", "meeting.closed", "{}");
	assert_string_equal(entry_get(&forged, 2, "hash"), entry_get(&lb, 2, "hash"));
	expect_intact(forged.export, 6);
	assert_string_not_equal(entry_get(&forged, 6, "hash"), head);
	cJSON_Delete(lb.export);
	cJSON_Delete(forged.export);
}

static void test_duplicated_entry(void **state)
{
	struct logb lb;
	int k;

	(void)state;
	for (k = 1; k <= NSAMPLE; k++) {
		logb_sample(&lb, NSAMPLE);
		entries_insert(&lb, k, cJSON_Duplicate(entry_at(&lb, k), 1));
		expect_verify(lb.export, k + 1, "seq");
		cJSON_Delete(lb.export);
	}
	/* Duplicated with its outer seq made to fit. */
	logb_sample(&lb, NSAMPLE);
	cJSON_AddItemToArray(entries_of(&lb), cJSON_Duplicate(entry_at(&lb, NSAMPLE), 1));
	cJSON_SetNumberValue(cJSON_GetObjectItem(entry_at(&lb, NSAMPLE + 1), "seq"), NSAMPLE + 1);
	expect_verify(lb.export, NSAMPLE + 1, "prev_hash");
	cJSON_Delete(lb.export);
}

static void test_seq_not_from_one(void **state)
{
	struct logb lb;
	char *body;

	(void)state;
	/* Starting at 2, consistently in the entry and its body. */
	logb_init(&lb, MEETING);
	body = body_make(MEETING, 2, "member:11", "meeting.opened", "{}");
	logb_add_raw(&lb, 2, body);
	free(body);
	expect_verify(lb.export, 1, "seq");
	cJSON_Delete(lb.export);

	/* Starting at 0. */
	logb_init(&lb, MEETING);
	body = body_make(MEETING, 0, "member:11", "meeting.opened", "{}");
	logb_add_raw(&lb, 0, body);
	free(body);
	expect_verify(lb.export, 1, "seq");
	cJSON_Delete(lb.export);

	/* The entry says 1, its body says 2. */
	logb_init(&lb, MEETING);
	body = body_make(MEETING, 2, "member:11", "meeting.opened", "{}");
	logb_add_raw(&lb, 1, body);
	free(body);
	expect_verify(lb.export, 1, "its body names another meeting or sequence");
	cJSON_Delete(lb.export);
}

/* Bodies correctly hashed that name another meeting or seq. */
static void test_body_names_other(void **state)
{
	static const char *const bad[] = {
		"{\"meeting\":8,\"seq\":3}",
		"{\"meeting\":7,\"seq\":4}",
		"{\"meeting\":7,\"seq\":2}",
		"{\"meeting\":7,\"seq\":\"3\"}",
		"{\"meeting\":7,\"seq\":3.5}",
		"{\"meeting\":-7,\"seq\":3}",
		"{\"meeting\":70,\"seq\":3}",
		"{\"meeting\":7}",
		"{\"meeting\":7,\"Seq\":3}",
		"[7,3]",
		"not json at all",
		"",
		"{\"meeting\":7,\"seq\":3",
		"\"{\\\"meeting\\\":7,\\\"seq\\\":3}\"",
		"{\"meeting\":0,\"seq\":3}",
		"{\"meeting\":6.5,\"seq\":3}",
	};
	struct logb lb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		logb_sample(&lb, 2);
		logb_add_raw(&lb, 3, bad[i]);
		logb_add(&lb, "member:11", "meeting.closed", "{}");
		expect_verify(lb.export, 3, "its body names another meeting or sequence");
		cJSON_Delete(lb.export);
	}
	/* Extra members and another key order are fine. */
	logb_sample(&lb, 2);
	logb_add_raw(&lb, 3, "{\"seq\":3,\"extra\":[1,2],\"meeting\":7}");
	expect_intact(lb.export, 3);
	cJSON_Delete(lb.export);
}

/* a body with the right seq but no numeric "meeting" makes
 * logchain_entry convert NaN to long long (logchain.c, the
 * (long long)cJSON_GetNumberValue(...) == meeting test): undefined
 * behaviour, which aborts under UBSan (float-cast-overflow) and only by
 * luck gives "names another meeting" in a plain build. */
static void test_body_without_meeting(void **state)
{
	static const char *const bad[] = {
		"{\"seq\":3}",
		"{\"meeting\":\"7\",\"seq\":3}",
		"{\"meeting\":null,\"seq\":3}",
		"{\"meeting\":1e300,\"seq\":3}",
	};
	struct logb lb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		logb_sample(&lb, 2);
		logb_add_raw(&lb, 3, bad[i]);
		expect_verify(lb.export, 3, "its body names another meeting or sequence");
		cJSON_Delete(lb.export);
	}
}

/* an export whose "meeting" is a number outside long long
 * (1e300, -1e300) is converted with (long long)meeting->valuedouble in
 * logchain_verify: undefined behaviour (UBSan aborts). It should be
 * refused as not an export, or as entries naming another meeting. */
static void test_export_meeting_out_of_range(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, 1e300);
	logb_add_raw(&lb, 1, "{\"meeting\":7,\"seq\":1}");
	assert_int_not_equal(logchain_verify(lb.export, (char[256]){0}, 256), -1);
	cJSON_Delete(lb.export);
}

/* meeting ids are compared after truncation to long long, so
 * a body naming meeting 7.5 passes in an export of meeting 7 (and bodies
 * naming 7 pass in an export of meeting 7.9). Ids are integers; anything
 * else should not match. */
static void test_fractional_meeting(void **state)
{
	struct logb lb;

	(void)state;
	logb_init(&lb, MEETING);
	logb_add_raw(&lb, 1, "{\"meeting\":7.5,\"seq\":1}");
	expect_verify(lb.export, 1, "its body names another meeting or sequence");
	cJSON_Delete(lb.export);
	logb_init(&lb, 7.9);
	logb_add_raw(&lb, 1, "{\"meeting\":7,\"seq\":1}");
	expect_verify(lb.export, 0, "not a meeting log export");
	cJSON_Delete(lb.export);
}

/* Hex that is not 64 lower-case digits, in hash or prev_hash of entry 2. */
static void test_malformed_hex(void **state)
{
	static const char *const fields[] = {"hash", "prev_hash"};
	struct logb lb;
	char good[65], bad[70];
	size_t f, i;

	(void)state;
	for (f = 0; f < 2; f++) {
		logb_sample(&lb, 3);
		strcpy(good, entry_get(&lb, 2, fields[f]));
		/* Upper case: the same value, refused (the server writes lower case). */
		for (i = 0; i < 64; i++)
			bad[i] = (char)(good[i] >= 'a' ? good[i] - 'a' + 'A' : good[i]);
		bad[64] = '\0';
		assert_string_not_equal(bad, good); /* it has a letter in it */
		entry_set(&lb, 2, fields[f], bad);
		expect_verify(lb.export, 2, "malformed");
		/* One upper-case letter only. */
		strcpy(bad, good);
		i = strcspn(bad, "abcdef");
		bad[i] = (char)(bad[i] - 'a' + 'A');
		entry_set(&lb, 2, fields[f], bad);
		expect_verify(lb.export, 2, "malformed");
		/* Too short, too long, empty. */
		memcpy(bad, good, 63);
		bad[63] = '\0';
		entry_set(&lb, 2, fields[f], bad);
		expect_verify(lb.export, 2, "malformed");
		snprintf(bad, sizeof(bad), "%s0", good);
		entry_set(&lb, 2, fields[f], bad);
		expect_verify(lb.export, 2, "malformed");
		entry_set(&lb, 2, fields[f], "");
		expect_verify(lb.export, 2, "malformed");
		/* Not hex at each position: g, space, sign, 0x, non-ASCII. */
		for (i = 0; i < 64; i++) {
			static const char *const junk = "g +-xG.";
			size_t j;

			for (j = 0; junk[j] != '\0'; j++) {
				strcpy(bad, good);
				bad[i] = junk[j];
				entry_set(&lb, 2, fields[f], bad);
				expect_verify(lb.export, 2, "malformed");
			}
		}
		snprintf(bad, sizeof(bad), "0x%.62s", good);
		entry_set(&lb, 2, fields[f], bad);
		expect_verify(lb.export, 2, "malformed");
		snprintf(bad, sizeof(bad), "é%.62s", good); /* 64 bytes, 63 characters */
		entry_set(&lb, 2, fields[f], bad);
		expect_verify(lb.export, 2, "malformed");
		/* Not a string. */
		cJSON_ReplaceItemInObjectCaseSensitive(entry_at(&lb, 2), fields[f],
						       cJSON_CreateNumber(0));
		expect_verify(lb.export, 2, "malformed");
		entry_set(&lb, 2, fields[f], good);
		expect_intact(lb.export, 3);
		cJSON_Delete(lb.export);
	}
}

static void test_missing_fields(void **state)
{
	static const char *const fields[] = {"seq", "body", "prev_hash", "hash"};
	struct logb lb;
	size_t f;

	(void)state;
	for (f = 0; f < 4; f++) {
		logb_sample(&lb, 3);
		cJSON_DeleteItemFromObjectCaseSensitive(entry_at(&lb, 2), fields[f]);
		expect_verify(lb.export, 2, "malformed (seq, body, prev_hash, hash)");
		cJSON_Delete(lb.export);
		/* Or null. */
		logb_sample(&lb, 3);
		cJSON_ReplaceItemInObjectCaseSensitive(entry_at(&lb, 2), fields[f],
						       cJSON_CreateNull());
		expect_verify(lb.export, 2, "malformed");
		cJSON_Delete(lb.export);
		/* Names are case-sensitive. */
		logb_sample(&lb, 3);
		{
			cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(entry_at(&lb, 2),
									   fields[f]);
			char upper[16];
			size_t i;

			for (i = 0; fields[f][i] != '\0'; i++)
				upper[i] = (char)(fields[f][i] == '_' ? '_' : fields[f][i] - 32);
			upper[i] = '\0';
			cJSON_AddItemToObject(entry_at(&lb, 2), upper, v);
		}
		expect_verify(lb.export, 2, "malformed");
		cJSON_Delete(lb.export);
	}
	/* seq as a string, body as a number, body as an object. */
	logb_sample(&lb, 3);
	cJSON_ReplaceItemInObjectCaseSensitive(entry_at(&lb, 2), "seq", cJSON_CreateString("2"));
	expect_verify(lb.export, 2, "malformed");
	cJSON_Delete(lb.export);
	logb_sample(&lb, 3);
	cJSON_ReplaceItemInObjectCaseSensitive(entry_at(&lb, 2), "body", cJSON_CreateNumber(2));
	expect_verify(lb.export, 2, "malformed");
	cJSON_Delete(lb.export);
	logb_sample(&lb, 3);
	cJSON_ReplaceItemInObjectCaseSensitive(entry_at(&lb, 2), "body",
					       cJSON_Parse(entry_get(&lb, 2, "body")));
	expect_verify(lb.export, 2, "malformed");
	cJSON_Delete(lb.export);
}

/* Documents that are not log exports at all: 0. */
static void test_wrong_format(void **state)
{
	static const char *const docs[] = {
		"{\"format\":\"yangguang-meeting-log/2\",\"meeting\":7,\"entries\":[]}",
		"{\"format\":\"yangguang-meeting-log/1 \",\"meeting\":7,\"entries\":[]}",
		"{\"format\":\"YANGGUANG-MEETING-LOG/1\",\"meeting\":7,\"entries\":[]}",
		"{\"format\":\"yangguang-meeting-record/1\",\"meeting\":7,\"entries\":[]}",
		"{\"format\":\"\",\"meeting\":7,\"entries\":[]}",
		"{\"format\":1,\"meeting\":7,\"entries\":[]}",
		"{\"format\":null,\"meeting\":7,\"entries\":[]}",
		"{\"meeting\":7,\"entries\":[]}",
		"{\"Format\":\"yangguang-meeting-log/1\",\"meeting\":7,\"entries\":[]}",
		"{\"format\":\"yangguang-meeting-log/1\",\"entries\":[]}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":\"7\",\"entries\":[]}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":null,\"entries\":[]}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":7}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":7,\"entries\":{}}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":7,\"entries\":\"[]\"}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":7,\"entries\":null}",
		"{\"format\":\"yangguang-meeting-log/1\",\"meeting\":7,\"entries\":{\"0\":{}}}",
		"[]",
		"\"yangguang-meeting-log/1\"",
		"null",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		cJSON *x = cJSON_Parse(docs[i]);

		assert_non_null(x);
		expect_verify(x, 0, "not a meeting log export (format yangguang-meeting-log/1)");
		cJSON_Delete(x);
	}
	expect_verify(NULL, 0, "not a meeting log export");
}

/* Entries that are not objects. */
static void test_non_object_entries(void **state)
{
	static const char *const junk[] = {"1",  "\"entry\"", "null", "true",
					   "[]", "[1,\"b\"]", "{}"};
	struct logb lb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		logb_init(&lb, MEETING);
		cJSON_AddItemToArray(entries_of(&lb), cJSON_Parse(junk[i]));
		expect_verify(lb.export, 1, "malformed");
		cJSON_Delete(lb.export);

		logb_sample(&lb, 3);
		cJSON_AddItemToArray(entries_of(&lb), cJSON_Parse(junk[i]));
		logb_add(&lb, "member:11", "meeting.closed", "{}");
		expect_verify(lb.export, 4, "malformed");
		cJSON_Delete(lb.export);
	}
}

/* Of several damages, the first is reported. */
static void test_first_damage_reported(void **state)
{
	struct logb lb;

	(void)state;
	logb_sample(&lb, NSAMPLE);
	entry_set(&lb, 6, "body", "{}");
	entry_set(&lb, 4, "prev_hash", ZERO_HEX);
	cJSON_DeleteItemFromObjectCaseSensitive(entry_at(&lb, 7), "hash");
	expect_verify(lb.export, 4, "prev_hash");
	cJSON_Delete(lb.export);
}

/* The message fits whatever room it is given. */
static void test_short_why(void **state)
{
	struct logb lb;
	char why[12];

	(void)state;
	logb_sample(&lb, 3);
	memset(why, 'x', sizeof(why));
	assert_int_equal(logchain_verify(lb.export, why, 1), -1);
	assert_int_equal(why[0], '\0');
	assert_int_equal(why[1], 'x');
	entry_set(&lb, 2, "body", "{}");
	assert_int_equal(logchain_verify(lb.export, why, sizeof(why)), 2);
	assert_string_equal(why, "entry 2: it");
	cJSON_Delete(lb.export);
}

/* The export is not changed by verifying it. */
static void test_export_untouched(void **state)
{
	struct logb lb;
	char *before, *after, why[256];

	(void)state;
	logb_sample(&lb, NSAMPLE);
	before = cJSON_PrintUnformatted(lb.export);
	assert_int_equal(logchain_verify(lb.export, why, sizeof(why)), -1);
	after = cJSON_PrintUnformatted(lb.export);
	assert_string_equal(before, after);
	free(before);
	free(after);
	cJSON_Delete(lb.export);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vector),
		cmocka_unit_test(test_known_vector_export),
		cmocka_unit_test(test_hash_inputs),
		cmocka_unit_test(test_empty_log),
		cmocka_unit_test(test_one_entry),
		cmocka_unit_test(test_many_entries),
		cmocka_unit_test(test_utf8_bodies),
		cmocka_unit_test(test_changed_body_byte),
		cmocka_unit_test(test_changed_body_names_hash),
		cmocka_unit_test(test_changed_hash),
		cmocka_unit_test(test_changed_hash_carried),
		cmocka_unit_test(test_changed_prev_hash),
		cmocka_unit_test(test_prev_hash_message),
		cmocka_unit_test(test_swapped_pair),
		cmocka_unit_test(test_swapped_pair_renumbered),
		cmocka_unit_test(test_removed_middle),
		cmocka_unit_test(test_removed_middle_renumbered),
		cmocka_unit_test(test_truncated_tail),
		cmocka_unit_test(test_rewritten_suffix),
		cmocka_unit_test(test_duplicated_entry),
		cmocka_unit_test(test_seq_not_from_one),
		cmocka_unit_test(test_body_names_other),
		cmocka_unit_test(test_body_without_meeting),
		cmocka_unit_test(test_export_meeting_out_of_range),
		cmocka_unit_test(test_fractional_meeting),
		cmocka_unit_test(test_malformed_hex),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_wrong_format),
		cmocka_unit_test(test_non_object_entries),
		cmocka_unit_test(test_first_damage_reported),
		cmocka_unit_test(test_short_why),
		cmocka_unit_test(test_export_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
