/* server.info: versions, uptime, load and the database's state. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../proto/version.h"
#include "../client.h"
#include "../db_listen.h"
#include "../db_pool.h"
#include "ops.h"

/* Everything but the schema version, which needs a query. */
static cJSON *info_result(struct server *srv)
{
	cJSON *res = cJSON_CreateObject(), *db = cJSON_CreateObject();
	int v = db_pool_server_version(srv->db);
	char pgver[32] = "";

	cJSON_AddStringToObject(res, "server", "ygd");
	cJSON_AddStringToObject(res, "version", YG_VERSION);
	cJSON_AddNumberToObject(res, "protocol", YG_PROTO_VERSION);
	cJSON_AddNumberToObject(res, "uptime_s", (double)(time(NULL) - srv->started));
	cJSON_AddNumberToObject(res, "clients", srv->nclients);
	cJSON_AddStringToObject(res, "fingerprint", srv->fingerprint);
	cJSON_AddStringToObject(res, "sign_key", srv->sign_pub);
	cJSON_AddStringToObject(db, "state",
				db_pool_available(srv->db) ? "available" : "unavailable");
	cJSON_AddBoolToObject(db, "listening", db_listen_active(srv->notify));
	if (v > 0)
		snprintf(pgver, sizeof(pgver), "%d.%d", v / 10000, v % 10000);
	cJSON_AddStringToObject(db, "server_version", pgver);
	cJSON_AddItemToObject(res, "db", db);
	return res;
}

/* The newest applied migration arrived (or the query failed: 0). */
static void info_schema_cb(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct request *req = arg;
	cJSON *out = info_result(request_server(req));
	int schema = 0;

	(void)why;
	if (err == YG_OK && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		schema = atoi(PQgetvalue(res, 0, 0));
	cJSON_AddNumberToObject(cJSON_GetObjectItem(out, "db"), "schema_version", schema);
	request_reply(req, out);
}

static void info_exec(struct request *req)
{
	struct server *srv = request_server(req);

	if (db_pool_query(srv->db, "SELECT coalesce(max(version), 0) FROM yg_schema_migrations", 0,
			  NULL, info_schema_cb, req) != YG_OK)
		request_reply(req, info_result(srv));
}

const struct op_entry op_server_info = {
	.name = "server.info",
	.exec = info_exec,
};
