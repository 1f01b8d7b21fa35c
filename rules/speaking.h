/* Speaking order on an item (DESIGN.md section 3, rules 6 and 7): the member
 * in charge presents first; members state a position (同意/不同意/缓议) or
 * pass; the presiding chair states last (末位表态), only once every other
 * present, non-recused member has stated or passed; on cadre items every
 * member states, per candidate. Pure: the state of the room comes in, a
 * verdict comes out. */
#ifndef YG_RULES_SPEAKING_H
#define YG_RULES_SPEAKING_H

#include <stdbool.h>
#include <stdint.h>

#define SPEAKING_MAX_CANDIDATES 64 /* a bit each in struct speaker.spoke */

enum speak_act {
	SPEAK_PRESENT, /* the member in charge presents the item */
	SPEAK_STATE,   /* a position with its reasons */
	SPEAK_PASS,    /* explicitly no position */
};

enum speak_verdict {
	SPEAK_OK,
	SPEAK_NOT_MEMBER,    /* not a voting member of this meeting */
	SPEAK_NOT_PRESENT,   /* not checked in */
	SPEAK_RECUSED,       /* recused from this item's discussion */
	SPEAK_NOT_PRESENTER, /* only the member in charge presents */
	SPEAK_ALREADY_PRESENTED,
	SPEAK_NOT_PRESENTED,    /* the member in charge has not presented yet */
	SPEAK_BAD_CANDIDATE,    /* cadre items name a candidate; others do not */
	SPEAK_ALREADY,          /* already stated or passed (on this candidate) */
	SPEAK_PASS_NOT_ALLOWED, /* on cadre items every member states a position */
	SPEAK_CHAIR_NOT_LAST,   /* others have yet to state before the chair */
	SPEAK__COUNT
};

struct speaker {
	long long id;
	bool present;
	bool recused;   /* from discussion (only counts when recuse_discussion) */
	bool presiding; /* the chair, or whoever presides over this item */
	bool presenter; /* the member in charge */
	uint64_t spoke; /* bit c: stated or passed on candidate c; bit 0 on other items */
};

struct speaking_facts {
	bool personnel;
	int candidates; /* cadre items: 1..SPEAKING_MAX_CANDIDATES */
	bool chair_last;
	bool personnel_all_state;
	bool recuse_discussion;
	bool presented;
	const struct speaker *members; /* the voting members of the meeting */
	int n;
};

enum speak_verdict speaking_check(const struct speaking_facts *f, long long who, enum speak_act act,
				  int candidate);
int speaking_outstanding(const struct speaking_facts *f, int candidate, long long *ids, int max);
bool speaking_complete(const struct speaking_facts *f);
bool speaking_takes_part(const struct speaking_facts *f, const struct speaker *s);
const char *speak_verdict_code(enum speak_verdict v);

#endif
