/* The group (P-256, the system's random source) that the crypto units
 * share across their tests: made before the first, freed after the last
 * (cmocka_run_group_tests(tests, group_setup, group_teardown)). */
#ifndef YG_TESTS_UNIT_GROUPFIX_H
#define YG_TESTS_UNIT_GROUPFIX_H

#include "../../proto/group.h"

static struct group *g;

static inline int group_setup(void **state)
{
	(void)state;
	g = group_new(NULL, NULL);
	return g == NULL;
}

static inline int group_teardown(void **state)
{
	(void)state;
	group_free(g);
	return 0;
}

#endif
