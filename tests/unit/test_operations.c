/* The operation table (proto/operations.c) against everything that names
 * operations: ygd's handlers (server/ops/table.c and the op_entry of each
 * name), the role matrix and the operation tables of PROTOCOL.md, and the
 * operations yg sends. Run from the top of the tree (tests/run.sh does). */
#include <ctype.h>
#include <dirent.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/events.h"
#include "../../proto/operations.h"
#include "../../server/vote_cache.h"
#include "slurp.h"

static int ndefs(void)
{
	int n = 0;

	while (op_defs[n].name != NULL)
		n++;
	return n;
}

/* Each row: a name of [a-z._], roles, arguments, a summary; no name twice. */
static void test_rows(void **state)
{
	const struct op_def *a, *b;
	const char *p;

	(void)state;
	for (a = op_defs; a->name != NULL; a++) {
		for (p = a->name; *p; p++)
			if (!(islower((unsigned char)*p) || *p == '.' || *p == '_'))
				fail_msg("%s: bad character in the name", a->name);
		assert_true(a->roles != 0);
		assert_non_null(a->args);
		assert_non_null(a->summary);
		if ((a->sql == NULL) == (a->handler == NULL))
			fail_msg("%s: its row names %s: its SQL entry point, or why its handler "
				 "is in C",
				 a->name, a->sql == NULL ? "neither" : "both");
		assert_ptr_equal(op_def_find(a->name), a);
		for (b = a + 1; b->name != NULL; b++)
			if (strcmp(a->name, b->name) == 0)
				fail_msg("%s declared twice", a->name);
	}
	assert_null(op_def_find("no.such.op"));
	assert_null(op_def_find(NULL));
}

/* A row that says why C judges the operation has a handler in ygd's table
 * (an op_entry with an exec, named in server/ops/table.c); a row that
 * names its SQL entry point has none: nothing in server/ops repeats it
 * (ygd makes its entry from the row). */
static void test_server_handlers(void **state)
{
	char *table = slurp("server/ops/table.c"), *all = NULL, path[300];
	const struct op_def *d;
	DIR *dir = opendir("server/ops");
	struct dirent *e;
	size_t len = 0;
	int handlers = 0, rows_judged = 0;
	const char *p;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		char *text;
		size_t n;

		if (strncmp(e->d_name, "op_", 3) != 0 || strstr(e->d_name, ".c") == NULL)
			continue;
		snprintf(path, sizeof(path), "server/ops/%s", e->d_name);
		text = slurp(path);
		n = strlen(text);
		all = realloc(all, len + n + 1);
		memcpy(all + len, text, n + 1);
		len += n;
		free(text);
	}
	closedir(dir);
	for (d = op_defs; d->name != NULL; d++) {
		char want[128];

		snprintf(want, sizeof(want), ".name = \"%s\"", d->name);
		p = strstr(all, want);
		if (d->sql != NULL) {
			if (p != NULL)
				fail_msg("%s: its row names its SQL entry point, yet server/ops "
					 "has an op_entry for it",
					 d->name);
			continue;
		}
		rows_judged++;
		if (p == NULL)
			fail_msg("%s has no op_entry in server/ops", d->name);
		/* the variable of that entry is in the table */
		while (p > all && strncmp(p, "const struct op_entry ", 22) != 0)
			p--;
		{
			char var[96], ref[100];

			if (sscanf(p, "const struct op_entry %95[a-z_] =", var) != 1)
				fail_msg("%s: cannot read its op_entry", d->name);
			snprintf(ref, sizeof(ref), "&%s,", var);
			if (strstr(table, ref) == NULL)
				fail_msg("%s: %s is not in server/ops/table.c", d->name, var);
		}
		{
			const char *end = strstr(p, "};");
			const char *exec = strstr(p, ".exec = ");

			if (exec == NULL || exec > end)
				fail_msg("%s: its op_entry has no exec", d->name);
		}
	}
	for (p = table; (p = strstr(p, "\t&op_")) != NULL; p++)
		handlers++;
	assert_int_equal(handlers, rows_judged);
	assert_true(rows_judged > 10);
	free(table);
	free(all);
}

/* sql/api/NNN_concern.sql, all of them as one text. */
static char *sql_api_text(void)
{
	DIR *dir = opendir("sql/api");
	struct dirent *e;
	char path[300], *all = NULL;
	size_t len = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		char *text;
		size_t n, l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof(path), "sql/api/%s", e->d_name);
		text = slurp(path);
		n = strlen(text);
		all = realloc(all, len + n + 1);
		memcpy(all + len, text, n + 1);
		len += n;
		free(text);
	}
	closedir(dir);
	return all;
}

/* A row that names its SQL entry point: that function takes the caller and
 * the arguments as one JSON value, api.NAME(p_caller jsonb, p_args jsonb),
 * the app role may run it (sql/api/900_grants.sql), and the operation's
 * server/ops has nothing of its own for it (no pass-through). */
static void test_sql_entry_points(void **state)
{
	char *sql = sql_api_text(), *grants = slurp("sql/api/900_grants.sql");
	const struct op_def *d;
	int named = 0;

	(void)state;
	for (d = op_defs; d->name != NULL; d++) {
		char want[160];

		if (d->sql == NULL)
			continue;
		named++;
		snprintf(want, sizeof(want),
			 "CREATE FUNCTION api.%s(p_caller jsonb, p_args jsonb)\n", d->sql);
		if (strstr(sql, want) == NULL)
			fail_msg("%s: sql/api has no api.%s(p_caller jsonb, p_args jsonb)", d->name,
				 d->sql);
		snprintf(want, sizeof(want), "'%s'", d->sql);
		if (strstr(grants, want) == NULL)
			fail_msg("%s: 900_grants.sql does not list %s", d->name, d->sql);
		/* no function of sql/api calls it (with the old arguments):
		 * what they share is a yg_inner helper */
		snprintf(want, sizeof(want), "api.%s(", d->sql);
		{
			const char *p = sql;
			int uses = 0;

			while ((p = strstr(p, want)) != NULL) {
				uses++;
				p++;
			}
			if (uses != 1)
				fail_msg("%s: api.%s is named %d times in sql/api, not only where "
					 "it is made",
					 d->name, d->sql, uses);
		}
	}
	assert_true(named > 0);
	free(sql);
	free(grants);
}

/* The group commit's entry point, which no one caller calls:
 * api.vote_cast_many(p_casts jsonb), one JSON value (a list of ballots ygd
 * has verified, each with its own caller and signed request), which ygd
 * runs in a statement of its own for the ballots of many requests. */
#define GROUP_COMMIT      "vote_cast_many"
#define GROUP_COMMIT_CALL "SELECT api." GROUP_COMMIT "($1)::text\""
#define GROUP_COMMIT_SIG  "(p_casts jsonb)\n"

/* The read of a stream's new entries, which ygd makes for itself, not for
 * a caller (server/streams.c): one JSON value, {stream, after, limit}. */
#define STREAM_READ      "stream_read"
#define STREAM_READ_SIG  "(p_args jsonb)\n"
#define STREAM_READ_CALL "\"SELECT api." STREAM_READ "($1)\""

/* The calls of fn( in text (not fn_args( or fn_json(); each is printed,
 * as found in path. */
static int positional_calls(const char *path, const char *text, const char *fn)
{
	size_t n = strlen(fn);
	const char *at = text, *name;
	int bad = 0;

	for (; (at = strstr(at, fn)) != NULL; at += n) {
		if (at[n] != '(' ||
		    (at > text && (isalnum((unsigned char)at[-1]) || at[-1] == '_')))
			continue;
		name = at + n + 1;
		name += strcspn(name, ",;"); /* past the first argument */
		while (*name == ',' || isspace((unsigned char)*name))
			name++;
		print_message("%s calls %s(..., %.*s, ...) with positional arguments: pass one "
			      "JSON value (%s_args, or _json with what ygd adds)\n",
			      path, fn, (int)strcspn(name, ",;)"), name, fn);
		bad++;
	}
	return bad;
}

/* The statements in text that run an entry point themselves ("SELECT
 * api.NAME("), not through api_call's forms: only the group commit's, with
 * its one JSON value; each other is printed, as found in path. */
static int direct_calls(const char *path, const char *text)
{
	const char *p = text;
	int bad = 0;

	while ((p = strstr(p, "SELECT api.")) != NULL) {
		const char *name = p + strlen("SELECT api.");
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz_");

		if (strncmp(p, GROUP_COMMIT_CALL, strlen(GROUP_COMMIT_CALL)) == 0) {
			p = name;
			continue;
		}
		p = name;
		print_message("%s runs api.%.*s itself: call it with one JSON value "
			      "(api_call_args, or api_call_json with what ygd adds)\n",
			      path, (int)len, name);
		bad++;
	}
	return bad;
}

/* A handler passes its arguments to SQL as one JSON value: no file of
 * server/ops calls api_call or rule_txn_call/start/start_crypto with
 * positional text slots (their _args and _json forms take one JSON
 * value), nor runs an entry point in a statement of its own, but for the
 * group commit's (GROUP_COMMIT_CALL). */
static void test_no_positional_calls(void **state)
{
	static const char *const positional[] = {"api_call", "rule_txn_call", "rule_txn_start",
						 "rule_txn_start_crypto", NULL};
	DIR *dir = opendir("server/ops");
	struct dirent *e;
	int files = 0, bad = 0;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		const char *const *fn;
		char path[300], *text;

		if (strcmp(e->d_name + strlen(e->d_name) - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "server/ops/%s", e->d_name);
		text = slurp(path);
		files++;
		for (fn = positional; *fn != NULL; fn++)
			bad += positional_calls(path, text, *fn);
		bad += direct_calls(path, text);
		free(text);
	}
	closedir(dir);
	assert_true(files > 10);
	assert_int_equal(bad, 0);
}

/* Every entry point of sql/api takes the caller and the arguments as one
 * JSON value, but for the group commit's (one JSON value, GROUP_COMMIT_SIG),
 * the stream read's (one JSON value, STREAM_READ_SIG: ygd's own, with no
 * caller), the first admin's bootstrap (ygd bootstrap, with no caller) and
 * the public portal's (server/portal, by item or meeting); and none is
 * called by another function (as
 * api.portal_comment called api.comment_submit with its old arguments:
 * only a call made it fail). */
static void test_sql_json_arguments(void **state)
{
	char *all = sql_api_text();
	DIR *dir = opendir("sql/api");
	struct dirent *e;
	int seen = 0, stream_read_seen = 0, bad = 0;
	char *streams = slurp("server/streams.c");

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		char path[300], *text;
		const char *p;

		if (strcmp(e->d_name + strlen(e->d_name) - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof(path), "sql/api/%s", e->d_name);
		text = slurp(path);
		for (p = text; (p = strstr(p, "CREATE FUNCTION api.")) != NULL; p++) {
			const char *name = p + strlen("CREATE FUNCTION api."),
				   *paren = strchr(name, '(');

			if (paren == NULL)
				break;
			if (strncmp(name, "bootstrap(", 10) == 0 ||
			    strncmp(name, "portal_", 7) == 0)
				continue;
			if (strncmp(name, GROUP_COMMIT "(", strlen(GROUP_COMMIT) + 1) == 0) {
				if (strncmp(paren, GROUP_COMMIT_SIG, strlen(GROUP_COMMIT_SIG)) !=
				    0) {
					print_message("%s: api." GROUP_COMMIT " does not take "
						      "(p_casts jsonb)\n",
						      path);
					bad++;
				}
				continue;
			}
			if (strncmp(name, STREAM_READ "(", strlen(STREAM_READ) + 1) == 0) {
				if (strncmp(paren, STREAM_READ_SIG, strlen(STREAM_READ_SIG)) != 0) {
					print_message("%s: api." STREAM_READ " does not take "
						      "(p_args jsonb)\n",
						      path);
					bad++;
				}
				stream_read_seen++;
				continue;
			}
			seen++;
			if (strncmp(paren, "(p_caller jsonb, p_args jsonb)\n", 31) != 0) {
				print_message("%s: api.%.*s does not take (p_caller jsonb, p_args "
					      "jsonb)\n",
					      path, (int)(paren - name), name);
				bad++;
			}
			/* and no function of sql/api calls it: entry points share
			 * yg_inner helpers instead */
			{
				char want[128];
				const char *q = all;
				int uses = 0;

				snprintf(want, sizeof(want), "api.%.*s(", (int)(paren - name),
					 name);
				while ((q = strstr(q, want)) != NULL) {
					uses += q == all ||
						!(isalnum((unsigned char)q[-1]) || q[-1] == '_');
					q++;
				}
				if (uses != 1) {
					print_message(
						"%s: %s is named %d times in sql/api: an entry "
						"point calls another\n",
						path, want, uses);
					bad++;
				}
			}
		}
		free(text);
	}
	closedir(dir);
	free(all);
	/* and ygd reads a stream with that one value */
	if (strstr(streams, STREAM_READ_CALL) == NULL) {
		print_message("server/streams.c does not run " STREAM_READ_CALL "\n");
		bad++;
	}
	free(streams);
	assert_int_equal(stream_read_seen, 1);
	assert_true(seen > 50);
	assert_int_equal(bad, 0);
}

/* The roles a cell of PROTOCOL.md's role matrix names. */
/* ygd's group commit sends at most VOTE_STORE_BATCH ballots a statement,
 * and api.vote_cast_many refuses a longer list, saying how long: the same
 * number in both places (a larger one in ygd would have every full list
 * refused; a smaller one, lists shorter than the database takes). */
static void test_group_commit_size(void **state)
{
	static const char limit[] = "jsonb_array_length(p_casts) > ";
	static const char says[] = "'a list of at most ";
	char *text = slurp("sql/api/070_votes.sql");
	const char *p = strstr(text, limit), *q = strstr(text, says);

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	if (atoi(p + strlen(limit)) != VOTE_STORE_BATCH ||
	    atoi(q + strlen(says)) != VOTE_STORE_BATCH)
		print_message(
			"sql/api/070_votes.sql: api.vote_cast_many's limit is %d and says %d; "
			"server/vote_cache.h's VOTE_STORE_BATCH is %d\n",
			atoi(p + strlen(limit)), atoi(q + strlen(says)), VOTE_STORE_BATCH);
	assert_int_equal(atoi(p + strlen(limit)), VOTE_STORE_BATCH);
	assert_int_equal(atoi(q + strlen(says)), VOTE_STORE_BATCH);
	free(text);
}

static unsigned doc_roles(const char *cell)
{
	static const struct {
		const char *word;
		unsigned role;
	} words[] = {{"admin", ROLE_ADMIN},     {"chair", ROLE_CHAIR},
		     {"member", ROLE_MEMBER},   {"clerk", ROLE_CLERK},
		     {"auditor", ROLE_AUDITOR}, {"observer", ROLE_OBSERVER},
		     {"public", ROLE_PUBLIC},   {"any logged-in caller", ROLES_ANY}};
	char plain[512];
	unsigned roles = 0;
	size_t i, n = 0;
	int depth = 0;

	for (; *cell && n + 1 < sizeof(plain); cell++) { /* without what is in parentheses */
		if (*cell == '(')
			depth++;
		else if (*cell == ')')
			depth--;
		else if (depth == 0)
			plain[n++] = *cell;
	}
	plain[n] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *p = plain;
		size_t wl = strlen(words[i].word);

		while ((p = strstr(p, words[i].word)) != NULL) {
			if ((p == plain || !isalpha((unsigned char)p[-1])) &&
			    !isalpha((unsigned char)p[wl]) &&
			    strncmp(p + wl, "-in", 3) != 0) /* "logged-in" is not a role */
				roles |= words[i].role;
			else if (p[wl] == 's' && !isalpha((unsigned char)p[wl + 1]))
				roles |= words[i].role; /* "observers" */
			p += wl;
		}
	}
	return roles;
}

/* PROTOCOL.md section 8: one row per operation, naming the row's roles. */
static void test_protocol_role_matrix(void **state)
{
	char *doc = slurp("proto/PROTOCOL.md"), *s8, *s9, *line, *save = NULL;
	int seen[512] = {0}, n = ndefs(), i, bad = 0;

	(void)state;
	assert_true(n < 512);
	s8 = strstr(doc, "\n## 8. ");
	assert_non_null(s8);
	s9 = strstr(s8 + 1, "\n## ");
	assert_non_null(s9);
	*s9 = '\0';
	for (line = strtok_r(s8, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *bar = strstr(line + 1, " | "), *p;

		if (strncmp(line, "| `", 3) != 0 || bar == NULL)
			continue;
		*bar = '\0';
		for (p = line; (p = strchr(p, '`')) != NULL;) {
			char *end = strchr(p + 1, '`');
			const struct op_def *d;

			if (end == NULL)
				break;
			*end = '\0';
			d = op_def_find(p + 1);
			if (d == NULL)
				fail_msg("PROTOCOL.md section 8 names %s, which is no operation",
					 p + 1);
			if (doc_roles(bar + 3) != d->roles) {
				print_message("%s: PROTOCOL.md says %s (0x%x), proto/operations.c "
					      "0x%x\n",
					      d->name, bar + 3, doc_roles(bar + 3), d->roles);
				bad++;
			}
			seen[d - op_defs]++;
			p = end + 1;
		}
	}
	for (i = 0; i < n; i++)
		if (seen[i] != 1) {
			print_message("%s is in PROTOCOL.md's role matrix %d times\n",
				      op_defs[i].name, seen[i]);
			bad++;
		}
	assert_int_equal(bad, 0);
	free(doc);
}

/* Whether line (up to its end) describes name: a heading naming it, or a
 * table row whose first cell names it. */
static bool doc_line_describes(const char *line, const char *name)
{
	const char *eol = strchr(line, '\n'), *cell_end, *q;
	char quoted[128];
	size_t n = strlen(name);

	if (eol == NULL)
		eol = line + strlen(line);
	if (strncmp(line, "### ", 4) == 0) {
		for (q = line + 4; (q = strstr(q, name)) != NULL && q < eol; q++)
			if ((q[-1] == ' ' || q[-1] == '`') && !isalpha((unsigned char)q[n]) &&
			    q[n] != '.' && q[n] != '_')
				return true;
		return false;
	}
	if (isdigit((unsigned char)line[0]) && strncmp(line + 1, ". `", 3) == 0 &&
	    strncmp(line + 4, name, n) == 0 && (line[4 + n] == '`' || line[4 + n] == ' '))
		return true; /* "1. `auth.challenge` ..." */
	if (strncmp(line, "| `", 3) != 0)
		return false;
	cell_end = strchr(line + 1, '|');
	snprintf(quoted, sizeof(quoted), "`%s`", name);
	q = strstr(line, quoted);
	return q != NULL && cell_end != NULL && q < cell_end && q < eol;
}

/* Outside section 8, PROTOCOL.md describes each operation: a heading, or
 * a table row that starts with its name. */
static void test_protocol_describes_each(void **state)
{
	char *doc = slurp("proto/PROTOCOL.md");
	const char *s8 = strstr(doc, "\n## 8. "), *s9, *line;
	const struct op_def *d;
	int missing = 0;

	(void)state;
	assert_non_null(s8);
	s9 = strstr(s8 + 1, "\n## ");
	for (d = op_defs; d->name != NULL; d++) {
		bool found = false;

		for (line = doc; !found && line != NULL; line = strchr(line, '\n')) {
			if (*line == '\n')
				line++;
			if (line > s8 && line < s9)
				continue;
			found = doc_line_describes(line, d->name);
		}
		if (!found) {
			print_message("PROTOCOL.md describes no operation %s\n", d->name);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	free(doc);
}

/* Every operation name yg and its TUI write ("group.verb" with the group
 * of some operation, not an event) is an operation. */
static void scan_client_file(const char *path, regex_t *re)
{
	char *text = slurp(path), name[96];
	const char *p = text;
	regmatch_t m[2];

	while (regexec(re, p, 2, m, 0) == 0) {
		const struct op_def *d;
		size_t len = (size_t)(m[1].rm_eo - m[1].rm_so);
		bool group = false;

		snprintf(name, sizeof(name), "%.*s", (int)len, p + m[1].rm_so);
		p += m[0].rm_eo;
		for (d = op_defs; d->name != NULL; d++) {
			size_t g = strcspn(d->name, ".");

			if (d->name[g] == '.' && strncmp(d->name, name, g + 1) == 0)
				group = true;
		}
		if (group && event_id(name) == EV_UNKNOWN && op_def_find(name) == NULL)
			fail_msg("%s sends %s, which is no operation", path, name);
	}
	free(text);
}

static void test_client_sends_known(void **state)
{
	static const char *const dirs[] = {"client", "client/tui"};
	regex_t re;
	size_t i;

	(void)state;
	assert_int_equal(regcomp(&re, "\"([a-z_]+\\.[a-z_.]+)\"", REG_EXTENDED), 0);
	for (i = 0; i < 2; i++) {
		DIR *dir = opendir(dirs[i]);
		struct dirent *e;
		char path[300];

		assert_non_null(dir);
		while ((e = readdir(dir)) != NULL) {
			size_t l = strlen(e->d_name);

			/* i18n.c words the audit log's actions, a vocabulary of its own */
			if (l < 3 || strcmp(e->d_name + l - 2, ".c") != 0 ||
			    strcmp(e->d_name, "i18n.c") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], e->d_name);
			scan_client_file(path, &re);
		}
		closedir(dir);
	}
	regfree(&re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_server_handlers),
		cmocka_unit_test(test_sql_entry_points),
		cmocka_unit_test(test_no_positional_calls),
		cmocka_unit_test(test_sql_json_arguments),
		cmocka_unit_test(test_group_commit_size),
		cmocka_unit_test(test_protocol_role_matrix),
		cmocka_unit_test(test_protocol_describes_each),
		cmocka_unit_test(test_client_sends_known),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
