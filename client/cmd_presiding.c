/* yg meeting succeed: name a successor to a meeting's presiding chair (or
 * to whoever presides over one item) when that chair is unavailable. The
 * act is signed here with this terminal's key (proto/presiding.h) and
 * logged in the meeting's log; the successor then signs the minutes as
 * 主持人 and reviews the meeting's decisions. An admin or the presiding
 * chair may name one. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "../proto/presiding.h"
#include "../proto/sig.h"
#include "commands.h"
#include "i18n.h"

/* The succession's arguments, signed with key. */
static cJSON *succeed_args(EVP_PKEY *key, long long meeting, long long item, long long member,
			   const char *reason)
{
	unsigned char msg[SUCCESSION_MSG_LEN], sig[SIG_LEN];
	char text[SIG_TEXT_LEN + 1];
	size_t len = presiding_succession_message((uint64_t)meeting, (uint64_t)item,
						  (uint64_t)member, reason, msg);
	cJSON *args;

	if (!sig_sign(key, msg, len, sig))
		return NULL;
	sig_to_text(sig, text);
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	if (item > 0)
		cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddNumberToObject(args, "member", (double)member);
	cJSON_AddStringToObject(args, "reason", reason);
	cJSON_AddStringToObject(args, "signature", text);
	return args;
}

static int succeed_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *reason = NULL, *item_text = NULL, *pos[2];
	const struct cmd_opt o[] = {
		{"--reason", &reason, 1}, {"--item", &item_text, 0}, {NULL, NULL, 0}};
	long long meeting, member, item = 0;
	cJSON *args, *res = NULL;
	EVP_PKEY *key;
	int rc = cmd_parse(&cmd_meeting_succeed, argc, argv, o, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_meeting_succeed, pos[0], 1, ID_MAX, &meeting)) != 0 ||
	    (rc = cmd_number(&cmd_meeting_succeed, pos[1], 1, ID_MAX, &member)) != 0 ||
	    (item_text != NULL &&
	     (rc = cmd_number(&cmd_meeting_succeed, item_text, 1, ID_MAX, &item)) != 0))
		return rc;
	if ((key = conn_load_key(opts)) == NULL)
		return YG_EXIT_USAGE;
	args = succeed_args(key, meeting, item, member, reason);
	EVP_PKEY_free(key);
	if (args == NULL) {
		fprintf(stderr, "yg: %s\n", TR("无法签名", "cannot sign"));
		return YG_EXIT_REFUSED;
	}
	if ((rc = cmd_call(opts, 1, "presiding.succeed", args, &res)) != 0)
		return rc;
	printf(TR("会议 %lld%s：%s（委员 %lld）接替委员 %lld 行使主持人职权，已签名记入会议日志第 "
		  "%lld 条\n",
		  "meeting %lld%s: %s (member %lld) succeeds member %lld as presiding chair; "
		  "signed and logged as entry %lld\n"),
	       meeting, item > 0 ? TR("（单个议题）", " (one item)") : "", json_str(res, "name"),
	       json_int(res, "successor"), json_int(res, "predecessor"), json_int(res, "log_seq"));
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

const struct cmd_entry cmd_meeting_succeed = {
	.name = "meeting succeed",
	.op = "presiding.succeed",
	.usage = "MEETING_ID MEMBER_ID --reason TEXT [--item ITEM_ID]",
	.summary_zh = "主持人不能履职时，指定接替者行使本次会议（或某一议题）的主持人职权："
		      "签署会议记录、保密审查和更正决策公开；由管理员或主持人签名并记入会议日志",
	.summary_en = "name a successor to a meeting's (or one item's) presiding chair who is "
		      "unavailable: signs the minutes, reviews and corrects publication; signed by "
		      "an admin or the presiding chair and logged",
	.exec = succeed_exec,
};
