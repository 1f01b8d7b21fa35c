/* yg's command table against the operation table: every command of
 * client/ (read from its source) sends an operation of proto/operations.c,
 * the one its name spells or the one its .op names, or says it sends none
 * (CMD_LOCAL); .op is written only where the name does not spell the
 * operation. Run from the top of the tree (tests/run.sh does). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/cmd_ops.h"
#include "slurp.h"

static int commands; /* seen by test_every_command */

/* The quoted value after key in the initializer [p, end), copied to out;
 * "" for CMD_LOCAL; 0 if the key is absent. */
static int field(const char *p, const char *end, const char *key, char *out, size_t len)
{
	const char *k = strstr(p, key), *q = NULL;

	if (k == NULL || k >= end)
		return 0;
	k += strlen(key);
	if (strncmp(k, "CMD_LOCAL", 9) == 0) {
		out[0] = '\0';
		return 1;
	}
	if (*k != '"' || (q = strchr(k + 1, '"')) == NULL || q >= end) {
		fail_msg("%s is not a string", key);
		return 0;
	}
	snprintf(out, len, "%.*s", (int)(q - k - 1), k + 1);
	return 1;
}

/* Check the commands declared in one source file. */
static void check_file(const char *path)
{
	char *text = slurp(path), name[96], op[96];
	const char *p = text, *end;

	while ((p = strstr(p, "const struct cmd_entry cmd_")) != NULL) {
		if ((end = strstr(p, "};")) == NULL || strchr(p, '{') == NULL ||
		    strchr(p, '{') > end) { /* a declaration, not a definition */
			p++;
			continue;
		}
		assert_true(field(p, end, ".name = ", name, sizeof(name)));
		commands++;
		if (!field(p, end, ".op = ", op, sizeof(op))) {
			if (cmd_ops_find(name, NULL) == NULL)
				fail_msg("%s: yg %s spells no operation and names none (.op)", path,
					 name);
		} else if (op[0] != '\0') {
			if (cmd_ops_find(name, op) == NULL)
				fail_msg("%s: yg %s sends %s, which is no operation", path, name,
					 op);
			if (cmd_ops_find(name, NULL) != NULL)
				fail_msg("%s: yg %s spells its operation; .op says it again", path,
					 name);
		}
		p = end;
	}
	free(text);
}

static void test_every_command(void **state)
{
	static const char *const dirs[] = {"client", "client/tui"};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		DIR *dir = opendir(dirs[i]);
		struct dirent *e;
		char path[300];

		assert_non_null(dir);
		while ((e = readdir(dir)) != NULL) {
			size_t l = strlen(e->d_name);

			if (l < 3 || strcmp(e->d_name + l - 2, ".c") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], e->d_name);
			check_file(path);
		}
		closedir(dir);
	}
	assert_true(commands > 50);
}

static void test_spelling(void **state)
{
	(void)state;
	assert_string_equal(cmd_ops_find("agenda pass", NULL)->name, "agenda.pass");
	assert_string_equal(cmd_ops_find("meeting check-in", NULL)->name, "meeting.check_in");
	assert_string_equal(cmd_ops_find("admin member add", NULL)->name, "member.add");
	assert_string_equal(cmd_ops_find("comment add", "comment.submit")->name, "comment.submit");
	assert_null(cmd_ops_find("keygen", ""));
	assert_null(cmd_ops_find("no such thing", NULL));
}

static void test_roles(void **state)
{
	char buf[128];

	(void)state;
	cmd_ops_roles(op_def_find("agenda.pass"), buf, sizeof(buf));
	assert_string_equal(buf, "member");
	cmd_ops_roles(op_def_find("ping"), buf, sizeof(buf));
	assert_string_equal(buf, "anyone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_spelling),
		cmocka_unit_test(test_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
