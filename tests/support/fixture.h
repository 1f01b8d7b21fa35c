/* What the integration tests build a committee with, once: a private
 * server with n terminals (keys made, connections said hello), the
 * committee bootstrapped with its first admin logged in, SQL run as the
 * database owner, approved observers and announced items. */
#ifndef YG_TESTS_FIXTURE_H
#define YG_TESTS_FIXTURE_H

#include <openssl/evp.h>

#include "harness.h"
#include "tclient.h"

/* Set up the environment, start ygd (with extra options, or NULL), and for each of n terminals make
 * a key and connect (hello done). 0, or -1 if anything failed. */
int fx_start(struct test_env *e, struct ygd_proc *p, const char *const *extra, EVP_PKEY **keys,
	     struct tclient *c, int n);
/* Close the n terminals, free their keys, stop ygd, tear down: 0 if ygd
 * stopped cleanly. */
int fx_stop(struct test_env *e, struct ygd_proc *p, EVP_PKEY **keys, struct tclient *c, int n);
/* `ygd bootstrap` of committee 1 (named name) with key as its first admin,
 * then admin logs in. 0, or -1. */
int fx_bootstrap(struct test_env *e, const char *name, EVP_PKEY *key, struct tclient *admin);
/* Run SQL as the database owner, as a test may and ygd never does; fails
 * the test if it fails. */
void fx_sql(struct test_env *e, const char *text);
/* The same with the SQL made from fmt; the first line of its output, in a
 * buffer the next call overwrites. */
const char *fx_sqlf(struct test_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Register key in committee 1's observer pool over c (as name, of
 * category), and have admin approve it: its id, or -1. */
long long fx_observer(struct tclient *c, EVP_PKEY *key, const char *name, const char *category,
		      struct tclient *admin);
/* A number in a successful reply's result; fails the test otherwise.
 * Frees the reply. */
long long fx_num(cJSON *reply, const char *name);
/* End every item's comment window a second ago (announced three days ago). */
void fx_windows_over(struct test_env *e);

#endif
