/* rules.get, rules.set: a committee's rules, each a setting of
 * server/policy/settings.c; rules.set by an admin, or in a trial committee
 * (试用) by its chair for its periods (settings_may_change). */
#include <stdlib.h>

#include "../api_call.h"
#include "../rule_txn.h"
#include "../policy/settings.h"
#include "ops.h"

/* One setting's description with the committee's value. */
static cJSON *rules_describe(const struct setting *s, const cJSON *value)
{
	cJSON *d = cJSON_CreateObject(), *choices;
	const char *const *c;

	cJSON_AddStringToObject(d, "name", s->name);
	cJSON_AddStringToObject(d, "kind", settings_kind_name(s->kind));
	cJSON_AddItemToObject(d, "value",
			      value != NULL ? cJSON_Duplicate(value, 1) : cJSON_Parse(s->dflt));
	cJSON_AddItemToObject(d, "default", cJSON_Parse(s->dflt));
	if (s->kind == SETTING_INT) {
		cJSON_AddNumberToObject(d, "min", (double)s->min);
		cJSON_AddNumberToObject(d, "max", (double)s->max);
	}
	if (s->choices != NULL) {
		choices = cJSON_AddArrayToObject(d, "choices");
		for (c = s->choices; *c != NULL; c++)
			cJSON_AddItemToArray(choices, cJSON_CreateString(*c));
	}
	cJSON_AddStringToObject(d, "zh", s->zh);
	cJSON_AddStringToObject(d, "en", s->en);
	return d;
}

/* Add each setting's description to the stored rules. */
static void get_done(struct request *req, cJSON *result)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(result, "rules");
	cJSON *list = cJSON_AddArrayToObject(result, "settings");
	const struct setting *s;

	for (s = settings_table; s->name != NULL; s++)
		cJSON_AddItemToArray(
			list, rules_describe(s, cJSON_GetObjectItemCaseSensitive(rules, s->name)));
	request_reply(req, result);
}

static void get_exec(struct request *req)
{
	api_call_args(req, "rules_get", get_done);
}

/* The committee is locked and its facts read: whether this caller may
 * change this rule (settings_may_change), then the change. */
static void set_judge(struct rule_txn *t, struct request *req, cJSON *facts)
{
	const char *name = args_string(req->args, "name");
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(req->args, "value");
	const cJSON *current = cJSON_GetObjectItemCaseSensitive(facts, "current");
	const struct setting *s = settings_find(name);
	const cJSON *trial = cJSON_GetObjectItemCaseSensitive(facts, "trial");
	const cJSON *admin = cJSON_GetObjectItemCaseSensitive(facts, "admin");
	enum settings_verdict v;
	char why[256];

	if (s == NULL || !cJSON_IsBool(trial) || !cJSON_IsBool(admin)) {
		rule_txn_fail(t, YG_ERR_INTERNAL, "unreadable rule facts");
		return;
	}
	v = settings_may_change(s, cJSON_IsTrue(admin), cJSON_IsTrue(trial), current, value);
	if (v != SETTINGS_OK) {
		settings_verdict_text(v, s, current, why, sizeof(why));
		rule_txn_fail(t, v == SETTINGS_TRIAL_ONLY ? YG_ERR_CONFLICT : YG_ERR_FORBIDDEN,
			      "%s", why);
		return;
	}
	rule_txn_call_args(t, "rules_set", NULL);
}

static void set_exec(struct request *req)
{
	const char *name = args_string(req->args, "name");
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(req->args, "value");
	const struct setting *s = settings_find(name);
	char why[256];

	if (s == NULL) {
		request_fail(req, YG_ERR_NOT_FOUND, "no rule called \"%s\"", name);
		return;
	}
	if (!settings_validate(s, value, why, sizeof(why))) {
		request_fail(req, YG_ERR_BAD_REQUEST, "%s", why);
		return;
	}
	rule_txn_start_args(req, "rules_set_facts", set_judge);
}

const struct op_entry op_rules_get = {
	.name = "rules.get",
	.flags = OP_NEEDS_DB,
	.exec = get_exec,
};

const struct op_entry op_rules_set = {
	.name = "rules.set",
	.flags = OP_NEEDS_DB,
	.exec = set_exec,
};
