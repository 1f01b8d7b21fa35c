#include <stdio.h>
#include <string.h>

#include "election_void.h"
#include "envelope.h"
#include "logchain.h"
#include "reqsig.h"
#include "hex.h"

static const cJSON *vget(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *vstr(const cJSON *o, const char *name)
{
	return cJSON_GetStringValue(vget(o, name));
}

/* Whether the number member name of o is the id want. */
static bool vis(const cJSON *o, const char *name, uint64_t want)
{
	uint64_t v;

	return envelope_uint(vget(o, name), &v) && v == want;
}

/* The member id of an actor "member:N", 0 if it is not one. */
static uint64_t vmember(const char *actor)
{
	unsigned long long id;
	char tail;

	if (actor == NULL || sscanf(actor, "member:%llu%c", &id, &tail) != 1)
		return 0;
	return (uint64_t)id;
}

/* A log entry {seq, body, prev_hash, hash} of this meeting whose hash is
 * that of its body: its body parsed (the caller frees it), or NULL with
 * why. */
static cJSON *ventry(const cJSON *e, uint64_t meeting, uint64_t *seq, const char **why)
{
	unsigned char prev[32];
	char want[65];
	const char *body = vstr(e, "body"), *hash = vstr(e, "hash");
	cJSON *b;

	if (!envelope_uint(vget(e, "seq"), seq) || *seq < 1 || body == NULL ||
	    !hex_decode(vstr(e, "prev_hash"), prev, 32) || hash == NULL) {
		*why = "is not a log entry {seq, body, prev_hash, hash}";
		return NULL;
	}
	if (!logchain_hash(prev, body, want) || strcmp(want, hash) != 0) {
		*why = "has a hash that is not its body's: it was changed";
		return NULL;
	}
	b = cJSON_Parse(body);
	if (b == NULL || !vis(b, "meeting", meeting) || !vis(b, "seq", *seq)) {
		cJSON_Delete(b);
		*why = "is not an entry of this meeting's log at its place";
		return NULL;
	}
	return b;
}

/* The request of entry body b: signed by its key, for this committee and
 * operation op, about this meeting; its key in pub. NULL, or why not. */
static const char *vrequest(const cJSON *b, const char *op, const struct election_void *v,
			    unsigned char pub[SIG_PUB_LEN])
{
	const cJSON *r = vget(b, "request"), *args = vget(r, "args");
	const char *why = NULL;
	long long at;

	if (r == NULL || cJSON_IsNull(r))
		return "carries no signed request";
	if (!reqsig_verify(r, pub, &at, &why))
		return why;
	if (!vis(r, "committee", v->committee))
		return "its request was made for another committee";
	if (vstr(r, "op") == NULL || strcmp(vstr(r, "op"), op) != 0)
		return "its request is for another operation";
	if (!vis(args, "meeting", v->meeting))
		return "its request was for another meeting";
	return NULL;
}

struct vctx {
	struct election_void *v;
	election_void_fn say;
	void *arg;
	int fails;
};

static void vfail(struct vctx *c, const char *fmt, const char *what)
{
	char line[256];

	snprintf(line, sizeof(line), fmt, (unsigned long long)c->v->round, what);
	c->fails++;
	c->say(c->arg, false, line);
}

/* The act itself: the vote.voided entry and its signed request. */
static void vact(struct vctx *c, const cJSON *e, uint64_t *seq)
{
	struct election_void *v = c->v;
	const char *why = NULL, *reason;
	const cJSON *d, *args;
	cJSON *b = ventry(e, v->meeting, seq, &why);

	if (b == NULL) {
		vfail(c, "round %llu was voided, but its void act %s", why);
		return;
	}
	d = vget(b, "data");
	reason = vstr(d, "reason");
	args = vget(vget(b, "request"), "args");
	if (vstr(b, "event") == NULL || strcmp(vstr(b, "event"), "vote.voided") != 0 ||
	    !vis(d, "item", v->item) || !vis(d, "round", v->round))
		vfail(c, "round %llu: the void act %s",
		      "is not the vote.voided entry of this round");
	else if (!envelope_uint(vget(d, "ceremony"), &v->next_ceremony) ||
		 v->next_ceremony != v->ceremony + 1)
		vfail(c, "round %llu: the void act %s",
		      "does not start the key ceremony after the round's");
	else if ((v->actor = vmember(vstr(b, "actor"))) == 0)
		vfail(c, "round %llu: the void act %s", "is not a member's");
	else if ((why = vrequest(b, "vote.void", v, v->actor_pub)) != NULL)
		vfail(c, "round %llu: the void act: %s", why);
	else if (!vis(args, "item", v->item) || !vis(args, "round", v->round) || reason == NULL ||
		 vstr(args, "reason") == NULL || strcmp(reason, vstr(args, "reason")) != 0)
		vfail(c, "round %llu: the void act %s",
		      "records another item, round or reason than its signed request asked for");
	else
		snprintf(v->reason, sizeof(v->reason), "%s", reason);
	cJSON_Delete(b);
}

/* The authority entries: who presided when the act was made. */
static void vauthority(struct vctx *c, const cJSON *list, uint64_t act_seq)
{
	struct election_void *v = c->v;
	unsigned char pub[SIG_PUB_LEN], opener_pub[SIG_PUB_LEN];
	uint64_t seq, last = 0, holder = 0, opener = 0, pred, succ;
	const char *why = NULL, *event;
	const cJSON *e;
	cJSON *b;
	int n = 0;

	if (!cJSON_IsArray(list)) {
		vfail(c, "round %llu: %s", "no entries show who presided");
		return;
	}
	cJSON_ArrayForEach(e, list) {
		if ((b = ventry(e, v->meeting, &seq, &why)) == NULL) {
			vfail(c, "round %llu: an entry of who presided %s", why);
			return;
		}
		event = vstr(b, "event");
		if (seq <= last || seq >= act_seq)
			why = "is not in log order before the void act";
		else if (event == NULL)
			why = "names no event";
		else if (n == 0 && strcmp(event, "meeting.opened") != 0)
			why = "is not the meeting's opening, which comes first";
		else if (n == 0)
			why = (holder = opener = vmember(vstr(b, "actor"))) == 0
				      ? "is not a member's"
				      : vrequest(b, "meeting.open", v, opener_pub);
		else if (strcmp(event, "presiding.succeeded") != 0 ||
			 (vget(vget(b, "data"), "item") != NULL &&
			  !cJSON_IsNull(vget(vget(b, "data"), "item"))))
			why = "is neither the opening nor a meeting-wide succession";
		else if ((why = vrequest(b, "presiding.succeed", v, pub)) == NULL &&
			 envelope_uint(vget(vget(b, "data"), "predecessor"), &pred) &&
			 envelope_uint(vget(vget(b, "data"), "member"), &succ) && pred == holder)
			holder = succ;
		cJSON_Delete(b);
		if (why != NULL) {
			vfail(c, "round %llu: an entry of who presided %s", why);
			return;
		}
		last = seq;
		n++;
	}
	if (n == 0) {
		vfail(c, "round %llu: %s",
		      "no entries show who presided: not the opening of the meeting");
		return;
	}
	if (v->actor != 0 && v->actor != holder) {
		vfail(c, "round %llu: the void act %s",
		      "is not by the member presiding then: only whoever presides voids a round");
		return;
	}
	v->key_known = holder == opener;
	if (v->key_known && memcmp(opener_pub, v->actor_pub, SIG_PUB_LEN) != 0)
		vfail(c, "round %llu: the void act %s",
		      "is not signed with the key the presiding member opened the meeting with");
}

bool election_void_check(const cJSON *voided, struct election_void *v, election_void_fn say,
			 void *arg)
{
	struct vctx c = {v, say, arg, 0};
	const cJSON *act = vget(voided, "void");
	uint64_t act_seq = 0;
	char line[256];

	v->actor = 0;
	v->reason[0] = '\0';
	v->key_known = false;
	if (act == NULL || cJSON_IsNull(act)) {
		vfail(&c, "round %llu is voided %s",
		      "without its void act: a voided round counts only with the presiding "
		      "member's signed act");
		return false;
	}
	vact(&c, act, &act_seq);
	if (c.fails == 0)
		vauthority(&c, vget(voided, "authority"), act_seq);
	if (c.fails == 0) {
		snprintf(line, sizeof(line),
			 "round %llu was voided by member %llu, presiding, in a signed act (log "
			 "entry %llu): %.120s",
			 (unsigned long long)v->round, (unsigned long long)v->actor,
			 (unsigned long long)act_seq, v->reason);
		say(arg, true, line);
	}
	return c.fails == 0;
}
