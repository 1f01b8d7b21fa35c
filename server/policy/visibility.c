#include "visibility.h"

/* The audience of a terminal. */
enum vis_audience vis_audience_of(bool logged_in, bool observer)
{
	if (!logged_in)
		return VIS_PUBLIC;
	return observer ? VIS_OBSERVER : VIS_MEMBER;
}

/* Cadre items, items of a category the rules name, and items the chair
 * marked are confidential. */
bool vis_item_confidential(const struct vis_item *it)
{
	return it->personnel || it->marked || it->rule_category;
}

/* May who see a meeting event so tagged? Members see everything; observers
 * neither members-only events nor those of a confidential item; the public
 * no meeting event (it reads publications). */
bool vis_event_shown(enum vis_audience who, bool members_only, bool confidential)
{
	switch (who) {
	case VIS_MEMBER:
		return true;
	case VIS_OBSERVER:
		return !members_only && !confidential;
	case VIS_PUBLIC:
		break;
	}
	return false;
}

/* Is an item shown to the public before its decision is published? Only
 * an announcement that affects the public and is not confidential. */
bool vis_item_listed(const struct vis_item *it)
{
	return it->affects_public && !vis_item_confidential(it);
}

/* The rule for an event (or notification) carrying its tags as members:
 * "members_only" and "confidential". A missing tag counts as set only for
 * confidential data we cannot judge: an object without "confidential" is
 * taken as confidential, so that an untagged event never reaches
 * observers. */
bool vis_event_json_shown(enum vis_audience who, const cJSON *tags)
{
	const cJSON *mo = cJSON_GetObjectItemCaseSensitive(tags, "members_only");
	const cJSON *conf = cJSON_GetObjectItemCaseSensitive(tags, "confidential");

	return vis_event_shown(who, cJSON_IsTrue(mo), !cJSON_IsFalse(conf));
}

/* Drop from the array events every event who may not see; the number
 * dropped. */
int vis_filter_events(enum vis_audience who, cJSON *events)
{
	int i = 0, dropped = 0;
	cJSON *e;

	while ((e = cJSON_GetArrayItem(events, i)) != NULL) {
		if (vis_event_json_shown(who, e)) {
			i++;
			continue;
		}
		cJSON_DeleteItemFromArray(events, i);
		dropped++;
	}
	return dropped;
}
