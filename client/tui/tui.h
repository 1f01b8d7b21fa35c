/* The full-screen terminal (yg tui): one screen per role — chair, member
 * (with its ballot), scrutineer, observer, auditor — over one live
 * connection to ygd. This header is what the screens share: the terminal's
 * state, the drawing helpers (tui_draw.c), the live connection
 * (tui_net.c) and the prompts (tui_prompt.c). */
#ifndef YG_CLIENT_TUI_TUI_H
#define YG_CLIENT_TUI_TUI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <time.h>

#include "../conn.h"
#include "../logcheck.h"
#include "tui_layout.h"
#include "tui_model.h"
#include "tui_text.h"

enum tui_screen_id {
	TS_CHAIR,
	TS_MEMBER,
	TS_SCRUTINEER,
	TS_OBSERVER,
	TS_CLERK,
	TS_AUDITOR,
	TS_ADMIN,
	TS__COUNT
};

struct tui;

/* A screen: its tab's name, whether this user has it, how it draws, its
 * keys (what the bottom lines show) and what it does with a key. */
struct tui_screen {
	const char *(*name)(void);
	int (*available)(const struct tui *t);
	void (*draw)(struct tui *t, struct tl_rect body);
	int (*keys)(struct tui *t, const char **labels, int max);
	int (*key)(struct tui *t, int ch, int fn); /* 1 if the key was used */
};

extern const struct tui_screen screen_chair, screen_member, screen_scrutineer, screen_observer,
	screen_clerk, screen_auditor, screen_admin;

/* Who is at this terminal (auth.whoami). */
struct tui_me {
	long long id;
	char name[64];
	int observer; /* logged in as an observer, not a member */
	int chair, member, clerk, auditor, admin;
	int trial; /* the committee is a trial (试用): every screen says so */
};

enum tui_prompt_kind { TP_NONE, TP_TEXT, TP_CHOICE, TP_CONFIRM };

/* A question at the bottom of the screen; done is called with the choice
 * (from 0) or the text, unless it was cancelled with Esc. */
struct tui_prompt {
	enum tui_prompt_kind kind;
	char title[256];
	const char *choices[12];
	int nchoices;
	struct tt_line line;
	long long arg[3];
	void (*done)(struct tui *t, const struct tui_prompt *p, int choice, const char *text);
};

/* The ballot being filled in (screen_ballot.c). */
enum tui_ballot_stage { TB_CLOSED, TB_CHOOSE, TB_CONFIRM, TB_RECEIPT };
struct tui_ballot {
	enum tui_ballot_stage stage;
	long long item;
	int round;
	int cursor;
	unsigned char chosen[TM_MAX_LABELS];
	char receipt[64];
};

/* The auditor's list and the last verification (screen_auditor.c). */
#define TUI_AUDIT_MAX   64
#define TUI_AUDIT_LINES 64
struct tui_audit {
	int loaded;
	int n, sel;
	long long meeting[TUI_AUDIT_MAX], item[TUI_AUDIT_MAX]; /* item 0: the meeting record */
	char label[TUI_AUDIT_MAX][160];
	char what[200];
	char lines[TUI_AUDIT_LINES][512]; /* a finding in Chinese is longer */
	int nlines, ok, scroll, verified;
};

struct tui {
	const struct yg_opts *opts;
	struct yg_conn c;
	int up;             /* connected and caught up */
	int need_sync;      /* an event came: read the log (what is shown is read and checked) */
	struct logcheck lc; /* what each entry is checked against before it is shown */
	long long log_bad;  /* an entry that failed its check, 0 if none */
	int want_refresh;   /* an event changed what item.show, vote.status or
			     * scrutineer.tasks would say: ask again */
	unsigned backoff;   /* seconds before the next try */
	time_t next_try;
	int ever_up;
	struct tm_meeting *m;
	struct tui_me me;
	enum tui_screen_id screen;
	char message[512]; /* the message line; it goes after a while */
	int message_bad;
	time_t message_at;
	struct tui_prompt prompt;
	int sel;          /* the chair's agenda cursor */
	cJSON *item_info; /* item.show of the current item, or NULL */
	long long item_info_id;
	cJSON *tasks;  /* scrutineer.tasks, for the scrutineer screen */
	cJSON *pubs;   /* publication.list, for the chair's console */
	int want_pubs; /* a result was announced: ask for publication.list again */
	int swept;     /* old share files looked at (once per run) */
	char scrut_log[6][200];
	int nscrut_log;
	struct tui_ballot ballot;
	struct tui_audit audit;
	int clerk_sel;            /* the clerk's cursor on the roster */
	char clerk_sha[65];       /* the minutes the clerk is asked to sign */
	long long clerk_remarked; /* the last request whose remark was minuted here */
	char clerk_fix[2048];     /* a correction's text while its reason is asked */
	cJSON *clerk_minutes;     /* minutes.get of the closed meeting, for its corrections */
	int clerk_minutes_read;   /* clerk_minutes asked for (again after a change) */
	cJSON *admin;             /* what the admin's screen shows (its view's answer) */
	int admin_view, admin_loaded, admin_sel;
	char admin_form[3][256]; /* a new member's name, roles and title while asked */
	int quit;
};

const struct tui_screen *tui_screen(enum tui_screen_id id);

/* tui.c: the full-screen terminal on meeting (0: the one in session, else
 * the next announced, else the last held) until the user leaves it; the
 * exit code of yg tui (cmd_tui.c). */
int tui_main(const struct yg_opts *opts, long long meeting);

/* tui_net.c: the live connection. */
int tnet_start(struct tui *t);
void tnet_tick(struct tui *t);
void tnet_read(struct tui *t);
void tnet_down(struct tui *t);
int tnet_call(struct tui *t, const char *op, cJSON *args, cJSON **res);
cJSON *tnet_meeting_args(const struct tui *t);
void tnet_refresh_item(struct tui *t);
void tnet_refresh_tasks(struct tui *t);
/* A threshold key ceremony's next step (seal, accept) taken by itself once
 * this terminal has dealt (screen_scrutineer.c); 1 if it said something. */
int scrutineer_dkg_auto(struct tui *t);
void tnet_refresh_publications(struct tui *t);
void tnet_refresh(struct tui *t);

/* tui_draw.c: width-correct drawing. */
void td_text(int y, int x, int w, const char *s);
void td_textf(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void td_heading(struct tl_rect r, const char *title);
void td_fill(int y, int x, int w);
void td_frame(struct tui *t);
int td_overview(struct tui *t, struct tl_rect r);
void td_results(struct tui *t, struct tl_rect r);
void td_log(struct tui *t, struct tl_rect r);
void tui_say(struct tui *t, int bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

enum td_color { TC_TITLE = 1, TC_BAD, TC_GOOD, TC_MARK, TC_BANNER, TC_DIM };
void td_colors(void);
int td_attr(enum td_color c);

/* tui_prompt.c */
void tp_choice(struct tui *t, const char *title, const char *const *choices, int n,
	       void (*done)(struct tui *, const struct tui_prompt *, int, const char *));
void tp_text(struct tui *t, const char *title,
	     void (*done)(struct tui *, const struct tui_prompt *, int, const char *));
void tp_confirm(struct tui *t, const char *title,
		void (*done)(struct tui *, const struct tui_prompt *, int, const char *));
void tp_draw(struct tui *t, const struct tl_frame *f);
void tp_key(struct tui *t, int ch, int fn);

/* screen_ballot.c: the ballot, over the member's screen. */
void tb_open(struct tui *t, long long item);
void tb_draw(struct tui *t, struct tl_rect body);
int tb_keys(struct tui *t, const char **labels, int max);
void tb_key(struct tui *t, int ch, int fn);

/* screen_member.c: a statement of position, asked step by step. */
void tui_member_state(struct tui *t, const struct tm_item *it);

/* tui.c: the last event's effects the screens react to. */
void tui_after_event(struct tui *t, const char *event, const cJSON *data);

#define TUI_KEY_ESC 27

#endif
