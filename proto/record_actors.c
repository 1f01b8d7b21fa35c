#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "events.h"
#include "logchain.h"
#include "record_actors.h"
#include "record_findings.h"
#include "reqsig.h"
#include "timestamp.h"
#include "xalloc.h"
#include "hex.h"

static const char admin_tag[] = "yangguang/v1/admin-log"; /* hashed with its NUL */

/* A key someone held: from the entry that registered it until the one
 * that ended it ("" while it holds). Times are the logs' own UTC texts,
 * which compare as strings. */
struct actors_key {
	char actor[40];
	char key[SIG_PUB_TEXT_LEN + 1];
	char from[40], until[40];
};

struct actors {
	struct actors_key *keys;
	int nkeys, cap;
	double committee, meeting;
	const unsigned char *server_pub;
	char server_seen[SIG_PUB_TEXT_LEN + 1];
	cJSON *nonces; /* nonce -> where first used, per log */
	/* who holds a role at the current point of the meeting log */
	char presiding[40];   /* "member:N": the opener, or their successor */
	double scrutineer[9]; /* the member designated at each index, 0: none */
	char why[160];        /* a finding composed with numbers */
	int nbad;
	struct record_report *rep;
};

/* Which operation causes each action of the administrative log; those of
 * the meeting log's events are the event table's causes (proto/events.c). */
static const char *const actors_admin_causes[][2] = {
	{"member.add", "member.add"},
	{"member.update", "member.update"},
	{"key.rotate", "key.rotate"},
	{"key.revoke", "key.revoke"},
	{"observer.approve", "observer.decide"},
	{"observer.reject", "observer.decide"},
	{"observer.remove", "observer.decide"},
};

static const cJSON *jget(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *jstr(const cJSON *o, const char *name)
{
	return cJSON_GetStringValue(jget(o, name));
}

/* A failure about one entry: RF_*_FAILS and its parameters, the last
 * one why. */
#define actors_fail(a, ...) ((a)->nbad++, record_say((a)->rep, false, __VA_ARGS__))

/* The admin log's chain: every entry linked, each hash right, each body
 * (when given) naming its id and the committee. */
static bool actors_admin_chain(struct actors *a, const cJSON *admin)
{
	unsigned char prev[32] = {0}, bh[32], md[32];
	const cJSON *e;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char hex[65];
	double id;
	long n = 0;
	bool ok = true;

	cJSON_ArrayForEach(e, jget(admin, "entries")) {
		const char *body = jstr(e, "body"), *bsha = jstr(e, "body_sha256");
		const char *ph = jstr(e, "prev_hash"), *h = jstr(e, "hash");
		cJSON *b;

		n++;
		id = cJSON_GetNumberValue(jget(e, "id"));
		hex_encode(prev, 32, hex);
		if (ph == NULL || strcmp(ph, hex) != 0) {
			actors_fail(a, RF_ADMIN_ENTRY_FAILS, id, RF_ADMIN_PREV);
			ok = false;
			break;
		}
		if (body != NULL)
			EVP_Digest(body, strlen(body), bh, NULL, EVP_sha256(), NULL);
		else if (!hex_decode(bsha, bh, 32)) {
			actors_fail(a, RF_ADMIN_ENTRY_FAILS, id, RF_ADMIN_NO_BODY);
			ok = false;
			break;
		}
		EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
		EVP_DigestUpdate(ctx, admin_tag, sizeof(admin_tag));
		EVP_DigestUpdate(ctx, prev, 32);
		EVP_DigestUpdate(ctx, bh, 32);
		EVP_DigestFinal_ex(ctx, md, NULL);
		hex_encode(md, 32, hex);
		if (h == NULL || strcmp(h, hex) != 0) {
			actors_fail(a, RF_ADMIN_ENTRY_FAILS, id, RF_ADMIN_CHANGED);
			ok = false;
			break;
		}
		memcpy(prev, md, 32);
		if (body == NULL)
			continue;
		b = cJSON_Parse(body);
		if (cJSON_GetNumberValue(jget(b, "id")) != cJSON_GetNumberValue(jget(e, "id")) ||
		    cJSON_GetNumberValue(jget(b, "committee")) != a->committee) {
			actors_fail(a, RF_ADMIN_ENTRY_FAILS, id, RF_ADMIN_ELSEWHERE);
			ok = false;
		}
		cJSON_Delete(b);
	}
	EVP_MD_CTX_free(ctx);
	if (ok)
		record_say(a->rep, true, RF_ADMIN_CHAIN, n);
	return ok;
}

/* Whether actor held key at time at. */
static bool actors_key_valid(const struct actors *a, const char *actor, const char *key,
			     const char *at)
{
	int i;

	for (i = 0; i < a->nkeys; i++) {
		const struct actors_key *k = &a->keys[i];

		if (strcmp(k->actor, actor) == 0 && strcmp(k->key, key) == 0 &&
		    strcmp(k->from, at) <= 0 && (k->until[0] == '\0' || strcmp(at, k->until) <= 0))
			return true;
	}
	return false;
}

static void actors_key_add(struct actors *a, const char *actor, const char *key, const char *at)
{
	struct actors_key *k;

	if (key == NULL || actor == NULL || at == NULL)
		return;
	if (a->nkeys == a->cap) {
		a->cap = a->cap > 0 ? 2 * a->cap : 16;
		a->keys = xrealloc(a->keys, (size_t)a->cap * sizeof(*a->keys));
	}
	k = &a->keys[a->nkeys++];
	memset(k, 0, sizeof(*k));
	snprintf(k->actor, sizeof(k->actor), "%s", actor);
	snprintf(k->key, sizeof(k->key), "%s", key);
	snprintf(k->from, sizeof(k->from), "%s", at);
}

static void actors_key_end(struct actors *a, const char *actor, const char *key, const char *at)
{
	int i;

	for (i = 0; key != NULL && i < a->nkeys; i++)
		if (strcmp(a->keys[i].actor, actor) == 0 && strcmp(a->keys[i].key, key) == 0 &&
		    a->keys[i].until[0] == '\0')
			snprintf(a->keys[i].until, sizeof(a->keys[i].until), "%s", at);
}

/* Whether op can cause event (a meeting-log event or an administrative
 * action); events and actions no operation is listed for pass. */
static bool actors_causes_ok(const char *event, const char *op)
{
	bool listed = false;
	size_t i;

	for (i = 0; i < sizeof(actors_admin_causes) / sizeof(actors_admin_causes[0]); i++) {
		if (strcmp(actors_admin_causes[i][0], event) != 0)
			continue;
		listed = true;
		if (op != NULL && strcmp(actors_admin_causes[i][1], op) == 0)
			return true;
	}
	return listed ? false : event_caused_by(event, op);
}

/* What the entry records agrees with what the request asked. */
static const char *actors_agree(const cJSON *data, const cJSON *args, double meeting)
{
	static char why[128];
	const cJSON *m = jget(args, "meeting");
	size_t i;

	if (meeting > 0 && m != NULL && cJSON_GetNumberValue(m) != meeting)
		return RF_OTHER_MEETING;
	for (i = 0; event_agreeing_args[i] != NULL; i++) {
		const cJSON *d = jget(data, event_agreeing_args[i]),
			    *r = jget(args, event_agreeing_args[i]);

		if (d != NULL && r != NULL && !cJSON_IsNull(d) && !cJSON_Compare(d, r, true)) {
			snprintf(why, sizeof(why), RF_ASKED_OTHERWISE, event_agreeing_args[i]);
			return why;
		}
	}
	return NULL;
}

/* Whether r can have caused an entry of event recording data. */
const char *record_actors_entry_agrees(const cJSON *r, double meeting, const char *event,
				       const cJSON *data)
{
	if (!actors_causes_ok(event, jstr(r, "op")))
		return RF_OP_NOT_CAUSE;
	return actors_agree(data, jget(r, "args"), meeting);
}

/* The request's head, if it names this meeting, is an entry before seq
 * with that hash. */
static bool actors_head_ok(const cJSON *head, double meeting, double seq, const cJSON *entries)
{
	double hs;
	const cJSON *e;

	if (head == NULL || cJSON_IsNull(head) ||
	    cJSON_GetNumberValue(jget(head, "meeting")) != meeting)
		return true;
	hs = cJSON_GetNumberValue(jget(head, "seq"));
	if (!(hs >= 1 && hs < seq))
		return false;
	e = cJSON_GetArrayItem(entries, (int)hs - 1);
	return e != NULL && jstr(e, "hash") != NULL && jstr(head, "hash") != NULL &&
	       strcmp(jstr(e, "hash"), jstr(head, "hash")) == 0;
}

/* Decisions a person takes for the whole room (PROTOCOL.md §7a): their
 * request must follow the latest entry, as the database requires. */
static bool actors_room_decision(const char *event)
{
	static const char *const room[] = {
		"meeting.opened", "meeting.closed",   "vote.opened",     "vote.closing",
		"vote.voided",    "agenda.discussed", "agenda.deferred", "minutes.signed",
	};
	size_t i;

	for (i = 0; i < sizeof(room) / sizeof(room[0]); i++)
		if (strcmp(event, room[i]) == 0)
			return true;
	return false;
}

/* A decision for the room at seq whose head names this meeting but not
 * the entry just before it was taken on a stale view: why, or NULL. (Each
 * transaction appends one entry, so the latest entry the database
 * compared the head with is seq - 1.) */
static const char *actors_head_fresh(struct actors *a, const cJSON *head, const char *event,
				     double seq)
{
	double hs;

	if (!actors_room_decision(event) || head == NULL || cJSON_IsNull(head) ||
	    cJSON_GetNumberValue(jget(head, "meeting")) != a->meeting)
		return NULL;
	hs = cJSON_GetNumberValue(jget(head, "seq"));
	if (hs >= seq - 1)
		return NULL;
	snprintf(a->why, sizeof(a->why), RF_STALE_HEAD, hs, seq - 1);
	return a->why;
}

/* The server's own entries: signed by the pinned key, or else all by one. */
static const char *actors_server_key(struct actors *a, const char *key)
{
	unsigned char pub[SIG_PUB_LEN];

	if (a->server_pub != NULL)
		return sig_pub_from_text(key, pub) && memcmp(pub, a->server_pub, SIG_PUB_LEN) == 0
			       ? NULL
			       : RF_NOT_PINNED_KEY;
	if (a->server_seen[0] == '\0')
		snprintf(a->server_seen, sizeof(a->server_seen), "%s", key);
	return strcmp(a->server_seen, key) == 0 ? NULL : RF_SERVER_KEYS;
}

/* Check the request r that caused an entry by actor at time at (event:
 * the entry's event or action; data: what it records; seq and entries:
 * its place in the meeting log, 0 and NULL in the administrative log).
 * NULL, or why not. */
static const char *actors_request(struct actors *a, const cJSON *r, const char *actor,
				  const char *at, const char *event, const cJSON *data, double seq,
				  const cJSON *entries)
{
	unsigned char pub[SIG_PUB_LEN];
	const char *why = NULL, *key, *nonce;
	char log_nonce[64];
	long long r_at, e_at;

	if (r == NULL || cJSON_IsNull(r))
		return RF_NO_REQUEST;
	if (!reqsig_verify(r, pub, &r_at, &why))
		return why;
	key = jstr(r, "key");
	if (strcmp(actor, "server") == 0) {
		if ((why = actors_server_key(a, key)) != NULL)
			return why;
	} else if (!actors_key_valid(a, actor, key, at)) {
		return RF_KEY_NOT_HELD;
	}
	if (cJSON_GetNumberValue(jget(r, "committee")) != a->committee)
		return RF_OTHER_COMMITTEE;
	if (!actors_causes_ok(event, jstr(r, "op")))
		return RF_OP_NOT_CAUSE;
	if ((why = actors_agree(data, jget(r, "args"), entries != NULL ? a->meeting : 0)) != NULL)
		return why;
	if (ts_parse(at, &e_at) != 0 || e_at < r_at - RECORD_AT_SLACK_S ||
	    e_at > r_at + RECORD_AT_SLACK_S)
		return RF_TIME_FAR;
	if (entries != NULL && !actors_head_ok(jget(r, "head"), a->meeting, seq, entries))
		return RF_HEAD_UNKNOWN;
	if (entries != NULL && (why = actors_head_fresh(a, jget(r, "head"), event, seq)) != NULL)
		return why;
	nonce = jstr(r, "nonce");
	snprintf(log_nonce, sizeof(log_nonce), "%c%s", entries != NULL ? 'm' : 'a', nonce);
	if (jget(a->nonces, log_nonce) != NULL)
		return RF_NONCE_REUSED;
	cJSON_AddTrueToObject(a->nonces, log_nonce);
	return NULL;
}

/* The member or observer id in "member:N" / "observer:N" of a target. */
static bool actors_is_person(const char *actor)
{
	return actor != NULL &&
	       (strncmp(actor, "member:", 7) == 0 || strncmp(actor, "observer:", 9) == 0);
}

/* A key change is the one its admin signed: the key, and the member. */
static const char *actors_key_change_agrees(const cJSON *b)
{
	const char *action = jstr(b, "action"), *target = jstr(b, "target");
	const cJSON *d = jget(b, "details"), *args = jget(jget(b, "request"), "args");
	const char *key = jstr(args, "key"), *want = NULL;
	char member[40];

	if (strcmp(action, "member.add") == 0)
		want = jstr(d, "key");
	else if (strcmp(action, "key.rotate") == 0)
		want = jstr(d, "new_key");
	else if (strcmp(action, "key.revoke") != 0)
		return NULL;
	if (want != NULL && (key == NULL || strcmp(key, want) != 0))
		return RF_KEY_NOT_NAMED;
	if (strcmp(action, "member.add") == 0)
		return NULL;
	snprintf(member, sizeof(member), "member:%.0f", cJSON_GetNumberValue(jget(args, "member")));
	return strcmp(member, target) == 0 ? NULL : RF_MEMBER_NOT_NAMED;
}

/* A committee made by committee.create (a trial committee, 试用, say)
 * begins its log with its creation, which names its first admin and the
 * key they hold (the creator's, in the committee they created it from):
 * the request the creator signed with that key is the root every later
 * key change is signed from, as the installation is for the first
 * committee. NULL, or why not. */
static const char *actors_creation(struct actors *a, const cJSON *b)
{
	const cJSON *r = jget(b, "request"), *d = jget(b, "details");
	const char *key = jstr(d, "key"), *at = jstr(b, "at"), *why = NULL;
	unsigned char pub[SIG_PUB_LEN];
	long long r_at, e_at;
	char member[40];

	if (key == NULL || !cJSON_IsNumber(jget(d, "first_admin")))
		return RF_NO_FIRST_ADMIN;
	if (r == NULL || cJSON_IsNull(r))
		return RF_NO_REQUEST;
	if (!reqsig_verify(r, pub, &r_at, &why))
		return why;
	if (jstr(r, "key") == NULL || strcmp(jstr(r, "key"), key) != 0)
		return RF_NOT_FIRST_KEY;
	if (jstr(r, "op") == NULL || strcmp(jstr(r, "op"), "committee.create") != 0)
		return RF_OP_NOT_CAUSE;
	if (ts_parse(at, &e_at) != 0 || e_at < r_at - RECORD_AT_SLACK_S ||
	    e_at > r_at + RECORD_AT_SLACK_S)
		return RF_TIME_FAR;
	snprintf(member, sizeof(member), "member:%.0f",
		 cJSON_GetNumberValue(jget(d, "first_admin")));
	actors_key_add(a, member, key, at);
	return NULL;
}

/* One administrative entry with its body: who signed it, then what it
 * does to the keys. */
static void actors_admin_entry(struct actors *a, const cJSON *b, bool *root)
{
	const char *actor = jstr(b, "actor"), *action = jstr(b, "action"), *at = jstr(b, "at");
	const char *target = jstr(b, "target"), *why = NULL;
	const cJSON *d = jget(b, "details");
	double id = cJSON_GetNumberValue(jget(b, "id"));

	if (actor == NULL || action == NULL || at == NULL || target == NULL) {
		actors_fail(a, RF_ADMIN_SOME_FAILS, RF_MALFORMED);
		return;
	}
	if (strcmp(actor, "local") == 0) {
		*root = true; /* ygd bootstrap, at installation: the root of trust */
	} else if (!*root && strcmp(action, "committee.create") == 0 &&
		   jget(d, "first_admin") != NULL) {
		if ((why = actors_creation(a, b)) != NULL) {
			actors_fail(a, RF_ADMIN_ACTION_FAILS, id, action, why);
			return;
		}
		*root = true;
		return;
	} else if (strcmp(action, "observer.register") == 0 && strcmp(actor, target) == 0) {
		/* the registrant proved their key to ygd (§7); an admin decides */
	} else if ((why = actors_request(a, jget(b, "request"), actor, at, action, d, 0, NULL)) !=
		   NULL) {
		actors_fail(a, RF_ADMIN_ACTION_FAILS, id, action, why);
		return;
	}
	if (strcmp(actor, "local") != 0 && (why = actors_key_change_agrees(b)) != NULL) {
		actors_fail(a, RF_ADMIN_ACTION_FAILS, id, action, why);
		return;
	}
	if (strcmp(action, "member.add") == 0 || strcmp(action, "observer.register") == 0) {
		actors_key_add(a, target, jstr(d, "key"), at);
	} else if (strcmp(action, "key.rotate") == 0 || strcmp(action, "key.revoke") == 0) {
		actors_key_end(a, target, jstr(d, "old_key"), at);
		if (jstr(d, "new_key") != NULL)
			actors_key_add(a, target, jstr(d, "new_key"), at);
	}
}

/* The administrative log's entries, in order. */
static void actors_admin(struct actors *a, const cJSON *admin)
{
	const cJSON *e;
	bool root = false;
	int whole = 0, hidden = 0, bad = a->nbad;

	cJSON_ArrayForEach(e, jget(admin, "entries")) {
		cJSON *b = jstr(e, "body") != NULL ? cJSON_Parse(jstr(e, "body")) : NULL;

		if (b == NULL) {
			hidden++;
			continue;
		}
		whole++;
		actors_admin_entry(a, b, &root);
		cJSON_Delete(b);
	}
	record_say(a->rep, root, "%s", root ? RF_ADMIN_ROOT : RF_ADMIN_NO_ROOT);
	if (a->nbad == bad)
		record_say(a->rep, true, RF_ADMIN_SIGNED, whole, hidden);
}

/* The actor of an entry held the role its act needs at that point of the
 * log (VOTE.md §1, §5.1; DESIGN.md §2): only whoever presides voids a
 * round; only the member designated at a scrutineer index publishes that
 * index's key or decrypts as it. The entry then updates who holds what.
 * NULL, or why not. */
static const char *actors_role(struct actors *a, const char *event, const char *actor,
			       const cJSON *data)
{
	const cJSON *s;
	double index = cJSON_GetNumberValue(jget(data, "index"));
	char who[40];
	int i;

	if (strcmp(event, "meeting.opened") == 0 && a->presiding[0] == '\0') {
		snprintf(a->presiding, sizeof(a->presiding), "%s", actor);
	} else if (strcmp(event, "presiding.succeeded") == 0 &&
		   (jget(data, "item") == NULL || cJSON_IsNull(jget(data, "item")))) {
		snprintf(who, sizeof(who), "member:%.0f",
			 cJSON_GetNumberValue(jget(data, "predecessor")));
		if (strcmp(who, a->presiding) == 0)
			snprintf(a->presiding, sizeof(a->presiding), "member:%.0f",
				 cJSON_GetNumberValue(jget(data, "member")));
	} else if (strcmp(event, "vote.voided") == 0) {
		if (strcmp(actor, a->presiding) != 0)
			return RF_VOID_NOT_PRESIDING;
	} else if (strcmp(event, "scrutineers.designated") == 0) {
		memset(a->scrutineer, 0, sizeof(a->scrutineer));
		cJSON_ArrayForEach(s, jget(data, "scrutineers")) {
			double x = cJSON_GetNumberValue(jget(s, "index"));

			if (x >= 0 && x < 9)
				a->scrutineer[(int)x] = cJSON_GetNumberValue(jget(s, "member"));
		}
	} else if (strcmp(event, "scrutineer.key") == 0 || strcmp(event, "vote.decrypted") == 0) {
		i = index >= 0 && index < 9 ? (int)index : -1;
		snprintf(who, sizeof(who), "member:%.0f", i >= 0 ? a->scrutineer[i] : 0.0);
		if (i < 0 || a->scrutineer[i] == 0 || strcmp(who, actor) != 0)
			return RF_NOT_SCRUTINEER;
	}
	return NULL;
}

/* The meeting log's entries: each signed by its actor. */
static void actors_meeting(struct actors *a, const cJSON *log)
{
	const cJSON *entries = jget(log, "entries"), *e;
	int n = 0, bad = a->nbad, server = 0;

	cJSON_ArrayForEach(e, entries) {
		cJSON *b = cJSON_Parse(jstr(e, "body"));
		const char *unsealed = NULL, *why = NULL;
		cJSON *who = logchain_who(e, b, &unsealed); /* a sealed entry's actor too */
		const char *actor = jstr(who, "actor"), *event = jstr(b, "event");
		double seq = cJSON_GetNumberValue(jget(b, "seq"));

		n++;
		if (unsealed != NULL)
			why = unsealed;
		else if (actor == NULL || event == NULL || jstr(b, "at") == NULL)
			why = RF_MALFORMED;
		else if (!actors_is_person(actor) && strcmp(actor, "server") != 0)
			why = RF_NOT_PERSON;
		else if ((why = actors_request(a, jget(who, "request"), actor, jstr(b, "at"), event,
					       jget(b, "data"), seq, entries)) == NULL)
			why = actors_role(a, event, actor, jget(b, "data"));
		if (why != NULL)
			actors_fail(a, RF_MEETING_ENTRY_FAILS, n, event != NULL ? event : "?",
				    actor != NULL ? actor : "?", why);
		server += actor != NULL && strcmp(actor, "server") == 0;
		cJSON_Delete(who);
		cJSON_Delete(b);
	}
	if (a->nbad == bad)
		record_say(a->rep, true, RF_MEETING_SIGNED, n);
	if (server > 0 && a->server_pub == NULL)
		record_say(a->rep, true, RF_SERVER_UNPINNED, server, a->server_seen);
}

/* Check who did what; findings go to rep. */
/* Whether the record is of a meeting logged before signed requests
 * (migration 0026): no administrative log, or an entry whose body has no
 * "request" member at all (later ones have one, null where nobody signs). */
static bool actors_older_format(const cJSON *record)
{
	const cJSON *e;
	bool old = !cJSON_IsObject(jget(record, "admin_log"));
	cJSON *b;

	cJSON_ArrayForEach(e, jget(jget(record, "log"), "entries")) {
		if (old)
			break;
		b = jstr(e, "body") != NULL ? cJSON_Parse(jstr(e, "body")) : NULL;
		old = cJSON_IsObject(b) && !cJSON_HasObjectItem(b, "request") &&
		      !cJSON_HasObjectItem(b, "sealed");
		cJSON_Delete(b);
	}
	return old;
}

bool record_actors_verify(const cJSON *record, const unsigned char *server_pub,
			  struct record_report *rep)
{
	const cJSON *admin = jget(record, "admin_log"), *log = jget(record, "log");
	struct actors a = {.server_pub = server_pub, .rep = rep};
	const char *format = jstr(admin, "format");

	if (actors_older_format(record)) {
		record_say(rep, false, RF_OLDER_FORMAT);
		return false;
	}
	if (format == NULL || strcmp(format, ADMINLOG_FORMAT) != 0) {
		record_say(rep, false, RF_NO_ADMIN_LOG, ADMINLOG_FORMAT);
		return false;
	}
	a.committee = cJSON_GetNumberValue(jget(admin, "committee"));
	a.meeting = cJSON_GetNumberValue(jget(log, "meeting"));
	if (a.committee != cJSON_GetNumberValue(jget(log, "committee"))) {
		record_say(rep, false, RF_ADMIN_OTHER);
		return false;
	}
	a.nonces = cJSON_CreateObject();
	if (actors_admin_chain(&a, admin)) {
		actors_admin(&a, admin);
		actors_meeting(&a, log);
	}
	cJSON_Delete(a.nonces);
	free(a.keys);
	return a.nbad == 0;
}
