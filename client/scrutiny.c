/* The scrutineer's work on this terminal (scrutiny.h): the key ceremony
 * (a secret share made and kept here, in a file only its owner can read,
 * before its public half is published), a proven partial decryption of
 * each round waiting for it, and the shares destroyed once the meeting is
 * over. VOTE.md §1, §5. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../proto/ballot.h"
#include "../proto/scrutiny.h"
#include "../proto/vote.h"
#include "../rules/scrutiny.h"
#include "i18n.h"
#include "json_field.h"
#include "keycheck.h"
#include "scrutiny.h"
#include "scrutiny_dkg.h"
#include "share_file.h"

/* conn_call, its refusal told on err. */
static int scrutiny_call(struct yg_conn *c, const char *op, cJSON *args, cJSON **res, FILE *err)
{
	int rc = conn_call(c, op, args, res);

	if (rc != YG_EXIT_OK)
		fprintf(err, "yg: %s: %s (%s)\n", msg(M_ERROR), c->err_text, c->err_code);
	return rc;
}

/* The publication signed with this member's own key (BALLOT.md §7.4),
 * into args; false if the key cannot be read or is not the one the server
 * names for this member (said on err). */
static bool scrutiny_sign(const struct yg_opts *opts, const cJSON *tasks, const cJSON *key,
			  cJSON *args, FILE *err)
{
	const cJSON *proof = cJSON_GetObjectItemCaseSensitive(key, "proof");
	struct scrutiny_pub p = {.committee = (uint64_t)json_int(tasks, "committee"),
				 .meeting = (uint64_t)json_int(tasks, "meeting"),
				 .ceremony = (uint64_t)json_int(tasks, "ceremony"),
				 .index = (uint32_t)json_int(tasks, "index"),
				 .member = (uint64_t)json_int(tasks, "member"),
				 .member_key = json_str(tasks, "member_key"),
				 .key = json_str(key, "key"),
				 .proof_c = json_str(proof, "c"),
				 .proof_z = json_str(proof, "z")};
	unsigned char pub[SIG_PUB_LEN];
	char mine[SIG_PUB_TEXT_LEN + 1], sig[SIG_TEXT_LEN + 1];
	EVP_PKEY *k = conn_load_key(opts);
	bool ok = k != NULL && sig_public(k, pub);

	if (ok)
		sig_pub_to_text(pub, mine);
	if (ok && strcmp(mine, p.member_key) != 0) {
		fprintf(err, "yg: %s\n",
			TR("服务器所列的本人成员密钥与本机密钥不同，不公布监票密钥",
			   "the server names another member key for you than this terminal's: "
			   "the key is not published"));
		ok = false;
	}
	ok = ok && scrutiny_key_sign(k, &p, sig);
	EVP_PKEY_free(k);
	if (ok)
		cJSON_AddStringToObject(args, "signature", sig);
	return ok;
}

/* The key ceremony for this terminal, given its tasks: make (or find) the
 * share, then publish its public half with the proof, signed. */
static int scrutiny_key(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
			struct group *g, FILE *out, FILE *err)
{
	struct ballot_key_context kc = {0};
	struct ballot_pubkey pk;
	BIGNUM *secret = group_secret_new();
	char path[4096], pub[GROUP_POINT_TEXT_LEN + 1];
	cJSON *args, *key, *res = NULL;
	int rc = YG_EXIT_REFUSED, have;

	share_file_path(opts, tasks, path, sizeof(path));
	kc.committee = (uint64_t)json_int(tasks, "committee");
	kc.meeting = (uint64_t)json_int(tasks, "meeting");
	kc.index = (uint32_t)json_int(tasks, "index");
	kc.member = (uint64_t)json_int(tasks, "member");
	if (secret == NULL || !sig_pub_from_text(json_str(tasks, "member_key"), kc.member_pub) ||
	    !ballot_pubkey_init(g, &pk))
		goto out_secret;
	have = share_file_load(path, tasks, g, secret, pub);
	if (have == -2)
		goto out;
	if (have == 0) { /* kept before a stop, never published: the same key */
		if (!ballot_key_prove(g, &kc, secret, &pk))
			goto out;
	} else if (!ballot_key_generate(g, &kc, secret, &pk) ||
		   !group_point_to_text(g, pk.key, pub) ||
		   share_file_store(path, tasks, secret, pub) != 0) {
		fprintf(err, "yg: %s %s\n",
			TR("无法保存监票密钥份额", "cannot keep the key share in"), path);
		goto out;
	}
	key = ballot_pubkey_to_json(g, &pk);
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)json_int(tasks, "meeting"));
	cJSON_AddItemToObject(args, "key", key);
	if (!scrutiny_sign(opts, tasks, key, args, err)) {
		cJSON_Delete(args);
		goto out;
	}
	if ((rc = scrutiny_call(c, "scrutineer.publish", args, &res, err)) == YG_EXIT_OK) {
		fprintf(out,
			TR("监票密钥已公布（第 %lld 位监票人）；份额保存在 %s\n",
			   "scrutineer key published (position %lld); the share is kept in %s\n"),
			json_int(res, "index") + 1, path);
		if (json_str(res, "election_key")[0] != '\0')
			fprintf(out, "%s\n",
				TR("全部监票人已公布密钥：选举公钥已生成",
				   "every scrutineer has published: the election key is made"));
	}
	cJSON_Delete(res);
out:
	ballot_pubkey_clear(&pk);
out_secret:
	BN_clear_free(secret);
	return rc;
}

/* Say once (not every second of a watch) why a round is not decrypted. */
static void scrutiny_refuse(const cJSON *task, enum scrutiny_fault f, int which, FILE *err)
{
	static long long item, round;
	static enum scrutiny_fault said;

	if (item == json_int(task, "item") && round == json_int(task, "round") && said == f)
		return;
	item = json_int(task, "item");
	round = json_int(task, "round");
	said = f;
	fprintf(err,
		TR("yg: 不解密议题 %lld 第 %lld 轮：%s", "yg: item %lld, round %lld is not "
							 "decrypted: %s"),
		item, round, keycheck_fault_text(f));
	if (which >= 0)
		fprintf(err, TR("（第 %d 张选票）", " (ballot %d)"), which + 1);
	fprintf(err, "\n");
}

/* The round's ballot board verified ballot by ballot and added up here
 * (BALLOT.md §9.1) into t: SF_OK only if it holds at least the rule's
 * number of ballots and the server's aggregate is that very sum. */
static enum scrutiny_fault scrutiny_recount(struct group *g, const cJSON *tasks, const cJSON *task,
					    struct ballot_tally *t, int *which)
{
	struct scrutiny_round r = {.committee = (uint64_t)json_int(tasks, "committee"),
				   .meeting = (uint64_t)json_int(tasks, "meeting"),
				   .item = (uint64_t)json_int(task, "item"),
				   .round = (uint64_t)json_int(task, "round"),
				   .question = cJSON_GetObjectItemCaseSensitive(task, "question"),
				   .election_key = json_str(task, "election_key"),
				   .eligible = cJSON_GetObjectItemCaseSensitive(task, "eligible"),
				   .ballots = cJSON_GetObjectItemCaseSensitive(task, "ballots")};
	enum scrutiny_fault f = scrutiny_board_sum(g, &r, t, which);

	if (f == SF_OK &&
	    !rules_may_decrypt((long)t->ballots, (long)json_int(tasks, "decrypt_min_ballots")))
		f = SF_TOO_FEW;
	if (f == SF_OK &&
	    !scrutiny_aggregate_same(g, cJSON_GetObjectItemCaseSensitive(task, "aggregate"), t))
		f = SF_AGGREGATE;
	return f;
}

/* Send the share of one round and say how it went. */
static int scrutiny_send_share(struct yg_conn *c, const cJSON *tasks, const cJSON *task,
			       struct group *g, struct ballot_share *share, FILE *out, FILE *err)
{
	cJSON *args = cJSON_CreateObject(), *res = NULL;
	int rc;

	cJSON_AddNumberToObject(args, "meeting", (double)json_int(tasks, "meeting"));
	cJSON_AddNumberToObject(args, "item", (double)json_int(task, "item"));
	cJSON_AddNumberToObject(args, "round", (double)json_int(task, "round"));
	cJSON_AddItemToObject(args, "share", ballot_share_to_json(g, share));
	rc = scrutiny_call(c, "vote.decrypt", args, &res, err);
	if (rc == YG_EXIT_OK)
		fprintf(out,
			TR("已解密议题 %lld 第 %lld 轮的计票%s\n",
			   "decrypted item %lld, round %lld%s\n"),
			json_int(task, "item"), json_int(task, "round"),
			strcmp(json_str(res, "state"), "closed") == 0
				? TR("；结果已宣布", "; the result is announced")
				: TR("；等待其他监票人", "; waiting for the others"));
	cJSON_Delete(res);
	return rc;
}

/* One round's partial decryption, with proofs, made with the stored share
 * of the sum this terminal computed itself from the verified ballots. */
static int scrutiny_decrypt_one(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
				const cJSON *task, struct group *g, FILE *out, FILE *err)
{
	struct ballot_context ctx;
	struct ballot_tally tally;
	struct ballot_share share;
	BIGNUM *secret = group_secret_new();
	EC_POINT *pub = group_point_new(g);
	char path[4096], pub_text[GROUP_POINT_TEXT_LEN + 1];
	const char *why = "";
	enum scrutiny_fault f;
	int rc = YG_EXIT_REFUSED, which = -1;
	bool ok;

	share_file_path(opts, tasks, path, sizeof(path));
	if (secret == NULL || pub == NULL ||
	    share_file_load(path, tasks, g, secret, pub_text) != 0 ||
	    !group_point_from_text(g, pub_text, pub)) {
		fprintf(err, "yg: %s %s\n",
			TR("找不到本会议的监票密钥份额：", "no key share for this meeting in"),
			path);
		BN_clear_free(secret);
		EC_POINT_free(pub);
		return rc;
	}
	if ((f = scrutiny_recount(g, tasks, task, &tally, &which)) != SF_OK) {
		scrutiny_refuse(task, f, which, err);
		ballot_tally_clear(&tally);
		BN_clear_free(secret);
		EC_POINT_free(pub);
		return rc;
	}
	fprintf(out,
		TR("正在解密议题 %lld 第 %lld 轮：%u 张选票，已逐张核验并由本机相加\n",
		   "decrypting item %lld, round %lld: %u ballots, each verified and added up "
		   "here\n"),
		json_int(task, "item"), json_int(task, "round"), tally.ballots);
	ok = ballot_context_init(g, &ctx) &&
	     vote_context(g, (uint64_t)json_int(tasks, "committee"),
			  (uint64_t)json_int(tasks, "meeting"), (uint64_t)json_int(task, "item"),
			  (uint64_t)json_int(task, "round"), cJSON_GetObjectItem(task, "question"),
			  json_str(task, "election_key"), 0, NULL, &ctx, &why) &&
	     ballot_share_make(g, &ctx, (uint32_t)json_int(tasks, "index"), secret, pub, &tally,
			       &share);
	if (ok) {
		rc = scrutiny_send_share(c, tasks, task, g, &share, out, err);
		ballot_share_clear(&share);
	} else {
		fprintf(err, "yg: %s: %s\n", TR("无法解密", "cannot decrypt"), why ? why : "");
	}
	ballot_tally_clear(&tally);
	ballot_context_clear(&ctx);
	BN_clear_free(secret);
	EC_POINT_free(pub);
	return rc;
}

/* Before decrypting: this terminal's key is listed as published, unchanged,
 * and the election key checks as a voter's terminal checks it. 0, or -1
 * after saying why (once per meeting and reason). */
static int scrutiny_keys_ok(const struct yg_opts *opts, const cJSON *tasks, struct group *g,
			    FILE *err)
{
	static char said[4800];
	char path[4096], pub[GROUP_POINT_TEXT_LEN + 1], why[4600], line[4800];
	BIGNUM *secret = group_secret_new();
	int have;

	share_file_path(opts, tasks, path, sizeof(path));
	have = secret != NULL ? share_file_load(path, tasks, g, secret, pub) : -2;
	BN_clear_free(secret);
	if (have != 0)
		snprintf(why, sizeof(why), "%s %s",
			 TR("找不到本会议的监票密钥份额：", "no key share for this meeting in"),
			 path);
	else if (strcmp(pub, json_str(tasks, scrutiny_dkg_active(tasks) ? "verification_key"
									: "key")) != 0)
		snprintf(why, sizeof(why), "%s",
			 TR("服务器所列本人的监票密钥不是本机公布的那一个",
			    "the key the server lists for you is not the one this terminal "
			    "published"));
	else if (keycheck_keys(opts, json_int(tasks, "committee"), json_int(tasks, "meeting"),
			       json_int(tasks, "ceremony"),
			       cJSON_GetObjectItemCaseSensitive(tasks, "scrutineers"),
			       json_str(tasks, "election_key"), why, sizeof(why)) == 0)
		return 0;
	snprintf(line, sizeof(line), "%s%s",
		 TR("yg: 选举公钥未通过本机核验，不解密：",
		    "yg: the election key fails this "
		    "terminal's check; nothing is decrypted: "),
		 why);
	if (strcmp(line, said) != 0)
		fprintf(err, "%s\n", line);
	snprintf(said, sizeof(said), "%s", line);
	return -1;
}

/* Whether the meeting tasks describe is over for its scrutineers: closed,
 * with nothing left to decrypt. */
static bool scrutiny_over(const cJSON *tasks)
{
	return strcmp(json_str(tasks, "status"), "closed") == 0 &&
	       cJSON_GetArraySize(cJSON_GetObjectItem(tasks, "decrypt")) == 0;
}

/* Destroy the share at path, saying so (why: what makes it useless). */
static int scrutiny_destroy(const char *path, const char *why, FILE *out, FILE *err)
{
	if (share_file_destroy(path) != 0) {
		fprintf(err,
			TR("yg: 无法删除监票密钥份额 %s（%s），请手工删除\n",
			   "yg: cannot remove the key share %s (%s); remove it by hand\n"),
			path, strerror(errno));
		return -1;
	}
	fprintf(out,
		TR("%s：本机的监票密钥份额已覆盖并删除（%s）\n",
		   "%s: this terminal's key share is overwritten and removed (%s)\n"),
		why, path);
	return 1;
}

/* Destroy this server's share files of meeting: all of them, or only
 * those of ceremonies before `before` (0: all). 1 if any was removed, -1
 * if one could not be, else 0. */
static int scrutiny_destroy_meeting(const struct yg_opts *opts, long long meeting, long long before,
				    const char *why, FILE *out, FILE *err)
{
	char dir[4096], path[4400];
	long long m, e;
	struct dirent *d;
	DIR *ds;
	int rc = 0, one;

	snprintf(dir, sizeof(dir), "%s/shares", opts->home);
	if ((ds = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(ds)) != NULL) {
		if (!share_file_parse(opts, d->d_name, &m, &e) || m != meeting ||
		    (before > 0 && e >= before))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		one = scrutiny_destroy(path, why, out, err);
		rc = rc < 0 || one < 0 ? -1 : 1;
	}
	closedir(ds);
	return rc;
}

/* scrutiny_shares_end with the share's lock held by the caller. */
static int scrutiny_shares_end_locked(const struct yg_opts *opts, const cJSON *tasks, FILE *out,
				      FILE *err)
{
	if (scrutiny_over(tasks))
		return scrutiny_destroy_meeting(opts, json_int(tasks, "meeting"), 0,
						TR("会议已结束", "the meeting is over"), out, err);
	if (json_int(tasks, "ceremony") > 1) /* a void or a new designation left them */
		return scrutiny_destroy_meeting(
			opts, json_int(tasks, "meeting"), json_int(tasks, "ceremony"),
			TR("会议已另起密钥生成，旧密钥不再使用",
			   "the meeting has a new key ceremony and the old key is no longer used"),
			out, err);
	return 0;
}

int scrutiny_shares_end(const struct yg_opts *opts, const cJSON *tasks, FILE *out, FILE *err)
{
	int lock, rc;

	if (!scrutiny_over(tasks) && json_int(tasks, "ceremony") <= 1)
		return 0; /* nothing to destroy */
	lock = share_file_lock(opts, json_int(tasks, "meeting"));
	if (lock < 0)
		return 0; /* another terminal of this HOME is at it; next time */
	rc = scrutiny_shares_end_locked(opts, tasks, out, err);
	if (scrutiny_over(tasks))
		share_file_lock_remove(opts, json_int(tasks, "meeting"));
	share_file_unlock(lock);
	return rc;
}

void scrutiny_sweep(struct yg_conn *c, const struct yg_opts *opts, FILE *out, FILE *err)
{
	char dir[4096], path[4400];
	long long meeting, ceremony;
	struct dirent *d;
	cJSON *args, *tasks;
	DIR *ds;

	snprintf(dir, sizeof(dir), "%s/shares", opts->home);
	if ((ds = opendir(dir)) == NULL)
		return;
	while ((d = readdir(ds)) != NULL) {
		if (!share_file_parse(opts, d->d_name, &meeting, &ceremony))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "meeting", (double)meeting);
		tasks = NULL;
		if (conn_call(c, "scrutineer.tasks", args, &tasks) == YG_EXIT_OK) {
			if (ceremony < json_int(tasks, "ceremony"))
				scrutiny_destroy(
					path,
					TR("份额属于本会议已作废的密钥生成",
					   "the share is of a key ceremony the meeting left"),
					out, err);
			else if (scrutiny_over(tasks))
				scrutiny_destroy(
					path,
					TR("份额所属的会议已结束", "the share's meeting is over"),
					out, err);
		}
		c->err_code[0] = '\0';
		cJSON_Delete(tasks);
	}
	closedir(ds);
}

/* Whatever this terminal has to do now: the key, then each decryption.
 * *closed is set when the meeting is over. */
int scrutiny_work(struct yg_conn *c, const struct yg_opts *opts, long long meeting, int do_key,
		  int do_decrypt, int *closed, FILE *out, FILE *err)
{
	static long long said_busy;
	struct group *g;
	cJSON *args, *tasks = NULL, *t;
	int rc, lock = share_file_lock(opts, meeting);

	/* one terminal of this HOME at a time reads, writes and acts on the
	 * meeting's share; another waits (watch, the full-screen terminal) or
	 * is refused (key, decrypt) */
	if (lock < 0) {
		if (said_busy != meeting)
			fprintf(err, "yg: %s\n",
				lock == -1 ? TR("本机另一个终端正在处理本会议的监票密钥份额，"
						"本终端不动它，稍后再试",
						"another terminal of this HOME is working on this "
						"meeting's key share; this one leaves it alone and "
						"tries again later")
					   : TR("无法锁定监票密钥份额（HOME/shares）",
						"cannot lock the key share (HOME/shares)"));
		said_busy = meeting;
		if (closed != NULL)
			*closed = 0;
		return YG_EXIT_REFUSED;
	}
	said_busy = 0;
	g = group_new(group_rand_system, NULL);
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	rc = scrutiny_call(c, "scrutineer.tasks", args, &tasks, err);
	if (rc == YG_EXIT_OK && do_key && scrutiny_dkg_active(tasks))
		rc = scrutiny_dkg_step(c, opts, tasks, g, out, err); /* BALLOT.md §7.5 */
	else if (rc == YG_EXIT_OK && do_key &&
		 !cJSON_IsTrue(cJSON_GetObjectItem(tasks, "key_published")))
		rc = scrutiny_key(c, opts, tasks, g, out, err);
	else if (rc == YG_EXIT_OK && do_key && !do_decrypt)
		fprintf(out, "%s\n",
			TR("本终端的监票密钥已公布", "this terminal's key is already published"));
	if (rc == YG_EXIT_OK && do_decrypt &&
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(tasks, "decrypt")) > 0 &&
	    scrutiny_keys_ok(opts, tasks, g, err) != 0)
		rc = YG_EXIT_REFUSED;
	if (do_decrypt)
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(tasks, "decrypt")) {
			if (rc == YG_EXIT_OK)
				rc = scrutiny_decrypt_one(c, opts, tasks, t, g, out, err);
		}
	if (tasks != NULL)
		scrutiny_shares_end_locked(opts, tasks, out, err);
	if (closed != NULL)
		*closed = tasks != NULL && scrutiny_over(tasks);
	if (tasks != NULL && scrutiny_over(tasks))
		share_file_lock_remove(opts, meeting); /* nothing is left to guard */
	cJSON_Delete(tasks);
	group_free(g);
	share_file_unlock(lock);
	return rc;
}
