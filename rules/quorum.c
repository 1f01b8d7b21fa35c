#include <limits.h>
#include <math.h>

#include "quorum.h"

/* Counts beyond this are refused: no committee is that large, and below it
 * count * den cannot overflow with den <= 100. */
#define QUORUM_MAX (LONG_MAX / 128)

/* Whether count out of base reaches the share f. A base of 0 reaches
 * nothing: a meeting of nobody decides nothing. */
bool fraction_reached(long count, long base, struct fraction f)
{
	long long lhs, rhs;

	if (base <= 0 || count < 0 || f.den <= 0 || f.num < 0 || base > QUORUM_MAX ||
	    count > QUORUM_MAX || f.den > 100 || f.num > 100)
		return false;
	lhs = (long long)count * f.den;
	rhs = (long long)f.num * base;
	return f.inclusive ? lhs >= rhs : lhs > rhs;
}

/* The smallest count out of base that reaches f; base + 1 if none does
 * (LONG_MAX for a base beyond any committee). */
long fraction_needed(long base, struct fraction f)
{
	long long n;

	if (base > QUORUM_MAX)
		return LONG_MAX;
	if (base <= 0 || f.den <= 0 || f.num < 0 || f.den > 100 || f.num > 100)
		return base + 1;
	n = ((long long)f.num * base) / f.den; /* floor(num*base/den) */
	if (!fraction_reached((long)n, base, f))
		n++;
	return n <= base ? (long)n : base + 1;
}

/* Read {"num", "den", "inclusive"} as the rules store it. */
int fraction_from_json(const cJSON *json, struct fraction *f)
{
	const cJSON *num = cJSON_GetObjectItemCaseSensitive(json, "num");
	const cJSON *den = cJSON_GetObjectItemCaseSensitive(json, "den");
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(json, "inclusive");

	if (!cJSON_IsNumber(num) || !cJSON_IsNumber(den) || !cJSON_IsBool(inc) ||
	    floor(num->valuedouble) != num->valuedouble ||
	    floor(den->valuedouble) != den->valuedouble ||
	    !(num->valuedouble >= 1 && num->valuedouble <= 100) ||
	    !(den->valuedouble >= 1 && den->valuedouble <= 100) ||
	    num->valuedouble > den->valuedouble)
		return -1;
	f->num = (long)num->valuedouble;
	f->den = (long)den->valuedouble;
	f->inclusive = cJSON_IsTrue(inc);
	return 0;
}

/* May the meeting open: enough of the entitled members present? */
bool quorum_to_open(const struct quorum_facts *q)
{
	return fraction_reached(q->present, q->entitled, q->quorum);
}

/* May an item be taken up (or its vote opened): the general quorum, and
 * for cadre items the stricter one as well. */
bool quorum_for_item(const struct quorum_facts *q, bool personnel)
{
	return quorum_to_open(q) &&
	       (!personnel || fraction_reached(q->present, q->entitled, q->quorum_personnel));
}
