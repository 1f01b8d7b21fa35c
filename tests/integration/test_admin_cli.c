/* A committee office sets up a committee of 11 from scratch with the real
 * programs only: every member makes their key with yg keygen on their own
 * terminal (own --home), the first admin is bootstrapped with ygd bootstrap,
 * the admin registers the other ten with yg admin member add, then rules,
 * key rotation and revocation, the observer pool and the audit log — and
 * the refusals: bad roles and keys, a member trying admin commands, a name
 * of 10,000 characters, SQL metacharacters, usage errors and exit codes. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../support/cli.h"

#define COMMITTEE "某某县委常委会"
#define N_PEOPLE  11

enum { ADMIN, CHAIR, DEPUTY, INSPECTOR, CLERK, ROTATED = 5, REVOKED = 10 };

/* The committee: its office's admin first (bootstrapped), then the ten
 * the admin registers. */
static struct cli_person people[N_PEOPLE] = {
	{"王明", "办公室主任", "admin"},      {"李建国", "书记", "chair,member"},
	{"陈志强", "副书记", "chair,member"}, {"赵红梅", "纪委书记", "member,auditor"},
	{"刘洋", "记录人", "clerk"},          {"周海涛", "组织部长", "member"},
	{"吴国华", "常务副县长", "member"},   {"郑晓燕", "政法委书记", "member"},
	{"冯卫东", "统战部长", "member"},     {"孙立新", "宣传部长", "member"},
	{"马俊", "人武部政委", "member"},
};

static long long committee;
static char observer_home[400], observer_key[64];
static long long observer_id;

/* Run yg with home as its home (and --committee c unless 0), in Chinese;
 * its exit status, its output in cli.out. */
#define yg_in(home, c, ...) cli_yg(NULL, home, c, __VA_ARGS__)
#define yg(who, ...)        yg_in(people[who].home, committee, __VA_ARGS__)

/* Write text to a file in the test directory, to hand to yg through the
 * shell as "$(cat FILE)" exactly as it is; returns the file's path. */
static const char *arg_file(const char *name, const char *text)
{
	char file[128];

	snprintf(file, sizeof(file), "%s.arg", name);
	return cli_write_file(file, text, strlen(text));
}

/* Make a key pair with yg keygen into home (or the file --key path); the
 * public key it printed goes into key. */
static void keygen(const char *home, const char *path, char key[64])
{
	char *k;

	if (path != NULL)
		assert_int_equal(yg_in(home, 0, "--key %s keygen", path), 0);
	else
		assert_int_equal(yg_in(home, 0, "keygen"), 0);
	k = strstr(cli.out, "ed25519:");
	assert_non_null(k);
	snprintf(key, 64, "%.51s", k);
}

/* How many lines cli.out has. */
static int lines(void)
{
	int n = 0;
	const char *p;

	for (p = cli.out; *p; p++)
		n += *p == '\n';
	return n;
}

/* The line of cli.out containing s, copied into line. */
static const char *line_with(const char *s, char *line, size_t len)
{
	const char *p = strstr(cli.out, s), *start, *end;

	if (p == NULL)
		fail_msg("no \"%s\" in:\n%s", s, cli.out);
	for (start = p; start > cli.out && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	snprintf(line, len, "%.*s", (int)(end != NULL ? end - start : (long)strlen(start)), start);
	return line;
}

/* Every member, and an observer, makes a key pair on their own terminal. */
static void test_keygen(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < N_PEOPLE; i++) {
		snprintf(people[i].home, sizeof(people[i].home), "%s/terminal%02d", cli.env.dir, i);
		keygen(people[i].home, NULL, people[i].key);
	}
	snprintf(observer_home, sizeof(observer_home), "%s/observer", cli.env.dir);
	keygen(observer_home, NULL, observer_key);
	assert_int_equal(yg_in(people[0].home, 0, "keygen"), 1); /* no overwriting */
	assert_non_null(strstr(cli.out, "--force"));
	assert_string_not_equal(people[0].key, people[1].key);
}

/* On the server machine, the office bootstraps its first admin; the
 * committee is then listed to anyone. Each terminal pins the server's
 * certificate on its first connection. */
static void test_bootstrap(void **state)
{
	int i;

	(void)state;
	assert_int_equal(run_cmd(cli.out, sizeof(cli.out),
				 "%s/ygd --db '%s' bootstrap '%s' '%s' %s '%s'", cli.env.build,
				 cli.env.conninfo, COMMITTEE, people[ADMIN].name, people[ADMIN].key,
				 people[ADMIN].title),
			 0);
	committee = cli_number_after("\"committee\": ");
	people[ADMIN].id = cli_number_after("\"member\": ");
	assert_true(committee > 0 && people[ADMIN].id > 0);
	for (i = 0; i < N_PEOPLE; i++) {
		assert_int_equal(yg_in(people[i].home, 0, "committee list"), 0);
		assert_non_null(strstr(cli.out, COMMITTEE));
	}
	assert_int_equal(yg_in(observer_home, 0, "committee list"), 0);
	assert_int_equal(yg(ADMIN, "whoami"), 0);
	assert_non_null(strstr(cli.out, people[ADMIN].name));
	assert_non_null(strstr(cli.out, "管理员"));
}

/* The admin registers the other ten with their public keys and roles. */
static void test_add_members(void **state)
{
	int i;

	(void)state;
	for (i = 1; i < N_PEOPLE; i++) {
		assert_int_equal(
			yg(ADMIN, "admin member add --name %s --title %s --roles %s --key %s",
			   people[i].name, people[i].title, people[i].roles, people[i].key),
			0);
		people[i].id = cli_number_after("已登记成员 ");
		assert_non_null(strstr(cli.out, people[i].name));
	}
	assert_int_equal(yg(INSPECTOR, "member list"), 0);
	assert_int_equal(lines(), 1 + N_PEOPLE);
	for (i = 0; i < N_PEOPLE; i++) {
		assert_non_null(strstr(cli.out, people[i].name));
		assert_non_null(strstr(cli.out, people[i].title));
	}
	assert_non_null(strstr(cli.out, "主持人、委员"));
	assert_non_null(strstr(cli.out, "委员、审计员"));
	assert_non_null(strstr(cli.out, "姓名"));
	assert_int_equal(yg(ADMIN, "--lang en member list"), 0);
	assert_non_null(strstr(cli.out, "title"));
	assert_non_null(strstr(cli.out, "ed25519:"));
}

/* Each member logs in from their own terminal with their own key. */
static void test_members_log_in(void **state)
{
	char line[512];

	(void)state;
	assert_int_equal(yg(INSPECTOR, "whoami"), 0);
	assert_non_null(strstr(cli.out, "赵红梅（纪委书记）"));
	assert_non_null(strstr(line_with("角色", line, sizeof(line)), "委员 审计员"));
	assert_int_equal(yg(CHAIR, "whoami"), 0);
	assert_non_null(strstr(cli.out, COMMITTEE));
	assert_int_equal(yg(CLERK, "--lang en whoami"), 0);
	assert_non_null(strstr(cli.out, "clerk"));
	/* a key nobody registered is refused */
	assert_int_equal(yg_in(observer_home, committee, "whoami"), 1);
	assert_non_null(strstr(cli.out, "unauthenticated"));
}

/* Every rule is shown with its meaning in the chosen language; the admin
 * changes some, values are JSON, and each change is in the audit log. */
static void test_rules(void **state)
{
	char line[1024];

	(void)state;
	assert_int_equal(yg(CHAIR, "rules show"), 0);
	line_with("announce_days_public", line, sizeof(line));
	assert_non_null(strstr(line, "涉及群众利益"));
	assert_non_null(strstr(line, " 7"));
	assert_non_null(strstr(cli.out, "{\"den\":2,\"num\":1,\"inclusive\":false}"));
	assert_non_null(strstr(cli.out, "\"entitled\""));
	assert_int_equal(yg(CHAIR, "--lang en rules show"), 0);
	assert_non_null(strstr(cli.out, "days a public-facing item is announced"));
	assert_int_equal(yg(ADMIN, "admin rules set announce_days_public 10"), 0);
	assert_non_null(strstr(cli.out, "7 → 10"));
	assert_int_equal(yg(ADMIN, "admin rules set pass_base '\"present\"'"), 0);
	assert_int_equal(yg(ADMIN, "admin rules set quorum_personnel "
				   "'{\"num\":3,\"den\":4,\"inclusive\":true}'"),
			 0);
	assert_int_equal(yg(ADMIN, "admin rules set categories "
				   "'[\"decision\",\"cadre\",\"project\",\"funds\",\"incident\"]'"),
			 0);
	assert_int_equal(yg(INSPECTOR, "rules show"), 0);
	line_with("announce_days_public", line, sizeof(line));
	assert_non_null(strstr(line, " 10"));
	assert_non_null(strstr(cli.out, "\"present\""));
	assert_non_null(strstr(cli.out, "{\"den\":4,\"num\":3,\"inclusive\":true}"));
	assert_non_null(strstr(cli.out, "\"incident\"]"));
}

/* Values the server or yg refuses, and who may not change rules. */
static void test_rules_refused(void **state)
{
	char line[1024];

	(void)state;
	assert_int_equal(yg(ADMIN, "admin rules set pass_base present"), 2); /* not JSON */
	assert_non_null(strstr(cli.out, "JSON"));
	assert_int_equal(yg(ADMIN, "admin rules set announce_days_public '7 8'"), 2);
	assert_int_equal(yg(ADMIN, "admin rules set announce_days_public"), 2);
	assert_int_equal(yg(ADMIN, "admin rules set announce_days_public 1000"), 1);
	assert_non_null(strstr(cli.out, "bad_request"));
	assert_int_equal(yg(ADMIN, "admin rules set announce_days_public true"), 1);
	assert_int_equal(yg(ADMIN, "admin rules set categories '[\"weddings\"]'"), 1);
	assert_non_null(strstr(cli.out, "weddings"));
	assert_int_equal(yg(ADMIN, "admin rules set no_such_rule 1"), 1);
	assert_non_null(strstr(cli.out, "not_found"));
	/* A real committee's chair changes no rule (a trial's shortens its
	 * periods: tests/trial.sh). */
	assert_int_equal(yg(CHAIR, "admin rules set announce_days_public 1"), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(INSPECTOR, "rules show"), 0); /* unchanged by all that */
	line_with("announce_days_public", line, sizeof(line));
	assert_string_equal(line + strlen(line) - 3, " 10");
}

/* The audit log records who changed which rule from what to what; the
 * auditor may read it, a plain member may not. */
static void test_audit_log(void **state)
{
	char line[2048];
	long long first;

	(void)state;
	assert_int_equal(yg(INSPECTOR, "audit log"), 0);
	line_with("announce_days_public", line, sizeof(line));
	assert_non_null(strstr(line, "修改规则"));
	assert_non_null(strstr(line, "新值：10"));
	assert_non_null(strstr(line, "原值：7"));
	assert_non_null(strstr(cli.out, "增加成员"));
	assert_non_null(strstr(cli.out, "马俊"));
	assert_int_equal(yg(ADMIN, "audit log --limit 2"), 0);
	assert_int_equal(lines(), 1 + 2 + 1); /* heading, two entries, "more" */
	assert_non_null(strstr(cli.out, "--after"));
	first = cli_number_after("--after ");
	assert_int_equal(yg(ADMIN, "audit log --after=%lld --limit 1", first), 0);
	assert_int_equal(cli_number_after("\n"), first + 1);
	assert_int_equal(yg(ADMIN, "audit log --after 999999"), 0);
	assert_non_null(strstr(cli.out, "（无）"));
	assert_int_equal(yg(DEPUTY, "audit log"), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(ADMIN, "audit log --limit 0"), 2);
	assert_int_equal(yg(ADMIN, "audit log --limit 1001"), 2);
	assert_int_equal(yg(ADMIN, "audit log --after -1"), 2);
	assert_int_equal(yg(ADMIN, "audit log --after x"), 2);
	assert_int_equal(yg(ADMIN, "audit log --limit"), 2);
}

/* A member's key is replaced: the old one stops working at once, the new
 * one works, and the history shows both. */
static void test_key_rotation(void **state)
{
	struct cli_person *p = &people[ROTATED];
	char path[450], key[64], line[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/new-key.pem", p->home);
	keygen(p->home, path, key);
	assert_int_equal(yg(ROTATED, "whoami"), 0);
	assert_int_equal(yg(ADMIN, "admin key rotate %lld %s", p->id, key), 0);
	assert_non_null(strstr(cli.out, p->name));
	assert_int_equal(yg(ROTATED, "whoami"), 1);
	assert_non_null(strstr(cli.out, "unauthenticated"));
	assert_non_null(strstr(cli.out, "被新密钥替换"));
	assert_int_equal(yg(ROTATED, "--key %s whoami", path), 0);
	assert_non_null(strstr(cli.out, p->name));
	assert_int_equal(yg(INSPECTOR, "key history %lld", p->id), 0);
	assert_int_equal(lines(), 3);
	assert_non_null(strstr(line_with(p->key, line, sizeof(line)), "已更换"));
	assert_non_null(strstr(line_with(key, line, sizeof(line)), "有效"));
	assert_int_equal(yg(ADMIN, "--lang en key history %lld", p->id), 0);
	assert_non_null(strstr(line_with(p->key, line, sizeof(line)), "replaced"));
	assert_int_equal(yg(DEPUTY, "key history %lld", p->id), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(ADMIN, "audit log"), 0);
	assert_non_null(strstr(cli.out, "更换密钥"));
	snprintf(p->key, sizeof(p->key), "%s", key);
}

/* A lost key is revoked: its holder cannot log in until a new key is
 * registered for them. */
static void test_key_revocation(void **state)
{
	struct cli_person *p = &people[REVOKED];
	char path[450], key[64];

	(void)state;
	assert_int_equal(yg(ADMIN, "admin key revoke %lld --reason '密钥U盘遗失'", p->id), 0);
	assert_int_equal(yg(REVOKED, "whoami"), 1);
	assert_non_null(strstr(cli.out, "吊销"));
	assert_int_equal(yg(ADMIN, "member list"), 0);
	assert_non_null(strstr(cli.out, "（无）"));
	assert_int_equal(yg(ADMIN, "admin key revoke %lld", p->id), 1); /* nothing left */
	assert_non_null(strstr(cli.out, "conflict"));
	assert_int_equal(yg(ADMIN, "key history %lld", p->id), 0);
	assert_non_null(strstr(cli.out, "已吊销"));
	assert_int_equal(yg(ADMIN, "audit log"), 0);
	assert_non_null(strstr(cli.out, "密钥U盘遗失"));
	snprintf(path, sizeof(path), "%s/replacement.pem", p->home);
	keygen(p->home, path, key);
	assert_int_equal(yg(ADMIN, "admin key rotate %lld %s", p->id, key), 0);
	assert_int_equal(yg(REVOKED, "--key %s whoami", path), 0);
	assert_int_equal(yg(ADMIN, "admin key rotate %lld %s", p->id, people[ADMIN].key), 1);
	assert_int_equal(yg(ADMIN, "admin key revoke %lld", people[ADMIN].id), 1);
	assert_non_null(strstr(cli.out, "conflict")); /* the last admin keeps a key */
	assert_int_equal(yg(ADMIN, "key history 999999"), 1);
	assert_non_null(strstr(cli.out, "not_found"));
}

/* A would-be observer registers with their own key; they can log in only
 * once the admin has approved them, and only as an observer. */
static void test_observer_pool(void **state)
{
	char line[1024];

	(void)state;
	assert_int_equal(
		yg_in(observer_home, 0,
		      "observer register --committee %lld --name 钱文彬 --category npc_deputy "
		      "--affiliation 城关镇人大代表团",
		      committee),
		0);
	observer_id = cli_number_after("编号 ");
	assert_int_equal(yg_in(observer_home, committee, "whoami"), 1);
	assert_non_null(strstr(cli.out, "待审批"));
	assert_int_equal(yg(CHAIR, "observer list --status pending"), 0);
	line_with("钱文彬", line, sizeof(line));
	assert_non_null(strstr(line, "人大代表"));
	assert_non_null(strstr(line, "城关镇人大代表团"));
	assert_non_null(strstr(line, "待审批"));
	assert_int_equal(yg(CHAIR, "admin observer approve %lld", observer_id), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(ADMIN, "admin observer approve %lld", observer_id), 0);
	assert_non_null(strstr(cli.out, "approved"));
	assert_int_equal(yg_in(observer_home, committee, "whoami"), 0);
	assert_non_null(strstr(cli.out, "钱文彬"));
	assert_non_null(strstr(cli.out, "列席人员"));
	assert_int_equal(yg_in(observer_home, committee, "rules show"), 0);
	assert_int_equal(yg_in(observer_home, committee, "member list"), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(ADMIN, "observer list --status pending"), 0);
	assert_non_null(strstr(cli.out, "（无）"));
	assert_int_equal(yg(ADMIN, "admin observer approve %lld", observer_id), 1);
	assert_non_null(strstr(cli.out, "conflict"));
}

/* The admin adds a category of its own; a registration in it is rejected
 * (with a reason, which is required), and an approved observer removed. */
static void test_observer_decisions(void **state)
{
	char home[400], key[64];
	long long id;

	(void)state;
	assert_int_equal(yg(ADMIN, "admin observer-category add media 新闻媒体 'news media'"), 0);
	assert_int_equal(yg(ADMIN, "admin observer-category add Media 新闻媒体 media"), 1);
	assert_int_equal(yg(ADMIN, "admin observer-category add public_rep 群众 public"), 1);
	assert_int_equal(yg(ADMIN, "catalog"), 0);
	assert_non_null(strstr(cli.out, "新闻媒体"));
	assert_non_null(strstr(cli.out, "本委员会增设"));
	assert_non_null(strstr(cli.out, "重大决策"));
	assert_non_null(strstr(cli.out, "调查研究报告"));
	assert_int_equal(yg_in(observer_home, 0, "--lang en catalog"), 0);
	assert_null(strstr(cli.out, "news media")); /* not without --committee */
	assert_non_null(strstr(cli.out, "major decision"));
	assert_non_null(strstr(cli.out, "citizens' representative"));
	snprintf(home, sizeof(home), "%s/reporter", cli.env.dir);
	keygen(home, NULL, key);
	assert_int_equal(yg_in(home, committee, "observer register --name 孔记者 --category media"),
			 0);
	id = cli_number_after("编号 ");
	assert_int_equal(yg_in(home, 0,
			       "observer register --committee %lld --name 孔记者 "
			       "--category weddings",
			       committee),
			 1);
	assert_non_null(strstr(cli.out, "not_found"));
	assert_int_equal(yg(ADMIN, "admin observer reject %lld", id), 2);
	assert_non_null(strstr(cli.out, "--reason"));
	assert_int_equal(yg(ADMIN, "admin observer reject %lld --reason '未提供单位证明'", id), 0);
	assert_int_equal(yg(ADMIN, "observer list --status rejected"), 0);
	assert_non_null(strstr(cli.out, "未提供单位证明"));
	assert_int_equal(yg_in(home, committee, "whoami"), 1);
	assert_non_null(strstr(cli.out, "未批准"));
	assert_int_equal(yg(ADMIN, "admin observer remove %lld --reason 任期届满", observer_id), 0);
	assert_int_equal(yg_in(observer_home, committee, "whoami"), 1);
	assert_non_null(strstr(cli.out, "已除名"));
	assert_int_equal(yg(ADMIN, "observer list --status sideways"), 1);
	assert_int_equal(yg(ADMIN, "observer list"), 0);
	assert_int_equal(lines(), 3);
	assert_int_equal(yg(ADMIN, "audit log"), 0);
	assert_non_null(strstr(cli.out, "批准列席"));
	assert_non_null(strstr(cli.out, "不批准列席"));
	assert_non_null(strstr(cli.out, "除名列席人员"));
}

/* Roles and keys yg refuses before asking the server (usage, exit 2). */
static void test_bad_roles_and_keys(void **state)
{
	static const char *const bad_roles[] = {"member,king", "observer", "member,member", "",
						",",           "public",   "ADMIN",         NULL};
	static const char *const bad_keys[] = {"ed25519:abc", "notakey", "", NULL};
	const char *const *r;
	char key[64];

	(void)state;
	snprintf(key, sizeof(key), "%s", observer_key);
	for (r = bad_roles; *r != NULL; r++) {
		assert_int_equal(
			yg(ADMIN, "admin member add --name 某人 --roles '%s' --key %s", *r, key),
			2);
		assert_non_null(strstr(cli.out, "--roles"));
	}
	for (r = bad_keys; *r != NULL; r++) {
		assert_int_equal(
			yg(ADMIN, "admin member add --name 某人 --roles member --key '%s'", *r), 2);
		assert_non_null(strstr(cli.out, "--key"));
	}
	assert_int_equal(yg(ADMIN, "admin key rotate %lld ed25519:abc", people[CLERK].id), 2);
	assert_int_equal(yg(ADMIN, "admin member add --name 某人 --roles member"), 2);
	assert_non_null(strstr(cli.out, "--key"));
	assert_int_equal(yg(ADMIN, "admin member add --name 某人 --roles member --key"), 2);
	assert_int_equal(
		yg(ADMIN, "admin member update %lld --roles member,king", people[CLERK].id), 2);
	assert_int_equal(yg(ADMIN, "member list"), 0);
	assert_int_equal(lines(), 1 + N_PEOPLE);
}

/* Members without the admin role are refused admin commands by the server
 * (exit 1, forbidden), and nothing changes. */
static void test_not_admin(void **state)
{
	char key[64], home[400];

	(void)state;
	snprintf(home, sizeof(home), "%s/spare", cli.env.dir);
	keygen(home, NULL, key);
	assert_int_equal(yg(CHAIR, "admin member add --name 某人 --roles member --key %s", key), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(
		yg(INSPECTOR, "admin member update %lld --status suspended", people[CHAIR].id), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(CLERK, "admin key rotate %lld %s", people[CLERK].id, key), 1);
	assert_int_equal(yg(CLERK, "admin committee create 篡改委员会"), 1);
	assert_int_equal(yg(CLERK, "observer list"), 1);
	assert_int_equal(yg(CLERK, "admin observer-category add hackers 黑客 hackers"), 1);
	assert_non_null(strstr(cli.out, "forbidden"));
	assert_int_equal(yg(CLERK, "member list"), 0);
	assert_int_equal(lines(), 1 + N_PEOPLE);
	assert_null(strstr(cli.out, "某人"));
	assert_int_equal(yg(CHAIR, "whoami"), 0);
	assert_non_null(strstr(cli.out, "主持人 委员"));
}

/* A name of 10,000 characters is refused whole by the server; nothing is
 * stored or cut short. */
static void test_huge_name(void **state)
{
	static char name[30001];
	char key[64], home[400];
	int i;

	(void)state;
	for (i = 0; i < 10000; i++)
		memcpy(name + 3 * i, "名", 3);
	name[30000] = '\0';
	snprintf(home, sizeof(home), "%s/huge", cli.env.dir);
	keygen(home, NULL, key);
	assert_int_equal(yg(ADMIN, "admin member add --name \"$(cat %s)\" --roles member --key %s",
			    arg_file("huge", name), key),
			 1);
	assert_non_null(strstr(cli.out, "bad_request"));
	assert_int_equal(yg(ADMIN, "admin member update %lld --title \"$(cat %s)\"",
			    people[CLERK].id, arg_file("huge", name)),
			 1);
	assert_int_equal(yg_in(home, 0,
			       "observer register --committee %lld --name \"$(cat %s)\" "
			       "--category expert",
			       committee, arg_file("huge", name)),
			 1);
	assert_int_equal(yg(ADMIN, "admin committee create \"$(cat %s)\"", arg_file("huge", name)),
			 1);
	assert_int_equal(yg(ADMIN, "member list"), 0);
	assert_int_equal(lines(), 1 + N_PEOPLE);
	assert_null(strstr(cli.out, "名名名"));
	assert_int_equal(yg(ADMIN, "observer list"), 0);
	assert_null(strstr(cli.out, "名名名"));
}

/* The admin suspends and reinstates a member, changes titles and roles;
 * the committee cannot lose its last admin. */
static void test_member_update(void **state)
{
	struct cli_person *p = &people[8];
	char line[512];

	(void)state;
	assert_int_equal(yg(ADMIN, "admin member update %lld --status suspended", p->id), 0);
	assert_non_null(strstr(cli.out, "暂停"));
	assert_int_equal(yg(8, "whoami"), 1);
	assert_non_null(strstr(cli.out, "暂停"));
	assert_int_equal(yg(ADMIN, "admin member update %lld --status=active", p->id), 0);
	assert_int_equal(yg(8, "whoami"), 0);
	assert_int_equal(yg(ADMIN,
			    "admin member update %lld --title '副书记（主持日常工作）' "
			    "--roles member",
			    people[DEPUTY].id),
			 0);
	assert_int_equal(yg(ADMIN, "member list"), 0);
	line_with("陈志强", line, sizeof(line));
	assert_non_null(strstr(line, "副书记（主持日常工作）"));
	assert_null(strstr(line, "chair"));
	assert_int_equal(
		yg(ADMIN, "admin member update %lld --roles chair,member", people[DEPUTY].id), 0);
	assert_int_equal(yg(ADMIN, "admin member update %lld --roles member", people[ADMIN].id), 1);
	assert_non_null(strstr(cli.out, "conflict"));
	assert_int_equal(yg(ADMIN, "admin member update %lld --status removed", people[ADMIN].id),
			 1);
	assert_int_equal(yg(ADMIN, "admin member update 999999 --title 无"), 1);
	assert_non_null(strstr(cli.out, "not_found"));
	assert_int_equal(yg(ADMIN, "admin member update %lld --status retired", p->id), 2);
	assert_int_equal(yg(ADMIN, "admin member update %lld", p->id), 2);
	assert_int_equal(yg(ADMIN, "admin member update abc --title x"), 2);
	assert_int_equal(yg(ADMIN, "admin member update 0 --title x"), 2);
	assert_int_equal(yg(ADMIN, "admin member update -5 --title x"), 2);
	assert_int_equal(yg(ADMIN, "admin member update 99999999999999999999 --title x"), 2);
}

/* Usage errors exit 2, a server that is not there 3; every command has
 * --help. */
static void test_usage_errors(void **state)
{
	static const char *const cmds[] = {"committee list",
					   "admin committee create",
					   "member list",
					   "admin member add",
					   "admin member update",
					   "admin key rotate",
					   "admin key revoke",
					   "key history",
					   "rules show",
					   "admin rules set",
					   "catalog",
					   "observer register",
					   "observer list",
					   "admin observer approve",
					   "admin observer reject",
					   "admin observer remove",
					   "admin observer-category add",
					   "audit log",
					   NULL};
	char home[400];

	(void)state;
	assert_int_equal(yg_in(people[CHAIR].home, 0, "member list"), 2);
	assert_non_null(strstr(cli.out, "--committee"));
	assert_int_equal(yg_in(observer_home, 0, "observer register --name 某 --category expert"),
			 2);
	assert_non_null(strstr(cli.out, "--committee"));
	assert_int_equal(yg_in(observer_home, 0,
			       "observer register --committee x --name 某 "
			       "--category expert"),
			 2);
	assert_int_equal(yg_in(people[CHAIR].home, 0, "--committee abc member list"), 2);
	snprintf(home, sizeof(home), "%s/nokey", cli.env.dir);
	assert_int_equal(yg_in(home, committee, "member list"), 2);
	assert_non_null(strstr(cli.out, "yg keygen"));
	assert_int_equal(yg(CHAIR, "member list --bogus"), 2);
	assert_non_null(strstr(cli.out, "--bogus"));
	assert_int_equal(yg(CHAIR, "rules show extra"), 2);
	assert_int_equal(yg(ADMIN, "admin key rotate %lld", people[CLERK].id), 2);
	assert_int_equal(yg(ADMIN, "key history"), 2);
	assert_int_equal(yg(ADMIN, "key history 12abc"), 2);
	assert_int_equal(yg(ADMIN, "admin observer approve"), 2);
	assert_int_equal(yg(ADMIN, "admin observer-category add code 名"), 2);
	assert_int_equal(yg(ADMIN, "admin member"), 2);
	assert_int_equal(yg(ADMIN, "admin"), 2);
	assert_int_equal(yg(ADMIN, "--server 127.0.0.1:1 member list"), 3);
	assert_int_equal(yg(ADMIN, "--server 127.0.0.1:1 committee list"), 3);
	cli_expect_usage(people[ADMIN].home, cmds);
}

/* Names full of SQL and format metacharacters are stored and shown exactly
 * as typed, and the database is none the worse. */
static void test_sql_metacharacters(void **state)
{
	static const char *const names[] = {
		"O'Brien\"; DROP TABLE member; --",
		"Robert'); DELETE FROM member_key;--",
		"张'三\" \\ $1 %s %n {\"a\":[1]} `id` ;--",
	};
	char home[400], key[64], name[16];
	long long id = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(home, sizeof(home), "%s/meta%zu", cli.env.dir, i);
		snprintf(name, sizeof(name), "meta%zu", i);
		keygen(home, NULL, key);
		assert_int_equal(yg(ADMIN,
				    "admin member add --name \"$(cat %s)\" --title \"$(cat %s)\" "
				    "--roles member --key %s",
				    arg_file(name, names[i]), arg_file(name, names[i]), key),
				 0);
		assert_non_null(strstr(cli.out, names[i]));
		id = cli_number_after("已登记成员 ");
		assert_int_equal(yg_in(home, committee, "whoami"), 0);
		assert_non_null(strstr(cli.out, names[i]));
	}
	assert_int_equal(yg(ADMIN, "admin member update %lld --name \"$(cat %s)\"", id,
			    arg_file("rename", "李'--\\\"")),
			 0);
	assert_int_equal(yg(ADMIN, "member list"), 0);
	assert_int_equal(lines(), 1 + N_PEOPLE + 3);
	assert_non_null(strstr(cli.out, names[0]));
	assert_non_null(strstr(cli.out, names[1]));
	assert_non_null(strstr(cli.out, "李'--\\\""));
	assert_int_equal(yg(ADMIN,
			    "admin observer-category add quote_test \"$(cat %s)\" \"$(cat %s)\"",
			    arg_file("zh", "引'号"), arg_file("en", "q'uote\"; --")),
			 0);
	assert_int_equal(yg(ADMIN, "catalog"), 0);
	assert_non_null(strstr(cli.out, "引'号"));
	assert_int_equal(yg(ADMIN, "--lang en catalog"), 0);
	assert_non_null(strstr(cli.out, "q'uote\"; --"));
	assert_int_equal(yg(ADMIN, "audit log"), 0);
	assert_non_null(strstr(cli.out, "DROP TABLE member"));
}

/* The admin creates a second committee, of which they become the admin
 * with the same key; it starts with the default rules. */
static void test_committee_create(void **state)
{
	const char *name = "某某县人民政府常务会议'); DROP TABLE committee; --";
	char line[1024];
	long long second;

	(void)state;
	assert_int_equal(yg(ADMIN, "admin committee create \"$(cat %s)\"", arg_file("cname", name)),
			 0);
	second = cli_number_after("已创建委员会 ");
	assert_true(second > committee);
	assert_int_equal(yg(ADMIN, "admin committee create \"$(cat %s)\"", arg_file("cname", name)),
			 1);
	assert_non_null(strstr(cli.out, "conflict"));
	assert_int_equal(yg_in(observer_home, 0, "committee list"), 0);
	assert_non_null(strstr(cli.out, COMMITTEE));
	assert_non_null(strstr(cli.out, name));
	assert_int_equal(yg_in(people[ADMIN].home, second, "whoami"), 0);
	assert_non_null(strstr(cli.out, name));
	assert_int_equal(yg_in(people[ADMIN].home, second, "member list"), 0);
	assert_int_equal(lines(), 2);
	assert_int_equal(yg_in(people[ADMIN].home, second, "rules show"), 0);
	assert_non_null(strstr(line_with("announce_days_public", line, sizeof(line)), " 7"));
	assert_int_equal(yg_in(people[CHAIR].home, second, "whoami"), 1);
	assert_non_null(strstr(cli.out, "另一个委员会"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keygen),
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_add_members),
		cmocka_unit_test(test_members_log_in),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_rules_refused),
		cmocka_unit_test(test_audit_log),
		cmocka_unit_test(test_key_rotation),
		cmocka_unit_test(test_key_revocation),
		cmocka_unit_test(test_observer_pool),
		cmocka_unit_test(test_observer_decisions),
		cmocka_unit_test(test_bad_roles_and_keys),
		cmocka_unit_test(test_not_admin),
		cmocka_unit_test(test_huge_name),
		cmocka_unit_test(test_member_update),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_sql_metacharacters),
		cmocka_unit_test(test_committee_create),
	};

	return cmocka_run_group_tests(tests, cli_group_setup, cli_group_teardown);
}
