/* Who wins a vote (proto/VOTE.md §6): the line of yes votes that passes,
 * adoption of an ordinary item, seats filled on a competitive cadre vote
 * and the run-off a tie at the last seat opens. Pure. */
#ifndef YG_RULES_OUTCOME_H
#define YG_RULES_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../proto/ballot.h"

enum outcome_result {
	OUTCOME_ADOPTED,
	OUTCOME_REJECTED,
	OUTCOME_ELECTED,
	OUTCOME_RUNOFF,
	OUTCOME_VOID,
};

struct outcome_rule {
	uint32_t num, den;   /* pass_threshold */
	bool inclusive;      /* at least (true) or more than (false) num/den */
	bool base_present;   /* pass_base: present members instead of 应到会 */
	uint32_t base_count; /* the number the share is of */
};

struct outcome {
	enum outcome_result result;
	uint32_t line; /* least yes votes that pass */
	uint32_t nelected;
	uint32_t elected[BALLOT_MAX_OPTIONS]; /* indices of labels, ranked */
	uint32_t nrunoff;
	uint32_t runoff[BALLOT_MAX_OPTIONS]; /* in label order */
	uint32_t runoff_seats;
};

const char *outcome_result_name(enum outcome_result r);
/* The rule from committee rules (pass_threshold, pass_base) and the base
 * count; false if they are unreadable. */
bool outcome_rule_from_rules(const cJSON *rules, uint32_t base_count, struct outcome_rule *r);
uint32_t outcome_line(const struct outcome_rule *r);
/* approval false: counts are yes, no, abstain; true: one per candidate,
 * seats K. */
void outcome_judge(const struct outcome_rule *r, bool approval, uint32_t seats,
		   const uint32_t *counts, uint32_t n, uint32_t ballots, uint32_t eligible,
		   struct outcome *out);
cJSON *outcome_to_json(const struct outcome_rule *r, const struct outcome *o);

#endif
