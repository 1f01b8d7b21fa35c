#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "../proto/xalloc.h"
#include "client.h"
#include "db_pool.h"
#include "log.h"
#include "metrics_http.h"
#include "portal/portal.h"
#include "server.h"

struct metrics_http {
	struct server *srv;
	struct evhttp *http;
};

/* Read the gauges off the server as it is now. */
static void metrics_http_gauges(struct server *srv)
{
	struct metrics *m = &srv->metrics;

	m->conns[METRICS_CONN_TERMINAL_ANONYMOUS] = srv->nanon;
	m->conns[METRICS_CONN_TERMINAL_LOGGED_IN] = srv->nclients - srv->nanon;
	m->conns[METRICS_CONN_PORTAL] = 0;
	m->db_available = srv->db != NULL && db_pool_available(srv->db);
	if (srv->db != NULL)
		db_pool_gauges(srv->db, &m->pools[METRICS_POOL_TERMINALS]);
	portal_gauges(srv->portal, m);
}

static void metrics_http_free_text(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

/* GET /metrics: the whole exposition, made in one go from counters in
 * memory (nothing here waits). */
static void metrics_http_cb(struct evhttp_request *req, void *arg)
{
	struct metrics_http *mh = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	enum evhttp_cmd_type method = evhttp_request_get_command(req);
	struct evbuffer *out;
	size_t len = 0;
	char *text;

	if (path == NULL || strcmp(path, "/metrics") != 0) {
		evhttp_send_error(req, 404, "only /metrics here");
		return;
	}
	if (method != EVHTTP_REQ_GET && method != EVHTTP_REQ_HEAD) {
		evhttp_send_error(req, 405, NULL);
		return;
	}
	metrics_http_gauges(mh->srv);
	text = metrics_render(&mh->srv->metrics, &len);
	out = evbuffer_new();
	if (text == NULL || out == NULL) {
		free(text);
		if (out != NULL)
			evbuffer_free(out);
		evhttp_send_error(req, 500, NULL);
		return;
	}
	evbuffer_add_reference(out, text, len, metrics_http_free_text, NULL);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "text/plain; version=0.0.4; charset=utf-8");
	evhttp_add_header(evhttp_request_get_output_headers(req), "Cache-Control", "no-store");
	evhttp_send_reply(req, 200, "OK", out);
	evbuffer_free(out);
}

/* Listen on --metrics-listen; NULL with the reason logged. */
struct metrics_http *metrics_http_start(struct server *srv)
{
	const struct config *cfg = srv->cfg;
	struct metrics_http *mh = xcalloc(1, sizeof(*mh));
	struct evconnlistener *l;
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	if (mh == NULL)
		return NULL;
	mh->srv = srv;
	if (server_parse_addr(cfg->metrics_listen, &ss, &len) != 0) {
		log_error("--metrics-listen \"%s\" is not HOST:PORT", cfg->metrics_listen);
		goto fail;
	}
	mh->http = evhttp_new(srv->base);
	if (mh->http == NULL)
		goto fail;
	l = evconnlistener_new_bind(srv->base, NULL, NULL,
				    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
					    LEV_OPT_CLOSE_ON_EXEC,
				    16, (struct sockaddr *)&ss, len);
	if (l == NULL) {
		log_error("cannot listen on %s for metrics: %s", cfg->metrics_listen,
			  strerror(errno));
		goto fail;
	}
	if (evhttp_bind_listener(mh->http, l) == NULL) {
		evconnlistener_free(l);
		goto fail;
	}
	evhttp_set_allowed_methods(mh->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST);
	evhttp_set_max_body_size(mh->http, 1024);
	evhttp_set_max_headers_size(mh->http, 8192);
	evhttp_set_timeout(mh->http, 10);
	evhttp_set_gencb(mh->http, metrics_http_cb, mh);
	if (server_bound_port(evconnlistener_get_fd(l), "metrics on", cfg->metrics_listen,
			      cfg->metrics_port_file) != 0)
		goto fail;
	return mh;
fail:
	metrics_http_free(mh);
	return NULL;
}

void metrics_http_free(struct metrics_http *mh)
{
	if (mh == NULL)
		return;
	if (mh->http != NULL)
		evhttp_free(mh->http);
	free(mh);
}
