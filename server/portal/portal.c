/* The public portal (阳光 web page): libevent's HTTP server on its own port,
 * in the same loop as the terminals, reading PostgreSQL through a pool of
 * its own (so the terminals' queries never wait behind the public's) and
 * only through the api.portal_* functions, which return nothing that is
 * not published. A page read from the database is kept --http-cache-ms and
 * concurrent readers of one page share one query. Comments from the page
 * are limited per address here and again, per hour, by the database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <libpq-fe.h>
#include <openssl/evp.h>

#include "../../proto/utf8.h"
#include "../../proto/xalloc.h"
#include "../db_pool.h"
#include "../api_call.h"
#include "../log.h"
#include "../server.h"
#include "../sourcetag.h"
#include "../../client/doc_pdf.h"
#include "../worker.h"
#include "cache.h"
#include "conns.h"
#include "docs.h"
#include "form.h"
#include "pages.h"
#include "portal.h"
#include "ratelimit.h"
#include "route.h"
#include "../../proto/hex.h"

#define CACHE_MAX   2048
#define RATE_SLOTS  8192
#define COMMENT_MAX 2000 /* characters, as the database allows */
#define CC_PAGE     "public, max-age=10"
#define CC_RECORD   "public, max-age=300"
#define CC_STATIC   "public, max-age=3600"
#define CC_NONE     "no-store"
#define CT_HTML     "text/html; charset=utf-8"
#define CT_JSON     "application/json; charset=utf-8"
#define CT_TEXT     "text/plain; charset=utf-8"
#define CT_PDF      "application/pdf"
/* A printed document is kept by the SHA-256 of the JSON it is made from,
 * so it is made again only when what it says has changed. */
#define PDF_TTL_MS 600000
/* How long past its time a kept page is still sent while its next read
 * is under way (portal_fast_page); a read that does not end in a page to
 * keep drops it at once. */
#define STALE_MS 5000
#define SECURITY_CSP                                                                               \
	"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "               \
	"base-uri 'none'; frame-ancestors 'none'"

struct waiter {
	struct evhttp_request *req;
	struct waiter *next;
};

/* One read of the database in flight, and who waits for it. */
struct fetch {
	struct portal *portal;
	char key[64];
	struct route route;
	bool sent; /* the page thanks for a comment */
	struct waiter *waiters;
	struct fetch *next;
};

struct render;

struct portal {
	struct server *srv;
	struct evhttp *http;
	struct evconnlistener *listener;
	struct portal_conns conns;
	struct db_pool *db;       /* reads (--http-db) */
	struct db_pool *db_write; /* comments (--http-db-write), NULL: through db */
	struct cache cache;
	struct ratelimit rate;
	struct page_ctx ctx;
	char base_url[512];
	struct page *css, *jwks, *robots;
	struct fetch *fetches;
	struct render *renders; /* printed documents being made on a worker */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Headers every answer carries. */
static void portal_headers(struct evhttp_request *req, const char *ctype, const char *cc)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Type", ctype);
	evhttp_add_header(h, "Cache-Control", cc);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Content-Security-Policy", SECURITY_CSP);
	evhttp_add_header(h, "X-Frame-Options", "DENY");
}

/* Send a page, or 304 when the browser holds the same one. */
static void portal_send_page(struct evhttp_request *req, const struct page *p)
{
	struct evkeyvalq *in = evhttp_request_get_input_headers(req);
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	const char *inm = evhttp_find_header(in, "If-None-Match");
	struct evbuffer *out;

	portal_headers(req, p->ctype, p->cache_control);
	if (p->status == 200) {
		evhttp_add_header(h, "ETag", p->etag);
		if (inm != NULL && strstr(inm, p->etag) != NULL) {
			evhttp_send_reply(req, 304, "Not Modified", NULL);
			return;
		}
	}
	if (p->disposition[0] != '\0')
		evhttp_add_header(h, "Content-Disposition", p->disposition);
	/* evhttp sends a HEAD's headers without the body and without its
	 * length: give the length a GET would have, as the fast path does. */
	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD) {
		char len[24];

		snprintf(len, sizeof len, "%zu", p->len);
		evhttp_add_header(h, "Content-Length", len);
	}
	out = evbuffer_new();
	if (out == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	evbuffer_add(out, p->body, p->len);
	evhttp_send_reply(req, p->status, NULL, out);
	evbuffer_free(out);
}

/* The head the fast path sends before a kept page of status 200: the
 * headers portal_headers and portal_send_page give it, up to the Date. */
static void portal_page_head(struct page *p)
{
	char disposition[160] = "";
	int n;

	if (p->status != 200 || p->head != NULL)
		return;
	if (p->disposition[0] != '\0')
		snprintf(disposition, sizeof(disposition), "Content-Disposition: %s\r\n",
			 p->disposition);
	n = snprintf(NULL, 0,
		     "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nCache-Control: %s\r\n"
		     "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n"
		     "Content-Security-Policy: %s\r\nX-Frame-Options: DENY\r\nETag: %s\r\n"
		     "%sContent-Length: %zu\r\n",
		     p->ctype, p->cache_control, SECURITY_CSP, p->etag, disposition, p->len);
	if (n <= 0 || (p->head = xmalloc((size_t)n + 1)) == NULL)
		return;
	snprintf(p->head, (size_t)n + 1,
		 "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nCache-Control: %s\r\n"
		 "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n"
		 "Content-Security-Policy: %s\r\nX-Frame-Options: DENY\r\nETag: %s\r\n"
		 "%sContent-Length: %zu\r\n",
		 p->ctype, p->cache_control, SECURITY_CSP, p->etag, disposition, p->len);
	p->head_len = (size_t)n;
}

/* A small HTML page saying what went wrong (never kept in the cache). */
static void portal_send_message(struct evhttp_request *req, int status, const char *title,
				const char *text, const char *back)
{
	size_t len;
	char *body = page_message(status, title, text, back, &len);
	struct page *p = page_new(status, CT_HTML, CC_NONE, body, len);

	if (p == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	portal_send_page(req, p);
	page_free(p);
}

static void portal_not_found(struct evhttp_request *req)
{
	portal_send_message(req, 404, "未找到", "没有这个页面，或者该事项尚未公开。", "/");
}

/* The page of a fetch's route from the database's JSON answer (NULL: the
 * item is not public). */
static struct page *portal_render(struct portal *pt, const struct fetch *f, const char *json)
{
	cJSON *j = json != NULL ? cJSON_Parse(json) : NULL;
	enum route_kind k = f->route.kind;
	struct page *p = NULL;
	char *body = NULL;
	size_t len = 0;

	if (json != NULL && j == NULL)
		return NULL;
	if (j == NULL || cJSON_IsNull(j)) {
		body = page_message(404, "未找到", "没有这个页面，或者该事项尚未公开。", "/", &len);
		p = page_new(404, CT_HTML, CC_PAGE, body, len);
		cJSON_Delete(j);
		return p;
	}
	switch (k) {
	case ROUTE_HOME:
		body = page_home(j, &pt->ctx, &len);
		p = page_new(200, CT_HTML, CC_PAGE, body, len);
		break;
	case ROUTE_ITEM:
		body = page_item(j, f->sent, &pt->ctx, &len);
		p = page_new(200, CT_HTML, CC_PAGE, body, len);
		break;
	case ROUTE_DECISION:
		body = page_decision(j, f->sent, &pt->ctx, &len);
		p = page_new(200, CT_HTML, CC_PAGE, body, len);
		break;
	case ROUTE_NOTICE_PDF:
	case ROUTE_MINUTES_PDF: /* made on a worker (portal_render_pdf), never here */
		break;
	case ROUTE_MEETINGS:
		body = page_meetings(j, &pt->ctx, &len);
		p = page_new(200, CT_HTML, CC_PAGE, body, len);
		break;
	case ROUTE_POWER:
		body = page_power(j, &pt->ctx, &len);
		p = page_new(200, CT_HTML, CC_PAGE, body, len);
		break;
	case ROUTE_FEED:
		body = page_feed(j, &pt->ctx, &len);
		p = page_new(200, "application/atom+xml; charset=utf-8", CC_PAGE, body, len);
		break;
	case ROUTE_RECORD:
		body = xstrdup(json);
		p = page_new(200, CT_JSON, CC_RECORD, body, strlen(json));
		if (p != NULL)
			snprintf(p->disposition, sizeof(p->disposition),
				 "attachment; filename=\"yangguang-record-m%lld-i%lld.json\"",
				 (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "meeting")),
				 f->route.id);
		break;
	default: /* the JSON API: what the database said, as it said it */
		body = xstrdup(json);
		p = page_new(200, CT_JSON, CC_PAGE, body, strlen(json));
		break;
	}
	cJSON_Delete(j);
	return p;
}

/* An announced item that has since been decided and published lives on
 * as its decision: the decision's id, or 0. */
static long long portal_moved(const struct fetch *f, const char *json)
{
	cJSON *j;
	const cJSON *d;
	long long id = 0;

	if (json == NULL || (f->route.kind != ROUTE_ITEM && f->route.kind != ROUTE_API_ITEM))
		return 0;
	j = cJSON_Parse(json);
	d = cJSON_GetObjectItemCaseSensitive(j, "decision");
	if (cJSON_IsNumber(d))
		id = (long long)d->valuedouble;
	cJSON_Delete(j);
	return id;
}

static void portal_send_moved(struct evhttp_request *req, const struct fetch *f, long long id)
{
	char where[64];

	snprintf(where, sizeof(where), "%s/decisions/%lld",
		 f->route.kind == ROUTE_API_ITEM ? "/api/v1" : "", id);
	portal_headers(req, CT_TEXT, CC_PAGE);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Location", where);
	evhttp_send_reply(req, 301, "Moved Permanently", NULL);
}

static void fetch_unlink(struct portal *pt, struct fetch *f)
{
	struct fetch **pp;

	for (pp = &pt->fetches; *pp != NULL; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			return;
		}
}

/* Answer everyone waiting for a fetch, keep its page, free it. */
static void fetch_answer(struct portal *pt, struct fetch *f, bool ok, long long moved,
			 struct page *p)
{
	struct waiter *w, *next;

	fetch_unlink(pt, f);
	for (w = f->waiters; w != NULL; w = next) {
		next = w->next;
		if (!ok)
			portal_send_message(w->req, 503, "暂时无法访问",
					    "数据库暂时无法访问，请稍后再试。", "/");
		else if (moved != 0)
			portal_send_moved(w->req, f, moved);
		else if (p != NULL)
			portal_send_page(w->req, p);
		else
			portal_send_message(w->req, 500, "内部错误", "页面生成失败。", "/");
		free(w);
	}
	if (p != NULL && pt->srv->cfg->http_cache_ms > 0) {
		portal_page_head(p);
		cache_put(&pt->cache, f->key, p, now_ms(), pt->srv->cfg->http_cache_ms);
	} else {
		page_free(p);
		cache_drop(&pt->cache, f->key); /* nothing stale stays */
	}
	free(f);
}

/* A printed document being made on a worker thread for a fetch. The
 * worker reads only json and ctx; portal is NULL once the portal has
 * stopped (the answer then goes nowhere). */
struct render {
	struct portal *portal;
	struct fetch *fetch;
	struct route route; /* the fetch's, for the worker */
	char *json;
	struct page_ctx ctx;
	char base_url[512];
	char key[80]; /* the document's key in the cache */
	char *pdf;
	size_t len;
	struct render *next;
};

static bool route_is_pdf(enum route_kind k)
{
	return k == ROUTE_NOTICE_PDF || k == ROUTE_MINUTES_PDF;
}

/* A document's page, named for saving. */
static struct page *pdf_page(const struct route *r, char *pdf, size_t len)
{
	struct page *p = page_new(200, CT_PDF, CC_PAGE, pdf, len);

	if (p != NULL)
		snprintf(p->disposition, sizeof(p->disposition),
			 r->kind == ROUTE_NOTICE_PDF
				 ? "inline; filename=\"yangguang-decision-%lld.pdf\""
				 : "inline; filename=\"yangguang-minutes-m%lld.pdf\"",
			 r->id);
	return p;
}

/* On a worker: lay the document out. */
static void render_run(struct group *g, void *arg)
{
	struct render *r = arg;
	cJSON *j = cJSON_Parse(r->json);

	(void)g;
	if (j != NULL)
		r->pdf = r->route.kind == ROUTE_NOTICE_PDF
				 ? doc_portal_decision(j, &r->ctx, &r->len)
				 : doc_portal_minutes(j, &r->ctx, &r->len);
	cJSON_Delete(j);
}

/* Back on the loop: answer, keep the document, forget the render. */
static void render_done(void *arg)
{
	struct render *r = arg, **pp;
	struct portal *pt = r->portal;
	struct page *p, *kept;

	if (pt != NULL) {
		for (pp = &pt->renders; *pp != NULL; pp = &(*pp)->next)
			if (*pp == r) {
				*pp = r->next;
				break;
			}
		p = r->pdf != NULL ? pdf_page(&r->route, r->pdf, r->len) : NULL;
		if (r->pdf == NULL)
			log_error("portal: the document of %s could not be made", r->fetch->key);
		r->pdf = NULL;
		if (p != NULL && (kept = pdf_page(&r->route, xmalloc(p->len), p->len)) != NULL) {
			if (kept->body != NULL) {
				memcpy(kept->body, p->body, p->len);
				cache_put(&pt->cache, r->key, kept, now_ms(), PDF_TTL_MS);
			} else {
				page_free(kept);
			}
		}
		fetch_answer(pt, r->fetch, true, 0, p);
	}
	free(r->pdf);
	free(r->json);
	free(r);
}

/* A printed document for fetch f from its JSON: from the cache when the
 * same JSON made one, else made on a worker. False if it cannot be
 * started (f is then answered as usual). */
static bool portal_render_pdf(struct portal *pt, struct fetch *f, const char *json)
{
	unsigned char md[32];
	const struct page *cached;
	struct render *r;
	char key[80];
	int n;

	EVP_Digest(json, strlen(json), md, NULL, EVP_sha256(), NULL);
	n = snprintf(key, sizeof(key), "pdf:%d:", (int)f->route.kind);
	hex_encode(md, 24, key + n); /* 48 digits: the key has room */
	cached = cache_get(&pt->cache, key, now_ms());
	if (cached != NULL) {
		char *copy = xmalloc(cached->len);

		if (copy == NULL)
			return false;
		memcpy(copy, cached->body, cached->len);
		fetch_answer(pt, f, true, 0, pdf_page(&f->route, copy, cached->len));
		return true;
	}
	r = xcalloc(1, sizeof(*r));
	if (r == NULL || (r->json = xstrdup(json)) == NULL) {
		free(r);
		return false;
	}
	r->portal = pt;
	r->fetch = f;
	r->route = f->route;
	r->ctx = pt->ctx;
	snprintf(r->base_url, sizeof(r->base_url), "%s", pt->base_url);
	r->ctx.base_url = r->base_url;
	snprintf(r->key, sizeof(r->key), "%s", key);
	if (!worker_submit(pt->srv->workers, render_run, render_done, r)) {
		free(r->json);
		free(r);
		return false;
	}
	r->next = pt->renders;
	pt->renders = r;
	return true;
}

/* The database answered a fetch: render, keep, answer everyone waiting. */
static void fetch_done(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct fetch *f = arg;
	struct portal *pt = f->portal;
	const char *json = NULL;
	struct page *p = NULL;
	long long moved = 0;
	bool ok = false;

	if (err == YG_OK && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		json = PQgetisnull(res, 0, 0) ? NULL : PQgetvalue(res, 0, 0);
		ok = true;
		moved = portal_moved(f, json);
		/* A document is made off the loop; f waits for it. */
		if (moved == 0 && json != NULL && route_is_pdf(f->route.kind) &&
		    portal_render_pdf(pt, f, json))
			return;
		if (moved == 0)
			p = portal_render(pt, f, json);
	} else if (err == YG_OK) {
		log_error("portal: %s", PQresultErrorMessage(res));
	} else {
		log_warn("portal: %s", why != NULL ? why : "database unavailable");
	}
	fetch_answer(pt, f, ok, moved, p);
}

/* The function a route reads through. */
static const char *route_sql(enum route_kind k)
{
	switch (k) {
	case ROUTE_HOME:
	case ROUTE_API_HOME:
	case ROUTE_FEED:
		return "SELECT api.portal_home()::text";
	case ROUTE_ITEM:
	case ROUTE_API_ITEM:
		return "SELECT api.portal_item($1::bigint)::text";
	case ROUTE_DECISION:
	case ROUTE_API_DECISION:
		return "SELECT api.portal_decision($1::bigint)::text";
	case ROUTE_RECORD:
		return "SELECT api.portal_record($1::bigint)::text";
	case ROUTE_NOTICE_PDF:
		return "SELECT api.portal_decision_doc($1::bigint)::text";
	case ROUTE_MINUTES_PDF:
		return "SELECT api.portal_minutes($1::bigint)::text";
	case ROUTE_MEETINGS:
		return "SELECT api.portal_meetings()::text";
	case ROUTE_POWER:
		return "SELECT api.portal_power()::text";
	default:
		return NULL;
	}
}

/* Start a read of the database for route r, kept under key, with no one
 * waiting yet; NULL if it cannot start. */
static struct fetch *portal_fetch_start(struct portal *pt, const char *key, struct route r,
					bool sent)
{
	struct fetch *f = xcalloc(1, sizeof(*f));
	char id[24];
	const char *params[1] = {id};

	if (f == NULL)
		return NULL;
	f->portal = pt;
	snprintf(f->key, sizeof(f->key), "%s", key);
	f->route = r;
	f->sent = sent;
	snprintf(id, sizeof(id), "%lld", r.id);
	if (db_pool_query(pt->db, route_sql(r.kind), r.id != 0 ? 1 : 0, params, fetch_done, f) !=
	    YG_OK) {
		free(f);
		return NULL;
	}
	f->next = pt->fetches;
	pt->fetches = f;
	return f;
}

static struct fetch *portal_fetch_find(struct portal *pt, const char *key)
{
	struct fetch *f;

	for (f = pt->fetches; f != NULL; f = f->next)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/* Answer a GET of a page the database makes: from the cache, by joining a
 * fetch in flight, or by starting one. */
static void portal_get_data(struct portal *pt, struct evhttp_request *req, struct route r,
			    bool sent)
{
	const struct page *cached;
	struct fetch *f;
	struct waiter *w;
	char key[64];

	snprintf(key, sizeof(key), "%d:%lld:%d", (int)r.kind, r.id, sent ? 1 : 0);
	cached = cache_get(&pt->cache, key, now_ms());
	if (cached != NULL) {
		portal_send_page(req, cached);
		return;
	}
	w = xcalloc(1, sizeof(*w));
	if (w == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	w->req = req;
	f = portal_fetch_find(pt, key);
	if (f == NULL && (f = portal_fetch_start(pt, key, r, sent)) == NULL) {
		free(w);
		portal_send_message(req, 503, "暂时无法访问", "数据库暂时无法访问，请稍后再试。",
				    "/");
		return;
	}
	w->next = f->waiters;
	f->waiters = w;
}

/* The database that takes comments cannot now (with a standby for the
 * reads, the primary may be down while pages are still served). */
static void portal_post_unavailable(struct evhttp_request *req, const char *back)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", "60");
	portal_send_message(
		req, 503, "暂时无法提交",
		"意见暂时无法提交（数据库暂时无法写入），已公开的内容仍可查看，请稍后再试。", back);
}

/* A comment form on its way to the database. */
struct post {
	struct portal *portal;
	struct evhttp_request *req;
	struct route route;
};

static void post_done(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct post *po = arg;
	char back[64], msg[512];
	const char *text;

	snprintf(back, sizeof(back), "/%s/%lld",
		 po->route.kind == ROUTE_COMMENT ? "items" : "decisions", po->route.id);
	if (err != YG_OK) {
		log_warn("portal: %s", why != NULL ? why : "database unavailable");
		portal_post_unavailable(po->req, back);
	} else if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		/* The counts of comments changed: read every page anew. */
		cache_clear(&po->portal->cache);
		strncat(back, "?sent=1", sizeof(back) - strlen(back) - 1);
		portal_headers(po->req, CT_TEXT, CC_NONE);
		evhttp_add_header(evhttp_request_get_output_headers(po->req), "Location", back);
		evhttp_send_reply(po->req, 303, "See Other", NULL);
	} else {
		err = api_call_error(res, msg, sizeof(msg));
		text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		if (err == YG_ERR_NOT_FOUND)
			portal_not_found(po->req);
		else if (err == YG_ERR_CONFLICT && text != NULL && strncmp(text, "at most", 7) == 0)
			/* the database's hourly limit per address */
			portal_send_message(po->req, 429, "提交过于频繁",
					    "同一网络地址每小时提交的意见已达上限，请稍后再试。",
					    back);
		else if (err == YG_ERR_CONFLICT)
			portal_send_message(
				po->req, 409, "不在征求意见期内",
				"该事项现在不接受意见：征求意见期或公示期已经结束（或尚未开始）。",
				back);
		else
			portal_send_message(po->req, 400, "意见未能提交", msg, back);
	}
	free(po);
}

/* The network address of the peer, without the port. */
static void portal_peer(struct evhttp_request *req, char *buf, size_t len)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(req);
	const char *addr = NULL;
	ev_uint16_t port;

	if (conn != NULL)
		evhttp_connection_get_peer(conn, (char **)&addr, &port);
	snprintf(buf, len, "%s", addr != NULL ? addr : "?");
}

/* Browsers send a textarea's line breaks as CR LF: keep LF alone, and make
 * a lone CR a line break too. */
static void portal_unix_newlines(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (*s == '\r') {
			if (s[1] != '\n')
				*w++ = '\n';
			continue;
		}
		*w++ = *s;
	}
	*w = '\0';
}

/* A comment from the page's form. */
static void portal_post(struct portal *pt, struct evhttp_request *req, struct route r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
	char back[64], addr[RATELIMIT_ADDR_MAX], rate[16], id[24], retry[16];
	char tag[SOURCETAG_LEN + 1];
	char *stance = NULL, *body = NULL;
	enum form_result fr;
	unsigned wait_s;
	size_t len = evbuffer_get_length(in);
	const char *data;
	struct post *po;

	snprintf(back, sizeof(back), "/%s/%lld", r.kind == ROUTE_COMMENT ? "items" : "decisions",
		 r.id);
	if (ct == NULL || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
		portal_send_message(req, 415, "格式不对", "请通过页面上的表单提交意见。", back);
		return;
	}
	portal_peer(req, addr, sizeof(addr));
	if (!ratelimit_take(&pt->rate, addr, now_ms(), &wait_s)) {
		pt->srv->metrics.refusals[METRICS_LIMIT_HTTP_POST_RATE]++;
		snprintf(retry, sizeof(retry), "%u", wait_s);
		evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", retry);
		portal_send_message(req, 429, "提交过于频繁", "请稍后再提交。", back);
		return;
	}
	data = (const char *)evbuffer_pullup(in, -1);
	fr = form_field(data != NULL ? data : "", len, "stance", &stance);
	if (fr == FORM_OK)
		fr = form_field(data, len, "body", &body);
	if (fr != FORM_OK) {
		portal_send_message(req, 400, "意见未能提交",
				    fr == FORM_MISSING ? "请选择态度并填写意见。"
				    : fr == FORM_BAD_UTF8 ? "提交的文字不是有效的 UTF-8 编码。"
							  : "提交的表单格式不对。",
				    back);
	} else if (strcmp(stance, "support") != 0 && strcmp(stance, "object") != 0 &&
		   strcmp(stance, "neutral") != 0) {
		portal_send_message(req, 400, "意见未能提交", "态度须为支持、反对或中立。", back);
	} else if (portal_unix_newlines(body),
		   body[strspn(body, " \t\n")] == '\0' || utf8_count(body) > COMMENT_MAX) {
		portal_send_message(req, 400, "意见未能提交", "意见须为 1 至 2000 字。", back);
	} else if (utf8_has_unsafe(body, strlen(body), true)) {
		portal_send_message(req, 400, "意见未能提交",
				    "意见中含有控制字符或文字方向控制符，请删除后再提交。", back);
	} else if (sourcetag(pt->srv->source_key, addr, tag) != 0 ||
		   (po = xcalloc(1, sizeof(*po))) == NULL) {
		evhttp_send_error(req, 500, NULL);
	} else {
		/* The database keeps the address's tag, never the address. */
		const char *params[6] = {
			id,  r.kind == ROUTE_COMMENT ? "announcement" : "notice", stance, body, tag,
			rate};

		po->portal = pt;
		po->req = req;
		po->route = r;
		snprintf(id, sizeof(id), "%lld", r.id);
		snprintf(rate, sizeof(rate), "%u", pt->srv->cfg->comment_rate);
		if (db_pool_query(
			    pt->db_write != NULL ? pt->db_write : pt->db,
			    "SELECT api.portal_comment($1::bigint, $2, $3, $4, $5, $6::integer)", 6,
			    params, post_done, po) != YG_OK) {
			free(po);
			portal_post_unavailable(req, back);
		}
	}
	free(stance);
	free(body);
}

/* The fast path's question (conns.c): the kept page, with its head, that
 * a plain GET or HEAD of rq's path is answered with now, or NULL. It
 * answers exactly what portal_cb would from the cache. */
static const struct page *portal_fast_page(void *arg, const struct fastreq *rq)
{
	struct portal *pt = arg;
	struct route r = route_parse(rq->path);
	const struct page *p;
	bool expired;
	char key[64];

	switch (r.kind) {
	case ROUTE_NONE:
		return NULL;
	case ROUTE_CSS:
		return pt->css;
	case ROUTE_JWKS:
		return pt->jwks;
	case ROUTE_ROBOTS:
		return pt->robots;
	default:
		if (route_is_post(r.kind) || route_sql(r.kind) == NULL)
			return NULL;
		snprintf(key, sizeof(key), "%d:%lld:0", (int)r.kind, r.id);
		p = cache_peek(&pt->cache, key, now_ms(), STALE_MS, &expired);
		/* Past its time, the page is still sent while the one read
		 * that replaces it is under way: a crowd never waits for the
		 * database, and the page changes as soon as that read is
		 * done. */
		if (p != NULL && expired && portal_fetch_find(pt, key) == NULL &&
		    portal_fetch_start(pt, key, r, false) == NULL)
			return NULL;
		return p;
	}
}

/* Every request: method, path, then the route's handler. */
static void portal_cb(struct evhttp_request *req, void *arg)
{
	struct portal *pt = arg;
	enum evhttp_cmd_type method = evhttp_request_get_command(req);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
	struct route r = route_parse(path);
	bool post = route_is_post(r.kind);

	portal_conns_request(&pt->conns, req);

	if (r.kind == ROUTE_NONE) {
		portal_not_found(req);
		return;
	}
	if ((post && method != EVHTTP_REQ_POST) ||
	    (!post && method != EVHTTP_REQ_GET && method != EVHTTP_REQ_HEAD)) {
		evhttp_add_header(evhttp_request_get_output_headers(req), "Allow",
				  post ? "POST" : "GET, HEAD");
		portal_send_message(req, 405, "不支持的请求方法",
				    post ? "这个地址只接受表单提交（POST）。"
					 : "这个地址只能读取（GET）。",
				    "/");
		return;
	}
	switch (r.kind) {
	case ROUTE_CSS:
		portal_send_page(req, pt->css);
		return;
	case ROUTE_JWKS:
		portal_send_page(req, pt->jwks);
		return;
	case ROUTE_ROBOTS:
		portal_send_page(req, pt->robots);
		return;
	case ROUTE_COMMENT:
	case ROUTE_NOTICE_POST:
		portal_post(pt, req, r);
		return;
	default:
		portal_get_data(pt, req, r,
				(r.kind == ROUTE_ITEM || r.kind == ROUTE_DECISION) &&
					query != NULL && strcmp(query, "sent=1") == 0);
	}
}

static void portal_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	evconnlistener_enable(arg);
}

/* Out of descriptors: stop accepting for a second instead of spinning. The
 * listener belongs to evhttp, whose pointer is the argument here: all that
 * is needed is the listener itself. */
static void portal_accept_error_cb(struct evconnlistener *l, void *arg)
{
	static struct log_limit lim;
	struct timeval second = {1, 0};

	(void)arg;
	log_limited(&lim, LOG_WARN, "portal: accept: %s; pausing for a second", strerror(errno));
	evconnlistener_disable(l);
	if (event_base_once(evconnlistener_get_base(l), -1, EV_TIMEOUT, portal_resume_cb, l,
			    &second) != 0)
		evconnlistener_enable(l);
}

static void portal_db_state_cb(bool available, void *arg)
{
	(void)arg;
	if (available)
		log_info("portal: database connected");
	else
		log_warn("portal: database unavailable");
}

static void portal_db_write_state_cb(bool available, void *arg)
{
	(void)arg;
	if (available)
		log_info("portal: database for comments (--http-db-write) connected");
	else
		log_warn("portal: database for comments (--http-db-write) unavailable: comments "
			 "are refused (503), pages are still served");
}

/* Pages that never change while ygd runs. */
static int portal_static(struct portal *pt)
{
	size_t len;
	char *jwks = page_jwks(pt->srv->sign_pub, &len);
	char *robots = xstrdup("User-agent: *\nAllow: /\n");

	pt->jwks = page_new(200, "application/jwk-set+json", CC_STATIC, jwks, len);
	pt->css = page_new(200, "text/css; charset=utf-8", CC_STATIC, xstrdup(page_css),
			   strlen(page_css));
	pt->robots = page_new(200, CT_TEXT, CC_STATIC, robots, robots != NULL ? strlen(robots) : 0);
	if (pt->jwks != NULL)
		portal_page_head(pt->jwks);
	if (pt->css != NULL)
		portal_page_head(pt->css);
	if (pt->robots != NULL)
		portal_page_head(pt->robots);
	return jwks != NULL && pt->jwks != NULL && pt->css != NULL && pt->robots != NULL &&
			       pt->css->body != NULL && pt->robots->body != NULL
		       ? 0
		       : -1;
}

/* Split "HOST:PORT" ("[v6]:PORT" too). */
static int portal_addr(const char *text, char *host, size_t hlen, unsigned *port)
{
	const char *colon = strrchr(text, ':');
	size_t n;
	char *end;
	unsigned long p;

	if (colon == NULL)
		return -1;
	n = (size_t)(colon - text);
	if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
		text++;
		n -= 2;
	}
	if (n == 0 || n >= hlen)
		return -1;
	memcpy(host, text, n);
	host[n] = '\0';
	p = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

static int portal_write_port(const char *file, unsigned port)
{
	FILE *f = fopen(file, "w");

	if (f == NULL || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0) {
		log_error("cannot write %s: %s", file, strerror(errno));
		return -1;
	}
	return 0;
}

struct portal *portal_start(struct server *srv)
{
	const struct config *cfg = srv->cfg;
	struct evhttp_bound_socket *bound;
	struct portal *pt;
	struct sockaddr_storage ss;
	socklen_t slen = sizeof(ss);
	char host[256];
	unsigned port;

	if (portal_addr(cfg->http_listen, host, sizeof(host), &port) != 0) {
		log_error("--http-listen \"%s\" is not HOST:PORT", cfg->http_listen);
		return NULL;
	}
	pt = xcalloc(1, sizeof(*pt));
	pt->srv = srv;
	cache_init(&pt->cache, CACHE_MAX);
	pt->ctx.utc_offset_s = (long)cfg->utc_offset * 60;
	pt->ctx.comment_rate = cfg->comment_rate;
	pt->ctx.base_url = pt->base_url;
	pt->http = evhttp_new(srv->base);
	if (pt->http == NULL ||
	    portal_conns_init(&pt->conns, srv->base, pt->http, srv->http_max_conns,
			      cfg->http_max_per_address, cfg->http_request_timeout,
			      &srv->metrics) != 0 ||
	    portal_static(pt) != 0 ||
	    ratelimit_init(&pt->rate, RATE_SLOTS, cfg->http_post_rate, cfg->http_post_rate) != 0) {
		portal_free(pt);
		return NULL;
	}
	evhttp_set_allowed_methods(pt->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
						     EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
						     EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
						     EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
	evhttp_set_max_body_size(pt->http, cfg->http_max_body);
	evhttp_set_max_headers_size(pt->http, 16384);
	evhttp_set_timeout(pt->http, 30);
	evhttp_set_gencb(pt->http, portal_cb, pt);
	portal_conns_fast(&pt->conns, portal_fast_page, pt);
	bound = evhttp_bind_socket_with_handle(pt->http, host, (ev_uint16_t)port);
	if (bound == NULL) {
		log_error("portal: cannot listen on %s: %s", cfg->http_listen, strerror(errno));
		portal_free(pt);
		return NULL;
	}
	pt->listener = evhttp_bound_socket_get_listener(bound);
	evconnlistener_set_error_cb(pt->listener, portal_accept_error_cb);
	getsockname(evhttp_bound_socket_get_fd(bound), (struct sockaddr *)&ss, &slen);
	port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					      : ((struct sockaddr_in *)&ss)->sin_port);
	if (cfg->public_url[0] != '\0')
		snprintf(pt->base_url, sizeof(pt->base_url), "%s", cfg->public_url);
	else
		snprintf(pt->base_url, sizeof(pt->base_url), "http://%s%s%s:%u",
			 strchr(host, ':') != NULL ? "[" : "", host,
			 strchr(host, ':') != NULL ? "]" : "", port);
	while (strlen(pt->base_url) > 0 && pt->base_url[strlen(pt->base_url) - 1] == '/')
		pt->base_url[strlen(pt->base_url) - 1] = '\0';
	pt->db = db_pool_new(srv->base, cfg->http_db[0] != '\0' ? cfg->http_db : cfg->db,
			     cfg->http_db_pool, cfg->db_timeout, portal_db_state_cb, pt);
	if (pt->db == NULL) {
		portal_free(pt);
		return NULL;
	}
	db_pool_set_metrics(pt->db, &srv->metrics.pools[METRICS_POOL_PORTAL]);
	if (cfg->http_db_write[0] != '\0') {
		pt->db_write = db_pool_new(srv->base, cfg->http_db_write, 1, cfg->db_timeout,
					   portal_db_write_state_cb, pt);
		if (pt->db_write == NULL) {
			portal_free(pt);
			return NULL;
		}
		db_pool_set_metrics(pt->db_write, &srv->metrics.pools[METRICS_POOL_PORTAL_WRITE]);
	}
	log_info("portal on http://%s:%u/ (public address %s)", host, port, pt->base_url);
	if (cfg->http_port_file[0] != '\0' && portal_write_port(cfg->http_port_file, port) != 0) {
		portal_free(pt);
		return NULL;
	}
	return pt;
}

/* Stop: the database's pending answers go out (as errors) first, then the
 * HTTP server closes its connections. */
void portal_free(struct portal *pt)
{
	if (pt == NULL)
		return;
	if (pt->db != NULL)
		db_pool_free(pt->db);
	if (pt->db_write != NULL)
		db_pool_free(pt->db_write);
	/* Documents still being made are thrown away when done: their
	 * requests go with the HTTP server. */
	while (pt->renders != NULL) {
		struct render *r = pt->renders;
		struct waiter *w, *next;

		pt->renders = r->next;
		for (w = r->fetch->waiters; w != NULL; w = next) {
			next = w->next;
			free(w);
		}
		fetch_unlink(pt, r->fetch);
		free(r->fetch);
		r->fetch = NULL;
		r->portal = NULL;
	}
	if (pt->http != NULL)
		evhttp_free(pt->http);
	portal_conns_free(&pt->conns);
	cache_clear(&pt->cache);
	ratelimit_free(&pt->rate);
	page_free(pt->css);
	page_free(pt->jwks);
	page_free(pt->robots);
	free(pt);
}

/* The portal's gauges: its visitors now, its pools. */
void portal_gauges(const struct portal *pt, struct metrics *m)
{
	if (pt == NULL)
		return;
	m->conns[METRICS_CONN_PORTAL] = pt->conns.n;
	if (pt->db != NULL)
		db_pool_gauges(pt->db, &m->pools[METRICS_POOL_PORTAL]);
	if (pt->db_write != NULL)
		db_pool_gauges(pt->db_write, &m->pools[METRICS_POOL_PORTAL_WRITE]);
}

void portal_release(void)
{
	doc_pdf_release();
}
