/* Drawing by display width: every string is cut to the columns it may
 * take (tui_text.c), so Chinese and Latin text line up and nothing spills
 * into the next pane; the frame every screen shares (title, tabs, message,
 * keys) and the panes several screens show (the meeting, results, log). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n.h"
#include "../termsafe.h"
#include "../textwidth.h"
#include "../time_text.h"
#include "tui.h"
#include "tui_events.h"

void td_colors(void)
{
	if (!has_colors())
		return;
	start_color();
	use_default_colors();
	init_pair(TC_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(TC_BAD, COLOR_RED, -1);
	init_pair(TC_GOOD, COLOR_GREEN, -1);
	init_pair(TC_MARK, COLOR_YELLOW, -1);
	init_pair(TC_BANNER, COLOR_BLACK, COLOR_YELLOW);
	init_pair(TC_DIM, COLOR_CYAN, -1);
}

int td_attr(enum td_color c)
{
	int a = has_colors() ? COLOR_PAIR(c) : 0;

	if (c == TC_TITLE || c == TC_BANNER)
		a |= A_REVERSE * !has_colors() | A_BOLD;
	if (c == TC_BAD)
		a |= A_BOLD;
	return a;
}

/* s at (y, x), cut to w columns. Every string the screens show comes
 * here, and is cleaned first: nothing a server or another person wrote
 * reaches the terminal as a control, an escape or a bidi override. */
void td_text(int y, int x, int w, const char *s)
{
	char buf[1024], *safe;

	if (w <= 0)
		return;
	safe = ts_dup(s, 0);
	tt_clip(safe, (size_t)w, buf, sizeof(buf));
	free(safe);
	mvaddstr(y, x, buf);
}

void td_textf(int y, int x, int w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	td_text(y, x, w, buf);
}

/* w spaces at (y, x), in the current attributes. */
void td_fill(int y, int x, int w)
{
	for (; w > 0; w--)
		mvaddch(y, x++, ' ');
}

/* A pane's title line: "── title ──────". */
void td_heading(struct tl_rect r, const char *title)
{
	char *safe = ts_dup(title, 0);
	int w = (int)tw_width(safe), i;

	if (r.h <= 0 || r.w <= 0) {
		free(safe);
		return;
	}
	attron(A_BOLD);
	td_text(r.y, r.x, r.w, safe);
	attroff(A_BOLD);
	free(safe);
	for (i = r.x + w + 1; i < r.x + r.w; i++)
		mvaddstr(r.y, i, "─");
}

void tui_say(struct tui *t, int bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_bad = bad;
	t->message_at = time(NULL);
}

/* The title bar: the meeting, its state, the count, who, the link. */
static void td_title(struct tui *t, struct tl_rect r)
{
	char right[256], left[512];
	const struct tm_meeting *m = t->m;
	int rw;

	attron(td_attr(TC_TITLE));
	td_fill(r.y, r.x, r.w);
	if (!t->up)
		snprintf(right, sizeof(right), " %s ",
			 t->ever_up ? TR("连接已断开，正在重连…", "connection lost, reconnecting…")
				    : TR("正在连接…", "connecting…"));
	else
		snprintf(right, sizeof(right), " %s%s%s ", t->me.name,
			 t->me.observer ? TR("（列席）", " (observer)") : "",
			 TR(" · 已连接", " · connected"));
	rw = (int)tw_width(right);
	/* A trial committee's (试用) screens say so first, whatever they show. */
	if (m->id > 0)
		snprintf(left, sizeof(left),
			 TR(" %s阳光 · 会议 %lld %s · %s", " %syangguang · meeting %lld %s · %s"),
			 t->me.trial ? "【试用】" : "", m->id,
			 t->me.trial && strncmp(m->title, "【试用】", strlen("【试用】")) == 0
				 ? m->title + strlen("【试用】")
				 : m->title,
			 tev_status(m->status));
	else
		snprintf(left, sizeof(left), TR(" %s阳光 · 未选会议", " %syangguang · no meeting"),
			 t->me.trial ? "【试用】" : "");
	td_text(r.y, r.x, r.w - rw - 1 > 0 ? r.w - rw - 1 : 0, left);
	if (!t->up)
		attron(td_attr(TC_BANNER));
	td_text(r.y, r.x + r.w - rw > 0 ? r.x + r.w - rw : 0, r.w, right);
	if (!t->up)
		attroff(td_attr(TC_BANNER));
	attroff(td_attr(TC_TITLE));
}

/* The tabs of the screens this user has: "[Tab] 主持 | 委员 | …". */
static void td_tabs(struct tui *t, struct tl_rect r)
{
	int x = r.x, id, w;
	const struct tui_screen *s;

	for (id = 0; id < TS__COUNT && x < r.x + r.w; id++) {
		s = tui_screen((enum tui_screen_id)id);
		if (!s->available(t))
			continue;
		w = (int)tw_width(s->name()) + 2;
		if (id == (int)t->screen)
			attron(A_REVERSE | A_BOLD);
		td_textf(r.y, x, r.x + r.w - x, " %s ", s->name());
		if (id == (int)t->screen)
			attroff(A_REVERSE | A_BOLD);
		x += w + 1;
	}
	attron(td_attr(TC_DIM));
	td_text(r.y, x + 1, r.x + r.w - x - 1, TR("[Tab]切换", "[Tab] switch"));
	attroff(td_attr(TC_DIM));
}

/* The key help at the bottom, the screen's keys then the common ones. */
static void td_keys(struct tui *t, struct tl_rect r)
{
	const char *labels[32];
	int line[32], col[32], n = 0, i;

	if (t->prompt.kind != TP_NONE)
		return;
	if (t->ballot.stage != TB_CLOSED && t->screen == TS_MEMBER)
		n = tb_keys(t, labels, 28);
	else
		n = tui_screen(t->screen)->keys(t, labels, 28);
	if (t->ballot.stage == TB_CLOSED || t->screen != TS_MEMBER)
		labels[n++] = TR("[q]退出", "[q] quit");
	tl_keys(labels, n, r.w, r.h, line, col);
	for (i = 0; i < n; i++)
		if (line[i] >= 0)
			td_text(r.y + line[i], r.x + col[i], r.w - col[i], labels[i]);
}

void td_frame(struct tui *t)
{
	struct tl_frame f;
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	tl_frame(rows, cols, &f);
	td_title(t, f.title);
	td_tabs(t, f.tabs);
	/* A message stays 10 seconds, a refusal 30: long enough to read. */
	if (t->message[0] != '\0' && time(NULL) - t->message_at > (t->message_bad ? 30 : 10))
		t->message[0] = '\0';
	if (t->message[0] != '\0') {
		attron(t->message_bad ? td_attr(TC_BAD) : td_attr(TC_GOOD));
		td_text(f.message.y, f.message.x, f.message.w, t->message);
		attroff(t->message_bad ? td_attr(TC_BAD) : td_attr(TC_GOOD));
	}
	td_keys(t, f.keys);
	tp_draw(t, &f);
}

/* The meeting in a few lines: place, attendance and quorum, the item
 * taken up, its vote. The rows used. */
int td_overview(struct tui *t, struct tl_rect r)
{
	const struct tm_meeting *m = t->m;
	const struct tm_item *cur = tm_current(m);
	long long need =
		tm_quorum_needed(m->entitled, m->quorum_num, m->quorum_den, m->quorum_inclusive);
	int y = r.y, obs = 0, i;
	char when[64];

	for (i = 0; i < m->nobservers; i++)
		obs += m->observers[i].present;
	if (r.h < 3)
		return 0;
	time_text(m->starts_at, when, sizeof(when)); /* the committee's clock */
	td_textf(y++, r.x, r.w,
		 TR("时间：%s  地点：%s  到会 %lld / 应到会 %lld（开会需 %lld）  列席 %d 人",
		    "time: %s  place: %s  present %lld of %lld (%lld needed)  observers %d"),
		 when, m->place, m->present, m->entitled, need, obs);
	if (cur == NULL) {
		td_text(y++, r.x, r.w, TR("当前议题：无", "item now: none"));
		return y - r.y;
	}
	attron(A_BOLD);
	td_textf(y++, r.x, r.w, TR("当前议题 %lld：%s", "item %lld: %s"), cur->id, cur->title);
	attroff(A_BOLD);
	td_textf(y++, r.x, r.w, TR("状态：%s    主持：%s%s%s", "state: %s    presiding: %s%s%s"),
		 tev_state(cur->state), tm_name(m, cur->presiding),
		 cur->presented ? TR("    汇报：", "    presented by: ") : "",
		 cur->presented ? cur->presenter : "");
	if (cur->state == TM_VOTING || cur->state == TM_DECRYPTING) {
		attron(td_attr(TC_MARK) | A_BOLD);
		td_textf(y++, r.x, r.w,
			 TR("表决第 %d 轮：已投 %lld/%d%s", "vote, round %d: %lld of %d cast%s"),
			 cur->round, cur->cast, cur->neligible,
			 cur->state == TM_DECRYPTING ? TR("，投票已结束，监票人解密中",
							  "; closed, the scrutineers decrypt")
						     : "");
		attroff(td_attr(TC_MARK) | A_BOLD);
	}
	return y - r.y;
}

/* Every result announced so far. */
void td_results(struct tui *t, struct tl_rect r)
{
	char counts[512];
	int i, y = r.y + 1;

	if (r.h < 2)
		return;
	td_heading(r, TR("表决结果", "results"));
	for (i = 0; i < t->m->nitems && y < r.y + r.h; i++) {
		const struct tm_item *it = &t->m->items[i];

		if (it->result[0] == '\0')
			continue;
		tev_counts(it, counts, sizeof(counts));
		attron(td_attr(strcmp(it->result, "rejected") == 0 ? TC_BAD : TC_GOOD));
		td_textf(y++, r.x, r.w, TR("议题 %lld %s：%s", "item %lld %s: %s"), it->id,
			 it->title, counts);
		attroff(td_attr(strcmp(it->result, "rejected") == 0 ? TC_BAD : TC_GOOD));
	}
	if (y == r.y + 1)
		td_text(y, r.x, r.w, TR("（尚无）", "(none yet)"));
}

/* The latest log lines, the newest at the bottom. */
void td_log(struct tui *t, struct tl_rect r)
{
	int rows = r.h - 1, i;
	const char *line;

	if (r.h < 2)
		return;
	td_heading(r, TR("会议实况", "as it happens"));
	for (i = 0; i < rows; i++) {
		line = tm_line(t->m, rows - 1 - i);
		if (line != NULL)
			td_text(r.y + 1 + i, r.x, r.w, line);
	}
}
