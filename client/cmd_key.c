/* yg admin key rotate, yg admin key revoke, yg key history. */
#include <stdio.h>
#include <string.h>

#include "../proto/sig.h"
#include "commands.h"
#include "i18n.h"

static int key_rotate_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[2];
	unsigned char pub[SIG_PUB_LEN];
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_key_rotate, argc, argv, NULL, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_key_rotate, pos[0], 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	if (!sig_pub_from_text(pos[1], pub))
		return cmd_usage_error(
			&cmd_key_rotate,
			TR("KEY 须是 yg keygen 打印的公钥（ed25519:…）",
			   "KEY must be a public key as yg keygen prints it (ed25519:…)"));
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "member", (double)id);
	cJSON_AddStringToObject(args, "key", pos[1]);
	if ((rc = cmd_call(opts, 1, "key.rotate", args, &res)) == YG_EXIT_OK)
		printf(TR("已为成员 %lld（%s）更换密钥，旧密钥已失效\n",
			  "replaced the key of member %lld (%s); the old key no longer works\n"),
		       id, json_str(res, "name"));
	cJSON_Delete(res);
	return rc;
}

static int key_revoke_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text, *reason = NULL;
	const struct cmd_opt o[] = {{"--reason", &reason, 0}, {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_key_revoke, argc, argv, o, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_key_revoke, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "member", (double)id);
	if (reason != NULL)
		cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "key.revoke", args, &res)) == YG_EXIT_OK)
		printf(TR("已吊销成员 %lld（%s）的密钥；登记新公钥请用 yg admin key rotate\n",
			  "revoked the key of member %lld (%s); register a new one with yg admin "
			  "key rotate\n"),
		       id, json_str(res, "name"));
	cJSON_Delete(res);
	return rc;
}

/* Why a key stopped being valid, for people. */
static const char *key_end_reason(const char *reason)
{
	if (strcmp(reason, "rotated") == 0)
		return TR("已更换", "replaced");
	if (strcmp(reason, "revoked") == 0)
		return TR("已吊销", "revoked");
	return reason[0] != '\0' ? reason : TR("有效", "valid");
}

/* The table of a member's keys, oldest first. */
static void key_print_history(const cJSON *res)
{
	struct rows t = {.ncols = 4};
	const cJSON *k;
	char from[64], until[64];

	rows_add(&t, TR("公钥", "key"));
	rows_add(&t, TR("启用", "from"));
	rows_add(&t, TR("停用", "until"));
	rows_add(&t, TR("状态", "state"));
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(res, "keys")) {
		time_text(json_str(k, "valid_from"), from, sizeof(from));
		time_text(json_str(k, "valid_until"), until, sizeof(until));
		rows_add(&t, json_str(k, "key"));
		rows_add(&t, from);
		rows_add(&t, until[0] != '\0' ? until : "-");
		rows_add(&t, key_end_reason(json_str(k, "end_reason")));
	}
	rows_print(&t);
}

static int key_history_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text;
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_key_history, argc, argv, NULL, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_key_history, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "member", (double)id);
	if ((rc = cmd_call(opts, 1, "key.history", args, &res)) == YG_EXIT_OK)
		key_print_history(res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_key_rotate = {
	.name = "admin key rotate",
	.usage = "MEMBER_ID PUBLIC_KEY",
	.summary_zh = "为成员换用新公钥，旧密钥立即失效",
	.summary_en = "replace a member's key; the old one stops working at once",
	.exec = key_rotate_exec,
};

const struct cmd_entry cmd_key_revoke = {
	.name = "admin key revoke",
	.usage = "MEMBER_ID [--reason TEXT]",
	.summary_zh = "吊销成员的密钥（如丢失），之后无法登录",
	.summary_en = "revoke a member's key (if lost, say); they cannot log in after",
	.exec = key_revoke_exec,
};

const struct cmd_entry cmd_key_history = {
	.name = "key history",
	.usage = "MEMBER_ID",
	.summary_zh = "成员用过的每个公钥及其有效期（管理员、纪委）",
	.summary_en = "every key a member has held and when it was valid (admin, auditor)",
	.exec = key_history_exec,
};
