/* Who wins a vote (proto/VOTE.md §6). The line is exact integer arithmetic
 * on the committee's fraction (no floating point, so the server, the
 * verifier and any other implementation agree on every base); the rest is
 * counting. Nothing here can fail: what cannot happen by construction
 * (more ballots than voters, a count above the ballots, a shape no ballot
 * has) gives the result "void". */
#include <string.h>

#include "../proto/envelope.h"
#include "outcome.h"

const char *outcome_result_name(enum outcome_result r)
{
	switch (r) {
	case OUTCOME_ADOPTED:
		return "adopted";
	case OUTCOME_REJECTED:
		return "rejected";
	case OUTCOME_ELECTED:
		return "elected";
	case OUTCOME_RUNOFF:
		return "runoff";
	case OUTCOME_VOID:
		break;
	}
	return "void";
}

/* A whole number member of obj from 0 to UINT32_MAX. */
static bool outcome_u32(const cJSON *obj, const char *name, uint32_t *out)
{
	uint64_t v;

	if (!envelope_uint(cJSON_GetObjectItemCaseSensitive(obj, name), &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* pass_threshold {num, den, inclusive} with 0 <= num <= den, den >= 1 (the
 * settings allow less; a share above the whole makes no sense anywhere),
 * and pass_base "entitled" or "present". */
bool outcome_rule_from_rules(const cJSON *rules, uint32_t base_count, struct outcome_rule *r)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(rules, "pass_threshold");
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(t, "inclusive");
	const char *base =
		cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rules, "pass_base"));

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(t) || !outcome_u32(t, "num", &r->num) ||
	    !outcome_u32(t, "den", &r->den) || r->den == 0 || r->num > r->den ||
	    !cJSON_IsBool(inc) || base == NULL)
		return false;
	if (strcmp(base, "present") == 0)
		r->base_present = true;
	else if (strcmp(base, "entitled") != 0)
		return false;
	r->inclusive = cJSON_IsTrue(inc);
	r->base_count = base_count;
	return true;
}

/* strict: floor(base·num/den) + 1; inclusive: ceil(base·num/den). Both
 * factors are below 2^32, so the product fits 64 bits; so does the line
 * (at most base + 1 since num <= den; the cast keeps a bad den harmless). */
uint32_t outcome_line(const struct outcome_rule *r)
{
	uint64_t p = (uint64_t)r->base_count * r->num, den = r->den > 0 ? r->den : 1, l;

	l = r->inclusive ? (p + den - 1) / den : p / den + 1;
	return l > UINT32_MAX ? UINT32_MAX : (uint32_t)l;
}

/* Whether the counts can have come from ballots cast by eligible voters. */
static bool outcome_possible(bool approval, uint32_t seats, const uint32_t *counts, uint32_t n,
			     uint32_t ballots, uint32_t eligible)
{
	uint32_t i;

	if (ballots > eligible || n == 0 || n > BALLOT_MAX_OPTIONS || (!approval && n != 3) ||
	    (approval && (seats == 0 || seats > n)))
		return false;
	for (i = 0; i < n; i++)
		if (counts[i] > ballots)
			return false;
	return true;
}

/* Fill seats from the candidates at or above the line, ranked by votes
 * (ties in label order); a tie across the last seat goes to a run-off. */
static void outcome_approval(uint32_t line, uint32_t seats, const uint32_t *counts, uint32_t n,
			     struct outcome *out)
{
	uint32_t rank[BALLOT_MAX_OPTIONS], q = 0, i, j, v;

	for (i = 0; i < n; i++) {
		if (counts[i] < line)
			continue;
		/* Insertion keeps earlier labels first among equal votes. */
		for (j = q; j > 0 && counts[rank[j - 1]] < counts[i]; j--)
			rank[j] = rank[j - 1];
		rank[j] = i;
		q++;
	}
	out->result = OUTCOME_ELECTED;
	if (q <= seats || counts[rank[seats - 1]] != counts[rank[seats]]) {
		out->nelected = q < seats ? q : seats;
		memcpy(out->elected, rank, out->nelected * sizeof(rank[0]));
		return;
	}
	v = counts[rank[seats - 1]];
	for (i = 0; i < q && counts[rank[i]] > v; i++)
		out->elected[out->nelected++] = rank[i];
	for (i = 0; i < n; i++)
		if (counts[i] == v)
			out->runoff[out->nrunoff++] = i;
	out->runoff_seats = seats - out->nelected;
	out->result = OUTCOME_RUNOFF;
}

/* The outcome of a round (VOTE.md §6). */
void outcome_judge(const struct outcome_rule *r, bool approval, uint32_t seats,
		   const uint32_t *counts, uint32_t n, uint32_t ballots, uint32_t eligible,
		   struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->line = outcome_line(r);
	if (!outcome_possible(approval, seats, counts, n, ballots, eligible))
		out->result = OUTCOME_VOID;
	else if (!approval)
		out->result = counts[0] >= out->line ? OUTCOME_ADOPTED : OUTCOME_REJECTED;
	else
		outcome_approval(out->line, seats, counts, n, out);
}

/* An array of n indices, added to obj as name. */
static bool outcome_add_indices(cJSON *obj, const char *name, const uint32_t *idx, uint32_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(obj, name), *v;
	uint32_t i;

	for (i = 0; arr != NULL && i < n; i++) {
		v = cJSON_CreateNumber(idx[i]);
		if (v == NULL || !cJSON_AddItemToArray(arr, v)) {
			cJSON_Delete(v);
			return false;
		}
	}
	return arr != NULL;
}

/* {"result", "line", "base", "base_count", "threshold": {"num", "den",
 * "inclusive"}, "elected", "runoff", "runoff_seats"}. */
cJSON *outcome_to_json(const struct outcome_rule *r, const struct outcome *o)
{
	cJSON *j = cJSON_CreateObject(), *t;
	bool ok = j != NULL &&
		  cJSON_AddStringToObject(j, "result", outcome_result_name(o->result)) != NULL &&
		  cJSON_AddNumberToObject(j, "line", o->line) != NULL &&
		  cJSON_AddStringToObject(j, "base", r->base_present ? "present" : "entitled") !=
			  NULL &&
		  cJSON_AddNumberToObject(j, "base_count", r->base_count) != NULL &&
		  (t = cJSON_AddObjectToObject(j, "threshold")) != NULL &&
		  cJSON_AddNumberToObject(t, "num", r->num) != NULL &&
		  cJSON_AddNumberToObject(t, "den", r->den) != NULL &&
		  cJSON_AddBoolToObject(t, "inclusive", r->inclusive) != NULL &&
		  outcome_add_indices(j, "elected", o->elected,
				      o->nelected <= BALLOT_MAX_OPTIONS ? o->nelected : 0) &&
		  outcome_add_indices(j, "runoff", o->runoff,
				      o->nrunoff <= BALLOT_MAX_OPTIONS ? o->nrunoff : 0) &&
		  cJSON_AddNumberToObject(j, "runoff_seats", o->runoff_seats) != NULL;

	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}
