/* The committee office's screen (管理), for the admin: the members with
 * their titles, roles and status, and their keys; the committee's rules of
 * order with what each means; the administrative log (audit.log) with its
 * operations named in Chinese; the observers waiting for approval, which
 * the admin approves from here. Each is read on demand (1–4, r). */
#include <stdio.h>
#include <string.h>

#include "../commands.h"
#include "../i18n.h"
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
		return TR("审计日志", "audit log");
	default:
		return TR("待审核列席人员", "observers to approve");
	}
}

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
	char roles[128], at[64], *value;

	switch (t->admin_view) {
	case AV_MEMBERS:
		admin_roles(e, roles, sizeof(roles));
		td_textf(y, r.x, r.w, "%-4lld %s　%s　%s　%s　%.16s…", cmd_int(e, "id"),
			 cmd_str(e, "name"), cmd_str(e, "title"), roles,
			 code_label("member", cmd_str(e, "status")), cmd_str(e, "key"));
		break;
	case AV_RULES:
		value = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(e, "value"));
		td_textf(y, r.x, r.w, "%s　%s：%s", cmd_str(e, "name"), cmd_lang_str(e, "zh", "en"),
			 value != NULL ? value : "");
		cJSON_free(value);
		break;
	case AV_AUDIT:
		cmd_time(cmd_str(e, "at"), at, sizeof(at));
		td_textf(y, r.x, r.w, "%-5lld %s　%s　%s　%s", cmd_int(e, "id"), at,
			 cmd_str(e, "actor"), code_label("action", cmd_str(e, "action")),
			 cmd_str(e, "target"));
		break;
	default:
		td_textf(y, r.x, r.w, "%-4lld %s　%s　%s", cmd_int(e, "id"), cmd_str(e, "name"),
			 code_label("observer_category", cmd_str(e, "category")),
			 cmd_str(e, "affiliation"));
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
	cJSON_ArrayForEach(e, list) {
		if (i >= first && y < body.y + body.h) {
			if (i == t->admin_sel)
				attron(A_REVERSE);
			td_fill(y, body.x, body.w);
			admin_line(t, e, y, body);
			if (i == t->admin_sel)
				attroff(A_REVERSE);
			y++;
		}
		i++;
	}
}

static int admin_keys(struct tui *t, const char **labels, int max)
{
	int n = 0;

	if (max < 5)
		return 0;
	labels[n++] = TR("[1]成员", "[1] members");
	labels[n++] = TR("[2]议事规则", "[2] rules");
	labels[n++] = TR("[3]审计日志", "[3] audit log");
	labels[n++] = TR("[4]待审核列席", "[4] observers");
	if (t->admin_view == AV_OBSERVERS && cJSON_GetArraySize(admin_list(t)) > 0)
		labels[n++] = TR("[y]批准", "[y] approve");
	return n;
}

/* Approve the selected observer (observer.decide), then read the list again. */
static void admin_approve(struct tui *t)
{
	const cJSON *o = cJSON_GetArrayItem(admin_list(t), t->admin_sel);
	cJSON *args, *res = NULL;

	if (o == NULL)
		return;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "id", (double)cmd_int(o, "id"));
	cJSON_AddStringToObject(args, "decision", "approve");
	if (tnet_call(t, "observer.decide", args, &res) == YG_EXIT_OK)
		tui_say(t, 0, TR("已批准 %s 进入会议开放人员库", "approved %s"),
			cmd_str(o, "name"));
	cJSON_Delete(res);
	t->admin_loaded = 0;
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
	} else if (ch == 'r')
		t->admin_loaded = 0;
	else if (ch == 'y' && t->admin_view == AV_OBSERVERS)
		admin_approve(t);
	else
		return 0;
	return 1;
}

const struct tui_screen screen_admin = {
	.name = admin_name,
	.available = admin_available,
	.draw = admin_draw,
	.keys = admin_keys,
	.key = admin_key,
};
