/* The full-screen terminal (yg tui, cmd_tui.c). One loop waits with
 * poll() on the keyboard and the server's socket together; every event
 * of the meeting updates the model (tui_model.c) and the screen is drawn
 * again from it. The terminal is always given back in order: endwin() at
 * exit, on SIGTERM/SIGINT and on a crash (SIGSEGV, SIGABRT) before the
 * signal takes its course. Messages that would otherwise be written over
 * the screen (a failed reconnection, say) go to HOME/tui.log. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../proto/xalloc.h"
#include "../i18n.h"
#include "../json_field.h"
#include "tui.h"

static volatile sig_atomic_t tui_active; /* curses owns the terminal */
static volatile sig_atomic_t tui_stop;   /* SIGTERM or SIGINT came */
static int tui_saved_stderr = -1;

const struct tui_screen *tui_screen(enum tui_screen_id id)
{
	static const struct tui_screen *const all[TS__COUNT] = {
		[TS_CHAIR] = &screen_chair,           [TS_MEMBER] = &screen_member,
		[TS_SCRUTINEER] = &screen_scrutineer, [TS_OBSERVER] = &screen_observer,
		[TS_CLERK] = &screen_clerk,           [TS_AUDITOR] = &screen_auditor,
		[TS_ADMIN] = &screen_admin,
	};

	return all[id];
}

/* Give the terminal back (once). */
static void tui_end(void)
{
	if (tui_active) {
		tui_active = 0;
		endwin();
	}
	if (tui_saved_stderr >= 0) {
		dup2(tui_saved_stderr, 2);
		close(tui_saved_stderr);
		tui_saved_stderr = -1;
	}
}

/* A crash: the terminal first, then the signal's own action. */
static void tui_fatal_signal(int sig)
{
	if (tui_active)
		endwin();
	tui_active = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* SIGTERM, SIGINT: leave the loop; a second one leaves at once. */
static void tui_stop_signal(int sig)
{
	if (tui_stop) {
		if (tui_active)
			endwin();
		tui_active = 0;
		signal(sig, SIG_DFL);
		raise(sig);
	}
	tui_stop = 1;
}

static void tui_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = tui_stop_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = tui_fatal_signal;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Messages of the connection go to HOME/tui.log while the screen is ours. */
static void tui_stderr_to_log(const struct yg_opts *opts)
{
	char path[4200];
	int fd;

	mkdir(opts->home, 0700);
	snprintf(path, sizeof(path), "%s/tui.log", opts->home);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	tui_saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

/* Unless --lang or YG_LANG chose, an English locale means English. */
static void tui_language(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"}, *v;
	size_t i;

	if (i18n_chosen())
		return;
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) != NULL && v[0] != '\0') {
			i18n_set(strncmp(v, "en", 2) == 0 ? "en" : "zh");
			return;
		}
}

/* A UTF-8 locale, which ncursesw needs to draw Chinese. */
static void tui_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 && setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

static int tui_begin(void)
{
	if (initscr() == NULL)
		return -1;
	tui_active = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	td_colors();
	return 0;
}

/* Whether screen id may be shown to this user now. */
static int tui_can_show(struct tui *t, enum tui_screen_id id)
{
	return tui_screen(id)->available(t);
}

/* The first screen: the chair's console, else the member's, else … */
static void tui_pick_screen(struct tui *t)
{
	static const enum tui_screen_id order[] = {TS_CHAIR, TS_MEMBER,   TS_SCRUTINEER, TS_CLERK,
						   TS_ADMIN, TS_OBSERVER, TS_AUDITOR};
	size_t i;

	if (t->me.auditor && !t->me.chair && !t->me.member) {
		t->screen = TS_AUDITOR;
		return;
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (tui_can_show(t, order[i])) {
			t->screen = order[i];
			return;
		}
}

/* Tab: the next screen this user has. */
static void tui_next_screen(struct tui *t, int step)
{
	int i, id = (int)t->screen;

	for (i = 0; i < TS__COUNT; i++) {
		id = (id + step + TS__COUNT) % TS__COUNT;
		if (tui_can_show(t, (enum tui_screen_id)id)) {
			t->screen = (enum tui_screen_id)id;
			t->message[0] = '\0';
			return;
		}
	}
}

/* A vote has closed: a ballot still being filled in for it is put away
 * (it can no longer be cast), and a scrutineer is taken to the screen
 * that asks for the decryption, unless a question is open on the screen. */
static void tui_vote_closed(struct tui *t, long long item)
{
	if (t->ballot.stage != TB_CLOSED && t->ballot.item == item) {
		if (t->ballot.stage != TB_RECEIPT)
			tui_say(t, 1, "%s",
				TR("投票已结束，您的选票未投出",
				   "voting closed; your ballot was not cast"));
		t->ballot.stage = TB_CLOSED;
	}
	if (!tm_is_scrutineer(t->m, t->me.id) || t->prompt.kind != TP_NONE)
		return;
	if (t->screen != TS_SCRUTINEER)
		tui_say(t, 0, "%s",
			TR("投票已结束：请解密计票（已转到“监票”屏幕）",
			   "voting closed: decrypt the count (on the scrutineer screen)"));
	t->screen = TS_SCRUTINEER;
}

void tui_after_event(struct tui *t, const char *ev, const cJSON *d)
{
	const struct tm_item *it;

	t->want_refresh = 1;
	if (strcmp(ev, "vote.result") == 0)
		t->want_pubs = 1;
	if (strcmp(ev, "vote.opened") == 0 && (it = tm_item_c(t->m, json_int(d, "item"))) != NULL &&
	    tm_eligible(it, t->me.id))
		tui_say(t, 0,
			TR("议题 %lld 开始表决，按 [b] 投票",
			   "voting on item %lld is open: [b] to vote"),
			it->id);
	if (strcmp(ev, "vote.closing") == 0)
		tui_vote_closed(t, json_int(d, "item"));
	if (!tui_can_show(t, t->screen))
		tui_pick_screen(t);
}

/* Draw everything from the model. */
static void tui_draw(struct tui *t)
{
	struct tl_frame f;
	int rows, cols;

	erase();
	getmaxyx(stdscr, rows, cols);
	if (rows < TL_MIN_ROWS || cols < TL_MIN_COLS) {
		td_text(0, 0, cols,
			TR("终端窗口太小（至少 40×12）",
			   "the terminal is too small (40×12 at least)"));
		refresh();
		return;
	}
	tl_frame(rows, cols, &f);
	if (t->screen == TS_MEMBER && t->ballot.stage != TB_CLOSED)
		tb_draw(t, f.body);
	else
		tui_screen(t->screen)->draw(t, f.body);
	td_frame(t);
	refresh();
}

/* One key: the prompt, the ballot, the screen, then the common keys. */
static void tui_key(struct tui *t, int ch, int fn)
{
	if (fn && ch == KEY_RESIZE)
		return;
	if (t->prompt.kind != TP_NONE) {
		tp_key(t, ch, fn);
		return;
	}
	if (t->screen == TS_MEMBER && t->ballot.stage != TB_CLOSED) {
		tb_key(t, ch, fn);
		return;
	}
	if (tui_screen(t->screen)->key(t, ch, fn))
		return;
	if (!fn && ch == '\t')
		tui_next_screen(t, 1);
	else if (fn && ch == KEY_BTAB)
		tui_next_screen(t, -1);
	else if (!fn && ch == 'q')
		t->quit = 1;
}

/* Every key waiting. */
static void tui_keys(struct tui *t)
{
	wint_t wc;
	int r;

	while ((r = get_wch(&wc)) != ERR)
		tui_key(t, (int)wc, r == KEY_CODE_YES);
}

/* How long poll may wait: until the next reconnection, at most a second. */
static int tui_wait_ms(const struct tui *t)
{
	time_t now = time(NULL);

	if (t->up && SSL_pending(t->c.ssl) > 0)
		return 0;
	if (!t->up && t->next_try <= now)
		return 0;
	return 1000;
}

static void tui_loop(struct tui *t)
{
	struct pollfd p[2];
	int n;

	while (!t->quit && !tui_stop) {
		tnet_refresh(t);
		tui_draw(t);
		p[0] = (struct pollfd){.fd = 0, .events = POLLIN};
		p[1] = (struct pollfd){.fd = t->up ? t->c.fd : -1, .events = POLLIN};
		n = poll(p, 2, tui_wait_ms(t));
		if (n < 0 && errno != EINTR)
			break;
		tui_keys(t);
		if (t->up)
			tnet_read(t);
		tnet_tick(t);
	}
}

/* The meeting to show: the one given, else the meeting in session, else
 * the next one announced, else the last held; for an observer, among the
 * meetings they are invited to (meeting.list lists only those). */
static long long tui_default_meeting(struct tui *t)
{
	cJSON *res = NULL;
	const cJSON *m;
	long long open = 0, announced = 0, last = 0;

	if (conn_call(&t->c, "meeting.list", NULL, &res) != YG_EXIT_OK)
		return 0;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(res, "meetings")) {
		const char *s = json_str(m, "status");

		if (strcmp(s, "open") == 0)
			open = json_int(m, "id");
		else if (strcmp(s, "announced") == 0 && announced == 0)
			announced = json_int(m, "id");
		if (strcmp(s, "draft") != 0)
			last = json_int(m, "id");
	}
	cJSON_Delete(res);
	return open ? open : announced ? announced : last;
}

static int tui_run(struct tui *t)
{
	int rc = tnet_start(t);

	if (rc != YG_EXIT_OK) {
		fprintf(stderr, "yg: %s\n", t->message[0] ? t->message : msg(M_CONNECTION_LOST));
		return rc;
	}
	if (t->m->id == 0 && (t->m->id = tui_default_meeting(t)) > 0) {
		conn_close(&t->c);
		t->up = 0;
		if ((rc = tnet_start(t)) != YG_EXIT_OK) {
			fprintf(stderr, "yg: %s\n", t->message);
			return rc;
		}
	}
	t->message[0] = '\0';
	tui_pick_screen(t);
	tui_stderr_to_log(t->opts);
	if (tui_begin() != 0) {
		tui_end();
		fprintf(stderr, "yg: %s\n", TR("无法进入全屏界面", "cannot start the full screen"));
		return YG_EXIT_USAGE;
	}
	tui_loop(t);
	tui_end();
	return YG_EXIT_OK;
}

int tui_main(const struct yg_opts *opts, long long meeting)
{
	struct tui t;
	int rc;

	tui_language();
	tui_locale();
	memset(&t, 0, sizeof(t));
	t.opts = opts;
	t.c.fd = -1;
	t.m = xmalloc(sizeof(*t.m));
	tm_init(t.m, meeting);
	tui_signals();
	atexit(tui_end);
	rc = tui_run(&t);
	if (t.up)
		conn_close(&t.c);
	cJSON_Delete(t.item_info);
	cJSON_Delete(t.tasks);
	cJSON_Delete(t.pubs);
	cJSON_Delete(t.admin);
	cJSON_Delete(t.clerk_minutes);
	free(t.m);
	return rc;
}
