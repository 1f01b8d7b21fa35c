/* An entry of the committee's administrative record as a person reads it
 * (audit_text.h): the operation's details as labelled fields, times in the
 * committee's clock, codes by their labels; who did it and to what by kind
 * and name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_text.h"
#include "fmt_time.h"
#include "i18n.h"
#include "json_field.h"
#include "time_text.h"

/* The fields of the details people read, by name; a name not here is
 * shown as it is. */
static const struct {
	const char *name, *zh, *domain; /* domain: its value is a code of it */
} audit_fields[] = {
	{"name", "姓名", NULL},
	{"display_name", "姓名", NULL},
	{"title", "标题", NULL},
	{"roles", "角色", "role"},
	{"role", "角色", "role"},
	{"status", "状态", NULL},
	{"key", "密钥", NULL},
	{"public_key", "密钥", NULL},
	{"reason", "理由", NULL},
	{"rule", "规则", NULL},
	{"name_zh", "中文名称", NULL},
	{"name_en", "英文名称", NULL},
	{"value", "值", NULL},
	{"old", "原值", NULL},
	{"new", "新值", NULL},
	{"category", "类别", "category"},
	{"legal_basis", "依据", NULL},
	{"basis", "依据", NULL},
	{"collective", "集体决策", NULL},
	{"affiliation", "单位", NULL},
	{"text", "文字", NULL},
	{"summary", "摘要", NULL},
	{"mode", "公开方式", "publication"},
	{"kind", "材料类别", "material"},
	{"outcome", "结论", NULL},
	{"place", "地点", NULL},
	{"starts_at", "会议时间", NULL},
	{"announced_at", "预告时间", NULL},
	{"window_ends_at", "征求意见截止", NULL},
	{"notice_ends_at", "公示截止", NULL},
	{"overdue", "逾期", NULL},
	{"version", "版本", NULL},
	{"affects_public", "涉及公众利益", NULL},
	{"candidates", "候选人", NULL},
	{"seats", "名额", NULL},
	{"days", "天数", NULL},
	{"power_entry", "权力清单事项", NULL},
	{"item", "议题", NULL},
	{"meeting", "会议", NULL},
	{"member", "成员", NULL},
	{"observer", "列席人员", NULL},
	{"position", "位次", NULL},
	{"file", "文件", NULL},
	{"sha256", "SHA-256", NULL},
	{"size", "大小", NULL},
	{"trial", "试用", NULL},
	{"id", "编号", NULL},
	{"created_at", "创建时间", NULL},
	{"valid_from", "生效时间", NULL},
	{"valid_until", "失效时间", NULL},
};

/* The kinds of actors and targets ("member:3"), as words. */
static const struct {
	const char *kind, *zh, *en;
} audit_kinds[] = {
	{"member", "成员", "member"},
	{"observer", "列席人员", "observer"},
	{"item", "议题", "item"},
	{"meeting", "会议", "meeting"},
	{"power", "权力清单事项", "power list entry"},
};

/* A status's label whatever it is the status of. */
static const char *audit_status(const char *code)
{
	static const char *const domains[] = {"member", "item", "meeting", "observer", "power"};
	const char *l;
	size_t i;

	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++)
		if ((l = code_label(domains[i], code)) != code)
			return l;
	return code;
}

/* One value of the details into f: times in the committee's clock, keys
 * shortened, codes as labels, lists joined, objects as their fields. */
static void audit_value(FILE *f, const cJSON *v, const char *name, const char *domain, int depth);

static void audit_fields_of(FILE *f, const cJSON *obj, int depth)
{
	const cJSON *v;
	const char *label, *domain;
	size_t i;
	int n = 0;

	cJSON_ArrayForEach(v, obj) {
		if (cJSON_IsNull(v))
			continue;
		label = v->string;
		domain = NULL;
		/* a member's title is their post */
		if (strcmp(v->string, "title") == 0 && cJSON_HasObjectItem(obj, "roles") &&
		    !i18n_english()) {
			fprintf(f, "%s职务：", n++ ? "；" : "");
			audit_value(f, v, v->string, NULL, depth + 1);
			continue;
		}
		for (i = 0; i < sizeof(audit_fields) / sizeof(audit_fields[0]); i++)
			if (strcmp(audit_fields[i].name, v->string) == 0) {
				label = i18n_english() ? v->string : audit_fields[i].zh;
				domain = audit_fields[i].domain;
				break;
			}
		fprintf(f, "%s%s%s", n++ ? TR("；", "; ") : "", label, TR("：", ": "));
		audit_value(f, v, v->string, domain, depth + 1);
	}
}

static void audit_value(FILE *f, const cJSON *v, const char *name, const char *domain, int depth)
{
	const cJSON *e;
	char at[64];
	time_t t;
	int n = 0;

	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;

		if (fmt_time_parse(s, &t) == 0) {
			time_text(s, at, sizeof(at));
			fputs(at, f);
		} else if (strcmp(name, "key") == 0 || strcmp(name, "public_key") == 0 ||
			   strcmp(name, "sha256") == 0)
			fprintf(f, "%.16s…", s);
		else if (strcmp(name, "status") == 0)
			fputs(audit_status(s), f);
		else if (domain != NULL && strcmp(domain, "category") == 0 &&
			 code_label(domain, s) == s)
			fputs(code_label("observer_category", s), f); /* an observer's */
		else
			fputs(code_label(domain != NULL ? domain : "", s), f);
	} else if (cJSON_IsBool(v)) {
		fputs(cJSON_IsTrue(v) ? TR("是", "yes") : TR("否", "no"), f);
	} else if (cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long long)v->valuedouble)
			fprintf(f, "%lld", (long long)v->valuedouble);
		else
			fprintf(f, "%g", v->valuedouble);
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v) {
			fputs(n++ ? TR("、", ", ") : "", f);
			audit_value(f, e, name, domain, depth);
		}
		if (n == 0)
			fputs(TR("无", "none"), f);
	} else if (cJSON_IsObject(v) && depth < 4) {
		fputs(TR("（", "("), f);
		audit_fields_of(f, v, depth);
		fputs(TR("）", ")"), f);
	}
}

/* An audit entry's details as labelled fields (malloc'd). */
char *audit_details(const cJSON *details)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	if (cJSON_IsObject(details))
		audit_fields_of(f, details, 0);
	else if (details != NULL && !cJSON_IsNull(details))
		audit_value(f, details, "", NULL, 0);
	fclose(f);
	return buf;
}

/* An entry's actor or target ("member:3") by kind and name. */
void audit_who(const cJSON *e, const char *field, char *buf, size_t len)
{
	const char *ref = json_str(e, field), *colon = strchr(ref, ':');
	char name_field[32];
	size_t i;

	snprintf(name_field, sizeof(name_field), "%s_name", field);
	if (strcmp(ref, "local") == 0) {
		snprintf(buf, len, "%s", TR("安装者（本机）", "the installer (local)"));
		return;
	}
	for (i = 0; colon != NULL && i < sizeof(audit_kinds) / sizeof(audit_kinds[0]); i++)
		if (strlen(audit_kinds[i].kind) == (size_t)(colon - ref) &&
		    strncmp(ref, audit_kinds[i].kind, (size_t)(colon - ref)) == 0) {
			if (json_str(e, name_field)[0] != '\0')
				snprintf(buf, len, "%s %s（%s）",
					 TR(audit_kinds[i].zh, audit_kinds[i].en), colon + 1,
					 json_str(e, name_field));
			else
				snprintf(buf, len, "%s %s",
					 TR(audit_kinds[i].zh, audit_kinds[i].en), colon + 1);
			return;
		}
	if (strcmp(field, "target") == 0 && strcmp(json_str(e, "action"), "rules.set") == 0)
		snprintf(buf, len, TR("规则 %s", "rule %s"), ref);
	else
		snprintf(buf, len, "%s", ref);
}
