/* Materials at size, and the times meetings are scheduled for (issue 21,
 * findings 5 and 6):
 * - a 16 MiB upload writes WAL in proportion to its size, not to its
 *   square (each chunk used to rewrite the whole upload), and reads back
 *   byte for byte;
 * - a member's unfinished uploads are capped (too_many_uploads), replaced
 *   when the same file is begun again, expire after an hour idle, and leave
 *   no parts behind; a material's parts never change;
 * - meeting.create's starts_at is refused by ygd (proto/timestamp.c) and,
 *   called directly, by the database alone, when it is no RFC 3339
 *   date-time in the years 2000 to 2999. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/b64.h"
#include "../../proto/sig.h"
#include "../../proto/hex.h"
#include "../support/fixture.h"

enum who { W_ADMIN, W_CHAIR, W_PROPOSER, W_CLERK, W__COUNT };

#define BIG       (16 * 1024 * 1024) /* ygd's default --max-material */
#define CHUNK     262144
#define MAX_OPEN  4 /* ygd's default --max-uploads */
#define WAL_BOUND 4 /* WAL of an upload: at most this many times its size */

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient conns[W__COUNT];
static long long item;

/* Run SQL as the database owner; its output (static). Fails the test if
 * the SQL fails. */
static const char *sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *sql(const char *fmt, ...)
{
	static char out[4096];
	char *text = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	rc = env_psql(&env, text, out, sizeof(out));
	if (rc != 0)
		fail_msg("%s: %s", text, out);
	free(text);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static long long sql_num(const char *query)
{
	return atoll(sql("%s", query));
}

/* The reply's error message, or "" on success (static); frees it. */
static const char *message_of(cJSON *r)
{
	static char text[512];
	const cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message");

	snprintf(text, sizeof(text), "%s", cJSON_IsString(m) ? m->valuestring : "");
	cJSON_Delete(r);
	return text;
}

/* A fixed, incompressible byte sequence. */
static void fill(unsigned char *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		p[i] = (unsigned char)(seed >> 24);
	}
}

/* material.begin for len bytes of data named filename; the upload's number,
 * or -1 with the reply's code in code (static). */
static long long begin(enum who w, const char *filename, const unsigned char *data, size_t len,
		       const char **code)
{
	char sha[65];
	cJSON *r;
	long long id = -1;

	hex_sha256(data, len, sha);
	r = tc_callf(&conns[w], "material.begin",
		     "{\"item\":%lld,\"kind\":\"research\",\"filename\":\"%s\",\"size\":%zu,"
		     "\"sha256\":\"%s\"}",
		     item, filename, len, sha);
	if (tc_result(r) != NULL) {
		id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "upload"));
		*code = "ok";
		cJSON_Delete(r);
	} else {
		*code = tc_code(r);
	}
	return id;
}

/* Send data[from, to) of an upload in chunks; the code of the last reply. */
static const char *send_chunks(enum who w, long long upload, const unsigned char *data, size_t from,
			       size_t to)
{
	char *b64 = malloc(B64_ENCODED_LEN(CHUNK) + 1);
	const char *code = "ok";
	size_t off, n;

	for (off = from; off < to && strcmp(code, "ok") == 0; off += n) {
		n = to - off < CHUNK ? to - off : CHUNK;
		b64url_encode(data + off, n, b64, B64_ENCODED_LEN(CHUNK) + 1);
		code = tc_code(tc_callf(&conns[w], "material.chunk",
					"{\"upload\":%lld,\"offset\":%zu,\"data\":\"%s\"}", upload,
					off, b64));
	}
	free(b64);
	return code;
}

/* Read material id back whole into out (len bytes expected). */
static void download(long long id, unsigned char *out, size_t len)
{
	size_t got = 0;
	const cJSON *data;
	cJSON *r;
	long n;

	while (got < len) {
		r = tc_callf(&conns[W_CHAIR], "material.get", "{\"id\":%lld,\"offset\":%zu}", id,
			     got);
		data = cJSON_GetObjectItem(tc_result(r), "data");
		if (!cJSON_IsString(data))
			fail_msg("material.get at %zu: %s", got,
				 r != NULL ? cJSON_PrintUnformatted(r) : "no reply");
		n = b64url_decode(data->valuestring, out + got, len - got);
		cJSON_Delete(r);
		assert_true(n > 0);
		got += (size_t)n;
	}
	/* Past the end: nothing more. */
	r = tc_callf(&conns[W_CHAIR], "material.get", "{\"id\":%lld,\"offset\":%zu}", id, len);
	assert_string_equal(cJSON_GetObjectItem(tc_result(r), "data")->valuestring, "");
	cJSON_Delete(r);
}

/* Reads from offsets inside parts and across their ends match data. */
static void expect_slices(long long id, const unsigned char *data, size_t len)
{
	const size_t offsets[] = {1, CHUNK - 1, CHUNK + 1, 3 * CHUNK + 12345, len - 5};
	unsigned char *buf = malloc(CHUNK);
	size_t i, want;
	cJSON *r;
	long n;

	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		r = tc_callf(&conns[W_CHAIR], "material.get", "{\"id\":%lld,\"offset\":%zu}", id,
			     offsets[i]);
		assert_non_null(tc_result(r));
		n = b64url_decode(cJSON_GetObjectItem(tc_result(r), "data")->valuestring, buf,
				  CHUNK);
		cJSON_Delete(r);
		want = len - offsets[i] < CHUNK ? len - offsets[i] : CHUNK;
		assert_int_equal(n, (long)want);
		assert_memory_equal(buf, data + offsets[i], want);
	}
	free(buf);
}

static int group_setup(void **state)
{
	static const char *const names[W__COUNT] = {"", "张书记", "赵副县长", "钱记录"};
	static const char *const roles[W__COUNT] = {"", "[\"chair\",\"member\"]", "[\"member\"]",
						    "[\"clerk\"]"};
	char pub[52];
	long long entry;
	cJSON *r;
	int w;

	(void)state;
	if (fx_start(&env, &ygd, NULL, keys, conns, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &conns[W_ADMIN]) != 0)
		return -1;
	for (w = W_ADMIN + 1; w < W__COUNT; w++) {
		if (tc_num(tc_callf(&conns[W_ADMIN], "member.add",
				    "{\"name\":\"%s\",\"roles\":%s,\"key\":\"%s\"}", names[w],
				    roles[w], tc_pub_text(keys[w], pub)),
			   "id") < 0)
			return -1;
		r = tc_login(&conns[w], keys[w], 1);
		if (tc_result(r) == NULL)
			return -1;
		cJSON_Delete(r);
	}
	entry = tc_num(tc_callf(&conns[W_ADMIN], "power.add",
				"{\"category\":\"project\",\"title\":\"县城污水处理厂建设\","
				"\"legal_basis\":\"《政府投资条例》第九条\",\"collective\":true}"),
		       "id");
	item = tc_num(tc_callf(&conns[W_PROPOSER], "item.create",
			       "{\"title\":\"县城污水处理厂项目\",\"category\":\"project\","
			       "\"power_entry\":%lld,\"affects_public\":true}",
			       entry),
		      "id");
	return entry > 0 && item > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, keys, conns, W__COUNT);
}

/* A 16 MiB material in 64 chunks: the WAL it writes stays within a small
 * multiple of its size (it was 578 MiB when each chunk rewrote the whole),
 * and it reads back exactly. The test cluster runs without full-page
 * writes; they are turned on here, as in production. */
static void test_big_upload_wal(void **state)
{
	unsigned char *data = malloc(BIG), *back = malloc(BIG);
	char lsn[64], sha[65], back_sha[65];
	const char *code;
	long long upload, wal, id;

	(void)state;
	fill(data, BIG, 0x9e3779b9u);
	sql("ALTER SYSTEM SET full_page_writes = on");
	sql("SELECT pg_reload_conf()");
	sql("CHECKPOINT");
	snprintf(lsn, sizeof(lsn), "%s", sql("SELECT pg_current_wal_insert_lsn()"));
	upload = begin(W_PROPOSER, "big.pdf", data, BIG, &code);
	assert_string_equal(code, "ok");
	assert_string_equal(send_chunks(W_PROPOSER, upload, data, 0, BIG), "ok");
	id = tc_num(tc_callf(&conns[W_PROPOSER], "material.finish", "{\"upload\":%lld}", upload),
		    "id");
	assert_true(id > 0);
	wal = atoll(sql("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '%s')::bigint", lsn));
	sql("ALTER SYSTEM RESET full_page_writes");
	sql("SELECT pg_reload_conf()");
	print_message("WAL written by a %d MiB upload: %lld bytes (%.2f x its size)\n", BIG >> 20,
		      wal, (double)wal / BIG);
	assert_true(wal > 0);
	assert_true(wal < (long long)WAL_BOUND * BIG);

	download(id, back, BIG);
	hex_sha256(data, BIG, sha);
	hex_sha256(back, BIG, back_sha);
	assert_string_equal(back_sha, sha);
	assert_memory_equal(back, data, BIG);
	expect_slices(id, data, BIG);
	free(data);
	free(back);
}

/* The parts no upload in progress and no material account for. */
static long long orphan_parts(void)
{
	return sql_num("SELECT count(*) FROM material_part p WHERE NOT EXISTS "
		       "(SELECT 1 FROM material_upload u WHERE u.id = p.upload_id) AND NOT EXISTS "
		       "(SELECT 1 FROM material m WHERE m.upload_id = p.upload_id)");
}

static long long parts_of(long long upload)
{
	char q[128];

	snprintf(q, sizeof(q), "SELECT count(*) FROM material_part WHERE upload_id = %lld", upload);
	return sql_num(q);
}

/* At most MAX_OPEN unfinished uploads a member; the same file begun again
 * replaces its upload; an upload idle for an hour expires; a refused or
 * mismatched upload leaves nothing. */
static void test_upload_cap(void **state)
{
	unsigned char data[3000];
	long long up[MAX_OPEN + 1], again, rows, parts;
	const char *code;
	char name[32];
	int i;

	(void)state;
	fill(data, sizeof(data), 7);
	for (i = 0; i < MAX_OPEN; i++) {
		snprintf(name, sizeof(name), "part%d.pdf", i);
		up[i] = begin(W_PROPOSER, name, data, sizeof(data), &code);
		assert_string_equal(code, "ok");
		assert_string_equal(send_chunks(W_PROPOSER, up[i], data, 0, 1000), "ok");
	}
	rows = sql_num("SELECT count(*) FROM material_upload");
	parts = sql_num("SELECT count(*) FROM material_part");
	assert_int_equal(begin(W_PROPOSER, "one-too-many.pdf", data, sizeof(data), &code), -1);
	assert_string_equal(code, "too_many_uploads");
	assert_non_null(strstr(message_of(tc_callf(&conns[W_PROPOSER], "material.begin",
						   "{\"item\":%lld,\"kind\":\"research\","
						   "\"filename\":\"x\",\"size\":1,"
						   "\"sha256\":\"%064d\"}",
						   item, 0)),
			       "at most 4 unfinished uploads"));
	assert_int_equal(sql_num("SELECT count(*) FROM material_upload"), rows);
	assert_int_equal(sql_num("SELECT count(*) FROM material_part"), parts);

	/* Someone else's count is their own. */
	up[MAX_OPEN] = begin(W_CLERK, "clerk.pdf", data, sizeof(data), &code);
	assert_string_equal(code, "ok");

	/* Begun again: the earlier upload of the same file goes, parts and all,
	 * and the count stays. */
	again = begin(W_PROPOSER, "part0.pdf", data, sizeof(data), &code);
	assert_string_equal(code, "ok");
	assert_int_equal(parts_of(up[0]), 0);
	assert_string_equal(send_chunks(W_PROPOSER, up[0], data, 1000, 2000), "not_found");
	assert_int_equal(begin(W_PROPOSER, "other.pdf", data, sizeof(data), &code), -1);
	assert_string_equal(code, "too_many_uploads");
	assert_string_equal(send_chunks(W_PROPOSER, again, data, 0, sizeof(data)), "ok");
	assert_true(
		tc_num(tc_callf(&conns[W_PROPOSER], "material.finish", "{\"upload\":%lld}", again),
		       "id") > 0);

	/* Idle for an hour: expired when anyone next begins an upload. */
	sql("UPDATE material_upload SET touched_at = now() - interval '61 minutes' WHERE id = %lld",
	    up[1]);
	assert_true(begin(W_CLERK, "clerk2.pdf", data, sizeof(data), &code) > 0);
	assert_int_equal(parts_of(up[1]), 0);
	assert_string_equal(send_chunks(W_PROPOSER, up[1], data, 1000, 2000), "not_found");
	assert_true(begin(W_PROPOSER, "later.pdf", data, sizeof(data), &code) > 0);
	assert_true(begin(W_PROPOSER, "later2.pdf", data, sizeof(data), &code) > 0);
	assert_int_equal(begin(W_PROPOSER, "still-too-many.pdf", data, sizeof(data), &code), -1);
	assert_string_equal(code, "too_many_uploads");

	/* Finished short of its size: discarded with its parts. */
	assert_string_equal(tc_code(tc_callf(&conns[W_PROPOSER], "material.finish",
					     "{\"upload\":%lld}", up[2])),
			    "bad_request");
	assert_int_equal(parts_of(up[2]), 0);
	assert_string_equal(begin(W_PROPOSER, "room-again.pdf", data, sizeof(data), &code) > 0
				    ? code
				    : "refused",
			    "ok");
	assert_int_equal(orphan_parts(), 0);
}

/* A material's parts are as fixed as the material: not even the database
 * owner changes or removes them, nor adds to them. */
static void test_parts_fixed(void **state)
{
	char out[1024], q[256];
	long long upload = sql_num("SELECT max(upload_id) FROM material");

	(void)state;
	assert_true(upload > 0);
	snprintf(q, sizeof(q), "DELETE FROM material_part WHERE upload_id = %lld", upload);
	assert_int_not_equal(env_psql(&env, q, out, sizeof(out)), 0);
	snprintf(q, sizeof(q), "UPDATE material_part SET data = '\\x00' WHERE upload_id = %lld",
		 upload);
	assert_int_not_equal(env_psql(&env, q, out, sizeof(out)), 0);
	snprintf(q, sizeof(q), "INSERT INTO material_part VALUES (%lld, 99999999, '\\x00')",
		 upload);
	assert_int_not_equal(env_psql(&env, q, out, sizeof(out)), 0);
	assert_int_not_equal(env_psql(&env, "TRUNCATE material_part", out, sizeof(out)), 0);
	assert_int_not_equal(env_psql(&env, "DELETE FROM material", out, sizeof(out)), 0);
}

/* A material stored before sql/0015, its content in its own row, still
 * reads back from any offset. */
static void test_material_before_chunks(void **state)
{
	unsigned char data[300000], back[300000];
	long long id;
	char hex[65];
	char *q = malloc(2 * sizeof(data) + 1024);
	size_t i, n;

	(void)state;
	fill(data, sizeof(data), 42);
	hex_sha256(data, sizeof(data), hex);
	n = (size_t)sprintf(q,
			    "INSERT INTO material (item_id, item_version, kind, filename, size, "
			    "sha256, content, uploaded_by) SELECT id, version, 'research', "
			    "'old.pdf', %zu, '%s', '\\x",
			    sizeof(data), hex);
	for (i = 0; i < sizeof(data); i++)
		n += (size_t)sprintf(q + n, "%02x", data[i]);
	sprintf(q + n, "', proposer FROM item WHERE id = %lld RETURNING id", item);
	id = atoll(sql("%s", q));
	free(q);
	assert_true(id > 0);
	download(id, back, sizeof(back));
	assert_memory_equal(back, data, sizeof(data));
}

static const char *const bad_starts[] = {
	"infinity",
	"-infinity",
	"294276-01-01T00:00:00Z",
	"3000-01-01T00:00:00Z",
	"2099-02-30T09:00:00+08:00",
	"2099-06-01T24:00:00+08:00",
	"2099-06-01T09:00:00",
	"2099-06-01 09:00:00+08:00",
	"2099-06-01T09:00:00+15:00",
	"2099-06-01",
	"tomorrow",
	"epoch",
	"x",
};

/* ygd refuses a starts_at that is no RFC 3339 date-time in 2000..2999
 * before the database sees it: bad_request naming the field, with ygd's
 * own wording, and no database error in its log. */
static void test_starts_at_ygd(void **state)
{
	char out[2048];
	size_t i;
	cJSON *r;

	(void)state;
	for (i = 0; i < sizeof(bad_starts) / sizeof(bad_starts[0]); i++) {
		r = tc_callf(&conns[W_CHAIR], "meeting.create",
			     "{\"title\":\"x\",\"place\":\"y\",\"starts_at\":\"%s\"}",
			     bad_starts[i]);
		if (strcmp(tc_error_code(r) != NULL ? tc_error_code(r) : "ok", "bad_request") != 0)
			fail_msg("%s: %s", bad_starts[i], cJSON_PrintUnformatted(r));
		if (strncmp(message_of(r), "starts_at must be", 17) != 0)
			fail_msg("%s: not refused by ygd itself", bad_starts[i]);
	}
	assert_int_equal(sql_num("SELECT count(*) FROM meeting"), 0);
	if (run_cmd(out, sizeof(out), "grep 'ygd error' %s", ygd.log) == 0)
		fail_msg("ygd logged an error: %s", out);
	assert_true(tc_num(tc_callf(&conns[W_CHAIR], "meeting.create",
				    "{\"title\":\"x\",\"place\":\"y\","
				    "\"starts_at\":\"2099-06-01t09:00:00.25z\"}"),
			   "id") > 0);
	r = tc_callf(&conns[W_CHAIR], "meeting.create",
		     "{\"title\":\"x\",\"place\":\"y\",\"starts_at\":\"2001-06-01T09:00:00Z\"}");
	assert_string_equal(message_of(r), "a meeting is scheduled for a time still to come");
}

/* The database alone refuses the same, called directly as ygd would call
 * it; and the table refuses a time out of range however it is written. */
static void test_starts_at_database(void **state)
{
	static const char caller[] =
		"(SELECT jsonb_build_object('kind', 'member', 'id', m.id, 'key', k.id, "
		"'allowed', '[\"chair\"]'::jsonb) FROM member m JOIN member_key k ON "
		"k.member_id = m.id AND k.valid_until IS NULL WHERE 'chair' = ANY (m.roles))";
	long long before = sql_num("SELECT count(*) FROM meeting");
	char q[1024], out[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_starts) / sizeof(bad_starts[0]); i++) {
		snprintf(q, sizeof(q),
			 "SELECT api.meeting_create(%s, jsonb_build_object('title', 'x', 'place', "
			 "'y', 'starts_at', '%s'))",
			 caller, bad_starts[i]);
		if (env_psql(&env, q, out, sizeof(out)) == 0)
			fail_msg("the database took %s: %s", bad_starts[i], out);
		if (strstr(out, "starts_at is") == NULL)
			fail_msg("%s: %s", bad_starts[i], out);
	}
	assert_int_equal(sql_num("SELECT count(*) FROM meeting"), before);
	/* The entry it logs needs a request made with the chair's key (the
	 * database checks key and nonce; yg verify checks the signature). */
	snprintf(q, sizeof(q),
		 "SELECT set_config('yg.request', (SELECT jsonb_build_object('committee', "
		 "k.committee_id, 'key', k.public_key, 'nonce', md5(random()::text), 'at', "
		 "replace(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ' ', 'T') || "
		 "'Z')::text FROM "
		 "member m JOIN member_key k ON k.member_id = m.id AND k.valid_until IS NULL WHERE "
		 "'chair' = ANY (m.roles)), false); "
		 "SELECT api.meeting_create(%s, jsonb_build_object('title', 'x', 'place', 'y', "
		 "'starts_at', '2099-06-01T09:00:00+08:00'))",
		 caller);
	sql("%s", q);
	snprintf(q, sizeof(q),
		 "INSERT INTO meeting (committee_id, title, place, starts_at, created_by) "
		 "SELECT committee_id, 'x', 'y', 'infinity', created_by FROM meeting LIMIT 1");
	assert_int_not_equal(env_psql(&env, q, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "meeting_starts_at_range"));
	assert_int_equal(sql_num("SELECT count(*) FROM meeting"), before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_upload_wal),
		cmocka_unit_test(test_upload_cap),
		cmocka_unit_test(test_parts_fixed),
		cmocka_unit_test(test_material_before_chunks),
		cmocka_unit_test(test_starts_at_ygd),
		cmocka_unit_test(test_starts_at_database),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
