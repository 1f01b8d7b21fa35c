/* A committee's rules (DESIGN.md section 3) as settings: each with a type,
 * a default, bounds and a description. The defaults are written into a
 * committee when it is created; an admin changes them one at a time (and
 * in a trial committee, 试用, its chair shortens its periods). This
 * module only knows shapes: whether category and material codes exist is
 * checked against the catalogue in the database. */
#ifndef YG_SERVER_SETTINGS_H
#define YG_SERVER_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

enum setting_kind {
	SETTING_INT, /* whole number in [min, max] */
	SETTING_BOOL,
	SETTING_FRACTION,  /* {"num": n, "den": d, "inclusive": b}, 0 < n <= d <= 100 */
	SETTING_CHOICE,    /* one of choices */
	SETTING_CODES,     /* array of distinct codes */
	SETTING_MATERIALS, /* {category code: [material codes]} */
};

struct setting {
	const char *name;
	enum setting_kind kind;
	const char *dflt; /* JSON */
	long min, max;
	const char *const *choices;
	const char *zh; /* what it means, for people */
	const char *en;
};

extern const struct setting settings_table[];

const struct setting *settings_find(const char *name);
cJSON *settings_defaults(void);
bool settings_validate(const struct setting *s, const cJSON *value, char *why, size_t len);
const char *settings_kind_name(enum setting_kind kind);

/* Who may change a rule (issue 22): an admin any rule, except that only a
 * trial committee (试用) has days shorter than a day (trial_day_seconds);
 * in a trial committee its chair too, but only its periods (comment
 * windows, notice periods, publication_days: settings_trial_period) and
 * only shorter than they are. The database re-checks the same in
 * api.rules_set. */
enum settings_verdict {
	SETTINGS_OK,
	SETTINGS_TRIAL_ONLY,   /* trial_day_seconds in a real committee */
	SETTINGS_CHAIR_REAL,   /* a chair (not an admin) in a real committee */
	SETTINGS_CHAIR_RULE,   /* a chair, a rule that is not a period */
	SETTINGS_CHAIR_LONGER, /* a chair, a period made longer than it is */
};

/* Whether the rule called name is a period a trial's chair may shorten. */
bool settings_trial_period(const char *name);
/* The verdict on setting s to value by an admin (or else a chair), in a
 * trial committee or a real one, the rule's value now being current (NULL
 * when the committee has none). */
enum settings_verdict settings_may_change(const struct setting *s, bool admin, bool trial,
					  const cJSON *current, const cJSON *value);
/* The refusal's English words for v, with s's name and current value
 * (proto/refusal.c names them). */
void settings_verdict_text(enum settings_verdict v, const struct setting *s, const cJSON *current,
			   char *buf, size_t len);

#endif
