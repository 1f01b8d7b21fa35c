#include <string.h>

#include "db_conn.h"
#include "log.h"

#define DB_BACKOFF_MIN_MS     100
#define DB_BACKOFF_MAX_MS     5000
#define DB_CONNECT_TIMEOUT_MS 5000

static void db_conn_io_cb(evutil_socket_t fd, short what, void *arg);
static void db_conn_timer_cb(evutil_socket_t fd, short what, void *arg);

/* Prepare conn; nothing happens until db_conn_start. */
void db_conn_init(struct db_conn *conn, struct event_base *base, const char *conninfo,
		  const char *name, const struct db_conn_ops *ops, void *arg)
{
	memset(conn, 0, sizeof(*conn));
	conn->base = base;
	conn->conninfo = conninfo;
	conn->name = name;
	conn->ops = ops;
	conn->arg = arg;
	conn->backoff_ms = DB_BACKOFF_MIN_MS;
	conn->state = DB_CONN_IDLE_DOWN;
	evtimer_assign(&conn->timer_ev, base, db_conn_timer_cb, conn);
}

/* Arm the timer to fire after ms milliseconds. */
static void db_conn_arm_timer(struct db_conn *conn, unsigned ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	evtimer_add(&conn->timer_ev, &tv);
}

/* Wait on the connection's current socket for the given events. */
static void db_conn_watch(struct db_conn *conn, short events)
{
	if (conn->io_added)
		event_del(&conn->io_ev);
	event_assign(&conn->io_ev, conn->base, PQsocket(conn->pg), events, db_conn_io_cb, conn);
	event_add(&conn->io_ev, NULL);
	conn->io_added = true;
	conn->io_events = events;
}

/* Stop waiting on the socket and close the libpq connection. */
static void db_conn_release(struct db_conn *conn)
{
	if (conn->io_added) {
		event_del(&conn->io_ev);
		conn->io_added = false;
	}
	evtimer_del(&conn->timer_ev);
	if (conn->pg != NULL) {
		PQfinish(conn->pg);
		conn->pg = NULL;
	}
}

/* While up: always watch for input (so a lost server is noticed at once), and
 * for output room while libpq has unsent data. */
void db_conn_want_write(struct db_conn *conn, bool write)
{
	short events = EV_READ | EV_PERSIST | (write ? EV_WRITE : 0);

	/* Most queries fit the socket at once: then nothing changes here, and
	 * re-adding the event would cost system calls for nothing. */
	if (conn->state != DB_CONN_UP || (conn->io_added && conn->io_events == events))
		return;
	db_conn_watch(conn, events);
}

/* Give up on the current connection and retry after the backoff delay. */
void db_conn_fail(struct db_conn *conn, const char *why)
{
	bool was_up = conn->state == DB_CONN_UP;

	if (conn->state == DB_CONN_CLOSED)
		return;
	if (conn->failures++ == 0)
		log_warn("database %s: %s; retrying", conn->name, why);
	else
		log_debug("database %s: %s; retry in %u ms", conn->name, why, conn->backoff_ms);
	db_conn_release(conn);
	conn->state = DB_CONN_IDLE_DOWN;
	db_conn_arm_timer(conn, conn->backoff_ms);
	conn->backoff_ms *= 2;
	if (conn->backoff_ms > DB_BACKOFF_MAX_MS)
		conn->backoff_ms = DB_BACKOFF_MAX_MS;
	if (was_up)
		conn->ops->down(conn, conn->arg);
}

/* The first line of libpq's message for why the connection failed. */
static const char *db_conn_error(struct db_conn *conn, char *buf, size_t len)
{
	const char *msg = conn->pg != NULL ? PQerrorMessage(conn->pg) : "out of memory";
	size_t n = strcspn(msg, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	return n > 0 ? buf : "connection failed";
}

/* Advance a non-blocking connect by one step. */
static void db_conn_poll(struct db_conn *conn, PostgresPollingStatusType st)
{
	char err[256];

	switch (st) {
	case PGRES_POLLING_READING:
		db_conn_watch(conn, EV_READ);
		return;
	case PGRES_POLLING_WRITING:
		db_conn_watch(conn, EV_WRITE);
		return;
	case PGRES_POLLING_OK:
		break;
	default:
		db_conn_fail(conn, db_conn_error(conn, err, sizeof(err)));
		return;
	}
	if (PQsetnonblocking(conn->pg, 1) != 0) {
		db_conn_fail(conn, "cannot make the connection non-blocking");
		return;
	}
	evtimer_del(&conn->timer_ev);
	if (conn->failures > 0)
		log_info("database %s: connected again", conn->name);
	conn->state = DB_CONN_UP;
	conn->failures = 0;
	conn->backoff_ms = DB_BACKOFF_MIN_MS;
	db_conn_want_write(conn, false);
	conn->ops->up(conn, conn->arg);
}

/* Begin connecting. */
void db_conn_start(struct db_conn *conn)
{
	char err[256];

	conn->pg = PQconnectStart(conn->conninfo);
	if (conn->pg == NULL || PQstatus(conn->pg) == CONNECTION_BAD) {
		db_conn_fail(conn, db_conn_error(conn, err, sizeof(err)));
		return;
	}
	conn->state = DB_CONN_CONNECTING;
	db_conn_arm_timer(conn, DB_CONNECT_TIMEOUT_MS);
	db_conn_poll(conn, PGRES_POLLING_WRITING);
}

/* Socket readiness: a connect step, or the owner's business while up. */
static void db_conn_io_cb(evutil_socket_t fd, short what, void *arg)
{
	struct db_conn *conn = arg;

	(void)fd;
	if (conn->state == DB_CONN_CONNECTING) {
		conn->io_added = false; /* one-shot events are no longer pending */
		db_conn_poll(conn, PQconnectPoll(conn->pg));
	} else if (conn->state == DB_CONN_UP) {
		conn->ops->io(conn, what, conn->arg);
	}
}

/* Timer: time to retry, or a connect attempt took too long. */
static void db_conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct db_conn *conn = arg;

	(void)fd;
	(void)what;
	if (conn->state == DB_CONN_IDLE_DOWN)
		db_conn_start(conn);
	else if (conn->state == DB_CONN_CONNECTING)
		db_conn_fail(conn, "connect timed out");
}

/* Stop for good; no callback follows. */
void db_conn_close(struct db_conn *conn)
{
	db_conn_release(conn);
	conn->state = DB_CONN_CLOSED;
}
