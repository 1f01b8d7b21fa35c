#include <string.h>

#include "presiding.h"

enum presiding_verdict presiding_may_sign(const char *role, long long caller, long long holder,
					  bool recorded_clerk)
{
	if (role != NULL && strcmp(role, "clerk") == 0)
		return recorded_clerk ? PRESIDING_OK : PRESIDING_NOT_CLERK;
	if (role == NULL || strcmp(role, "chair") != 0)
		return PRESIDING_BAD_ROLE;
	return presiding_may_review(caller, holder);
}

enum presiding_verdict presiding_may_review(long long caller, long long holder)
{
	if (holder <= 0)
		return PRESIDING_NO_HOLDER;
	return caller == holder ? PRESIDING_OK : PRESIDING_NOT_HOLDER;
}

enum presiding_verdict presiding_may_name(long long caller, bool admin, long long holder,
					  long long successor, bool successor_is_chair)
{
	if (holder <= 0)
		return PRESIDING_NO_HOLDER;
	if (!admin && caller != holder)
		return PRESIDING_NOT_HOLDER;
	if (successor <= 0 || successor == holder || !successor_is_chair)
		return PRESIDING_BAD_SUCCESSOR;
	return PRESIDING_OK;
}

/* Why a verdict refuses, for people. */
const char *presiding_verdict_text(enum presiding_verdict v)
{
	switch (v) {
	case PRESIDING_OK:
		return "ok";
	case PRESIDING_NOT_HOLDER:
		return "only the chair who presided over this meeting (or item), or a successor "
		       "named by presiding.succeed, may do this";
	case PRESIDING_NOT_CLERK:
		return "only a clerk recorded for this meeting signs as clerk";
	case PRESIDING_NO_HOLDER:
		return "nobody has presided over this meeting yet";
	case PRESIDING_BAD_SUCCESSOR:
		return "a successor is another active member holding the chair role";
	case PRESIDING_BAD_ROLE:
		break;
	}
	return "role must be chair or clerk";
}

/* The verdict's code word, for programs and tests. */
const char *presiding_verdict_code(enum presiding_verdict v)
{
	static const char *const codes[] = {"ok",           "not_presiding", "not_clerk",
					    "not_presided", "bad_successor", "bad_role"};

	return (unsigned)v < sizeof(codes) / sizeof(codes[0]) ? codes[v] : "bad_role";
}
