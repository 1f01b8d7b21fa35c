/* 票决 at a member's terminal: yg vote open, close, status (the chair and
 * everyone), and yg vote cast — the ballot is encrypted and proven here,
 * with the member's own key signing it, so the server never sees the
 * choice; the receipt is shown for `yg verify FILE --receipt R`. The
 * ballot is kept in HOME/ballots/ before it is sent (ballot_keep.c): a
 * retry after a lost answer sends that same ballot again.
 * proto/VOTE.md §2–5. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../proto/ballot.h"
#include "../proto/vote.h"
#include "ballot_keep.h"
#include "code_text.h"
#include "commands.h"
#include "i18n.h"
#include "keycheck.h"
#include "logcheck.h"

/* MEETING ITEM into args (caller frees); or a usage error. */
static int ballot_entry(const struct cmd_entry *cmd, const char *const *pos, cJSON **args)
{
	long long meeting, item;
	int rc;

	if ((rc = cmd_number(cmd, pos[0], 1, ID_MAX, &meeting)) != YG_EXIT_OK ||
	    (rc = cmd_number(cmd, pos[1], 1, ID_MAX, &item)) != YG_EXIT_OK)
		return rc;
	*args = cJSON_CreateObject();
	cJSON_AddNumberToObject(*args, "meeting", (double)meeting);
	cJSON_AddNumberToObject(*args, "item", (double)item);
	return YG_EXIT_OK;
}

/* The counts and the outcome of a closed round (vote.status, vote.close,
 * vote.decrypt all carry them). */
static void ballot_print_result(const cJSON *res, const cJSON *question)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(question, "labels");
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(res, "counts");
	const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(res, "outcome"), *i;
	int n;

	for (n = 0; n < cJSON_GetArraySize(counts); n++)
		cmd_field(n == 0 ? TR("计票", "count") : "", TR("%s %lld 票", "%s: %lld"),
			  cJSON_GetStringValue(cJSON_GetArrayItem(labels, n))
				  ? cJSON_GetStringValue(cJSON_GetArrayItem(labels, n))
				  : "?",
			  (long long)cJSON_GetNumberValue(cJSON_GetArrayItem(counts, n)));
	cmd_field(TR("结果", "result"), TR("%s（须至少 %lld 票）", "%s (%lld votes needed)"),
		  vote_result_text(json_str(outcome, "result")), json_int(outcome, "line"));
	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(outcome, "elected")) {
		cmd_field(TR("当选", "elected"), "%s",
			  cJSON_GetStringValue(cJSON_GetArrayItem(labels, (int)i->valuedouble)));
	}
	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(outcome, "runoff")) {
		cmd_field(TR("再次投票", "run-off"), "%s",
			  cJSON_GetStringValue(cJSON_GetArrayItem(labels, (int)i->valuedouble)));
	}
}

/* The awaited scrutineers, by name. */
static void ballot_print_awaiting(const cJSON *res)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(res, "awaiting")) {
		cmd_field(TR("等待", "awaiting"),
			  TR("等待监票人 %s 解密", "scrutineer %s to decrypt"),
			  json_str(a, "name"));
	}
}

static int vote_open_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2] = {NULL, NULL};
	cJSON *args = NULL, *res = NULL, *l;
	int rc = cmd_parse(&cmd_vote_open, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK || (rc = ballot_entry(&cmd_vote_open, pos, &args)) != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_call(opts, 1, "vote.open", args, &res)) != YG_EXIT_OK)
		return rc;
	printf(TR("议题 %lld 第 %lld 轮表决开始：可投票 %d 人，应到会 %lld 人\n",
		  "item %lld, round %lld: voting open to %d members (%lld entitled)\n"),
	       json_int(res, "item"), json_int(res, "round"),
	       cJSON_GetArraySize(cJSON_GetObjectItem(res, "eligible")), json_int(res, "entitled"));
	l = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItem(res, "question"), "labels");
	for (rc = 0; rc < cJSON_GetArraySize(l); rc++)
		printf("  %d. %s\n", rc + 1, cJSON_GetStringValue(cJSON_GetArrayItem(l, rc)));
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

static int vote_close_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2] = {NULL, NULL};
	cJSON *args = NULL, *res = NULL;
	int rc = cmd_parse(&cmd_vote_close, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK || (rc = ballot_entry(&cmd_vote_close, pos, &args)) != YG_EXIT_OK)
		return rc;
	if ((rc = cmd_call(opts, 1, "vote.close", args, &res)) != YG_EXIT_OK)
		return rc;
	if (strcmp(json_str(res, "state"), "closed") == 0)
		printf("%s\n", TR("投票结束（无人投票）", "voting closed (no ballots)"));
	else
		printf(TR("投票结束：共 %lld 张选票，等待监票人解密\n",
			  "voting closed: %lld ballots; the scrutineers decrypt the sum now\n"),
		       json_int(res, "ballots"));
	ballot_print_awaiting(res);
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

/* The way out when the scrutineers cannot decrypt a round (VOTE.md §5.1):
 * whoever presides voids it, with the reason; the item is voted again
 * after a new key ceremony. */
static int vote_void_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[3] = {NULL, NULL, NULL}, *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 1}, {NULL, NULL, 0}};
	cJSON *args = NULL, *res = NULL;
	long long round;
	int rc = cmd_parse(&cmd_vote_void, argc, argv, o, pos, 3);

	if (rc != YG_EXIT_OK || (rc = cmd_number(&cmd_vote_void, pos[2], 1, 16, &round)) != 0)
		return rc;
	if (reason == NULL)
		return cmd_usage_error(&cmd_vote_void, "--reason");
	if ((rc = ballot_entry(&cmd_vote_void, pos, &args)) != YG_EXIT_OK)
		return rc;
	cJSON_AddNumberToObject(args, "round", (double)round);
	cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "vote.void", args, &res)) != YG_EXIT_OK)
		return rc;
	printf(TR("议题 %lld 第 %lld 轮表决已作废（理由已记录）；监票人将重新生成密钥（第 %lld "
		  "次），"
		  "之后可重新表决\n",
		  "item %lld, round %lld is void (the reason is recorded); the scrutineers make "
		  "new keys (ceremony %lld), then the item can be voted again\n"),
	       json_int(res, "item"), json_int(res, "round"), json_int(res, "ceremony"));
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

static int vote_status_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2] = {NULL, NULL}, *why = NULL;
	struct logcheck lc = {0};
	struct yg_conn c;
	cJSON *args = NULL, *res = NULL;
	const char *state;
	int rc = cmd_parse(&cmd_vote_status, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK || (rc = ballot_entry(&cmd_vote_status, pos, &args)) != YG_EXIT_OK)
		return rc;
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	rc = conn_call_print(&c, "vote.status", args, &res);
	/* A result is shown only with the tally the (pinned) server key signed. */
	if (rc == YG_EXIT_OK && strcmp(json_str(res, "state"), "closed") == 0) {
		logcheck_server_key(&lc, &c);
		why = logcheck_result(&lc, res);
	}
	conn_close(&c);
	if (rc != YG_EXIT_OK)
		return rc;
	if (why != NULL) {
		fprintf(stderr,
			TR("yg: 议题 %lld 的表决结果未通过核验，不显示：%s\n",
			   "yg: the result of item %lld does NOT verify and is not shown: %s\n"),
			json_int(res, "item"), why);
		cJSON_Delete(res);
		return YG_EXIT_REFUSED;
	}
	state = json_str(res, "state");
	printf(TR("议题 %lld 表决情况\n", "the vote on item %lld\n"), json_int(res, "item"));
	if (strcmp(state, "none") == 0) {
		cmd_field(TR("状态", "state"), "%s", TR("尚未开始表决", "no vote yet"));
	} else {
		cmd_field(TR("轮次", "round"), "%lld", json_int(res, "round"));
		cmd_field(TR("状态", "state"), "%s",
			  strcmp(state, "voided") == 0 ? TR("已作废", "void")
			  : strcmp(state, "open") == 0 ? TR("投票中", "voting")
			  : strcmp(state, "decrypting") == 0
				  ? TR("已结束投票，解密中", "decrypting")
				  : TR("已宣布结果", "result announced"));
		cmd_field(TR("进度", "progress"), TR("已投 %lld/%d", "%lld of %d cast"),
			  json_int(res, "cast"),
			  cJSON_GetArraySize(cJSON_GetObjectItem(res, "eligible")));
		if (cJSON_IsTrue(cJSON_GetObjectItem(res, "you_eligible")))
			cmd_field(TR("本人", "you"), "%s",
				  cJSON_IsTrue(cJSON_GetObjectItem(res, "you_voted"))
					  ? TR("已投票", "voted")
					  : TR("尚未投票", "not voted yet"));
		ballot_print_awaiting(res);
		if (strcmp(state, "closed") == 0)
			ballot_print_result(res, cJSON_GetObjectItem(res, "question"));
	}
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

/* CHOICE into choices: 同意/不同意/弃权 (yes/no/abstain) on an ordinary
 * vote; on a cadre vote candidate numbers (from 1) or names, comma
 * separated, or "none". -1 if it makes no ballot. */
static int ballot_choices(const cJSON *question, const char *text, unsigned char *choices)
{
	static const char *const opt[3][2] = {
		{"同意", "yes"}, {"不同意", "no"}, {"弃权", "abstain"}};
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(question, "labels");
	int n = cJSON_GetArraySize(labels), i, picked = 0;
	char buf[1024], *tok, *save = NULL;

	memset(choices, 0, BALLOT_MAX_OPTIONS);
	if (strcmp(json_str(question, "kind"), "options") == 0) {
		for (i = 0; i < 3; i++)
			if (strcmp(text, opt[i][0]) == 0 || strcmp(text, opt[i][1]) == 0) {
				choices[i] = 1;
				return 0;
			}
		return -1;
	}
	if (strcmp(text, "none") == 0 || strcmp(text, "无") == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, ",，", &save); tok != NULL; tok = strtok_r(NULL, ",，", &save)) {
		char *end;
		long k = strtol(tok, &end, 10);

		if (*end != '\0' || end == tok) {
			for (k = 0; k < n; k++)
				if (strcmp(tok, cJSON_GetStringValue(
							cJSON_GetArrayItem(labels, (int)k))) == 0)
					break;
			k++;
		}
		if (k < 1 || k > n || choices[k - 1])
			return -1;
		choices[k - 1] = 1;
		picked++;
	}
	return picked <= (int)json_int(question, "seats") ? 0 : -1;
}

/* Ask before casting, when someone is there to answer. */
static int ballot_confirm(const cJSON *question, const unsigned char *choices)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(question, "labels");
	char line[64];
	int i, any = 0;

	printf("%s", TR("您的选择：", "your choice: "));
	for (i = 0; i < cJSON_GetArraySize(labels); i++)
		if (choices[i])
			printf("%s%s", any++ ? "、" : "",
			       cJSON_GetStringValue(cJSON_GetArrayItem(labels, i)));
	printf("%s\n%s", any ? "" : TR("（不选任何人）", "(nobody)"),
	       TR("投出后不能更改。确认投票？(是/y) ",
		  "A cast ballot cannot be changed. Cast it? (y) "));
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "y") == 0 || strcmp(line, "yes") == 0 || strcmp(line, "是") == 0;
}

/* Tell the voter that the ballot kept here is sent again, and why. */
static void ballot_say_resend(const struct ballot_kept *k)
{
	printf(TR("本机保存着您本轮已生成的选票（回执 %s）。选票一经生成不能更改：现重发这同一张"
		  "选票——若上次未收到服务器的答复，这样可确认服务器存的正是它；本次给出的选择不予"
		  "采用。\n",
		  "This terminal keeps the ballot you made for this round (receipt %s). A ballot "
		  "cannot be changed once made: that same ballot is sent again, so that if the "
		  "answer to the last try was lost you learn that the server holds exactly it; the "
		  "choice given now is not used.\n"),
	       k->receipt);
}

/* Send the ballot k and say how it went: cast now, already held by the
 * server (the same receipt: success too), or not. */
static int ballot_send(struct yg_conn *c, struct ballot_kept *k)
{
	char stored[VOTE_HASH_TEXT_LEN + 1];
	cJSON *res = NULL;
	int rc = conn_call(c, "vote.cast", k->args, &res);

	k->args = NULL;
	if (rc == YG_EXIT_OK)
		printf(TR("已投票（第 %lld 轮，已投 %lld/%lld）\n",
			  "ballot cast (round %lld, %lld of %lld cast)\n"),
		       json_int(res, "round"), json_int(res, "cast"), json_int(res, "eligible"));
	else if (ballot_keep_already_in(c->err_code, c->err_message, k->receipt, stored)) {
		printf("%s\n", TR("服务器已存有这张选票，与本机保存的一致；无需再投",
				  "the server already holds this very ballot, the one kept here; "
				  "nothing more to do"));
		rc = YG_EXIT_OK;
	} else {
		conn_print_error(c);
		if (stored[0] != '\0')
			fprintf(stderr,
				TR("yg: 服务器存的是您本轮的另一张选票（回执 %s），不是本机保存的"
				   "这张（回执 %s）\n",
				   "yg: the server holds another ballot of yours for this "
				   "round (receipt %s), not the one kept here (receipt %s)\n"),
				stored, k->receipt);
		else if (rc == YG_EXIT_CONNECT)
			fprintf(stderr,
				TR("yg: 选票已保存在 %s；再次运行 yg vote cast 会重发同一张选票并"
				   "取得其回执\n",
				   "yg: the ballot is kept in %s; yg vote cast again sends the "
				   "same ballot and gets its receipt\n"),
				k->path);
		cJSON_Delete(res);
		return rc;
	}
	printf(TR("您的选票回执：%s\n请保存回执；结果公布后可用 yg verify 记录文件 --receipt 回执 "
		  "核对您的选票在记录中。\n",
		  "your receipt: %s\nKeep it; check it later with yg verify RECORD --receipt "
		  "RECEIPT.\n"),
	       rc == YG_EXIT_OK && res != NULL ? json_str(res, "receipt") : k->receipt);
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

/* Say why the ballot could not be made ready; the exit code. */
static int ballot_keep_failed(enum ballot_keep_rc why, const struct ballot_kept *k)
{
	if (why == BK_KEEP_FAIL)
		fprintf(stderr,
			TR("yg: 无法保存选票到 %s（%s）；未投票\n",
			   "yg: cannot keep the ballot in %s (%s); not cast\n"),
			k->path, strerror(errno));
	else if (why == BK_KEPT_BAD)
		fprintf(stderr,
			TR("yg: 本机保存的选票 %s 无法使用（可被他人读取、已损坏或不属于本轮）；"
			   "未投票\n",
			   "yg: the ballot kept in %s cannot be used (readable by others, "
			   "damaged, or not of this round); not cast\n"),
			k->path);
	return why == BK_MAKE_FAIL || why == BK_KEEP_FAIL || why == BK_KEPT_BAD ? YG_EXIT_REFUSED
										: YG_EXIT_OK;
}

/* Make, keep, confirm: the new ballot for the choice text; YG_EXIT_OK
 * with k ready to send. */
static int ballot_new(const struct yg_opts *opts, const cJSON *st, long long me, const char *text,
		      int yes, struct ballot_kept *k)
{
	unsigned char choices[BALLOT_MAX_OPTIONS];
	enum ballot_keep_rc got;
	char why[512];
	EVP_PKEY *key;

	if (keycheck_vote(opts, st, why, sizeof(why)) != 0) {
		fprintf(stderr, "yg: %s%s\n",
			TR("选举公钥未通过本机核验，拒绝加密选票，未投票：",
			   "the election key fails this terminal's check; no ballot is encrypted "
			   "to it, nothing is cast: "),
			why);
		return YG_EXIT_REFUSED;
	}
	if (ballot_choices(cJSON_GetObjectItem(st, "question"), text, choices) != 0) {
		fprintf(stderr, "yg: %s: %s\n",
			TR("选择无效（同意、不同意或弃权；差额选举填候选人序号，用逗号分隔，不超过"
			   "名额）",
			   "not a valid choice (yes, no or abstain; on a cadre vote candidate "
			   "numbers, comma-separated, at most the seats)"),
			text);
		return YG_EXIT_USAGE;
	}
	if (!yes && (!isatty(0) || !ballot_confirm(cJSON_GetObjectItem(st, "question"), choices))) {
		fprintf(stderr, "yg: %s\n",
			TR("未投票（脚本中请加 --yes 确认）",
			   "not cast (scripts confirm with --yes)"));
		return YG_EXIT_REFUSED;
	}
	if ((key = conn_load_key(opts)) == NULL)
		return YG_EXIT_REFUSED;
	got = ballot_keep_new(opts, st, me, key, choices, k);
	memset(choices, 0, sizeof(choices));
	EVP_PKEY_free(key);
	if (got == BK_RESEND)
		ballot_say_resend(k);
	return ballot_keep_failed(got, k);
}

static int vote_cast_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[3] = {NULL, NULL, NULL};
	int yes = cmd_take_flag(&argc, argv, "--yes"), found;
	cJSON *args = NULL, *st = NULL, *who = NULL;
	struct ballot_kept k = {0};
	struct yg_conn c;
	long long me;
	int rc = cmd_parse(&cmd_vote_cast, argc, argv, NULL, pos, 3);

	if (rc != YG_EXIT_OK || (rc = ballot_entry(&cmd_vote_cast, pos, &args)) != YG_EXIT_OK)
		return rc;
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	if ((rc = conn_call_print(&c, "vote.status", args, &st)) != YG_EXIT_OK ||
	    (rc = conn_call_print(&c, "auth.whoami", NULL, &who)) != YG_EXIT_OK)
		goto out;
	me = json_int(who, "id");
	rc = YG_EXIT_REFUSED;
	if (strcmp(json_str(st, "state"), "open") != 0) {
		fprintf(stderr, "yg: %s\n",
			TR("此议题现在没有进行中的投票", "no vote is open on this item"));
		goto out;
	}
	if (!cJSON_IsTrue(cJSON_GetObjectItem(st, "you_eligible"))) {
		fprintf(stderr, "yg: %s\n",
			TR("您不在本轮可投票人员之内（缺席或回避）",
			   "you may not vote in this round (absent or recused)"));
		goto out;
	}
	/* a ballot kept from an earlier try is sent again, whatever is chosen now */
	if ((found = ballot_keep_find(opts, st, me, &k)) > 0)
		ballot_say_resend(&k);
	else if (found < 0)
		rc = ballot_keep_failed(BK_KEPT_BAD, &k);
	else
		rc = ballot_new(opts, st, me, pos[2], yes, &k);
	if (k.args != NULL && (found > 0 || rc == YG_EXIT_OK))
		rc = ballot_send(&c, &k);
out:
	cJSON_Delete(k.args);
	cJSON_Delete(st);
	cJSON_Delete(who);
	conn_close(&c);
	return rc;
}

const struct cmd_entry cmd_vote_open = {
	.name = "vote open",
	.usage = "MEETING_ID ITEM_ID",
	.summary_zh = "开始表决（主持议题者或主持人；讨论须已结束，到会须达法定人数）",
	.summary_en = "open the secret ballot on an item whose discussion is closed",
	.exec = vote_open_exec,
};

const struct cmd_entry cmd_vote_void = {
	.name = "vote void",
	.usage = "MEETING_ID ITEM_ID ROUND --reason TEXT",
	.summary_zh =
		"监票人无法解密时，会议主持人作废该轮表决（须说明理由），重新生成密钥后再表决",
	.summary_en = "void a round the scrutineers cannot decrypt (whoever presides; with the "
		      "reason); vote again after new keys",
	.exec = vote_void_exec,
};

const struct cmd_entry cmd_vote_close = {
	.name = "vote close",
	.usage = "MEETING_ID ITEM_ID",
	.summary_zh = "结束投票；监票人随后解密计票",
	.summary_en = "close the voting; the scrutineers then decrypt the count",
	.exec = vote_close_exec,
};

const struct cmd_entry cmd_vote_status = {
	.name = "vote status",
	.usage = "MEETING_ID ITEM_ID",
	.summary_zh = "表决进度（已投/可投人数，不显示谁投了什么）、等待解密的监票人、宣布的结果",
	.summary_en = "the vote's progress (never who voted what), awaited scrutineers, the result",
	.exec = vote_status_exec,
};

const struct cmd_entry cmd_vote_cast = {
	.name = "vote cast",
	.usage = "MEETING_ID ITEM_ID 同意|不同意|弃权|N,N...|none [--yes]",
	.summary_zh = "无记名投票：在本机加密、证明并签名选票，显示回执（差额选举填候选人序号）",
	.summary_en = "cast a secret ballot, encrypted, proven and signed here; shows the receipt",
	.exec = vote_cast_exec,
};
