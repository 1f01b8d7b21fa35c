#include <math.h>
#include <stdio.h>
#include <string.h>

#include "settings.h"

static const char *const pass_bases[] = {"entitled", "present", NULL};

const struct setting settings_table[] = {
	{"announce_days_public", SETTING_INT, "7", 1, 90, NULL,
	 "涉及群众利益的议题，决策前至少预告的天数",
	 "days a public-facing item is announced before the decision"},
	{"announce_days_internal", SETTING_INT, "3", 1, 90, NULL, "内部议题决策前至少预告的天数",
	 "days an internal item is announced before the decision"},
	{"materials", SETTING_MATERIALS,
	 "{\"decision\":[\"research\",\"risk_assessment\",\"legality_review\"],"
	 "\"cadre\":[\"research\"],"
	 "\"project\":[\"research\",\"expert_review\",\"risk_assessment\",\"legality_review\"],"
	 "\"funds\":[\"research\",\"expert_review\",\"legality_review\"],"
	 "\"incident\":[]}",
	 0, 0, NULL, "各类议题上会前必须具备的材料（不调研不决策）",
	 "materials each category of item needs before it can go on an agenda"},
	{"contest_objections", SETTING_INT, "10", 0, 100000, NULL,
	 "公开征求意见中反对意见超过此数即为争议议题，只能缓议",
	 "an item with more public objections than this is contested and can only be deferred"},
	{"categories", SETTING_CODES, "[\"decision\",\"cadre\",\"project\",\"funds\"]", 1, 16, NULL,
	 "本委员会决策的事项类别（加入 incident 即为“四重一大”）",
	 "categories of matter this committee decides (add incident for 四重一大)"},
	{"quorum", SETTING_FRACTION, "{\"num\":1,\"den\":2,\"inclusive\":false}", 0, 0, NULL,
	 "开会所需到会人数占应到会人数的比例（默认须超过半数）",
	 "share of members entitled to attend who must be present to open (default: more than "
	 "half)"},
	{"quorum_personnel", SETTING_FRACTION, "{\"num\":2,\"den\":3,\"inclusive\":true}", 0, 0,
	 NULL, "干部任免议题所需到会比例（默认不少于三分之二）",
	 "share that must be present for cadre items (default: at least two thirds)"},
	{"pass_threshold", SETTING_FRACTION, "{\"num\":1,\"den\":2,\"inclusive\":false}", 0, 0,
	 NULL, "通过所需赞成票比例（默认须超过半数）",
	 "share of yes votes needed to pass (default: more than half)"},
	{"pass_base", SETTING_CHOICE, "\"entitled\"", 0, 0, pass_bases,
	 "通过比例的基数：entitled 为应到会人数，present 为实到人数",
	 "what the pass share is of: entitled (应到会) or present members"},
	{"recuse_discussion", SETTING_BOOL, "true", 0, 0, NULL, "回避的委员不参加该议题讨论",
	 "a recused member does not take part in the discussion"},
	{"recuse_vote", SETTING_BOOL, "true", 0, 0, NULL, "回避的委员不参加该议题表决",
	 "a recused member does not vote"},
	{"chair_speaks_last", SETTING_BOOL, "true", 0, 0, NULL, "主要领导末位表态",
	 "the presiding chair states a position only after every other member"},
	{"personnel_all_state", SETTING_BOOL, "true", 0, 0, NULL, "干部任免议题每位委员须逐一表态",
	 "on cadre items every member must state a position"},
	{"scrutineers_vote_first", SETTING_BOOL, "false", 0, 0, NULL, "监票人先投票",
	 "scrutineers cast their ballots first"},
	{"scrutineers", SETTING_INT, "3", 1, 9, NULL, "每次会议指定的监票人人数 n",
	 "number of scrutineers designated per meeting, n"},
	{"scrutineer_threshold", SETTING_INT, "2", 0, 9, NULL,
	 "解密所需的监票人人数 k（任 k 人即可解密；0：全部监票人，不设门限）",
	 "scrutineers needed to decrypt, any k of the n (0: all of them, no threshold)"},
	{"auditor_scrutineers", SETTING_INT, "0", 0, 9, NULL,
	 "监票人中最多可有几位不参加表决的纪委人员（auditor 角色，不在应到会名单上）；"
	 "多于 n − k 位时，仅凭参加表决的委员无法解密",
	 "how many of the scrutineers may be auditors (纪委) who do not vote; with more than "
	 "n - k of them, voting members alone cannot decrypt"},
	{"decrypt_min_ballots", SETTING_INT, "3", 2, 1000, NULL,
	 "监票人解密计票所需的最少选票数（选票太少，解密会暴露个人的投票）",
	 "least number of ballots whose sum a scrutineer's terminal decrypts (fewer would "
	 "reveal how people voted)"},
	{"publication_days", SETTING_INT, "20", 1, 365, NULL, "决策结果公开的期限（天）",
	 "days within which a result must be published"},
	{"preappointment_notice_workdays", SETTING_INT, "5", 1, 30, NULL,
	 "干部任前公示的工作日数（试用委员会按试用的“天”计）",
	 "working days of the pre-appointment public notice (in a trial committee, its "
	 "days)"},
	{"confidential_categories", SETTING_CODES, "[]", 0, 16, NULL,
	 "除干部任免外，按保密处理的事项类别（列席人员和公众在公开前均不可见）",
	 "categories besides cadre items whose items are confidential (hidden from observers and "
	 "the public until published)"},
	{"meeting_notice_hours", SETTING_INT, "24", 0, 720, NULL,
	 "会议至少提前多少小时公布（会议通知期）",
	 "hours at least between a meeting's announcement and its start (notice period)"},
	{"meeting_open_early_minutes", SETTING_INT, "30", 0, 1440, NULL,
	 "会议最早可在预定时间前多少分钟宣布开会",
	 "minutes at most before its scheduled time that a meeting may open"},
	{"trial_day_seconds", SETTING_INT, "86400", 5, 86400, NULL,
	 "试用委员会的一“天”按多少秒计（预告期、会议通知期、任前公示期随之缩短；"
	 "仅试用委员会可改）",
	 "seconds a day of the rules lasts in a trial committee (comment windows, notice "
	 "periods and pre-appointment notices shrink with it; only a trial committee may "
	 "change it)"},
	{"cadre_summary_counts", SETTING_BOOL, "false", 0, 0, NULL,
	 "干部任免决策摘要公开时是否公布各候选人得票（默认只公布任用人选和结果）",
	 "whether a cadre decision published in summary shows each candidate's votes (default: "
	 "only the appointed names and the outcome)"},
	{NULL, SETTING_INT, NULL, 0, 0, NULL, NULL, NULL},
};

/* The setting called name, or NULL. */
const struct setting *settings_find(const char *name)
{
	const struct setting *s;

	for (s = settings_table; s->name != NULL; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* Every setting at its default, as one JSON object. */
cJSON *settings_defaults(void)
{
	cJSON *rules = cJSON_CreateObject();
	const struct setting *s;

	for (s = settings_table; s->name != NULL; s++)
		cJSON_AddItemToObject(rules, s->name, cJSON_Parse(s->dflt));
	return rules;
}

const char *settings_kind_name(enum setting_kind kind)
{
	static const char *const names[] = {"int",    "bool",  "fraction",
					    "choice", "codes", "materials"};

	return names[kind];
}

/* Whether v is a whole number in [min, max]. */
static bool settings_int_ok(const cJSON *v, long min, long max)
{
	return cJSON_IsNumber(v) && floor(v->valuedouble) == v->valuedouble &&
	       v->valuedouble >= (double)min && v->valuedouble <= (double)max;
}

/* Whether s is a code: 1-32 of [a-z_], starting with a letter. */
static bool settings_code_ok(const char *s)
{
	const char *p;

	if (s[0] < 'a' || s[0] > 'z' || strlen(s) > 32)
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return false;
	return true;
}

/* Whether v is an array of at most max distinct codes. */
static bool settings_codes_ok(const cJSON *v, long min, long max)
{
	const cJSON *a, *b;
	int n = cJSON_GetArraySize(v);

	if (!cJSON_IsArray(v) || n < min || n > max)
		return false;
	cJSON_ArrayForEach(a, v)
		if (!cJSON_IsString(a) || !settings_code_ok(a->valuestring))
			return false;
	/* Every entry is a string now: compare them. */
	cJSON_ArrayForEach(a, v)
		for (b = a->next; b != NULL; b = b->next)
			if (strcmp(a->valuestring, b->valuestring) == 0)
				return false;
	return true;
}

/* Whether v is {"num", "den", "inclusive"} with 0 < num <= den <= 100. */
static bool settings_fraction_ok(const cJSON *v)
{
	const cJSON *num = cJSON_GetObjectItemCaseSensitive(v, "num");
	const cJSON *den = cJSON_GetObjectItemCaseSensitive(v, "den");
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(v, "inclusive");

	return cJSON_IsObject(v) && cJSON_GetArraySize(v) == 3 && settings_int_ok(num, 1, 100) &&
	       settings_int_ok(den, 1, 100) && num->valuedouble <= den->valuedouble &&
	       cJSON_IsBool(inc);
}

/* Whether v is {category: [material, ...]} with codes for keys and values. */
static bool settings_materials_ok(const cJSON *v)
{
	const cJSON *cat, *other;

	if (!cJSON_IsObject(v) || cJSON_GetArraySize(v) > 16)
		return false;
	cJSON_ArrayForEach(cat, v) {
		if (!settings_code_ok(cat->string) || !settings_codes_ok(cat, 0, 16))
			return false;
		for (other = cat->next; other != NULL; other = other->next)
			if (strcmp(other->string, cat->string) == 0)
				return false;
	}
	return true;
}

/* Whether v is one of the setting's choices. */
static bool settings_choice_ok(const struct setting *s, const cJSON *v)
{
	const char *const *c;

	if (!cJSON_IsString(v))
		return false;
	for (c = s->choices; *c != NULL; c++)
		if (strcmp(*c, v->valuestring) == 0)
			return true;
	return false;
}

/* Whether value has the shape and bounds setting s requires. */
bool settings_validate(const struct setting *s, const cJSON *value, char *why, size_t len)
{
	bool ok = false;

	switch (s->kind) {
	case SETTING_INT:
		ok = settings_int_ok(value, s->min, s->max);
		if (!ok)
			snprintf(why, len, "%s must be a whole number from %ld to %ld", s->name,
				 s->min, s->max);
		return ok;
	case SETTING_BOOL:
		ok = cJSON_IsBool(value);
		break;
	case SETTING_FRACTION:
		ok = settings_fraction_ok(value);
		break;
	case SETTING_CHOICE:
		ok = settings_choice_ok(s, value);
		break;
	case SETTING_CODES:
		ok = settings_codes_ok(value, s->min, s->max);
		break;
	case SETTING_MATERIALS:
		ok = settings_materials_ok(value);
		break;
	}
	if (!ok)
		snprintf(why, len, "%s must be %s", s->name,
			 s->kind == SETTING_BOOL       ? "true or false"
			 : s->kind == SETTING_FRACTION ? "{\"num\": N, \"den\": D, \"inclusive\": "
							 "true|false} with 0 < N <= D <= 100"
			 : s->kind == SETTING_CHOICE   ? "one of the listed choices"
			 : s->kind == SETTING_CODES    ? "a list of distinct category codes"
						       : "an object of category: [material codes]");
	return ok;
}

/* The periods of the rules, which a trial committee's chair may shorten
 * (the same list as api.rules_set in sql/api/020_identity.sql). */
static const char *const trial_periods[] = {
	"trial_day_seconds",
	"announce_days_public",
	"announce_days_internal",
	"meeting_notice_hours",
	"preappointment_notice_workdays",
	"publication_days",
	NULL,
};

bool settings_trial_period(const char *name)
{
	const char *const *p;

	for (p = trial_periods; *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

enum settings_verdict settings_may_change(const struct setting *s, bool admin, bool trial,
					  const cJSON *current, const cJSON *value)
{
	if (strcmp(s->name, "trial_day_seconds") == 0 && !trial)
		return SETTINGS_TRIAL_ONLY;
	if (admin)
		return SETTINGS_OK;
	if (!trial)
		return SETTINGS_CHAIR_REAL;
	if (!settings_trial_period(s->name))
		return SETTINGS_CHAIR_RULE;
	if (cJSON_IsNumber(current) && cJSON_IsNumber(value) &&
	    value->valuedouble > current->valuedouble)
		return SETTINGS_CHAIR_LONGER;
	return SETTINGS_OK;
}

void settings_verdict_text(enum settings_verdict v, const struct setting *s, const cJSON *current,
			   char *buf, size_t len)
{
	switch (v) {
	case SETTINGS_OK:
		buf[0] = '\0';
		break;
	case SETTINGS_TRIAL_ONLY:
		snprintf(buf, len, "only a trial committee (试用) may shorten its days");
		break;
	case SETTINGS_CHAIR_REAL:
		snprintf(buf, len,
			 "only an admin changes the rules of a committee that is not a "
			 "trial (试用)");
		break;
	case SETTINGS_CHAIR_RULE:
		snprintf(buf, len, "in a trial (试用) a chair changes only its periods, not %s",
			 s->name);
		break;
	case SETTINGS_CHAIR_LONGER:
		snprintf(buf, len, "a chair may only shorten %s (now %.0f)", s->name,
			 cJSON_GetNumberValue(current));
		break;
	}
}
