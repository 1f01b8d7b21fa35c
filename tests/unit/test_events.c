/* The event table (proto/events.c) against what is really sent and
 * documented: every event the SQL emitters in sql/api/ name is declared,
 * on the streams and with the visibility declared; every declared event
 * is emitted; PROTOCOL.md lists each; and the programs that print or apply
 * events name none of them by a string of their own. Run from the top of
 * the tree (tests/run.sh does). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/events.h"
#include "../../proto/events_sql.h"
#include "../../proto/operations.h"
#include "slurp.h"

#define MAX_ARGS 6

/* What the SQL emits of each event: stream bits, and the visibility seen
 * on the meeting's log (-1 until seen). */
static unsigned sent_streams[EV__COUNT];
static int sent_seen[EV__COUNT];

/* Split the call whose arguments start at p into top-level arguments
 * (start and length each); the number found. */
static int call_args(const char *p, const char **start, size_t *len)
{
	int depth = 0, n = 0;
	bool quoted = false;
	const char *a = p;

	for (; *p != '\0'; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (quoted)
			continue;
		if (*p == '(')
			depth++;
		else if ((*p == ',' && depth == 0) || (*p == ')' && depth == 0)) {
			if (n < MAX_ARGS) {
				start[n] = a;
				len[n] = (size_t)(p - a);
			}
			n++;
			a = p + 1;
			if (*p == ')')
				return n;
		} else if (*p == ')')
			depth--;
	}
	return -1;
}

/* Leave out the blanks around an argument. */
static void trim(const char **a, size_t *len)
{
	while (*len > 0 && strchr(" \t\n", **a) != NULL) {
		(*a)++;
		(*len)--;
	}
	while (*len > 0 && strchr(" \t\n", (*a)[*len - 1]) != NULL)
		(*len)--;
}

/* The event names quoted in one argument ('a.b'); for the parameter
 * p_action of yg_inner.item_new_version, the names it is compared with. */
static int arg_events(const char *file, const char *a, size_t len, enum event_id *out, int max)
{
	const char *q, *end;
	char name[64];
	int n = 0;

	trim(&a, &len);
	q = a;

	while ((q = memchr(q, '\'', len - (size_t)(q - a))) != NULL && q < a + len) {
		end = memchr(q + 1, '\'', len - (size_t)(q + 1 - a));
		if (end == NULL)
			break;
		if (end - q - 1 < (long)sizeof(name) && memchr(q + 1, '.', (size_t)(end - q - 1))) {
			snprintf(name, sizeof(name), "%.*s", (int)(end - q - 1), q + 1);
			if (event_id(name) == EV_UNKNOWN)
				fail_msg("%s emits %s, which proto/events.c does not declare", file,
					 name);
			if (n < max)
				out[n++] = event_id(name);
		}
		q = end + 1;
	}
	if (n == 0 && len == 8 && strncmp(a, "p_action", 8) == 0) {
		out[n++] = EV_ITEM_UPDATE;
		out[n++] = EV_ITEM_REVISE;
	}
	if (n == 0)
		fail_msg("%s: an event named by %.*s, not by a quoted name", file, (int)len, a);
	return n;
}

/* The visibility a log writer's call gives: its argument number k
 * (members_only: yg_log_append's fifth, yg_log_append_request's sixth). */
static enum event_seen log_seen(const char *file, int nargs, const char **start, size_t *len, int k)
{
	if (nargs <= k)
		return EV_SEEN_ROOM;
	trim(&start[k], &len[k]);
	if (len[k] == 4 && strncmp(start[k], "true", 4) == 0)
		return EV_SEEN_MEMBERS;
	if (len[k] > 25 && strncmp(start[k], "yg_inner.entry_personnel(", 25) == 0)
		return EV_SEEN_ROOM_NO_CADRE;
	fail_msg("%s: members_only given as %.*s, not a visibility of proto/events.h", file,
		 (int)len[k], start[k]);
	return EV_SEEN_ROOM;
}

/* Every call of fn in one file's text. */
static void scan_calls(const char *file, const char *text, const char *fn)
{
	const char *p = text, *start[MAX_ARGS];
	size_t len[MAX_ARGS], fl = strlen(fn);
	enum event_id ids[8];
	int nargs, n, i;
	/* the meeting log's writers, and where each takes members_only */
	int members_arg = strcmp(fn, "yg_log_append(") == 0           ? 4
			  : strcmp(fn, "yg_log_append_request(") == 0 ? 5
								      : -1;
	bool meeting = members_arg >= 0;

	while ((p = strstr(p, fn)) != NULL) {
		p += fl;
		if (p - fl - text >= 7 && strncmp(p - fl - 7, "public.", 7) == 0)
			continue; /* the definition */
		nargs = call_args(p, start, len);
		if (nargs < 2)
			fail_msg("%s: a call of %s that cannot be read", file, fn);
		if (meeting && nargs > 2) {
			const char *ev = start[2];
			size_t evl = len[2];

			trim(&ev, &evl);
			if (evl == 7 && strncmp(ev, "p_event", 7) == 0)
				continue; /* yg_log_append passing its own call on */
		}
		if (meeting) {
			enum event_seen seen = log_seen(file, nargs, start, len, members_arg);

			n = arg_events(file, start[2], len[2], ids, 8);
			for (i = 0; i < n; i++) {
				if (sent_seen[ids[i]] >= 0 && sent_seen[ids[i]] != (int)seen)
					fail_msg("%s: %s sent with two visibilities", file,
						 events[ids[i]].name);
				sent_seen[ids[i]] = (int)seen;
				sent_streams[ids[i]] |= EVS_MEETING;
			}
		} else {
			unsigned stream = strncmp(start[0], "'public'", 8) == 0 ? EVS_PUBLIC
					  : strncmp(start[0], "'committee:'", 12) == 0
						  ? EVS_COMMITTEE
						  : 0;

			if (stream == 0)
				fail_msg("%s: yg_emit to a stream %.*s", file, (int)len[0],
					 start[0]);
			n = arg_events(file, start[1], len[1], ids, 8);
			for (i = 0; i < n; i++)
				sent_streams[ids[i]] |= stream;
		}
	}
}

/* The text of the next .sql file of the directory d (sql/api), its path
 * in path; NULL after the last. */
static char *sql_api_next(DIR *d, char *path, size_t size)
{
	struct dirent *e;

	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l >= 5 && strcmp(e->d_name + l - 4, ".sql") == 0) {
			snprintf(path, size, "sql/api/%s", e->d_name);
			return slurp(path);
		}
	}
	return NULL;
}

static void test_sql_emitters_agree(void **state)
{
	DIR *d = opendir("sql/api");
	char path[512], *text;
	int i, bad = 0;

	(void)state;
	assert_non_null(d);
	for (i = 0; i < EV__COUNT; i++)
		sent_seen[i] = -1;
	while ((text = sql_api_next(d, path, sizeof(path))) != NULL) {
		scan_calls(path, text, "yg_log_append(");
		scan_calls(path, text, "yg_log_append_request(");
		scan_calls(path, text, "yg_emit(");
		free(text);
	}
	closedir(d);
	for (i = 1; i < EV__COUNT; i++) {
		if (sent_streams[i] != events[i].streams) {
			print_message("%s: declared on streams %u, emitted on %u\n", events[i].name,
				      events[i].streams, sent_streams[i]);
			bad++;
		}
		if ((events[i].streams & EVS_MEETING) && sent_seen[i] != (int)events[i].seen) {
			print_message("%s: declared seen by %d, emitted for %d\n", events[i].name,
				      events[i].seen, sent_seen[i]);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* PROTOCOL.md's event table has a row for each. */
static void test_protocol_lists_each(void **state)
{
	char *doc = slurp("proto/PROTOCOL.md"), row[96];
	int i;

	(void)state;
	for (i = 1; i < EV__COUNT; i++) {
		snprintf(row, sizeof(row), "\n| `%s` |", events[i].name);
		if (strstr(doc, row) == NULL)
			fail_msg("PROTOCOL.md has no row for event %s", events[i].name);
	}
	free(doc);
}

/* The printers and the TUI test events by id, never by a name of their
 * own: no event name is spelled in them. */
static void test_no_names_spelled(void **state)
{
	static const char *const files[] = {"client/cmd_follow.c", "client/tui/tui_events.c",
					    "client/tui/tui_model.c", "proto/minutes.c"};
	char quoted[96];
	size_t f;
	int i;

	(void)state;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *text = slurp(files[f]);

		for (i = 1; i < EV__COUNT; i++) {
			snprintf(quoted, sizeof(quoted), "\"%s\"", events[i].name);
			if (strstr(text, quoted) != NULL)
				fail_msg("%s spells %s: use event_is(..., EV_...)", files[f],
					 events[i].name);
		}
		free(text);
	}
}

/* Whether ygd signs requests for op itself (its own entries, such as
 * election.key and vote.result): a call rule_txn_sign_as_server(t, "op"
 * in server/ops/. */
static bool server_signs(const char *op)
{
	DIR *d = opendir("server/ops");
	struct dirent *e;
	char path[512], call[128];
	bool found = false;

	assert_non_null(d);
	snprintf(call, sizeof(call), "rule_txn_sign_as_server(t, \"%s\"", op);
	while (!found && (e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		char *text;

		if (l < 3 || strcmp(e->d_name + l - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "server/ops/%s", e->d_name);
		text = slurp(path);
		found = strstr(text, call) != NULL;
		free(text);
	}
	closedir(d);
	return found;
}

/* The line of text that begins at p, for a message. */
static int line_len(const char *p)
{
	return (int)strcspn(p, "\n");
}

/* The database's causes and agreeing names are generated from the event
 * table (EVENTS_SQL_PATH, written by `make events-sql`): the committed
 * file is the generator's text to the byte. A change of proto/events.c
 * that was not regenerated, or a hand edit of the file, fails here. */
static void test_sql_file_generated(void **state)
{
	char *want = events_sql_text(), *have = slurp(EVENTS_SQL_PATH);
	const char *w, *h;
	int line = 1;
	bool same;

	(void)state;
	assert_non_null(want);
	for (w = want, h = have; *w != '\0' && *w == *h; w++, h++)
		if (*w == '\n')
			line++;
	if (*w != '\0' || *h != '\0') {
		while (w > want && w[-1] != '\n') {
			w--;
			h--;
		}
		print_message("%s line %d is\n  %.*s\nwhere the generator writes\n  %.*s\n"
			      "run `make events-sql` (after a change of proto/events.c) or undo "
			      "the edit of the generated file\n",
			      EVENTS_SQL_PATH, line, line_len(h), h, line_len(w), w);
	}
	same = strcmp(have, want) == 0;
	free(want);
	free(have);
	assert_true(same);
}

/* Every cause the event table declares is an operation of
 * proto/operations.c or one whose request ygd signs itself. */
static void test_causes_are_operations(void **state)
{
	int i, j, bad = 0;

	(void)state;
	for (i = 1; i < EV__COUNT; i++)
		for (j = 0; j < EV_CAUSES_MAX && events[i].causes[j] != NULL; j++)
			if (op_def_find(events[i].causes[j]) == NULL &&
			    !server_signs(events[i].causes[j])) {
				print_message(
					"%s: cause %s is neither an operation nor one ygd signs\n",
					events[i].name, events[i].causes[j]);
				bad++;
			}
	assert_int_equal(bad, 0);
}

/* How many files of sql/api hold what. */
static int sql_api_defines(const char *what)
{
	DIR *d = opendir("sql/api");
	char path[512], *text;
	int n = 0;

	assert_non_null(d);
	while ((text = sql_api_next(d, path, sizeof(path))) != NULL) {
		n += strstr(text, what) != NULL;
		free(text);
	}
	closedir(d);
	return n;
}

/* Whether name stands quoted ('name') in text between from and to. */
static bool spelled(const char *from, const char *to, const char *name)
{
	char quoted[96];
	const char *p;

	snprintf(quoted, sizeof(quoted), "'%s'", name);
	p = strstr(from, quoted);
	return p != NULL && p < to;
}

/* yg_request_mismatch (sql/api/040_meeting_log.sql) reads the generated
 * functions and keeps no list of its own: it spells no event, cause or
 * agreeing name; and no other file of sql/api defines those functions. */
static void test_sql_reads_generated(void **state)
{
	char *text = slurp("sql/api/040_meeting_log.sql");
	const char *fn, *end, *causes, *agreeing;
	int i, j, bad = 0;

	(void)state;
	fn = strstr(text, "FUNCTION public.yg_request_mismatch(");
	assert_non_null(fn);
	end = strstr(fn, "\n$function$;");
	assert_non_null(end);
	for (i = 1; i < EV__COUNT; i++) {
		bad += spelled(fn, end, events[i].name);
		for (j = 0; j < EV_CAUSES_MAX && events[i].causes[j] != NULL; j++)
			bad += spelled(fn, end, events[i].causes[j]);
	}
	for (i = 0; event_agreeing_args[i] != NULL; i++)
		bad += spelled(fn, end, event_agreeing_args[i]);
	if (bad > 0)
		print_message("yg_request_mismatch spells %d names of the event table: it reads "
			      "them from %s\n",
			      bad, EVENTS_SQL_PATH);
	causes = strstr(fn, "yg_event_causes()");
	agreeing = strstr(fn, "yg_event_agreeing_args()");
	if (causes == NULL || causes > end || agreeing == NULL || agreeing > end) {
		print_message("yg_request_mismatch does not read yg_event_causes() and "
			      "yg_event_agreeing_args()\n");
		bad++;
	}
	free(text);
	assert_int_equal(bad, 0);
	assert_int_equal(sql_api_defines("FUNCTION public.yg_event_causes("), 1);
	assert_int_equal(sql_api_defines("FUNCTION public.yg_event_agreeing_args("), 1);
}

/* Causes: an event's own operations cause it, others do not; an event
 * with none declared, or unknown, takes any. */
static void test_caused_by(void **state)
{
	(void)state;
	assert_true(event_caused_by("agenda.statement", "agenda.speak"));
	assert_true(event_caused_by("agenda.statement", "agenda.pass"));
	assert_false(event_caused_by("agenda.statement", "agenda.recuse"));
	assert_false(event_caused_by("vote.voided", NULL));
	assert_true(event_caused_by("item.created", "vote.cast"));
	assert_true(event_caused_by("no.such", "vote.cast"));
}

/* Names and ids map both ways; unknown names are EV_UNKNOWN. */
static void test_lookup(void **state)
{
	int i;

	(void)state;
	for (i = 1; i < EV__COUNT; i++) {
		assert_non_null(events[i].name);
		assert_int_equal(event_id(events[i].name), i);
		assert_true(event_is(events[i].name, (enum event_id)i));
		assert_true(events[i].streams != 0);
	}
	assert_int_equal(event_id(NULL), EV_UNKNOWN);
	assert_int_equal(event_id("vote.results"), EV_UNKNOWN);
	assert_false(event_is(NULL, EV_VOTE_RESULT));
	assert_false(event_is("vote.result", EV_UNKNOWN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_sql_emitters_agree),
		cmocka_unit_test(test_protocol_lists_each),
		cmocka_unit_test(test_sql_file_generated),
		cmocka_unit_test(test_causes_are_operations),
		cmocka_unit_test(test_sql_reads_generated),
		cmocka_unit_test(test_caused_by),
		cmocka_unit_test(test_no_names_spelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
