/* Meeting times are kept (DESIGN.md section 3; issue 22): a meeting is
 * announced at least a notice period before it starts, and opens no
 * earlier than a tolerance before its scheduled time. Pure arithmetic on
 * seconds since the epoch, by the server's clock; ygd judges these in the
 * transaction that announces or opens, and the database re-checks them. */
#ifndef YG_RULES_MEETING_TIME_H
#define YG_RULES_MEETING_TIME_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct meeting_time_facts {
	long long now;           /* the server's clock */
	long long starts_at;     /* the meeting's scheduled time */
	long long notice_s;      /* meeting_notice_hours, in seconds (a trial's are shorter) */
	long open_early_minutes; /* meeting_open_early_minutes */
};

/* The earliest time the meeting may open. */
long long meeting_time_opens_at(const struct meeting_time_facts *f);
/* Whether it may open now. */
bool meeting_time_may_open(const struct meeting_time_facts *f);
/* Whether it may be announced now: at least notice_s before it starts. */
bool meeting_time_may_announce(const struct meeting_time_facts *f);
/* The facts as the database gives them ({now, starts_at, notice_seconds,
 * open_early_minutes}, numbers); 0, or -1 when one is missing or absurd. */
int meeting_time_from_json(const cJSON *json, struct meeting_time_facts *f);
/* An instant as RFC 3339 in UTC ("2026-12-06T02:00:00Z"), as refusals name
 * times for terminals to show in the committee's clock. */
void meeting_time_text(long long at, char *buf, size_t len);

#endif
