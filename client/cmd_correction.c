/* Corrections of the minutes, appended, never edits: yg minutes correct
 * (the clerk proposes the corrected text and the reason, signed with this
 * terminal's key) and yg minutes countersign (the presiding chair, or a
 * logged successor, reads the correction and signs it; then it is in
 * force). yg minutes show prints them beside the original. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "../proto/correction.h"
#include "../proto/sig.h"
#include "commands.h"
#include "i18n.h"

/* Sign the correction of the minutes in got (minutes.get) into text. */
static bool correction_sign(EVP_PKEY *key, const cJSON *got, const char *fix, const char *reason,
			    char text[SIG_TEXT_LEN + 1])
{
	unsigned char msg[CORRECTION_MSG_LEN], sig[SIG_LEN];
	size_t len = correction_message((uint64_t)json_int(got, "meeting"), json_str(got, "body"),
					fix, reason, msg);

	if (!sig_sign(key, msg, len, sig))
		return false;
	sig_to_text(sig, text);
	return true;
}

/* The correction numbered n of the minutes in got, or NULL. */
static const cJSON *correction_find(const cJSON *got, long long n)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(got, "corrections"))
		if (json_int(c, "n") == n)
			return c;
	return NULL;
}

/* Read the minutes, sign (the clerk: fix and reason; the chair: correction
 * n as proposed), send op. */
static int correction_send(const struct yg_opts *opts, long long meeting, long long n,
			   const char *fix, const char *reason)
{
	char sig[SIG_TEXT_LEN + 1];
	cJSON *args = cJSON_CreateObject(), *got = NULL, *res = NULL;
	const cJSON *c = NULL;
	EVP_PKEY *key;
	int rc;

	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	if ((rc = cmd_call(opts, 1, "minutes.get", args, &got)) != YG_EXIT_OK)
		return rc;
	if (n > 0 && (c = correction_find(got, n)) == NULL) {
		fprintf(stderr,
			TR("yg: 会议 %lld 的会议记录没有第 %lld 条更正\n",
			   "yg: the minutes of meeting %lld have no correction %lld\n"),
			meeting, n);
		cJSON_Delete(got);
		return YG_EXIT_REFUSED;
	}
	if (c != NULL) {
		fix = json_str(c, "text");
		reason = json_str(c, "reason");
		printf(TR("第 %lld 条更正（记录人 %s）：\n%s\n理由：%s\n",
			  "correction %lld (clerk %s):\n%s\nreason: %s\n"),
		       n, json_str(cJSON_GetObjectItem(c, "clerk"), "name"), fix, reason);
	}
	if ((key = conn_load_key(opts)) == NULL) {
		cJSON_Delete(got);
		return YG_EXIT_USAGE;
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	if (!correction_sign(key, got, fix, reason, sig)) {
		rc = YG_EXIT_REFUSED;
		cJSON_Delete(args);
	} else {
		if (n > 0)
			cJSON_AddNumberToObject(args, "correction", (double)n);
		else {
			cJSON_AddStringToObject(args, "text", fix);
			cJSON_AddStringToObject(args, "reason", reason);
		}
		cJSON_AddStringToObject(args, "signature", sig);
		rc = cmd_call(opts, 1, n > 0 ? "minutes.countersign" : "minutes.correct", args,
			      &res);
	}
	EVP_PKEY_free(key);
	cJSON_Delete(got);
	if (rc == YG_EXIT_OK)
		printf(n > 0 ? TR("已以主持人身份会签会议 %lld 的第 %lld 条更正，更正生效\n",
				  "co-signed correction %2$lld of meeting %1$lld as the chair; it "
				  "is in force\n")
			     : TR("已提出会议 %lld 的第 %lld 条更正，待主持人会签\n",
				  "proposed correction %2$lld of meeting %1$lld; the presiding "
				  "chair co-signs it next\n"),
		       meeting, json_int(res, "n"));
	cJSON_Delete(res);
	return rc;
}

static int correct_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *fix = NULL, *reason = NULL, *pos[1];
	const struct cmd_opt o[] = {{"--text", &fix, 1}, {"--reason", &reason, 1}, {NULL, NULL, 0}};
	long long meeting;
	int rc = cmd_parse(&cmd_minutes_correct, argc, argv, o, pos, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_minutes_correct, pos[0], 1, ID_MAX, &meeting)) != 0)
		return rc;
	return correction_send(opts, meeting, 0, fix, reason);
}

static int countersign_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	long long meeting, n;
	int rc = cmd_parse(&cmd_minutes_countersign, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_minutes_countersign, pos[0], 1, ID_MAX, &meeting)) != 0 ||
	    (rc = cmd_number(&cmd_minutes_countersign, pos[1], 1, 1000000, &n)) != 0)
		return rc;
	return correction_send(opts, meeting, n, NULL, NULL);
}

/* The corrections beside the minutes, for yg minutes show. */
void cmd_minutes_corrections(const cJSON *res)
{
	const cJSON *c, *list = cJSON_GetObjectItemCaseSensitive(res, "corrections");

	if (cJSON_GetArraySize(list) == 0)
		return;
	printf("\n%s\n",
	       TR("更正（追加记录，原文不变）", "corrections (appended; the original stands)"));
	cJSON_ArrayForEach(c, list) {
		const cJSON *chair = cJSON_GetObjectItemCaseSensitive(c, "chair");

		printf(TR("第 %lld 条：%s\n  理由：%s\n  记录人 %s 提出；%s\n",
			  "%lld: %s\n  reason: %s\n  proposed by the clerk %s; %s\n"),
		       json_int(c, "n"), json_str(c, "text"), json_str(c, "reason"),
		       json_str(cJSON_GetObjectItemCaseSensitive(c, "clerk"), "name"),
		       cJSON_IsObject(chair)
			       ? TR("主持人已会签，已生效", "co-signed by the chair, in force")
			       : TR("待主持人会签，尚未生效",
				    "awaiting the chair's co-signature, not in force"));
	}
}

const struct cmd_entry cmd_minutes_correct = {
	.name = "minutes correct",
	.usage = "MEETING_ID --text TEXT --reason WHY",
	.summary_zh = "记录人提出会议记录的更正（追加，原文不变），用本终端的密钥签名；"
		      "主持人会签后生效",
	.summary_en = "the clerk proposes a correction of the minutes (appended; the original "
		      "stands), signed with this terminal's key; in force once the chair co-signs",
	.exec = correct_exec,
};

const struct cmd_entry cmd_minutes_countersign = {
	.name = "minutes countersign",
	.usage = "MEETING_ID CORRECTION_NO",
	.summary_zh = "主持人（或经记录的接替者）会签记录人提出的更正，使其生效",
	.summary_en = "the presiding chair (or a logged successor) co-signs a correction the "
		      "clerk proposed, putting it in force",
	.exec = countersign_exec,
};
