#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../../proto/events.h"
#include "../../rules/quorum.h"
#include "../../rules/speaking.h"
#include "tui_model.h"

/* A string member, "" if absent. */
static const char *js(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* A number, 0 if it is none or beyond 2^53 (where doubles no longer count
 * one by one, and converting inf or 1e300 would be undefined). */
static long long jnum(const cJSON *v)
{
	if (!cJSON_IsNumber(v) ||
	    !(v->valuedouble >= -9007199254740992.0 && v->valuedouble <= 9007199254740992.0))
		return 0;
	return (long long)v->valuedouble;
}

/* A number member, 0 if absent. */
static long long ji(const cJSON *o, const char *name)
{
	return jnum(cJSON_GetObjectItemCaseSensitive(o, name));
}

/* src into dst of size bytes, cut between UTF-8 characters if too long. */
static void tm_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src), k;

	if (n >= size) {
		n = size - 1;
		for (k = n; k > 0 && n - k < 3 && ((unsigned char)src[k] & 0xc0) == 0x80; k--)
			;
		if (((unsigned char)src[k] & 0xc0) != 0x80)
			n = k; /* src[n] went on a character begun at src[k] */
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

#define COPY(dst, src) tm_copy((dst), sizeof(dst), (src))

void tm_init(struct tm_meeting *m, long long meeting)
{
	memset(m, 0, sizeof(*m));
	m->id = meeting;
	m->quorum_num = 1;
	m->rules = (struct tm_rules){1, 1, 1}; /* the server's defaults */
	m->quorum_den = 2;
}

int tm_roster_index(const struct tm_meeting *m, long long member)
{
	int i;

	for (i = 0; i < m->nroster; i++)
		if (m->roster[i].id == member)
			return i;
	return -1;
}

const char *tm_name(const struct tm_meeting *m, long long member)
{
	int i = tm_roster_index(m, member);

	return i >= 0 ? m->roster[i].name : "";
}

/* The person id of list (roster or observers), added if new. */
static struct tm_person *tm_person(struct tm_person *list, int *n, long long id, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (list[i].id == id)
			break;
	if (i == *n) {
		if (*n == TM_MAX_PEOPLE)
			return NULL;
		memset(&list[i], 0, sizeof(list[i]));
		list[i].id = id;
		(*n)++;
	}
	if (name != NULL && name[0] != '\0')
		COPY(list[i].name, name);
	return &list[i];
}

struct tm_item *tm_item(struct tm_meeting *m, long long id)
{
	int i;

	for (i = 0; i < m->nitems; i++)
		if (m->items[i].id == id)
			return &m->items[i];
	return NULL;
}

const struct tm_item *tm_item_c(const struct tm_meeting *m, long long id)
{
	return tm_item((struct tm_meeting *)m, id);
}

/* The item id, added at the end of the agenda if new. */
static struct tm_item *tm_item_add(struct tm_meeting *m, long long id, const char *title)
{
	struct tm_item *it = tm_item(m, id);

	if (it == NULL) {
		if (m->nitems == TM_MAX_ITEMS)
			return NULL;
		it = &m->items[m->nitems++];
		memset(it, 0, sizeof(*it));
		it->id = id;
	}
	if (title != NULL && title[0] != '\0')
		COPY(it->title, title);
	return it;
}

const struct tm_item *tm_current(const struct tm_meeting *m)
{
	int i;

	for (i = 0; i < m->nitems; i++)
		if (m->items[i].state == TM_OPEN || m->items[i].state == TM_VOTING ||
		    m->items[i].state == TM_DECRYPTING || m->items[i].state == TM_DISCUSSED ||
		    m->items[i].state == TM_RUNOFF)
			return &m->items[i];
	return NULL;
}

/* The agenda of a meeting object ([{item, title, removed_at}]). */
static void tm_agenda(struct tm_meeting *m, const cJSON *agenda)
{
	const cJSON *a;
	struct tm_item *it;

	cJSON_ArrayForEach(a, agenda) {
		it = tm_item_add(m, ji(a, "item"), js(a, "title"));
		if (it != NULL && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(a, "removed_at")))
			it->state = TM_REMOVED;
	}
}

/* A fraction rule {num, den, inclusive}, kept only if it is one the server
 * accepts (0 < num <= den <= 100): entitled * num must not overflow. */
static void tm_quorum_rule(struct tm_meeting *m, const cJSON *q)
{
	if (ji(q, "num") <= 0 || ji(q, "num") > ji(q, "den") || ji(q, "den") > 100)
		return;
	m->quorum_num = (int)ji(q, "num");
	m->quorum_den = (int)ji(q, "den");
	m->quorum_inclusive = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "inclusive"));
}

void tm_apply_state(struct tm_meeting *m, const cJSON *st)
{
	const cJSON *p;
	struct tm_person *who;

	COPY(m->title, js(st, "title"));
	COPY(m->place, js(st, "place"));
	COPY(m->starts_at, js(st, "starts_at"));
	COPY(m->status, js(st, "status"));
	m->entitled = ji(st, "entitled");
	m->present = ji(st, "present");
	tm_quorum_rule(m, cJSON_GetObjectItemCaseSensitive(st, "quorum"));
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(st, "roster")) {
		who = tm_person(m->roster, &m->nroster, ji(p, "id"), js(p, "name"));
		if (who == NULL)
			continue;
		who->present = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "present"));
		COPY(who->absence, js(p, "absence"));
	}
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(st, "observers")) {
		who = tm_person(m->observers, &m->nobservers, ji(p, "id"), js(p, "name"));
		if (who != NULL)
			who->present = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "present"));
	}
	tm_agenda(m, cJSON_GetObjectItemCaseSensitive(st, "agenda"));
}

/* Counts that entries carry. */
static void tm_counts(struct tm_meeting *m, const cJSON *d)
{
	if (cJSON_GetObjectItemCaseSensitive(d, "entitled") != NULL)
		m->entitled = ji(d, "entitled");
	if (cJSON_GetObjectItemCaseSensitive(d, "present") != NULL)
		m->present = ji(d, "present");
}

/* Entries about the meeting as a whole and its attendance. */
static int tm_apply_meeting(struct tm_meeting *m, const char *ev, const cJSON *d)
{
	struct tm_person *who;
	const cJSON *p;

	if (event_is(ev, EV_MEETING_ANNOUNCED)) {
		COPY(m->title, js(d, "title"));
		COPY(m->place, js(d, "place"));
		if (m->status[0] == '\0')
			COPY(m->status, "announced");
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(d, "roster")) {
			tm_person(m->roster, &m->nroster, ji(p, "id"), js(p, "name"));
		}
		tm_agenda(m, cJSON_GetObjectItemCaseSensitive(d, "agenda"));
	} else if (event_is(ev, EV_MEETING_OPENED)) {
		COPY(m->status, "open");
		tm_counts(m, d);
	} else if (event_is(ev, EV_MEETING_CLOSED)) {
		COPY(m->status, "closed");
		tm_counts(m, d);
	} else if (event_is(ev, EV_OBSERVER_INVITED)) {
		tm_person(m->observers, &m->nobservers, ji(d, "observer"), js(d, "name"));
	} else if (event_is(ev, EV_ATTENDANCE_IN) || event_is(ev, EV_ATTENDANCE_OUT)) {
		int member = strcmp(js(d, "kind"), "member") == 0;

		who = member ? tm_person(m->roster, &m->nroster, ji(d, "who"), js(d, "name"))
			     : tm_person(m->observers, &m->nobservers, ji(d, "who"), js(d, "name"));
		if (who != NULL) {
			who->present = event_is(ev, EV_ATTENDANCE_IN);
			if (who->present)
				who->absence[0] = '\0';
		}
		if (member)
			tm_counts(m, d);
	} else if (event_is(ev, EV_ATTENDANCE_ABSENT)) {
		who = tm_person(m->roster, &m->nroster, ji(d, "member"), js(d, "name"));
		if (who != NULL)
			COPY(who->absence, js(d, "reason"));
	} else
		return 0;
	return 1;
}

/* The floor request id of it, added if new. */
static struct tm_floor *tm_floor(struct tm_item *it, long long request, const char *name)
{
	int i;

	for (i = 0; i < it->nfloor; i++)
		if (it->floor[i].request == request)
			return &it->floor[i];
	if (it->nfloor == TM_MAX_FLOOR) { /* forget the oldest */
		memmove(&it->floor[0], &it->floor[1], sizeof(it->floor[0]) * (TM_MAX_FLOOR - 1));
		it->nfloor--;
	}
	i = it->nfloor++;
	memset(&it->floor[i], 0, sizeof(it->floor[i]));
	it->floor[i].request = request;
	COPY(it->floor[i].name, name);
	return &it->floor[i];
}

/* A cadre item's candidates by name (agenda.opened names them). */
static void tm_candidates(struct tm_item *it, const cJSON *names)
{
	const cJSON *n;

	it->ncand = 0;
	cJSON_ArrayForEach(n, names) {
		if (it->ncand >= TM_MAX_LABELS)
			break;
		COPY(it->cand[it->ncand], cJSON_IsString(n) ? n->valuestring : "");
		it->ncand++;
	}
	if (it->ncand > 0)
		it->candidates = it->ncand;
}

/* A statement or pass by member on candidate c of it. */
static void tm_spoke(struct tm_meeting *m, struct tm_item *it, long long member, long long c)
{
	int i = tm_roster_index(m, member);

	if (i >= 0 && c >= 0 && c < SPEAKING_MAX_CANDIDATES)
		it->spoke[i] |= (uint64_t)1 << c;
}

/* What happens on an item before its vote. */
static int tm_apply_agenda(struct tm_meeting *m, const char *ev, const cJSON *d)
{
	struct tm_item *it;
	int i;

	if (strncmp(ev, "agenda.", 7) != 0 || (it = tm_item_add(m, ji(d, "item"), NULL)) == NULL)
		return 0;
	if (event_is(ev, EV_AGENDA_OPENED)) {
		if (js(d, "title")[0] != '\0')
			COPY(it->title, js(d, "title"));
		it->state = TM_OPEN;
		it->presiding = ji(d, "presiding");
		it->personnel = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "personnel"));
		tm_candidates(it, cJSON_GetObjectItemCaseSensitive(d, "candidates"));
		tm_counts(m, d);
	} else if (event_is(ev, EV_AGENDA_PRESENTED)) {
		it->presented = 1;
		COPY(it->presenter, js(d, "name"));
	} else if (event_is(ev, EV_AGENDA_STATEMENT)) {
		tm_spoke(m, it, ji(d, "member"), ji(d, "candidate"));
	} else if (event_is(ev, EV_AGENDA_RECUSED)) {
		if ((i = tm_roster_index(m, ji(d, "member"))) >= 0)
			it->recused[i] = 1;
	} else if (event_is(ev, EV_AGENDA_PRESIDING)) {
		it->presiding = ji(d, "to");
	} else if (event_is(ev, EV_AGENDA_DEFERRED)) {
		it->state = TM_DEFERRED;
	} else if (event_is(ev, EV_AGENDA_DISCUSSED)) {
		it->state = TM_DISCUSSED;
	} else
		return 0;
	return 1;
}

/* Requests for the floor. */
static int tm_apply_floor(struct tm_meeting *m, const char *ev, const cJSON *d)
{
	struct tm_item *it;

	if (strncmp(ev, "floor.", 6) != 0 || (it = tm_item_add(m, ji(d, "item"), NULL)) == NULL)
		return 0;
	if (event_is(ev, EV_FLOOR_REQUESTED))
		tm_floor(it, ji(d, "request"), js(d, "name"));
	else if (event_is(ev, EV_FLOOR_GRANTED))
		tm_floor(it, ji(d, "request"), js(d, "name"))->granted = 1;
	else
		return 0;
	return 1;
}

/* A round's question: its kind, labels and seats. */
static void tm_question(struct tm_item *it, const cJSON *q)
{
	const cJSON *l;

	if (q == NULL)
		return;
	COPY(it->kind, js(q, "kind"));
	it->seats = ji(q, "seats") > 0 && ji(q, "seats") <= 64 ? (int)ji(q, "seats")
							       : 0; /* ≤ 64 options */
	it->nlabels = 0;
	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(q, "labels")) {
		if (it->nlabels < TM_MAX_LABELS && cJSON_IsString(l))
			COPY(it->labels[it->nlabels++], l->valuestring);
	}
	if (strcmp(it->kind, "approval") == 0)
		it->candidates = it->nlabels;
}

/* The announced result of a round. */
static void tm_result(struct tm_item *it, const cJSON *d)
{
	const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(d, "outcome"), *c;
	int n = 0;

	tm_question(it, cJSON_GetObjectItemCaseSensitive(d, "question"));
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(d, "counts")) {
		if (n < TM_MAX_LABELS)
			it->counts[n++] = jnum(c);
	}
	COPY(it->result, js(outcome, "result"));
	it->line = ji(outcome, "line");
	it->nelected = 0;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(outcome, "elected")) {
		double e = cJSON_IsNumber(c) ? c->valuedouble : -1;

		if (it->nelected < TM_MAX_LABELS) /* -1: names no label */
			it->elected[it->nelected++] = e >= 0 && e < TM_MAX_LABELS ? (int)e : -1;
	}
	it->state = strcmp(it->result, "runoff") == 0 ? TM_RUNOFF : TM_DECIDED;
}

/* A scrutineer of the meeting by member id, NULL if none. */
static struct tm_scrutineer *tm_scrutineer(struct tm_meeting *m, long long member)
{
	int i;

	for (i = 0; i < m->nscrutineers; i++)
		if (m->scrutineers[i].member == member)
			return &m->scrutineers[i];
	return NULL;
}

int tm_is_scrutineer(const struct tm_meeting *m, long long member)
{
	return tm_scrutineer((struct tm_meeting *)m, member) != NULL;
}

/* Scrutineers and their keys. */
static int tm_apply_scrutiny(struct tm_meeting *m, const char *ev, const cJSON *d)
{
	struct tm_scrutineer *s;
	const cJSON *x;

	if (event_is(ev, EV_SCRUTINEERS_DESIGNATED)) {
		m->nscrutineers = 0;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(d, "scrutineers")) {
			if (m->nscrutineers == TM_MAX_SCRUT)
				break;
			s = &m->scrutineers[m->nscrutineers++];
			memset(s, 0, sizeof(*s));
			s->member = ji(x, "member");
			COPY(s->name, js(x, "name"));
		}
	} else if (event_is(ev, EV_SCRUTINEER_KEY)) {
		if ((s = tm_scrutineer(m, ji(d, "member"))) != NULL)
			s->key_published = 1;
	} else if (event_is(ev, EV_ELECTION_KEY)) {
		m->election_key = 1;
	} else
		return 0;
	return 1;
}

/* The vote on an item. */
static int tm_apply_vote(struct tm_meeting *m, const char *ev, const cJSON *d)
{
	struct tm_item *it;
	const cJSON *x;

	if (strncmp(ev, "vote.", 5) != 0 || (it = tm_item_add(m, ji(d, "item"), NULL)) == NULL)
		return 0;
	if (event_is(ev, EV_VOTE_OPENED)) {
		it->state = TM_VOTING;
		it->round =
			ji(d, "round") > 0 && ji(d, "round") < 1000000 ? (int)ji(d, "round") : 0;
		it->cast = 0;
		it->voted = 0;
		it->receipt[0] = '\0';
		it->result[0] = '\0';
		it->decrypted = 0;
		it->neligible = 0;
		tm_question(it, cJSON_GetObjectItemCaseSensitive(d, "question"));
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(d, "eligible")) {
			if (it->neligible < TM_MAX_PEOPLE)
				it->eligible[it->neligible++] = jnum(x);
		}
	} else if (event_is(ev, EV_VOTE_CAST)) {
		it->cast = ji(d, "cast");
	} else if (event_is(ev, EV_VOTE_CLOSING)) {
		it->state = TM_DECRYPTING;
		it->cast = ji(d, "ballots");
	} else if (event_is(ev, EV_VOTE_DECRYPTED)) {
		it->decrypted++;
	} else if (event_is(ev, EV_VOTE_RESULT)) {
		tm_result(it, d);
	} else
		return 0;
	return 1;
}

int tm_apply(struct tm_meeting *m, long long seq, const char *ev, const cJSON *d)
{
	if (seq <= m->last_seq)
		return 0;
	m->last_seq = seq;
	if (!tm_apply_meeting(m, ev, d) && !tm_apply_agenda(m, ev, d) &&
	    !tm_apply_floor(m, ev, d) && !tm_apply_scrutiny(m, ev, d))
		tm_apply_vote(m, ev, d);
	return 1;
}

/* The count present that the quorum rule num/den needs out of entitled, as
 * the server counts it (rules/quorum.c). */
long long tm_quorum_needed(long long entitled, int num, int den, int inclusive)
{
	struct fraction f = {num, den, inclusive != 0};

	if (den <= 0) /* no rule known: more than half */
		f = (struct fraction){1, 2, false};
	return fraction_needed(entitled > LONG_MAX ? LONG_MAX : (long)entitled, f);
}

void tm_apply_rules(struct tm_meeting *m, const cJSON *result)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(result, "rules"), *v;

	if ((v = cJSON_GetObjectItemCaseSensitive(r, "chair_speaks_last")) != NULL &&
	    cJSON_IsBool(v))
		m->rules.chair_last = cJSON_IsTrue(v);
	if ((v = cJSON_GetObjectItemCaseSensitive(r, "recuse_discussion")) != NULL &&
	    cJSON_IsBool(v))
		m->rules.recuse_discussion = cJSON_IsTrue(v);
	if ((v = cJSON_GetObjectItemCaseSensitive(r, "personnel_all_state")) != NULL &&
	    cJSON_IsBool(v))
		m->rules.personnel_all_state = cJSON_IsTrue(v);
}

/* The speaking facts of an item as the server builds them (rules/speaking.h),
 * from what this terminal has seen; members is filled, TM_MAX_PEOPLE long. */
static void tm_speaking_facts(const struct tm_meeting *m, const struct tm_item *it,
			      struct speaker *members, struct speaking_facts *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->personnel = it->personnel;
	f->candidates =
		it->personnel && it->candidates > 0
			? (it->candidates < SPEAKING_MAX_CANDIDATES ? it->candidates
								    : SPEAKING_MAX_CANDIDATES)
			: 1;
	f->chair_last = m->rules.chair_last;
	f->personnel_all_state = m->rules.personnel_all_state;
	f->recuse_discussion = m->rules.recuse_discussion;
	f->presented = it->presented;
	for (i = 0; i < m->nroster; i++) {
		members[i] = (struct speaker){
			.id = m->roster[i].id,
			.present = m->roster[i].present,
			.recused = it->recused[i] != 0,
			.presiding = m->roster[i].id == it->presiding,
			.spoke = it->spoke[i],
		};
	}
	f->members = members;
	f->n = m->nroster;
}

/* The candidates' bits a member must have stated on an item. */
static uint64_t tm_needed_mask(const struct speaking_facts *f)
{
	return f->candidates >= 64 ? UINT64_MAX : ((uint64_t)1 << f->candidates) - 1;
}

/* What the rules (rules/speaking.c) say to member doing act on the item
 * now: SPEAK_OK if the server would take it, for some candidate on cadre
 * items. The screens offer a key only when this says yes. */
enum speak_verdict tm_speak_verdict(const struct tm_meeting *m, const struct tm_item *it,
				    long long member, enum speak_act act)
{
	struct speaker members[TM_MAX_PEOPLE];
	struct speaking_facts f;
	enum speak_verdict v, first = SPEAK_ALREADY;
	int c;

	tm_speaking_facts(m, it, members, &f);
	for (c = 0; c < f.candidates; c++) {
		v = speaking_check(&f, member, act, c);
		if (v == SPEAK_OK)
			return v;
		if (first == SPEAK_ALREADY)
			first = v;
	}
	return first;
}

/* Who is still to speak and what the chair may do, as the rules the
 * server judges by say (rules/speaking.c): who takes part, whether the
 * presiding member may state now, whether discussion can close. */
void tm_queue(const struct tm_meeting *m, const struct tm_item *it, struct tm_queue *q)
{
	struct speaker members[TM_MAX_PEOPLE];
	struct speaking_facts f;
	enum speak_verdict v;
	uint64_t need;
	int i;

	tm_speaking_facts(m, it, members, &f);
	need = tm_needed_mask(&f);
	memset(q, 0, sizeof(*q));
	q->presented = it->presented;
	q->presiding_ix = tm_roster_index(m, it->presiding);
	for (i = 0; i < f.n; i++) {
		if (!speaking_takes_part(&f, &members[i]))
			continue;
		q->taking_part++;
		if (members[i].presiding)
			continue;
		if ((members[i].spoke & need) != need)
			q->waiting[q->nwaiting++] = i;
	}
	v = tm_speak_verdict(m, it, it->presiding, SPEAK_STATE);
	q->chair_may = v == SPEAK_OK || v == SPEAK_ALREADY;
	q->chair_done = q->presiding_ix >= 0 && (it->spoke[q->presiding_ix] & need) == need;
	q->can_close = speaking_complete(&f);
}

int tm_eligible(const struct tm_item *it, long long member)
{
	int i;

	for (i = 0; i < it->neligible; i++)
		if (it->eligible[i] == member)
			return 1;
	return 0;
}

void tm_push_line(struct tm_meeting *m, const char *text)
{
	int at = (m->line_head + m->nlines) % TM_MAX_LINES;

	if (m->nlines == TM_MAX_LINES) {
		at = m->line_head;
		m->line_head = (m->line_head + 1) % TM_MAX_LINES;
	} else
		m->nlines++;
	COPY(m->lines[at], text);
}

const char *tm_line(const struct tm_meeting *m, int i)
{
	if (i < 0 || i >= m->nlines)
		return NULL;
	return m->lines[(m->line_head + m->nlines - 1 - i) % TM_MAX_LINES];
}
