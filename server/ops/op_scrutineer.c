/* 监票人 (scrutineers) of a meeting: scrutineer.designate (the chair),
 * scrutineer.list, scrutineer.publish (the key ceremony: each scrutineer's
 * terminal publishes its key with a proof of knowledge, checked here; the
 * last one makes the election key; proof and signature are checked on a
 * crypto worker, never on the event loop) and scrutineer.tasks (what a
 * scrutineer's terminal still has to do). proto/VOTE.md §1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/ballot.h"
#include "../../proto/scrutiny.h"
#include "../../proto/vote.h"
#include "../client.h"
#include "../api_call.h"
#include "../rule_txn.h"
#include "../server.h"
#include "../worker.h"
#include "ops.h"

static void designate_exec(struct request *req)
{
	const cJSON *m, *members = cJSON_GetObjectItemCaseSensitive(req->args, "members");
	char meeting[24], *list;
	const char *params[2];

	cJSON_ArrayForEach(m, members) {
		if (!cJSON_IsNumber(m) || m->valuedouble < 1 || m->valuedouble > (double)ID_MAX ||
		    m->valuedouble != (double)(long long)m->valuedouble) {
			request_fail(req, YG_ERR_BAD_REQUEST, "members must be member ids");
			return;
		}
	}
	list = cJSON_PrintUnformatted(members);
	params[0] = api_call_int(req->args, "meeting", meeting);
	params[1] = list;
	api_call(req, "scrutineer_designate", 2, params, API_CALL_CALLER, NULL);
	free(list);
}

static void list_exec(struct request *req)
{
	char meeting[24];
	const char *params[1] = {api_call_int(req->args, "meeting", meeting)};

	api_call(req,
		 strcmp(req->op->name, "scrutineer.list") == 0 ? "scrutineer_list"
							       : "scrutineer_tasks",
		 1, params, API_CALL_CALLER, NULL);
}

/* The group to compute with: the publication's steps run on a crypto
 * worker (rule_txn_start_crypto), which has its own. */
static struct group *scrutineer_group(const struct request *req)
{
	struct group *w = worker_current_group();

	return w != NULL ? w : request_server(req)->group;
}

/* Every key is in: their sum is the election key (never the point at
 * infinity). */
/* The election.key entry ygd makes is signed by the server key
 * (PROTOCOL.md §7a): R's args are the meeting and the key it added up. */
static bool scrutineer_sign_key(struct rule_txn *t, struct request *req, const char *key)
{
	cJSON *args = cJSON_CreateObject();
	bool ok;

	cJSON_AddNumberToObject(args, "meeting", (double)args_int(req->args, "meeting", 0));
	cJSON_AddStringToObject(args, "key", key);
	ok = rule_txn_sign_as_server(t, "election.key", args, req->client->auth.committee);
	cJSON_Delete(args);
	return ok;
}

static void publish_stored(struct rule_txn *t, struct request *req, cJSON *stored)
{
	struct group *g = scrutineer_group(req);
	const cJSON *k, *keys = cJSON_GetObjectItemCaseSensitive(stored, "keys");
	EC_POINT *sum = group_point_new(g), *x = group_point_new(g);
	char meeting[24], text[GROUP_POINT_TEXT_LEN + 1];
	const char *params[2];
	bool ok = sum != NULL && x != NULL && cJSON_GetArraySize(keys) > 0;

	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(stored, "complete"))) {
		EC_POINT_free(sum);
		EC_POINT_free(x);
		cJSON_DeleteItemFromObjectCaseSensitive(stored, "complete");
		cJSON_DeleteItemFromObjectCaseSensitive(stored, "keys");
		rule_txn_commit(t, cJSON_Duplicate(stored, true));
		return;
	}
	cJSON_ArrayForEach(k, keys) {
		ok = ok && cJSON_IsString(k) && group_point_from_text(g, k->valuestring, x) &&
		     EC_POINT_add(g->ec, sum, sum, x, g->bn) == 1;
	}
	ok = ok && !EC_POINT_is_at_infinity(g->ec, sum) && group_point_to_text(g, sum, text);
	EC_POINT_free(sum);
	EC_POINT_free(x);
	if (!ok) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "the scrutineers' keys do not add up to a key");
		return;
	}
	params[0] = api_call_int(req->args, "meeting", meeting);
	params[1] = text;
	if (!scrutineer_sign_key(t, req, text)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "the election key cannot be signed");
		return;
	}
	rule_txn_call(t, "election_key_set", 2, params, NULL);
}

/* Whether the publication is signed with the scrutineer's own member key
 * (BALLOT.md §7.4); pj is the key as ballot_pubkey_to_json wrote it. */
static bool publish_signed(const cJSON *facts, const char *member_key, const char *key_text,
			   const cJSON *pj, const char *signature)
{
	const cJSON *proof = cJSON_GetObjectItemCaseSensitive(pj, "proof");
	struct scrutiny_pub p = {
		.committee =
			(uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "committee")),
		.meeting = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "meeting")),
		.ceremony = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "ceremony")),
		.index = (uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "index")),
		.member = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "member")),
		.member_key = member_key,
		.key = key_text,
		.proof_c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(proof, "c")),
		.proof_z = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(proof, "z"))};

	return scrutiny_key_sig_ok(&p, signature);
}

/* The key's proof must show its publisher knows the secret, bound to this
 * scrutineer, position and meeting (BALLOT.md §7.2), and the publication
 * be signed by the scrutineer (§7.4). */
static void publish_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct group *g = scrutineer_group(req);
	const char *member_key = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "member_key"));
	struct ballot_key_context kc = {0};
	struct ballot_pubkey pk;
	char meeting[24], text[GROUP_POINT_TEXT_LEN + 1], *proof = NULL;
	const char *params[5], *why = "";
	cJSON *pj = NULL;
	bool ok;

	kc.committee = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "committee"));
	kc.meeting = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "meeting"));
	kc.index = (uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "index"));
	kc.member = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(facts, "member"));
	if (member_key == NULL || !sig_pub_from_text(member_key, kc.member_pub)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "no key for the scrutineer");
		return;
	}
	/* pk is made here, and freed again if the key is unreadable. */
	if (!ballot_pubkey_from_json(g, cJSON_GetObjectItemCaseSensitive(req->args, "key"), &pk,
				     &why)) {
		rule_txn_fail(t, YG_ERR_BAD_REQUEST, "the scrutineer key is refused: %s", why);
		return;
	}
	ok = true;
	if (!ballot_key_verify(g, &kc, &pk)) {
		ok = false;
		why = "its proof of knowledge does not verify for you in this meeting";
	}
	if (ok) {
		pj = ballot_pubkey_to_json(g, &pk);
		proof = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(pj, "proof"));
		ok = proof != NULL && group_point_to_text(g, pk.key, text);
		if (ok && !publish_signed(facts, member_key, text, pj,
					  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
						  req->args, "signature")))) {
			ok = false;
			why = "it is not signed with your member key";
		}
	}
	ballot_pubkey_clear(&pk);
	if (!ok) {
		cJSON_Delete(pj);
		free(proof);
		rule_txn_fail(t, YG_ERR_BAD_REQUEST, "the scrutineer key is refused: %s", why);
		return;
	}
	params[0] = api_call_int(req->args, "meeting", meeting);
	params[1] = text;
	params[2] = proof;
	params[3] = member_key;
	params[4] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req->args, "signature"));
	rule_txn_call(t, "scrutineer_publish", 5, params, publish_stored);
	cJSON_Delete(pj);
	free(proof);
}

static void publish_exec(struct request *req)
{
	char meeting[24];
	const char *params[1] = {api_call_int(req->args, "meeting", meeting)};

	rule_txn_start_crypto(req, "scrutineer_key_facts", 1, params, publish_judge);
}

/* The way out of a round the scrutineers cannot decrypt (VOTE.md §5.1):
 * the database checks who presides and the round's state. */
static void void_exec(struct request *req)
{
	char meeting[24], item[24], round[24];
	const char *params[4] = {api_call_int(req->args, "meeting", meeting),
				 api_call_int(req->args, "item", item),
				 api_call_int(req->args, "round", round),
				 cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "reason"))};

	api_call(req, "vote_void", 4, params, API_CALL_CALLER, NULL);
}

const struct op_entry op_scrutineer_designate = {
	.name = "scrutineer.designate", .flags = OP_NEEDS_DB, .exec = designate_exec};
const struct op_entry op_scrutineer_list = {
	.name = "scrutineer.list", .flags = OP_NEEDS_DB, .exec = list_exec};
const struct op_entry op_scrutineer_publish = {
	.name = "scrutineer.publish", .flags = OP_NEEDS_DB, .exec = publish_exec};
const struct op_entry op_vote_void = {.name = "vote.void", .flags = OP_NEEDS_DB, .exec = void_exec};
const struct op_entry op_scrutineer_tasks = {
	.name = "scrutineer.tasks", .flags = OP_NEEDS_DB, .exec = list_exec};
