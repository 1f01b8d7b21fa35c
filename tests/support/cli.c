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

int cli_start(struct test_env *e, struct ygd_proc *p, const char *const *extra, char *yg,
	      size_t len)
{
	char dir[PATH_MAX];

	if (fx_start(e, p, extra, NULL, NULL, 0) != 0 || realpath(e->build, dir) == NULL)
		return -1;
	return snprintf(yg, len, "%s/yg", dir) < (int)len ? 0 : -1;
}

int cli_vyg(char *out, size_t outlen, const char *yg, const struct test_env *e,
	    const struct ygd_proc *p, const char *dir, const char *home, long long committee,
	    const char *fmt, va_list ap)
{
	char args[3072], cflag[48] = "", cd[PATH_MAX + 8] = "";
	int rc;

	vsnprintf(args, sizeof(args), fmt, ap);
	if (committee > 0)
		snprintf(cflag, sizeof(cflag), "--committee %lld", committee);
	if (dir != NULL)
		snprintf(cd, sizeof(cd), "cd %s && ", dir);
	rc = run_cmd(out, outlen,
		     "%senv -u YG_LANG -u YG_KEY -u YG_COMMITTEE %s --server %s --fingerprint %s "
		     "--home %s %s %s",
		     cd, yg, p->addr, e->fp, home, cflag, args);
	cli_clean(out);
	return rc;
}

/* cli_vyg with the arguments given here. */
static int yg_run(char *out, size_t outlen, const char *yg, const struct test_env *e,
		  const struct ygd_proc *p, const char *home, long long committee, const char *fmt,
		  ...) __attribute__((format(printf, 8, 9)));
static int yg_run(char *out, size_t outlen, const char *yg, const struct test_env *e,
		  const struct ygd_proc *p, const char *home, long long committee, const char *fmt,
		  ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cli_vyg(out, outlen, yg, e, p, e->dir, home, committee, fmt, ap);
	va_end(ap);
	return rc;
}

long long cli_committee(char *out, size_t outlen, const char *yg, const struct test_env *e,
			const struct ygd_proc *p, struct cli_person *people, int n, int members,
			const char *name)
{
	long long committee;
	int i;

	for (i = 0; i < n; i++) {
		snprintf(people[i].home, sizeof(people[i].home), "%s/terminal%d", e->dir, i);
		if (people[i].name[0] == '\0')
			continue;
		assert_int_equal(yg_run(out, outlen, yg, e, p, people[i].home, 0, "keygen"), 0);
		cli_expect(out, "ed25519:");
		snprintf(people[i].key, sizeof(people[i].key), "%.51s", strstr(out, "ed25519:"));
	}
	assert_int_equal(run_cmd(out, outlen, "%s/ygd --db '%s' bootstrap '%s' '%s' %s '%s'",
				 e->build, e->conninfo, name, people[0].name, people[0].key,
				 people[0].title),
			 0);
	committee = cli_number_after(out, "\"committee\": ");
	people[0].id = cli_number_after(out, "\"member\": ");
	for (i = 1; i < members; i++) {
		assert_int_equal(yg_run(out, outlen, yg, e, p, people[0].home, committee,
					"admin member add --name %s --title %s --roles %s --key %s",
					people[i].name, people[i].title, people[i].roles,
					people[i].key),
				 0);
		people[i].id = cli_number_after(out, "已登记成员 ");
	}
	return committee;
}

void cli_clean(const char *text)
{
	if (strstr(text, "Sanitizer") != NULL || strstr(text, "runtime error") != NULL)
		fail_msg("sanitizer report from yg:\n%s", text);
}

void cli_expect(const char *out, const char *s)
{
	if (strstr(out, s) == NULL)
		fail_msg("no \"%s\" in:\n%s", s, out);
}

void cli_expect_not(const char *out, const char *s)
{
	if (strstr(out, s) != NULL)
		fail_msg("\"%s\" should not be in:\n%s", s, out);
}

long long cli_number_after(const char *out, const char *prefix)
{
	cli_expect(out, prefix);
	return atoll(strstr(out, prefix) + strlen(prefix));
}

void cli_sql(struct test_env *e, const char *text, char *result, size_t len)
{
	char buf[4096];

	if (result == NULL) {
		result = buf;
		len = sizeof(buf);
	}
	if (env_psql(e, text, result, len) != 0)
		fail_msg("%s: %s", text, result);
}
