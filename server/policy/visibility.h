/* Who sees what (README "Who sees what", DESIGN.md section 8): the one
 * visibility rule, applied by ygd wherever a meeting's data leaves the
 * server. Its SQL half (sql/0018_visibility.sql: yg_event_shown,
 * yg_item_listed) filters the rows; keep the two alike. Pure: no I/O. */
#ifndef YG_SERVER_VISIBILITY_H
#define YG_SERVER_VISIBILITY_H

#include <stdbool.h>

#include <cjson/cJSON.h>

enum vis_audience {
	VIS_PUBLIC,   /* not logged in: the portal, anonymous terminals */
	VIS_OBSERVER, /* an invited observer (列席旁听) */
	VIS_MEMBER,   /* anyone holding a committee role */
};

/* What makes an item confidential. */
struct vis_item {
	bool personnel;      /* a cadre item (干部任免) */
	bool marked;         /* marked confidential by the chair before its meeting */
	bool rule_category;  /* its category is in the rules' confidential_categories */
	bool affects_public; /* announced to the public before the decision */
};

enum vis_audience vis_audience_of(bool logged_in, bool observer);
bool vis_item_confidential(const struct vis_item *it);
bool vis_event_shown(enum vis_audience who, bool members_only, bool confidential);
bool vis_item_listed(const struct vis_item *it);
bool vis_event_json_shown(enum vis_audience who, const cJSON *tags);
int vis_filter_events(enum vis_audience who, cJSON *events);

#endif
