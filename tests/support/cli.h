/* What the tests of yg's command line share (test_admin_cli,
 * test_agenda_cli, test_meeting_cli): the private server and the path of
 * the yg they run, yg run as one terminal with its output kept, and the
 * checks they make of that output. */
#ifndef YG_TESTS_CLI_H
#define YG_TESTS_CLI_H

#include <stdarg.h>
#include <stddef.h>

#include "fixture.h"

/* Set up the environment and start ygd (with extra options, or NULL), no
 * terminal of our own; yg (len bytes) gets the absolute path of the
 * build's yg, which runs in other directories. 0, or -1. */
int cli_start(struct test_env *e, struct ygd_proc *p, const char *const *extra, char *yg,
	      size_t len);
/* Run yg (the path cli_start gave) against p as the terminal whose HOME is
 * home, with --committee committee unless 0, in directory dir (NULL: where
 * the test runs), in Chinese (YG_LANG, YG_KEY and YG_COMMITTEE unset), with
 * the arguments fmt makes (shell words); its exit status, its output in out
 * (outlen bytes). Fails the test if a sanitizer spoke in that output. */
int cli_vyg(char *out, size_t outlen, const char *yg, const struct test_env *e,
	    const struct ygd_proc *p, const char *dir, const char *home, long long committee,
	    const char *fmt, va_list ap) __attribute__((format(printf, 9, 0)));
/* Fail the test if a sanitizer spoke in text. */
void cli_clean(const char *text);
/* Fail the test unless out contains s; if it contains s. */
void cli_expect(const char *out, const char *s);
void cli_expect_not(const char *out, const char *s);
/* The number after prefix in out; fails the test if prefix is not there. */
long long cli_number_after(const char *out, const char *prefix);
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
long long cli_committee(char *out, size_t outlen, const char *yg, const struct test_env *e,
			const struct ygd_proc *p, struct cli_person *people, int n, int members,
			const char *name);
/* Run SQL as the database owner, as a test may and ygd never does; its
 * output in result (len bytes; NULL: not kept). Fails the test if it fails. */
void cli_sql(struct test_env *e, const char *text, char *result, size_t len);

#endif
