#include <stdio.h>
#include <string.h>

#include "gates.h"

static const char *const gate_codes[GATE__COUNT] = {
	[GATE_NOT_ANNOUNCED] = "not_announced",
	[GATE_WINDOW_OPEN] = "window_open",
	[GATE_STATUS] = "status",
	[GATE_CATEGORY_DISABLED] = "category_disabled",
	[GATE_POWER_NOT_COLLECTIVE] = "power_not_collective",
	[GATE_POWER_RETIRED] = "power_retired",
	[GATE_POWER_CATEGORY] = "power_category",
	[GATE_MATERIAL_MISSING] = "material_missing",
	[GATE_LEGALITY_FAILED] = "legality_failed",
	[GATE_CONTESTED_PUBLIC] = "contested_public",
	[GATE_CONTESTED_MEMBER] = "contested_member",
	[GATE_CANDIDATES] = "candidates",
};

/* The stable name of a gate, as terminals see it. */
const char *gate_code(enum gate gate)
{
	return (unsigned)gate < GATE__COUNT ? gate_codes[gate] : "?";
}

/* Append one unmet gate, if there is room. */
static void gates_add(struct gate_unmet *out, int max, int *n, enum gate g, const char *detail)
{
	if (*n < max) {
		out[*n].gate = g;
		snprintf(out[*n].detail, sizeof(out[*n].detail), "%s",
			 detail != NULL ? detail : "");
	}
	(*n)++;
}

/* Whether kind is among the kinds present. */
static bool gates_present(const struct item_facts *f, const char *kind)
{
	int i;

	for (i = 0; i < f->npresent; i++)
		if (strcmp(f->present[i], kind) == 0)
			return true;
	return false;
}

/* Announcement, window and status. The window is over at its end instant:
 * comments are taken while now < window_ends, the gate passes once
 * now >= window_ends. */
static void gates_timing(const struct item_facts *f, time_t now, struct gate_unmet *out, int max,
			 int *n)
{
	char when[40];

	if (strcmp(f->status, "scheduled") == 0 || strcmp(f->status, "withdrawn") == 0)
		gates_add(out, max, n, GATE_STATUS, f->status);
	if (!f->announced) {
		gates_add(out, max, n, GATE_NOT_ANNOUNCED, NULL);
		return;
	}
	if (now < f->window_ends) {
		snprintf(when, sizeof(when), "%lld", (long long)f->window_ends);
		gates_add(out, max, n, GATE_WINDOW_OPEN, when);
	}
}

/* Category and power-list entry. */
static void gates_power(const struct item_facts *f, struct gate_unmet *out, int max, int *n)
{
	if (!f->category_enabled)
		gates_add(out, max, n, GATE_CATEGORY_DISABLED, NULL);
	if (!f->power_collective)
		gates_add(out, max, n, GATE_POWER_NOT_COLLECTIVE, NULL);
	if (!f->power_active)
		gates_add(out, max, n, GATE_POWER_RETIRED, NULL);
	if (!f->power_category_matches)
		gates_add(out, max, n, GATE_POWER_CATEGORY, NULL);
}

/* Materials (不调研不决策) and the legality review. */
static void gates_materials(const struct item_facts *f, struct gate_unmet *out, int max, int *n)
{
	int i;

	for (i = 0; i < f->nrequired; i++)
		if (!gates_present(f, f->required[i]))
			gates_add(out, max, n, GATE_MATERIAL_MISSING, f->required[i]);
	if (f->legality == LEGALITY_FAILED)
		gates_add(out, max, n, GATE_LEGALITY_FAILED, NULL);
}

/* Contest and, for cadre items, candidates and seats. */
static void gates_contest(const struct item_facts *f, struct gate_unmet *out, int max, int *n)
{
	char count[40];

	if (f->public_objections > f->contest_threshold) {
		snprintf(count, sizeof(count), "%ld", f->public_objections);
		gates_add(out, max, n, GATE_CONTESTED_PUBLIC, count);
	}
	if (f->member_objections > 0) {
		snprintf(count, sizeof(count), "%ld", f->member_objections);
		gates_add(out, max, n, GATE_CONTESTED_MEMBER, count);
	}
	if (f->personnel && (f->candidates < 1 || f->seats < 1 || f->seats > f->candidates))
		gates_add(out, max, n, GATE_CANDIDATES, NULL);
}

/* Every gate f fails at time now, in a fixed order, into out (at most max
 * stored). Returns how many fail: 0 means the item may go on an agenda. */
int gates_check(const struct item_facts *f, time_t now, struct gate_unmet *out, int max)
{
	int n = 0;

	gates_timing(f, now, out, max, &n);
	gates_power(f, out, max, &n);
	gates_materials(f, out, max, &n);
	gates_contest(f, out, max, &n);
	return n;
}

/* Copy a JSON array of strings into kinds; -1 if it does not fit. */
static int gates_kinds(const cJSON *a, char kinds[GATES_MAX_KINDS][33], int *n)
{
	const cJSON *v;

	*n = 0;
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsString(v) || *n == GATES_MAX_KINDS || strlen(v->valuestring) > 32)
			return -1;
		strcpy(kinds[(*n)++], v->valuestring);
	}
	return 0;
}

static bool gates_bool(const cJSON *j, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, name));
}

/* A whole number member of j into *out; false if it is missing, not a
 * number, or out of range. */
static bool gates_long(const cJSON *j, const char *name, long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= -9.0e15 && v->valuedouble <= 9.0e15))
		return false;
	*out = (long)v->valuedouble;
	return true;
}

/* Read the facts api.item_facts gives (times in seconds since the epoch). */
int gates_facts_from_json(const cJSON *j, struct item_facts *f)
{
	long window, candidates, seats;
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(j, "status");
	const cJSON *legality = cJSON_GetObjectItemCaseSensitive(j, "legality");

	memset(f, 0, sizeof(*f));
	if (!cJSON_IsString(status) || strlen(status->valuestring) >= sizeof(f->status))
		return -1;
	strcpy(f->status, status->valuestring);
	f->announced = gates_bool(j, "announced");
	f->category_enabled = gates_bool(j, "category_enabled");
	f->personnel = gates_bool(j, "personnel");
	f->power_collective = gates_bool(j, "power_collective");
	f->power_active = gates_bool(j, "power_active");
	f->power_category_matches = gates_bool(j, "power_category_matches");
	f->legality = !cJSON_IsString(legality)                      ? LEGALITY_NONE
		      : strcmp(legality->valuestring, "passed") == 0 ? LEGALITY_PASSED
								     : LEGALITY_FAILED;
	if (!gates_long(j, "window_ends", &window) ||
	    !gates_long(j, "public_objections", &f->public_objections) ||
	    !gates_long(j, "contest_threshold", &f->contest_threshold) ||
	    !gates_long(j, "member_objections", &f->member_objections) ||
	    !gates_long(j, "candidates", &candidates) || !gates_long(j, "seats", &seats) ||
	    candidates < 0 || candidates > 1000 || seats < 0 || seats > 1000)
		return -1;
	f->window_ends = (time_t)window;
	f->candidates = (int)candidates;
	f->seats = (int)seats;
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "required")) ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "present")))
		return -1;
	if (gates_kinds(cJSON_GetObjectItemCaseSensitive(j, "required"), f->required,
			&f->nrequired) != 0 ||
	    gates_kinds(cJSON_GetObjectItemCaseSensitive(j, "present"), f->present, &f->npresent) !=
		    0)
		return -1;
	return 0;
}

/* [{"gate": code, "detail": text}, ...] */
cJSON *gates_to_json(const struct gate_unmet *unmet, int n)
{
	cJSON *a = cJSON_CreateArray(), *g;
	int i;

	for (i = 0; i < n; i++) {
		g = cJSON_CreateObject();
		cJSON_AddStringToObject(g, "gate", gate_code(unmet[i].gate));
		cJSON_AddStringToObject(g, "detail", unmet[i].detail);
		cJSON_AddItemToArray(a, g);
	}
	return a;
}
