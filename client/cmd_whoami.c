/* yg whoami: log in and show who the server takes us for. */
#include <stdio.h>

#include "commands.h"
#include "i18n.h"

/* A member of obj as a string, "" if absent. */
static const char *whoami_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static int whoami_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct yg_conn c;
	cJSON *res = NULL;
	const cJSON *r;
	int rc;

	if (argc > 1)
		return cmd_usage_error(&cmd_whoami, argv[1]);
	rc = conn_session(&c, opts, 1);
	if (rc != YG_EXIT_OK)
		return rc;
	rc = conn_call_print(&c, "auth.whoami", NULL, &res);
	if (rc == YG_EXIT_OK) {
		printf("%s %s（%s）\n", TR("姓名：", "name:     "), whoami_str(res, "name"),
		       whoami_str(res, "title"));
		printf("%s %s\n", TR("委员会：", "committee:"), whoami_str(res, "committee_name"));
		printf("%s", TR("角色：  ", "roles:    "));
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(res, "roles"))
			printf(" %s", cJSON_IsString(r) ? code_label("role", r->valuestring) : "?");
		putchar('\n');
	}
	cJSON_Delete(res);
	conn_close(&c);
	return rc;
}

const struct cmd_entry cmd_whoami = {
	.name = "whoami",
	.op = "auth.whoami",
	.usage = "",
	.summary_zh = "登录并显示本人身份和角色",
	.summary_en = "log in and show who you are and your roles",
	.exec = whoami_exec,
};
