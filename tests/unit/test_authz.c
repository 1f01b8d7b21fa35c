/* Unit tests for server/policy/authz.c: the authorization table's shape and
 * authz_check for public, logged-in, forbidden and unlisted operations. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/policy/authz.h"

/* Each role alone, as a member or an observer holds it. */
static const unsigned single_roles[] = {ROLE_ADMIN, ROLE_CHAIR,   ROLE_MEMBER,
					ROLE_CLERK, ROLE_AUDITOR, ROLE_OBSERVER};

#define NSINGLE (sizeof(single_roles) / sizeof(single_roles[0]))

static void expect_verdict(const char *op, bool logged_in, unsigned roles, enum authz_result want)
{
	enum authz_result got = authz_check(op, logged_in, roles);

	if (got != want)
		fail_msg("%s (logged in %d, roles 0x%x): %d, want %d", op, logged_in, roles, got,
			 want);
}

/* Every entry has a name made of [a-z0-9._] and roles from the known set. */
static void test_table_entries(void **state)
{
	const struct op_def *r;
	size_t n = 0;

	(void)state;
	for (r = op_defs; r->name != NULL; r++, n++) {
		const char *p;

		if (r->name[0] == '\0')
			fail_msg("entry %zu has an empty name", n);
		if (r->roles == 0)
			fail_msg("%s has no roles", r->name);
		if ((r->roles & ~(ROLES_ANY | ROLE_PUBLIC)) != 0)
			fail_msg("%s has unknown role bits 0x%x", r->name, r->roles);
		/* ROLE_PUBLIC already lets everyone in; other bits beside it
		 * would suggest a restriction that does not exist */
		if ((r->roles & ROLE_PUBLIC) && r->roles != ROLE_PUBLIC)
			fail_msg("%s mixes public with other roles", r->name);
		for (p = r->name; *p; p++)
			if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			      *p == '.' || *p == '_'))
				fail_msg("%s: bad character in name", r->name);
		assert_true(islower((unsigned char)r->name[0]));
	}
	assert_true(n > 0);
	/* the terminator */
	assert_int_equal(r->roles, 0);
}

static void test_table_no_duplicates(void **state)
{
	const struct op_def *a, *b;

	(void)state;
	for (a = op_defs; a->name != NULL; a++)
		for (b = a + 1; b->name != NULL; b++)
			if (strcmp(a->name, b->name) == 0)
				fail_msg("%s listed twice", a->name);
}

/* authz_roles answers each entry's own roles. */
static void test_roles_lookup(void **state)
{
	const struct op_def *r;

	(void)state;
	for (r = op_defs; r->name != NULL; r++)
		assert_int_equal(authz_roles(r->name), r->roles);
	assert_int_equal(authz_roles("no.such.op"), 0);
	assert_int_equal(authz_roles(""), 0);
}

/* Operations anyone may call: logged in or not, with any roles or none. */
static void test_public(void **state)
{
	static const char *const ops[] = {"hello", "ping", "server.info", "auth.challenge",
					  "auth.login"};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		assert_int_equal(authz_roles(ops[i]), ROLE_PUBLIC);
		expect_verdict(ops[i], false, 0, AUTHZ_ALLOW);
		expect_verdict(ops[i], true, 0, AUTHZ_ALLOW);
		for (k = 0; k < NSINGLE; k++)
			expect_verdict(ops[i], true, single_roles[k], AUTHZ_ALLOW);
	}
}

/* auth.whoami needs a login, and then any role will do. */
static void test_logged_in(void **state)
{
	size_t k;

	(void)state;
	expect_verdict("auth.whoami", false, 0, AUTHZ_UNAUTHENTICATED);
	/* roles without a login count for nothing */
	expect_verdict("auth.whoami", false, ROLES_ANY, AUTHZ_UNAUTHENTICATED);
	for (k = 0; k < NSINGLE; k++)
		expect_verdict("auth.whoami", true, single_roles[k], AUTHZ_ALLOW);
	expect_verdict("auth.whoami", true, 0, AUTHZ_FORBIDDEN);
	expect_verdict("rules.get", true, ROLE_OBSERVER, AUTHZ_ALLOW);
}

/* Admin-only operations refuse every other role, and a logged-out caller
 * is told to log in rather than forbidden. */
static void test_forbidden(void **state)
{
	static const char *const admin_ops[] = {"committee.create", "member.add", "member.update",
						"key.rotate", "key.revoke"};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(admin_ops) / sizeof(admin_ops[0]); i++) {
		assert_int_equal(authz_roles(admin_ops[i]), ROLE_ADMIN);
		expect_verdict(admin_ops[i], false, 0, AUTHZ_UNAUTHENTICATED);
		expect_verdict(admin_ops[i], false, ROLE_ADMIN, AUTHZ_UNAUTHENTICATED);
		expect_verdict(admin_ops[i], true, ROLE_ADMIN, AUTHZ_ALLOW);
		expect_verdict(admin_ops[i], true, ROLE_ADMIN | ROLE_MEMBER, AUTHZ_ALLOW);
		expect_verdict(admin_ops[i], true, 0, AUTHZ_FORBIDDEN);
		expect_verdict(admin_ops[i], true, ROLE_PUBLIC, AUTHZ_FORBIDDEN);
		for (k = 1; k < NSINGLE; k++)
			expect_verdict(admin_ops[i], true, single_roles[k], AUTHZ_FORBIDDEN);
		expect_verdict(admin_ops[i], true, ROLES_ANY & ~ROLE_ADMIN, AUTHZ_FORBIDDEN);
	}
	/* rules.set: an admin, or a chair (who only shortens a trial's periods:
	 * server/policy/settings.c judges that once the committee is read) */
	assert_int_equal(authz_roles("rules.set"), ROLE_ADMIN | ROLE_CHAIR);
	expect_verdict("rules.set", true, ROLE_CHAIR, AUTHZ_ALLOW);
	expect_verdict("rules.set", true, ROLE_MEMBER | ROLE_CLERK | ROLE_AUDITOR, AUTHZ_FORBIDDEN);
	/* committee-only operations keep observers out */
	expect_verdict("member.list", true, ROLE_OBSERVER, AUTHZ_FORBIDDEN);
	expect_verdict("member.list", true, ROLE_CLERK, AUTHZ_ALLOW);
	expect_verdict("audit.log", true, ROLE_AUDITOR, AUTHZ_ALLOW);
	expect_verdict("audit.log", true, ROLE_CHAIR, AUTHZ_FORBIDDEN);
	expect_verdict("key.history", true, ROLE_AUDITOR, AUTHZ_ALLOW);
	expect_verdict("key.history", true, ROLE_MEMBER, AUTHZ_FORBIDDEN);
}

/* Operations not in the table are refused, whoever asks. Names match
 * exactly. */
static void test_unlisted(void **state)
{
	static const char *const ops[] = {"",       "no.such.op",  "PING",      "Ping",
					  "ping ",  " ping",       "ping.",     "pin",
					  "pingg",  "auth",        "auth.",     "member.add.x",
					  "member", "rules.get\n", "rules_get", "rules.Get"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		assert_int_equal(authz_roles(ops[i]), 0);
		expect_verdict(ops[i], false, 0, AUTHZ_UNLISTED);
		expect_verdict(ops[i], true, ROLES_ANY, AUTHZ_UNLISTED);
		expect_verdict(ops[i], true, ROLES_ANY | ROLE_PUBLIC, AUTHZ_UNLISTED);
	}
}

/* Every entry against every set of roles, logged in or not. */
static void test_every_entry(void **state)
{
	const struct op_def *r;
	unsigned caller;

	(void)state;
	for (r = op_defs; r->name != NULL; r++) {
		for (caller = 0; caller <= ROLES_ANY; caller++) {
			enum authz_result want;

			if (r->roles & ROLE_PUBLIC)
				want = AUTHZ_ALLOW;
			else
				want = AUTHZ_UNAUTHENTICATED;
			expect_verdict(r->name, false, caller, want);
			if (r->roles & ROLE_PUBLIC)
				want = AUTHZ_ALLOW;
			else
				want = (r->roles & caller) ? AUTHZ_ALLOW : AUTHZ_FORBIDDEN;
			expect_verdict(r->name, true, caller, want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_entries), cmocka_unit_test(test_table_no_duplicates),
		cmocka_unit_test(test_roles_lookup),  cmocka_unit_test(test_public),
		cmocka_unit_test(test_logged_in),     cmocka_unit_test(test_forbidden),
		cmocka_unit_test(test_unlisted),      cmocka_unit_test(test_every_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
