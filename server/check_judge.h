/* The judgements of `ygd check` (server/check.c reads the database): each
 * takes a document built the way the server exports it and says whether it
 * holds, with what failed. Pure: no libpq, no output.
 *
 *   a meeting:   its record as meeting.record builds it (proto/record.h),
 *                and the meeting's status; the log's hash chain, the
 *                status against the log, the minutes against the log and
 *                their signatures (record_verify), the stored signatures
 *                against the ones the log carries. Minutes not yet made or
 *                not yet signed by both are pending, not a failure.
 *   statements:  the statement table (表态, which the speaking order is
 *                judged by) against the log's "agenda.statement" entries,
 *                one for one; added to the meeting's verdict.
 *   an election: yg_inner.election_record's document, every check of `yg
 *                verify` (proto/election.h), and that it is this meeting's.
 *   an election against its meeting's log: each closed round has one
 *                "vote.result" entry with the same signed tally and counts,
 *                and one "vote.cast" entry per ballot in the record.
 *   the admin log: facts the database gives about it (see check.c). It is
 *                neither hash-chained nor signed; what can be checked is
 *                that the append-only triggers are in place and enabled and
 *                that every entry's actor names its member. */
#ifndef YG_SERVER_CHECK_JUDGE_H
#define YG_SERVER_CHECK_JUDGE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#define CHECK_MAX_LINES 24

struct check_verdict {
	bool ok;
	char summary[384]; /* what was checked, in one line */
	int nlines;        /* failures, or notes when ok */
	char lines[CHECK_MAX_LINES][256];
};

bool check_judge_meeting(const cJSON *record, const char *status, struct check_verdict *v);
bool check_judge_statements(const cJSON *log, const cJSON *rows, struct check_verdict *v);
bool check_judge_election(const cJSON *record, double meeting, struct check_verdict *v);
bool check_judge_election_log(const cJSON *record, const cJSON *log, struct check_verdict *v);
bool check_judge_admin_log(const cJSON *facts, struct check_verdict *v);

#endif
