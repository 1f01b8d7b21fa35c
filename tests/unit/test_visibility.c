/* Unit tests for server/policy/visibility.c, the C half of the visibility
 * rule: every combination of audience and tags, what makes an item
 * confidential, what the public is shown before publication, and the rule
 * applied to tagged JSON (an untagged event is withheld from observers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/policy/visibility.h"

static void test_audience(void **state)
{
	(void)state;
	assert_int_equal(vis_audience_of(false, false), VIS_PUBLIC);
	assert_int_equal(vis_audience_of(false, true), VIS_PUBLIC);
	assert_int_equal(vis_audience_of(true, true), VIS_OBSERVER);
	assert_int_equal(vis_audience_of(true, false), VIS_MEMBER);
}

/* All eight combinations of members_only and confidential per audience. */
static void test_event_table(void **state)
{
	int mo, conf;

	(void)state;
	for (mo = 0; mo < 2; mo++)
		for (conf = 0; conf < 2; conf++) {
			assert_true(vis_event_shown(VIS_MEMBER, mo, conf));
			assert_false(vis_event_shown(VIS_PUBLIC, mo, conf));
			assert_int_equal(vis_event_shown(VIS_OBSERVER, mo, conf), !mo && !conf);
		}
}

/* Every combination of the four facts of an item. */
static void test_items(void **state)
{
	unsigned bits;

	(void)state;
	for (bits = 0; bits < 16; bits++) {
		struct vis_item it = {.personnel = bits & 1,
				      .marked = bits & 2,
				      .rule_category = bits & 4,
				      .affects_public = bits & 8};
		bool conf = (bits & 7) != 0;

		assert_int_equal(vis_item_confidential(&it), conf);
		assert_int_equal(vis_item_listed(&it), (bits & 8) && !conf);
	}
}

static cJSON *tags(const char *text)
{
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	return j;
}

static void test_json_tags(void **state)
{
	cJSON *j;

	(void)state;
	j = tags("{\"members_only\":false,\"confidential\":false}");
	assert_true(vis_event_json_shown(VIS_OBSERVER, j));
	cJSON_Delete(j);
	j = tags("{\"members_only\":false,\"confidential\":true}");
	assert_false(vis_event_json_shown(VIS_OBSERVER, j));
	assert_true(vis_event_json_shown(VIS_MEMBER, j));
	cJSON_Delete(j);
	j = tags("{\"members_only\":true,\"confidential\":false}");
	assert_false(vis_event_json_shown(VIS_OBSERVER, j));
	cJSON_Delete(j);
	/* Untagged, or tagged with something else than false: withheld. */
	j = tags("{\"members_only\":false}");
	assert_false(vis_event_json_shown(VIS_OBSERVER, j));
	assert_true(vis_event_json_shown(VIS_MEMBER, j));
	cJSON_Delete(j);
	j = tags("{\"confidential\":0}");
	assert_false(vis_event_json_shown(VIS_OBSERVER, j));
	cJSON_Delete(j);
}

static void test_filter(void **state)
{
	cJSON *a = tags("[{\"seq\":1,\"members_only\":false,\"confidential\":false},"
			"{\"seq\":2,\"members_only\":false,\"confidential\":true},"
			"{\"seq\":3,\"members_only\":true,\"confidential\":false},"
			"{\"seq\":4},"
			"{\"seq\":5,\"members_only\":false,\"confidential\":false}]");
	cJSON *b = cJSON_Duplicate(a, 1);

	(void)state;
	assert_int_equal(vis_filter_events(VIS_OBSERVER, a), 3);
	assert_int_equal(cJSON_GetArraySize(a), 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "seq")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 1), "seq")->valueint, 5);
	assert_int_equal(vis_filter_events(VIS_MEMBER, b), 0);
	assert_int_equal(cJSON_GetArraySize(b), 5);
	assert_int_equal(vis_filter_events(VIS_PUBLIC, b), 5);
	assert_int_equal(vis_filter_events(VIS_OBSERVER, NULL), 0);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audience), cmocka_unit_test(test_event_table),
		cmocka_unit_test(test_items),    cmocka_unit_test(test_json_tags),
		cmocka_unit_test(test_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
