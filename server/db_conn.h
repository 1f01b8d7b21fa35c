/* One PostgreSQL connection driven by the event loop: non-blocking connect,
 * readiness events while up, and reconnection with exponential backoff when
 * it fails. The pool and the LISTEN connection are both built on it. */
#ifndef YG_SERVER_DB_CONN_H
#define YG_SERVER_DB_CONN_H

#include <stdbool.h>

#include <event2/event.h>
#include <event2/event_struct.h>
#include <libpq-fe.h>

enum db_conn_state {
	DB_CONN_IDLE_DOWN,  /* not connected; the retry timer is pending */
	DB_CONN_CONNECTING, /* PQconnectPoll in progress; the timer is the connect timeout */
	DB_CONN_UP,         /* connected; the owner drives it through io() */
	DB_CONN_CLOSED,     /* stopped for good */
};

struct db_conn;

struct db_conn_ops {
	void (*up)(struct db_conn *conn, void *arg);             /* became DB_CONN_UP */
	void (*down)(struct db_conn *conn, void *arg);           /* left DB_CONN_UP */
	void (*io)(struct db_conn *conn, short what, void *arg); /* socket ready while up */
};

struct db_conn {
	struct event_base *base;
	const char *conninfo; /* borrowed */
	const char *name;     /* for logs */
	PGconn *pg;
	enum db_conn_state state;
	struct event io_ev;
	struct event timer_ev;
	bool io_added;
	short io_events; /* what io_ev waits for, while added */
	unsigned backoff_ms;
	unsigned failures; /* consecutive, for quieter logs */
	const struct db_conn_ops *ops;
	void *arg;
};

void db_conn_init(struct db_conn *conn, struct event_base *base, const char *conninfo,
		  const char *name, const struct db_conn_ops *ops, void *arg);
void db_conn_start(struct db_conn *conn);
void db_conn_want_write(struct db_conn *conn, bool write);
void db_conn_fail(struct db_conn *conn, const char *why);
void db_conn_close(struct db_conn *conn);

#endif
