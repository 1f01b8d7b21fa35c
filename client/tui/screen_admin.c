/* The committee office's screen (管理), for the admin, who acts from it:
 * the members with their titles, roles, status and keys — add a member,
 * change their roles, suspend or restore them, replace or revoke their
 * key; the committee's rules of order with what each means — change one;
 * the administrative log (audit.log) with its operations named in Chinese
 * and its details as labelled fields; the observers waiting for approval —
 * approve or refuse them. Each view is read on demand (1–4, r) and again
 * after every act. The server checks the admin's role and the state in the
 * transaction of each act, as for the commands of yg admin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit_text.h"
#include "../i18n.h"
#include "../json_field.h"
#include "../time_text.h"
#include "tui.h"

enum admin_view { AV_MEMBERS, AV_RULES, AV_AUDIT, AV_OBSERVERS, AV__COUNT };

static const char *admin_name(void)
{
	return TR("管理", "admin");
}

static int admin_available(const struct tui *t)
{
	return t->me.admin;
}

static const char *admin_view_name(int v)
{
	switch (v) {
	case AV_MEMBERS:
		return TR("成员", "members");
	case AV_RULES:
		return TR("议事规则", "rules");
	case AV_AUDIT:
		return TR("审计日志（最新在上）", "audit log (newest first)");
	default:
		return TR("待审核列席人员", "observers to approve");
	}
}

static const cJSON *admin_list(const struct tui *t);

/* Ask the server for what the view shows (its answer kept in t->admin). */
static void admin_load(struct tui *t)
{
	static const char *const ops[AV__COUNT] = {"member.list", "rules.get", "audit.log",
						   "observer.list"};
	cJSON *args = NULL, *res = NULL;

	if (t->admin_view == AV_AUDIT) {
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "limit", 200);
	} else if (t->admin_view == AV_OBSERVERS) {
		args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "status", "pending");
	}
	if (tnet_call(t, ops[t->admin_view], args, &res) != YG_EXIT_OK)
		return;
	cJSON_Delete(t->admin);
	t->admin = res;
	t->admin_loaded = t->admin_view + 1;
	/* the cursor stays where it was after an act, within the list */
	if (t->admin_sel >= cJSON_GetArraySize(admin_list(t)))
		t->admin_sel = 0;
}

/* The roles of a member, as people say them. */
static void admin_roles(const cJSON *m, char *buf, size_t len)
{
	const cJSON *r;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(m, "roles")) {
		if (!cJSON_IsString(r) || n >= len)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? TR("、", ",") : "",
				      code_label("role", r->valuestring));
	}
}

/* One line of the list, at row y. */
static void admin_line(struct tui *t, const cJSON *e, int y, struct tl_rect r)
{
	char roles[128], at[64], who[160], what[160], *value;

	switch (t->admin_view) {
	case AV_MEMBERS:
		admin_roles(e, roles, sizeof(roles));
		td_textf(y, r.x, r.w, "%-4lld %s　%s　%s　%s　%.16s…", json_int(e, "id"),
			 json_str(e, "name"), json_str(e, "title"), roles,
			 code_label("member", json_str(e, "status")), json_str(e, "key"));
		break;
	case AV_RULES:
		value = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(e, "value"));
		td_textf(y, r.x, r.w, "%s　%s：%s", json_str(e, "name"),
			 json_lang_str(e, "zh", "en"), value != NULL ? value : "");
		cJSON_free(value);
		break;
	case AV_AUDIT:
		time_text(json_str(e, "at"), at, sizeof(at));
		audit_who(e, "actor", who, sizeof(who));
		audit_who(e, "target", what, sizeof(what));
		value = audit_details(cJSON_GetObjectItemCaseSensitive(e, "details"));
		td_textf(y, r.x, r.w, "%-5lld %s　%s　%s　%s　%s", json_int(e, "id"), at, who,
			 code_label("action", json_str(e, "action")), what, value);
		free(value);
		break;
	default:
		td_textf(y, r.x, r.w, "%-4lld %s　%s　%s", json_int(e, "id"), json_str(e, "name"),
			 code_label("observer_category", json_str(e, "category")),
			 json_str(e, "affiliation"));
	}
}

/* The list the view shows, from the answer kept. */
static const cJSON *admin_list(const struct tui *t)
{
	static const char *const names[AV__COUNT] = {"members", "settings", "entries", "observers"};

	return cJSON_GetObjectItemCaseSensitive(t->admin, names[t->admin_view]);
}

static void admin_draw(struct tui *t, struct tl_rect body)
{
	const cJSON *list, *e;
	int i = 0, y = body.y + 1, first = 0, n;

	if (t->admin_loaded != t->admin_view + 1 && t->up)
		admin_load(t);
	td_heading(body, admin_view_name(t->admin_view));
	list = admin_list(t);
	n = cJSON_GetArraySize(list);
	if (n == 0) {
		td_text(y, body.x, body.w, TR("（无）", "(none)"));
		return;
	}
	if (t->admin_sel >= body.h - 2)
		first = t->admin_sel - (body.h - 2) + 1;
	/* the audit log newest first: what was just done is on top */
	for (i = 0; i < n; i++) {
		e = cJSON_GetArrayItem(list, t->admin_view == AV_AUDIT ? n - 1 - i : i);
		if (i >= first && y < body.y + body.h) {
			if (i == t->admin_sel)
				attron(A_REVERSE);
			td_fill(y, body.x, body.w);
			admin_line(t, e, y, body);
			if (i == t->admin_sel)
				attroff(A_REVERSE);
			y++;
		}
	}
}

static int admin_keys(struct tui *t, const char **labels, int max)
{
	int n = 0, any = cJSON_GetArraySize(admin_list(t)) > 0;

	if (max < 10)
		return 0;
	labels[n++] = TR("[1]成员", "[1] members");
	labels[n++] = TR("[2]议事规则", "[2] rules");
	labels[n++] = TR("[3]审计日志", "[3] audit log");
	labels[n++] = TR("[4]待审核列席", "[4] observers");
	if (t->admin_view == AV_MEMBERS) {
		labels[n++] = TR("[a]增加成员", "[a] add");
		if (any) {
			labels[n++] = TR("[e]改角色", "[e] roles");
			labels[n++] = TR("[s]暂停/恢复", "[s] suspend/restore");
			labels[n++] = TR("[k]换密钥", "[k] new key");
			labels[n++] = TR("[x]吊销密钥", "[x] revoke key");
		}
	} else if (t->admin_view == AV_RULES && any) {
		labels[n++] = TR("[e]修改规则", "[e] change");
	} else if (t->admin_view == AV_OBSERVERS && any) {
		labels[n++] = TR("[y]批准", "[y] approve");
		labels[n++] = TR("[n]不批准", "[n] refuse");
	}
	return n;
}

/* The selected entry of the view, or NULL. */
static const cJSON *admin_selected(const struct tui *t)
{
	return cJSON_GetArrayItem(admin_list(t), t->admin_sel);
}

/* Send an act; say what was done (a printf format with one %s, the
 * name), or the refusal; read the view again. */
static void admin_act(struct tui *t, const char *op, cJSON *args, const char *done,
		      const char *name)
{
	cJSON *res = NULL;

	if (tnet_call(t, op, args, &res) == YG_EXIT_OK)
		tui_say(t, 0, done, name);
	cJSON_Delete(res);
	t->admin_loaded = 0;
}

/* Roles as typed ("委员、记录人", "chair,member"): a JSON list of codes;
 * NULL after saying which word is no role. */
static cJSON *admin_parse_roles(struct tui *t, const char *text)
{
	static const char *const codes[] = {"admin", "chair", "member", "clerk", "auditor"};
	char buf[256], *word, *save = NULL;
	cJSON *list = cJSON_CreateArray();
	size_t i;

	snprintf(buf, sizeof(buf), "%s", text);
	/* the Chinese separators (three bytes each) become commas */
	for (;;) {
		char *p = strstr(buf, "、");

		if (p == NULL)
			p = strstr(buf, "，");
		if (p == NULL)
			break;
		*p = ',';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	for (word = strtok_r(buf, ", ", &save); word != NULL; word = strtok_r(NULL, ", ", &save)) {
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
			if (strcmp(word, codes[i]) == 0 ||
			    strcmp(word, code_label("role", codes[i])) == 0)
				break;
		if (i == sizeof(codes) / sizeof(codes[0])) {
			tui_say(t, 1,
				TR("没有“%s”这个角色（管理员、主持人、委员、记录人、审计员）",
				   "no role \"%s\" (admin, chair, member, clerk, auditor)"),
				word);
			cJSON_Delete(list);
			return NULL;
		}
		cJSON_AddItemToArray(list, cJSON_CreateString(codes[i]));
	}
	if (cJSON_GetArraySize(list) == 0) {
		tui_say(t, 1, "%s", TR("至少要有一个角色", "at least one role"));
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

/* A new member: name, roles, title, then the key from their terminal. */
static void admin_add_key(struct tui *t, const struct tui_prompt *p, int choice, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *roles = admin_parse_roles(t, t->admin_form[1]);

	(void)p;
	(void)choice;
	if (roles == NULL || text[0] == '\0') {
		cJSON_Delete(args);
		cJSON_Delete(roles);
		return;
	}
	cJSON_AddStringToObject(args, "name", t->admin_form[0]);
	if (t->admin_form[2][0] != '\0')
		cJSON_AddStringToObject(args, "title", t->admin_form[2]);
	cJSON_AddItemToObject(args, "roles", roles);
	cJSON_AddStringToObject(args, "key", text);
	admin_act(t, "member.add", args, TR("已增加成员 %s", "added %s"), t->admin_form[0]);
}

static void admin_add_title(struct tui *t, const struct tui_prompt *p, int choice, const char *text)
{
	(void)p;
	(void)choice;
	snprintf(t->admin_form[2], sizeof(t->admin_form[2]), "%s", text);
	tp_text(t,
		TR("公钥（其终端 yg keygen 所示 ed25519:…）：",
		   "public key (ed25519:… as yg keygen shows on their terminal):"),
		admin_add_key);
}

static void admin_add_roles(struct tui *t, const struct tui_prompt *p, int choice, const char *text)
{
	cJSON *roles = admin_parse_roles(t, text);

	(void)p;
	(void)choice;
	if (roles == NULL)
		return;
	cJSON_Delete(roles);
	snprintf(t->admin_form[1], sizeof(t->admin_form[1]), "%s", text);
	tp_text(t, TR("职务（可空）：", "title (may be empty):"), admin_add_title);
}

static void admin_add_name(struct tui *t, const struct tui_prompt *p, int choice, const char *text)
{
	(void)p;
	(void)choice;
	if (text[0] == '\0')
		return;
	snprintf(t->admin_form[0], sizeof(t->admin_form[0]), "%s", text);
	tp_text(t,
		TR("角色（如：委员，或 主持人、委员）：", "roles (e.g. member, or chair,member):"),
		admin_add_roles);
}

/* The member the prompt was opened on, by id, or NULL if the list moved. */
static const cJSON *admin_member(const struct tui *t, long long id)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, admin_list(t))
		if (json_int(m, "id") == id)
			return m;
	return NULL;
}

static void admin_roles_done(struct tui *t, const struct tui_prompt *p, int choice,
			     const char *text)
{
	const cJSON *m = admin_member(t, p->arg[0]);
	cJSON *args, *roles = admin_parse_roles(t, text);

	(void)choice;
	if (roles == NULL || m == NULL) {
		cJSON_Delete(roles);
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)p->arg[0]);
	cJSON_AddItemToObject(args, "roles", roles);
	admin_act(t, "member.update", args, TR("已修改 %s 的角色", "changed %s's roles"),
		  json_str(m, "name"));
}

static void admin_status_done(struct tui *t, const struct tui_prompt *p, int choice,
			      const char *text)
{
	const cJSON *m = admin_member(t, p->arg[0]);
	cJSON *args;
	int suspend = p->arg[1] != 0;

	(void)choice;
	(void)text;
	if (m == NULL)
		return;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)p->arg[0]);
	cJSON_AddStringToObject(args, "status", suspend ? "suspended" : "active");
	admin_act(t, "member.update", args,
		  suspend ? TR("已暂停 %s", "suspended %s") : TR("已恢复 %s", "restored %s"),
		  json_str(m, "name"));
}

static void admin_rotate_done(struct tui *t, const struct tui_prompt *p, int choice,
			      const char *text)
{
	const cJSON *m = admin_member(t, p->arg[0]);
	cJSON *args;

	(void)choice;
	if (m == NULL || text[0] == '\0')
		return;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "member", (double)p->arg[0]);
	cJSON_AddStringToObject(args, "key", text);
	admin_act(t, "key.rotate", args,
		  TR("已更换 %s 的密钥，旧密钥即时失效",
		     "replaced %s's key; the old one stops at once"),
		  json_str(m, "name"));
}

static void admin_revoke_done(struct tui *t, const struct tui_prompt *p, int choice,
			      const char *text)
{
	const cJSON *m = admin_member(t, p->arg[0]);
	cJSON *args;

	(void)choice;
	if (m == NULL)
		return;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "member", (double)p->arg[0]);
	if (text[0] != '\0')
		cJSON_AddStringToObject(args, "reason", text);
	admin_act(t, "key.revoke", args, TR("已吊销 %s 的密钥", "revoked %s's key"),
		  json_str(m, "name"));
}

/* "RULE VALUE": the value is JSON (10, true, "present"). */
static void admin_rule_done(struct tui *t, const struct tui_prompt *p, int choice, const char *text)
{
	char name[64];
	const char *v;
	cJSON *args, *value;
	int n = 0;

	(void)p;
	(void)choice;
	if (sscanf(text, " %63[a-z0-9_]%n", name, &n) != 1 || n == 0) {
		tui_say(t, 1, "%s", TR("请写“规则名 新值”", "write \"RULE VALUE\""));
		return;
	}
	for (v = text + n; *v == ' ' || *v == '='; v++)
		;
	if ((value = cJSON_Parse(v)) == NULL) {
		tui_say(t, 1,
			TR("新值须为 JSON：数字、true/false 或带引号的文字（%s）",
			   "the value is JSON: a number, true/false or quoted text (%s)"),
			v);
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "name", name);
	cJSON_AddItemToObject(args, "value", value);
	admin_act(t, "rules.set", args, TR("已修改规则 %s", "changed the rule %s"), name);
}

/* Approve the selected observer, or refuse them with the reason given. */
static void admin_decide(struct tui *t, const cJSON *o, const char *decision, const char *reason)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "id", (double)json_int(o, "id"));
	cJSON_AddStringToObject(args, "decision", decision);
	if (reason != NULL)
		cJSON_AddStringToObject(args, "reason", reason);
	admin_act(t, "observer.decide", args,
		  strcmp(decision, "approve") == 0
			  ? TR("已批准 %s 进入会议开放人员库", "approved %s")
			  : TR("已不批准 %s 的列席登记", "refused %s"),
		  json_str(o, "name"));
}

static void admin_reject_done(struct tui *t, const struct tui_prompt *p, int choice,
			      const char *text)
{
	const cJSON *o;

	(void)choice;
	if (text[0] == '\0') {
		tui_say(t, 1, "%s", TR("不批准须写明理由", "a refusal needs its reason"));
		return;
	}
	cJSON_ArrayForEach(o, admin_list(t))
		if (json_int(o, "id") == p->arg[0]) {
			admin_decide(t, o, "reject", text);
			return;
		}
}

/* An act on the selected entry of the view. */
static int admin_act_key(struct tui *t, int ch)
{
	const cJSON *e = admin_selected(t);
	char title[256], *value;

	if (t->admin_view == AV_MEMBERS && ch == 'a') {
		tp_text(t, TR("新成员的姓名：", "the new member's name:"), admin_add_name);
		return 1;
	}
	if (e == NULL)
		return 0;
	t->prompt.arg[0] = json_int(e, "id");
	if (t->admin_view == AV_MEMBERS && ch == 'e') {
		snprintf(title, sizeof(title), TR("%s 的角色（如：主持人、委员）：", "%s's roles:"),
			 json_str(e, "name"));
		tp_text(t, title, admin_roles_done);
	} else if (t->admin_view == AV_MEMBERS && ch == 's') {
		t->prompt.arg[1] = strcmp(json_str(e, "status"), "active") == 0;
		snprintf(title, sizeof(title),
			 t->prompt.arg[1] ? TR("暂停 %s？（暂停后不能登录）", "suspend %s?")
					  : TR("恢复 %s？", "restore %s?"),
			 json_str(e, "name"));
		tp_confirm(t, title, admin_status_done);
	} else if (t->admin_view == AV_MEMBERS && ch == 'k') {
		snprintf(title, sizeof(title), TR("%s 的新公钥（ed25519:…）：", "%s's new key:"),
			 json_str(e, "name"));
		tp_text(t, title, admin_rotate_done);
	} else if (t->admin_view == AV_MEMBERS && ch == 'x') {
		snprintf(title, sizeof(title),
			 TR("吊销 %s 的密钥，理由：", "revoke %s's key; why:"),
			 json_str(e, "name"));
		tp_text(t, title, admin_revoke_done);
	} else if (t->admin_view == AV_RULES && ch == 'e') {
		tp_text(t, TR("修改规则（规则名 新值）：", "change a rule (RULE VALUE):"),
			admin_rule_done);
		/* the line starts as the rule and its value now, to be edited */
		value = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(e, "value"));
		snprintf(t->prompt.line.buf, sizeof(t->prompt.line.buf), "%s %s",
			 json_str(e, "name"), value != NULL ? value : "");
		t->prompt.line.len = strlen(t->prompt.line.buf);
		cJSON_free(value);
	} else if (t->admin_view == AV_OBSERVERS && ch == 'y') {
		admin_decide(t, e, "approve", NULL);
	} else if (t->admin_view == AV_OBSERVERS && ch == 'n') {
		snprintf(title, sizeof(title), TR("不批准 %s，理由：", "refuse %s; why:"),
			 json_str(e, "name"));
		tp_text(t, title, admin_reject_done);
	} else
		return 0;
	return 1;
}

static int admin_key(struct tui *t, int ch, int fn)
{
	int n = cJSON_GetArraySize(admin_list(t));

	if (fn && ch == KEY_UP && t->admin_sel > 0)
		t->admin_sel--;
	else if (fn && ch == KEY_DOWN && t->admin_sel < n - 1)
		t->admin_sel++;
	else if (fn)
		return 0;
	else if (ch >= '1' && ch < '1' + AV__COUNT) {
		t->admin_view = ch - '1';
		t->admin_loaded = 0;
		t->admin_sel = 0;
	} else if (ch == 'r')
		t->admin_loaded = 0;
	else
		return admin_act_key(t, ch);
	return 1;
}

const struct tui_screen screen_admin = {
	.name = admin_name,
	.available = admin_available,
	.draw = admin_draw,
	.keys = admin_keys,
	.key = admin_key,
};
