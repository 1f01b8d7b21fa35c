/* Questions asked at the bottom of the screen, one at a time: a choice
 * by number, a line of text (Chinese typed or pasted as UTF-8), or yes/no.
 * Esc cancels; nothing is sent until the answer is complete. */
#include <stdio.h>
#include <string.h>

#include "../i18n.h"
#include "../textwidth.h"
#include "tui.h"

static void tp_begin(struct tui *t, enum tui_prompt_kind kind, const char *title,
		     void (*done)(struct tui *, const struct tui_prompt *, int, const char *))
{
	long long arg[3];

	memcpy(arg, t->prompt.arg, sizeof(arg)); /* set by the caller before */
	memset(&t->prompt, 0, sizeof(t->prompt));
	memcpy(t->prompt.arg, arg, sizeof(arg));
	t->prompt.kind = kind;
	t->prompt.done = done;
	snprintf(t->prompt.title, sizeof(t->prompt.title), "%s", title);
	tt_line_clear(&t->prompt.line);
}

void tp_choice(struct tui *t, const char *title, const char *const *choices, int n,
	       void (*done)(struct tui *, const struct tui_prompt *, int, const char *))
{
	int i;

	tp_begin(t, TP_CHOICE, title, done);
	for (i = 0; i < n && i < 12; i++)
		t->prompt.choices[i] = choices[i];
	t->prompt.nchoices = i;
}

void tp_text(struct tui *t, const char *title,
	     void (*done)(struct tui *, const struct tui_prompt *, int, const char *))
{
	tp_begin(t, TP_TEXT, title, done);
}

void tp_confirm(struct tui *t, const char *title,
		void (*done)(struct tui *, const struct tui_prompt *, int, const char *))
{
	tp_begin(t, TP_CONFIRM, title, done);
}

/* The prompt, over the message and key lines. */
void tp_draw(struct tui *t, const struct tl_frame *f)
{
	const struct tui_prompt *p = &t->prompt;
	struct tl_rect r = {f->message.y - 1, 0, 1 + f->message.h + f->keys.h, f->message.w};
	char line[512];
	int i, x, y;

	if (p->kind == TP_NONE)
		return;
	attron(td_attr(TC_BANNER));
	for (y = r.y; y < r.y + r.h; y++)
		td_fill(y, 0, r.w);
	td_text(r.y, 1, r.w - 2, p->title);
	attroff(td_attr(TC_BANNER));
	y = r.y + 1;
	if (p->kind == TP_CHOICE) {
		for (i = 0, x = 1; i < p->nchoices; i++) {
			snprintf(line, sizeof(line), "[%d]%s", i + 1, p->choices[i]);
			if (x + (int)tw_width(line) > r.w - 1 && x > 1) {
				y++;
				x = 1;
			}
			if (y < r.y + r.h - 1)
				td_text(y, x, r.w - x, line);
			x += (int)tw_width(line) + 2;
		}
	} else if (p->kind == TP_TEXT) {
		attron(A_UNDERLINE);
		td_fill(y, 1, r.w - 2);
		td_text(y, 1, r.w - 3, tt_line_tail(&p->line, (size_t)(r.w - 4)));
		attroff(A_UNDERLINE);
		curs_set(1);
	} else {
		td_text(y, 1, r.w - 2, TR("[y]确认  [n]取消", "[y] yes  [n] no"));
	}
	td_text(r.y + r.h - 1, 1, r.w - 2,
		p->kind == TP_TEXT ? TR("[Enter]确定  [Esc]取消", "[Enter] done  [Esc] cancel")
				   : TR("[Esc]取消", "[Esc] cancel"));
	if (p->kind == TP_TEXT) /* the cursor at the end of the text */
		move(y, 1 + (int)tw_width(tt_line_tail(&p->line, (size_t)(r.w - 4))));
}

/* Finish: close the prompt first, so done may open another. */
static void tp_finish(struct tui *t, int choice, const char *text)
{
	struct tui_prompt p = t->prompt;

	t->prompt.kind = TP_NONE;
	curs_set(0);
	if (choice >= 0 && p.done != NULL)
		p.done(t, &p, choice, text);
}

void tp_key(struct tui *t, int ch, int fn)
{
	struct tui_prompt *p = &t->prompt;

	if (!fn && ch == TUI_KEY_ESC) {
		tp_finish(t, -1, NULL);
		return;
	}
	if (p->kind == TP_CHOICE && !fn && ch >= '1' && ch < '1' + p->nchoices)
		tp_finish(t, ch - '1', NULL);
	else if (p->kind == TP_CONFIRM && !fn && (ch == 'y' || ch == 'Y'))
		tp_finish(t, 0, NULL);
	else if (p->kind == TP_CONFIRM && !fn && (ch == 'n' || ch == 'N'))
		tp_finish(t, -1, NULL);
	else if (p->kind == TP_TEXT) {
		if ((fn && ch == KEY_ENTER) || (!fn && (ch == '\n' || ch == '\r'))) {
			char text[sizeof(p->line.buf)];

			snprintf(text, sizeof(text), "%s", p->line.buf);
			tp_finish(t, 0, text);
		} else if ((fn && ch == KEY_BACKSPACE) || (!fn && (ch == 127 || ch == 8)))
			tt_line_backspace(&p->line);
		else if (!fn)
			tt_line_insert(&p->line, (unsigned long)ch);
	}
}
