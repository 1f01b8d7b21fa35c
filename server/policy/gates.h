/* The gates an agenda item must pass before it can go on a meeting's
 * agenda (DESIGN.md section 3, rules 1-4): announced, comment window over,
 * materials present, legality review passed, a power-list entry that allows
 * collective decision, not contested. Pure: the facts and "now" come in,
 * the full list of unmet gates comes out. */
#ifndef YG_SERVER_GATES_H
#define YG_SERVER_GATES_H

#include <stdbool.h>
#include <time.h>

#include <cjson/cJSON.h>

#define GATES_MAX_KINDS 16

/* In the order gates_check reports them. */
enum gate {
	GATE_STATUS,               /* withdrawn, or already on an agenda */
	GATE_NOT_ANNOUNCED,        /* the current version has not been announced */
	GATE_WINDOW_OPEN,          /* its comment window has not ended yet */
	GATE_CATEGORY_DISABLED,    /* the committee does not decide this category */
	GATE_POWER_NOT_COLLECTIVE, /* the power-list entry is not for collective decision */
	GATE_POWER_RETIRED,        /* the power-list entry was retired */
	GATE_POWER_CATEGORY,       /* the entry is of another category than the item */
	GATE_MATERIAL_MISSING,     /* a required material is missing (detail: its kind) */
	GATE_LEGALITY_FAILED,      /* the newest legality review did not pass */
	GATE_CONTESTED_PUBLIC,     /* more public objections than the setting allows */
	GATE_CONTESTED_MEMBER,     /* a member lodged a formal objection */
	GATE_CANDIDATES,           /* cadre item without candidates, or seats out of range */
	GATE__COUNT
};

enum legality { LEGALITY_NONE, LEGALITY_FAILED, LEGALITY_PASSED };

struct item_facts {
	char status[16]; /* draft, announced, scheduled, withdrawn */
	bool announced;  /* the current version has been announced */
	time_t window_ends;
	bool category_enabled;
	bool personnel;
	bool power_collective;
	bool power_active;
	bool power_category_matches;
	char required[GATES_MAX_KINDS][33]; /* material kinds the category needs */
	int nrequired;
	char present[GATES_MAX_KINDS][33]; /* kinds with at least one material */
	int npresent;
	enum legality legality; /* of the newest legality review */
	long public_objections;
	long contest_threshold; /* contested when public_objections exceed it */
	long member_objections;
	int candidates;
	int seats;
};

struct gate_unmet {
	enum gate gate;
	char detail[40];
};

int gates_check(const struct item_facts *f, time_t now, struct gate_unmet *out, int max);
const char *gate_code(enum gate gate);
int gates_facts_from_json(const cJSON *json, struct item_facts *f);
cJSON *gates_to_json(const struct gate_unmet *unmet, int n);

#endif
