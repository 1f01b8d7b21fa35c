/* Every event ygd sends to terminals, declared once: its name, the streams
 * it travels on, who may see it, and what it says in one line. The SQL
 * emitters (yg_log_append, yg_emit in sql/api/) send exactly these names
 * (tests/unit/test_events.c reads them and compares), and the follow
 * printer, the TUI, its model and the minutes builder test an event by
 * its id here instead of spelling the name. */
#ifndef YG_PROTO_EVENTS_H
#define YG_PROTO_EVENTS_H

#include <stdbool.h>

enum event_id {
	EV_UNKNOWN,
	/* the meeting's log (stream meeting:ID) */
	EV_MEETING_ANNOUNCED,
	EV_MEETING_OPENED,
	EV_MEETING_CLOSED,
	EV_OBSERVER_INVITED,
	EV_ATTENDANCE_IN,
	EV_ATTENDANCE_OUT,
	EV_ATTENDANCE_ABSENT,
	EV_AGENDA_OPENED,
	EV_AGENDA_PRESENTED,
	EV_AGENDA_STATEMENT,
	EV_AGENDA_RECUSED,
	EV_AGENDA_PRESIDING,
	EV_AGENDA_DEFERRED,
	EV_AGENDA_DISCUSSED,
	EV_FLOOR_REQUESTED,
	EV_FLOOR_GRANTED,
	EV_MINUTES_SIGNED,
	EV_MINUTES_CORRECTION_PROPOSED,
	EV_MINUTES_CORRECTION_SIGNED,
	EV_PRESIDING_SUCCEEDED,
	EV_SCRUTINEERS_DESIGNATED,
	EV_SCRUTINEER_KEY,
	EV_ELECTION_KEY,
	EV_VOTE_OPENED,
	EV_VOTE_CAST,
	EV_VOTE_CLOSING,
	EV_VOTE_DECRYPTED,
	EV_VOTE_RESULT,
	EV_VOTE_VOIDED,
	EV_AGENDA_AGREED,       /* the clerk's 议定事项 */
	EV_FLOOR_REMARK,        /* an observer's remark from the floor, minuted by the clerk */
	EV_SCRUTINEER_SEALED,   /* a threshold scrutineer sent its sealed shares */
	EV_SCRUTINEER_ACCEPTED, /* a threshold scrutineer accepted its share */
	/* the committee's stream (committee:ID), and the public one */
	EV_MEMBER_ADDED,
	EV_MEMBER_UPDATED,
	EV_RULES_CHANGED,
	EV_OBSERVER_REGISTERED,
	EV_OBSERVER_DECIDED,
	EV_ITEM_CREATED,
	EV_ITEM_UPDATE,
	EV_ITEM_REVISE,
	EV_ITEM_ANNOUNCED,
	EV_ITEM_WITHDRAWN,
	EV_ITEM_OBJECTED,
	EV_ITEM_CONFIDENTIAL,
	EV_COMMENT_ADDED,
	EV_MATERIAL_ADDED,
	EV_MEETING_CHANGED,
	EV_PUBLICATION_MADE,
	EV_PUBLICATION_REVISED,
	EV__COUNT
};

/* The streams an event travels on (bits). */
enum event_stream {
	EVS_MEETING = 1,   /* meeting:ID, appended to the meeting's hash-chained log */
	EVS_COMMITTEE = 2, /* committee:ID, to the committee's logged-in terminals */
	EVS_PUBLIC = 4,    /* public, to anyone */
};

/* Who may see an event on the meeting's log. Every entry about an item
 * that is confidential is also withheld from observers (ygd's fan-out,
 * yg_event_confidential). */
enum event_seen {
	EV_SEEN_ROOM,          /* everyone in the meeting: members and invited observers */
	EV_SEEN_ROOM_NO_CADRE, /* the room, but members only on cadre (personnel) items */
	EV_SEEN_MEMBERS,       /* members only */
};

#define EV_CAUSES_MAX 2

struct event_def {
	const char *name;
	unsigned streams; /* enum event_stream bits */
	enum event_seen seen;
	const char *zh, *en; /* what it says, in one line */
	/* The operations (proto/operations.c) whose signed request can cause
	 * an entry of this event on the meeting's log; none listed: any (an
	 * event of the committee's stream, which is not a log entry). Checked
	 * by terminals and yg verify (proto/record_actors.c) and by the
	 * database (yg_request_mismatch in sql/api/040_meeting_log.sql reads
	 * this column from sql/api/015_event_causes.sql, which `make
	 * events-sql` generates: proto/events_sql.c). */
	const char *causes[EV_CAUSES_MAX];
};

extern const struct event_def events[EV__COUNT];

/* The names that, where both a meeting-log entry's data and the arguments
 * of the request that caused it carry them, must agree: what the person
 * asked for is what the entry says was done. NULL-terminated; the database
 * checks this list, generated with the causes (proto/events_sql.h). */
extern const char *const event_agreeing_args[];

/* The id of an event's name; EV_UNKNOWN for NULL or a name not declared. */
enum event_id event_id(const char *name);
/* Whether name is the event id. */
bool event_is(const char *name, enum event_id id);
/* Whether a request for operation op can cause an entry of the event
 * named name: op is one of its causes, or it declares none. */
bool event_caused_by(const char *name, const char *op);

#endif
