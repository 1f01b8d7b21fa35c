/* What the load generators driving ygd over TLS (meetbench, ygbench)
 * share: their clocks and CPU meters, their TLS client context and
 * descriptor limit, and the words for a connection that failed. */
#ifndef YG_BENCH_MEASURE_H
#define YG_BENCH_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include <event2/bufferevent.h>
#include <openssl/ssl.h>

/* Monotonic time in nanoseconds. */
uint64_t now_ns(void);
/* Seconds from from to to (0 if to is earlier). */
double secs_between(uint64_t from, uint64_t to);
/* CPU seconds this process has used. */
double cpu_self_secs(void);
/* CPU seconds process pid has used (utime + stime from /proc), -1 if unknown. */
double cpu_pid_secs(long pid);
/* Latencies (or any delays) in nanoseconds, kept to take percentiles of. */
struct lat {
	int64_t *v;
	size_t n, cap;
};
/* Keep one; exits on want of memory rather than skew the figures. */
void lat_add(struct lat *l, int64_t v);
/* Sort them, before taking percentiles. */
void lat_sort(struct lat *l);
/* The nearest-rank percentile p (0..1] of sorted latencies, in
 * microseconds; p = 0 gives the least. */
double lat_pct_us(const struct lat *l, double p);
/* A client context that trusts any certificate and speaks only TLS 1.3;
 * NULL on failure. */
SSL_CTX *bench_tls_ctx(void);
/* Use as many descriptors as the hard limit allows. */
void raise_fd_limit(void);
/* Why the connection of bev failed: OpenSSL's first error, or the
 * socket's; in buf (len bytes). */
const char *bench_error_text(struct bufferevent *bev, char *buf, size_t len);

#endif
