/* A meeting as the full-screen terminal knows it: the snapshot of
 * meeting.state, then every entry of the meeting's log applied in order
 * (from meeting.follow and then live). The state of each agenda item, who
 * has spoken, the floor, the vote's progress and result all follow from
 * the log; nothing here draws or talks to the server, so it is unit tested
 * (tests/unit/test_tui_model.c). */
#ifndef YG_CLIENT_TUI_MODEL_H
#define YG_CLIENT_TUI_MODEL_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../../rules/speaking.h"

#define TM_MAX_PEOPLE 320
#define TM_MAX_ITEMS  24
#define TM_MAX_FLOOR  24
#define TM_MAX_LABELS 12
#define TM_MAX_SCRUT  9
#define TM_MAX_LINES  120
#define TM_LINE_LEN   320

/* Where an agenda item is. */
enum tm_state {
	TM_PENDING,    /* on the agenda, not taken up yet */
	TM_OPEN,       /* taken up: presentation and statements */
	TM_DISCUSSED,  /* discussion closed; the vote comes next */
	TM_VOTING,     /* ballots being cast */
	TM_DECRYPTING, /* voting closed; the scrutineers decrypt */
	TM_RUNOFF,     /* a tie at the last seat: a run-off round is due */
	TM_DECIDED,    /* the result is announced */
	TM_DEFERRED,   /* 缓议 */
	TM_REMOVED,    /* taken off the agenda before the meeting */
};

struct tm_person {
	long long id;
	char name[64];
	int present;
	char absence[128]; /* the reason, when recorded absent */
};

struct tm_floor {
	long long request;
	char name[64];
	int granted;
};

struct tm_item {
	long long id;
	char title[200];
	enum tm_state state;
	int personnel;
	int candidates;               /* cadre items: how many (item.show, or the question) */
	char cand[TM_MAX_LABELS][64]; /* their names, when agenda.opened gives them */
	int ncand;
	long long presiding;
	int presented;
	char presenter[64];
	unsigned char recused[TM_MAX_PEOPLE]; /* by roster index */
	uint64_t spoke[TM_MAX_PEOPLE];        /* bit c: stated or passed on candidate c */
	struct tm_floor floor[TM_MAX_FLOOR];
	int nfloor;
	/* the vote's latest round */
	int round;
	char kind[16]; /* "options" or "approval" */
	char labels[TM_MAX_LABELS][64];
	int nlabels, seats;
	long long eligible[TM_MAX_PEOPLE];
	int neligible;
	long long cast;
	int decrypted;
	long long counts[TM_MAX_LABELS];
	char result[16]; /* adopted, rejected, elected, runoff, void */
	int elected[TM_MAX_LABELS], nelected;
	long long line; /* votes needed */
	int voted;      /* this terminal cast a ballot in this round */
	char receipt[64];
};

struct tm_scrutineer {
	long long member;
	char name[64];
	int key_published;
};

/* The committee's rules of order that the screens judge by, as the server
 * judges (rules/): from rules.get, the server's defaults until then. */
struct tm_rules {
	int chair_last;          /* chair_speaks_last */
	int recuse_discussion;   /* the recused take no part in discussion */
	int personnel_all_state; /* on cadre items nobody passes */
};

struct tm_meeting {
	long long id;
	char title[200], place[128], status[16];
	char starts_at[40]; /* the scheduled time, as the server wrote it */
	long long entitled, present;
	int quorum_num, quorum_den, quorum_inclusive;
	struct tm_rules rules;
	long long last_seq; /* the last log entry applied */
	struct tm_person roster[TM_MAX_PEOPLE];
	int nroster;
	struct tm_person observers[TM_MAX_PEOPLE];
	int nobservers;
	struct tm_item items[TM_MAX_ITEMS];
	int nitems;
	struct tm_scrutineer scrutineers[TM_MAX_SCRUT];
	int nscrutineers;
	int election_key;
	char lines[TM_MAX_LINES][TM_LINE_LEN]; /* the latest log entries, as text */
	int nlines, line_head;
};

/* What the chair must know about the speaking order of an item. */
struct tm_queue {
	int waiting[TM_MAX_PEOPLE]; /* roster indexes still to state, roster order */
	int nwaiting;
	int taking_part; /* present, not recused, the presiding member included */
	int presented;
	int chair_may;    /* the rules let the presiding member state (or they have) */
	int chair_done;   /* the presiding member has stated too */
	int can_close;    /* presented, everyone stated (the chair last) */
	int presiding_ix; /* roster index of whoever presides, -1 if not on it */
};

void tm_init(struct tm_meeting *m, long long meeting);
/* The snapshot of meeting.state. */
void tm_apply_state(struct tm_meeting *m, const cJSON *state);
/* One log entry; entries at or before last_seq are ignored. 1 if applied. */
int tm_apply(struct tm_meeting *m, long long seq, const char *event, const cJSON *data);

struct tm_item *tm_item(struct tm_meeting *m, long long id);
const struct tm_item *tm_item_c(const struct tm_meeting *m, long long id);
/* The item taken up now (open, voting, decrypting), else NULL. */
const struct tm_item *tm_current(const struct tm_meeting *m);
int tm_roster_index(const struct tm_meeting *m, long long member);
const char *tm_name(const struct tm_meeting *m, long long member);
/* How many must be present to open: the rule applied to entitled. */
long long tm_quorum_needed(long long entitled, int num, int den, int inclusive);
void tm_queue(const struct tm_meeting *m, const struct tm_item *it, struct tm_queue *q);
/* What rules/speaking.c says to member stating or passing (act) on the item
 * now, on some candidate: SPEAK_OK when the server would take it. */
enum speak_verdict tm_speak_verdict(const struct tm_meeting *m, const struct tm_item *it,
				    long long member, enum speak_act act);
/* The rules from rules.get's result ({"rules": {...}}). */
void tm_apply_rules(struct tm_meeting *m, const cJSON *result);
/* Whether member may vote in the item's open round. */
int tm_eligible(const struct tm_item *it, long long member);
int tm_is_scrutineer(const struct tm_meeting *m, long long member);

void tm_push_line(struct tm_meeting *m, const char *text);
/* The i-th latest line (0 = the newest), NULL past the end. */
const char *tm_line(const struct tm_meeting *m, int i);

#endif
