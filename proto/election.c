/* The offline verifier of an election record (proto/VOTE.md §8, `yg
 * verify`). It trusts nothing in the record but the mathematics: every key,
 * ballot, decryption, count, outcome and signature is recomputed or
 * re-verified, with the record's own numbers only as claims to compare.
 * Records come from anywhere, so every member is read as possibly missing,
 * of the wrong type or absurdly large; lists are capped (EV_MAX_*) before
 * any expensive work. Each finding is one line; after ELECTION_MAX_LINES
 * the last line counts what did not fit, and the verdict stays exact. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "election.h"
#include "dkg_ceremony.h"
#include "election_shape.h"
#include "election_void.h"
#include "envelope.h"
#include "jcs.h"
#include "jws.h"
#include "../rules/outcome.h"
#include "scrutiny.h"
#include "vote.h"
#include "xalloc.h"

#define EV_MAX_SCRUTINEERS 9    /* the rule `scrutineers` allows 1..9 */
#define EV_MAX_ROUNDS      16   /* vote.cast refuses rounds above 16 */
#define EV_MAX_VOTERS      1000 /* eligible voters, and ballots, per round */
#define EV_MAX_CEREMONIES  16   /* key ceremonies of a meeting */

/* One key ceremony of the meeting: its scrutineers and election key. */
struct ev_ceremony {
	uint64_t number;
	const char *election_key; /* its text, as every context hashes it */
	uint32_t nscrut;
	bool scrut_ok; /* every scrutineer's key was read (proofs aside) */
	bool used;     /* a round of the record was under it */
	uint64_t members[EV_MAX_SCRUTINEERS];
	unsigned char member_pub[EV_MAX_SCRUTINEERS][SIG_PUB_LEN];
	struct ballot_pubkey keys[EV_MAX_SCRUTINEERS];
	/* a threshold key ceremony (BALLOT.md §7.5, §7.7): decryptions are
	 * proven against the verification keys y, any `threshold` of them */
	bool dkg, dkg_ok;
	uint32_t threshold;
	EC_POINT *y[EV_MAX_SCRUTINEERS];
};

/* The verifier's state for the whole record. */
struct ev {
	struct group *g;
	struct election_report *rep;
	int fails;                      /* failures found so far, listed or not */
	unsigned hidden, hidden_failed; /* findings that did not fit */
	uint64_t committee, meeting, item;
	const cJSON *record;
	const unsigned char *pinned;    /* the auditor's server key, or NULL */
	const unsigned char *tally_key; /* the key the tallies must verify with */
	unsigned char server_pub[SIG_PUB_LEN];
	struct ev_ceremony cer[EV_MAX_CEREMONIES];
	uint32_t ncer;
	/* the ceremony of the round being checked (NULL: none readable) */
	const struct ev_ceremony *cur;
	const char *election_key;
	uint32_t nscrut;
	bool scrut_ok;
	const struct ballot_pubkey *keys;
};

/* One round being checked. */
struct ev_round {
	const cJSON *rj;
	uint64_t round;
	const cJSON *question;
	bool approval;
	uint32_t seats, entitled;
	struct ballot_context ctx; /* the election context (voter 0) */
	uint32_t neligible;
	uint64_t elig_id[EV_MAX_VOTERS];
	unsigned char elig_key[EV_MAX_VOTERS][SIG_PUB_LEN];
	uint32_t nballots, nvoters;
	uint64_t voter_id[EV_MAX_VOTERS];
	bool board_ok;
	unsigned char board[VOTE_HASH_LEN];
	struct ballot_tally sum; /* recomputed from the ballots that could be read */
	bool sum_ok;             /* every ballot could be read */
	struct ballot_tally agg; /* the record's aggregate */
	bool agg_ok;
	struct ballot_share sh[EV_MAX_SCRUTINEERS];
	bool sh_live[EV_MAX_SCRUTINEERS];
	bool shares_ok; /* one verified decryption from every scrutineer */
	uint32_t counts[BALLOT_MAX_OPTIONS];
	bool counts_ok;
	uint32_t present;
	bool present_ok;
	const cJSON *prev; /* the round before, or NULL */
	bool last;         /* the record's last round */
};

static const cJSON *ev_get(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static const char *ev_str(const cJSON *obj, const char *name)
{
	return cJSON_GetStringValue(ev_get(obj, name));
}

/* An id: a whole number from 1 to 2^53 - 1. */
static bool ev_id(const cJSON *obj, const char *name, uint64_t *out)
{
	return envelope_uint(ev_get(obj, name), out) && *out >= 1;
}

/* A whole number that fits 32 bits. */
static bool ev_u32(const cJSON *obj, const char *name, uint32_t *out)
{
	uint64_t v;

	if (!envelope_uint(ev_get(obj, name), &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Add a finding; a failure fails the record. */
static void ev_say(struct ev *ev, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void ev_say(struct ev *ev, bool ok, const char *fmt, ...)
{
	struct election_report *rep = ev->rep;
	char *line;
	va_list ap;
	int n;

	if (!ok) {
		rep->ok = false;
		ev->fails++;
	}
	if (rep->nlines < ELECTION_MAX_LINES) {
		line = rep->lines[rep->nlines++];
		n = snprintf(line, sizeof(rep->lines[0]), "%s", ok ? "ok: " : "FAIL: ");
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof(rep->lines[0]) - (size_t)n, fmt, ap);
		va_end(ap);
		return;
	}
	/* The last line gives way to a count of what did not fit. */
	line = rep->lines[ELECTION_MAX_LINES - 1];
	if (ev->hidden == 0) {
		ev->hidden = 1;
		ev->hidden_failed = strncmp(line, "FAIL", 4) == 0;
	}
	ev->hidden++;
	ev->hidden_failed += !ok;
	snprintf(line, sizeof(rep->lines[0]), "%s%u more findings not listed, %u of them failures",
		 ev->hidden_failed > 0 ? "FAIL: " : "ok: ", ev->hidden, ev->hidden_failed);
}

/* Whether a and b have the same canonical JSON (false if either has none). */
static bool ev_same_json(const cJSON *a, const cJSON *b)
{
	char *x = a != NULL ? jcs_encode(a, NULL) : NULL,
	     *y = b != NULL ? jcs_encode(b, NULL) : NULL;
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* "3, 1, 0" for n counts, cut short to fit out. */
static const char *ev_counts_text(const uint32_t *c, uint32_t n, char *out, size_t len)
{
	size_t o = 0;
	uint32_t i;

	out[0] = '\0';
	for (i = 0; i < n && o + 16 < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%u", i > 0 ? ", " : "", c[i]);
	if (i < n)
		snprintf(out + o, len - o, ", ...");
	return out;
}

/* ---------------------------------------------------------------------
 * Check 1: the format, the scrutineers' keys and the election key. */

/* One problem of the record's shape, a FAIL line. */
static void ev_shape_say(void *arg, const char *problem)
{
	ev_say(arg, false, "%s", problem);
}

/* The record and every object in it closed to the members the spec
 * lists (election_shape.c). */
static void ev_shape(struct ev *ev, const cJSON *record)
{
	if (election_shape(record, ev_shape_say, ev) == 0)
		ev_say(ev, true,
		       "every object of the record has exactly the members VOTE.md §8 "
		       "lists");
}

/* The record's title is the one the first round's (signed) question asks
 * about; every later round's question keeps it (check 6). */
static void ev_title(struct ev *ev, const cJSON *record)
{
	const char *title = ev_str(record, "title");
	const cJSON *first = cJSON_GetArrayItem(ev_get(record, "rounds"), 0);
	const char *asked = ev_str(ev_get(first, "question"), "title");

	if (title == NULL || asked == NULL || strcmp(title, asked) != 0)
		ev_say(ev, false, "the record's title is not the title of the question voted on");
	else
		ev_say(ev, true, "the record's title is the question's: %s", title);
}

/* The record's identity and the key its tallies are signed with. */
static bool ev_header(struct ev *ev, const cJSON *record)
{
	const char *format = ev_str(record, "format");
	const char *server_key = ev_str(record, "server_key");
	char pinned_text[SIG_PUB_TEXT_LEN + 1];
	bool server_ok;

	if (format != NULL && strcmp(format, VOTE_RECORD_FORMAT_OLD) == 0) {
		ev_say(ev, false,
		       "format version 1 is no longer accepted (its tallies sign too little; "
		       "VOTE.md §8)");
		return false;
	}
	if (format != NULL && strcmp(format, VOTE_RECORD_FORMAT_V2) == 0) {
		ev_say(ev, false,
		       "format version 2 is no longer accepted (its scrutineers' keys are not "
		       "signed by them, and it holds no voided round; VOTE.md §8.2)");
		return false;
	}
	if (format == NULL || strcmp(format, VOTE_RECORD_FORMAT) != 0) {
		ev_say(ev, false, "not an election record (format %s)", VOTE_RECORD_FORMAT);
		return false;
	}
	ev_shape(ev, record);
	if (!ev_id(record, "committee", &ev->committee) ||
	    !ev_id(record, "meeting", &ev->meeting) || !ev_id(record, "item", &ev->item)) {
		ev_say(ev, false, "the record's committee, meeting and item are not all ids");
		return false;
	}
	server_ok = server_key != NULL && sig_pub_from_text(server_key, ev->server_pub);
	/* What the auditor pins is what the tallies must verify with; a
	 * record's own key proves nothing (a forger re-signs with theirs). */
	ev->tally_key = ev->pinned;
	if (!server_ok)
		ev_say(ev, false, "the record's server_key is not an ed25519 key");
	if (ev->pinned != NULL) {
		sig_pub_to_text(ev->pinned, pinned_text);
		ev_say(ev, server_ok && memcmp(ev->server_pub, ev->pinned, SIG_PUB_LEN) == 0,
		       "the record's server key is the pinned key %s", pinned_text);
	} else {
		ev_say(ev, false,
		       "no trust anchor: the server key is not pinned, so no signature can be "
		       "trusted (pin it with --server-key)");
	}
	ev_title(ev, record);
	return true;
}

/* Read scrutineer i of ceremony c, {index, member, member_key, key, proof,
 * signature}, into c->keys[i]; check its proof and that the member signed
 * the publication; false if unreadable. */
static bool ev_scrutineer(struct ev *ev, struct ev_ceremony *c, const cJSON *s, uint32_t i)
{
	struct ballot_key_context kc = {ev->committee, ev->meeting, i, 0, {0}};
	const cJSON *proof = ev_get(s, "proof");
	struct scrutiny_pub sp;
	cJSON *pk = cJSON_CreateObject();
	const char *why = "", *sig = ev_str(s, "signature");
	unsigned long long e = (unsigned long long)c->number;
	uint32_t index = 0, j;
	bool ok;

	ok = pk != NULL && ev_u32(s, "index", &index) && index == i &&
	     ev_id(s, "member", &kc.member) && ev_str(s, "member_key") != NULL &&
	     sig_pub_from_text(ev_str(s, "member_key"), kc.member_pub) &&
	     ev_get(s, "key") != NULL && proof != NULL &&
	     cJSON_AddItemToObject(pk, "key", cJSON_Duplicate(ev_get(s, "key"), true)) &&
	     cJSON_AddItemToObject(pk, "proof", cJSON_Duplicate(proof, true)) &&
	     ballot_pubkey_from_json(ev->g, pk, &c->keys[i], &why);
	cJSON_Delete(pk);
	if (!ok) {
		ev_say(ev, false,
		       "ceremony %llu, scrutineer %u is not {index %u, member, member_key, key, "
		       "proof, signature} with valid values",
		       e, i, i);
		return false;
	}
	for (j = 0; j < i; j++)
		if (c->members[j] == kc.member)
			ev_say(ev, false, "ceremony %llu: member %llu is scrutineer %u and %u", e,
			       (unsigned long long)kc.member, j, i);
	c->members[i] = kc.member;
	memcpy(c->member_pub[i], kc.member_pub, SIG_PUB_LEN);
	if (!ballot_key_verify(ev->g, &kc, &c->keys[i]))
		ev_say(ev, false,
		       "ceremony %llu, scrutineer %u's key proof does not verify for member %llu "
		       "in "
		       "this meeting",
		       e, i, (unsigned long long)kc.member);
	/* The publication is the member's own act (BALLOT.md §7.4). */
	memset(&sp, 0, sizeof(sp));
	sp.committee = ev->committee, sp.meeting = ev->meeting, sp.ceremony = c->number;
	sp.member = kc.member, sp.index = i;
	sp.member_key = ev_str(s, "member_key");
	sp.key = ev_str(s, "key");
	sp.proof_c = ev_str(proof, "c"), sp.proof_z = ev_str(proof, "z");
	if (sig == NULL || sp.key == NULL || sp.proof_c == NULL || sp.proof_z == NULL ||
	    !scrutiny_key_sig_ok(&sp, sig))
		ev_say(ev, false,
		       "ceremony %llu, scrutineer %u: the key publication is not signed by member "
		       "%llu with their member key",
		       e, i, (unsigned long long)kc.member);
	return true;
}

/* Scrutineer i of the threshold ceremony is scrutineer i of ceremony c:
 * the same member and member key, its key the dealing's constant
 * commitment. */
static bool ev_threshold_same(const cJSON *list, const cJSON *entries, uint32_t n)
{
	uint32_t i;

	if (cJSON_GetArraySize(entries) != (int)n)
		return false;
	for (i = 0; i < n; i++) {
		const cJSON *s = cJSON_GetArrayItem(list, (int)i);
		const cJSON *e = cJSON_GetArrayItem(entries, (int)i);
		const cJSON *c0 =
			cJSON_GetArrayItem(ev_get(ev_get(e, "dealing"), "commitments"), 0);
		uint64_t a, b;

		if (!ev_id(s, "member", &a) || !ev_id(e, "member", &b) || a != b ||
		    ev_str(s, "member_key") == NULL || ev_str(e, "member_key") == NULL ||
		    strcmp(ev_str(s, "member_key"), ev_str(e, "member_key")) != 0 ||
		    ev_str(s, "key") == NULL || !cJSON_IsString(c0) ||
		    strcmp(ev_str(s, "key"), c0->valuestring) != 0)
			return false;
	}
	return true;
}

/* Ceremony c's threshold member {k, scrutineers}, if it has one: the
 * check of BALLOT.md §7.7, of the ceremony's scrutineers, which leaves
 * their verification keys in c->y. */
static void ev_threshold(struct ev *ev, const cJSON *cj, struct ev_ceremony *c)
{
	const cJSON *t = ev_get(cj, "threshold");
	const cJSON *entries = ev_get(t, "scrutineers");
	struct dkg_params p = {.committee = ev->committee, .meeting = ev->meeting};
	unsigned long long e = (unsigned long long)c->number;
	enum dkg_fault f;
	int which = -1;

	if (t == NULL)
		return;
	c->dkg = true;
	p.ceremony = c->number, p.n = c->nscrut;
	if (!ev_u32(t, "k", &p.threshold) || !c->scrut_ok || c->election_key == NULL ||
	    !dkg_params_valid(&p) || (p.threshold < 2 && p.n > 1)) {
		ev_say(ev, false,
		       "ceremony %llu: the threshold is not {k, scrutineers} with 2 <= k <= n, "
		       "of readable scrutineers",
		       e);
		return;
	}
	if (!ev_threshold_same(ev_get(cj, "scrutineers"), entries, p.n)) {
		ev_say(ev, false,
		       "ceremony %llu: the threshold ceremony's scrutineers are not the "
		       "ceremony's, or their keys not the dealings' constant commitments",
		       e);
		return;
	}
	f = dkg_ceremony_check(ev->g, &p, entries, c->election_key, c->y, &which);
	if (f != DKG_OK) {
		if (which >= 0)
			ev_say(ev, false, "ceremony %llu, threshold scrutineer %d: %s", e, which,
			       dkg_fault_text(f));
		else
			ev_say(ev, false, "ceremony %llu, threshold: %s", e, dkg_fault_text(f));
		return;
	}
	c->dkg_ok = true;
	c->threshold = p.threshold;
	ev_say(ev, true,
	       "threshold key ceremony %llu: %u signed dealings and acceptances verify; any %u "
	       "of the %u scrutineers decrypt",
	       e, p.n, p.threshold, p.n);
}

/* One key ceremony {ceremony, scrutineers, election_key}: every
 * scrutineer's key, its proof and signature, and their sum. */
static void ev_ceremony(struct ev *ev, const cJSON *cj, struct ev_ceremony *c, uint64_t after)
{
	const cJSON *list = ev_get(cj, "scrutineers"), *s;
	EC_POINT *sum = group_point_new(ev->g), *k = group_point_new(ev->g);
	int n = cJSON_GetArraySize(list), fails = ev->fails;
	unsigned long long e;
	bool ok;

	if (!envelope_uint(ev_get(cj, "ceremony"), &c->number) || c->number <= after ||
	    c->number > EV_MAX_CEREMONIES) {
		ev_say(ev, false,
		       "key ceremony %u of the record is not numbered after %llu, up to %d",
		       ev->ncer + 1, (unsigned long long)after, EV_MAX_CEREMONIES);
		c->number = 0;
	}
	e = (unsigned long long)c->number;
	c->election_key = ev_str(cj, "election_key");
	if (!cJSON_IsArray(list) || n < 1 || n > EV_MAX_SCRUTINEERS) {
		ev_say(ev, false, "ceremony %llu does not list 1 to %d scrutineers", e,
		       EV_MAX_SCRUTINEERS);
		n = 0;
	}
	c->scrut_ok = n > 0;
	for (s = n > 0 ? list->child : NULL; s != NULL; s = s->next, c->nscrut++) {
		if (!ev_scrutineer(ev, c, s, c->nscrut)) {
			c->scrut_ok = false;
			break;
		}
	}
	if (n > 0 && ev->fails == fails)
		ev_say(ev, true,
		       "ceremony %llu: %d scrutineer keys, each proven by the member it belongs to "
		       "and signed by them",
		       e, n);
	ok = sum != NULL && k != NULL && c->election_key != NULL &&
	     group_point_from_text(ev->g, c->election_key, k);
	if (!ok)
		ev_say(ev, false, "ceremony %llu: the election_key is not a point", e);
	else if (!c->scrut_ok || !ballot_key_combine(ev->g, c->keys, c->nscrut, sum) ||
		 EC_POINT_cmp(ev->g->ec, sum, k, ev->g->bn) != 0)
		ev_say(ev, false,
		       "ceremony %llu: the election key is not the sum of the scrutineers' keys",
		       e);
	else
		ev_say(ev, true,
		       "ceremony %llu: the election key is the sum of the scrutineers' keys", e);
	if (!ok)
		c->election_key = NULL;
	EC_POINT_free(sum);
	EC_POINT_free(k);
	ev_threshold(ev, cj, c);
}

/* The key ceremonies the record's rounds were under, in order. */
static void ev_ceremonies(struct ev *ev, const cJSON *record)
{
	const cJSON *list = ev_get(record, "ceremonies"), *cj;
	int n = cJSON_GetArraySize(list);
	uint64_t after = 0;

	if (!cJSON_IsArray(list) || n < 1 || n > EV_MAX_CEREMONIES) {
		ev_say(ev, false, "the record does not list 1 to %d key ceremonies",
		       EV_MAX_CEREMONIES);
		return;
	}
	cJSON_ArrayForEach(cj, list) {
		struct ev_ceremony *c = &ev->cer[ev->ncer];

		ev_ceremony(ev, cj, c, after);
		ev->ncer++;
		if (c->number > after)
			after = c->number;
	}
}

/* The ceremony numbered e, or NULL. */
static struct ev_ceremony *ev_ceremony_of(struct ev *ev, uint64_t e)
{
	uint32_t i;

	for (i = 0; e > 0 && i < ev->ncer; i++)
		if (ev->cer[i].number == e)
			return &ev->cer[i];
	return NULL;
}

/* Round rj's ceremony, which later rounds never precede: made the current
 * one; false (said) if the record does not list it. */
static bool ev_use_ceremony(struct ev *ev, const cJSON *rj, uint32_t k, uint64_t *last)
{
	uint64_t e = 0;
	struct ev_ceremony *c =
		envelope_uint(ev_get(rj, "ceremony"), &e) ? ev_ceremony_of(ev, e) : NULL;

	ev->cur = c;
	ev->election_key = c != NULL ? c->election_key : NULL;
	ev->nscrut = c != NULL ? c->nscrut : 0;
	ev->scrut_ok = c != NULL && c->scrut_ok;
	ev->keys = c != NULL ? c->keys : NULL;
	if (c == NULL) {
		ev_say(ev, false, "round %u: its key ceremony is not one the record lists", k + 1);
		return false;
	}
	if (e < *last)
		ev_say(ev, false, "round %u: its key ceremony %llu comes before an earlier round's",
		       k + 1, (unsigned long long)e);
	*last = e;
	c->used = true;
	return true;
}

/* ---------------------------------------------------------------------
 * Check 2: the question, the eligible voters and every ballot. */

/* The round's number, question (its digest and shape) and entitled count;
 * false if nothing more of the round can be checked. */
static bool ev_round_head(struct ev *ev, struct ev_round *r, uint32_t k)
{
	char qt[VOTE_HASH_TEXT_LEN + 1];
	const char *why = "", *kind;

	if (!envelope_uint(ev_get(r->rj, "round"), &r->round) || r->round != k + 1) {
		ev_say(ev, false, "round %u of the record is not numbered %u", k + 1, k + 1);
		r->round = k + 1;
	}
	if (ev_str(r->rj, "state") == NULL || strcmp(ev_str(r->rj, "state"), "closed") != 0)
		ev_say(ev, false, "round %llu is neither closed nor voided",
		       (unsigned long long)r->round);
	r->question = ev_get(r->rj, "question");
	if (!vote_context(ev->g, ev->committee, ev->meeting, ev->item, r->round, r->question,
			  ev->election_key, 0, NULL, &r->ctx, &why)) {
		ev_say(ev, false, "round %llu: %s; the round cannot be checked further",
		       (unsigned long long)r->round, why);
		return false;
	}
	kind = ev_str(r->question, "kind");
	r->approval = strcmp(kind, "approval") == 0;
	r->seats = r->ctx.max_sel;
	vote_hash_to_text(r->ctx.question, qt);
	ev_say(ev, true, "round %llu: question %s, %s: %u options, %u to %u selections",
	       (unsigned long long)r->round, qt, kind, r->ctx.options, r->ctx.min_sel,
	       r->ctx.max_sel);
	if (!ev_u32(r->rj, "entitled", &r->entitled))
		ev_say(ev, false, "round %llu: the entitled count is not a whole number",
		       (unsigned long long)r->round);
	return true;
}

/* The index of voter among the eligible, or -1. */
static long ev_eligible_index(const struct ev_round *r, uint64_t voter)
{
	uint32_t i;

	for (i = 0; i < r->neligible; i++)
		if (r->elig_id[i] == voter)
			return (long)i;
	return -1;
}

/* A scrutineer who is an eligible voter of a round under their ceremony
 * signed their key publication with the key the server fixed for them at
 * the round's opening: the one their member key was then. */
static void ev_scrutineer_keys(struct ev *ev, const struct ev_round *r)
{
	const struct ev_ceremony *c = ev->cur;
	uint32_t i;
	long e;

	for (i = 0; c != NULL && i < c->nscrut; i++) {
		e = ev_eligible_index(r, c->members[i]);
		if (e >= 0 && memcmp(r->elig_key[e], c->member_pub[i], SIG_PUB_LEN) != 0)
			ev_say(ev, false,
			       "round %llu: scrutineer %u (member %llu) published with another key "
			       "than the one fixed for them at the round's opening",
			       (unsigned long long)r->round, i, (unsigned long long)c->members[i]);
	}
}

/* The eligible voters [{member, key}, ...]: distinct, each with a key. */
static void ev_eligible(struct ev *ev, struct ev_round *r)
{
	const cJSON *list = ev_get(r->rj, "eligible"), *e;
	unsigned long long rn = (unsigned long long)r->round;
	int fails = ev->fails, i = 0;
	uint64_t id;

	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > EV_MAX_VOTERS) {
		ev_say(ev, false, "round %llu: the eligible voters are not a list of at most %d",
		       rn, EV_MAX_VOTERS);
		return;
	}
	cJSON_ArrayForEach(e, list) {
		i++;
		if (!ev_id(e, "member", &id) || ev_str(e, "key") == NULL ||
		    !sig_pub_from_text(ev_str(e, "key"), r->elig_key[r->neligible]))
			ev_say(ev, false, "round %llu: eligible voter %d is not {member, key}", rn,
			       i);
		else if (ev_eligible_index(r, id) >= 0)
			ev_say(ev, false, "round %llu: member %llu is listed twice as eligible", rn,
			       (unsigned long long)id);
		else if (r->neligible > 0 && id < r->elig_id[r->neligible - 1])
			ev_say(ev, false, "round %llu: the eligible voters are not in member order",
			       rn);
		else
			r->elig_id[r->neligible++] = id;
	}
	if (ev->fails == fails)
		ev_say(ev, true,
		       "round %llu: %u eligible voters, distinct, in member order, each with a key",
		       rn, r->neligible);
	ev_scrutineer_keys(ev, r);
}

/* The receipt and the envelope signature of ballot entry bj by voter. */
static void ev_ballot_seal(struct ev *ev, const struct ev_round *r, const cJSON *bj,
			   const struct ballot *b, uint64_t voter,
			   const unsigned char pub[SIG_PUB_LEN])
{
	unsigned char mine[VOTE_HASH_LEN], receipt[VOTE_HASH_LEN];
	unsigned long long rn = (unsigned long long)r->round, v = (unsigned long long)voter;

	if (!vote_hash_from_text(ev_str(bj, "receipt"), receipt)) {
		ev_say(ev, false, "round %llu, voter %llu: the receipt is not a hash", rn, v);
		return;
	}
	if (!ballot_receipt(ev->g, b, mine) || memcmp(mine, receipt, VOTE_HASH_LEN) != 0)
		ev_say(ev, false, "round %llu, voter %llu: the receipt is not that of the ballot",
		       rn, v);
	if (pub != NULL && !vote_envelope_verify(pub, ev->committee, ev->meeting, ev->item,
						 r->round, voter, receipt, ev_str(bj, "signature")))
		ev_say(ev, false, "round %llu, voter %llu: the envelope signature does not verify",
		       rn, v);
}

/* One ballot entry {voter, voter_key, ballot, signature, receipt}: from an
 * eligible voter with their key, proven under their context, its receipt
 * and signature; added to the recomputed sum if it can be read. */
static void ev_ballot(struct ev *ev, struct ev_round *r, const cJSON *bj, uint64_t voter)
{
	unsigned long long rn = (unsigned long long)r->round, v = (unsigned long long)voter;
	struct ballot_context vctx = r->ctx; /* shares r->ctx's key: never cleared */
	unsigned char pub[SIG_PUB_LEN];
	const char *vk = ev_str(bj, "voter_key"), *why = "";
	long e = ev_eligible_index(r, voter);
	bool has_pub = vk != NULL && sig_pub_from_text(vk, pub);
	struct ballot b;

	if (e < 0)
		ev_say(ev, false, "round %llu, voter %llu: not an eligible voter", rn, v);
	if (!has_pub)
		ev_say(ev, false, "round %llu, voter %llu: the voter_key is not a key", rn, v);
	else if (e >= 0 && memcmp(pub, r->elig_key[e], SIG_PUB_LEN) != 0)
		ev_say(ev, false, "round %llu, voter %llu: not the key fixed for the voter", rn, v);
	/* The proofs are of the voter's context with the key fixed at
	 * vote.open, whatever the entry says. */
	vctx.voter = voter;
	if (e >= 0)
		memcpy(vctx.voter_pub, r->elig_key[e], SIG_PUB_LEN);
	else if (has_pub)
		memcpy(vctx.voter_pub, pub, SIG_PUB_LEN);
	else
		memset(vctx.voter_pub, 0, SIG_PUB_LEN);
	if (!ballot_from_json(ev->g, ev_get(bj, "ballot"), &vctx, &b, &why)) {
		ev_say(ev, false, "round %llu, voter %llu: %s", rn, v, why);
		r->sum_ok = false;
		return;
	}
	if (!ballot_verify(ev->g, &vctx, &b, &why))
		ev_say(ev, false, "round %llu, voter %llu: %s", rn, v, why);
	ev_ballot_seal(ev, r, bj, &b, voter, has_pub ? pub : NULL);
	if (!ballot_tally_add(ev->g, &r->sum, &b))
		r->sum_ok = false;
	ballot_clear(&b);
}

/* Every ballot, one per voter in ascending voter order, no more than the
 * eligible voters; the board they make. */
static void ev_ballots(struct ev *ev, struct ev_round *r)
{
	const cJSON *list = ev_get(r->rj, "ballots"), *bj;
	unsigned long long rn = (unsigned long long)r->round;
	int n = cJSON_GetArraySize(list), fails = ev->fails;
	uint64_t voter, prev = 0;

	r->sum_ok = ballot_tally_init(ev->g, &r->sum, r->ctx.options);
	if (!cJSON_IsArray(list) || n > EV_MAX_VOTERS) {
		ev_say(ev, false, "round %llu: the ballots are not a list of at most %d", rn,
		       EV_MAX_VOTERS);
		r->sum_ok = false;
		return;
	}
	r->nballots = (uint32_t)n;
	cJSON_ArrayForEach(bj, list) {
		if (!ev_id(bj, "voter", &voter)) {
			ev_say(ev, false, "round %llu: a ballot names no voter", rn);
			r->sum_ok = false;
			continue;
		}
		if (voter <= prev)
			ev_say(ev, false, "round %llu, voter %llu: %s", rn,
			       (unsigned long long)voter,
			       voter == prev ? "a second ballot" : "ballots out of voter order");
		prev = voter > prev ? voter : prev;
		r->voter_id[r->nvoters++] = voter;
		ev_ballot(ev, r, bj, voter);
	}
	if (r->nballots > r->neligible)
		ev_say(ev, false, "round %llu: %u ballots from %u eligible voters", rn, r->nballots,
		       r->neligible);
	r->board_ok = vote_board_hash(list, r->board);
	if (ev->fails == fails)
		ev_say(ev, true,
		       "round %llu: %u ballots, each from an eligible voter with their key, one "
		       "each; receipts, envelope signatures and proofs verify",
		       rn, r->nballots);
}

/* ---------------------------------------------------------------------
 * Check 3: the aggregate, the decryptions and the counts. */

/* Whether two tallies are the same sums of the same number of ballots. */
static bool ev_tally_equal(struct group *g, const struct ballot_tally *a,
			   const struct ballot_tally *b)
{
	uint32_t i;

	if (a->n != b->n || a->ballots != b->ballots)
		return false;
	for (i = 0; i < a->n; i++)
		if (EC_POINT_cmp(g->ec, a->sum[i].a, b->sum[i].a, g->bn) != 0 ||
		    EC_POINT_cmp(g->ec, a->sum[i].b, b->sum[i].b, g->bn) != 0)
			return false;
	return true;
}

/* The record's aggregate is the sum of its ballots; a round without
 * ballots has none (null). */
static void ev_aggregate(struct ev *ev, struct ev_round *r)
{
	const cJSON *a = ev_get(r->rj, "aggregate");
	unsigned long long rn = (unsigned long long)r->round;
	const char *why = "";

	if (r->nballots == 0) {
		ev_say(ev, cJSON_IsNull(a), "round %llu: no ballots, %s", rn,
		       cJSON_IsNull(a) ? "no aggregate" : "yet an aggregate");
		return;
	}
	r->agg_ok = ballot_tally_init(ev->g, &r->agg, r->ctx.options) &&
		    vote_aggregate_from_json(ev->g, a, r->ctx.options, &r->agg, &why);
	if (!r->agg_ok)
		ev_say(ev, false, "round %llu: %s", rn, why);
	else if (!r->sum_ok)
		ev_say(ev, false, "round %llu: the aggregate cannot be recomputed from the ballots",
		       rn);
	else if (!ev_tally_equal(ev->g, &r->agg, &r->sum))
		ev_say(ev, false, "round %llu: the aggregate is not the sum of the ballots", rn);
	else
		ev_say(ev, true, "round %llu: the aggregate is the sum of the %u ballots", rn,
		       r->nballots);
}

/* The sums the scrutineers decrypted: the record's aggregate, or failing
 * that the one recomputed from the ballots; NULL if neither. */
static const struct ballot_tally *ev_decrypted(const struct ev_round *r)
{
	return r->agg_ok ? &r->agg : r->sum_ok && r->nballots > 0 ? &r->sum : NULL;
}

/* Decryption entry d {index, decryptions}: read and verify it. Its index
 * must be `at` (every scrutineer decrypts), or, under a threshold
 * ceremony, at least `at` (those who decrypted, in index order); the index
 * read is left in *got. */
static void ev_decryption(struct ev *ev, struct ev_round *r, const cJSON *d, uint32_t at,
			  uint32_t *got)
{
	bool dkg = ev->cur != NULL && ev->cur->dkg;
	unsigned long long rn = (unsigned long long)r->round;
	const struct ballot_tally *t = ev_decrypted(r);
	cJSON *share = cJSON_CreateObject();
	const char *why = "";
	uint32_t i = 0;
	bool ok;

	if (!ev_u32(d, "index", &i) || i >= ev->nscrut || r->sh_live[i]) {
		ev_say(ev, false, "round %llu: a decryption names no scrutineer, or one twice", rn);
		cJSON_Delete(share);
		return;
	}
	if (dkg ? i < at : i != at) {
		ev_say(ev, false, "round %llu: the decryptions are not in scrutineer index order",
		       rn);
		cJSON_Delete(share);
		return;
	}
	*got = i;
	ok = share != NULL && ev_get(d, "decryptions") != NULL &&
	     cJSON_AddItemToObject(share, "decryptions",
				   cJSON_Duplicate(ev_get(d, "decryptions"), true)) &&
	     ballot_share_from_json(ev->g, share, r->ctx.options, &r->sh[i], &why);
	cJSON_Delete(share);
	if (!ok) {
		ev_say(ev, false, "round %llu, scrutineer %u: %s", rn, i,
		       why != NULL && why[0] != '\0' ? why : "no decryptions");
		return;
	}
	r->sh_live[i] = true;
	if (t == NULL || (dkg && ev->cur->y[i] == NULL) ||
	    !ballot_share_verify(ev->g, &r->ctx, i, dkg ? ev->cur->y[i] : ev->keys[i].key, t,
				 &r->sh[i]))
		ev_say(ev, false, "round %llu, scrutineer %u: the decryption proofs do not verify",
		       rn, i);
}

/* One verified decryption from each scrutineer (none without ballots). */
static void ev_decryptions(struct ev *ev, struct ev_round *r)
{
	const cJSON *list = ev_get(r->rj, "decryptions"), *d;
	unsigned long long rn = (unsigned long long)r->round;
	int n = cJSON_GetArraySize(list), fails = ev->fails;
	bool dkg = ev->cur != NULL && ev->cur->dkg;
	uint32_t i;

	if (r->nballots == 0) {
		ev_say(ev, cJSON_IsArray(list) && n == 0, "round %llu: nothing to decrypt, %s", rn,
		       cJSON_IsArray(list) && n == 0 ? "no decryptions" : "yet decryptions");
		return;
	}
	if (!ev->scrut_ok || (dkg && !ev->cur->dkg_ok) || !cJSON_IsArray(list) ||
	    n > EV_MAX_SCRUTINEERS) {
		ev_say(ev, false, "round %llu: the decryptions cannot be checked", rn);
		return;
	}
	i = 0;
	cJSON_ArrayForEach(d, list) {
		uint32_t got = i;

		ev_decryption(ev, r, d, i, &got);
		i = got + 1;
	}
	if (dkg)
		ev_say(ev, (uint32_t)n >= ev->cur->threshold,
		       "round %llu: %d scrutineers decrypted, %u needed", rn, n,
		       ev->cur->threshold);
	else
		for (i = 0; i < ev->nscrut; i++)
			if (!r->sh_live[i])
				ev_say(ev, false, "round %llu: no decryption from scrutineer %u",
				       rn, i);
	r->shares_ok = ev->fails == fails;
	if (r->shares_ok)
		ev_say(ev, true, "round %llu: the %d scrutineers' decryptions verify", rn, n);
}

/* The record's counts: one whole number per option. */
static bool ev_read_counts(struct ev_round *r)
{
	const cJSON *list = ev_get(r->rj, "counts"), *c;
	uint32_t i = 0;
	uint64_t v;

	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) != (int)r->ctx.options)
		return false;
	cJSON_ArrayForEach(c, list) {
		if (!envelope_uint(c, &v) || v > UINT32_MAX)
			return false;
		r->counts[i++] = (uint32_t)v;
	}
	return true;
}

/* The counts the decryptions give: every scrutineer's added up, or, under
 * a threshold ceremony, those who decrypted, with Lagrange coefficients. */
static bool ev_combine(struct ev *ev, const struct ev_round *r, uint32_t *counts)
{
	struct ballot_share sh[EV_MAX_SCRUTINEERS];
	uint32_t at[EV_MAX_SCRUTINEERS], i, m = 0;

	if (ev->cur == NULL || !ev->cur->dkg)
		return ballot_combine(ev->g, ev_decrypted(r), r->sh, ev->nscrut, counts);
	for (i = 0; i < ev->nscrut; i++)
		if (r->sh_live[i]) {
			sh[m] = r->sh[i];
			at[m++] = i;
		}
	return dkg_combine(ev->g, ev_decrypted(r), sh, at, m, counts);
}

/* The decryptions combine to the record's counts (all zero without
 * ballots). */
static void ev_counts(struct ev *ev, struct ev_round *r)
{
	unsigned long long rn = (unsigned long long)r->round;
	uint32_t mine[BALLOT_MAX_OPTIONS] = {0};
	char a[96], b[96];

	r->counts_ok = ev_read_counts(r);
	if (!r->counts_ok) {
		ev_say(ev, false, "round %llu: the counts are not %u whole numbers", rn,
		       r->ctx.options);
		return;
	}
	ev_counts_text(r->counts, r->ctx.options, a, sizeof(a));
	if (r->nballots > 0 && !r->shares_ok) {
		ev_say(ev, false,
		       "round %llu: the counts %s cannot be checked without every "
		       "scrutineer's decryption",
		       rn, a);
		return;
	}
	if (r->nballots > 0 && !ev_combine(ev, r, mine)) {
		ev_say(ev, false, "round %llu: the decryptions do not combine to counts", rn);
		return;
	}
	ev_counts_text(mine, r->ctx.options, b, sizeof(b));
	ev_say(ev, memcmp(mine, r->counts, r->ctx.options * sizeof(mine[0])) == 0,
	       "round %llu: the decryptions give the counts %s; the record says %s", rn, b, a);
}

/* ---------------------------------------------------------------------
 * Check 4: the outcome. */

/* The base the line is a share of: the entitled count, or the members
 * present at vote.open — the round's "present", which must be possible
 * (from the eligible voters, who were all present, up to the entitled);
 * a record without it is judged on the outcome's claim, within the same
 * bounds. */
static bool ev_base_count(struct ev *ev, const struct ev_round *r, uint32_t *base)
{
	const char *pb = ev_str(ev_get(r->rj, "rules"), "pass_base");

	if (pb == NULL || strcmp(pb, "present") != 0) {
		*base = r->entitled;
		return true;
	}
	if (r->present_ok) {
		*base = r->present;
		return true;
	}
	ev_say(ev, false,
	       "round %llu: the outcome cannot be judged on the members present, whose number is "
	       "not possible",
	       (unsigned long long)r->round);
	return false;
}

/* The members present at vote.open: from the eligible voters (all of whom
 * were present) up to the entitled; and the quorum judged then, which
 * they met: {needed, personnel} with needed at most present. */
static void ev_present(struct ev *ev, struct ev_round *r)
{
	unsigned long long rn = (unsigned long long)r->round;
	const cJSON *q = ev_get(r->rj, "quorum");
	uint32_t needed = 0;

	r->present_ok = ev_u32(r->rj, "present", &r->present) && r->present >= r->neligible &&
			r->present <= r->entitled;
	if (!r->present_ok) {
		ev_say(ev, false, "round %llu: present is not a number of members from %u to %u",
		       rn, r->neligible, r->entitled);
		return;
	}
	if (!ev_u32(q, "needed", &needed) || !cJSON_IsBool(ev_get(q, "personnel")) || needed < 1 ||
	    needed > r->entitled)
		ev_say(ev, false, "round %llu: the quorum is not {needed, personnel}", rn);
	else
		ev_say(ev, needed <= r->present,
		       "round %llu: %u of %u entitled present at vote.open, %u needed for a %s "
		       "quorum",
		       rn, r->present, r->entitled, needed,
		       cJSON_IsTrue(ev_get(q, "personnel")) ? "personnel" : "vote");
}

/* The outcome recomputed from the counts and the rules is the record's. */
static void ev_outcome(struct ev *ev, struct ev_round *r)
{
	unsigned long long rn = (unsigned long long)r->round;
	struct outcome_rule rule;
	struct outcome o;
	uint32_t base = 0;
	cJSON *mine;

	if (!ev_base_count(ev, r, &base))
		return;
	if (!outcome_rule_from_rules(ev_get(r->rj, "rules"), base, &rule)) {
		ev_say(ev, false,
		       "round %llu: the rules have no readable pass_threshold and pass_base", rn);
		return;
	}
	if (!r->counts_ok) {
		ev_say(ev, false, "round %llu: the outcome cannot be recomputed without counts",
		       rn);
		return;
	}
	outcome_judge(&rule, r->approval, r->seats, r->counts, r->ctx.options, r->nballots,
		      r->neligible, &o);
	mine = outcome_to_json(&rule, &o);
	ev_say(ev, mine != NULL && ev_same_json(mine, ev_get(r->rj, "outcome")),
	       "round %llu: the outcome is %s (line %u of %u %s) by the counts and the rules", rn,
	       outcome_result_name(o.result), o.line, base,
	       rule.base_present ? "present" : "entitled");
	cJSON_Delete(mine);
}

/* ---------------------------------------------------------------------
 * Check 5: the signed tally. */

static int ev_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* An array of n ids, ascending if sort. */
static cJSON *ev_ids(const uint64_t *ids, uint32_t n, bool sort)
{
	uint64_t *v = xmalloc((n > 0 ? n : 1) * sizeof(*v));
	cJSON *arr = v != NULL ? cJSON_CreateArray() : NULL, *x;
	uint32_t i;

	if (arr != NULL) {
		memcpy(v, ids, n * sizeof(*v));
		if (sort)
			qsort(v, n, sizeof(*v), ev_cmp_u64);
	}
	for (i = 0; arr != NULL && i < n; i++) {
		x = cJSON_CreateNumber((double)v[i]);
		if (x == NULL || !cJSON_AddItemToArray(arr, x)) {
			cJSON_Delete(x);
			cJSON_Delete(arr);
			arr = NULL;
		}
	}
	free(v);
	return arr;
}

/* The tally payload the record implies, with the signed closed_at. */
static cJSON *ev_tally_rebuild(const struct ev *ev, const struct ev_round *r, const char *closed_at,
			       const cJSON *log_head)
{
	char link[VOTE_HASH_TEXT_LEN + 1];
	const char *res = ev_str(ev_get(r->rj, "outcome"), "result");
	struct vote_tally_facts f;
	const cJSON *eligible = ev_get(r->rj, "eligible");
	cJSON *voters = ev_ids(r->voter_id, r->nvoters, false), *p = NULL;

	memset(&f, 0, sizeof(f));
	f.committee = ev->committee, f.meeting = ev->meeting, f.item = ev->item;
	f.round = r->round;
	f.question = r->question;
	f.election_key = ev->election_key;
	f.entitled = r->entitled;
	f.eligible = eligible, f.voters = voters;
	f.ballots = r->nballots;
	f.counts = r->counts, f.ncounts = r->ctx.options;
	f.outcome = ev_get(r->rj, "outcome");
	memcpy(f.board, r->board, VOTE_HASH_LEN);
	f.closed_at = closed_at;
	f.present = r->present;
	f.quorum = ev_get(r->rj, "quorum");
	f.rules = ev_get(r->rj, "rules");
	f.previous =
		r->prev != NULL && vote_tally_link(ev_str(r->prev, "tally"), link) ? link : NULL;
	f.final = res == NULL || strcmp(res, "runoff") != 0;
	f.log_head = log_head;
	if (r->counts_ok && r->board_ok && (r->prev == NULL || f.previous != NULL))
		p = vote_tally_payload(&f);
	cJSON_Delete(voters);
	return p;
}

/* The first member that differs between two objects, for the report: a
 * name of the tally format, or "a member" for anything else. */
static const char *ev_first_difference(const cJSON *mine, const cJSON *signed_)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, mine)
		if (!ev_same_json(m, ev_get(signed_, m->string)))
			return m->string; /* ours: a known name */
	return "a member";
}

/* The number of the two digits at t. */
static int ev_2digits(const char *t)
{
	return (t[0] - '0') * 10 + (t[1] - '0');
}

/* Whether t is "YYYY-MM-DDTHH:MM:SSZ" and a real UTC time (no leap
 * second: the server's clock gives none). */
static bool ev_time_ok(const char *t)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d;
	size_t i;

	if (t == NULL || strlen(t) != sizeof(shape) - 1)
		return false;
	for (i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? t[i] < '0' || t[i] > '9' : t[i] != shape[i])
			return false;
	y = ev_2digits(t) * 100 + ev_2digits(t + 2);
	mo = ev_2digits(t + 5);
	d = ev_2digits(t + 8);
	if (mo < 1 || mo > 12 || d < 1 || ev_2digits(t + 11) > 23 || ev_2digits(t + 14) > 59 ||
	    ev_2digits(t + 17) > 59)
		return false;
	return d <=
	       mdays[mo - 1] + (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 1 : 0);
}

/* Whether a log head is {seq, hash}: a whole number from 1, a hash. */
static bool ev_log_head_ok(const cJSON *h)
{
	static const char *const names[] = {"seq", "hash"};
	uint64_t seq;

	return ballot_json_members(h, names, 2) && envelope_uint(ev_get(h, "seq"), &seq) &&
	       seq >= 1 && cJSON_IsString(ev_get(h, "hash"));
}

/* The record's log_head is the meeting log's head the last round's tally
 * signed: where the log stood when the vote was decided. */
static void ev_log_head(struct ev *ev, const struct ev_round *r, const cJSON *payload)
{
	const cJSON *h = ev_get(payload, "log_head");
	bool same = ev_same_json(h, ev_get(ev->record, "log_head"));

	ev_say(ev, same,
	       "the record's log_head %s the meeting log's head when round %llu closed "
	       "(entry %.0f)",
	       same ? "is" : "is NOT", (unsigned long long)r->round,
	       cJSON_GetNumberValue(ev_get(h, "seq")));
}

/* The tally JWS verifies with the server's key and says what the record
 * says, closed_at and the log head aside. */
static void ev_tally(struct ev *ev, const struct ev_round *r)
{
	unsigned long long rn = (unsigned long long)r->round;
	const char *jws = ev_str(r->rj, "tally"), *why = "no tally", *closed;
	cJSON *payload = NULL, *mine;

	if (ev->tally_key == NULL) {
		ev_say(ev, false, "round %llu: the tally is not checked without a pinned key", rn);
		return;
	}
	if (jws != NULL)
		payload = jws_verify(jws, ev->tally_key, VOTE_TALLY_TYP, &why);
	if (payload == NULL) {
		ev_say(ev, false, "round %llu: the tally: %s", rn, why);
		return;
	}
	closed = ev_str(payload, "closed_at");
	mine = ev_time_ok(closed) && ev_log_head_ok(ev_get(payload, "log_head"))
		       ? ev_tally_rebuild(ev, r, closed, ev_get(payload, "log_head"))
		       : NULL;
	if (mine == NULL)
		ev_say(ev, false,
		       "round %llu: the tally cannot be rebuilt from the record (or its closed_at "
		       "is not a real time YYYY-MM-DDTHH:MM:SSZ, or its log_head not {seq, hash})",
		       rn);
	else if (!ev_same_json(mine, payload))
		ev_say(ev, false, "round %llu: the signed tally differs from the record in %s", rn,
		       ev_first_difference(mine, payload));
	else
		ev_say(ev, true,
		       "round %llu: the tally is signed by the server and is the record's, "
		       "closed at %s",
		       rn, closed);
	if (mine != NULL && r->last)
		ev_log_head(ev, r, payload);
	cJSON_Delete(mine);
	cJSON_Delete(payload);
}

/* ---------------------------------------------------------------------
 * Check 6: the run-off chain. */

/* Round r follows prev, which ended in a run-off: its question is prev's
 * with the tied candidates for the seats left. */
static void ev_chain(struct ev *ev, const cJSON *prev, const struct ev_round *r)
{
	const cJSON *po = ev_get(prev, "outcome"), *pq = ev_get(prev, "question"), *i;
	const char *res = ev_str(po, "result");
	cJSON *want = cJSON_CreateObject(), *labels = cJSON_CreateArray();
	unsigned long long rn = (unsigned long long)r->round;
	bool ok = res != NULL && strcmp(res, "runoff") == 0 && want != NULL && labels != NULL &&
		  cJSON_IsArray(ev_get(po, "runoff"));
	const cJSON *runoff = ok ? ev_get(po, "runoff") : NULL;
	uint64_t idx;

	cJSON_ArrayForEach(i, runoff) {
		ok = ok && envelope_uint(i, &idx) && idx < BALLOT_MAX_OPTIONS &&
		     cJSON_GetArrayItem(ev_get(pq, "labels"), (int)idx) != NULL &&
		     cJSON_AddItemToArray(
			     labels,
			     cJSON_Duplicate(cJSON_GetArrayItem(ev_get(pq, "labels"), (int)idx),
					     true));
	}
	ok = ok && cJSON_AddStringToObject(want, "kind", "approval") != NULL &&
	     cJSON_AddItemToObject(want, "title", cJSON_Duplicate(ev_get(pq, "title"), true));
	if (ok && cJSON_AddItemToObject(want, "labels", labels))
		labels = NULL; /* want's now */
	else
		ok = false;
	ok = ok &&
	     cJSON_AddItemToObject(want, "seats",
				   cJSON_Duplicate(ev_get(po, "runoff_seats"), true)) &&
	     ev_same_json(want, r->question);
	ev_say(ev, ok,
	       "round %llu is the run-off of round %llu: its tied candidates, its seats left", rn,
	       rn - 1);
	cJSON_Delete(labels);
	cJSON_Delete(want);
}

/* ---------------------------------------------------------------------
 * Check 8: voided rounds. */

static void ev_round_free(struct ev_round *r);

/* Whether round rj is a voided round. */
static bool ev_is_voided(const cJSON *rj)
{
	const char *state = ev_str(rj, "state");

	return state != NULL && strcmp(state, "voided") == 0;
}

/* Round rn, after the voided round voided, asks the same question again. */
static void ev_again(struct ev *ev, const cJSON *voided, uint64_t rn, const cJSON *question)
{
	ev_say(ev, ev_same_json(ev_get(voided, "question"), question),
	       "round %llu asks again the question of voided round %llu", (unsigned long long)rn,
	       (unsigned long long)rn - 1);
}

static void ev_void_say(void *arg, bool ok, const char *line)
{
	ev_say(arg, ok, "%s", line);
}

/* Where the presiding member is an eligible voter of a round, the key the
 * server fixed for them there is the key that signed the void act. */
static void ev_void_key(struct ev *ev, const struct election_void *v)
{
	const cJSON *rj, *e;
	unsigned char pub[SIG_PUB_LEN];
	uint64_t id;

	cJSON_ArrayForEach(rj, ev_get(ev->record, "rounds")) {
		const cJSON *list = ev_get(rj, "eligible");

		if (!cJSON_IsArray(list))
			continue;
		cJSON_ArrayForEach(e, list) {
			if (!ev_id(e, "member", &id) || id != v->actor ||
			    ev_str(e, "key") == NULL || !sig_pub_from_text(ev_str(e, "key"), pub))
				continue;
			if (memcmp(pub, v->actor_pub, SIG_PUB_LEN) != 0)
				ev_say(ev, false,
				       "round %llu: the void act is signed with another key than "
				       "the one fixed for member %llu at the opening of round %.0f",
				       (unsigned long long)v->round, (unsigned long long)id,
				       cJSON_GetNumberValue(ev_get(rj, "round")));
			return;
		}
	}
}

/* Voided round k (0-based): numbered, its question as the round before
 * makes it, its act signed by the member presiding; the ceremony the act
 * started (0 if unknown). */
static uint64_t ev_voided(struct ev *ev, const cJSON *rj, uint32_t k, const cJSON *prev,
			  const cJSON *voided)
{
	struct election_void v;
	struct ev_round *r = xcalloc(1, sizeof(*r));
	uint64_t round = 0;
	const char *why = "";

	if (r == NULL || !ballot_context_init(ev->g, &r->ctx)) {
		ev_say(ev, false, "round %u: out of memory", k + 1);
		if (r != NULL)
			ev_round_free(r);
		return 0;
	}
	if (!envelope_uint(ev_get(rj, "round"), &round) || round != k + 1)
		ev_say(ev, false, "round %u of the record is not numbered %u", k + 1, k + 1);
	r->rj = rj;
	r->round = k + 1;
	r->question = ev_get(rj, "question");
	if (!vote_context(ev->g, ev->committee, ev->meeting, ev->item, r->round, r->question,
			  ev->election_key, 0, NULL, &r->ctx, &why))
		ev_say(ev, false, "round %u (voided): %s", k + 1, why);
	if (voided != NULL)
		ev_again(ev, voided, r->round, r->question);
	else if (prev != NULL)
		ev_chain(ev, prev, r);
	memset(&v, 0, sizeof(v));
	v.committee = ev->committee, v.meeting = ev->meeting, v.item = ev->item;
	v.round = k + 1;
	v.ceremony = ev->cur != NULL ? ev->cur->number : 0;
	if (election_void_check(rj, &v, ev_void_say, ev))
		ev_void_key(ev, &v);
	ev_round_free(r);
	return v.next_ceremony;
}

/* ---------------------------------------------------------------------
 * The record. */

/* Free what checking a round allocated. */
static void ev_round_free(struct ev_round *r)
{
	uint32_t i;

	for (i = 0; i < EV_MAX_SCRUTINEERS; i++)
		if (r->sh_live[i])
			ballot_share_clear(&r->sh[i]);
	ballot_tally_clear(&r->agg);
	ballot_tally_clear(&r->sum);
	ballot_context_clear(&r->ctx);
	free(r);
}

/* Checks 2 to 5 for round k (0-based) of the record, and 6 against the
 * round before it: prev, the last closed round before it (NULL if none),
 * or voided, the round just before it if that was voided. */
static void ev_round(struct ev *ev, const cJSON *rj, uint32_t k, const cJSON *prev,
		     const cJSON *voided, bool last)
{
	struct ev_round *r = xcalloc(1, sizeof(*r));

	if (r == NULL || !ballot_context_init(ev->g, &r->ctx)) {
		ev_say(ev, false, "round %u: out of memory", k + 1);
		if (r != NULL)
			ev_round_free(r);
		return;
	}
	r->rj = rj;
	r->prev = prev;
	r->last = last;
	if (ev_round_head(ev, r, k)) {
		ev_eligible(ev, r);
		ev_present(ev, r);
		ev_ballots(ev, r);
		ev_aggregate(ev, r);
		ev_decryptions(ev, r);
		ev_counts(ev, r);
		ev_outcome(ev, r);
		ev_tally(ev, r);
	}
	if (voided != NULL)
		ev_again(ev, voided, r->round, ev_get(rj, "question"));
	else if (prev != NULL)
		ev_chain(ev, prev, r);
	ev_round_free(r);
}

/* The record is the whole vote: its last round is final (each tally says
 * whether its round is, and links the one before), not a run-off call
 * whose run-off is missing, nor a voided round not voted again. */
static void ev_complete(struct ev *ev, const cJSON *last, uint32_t n)
{
	const char *res = ev_str(ev_get(last, "outcome"), "result");

	if (ev_is_voided(last))
		ev_say(ev, false,
		       "round %u was voided and the record holds no round %u: the vote is not "
		       "complete",
		       n, n + 1);
	else if (res != NULL && strcmp(res, "runoff") == 0)
		ev_say(ev, false,
		       "round %u ended in a run-off and the record holds no round %u: the vote is "
		       "not complete",
		       n, n + 1);
	else
		ev_say(ev, true, "the record holds the whole vote: %u round%s, the last final", n,
		       n == 1 ? "" : "s");
}

/* Every round, numbered 1, 2, ..., each under a ceremony the record
 * lists, in order; a voided one is followed by the same question under a
 * later ceremony. */
static void ev_rounds(struct ev *ev, const cJSON *record)
{
	const cJSON *list = ev_get(record, "rounds"), *rj, *prev = NULL, *before = NULL;
	int n = cJSON_GetArraySize(list);
	uint64_t ceremony = 0, voided_next = 0;
	uint32_t k = 0, i;

	if (!cJSON_IsArray(list) || n < 1 || n > EV_MAX_ROUNDS) {
		ev_say(ev, false, "the record does not hold 1 to %d rounds", EV_MAX_ROUNDS);
		return;
	}
	cJSON_ArrayForEach(rj, list) {
		const cJSON *voided = ev_is_voided(before) ? before : NULL;

		if (ev_use_ceremony(ev, rj, k, &ceremony) && voided_next > ceremony)
			ev_say(ev, false,
			       "round %u is under key ceremony %llu, before the one its voided "
			       "round started",
			       k + 1, (unsigned long long)ceremony);
		voided_next = 0;
		if (ev_is_voided(rj)) {
			voided_next = ev_voided(ev, rj, k, prev, voided);
		} else if (ev->cur != NULL) {
			ev_round(ev, rj, k, prev, voided, rj->next == NULL);
			prev = rj;
		}
		before = rj;
		k++;
	}
	for (i = 0; i < ev->ncer; i++)
		if (ev->cer[i].number > 0 && !ev->cer[i].used)
			ev_say(ev, false, "key ceremony %llu is listed, but no round was under it",
			       (unsigned long long)ev->cer[i].number);
	ev_complete(ev, before, k);
}

/* Verify a whole election record; the findings are in rep. */
bool election_verify(const cJSON *record, const unsigned char *pinned, struct election_report *rep)
{
	struct ev ev;
	uint32_t i, j;

	memset(rep, 0, sizeof(*rep));
	memset(&ev, 0, sizeof(ev));
	rep->ok = true;
	ev.rep = rep;
	ev.pinned = pinned;
	ev.record = record;
	ev.g = group_new(NULL, NULL);
	if (ev.g == NULL) {
		ev_say(&ev, false, "cannot set up the ballot group");
		return false;
	}
	if (ev_header(&ev, record)) {
		ev_ceremonies(&ev, record);
		ev_rounds(&ev, record);
	}
	for (j = 0; j < ev.ncer; j++)
		for (i = 0; i < ev.cer[j].nscrut; i++) {
			ballot_pubkey_clear(&ev.cer[j].keys[i]);
			EC_POINT_free(ev.cer[j].y[i]);
		}
	group_free(ev.g);
	return rep->ok;
}

/* The array member name of obj, or NULL. */
static const cJSON *ev_array(const cJSON *obj, const char *name)
{
	const cJSON *a = cJSON_IsObject(obj) ? ev_get(obj, name) : NULL;

	return cJSON_IsArray(a) ? a : NULL;
}

/* The round whose ballots hold receipt, 0 if none; the voter in *voter. */
uint64_t election_find_receipt(const cJSON *record, const char *receipt, uint64_t *voter)
{
	const cJSON *rounds = ev_array(record, "rounds"), *rj, *ballots, *b;
	uint64_t k = 0, round, v;
	const char *r;

	if (receipt == NULL)
		return 0;
	cJSON_ArrayForEach(rj, rounds) {
		k++;
		if (!envelope_uint(ev_get(rj, "round"), &round) || round == 0)
			round = k;
		ballots = ev_array(rj, "ballots");
		cJSON_ArrayForEach(b, ballots) {
			r = ev_str(b, "receipt");
			if (r == NULL || strcmp(r, receipt) != 0)
				continue;
			if (voter != NULL)
				*voter = ev_id(b, "voter", &v) ? v : 0;
			return round;
		}
	}
	return 0;
}
