/* A material downloaded from the server and checked before it appears:
 * for yg material get and the member's screen (material_fetch.c). */
#ifndef YG_CLIENT_MATERIAL_FETCH_H
#define YG_CLIENT_MATERIAL_FETCH_H

#include <cjson/cJSON.h>

#include "conn.h"

#define MATERIAL_CHUNK 262144 /* bytes of one chunk, as the server's */

/* Download material id into the file out, checking its size and SHA-256
 * (a temporary file beside out until then). */
int material_fetch(struct yg_conn *c, long long id, const char *out);

/* The same in two steps, for a caller that names out after the first
 * reply (its name, size and SHA-256): material_fetch_begin asks for it,
 * material_fetch_rest takes it (freed) and downloads the rest. */
int material_fetch_begin(struct yg_conn *c, long long id, cJSON **first);
int material_fetch_rest(struct yg_conn *c, long long id, const char *out, cJSON *first);

#endif
