/* The scrutineer's screen (监票人): who the scrutineers are and whose key
 * is published, then what this terminal has to do — the key ceremony
 * once, a partial decryption each time a vote closes — each asked for on
 * the screen and done when the scrutineer presses its key (the share stays
 * in HOME/shares/, as with yg scrutineer key and decrypt). In a threshold
 * key ceremony (BALLOT.md §7.5) [k] deals; the terminal then seals and
 * accepts by itself as soon as each step is possible, as yg scrutineer
 * watch does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/xalloc.h"
#include "../i18n.h"
#include "../json_field.h"
#include "../scrutiny.h"
#include "../scrutiny_dkg.h"
#include "tui.h"

static const char *scrutineer_name(void)
{
	return TR("监票", "scrutineer");
}

static int scrutineer_available(const struct tui *t)
{
	return t->m->id > 0 && tm_is_scrutineer(t->m, t->me.id);
}

static int scrutineer_needs_key(const struct tui *t)
{
	return t->tasks != NULL && !cJSON_IsTrue(cJSON_GetObjectItem(t->tasks, "key_published"));
}

static int scrutineer_rounds(const struct tui *t)
{
	return t->tasks != NULL ? cJSON_GetArraySize(cJSON_GetObjectItem(t->tasks, "decrypt")) : 0;
}

/* A banner asking for something. */
static void scrutineer_banner(int y, struct tl_rect r, const char *text)
{
	attron(td_attr(TC_BANNER));
	td_fill(y, r.x, r.w);
	td_text(y, r.x + 1, r.w - 1, text);
	attroff(td_attr(TC_BANNER));
}

static void scrutineer_draw(struct tui *t, struct tl_rect body)
{
	const struct tm_meeting *m = t->m;
	struct tl_rect top, log;
	const cJSON *task;
	int i, y;

	tl_split_rows(body, body.h / 2 + 2, &top, &log);
	td_heading(top, TR("监票人", "scrutineers"));
	y = top.y + 1;
	for (i = 0; i < m->nscrutineers && y < top.y + top.h; i++) {
		attron(td_attr(m->scrutineers[i].key_published ? TC_GOOD : TC_DIM));
		td_textf(y++, top.x, top.w, "%d. %s  %s", i + 1, m->scrutineers[i].name,
			 m->scrutineers[i].key_published ? TR("✓ 已公布密钥", "✓ key published")
							 : TR("· 尚未公布密钥", "· no key yet"));
		attroff(td_attr(m->scrutineers[i].key_published ? TC_GOOD : TC_DIM));
	}
	td_text(y++, top.x, top.w,
		m->election_key ? TR("选举公钥：已生成", "election key: made")
				: TR("选举公钥：待全部监票人公布密钥后生成",
				     "election key: made once every scrutineer has published"));
	if (t->tasks != NULL && scrutiny_dkg_active(t->tasks) && y < top.y + top.h)
		td_textf(y++, top.x, top.w,
			 TR("门限密钥：任 %lld 位监票人即可解密（共 %lld 位）；本机%s",
			    "threshold key: any %lld of the %lld scrutineers decrypt; this "
			    "terminal %s"),
			 json_int(cJSON_GetObjectItem(t->tasks, "threshold"), "threshold"),
			 json_int(cJSON_GetObjectItem(t->tasks, "threshold"), "n"),
			 cJSON_IsTrue(cJSON_GetObjectItem(t->tasks, "accepted"))
				 ? TR("已接受份额", "has accepted its share")
			 : cJSON_IsTrue(cJSON_GetObjectItem(t->tasks, "key_published"))
				 ? TR("已分发，等待其他监票人", "has dealt; waiting for the others")
				 : TR("尚未分发", "has not dealt yet"));
	y++;
	if (scrutineer_needs_key(t) && y < top.y + top.h)
		scrutineer_banner(y++, top,
				  TR("请生成您的监票密钥份额并公布其公钥：按 [k]",
				     "make your key share and publish its public half: [k]"));
	cJSON_ArrayForEach(task, cJSON_GetObjectItem(t->tasks, "decrypt")) {
		if (y >= top.y + top.h)
			break;
		scrutineer_banner(y, top, "");
		attron(td_attr(TC_BANNER));
		td_textf(y++, top.x + 1, top.w - 1,
			 TR("议题 %lld 第 %lld 轮投票已结束，请解密计票：按 [d]",
			    "item %lld, round %lld is closed: decrypt the count with [d]"),
			 json_int(task, "item"), json_int(task, "round"));
		attroff(td_attr(TC_BANNER));
	}
	if (!scrutineer_needs_key(t) && scrutineer_rounds(t) == 0 && y < top.y + top.h)
		td_text(y++, top.x, top.w, TR("目前没有需要您做的事", "nothing to do now"));
	for (i = 0; i < t->nscrut_log && y < top.y + top.h; i++)
		td_text(y++, top.x, top.w, t->scrut_log[i]);
	td_log(t, log);
}

static int scrutineer_keys(struct tui *t, const char **labels, int max)
{
	int n = 0;

	if (scrutineer_needs_key(t) && n < max)
		labels[n++] = TR("[k]生成并公布密钥", "[k] make and publish the key");
	if (scrutineer_rounds(t) > 0 && n < max)
		labels[n++] = TR("[d]解密计票", "[d] decrypt");
	return n;
}

/* What scrutiny_work wrote, kept as the screen's last lines. */
static void scrutineer_keep(struct tui *t, const char *text)
{
	char *copy = xstrdup(text), *line, *save = NULL;

	t->nscrut_log = 0;
	for (line = strtok_r(copy, "\n", &save); line != NULL && t->nscrut_log < 6;
	     line = strtok_r(NULL, "\n", &save))
		snprintf(t->scrut_log[t->nscrut_log++], sizeof(t->scrut_log[0]), "%s",
			 strncmp(line, "yg: ", 4) == 0 ? line + 4 : line);
	free(copy);
}

/* The key or the decryptions, here and now. */
static void scrutineer_work(struct tui *t, int key, int decrypt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc;

	if (out == NULL || !t->up) {
		if (out != NULL)
			fclose(out);
		free(text);
		tui_say(t, 1, "%s", TR("未连接服务器，请稍候", "not connected; please wait"));
		return;
	}
	rc = scrutiny_work(&t->c, t->opts, t->m->id, key, decrypt, NULL, out, out);
	fclose(out);
	scrutineer_keep(t, text != NULL ? text : "");
	free(text);
	if (rc == YG_EXIT_CONNECT)
		tnet_down(t);
	else
		tui_say(t, rc != YG_EXIT_OK, "%s",
			rc == YG_EXIT_OK ? TR("已完成", "done")
					 : TR("未办成，见上方说明", "not done; see above"));
	tnet_refresh_tasks(t);
}

int scrutineer_dkg_auto(struct tui *t)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int did;

	if (!t->up || t->tasks == NULL || !scrutiny_dkg_active(t->tasks) ||
	    !cJSON_IsTrue(cJSON_GetObjectItem(t->tasks, "key_published")) ||
	    cJSON_IsTrue(cJSON_GetObjectItem(t->tasks, "accepted")) ||
	    (out = open_memstream(&text, &len)) == NULL)
		return 0;
	if (scrutiny_work(&t->c, t->opts, t->m->id, 1, 0, NULL, out, out) == YG_EXIT_CONNECT)
		tnet_down(t);
	fclose(out);
	did = text != NULL && text[0] != '\0';
	if (did)
		scrutineer_keep(t, text);
	free(text);
	return did;
}

static int scrutineer_key(struct tui *t, int ch, int fn)
{
	if (fn)
		return 0;
	if (ch == 'k' && scrutineer_needs_key(t))
		scrutineer_work(t, 1, 0);
	else if (ch == 'd' && scrutineer_rounds(t) > 0)
		scrutineer_work(t, 0, 1);
	else
		return 0;
	return 1;
}

const struct tui_screen screen_scrutineer = {
	.name = scrutineer_name,
	.available = scrutineer_available,
	.draw = scrutineer_draw,
	.keys = scrutineer_keys,
	.key = scrutineer_key,
};
