/* Unit tests for proto/roles.c: role names and bits, and role lists in JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/roles.h"

/* Every role, in the order roles_to_json lists them. */
static const struct {
	unsigned bit;
	const char *name;
} roles[] = {
	{ROLE_ADMIN, "admin"},   {ROLE_CHAIR, "chair"},     {ROLE_MEMBER, "member"},
	{ROLE_CLERK, "clerk"},   {ROLE_AUDITOR, "auditor"}, {ROLE_OBSERVER, "observer"},
	{ROLE_PUBLIC, "public"},
};

#define NROLES (sizeof(roles) / sizeof(roles[0]))

/* roles_from_json of the array in text. */
static unsigned from_text(const char *text)
{
	cJSON *a = cJSON_Parse(text);
	unsigned r;

	if (a == NULL)
		fail_msg("test JSON does not parse: %s", text);
	r = roles_from_json(a);
	cJSON_Delete(a);
	return r;
}

/* roles_to_json of bits, printed compactly, must be text. */
static void expect_json(unsigned bits, const char *text)
{
	cJSON *a = roles_to_json(bits);
	char *s;

	assert_non_null(a);
	assert_true(cJSON_IsArray(a));
	s = cJSON_PrintUnformatted(a);
	assert_non_null(s);
	assert_string_equal(s, text);
	cJSON_free(s);
	cJSON_Delete(a);
}

static void test_bits_distinct(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < NROLES; i++) {
		/* a single bit each */
		assert_int_not_equal(roles[i].bit, 0);
		assert_int_equal(roles[i].bit & (roles[i].bit - 1), 0);
		for (j = i + 1; j < NROLES; j++)
			assert_int_not_equal(roles[i].bit, roles[j].bit);
	}
	assert_int_equal(ROLES_COMMITTEE,
			 ROLE_ADMIN | ROLE_CHAIR | ROLE_MEMBER | ROLE_CLERK | ROLE_AUDITOR);
	assert_int_equal(ROLES_ANY, ROLES_COMMITTEE | ROLE_OBSERVER);
	assert_int_equal(ROLES_ANY & ROLE_PUBLIC, 0);
	assert_int_equal(ROLES_COMMITTEE & ROLE_OBSERVER, 0);
}

static void test_name_of_bit(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NROLES; i++)
		assert_string_equal(role_name(roles[i].bit), roles[i].name);
}

/* Anything but a single known bit has no name. */
static void test_name_of_non_role(void **state)
{
	unsigned b;

	(void)state;
	assert_string_equal(role_name(0), "?");
	assert_string_equal(role_name(ROLE_ADMIN | ROLE_CHAIR), "?");
	assert_string_equal(role_name(ROLES_ANY), "?");
	assert_string_equal(role_name(~0u), "?");
	for (b = 6; b < 32; b++)
		if (b != 30)
			assert_string_equal(role_name(1u << b), "?");
}

static void test_bit_of_name(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NROLES; i++) {
		assert_int_equal(role_from_name(roles[i].name), roles[i].bit);
		assert_int_equal(role_from_name(role_name(roles[i].bit)), roles[i].bit);
	}
}

/* Names match exactly: no case folding, no prefixes, no spaces. */
static void test_bit_of_unknown_name(void **state)
{
	static const char *const bad[] = {
		"",        "?",      "Admin", "ADMIN", "admin ",    " admin",  "admins", "admi",
		"chair\n", "主持人", "委员",  "root",  "observer2", "members", "publi",  "role",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (role_from_name(bad[i]) != 0)
			fail_msg("\"%s\" taken for a role", bad[i]);
}

static void test_from_json(void **state)
{
	(void)state;
	assert_int_equal(from_text("[\"admin\"]"), ROLE_ADMIN);
	assert_int_equal(from_text("[\"chair\",\"member\"]"), ROLE_CHAIR | ROLE_MEMBER);
	assert_int_equal(from_text("[\"member\",\"chair\"]"), ROLE_CHAIR | ROLE_MEMBER);
	assert_int_equal(from_text("[\"admin\",\"chair\",\"member\",\"clerk\",\"auditor\"]"),
			 ROLES_COMMITTEE);
	assert_int_equal(from_text("[\"observer\"]"), ROLE_OBSERVER);
	assert_int_equal(from_text("[\"clerk\",\"clerk\"]"), ROLE_CLERK);
	/* no roles at all */
	assert_int_equal(from_text("[]"), 0);
	assert_int_equal(roles_from_json(NULL), 0);
}

/* One unknown name or one entry that is not a string spoils the list. */
static void test_from_json_refusals(void **state)
{
	static const char *const bad[] = {
		"[\"admin\",\"boss\"]",
		"[\"boss\",\"admin\"]",
		"[\"Admin\"]",
		"[\"\"]",
		"[\"admin\",1]",
		"[1,\"admin\"]",
		"[\"admin\",null]",
		"[null]",
		"[true]",
		"[\"admin\",false]",
		"[[\"admin\"]]",
		"[{\"role\":\"admin\"}]",
		"[\"chair\",[]]",
		"[\"chair\",{}]",
		"[\"admin\",\"member\",2.5]",
		"[\"admin\",\"chair \"]",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (from_text(bad[i]) != 0)
			fail_msg("accepted %s", bad[i]);
}

/* Not a list at all: nothing. */
static void test_from_json_scalars(void **state)
{
	(void)state;
	assert_int_equal(from_text("\"admin\""), 0);
	assert_int_equal(from_text("1"), 0);
	assert_int_equal(from_text("null"), 0);
	assert_int_equal(from_text("true"), 0);
}

/* Names come out in table order, whatever the bits' order in the call. */
static void test_to_json_order(void **state)
{
	(void)state;
	expect_json(0, "[]");
	expect_json(ROLE_ADMIN, "[\"admin\"]");
	expect_json(ROLE_MEMBER | ROLE_CHAIR, "[\"chair\",\"member\"]");
	expect_json(ROLE_AUDITOR | ROLE_ADMIN, "[\"admin\",\"auditor\"]");
	expect_json(ROLES_COMMITTEE, "[\"admin\",\"chair\",\"member\",\"clerk\",\"auditor\"]");
	expect_json(ROLES_ANY,
		    "[\"admin\",\"chair\",\"member\",\"clerk\",\"auditor\",\"observer\"]");
	expect_json(ROLE_OBSERVER | ROLE_PUBLIC, "[\"observer\",\"public\"]");
	/* bits that are no role are left out */
	expect_json(1u << 7 | 1u << 20, "[]");
	expect_json(ROLE_CLERK | 1u << 12, "[\"clerk\"]");
}

/* Every set of the six roles survives to JSON and back. */
static void test_round_trip(void **state)
{
	unsigned bits;

	(void)state;
	for (bits = 1; bits <= ROLES_ANY; bits++) {
		cJSON *a = roles_to_json(bits);

		assert_int_equal(cJSON_GetArraySize(a), __builtin_popcount(bits));
		assert_int_equal(roles_from_json(a), bits);
		cJSON_Delete(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bits_distinct),
		cmocka_unit_test(test_name_of_bit),
		cmocka_unit_test(test_name_of_non_role),
		cmocka_unit_test(test_bit_of_name),
		cmocka_unit_test(test_bit_of_unknown_name),
		cmocka_unit_test(test_from_json),
		cmocka_unit_test(test_from_json_refusals),
		cmocka_unit_test(test_from_json_scalars),
		cmocka_unit_test(test_to_json_order),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
