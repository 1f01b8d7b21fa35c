/* The public web portal in ygd's loop (see portal.c). */
#ifndef YG_PORTAL_PORTAL_H
#define YG_PORTAL_PORTAL_H

struct server;
struct portal;
struct metrics;

struct portal *portal_start(struct server *srv);
void portal_free(struct portal *pt);
void portal_gauges(const struct portal *pt, struct metrics *m);
/* Once the worker threads are gone: the font caches its printed
 * documents used, given back. */
void portal_release(void);

#endif
