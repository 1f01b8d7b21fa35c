/* Connections held per network address, so that one address cannot take
 * every slot of a listener. Pure: no sockets, no libevent. */
#ifndef YG_SERVER_PEERS_H
#define YG_SERVER_PEERS_H

#include <stdbool.h>

struct peer;

struct peers {
	struct peer **buckets;
	unsigned nbuckets;
	unsigned naddrs; /* addresses holding at least one connection */
};

int peers_init(struct peers *p, unsigned nbuckets);
void peers_free(struct peers *p);
bool peers_take(struct peers *p, const char *addr, unsigned cap); /* false: at cap, or no memory */
void peers_put(struct peers *p, const char *addr);
unsigned peers_count(const struct peers *p, const char *addr);

#endif
