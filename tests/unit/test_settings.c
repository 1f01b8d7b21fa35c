/* Unit tests for server/policy/settings.c: the table of committee rules, its
 * defaults, and the refusals of each kind of setting. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../server/policy/settings.h"
#include "slurp.h"

static char why[256];

/* The setting called name, which must exist. */
static const struct setting *find(const char *name)
{
	const struct setting *s = settings_find(name);

	if (s == NULL)
		fail_msg("no setting %s", name);
	return s;
}

/* settings_validate of the JSON in text; the reason lands in why. */
static bool validate(const struct setting *s, const char *text)
{
	cJSON *v = cJSON_Parse(text);
	bool ok;

	if (v == NULL)
		fail_msg("test JSON does not parse: %s", text);
	why[0] = '\0';
	ok = settings_validate(s, v, why, sizeof(why));
	cJSON_Delete(v);
	return ok;
}

static void expect_ok(const char *name, const char *text)
{
	if (!validate(find(name), text))
		fail_msg("%s refused %s: %s", name, text, why);
}

/* text must be refused, with a reason that names the setting. */
static void expect_bad(const char *name, const char *text)
{
	if (validate(find(name), text))
		fail_msg("%s accepted %s", name, text);
	if (strncmp(why, name, strlen(name)) != 0 || strstr(why, " must be ") == NULL)
		fail_msg("%s: odd reason for refusing %s: \"%s\"", name, text, why);
}

/* Each bad text refused by every setting of kind. */
static void expect_bad_for_kind(enum setting_kind kind, const char *const *bad)
{
	const struct setting *s;
	int seen = 0;

	for (s = settings_table; s->name != NULL; s++) {
		if (s->kind != kind)
			continue;
		seen++;
		for (const char *const *b = bad; *b != NULL; b++)
			expect_bad(s->name, *b);
	}
	assert_true(seen > 0);
}

/* "[\"c0\",\"c1\",...]" with n codes made of letters only, into buf. */
static const char *code_list(char *buf, size_t len, int n, const char *last)
{
	size_t o = 0;
	int i;

	o += (size_t)snprintf(buf + o, len - o, "[");
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s\"c%c%c\"", i ? "," : "", 'a' + i / 26,
				      'a' + i % 26);
	if (last != NULL)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", n ? "," : "", last);
	snprintf(buf + o, len - o, "]");
	assert_true(o + 1 < len);
	return buf;
}

static void test_table_shape(void **state)
{
	const struct setting *s, *t;
	size_t n = 0;

	(void)state;
	for (s = settings_table; s->name != NULL; s++, n++) {
		const char *p;

		assert_true(s->name[0] >= 'a' && s->name[0] <= 'z');
		for (p = s->name; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
				fail_msg("%s: bad character in name", s->name);
		for (t = s + 1; t->name != NULL; t++)
			if (strcmp(s->name, t->name) == 0)
				fail_msg("%s listed twice", s->name);
		assert_true(s->kind >= SETTING_INT && s->kind <= SETTING_MATERIALS);
		assert_non_null(s->dflt);
		if (s->kind == SETTING_INT || s->kind == SETTING_CODES)
			assert_true(s->min <= s->max);
		if (s->kind == SETTING_CHOICE) {
			assert_non_null(s->choices);
			assert_non_null(s->choices[0]);
		}
	}
	assert_true(n > 0);
}

/* Every setting says what it means in Chinese and in English. */
static void test_table_text(void **state)
{
	const struct setting *s;

	(void)state;
	for (s = settings_table; s->name != NULL; s++) {
		const unsigned char *p;
		bool cjk = false;

		if (s->zh == NULL || s->zh[0] == '\0')
			fail_msg("%s has no Chinese text", s->name);
		if (s->en == NULL || s->en[0] == '\0')
			fail_msg("%s has no English text", s->name);
		for (p = (const unsigned char *)s->zh; *p; p++)
			cjk = cjk || *p >= 0x80;
		if (!cjk)
			fail_msg("%s: Chinese text is plain ASCII: %s", s->name, s->zh);
		if ((unsigned char)s->en[0] >= 0x80)
			fail_msg("%s: English text starts outside ASCII: %s", s->name, s->en);
		assert_string_not_equal(s->zh, s->en);
	}
}

/* Every default parses and passes its own validation. */
static void test_defaults_valid(void **state)
{
	const struct setting *s;

	(void)state;
	for (s = settings_table; s->name != NULL; s++) {
		cJSON *v = cJSON_Parse(s->dflt);

		if (v == NULL)
			fail_msg("%s: default does not parse: %s", s->name, s->dflt);
		why[0] = '\0';
		if (!settings_validate(s, v, why, sizeof(why)))
			fail_msg("%s: default %s refused: %s", s->name, s->dflt, why);
		cJSON_Delete(v);
	}
}

/* settings_defaults has one member per table entry, in table order, each
 * equal to that entry's default. */
static void test_defaults_object(void **state)
{
	cJSON *all = settings_defaults(), *m;
	const struct setting *s = settings_table;
	int n = 0;

	(void)state;
	assert_non_null(all);
	assert_true(cJSON_IsObject(all));
	cJSON_ArrayForEach(m, all) {
		cJSON *want;

		if (s->name == NULL)
			fail_msg("extra member %s", m->string);
		assert_string_equal(m->string, s->name);
		want = cJSON_Parse(s->dflt);
		assert_non_null(want);
		if (!cJSON_Compare(m, want, true))
			fail_msg("%s: member differs from default %s", s->name, s->dflt);
		cJSON_Delete(want);
		assert_ptr_equal(cJSON_GetObjectItemCaseSensitive(all, s->name), m);
		s++;
		n++;
	}
	if (s->name != NULL)
		fail_msg("no member for %s", s->name);
	assert_int_equal(cJSON_GetArraySize(all), n);
	cJSON_Delete(all);
}

static void test_find(void **state)
{
	const struct setting *s;

	(void)state;
	for (s = settings_table; s->name != NULL; s++)
		assert_ptr_equal(settings_find(s->name), s);
	assert_null(settings_find(""));
	assert_null(settings_find("Quorum"));
	assert_null(settings_find("quorum "));
	assert_null(settings_find("quoru"));
	assert_null(settings_find("no_such_rule"));
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(settings_kind_name(SETTING_INT), "int");
	assert_string_equal(settings_kind_name(SETTING_BOOL), "bool");
	assert_string_equal(settings_kind_name(SETTING_FRACTION), "fraction");
	assert_string_equal(settings_kind_name(SETTING_CHOICE), "choice");
	assert_string_equal(settings_kind_name(SETTING_CODES), "codes");
	assert_string_equal(settings_kind_name(SETTING_MATERIALS), "materials");
}

/* Every integer setting takes whole numbers in its range and nothing else. */
static void test_int(void **state)
{
	static const char *const bad[] = {"\"7\"", "\"1\"", "true",  "false",  "null", "[]",
					  "{}",    "[7]",   "1e300", "-1e300", NULL};
	const struct setting *s;
	char text[64];

	(void)state;
	for (s = settings_table; s->name != NULL; s++) {
		if (s->kind != SETTING_INT)
			continue;
		snprintf(text, sizeof(text), "%ld", s->min);
		expect_ok(s->name, text);
		snprintf(text, sizeof(text), "%ld", s->max);
		expect_ok(s->name, text);
		snprintf(text, sizeof(text), "%ld.0", s->max);
		expect_ok(s->name, text);
		snprintf(text, sizeof(text), "%ld", s->min - 1);
		expect_bad(s->name, text);
		snprintf(text, sizeof(text), "%ld", s->max + 1);
		expect_bad(s->name, text);
		snprintf(text, sizeof(text), "%ld.5", s->min);
		expect_bad(s->name, text);
		snprintf(text, sizeof(text), "%ld.000001", s->min);
		expect_bad(s->name, text);
		snprintf(text, sizeof(text), "%ld.5", s->max - 1);
		expect_bad(s->name, text);
		snprintf(text, sizeof(text), "\"%ld\"", s->min);
		expect_bad(s->name, text);
		/* the reason gives the range */
		snprintf(text, sizeof(text), "from %ld to %ld", s->min, s->max);
		assert_non_null(strstr(why, text));
	}
	expect_bad_for_kind(SETTING_INT, bad);
	expect_ok("scrutineers", "2");
	expect_bad("scrutineers", "0");
	expect_bad("scrutineers", "10");
	expect_bad("scrutineers", "2.5");
	expect_bad("scrutineers", "-2");
	expect_ok("contest_objections", "0");
	expect_ok("contest_objections", "100000");
	expect_bad("contest_objections", "100001");
	expect_bad("contest_objections", "-1");
	assert_string_equal(why, "contest_objections must be a whole number from 0 to 100000");
}

/* Booleans are true or false, not numbers or strings. */
static void test_bool(void **state)
{
	static const char *const bad[] = {"0",  "1",  "\"true\"", "\"false\"", "null",
					  "[]", "{}", "[true]",   "\"yes\"",   NULL};
	const struct setting *s;

	(void)state;
	for (s = settings_table; s->name != NULL; s++) {
		if (s->kind != SETTING_BOOL)
			continue;
		expect_ok(s->name, "true");
		expect_ok(s->name, "false");
	}
	expect_bad_for_kind(SETTING_BOOL, bad);
	expect_bad("recuse_vote", "1");
	assert_string_equal(why, "recuse_vote must be true or false");
}

static void test_fraction_ok(void **state)
{
	static const char *const good[] = {
		"{\"num\":1,\"den\":2,\"inclusive\":false}",
		"{\"num\":2,\"den\":3,\"inclusive\":true}",
		"{\"num\":1,\"den\":1,\"inclusive\":true}",
		"{\"num\":100,\"den\":100,\"inclusive\":false}",
		"{\"num\":1,\"den\":100,\"inclusive\":true}",
		"{\"num\":99,\"den\":100,\"inclusive\":true}",
		"{\"inclusive\":true,\"den\":3,\"num\":2}",
		NULL,
	};
	const struct setting *s;
	const char *const *g;

	(void)state;
	for (s = settings_table; s->name != NULL; s++)
		if (s->kind == SETTING_FRACTION)
			for (g = good; *g != NULL; g++)
				expect_ok(s->name, *g);
}

/* Fractions: 0 < num <= den <= 100, whole numbers, exactly three members. */
static void test_fraction_refusals(void **state)
{
	static const char *const bad[] = {
		/* num > den */
		"{\"num\":3,\"den\":2,\"inclusive\":false}",
		"{\"num\":100,\"den\":99,\"inclusive\":true}",
		/* den > 100, even with num <= den */
		"{\"num\":1,\"den\":101,\"inclusive\":false}",
		"{\"num\":101,\"den\":101,\"inclusive\":false}",
		"{\"num\":50,\"den\":1000,\"inclusive\":false}",
		/* zero and negative */
		"{\"num\":0,\"den\":2,\"inclusive\":false}",
		"{\"num\":0,\"den\":0,\"inclusive\":false}",
		"{\"num\":1,\"den\":0,\"inclusive\":false}",
		"{\"num\":-1,\"den\":2,\"inclusive\":false}",
		"{\"num\":-2,\"den\":-1,\"inclusive\":false}",
		/* not whole numbers */
		"{\"num\":1.5,\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"den\":2.5,\"inclusive\":false}",
		/* wrong types */
		"{\"num\":\"1\",\"den\":2,\"inclusive\":false}",
		"{\"num\":1,\"den\":\"2\",\"inclusive\":false}",
		"{\"num\":1,\"den\":2,\"inclusive\":1}",
		"{\"num\":1,\"den\":2,\"inclusive\":\"true\"}",
		"{\"num\":1,\"den\":2,\"inclusive\":null}",
		"{\"num\":null,\"den\":2,\"inclusive\":true}",
		"{\"num\":true,\"den\":2,\"inclusive\":true}",
		"{\"num\":[1],\"den\":2,\"inclusive\":true}",
		/* missing members */
		"{\"num\":1,\"den\":2}",
		"{\"den\":2,\"inclusive\":true}",
		"{\"num\":1,\"inclusive\":true}",
		"{}",
		/* extra members */
		"{\"num\":1,\"den\":2,\"inclusive\":true,\"x\":1}",
		"{\"num\":1,\"den\":2,\"inclusive\":true,\"inclusive\":false}",
		/* a duplicate standing in for a missing member */
		"{\"num\":1,\"num\":1,\"den\":2}",
		"{\"num\":1,\"den\":2,\"den\":2}",
		/* names are case-sensitive */
		"{\"Num\":1,\"den\":2,\"inclusive\":true}",
		"{\"num\":1,\"Den\":2,\"inclusive\":true}",
		"{\"num\":1,\"den\":2,\"Inclusive\":true}",
		/* not an object */
		"[1,2,true]",
		"\"1/2\"",
		"0.5",
		"null",
		"true",
		NULL,
	};

	(void)state;
	expect_bad_for_kind(SETTING_FRACTION, bad);
	expect_bad("quorum", "{\"num\":3,\"den\":2,\"inclusive\":false}");
	assert_non_null(strstr(why, "0 < N <= D <= 100"));
}

static void test_choice(void **state)
{
	static const char *const bad[] = {"\"\"",
					  "\"Entitled\"",
					  "\"entitled \"",
					  "\"absent\"",
					  "\"entitle\"",
					  "\"entitledx\"",
					  "1",
					  "0",
					  "null",
					  "true",
					  "[\"entitled\"]",
					  "{\"entitled\":1}",
					  NULL};
	const struct setting *s;
	const char *const *c;
	char text[80];

	(void)state;
	for (s = settings_table; s->name != NULL; s++) {
		if (s->kind != SETTING_CHOICE)
			continue;
		for (c = s->choices; *c != NULL; c++) {
			snprintf(text, sizeof(text), "\"%s\"", *c);
			expect_ok(s->name, text);
		}
	}
	expect_ok("pass_base", "\"entitled\"");
	expect_ok("pass_base", "\"present\"");
	expect_bad_for_kind(SETTING_CHOICE, bad);
}

static void test_codes_ok(void **state)
{
	char buf[1024];

	(void)state;
	expect_ok("categories", "[\"decision\"]");
	expect_ok("categories", "[\"a\"]");
	expect_ok("categories", "[\"a_b\",\"abc_\",\"z\"]");
	expect_ok("categories", "[\"decision\",\"cadre\",\"project\",\"funds\",\"incident\"]");
	/* 32 characters is the longest code */
	expect_ok("categories", "[\"abcdefghijklmnopqrstuvwxyzabcdef\"]");
	/* as many codes as the setting allows */
	expect_ok("categories", code_list(buf, sizeof(buf), (int)find("categories")->max, NULL));
	expect_ok("categories", code_list(buf, sizeof(buf), (int)find("categories")->min, NULL));
}

/* Code lists: distinct lowercase codes, within the setting's count. */
static void test_codes_refusals(void **state)
{
	static const char *const bad[] = {
		/* duplicates */
		"[\"decision\",\"decision\"]",
		"[\"a\",\"b\",\"a\"]",
		"[\"x\",\"y\",\"z\",\"y\"]",
		/* not lowercase codes */
		"[\"Decision\"]",
		"[\"DECISION\"]",
		"[\"decisioN\"]",
		"[\"decision\",\"Cadre\"]",
		"[\"a-b\"]",
		"[\"a b\"]",
		"[\"a.b\"]",
		"[\"1abc\"]",
		"[\"abc1\"]",
		"[\"_abc\"]",
		"[\"\"]",
		"[\" decision\"]",
		"[\"decision \"]",
		"[\"决策\"]",
		"[\"d\\u00e9cision\"]",
		/* 33 characters */
		"[\"abcdefghijklmnopqrstuvwxyzabcdefg\"]",
		/* entries that are not strings, first */
		"[1]",
		"[null]",
		"[true]",
		"[[\"decision\"]]",
		"[{\"decision\":1}]",
		"[1,\"decision\"]",
		/* not a list */
		"\"decision\"",
		"{\"decision\":[]}",
		"null",
		"1",
		NULL,
	};
	char buf[1024];

	(void)state;
	expect_bad_for_kind(SETTING_CODES, bad);
	/* fewer than min: a committee decides at least one category; it need
	 * not make any confidential beyond cadre items */
	expect_bad("categories", "[]");
	expect_ok("confidential_categories", "[]");
	/* too many */
	expect_bad("categories",
		   code_list(buf, sizeof(buf), (int)find("categories")->max + 1, NULL));
	expect_bad("categories", code_list(buf, sizeof(buf), 40, NULL));
	/* a duplicate at the end of a full list */
	expect_bad("categories",
		   code_list(buf, sizeof(buf), (int)find("categories")->max - 1, "\"caa\""));
	assert_string_equal(why, "categories must be a list of distinct category codes");
}

static void test_materials_ok(void **state)
{
	char buf[2048];
	size_t o;
	int i;

	(void)state;
	expect_ok("materials", "{}");
	expect_ok("materials", "{\"decision\":[]}");
	expect_ok("materials", "{\"decision\":[\"research\",\"legality_review\"],\"cadre\":[]}");
	expect_ok("materials", "{\"a\":[\"a\"],\"b\":[\"a\"]}");
	/* 16 categories, and 16 materials for one */
	o = (size_t)snprintf(buf, sizeof(buf), "{");
	for (i = 0; i < 16; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s\"k%c\":[]", i ? "," : "",
				      'a' + i);
	snprintf(buf + o, sizeof(buf) - o, "}");
	expect_ok("materials", buf);
	o = (size_t)snprintf(buf, sizeof(buf), "{\"decision\":");
	code_list(buf + o, sizeof(buf) - o, 16, NULL);
	strcat(buf, "}");
	expect_ok("materials", buf);
}

/* Materials: an object of distinct category codes, each with a list of
 * distinct material codes. */
static void test_materials_refusals(void **state)
{
	static const char *const bad[] = {
		/* bad keys */
		"{\"Decision\":[]}",
		"{\"1x\":[]}",
		"{\"\":[]}",
		"{\"a b\":[]}",
		"{\"a-b\":[]}",
		"{\"_a\":[]}",
		"{\"决策\":[]}",
		"{\"abcdefghijklmnopqrstuvwxyzabcdefg\":[]}",
		"{\"decision\":[],\"Cadre\":[]}",
		/* duplicate keys */
		"{\"a\":[],\"a\":[]}",
		"{\"a\":[\"x\"],\"b\":[],\"a\":[\"y\"]}",
		/* values that are not arrays */
		"{\"a\":\"research\"}",
		"{\"a\":{}}",
		"{\"a\":{\"research\":true}}",
		"{\"a\":null}",
		"{\"a\":1}",
		"{\"a\":true}",
		"{\"a\":[],\"b\":\"research\"}",
		/* bad material lists */
		"{\"a\":[\"x\",\"x\"]}",
		"{\"a\":[\"X\"]}",
		"{\"a\":[\"\"]}",
		"{\"a\":[\"x y\"]}",
		"{\"a\":[1]}",
		"{\"a\":[null]}",
		"{\"a\":[[\"x\"]]}",
		/* not an object */
		"[]",
		"[\"decision\"]",
		"\"decision\"",
		"null",
		"1",
		NULL,
	};
	char buf[2048];
	size_t o;
	int i;

	(void)state;
	expect_bad_for_kind(SETTING_MATERIALS, bad);
	/* 17 categories */
	o = (size_t)snprintf(buf, sizeof(buf), "{");
	for (i = 0; i < 17; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s\"k%c\":[]", i ? "," : "",
				      'a' + i);
	snprintf(buf + o, sizeof(buf) - o, "}");
	expect_bad("materials", buf);
	/* 17 materials for one category */
	o = (size_t)snprintf(buf, sizeof(buf), "{\"decision\":");
	code_list(buf + o, sizeof(buf) - o, 17, NULL);
	strcat(buf, "}");
	expect_bad("materials", buf);
	assert_string_equal(why, "materials must be an object of category: [material codes]");
}

/* A missing value (NULL) is refused by every setting. */
static void test_null_value(void **state)
{
	const struct setting *s;

	(void)state;
	for (s = settings_table; s->name != NULL; s++) {
		why[0] = '\0';
		assert_false(settings_validate(s, NULL, why, sizeof(why)));
		assert_true(why[0] != '\0');
	}
}

/* The reason is cut to fit the buffer, and a zero-length buffer is left
 * alone. */
static void test_short_why(void **state)
{
	cJSON *v = cJSON_Parse("\"not this\"");
	const struct setting *s;
	char *small = malloc(8);
	char none = '#';

	(void)state;
	assert_non_null(v);
	assert_non_null(small);
	for (s = settings_table; s->name != NULL; s++) {
		assert_false(settings_validate(s, v, small, 8));
		assert_int_equal(strlen(small), 7);
		assert_memory_equal(small, s->name, strlen(s->name) < 7 ? strlen(s->name) : 7);
		assert_false(settings_validate(s, v, &none, 0));
		assert_int_equal(none, '#');
	}
	free(small);
	cJSON_Delete(v);
}

#define CHILD_REFUSED  40
#define CHILD_ACCEPTED 41
#define CHILD_CRASHED  42

/* Run settings_validate on text in a child process: 0 if refused, 1 if
 * accepted, -1 if the child crashed. */
static int validate_in_child(const char *name, const char *text)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* cmocka turns a crash into a failed test and carries on: in
		 * the child a crash must end the child. A sanitizer's crash
		 * report is this test's verdict, not noise for the log. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGSYS, SIG_DFL);
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(CHILD_CRASHED);
		_exit(validate(find(name), text) ? CHILD_ACCEPTED : CHILD_REFUSED);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_ACCEPTED)
		return 1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_REFUSED)
		return 0;
	return -1;
}

/* A string followed by a non-string in a code list must be refused, not
 * crash: the duplicate check compares the string with what follows it. */
static void test_codes_string_then_non_string(void **state)
{
	static const struct {
		const char *name, *text;
	} cases[] = {
		{"categories", "[\"decision\",1]"},
		{"categories", "[\"decision\",null]"},
		{"categories", "[\"decision\",true]"},
		{"categories", "[\"decision\",[]]"},
		{"categories", "[\"decision\",\"cadre\",{}]"},
		{"materials", "{\"decision\":[\"research\",1]}"},
		{"materials", "{\"decision\":[\"research\",null]}"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = validate_in_child(cases[i].name, cases[i].text);

		if (r == 1)
			fail_msg("%s accepted %s", cases[i].name, cases[i].text);
		if (r < 0)
			fail_msg("settings_validate(%s, %s) crashed", cases[i].name, cases[i].text);
	}
}

/* settings_may_change of name to the JSON in value, the rule being current
 * now (NULL: none). */
static enum settings_verdict may(const char *name, bool admin, bool trial, const char *current,
				 const char *value)
{
	cJSON *c = current != NULL ? cJSON_Parse(current) : NULL, *v = cJSON_Parse(value);
	enum settings_verdict r = settings_may_change(find(name), admin, trial, c, v);

	cJSON_Delete(c);
	cJSON_Delete(v);
	return r;
}

/* Who may change a rule (issue 22): an admin anything but a real
 * committee's days; a chair only a trial committee's periods, shorter. */
static void test_may_change(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(may("pass_base", true, false, "\"entitled\"", "\"present\""), SETTINGS_OK);
	assert_int_equal(may("meeting_notice_hours", true, false, "24", "48"), SETTINGS_OK);
	assert_int_equal(may("trial_day_seconds", true, false, "86400", "10"), SETTINGS_TRIAL_ONLY);
	assert_int_equal(may("trial_day_seconds", false, false, "86400", "10"),
			 SETTINGS_TRIAL_ONLY);
	assert_int_equal(may("trial_day_seconds", true, true, "86400", "10"), SETTINGS_OK);
	/* The chair: never in a real committee, not even to shorten. */
	assert_int_equal(may("meeting_notice_hours", false, false, "24", "1"), SETTINGS_CHAIR_REAL);
	assert_int_equal(may("publication_days", false, false, "20", "1"), SETTINGS_CHAIR_REAL);
	/* In a trial: each period, shorter or the same, never longer. */
	assert_int_equal(may("trial_day_seconds", false, true, "86400", "10"), SETTINGS_OK);
	assert_int_equal(may("trial_day_seconds", false, true, "10", "60"), SETTINGS_CHAIR_LONGER);
	assert_int_equal(may("announce_days_public", false, true, "7", "2"), SETTINGS_OK);
	assert_int_equal(may("announce_days_internal", false, true, "3", "3"), SETTINGS_OK);
	assert_int_equal(may("meeting_notice_hours", false, true, "24", "0"), SETTINGS_OK);
	assert_int_equal(may("meeting_notice_hours", false, true, "24", "25"),
			 SETTINGS_CHAIR_LONGER);
	assert_int_equal(may("publication_days", false, true, "20", "2"), SETTINGS_OK);
	assert_int_equal(may("preappointment_notice_workdays", false, true, "5", "1"), SETTINGS_OK);
	assert_int_equal(may("trial_day_seconds", false, true, NULL, "10"), SETTINGS_OK);
	/* ... and nothing else, even in a trial. */
	assert_int_equal(may("pass_base", false, true, "\"entitled\"", "\"present\""),
			 SETTINGS_CHAIR_RULE);
	assert_int_equal(
		may("quorum", false, true, NULL, "{\"num\":1,\"den\":3,\"inclusive\":true}"),
		SETTINGS_CHAIR_RULE);
	assert_int_equal(may("meeting_open_early_minutes", false, true, "30", "10"),
			 SETTINGS_CHAIR_RULE);
	assert_true(settings_trial_period("publication_days"));
	assert_false(settings_trial_period("quorum"));
	/* Each refusal words itself as proto/refusal.c knows it. */
	{
		cJSON *cur = cJSON_Parse("10");

		settings_verdict_text(SETTINGS_CHAIR_LONGER, find("trial_day_seconds"), cur, buf,
				      sizeof(buf));
		assert_string_equal(buf, "a chair may only shorten trial_day_seconds (now 10)");
		settings_verdict_text(SETTINGS_CHAIR_RULE, find("quorum"), cur, buf, sizeof(buf));
		assert_string_equal(
			buf, "in a trial (试用) a chair changes only its periods, not quorum");
		cJSON_Delete(cur);
	}
}

/* The periods a trial's chair may shorten are listed twice: in C
 * (settings_trial_period) and in SQL (api.rules_set's NOT IN list in
 * sql/api/020_identity.sql). Both must name the same settings: a name
 * added to or taken from either side alone fails here. */
static void test_trial_periods_agree_with_sql(void **state)
{
	char *text = slurp("sql/api/020_identity.sql"), names[32][64];
	const char *fn, *end, *from, *to, *q, *e;
	const struct setting *s;
	int n = 0, i, bad = 0;

	(void)state;
	fn = strstr(text, "FUNCTION api.rules_set(");
	assert_non_null(fn);
	end = strstr(fn, "$function$;");
	assert_non_null(end);
	from = strstr(fn, "p_name NOT IN (");
	assert_true(from != NULL && from < end);
	to = strchr(from, ')');
	assert_true(to != NULL && to < end);
	for (q = strchr(from, '\''); q != NULL && q < to; q = strchr(e + 1, '\'')) {
		e = strchr(q + 1, '\'');
		assert_true(e != NULL && e < to && e - q - 1 < 64 && n < 32);
		snprintf(names[n++], 64, "%.*s", (int)(e - q - 1), q + 1);
	}
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		if (settings_find(names[i]) == NULL || !settings_trial_period(names[i])) {
			print_message("api.rules_set lets a trial's chair shorten %s; "
				      "settings_trial_period does not\n",
				      names[i]);
			bad++;
		}
	for (s = settings_table; s->name != NULL; s++) {
		bool in_sql = false;

		for (i = 0; i < n; i++)
			in_sql |= strcmp(names[i], s->name) == 0;
		if (settings_trial_period(s->name) && !in_sql) {
			print_message("settings_trial_period lets a trial's chair shorten %s; "
				      "api.rules_set does not\n",
				      s->name);
			bad++;
		}
	}
	free(text);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_table_text),
		cmocka_unit_test(test_defaults_valid),
		cmocka_unit_test(test_defaults_object),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_fraction_ok),
		cmocka_unit_test(test_fraction_refusals),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_codes_ok),
		cmocka_unit_test(test_codes_refusals),
		cmocka_unit_test(test_materials_ok),
		cmocka_unit_test(test_materials_refusals),
		cmocka_unit_test(test_null_value),
		cmocka_unit_test(test_short_why),
		cmocka_unit_test(test_codes_string_then_non_string),
		cmocka_unit_test(test_may_change),
		cmocka_unit_test(test_trial_periods_agree_with_sql),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
