/* yg verify FILE: check a meeting record (meeting.record, `yg meeting
 * record`) or a bare log export offline, with no server: the hash chain, the
 * minutes against the log, the signatures of the chair and the clerk. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/logchain.h"
#include "../proto/election.h"
#include "../proto/record.h"
#include "../proto/record_actors.h"
#include "../proto/strictjson.h"
#include "../proto/vote.h"
#include "../proto/xalloc.h"
#include "commands.h"
#include "pinned_key.h"
#include "i18n.h"

/* The whole file and its length, or NULL. */
static char *verify_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = xmalloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* A bare log: only the chain can be checked. */
static int verify_log(const cJSON *doc)
{
	char why[256], words[1024];
	long bad = logchain_verify(doc, why, sizeof(why));

	printf("%s %s\n", bad == -1 ? TR("通过：", "ok:") : TR("不通过：", "FAIL:"),
	       finding_text(why, words, sizeof(words)));
	return bad == -1 ? YG_EXIT_OK : YG_EXIT_REFUSED;
}

/* A trial committee's (试用) titles carry the mark: an election record's,
 * signed in the tally's question, and a meeting's, in its log and its
 * signed minutes. Say so, so that no trial record passes for a real one. */
static void verify_trial_note(const cJSON *doc)
{
	const char *title = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "title"));
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "minutes");
	const char *body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "body"));
	cJSON *minutes = title == NULL && body != NULL ? cJSON_Parse(body) : NULL;

	if (minutes != NULL)
		title = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(minutes, "title"));
	if (title != NULL && strncmp(title, "【试用】", strlen("【试用】")) == 0)
		printf("%s\n", TR("注意：这是试用委员会的记录（试用），其结果不是真实决策。",
				  "note: this is a trial committee's record (试用); its result is "
				  "not a real decision."));
	cJSON_Delete(minutes);
}

/* A whole record: every finding, one a line; who did what is checked
 * against the pinned server key when one is given. */
static int verify_record(const cJSON *doc, const char *pinned_text)
{
	unsigned char pinned[SIG_PUB_LEN];
	struct record_report rep;
	char why[256];
	int i;

	if (pinned_text != NULL &&
	    pinned_key_load(pinned_text, NULL, pinned, why, sizeof(why)) != 0) {
		fprintf(stderr, "yg: --server-key %s: %s\n", pinned_text, why);
		return YG_EXIT_USAGE;
	}
	record_verify(doc, &rep);
	record_actors_verify(doc, pinned_text != NULL ? pinned : NULL, &rep);
	rep.ok = rep.nfail == 0;
	for (i = 0; i < rep.nlines; i++) {
		bool ok = strncmp(rep.lines[i], "ok: ", 4) == 0;
		char words[1024];

		printf("%s %s\n", ok ? TR("通过：", "ok:") : TR("不通过：", "FAIL:"),
		       finding_text(rep.lines[i] + (ok ? 4 : 6), words, sizeof(words)));
	}
	verify_trial_note(doc);
	printf("%s\n", rep.ok ? TR("记录完整，未被篡改。", "The record is complete and unaltered.")
			      : TR("记录未通过验证。", "The record does NOT verify."));
	return rep.ok ? YG_EXIT_OK : YG_EXIT_REFUSED;
}

/* An election record (VOTE.md §8): every check, one a line; with a
 * receipt, whether that ballot is in it. */
static int verify_election(const cJSON *doc, const char *pinned_text, const char *receipt)
{
	unsigned char pinned[SIG_PUB_LEN];
	char why[256], pinned_shown[SIG_PUB_TEXT_LEN + 1];
	struct election_report rep;
	uint64_t voter = 0, round;
	int i;

	if (pinned_text != NULL &&
	    pinned_key_load(
		    pinned_text,
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "server_key")),
		    pinned, why, sizeof(why)) != 0) {
		fprintf(stderr, "yg: --server-key %s: %s\n", pinned_text, why);
		return YG_EXIT_USAGE;
	}
	election_verify(doc, pinned_text != NULL ? pinned : NULL, &rep);
	for (i = 0; i < rep.nlines; i++) {
		bool ok = strncmp(rep.lines[i], "ok: ", 4) == 0;
		char words[1024];

		printf("%s %s\n", ok ? TR("通过：", "ok:") : TR("不通过：", "FAIL:"),
		       finding_text(
			       rep.lines[i] +
				       (ok ? 4 : (strncmp(rep.lines[i], "FAIL: ", 6) == 0 ? 6 : 0)),
			       words, sizeof(words)));
	}
	if (pinned_text != NULL) {
		sig_pub_to_text(pinned, pinned_shown);
		printf("%s %s\n", TR("验证所信任的服务器公钥：", "the server key trusted:"),
		       pinned_shown);
	} else {
		printf("%s\n",
		       TR("不通过：未指定信任的服务器公钥，签名无从核对（用 --server-key 指定公钥、"
			  "JWK 或 JWKS 文件）",
			  "FAIL: no server key pinned, so no signature can be trusted (give "
			  "--server-key with a key, a JWK or a JWKS file)"));
	}
	verify_trial_note(doc);
	printf("%s\n", rep.ok ? TR("选举记录完整，计票与选票一致。",
				   "The election record is complete and the count is the ballots'.")
			      : TR("选举记录未通过验证。", "The election record does NOT verify."));
	if (receipt == NULL)
		return rep.ok ? YG_EXIT_OK : YG_EXIT_REFUSED;
	round = election_find_receipt(doc, receipt, &voter);
	if (round == 0) {
		printf("%s %s\n", TR("记录中没有回执为此的选票：", "no ballot with the receipt"),
		       receipt);
		return YG_EXIT_REFUSED;
	}
	printf(TR("回执 %s 的选票在记录中（第 %llu 轮，委员 %llu）\n",
		  "the ballot with receipt %s is in the record (round %llu, member %llu)\n"),
	       receipt, (unsigned long long)round, (unsigned long long)voter);
	return rep.ok ? YG_EXIT_OK : YG_EXIT_REFUSED;
}

static int verify_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *format, *pos[1] = {NULL}, *receipt = NULL, *server_key = NULL;
	const struct cmd_opt options[] = {
		{"--receipt", &receipt, 0}, {"--server-key", &server_key, 0}, {NULL, NULL, 0}};
	char *text, why[256];
	size_t len = 0;
	cJSON *doc;
	int rc;

	(void)opts;
	if ((rc = cmd_parse(&cmd_verify, argc, argv, options, pos, 1)) != YG_EXIT_OK)
		return rc;
	text = verify_slurp(pos[0], &len);
	if (text == NULL) {
		fprintf(stderr, "yg: %s: %s\n", pos[0], TR("无法读取", "cannot be read"));
		return YG_EXIT_USAGE;
	}
	/* One reading for every reader: a record that could be read two ways
	 * (a member twice, a number written oddly, something after it) fails. */
	doc = strictjson_parse(text, len, STRICTJSON_INTEGERS, why, sizeof(why));
	free(text);
	if (doc == NULL) {
		printf("%s %s\n",
		       TR("不通过：记录不是严格的 JSON：", "FAIL: the record is not strict JSON:"),
		       why);
		return YG_EXIT_REFUSED;
	}
	format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "format"));
	if (format != NULL && strcmp(format, LOGCHAIN_FORMAT) == 0)
		rc = verify_log(doc);
	else if (format != NULL && (strcmp(format, VOTE_RECORD_FORMAT) == 0 ||
				    strcmp(format, VOTE_RECORD_FORMAT_OLD) == 0 ||
				    strcmp(format, VOTE_RECORD_FORMAT_V2) == 0))
		rc = verify_election(doc, server_key, receipt);
	else
		rc = verify_record(doc, server_key);
	cJSON_Delete(doc);
	return rc;
}

const struct cmd_entry cmd_verify = {
	.name = "verify",
	.op = CMD_LOCAL,
	.usage = "FILE [--receipt RECEIPT] [--server-key ed25519:...|JWKS-FILE]",
	.summary_zh =
		"离线验证会议记录（哈希链、会议记录与日志一致、签名）或选举记录（每张选票的证明和"
		"签名、解密证明、计票、结果、计票签名；--receipt 核对本人选票在内），无需服务器",
	.summary_en =
		"verify offline a meeting record (chain, minutes, signatures) or an election "
		"record (every ballot, decryption, count, outcome, the signed tally; --receipt: "
		"is my ballot in it)",
	.exec = verify_exec,
};
