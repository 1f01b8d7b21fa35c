/* 监票人 (scrutineers) of a meeting: scrutineer.publish (the key ceremony:
 * each scrutineer's terminal publishes its key with a proof of knowledge,
 * checked here; the last one makes the election key; proof and signature
 * are checked on a crypto worker, never on the event loop) and
 * scrutineer.accept (a threshold ceremony's acceptance, checked here too).
 * scrutineer.designate, scrutineer.list, scrutineer.seal, scrutineer.tasks
 * and vote.void name their SQL entry point in proto/operations.c: the
 * database judges them. proto/VOTE.md §1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/ballot.h"
#include "../../proto/dkg_ceremony.h"
#include "../../proto/scrutiny.h"
#include "../../proto/vote.h"
#include "../client.h"
#include "../api_call.h"
#include "../rule_txn.h"
#include "../server.h"
#include "../worker.h"
#include "ops.h"

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

/* With every key (or acceptance) in, add the keys up, on group g, and
 * store their sum: the request's arguments with it as election_key. */
static void keys_stored(struct rule_txn *t, struct request *req, cJSON *stored, struct group *g)
{
	const cJSON *k, *keys = cJSON_GetObjectItemCaseSensitive(stored, "keys");
	EC_POINT *sum = group_point_new(g), *x = group_point_new(g);
	char text[GROUP_POINT_TEXT_LEN + 1];
	cJSON *args;
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
	if (!scrutineer_sign_key(t, req, text)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "the election key cannot be signed");
		return;
	}
	args = api_call_args_copy(req);
	cJSON_AddStringToObject(args, "election_key", text);
	rule_txn_call_json(t, "election_key_set", args, NULL);
	cJSON_Delete(args);
}

static void publish_stored(struct rule_txn *t, struct request *req, cJSON *stored)
{
	keys_stored(t, req, stored, scrutineer_group(req));
}

/* A whole number of o's member name, 0 if it is missing or not one (a
 * missing number reads as NaN, which no integer type can hold). */
static uint64_t fact_uint(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(o, name);
	double d = cJSON_IsNumber(v) ? cJSON_GetNumberValue(v) : -1;

	return d >= 0 && d <= 9007199254740991.0 ? (uint64_t)d : 0;
}

/* Whether the publication is signed with the scrutineer's own member key
 * (BALLOT.md §7.4); pj is the key as ballot_pubkey_to_json wrote it. */
static bool publish_signed(const cJSON *facts, const char *member_key, const char *key_text,
			   const cJSON *pj, const char *signature)
{
	const cJSON *proof = cJSON_GetObjectItemCaseSensitive(pj, "proof");
	struct scrutiny_pub p = {
		.committee = fact_uint(facts, "committee"),
		.meeting = fact_uint(facts, "meeting"),
		.ceremony = fact_uint(facts, "ceremony"),
		.index = (uint32_t)fact_uint(facts, "index"),
		.member = fact_uint(facts, "member"),
		.member_key = member_key,
		.key = key_text,
		.proof_c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(proof, "c")),
		.proof_z = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(proof, "z"))};

	return scrutiny_key_sig_ok(&p, signature);
}

/* The ceremony of facts (BALLOT.md §7.5); false if it has no threshold. */
static bool ceremony_params(const cJSON *facts, const cJSON *dkg, struct dkg_params *p)
{
	uint64_t n = fact_uint(dkg, "n"), k = fact_uint(dkg, "threshold");

	*p = (struct dkg_params){.committee = fact_uint(facts, "committee"),
				 .meeting = fact_uint(facts, "meeting"),
				 .ceremony = fact_uint(facts, "ceremony"),
				 .n = n <= UINT32_MAX ? (uint32_t)n : 0,
				 .threshold = k <= UINT32_MAX ? (uint32_t)k : 0};
	return cJSON_IsObject(dkg) && dkg_params_valid(p);
}

/* In a threshold ceremony the key is the dealing's constant commitment,
 * and the dealing is valid and signed by the scrutineer (§7.5, §7.7); NULL
 * or why not. */
static const char *publish_dealing_why(struct group *g, const cJSON *facts, const cJSON *args,
				       const struct ballot_key_context *kc, const char *key_text)
{
	const cJSON *dealing = cJSON_GetObjectItemCaseSensitive(args, "dealing");
	struct dkg_params p;
	struct dkg_signer s;
	struct dkg_dealing d;
	char c0[GROUP_POINT_TEXT_LEN + 1];
	const char *why = NULL;
	cJSON *body;
	bool signed_ok;

	if (!ceremony_params(facts, cJSON_GetObjectItem(facts, "threshold"), &p))
		return dealing == NULL ? NULL : "this key ceremony has no threshold: no dealing";
	if (dealing == NULL)
		return "this key ceremony has a threshold: the key comes with its dealing";
	s = (struct dkg_signer){&p, kc->index, kc->member,
				cJSON_GetStringValue(cJSON_GetObjectItem(facts, "member_key"))};
	body = dkg_dealing_body(dealing);
	signed_ok =
		body != NULL &&
		dkg_sig_ok(DKG_DEALING_TAG, &s, body,
			   cJSON_GetStringValue(cJSON_GetObjectItem(args, "dealing_signature")));
	cJSON_Delete(body);
	if (!signed_ok)
		return "the dealing is not signed with your member key";
	if (!dkg_dealing_from_json(g, dealing, &d, &why))
		return why;
	if (!dkg_dealing_verify(g, &p, kc, &d))
		why = "the dealing's commitments or proofs do not verify";
	else if (!group_point_to_text(g, d.c[0], c0) || strcmp(c0, key_text) != 0)
		why = "the key is not the dealing's constant commitment";
	dkg_dealing_clear(&d);
	return why;
}

/* The key's proof must show its publisher knows the secret, bound to this
 * scrutineer, position and meeting (BALLOT.md §7.2), and the publication
 * be signed by the scrutineer (§7.4). Stored with the request's arguments
 * and what was read and verified here: the key as a point (public_key, in
 * place of the key object), its proof as encoded here and the member key. */
static void publish_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct group *g = scrutineer_group(req);
	const char *member_key = cJSON_GetStringValue(cJSON_GetObjectItem(facts, "member_key"));
	struct ballot_key_context kc = {0};
	struct ballot_pubkey pk;
	char text[GROUP_POINT_TEXT_LEN + 1];
	const char *why = "";
	cJSON *pj = NULL, *args;
	bool ok;

	kc.committee = fact_uint(facts, "committee");
	kc.meeting = fact_uint(facts, "meeting");
	kc.index = (uint32_t)fact_uint(facts, "index");
	kc.member = fact_uint(facts, "member");
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
		ok = cJSON_GetObjectItemCaseSensitive(pj, "proof") != NULL &&
		     group_point_to_text(g, pk.key, text);
		if (ok && !publish_signed(facts, member_key, text, pj,
					  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
						  req->args, "signature")))) {
			ok = false;
			why = "it is not signed with your member key";
		}
		if (ok && (why = publish_dealing_why(g, facts, req->args, &kc, text)) != NULL)
			ok = false;
	}
	ballot_pubkey_clear(&pk);
	if (!ok) {
		cJSON_Delete(pj);
		rule_txn_fail(t, YG_ERR_BAD_REQUEST, "the scrutineer key is refused: %s", why);
		return;
	}
	args = api_call_args_copy(req);
	cJSON_DeleteItemFromObjectCaseSensitive(args, "key");
	cJSON_AddStringToObject(args, "public_key", text);
	cJSON_AddItemToObject(args, "proof", cJSON_DetachItemFromObjectCaseSensitive(pj, "proof"));
	cJSON_AddStringToObject(args, "member_key", member_key);
	rule_txn_call_json(t, "scrutineer_publish", args, publish_stored);
	cJSON_Delete(args);
	cJSON_Delete(pj);
}

static void publish_exec(struct request *req)
{
	rule_txn_start_crypto_args(req, "scrutineer_key_facts", publish_judge);
}

/* An acceptance (BALLOT.md §7.5, §7.7): the verification key is the one
 * every dealing's commitments give for this scrutineer, the share proof
 * verifies under it, and the acceptance is signed by the scrutineer. */
static const char *accept_why(struct group *g, const cJSON *facts, const cJSON *args, EC_POINT *key,
			      char key_text[GROUP_POINT_TEXT_LEN + 1])
{
	const cJSON *dl = cJSON_GetObjectItem(facts, "dealings"), *e;
	const char *vk = cJSON_GetStringValue(cJSON_GetObjectItem(args, "verification_key"));
	struct dkg_dealing d[DKG_MAX];
	struct dkg_params p;
	struct dkg_signer s;
	struct ballot_key_context kc = {0};
	struct zkp_proof pr;
	EC_POINT *y = group_point_new(g);
	char ytext[GROUP_POINT_TEXT_LEN + 1];
	const char *why = NULL, *ignored;
	uint32_t i = 0;
	cJSON *body;

	memset(d, 0, sizeof(d));
	if (!ceremony_params(facts, facts, &p) || cJSON_GetArraySize(dl) != (int)p.n || y == NULL)
		why = "the ceremony cannot be read";
	for (e = why == NULL ? dl->child : NULL; e != NULL && i < DKG_MAX; e = e->next)
		if (!dkg_dealing_from_json(g, e, &d[i++], &ignored))
			why = "a stored dealing cannot be read";
	kc = (struct ballot_key_context){p.committee,
					 p.meeting,
					 (uint32_t)fact_uint(facts, "index"),
					 fact_uint(facts, "member"),
					 {0}};
	s = (struct dkg_signer){&p, kc.index, kc.member,
				cJSON_GetStringValue(cJSON_GetObjectItem(facts, "member_key"))};
	if (why == NULL &&
	    (s.member_key == NULL || !sig_pub_from_text(s.member_key, kc.member_pub)))
		why = "no member key for you";
	if (why == NULL &&
	    (!dkg_election_key(g, d, p.n, key) || !dkg_verification_key(g, d, p.n, kc.index, y) ||
	     !group_point_to_text(g, key, key_text) || !group_point_to_text(g, y, ytext) ||
	     vk == NULL || strcmp(vk, ytext) != 0))
		why = "the verification key is not the one the commitments give you";
	body = why == NULL ? dkg_accept_body(key_text, vk, cJSON_GetObjectItem(args, "share_proof"))
			   : NULL;
	if (why == NULL &&
	    !dkg_sig_ok(DKG_ACCEPT_TAG, &s, body,
			cJSON_GetStringValue(cJSON_GetObjectItem(args, "signature"))))
		why = "the acceptance is not signed with your member key";
	cJSON_Delete(body);
	if (why == NULL &&
	    (!dkg_proof_from_json(g, cJSON_GetObjectItem(args, "share_proof"), &pr) ||
	     !dkg_share_verify(g, &p, &kc, key, y, &pr)))
		why = "the share proof does not verify";
	for (i = 0; i < DKG_MAX; i++)
		dkg_dealing_clear(&d[i]);
	EC_POINT_free(y);
	return why;
}

/* With every acceptance in, the election key: made as for the plain sum
 * of keys (publish_stored adds the constant commitments up). Runs on a
 * crypto worker, as accept_judge does. */
static void accept_stored(struct rule_txn *t, struct request *req, cJSON *stored)
{
	keys_stored(t, req, stored, worker_current_group());
}

static void accept_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	struct group *g = worker_current_group();
	EC_POINT *key = group_point_new(g);
	char key_text[GROUP_POINT_TEXT_LEN + 1];
	const char *why =
		key != NULL ? accept_why(g, facts, req->args, key, key_text) : "out of memory";

	EC_POINT_free(key);
	if (why != NULL) {
		rule_txn_fail(t, YG_ERR_BAD_REQUEST, "the acceptance is refused: %s", why);
		return;
	}
	rule_txn_call_args(t, "scrutineer_accept", accept_stored);
}

static void accept_exec(struct request *req)
{
	rule_txn_start_crypto_args(req, "scrutineer_accept_facts", accept_judge);
}

/* scrutineer.designate, .list, .seal, .tasks and vote.void have no handler
 * here: their rows (proto/operations.c) name their SQL entry points.
 * scrutineer.seal's sealed shares go to the database as they are (the
 * recipients check them against the dealers' commitments and signatures,
 * BALLOT.md §7.5); vote.void, the way out of a round the scrutineers
 * cannot decrypt (VOTE.md §5.1), is judged by the database (who presides,
 * the round's state). */
const struct op_entry op_scrutineer_publish = {
	.name = "scrutineer.publish", .flags = OP_NEEDS_DB, .exec = publish_exec};
const struct op_entry op_scrutineer_accept = {
	.name = "scrutineer.accept", .flags = OP_NEEDS_DB, .exec = accept_exec};
