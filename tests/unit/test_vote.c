/* Unit tests for proto/vote.c (VOTE.md §3–7): the two questions and what
 * their shape check refuses, the question digest, the round's contexts, the
 * envelope's bytes and signature, hashes in text form, the board hash, the
 * aggregate's JSON both ways and the tally payload. Expected bytes are
 * written out here from the document, not from the code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tjson.h"

#include <openssl/sha.h>

#include "../../proto/jcs.h"
#include "../../proto/vote.h"
#include "groupfix.h"

/* JSON in this file is written with ' for " (tjson). */
static void expect_jcs(const cJSON *j, const char *want)
{
	char *text = jcs_encode(j, NULL);

	assert_non_null(text);
	assert_string_equal(text, want);
	free(text);
}

static void sha256_text(const char *s, unsigned char out[32])
{
	SHA256((const unsigned char *)s, strlen(s), out);
}

static void test_question_options(void **state)
{
	unsigned char d[VOTE_HASH_LEN], want[VOTE_HASH_LEN];
	uint32_t o = 0, lo = 9, hi = 9;
	const char *why = "x";
	cJSON *q;

	(void)state;
	q = vote_question_options("关于预算的议题");
	assert_non_null(q);
	expect_jcs(q, "{\"kind\":\"options\",\"labels\":[\"同意\",\"不同意\",\"弃权\"],\"seats\":1,"
		      "\"title\":\"关于预算的议题\"}");
	assert_true(vote_question_shape(q, &o, &lo, &hi, &why));
	assert_null(why);
	assert_int_equal(o, 3);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 1);
	assert_true(vote_question_digest(q, d));
	sha256_text("{\"kind\":\"options\",\"labels\":[\"同意\",\"不同意\",\"弃权\"],\"seats\":1,"
		    "\"title\":\"关于预算的议题\"}",
		    want);
	assert_memory_equal(d, want, 32);
	cJSON_Delete(q);
	assert_null(vote_question_options(NULL));
}

static void test_question_approval(void **state)
{
	cJSON *labels = tjson("['张三','李四','王五']"), *q, *many;
	uint32_t o, lo, hi, i;
	const char *why;

	(void)state;
	q = vote_question_approval("干部任免", labels, 2);
	assert_non_null(q);
	/* The labels are copied. */
	cJSON_ReplaceItemInArray(labels, 0, cJSON_CreateString("赵六"));
	expect_jcs(q, "{\"kind\":\"approval\",\"labels\":[\"张三\",\"李四\",\"王五\"],\"seats\":2,"
		      "\"title\":\"干部任免\"}");
	assert_true(vote_question_shape(q, &o, &lo, &hi, &why));
	assert_int_equal(o, 3);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 2);
	cJSON_Delete(q);
	q = vote_question_approval("t", labels, 3);
	assert_non_null(q);
	cJSON_Delete(q);
	assert_null(vote_question_approval("t", labels, 0));
	assert_null(vote_question_approval("t", labels, 4));
	assert_null(vote_question_approval(NULL, labels, 1));
	assert_null(vote_question_approval("t", NULL, 1));
	cJSON_Delete(labels);
	labels = tjson("[]");
	assert_null(vote_question_approval("t", labels, 1));
	cJSON_Delete(labels);
	labels = tjson("['a','',  'c']");
	assert_null(vote_question_approval("t", labels, 1));
	cJSON_Delete(labels);
	labels = tjson("['a',2]");
	assert_null(vote_question_approval("t", labels, 1));
	cJSON_Delete(labels);
	labels = tjson("{'a':'b'}");
	assert_null(vote_question_approval("t", labels, 1));
	cJSON_Delete(labels);
	/* 64 candidates is the most a ballot holds. */
	many = cJSON_CreateArray();
	for (i = 0; i < 65; i++) {
		char name[16];

		snprintf(name, sizeof(name), "c%u", i);
		if (i == 64) {
			q = vote_question_approval("t", many, 64);
			assert_non_null(q);
			assert_true(vote_question_shape(q, &o, &lo, &hi, &why));
			assert_int_equal(o, 64);
			cJSON_Delete(q);
		}
		cJSON_AddItemToArray(many, cJSON_CreateString(name));
	}
	assert_null(vote_question_approval("t", many, 1));
	cJSON_Delete(many);
}

static void test_question_shape_refusals(void **state)
{
	static const char *const bad[] = {
		"null",
		"[]",
		"'options'",
		"{}",
		"{'kind':'options','title':'t','labels':['同意','不同意','弃权']}",
		"{'kind':'options','title':'t','labels':['同意','不同意','弃权'],'seats':1,'x':0}",
		"{'kind':'options','title':'t','labels':['同意','不同意','弃权'],'seats':2}",
		"{'kind':'options','title':'t','labels':['同意','弃权','不同意'],'seats':1}",
		"{'kind':'options','title':'t','labels':['同意','不同意'],'seats':1}",
		"{'kind':'options','title':'t','labels':['同意','不同意','弃权','x'],'seats':1}",
		"{'kind':'options','title':'t','labels':['yes','no','abstain'],'seats':1}",
		"{'kind':'options','title':1,'labels':['同意','不同意','弃权'],'seats':1}",
		"{'kind':'options','title':null,'labels':['同意','不同意','弃权'],'seats':1}",
		"{'kind':'Options','title':'t','labels':['同意','不同意','弃权'],'seats':1}",
		"{'kind':1,'title':'t','labels':['同意','不同意','弃权'],'seats':1}",
		"{'kind':'approval','title':'t','labels':['a','b'],'seats':0}",
		"{'kind':'approval','title':'t','labels':['a','b'],'seats':3}",
		"{'kind':'approval','title':'t','labels':['a','b'],'seats':1.5}",
		"{'kind':'approval','title':'t','labels':['a','b'],'seats':'1'}",
		"{'kind':'approval','title':'t','labels':['a','b'],'seats':-1}",
		"{'kind':'approval','title':'t','labels':[],'seats':1}",
		"{'kind':'approval','title':'t','labels':['a',''],'seats':1}",
		"{'kind':'approval','title':'t','labels':['a',null],'seats':1}",
		"{'kind':'approval','title':'t','labels':'a','seats':1}",
		"{'kind':'approval','title':'t','labels':['a'],'seats':1,'seats':1}",
		"{'kind':'approval','title':'t','labels':['a'],'seats':1,'kind2':1}",
	};
	uint32_t o, lo, hi;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cJSON *q = tjson(bad[i]);

		why = NULL;
		if (vote_question_shape(q, &o, &lo, &hi, &why))
			fail_msg("accepted %s", bad[i]);
		assert_non_null(why);
		cJSON_Delete(q);
	}
	why = NULL;
	assert_false(vote_question_shape(NULL, &o, &lo, &hi, &why));
	assert_non_null(why);
	assert_false(vote_question_digest(NULL, (unsigned char[32]){0}));
}

/* A fresh election key's text form. */
static void election_key_text(char out[GROUP_POINT_TEXT_LEN + 1])
{
	BIGNUM *x = group_secret_new();
	EC_POINT *p = group_point_new(g);

	assert_true(elgamal_keygen(g, x, p));
	assert_true(group_point_to_text(g, p, out));
	BN_clear_free(x);
	EC_POINT_free(p);
}

static void test_context(void **state)
{
	char key[GROUP_POINT_TEXT_LEN + 1], vk[SIG_PUB_TEXT_LEN + 1];
	unsigned char pub[SIG_PUB_LEN], zero[SIG_PUB_LEN] = {0}, d[VOTE_HASH_LEN];
	cJSON *q = vote_question_options("t"), *bad = tjson("{'kind':'x'}");
	struct ballot_context ctx;
	EC_POINT *k = group_point_new(g);
	const char *why;

	(void)state;
	election_key_text(key);
	memset(pub, 0x42, sizeof(pub));
	sig_pub_to_text(pub, vk);
	assert_true(group_point_from_text(g, key, k));
	assert_true(ballot_context_init(g, &ctx));
	assert_true(vote_context(g, 1, 2, 3, 4, q, key, 12, vk, &ctx, &why));
	assert_int_equal(ctx.committee, 1);
	assert_int_equal(ctx.meeting, 2);
	assert_int_equal(ctx.item, 3);
	assert_int_equal(ctx.round, 4);
	assert_int_equal(ctx.options, 3);
	assert_int_equal(ctx.min_sel, 1);
	assert_int_equal(ctx.max_sel, 1);
	assert_true(vote_question_digest(q, d));
	assert_memory_equal(ctx.question, d, 32);
	assert_int_equal(EC_POINT_cmp(g->ec, ctx.key, k, g->bn), 0);
	assert_int_equal(ctx.voter, 12);
	assert_memory_equal(ctx.voter_pub, pub, 32);
	/* Without a voter key: the election context. */
	assert_true(vote_context(g, 1, 2, 3, 4, q, key, 12, NULL, &ctx, &why));
	assert_int_equal(ctx.voter, 0);
	assert_memory_equal(ctx.voter_pub, zero, 32);
	/* Refusals, each with a reason. */
	why = NULL;
	assert_false(vote_context(g, 1, 2, 3, 4, bad, key, 12, vk, &ctx, &why));
	assert_non_null(why);
	why = NULL;
	assert_false(vote_context(g, 1, 2, 3, 4, q, NULL, 12, vk, &ctx, &why));
	assert_non_null(why);
	assert_false(vote_context(g, 1, 2, 3, 4, q, "AAAA", 12, vk, &ctx, &why));
	assert_false(vote_context(g, 1, 2, 3, 4, q, key, 12, "ed25519:short", &ctx, &why));
	assert_false(vote_context(g, 1, 2, 3, 4, q, key, 12, key, &ctx, &why));
	ballot_context_clear(&ctx);
	EC_POINT_free(k);
	cJSON_Delete(q);
	cJSON_Delete(bad);
}

static void test_envelope_bytes(void **state)
{
	static const char want[] =
		"yangguang-ballot-envelope/1\n"
		"{\"committee\":1,\"item\":3,\"meeting\":2,"
		"\"receipt\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\",\"round\":4,"
		"\"voter\":9007199254740991}";
	unsigned char r[VOTE_HASH_LEN], *m;
	size_t len = 0, i;

	(void)state;
	for (i = 0; i < sizeof(r); i++)
		r[i] = (unsigned char)i;
	m = vote_envelope_message(1, 2, 3, 4, 9007199254740991ULL, r, &len);
	assert_non_null(m);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(m, want, len);
	free(m);
	/* An id a JSON number cannot hold exactly has no envelope. */
	assert_null(vote_envelope_message(1, 2, 3, 4, 9007199254740992ULL, r, &len));
	assert_null(vote_envelope_message(UINT64_MAX, 2, 3, 4, 5, r, &len));
}

static void test_envelope_signature(void **state)
{
	EVP_PKEY *k = sig_keygen(), *other = sig_keygen();
	unsigned char pub[SIG_PUB_LEN], opub[SIG_PUB_LEN], r[VOTE_HASH_LEN], r2[VOTE_HASH_LEN];
	char sig[SIG_TEXT_LEN + 1], bad[SIG_TEXT_LEN + 1];

	(void)state;
	assert_true(sig_public(k, pub));
	assert_true(sig_public(other, opub));
	memset(r, 7, sizeof(r));
	memcpy(r2, r, sizeof(r));
	r2[31] ^= 1;
	assert_true(vote_envelope_sign(k, 1, 2, 3, 4, 5, r, sig));
	assert_int_equal(strlen(sig), SIG_TEXT_LEN);
	assert_true(vote_envelope_verify(pub, 1, 2, 3, 4, 5, r, sig));
	/* Every field is bound. */
	assert_false(vote_envelope_verify(opub, 1, 2, 3, 4, 5, r, sig));
	assert_false(vote_envelope_verify(pub, 9, 2, 3, 4, 5, r, sig));
	assert_false(vote_envelope_verify(pub, 1, 9, 3, 4, 5, r, sig));
	assert_false(vote_envelope_verify(pub, 1, 2, 9, 4, 5, r, sig));
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 9, 5, r, sig));
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 4, 9, r, sig));
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 4, 5, r2, sig));
	/* A signature that is not one. */
	strcpy(bad, sig);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 4, 5, r, bad));
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 4, 5, r, "short"));
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 4, 5, r, ""));
	assert_false(vote_envelope_verify(pub, 1, 2, 3, 4, 5, r, NULL));
	assert_false(vote_envelope_sign(k, 1, 2, 3, 4, 9007199254740992ULL, r, sig));
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}

static void test_hash_text(void **state)
{
	unsigned char h[VOTE_HASH_LEN], back[VOTE_HASH_LEN];
	char t[VOTE_HASH_TEXT_LEN + 1], u[VOTE_HASH_TEXT_LEN + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(h); i++)
		h[i] = (unsigned char)(0xff - i);
	vote_hash_to_text(h, t);
	assert_int_equal(strlen(t), VOTE_HASH_TEXT_LEN);
	assert_true(vote_hash_from_text(t, back));
	assert_memory_equal(h, back, sizeof(h));
	assert_false(vote_hash_from_text(NULL, back));
	assert_false(vote_hash_from_text("", back));
	/* One symbol short or over. */
	memcpy(u, t, VOTE_HASH_TEXT_LEN - 1);
	u[VOTE_HASH_TEXT_LEN - 1] = '\0';
	assert_false(vote_hash_from_text(u, back));
	snprintf(u, sizeof(u), "%sA", t);
	assert_false(vote_hash_from_text(u, back));
	/* Padding, the standard alphabet, stray low bits in the last symbol. */
	strcpy(u, t);
	u[42] = '=';
	assert_false(vote_hash_from_text(u, back));
	u[0] = '+';
	assert_false(vote_hash_from_text(u, back));
	memset(h, 0, sizeof(h));
	vote_hash_to_text(h, t);
	assert_string_equal(t, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	t[42] = 'B';
	assert_false(vote_hash_from_text(t, back));
	t[42] = 'C'; /* 000010: a bit past the 32 bytes */
	assert_false(vote_hash_from_text(t, back));
	t[42] = 'E'; /* 000100: the last bit of byte 31, a hash of its own */
	assert_true(vote_hash_from_text(t, back));
	assert_int_equal(back[31], 1);
}

static void test_board_hash(void **state)
{
	static const char board[] = "[{'voter':3,'voter_key':'ed25519:K3','receipt':'R3',"
				    "'signature':'S3','ballot':{'anything':1}},"
				    "{'signature':'S7','receipt':'R7','voter_key':'ed25519:K7',"
				    "'voter':7,'extra':[1,2]}]";
	static const char *const bad[] = {
		"[{'voter':7,'voter_key':'k','receipt':'r','signature':'s'},"
		"{'voter':3,'voter_key':'k','receipt':'r','signature':'s'}]",
		"[{'voter':3,'voter_key':'k','receipt':'r','signature':'s'},"
		"{'voter':3,'voter_key':'k','receipt':'r','signature':'s'}]",
		"[{'voter':3,'voter_key':'k','receipt':'r'}]",
		"[{'voter':3,'voter_key':'k','signature':'s'}]",
		"[{'voter':3,'receipt':'r','signature':'s'}]",
		"[{'voter_key':'k','receipt':'r','signature':'s'}]",
		"[{'voter':0,'voter_key':'k','receipt':'r','signature':'s'}]",
		"[{'voter':1.5,'voter_key':'k','receipt':'r','signature':'s'}]",
		"[{'voter':'3','voter_key':'k','receipt':'r','signature':'s'}]",
		"[{'voter':3,'voter_key':1,'receipt':'r','signature':'s'}]",
		"[{'voter':3,'voter_key':'k','receipt':null,'signature':'s'}]",
		"[3]",
		"[null]",
		"{}",
		"null",
	};
	unsigned char h[VOTE_HASH_LEN], want[VOTE_HASH_LEN];
	cJSON *j = tjson(board);
	size_t i;

	(void)state;
	assert_true(vote_board_hash(j, h));
	sha256_text("[{\"receipt\":\"R3\",\"signature\":\"S3\",\"voter\":3,\"voter_key\":"
		    "\"ed25519:K3\"},{\"receipt\":\"R7\",\"signature\":\"S7\",\"voter\":7,"
		    "\"voter_key\":\"ed25519:K7\"}]",
		    want);
	assert_memory_equal(h, want, 32);
	cJSON_Delete(j);
	j = tjson("[]");
	assert_true(vote_board_hash(j, h));
	sha256_text("[]", want);
	assert_memory_equal(h, want, 32);
	cJSON_Delete(j);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = tjson(bad[i]);
		if (vote_board_hash(j, h))
			fail_msg("hashed %s", bad[i]);
		cJSON_Delete(j);
	}
	assert_false(vote_board_hash(NULL, h));
}

/* A tally of n yes-no-abstain ballots under a fresh key. */
static void make_tally(uint32_t n, struct ballot_tally *t)
{
	static const unsigned char choice[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
	struct ballot_context ctx;
	BIGNUM *x = group_secret_new();
	struct ballot b;
	uint32_t i;

	assert_true(ballot_context_init(g, &ctx));
	ctx.committee = 1, ctx.meeting = 2, ctx.item = 3, ctx.round = 1;
	ctx.options = 3, ctx.min_sel = 1, ctx.max_sel = 1;
	assert_true(elgamal_keygen(g, x, ctx.key));
	assert_true(ballot_tally_init(g, t, 3));
	for (i = 0; i < n; i++) {
		ctx.voter = i + 1;
		assert_true(ballot_encrypt(g, &ctx, choice[i % 3], &b));
		assert_true(ballot_tally_add(g, t, &b));
		ballot_clear(&b);
	}
	ballot_context_clear(&ctx);
	BN_clear_free(x);
}

static void test_aggregate(void **state)
{
	struct ballot_tally t, back, empty;
	const char *why = NULL;
	cJSON *j, *c;
	uint32_t i;
	char *text;

	(void)state;
	make_tally(4, &t);
	j = vote_aggregate_to_json(g, &t);
	assert_non_null(j);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "ballots")), 4);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "sum")), 3);
	/* Through text and back. */
	text = cJSON_PrintUnformatted(j);
	c = cJSON_Parse(text);
	assert_true(ballot_tally_init(g, &back, 3));
	assert_true(vote_aggregate_from_json(g, c, 3, &back, &why));
	assert_null(why);
	assert_int_equal(back.ballots, 4);
	for (i = 0; i < 3; i++) {
		assert_int_equal(EC_POINT_cmp(g->ec, back.sum[i].a, t.sum[i].a, g->bn), 0);
		assert_int_equal(EC_POINT_cmp(g->ec, back.sum[i].b, t.sum[i].b, g->bn), 0);
	}
	/* The wrong number of options, or a tally not initialised for them. */
	assert_false(vote_aggregate_from_json(g, c, 2, &back, &why));
	assert_non_null(why);
	cJSON_Delete(c);
	cJSON_free(text);
	ballot_tally_clear(&back);
	/* No ballots: nothing to encode. */
	assert_true(ballot_tally_init(g, &empty, 3));
	assert_null(vote_aggregate_to_json(g, &empty));
	ballot_tally_clear(&empty);
	cJSON_Delete(j);
	ballot_tally_clear(&t);
}

/* Each change to a good aggregate is refused. */
static void test_aggregate_refusals(void **state)
{
	struct ballot_tally t, back;
	const char *why;
	cJSON *good, *c, *s0;
	int k;

	(void)state;
	make_tally(2, &t);
	good = vote_aggregate_to_json(g, &t);
	assert_true(ballot_tally_init(g, &back, 3));
	for (k = 0; k < 12; k++) {
		c = cJSON_Duplicate(good, true);
		s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "sum"), 0);
		switch (k) {
		case 0:
			cJSON_AddNumberToObject(c, "extra", 1);
			break;
		case 1:
			cJSON_DeleteItemFromObject(c, "ballots");
			break;
		case 2:
			cJSON_ReplaceItemInObject(c, "ballots", cJSON_CreateNumber(0));
			break;
		case 3:
			cJSON_ReplaceItemInObject(c, "ballots", cJSON_CreateNumber(1.5));
			break;
		case 4:
			cJSON_ReplaceItemInObject(c, "ballots", cJSON_CreateString("2"));
			break;
		case 5:
			cJSON_DeleteItemFromArray(cJSON_GetObjectItem(c, "sum"), 2);
			break;
		case 6:
			cJSON_AddItemToArray(cJSON_GetObjectItem(c, "sum"),
					     cJSON_Duplicate(s0, true));
			break;
		case 7:
			cJSON_AddStringToObject(s0, "c", "x");
			break;
		case 8:
			cJSON_DeleteItemFromObject(s0, "b");
			break;
		case 9:
			cJSON_ReplaceItemInObject(s0, "a", cJSON_CreateString("AAAA"));
			break;
		case 10:
			cJSON_ReplaceItemInObject(s0, "a", cJSON_CreateNumber(1));
			break;
		case 11:
			cJSON_ReplaceItemInObject(c, "sum", cJSON_CreateObject());
			break;
		}
		why = NULL;
		if (vote_aggregate_from_json(g, c, 3, &back, &why))
			fail_msg("accepted change %d", k);
		assert_non_null(why);
		cJSON_Delete(c);
	}
	assert_false(vote_aggregate_from_json(g, NULL, 3, &back, &why));
	ballot_tally_clear(&back);
	cJSON_Delete(good);
	ballot_tally_clear(&t);
}

static void test_tally_payload(void **state)
{
	cJSON *q = vote_question_options("预算"), *vo = tjson("[3,8]");
	cJSON *el =
		tjson("[{'member':3,'key':'K3'},{'member':5,'key':'K5'},{'member':8,'key':'K8'}]");
	cJSON *out = tjson("{'result':'adopted','line':2}"), *p;
	cJSON *rules = tjson("{'pass_base':'entitled','recuse_vote':true}");
	cJSON *quorum = tjson("{'needed':3,'personnel':false}");
	cJSON *head = tjson("{'seq':7,'hash':'H'}");
	uint32_t counts[3] = {2, 0, 0};
	unsigned char qd[32];
	char qt[VOTE_HASH_TEXT_LEN + 1], want[1024], bt[VOTE_HASH_TEXT_LEN + 1];
	struct vote_tally_facts f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.committee = 1, f.meeting = 2, f.item = 3, f.round = 1;
	f.question = q;
	f.election_key = "KEY";
	f.entitled = 5;
	f.eligible = el;
	f.voters = vo;
	f.ballots = 2;
	f.counts = counts;
	f.ncounts = 3;
	f.outcome = out;
	memset(f.board, 0xab, sizeof(f.board));
	f.closed_at = "2025-03-01T01:02:03Z";
	f.present = 4;
	f.quorum = quorum;
	f.rules = rules;
	f.previous = "PREV";
	f.final = true;
	f.log_head = head;
	p = vote_tally_payload(&f);
	assert_non_null(p);
	assert_true(vote_question_digest(q, qd));
	vote_hash_to_text(qd, qt);
	vote_hash_to_text(f.board, bt);
	snprintf(want, sizeof(want),
		 "{\"ballots\":2,\"board\":\"%s\",\"closed_at\":\"2025-03-01T01:02:03Z\","
		 "\"committee\":1,\"counts\":[2,0,0],\"election_key\":\"KEY\",\"eligible\":["
		 "{\"key\":\"K3\",\"member\":3},{\"key\":\"K5\",\"member\":5},"
		 "{\"key\":\"K8\",\"member\":8}],"
		 "\"entitled\":5,\"final\":true,\"format\":\"yangguang-tally/2\",\"item\":3,"
		 "\"log_head\":{\"hash\":\"H\",\"seq\":7},\"meeting\":2,"
		 "\"outcome\":{\"line\":2,\"result\":\"adopted\"},\"present\":4,"
		 "\"previous\":\"PREV\",\"question\":{\"kind\":"
		 "\"options\","
		 "\"labels\":[\"同意\",\"不同意\",\"弃权\"],\"seats\":1,\"title\":\"预算\"},"
		 "\"question_digest\":\"%s\",\"quorum\":{\"needed\":3,\"personnel\":false},"
		 "\"round\":1,\"rules\":{\"pass_base\":\"entitled\",\"recuse_vote\":true},"
		 "\"voters\":[3,8]}",
		 bt, qt);
	expect_jcs(p, want);
	cJSON_Delete(p);
	/* Round 1 links nothing: "previous" is null. */
	f.previous = NULL;
	p = vote_tally_payload(&f);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p, "previous")));
	cJSON_Delete(p);
	/* Every fact is needed. */
	f.rules = NULL;
	assert_null(vote_tally_payload(&f));
	f.rules = rules;
	f.quorum = NULL;
	assert_null(vote_tally_payload(&f));
	f.quorum = quorum;
	f.log_head = NULL;
	assert_null(vote_tally_payload(&f));
	f.log_head = head;
	f.closed_at = NULL;
	assert_null(vote_tally_payload(&f));
	f.closed_at = "x";
	f.election_key = NULL;
	assert_null(vote_tally_payload(&f));
	f.election_key = "KEY";
	f.eligible = NULL;
	assert_null(vote_tally_payload(&f));
	f.eligible = el;
	f.voters = out;
	assert_null(vote_tally_payload(&f));
	f.voters = vo;
	f.outcome = NULL;
	assert_null(vote_tally_payload(&f));
	f.outcome = out;
	f.question = NULL;
	assert_null(vote_tally_payload(&f));
	f.question = q;
	f.round = 9007199254740992ULL;
	assert_null(vote_tally_payload(&f));
	cJSON_Delete(q);
	cJSON_Delete(el);
	cJSON_Delete(vo);
	cJSON_Delete(out);
	cJSON_Delete(rules);
	cJSON_Delete(quorum);
	cJSON_Delete(head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_options),
		cmocka_unit_test(test_question_approval),
		cmocka_unit_test(test_question_shape_refusals),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_envelope_bytes),
		cmocka_unit_test(test_envelope_signature),
		cmocka_unit_test(test_hash_text),
		cmocka_unit_test(test_board_hash),
		cmocka_unit_test(test_aggregate),
		cmocka_unit_test(test_aggregate_refusals),
		cmocka_unit_test(test_tally_payload),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
