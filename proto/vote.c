/* The objects built around a secret-ballot vote (proto/VOTE.md §3–7).
 * Everything that is hashed or signed here is the canonical JSON (jcs.h) of
 * an object built from known members only, so ygd, yg and any other
 * verifier produce the same bytes; what is read is checked as strictly as
 * ballot_json.c checks ballots: exactly the members named, whole numbers,
 * strict base64url. */
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "b64.h"
#include "envelope.h"
#include "jcs.h"
#include "vote.h"
#include "xalloc.h"

static const char *const vote_yes_no_abstain[3] = {"同意", "不同意", "弃权"};

/* {"kind", "title", "labels", "seats"}; labels taken over (freed on failure). */
static cJSON *vote_question(const char *kind, const char *title, cJSON *labels, uint32_t seats)
{
	cJSON *q = title != NULL && labels != NULL ? cJSON_CreateObject() : NULL;
	const char *why;
	uint32_t o, lo, hi;

	if (q == NULL || cJSON_AddStringToObject(q, "kind", kind) == NULL ||
	    cJSON_AddStringToObject(q, "title", title) == NULL ||
	    !cJSON_AddItemToObject(q, "labels", labels)) {
		cJSON_Delete(q);
		cJSON_Delete(labels);
		return NULL;
	}
	if (cJSON_AddNumberToObject(q, "seats", seats) == NULL ||
	    !vote_question_shape(q, &o, &lo, &hi, &why)) {
		cJSON_Delete(q);
		return NULL;
	}
	return q;
}

/* The ordinary question: 同意, 不同意, 弃权, one selection. */
cJSON *vote_question_options(const char *title)
{
	return vote_question("options", title, cJSON_CreateStringArray(vote_yes_no_abstain, 3), 1);
}

/* A cadre vote on the candidates in labels, seats of them to fill. */
cJSON *vote_question_approval(const char *title, const cJSON *labels, uint32_t seats)
{
	return vote_question("approval", title,
			     cJSON_IsArray(labels) ? cJSON_Duplicate(labels, true) : NULL, seats);
}

/* Whether labels are 1..64 non-empty strings; their number in *n. */
static bool vote_labels(const cJSON *labels, uint32_t *n)
{
	const cJSON *l;

	*n = 0;
	if (!cJSON_IsArray(labels))
		return false;
	cJSON_ArrayForEach(l, labels) {
		if (!cJSON_IsString(l) || l->valuestring[0] == '\0' || ++*n > BALLOT_MAX_OPTIONS)
			return false;
	}
	return *n >= 1;
}

/* Whether labels are exactly 同意, 不同意, 弃权. */
static bool vote_labels_yes_no_abstain(const cJSON *labels)
{
	uint32_t n, i;

	if (!vote_labels(labels, &n) || n != 3)
		return false;
	for (i = 0; i < 3; i++)
		if (strcmp(cJSON_GetArrayItem(labels, (int)i)->valuestring,
			   vote_yes_no_abstain[i]) != 0)
			return false;
	return true;
}

/* VOTE.md §3: the ballot shape a question asks for. */
bool vote_question_shape(const cJSON *question, uint32_t *options, uint32_t *min, uint32_t *max,
			 const char **why)
{
	static const char *const names[] = {"kind", "title", "labels", "seats"};
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(question, "labels");
	const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(question, "kind"));
	uint64_t seats = 0;
	uint32_t n = 0;

	*why = "the question is not {kind, title, labels, seats} with a string title";
	if (!ballot_json_members(question, names, 4) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(question, "title")) || kind == NULL ||
	    !envelope_uint(cJSON_GetObjectItemCaseSensitive(question, "seats"), &seats))
		return false;
	if (strcmp(kind, "options") == 0) {
		*why = "an options question has the labels 同意, 不同意, 弃权 and 1 seat";
		if (!vote_labels_yes_no_abstain(labels) || seats != 1)
			return false;
		*options = 3, *min = 1, *max = 1;
	} else if (strcmp(kind, "approval") == 0) {
		*why = "an approval question has 1 to 64 non-empty labels and 1 seat up to their "
		       "number";
		if (!vote_labels(labels, &n) || seats < 1 || seats > n)
			return false;
		*options = n, *min = 0, *max = (uint32_t)seats;
	} else {
		*why = "the question's kind is neither options nor approval";
		return false;
	}
	*why = NULL;
	return true;
}

/* SHA-256 of the canonical JSON of a text value. */
static bool vote_sha256_jcs(const cJSON *v, unsigned char out[VOTE_HASH_LEN])
{
	size_t len = 0;
	char *text = v != NULL ? jcs_encode(v, &len) : NULL;
	bool ok = text != NULL && SHA256((const unsigned char *)text, len, out) != NULL;

	free(text);
	return ok;
}

/* question = SHA-256(JCS(question)). */
bool vote_question_digest(const cJSON *question, unsigned char out[VOTE_HASH_LEN])
{
	return vote_sha256_jcs(question, out);
}

/* The election (voter_key NULL) or voter context of a round. */
bool vote_context(struct group *g, uint64_t committee, uint64_t meeting, uint64_t item,
		  uint64_t round, const cJSON *question, const char *election_key, uint64_t voter,
		  const char *voter_key, struct ballot_context *ctx, const char **why)
{
	if (!vote_question_shape(question, &ctx->options, &ctx->min_sel, &ctx->max_sel, why))
		return false;
	*why = "the question has no canonical form";
	if (!vote_question_digest(question, ctx->question))
		return false;
	*why = "the election key is not a point's text form";
	if (election_key == NULL || ctx->key == NULL ||
	    !group_point_from_text(g, election_key, ctx->key))
		return false;
	*why = "the voter's key is not an ed25519 key's text form";
	memset(ctx->voter_pub, 0, sizeof(ctx->voter_pub));
	if (voter_key != NULL && !sig_pub_from_text(voter_key, ctx->voter_pub))
		return false;
	ctx->committee = committee;
	ctx->meeting = meeting;
	ctx->item = item;
	ctx->round = round;
	ctx->voter = voter_key != NULL ? voter : 0;
	*why = NULL;
	return true;
}

/* Add a whole number; false above 2^53 - 1, where a JSON number (a
 * double) would no longer say exactly which id was meant. */
static bool vote_add_id(cJSON *obj, const char *name, uint64_t v)
{
	return v <= (uint64_t)ENVELOPE_ID_MAX && cJSON_AddNumberToObject(obj, name, (double)v);
}

/* "yangguang-ballot-envelope/1" 0x0A JCS({committee, meeting, item, round,
 * voter, receipt}). */
unsigned char *vote_envelope_message(uint64_t committee, uint64_t meeting, uint64_t item,
				     uint64_t round, uint64_t voter,
				     const unsigned char receipt[VOTE_HASH_LEN], size_t *len)
{
	char rtext[VOTE_HASH_TEXT_LEN + 1], *text = NULL;
	size_t tlen = 0, hlen = strlen(VOTE_ENVELOPE_TAG);
	cJSON *j = cJSON_CreateObject();
	unsigned char *out = NULL;

	vote_hash_to_text(receipt, rtext);
	if (j != NULL && vote_add_id(j, "committee", committee) &&
	    vote_add_id(j, "meeting", meeting) && vote_add_id(j, "item", item) &&
	    vote_add_id(j, "round", round) && vote_add_id(j, "voter", voter) &&
	    cJSON_AddStringToObject(j, "receipt", rtext) != NULL)
		text = jcs_encode(j, &tlen);
	out = text != NULL ? xmalloc(hlen + 1 + tlen) : NULL;
	if (out != NULL) {
		memcpy(out, VOTE_ENVELOPE_TAG, hlen);
		out[hlen] = '\n';
		memcpy(out + hlen + 1, text, tlen);
		*len = hlen + 1 + tlen;
	}
	free(text);
	cJSON_Delete(j);
	return out;
}

/* The voter's signature of the envelope, in text form. */
bool vote_envelope_sign(EVP_PKEY *key, uint64_t committee, uint64_t meeting, uint64_t item,
			uint64_t round, uint64_t voter, const unsigned char receipt[VOTE_HASH_LEN],
			char out[SIG_TEXT_LEN + 1])
{
	unsigned char sig[SIG_LEN], *msg;
	size_t len = 0;
	bool ok;

	msg = vote_envelope_message(committee, meeting, item, round, voter, receipt, &len);
	ok = msg != NULL && sig_sign(key, msg, len, sig);
	if (ok)
		sig_to_text(sig, out);
	free(msg);
	return ok;
}

/* vote.cast's arguments for ballot b, made for ctx's round and voter: the
 * round, the ballot, and its envelope signed with key (VOTE.md §3);
 * receipt gets the ballot's receipt. NULL if it cannot be signed. */
cJSON *vote_cast_args(struct group *g, const struct ballot_context *ctx, const struct ballot *b,
		      EVP_PKEY *key, unsigned char receipt[VOTE_HASH_LEN])
{
	char sig[SIG_TEXT_LEN + 1];
	cJSON *args;

	if (!ballot_receipt(g, b, receipt) ||
	    !vote_envelope_sign(key, ctx->committee, ctx->meeting, ctx->item, ctx->round,
				ctx->voter, receipt, sig))
		return NULL;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)ctx->meeting);
	cJSON_AddNumberToObject(args, "item", (double)ctx->item);
	cJSON_AddNumberToObject(args, "round", (double)ctx->round);
	cJSON_AddItemToObject(args, "ballot", ballot_to_json(g, b));
	cJSON_AddStringToObject(args, "signature", sig);
	return args;
}

/* Whether signature (text form) is pub's signature of the envelope. */
bool vote_envelope_verify(const unsigned char pub[SIG_PUB_LEN], uint64_t committee,
			  uint64_t meeting, uint64_t item, uint64_t round, uint64_t voter,
			  const unsigned char receipt[VOTE_HASH_LEN], const char *signature)
{
	unsigned char sig[SIG_LEN], *msg;
	size_t len = 0;
	bool ok;

	if (signature == NULL || !sig_from_text(signature, sig))
		return false;
	msg = vote_envelope_message(committee, meeting, item, round, voter, receipt, &len);
	ok = msg != NULL && sig_verify(pub, msg, len, sig);
	free(msg);
	return ok;
}

void vote_hash_to_text(const unsigned char h[VOTE_HASH_LEN], char out[VOTE_HASH_TEXT_LEN + 1])
{
	b64url_encode(h, VOTE_HASH_LEN, out, VOTE_HASH_TEXT_LEN + 1);
}

/* Exactly 43 symbols of strict base64url for 32 bytes. */
bool vote_hash_from_text(const char *text, unsigned char h[VOTE_HASH_LEN])
{
	return text != NULL && strlen(text) == VOTE_HASH_TEXT_LEN &&
	       b64url_decode(text, h, VOTE_HASH_LEN) == VOTE_HASH_LEN;
}

/* The board entry of one ballot: its voter, voter_key, receipt and
 * signature, whatever else the ballot carries; NULL if one is missing. */
static cJSON *vote_board_entry(const cJSON *b, uint64_t *voter)
{
	static const char *const strs[] = {"voter_key", "receipt", "signature"};
	cJSON *e = cJSON_IsObject(b) ? cJSON_CreateObject() : NULL;
	const cJSON *s;
	int i;

	if (e == NULL || !envelope_uint(cJSON_GetObjectItemCaseSensitive(b, "voter"), voter) ||
	    !vote_add_id(e, "voter", *voter)) {
		cJSON_Delete(e);
		return NULL;
	}
	for (i = 0; i < 3; i++) {
		s = cJSON_GetObjectItemCaseSensitive(b, strs[i]);
		if (!cJSON_IsString(s) ||
		    cJSON_AddStringToObject(e, strs[i], s->valuestring) == NULL) {
			cJSON_Delete(e);
			return NULL;
		}
	}
	return e;
}

/* board = SHA-256(JCS([{voter, voter_key, receipt, signature}, ...])) in
 * strictly ascending voter order, so the board is one list, not one of
 * its orderings. */
bool vote_board_hash(const cJSON *ballots, unsigned char out[VOTE_HASH_LEN])
{
	cJSON *board = cJSON_IsArray(ballots) ? cJSON_CreateArray() : NULL, *e;
	const cJSON *b;
	uint64_t voter = 0, prev = 0;
	bool ok = board != NULL;

	for (b = ok ? ballots->child : NULL; ok && b != NULL; b = b->next) {
		e = vote_board_entry(b, &voter);
		ok = e != NULL && voter > prev && cJSON_AddItemToArray(board, e);
		if (!ok)
			cJSON_Delete(e);
		prev = voter;
	}
	ok = ok && vote_sha256_jcs(board, out);
	cJSON_Delete(board);
	return ok;
}

/* Add a point's text form as member name. */
static bool vote_add_point(struct group *g, cJSON *obj, const char *name, const EC_POINT *p)
{
	char t[GROUP_POINT_TEXT_LEN + 1];

	return group_point_to_text(g, p, t) && cJSON_AddStringToObject(obj, name, t) != NULL;
}

/* {"ballots": N, "sum": [{"a", "b"}, ...]}; NULL for a tally of no ballots,
 * whose sums are the point at infinity and have no text form. */
cJSON *vote_aggregate_to_json(struct group *g, const struct ballot_tally *t)
{
	cJSON *j = t->ballots > 0 ? cJSON_CreateObject() : NULL, *arr = NULL, *s;
	bool ok = j != NULL && cJSON_AddNumberToObject(j, "ballots", t->ballots) != NULL &&
		  (arr = cJSON_AddArrayToObject(j, "sum")) != NULL;
	uint32_t i;

	for (i = 0; ok && i < t->n; i++) {
		s = cJSON_CreateObject();
		ok = s != NULL && cJSON_AddItemToArray(arr, s);
		if (!ok)
			cJSON_Delete(s);
		ok = ok && vote_add_point(g, s, "a", t->sum[i].a) &&
		     vote_add_point(g, s, "b", t->sum[i].b);
	}
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Decode the point in member name (a string, else refused). */
static bool vote_point(struct group *g, const cJSON *obj, const char *name, EC_POINT *out)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, name));

	return t != NULL && group_point_from_text(g, t, out);
}

/* Read an aggregate of options sums into t, which the caller has
 * initialised (ballot_tally_init with options) and clears. */
bool vote_aggregate_from_json(struct group *g, const cJSON *j, uint32_t options,
			      struct ballot_tally *t, const char **why)
{
	static const char *const names[] = {"ballots", "sum"}, *const snames[] = {"a", "b"};
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(j, "sum"), *s;
	uint64_t n = 0;
	uint32_t i = 0;
	bool ok;

	*why = "the aggregate is not {ballots, sum} with 1 or more ballots and one sum per option";
	ok = t->n == options && ballot_json_members(j, names, 2) &&
	     envelope_uint(cJSON_GetObjectItemCaseSensitive(j, "ballots"), &n) && n >= 1 &&
	     n <= UINT32_MAX && cJSON_IsArray(sum) && cJSON_GetArraySize(sum) == (int)options;
	for (s = ok ? sum->child : NULL; ok && s != NULL; s = s->next, i++) {
		*why = "a sum of the aggregate is not {a, b} with valid points";
		ok = ballot_json_members(s, snames, 2) && vote_point(g, s, "a", t->sum[i].a) &&
		     vote_point(g, s, "b", t->sum[i].b);
	}
	if (ok) {
		t->ballots = (uint32_t)n;
		*why = NULL;
	}
	return ok;
}

/* Add a hash's text form as member name. */
static bool vote_add_hash(cJSON *obj, const char *name, const unsigned char h[VOTE_HASH_LEN])
{
	char t[VOTE_HASH_TEXT_LEN + 1];

	vote_hash_to_text(h, t);
	return cJSON_AddStringToObject(obj, name, t) != NULL;
}

/* Add a copy of v as member name. */
static bool vote_add_copy(cJSON *obj, const char *name, const cJSON *v)
{
	cJSON *c = v != NULL ? cJSON_Duplicate(v, true) : NULL;

	if (c == NULL || !cJSON_AddItemToObject(obj, name, c)) {
		cJSON_Delete(c);
		return false;
	}
	return true;
}

/* Add the counts as an array. */
static bool vote_add_counts(cJSON *obj, const uint32_t *counts, uint32_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(obj, "counts"), *v;
	uint32_t i;

	for (i = 0; arr != NULL && i < n; i++) {
		v = cJSON_CreateNumber(counts[i]);
		if (v == NULL || !cJSON_AddItemToArray(arr, v)) {
			cJSON_Delete(v);
			return false;
		}
	}
	return arr != NULL;
}

/* The members format 2 adds to the tally payload: the round's rules,
 * present, quorum, the previous tally's link, final and the log head. */
static bool vote_tally_payload_v2(cJSON *j, const struct vote_tally_facts *f)
{
	if (!cJSON_IsObject(f->rules) || !cJSON_IsObject(f->quorum) || !cJSON_IsObject(f->log_head))
		return false;
	return cJSON_AddNumberToObject(j, "present", f->present) != NULL &&
	       vote_add_copy(j, "quorum", f->quorum) && vote_add_copy(j, "rules", f->rules) &&
	       (f->previous != NULL ? cJSON_AddStringToObject(j, "previous", f->previous)
				    : cJSON_AddNullToObject(j, "previous")) != NULL &&
	       cJSON_AddBoolToObject(j, "final", f->final) != NULL &&
	       vote_add_copy(j, "log_head", f->log_head);
}

/* B64(SHA-256(jws)): what the next round's tally names as "previous". */
bool vote_tally_link(const char *jws, char out[VOTE_HASH_TEXT_LEN + 1])
{
	unsigned char h[VOTE_HASH_LEN];

	if (jws == NULL || SHA256((const unsigned char *)jws, strlen(jws), h) == NULL)
		return false;
	vote_hash_to_text(h, out);
	return true;
}

/* The tally payload of VOTE.md §7; NULL if a fact is missing. */
cJSON *vote_tally_payload(const struct vote_tally_facts *f)
{
	unsigned char qd[VOTE_HASH_LEN];
	cJSON *j;
	bool ok;

	if (f->election_key == NULL || f->closed_at == NULL || !cJSON_IsArray(f->eligible) ||
	    !cJSON_IsArray(f->voters) || !cJSON_IsObject(f->outcome) ||
	    (f->ncounts > 0 && f->counts == NULL) || !vote_question_digest(f->question, qd))
		return NULL;
	j = cJSON_CreateObject();
	ok = j != NULL && cJSON_AddStringToObject(j, "format", VOTE_TALLY_FORMAT) != NULL &&
	     vote_add_id(j, "committee", f->committee) && vote_add_id(j, "meeting", f->meeting) &&
	     vote_add_id(j, "item", f->item) && vote_add_id(j, "round", f->round) &&
	     vote_add_copy(j, "question", f->question) && vote_add_hash(j, "question_digest", qd) &&
	     cJSON_AddStringToObject(j, "election_key", f->election_key) != NULL &&
	     cJSON_AddNumberToObject(j, "entitled", f->entitled) != NULL &&
	     vote_add_copy(j, "eligible", f->eligible) && vote_add_copy(j, "voters", f->voters) &&
	     cJSON_AddNumberToObject(j, "ballots", f->ballots) != NULL &&
	     vote_add_counts(j, f->counts, f->ncounts) && vote_add_copy(j, "outcome", f->outcome) &&
	     vote_add_hash(j, "board", f->board) &&
	     cJSON_AddStringToObject(j, "closed_at", f->closed_at) != NULL &&
	     vote_tally_payload_v2(j, f);
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}
