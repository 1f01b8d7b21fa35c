/* yg info: the server's versions, load and database state. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"

/* A member of obj as a string, "" if absent. */
static const char *info_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* A member of obj as a number, 0 if absent. */
static double info_num(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Print one message line. */
static void info_line(enum msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	vprintf(msg(id), ap);
	va_end(ap);
	putchar('\n');
}

static int info_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct yg_conn c;
	cJSON *res = NULL;
	const cJSON *db;
	int rc;

	if (argc > 1)
		return cmd_usage_error(&cmd_info, argv[1]);
	rc = conn_open(&c, opts);
	if (rc != YG_EXIT_OK)
		return rc;
	rc = conn_call(&c, "server.info", NULL, &res);
	if (rc != YG_EXIT_OK) {
		conn_print_error(&c);
		conn_close(&c);
		return rc;
	}
	db = cJSON_GetObjectItemCaseSensitive(res, "db");
	info_line(M_INFO_SERVER, info_str(res, "server"), info_str(res, "version"),
		  (int)info_num(res, "protocol"));
	info_line(M_INFO_UPTIME, info_num(res, "uptime_s"));
	info_line(M_INFO_CLIENTS, info_num(res, "clients"));
	info_line(M_INFO_DB,
		  msg(strcmp(info_str(db, "state"), "available") == 0 ? M_INFO_DB_AVAILABLE
								      : M_INFO_DB_UNAVAILABLE),
		  info_str(db, "server_version"));
	info_line(M_INFO_SCHEMA, info_num(db, "schema_version"));
	info_line(M_INFO_FINGERPRINT, info_str(res, "fingerprint"));
	info_line(M_INFO_SIGN_KEY, info_str(res, "sign_key"));
	cJSON_Delete(res);
	conn_close(&c);
	return YG_EXIT_OK;
}

const struct cmd_entry cmd_info = {
	.name = "info",
	.op = "server.info",
	.usage = "",
	.summary_zh = "显示服务器版本、连接数和数据库状态",
	.summary_en = "show the server's version, connections and database state",
	.exec = info_exec,
};
