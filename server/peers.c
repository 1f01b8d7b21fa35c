#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "peers.h"

struct peer {
	struct peer *next;
	unsigned n;
	char addr[];
};

int peers_init(struct peers *p, unsigned nbuckets)
{
	memset(p, 0, sizeof(*p));
	if (nbuckets == 0)
		return -1;
	p->buckets = xcalloc(nbuckets, sizeof(*p->buckets));
	p->nbuckets = nbuckets;
	return 0;
}

void peers_free(struct peers *p)
{
	struct peer *e, *next;
	unsigned i;

	for (i = 0; i < p->nbuckets; i++)
		for (e = p->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	free(p->buckets);
	memset(p, 0, sizeof(*p));
}

static unsigned peers_hash(const struct peers *p, const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % p->nbuckets;
}

/* The link that points at addr's entry, or at the NULL ending its chain. */
static struct peer **peers_find(const struct peers *p, const char *addr)
{
	struct peer **pp = &p->buckets[peers_hash(p, addr)];

	while (*pp != NULL && strcmp((*pp)->addr, addr) != 0)
		pp = &(*pp)->next;
	return pp;
}

/* Count one more connection of addr, unless it already holds cap. */
bool peers_take(struct peers *p, const char *addr, unsigned cap)
{
	struct peer **pp = peers_find(p, addr), *e = *pp;
	size_t len;

	if (e != NULL) {
		if (e->n >= cap)
			return false;
		e->n++;
		return true;
	}
	if (cap == 0)
		return false;
	len = strlen(addr) + 1;
	e = xmalloc(sizeof(*e) + len);
	e->next = NULL;
	e->n = 1;
	memcpy(e->addr, addr, len);
	*pp = e;
	p->naddrs++;
	return true;
}

/* One connection of addr is gone; an address with none is forgotten. */
void peers_put(struct peers *p, const char *addr)
{
	struct peer **pp = peers_find(p, addr), *e = *pp;

	if (e == NULL)
		return;
	if (--e->n == 0) {
		*pp = e->next;
		free(e);
		p->naddrs--;
	}
}

unsigned peers_count(const struct peers *p, const char *addr)
{
	const struct peer *e = *peers_find(p, addr);

	return e != NULL ? e->n : 0;
}
