/* Unit tests for proto/election.c (VOTE.md §8): election records built here
 * the way ygd builds them — scrutineer keys with proofs, ballots encrypted,
 * proven and signed by each voter, the aggregate, every scrutineer's
 * partial decryption, the counts, the outcome and the tally signed by the
 * server — verify; each kind of tampering an auditor must catch fails with
 * a FAIL line saying so; a run-off chain verifies and a broken one does
 * not; receipts are found; a record under a threshold key ceremony (any 2
 * of 3, one scrutineer not a voter) verifies and its tampered copies do
 * not; and no malformed record, field by field, makes the verifier crash,
 * leak or pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../proto/election.h"
#include "../../proto/hex.h"
#include "../../proto/logchain.h"
#include "../../proto/reqsig.h"
#include "../../proto/scrutiny.h"
#include "../../proto/jcs.h"
#include "../../proto/jws.h"
#include "../../rules/outcome.h"
#include "../../proto/vote.h"
#include "seed.h"
#define YG_DKG_LOCAL_SIGNED
#include "../vectors/dkg_local.h"

#define COMMITTEE 1
#define MEETING   2
#define ITEM      3
#define NSCRUT    2
#define NMEMBERS  6 /* members 11..16; 11..15 vote, 16 is not eligible */
#define OUTSIDER  5 /* index of member 16 */

static struct group *g;
static EVP_PKEY *server, *impostor;
static unsigned char server_pub[SIG_PUB_LEN], impostor_pub[SIG_PUB_LEN];
static EVP_PKEY *member_key[NMEMBERS];
static char member_text[NMEMBERS][SIG_PUB_TEXT_LEN + 1];
static BIGNUM *scrut_secret[NSCRUT];
static struct ballot_pubkey scrut_pub[NSCRUT];
static char election_key[GROUP_POINT_TEXT_LEN + 1];
/* While a threshold record is built: its ceremony, and the scrutineers
 * who decrypt (by index). */
static const struct dkg_local *thr;
static const uint32_t thr_at[2] = {0, 2};

static const char rules_entitled[] =
	"{\"pass_threshold\":{\"num\":1,\"den\":2,\"inclusive\":false},"
	"\"pass_base\":\"entitled\",\"recuse_vote\":true,"
	"\"scrutineers_vote_first\":false}";

static uint64_t member_id(int i)
{
	return 11 + (uint64_t)i;
}

/* Scrutineer i is member 14 + i. */
static int scrut_member(int i)
{
	return 3 + i;
}

static int setup(void **state)
{
	struct ballot_key_context kc;
	EC_POINT *k;
	int i;

	(void)state;
	g = group_new(NULL, NULL);
	server = sig_keygen();
	impostor = sig_keygen();
	if (g == NULL || server == NULL || impostor == NULL || !sig_public(server, server_pub) ||
	    !sig_public(impostor, impostor_pub))
		return 1;
	for (i = 0; i < NMEMBERS; i++) {
		unsigned char pub[SIG_PUB_LEN];

		member_key[i] = sig_keygen();
		if (member_key[i] == NULL || !sig_public(member_key[i], pub))
			return 1;
		sig_pub_to_text(pub, member_text[i]);
	}
	for (i = 0; i < NSCRUT; i++) {
		memset(&kc, 0, sizeof(kc));
		kc.committee = COMMITTEE, kc.meeting = MEETING, kc.index = (uint32_t)i;
		kc.member = member_id(scrut_member(i));
		if (!sig_public(member_key[scrut_member(i)], kc.member_pub))
			return 1;
		scrut_secret[i] = group_secret_new();
		if (!ballot_pubkey_init(g, &scrut_pub[i]) ||
		    !ballot_key_generate(g, &kc, scrut_secret[i], &scrut_pub[i]))
			return 1;
	}
	k = group_point_new(g);
	if (k == NULL || !ballot_key_combine(g, scrut_pub, NSCRUT, k) ||
	    !group_point_to_text(g, k, election_key))
		return 1;
	EC_POINT_free(k);
	return 0;
}

static int teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < NMEMBERS; i++)
		EVP_PKEY_free(member_key[i]);
	for (i = 0; i < NSCRUT; i++) {
		BN_clear_free(scrut_secret[i]);
		ballot_pubkey_clear(&scrut_pub[i]);
	}
	EVP_PKEY_free(server);
	EVP_PKEY_free(impostor);
	group_free(g);
	return 0;
}

static cJSON *json(const char *text)
{
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	return j;
}

/* ---------------------------------------------------------------------
 * Building records as ygd does. */

/* What a round is: its question and rules, who may vote, who votes how. */
struct round_spec {
	uint64_t round;
	cJSON *question; /* owned by the spec */
	const char *rules;
	uint32_t entitled;
	uint32_t base_count; /* members present at vote.open; 0: as many as entitled */
	int neligible;       /* members 0 .. neligible-1 */
	const unsigned char *choices[NMEMBERS]; /* NULL: does not vote */
};

/* The ballot entry of member m in the round with context ectx. */
static cJSON *make_ballot(const struct round_spec *s, int m, const unsigned char *choices,
			  struct ballot_tally *t)
{
	struct ballot_context ctx;
	struct ballot b;
	unsigned char receipt[VOTE_HASH_LEN];
	char rt[VOTE_HASH_TEXT_LEN + 1], sig[SIG_TEXT_LEN + 1];
	const char *why;
	cJSON *e = cJSON_CreateObject();

	assert_true(ballot_context_init(g, &ctx));
	assert_true(vote_context(g, COMMITTEE, MEETING, ITEM, s->round, s->question, election_key,
				 member_id(m), member_text[m], &ctx, &why));
	assert_true(ballot_encrypt(g, &ctx, choices, &b));
	assert_true(ballot_receipt(g, &b, receipt));
	vote_hash_to_text(receipt, rt);
	assert_true(vote_envelope_sign(member_key[m], COMMITTEE, MEETING, ITEM, s->round,
				       member_id(m), receipt, sig));
	cJSON_AddNumberToObject(e, "voter", (double)member_id(m));
	cJSON_AddStringToObject(e, "voter_key", member_text[m]);
	cJSON_AddItemToObject(e, "ballot", ballot_to_json(g, &b));
	cJSON_AddStringToObject(e, "signature", sig);
	cJSON_AddStringToObject(e, "receipt", rt);
	if (t != NULL)
		assert_true(ballot_tally_add(g, t, &b));
	ballot_clear(&b);
	ballot_context_clear(&ctx);
	return e;
}

/* The scrutineers' decryptions of t, and the counts they give. */
static cJSON *make_decryptions(const struct ballot_context *ectx, const struct ballot_tally *t,
			       uint32_t *counts)
{
	struct ballot_share sh[NSCRUT];
	cJSON *list = cJSON_CreateArray(), *sj, *d;
	int i;

	memset(counts, 0, t->n * sizeof(*counts));
	if (t->ballots == 0)
		return list;
	if (thr != NULL) { /* k = 2 of the threshold ceremony's 3 */
		for (i = 0; i < 2; i++) {
			assert_true(ballot_share_make(g, ectx, thr_at[i], thr->share[thr_at[i]],
						      thr->y[thr_at[i]], t, &sh[i]));
			sj = ballot_share_to_json(g, &sh[i]);
			d = cJSON_CreateObject();
			cJSON_AddNumberToObject(d, "index", thr_at[i]);
			cJSON_AddItemToObject(d, "decryptions",
					      cJSON_DetachItemFromObject(sj, "decryptions"));
			cJSON_AddItemToArray(list, d);
			cJSON_Delete(sj);
		}
		assert_true(dkg_combine(g, t, sh, thr_at, 2, counts));
		for (i = 0; i < 2; i++)
			ballot_share_clear(&sh[i]);
		return list;
	}
	for (i = 0; i < NSCRUT; i++) {
		assert_true(ballot_share_make(g, ectx, (uint32_t)i, scrut_secret[i],
					      scrut_pub[i].key, t, &sh[i]));
		sj = ballot_share_to_json(g, &sh[i]);
		d = cJSON_CreateObject();
		cJSON_AddNumberToObject(d, "index", i);
		cJSON_AddItemToObject(d, "decryptions",
				      cJSON_DetachItemFromObject(sj, "decryptions"));
		cJSON_AddItemToArray(list, d);
		cJSON_Delete(sj);
	}
	assert_true(ballot_combine(g, t, sh, NSCRUT, counts));
	for (i = 0; i < NSCRUT; i++)
		ballot_share_clear(&sh[i]);
	return list;
}

/* The outcome the server would judge. */
static cJSON *make_outcome(const struct round_spec *s, const struct ballot_context *ectx,
			   const uint32_t *counts, uint32_t ballots)
{
	cJSON *rules = json(s->rules), *o;
	const char *base = cJSON_GetStringValue(cJSON_GetObjectItem(rules, "pass_base"));
	struct outcome_rule rule;
	struct outcome out;

	assert_true(outcome_rule_from_rules(
		rules, strcmp(base, "present") == 0 && s->base_count ? s->base_count : s->entitled,
		&rule));
	outcome_judge(&rule,
		      strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(s->question, "kind")),
			     "approval") == 0,
		      ectx->max_sel, counts, ectx->options, ballots, (uint32_t)s->neligible, &out);
	o = outcome_to_json(&rule, &out);
	cJSON_Delete(rules);
	return o;
}

/* The log head every test record closes at. */
static const char log_head[] = "{\"seq\":40,\"hash\":\"00\"}";

/* The tally JWS of round r (members as the record has them), signed by key;
 * linked to the round before r in its array, if any. */
static char *sign_tally(const cJSON *r, EVP_PKEY *key)
{
	const cJSON *b, *prev = r->prev != NULL && r->prev->next == r ? r->prev : NULL;
	cJSON *voters = cJSON_CreateArray(), *payload, *lh = json(log_head);
	const cJSON *counts = cJSON_GetObjectItem(r, "counts"), *c;
	const char *res = cJSON_GetStringValue(
		cJSON_GetObjectItem(cJSON_GetObjectItem(r, "outcome"), "result"));
	uint32_t cv[BALLOT_MAX_OPTIONS], n = 0;
	char link[VOTE_HASH_TEXT_LEN + 1];
	struct vote_tally_facts f;
	char *jws;

	cJSON_ArrayForEach(b, cJSON_GetObjectItem(r, "ballots"))
		cJSON_AddItemToArray(voters,
				     cJSON_Duplicate(cJSON_GetObjectItem(b, "voter"), true));
	cJSON_ArrayForEach(c, counts)
		cv[n++] = (uint32_t)cJSON_GetNumberValue(c);
	memset(&f, 0, sizeof(f));
	f.committee = COMMITTEE, f.meeting = MEETING, f.item = ITEM;
	f.round = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "round"));
	f.question = cJSON_GetObjectItem(r, "question");
	f.election_key = election_key;
	f.entitled = (uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "entitled"));
	f.eligible = cJSON_GetObjectItem(r, "eligible");
	f.voters = voters;
	f.ballots = (uint32_t)cJSON_GetArraySize(cJSON_GetObjectItem(r, "ballots"));
	f.counts = cv;
	f.ncounts = n;
	f.outcome = cJSON_GetObjectItem(r, "outcome");
	assert_true(vote_board_hash(cJSON_GetObjectItem(r, "ballots"), f.board));
	f.closed_at = "2025-03-01T02:03:04Z";
	f.present = (uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "present"));
	f.quorum = cJSON_GetObjectItem(r, "quorum");
	f.rules = cJSON_GetObjectItem(r, "rules");
	f.previous = prev != NULL && vote_tally_link(cJSON_GetStringValue(
							     cJSON_GetObjectItem(prev, "tally")),
						     link)
			     ? link
			     : NULL;
	f.final = res == NULL || strcmp(res, "runoff") != 0;
	f.log_head = lh;
	payload = vote_tally_payload(&f);
	assert_non_null(payload);
	jws = jws_sign(key, VOTE_TALLY_TYP, payload, false);
	assert_non_null(jws);
	cJSON_Delete(payload);
	cJSON_Delete(voters);
	cJSON_Delete(lh);
	return jws;
}

/* Replace round r's tally with one signed by key over what r now says. */
static void resign(cJSON *r, EVP_PKEY *key)
{
	char *jws = sign_tally(r, key);

	cJSON_ReplaceItemInObject(r, "tally", cJSON_CreateString(jws));
	free(jws);
}

/* A whole round as the record holds it. */
static cJSON *make_round(const struct round_spec *s)
{
	struct ballot_context ectx;
	struct ballot_tally t;
	uint32_t counts[BALLOT_MAX_OPTIONS], i;
	cJSON *r = cJSON_CreateObject(), *el, *bl, *e, *cj, *q;
	const char *why;
	int m;

	assert_true(ballot_context_init(g, &ectx));
	assert_true(vote_context(g, COMMITTEE, MEETING, ITEM, s->round, s->question, election_key,
				 0, NULL, &ectx, &why));
	assert_true(ballot_tally_init(g, &t, ectx.options));
	cJSON_AddNumberToObject(r, "round", (double)s->round);
	cJSON_AddStringToObject(r, "state", "closed");
	cJSON_AddNumberToObject(r, "ceremony", 1);
	cJSON_AddItemToObject(r, "question", cJSON_Duplicate(s->question, true));
	cJSON_AddNumberToObject(r, "entitled", s->entitled);
	cJSON_AddNumberToObject(r, "present", s->base_count ? s->base_count : s->entitled);
	q = cJSON_AddObjectToObject(r, "quorum");
	cJSON_AddNumberToObject(q, "needed", s->entitled / 2 + 1);
	cJSON_AddFalseToObject(q, "personnel");
	cJSON_AddItemToObject(r, "rules", json(s->rules));
	el = cJSON_AddArrayToObject(r, "eligible");
	bl = cJSON_AddArrayToObject(r, "ballots");
	for (m = 0; m < s->neligible; m++) { /* in member order */
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "member", (double)member_id(m));
		cJSON_AddStringToObject(e, "key", member_text[m]);
		cJSON_AddItemToArray(el, e);
	}
	for (m = 0; m < NMEMBERS; m++)
		if (s->choices[m] != NULL)
			cJSON_AddItemToArray(bl, make_ballot(s, m, s->choices[m], &t));
	cJSON_AddItemToObject(r, "aggregate",
			      t.ballots > 0 ? vote_aggregate_to_json(g, &t) : cJSON_CreateNull());
	cJSON_AddItemToObject(r, "decryptions", make_decryptions(&ectx, &t, counts));
	cj = cJSON_AddArrayToObject(r, "counts");
	for (i = 0; i < ectx.options; i++)
		cJSON_AddItemToArray(cj, cJSON_CreateNumber(counts[i]));
	cJSON_AddItemToObject(r, "outcome", make_outcome(s, &ectx, counts, t.ballots));
	cJSON_AddStringToObject(r, "tally", "");
	resign(r, server);
	ballot_tally_clear(&t);
	ballot_context_clear(&ectx);
	cJSON_Delete(s->question);
	return r;
}

/* Key ceremony e as the record holds it: the scrutineers' keys, each
 * publication signed by its member, and the election key. */
static cJSON *make_ceremony(uint64_t e)
{
	cJSON *c = cJSON_CreateObject(), *sl = cJSON_CreateArray(), *s;
	struct scrutiny_pub sp;
	char sig[SIG_TEXT_LEN + 1];
	int i;

	cJSON_AddNumberToObject(c, "ceremony", (double)e);
	for (i = 0; i < NSCRUT; i++) {
		cJSON *pk = ballot_pubkey_to_json(g, &scrut_pub[i]);
		const cJSON *proof = cJSON_GetObjectItem(pk, "proof");

		memset(&sp, 0, sizeof(sp));
		sp.committee = COMMITTEE, sp.meeting = MEETING, sp.ceremony = e;
		sp.member = member_id(scrut_member(i)), sp.index = (uint32_t)i;
		sp.member_key = member_text[scrut_member(i)];
		sp.key = cJSON_GetStringValue(cJSON_GetObjectItem(pk, "key"));
		sp.proof_c = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "c"));
		sp.proof_z = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "z"));
		assert_true(scrutiny_key_sign(member_key[scrut_member(i)], &sp, sig));
		s = cJSON_CreateObject();
		cJSON_AddNumberToObject(s, "index", i);
		cJSON_AddNumberToObject(s, "member", (double)member_id(scrut_member(i)));
		cJSON_AddStringToObject(s, "member_key", member_text[scrut_member(i)]);
		cJSON_AddItemToObject(s, "key", cJSON_DetachItemFromObject(pk, "key"));
		cJSON_AddItemToObject(s, "proof", cJSON_DetachItemFromObject(pk, "proof"));
		cJSON_AddStringToObject(s, "signature", sig);
		cJSON_AddItemToArray(sl, s);
		cJSON_Delete(pk);
	}
	cJSON_AddItemToObject(c, "scrutineers", sl);
	cJSON_AddStringToObject(c, "election_key", election_key);
	return c;
}

/* The record around rounds (taken over), under ceremonies 1 to n. */
static cJSON *make_record_n(cJSON *rounds, uint64_t n)
{
	char spk[SIG_PUB_TEXT_LEN + 1];
	cJSON *rec = cJSON_CreateObject(), *cl = cJSON_CreateArray(), *s;
	uint64_t e;

	sig_pub_to_text(server_pub, spk);
	cJSON_AddStringToObject(rec, "format", VOTE_RECORD_FORMAT);
	cJSON_AddNumberToObject(rec, "committee", COMMITTEE);
	cJSON_AddNumberToObject(rec, "meeting", MEETING);
	cJSON_AddNumberToObject(rec, "item", ITEM);
	/* The title of the item: the one its questions ask about. */
	cJSON_AddItemToObject(
		rec, "title",
		cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetObjectItem(rounds->child, "question"),
						    "title"),
				true));
	cJSON_AddStringToObject(rec, "server_key", spk);
	for (e = 1; e <= n; e++)
		cJSON_AddItemToArray(cl, make_ceremony(e));
	cJSON_AddItemToObject(rec, "ceremonies", cl);
	cJSON_AddItemToObject(rec, "rounds", rounds);
	cJSON_AddItemToObject(rec, "log_head", json(log_head));
	/* Each tally links the one before. */
	for (s = rounds->child != NULL ? rounds->child->next : NULL; s != NULL; s = s->next)
		if (cJSON_GetObjectItem(s, "tally") != NULL)
			resign(s, server);
	return rec;
}

static cJSON *make_record(cJSON *rounds)
{
	return make_record_n(rounds, 1);
}

/* A meeting log entry {seq, body, prev_hash, hash} of event by member m,
 * with data, caused by op with args as m signed it (key: m's, or another). */
static cJSON *make_entry(uint64_t seq, int m, EVP_PKEY *key, const char *event, cJSON *data,
			 const char *op, cJSON *args)
{
	unsigned char prev[32];
	char hash[65], prev_hex[65], actor[32], at[REQSIG_AT_LEN + 1];
	cJSON *sig = reqsig_sign(key, op, args, COMMITTEE, NULL), *b = cJSON_CreateObject(), *e;
	const char *why = NULL;
	char *body;
	int i;

	assert_non_null(sig);
	for (i = 0; i < 32; i++)
		prev[i] = (unsigned char)(seq * 7 + (uint64_t)i);
	hex_encode(prev, 32, prev_hex);
	snprintf(actor, sizeof(actor), "member:%llu", (unsigned long long)member_id(m));
	reqsig_now(at);
	cJSON_AddNumberToObject(b, "meeting", MEETING);
	cJSON_AddNumberToObject(b, "seq", (double)seq);
	cJSON_AddStringToObject(b, "at", at);
	cJSON_AddStringToObject(b, "actor", actor);
	cJSON_AddStringToObject(b, "event", event);
	cJSON_AddItemToObject(b, "data", data);
	cJSON_AddItemToObject(b, "request", reqsig_stored(op, args, sig, &why));
	assert_non_null(cJSON_GetObjectItem(b, "request"));
	body = cJSON_PrintUnformatted(b);
	assert_true(logchain_hash(prev, body, hash));
	e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "seq", (double)seq);
	cJSON_AddStringToObject(e, "body", body);
	cJSON_AddStringToObject(e, "prev_hash", prev_hex);
	cJSON_AddStringToObject(e, "hash", hash);
	free(body);
	cJSON_Delete(b);
	cJSON_Delete(sig);
	cJSON_Delete(args);
	return e;
}

/* Voided round `round` under ceremony e of the question, voided by member
 * m (key: the key that signs the act); member opener opened the meeting. */
static cJSON *make_voided(uint64_t round, uint64_t e, const cJSON *question, int m, EVP_PKEY *key,
			  int opener)
{
	cJSON *r = cJSON_CreateObject(), *data = cJSON_CreateObject(), *args = cJSON_CreateObject();
	cJSON *auth = cJSON_CreateArray(), *oargs = cJSON_CreateObject(), *odata;

	cJSON_AddNumberToObject(r, "round", (double)round);
	cJSON_AddStringToObject(r, "state", "voided");
	cJSON_AddNumberToObject(r, "ceremony", (double)e);
	cJSON_AddItemToObject(r, "question", cJSON_Duplicate(question, true));
	cJSON_AddNumberToObject(data, "item", ITEM);
	cJSON_AddNumberToObject(data, "round", (double)round);
	cJSON_AddStringToObject(data, "reason", "监票人的份额丢失，无法解密");
	cJSON_AddNumberToObject(data, "ballots", 2);
	cJSON_AddItemToObject(data, "awaiting", cJSON_CreateArray());
	cJSON_AddNumberToObject(data, "ceremony", (double)(e + 1));
	cJSON_AddNumberToObject(args, "meeting", MEETING);
	cJSON_AddNumberToObject(args, "item", ITEM);
	cJSON_AddNumberToObject(args, "round", (double)round);
	cJSON_AddStringToObject(args, "reason", "监票人的份额丢失，无法解密");
	cJSON_AddItemToObject(r, "void",
			      make_entry(9, m, key, "vote.voided", data, "vote.void", args));
	cJSON_AddNumberToObject(oargs, "meeting", MEETING);
	odata = json("{\"entitled\":5,\"present\":5}");
	cJSON_AddItemToArray(auth, make_entry(3, opener, member_key[opener], "meeting.opened",
					      odata, "meeting.open", oargs));
	cJSON_AddItemToObject(r, "authority", auth);
	return r;
}

static const unsigned char YES[3] = {1, 0, 0}, NO[3] = {0, 1, 0}, ABSTAIN[3] = {0, 0, 1};

/* An ordinary vote: 5 eligible of 5 entitled, 3 yes, 1 no, 1 abstain. */
static cJSON *options_record(void)
{
	struct round_spec s = {1, vote_question_options("关于预算的议题"), rules_entitled, 5, 0,
			       5, {YES, NO, YES, ABSTAIN, YES, NULL}};
	cJSON *rounds = cJSON_CreateArray();

	cJSON_AddItemToArray(rounds, make_round(&s));
	return make_record(rounds);
}

/* Round 1 of a cadre vote: 3 candidates for 2 seats, 4-3-3 with line 3, so
 * 张三 is elected and 李四 and 王五 go to a run-off for one seat. */
static cJSON *approval_round1(void)
{
	static const unsigned char ab[3] = {1, 1, 0}, ac[3] = {1, 0, 1}, bc[3] = {0, 1, 1};
	cJSON *labels = json("[\"张三\",\"李四\",\"王五\"]");
	struct round_spec s = {1,
			       vote_question_approval("干部任免", labels, 2),
			       rules_entitled,
			       5,
			       0,
			       5,
			       {ab, ab, ac, ac, bc, NULL}};

	cJSON_Delete(labels);
	return make_round(&s);
}

/* Round 2 with the given labels and seats. */
static cJSON *approval_round2(const char *labels_text, uint32_t seats, uint64_t number)
{
	static const unsigned char a[2] = {1, 0}, b[2] = {0, 1};
	cJSON *labels = json(labels_text);
	struct round_spec s = {number,
			       vote_question_approval("干部任免", labels, seats),
			       rules_entitled,
			       5,
			       0,
			       5,
			       {a, a, a, b, b, NULL}};

	cJSON_Delete(labels);
	return make_round(&s);
}

/* ---------------------------------------------------------------------
 * Checking. */

static void print_report(const struct election_report *rep)
{
	int i;

	for (i = 0; i < rep->nlines; i++)
		print_message("  %s\n", rep->lines[i]);
}

static void expect_ok(const cJSON *rec, const unsigned char *pinned)
{
	struct election_report rep;

	if (!election_verify(rec, pinned, &rep)) {
		print_report(&rep);
		fail_msg("the record does not verify");
	}
	assert_true(rep.ok);
	assert_true(rep.nlines > 0);
	for (int i = 0; i < rep.nlines; i++)
		assert_true(strncmp(rep.lines[i], "ok: ", 4) == 0);
}

/* Verification fails, with a FAIL line that says what. */
static void expect_fail(const cJSON *rec, const unsigned char *pinned, const char *what)
{
	struct election_report rep;
	bool seen = false;
	int i;

	assert_false(election_verify(rec, pinned, &rep));
	assert_false(rep.ok);
	assert_true(rep.nlines >= 1 && rep.nlines <= ELECTION_MAX_LINES);
	for (i = 0; i < rep.nlines; i++) {
		assert_true(strncmp(rep.lines[i], "ok: ", 4) == 0 ||
			    strncmp(rep.lines[i], "FAIL: ", 6) == 0);
		assert_non_null(memchr(rep.lines[i], '\0', sizeof(rep.lines[i])));
		seen |= strncmp(rep.lines[i], "FAIL: ", 6) == 0 && strstr(rep.lines[i], what);
	}
	if (!seen) {
		print_report(&rep);
		fail_msg("no FAIL line mentions \"%s\"", what);
	}
}

static cJSON *round_of(cJSON *rec, int k)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "rounds"), k);
}

/* The scrutineers of the record's ceremony k (0-based). */
static cJSON *scrutineers_of(cJSON *rec, int k)
{
	return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "ceremonies"), k),
				   "scrutineers");
}

static cJSON *ballot_of(cJSON *rec, int k, int b)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(round_of(rec, k), "ballots"), b);
}

/* Insert item before element i of arr (cJSON_InsertItemInArray of cJSON
 * 1.7.15 does not). */
static void insert_at(cJSON *arr, int i, cJSON *item)
{
	cJSON *tail = cJSON_CreateArray();

	while (cJSON_GetArraySize(arr) > i)
		cJSON_AddItemToArray(tail, cJSON_DetachItemFromArray(arr, i));
	cJSON_AddItemToArray(arr, item);
	while (cJSON_GetArraySize(tail) > 0)
		cJSON_AddItemToArray(arr, cJSON_DetachItemFromArray(tail, 0));
	cJSON_Delete(tail);
}

/* ---------------------------------------------------------------------
 * Tests. */

static void test_options_record_verifies(void **state)
{
	cJSON *rec = options_record(), *r = round_of(rec, 0);
	struct election_report rep;
	char *text;
	cJSON *back;

	(void)state;
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetObjectItem(r, "outcome"), "result")),
			    "adopted");
	assert_int_equal(
		cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "counts"), 0)), 3);
	expect_ok(rec, server_pub);
	/* The record's own key is no trust anchor. */
	expect_fail(rec, NULL, "no trust anchor: the server key is not pinned");
	seed_write(rec, "options.json");
	/* Through text, as `yg verify` reads a file. */
	text = cJSON_Print(rec);
	back = json(text);
	expect_ok(back, server_pub);
	assert_true(election_verify(back, server_pub, &rep));
	assert_true(rep.nlines >= 10);
	free(text);
	cJSON_Delete(back);
	cJSON_Delete(rec);
}

/* Any one changed symbol of a ciphertext's text is caught. */
static void test_changed_ciphertext(void **state)
{
	static const char *const parts[] = {"a", "b"};
	cJSON *rec = options_record(), *copy, *sel;
	char text[GROUP_POINT_TEXT_LEN + 1];
	size_t i, p;

	(void)state;
	for (p = 0; p < 2; p++)
		for (i = 0; i < GROUP_POINT_TEXT_LEN; i += p == 0 ? 1 : 3) {
			copy = cJSON_Duplicate(rec, true);
			sel = cJSON_GetArrayItem(
				cJSON_GetObjectItem(
					cJSON_GetObjectItem(ballot_of(copy, 0, 1), "ballot"),
					"selections"),
				(int)(i % 3));
			strcpy(text, cJSON_GetStringValue(cJSON_GetObjectItem(sel, parts[p])));
			text[i] = text[i] == 'Q' ? 'R' : 'Q';
			cJSON_ReplaceItemInObject(sel, parts[p], cJSON_CreateString(text));
			expect_fail(copy, server_pub, "voter 12");
			cJSON_Delete(copy);
		}
	cJSON_Delete(rec);
}

static void test_removed_ballot(void **state)
{
	cJSON *rec = options_record();

	(void)state;
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(round_of(rec, 0), "ballots"), 2);
	expect_fail(rec, server_pub, "aggregate is not the sum");
	expect_fail(rec, server_pub, "signed tally differs from the record in voters");
	cJSON_Delete(rec);
}

static void test_duplicated_voter(void **state)
{
	cJSON *rec = options_record(), *ballots = cJSON_GetObjectItem(round_of(rec, 0), "ballots");

	(void)state;
	insert_at(ballots, 2, cJSON_Duplicate(ballot_of(rec, 0, 1), true));
	expect_fail(rec, server_pub, "voter 12: a second ballot");
	expect_fail(rec, server_pub, "6 ballots from 5 eligible voters");
	cJSON_Delete(rec);
	/* A second ballot, freshly made and signed, in place of a third voter's. */
	rec = options_record();
	ballots = cJSON_GetObjectItem(round_of(rec, 0), "ballots");
	{
		struct round_spec s = {1, vote_question_options("关于预算的议题"), rules_entitled};
		cJSON *extra = make_ballot(&s, 1, NO, NULL);

		cJSON_ReplaceItemInArray(ballots, 2, extra);
		cJSON_Delete(s.question);
	}
	expect_fail(rec, server_pub, "voter 12: a second ballot");
	cJSON_Delete(rec);
}

static void test_ineligible_voter(void **state)
{
	struct round_spec s = {1, vote_question_options("关于预算的议题"), rules_entitled};
	cJSON *rec = options_record(), *ballots = cJSON_GetObjectItem(round_of(rec, 0), "ballots");

	(void)state;
	cJSON_AddItemToArray(ballots, make_ballot(&s, OUTSIDER, YES, NULL));
	expect_fail(rec, server_pub, "voter 16: not an eligible voter");
	cJSON_Delete(rec);
	/* Even in place of another ballot, with the tally re-signed. */
	rec = options_record();
	ballots = cJSON_GetObjectItem(round_of(rec, 0), "ballots");
	cJSON_DeleteItemFromArray(ballots, 4);
	cJSON_AddItemToArray(ballots, make_ballot(&s, OUTSIDER, YES, NULL));
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "voter 16: not an eligible voter");
	cJSON_Delete(rec);
	cJSON_Delete(s.question);
}

/* A voter's ballot under another key than the one fixed at vote.open. */
static void test_voter_key_not_fixed(void **state)
{
	cJSON *rec = options_record(), *b = ballot_of(rec, 0, 0);

	(void)state;
	cJSON_ReplaceItemInObject(b, "voter_key", cJSON_CreateString(member_text[OUTSIDER]));
	expect_fail(rec, server_pub, "voter 11: not the key fixed for the voter");
	expect_fail(rec, server_pub, "voter 11: the envelope signature does not verify");
	cJSON_Delete(rec);
}

static void test_changed_count(void **state)
{
	cJSON *rec = options_record(), *counts = cJSON_GetObjectItem(round_of(rec, 0), "counts");

	(void)state;
	cJSON_ReplaceItemInArray(counts, 1, cJSON_CreateNumber(2));
	expect_fail(rec, server_pub,
		    "the decryptions give the counts 3, 1, 1; the record says 3, 2, 1");
	/* Re-signing does not help: the decryptions still say otherwise. */
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "the record says 3, 2, 1");
	cJSON_Delete(rec);
}

static void test_changed_outcome(void **state)
{
	cJSON *rec = options_record(), *o = cJSON_GetObjectItem(round_of(rec, 0), "outcome");

	(void)state;
	cJSON_ReplaceItemInObject(o, "result", cJSON_CreateString("rejected"));
	expect_fail(rec, server_pub, "round 1: the outcome is adopted");
	expect_fail(rec, server_pub, "differs from the record in outcome");
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "round 1: the outcome is adopted");
	cJSON_Delete(rec);
	/* The line itself. */
	rec = options_record();
	o = cJSON_GetObjectItem(round_of(rec, 0), "outcome");
	cJSON_ReplaceItemInObject(o, "line", cJSON_CreateNumber(2));
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "the outcome is adopted (line 3 of 5 entitled)");
	cJSON_Delete(rec);
}

static void test_tally_signed_by_another_key(void **state)
{
	cJSON *rec = options_record();

	(void)state;
	resign(round_of(rec, 0), impostor);
	expect_fail(rec, server_pub, "round 1: the tally:");
	expect_fail(rec, NULL, "no trust anchor");
	cJSON_Delete(rec);
	/* Everything re-signed by the impostor, with its key in the record:
	 * only pinning the real key catches it. */
	rec = options_record();
	{
		char k[SIG_PUB_TEXT_LEN + 1];

		sig_pub_to_text(impostor_pub, k);
		cJSON_ReplaceItemInObject(rec, "server_key", cJSON_CreateString(k));
	}
	resign(round_of(rec, 0), impostor);
	expect_fail(rec, NULL, "no trust anchor");
	expect_ok(rec, impostor_pub); /* whoever pins the impostor's key */
	expect_fail(rec, server_pub, "the record's server key is the pinned key");
	expect_fail(rec, server_pub, "round 1: the tally:");
	cJSON_Delete(rec);
}

static void test_pinned_key_differs(void **state)
{
	cJSON *rec = options_record();

	(void)state;
	expect_fail(rec, impostor_pub, "the record's server key is the pinned key");
	cJSON_Delete(rec);
}

static void test_bad_envelope_signature(void **state)
{
	cJSON *rec = options_record();
	char sig[SIG_TEXT_LEN + 1];
	unsigned char r[VOTE_HASH_LEN] = {0};

	(void)state;
	/* A real signature by the right voter, over another receipt. */
	assert_true(vote_envelope_sign(member_key[2], COMMITTEE, MEETING, ITEM, 1, member_id(2), r,
				       sig));
	cJSON_ReplaceItemInObject(ballot_of(rec, 0, 2), "signature", cJSON_CreateString(sig));
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "voter 13: the envelope signature does not verify");
	cJSON_Delete(rec);
	/* Not a signature at all. */
	rec = options_record();
	cJSON_ReplaceItemInObject(ballot_of(rec, 0, 2), "signature", cJSON_CreateNumber(1));
	expect_fail(rec, server_pub, "voter 13: the envelope signature does not verify");
	cJSON_Delete(rec);
}

/* A receipt that is not the ballot's. */
static void test_bad_receipt(void **state)
{
	cJSON *rec = options_record();

	(void)state;
	cJSON_ReplaceItemInObject(
		ballot_of(rec, 0, 3), "receipt",
		cJSON_Duplicate(cJSON_GetObjectItem(ballot_of(rec, 0, 4), "receipt"), true));
	expect_fail(rec, server_pub, "voter 14: the receipt is not that of the ballot");
	cJSON_Delete(rec);
}

static void test_bad_decryption_proof(void **state)
{
	cJSON *rec = options_record(), *d;

	(void)state;
	d = cJSON_GetArrayItem(
		cJSON_GetObjectItem(
			cJSON_GetArrayItem(cJSON_GetObjectItem(round_of(rec, 0), "decryptions"), 1),
			"decryptions"),
		2);
	cJSON_ReplaceItemInObject(d, "c", cJSON_Duplicate(cJSON_GetObjectItem(d, "z"), true));
	expect_fail(rec, server_pub, "scrutineer 1: the decryption proofs do not verify");
	expect_fail(rec, server_pub, "cannot be checked without every scrutineer's decryption");
	cJSON_Delete(rec);
}

static void test_missing_share(void **state)
{
	cJSON *rec = options_record();

	(void)state;
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(round_of(rec, 0), "decryptions"), 0);
	expect_fail(rec, server_pub, "no decryption from scrutineer 0");
	cJSON_Delete(rec);
	/* Or the same scrutineer's twice. */
	rec = options_record();
	{
		cJSON *ds = cJSON_GetObjectItem(round_of(rec, 0), "decryptions");

		cJSON_ReplaceItemInArray(ds, 1, cJSON_Duplicate(cJSON_GetArrayItem(ds, 0), true));
	}
	expect_fail(rec, server_pub, "no decryption from scrutineer 1");
	expect_fail(rec, server_pub, "or one twice");
	cJSON_Delete(rec);
	/* Both, out of index order. */
	rec = options_record();
	{
		cJSON *ds = cJSON_GetObjectItem(round_of(rec, 0), "decryptions");

		cJSON_AddItemToArray(ds, cJSON_DetachItemFromArray(ds, 0));
	}
	expect_fail(rec, server_pub, "the decryptions are not in scrutineer index order");
	cJSON_Delete(rec);
}

static void test_wrong_election_key(void **state)
{
	cJSON *rec = options_record();
	char other[GROUP_POINT_TEXT_LEN + 1];
	BIGNUM *x = group_secret_new();
	EC_POINT *p = group_point_new(g);

	(void)state;
	assert_true(elgamal_keygen(g, x, p));
	assert_true(group_point_to_text(g, p, other));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "ceremonies"), 0),
				  "election_key", cJSON_CreateString(other));
	expect_fail(rec, server_pub, "the election key is not the sum of the scrutineers' keys");
	expect_fail(rec, server_pub, "voter 11: a selection's proof does not verify");
	cJSON_Delete(rec);
	/* A scrutineer's proof for another member. */
	rec = options_record();
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(scrutineers_of(rec, 0), 1), "member",
				  cJSON_CreateNumber(13));
	expect_fail(rec, server_pub, "scrutineer 1's key proof does not verify for member 13");
	cJSON_Delete(rec);
	BN_clear_free(x);
	EC_POINT_free(p);
}

/* A changed question or round number breaks every context. */
static void test_changed_question(void **state)
{
	cJSON *rec = options_record(), *q = cJSON_GetObjectItem(round_of(rec, 0), "question");

	(void)state;
	cJSON_ReplaceItemInObject(q, "title", cJSON_CreateString("另一个议题"));
	expect_fail(rec, server_pub, "voter 11: a selection's proof does not verify");
	cJSON_Delete(rec);
	rec = options_record();
	q = cJSON_GetObjectItem(round_of(rec, 0), "question");
	cJSON_ReplaceItemInObject(q, "seats", cJSON_CreateNumber(2));
	expect_fail(rec, server_pub, "an options question has the labels");
	cJSON_Delete(rec);
	rec = options_record();
	cJSON_ReplaceItemInObject(round_of(rec, 0), "round", cJSON_CreateNumber(2));
	expect_fail(rec, server_pub, "round 1 of the record is not numbered 1");
	cJSON_Delete(rec);
}

/* Eligible voters listed twice. */
static void test_eligible_twice(void **state)
{
	cJSON *rec = options_record(), *el = cJSON_GetObjectItem(round_of(rec, 0), "eligible");

	(void)state;
	cJSON_AddItemToArray(el, cJSON_Duplicate(cJSON_GetArrayItem(el, 0), true));
	expect_fail(rec, server_pub, "member 11 is listed twice as eligible");
	cJSON_Delete(rec);
	/* Out of member order. */
	rec = options_record();
	el = cJSON_GetObjectItem(round_of(rec, 0), "eligible");
	cJSON_AddItemToArray(el, cJSON_DetachItemFromArray(el, 0));
	expect_fail(rec, server_pub, "the eligible voters are not in member order");
	cJSON_Delete(rec);
}

/* pass_base present: the round's present is the base, if possible. */
static void test_base_present(void **state)
{
	static const char rules[] = "{\"pass_threshold\":{\"num\":2,\"den\":3,\"inclusive\":true},"
				    "\"pass_base\":\"present\",\"recuse_vote\":true,"
				    "\"scrutineers_vote_first\":false}";
	struct round_spec s = {1, NULL, rules, 7, 6, 5, {YES, NO, YES, ABSTAIN, YES, NULL}};
	cJSON *rounds = cJSON_CreateArray(), *rec, *o;

	(void)state;
	s.question = vote_question_options("t");
	cJSON_AddItemToArray(rounds, make_round(&s));
	rec = make_record(rounds);
	expect_ok(rec, server_pub);
	o = cJSON_GetObjectItem(round_of(rec, 0), "outcome");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "result")), "rejected");
	/* Fewer present than voted, or more than entitled. */
	cJSON_ReplaceItemInObject(round_of(rec, 0), "present", cJSON_CreateNumber(4));
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "present is not a number of members from 5 to 7");
	cJSON_ReplaceItemInObject(round_of(rec, 0), "present", cJSON_CreateNumber(8));
	resign(round_of(rec, 0), server);
	expect_fail(rec, server_pub, "present is not a number of members from 5 to 7");
	/* A possible number, not the signed one. */
	cJSON_ReplaceItemInObject(round_of(rec, 0), "present", cJSON_CreateNumber(5));
	cJSON_ReplaceItemInObject(o, "base_count", cJSON_CreateNumber(5));
	cJSON_ReplaceItemInObject(o, "line", cJSON_CreateNumber(4));
	expect_fail(rec, server_pub, "the signed tally differs from the record");
	cJSON_Delete(rec);
}

/* A round in which nobody voted: no aggregate, no decryptions, zeros. */
static void test_no_ballots(void **state)
{
	struct round_spec s = {1, NULL, rules_entitled, 5, 0, 5, {NULL}};
	cJSON *rounds = cJSON_CreateArray(), *rec, *r;

	(void)state;
	s.question = vote_question_options("t");
	cJSON_AddItemToArray(rounds, make_round(&s));
	rec = make_record(rounds);
	r = round_of(rec, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "aggregate")));
	expect_ok(rec, server_pub);
	cJSON_ReplaceItemInArray(cJSON_GetObjectItem(r, "counts"), 0, cJSON_CreateNumber(1));
	resign(r, server);
	expect_fail(rec, server_pub, "the record says 1, 0, 0");
	cJSON_Delete(rec);
}

/* What format 1 left unsigned: each change fails, naming what. */
static cJSON *runoff_record(void);

static void test_formerly_unsigned(void **state)
{
	/* Member 15 is eligible and does not vote. */
	struct round_spec s = {1, NULL, rules_entitled, 5, 0, 5, {YES, NO, YES, ABSTAIN, NULL}};
	static const struct {
		const char *path[3]; /* object members from the round, or the record */
		const char *value;
		const char *fail;
	} cases[] = {
		{{"rules", "recuse_vote", NULL}, "false", "differs from the record in rules"},
		{{"rules", "scrutineers_vote_first", NULL},
		 "true",
		 "differs from the record in rules"},
		{{"quorum", "needed", NULL}, "4", "differs from the record in quorum"},
		{{"quorum", "personnel", NULL}, "true", "differs from the record in quorum"},
		{{"present", NULL, NULL}, "4", "present is not a number of members from 5 to 5"},
	};
	cJSON *rounds = cJSON_CreateArray(), *rec, *copy, *o, *e;
	size_t i;

	(void)state;
	s.question = vote_question_options("t");
	cJSON_AddItemToArray(rounds, make_round(&s));
	rec = make_record(rounds);
	expect_ok(rec, server_pub);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		copy = cJSON_Duplicate(rec, true);
		o = round_of(copy, 0);
		if (cases[i].path[1] != NULL)
			o = cJSON_GetObjectItem(o, cases[i].path[0]);
		cJSON_ReplaceItemInObject(o, cases[i].path[cases[i].path[1] != NULL ? 1 : 0],
					  json(cases[i].value));
		expect_fail(copy, server_pub, cases[i].fail);
		cJSON_Delete(copy);
	}
	/* The key of an eligible member who did not vote. */
	copy = cJSON_Duplicate(rec, true);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(round_of(copy, 0), "eligible"), 4);
	cJSON_ReplaceItemInObject(e, "key", cJSON_CreateString(member_text[OUTSIDER]));
	expect_fail(copy, server_pub, "differs from the record in eligible");
	cJSON_Delete(copy);
	/* The title. */
	copy = cJSON_Duplicate(rec, true);
	cJSON_ReplaceItemInObject(copy, "title", cJSON_CreateString("另一个议题"));
	expect_fail(copy, server_pub, "the record's title is not the title of the question");
	cJSON_Delete(copy);
	/* The log head, either half. */
	copy = cJSON_Duplicate(rec, true);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(copy, "log_head"), "seq",
				  cJSON_CreateNumber(41));
	expect_fail(copy, server_pub, "the record's log_head is NOT the meeting log's head");
	cJSON_Delete(copy);
	copy = cJSON_Duplicate(rec, true);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(copy, "log_head"), "hash",
				  cJSON_CreateString("01"));
	expect_fail(copy, server_pub, "the record's log_head is NOT the meeting log's head");
	cJSON_Delete(copy);
	/* An unknown member, anywhere, named with its path. */
	copy = cJSON_Duplicate(rec, true);
	cJSON_AddTrueToObject(cJSON_GetObjectItem(round_of(copy, 0), "rules"), "extra");
	expect_fail(copy, server_pub, "$.rounds[0].rules has the unknown member \"extra\"");
	cJSON_Delete(copy);
	copy = cJSON_Duplicate(rec, true);
	cJSON_AddTrueToObject(
		cJSON_GetArrayItem(cJSON_GetObjectItem(round_of(copy, 0), "eligible"), 2), "x");
	expect_fail(copy, server_pub, "$.rounds[0].eligible[2] has the unknown member \"x\"");
	cJSON_Delete(copy);
	copy = cJSON_Duplicate(rec, true);
	cJSON_DeleteItemFromObject(round_of(copy, 0), "quorum");
	expect_fail(copy, server_pub, "$.rounds[0] lacks the member \"quorum\"");
	cJSON_Delete(copy);
	/* Format 1 is refused by name. */
	copy = cJSON_Duplicate(rec, true);
	cJSON_ReplaceItemInObject(copy, "format",
				  cJSON_CreateString("yangguang-election-record/1"));
	expect_fail(copy, server_pub, "format version 1 is no longer accepted");
	cJSON_Delete(copy);
	cJSON_Delete(rec);
}

/* The run-off that elected someone, dropped: the record is incomplete. */
static void test_dropped_round(void **state)
{
	cJSON *rec = runoff_record(), *rounds = cJSON_GetObjectItem(rec, "rounds");

	(void)state;
	cJSON_DeleteItemFromArray(rounds, 1);
	expect_fail(rec, server_pub,
		    "round 1 ended in a run-off and the record holds no round 2: the vote is "
		    "not complete");
	cJSON_Delete(rec);
	/* The first round dropped, the second renumbered: its link fails. */
	rec = runoff_record();
	rounds = cJSON_GetObjectItem(rec, "rounds");
	cJSON_DeleteItemFromArray(rounds, 0);
	expect_fail(rec, server_pub, "round 1 of the record is not numbered 1");
	cJSON_Delete(rec);
	/* A round 2 whose link names another round 1. */
	rec = runoff_record();
	rounds = cJSON_GetObjectItem(rec, "rounds");
	cJSON_ReplaceItemInArray(rounds, 0, approval_round1());
	expect_fail(rec, server_pub,
		    "round 2: the signed tally differs from the record in previous");
	cJSON_Delete(rec);
}

static cJSON *runoff_record(void)
{
	cJSON *rounds = cJSON_CreateArray();

	cJSON_AddItemToArray(rounds, approval_round1());
	cJSON_AddItemToArray(rounds, approval_round2("[\"李四\",\"王五\"]", 1, 2));
	return make_record(rounds);
}

static void test_runoff_chain(void **state)
{
	cJSON *rec = runoff_record(), *o1 = cJSON_GetObjectItem(round_of(rec, 0), "outcome");
	cJSON *o2 = cJSON_GetObjectItem(round_of(rec, 1), "outcome"), *rounds;
	char *text;

	(void)state;
	text = cJSON_PrintUnformatted(o1);
	assert_string_equal(text, "{\"result\":\"runoff\",\"line\":3,\"base\":\"entitled\","
				  "\"base_count\":5,\"threshold\":{\"num\":1,\"den\":2,"
				  "\"inclusive\":false},\"elected\":[0],\"runoff\":[1,2],"
				  "\"runoff_seats\":1}");
	free(text);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o2, "result")), "elected");
	expect_ok(rec, server_pub);
	seed_write(rec, "runoff.json");
	cJSON_Delete(rec);

	/* The run-off's candidates are not the tied ones. */
	rounds = cJSON_CreateArray();
	cJSON_AddItemToArray(rounds, approval_round1());
	cJSON_AddItemToArray(rounds, approval_round2("[\"张三\",\"王五\"]", 1, 2));
	rec = make_record(rounds);
	expect_fail(rec, server_pub, "round 2 is the run-off of round 1");
	cJSON_Delete(rec);
	/* Or in another order, or for more seats. */
	rounds = cJSON_CreateArray();
	cJSON_AddItemToArray(rounds, approval_round1());
	cJSON_AddItemToArray(rounds, approval_round2("[\"王五\",\"李四\"]", 1, 2));
	rec = make_record(rounds);
	expect_fail(rec, server_pub, "round 2 is the run-off of round 1");
	cJSON_Delete(rec);
	rounds = cJSON_CreateArray();
	cJSON_AddItemToArray(rounds, approval_round1());
	cJSON_AddItemToArray(rounds, approval_round2("[\"李四\",\"王五\"]", 2, 2));
	rec = make_record(rounds);
	expect_fail(rec, server_pub, "round 2 is the run-off of round 1");
	cJSON_Delete(rec);
	/* A second round after a round that decided. */
	rounds = cJSON_CreateArray();
	cJSON_AddItemToArray(rounds, approval_round2("[\"李四\",\"王五\"]", 1, 1));
	cJSON_AddItemToArray(rounds, approval_round2("[\"李四\",\"王五\"]", 1, 2));
	rec = make_record(rounds);
	expect_fail(rec, server_pub, "round 2 is the run-off of round 1");
	cJSON_Delete(rec);
	/* Rounds out of order. */
	rec = runoff_record();
	rounds = cJSON_GetObjectItem(rec, "rounds");
	cJSON_AddItemToArray(rounds, cJSON_DetachItemFromArray(rounds, 0));
	expect_fail(rec, server_pub, "round 1 of the record is not numbered 1");
	cJSON_Delete(rec);
}

/* Round 1 voided by member 11, who opened the meeting (key: the key that
 * signs the act), and round 2 under ceremony 2: the options vote. */
static cJSON *voided_record_by(int m, EVP_PKEY *key, int opener)
{
	struct round_spec s = {2, vote_question_options("关于预算的议题"), rules_entitled, 5, 0,
			       5, {YES, NO, YES, ABSTAIN, YES, NULL}};
	cJSON *rounds = cJSON_CreateArray(), *r2 = make_round(&s);

	cJSON_ReplaceItemInObject(r2, "ceremony", cJSON_CreateNumber(2));
	cJSON_AddItemToArray(
		rounds, make_voided(1, 1, cJSON_GetObjectItem(r2, "question"), m, key, opener));
	cJSON_AddItemToArray(rounds, r2);
	return make_record_n(rounds, 2);
}

static cJSON *voided_record(void)
{
	return voided_record_by(0, member_key[0], 0);
}

/* The void act of round 1, its body parsed (the caller frees it). */
static cJSON *void_body(cJSON *rec)
{
	return json(cJSON_GetStringValue(
		cJSON_GetObjectItem(cJSON_GetObjectItem(round_of(rec, 0), "void"), "body")));
}

/* Put body back into the void act, with its hash made again (so that only
 * what the body says can fail). */
static void void_rebody(cJSON *rec, const cJSON *body)
{
	cJSON *act = cJSON_GetObjectItem(round_of(rec, 0), "void");
	const char *ph = cJSON_GetStringValue(cJSON_GetObjectItem(act, "prev_hash"));
	unsigned char prev[32];
	char *text = cJSON_PrintUnformatted(body), hash[65];
	unsigned x;
	int i;

	for (i = 0; i < 32; i++) {
		assert_int_equal(sscanf(ph + 2 * i, "%2x", &x), 1);
		prev[i] = (unsigned char)x;
	}
	assert_true(logchain_hash(prev, text, hash));
	cJSON_ReplaceItemInObject(act, "body", cJSON_CreateString(text));
	cJSON_ReplaceItemInObject(act, "hash", cJSON_CreateString(hash));
	free(text);
}

/* A round voided by the presiding member's signed act, then voted again
 * under the next key ceremony, verifies; and is what check 6 numbers. */
static void test_voided_round_verifies(void **state)
{
	cJSON *rec = voided_record();

	(void)state;
	expect_ok(rec, server_pub);
	seed_write(rec, "voided.json");
	cJSON_Delete(rec);
}

/* Without the void act, or with the voided round left out, it fails. */
static void test_void_act_missing(void **state)
{
	cJSON *rec = voided_record();

	(void)state;
	cJSON_ReplaceItemInObject(round_of(rec, 0), "void", cJSON_CreateNull());
	expect_fail(rec, server_pub, "round 1 is voided without its void act");
	cJSON_Delete(rec);
	rec = voided_record();
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(rec, "rounds"), 0);
	expect_fail(rec, server_pub, "round 1 of the record is not numbered 1");
	cJSON_Delete(rec);
	/* the authority left out */
	rec = voided_record();
	cJSON_ReplaceItemInObject(round_of(rec, 0), "authority", cJSON_CreateArray());
	expect_fail(rec, server_pub, "no entries show who presided");
	cJSON_Delete(rec);
}

/* A void act whose signature, reason, round or hash was changed fails. */
static void test_void_act_tampered(void **state)
{
	cJSON *rec = voided_record(), *b, *req;
	char *sig;

	(void)state;
	b = void_body(rec);
	req = cJSON_GetObjectItem(b, "request");
	sig = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(req, "signature")));
	sig[5] = sig[5] == 'A' ? 'B' : 'A';
	cJSON_ReplaceItemInObject(req, "signature", cJSON_CreateString(sig));
	free(sig);
	void_rebody(rec, b);
	expect_fail(rec, server_pub,
		    "round 1: the void act: the request's signature does not verify");
	cJSON_Delete(b);
	cJSON_Delete(rec);
	/* another reason than the one signed */
	rec = voided_record();
	b = void_body(rec);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(b, "data"), "reason",
				  cJSON_CreateString("另一个理由"));
	void_rebody(rec, b);
	expect_fail(rec, server_pub, "than its signed request asked for");
	cJSON_Delete(b);
	cJSON_Delete(rec);
	/* the body changed, its hash not */
	rec = voided_record();
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(round_of(rec, 0), "void"), "body",
				  cJSON_CreateString("{}"));
	expect_fail(rec, server_pub, "has a hash that is not its body's");
	cJSON_Delete(rec);
}

/* The act of a member who did not preside, or signed with a key other than
 * the one the presiding member opened the meeting with, fails. */
static void test_void_not_presiding(void **state)
{
	cJSON *rec = voided_record_by(1, member_key[1], 0);

	(void)state;
	expect_fail(rec, server_pub, "is not by the member presiding then");
	cJSON_Delete(rec);
	rec = voided_record_by(0, impostor, 0);
	expect_fail(rec, server_pub,
		    "is not signed with the key the presiding member opened the meeting with");
	cJSON_Delete(rec);
}

/* A scrutineer's key publication not signed by them fails, as does a
 * scrutineer whose member key is not the one fixed for them as a voter. */
static void test_scrutineer_signature(void **state)
{
	cJSON *rec = options_record(), *s = cJSON_GetArrayItem(scrutineers_of(rec, 0), 1);
	char *sig = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(s, "signature")));

	(void)state;
	sig[3] = sig[3] == 'A' ? 'B' : 'A';
	cJSON_ReplaceItemInObject(s, "signature", cJSON_CreateString(sig));
	free(sig);
	expect_fail(rec, server_pub,
		    "scrutineer 1: the key publication is not signed by member 15");
	cJSON_Delete(rec);
	/* under ceremony 2, the publication of ceremony 1 */
	rec = voided_record();
	cJSON_ReplaceItemInObject(
		cJSON_GetArrayItem(scrutineers_of(rec, 1), 0), "signature",
		cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetArrayItem(scrutineers_of(rec, 0), 0),
						    "signature"),
				true));
	expect_fail(rec, server_pub, "ceremony 2, scrutineer 0: the key publication is not signed");
	cJSON_Delete(rec);
	/* format 2 is refused by name */
	rec = options_record();
	cJSON_ReplaceItemInObject(rec, "format", cJSON_CreateString(VOTE_RECORD_FORMAT_V2));
	expect_fail(rec, server_pub, "format version 2 is no longer accepted");
	cJSON_Delete(rec);
}

static void test_find_receipt(void **state)
{
	cJSON *rec = runoff_record();
	const char *r;
	uint64_t voter = 0;

	(void)state;
	r = cJSON_GetStringValue(cJSON_GetObjectItem(ballot_of(rec, 0, 3), "receipt"));
	assert_int_equal(election_find_receipt(rec, r, &voter), 1);
	assert_int_equal(voter, 14);
	r = cJSON_GetStringValue(cJSON_GetObjectItem(ballot_of(rec, 1, 4), "receipt"));
	assert_int_equal(election_find_receipt(rec, r, &voter), 2);
	assert_int_equal(voter, 15);
	assert_int_equal(election_find_receipt(rec, r, NULL), 2);
	voter = 99;
	assert_int_equal(
		election_find_receipt(rec, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &voter),
		0);
	assert_int_equal(voter, 99);
	assert_int_equal(election_find_receipt(rec, NULL, &voter), 0);
	assert_int_equal(election_find_receipt(NULL, r, &voter), 0);
	cJSON_Delete(rec);
	rec = json("{\"rounds\":[null,1,{\"ballots\":{\"receipt\":\"x\"}},{\"ballots\":[1,"
		   "{\"receipt\":2},{\"receipt\":\"x\",\"voter\":\"7\"}]}]}");
	assert_int_equal(election_find_receipt(rec, "x", &voter), 4);
	assert_int_equal(voter, 0);
	cJSON_Delete(rec);
	rec = json("[{\"rounds\":[]}]");
	assert_int_equal(election_find_receipt(rec, "x", &voter), 0);
	cJSON_Delete(rec);
}

/* Node i in pre-order of the tree at node (whose parent is up), or NULL;
 * *count the nodes passed, *parent the node's parent, path its path, as
 * "/rounds/0/ballots". */
static cJSON *nth_node(cJSON *node, cJSON *up, int i, int *count, cJSON **parent, char *path,
		       size_t len)
{
	size_t at = strlen(path);
	cJSON *c, *found;
	int k = 0;

	if ((*count)++ == i) {
		*parent = up;
		return node;
	}
	for (c = node->child; c != NULL; c = c->next, k++) {
		if (c->string != NULL)
			snprintf(path + at, len - at, "/%s", c->string);
		else
			snprintf(path + at, len - at, "/%d", k);
		found = nth_node(c, node, i, count, parent, path, len);
		if (found != NULL)
			return found;
		path[at] = '\0';
	}
	return NULL;
}

static bool same_json(const cJSON *a, const cJSON *b)
{
	char *x = jcs_encode(a, NULL), *y = jcs_encode(b, NULL);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Verify, expecting no crash; the verdict. */
static bool verify_quietly(const cJSON *rec)
{
	struct election_report rep;
	bool ok = election_verify(rec, server_pub, &rep);
	int i;

	assert_true(rep.nlines >= 1 && rep.nlines <= ELECTION_MAX_LINES);
	assert_int_equal(ok, rep.ok);
	for (i = 0; i < rep.nlines; i++)
		assert_true(strncmp(rep.lines[i], "ok: ", 4) == 0 ||
			    (!ok && strncmp(rep.lines[i], "FAIL: ", 6) == 0));
	return ok;
}

/* A small record: one round, two voters. */
static cJSON *small_record(void)
{
	struct round_spec s = {
		1, vote_question_options("t"), rules_entitled, 3, 0, 2, {YES, NO, NULL}};
	cJSON *rounds = cJSON_CreateArray();

	cJSON_AddItemToArray(rounds, make_round(&s));
	return make_record(rounds);
}

/* Whether the verifier may pass with the node at path changed: what it
 * does not read. */
static bool unread(const char *path)
{
	/* Since format 2 there is none: the title, the log head and the
	 * whole rules snapshot are signed. */
	(void)path;
	return false;
}

/* Every node of a record removed, and replaced by each value of another
 * kind: no crash, no leak (under ASan), and no pass but where the
 * verifier does not read the node. */
static void test_garbage_everywhere(void **state)
{
	static const char *const junk[] = {"null", "true",  "-1", "1.5", "1e300",
					   "\"\"", "\"x\"", "[]", "{}",  "[[],{},null]"};
	cJSON *rec = small_record(), *copy, *node, *parent, *j;
	int i, k, count;
	char path[256];
	bool ok;

	(void)state;
	expect_ok(rec, server_pub);
	for (i = 1;; i++) {
		for (k = -1; k < (int)(sizeof(junk) / sizeof(junk[0])); k++) {
			copy = cJSON_Duplicate(rec, true);
			count = 0;
			parent = NULL;
			path[0] = '\0';
			node = nth_node(copy, NULL, i, &count, &parent, path, sizeof(path));
			if (node == NULL) {
				cJSON_Delete(copy);
				goto done;
			}
			if (k < 0) {
				cJSON_Delete(cJSON_DetachItemViaPointer(parent, node));
			} else {
				j = json(junk[k]);
				if (same_json(j, node)) { /* no change */
					cJSON_Delete(j);
					cJSON_Delete(copy);
					continue;
				}
				if (node->string != NULL)
					assert_true(cJSON_ReplaceItemInObjectCaseSensitive(
						parent, node->string, j));
				else
					assert_true(cJSON_ReplaceItemViaPointer(parent, node, j));
			}
			ok = verify_quietly(copy);
			if (ok && !unread(path))
				fail_msg("passed with %s %s", path, k < 0 ? "removed" : junk[k]);
			cJSON_Delete(copy);
		}
	}
done:
	assert_true(i > 100);
	cJSON_Delete(rec);
}

/* Records that are not records at all, and lists far too long. */
static void test_not_records(void **state)
{
	static const char *const bad[] = {
		"null",
		"1",
		"\"record\"",
		"[]",
		"{}",
		"[{\"format\":\"yangguang-election-record/1\"}]",
		"{\"format\":\"yangguang-election-record/1\"}",
		"{\"format\":\"yangguang-election-record/"
		"2\",\"committee\":1,\"meeting\":2,\"item\":3}",
		"{\"format\":\"yangguang-election-record/1\",\"committee\":1,\"meeting\":2,"
		"\"item\":3}",
		"{\"format\":\"yangguang-election-record/1\",\"committee\":0,\"meeting\":2,"
		"\"item\":3,\"rounds\":[]}",
		"{\"format\":\"yangguang-election-record/1\",\"committee\":1,\"meeting\":2,"
		"\"item\":3,\"scrutineers\":[{}],\"rounds\":[{}]}",
		"{\"format\":\"yangguang-election-record/1\",\"committee\":1,\"meeting\":2,"
		"\"item\":3,\"scrutineers\":[1,2],\"rounds\":[1,[],\"x\",null]}",
	};
	struct election_report rep;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cJSON *j = json(bad[i]);

		assert_false(verify_quietly(j));
		cJSON_Delete(j);
	}
	assert_false(election_verify(NULL, NULL, &rep));
	assert_int_equal(rep.nlines, 1);
	assert_string_equal(rep.lines[0],
			    "FAIL: not an election record (format yangguang-election-record/3)");
}

/* Lists past their caps are refused before any work; findings past
 * ELECTION_MAX_LINES are counted on the last line. */
static void test_huge_lists(void **state)
{
	cJSON *rec = small_record(), *copy, *big, *r;
	struct election_report rep;
	int i;

	(void)state;
	/* 17 rounds. */
	copy = cJSON_Duplicate(rec, true);
	big = cJSON_GetObjectItem(copy, "rounds");
	for (i = 0; i < 16; i++)
		cJSON_AddItemToArray(big, cJSON_Duplicate(cJSON_GetArrayItem(big, 0), true));
	expect_fail(copy, server_pub, "the record does not hold 1 to 16 rounds");
	cJSON_Delete(copy);
	/* 10 scrutineers. */
	copy = cJSON_Duplicate(rec, true);
	big = scrutineers_of(copy, 0);
	for (i = 0; i < 8; i++)
		cJSON_AddItemToArray(big, cJSON_Duplicate(cJSON_GetArrayItem(big, 0), true));
	expect_fail(copy, server_pub, "ceremony 1 does not list 1 to 9 scrutineers");
	cJSON_Delete(copy);
	/* 1001 eligible voters, 1001 ballots. */
	copy = cJSON_Duplicate(rec, true);
	r = round_of(copy, 0);
	big = cJSON_GetObjectItem(r, "eligible");
	for (i = 0; i < 999; i++)
		cJSON_AddItemToArray(big, cJSON_Duplicate(cJSON_GetArrayItem(big, 0), true));
	big = cJSON_GetObjectItem(r, "ballots");
	for (i = 0; i < 999; i++)
		cJSON_AddItemToArray(big, cJSON_Duplicate(cJSON_GetArrayItem(big, 0), true));
	expect_fail(copy, server_pub, "the eligible voters are not a list of at most 1000");
	expect_fail(copy, server_pub, "the ballots are not a list of at most 1000");
	cJSON_Delete(copy);
	/* 1000 ballots naming nobody: one finding each, most of them counted. */
	copy = cJSON_Duplicate(rec, true);
	big = cJSON_GetObjectItem(round_of(copy, 0), "ballots");
	for (i = 0; i < 998; i++)
		cJSON_AddItemToArray(big, cJSON_CreateObject());
	assert_false(election_verify(copy, server_pub, &rep));
	assert_int_equal(rep.nlines, ELECTION_MAX_LINES);
	assert_non_null(strstr(rep.lines[ELECTION_MAX_LINES - 1], "FAIL: "));
	assert_non_null(strstr(rep.lines[ELECTION_MAX_LINES - 1], "more findings not listed"));
	cJSON_Delete(copy);
	cJSON_Delete(rec);
}

/* Threshold key ceremony 1 of the record (BALLOT.md §7.7): 3 scrutineers,
 * members 14, 15 and 16 (16 votes in no round, as an auditor), any 2 of
 * whom decrypt. */
static cJSON *make_threshold_ceremony(const struct dkg_local *L)
{
	EVP_PKEY *keys[3];
	cJSON *c = cJSON_CreateObject(), *sl = cJSON_CreateArray(), *s, *t;
	struct ballot_pubkey pk;
	struct scrutiny_pub sp;
	char sig[SIG_TEXT_LEN + 1], ktext[GROUP_POINT_TEXT_LEN + 1];
	uint32_t i;

	cJSON_AddNumberToObject(c, "ceremony", 1);
	for (i = 0; i < 3; i++) {
		cJSON *pj;
		const cJSON *proof;

		keys[i] = member_key[3 + i];
		pk.key = L->deal[i].c[0];
		pk.proof = L->deal[i].proof;
		pj = ballot_pubkey_to_json(g, &pk);
		proof = cJSON_GetObjectItem(pj, "proof");
		memset(&sp, 0, sizeof(sp));
		sp.committee = COMMITTEE, sp.meeting = MEETING, sp.ceremony = 1;
		sp.member = member_id(3 + (int)i), sp.index = i;
		sp.member_key = member_text[3 + i];
		sp.key = cJSON_GetStringValue(cJSON_GetObjectItem(pj, "key"));
		sp.proof_c = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "c"));
		sp.proof_z = cJSON_GetStringValue(cJSON_GetObjectItem(proof, "z"));
		assert_true(scrutiny_key_sign(keys[i], &sp, sig));
		s = cJSON_CreateObject();
		cJSON_AddNumberToObject(s, "index", i);
		cJSON_AddNumberToObject(s, "member", (double)member_id(3 + (int)i));
		cJSON_AddStringToObject(s, "member_key", member_text[3 + i]);
		cJSON_AddItemToObject(s, "key", cJSON_DetachItemFromObject(pj, "key"));
		cJSON_AddItemToObject(s, "proof", cJSON_DetachItemFromObject(pj, "proof"));
		cJSON_AddStringToObject(s, "signature", sig);
		cJSON_AddItemToArray(sl, s);
		cJSON_Delete(pj);
	}
	cJSON_AddItemToObject(c, "scrutineers", sl);
	assert_true(group_point_to_text(g, L->key, ktext));
	cJSON_AddStringToObject(c, "election_key", ktext);
	t = cJSON_AddObjectToObject(c, "threshold");
	cJSON_AddNumberToObject(t, "k", 2);
	cJSON_AddItemToObject(t, "scrutineers", dkg_local_entries(g, L, keys));
	return c;
}

/* Entry i of the threshold ceremony of rec's first key ceremony. */
static cJSON *thr_entry(cJSON *rec, int i)
{
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "ceremonies"), 0);

	return cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(c, "threshold"), "scrutineers"), i);
}

/* A record under a threshold ceremony verifies, with the decryptions of
 * scrutineers 0 and 2 (2 does not vote); a changed commitment, share proof
 * or partial decryption, or too few decryptions, fail it. Written as a
 * seed for tests/vectors/check_records.sh (tests/run.sh). */
static void test_threshold_record_verifies(void **state)
{
	static struct dkg_local L;
	char plain[GROUP_POINT_TEXT_LEN + 1];
	cJSON *rec, *copy, *e, *ds;
	uint32_t i;

	(void)state;
	memset(&L, 0, sizeof(L));
	L.p = (struct dkg_params){COMMITTEE, MEETING, 1, 3, 2};
	for (i = 0; i < 3; i++) {
		L.kc[i] = (struct ballot_key_context){
			COMMITTEE, MEETING, i, member_id(3 + (int)i), {0}};
		assert_true(sig_public(member_key[3 + i], L.kc[i].member_pub));
	}
	assert_true(dkg_local_run(g, &L));
	memcpy(plain, election_key, sizeof(plain));
	assert_true(group_point_to_text(g, L.key, election_key));
	thr = &L;
	rec = options_record();
	cJSON_ReplaceItemInArray(cJSON_GetObjectItem(rec, "ceremonies"), 0,
				 make_threshold_ceremony(&L));
	expect_ok(rec, server_pub);
	seed_write(rec, "threshold.json");

	/* scrutineer 1's second commitment made scrutineer 0's */
	copy = cJSON_Duplicate(rec, true);
	e = cJSON_GetObjectItem(cJSON_GetObjectItem(thr_entry(copy, 1), "dealing"), "commitments");
	cJSON_ReplaceItemInArray(
		e, 1,
		cJSON_Duplicate(cJSON_GetArrayItem(
					cJSON_GetObjectItem(
						cJSON_GetObjectItem(thr_entry(rec, 0), "dealing"),
						"commitments"),
					1),
				true));
	expect_fail(copy, server_pub, "threshold scrutineer 1: a dealing is not signed");
	cJSON_Delete(copy);

	copy = cJSON_Duplicate(rec, true);
	e = cJSON_GetObjectItem(thr_entry(copy, 2), "share_proof");
	cJSON_ReplaceItemInObject(e, "z", cJSON_Duplicate(cJSON_GetObjectItem(e, "c"), true));
	expect_fail(copy, server_pub, "threshold scrutineer 2: an acceptance is not signed");
	cJSON_Delete(copy);

	copy = cJSON_Duplicate(rec, true);
	ds = cJSON_GetObjectItem(round_of(copy, 0), "decryptions");
	cJSON_ReplaceItemInObject(
		cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(ds, 1), "decryptions"),
				   0),
		"d",
		cJSON_CreateString(cJSON_GetStringValue(cJSON_GetObjectItem(
			cJSON_GetArrayItem(
				cJSON_GetObjectItem(cJSON_GetArrayItem(ds, 0), "decryptions"), 0),
			"d"))));
	expect_fail(copy, server_pub, "round 1, scrutineer 2: the decryption proofs do not verify");
	cJSON_Delete(copy);

	copy = cJSON_Duplicate(rec, true);
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(round_of(copy, 0), "decryptions"), 1);
	expect_fail(copy, server_pub, "round 1: 1 scrutineers decrypted, 2 needed");
	cJSON_Delete(copy);

	cJSON_Delete(rec);
	thr = NULL;
	memcpy(election_key, plain, sizeof(plain));
	dkg_local_clear(&L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_record_verifies),
		cmocka_unit_test(test_changed_ciphertext),
		cmocka_unit_test(test_removed_ballot),
		cmocka_unit_test(test_duplicated_voter),
		cmocka_unit_test(test_ineligible_voter),
		cmocka_unit_test(test_voter_key_not_fixed),
		cmocka_unit_test(test_changed_count),
		cmocka_unit_test(test_changed_outcome),
		cmocka_unit_test(test_tally_signed_by_another_key),
		cmocka_unit_test(test_pinned_key_differs),
		cmocka_unit_test(test_bad_envelope_signature),
		cmocka_unit_test(test_bad_receipt),
		cmocka_unit_test(test_bad_decryption_proof),
		cmocka_unit_test(test_missing_share),
		cmocka_unit_test(test_wrong_election_key),
		cmocka_unit_test(test_changed_question),
		cmocka_unit_test(test_eligible_twice),
		cmocka_unit_test(test_base_present),
		cmocka_unit_test(test_no_ballots),
		cmocka_unit_test(test_runoff_chain),
		cmocka_unit_test(test_formerly_unsigned),
		cmocka_unit_test(test_dropped_round),
		cmocka_unit_test(test_voided_round_verifies),
		cmocka_unit_test(test_void_act_missing),
		cmocka_unit_test(test_void_act_tampered),
		cmocka_unit_test(test_void_not_presiding),
		cmocka_unit_test(test_scrutineer_signature),
		cmocka_unit_test(test_threshold_record_verifies),
		cmocka_unit_test(test_find_receipt),
		cmocka_unit_test(test_garbage_everywhere),
		cmocka_unit_test(test_not_records),
		cmocka_unit_test(test_huge_lists),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
