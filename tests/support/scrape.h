/* ygd's Prometheus endpoint (--metrics-listen) read by the tests: one
 * plain HTTP request and its whole answer, and a series' value in it. */
#ifndef YG_TESTS_SCRAPE_H
#define YG_TESTS_SCRAPE_H

/* Send request as it is to 127.0.0.1:port and read the answer until the
 * server closes (or 5 s pass without a byte): malloc'd, NUL-terminated;
 * NULL if the connection fails. */
char *scrape_http(int port, const char *request);
/* GET /metrics: the whole answer, or NULL. */
char *scrape_metrics(int port);
/* The value of the series written exactly as series ("name{labels}") in a
 * scraped text; -1 if absent. */
double scrape_value(const char *text, const char *series);
/* The port ygd wrote to --metrics-port-file file, waiting up to 10 s for
 * it; -1 if none came. */
int scrape_port(const char *file);

#endif
