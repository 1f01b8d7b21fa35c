#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/auth.h"
#include "../../proto/sig.h"
#include "fixture.h"

int fx_start(struct test_env *e, struct ygd_proc *p, const char *const *extra, EVP_PKEY **keys,
	     struct tclient *c, int n)
{
	if (env_setup(e) != 0 || ygd_start(e, p, extra) != 0)
		return -1;
	return fx_connect(p, keys, c, n);
}

int fx_connect(struct ygd_proc *p, EVP_PKEY **keys, struct tclient *c, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		keys[i] = sig_keygen();
		if (keys[i] == NULL || tc_connect_hello(&c[i], p->port) != 0)
			return -1;
	}
	return 0;
}

int fx_stop(struct test_env *e, struct ygd_proc *p, EVP_PKEY **keys, struct tclient *c, int n)
{
	int i, rc;

	for (i = 0; i < n; i++) {
		tc_close(&c[i]);
		EVP_PKEY_free(keys[i]);
		keys[i] = NULL;
	}
	rc = ygd_stop(p);
	env_teardown(e);
	return rc == 0 ? 0 : -1;
}

int fx_bootstrap(struct test_env *e, const char *name, EVP_PKEY *key, struct tclient *admin)
{
	char pub[52], out[4096];
	cJSON *r;
	int ok;

	if (run_cmd(out, sizeof(out), "%s/ygd --db '%s' bootstrap '%s' '王明' %s", e->build,
		    e->conninfo, name, tc_pub_text(key, pub)) != 0)
		return -1;
	r = tc_login(admin, key, 1);
	ok = tc_result(r) != NULL;
	cJSON_Delete(r);
	return ok ? 0 : -1;
}

void fx_sql(struct test_env *e, const char *text)
{
	char out[4096];

	if (env_psql(e, text, out, sizeof(out)) != 0)
		fail_msg("%s: %s", text, out);
}

const char *fx_sqlf(struct test_env *e, const char *fmt, ...)
{
	static char out[8192];
	char q[16384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	if (env_psql(e, q, out, sizeof(out)) != 0)
		fail_msg("%s: %s", q, out);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

long long fx_observer(struct tclient *c, EVP_PKEY *key, const char *name, const char *category,
		      struct tclient *admin)
{
	cJSON *ch = tc_call(c, "auth.challenge", NULL), *args;
	const cJSON *nonce = cJSON_GetObjectItem(tc_result(ch), "nonce");
	char *text;
	long long id = -1;

	if (!cJSON_IsString(nonce)) {
		cJSON_Delete(ch);
		return -1;
	}
	args = tc_signed_args(c, key, AUTH_REGISTER, 1, nonce->valuestring);
	cJSON_AddStringToObject(args, "name", name);
	cJSON_AddStringToObject(args, "category", category);
	text = cJSON_PrintUnformatted(args);
	id = tc_num(tc_call(c, "observer.register", text), "id");
	if (id > 0 && strcmp(tc_code(tc_callf(admin, "observer.decide",
					      "{\"id\":%lld,\"decision\":\"approve\"}", id)),
			     "ok") != 0)
		id = -1;
	free(text);
	cJSON_Delete(args);
	cJSON_Delete(ch);
	return id;
}

long long fx_num(cJSON *reply, const char *name)
{
	long long v;

	if (tc_result(reply) == NULL)
		fail_msg("expected a result: %s",
			 reply != NULL ? cJSON_PrintUnformatted(reply) : "no reply");
	v = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(tc_result(reply), name));
	cJSON_Delete(reply);
	return v;
}

void fx_windows_over(struct test_env *e)
{
	fx_sql(e, "SET session_replication_role = replica; UPDATE item_version SET "
		  "window_ends_at = now() - interval '1 second', announced_at = now() - "
		  "interval '3 days'");
}

void fx_window_ends(struct test_env *e, long long item, int seconds)
{
	fx_sqlf(e,
		"SET session_replication_role = replica; UPDATE item_version v SET "
		"announced_at = now() + make_interval(secs => %d) - interval '7 days', "
		"window_ends_at = now() + make_interval(secs => %d) FROM item i "
		"WHERE i.id = %lld AND v.item_id = i.id AND v.version = i.version",
		seconds, seconds, item);
}

/* Fail the test unless reply is a result; free it. */
static void fx_ok(cJSON *reply, const char *op)
{
	if (tc_result(reply) == NULL)
		fail_msg("%s refused: %s", op,
			 reply != NULL ? cJSON_PrintUnformatted(reply) : "no reply");
	cJSON_Delete(reply);
}

long long fx_member(struct tclient *admin, EVP_PKEY *key, const char *name, const char *roles)
{
	char pub[52];

	return fx_num(tc_callf(admin, "member.add", "{\"name\":\"%s\",\"roles\":%s,\"key\":\"%s\"}",
			       name, roles, tc_pub_text(key, pub)),
		      "id");
}

void fx_members(struct tclient *admin, EVP_PKEY **keys, const char *const *names, long long *ids,
		int from, int to)
{
	int i;

	for (i = from; i <= to; i++)
		ids[i] = fx_member(admin, keys[i], names[i],
				   i == from ? "[\"chair\",\"member\"]" : "[\"member\"]");
}

void fx_categories(struct tclient *admin, const char *const *names)
{
	char list[512] = "", none[1024] = "";
	size_t a = 0, b = 0;
	int i;

	for (i = 0; names[i] != NULL; i++) {
		a += (size_t)snprintf(list + a, sizeof(list) - a, "%s\"%s\"", i > 0 ? "," : "",
				      names[i]);
		b += (size_t)snprintf(none + b, sizeof(none) - b, "%s\"%s\":[]", i > 0 ? "," : "",
				      names[i]);
	}
	fx_ok(tc_callf(admin, "rules.set", "{\"name\":\"categories\",\"value\":[%s]}", list),
	      "rules.set");
	fx_ok(tc_callf(admin, "rules.set", "{\"name\":\"materials\",\"value\":{%s}}", none),
	      "rules.set");
}

long long fx_power(struct tclient *admin, const char *category, const char *title)
{
	return fx_num(tc_callf(admin, "power.add",
			       "{\"category\":\"%s\",\"title\":\"%s\",\"legal_basis\":\"x\","
			       "\"collective\":true}",
			       category, title),
		      "id");
}

long long fx_item(struct tclient *proposer, long long entry, const char *title,
		  const char *category, const char *more)
{
	long long id = fx_num(tc_callf(proposer, "item.create",
				       "{\"title\":\"%s\",\"category\":\"%s\",\"power_entry\":%lld,"
				       "\"affects_public\":false%s}",
				       title, category, entry, more),
			      "id");

	fx_ok(tc_callf(proposer, "item.announce", "{\"id\":%lld}", id), "item.announce");
	return id;
}

long long fx_meeting(struct tclient *chair, const long long *items, int n, long long observer)
{
	long long id = fx_num(tc_callf(chair, "meeting.create",
				       "{\"title\":\"常委会\",\"place\":\"会议室\","
				       "\"starts_at\":\"2099-06-01T09:00:00+08:00\"}"),
			      "id");
	int i;

	for (i = 0; i < n; i++)
		fx_ok(tc_callf(chair, "meeting.add_item", "{\"meeting\":%lld,\"item\":%lld}", id,
			       items[i]),
		      "meeting.add_item");
	if (observer > 0)
		fx_ok(tc_callf(chair, "meeting.invite", "{\"meeting\":%lld,\"observer\":%lld}", id,
			       observer),
		      "meeting.invite");
	fx_ok(tc_callf(chair, "meeting.announce", "{\"id\":%lld}", id), "meeting.announce");
	return id;
}

void fx_check_in(struct tclient *c, long long meeting)
{
	fx_ok(tc_callf(c, "meeting.check_in", "{\"meeting\":%lld}", meeting), "meeting.check_in");
}

void fx_meeting_open(struct test_env *e, struct tclient *chair, long long meeting)
{
	fx_sql(e, "UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE status = "
		  "'announced'");
	fx_ok(tc_callf(chair, "meeting.open", "{\"meeting\":%lld}", meeting), "meeting.open");
}

long long fx_open_meeting(struct test_env *e, struct tclient *admin, struct tclient *chair,
			  struct tclient *proposer, const char *const *titles, int n,
			  const char *more, struct tclient *present, int npresent, long long *items)
{
	static const char *const incident[] = {"incident", NULL};
	long long entry, meeting;
	int i;

	fx_categories(admin, incident);
	entry = fx_power(admin, "incident", "处置");
	for (i = 0; i < n; i++)
		items[i] = fx_item(proposer, entry, titles[i], "incident", more);
	fx_windows_over(e);
	meeting = fx_meeting(chair, items, n, 0);
	for (i = 0; i < npresent; i++)
		fx_check_in(&present[i], meeting);
	fx_meeting_open(e, chair, meeting);
	return meeting;
}
