/* yg ping: measure the round trip to the server (and its database). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "i18n.h"

/* Milliseconds since an arbitrary start. */
static double ping_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* One ping; prints its line and gives its round trip in *ms. */
static int ping_once(struct yg_conn *c, bool db, double *ms)
{
	cJSON *args = cJSON_CreateObject(), *res = NULL;
	const cJSON *dbms;
	double t0 = ping_now_ms();
	int rc;

	if (db)
		cJSON_AddBoolToObject(args, "db", 1);
	rc = conn_call(c, "ping", args, &res);
	*ms = ping_now_ms() - t0;
	if (rc != YG_EXIT_OK) {
		conn_print_error(c);
		return rc;
	}
	dbms = cJSON_GetObjectItemCaseSensitive(res, "db_ms");
	if (cJSON_IsNumber(dbms))
		printf(msg(M_PONG_DB), c->opts->server, *ms, dbms->valuedouble, c->server_version,
		       c->proto_version);
	else
		printf(msg(M_PONG), c->opts->server, *ms, c->server_version, c->proto_version);
	putchar('\n');
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

static int ping_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct yg_conn c;
	bool db = false;
	int count = 1, i, rc;
	double ms, min = 1e9, max = 0, sum = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0)
			db = true;
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc &&
			 (count = atoi(argv[++i])) >= 1 && count <= 100000)
			continue;
		else
			return cmd_usage_error(&cmd_ping, argv[i]);
	}
	rc = conn_open(&c, opts);
	if (rc != YG_EXIT_OK)
		return rc;
	for (i = 0; i < count && rc == YG_EXIT_OK; i++) {
		rc = ping_once(&c, db, &ms);
		min = ms < min ? ms : min;
		max = ms > max ? ms : max;
		sum += ms;
	}
	if (rc == YG_EXIT_OK && count > 1) {
		printf(msg(M_PING_SUMMARY), count, min, sum / count, max);
		putchar('\n');
	}
	conn_close(&c);
	return rc;
}

const struct cmd_entry cmd_ping = {
	.name = "ping",
	.usage = "[--db] [--count N]",
	.summary_zh = "测试与服务器的连接（--db 同时测试数据库）",
	.summary_en = "check the connection to the server (--db: and its database)",
	.exec = ping_exec,
};
