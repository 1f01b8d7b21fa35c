#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "../proto/xalloc.h"
#include "check.h"
#include "check_judge.h"

/* A meeting's record exactly as meeting.record builds it
 * (api.meeting_record and api.meeting_log_export, sql/0007, sql/0010),
 * without the caller those need: the owner reads every committee's. */
static const char check_sql_record[] =
	"SELECT jsonb_build_object('format', 'yangguang-meeting-record/1',"
	" 'log', jsonb_build_object('format', 'yangguang-meeting-log/1', 'meeting', m.id,"
	"  'committee', m.committee_id,"
	"  'entries', coalesce((SELECT jsonb_agg(jsonb_build_object('seq', seq, 'body', body,"
	"   'prev_hash', prev_hash, 'hash', hash) || CASE WHEN sealed IS NULL THEN '{}'::jsonb"
	"   ELSE jsonb_build_object('sealed', sealed) END ORDER BY seq)"
	"   FROM meeting_log WHERE meeting_id = m.id), '[]')),"
	" 'minutes', yg_inner.minutes_json(m.id))::text FROM meeting m WHERE m.id = $1";

/* The statement table's rows of a meeting, as the log records them. */
static const char check_sql_statements[] =
	"SELECT coalesce(jsonb_agg(jsonb_build_object('item', item_id, 'member', member_id,"
	" 'candidate', candidate, 'kind', kind, 'position', position, 'body', body) ORDER BY id),"
	" '[]')::text FROM statement WHERE meeting_id = $1";

/* Every election record of a meeting, as vote.record serves them. */
static const char check_sql_elections[] =
	"SELECT yg_inner.election_record($1, item_id)::text FROM vote_round"
	" WHERE meeting_id = $1 AND state = 'closed' GROUP BY item_id ORDER BY item_id";

/* What can be checked of the admin log (check_judge.h). */
static const char check_sql_admin[] =
	"SELECT jsonb_build_object('entries', (SELECT count(*) FROM admin_log),"
	" 'triggers', coalesce((SELECT jsonb_agg(jsonb_build_object('table', "
	"t.tgrelid::regclass::text,"
	"  'trigger', t.tgname, 'enabled', t.tgenabled::text) ORDER BY t.tgname)"
	"  FROM pg_trigger t WHERE t.tgfoid = 'yg_append_only'::regproc), '[]'),"
	" 'mismatched', coalesce((SELECT jsonb_agg(id ORDER BY id) FROM (SELECT id FROM admin_log"
	"  WHERE CASE WHEN actor_member IS NULL THEN actor NOT IN ('local')"
	"   AND actor NOT LIKE 'observer:%' ELSE actor <> 'member:' || actor_member END"
	"  ORDER BY id LIMIT 20) x), '[]'))::text";

/* Totals over the whole run. */
struct check_tally {
	int meetings, elections, failed;
	char failures[1024];
};

/* Text from the database, printed with control characters as '?'. */
static void check_print_text(const char *s)
{
	for (; *s != '\0'; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

/* Run a query with at most one parameter; NULL (said why) on error. */
static PGresult *check_query(PGconn *pg, const char *sql, const char *param)
{
	PGresult *r = PQexecParams(pg, sql, param != NULL ? 1 : 0, NULL, &param, NULL, NULL, 0);

	if (PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK)
		return r;
	fprintf(stderr, "ygd check: %s", PQresultErrorMessage(r));
	PQclear(r);
	return NULL;
}

/* Print a verdict's lines under its heading. */
static void check_print_lines(const struct check_verdict *v)
{
	int i;

	for (i = 0; i < v->nlines; i++) {
		fputs("    ", stdout);
		check_print_text(v->lines[i]);
		putchar('\n');
	}
}

/* A meeting's verdict under its heading, then its election records'. */
static void check_print_verdicts(const struct check_verdict *mv, const struct check_verdict *ev,
				 int n)
{
	int i;

	printf("    %s\n", mv->summary);
	check_print_lines(mv);
	for (i = 0; i < n; i++) {
		printf("    election record, ");
		check_print_text(ev[i].summary);
		printf(": %s\n", ev[i].ok ? "ok" : "FAIL");
		check_print_lines(&ev[i]);
	}
}

/* A verdict for JSON the database gave that does not parse. */
static bool check_unreadable(struct check_verdict *v)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->summary, sizeof(v->summary), "unreadable");
	snprintf(v->lines[0], sizeof(v->lines[0]), "FAIL: the database gave no JSON");
	v->nlines = 1;
	return false;
}

/* A meeting's record and its statement rows. */
static bool check_record(const char *record, const char *statements, const char *status,
			 struct check_verdict *v)
{
	cJSON *doc = cJSON_Parse(record), *rows = cJSON_Parse(statements);
	bool ok = doc != NULL && rows != NULL;

	if (ok) {
		ok = check_judge_meeting(doc, status, v);
		ok = check_judge_statements(cJSON_GetObjectItemCaseSensitive(doc, "log"), rows,
					    v) &&
		     ok;
	} else {
		check_unreadable(v);
	}
	cJSON_Delete(doc);
	cJSON_Delete(rows);
	return ok;
}

/* An election record, by itself and against the meeting's log. */
static bool check_election(const char *text, const char *record, double meeting,
			   struct check_verdict *v)
{
	cJSON *doc = cJSON_Parse(text), *rec = cJSON_Parse(record);
	bool ok = doc != NULL ? check_judge_election(doc, meeting, v) : check_unreadable(v);

	if (doc != NULL)
		ok = check_judge_election_log(doc, cJSON_GetObjectItemCaseSensitive(rec, "log"),
					      v) &&
		     ok;
	cJSON_Delete(rec);

	cJSON_Delete(doc);
	return ok;
}

/* One meeting: its record, then each election record; prints the verdict.
 * Returns -1 if the database could not be read, else whether it holds. */
static int check_meeting(PGconn *pg, const char *id, const char *status, const char *title,
			 struct check_tally *t)
{
	struct check_verdict mv, *ev = NULL;
	PGresult *rec = check_query(pg, check_sql_record, id), *el = NULL, *st = NULL;
	int i, n = 0, ok;

	if (rec == NULL || PQntuples(rec) != 1 ||
	    (st = check_query(pg, check_sql_statements, id)) == NULL ||
	    (el = check_query(pg, check_sql_elections, id)) == NULL) {
		PQclear(st);
		PQclear(rec);
		return -1;
	}
	ok = check_record(PQgetvalue(rec, 0, 0), PQgetvalue(st, 0, 0), status, &mv);
	n = PQntuples(el);
	ev = n > 0 ? xcalloc((size_t)n, sizeof(*ev)) : NULL;
	for (i = 0; i < n && (ev != NULL); i++)
		ok &= check_election(PQgetvalue(el, i, 0), PQgetvalue(rec, 0, 0), strtod(id, NULL),
				     &ev[i]);
	if (n > 0 && ev == NULL) {
		fprintf(stderr, "ygd check: out of memory\n");
		ok = 0;
		n = 0;
	}
	printf("meeting %s (%s) ", id, status);
	check_print_text(title);
	printf(": %s\n", ok ? "ok" : "FAIL");
	check_print_verdicts(&mv, ev, n);
	t->meetings++;
	t->elections += n;
	if (!ok) {
		t->failed++;
		if (strlen(t->failures) + strlen(id) + 12 < sizeof(t->failures))
			snprintf(t->failures + strlen(t->failures),
				 sizeof(t->failures) - strlen(t->failures), " meeting %s", id);
	}
	free(ev);
	PQclear(el);
	PQclear(st);
	PQclear(rec);
	return ok;
}

/* The admin log; returns -1 if it could not be read, else whether it holds. */
static int check_admin(PGconn *pg, struct check_tally *t)
{
	struct check_verdict v;
	PGresult *r = check_query(pg, check_sql_admin, NULL);
	cJSON *facts;
	bool ok;

	if (r == NULL)
		return -1;
	facts = cJSON_Parse(PQgetvalue(r, 0, 0));
	ok = facts != NULL && check_judge_admin_log(facts, &v);
	cJSON_Delete(facts);
	PQclear(r);
	if (facts == NULL)
		return -1;
	printf("admin log: %s\n    %s\n", ok ? "ok" : "FAIL", v.summary);
	check_print_lines(&v);
	if (!ok) {
		t->failed++;
		strncat(t->failures, " the admin log",
			sizeof(t->failures) - strlen(t->failures) - 1);
	}
	return ok;
}

/* Every meeting, then the admin log, in one read-only snapshot. */
static int check_all(PGconn *pg, struct check_tally *t)
{
	PGresult *m, *r = check_query(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", NULL);
	int i, rc = 0;

	if (r == NULL)
		return -1;
	PQclear(r);
	m = check_query(pg, "SELECT id, status, title FROM meeting ORDER BY id", NULL);
	if (m == NULL)
		return -1;
	for (i = 0; i < PQntuples(m) && rc == 0; i++)
		if (check_meeting(pg, PQgetvalue(m, i, 0), PQgetvalue(m, i, 1), PQgetvalue(m, i, 2),
				  t) < 0)
			rc = -1;
	PQclear(m);
	if (rc == 0 && check_admin(pg, t) < 0)
		rc = -1;
	PQclear(PQexec(pg, "COMMIT"));
	return rc;
}

int check_run(const char *conninfo)
{
	struct check_tally t = {0};
	PGconn *pg = PQconnectdb(conninfo);
	int rc;

	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "ygd check: cannot connect to the database: %s",
			PQerrorMessage(pg));
		PQfinish(pg);
		return 1;
	}
	printf("ygd check: database %s on %s\n", PQdb(pg), PQhost(pg) != NULL ? PQhost(pg) : "?");
	rc = check_all(pg, &t);
	PQfinish(pg);
	if (rc < 0) {
		fprintf(stderr, "ygd check: could not read the whole database (is it migrated?)\n");
		return 1;
	}
	if (t.failed > 0) {
		printf("ygd check: FAILED:%s (%d meeting%s, %d election record%s read)\n",
		       t.failures, t.meetings, t.meetings == 1 ? "" : "s", t.elections,
		       t.elections == 1 ? "" : "s");
		return 1;
	}
	printf("ygd check: all verify (%d meeting%s, %d election record%s, the admin log)\n",
	       t.meetings, t.meetings == 1 ? "" : "s", t.elections, t.elections == 1 ? "" : "s");
	return 0;
}
