#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "db_conn.h"
#include "db_listen.h"
#include "log.h"

struct db_listen {
	struct db_conn conn;
	char *conninfo;
	bool listening; /* the LISTEN statement has succeeded */
	db_notify_cb notify_cb;
	void *arg;
};

/* Connected: subscribe to the channel. */
static void db_listen_up(struct db_conn *conn, void *arg)
{
	int r;

	(void)arg;
	if (!PQsendQuery(conn->pg, "LISTEN " DB_LISTEN_CHANNEL) || (r = PQflush(conn->pg)) < 0) {
		db_conn_fail(conn, "could not send LISTEN");
		return;
	}
	db_conn_want_write(conn, r == 1);
}

/* Lost: notifications sent meanwhile are missed; a terminal notices the gap
 * in the stream's sequence numbers and asks again. */
static void db_listen_down(struct db_conn *conn, void *arg)
{
	struct db_listen *dl = arg;

	(void)conn;
	dl->listening = false;
}

/* Collect the LISTEN statement's result, if it is still pending. */
static bool db_listen_results(struct db_listen *dl)
{
	PGresult *r;
	bool ok = true;

	while (!PQisBusy(dl->conn.pg) && (r = PQgetResult(dl->conn.pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			ok = false;
		else
			dl->listening = true;
		PQclear(r);
	}
	return ok;
}

/* Input: results and notifications. */
static void db_listen_io(struct db_conn *conn, short what, void *arg)
{
	struct db_listen *dl = arg;
	PGnotify *n;
	int r;

	if (what & EV_WRITE) {
		if ((r = PQflush(conn->pg)) < 0)
			goto lost;
		db_conn_want_write(conn, r == 1);
	}
	if (!(what & EV_READ))
		return;
	if (!PQconsumeInput(conn->pg) || PQstatus(conn->pg) == CONNECTION_BAD)
		goto lost;
	if (!db_listen_results(dl)) {
		db_conn_fail(conn, "LISTEN failed");
		return;
	}
	while ((n = PQnotifies(conn->pg)) != NULL) {
		dl->notify_cb(n->relname, n->extra, dl->arg);
		PQfreemem(n);
	}
	return;
lost:
	db_conn_fail(conn, "connection lost");
}

static const struct db_conn_ops db_listen_ops = {db_listen_up, db_listen_down, db_listen_io};

/* Start the listening connection. */
struct db_listen *db_listen_new(struct event_base *base, const char *conninfo,
				db_notify_cb notify_cb, void *arg)
{
	struct db_listen *dl = xcalloc(1, sizeof(*dl));

	dl->conninfo = xstrdup(conninfo);
	dl->notify_cb = notify_cb;
	dl->arg = arg;
	db_conn_init(&dl->conn, base, dl->conninfo, "listen", &db_listen_ops, dl);
	db_conn_start(&dl->conn);
	return dl;
}

/* Close the listening connection. */
void db_listen_free(struct db_listen *dl)
{
	if (dl == NULL)
		return;
	db_conn_close(&dl->conn);
	free(dl->conninfo);
	free(dl);
}

/* Whether notifications are currently being received. */
bool db_listen_active(const struct db_listen *dl)
{
	return dl->listening;
}
