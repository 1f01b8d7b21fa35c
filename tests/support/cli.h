/* What the tests of yg's command line share (test_admin_cli,
 * test_agenda_cli, test_meeting_cli): the private server and the path of
 * the yg they run, their cmocka group set-up, yg run as one terminal with
 * its output kept, and the checks they make of that output. */
#ifndef YG_TESTS_CLI_H
#define YG_TESTS_CLI_H

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>

#include "fixture.h"

#define CLI_OUT_MAX 65536

/* The one server a test program of the command line drives, and what it
 * keeps of the last command it ran. */
struct cli {
	struct test_env env;
	struct ygd_proc ygd;
	const char *const *extra; /* ygd's extra options (NULL-terminated), or NULL */
	char yg[PATH_MAX];        /* the build's yg, absolute: it runs in other directories */
	char out[CLI_OUT_MAX];    /* the last command's output */
};

extern struct cli cli;

/* cmocka group set-up: set up the environment and start ygd with
 * cli.extra, no terminal of our own; cli.yg gets the absolute path of the
 * build's yg. 0, or -1. The teardown stops ygd and removes it all: 0 if
 * ygd stopped cleanly. */
int cli_group_setup(void **state);
int cli_group_teardown(void **state);
/* The shell command (cmd, len bytes) that runs yg as cli_yg does, with
 * args (shell words). */
void cli_command(char *cmd, size_t len, const char *dir, const char *home, long long committee,
		 const char *args);
/* Run yg against cli.ygd as the terminal whose HOME is home, with
 * --committee committee unless 0, in directory dir (NULL: where the test
 * runs), in Chinese (YG_LANG, YG_KEY and YG_COMMITTEE unset), with the
 * arguments fmt makes (shell words); its exit status, its output in
 * cli.out. Fails the test if a sanitizer spoke in that output. */
int cli_yg(const char *dir, const char *home, long long committee, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* yg --help, run as the terminal whose HOME is home, names every command of
 * cmds (NULL-terminated), and each command's --help prints its usage line,
 * "yg COMMAND ...". Fails the test otherwise. */
void cli_expect_usage(const char *home, const char *const *cmds);
/* Write len bytes of data to the file name in the test's directory; its
 * path, in one of eight buffers used in turn. */
const char *cli_write_file(const char *name, const void *data, size_t len);
/* Fail the test if a sanitizer spoke in text. */
void cli_clean(const char *text);
/* Fail the test unless cli.out contains s; if it contains s. */
void cli_expect(const char *s);
void cli_expect_not(const char *s);
/* The number after prefix in cli.out; fails the test if prefix is not there. */
long long cli_number_after(const char *prefix);
/* Someone on the committee's side, with a terminal of their own. */
struct cli_person {
	const char *name, *title, *roles; /* no name: the public, with no key */
	char home[400];
	char key[64]; /* the public key yg keygen printed */
	long long id; /* a member's id */
};
/* The committee as its terminals make it: each of the n people gets the
 * home terminalI in the test's directory and makes a key there with yg
 * keygen (the public aside); people[0] is bootstrapped with ygd bootstrap
 * as the first admin of the committee named name, and registers
 * people[1..members) with yg admin member add. Their ids are kept; the
 * committee's id is returned. Fails the test if any step fails. */
long long cli_committee(struct cli_person *people, int n, int members, const char *name);
/* Run SQL as the database owner, as a test may and ygd never does; its
 * output in result (len bytes; NULL: not kept). Fails the test if it fails. */
void cli_sql(const char *text, char *result, size_t len);

#endif
