/* yg member list, yg admin member add, yg admin member update. */
#include <stdio.h>
#include <string.h>

#include "../proto/roles.h"
#include "../proto/sig.h"
#include "commands.h"
#include "i18n.h"

/* "chair,member" as a JSON array of role names; NULL if a name is not a
 * committee role or comes twice, or there is none. */
static cJSON *member_roles(const char *text)
{
	cJSON *a = cJSON_CreateArray();
	char buf[256], *tok, *save = NULL;
	unsigned seen = 0, r;

	if (strlen(text) >= sizeof(buf))
		goto bad;
	strcpy(buf, text);
	for (tok = strtok_r(buf, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
		r = role_from_name(tok);
		if (!(r & ROLES_COMMITTEE) || (seen & r))
			goto bad;
		seen |= r;
		cJSON_AddItemToArray(a, cJSON_CreateString(tok));
	}
	if (seen != 0)
		return a;
bad:
	cJSON_Delete(a);
	return NULL;
}

/* Complain about --roles; the usage exit code. */
static int member_bad_roles(const struct cmd_entry *cmd)
{
	return cmd_usage_error(cmd,
			       TR("--roles 须是逗号分隔、互不重复的 admin、chair、member、"
				  "clerk、auditor",
				  "--roles must be distinct, comma-separated names among admin, "
				  "chair, member, clerk, auditor"));
}

/* The heading of a table of members. */
static void member_heading(struct rows *t)
{
	rows_add(t, TR("编号", "id"));
	rows_add(t, TR("姓名", "name"));
	rows_add(t, TR("职务", "title"));
	rows_add(t, TR("角色", "roles"));
	rows_add(t, TR("状态", "status"));
	rows_add(t, TR("公钥", "key"));
}

/* One member as a row: the key shortened to its first characters. */
static void member_row(struct rows *t, const cJSON *m)
{
	const cJSON *r;
	const char *key = json_str(m, "key");
	char roles[128] = "";

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(m, "roles")) {
		if (cJSON_IsString(r))
			snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles), "%s%s",
				 roles[0] != '\0' ? TR("、", ",") : "",
				 code_label("role", r->valuestring));
	}
	rows_addf(t, "%lld", json_int(m, "id"));
	rows_add(t, json_str(m, "name"));
	rows_add(t, json_str(m, "title"));
	rows_add(t, roles);
	rows_add(t, code_label("member", json_str(m, "status")));
	if (strlen(key) > 16)
		rows_addf(t, "%.16s…", key);
	else
		rows_add(t, key[0] != '\0' ? key : TR("（无）", "(none)"));
}

/* Print the member a change returned, under a line saying what happened. */
static void member_print_one(const char *what, const cJSON *m)
{
	struct rows t = {.ncols = 6};

	printf(what, json_int(m, "id"));
	putchar('\n');
	member_heading(&t);
	member_row(&t, m);
	rows_print(&t);
}

static int member_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct rows t = {.ncols = 6};
	const cJSON *m;
	cJSON *res = NULL;
	int rc = cmd_parse(&cmd_member_list, argc, argv, NULL, NULL, 0);

	if (rc != YG_EXIT_OK || (rc = cmd_call(opts, 1, "member.list", NULL, &res)) != YG_EXIT_OK)
		return rc;
	member_heading(&t);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "members")) {
		member_row(&t, m);
	}
	rows_print(&t);
	cJSON_Delete(res);
	return rc;
}

static int member_add_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *name = NULL, *title = NULL, *roles = NULL, *key = NULL;
	const struct cmd_opt o[] = {{"--name", &name, 1},
				    {"--title", &title, 0},
				    {"--roles", &roles, 1},
				    {"--key", &key, 1},
				    {NULL, NULL, 0}};
	unsigned char pub[SIG_PUB_LEN];
	cJSON *args, *r, *res = NULL;
	int rc = cmd_parse(&cmd_member_add, argc, argv, o, NULL, 0);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((r = member_roles(roles)) == NULL)
		return member_bad_roles(&cmd_member_add);
	if (!sig_pub_from_text(key, pub)) {
		cJSON_Delete(r);
		return cmd_usage_error(&cmd_member_add,
				       TR("--key 须是 yg keygen 打印的公钥（ed25519:…）",
					  "--key must be a public key as yg keygen prints it "
					  "(ed25519:…)"));
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "name", name);
	if (title != NULL)
		cJSON_AddStringToObject(args, "title", title);
	cJSON_AddItemToObject(args, "roles", r);
	cJSON_AddStringToObject(args, "key", key);
	if ((rc = cmd_call(opts, 1, "member.add", args, &res)) == YG_EXIT_OK)
		member_print_one(TR("已登记成员 %lld", "added member %lld"), res);
	cJSON_Delete(res);
	return rc;
}

/* The arguments of member.update from the command's options, or NULL after
 * complaining (*rc then holds the exit code). */
static cJSON *member_update_args(long long id, const char *const v[4], int *rc)
{
	static const char *const statuses[] = {"active", "suspended", "removed"};
	cJSON *args, *r = NULL;

	*rc = YG_EXIT_USAGE;
	if (v[0] == NULL && v[1] == NULL && v[2] == NULL && v[3] == NULL) {
		cmd_usage_error(&cmd_member_update, TR("没有要修改的内容", "nothing to change"));
		return NULL;
	}
	if (v[2] != NULL && (r = member_roles(v[2])) == NULL) {
		member_bad_roles(&cmd_member_update);
		return NULL;
	}
	if (v[3] != NULL && strcmp(v[3], statuses[0]) != 0 && strcmp(v[3], statuses[1]) != 0 &&
	    strcmp(v[3], statuses[2]) != 0) {
		cJSON_Delete(r);
		cmd_usage_error(&cmd_member_update,
				TR("--status 须是 active、suspended 或 removed",
				   "--status must be active, suspended or removed"));
		return NULL;
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)id);
	if (v[0] != NULL)
		cJSON_AddStringToObject(args, "name", v[0]);
	if (v[1] != NULL)
		cJSON_AddStringToObject(args, "title", v[1]);
	if (r != NULL)
		cJSON_AddItemToObject(args, "roles", r);
	if (v[3] != NULL)
		cJSON_AddStringToObject(args, "status", v[3]);
	*rc = YG_EXIT_OK;
	return args;
}

static int member_update_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *v[4] = {NULL, NULL, NULL, NULL}, *id_text;
	const struct cmd_opt o[] = {{"--name", &v[0], 0},
				    {"--title", &v[1], 0},
				    {"--roles", &v[2], 0},
				    {"--status", &v[3], 0},
				    {NULL, NULL, 0}};
	cJSON *args, *res = NULL;
	long long id;
	int rc = cmd_parse(&cmd_member_update, argc, argv, o, &id_text, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_member_update, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK ||
	    (args = member_update_args(id, v, &rc)) == NULL)
		return rc;
	if ((rc = cmd_call(opts, 1, "member.update", args, &res)) == YG_EXIT_OK)
		member_print_one(TR("已更新成员 %lld", "updated member %lld"), res);
	cJSON_Delete(res);
	return rc;
}

const struct cmd_entry cmd_member_list = {
	.name = "member list",
	.usage = "",
	.summary_zh = "列出本委员会的成员、职务、角色、状态和公钥",
	.summary_en = "list the committee's members, titles, roles, status and keys",
	.exec = member_list_exec,
};

const struct cmd_entry cmd_member_add = {
	.name = "admin member add",
	.usage = "--name NAME --roles ROLE[,ROLE...] [--title TITLE] --key PUBLIC_KEY",
	.summary_zh = "登记成员及其公钥；角色取 admin、chair、member、clerk、auditor",
	.summary_en = "register a member and their public key; roles among admin, chair, member, "
		      "clerk, auditor",
	.exec = member_add_exec,
};

const struct cmd_entry cmd_member_update = {
	.name = "admin member update",
	.usage = "MEMBER_ID [--name NAME] [--title TITLE] [--roles ROLE,...] "
		 "[--status active|suspended|removed]",
	.summary_zh = "修改成员的姓名、职务、角色或状态",
	.summary_en = "change a member's name, title, roles or status",
	.exec = member_update_exec,
};
