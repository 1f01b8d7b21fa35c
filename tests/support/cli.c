/* What the tests of yg's command line share: see cli.h. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

struct cli cli;

int cli_group_setup(void **state)
{
	char dir[PATH_MAX];

	(void)state;
	if (fx_start(&cli.env, &cli.ygd, cli.extra, NULL, NULL, 0) != 0 ||
	    realpath(cli.env.build, dir) == NULL)
		return -1;
	return snprintf(cli.yg, sizeof(cli.yg), "%s/yg", dir) < (int)sizeof(cli.yg) ? 0 : -1;
}

int cli_group_teardown(void **state)
{
	(void)state;
	return fx_stop(&cli.env, &cli.ygd, NULL, NULL, 0);
}

void cli_command(char *cmd, size_t len, const char *dir, const char *home, long long committee,
		 const char *args)
{
	char cflag[48] = "", cd[PATH_MAX + 8] = "";

	if (committee > 0)
		snprintf(cflag, sizeof(cflag), "--committee %lld", committee);
	if (dir != NULL)
		snprintf(cd, sizeof(cd), "cd %s && ", dir);
	snprintf(cmd, len,
		 "%senv -u YG_LANG -u YG_KEY -u YG_COMMITTEE %s --server %s --fingerprint %s "
		 "--home %s %s %s",
		 cd, cli.yg, cli.ygd.addr, cli.env.fp, home, cflag, args);
}

static int cli_vyg(const char *dir, const char *home, long long committee, const char *fmt,
		   va_list ap)
{
	char args[3072], cmd[4096]; /* run_cmd takes no more */
	int rc;

	vsnprintf(args, sizeof(args), fmt, ap);
	cli_command(cmd, sizeof(cmd), dir, home, committee, args);
	rc = run_cmd(cli.out, sizeof(cli.out), "%s", cmd);
	cli_clean(cli.out);
	return rc;
}

int cli_yg(const char *dir, const char *home, long long committee, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cli_vyg(dir, home, committee, fmt, ap);
	va_end(ap);
	return rc;
}

void cli_expect_usage(const char *home, const char *const *cmds)
{
	const char *const *c;
	char usage[128];

	assert_int_equal(cli_yg(cli.env.dir, home, 0, "--help"), 0);
	for (c = cmds; *c != NULL; c++)
		cli_expect(*c);
	for (c = cmds; *c != NULL; c++) {
		snprintf(usage, sizeof(usage), "yg %s ", *c);
		assert_int_equal(cli_yg(cli.env.dir, home, 0, "%s --help", *c), 0);
		cli_expect(usage);
	}
}

long long cli_committee(struct cli_person *people, int n, int members, const char *name)
{
	long long committee;
	int i;

	for (i = 0; i < n; i++) {
		snprintf(people[i].home, sizeof(people[i].home), "%s/terminal%d", cli.env.dir, i);
		if (people[i].name[0] == '\0')
			continue;
		assert_int_equal(cli_yg(cli.env.dir, people[i].home, 0, "keygen"), 0);
		cli_expect("ed25519:");
		snprintf(people[i].key, sizeof(people[i].key), "%.51s",
			 strstr(cli.out, "ed25519:"));
	}
	assert_int_equal(run_cmd(cli.out, sizeof(cli.out),
				 "%s/ygd --db '%s' bootstrap '%s' '%s' %s '%s'", cli.env.build,
				 cli.env.conninfo, name, people[0].name, people[0].key,
				 people[0].title),
			 0);
	committee = cli_number_after("\"committee\": ");
	people[0].id = cli_number_after("\"member\": ");
	for (i = 1; i < members; i++) {
		assert_int_equal(cli_yg(cli.env.dir, people[0].home, committee,
					"admin member add --name %s --title %s --roles %s --key %s",
					people[i].name, people[i].title, people[i].roles,
					people[i].key),
				 0);
		people[i].id = cli_number_after("已登记成员 ");
	}
	return committee;
}

const char *cli_write_file(const char *name, const void *data, size_t len)
{
	static char path[8][PATH_MAX];
	static int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, PATH_MAX, "%s/%s", cli.env.dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

void cli_clean(const char *text)
{
	if (strstr(text, "Sanitizer") != NULL || strstr(text, "runtime error") != NULL)
		fail_msg("sanitizer report from yg:\n%s", text);
}

void cli_expect(const char *s)
{
	if (strstr(cli.out, s) == NULL)
		fail_msg("no \"%s\" in:\n%s", s, cli.out);
}

void cli_expect_not(const char *s)
{
	if (strstr(cli.out, s) != NULL)
		fail_msg("\"%s\" should not be in:\n%s", s, cli.out);
}

long long cli_number_after(const char *prefix)
{
	cli_expect(prefix);
	return atoll(strstr(cli.out, prefix) + strlen(prefix));
}

void cli_sql(const char *text, char *result, size_t len)
{
	char buf[4096];

	if (result == NULL) {
		result = buf;
		len = sizeof(buf);
	}
	if (env_psql(&cli.env, text, result, len) != 0)
		fail_msg("%s: %s", text, result);
}
