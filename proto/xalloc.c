#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "xalloc.h"

static void xalloc_fail(size_t n)
{
	fprintf(stderr, "out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n > 0 ? n : 1);

	if (p == NULL)
		xalloc_fail(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p;

	if (count == 0 || size == 0)
		count = size = 1;
	if ((p = calloc(count, size)) == NULL)
		xalloc_fail(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n > 0 ? n : 1);

	if (q == NULL)
		xalloc_fail(n);
	return q;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		xalloc_fail(strlen(s) + 1);
	return d;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	if (d == NULL)
		xalloc_fail(n + 1);
	return d;
}

void xalloc_cjson_hooks(void)
{
	cJSON_Hooks hooks = {xmalloc, free};

	cJSON_InitHooks(&hooks);
}
