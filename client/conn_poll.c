/* Whether a terminal that waits for several things at once (the
 * full-screen terminal polls the keyboard and the server together) can read
 * the next message now: TLS may hold decrypted bytes the socket no longer
 * shows, so both are asked. */
#include <poll.h>

#include "conn.h"

/* 1 if a read would not wait (data, or the peer has gone), 0 if it
 * would, -1 when there is no connection. */
int conn_pending(struct yg_conn *c)
{
	struct pollfd p;

	if (c->ssl == NULL || c->fd < 0)
		return -1;
	if (SSL_pending(c->ssl) > 0)
		return 1;
	p.fd = c->fd;
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, 0) > 0 ? 1 : 0;
}
