#include <stdio.h>
#include <string.h>

#include "election_shape.h"

/* The members of each closed object of the record, format
 * yangguang-election-record/3. A round is closed or voided, as its "state"
 * says; each has its own members. */
static const char *const shape_record[] = {"format",     "committee", "meeting",
					   "item",       "title",     "server_key",
					   "ceremonies", "rounds",    "log_head"};
static const char *const shape_log_head[] = {"seq", "hash"};
static const char *const shape_ceremony[] = {"ceremony", "scrutineers", "election_key"};
/* A threshold key ceremony adds "threshold" (BALLOT.md §7.7). */
static const char *const shape_ceremony_dkg[] = {"ceremony", "scrutineers", "election_key",
						 "threshold"};
static const char *const shape_dkg[] = {"k", "scrutineers"};
static const char *const shape_dkg_entry[] = {"index",
					      "member",
					      "member_key",
					      "dealing",
					      "dealing_signature",
					      "verification_key",
					      "share_proof",
					      "accept_signature"};
static const char *const shape_scrutineer[] = {"index", "member", "member_key",
					       "key",   "proof",  "signature"};
static const char *const shape_round[] = {
	"round",    "state",   "ceremony",  "question",    "entitled", "present", "quorum", "rules",
	"eligible", "ballots", "aggregate", "decryptions", "counts",   "outcome", "tally"};
static const char *const shape_voided[] = {"round",    "state", "ceremony",
					   "question", "void",  "authority"};
static const char *const shape_entry[] = {"seq", "body", "prev_hash", "hash"};
static const char *const shape_quorum[] = {"needed", "personnel"};
static const char *const shape_rules[] = {"pass_threshold", "pass_base", "recuse_vote",
					  "scrutineers_vote_first"};
static const char *const shape_threshold[] = {"num", "den", "inclusive"};
static const char *const shape_eligible[] = {"member", "key"};
static const char *const shape_ballot[] = {"voter", "voter_key", "ballot", "signature", "receipt"};
static const char *const shape_decryption[] = {"index", "decryptions"};

#define SHAPE_N(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct shape {
	election_shape_fn say;
	void *arg;
	int problems;
};

static void shape_say(struct shape *s, const char *fmt, const char *path, const char *name)
{
	char line[256];

	snprintf(line, sizeof(line), fmt, path, name);
	s->problems++;
	s->say(s->arg, line);
}

/* obj at path is an object with exactly the n members names. */
static void shape_closed(struct shape *s, const cJSON *obj, const char *path,
			 const char *const *names, int n)
{
	const cJSON *m;
	int i;

	if (!cJSON_IsObject(obj)) {
		shape_say(s, "%s is not an object%s", path, "");
		return;
	}
	cJSON_ArrayForEach(m, obj) {
		for (i = 0; i < n && strcmp(m->string, names[i]) != 0; i++)
			;
		if (i == n)
			shape_say(s, "%s has the unknown member \"%.48s\"", path, m->string);
	}
	for (i = 0; i < n; i++)
		if (cJSON_GetObjectItemCaseSensitive(obj, names[i]) == NULL)
			shape_say(s, "%s lacks the member \"%s\"", path, names[i]);
}

/* Every element of the array member name of obj (at path) is closed to
 * names; a missing or non-array member is left to the verifier. */
static void shape_each(struct shape *s, const cJSON *obj, const char *path, const char *name,
		       const char *const *names, int n)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, name), *e;
	char at[160];
	int i = 0;

	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(e, list) {
		snprintf(at, sizeof(at), "%.100s.%.40s[%d]", path, name, i++);
		shape_closed(s, e, at, names, n);
	}
}

/* The member name of obj (at path), if it is there, closed to names. */
static void shape_member(struct shape *s, const cJSON *obj, const char *path, const char *name,
			 const char *const *names, int n)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
	char at[160];

	if (m == NULL)
		return;
	snprintf(at, sizeof(at), "%.100s.%.40s", path, name);
	shape_closed(s, m, at, names, n);
}

static void shape_round_of(struct shape *s, const cJSON *r, const char *path)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(r, "rules");
	const char *state = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "state"));
	char at[160];

	if (state != NULL && strcmp(state, "voided") == 0) {
		shape_closed(s, r, path, shape_voided, SHAPE_N(shape_voided));
		shape_member(s, r, path, "void", shape_entry, SHAPE_N(shape_entry));
		shape_each(s, r, path, "authority", shape_entry, SHAPE_N(shape_entry));
		return;
	}
	shape_closed(s, r, path, shape_round, SHAPE_N(shape_round));
	shape_member(s, r, path, "quorum", shape_quorum, SHAPE_N(shape_quorum));
	shape_member(s, r, path, "rules", shape_rules, SHAPE_N(shape_rules));
	snprintf(at, sizeof(at), "%.100s.rules", path);
	if (cJSON_IsObject(rules))
		shape_member(s, rules, at, "pass_threshold", shape_threshold,
			     SHAPE_N(shape_threshold));
	shape_each(s, r, path, "eligible", shape_eligible, SHAPE_N(shape_eligible));
	shape_each(s, r, path, "ballots", shape_ballot, SHAPE_N(shape_ballot));
	shape_each(s, r, path, "decryptions", shape_decryption, SHAPE_N(shape_decryption));
}

int election_shape(const cJSON *record, election_shape_fn say, void *arg)
{
	struct shape s = {say, arg, 0};
	const cJSON *rounds = cJSON_GetObjectItemCaseSensitive(record, "rounds"), *r, *cer, *c;
	char at[32];
	int i = 0;

	shape_closed(&s, record, "$", shape_record, SHAPE_N(shape_record));
	if (!cJSON_IsObject(record))
		return s.problems;
	shape_member(&s, record, "$", "log_head", shape_log_head, SHAPE_N(shape_log_head));
	cer = cJSON_GetObjectItemCaseSensitive(record, "ceremonies");
	if (!cJSON_IsArray(cer))
		cer = NULL;
	cJSON_ArrayForEach(c, cer) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(c, "threshold");
		char at2[48];

		snprintf(at, sizeof(at), "$.ceremonies[%d]", i++);
		if (t != NULL)
			shape_closed(&s, c, at, shape_ceremony_dkg, SHAPE_N(shape_ceremony_dkg));
		else
			shape_closed(&s, c, at, shape_ceremony, SHAPE_N(shape_ceremony));
		if (!cJSON_IsObject(c))
			continue;
		shape_each(&s, c, at, "scrutineers", shape_scrutineer, SHAPE_N(shape_scrutineer));
		shape_member(&s, c, at, "threshold", shape_dkg, SHAPE_N(shape_dkg));
		snprintf(at2, sizeof(at2), "%s.threshold", at);
		if (cJSON_IsObject(t))
			shape_each(&s, t, at2, "scrutineers", shape_dkg_entry,
				   SHAPE_N(shape_dkg_entry));
	}
	i = 0;
	if (!cJSON_IsArray(rounds))
		return s.problems;
	cJSON_ArrayForEach(r, rounds) {
		snprintf(at, sizeof(at), "$.rounds[%d]", i++);
		shape_round_of(&s, r, at);
	}
	return s.problems;
}
