/* One entry of a meeting's log as one line a person reads, in the chosen
 * language (the wording of `yg meeting follow`). Pure: unit tested. */
#ifndef YG_CLIENT_TUI_EVENTS_H
#define YG_CLIENT_TUI_EVENTS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "tui_model.h"

/* The line for event ev with data d, m giving names; written to buf (cut
 * between characters if len is short). */
void tev_text(const struct tm_meeting *m, const char *ev, const cJSON *d, char *buf, size_t len);
/* 同意 / 不同意 / 缓议 for a position code. */
const char *tev_position(const char *position);
/* A motion's choice (同意 / 不同意 / 弃权, as the server names them) in
 * the chosen language; any other label (a candidate's name) as it is. */
const char *tev_label(const char *label);
/* 通过 / 未通过 / … for a result code. */
const char *tev_result(const char *result);
/* The state of an agenda item, in words. */
const char *tev_state(enum tm_state s);
/* The meeting's status (draft, announced, open, closed), in words. */
const char *tev_status(const char *status);
/* "同意 7 票，不同意 1 票，弃权 1 票 — 通过；当选 …" for a decided item. */
void tev_counts(const struct tm_item *it, char *buf, size_t len);

#endif
