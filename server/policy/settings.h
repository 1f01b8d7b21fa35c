/* A committee's rules (DESIGN.md section 3) as settings: each with a type,
 * a default, bounds and a description. The defaults are written into a
 * committee when it is created; an admin changes them one at a time. This
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

#endif
