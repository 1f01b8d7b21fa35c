#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../proto/election.h"
#include "../proto/logchain.h"
#include "../proto/record.h"
#include "check_judge.h"

#define GET(o, k) cJSON_GetObjectItemCaseSensitive((o), (k))

static void check_begin(struct check_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->ok = true;
}

/* Add a line, "FAIL: ..." (the verdict fails) or "note: ...". */
static void check_say(struct check_verdict *v, bool fail, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void check_say(struct check_verdict *v, bool fail, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (fail)
		v->ok = false;
	if (v->nlines == CHECK_MAX_LINES)
		return;
	n = snprintf(v->lines[v->nlines], sizeof(v->lines[0]), "%s", fail ? "FAIL: " : "note: ");
	va_start(ap, fmt);
	vsnprintf(v->lines[v->nlines] + n, sizeof(v->lines[0]) - (size_t)n, fmt, ap);
	va_end(ap);
	v->nlines++;
}

/* How many entries of the log record this event. */
static int check_count_event(const cJSON *log, const char *event)
{
	const cJSON *e;
	cJSON *b;
	const char *ev;
	int n = 0;

	cJSON_ArrayForEach(e, GET(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(GET(e, "body")));
		ev = cJSON_GetStringValue(GET(b, "event"));
		if (ev != NULL && strcmp(ev, event) == 0)
			n++;
		cJSON_Delete(b);
	}
	return n;
}

/* Whether some "minutes.signed" entry of the log carries this signature. */
static bool check_log_has_signature(const cJSON *log, const cJSON *stored)
{
	const char *role = cJSON_GetStringValue(GET(stored, "role"));
	const char *sig = cJSON_GetStringValue(GET(stored, "signature"));
	const char *key = cJSON_GetStringValue(GET(stored, "key"));
	const cJSON *e, *d;
	cJSON *b;
	bool found = false;

	if (role == NULL || sig == NULL || key == NULL)
		return false;
	cJSON_ArrayForEach(e, GET(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(GET(e, "body")));
		d = GET(b, "data");
		if (cJSON_GetStringValue(GET(b, "event")) != NULL &&
		    strcmp(cJSON_GetStringValue(GET(b, "event")), "minutes.signed") == 0 &&
		    cJSON_GetStringValue(GET(d, "role")) != NULL &&
		    strcmp(cJSON_GetStringValue(GET(d, "role")), role) == 0 &&
		    cJSON_GetStringValue(GET(d, "signature")) != NULL &&
		    strcmp(cJSON_GetStringValue(GET(d, "signature")), sig) == 0 &&
		    cJSON_GetStringValue(GET(d, "key")) != NULL &&
		    strcmp(cJSON_GetStringValue(GET(d, "key")), key) == 0)
			found = true;
		cJSON_Delete(b);
	}
	return found;
}

/* The minutes against the log (record_verify), the stored signatures
 * against the log's. Missing signatures are pending, not a failure. */
static void check_minutes(const cJSON *record, struct check_verdict *v)
{
	struct record_report rep;
	const cJSON *s;
	int i;

	record_verify(record, &rep);
	for (i = 0; i < rep.nlines; i++) {
		if (strncmp(rep.lines[i], "ok: ", 4) == 0)
			continue;
		if (rep.signed_roles != 3 && rep.nfail == 1)
			break; /* the only failure: not (yet) signed by both */
		check_say(v, true, "%s",
			  rep.lines[i] + (strncmp(rep.lines[i], "FAIL: ", 6) == 0 ? 6 : 0));
	}
	if (rep.signed_roles != 3 && rep.nfail == 1)
		check_say(v, false, "the minutes await the signature of the %s",
			  rep.signed_roles == 1   ? "clerk"
			  : rep.signed_roles == 2 ? "chair"
						  : "chair and the clerk");
	cJSON_ArrayForEach(s, GET(GET(record, "minutes"), "signatures")) {
		if (!check_log_has_signature(GET(record, "log"), s))
			check_say(v, true,
				  "the stored signature of the %s is not one the log records",
				  cJSON_GetStringValue(GET(s, "role")) != NULL
					  ? cJSON_GetStringValue(GET(s, "role"))
					  : "?");
	}
}

/* The summary of a log that holds: what logchain_verify said and its
 * head, to compare with one published (README, "Compare the head"). */
static void check_head(const cJSON *log, const char *why, struct check_verdict *v)
{
	const cJSON *entries = GET(log, "entries");
	const cJSON *last = cJSON_GetArrayItem(entries, cJSON_GetArraySize(entries) - 1);
	const char *hash = cJSON_GetStringValue(GET(last, "hash"));

	if (hash == NULL)
		snprintf(v->summary, sizeof(v->summary), "log: %s", why);
	else
		snprintf(v->summary, sizeof(v->summary), "log: %s, head #%.0f %s", why,
			 cJSON_GetNumberValue(GET(last, "seq")), hash);
}

/* A meeting: the chain, the status against the log, the minutes. */
bool check_judge_meeting(const cJSON *record, const char *status, struct check_verdict *v)
{
	const cJSON *log = GET(record, "log"), *minutes = GET(record, "minutes");
	bool closed = status != NULL && strcmp(status, "closed") == 0;
	char why[200];
	int closes, signatures;

	check_begin(v);
	if (logchain_verify(log, why, sizeof(why)) != -1) {
		check_say(v, true, "log: %s", why);
		snprintf(v->summary, sizeof(v->summary), "log broken");
		return false;
	}
	check_head(log, why, v);
	closes = check_count_event(log, "meeting.closed");
	signatures = check_count_event(log, "minutes.signed");
	if (closed && closes == 0)
		check_say(v, true, "the meeting is marked closed but its log never closes it");
	if (!closed && closes > 0)
		check_say(v, true, "the log closes the meeting but it is marked %s",
			  status != NULL ? status : "?");
	if (cJSON_IsObject(minutes)) {
		if (!closed)
			check_say(v, true, "minutes exist for a meeting that is not closed");
		check_minutes(record, v);
		if (v->ok)
			strncat(v->summary, "; minutes match the log and their signatures verify",
				sizeof(v->summary) - strlen(v->summary) - 1);
	} else if (signatures > 0) {
		check_say(v, true, "the log records %d signature%s of minutes that are missing",
			  signatures, signatures == 1 ? "" : "s");
	} else if (closed) {
		check_say(v, false, "no minutes made yet (they are made when first read)");
	}
	return v->ok;
}

/* Whether two JSON scalars are equal (numbers, strings, null). */
static bool check_same(const cJSON *a, const cJSON *b)
{
	if (cJSON_IsNull(a) || cJSON_IsNull(b) || a == NULL || b == NULL)
		return (a == NULL || cJSON_IsNull(a)) && (b == NULL || cJSON_IsNull(b));
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return a->valuedouble == b->valuedouble;
	return cJSON_IsString(a) && cJSON_IsString(b) &&
	       strcmp(a->valuestring, b->valuestring) == 0;
}

/* Whether a statement row is what a log entry's data says. */
static bool check_statement_is(const cJSON *row, const cJSON *data)
{
	static const char *const fields[] = {"item",     "member", "candidate", "kind",
					     "position", "body",   NULL};
	const char *const *f;

	for (f = fields; *f != NULL; f++)
		if (!check_same(GET(row, *f), GET(data, *f)))
			return false;
	return true;
}

/* The data of every "agenda.statement" entry of the log, with its seq. */
static cJSON *check_logged_statements(const cJSON *log)
{
	cJSON *out = cJSON_CreateArray(), *b;
	const cJSON *e;
	const char *ev;

	cJSON_ArrayForEach(e, GET(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(GET(e, "body")));
		ev = cJSON_GetStringValue(GET(b, "event"));
		if (ev != NULL && strcmp(ev, "agenda.statement") == 0 &&
		    cJSON_IsObject(GET(b, "data")))
			cJSON_AddItemToArray(out, cJSON_DetachItemFromObject(b, "data"));
		cJSON_Delete(b);
	}
	return out;
}

/* The statement table against the log, one for one. */
bool check_judge_statements(const cJSON *log, const cJSON *rows, struct check_verdict *v)
{
	cJSON *logged = check_logged_statements(log), *d;
	const cJSON *row;
	bool was_ok = v->ok;
	int i, n = 0;

	cJSON_ArrayForEach(row, rows) {
		n++;
		i = 0;
		cJSON_ArrayForEach(d, logged) {
			if (check_statement_is(row, d))
				break;
			i++;
		}
		if (d != NULL) {
			cJSON_DeleteItemFromArray(logged, i);
			continue;
		}
		check_say(v, true,
			  "the statement of member %.0f on item %.0f (candidate %.0f) differs from "
			  "the log's",
			  cJSON_GetNumberValue(GET(row, "member")),
			  cJSON_GetNumberValue(GET(row, "item")),
			  cJSON_GetNumberValue(GET(row, "candidate")));
	}
	cJSON_ArrayForEach(d, logged) {
		check_say(v, true, "the log's statement of member %.0f on item %.0f is not stored",
			  cJSON_GetNumberValue(GET(d, "member")),
			  cJSON_GetNumberValue(GET(d, "item")));
	}
	cJSON_Delete(logged);
	if (v->ok && was_ok && n > 0)
		snprintf(v->summary + strlen(v->summary), sizeof(v->summary) - strlen(v->summary),
			 "; %d statements as logged", n);
	return v->ok;
}

/* Whether the one failure of rep is that the vote is not complete (its
 * last round called a run-off). */
static bool check_only_pending(const struct election_report *rep)
{
	int i, fails = 0;
	bool pending = false;

	for (i = 0; i < rep->nlines; i++)
		if (strncmp(rep->lines[i], "ok: ", 4) != 0) {
			fails++;
			pending |= strstr(rep->lines[i], "the vote is not complete") != NULL;
		}
	return fails == 1 && pending;
}

/* An election record: every check of yg verify, and that it is this
 * meeting's. */
bool check_judge_election(const cJSON *record, double meeting, struct check_verdict *v)
{
	struct election_report rep;
	unsigned char pub[SIG_PUB_LEN];
	const char *key = cJSON_GetStringValue(GET(record, "server_key"));
	int i, rounds = cJSON_GetArraySize(GET(record, "rounds"));

	check_begin(v);
	snprintf(v->summary, sizeof(v->summary), "item %.0f: %d round%s, tall%s signed by %s",
		 cJSON_GetNumberValue(GET(record, "item")), rounds, rounds == 1 ? "" : "s",
		 rounds == 1 ? "y" : "ies", key != NULL ? key : "?");
	if (cJSON_GetNumberValue(GET(record, "meeting")) != meeting)
		check_say(v, true, "the record names meeting %.0f",
			  cJSON_GetNumberValue(GET(record, "meeting")));
	/* ygd check judges the database against itself: the record's own key
	 * is the anchor, and the summary names it for the reader to compare. */
	election_verify(record, key != NULL && sig_pub_from_text(key, pub) ? pub : NULL, &rep);
	/* A vote whose run-off has not closed yet is not complete, and not
	 * wrong: check_judge_election_log fails a record that lacks a round
	 * the log has a result of. */
	if (!rep.ok && check_only_pending(&rep)) {
		check_say(v, false,
			  "the vote is under way: its last closed round called a run-off");
		return v->ok;
	}
	for (i = 0; i < rep.nlines; i++)
		if (strncmp(rep.lines[i], "ok: ", 4) != 0)
			check_say(v, true, "%s",
				  rep.lines[i] + (strncmp(rep.lines[i], "FAIL: ", 6) == 0 ? 6 : 0));
	if (!rep.ok && v->ok)
		check_say(v, true, "the election record does not verify");
	return v->ok;
}

/* What a meeting's log records of one round of a vote. */
struct check_round_log {
	int cast, results;
	const char *tally; /* of the last vote.result, in held */
	const cJSON *counts;
	cJSON *held; /* the parsed body of that entry */
};

/* Whether an entry's data is about this item and round. */
static bool check_is_round(const cJSON *data, double item, double round)
{
	return cJSON_GetNumberValue(GET(data, "item")) == item &&
	       cJSON_GetNumberValue(GET(data, "round")) == round;
}

/* Read the log for a round's "vote.cast" and "vote.result" entries. */
static void check_round_scan(const cJSON *log, double item, double round,
			     struct check_round_log *out)
{
	const cJSON *e;
	const char *ev;
	cJSON *b;

	memset(out, 0, sizeof(*out));
	cJSON_ArrayForEach(e, GET(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(GET(e, "body")));
		ev = cJSON_GetStringValue(GET(b, "event"));
		if (ev != NULL && check_is_round(GET(b, "data"), item, round) &&
		    strcmp(ev, "vote.cast") == 0) {
			out->cast++;
		} else if (ev != NULL && check_is_round(GET(b, "data"), item, round) &&
			   strcmp(ev, "vote.result") == 0) {
			out->results++;
			cJSON_Delete(out->held);
			out->held = b;
			out->tally = cJSON_GetStringValue(GET(GET(b, "data"), "tally"));
			out->counts = GET(GET(b, "data"), "counts");
			continue;
		}
		cJSON_Delete(b);
	}
}

/* Every round the log has a result of is in the record: a round left out
 * of the database (a run-off dropped) fails here. */
static void check_log_rounds(const cJSON *record, const cJSON *log, double item,
			     struct check_verdict *v)
{
	const cJSON *e, *r, *data;
	double round;
	bool found;
	cJSON *b;

	cJSON_ArrayForEach(e, GET(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(GET(e, "body")));
		data = GET(b, "data");
		if (cJSON_GetStringValue(GET(b, "event")) != NULL &&
		    strcmp(cJSON_GetStringValue(GET(b, "event")), "vote.result") == 0 &&
		    cJSON_GetNumberValue(GET(data, "item")) == item) {
			round = cJSON_GetNumberValue(GET(data, "round"));
			found = false;
			cJSON_ArrayForEach(r, GET(record, "rounds"))
				found |= cJSON_GetNumberValue(GET(r, "round")) == round;
			if (!found)
				check_say(v, true,
					  "the meeting's log records a result of round %.0f, which "
					  "the record lacks",
					  round);
		}
		cJSON_Delete(b);
	}
}

/* A voided round: its void act is the entry the log has at its place.
 * False if r is not a voided round. */
static bool check_voided_in_log(const cJSON *r, const cJSON *log, double round,
				struct check_verdict *v)
{
	const cJSON *act = GET(r, "void"), *e;
	const char *state = cJSON_GetStringValue(GET(r, "state")), *hash;
	double seq = cJSON_GetNumberValue(GET(act, "seq"));

	if (state == NULL || strcmp(state, "voided") != 0)
		return false;
	hash = cJSON_GetStringValue(GET(act, "hash"));
	cJSON_ArrayForEach(e, GET(log, "entries"))
		if (cJSON_GetNumberValue(GET(e, "seq")) == seq)
			break;
	if (e == NULL || hash == NULL || cJSON_GetStringValue(GET(e, "hash")) == NULL ||
	    strcmp(hash, cJSON_GetStringValue(GET(e, "hash"))) != 0)
		check_say(v, true,
			  "round %.0f: the void act is not the entry the log has at its place",
			  round);
	return true;
}

/* Each round of an election record against the meeting's log. */
bool check_judge_election_log(const cJSON *record, const cJSON *log, struct check_verdict *v)
{
	double item = cJSON_GetNumberValue(GET(record, "item"));
	const char *tally;
	struct check_round_log rl;
	const cJSON *r;
	double round;
	int ballots;

	cJSON_ArrayForEach(r, GET(record, "rounds")) {
		round = cJSON_GetNumberValue(GET(r, "round"));
		if (check_voided_in_log(r, log, round, v))
			continue;
		ballots = cJSON_GetArraySize(GET(r, "ballots"));
		tally = cJSON_GetStringValue(GET(r, "tally"));
		check_round_scan(log, item, round, &rl);
		if (rl.results != 1)
			check_say(v, true, "round %.0f: the meeting's log records %d results",
				  round, rl.results);
		else if (tally == NULL || rl.tally == NULL || strcmp(tally, rl.tally) != 0)
			check_say(v, true, "round %.0f: the tally is not the one the log records",
				  round);
		else if (!cJSON_Compare(GET(r, "counts"), rl.counts, true))
			check_say(v, true,
				  "round %.0f: the counts are not the ones the log records", round);
		if (rl.cast != ballots)
			check_say(v, true, "round %.0f: %d ballots, but the log records %d cast",
				  round, ballots, rl.cast);
		cJSON_Delete(rl.held);
	}
	check_log_rounds(record, log, item, v);
	return v->ok;
}

/* The triggers that keep the admin and meeting logs append-only. */
static const char *const check_required_triggers[] = {
	"admin_log_append_only", "admin_log_no_truncate", "meeting_log_append_only",
	"meeting_log_no_truncate", NULL};

/* The admin log: triggers present and enabled, actors consistent. */
bool check_judge_admin_log(const cJSON *facts, struct check_verdict *v)
{
	const cJSON *t, *triggers = GET(facts, "triggers"), *bad = GET(facts, "mismatched");
	const char *name, *enabled;
	const char *const *want;
	bool found;

	check_begin(v);
	snprintf(
		v->summary, sizeof(v->summary),
		"%.0f entries; not hash-chained or signed: append-only triggers and actors checked",
		cJSON_GetNumberValue(GET(facts, "entries")));
	for (want = check_required_triggers; *want != NULL; want++) {
		found = false;
		cJSON_ArrayForEach(t, triggers) {
			name = cJSON_GetStringValue(GET(t, "trigger"));
			found |= name != NULL && strcmp(name, *want) == 0;
		}
		if (!found)
			check_say(v, true, "the trigger %s is missing", *want);
	}
	cJSON_ArrayForEach(t, triggers) {
		enabled = cJSON_GetStringValue(GET(t, "enabled"));
		name = cJSON_GetStringValue(GET(t, "trigger"));
		if (enabled == NULL || (strcmp(enabled, "O") != 0 && strcmp(enabled, "A") != 0))
			check_say(v, true, "the append-only trigger %s is disabled",
				  name != NULL ? name : "?");
	}
	cJSON_ArrayForEach(t, bad) {
		check_say(v, true, "entry %.0f: its actor does not name its member",
			  cJSON_GetNumberValue(t));
	}
	return v->ok;
}
