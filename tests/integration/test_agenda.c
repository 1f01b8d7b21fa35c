/* Agenda items over the raw protocol: the power list, drafting and
 * versions, chunked materials, the comment window (with time moved by
 * rewriting timestamps in the test database, see fx_window_ends), the gates,
 * contest and re-argument, and meetings whose agenda is fixed on
 * announcement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "../../proto/auth.h"
#include "../../proto/b64.h"
#include "../support/fixture.h"

enum who { W_ADMIN, W_CHAIR, W_PROPOSER, W_MEMBER, W_CLERK, W_OBSERVER, W_PUBLIC, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd;
static EVP_PKEY *keys[W__COUNT];
static struct tclient conns[W__COUNT];
static long long entry_ok, entry_not_collective, item_main;

#define call(w, op, ...) tc_callf(&conns[w], op, __VA_ARGS__)

/* Run SQL as the database owner, as a test may and ygd never does. */
static void sql(const char *text)
{
	fx_sql(&env, text);
}

static void add_observer(EVP_PKEY *key)
{
	assert_true(fx_observer(&conns[W_OBSERVER], key, "李群众", "public_rep", &conns[W_ADMIN]) >
		    0);
}

static int group_setup(void **state)
{
	static const char *const extra[] = {"--comment-rate", "3", "--max-material", "1000000",
					    NULL};
	cJSON *r;
	int w;

	(void)state;
	if (fx_start(&env, &ygd, extra, keys, conns, W__COUNT) != 0 ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &conns[W_ADMIN]) != 0)
		return -1;
	for (w = W_ADMIN + 1; w < W__COUNT; w++) {
		if (w == W_CHAIR)
			fx_member(&conns[W_ADMIN], keys[w], "张书记", "[\"chair\",\"member\"]");
		else if (w == W_PROPOSER)
			fx_member(&conns[W_ADMIN], keys[w], "赵副县长", "[\"member\"]");
		else if (w == W_MEMBER)
			fx_member(&conns[W_ADMIN], keys[w], "孙委员", "[\"member\"]");
		else if (w == W_CLERK)
			fx_member(&conns[W_ADMIN], keys[w], "钱记录", "[\"clerk\"]");
		else if (w == W_OBSERVER)
			add_observer(keys[w]);
		if (w != W_PUBLIC) {
			r = tc_login(&conns[w], keys[w], 1);
			if (tc_result(r) == NULL)
				return -1;
			cJSON_Delete(r);
		}
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return fx_stop(&env, &ygd, keys, conns, W__COUNT);
}

/* The power list: public to read, admins to change; retired entries stay. */
static void test_power_list(void **state)
{
	cJSON *r;

	(void)state;
	entry_ok = fx_num(call(W_ADMIN, "power.add",
			       "{\"category\":\"project\",\"title\":\"县城污水处理厂建设\","
			       "\"legal_basis\":\"《政府投资条例》第九条\",\"collective\":true}"),
			  "id");
	entry_not_collective =
		fx_num(call(W_ADMIN, "power.add",
			    "{\"category\":\"project\",\"title\":\"具体招投标事项\","
			    "\"legal_basis\":\"《招标投标法》\",\"collective\":false}"),
		       "id");
	assert_string_equal(tc_code(call(W_MEMBER, "power.add",
					 "{\"category\":\"project\",\"title\":\"x\","
					 "\"legal_basis\":\"y\",\"collective\":true}")),
			    "forbidden");
	assert_string_equal(tc_code(call(W_ADMIN, "power.add",
					 "{\"category\":\"nonsense\",\"title\":\"x\","
					 "\"legal_basis\":\"y\",\"collective\":true}")),
			    "bad_request");
	r = call(W_PUBLIC, "power.list", "{\"committee\":1}");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "entries")), 2);
	cJSON_Delete(r);
}

/* Drafting: every refusal, then an item and a second version of it. */
static void test_item_draft(void **state)
{
	cJSON *r;

	(void)state;
	assert_string_equal(tc_code(call(W_PROPOSER, "item.create",
					 "{\"title\":\"招标\",\"category\":\"project\","
					 "\"power_entry\":%lld,\"affects_public\":true}",
					 entry_not_collective)),
			    "conflict");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.create",
					 "{\"title\":\"\",\"category\":\"project\","
					 "\"power_entry\":%lld,\"affects_public\":true}",
					 entry_ok)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.create",
					 "{\"title\":\"x\",\"category\":\"astrology\","
					 "\"power_entry\":%lld,\"affects_public\":true}",
					 entry_ok)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.create",
					 "{\"title\":\"x\",\"category\":\"funds\","
					 "\"power_entry\":%lld,\"affects_public\":true}",
					 entry_ok)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.create",
					 "{\"title\":\"x\",\"category\":\"project\","
					 "\"power_entry\":%lld,\"affects_public\":true,"
					 "\"candidates\":[\"甲\"],\"seats\":1}",
					 entry_ok)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_CLERK, "item.create",
					 "{\"title\":\"x\",\"category\":\"project\","
					 "\"power_entry\":%lld,\"affects_public\":true}",
					 entry_ok)),
			    "forbidden");
	item_main = fx_num(
		call(W_PROPOSER, "item.create",
		     "{\"title\":\"县城污水处理厂项目\",\"summary\":\"日处理三万吨\","
		     "\"category\":\"project\",\"power_entry\":%lld,\"affects_public\":true}",
		     entry_ok),
		"id");
	assert_string_equal(tc_code(call(W_MEMBER, "item.update",
					 "{\"id\":%lld,\"title\":\"篡改\"}", item_main)),
			    "forbidden");
	assert_int_equal(fx_num(call(W_PROPOSER, "item.update",
				     "{\"id\":%lld,\"summary\":\"日处理五万吨\"}", item_main),
				"version"),
			 2);
	r = call(W_MEMBER, "item.show", "{\"id\":%lld}", item_main);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "versions")), 2);
	cJSON_Delete(r);
}

/* The codes of the unmet gates of an item, comma-separated (static). */
static const char *gates_of(long long item)
{
	static char list[512];
	const cJSON *g;
	cJSON *r = call(W_MEMBER, "item.gates", "{\"id\":%lld}", item);

	list[0] = '\0';
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(tc_result(r), "gates")) {
		if (list[0] != '\0')
			strcat(list, ",");
		strcat(list, cJSON_GetObjectItem(g, "gate")->valuestring);
		if (cJSON_GetObjectItem(g, "detail")->valuestring[0] != '\0' &&
		    strcmp(cJSON_GetObjectItem(g, "gate")->valuestring, "window_open") != 0) {
			strcat(list, ":");
			strcat(list, cJSON_GetObjectItem(g, "detail")->valuestring);
		}
	}
	cJSON_Delete(r);
	return list;
}

/* Upload data as a material in chunks of at most chunk bytes; the reply code. */
static const char *upload(enum who w, long long item, const char *kind, const char *outcome,
			  const unsigned char *data, size_t len, size_t chunk, bool lie)
{
	unsigned char md[32];
	char sha[65], *b64 = malloc(B64_ENCODED_LEN(chunk) + 1), extra[48] = "";
	long long id;
	size_t off, n;
	unsigned i;

	EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		sprintf(sha + 2 * i, "%02x", md[i] ^ (lie && i == 0 ? 1 : 0));
	if (outcome != NULL)
		snprintf(extra, sizeof(extra), ",\"outcome\":\"%s\"", outcome);
	id = fx_num(call(w, "material.begin",
			 "{\"item\":%lld,\"kind\":\"%s\",\"filename\":\"%s.pdf\",\"size\":%zu,"
			 "\"sha256\":\"%s\"%s}",
			 item, kind, kind, len, sha, extra),
		    "upload");
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		b64url_encode(data + off, n, b64, B64_ENCODED_LEN(chunk) + 1);
		assert_int_equal(fx_num(call(w, "material.chunk",
					     "{\"upload\":%lld,\"offset\":%zu,\"data\":\"%s\"}", id,
					     off, b64),
					"received"),
				 off + n);
	}
	free(b64);
	return tc_code(call(w, "material.finish", "{\"upload\":%lld}", id));
}

/* Materials: chunked uploads checked against size and SHA-256; refusals
 * leave nothing behind. */
static void test_materials(void **state)
{
	size_t len = 700000, i;
	unsigned char *pdf = malloc(len);
	char count[64], out[256];
	cJSON *r;

	(void)state;
	for (i = 0; i < len; i++)
		pdf[i] = (unsigned char)(i * 131 + (i >> 9));
	assert_string_equal(
		gates_of(item_main),
		"not_announced,material_missing:research,material_missing:expert_review,"
		"material_missing:risk_assessment,material_missing:legality_review");
	assert_string_equal(
		upload(W_PROPOSER, item_main, "research", NULL, pdf, len, 262144, false), "ok");
	assert_string_equal(
		upload(W_CLERK, item_main, "expert_review", NULL, pdf, 1000, 300, false), "ok");
	env_psql(&env, "SELECT count(*) FROM material", count, sizeof(count));
	/* A lie about the content: discarded, nothing attached. */
	assert_string_equal(
		upload(W_PROPOSER, item_main, "risk_assessment", NULL, pdf, 5000, 4096, true),
		"bad_request");
	env_psql(&env,
		 "SELECT count(*) || '/' || (SELECT count(*) FROM material_upload) FROM material",
		 out, sizeof(out));
	assert_int_equal(atoi(out), atoi(count));
	assert_non_null(strstr(out, "/0"));
	/* Too big, wrong kind, wrong outcome, wrong offset, someone else's upload. */
	assert_string_equal(tc_code(call(W_PROPOSER, "material.begin",
					 "{\"item\":%lld,\"kind\":\"research\",\"filename\":\"a\","
					 "\"size\":1000001,\"sha256\":\"%064d\"}",
					 item_main, 0)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_PROPOSER, "material.begin",
					 "{\"item\":%lld,\"kind\":\"gossip\",\"filename\":\"a\","
					 "\"size\":10,\"sha256\":\"%064d\"}",
					 item_main, 0)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_PROPOSER, "material.begin",
					 "{\"item\":%lld,\"kind\":\"research\",\"filename\":\"a\","
					 "\"size\":10,\"sha256\":\"%064d\",\"outcome\":\"passed\"}",
					 item_main, 0)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_MEMBER, "material.begin",
					 "{\"item\":%lld,\"kind\":\"research\",\"filename\":\"a\","
					 "\"size\":10,\"sha256\":\"%064d\"}",
					 item_main, 0)),
			    "forbidden");
	r = call(W_PROPOSER, "material.begin",
		 "{\"item\":%lld,\"kind\":\"research\",\"filename\":\"a\",\"size\":10,"
		 "\"sha256\":\"%064d\"}",
		 item_main, 0);
	i = (size_t)fx_num(r, "upload");
	assert_string_equal(tc_code(call(W_PROPOSER, "material.chunk",
					 "{\"upload\":%zu,\"offset\":5,\"data\":\"AAAA\"}", i)),
			    "conflict");
	assert_string_equal(tc_code(call(W_CLERK, "material.chunk",
					 "{\"upload\":%zu,\"offset\":0,\"data\":\"AAAA\"}", i)),
			    "not_found");
	assert_string_equal(tc_code(call(W_PROPOSER, "material.chunk",
					 "{\"upload\":%zu,\"offset\":0,\"data\":\"AA=A\"}", i)),
			    "bad_request");
	assert_string_equal(
		upload(W_PROPOSER, item_main, "risk_assessment", NULL, pdf, 2000, 2000, false),
		"ok");
	assert_string_equal(
		upload(W_PROPOSER, item_main, "legality_review", "failed", pdf, 100, 100, false),
		"ok");
	assert_string_equal(gates_of(item_main), "not_announced,legality_failed");
	assert_string_equal(
		upload(W_PROPOSER, item_main, "legality_review", "passed", pdf, 120, 100, false),
		"ok");
	assert_string_equal(gates_of(item_main), "not_announced");
	free(pdf);
}

/* A member reads a material back whole, and it is what was sent. */
static void test_material_read_back(void **state)
{
	const cJSON *m;
	long long id = 0, size = 0, got = 0;
	unsigned char buf[262144];
	cJSON *r;
	long n;

	(void)state;
	r = call(W_MEMBER, "item.show", "{\"id\":%lld}", item_main);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(tc_result(r), "materials")) {
		if (strcmp(cJSON_GetObjectItem(m, "kind")->valuestring, "research") == 0) {
			id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "id"));
			size = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "size"));
		}
	}
	cJSON_Delete(r);
	assert_int_equal(size, 700000);
	while (got < size) {
		r = call(W_MEMBER, "material.get", "{\"id\":%lld,\"offset\":%lld}", id, got);
		if (!cJSON_IsString(cJSON_GetObjectItem(tc_result(r), "data")))
			fail_msg("material.get: %s",
				 r != NULL ? cJSON_PrintUnformatted(r) : "no reply");
		n = b64url_decode(cJSON_GetObjectItem(tc_result(r), "data")->valuestring, buf,
				  sizeof(buf));
		cJSON_Delete(r);
		assert_true(n > 0);
		for (long i = 0; i < n; i++)
			if (buf[i] != (unsigned char)((got + i) * 131 + ((got + i) >> 9)))
				fail_msg("byte %lld differs", got + i);
		got += n;
	}
	assert_string_equal(tc_code(call(W_OBSERVER, "material.get", "{\"id\":%lld}", id)),
			    "forbidden");
}

/* Announcing opens a window of the committee's length, measured by the
 * server's clock; comments are taken while it is open and never after. */
static void test_window_and_comments(void **state)
{
	cJSON *r;
	const char *ends;
	char want[256];

	(void)state;
	assert_string_equal(tc_code(call(W_PUBLIC, "comment.submit",
					 "{\"committee\":1,\"item\":%lld,\"stance\":\"support\","
					 "\"body\":\"好\"}",
					 item_main)),
			    "conflict"); /* not announced yet */
	assert_string_equal(tc_code(call(W_MEMBER, "item.announce", "{\"id\":%lld}", item_main)),
			    "forbidden");
	r = call(W_PROPOSER, "item.announce", "{\"id\":%lld}", item_main);
	ends = cJSON_GetObjectItem(tc_result(r), "window_ends_at")->valuestring;
	snprintf(want, sizeof(want),
		 "SELECT abs(extract(epoch FROM now() + interval '7 days' - '%s'::timestamptz)) < "
		 "60",
		 ends);
	cJSON_Delete(r);
	env_psql(&env, want, want, sizeof(want));
	assert_int_equal(want[0], 't');
	assert_string_equal(gates_of(item_main), "window_open");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.announce", "{\"id\":%lld}", item_main)),
			    "conflict");
	assert_string_equal(
		tc_code(call(W_OBSERVER, "comment.submit",
			     "{\"item\":%lld,\"stance\":\"object\",\"body\":\"选址离水源地太近\"}",
			     item_main)),
		"ok");
	assert_string_equal(
		tc_code(call(W_MEMBER, "comment.submit",
			     "{\"item\":%lld,\"stance\":\"object\",\"body\":\"x\"}", item_main)),
		"forbidden");
	assert_string_equal(
		tc_code(call(W_PUBLIC, "comment.submit",
			     "{\"committee\":1,\"item\":%lld,\"stance\":\"maybe\",\"body\":\"x\"}",
			     item_main)),
		"bad_request");
	assert_string_equal(
		tc_code(call(W_PUBLIC, "comment.submit",
			     "{\"committee\":1,\"item\":%lld,\"stance\":\"support\",\"body\":\"\"}",
			     item_main)),
		"bad_request");
	/* A flood from one address stops at the rate (3 an hour in this test). */
	for (int i = 0; i < 3; i++)
		assert_string_equal(
			tc_code(call(W_PUBLIC, "comment.submit",
				     "{\"committee\":1,\"item\":%lld,\"stance\":\"support\","
				     "\"body\":\"支持 %d\"}",
				     item_main, i)),
			"ok");
	assert_string_equal(tc_code(call(W_PUBLIC, "comment.submit",
					 "{\"committee\":1,\"item\":%lld,\"stance\":\"support\","
					 "\"body\":\"再一次\"}",
					 item_main)),
			    "conflict");
	r = call(W_MEMBER, "item.show", "{\"id\":%lld}", item_main);
	assert_int_equal(
		cJSON_GetObjectItem(cJSON_GetObjectItem(tc_result(r), "comments"), "support")
			->valueint,
		3);
	cJSON_Delete(r);
}

/* At the end of the window: just before it, still open; just after, the
 * gate passes and comments are refused. The server's clock is not waited
 * for: the end moves to a second ago. */
static void test_window_end(void **state)
{
	(void)state;
	fx_window_ends(&env, item_main, 5); /* room for a slow, loaded machine */
	assert_string_equal(gates_of(item_main), "window_open");
	assert_string_equal(
		tc_code(call(W_OBSERVER, "comment.submit",
			     "{\"item\":%lld,\"stance\":\"neutral\",\"body\":\"最后一条\"}",
			     item_main)),
		"ok");
	fx_window_ends(&env, item_main, -1);
	assert_string_equal(gates_of(item_main), "");
	assert_string_equal(tc_code(call(W_OBSERVER, "comment.submit",
					 "{\"item\":%lld,\"stance\":\"neutral\",\"body\":\"晚了\"}",
					 item_main)),
			    "conflict");
}

/* A meeting: only ready items go on its agenda; once announced, the agenda
 * is fixed and items leave only with a recorded reason. */
static void test_meeting(void **state)
{
	long long meeting, draft_item;
	const cJSON *a;
	cJSON *r;

	(void)state;
	assert_string_equal(tc_code(call(W_MEMBER, "meeting.create",
					 "{\"title\":\"常委会\",\"place\":\"第一会议室\","
					 "\"starts_at\":\"2099-01-01T09:00:00+08:00\"}")),
			    "forbidden");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.create",
					 "{\"title\":\"常委会\",\"place\":\"第一会议室\","
					 "\"starts_at\":\"2001-01-01T09:00:00+08:00\"}")),
			    "bad_request");
	meeting = fx_num(call(W_CHAIR, "meeting.create",
			      "{\"title\":\"县委常委会第12次会议\",\"place\":\"第一会议室\","
			      "\"starts_at\":\"2099-01-01T09:00:00+08:00\"}"),
			 "id");
	draft_item = fx_num(call(W_PROPOSER, "item.create",
				 "{\"title\":\"草稿议题\",\"category\":\"project\","
				 "\"power_entry\":%lld,\"affects_public\":false}",
				 entry_ok),
			    "id");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.add_item",
					 "{\"meeting\":%lld,\"item\":%lld}", meeting, draft_item)),
			    "conflict");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.announce", "{\"id\":%lld}", meeting)),
			    "conflict"); /* empty agenda */
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.add_item",
					 "{\"meeting\":%lld,\"item\":%lld}", meeting, item_main)),
			    "ok");
	assert_string_equal(gates_of(item_main), "status:scheduled");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.announce", "{\"id\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.add_item",
					 "{\"meeting\":%lld,\"item\":%lld}", meeting, draft_item)),
			    "conflict");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.remove_item",
					 "{\"meeting\":%lld,\"item\":%lld}", meeting, item_main)),
			    "bad_request"); /* no reason */
	assert_string_equal(
		tc_code(call(W_CHAIR, "meeting.remove_item",
			     "{\"meeting\":%lld,\"item\":%lld,\"reason\":\"材料需补充\"}", meeting,
			     item_main)),
		"ok");
	r = call(W_CLERK, "meeting.show", "{\"id\":%lld}", meeting);
	a = cJSON_GetArrayItem(cJSON_GetObjectItem(tc_result(r), "agenda"), 0);
	assert_string_equal(cJSON_GetObjectItem(a, "removed_reason")->valuestring, "材料需补充");
	cJSON_Delete(r);
	assert_string_equal(gates_of(item_main), "");
}

/* Create and announce an internal decision item with all its materials, and
 * close its window; returns its id. */
static long long ready_item(const char *title)
{
	static long long entry;
	unsigned char doc[64] = "report";
	long long id;

	if (entry == 0)
		entry = fx_num(call(W_ADMIN, "power.add",
				    "{\"category\":\"decision\",\"title\":\"重大决策事项\","
				    "\"legal_basis\":\"《重大行政决策程序暂行条例》\","
				    "\"collective\":true}"),
			       "id");
	id = fx_num(call(W_PROPOSER, "item.create",
			 "{\"title\":\"%s\",\"category\":\"decision\",\"power_entry\":%lld,"
			 "\"affects_public\":false}",
			 title, entry),
		    "id");
	assert_string_equal(upload(W_PROPOSER, id, "research", NULL, doc, 6, 6, false), "ok");
	assert_string_equal(upload(W_PROPOSER, id, "risk_assessment", NULL, doc, 6, 6, false),
			    "ok");
	assert_string_equal(upload(W_PROPOSER, id, "legality_review", "passed", doc, 6, 6, false),
			    "ok");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.announce", "{\"id\":%lld}", id)), "ok");
	return id;
}

/* An hour passes for the comment rate limit: the comments so far are
 * moved back in time (as the owner; the server is untouched). */
static void age_comments(void)
{
	sql("SET session_replication_role = replica; "
	    "UPDATE comment SET created_at = created_at - interval '2 hours'");
}

/* Contest: public objections over the setting, or a member's formal
 * objection; re-arguing (a new version, a new window) clears it. */
static void test_contest_and_revise(void **state)
{
	long long a, b;
	cJSON *r;

	(void)state;
	age_comments();
	assert_string_equal(tc_code(call(W_ADMIN, "rules.set",
					 "{\"name\":\"contest_objections\",\"value\":1}")),
			    "ok");
	a = ready_item("议题甲");
	b = ready_item("议题乙");
	assert_string_equal(
		tc_code(call(W_OBSERVER, "comment.submit",
			     "{\"item\":%lld,\"stance\":\"object\",\"body\":\"反对一\"}", a)),
		"ok");
	assert_string_equal(
		tc_code(call(W_OBSERVER, "comment.submit",
			     "{\"item\":%lld,\"stance\":\"object\",\"body\":\"反对二\"}", a)),
		"ok");
	fx_window_ends(&env, a, -1);
	assert_string_equal(gates_of(a), "contested_public:2");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.object",
					 "{\"id\":%lld,\"reason\":\"自己反对自己\"}", b)),
			    "conflict");
	assert_string_equal(tc_code(call(W_MEMBER, "item.object",
					 "{\"id\":%lld,\"reason\":\"论证不充分\"}", b)),
			    "ok");
	assert_string_equal(
		tc_code(call(W_MEMBER, "item.object", "{\"id\":%lld,\"reason\":\"再次\"}", b)),
		"conflict");
	fx_window_ends(&env, b, -1);
	assert_string_equal(gates_of(b), "contested_member:1");
	/* Re-argue b: a new version, a draft again, then a new window. */
	assert_string_equal(
		tc_code(call(W_MEMBER, "item.revise", "{\"id\":%lld,\"summary\":\"x\"}", b)),
		"forbidden");
	assert_int_equal(fx_num(call(W_PROPOSER, "item.revise",
				     "{\"id\":%lld,\"summary\":\"补充论证后的方案\"}", b),
				"version"),
			 2);
	assert_string_equal(gates_of(b), "not_announced");
	assert_string_equal(tc_code(call(W_PROPOSER, "item.announce", "{\"id\":%lld}", b)), "ok");
	fx_window_ends(&env, b, -1);
	assert_string_equal(gates_of(b), "");
	r = call(W_MEMBER, "item.show", "{\"id\":%lld}", b);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "objections")), 0);
	assert_non_null(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(tc_result(r), "versions"), 0),
		"announced_at"));
	cJSON_Delete(r);
}

/* A retired or re-flagged power-list entry stops its items at the gate;
 * withdrawn items too. */
static void test_power_changes_and_withdraw(void **state)
{
	long long id = ready_item("议题丙");

	(void)state;
	fx_window_ends(&env, id, -1);
	assert_string_equal(gates_of(id), "");
	assert_string_equal(tc_code(call(W_ADMIN, "power.update",
					 "{\"id\":%lld,\"collective\":false}", entry_ok)),
			    "ok");
	assert_string_equal(gates_of(item_main), "power_not_collective");
	assert_string_equal(tc_code(call(W_ADMIN, "power.update",
					 "{\"id\":%lld,\"collective\":true}", entry_ok)),
			    "ok");
	assert_string_equal(tc_code(call(W_ADMIN, "power.retire", "{\"id\":%lld}", entry_ok)),
			    "ok");
	assert_string_equal(gates_of(item_main), "power_retired");
	assert_string_equal(
		tc_code(call(W_ADMIN, "power.update", "{\"id\":%lld,\"title\":\"x\"}", entry_ok)),
		"conflict");
	assert_string_equal(
		tc_code(call(W_MEMBER, "item.withdraw", "{\"id\":%lld,\"reason\":\"x\"}", id)),
		"forbidden");
	assert_string_equal(tc_code(call(W_CHAIR, "item.withdraw",
					 "{\"id\":%lld,\"reason\":\"情况变化\"}", id)),
			    "ok");
	assert_string_equal(gates_of(id), "status:withdrawn");
}

/* The record: versions, materials, comments and objections cannot be
 * rewritten by anyone, and every change is in the admin log. */
static void test_record(void **state)
{
	char out[1024];
	const cJSON *e;
	cJSON *r;
	int creates = 0;

	(void)state;
	assert_int_not_equal(
		env_psql(&env, "UPDATE item_version SET title = 'x'", out, sizeof(out)), 0);
	assert_int_not_equal(env_psql(&env, "DELETE FROM material", out, sizeof(out)), 0);
	assert_int_not_equal(env_psql(&env, "UPDATE comment SET body = 'x'", out, sizeof(out)), 0);
	assert_int_not_equal(env_psql(&env, "DELETE FROM objection", out, sizeof(out)), 0);
	r = call(W_ADMIN, "audit.log", "{\"limit\":1000}");
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "entries"))
		creates +=
			strcmp(cJSON_GetObjectItem(e, "action")->valuestring, "item.create") == 0;
	cJSON_Delete(r);
	assert_true(creates >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_power_list),
		cmocka_unit_test(test_item_draft),
		cmocka_unit_test(test_materials),
		cmocka_unit_test(test_material_read_back),
		cmocka_unit_test(test_window_and_comments),
		cmocka_unit_test(test_window_end),
		cmocka_unit_test(test_meeting),
		cmocka_unit_test(test_contest_and_revise),
		cmocka_unit_test(test_power_changes_and_withdraw),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
