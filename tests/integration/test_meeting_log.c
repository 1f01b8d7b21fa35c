/* A meeting's attendance and log over the raw protocol: the roster fixed at
 * announcement, check-in and out, quorum to open, absences with reasons,
 * invited and uninvited observers, following the log live and resuming it
 * after a reconnect with nothing missed, through a second ygd too, and the
 * hash chain of the exported log; and who sees what: an item confidential
 * by the committee's rules is withheld from the invited observer live,
 * on replay and in vote.status, each layer (the database's filter, ygd's
 * fan-out) checked alone; observers list the meetings they are invited to;
 * the chair marks an item confidential before its meeting, and only then. */
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
#include "../../proto/logchain.h"
#include "../support/fixture.h"

#define NMEMBERS 6 /* on the roster: the chair and five members */

enum who { W_ADMIN, W_CHAIR, W_M1, W_M2, W_M3, W_M4, W_M5, W_OBS, W_OBS2, W__COUNT };

static struct test_env env;
static struct ygd_proc ygd, ygd2;
static EVP_PKEY *keys[W__COUNT];
static struct tclient conns[W__COUNT];
static long long member_id[W__COUNT], observer_id[W__COUNT], meeting, item;

#define call(w, op, ...) tc_callf(&conns[w], op, __VA_ARGS__)

/* Entries the tests append as the server need a request of their own
 * (PROTOCOL.md §7a); the database checks only that it is used once. */
#define FRESH_REQUEST                                                                              \
	"SELECT set_config('yg.request', jsonb_build_object('nonce', md5(random()::text), 'at', "  \
	"replace(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ' ', 'T') || 'Z')"    \
	"::text, false); "

static void sql(const char *text)
{
	fx_sql(&env, text);
}

/* Register observer w in the pool and approve them. */
static long long add_observer(enum who w)
{
	return fx_observer(&conns[w], keys[w], w == W_OBS ? "李代表" : "王群众", "party_rep",
			   &conns[W_ADMIN]);
}

/* Everyone, a ready item, a meeting with it on the agenda (still a draft). */
static int setup_people_and_meeting(void)
{
	static const char *const names[] = {"", "张书记", "甲", "乙", "丙", "丁", "戊"};
	long long entry;
	int w;

	fx_members(&conns[W_ADMIN], keys, names, member_id, W_CHAIR, W_M5);
	observer_id[W_OBS] = add_observer(W_OBS);
	observer_id[W_OBS2] = add_observer(W_OBS2);
	for (w = W_CHAIR; w < W__COUNT; w++)
		cJSON_Delete(tc_login(&conns[w], keys[w], 1));
	entry = fx_power(&conns[W_ADMIN], "incident", "处置");
	cJSON_Delete(
		call(W_ADMIN, "rules.set", "{\"name\":\"categories\",\"value\":[\"incident\"]}"));
	item = fx_item(&conns[W_M1], entry, "突发事件处置", "incident", "");
	fx_windows_over(&env);
	meeting = fx_num(call(W_CHAIR, "meeting.create",
			      "{\"title\":\"常委会\",\"place\":\"会议室\","
			      "\"starts_at\":\"2099-06-01T09:00:00+08:00\"}"),
			 "id");
	return strcmp(tc_code(call(W_CHAIR, "meeting.add_item", "{\"meeting\":%lld,\"item\":%lld}",
				   meeting, item)),
		      "ok") == 0
		       ? 0
		       : -1;
}

static int group_setup(void **state)
{
	(void)state;
	if (fx_start(&env, &ygd, NULL, keys, conns, W__COUNT) != 0 ||
	    ygd_start(&env, &ygd2, NULL) != 0 || !tc_wait_db_ready(ygd2.port, 20000) ||
	    fx_bootstrap(&env, "C", keys[W_ADMIN], &conns[W_ADMIN]) != 0)
		return -1;
	return setup_people_and_meeting();
}

static int group_teardown(void **state)
{
	int rc2;

	(void)state;
	rc2 = ygd_stop(&ygd2);
	return fx_stop(&env, &ygd, keys, conns, W__COUNT) == 0 && rc2 == 0 ? 0 : -1;
}

static struct tclient watcher; /* a member following the meeting through the second ygd */
static long long seen;         /* the last sequence number the watcher has */

/* Read the watcher's live events until seq `upto`; each must be the next. */
static void watch_until(long long upto)
{
	cJSON *m;
	long long seq;

	while (seen < upto) {
		m = tc_recv(&watcher, 5000);
		if (m == NULL)
			fail_msg("no event after %lld (waiting for %lld)", seen, upto);
		seq = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(m, "seq"));
		/* Live events carry the time the log recorded, as catch-up does. */
		assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(m, "at")));
		cJSON_Delete(m);
		if (seq <= seen)
			continue; /* seen already in the catch-up: dropped by sequence number */
		assert_int_equal(seq, seen + 1);
		seen = seq;
	}
}

/* The head of the log, from meeting.state. */
static long long log_head(void)
{
	cJSON *r = call(W_CHAIR, "meeting.state", "{\"meeting\":%lld}", meeting);
	long long seq = (long long)cJSON_GetNumberValue(
		cJSON_GetObjectItem(cJSON_GetObjectItem(tc_result(r), "head"), "seq"));

	cJSON_Delete(r);
	return seq;
}

/* Before announcement nobody checks in; announcing fixes the roster. */
static void test_announce(void **state)
{
	cJSON *r;

	(void)state;
	assert_string_equal(tc_code(call(W_M1, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "conflict");
	assert_string_equal(
		tc_code(call(W_CHAIR, "meeting.invite", "{\"meeting\":%lld,\"observer\":%lld}",
			     meeting, observer_id[W_OBS])),
		"ok");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.announce", "{\"id\":%lld}", meeting)),
			    "ok");
	r = call(W_M2, "meeting.state", "{\"meeting\":%lld}", meeting);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "roster")), NMEMBERS);
	assert_int_equal(cJSON_GetObjectItem(tc_result(r), "entitled")->valueint, NMEMBERS);
	cJSON_Delete(r);
	assert_string_equal(
		tc_code(call(W_ADMIN, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
		"forbidden");
	/* The watcher follows through the other ygd, from the start. */
	assert_int_equal(tc_connect_hello(&watcher, ygd2.port), 0);
	cJSON_Delete(tc_login(&watcher, keys[W_M5], 1));
	r = tc_call(&watcher, "meeting.follow", "{\"meeting\":1,\"after\":0}");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "events")), 1);
	seen = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(r), "head"));
	cJSON_Delete(r);
	assert_int_equal(seen, 1);
}

/* Quorum: more than half of six is four. */
static void test_quorum_to_open(void **state)
{
	cJSON *r;
	int w;

	(void)state;
	for (w = W_CHAIR; w <= W_M2; w++)
		assert_string_equal(
			tc_code(call(w, "meeting.check_in", "{\"meeting\":%lld}", meeting)), "ok");
	assert_string_equal(tc_code(call(W_M1, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "conflict");
	/* Due: a meeting may open up to 30 minutes before its time. */
	sql("UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE status = "
	    "'announced'");
	r = call(W_CHAIR, "meeting.open", "{\"meeting\":%lld}", meeting);
	assert_string_equal(tc_error_code(r), "conflict");
	assert_non_null(
		strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring,
		       "3 of 6 members present, 4 needed"));
	cJSON_Delete(r);
	assert_string_equal(tc_code(call(W_M1, "meeting.open", "{\"meeting\":%lld}", meeting)),
			    "forbidden");
	assert_string_equal(tc_code(call(W_M3, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.open", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.open", "{\"meeting\":%lld}", meeting)),
			    "conflict");
	watch_until(log_head());
}

/* Observers: the invited one follows and checks in; the other is refused. */
static void test_observers(void **state)
{
	cJSON *r;

	(void)state;
	assert_string_equal(
		tc_code(call(W_OBS2, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
		"forbidden");
	assert_string_equal(tc_code(call(W_OBS2, "meeting.follow", "{\"meeting\":%lld}", meeting)),
			    "forbidden");
	r = call(W_OBS, "meeting.follow", "{\"meeting\":%lld}", meeting);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "events")) >= 5);
	cJSON_Delete(r);
	assert_string_equal(tc_code(call(W_OBS, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(call(W_OBS, "meeting.absent",
					 "{\"meeting\":%lld,\"member\":%lld,\"reason\":\"x\"}",
					 meeting, member_id[W_M4])),
			    "forbidden");
	watch_until(log_head());
}

/* Leaving changes the count at once; absences carry their reasons. */
static void test_leave_and_absence(void **state)
{
	cJSON *r;

	(void)state;
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.absent",
					 "{\"meeting\":%lld,\"member\":%lld,\"reason\":\"出差\"}",
					 meeting, member_id[W_M1])),
			    "conflict"); /* present */
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.absent",
					 "{\"meeting\":%lld,\"member\":%lld,\"reason\":\"病假\"}",
					 meeting, member_id[W_M4])),
			    "ok");
	assert_int_equal(
		fx_num(call(W_M3, "meeting.check_out", "{\"meeting\":%lld}", meeting), "present"),
		3);
	assert_string_equal(tc_code(call(W_M3, "meeting.check_out", "{\"meeting\":%lld}", meeting)),
			    "conflict");
	r = call(W_M2, "meeting.state", "{\"meeting\":%lld}", meeting);
	assert_int_equal(cJSON_GetObjectItem(tc_result(r), "present")->valueint, 3);
	assert_string_equal(
		cJSON_GetObjectItem(
			cJSON_GetArrayItem(cJSON_GetObjectItem(tc_result(r), "roster"), 4),
			"absence")
			->valuestring,
		"病假");
	cJSON_Delete(r);
	watch_until(log_head());
}

/* A terminal that drops and comes back resumes from its last sequence
 * number and misses nothing that happened meanwhile. */
static void test_resume(void **state)
{
	long long before = seen;
	const cJSON *e;
	cJSON *r;
	char args[64];

	(void)state;
	tc_close(&watcher);
	assert_string_equal(tc_code(call(W_M3, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(call(W_M2, "meeting.check_out", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_int_equal(tc_connect_hello(&watcher, ygd2.port), 0);
	cJSON_Delete(tc_login(&watcher, keys[W_M5], 1));
	snprintf(args, sizeof(args), "{\"meeting\":%lld,\"after\":%lld}", meeting, before);
	r = tc_call(&watcher, "meeting.follow", args);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(tc_result(r), "events")) {
		assert_int_equal((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "seq")),
				 seen + 1);
		seen++;
	}
	cJSON_Delete(r);
	assert_int_equal(seen, before + 2);
	assert_string_equal(tc_code(call(W_M2, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "ok");
	watch_until(log_head());
}

/* The exported log verifies; a byte changed in the database is found, at
 * its entry. */
static void test_log_chain(void **state)
{
	char why[256], q[256];
	cJSON *r;
	long bad;

	(void)state;
	r = call(W_M2, "meeting.log", "{\"meeting\":%lld}", meeting);
	assert_int_equal(logchain_verify(tc_result(r), why, sizeof(why)), -1);
	cJSON_Delete(r);
	assert_string_equal(tc_code(call(W_OBS, "meeting.log", "{\"meeting\":%lld}", meeting)),
			    "forbidden");
	snprintf(q, sizeof(q),
		 "SET session_replication_role = replica; UPDATE meeting_log SET body = "
		 "replace(body, '病假', '事假') WHERE meeting_id = %lld",
		 meeting);
	sql(q);
	r = call(W_M2, "meeting.log", "{\"meeting\":%lld}", meeting);
	bad = logchain_verify(tc_result(r), why, sizeof(why));
	cJSON_Delete(r);
	assert_true(bad > 1);
	assert_non_null(strstr(why, "changed"));
	assert_int_not_equal(env_psql(&env, "DELETE FROM meeting_log", why, sizeof(why)), 0);
}

/* The role ygd serves with owns nothing: it cannot change the log directly,
 * nor switch off the triggers that keep it append-only, nor read tables. */
static void test_least_privilege(void **state)
{
	static const char *const refused[] = {
		"UPDATE meeting_log SET body = body",
		"INSERT INTO meeting_log SELECT * FROM meeting_log LIMIT 1",
		"ALTER TABLE meeting_log DISABLE TRIGGER ALL",
		"SET session_replication_role = replica",
		"SELECT count(*) FROM member",
		"SELECT yg_log_append(1, 'x', 'forged', '{}')",
		"TRUNCATE admin_log",
	};
	char out[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (run_cmd(out, sizeof(out),
			    "scripts/pg.sh psql %s yangguang -U ygd -tA -c \"%s\"", env.pgdir,
			    refused[i]) == 0)
			fail_msg("the serving role could: %s", refused[i]);
	assert_int_equal(run_cmd(out, sizeof(out),
				 "scripts/pg.sh psql %s yangguang -U ygd -tA -c "
				 "\"SELECT api.committee_list(NULL, '{}')\"",
				 env.pgdir),
			 0);
}

/* Closing: nobody arrives after. */
static void test_close(void **state)
{
	cJSON *r;

	(void)state;
	r = call(W_M2, "meeting.record", "{\"meeting\":%lld}", meeting);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(tc_result(r), "minutes")));
	cJSON_Delete(r);
	assert_string_equal(tc_code(call(W_CHAIR, "meeting.close", "{\"meeting\":%lld}", meeting)),
			    "ok");
	assert_string_equal(tc_code(call(W_M4, "meeting.check_in", "{\"meeting\":%lld}", meeting)),
			    "conflict");
	/* The record of a closed meeting has its minutes, made on the spot. */
	r = call(W_M2, "meeting.record", "{\"meeting\":%lld}", meeting);
	assert_true(cJSON_IsString(
		cJSON_GetObjectItem(cJSON_GetObjectItem(tc_result(r), "minutes"), "body")));
	cJSON_Delete(r);
	watch_until(log_head());
	tc_close(&watcher);
}

/* Drain whatever events c has pending, each as JSON text on its own line
 * in buf; the number of events. */
static int drain(struct tclient *c, char *buf, size_t len, int timeout_ms)
{
	cJSON *m;
	char *text;
	size_t used = 0;
	int n = 0;

	buf[0] = '\0';
	while ((m = tc_recv(c, timeout_ms)) != NULL) {
		text = cJSON_PrintUnformatted(m);
		if (text != NULL && used + strlen(text) + 2 < len)
			used += (size_t)snprintf(buf + used, len - used, "%s\n", text);
		free(text);
		cJSON_Delete(m);
		n++;
	}
	return n;
}

static char got[65536];

/* The caller ygd passes for an observer, for calling api.* in psql. */
static void observer_caller(enum who w, char *buf, size_t len)
{
	snprintf(buf, len,
		 "{\"kind\":\"observer\",\"id\":%lld,\"key\":0,\"allowed\":[\"observer\"]}",
		 observer_id[w]);
}

/* The committee's rules make the item's category confidential: from then
 * on the database tags its events and ygd's fan-out withholds them from
 * the observer, while a member still receives them. (SQL tag + C filter.) */
static void test_confidential_live(void **state)
{
	char q[2048];

	(void)state;
	cJSON_Delete(call(W_OBS, "meeting.follow", "{\"meeting\":%lld}", meeting));
	cJSON_Delete(call(W_M4, "meeting.follow", "{\"meeting\":%lld}", meeting));
	drain(&conns[W_OBS], got, sizeof(got), 300);
	drain(&conns[W_M4], got, sizeof(got), 300);
	/* Before: the item is ordinary, and the observer sees it live. */
	snprintf(q, sizeof(q),
		 FRESH_REQUEST "SELECT yg_log_append(%lld, 'server', 'agenda.statement', "
			       "'{\"item\":%lld,\"name\":\"甲\",\"body\":\"公开发言\"}')",
		 meeting, item);
	sql(q);
	assert_int_equal(drain(&conns[W_OBS], got, sizeof(got), 1000), 1);
	assert_non_null(strstr(got, "公开发言"));
	assert_int_equal(drain(&conns[W_M4], got, sizeof(got), 1000), 1);
	assert_string_equal(tc_code(call(W_ADMIN, "rules.set",
					 "{\"name\":\"confidential_categories\","
					 "\"value\":[\"incident\"]}")),
			    "ok");
	snprintf(
		q, sizeof(q),
		FRESH_REQUEST
		"SELECT yg_log_append(%lld, 'server', 'agenda.statement', "
		"'{\"item\":%lld,\"name\":\"甲\",\"position\":\"不同意\",\"body\":\"机密发言\"}')"
		";" FRESH_REQUEST "SELECT yg_log_append(%lld, 'server', 'vote.result', "
		"'{\"item\":%lld,\"counts\":[7,3,1],\"outcome\":{\"elected\":[0]}}');" FRESH_REQUEST
		"SELECT yg_log_append(%lld, 'server', 'meeting.note', '{\"text\":\"无关议题\"}')",
		meeting, item, meeting, item, meeting);
	sql(q);
	assert_int_equal(drain(&conns[W_M4], got, sizeof(got), 1000), 3);
	assert_non_null(strstr(got, "机密发言"));
	assert_int_equal(drain(&conns[W_OBS], got, sizeof(got), 1000), 1);
	assert_non_null(strstr(got, "无关议题"));
	assert_null(strstr(got, "机密发言"));
	assert_null(strstr(got, "[7,3,1]"));
}

/* ygd's fan-out of the entries it reads from the log, each tagged by the
 * database: the observer gets the open one only (not the confidential item's,
 * not the members-only one); the member gets all three. A notification made
 * by hand, as any role can, with content of its own shows nobody anything. */
static void test_confidential_fanout_c(void **state)
{
	char q[2048];

	(void)state;
	snprintf(q, sizeof(q),
		 "SELECT pg_notify('yg_events', '{\"stream\":\"meeting:%lld\","
		 "\"seq\":%d,\"event\":\"vote.result\",\"confidential\":false,"
		 "\"data\":{\"item\":%lld,\"note\":\"手造\"}}')",
		 meeting, 900001, item);
	sql(q);
	snprintf(q, sizeof(q),
		 FRESH_REQUEST
		 "SELECT yg_log_append(%lld, 'server', 'meeting.note', "
		 "'{\"item\":%lld,\"note\":\"机密条目\"}');" FRESH_REQUEST
		 "SELECT yg_log_append(%lld, 'server', 'meeting.note', "
		 "'{\"note\":\"仅委员\"}', true);" FRESH_REQUEST
		 "SELECT yg_log_append(%lld, 'server', 'meeting.note', '{\"note\":\"公开条目\"}')",
		 meeting, item, meeting, meeting);
	sql(q);
	assert_int_equal(drain(&conns[W_M4], got, sizeof(got), 1000), 3);
	assert_null(strstr(got, "手造"));
	assert_int_equal(drain(&conns[W_OBS], got, sizeof(got), 1000), 1);
	assert_non_null(strstr(got, "公开条目"));
}

/* Replay: through ygd the observer's catch-up has no event of the item;
 * the database alone (api.meeting_follow and api.vote_status called in
 * psql as the observer) withholds them too; a member gets them tagged. */
static void test_confidential_replay(void **state)
{
	char q[512], caller[128], out[65536];
	cJSON *r;
	char *text;

	(void)state;
	r = call(W_OBS, "meeting.follow", "{\"meeting\":%lld}", meeting);
	assert_null(tc_error_code(r));
	text = cJSON_PrintUnformatted(tc_result(r));
	assert_non_null(strstr(text, "无关议题"));
	assert_null(strstr(text, "机密发言"));
	assert_null(strstr(text, "不同意"));
	assert_null(strstr(text, "[7,3,1]"));
	/* The item is confidential now: its earlier events too. */
	assert_null(strstr(text, "公开发言"));
	free(text);
	cJSON_Delete(r);
	r = call(W_M4, "meeting.follow", "{\"meeting\":%lld}", meeting);
	text = cJSON_PrintUnformatted(tc_result(r));
	assert_non_null(strstr(text, "机密发言"));
	assert_non_null(strstr(text, "\"confidential\":true"));
	free(text);
	cJSON_Delete(r);
	assert_string_equal(tc_code(call(W_OBS, "vote.status", "{\"meeting\":%lld,\"item\":%lld}",
					 meeting, item)),
			    "forbidden");
	assert_string_equal(tc_code(call(W_M4, "vote.status", "{\"meeting\":%lld,\"item\":%lld}",
					 meeting, item)),
			    "ok");
	observer_caller(W_OBS, caller, sizeof(caller));
	snprintf(q, sizeof(q),
		 "SELECT api.meeting_follow('%s', jsonb_build_object('meeting', %lld))", caller,
		 meeting);
	assert_int_equal(env_psql(&env, q, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "无关议题"));
	assert_null(strstr(out, "机密发言"));
	assert_null(strstr(out, "公开发言"));
	snprintf(q, sizeof(q),
		 "\\set ON_ERROR_STOP 1\nSELECT api.vote_status('%s', "
		 "jsonb_build_object('meeting', %lld, 'item', %lld))",
		 caller, meeting, item);
	assert_int_not_equal(env_psql(&env, q, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "confidential"));
	drain(&conns[W_OBS], got, sizeof(got), 200);
	drain(&conns[W_M4], got, sizeof(got), 200);
}

/* An observer lists the meetings they are invited to, and no other. */
static void test_observer_meetings(void **state)
{
	cJSON *r;
	const cJSON *ms;

	(void)state;
	r = call(W_OBS, "meeting.list", "{}");
	ms = cJSON_GetObjectItem(tc_result(r), "meetings");
	assert_int_equal(cJSON_GetArraySize(ms), 1);
	assert_int_equal((long long)cJSON_GetNumberValue(
				 cJSON_GetObjectItem(cJSON_GetArrayItem(ms, 0), "id")),
			 meeting);
	cJSON_Delete(r);
	r = call(W_OBS2, "meeting.list", "{}");
	assert_null(tc_error_code(r));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tc_result(r), "meetings")), 0);
	cJSON_Delete(r);
}

/* The chair marks an item confidential before its meeting, with a reason,
 * once; not an item whose meeting has opened; a member cannot. */
static void test_mark_confidential(void **state)
{
	long long other;
	char out[1024];

	(void)state;
	assert_string_equal(tc_code(call(W_CHAIR, "item.confidential",
					 "{\"id\":%lld,\"reason\":\"涉密\"}", item)),
			    "conflict");
	other = fx_num(call(W_M1, "item.create",
			    "{\"title\":\"另一议题\",\"category\":\"incident\","
			    "\"power_entry\":1,\"affects_public\":true}"),
		       "id");
	assert_string_equal(tc_code(call(W_M1, "item.confidential",
					 "{\"id\":%lld,\"reason\":\"涉密\"}", other)),
			    "forbidden");
	assert_string_equal(tc_code(call(W_CHAIR, "item.confidential", "{\"id\":%lld}", other)),
			    "bad_request");
	assert_string_equal(tc_code(call(W_CHAIR, "item.confidential",
					 "{\"id\":%lld,\"reason\":\"涉及国家秘密\"}", other)),
			    "ok");
	assert_string_equal(tc_code(call(W_CHAIR, "item.confidential",
					 "{\"id\":%lld,\"reason\":\"涉密\"}", other)),
			    "conflict");
	snprintf(out, sizeof(out),
		 "SELECT count(*) FROM admin_log WHERE action = 'item.confidential' AND "
		 "target = 'item:%lld' AND details->>'reason' = '涉及国家秘密'",
		 other);
	{
		char res[256];

		assert_int_equal(env_psql(&env, out, res, sizeof(res)), 0);
		assert_int_equal(atoi(res), 1);
	}
}

/* The public stream (anonymous terminals) announces an item that affects
 * the public; not one marked confidential, nor an internal one. */
static void test_public_stream(void **state)
{
	struct tclient anon;
	long long marked, internal, open;
	cJSON *r;

	(void)state;
	assert_int_equal(tc_connect_hello(&anon, ygd.port), 0);
	r = tc_call(&anon, "subscribe", "{\"stream\":\"public\"}");
	assert_non_null(tc_result(r));
	cJSON_Delete(r);
	marked = fx_num(call(W_M1, "item.create",
			     "{\"title\":\"保密议题\",\"category\":\"incident\","
			     "\"power_entry\":1,\"affects_public\":true}"),
			"id");
	internal = fx_num(call(W_M1, "item.create",
			       "{\"title\":\"内部议题\",\"category\":\"incident\","
			       "\"power_entry\":1,\"affects_public\":false}"),
			  "id");
	open = fx_num(call(W_M1, "item.create",
			   "{\"title\":\"公开议题\",\"category\":\"incident\","
			   "\"power_entry\":1,\"affects_public\":true}"),
		      "id");
	/* The rules made incident items confidential above: undo that here. */
	assert_string_equal(tc_code(call(W_ADMIN, "rules.set",
					 "{\"name\":\"confidential_categories\",\"value\":[]}")),
			    "ok");
	assert_string_equal(tc_code(call(W_CHAIR, "item.confidential",
					 "{\"id\":%lld,\"reason\":\"涉密\"}", marked)),
			    "ok");
	assert_string_equal(tc_code(call(W_M1, "item.announce", "{\"id\":%lld}", marked)), "ok");
	assert_string_equal(tc_code(call(W_M1, "item.announce", "{\"id\":%lld}", internal)), "ok");
	assert_string_equal(tc_code(call(W_M1, "item.announce", "{\"id\":%lld}", open)), "ok");
	assert_int_equal(drain(&anon, got, sizeof(got), 1000), 1);
	r = cJSON_Parse(got);
	assert_non_null(r);
	assert_int_equal((long long)cJSON_GetNumberValue(
				 cJSON_GetObjectItem(cJSON_GetObjectItem(r, "data"), "id")),
			 open);
	cJSON_Delete(r);
	tc_close(&anon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_announce),
		cmocka_unit_test(test_quorum_to_open),
		cmocka_unit_test(test_observers),
		cmocka_unit_test(test_leave_and_absence),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_log_chain),
		cmocka_unit_test(test_least_privilege),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_confidential_live),
		cmocka_unit_test(test_confidential_fanout_c),
		cmocka_unit_test(test_confidential_replay),
		cmocka_unit_test(test_observer_meetings),
		cmocka_unit_test(test_mark_confidential),
		cmocka_unit_test(test_public_stream),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
