/* A threshold key ceremony at a scrutineer's terminal (scrutiny_dkg.c):
 * for the scrutineer's work (scrutiny.c) and the scrutineer screen. */
#ifndef YG_CLIENT_SCRUTINY_DKG_H
#define YG_CLIENT_SCRUTINY_DKG_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "../proto/group.h"
#include "conn.h"

/* Whether tasks describe a threshold key ceremony, and its next step on
 * this terminal (deal, seal or accept) when that is possible now. */
bool scrutiny_dkg_active(const cJSON *tasks);
int scrutiny_dkg_step(struct yg_conn *c, const struct yg_opts *opts, const cJSON *tasks,
		      struct group *g, FILE *out, FILE *err);

#endif
