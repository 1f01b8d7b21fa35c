/* Counting rules (DESIGN.md section 3, rules 5 and 9): whether a count
 * reaches a share of a base, as committees write it — "more than half",
 * "at least two thirds". Pure arithmetic, no rounding: a/b > n/d is
 * a*d > n*b. */
#ifndef YG_RULES_QUORUM_H
#define YG_RULES_QUORUM_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct fraction {
	long num;
	long den;
	bool inclusive; /* true: at least num/den; false: more than num/den */
};

bool fraction_reached(long count, long base, struct fraction f);
long fraction_needed(long base, struct fraction f);
int fraction_from_json(const cJSON *json, struct fraction *f);

struct quorum_facts {
	long entitled; /* 应到会: voting members entitled to attend */
	long present;  /* checked in now */
	struct fraction quorum;
	struct fraction quorum_personnel;
};

bool quorum_to_open(const struct quorum_facts *q);
bool quorum_for_item(const struct quorum_facts *q, bool personnel);

#endif
