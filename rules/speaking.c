#include <stddef.h>

#include "speaking.h"

static const char *const speak_codes[SPEAK__COUNT] = {
	[SPEAK_OK] = "ok",
	[SPEAK_NOT_MEMBER] = "not_member",
	[SPEAK_NOT_PRESENT] = "not_present",
	[SPEAK_RECUSED] = "recused",
	[SPEAK_NOT_PRESENTER] = "not_presenter",
	[SPEAK_ALREADY_PRESENTED] = "already_presented",
	[SPEAK_NOT_PRESENTED] = "not_presented",
	[SPEAK_BAD_CANDIDATE] = "bad_candidate",
	[SPEAK_ALREADY] = "already_spoke",
	[SPEAK_PASS_NOT_ALLOWED] = "pass_not_allowed",
	[SPEAK_CHAIR_NOT_LAST] = "chair_not_last",
};

/* The stable name of a verdict. */
const char *speak_verdict_code(enum speak_verdict v)
{
	return (unsigned)v < SPEAK__COUNT ? speak_codes[v] : "?";
}

/* The speaker with this id, or NULL. */
static const struct speaker *speaking_find(const struct speaking_facts *f, long long id)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->members[i].id == id)
			return &f->members[i];
	return NULL;
}

/* Whether a member takes part in this item's discussion at all. */
bool speaking_takes_part(const struct speaking_facts *f, const struct speaker *s)
{
	return s->present && !(s->recused && f->recuse_discussion);
}

/* The members other than the presiding one who take part and have not yet
 * spoken on candidate: their ids in ids (at most max), their number
 * returned. */
int speaking_outstanding(const struct speaking_facts *f, int candidate, long long *ids, int max)
{
	int i, n = 0;

	if (candidate < 0 || candidate >= SPEAKING_MAX_CANDIDATES)
		return 0;
	for (i = 0; i < f->n; i++) {
		const struct speaker *s = &f->members[i];

		if (s->presiding || !speaking_takes_part(f, s) ||
		    (s->spoke & ((uint64_t)1 << candidate)))
			continue;
		if (n < max)
			ids[n] = s->id;
		n++;
	}
	return n;
}

/* Whether candidate is right for the item: 0..candidates-1 on cadre items,
 * 0 on others. */
static bool speaking_candidate_ok(const struct speaking_facts *f, int candidate)
{
	if (!f->personnel)
		return candidate == 0;
	return candidate >= 0 && candidate < f->candidates && candidate < SPEAKING_MAX_CANDIDATES;
}

/* The verdict on a position or a pass. */
static enum speak_verdict speaking_check_statement(const struct speaking_facts *f,
						   const struct speaker *s, enum speak_act act,
						   int candidate)
{
	if (!f->presented)
		return SPEAK_NOT_PRESENTED;
	if (!speaking_candidate_ok(f, candidate))
		return SPEAK_BAD_CANDIDATE;
	if (s->spoke & ((uint64_t)1 << candidate))
		return SPEAK_ALREADY;
	if (act == SPEAK_PASS && f->personnel && f->personnel_all_state)
		return SPEAK_PASS_NOT_ALLOWED;
	if (s->presiding && f->chair_last && speaking_outstanding(f, candidate, NULL, 0) > 0)
		return SPEAK_CHAIR_NOT_LAST;
	return SPEAK_OK;
}

/* May member who do act (on candidate, for statements) now? */
enum speak_verdict speaking_check(const struct speaking_facts *f, long long who, enum speak_act act,
				  int candidate)
{
	const struct speaker *s = speaking_find(f, who);

	if (s == NULL)
		return SPEAK_NOT_MEMBER;
	if (!s->present)
		return SPEAK_NOT_PRESENT;
	if (s->recused && f->recuse_discussion)
		return SPEAK_RECUSED;
	if (act == SPEAK_PRESENT) {
		if (!s->presenter)
			return SPEAK_NOT_PRESENTER;
		return f->presented ? SPEAK_ALREADY_PRESENTED : SPEAK_OK;
	}
	return speaking_check_statement(f, s, act, candidate);
}

/* Whether everyone who takes part, the presiding member included, has
 * spoken on every candidate: discussion can close. */
bool speaking_complete(const struct speaking_facts *f)
{
	int i, c, ncand = f->personnel ? f->candidates : 1;

	if (!f->presented)
		return false;
	for (i = 0; i < f->n; i++)
		for (c = 0; c < ncand && c < SPEAKING_MAX_CANDIDATES; c++)
			if (speaking_takes_part(f, &f->members[i]) &&
			    !(f->members[i].spoke & ((uint64_t)1 << c)))
				return false;
	return true;
}
