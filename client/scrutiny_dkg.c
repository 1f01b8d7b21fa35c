/* A threshold key ceremony at a scrutineer's terminal (BALLOT.md §7.5,
 * §7.7), in three steps that yg scrutineer key / watch and the full-screen
 * terminal take as soon as each is possible:
 *   deal    draw the polynomial and transport key, keep them in the share
 *           file, publish the key (the constant commitment) with the
 *           dealing, both signed;
 *   seal    once every scrutineer has dealt: seal each other scrutineer's
 *           share to its transport key, signed, and send them;
 *   accept  once every share for this terminal is in: open and check each
 *           against its dealer's signed, verified commitments, add them
 *           up, replace the dealer's secrets in the file by the share
 *           alone, and publish the signed acceptance with its proof.
 * No step trusts the server: every dealing and sealed share is checked
 * against its scrutineer's signature before it is used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/dkg_ceremony.h"
#include "../proto/scrutiny.h"
#include "i18n.h"
#include "json_field.h"
#include "scrutiny_dkg.h"
#include "share_file.h"

#define DKG_SEALED_TAG "yangguang-scrutineer-sealed/1"

/* The ceremony tasks describe; false if it has no threshold. */
static bool dkgc_params(const cJSON *tasks, struct dkg_params *p)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(tasks, "threshold");

	*p = (struct dkg_params){.committee = (uint64_t)json_int(tasks, "committee"),
				 .meeting = (uint64_t)json_int(tasks, "meeting"),
				 .ceremony = (uint64_t)(json_int(tasks, "ceremony") > 1
								? json_int(tasks, "ceremony")
								: 1),
				 .n = (uint32_t)json_int(t, "n"),
				 .threshold = (uint32_t)json_int(t, "threshold")};
	return cJSON_IsObject(t) && dkg_params_valid(p);
}

bool scrutiny_dkg_active(const cJSON *tasks)
{
	struct dkg_params p;

	return dkgc_params(tasks, &p);
}

static int dkgc_call(struct yg_conn *c, const char *op, cJSON *args, cJSON **res, FILE *err)
{
	int rc = conn_call(c, op, args, res);

	if (rc != YG_EXIT_OK)
		fprintf(err, "yg: %s: %s (%s)\n", msg(M_ERROR), c->err_text, c->err_code);
	return rc;
}

/* Scrutineer i as listed: its key context, and its member key, which must
 * be the one registered for it. */
static bool dkgc_member(const cJSON *tasks, uint32_t i, struct ballot_key_context *kc,
			const char **member_key)
{
	const cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(tasks, "scrutineers"), (int)i);

	*kc = (struct ballot_key_context){(uint64_t)json_int(tasks, "committee"),
					  (uint64_t)json_int(tasks, "meeting"),
					  i,
					  (uint64_t)json_int(s, "member"),
					  {0}};
	*member_key = json_str(s, "member_key");
	return s != NULL && json_int(s, "index") == (long long)i &&
	       strcmp(*member_key, json_str(s, "registered_key")) == 0 &&
	       sig_pub_from_text(*member_key, kc->member_pub);
}

/* Every dealing listed, signed by its scrutineer and verified, into d;
 * the scrutineer at fault in *which. */
static bool dkgc_dealings(struct group *g, const struct dkg_params *p, const cJSON *tasks,
			  struct dkg_dealing *d, int *which)
{
	const cJSON *list = cJSON_GetObjectItem(tasks, "scrutineers");
	struct ballot_key_context kc;
	const char *mk, *why;
	bool ok = cJSON_GetArraySize(list) == (int)p->n;
	uint32_t i;

	for (i = 0; ok && i < p->n; i++) {
		const cJSON *s = cJSON_GetArrayItem(list, (int)i);
		struct dkg_signer sg;
		cJSON *body;

		*which = (int)i;
		ok = dkgc_member(tasks, i, &kc, &mk);
		sg = (struct dkg_signer){p, i, kc.member, mk};
		body = ok ? dkg_dealing_body(cJSON_GetObjectItem(s, "dealing")) : NULL;
		ok = body != NULL &&
		     dkg_sig_ok(DKG_DEALING_TAG, &sg, body, json_str(s, "dealing_signature")) &&
		     dkg_dealing_from_json(g, cJSON_GetObjectItem(s, "dealing"), &d[i], &why) &&
		     dkg_dealing_verify(g, p, &kc, &d[i]);
		cJSON_Delete(body);
	}
	return ok;
}

/* The dealer's secrets kept in the share file. */
static bool dkgc_secret_read(struct group *g, const cJSON *file, struct dkg_secret *sec)
{
	const cJSON *poly = cJSON_GetObjectItem(file, "polynomial"), *v;
	unsigned char raw[GROUP_SCALAR_LEN];
	uint32_t l = 0;
	bool ok = strcmp(json_str(file, "stage"), "dealer") == 0 &&
		  dkg_secret_init(sec, (uint32_t)cJSON_GetArraySize(poly));

	for (v = ok ? poly->child : NULL; ok && v != NULL; v = v->next, l++)
		ok = cJSON_IsString(v) && group_scalar_bytes_from_text(g, v->valuestring, raw) &&
		     BN_bin2bn(raw, GROUP_SCALAR_LEN, sec->a[l]) != NULL;
	ok = ok && group_scalar_bytes_from_text(g, json_str(file, "transport_secret"), raw) &&
	     BN_bin2bn(raw, GROUP_SCALAR_LEN, sec->e) != NULL;
	OPENSSL_cleanse(raw, sizeof(raw));
	return ok;
}

static cJSON *dkgc_scalar(const BIGNUM *x)
{
	unsigned char raw[GROUP_SCALAR_LEN];
	char t[GROUP_SCALAR_TEXT_LEN + 1];
	cJSON *j;

	group_scalar_encode(x, raw);
	group_scalar_bytes_to_text(raw, t);
	j = cJSON_CreateString(t);
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(t, sizeof(t));
	return j;
}

/* Step 1: deal, keep, publish. */
static int dkgc_deal(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
		     const struct dkg_params *p, struct group *g, FILE *out, FILE *err)
{
	struct ballot_key_context kc = {p->committee,
					p->meeting,
					(uint32_t)json_int(tasks, "index"),
					(uint64_t)json_int(tasks, "member"),
					{0}};
	struct dkg_signer sg = {p, kc.index, kc.member, json_str(tasks, "member_key")};
	struct ballot_pubkey pk = {0};
	struct scrutiny_pub pub;
	struct dkg_secret sec = {0};
	struct dkg_dealing d = {0};
	char path[4096], c0[GROUP_POINT_TEXT_LEN + 1], sig[SIG_TEXT_LEN + 1];
	char dsig[SIG_TEXT_LEN + 1], mine[SIG_PUB_TEXT_LEN + 1];
	unsigned char me[SIG_PUB_LEN];
	cJSON *extra = NULL, *poly, *args = NULL, *key = NULL, *dealing = NULL, *body = NULL,
	      *res = NULL;
	EVP_PKEY *k = conn_load_key(opts);
	int rc = YG_EXIT_REFUSED;
	uint32_t l;
	bool ok;

	share_file_path(opts, tasks, path, sizeof(path));
	ok = k != NULL && sig_public(k, me) && sig_pub_from_text(sg.member_key, kc.member_pub);
	if (ok)
		sig_pub_to_text(me, mine);
	if (ok && strcmp(mine, sg.member_key) != 0) {
		fprintf(err, "yg: %s\n",
			TR("服务器所列的本人成员密钥与本机密钥不同，不公布监票密钥",
			   "the server names another member key for you than this terminal's: "
			   "the key is not published"));
		ok = false;
	}
	/* a dealing kept but never published (a stop in between) is dropped:
	 * nothing of it left this terminal */
	ok = ok && share_file_destroy(path) == 0 && dkg_secret_init(&sec, p->threshold) &&
	     dkg_dealing_init(g, &d, p->threshold) && dkg_deal(g, p, &kc, &sec, &d) &&
	     group_point_to_text(g, d.c[0], c0) && (extra = cJSON_CreateObject()) != NULL;
	if (ok) {
		cJSON_AddStringToObject(extra, "stage", "dealer");
		poly = cJSON_AddArrayToObject(extra, "polynomial");
		for (l = 0; l < p->threshold; l++)
			cJSON_AddItemToArray(poly, dkgc_scalar(sec.a[l]));
		cJSON_AddItemToObject(extra, "transport_secret", dkgc_scalar(sec.e));
		if (share_file_store_with(path, tasks, sec.a[0], c0, extra) != 0) {
			fprintf(err, "yg: %s %s\n",
				TR("无法保存监票密钥份额", "cannot keep the key share in"), path);
			ok = false;
		}
	}
	pk.key = d.c[0];
	pk.proof = d.proof;
	key = ok ? ballot_pubkey_to_json(g, &pk) : NULL;
	dealing = ok ? dkg_dealing_to_json(g, &d) : NULL;
	body = dealing != NULL ? dkg_dealing_body(dealing) : NULL;
	pub = (struct scrutiny_pub){.committee = p->committee,
				    .meeting = p->meeting,
				    .ceremony = p->ceremony,
				    .member = kc.member,
				    .index = kc.index,
				    .member_key = sg.member_key,
				    .key = c0,
				    .proof_c = json_str(cJSON_GetObjectItem(key, "proof"), "c"),
				    .proof_z = json_str(cJSON_GetObjectItem(key, "proof"), "z")};
	ok = ok && key != NULL && body != NULL && scrutiny_key_sign(k, &pub, sig) &&
	     dkg_sign(k, DKG_DEALING_TAG, &sg, body, dsig);
	if (ok) {
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "meeting", (double)p->meeting);
		cJSON_AddItemToObject(args, "key", key);
		cJSON_AddStringToObject(args, "signature", sig);
		cJSON_AddItemToObject(args, "dealing", dealing);
		cJSON_AddStringToObject(args, "dealing_signature", dsig);
		key = dealing = NULL;
		if ((rc = dkgc_call(c, "scrutineer.publish", args, &res, err)) == YG_EXIT_OK)
			fprintf(out,
				TR("监票密钥已公布（第 %u 位监票人；任 %u 人即可解密，共 %u 人）；"
				   "份额保存在 %s\n",
				   "scrutineer key published (position %u; any %u of the %u "
				   "scrutineers decrypt); the share is kept in %s\n"),
				kc.index + 1, p->threshold, p->n, path);
	}
	share_file_free(extra);
	cJSON_Delete(key);
	cJSON_Delete(dealing);
	cJSON_Delete(body);
	cJSON_Delete(res);
	dkg_dealing_clear(&d);
	dkg_secret_clear(&sec);
	EVP_PKEY_free(k);
	return rc;
}

/* The signed body of a sealed share: {"to", "sealed"}. */
static cJSON *dkgc_sealed_body(uint32_t to, const cJSON *sealed)
{
	cJSON *b = cJSON_CreateObject();

	cJSON_AddNumberToObject(b, "to", to);
	cJSON_AddItemToObject(b, "sealed", cJSON_Duplicate(sealed, true));
	return b;
}

/* Step 2: seal every other scrutineer's share to its transport key. */
static int dkgc_seal(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
		     const struct dkg_params *p, struct group *g, FILE *out, FILE *err)
{
	struct dkg_dealing d[DKG_MAX];
	struct dkg_secret sec = {0};
	struct dkg_sealed sealed = {0};
	struct dkg_signer sg = {p, (uint32_t)json_int(tasks, "index"),
				(uint64_t)json_int(tasks, "member"), json_str(tasks, "member_key")};
	char path[4096], sig[SIG_TEXT_LEN + 1];
	BIGNUM *x = group_secret_new();
	cJSON *file, *shares = cJSON_CreateArray(), *e, *sj, *body, *args, *res = NULL;
	EVP_PKEY *k = conn_load_key(opts);
	int rc = YG_EXIT_REFUSED, which = -1, have;
	uint32_t j;
	bool ok;

	memset(d, 0, sizeof(d));
	share_file_path(opts, tasks, path, sizeof(path));
	file = share_file_read(path, tasks, &have);
	ok = k != NULL && x != NULL && file != NULL && dkgc_secret_read(g, file, &sec) &&
	     sec.threshold == p->threshold;
	if (!ok)
		fprintf(err, "yg: %s %s\n",
			TR("找不到本会议的监票密钥份额：", "no key share for this meeting in"),
			path);
	if (ok && !dkgc_dealings(g, p, tasks, d, &which)) {
		fprintf(err,
			TR("yg: 第 %d 位监票人的分发承诺未通过本机核验，不发送份额\n",
			   "yg: scrutineer %d's dealing fails this terminal's check: no share is "
			   "sent\n"),
			which + 1);
		ok = false;
	}
	ok = ok && dkg_sealed_init(g, &sealed);
	for (j = 0; ok && j < p->n; j++) {
		if (j == sg.index)
			continue;
		sj = NULL;
		ok = dkg_share_for(g, &sec, j, x) &&
		     dkg_seal(g, p, sg.index, j, d[j].transport, x, &sealed) &&
		     (sj = dkg_sealed_to_json(g, &sealed)) != NULL;
		body = ok ? dkgc_sealed_body(j, sj) : NULL;
		ok = ok && dkg_sign(k, DKG_SEALED_TAG, &sg, body, sig);
		cJSON_Delete(body);
		if (!ok) {
			cJSON_Delete(sj);
			break;
		}
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "to", j);
		cJSON_AddItemToObject(e, "sealed", sj);
		cJSON_AddStringToObject(e, "signature", sig);
		cJSON_AddItemToArray(shares, e);
	}
	if (ok) {
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "meeting", (double)p->meeting);
		cJSON_AddItemToObject(args, "shares", shares);
		shares = NULL;
		if ((rc = dkgc_call(c, "scrutineer.seal", args, &res, err)) == YG_EXIT_OK)
			fprintf(out, "%s\n",
				TR("已把各监票人的份额加密发送给他们",
				   "each scrutineer's share is sealed and sent to them"));
	}
	cJSON_Delete(shares);
	cJSON_Delete(res);
	share_file_free(file);
	for (j = 0; j < DKG_MAX; j++)
		dkg_dealing_clear(&d[j]);
	dkg_sealed_clear(&sealed);
	dkg_secret_clear(&sec);
	BN_clear_free(x);
	EVP_PKEY_free(k);
	return rc;
}

/* The share dealer `from` sealed to this terminal, its signature checked,
 * opened and checked against the dealer's commitments, into x. */
static bool dkgc_open_one(struct group *g, const struct dkg_params *p, const cJSON *tasks,
			  const cJSON *m, const struct dkg_dealing *dealer, const BIGNUM *e,
			  BIGNUM *x)
{
	uint32_t from = (uint32_t)json_int(m, "from"), me = (uint32_t)json_int(tasks, "index");
	struct ballot_key_context kc = {0};
	struct dkg_signer sg;
	struct dkg_sealed s = {0};
	const char *mk = NULL;
	cJSON *body;
	bool ok = from < p->n && from != me && dkgc_member(tasks, from, &kc, &mk);

	sg = (struct dkg_signer){p, from, kc.member, mk};
	body = ok ? dkgc_sealed_body(me, cJSON_GetObjectItem(m, "sealed")) : NULL;
	ok = ok && body != NULL &&
	     dkg_sig_ok(DKG_SEALED_TAG, &sg, body, json_str(m, "signature")) &&
	     dkg_sealed_init(g, &s) &&
	     dkg_sealed_from_json(g, cJSON_GetObjectItem(m, "sealed"), &s) &&
	     dkg_open(g, p, from, me, e, &s, x) && dkg_share_matches(g, dealer, me, x);
	cJSON_Delete(body);
	dkg_sealed_clear(&s);
	return ok;
}

/* Step 3: the shares for this terminal, checked and added; the file keeps
 * the share alone; the acceptance, signed, with its proof. */
static int dkgc_accept(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
		       const struct dkg_params *p, struct group *g, FILE *out, FILE *err)
{
	struct dkg_dealing d[DKG_MAX];
	struct dkg_secret sec = {0};
	struct ballot_key_context kc = {p->committee,
					p->meeting,
					(uint32_t)json_int(tasks, "index"),
					(uint64_t)json_int(tasks, "member"),
					{0}};
	struct dkg_signer sg = {p, kc.index, kc.member, json_str(tasks, "member_key")};
	struct zkp_proof pr;
	char path[4096], sig[SIG_TEXT_LEN + 1], ktext[GROUP_POINT_TEXT_LEN + 1],
		ytext[GROUP_POINT_TEXT_LEN + 1];
	BIGNUM *x = group_secret_new(), *s = group_secret_new();
	EC_POINT *key = group_point_new(g), *y = group_point_new(g);
	const cJSON *m;
	cJSON *file, *proof = NULL, *body = NULL, *args, *res = NULL, *extra = NULL;
	EVP_PKEY *k = conn_load_key(opts);
	int rc = YG_EXIT_REFUSED, which = -1, have;
	uint32_t i;
	bool ok;

	memset(d, 0, sizeof(d));
	share_file_path(opts, tasks, path, sizeof(path));
	file = share_file_read(path, tasks, &have);
	ok = k != NULL && x != NULL && s != NULL && key != NULL && y != NULL && file != NULL &&
	     dkgc_secret_read(g, file, &sec) && sig_pub_from_text(sg.member_key, kc.member_pub);
	if (!ok)
		fprintf(err, "yg: %s %s\n",
			TR("找不到本会议的监票密钥份额：", "no key share for this meeting in"),
			path);
	if (ok && !dkgc_dealings(g, p, tasks, d, &which)) {
		fprintf(err,
			TR("yg: 第 %d 位监票人的分发承诺未通过本机核验，不接受份额\n",
			   "yg: scrutineer %d's dealing fails this terminal's check: nothing is "
			   "accepted\n"),
			which + 1);
		ok = false;
	}
	/* my own share of my own polynomial, then each sealed one */
	ok = ok && dkg_share_for(g, &sec, kc.index, s);
	m = cJSON_GetObjectItem(tasks, "sealed");
	for (m = ok && cJSON_IsArray(m) ? m->child : NULL; m != NULL; m = m->next) {
		uint32_t from = (uint32_t)json_int(m, "from");

		if (from >= p->n || !dkgc_open_one(g, p, tasks, m, &d[from], sec.e, x)) {
			fprintf(err,
				TR("yg: 第 %lld 位监票人发来的份额与其承诺不符：不接受，"
				   "须由主持人重新指定监票人\n",
				   "yg: the share scrutineer %lld sent does not match its "
				   "commitments: not accepted; the chair must designate again\n"),
				json_int(m, "from") + 1);
			ok = false;
			break;
		}
		ok = group_scalar_add(g, s, s, x);
	}
	ok = ok && dkg_election_key(g, d, p->n, key) &&
	     dkg_verification_key(g, d, p->n, kc.index, y) &&
	     dkg_share_prove(g, p, &kc, key, s, y, &pr) && group_point_to_text(g, key, ktext) &&
	     group_point_to_text(g, y, ytext) && (proof = dkg_proof_to_json(&pr)) != NULL &&
	     (body = dkg_accept_body(ktext, ytext, proof)) != NULL &&
	     dkg_sign(k, DKG_ACCEPT_TAG, &sg, body, sig) && (extra = cJSON_CreateObject()) != NULL;
	/* the dealer's secrets are overwritten; the share alone stays */
	if (ok) {
		cJSON_AddStringToObject(extra, "stage", "share");
		ok = share_file_destroy(path) == 0 &&
		     share_file_store_with(path, tasks, s, ytext, extra) == 0;
		if (!ok)
			fprintf(err, "yg: %s %s\n",
				TR("无法保存监票密钥份额", "cannot keep the key share in"), path);
	}
	if (ok) {
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "meeting", (double)p->meeting);
		cJSON_AddStringToObject(args, "verification_key", ytext);
		cJSON_AddItemToObject(args, "share_proof", proof);
		cJSON_AddStringToObject(args, "signature", sig);
		proof = NULL;
		if ((rc = dkgc_call(c, "scrutineer.accept", args, &res, err)) == YG_EXIT_OK) {
			fprintf(out,
				TR("已核验 %u 位监票人发来的份额并接受；本机只保存合成的份额\n",
				   "the shares of all %u scrutineers are checked and accepted; "
				   "this terminal keeps only its combined share\n"),
				p->n);
			if (cJSON_IsTrue(cJSON_GetObjectItem(res, "complete")))
				fprintf(out, "%s\n",
					TR("全部监票人已接受份额：选举公钥已生成",
					   "every scrutineer has accepted: the election key is "
					   "made"));
		}
	}
	cJSON_Delete(proof);
	cJSON_Delete(body);
	cJSON_Delete(res);
	share_file_free(extra);
	share_file_free(file);
	for (i = 0; i < DKG_MAX; i++)
		dkg_dealing_clear(&d[i]);
	dkg_secret_clear(&sec);
	BN_clear_free(x);
	BN_clear_free(s);
	EC_POINT_free(key);
	EC_POINT_free(y);
	EVP_PKEY_free(k);
	return rc;
}

/* Whatever step of the ceremony is possible now. */
int scrutiny_dkg_step(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
		      struct group *g, FILE *out, FILE *err)
{
	struct dkg_params p;
	const cJSON *s;
	int dealt = 0;

	if (!dkgc_params(tasks, &p))
		return YG_EXIT_OK;
	if (!cJSON_IsTrue(cJSON_GetObjectItem(tasks, "key_published")))
		return dkgc_deal(c, opts, tasks, &p, g, out, err);
	if (cJSON_IsTrue(cJSON_GetObjectItem(tasks, "accepted")))
		return YG_EXIT_OK;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(tasks, "scrutineers")) {
		dealt += cJSON_IsObject(cJSON_GetObjectItem(s, "dealing"));
	}
	if (dealt < (int)p.n)
		return YG_EXIT_OK; /* the others have not all dealt yet */
	if (!cJSON_IsTrue(cJSON_GetObjectItem(tasks, "sealed_sent")))
		return dkgc_seal(c, opts, tasks, &p, g, out, err);
	if (cJSON_GetArraySize(cJSON_GetObjectItem(tasks, "sealed")) < (int)p.n - 1)
		return YG_EXIT_OK; /* not every share for this terminal is in */
	return dkgc_accept(c, opts, tasks, &p, g, out, err);
}
