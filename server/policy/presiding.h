/* Presiding authority (DESIGN.md §2): the chair role lets a member preside;
 * signing a meeting's minutes as 主持人, reviewing its decisions for
 * publication and naming a successor belong to whoever holds the presiding
 * authority over that meeting (or item): who presided, or the successor
 * last named. A clerk signs only as a clerk the meeting recorded. Pure: the
 * facts come from the database (sql/0017_presiding_authority.sql), which
 * re-checks the same rules when it stores. */
#ifndef YG_SERVER_PRESIDING_H
#define YG_SERVER_PRESIDING_H

#include <stdbool.h>

enum presiding_verdict {
	PRESIDING_OK,
	PRESIDING_NOT_HOLDER,    /* the caller does not hold the presiding authority */
	PRESIDING_NOT_CLERK,     /* the caller is not a clerk the meeting recorded */
	PRESIDING_NO_HOLDER,     /* nobody presided yet */
	PRESIDING_BAD_SUCCESSOR, /* not another active member holding the chair role */
	PRESIDING_BAD_ROLE,
};

/* Signing the minutes as role ("chair" or "clerk"); holder 0: nobody. */
enum presiding_verdict presiding_may_sign(const char *role, long long caller, long long holder,
					  bool recorded_clerk);
/* Reviewing (publishing, correcting) a decision of a meeting. */
enum presiding_verdict presiding_may_review(long long caller, long long holder);
/* Naming successor for holder: an admin or the holder themself. */
enum presiding_verdict presiding_may_name(long long caller, bool admin, long long holder,
					  long long successor, bool successor_is_chair);
const char *presiding_verdict_text(enum presiding_verdict v);
const char *presiding_verdict_code(enum presiding_verdict v);

#endif
