/* The Prometheus endpoint (--metrics-listen): GET /metrics answers
 * metrics_render's text from evhttp in ygd's loop. */
#ifndef YG_SERVER_METRICS_HTTP_H
#define YG_SERVER_METRICS_HTTP_H

struct server;
struct metrics_http;

struct metrics_http *metrics_http_start(struct server *srv);
void metrics_http_free(struct metrics_http *mh);

#endif
