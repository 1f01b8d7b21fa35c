/* yg meeting follow: a meeting as it happens, one readable line per entry
 * of its log (who arrived, the item taken up, each position stated, ...):
 * first what happened since the last entry this terminal saw, then the
 * events as the server pushes them, until the meeting closes or Ctrl-C.
 * The last sequence number seen is kept in the yg home
 * (follow/SERVER/MEETING), so running it again resumes without repeating;
 * a dropped connection is resumed the same way. Observers receive only
 * what is open to them: the server never sends them members-only entries. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../proto/events.h"
#include "code_text.h"
#include "commands.h"
#include "fmt_time.h"
#include "i18n.h"
#include "logcheck.h"
#include "save_file.h"

struct follow {
	const struct yg_opts *opts;
	struct yg_conn c;
	long long meeting;
	long long last;     /* the last sequence number shown */
	bool observer;      /* entries withheld from observers leave gaps */
	struct logcheck lc; /* what each entry is checked against */
	int shown;          /* lines printed by this run */
	int closed;         /* the meeting is closed */
	cJSON *names;       /* "member:ID" and "observer:ID" to names */
	cJSON *personnel;   /* item ids of cadre items, as keys */
	char path[4200];    /* where last is kept */
};

/* Make directory dir unless it is there. */
static int follow_mkdir(const char *dir)
{
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* The file that keeps the last sequence number: HOME/follow/SERVER/MEETING,
 * its directories made. */
static int follow_path(struct follow *f)
{
	char dir[4096], server[256], *p;
	size_t n;

	snprintf(server, sizeof(server), "%s", f->opts->server);
	for (p = server; *p != '\0'; p++)
		if (*p == '/')
			*p = '_';
	n = (size_t)snprintf(dir, sizeof(dir), "%s/follow", f->opts->home);
	if (n >= sizeof(dir) - sizeof(server) - 1 || follow_mkdir(f->opts->home) != 0 ||
	    follow_mkdir(dir) != 0)
		return -1;
	snprintf(dir + n, sizeof(dir) - n, "/%s", server);
	if (follow_mkdir(dir) != 0)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/%lld", dir, f->meeting);
	return 0;
}

/* The sequence number kept in path, 0 if none; its hash in hash. */
static long long follow_load(const char *path, char hash[65])
{
	FILE *fp = fopen(path, "r");
	long long v = 0;

	hash[0] = '\0';
	if (fp == NULL)
		return 0;
	if (fscanf(fp, "%lld", &v) != 1 || v < 0)
		v = 0;
	else if (fscanf(fp, " %64[0-9a-f]", hash) != 1 || strlen(hash) != 64)
		hash[0] = '\0';
	fclose(fp);
	return v;
}

/* Keep the last sequence number shown. */
static void follow_save(const struct follow *f)
{
	char text[96];
	int n = snprintf(text, sizeof(text), "%lld %s\n", f->last, f->lc.last_hash);

	if (save_file(f->path, text, (size_t)n) != 0)
		fprintf(stderr, "yg: %s: %s\n", f->path, strerror(errno));
}

/* Remember who kind:id is. */
static void follow_learn(struct follow *f, const char *kind, long long id, const char *name)
{
	char key[48];

	if (name == NULL || name[0] == '\0')
		return;
	snprintf(key, sizeof(key), "%s:%lld", kind, id);
	cJSON_DeleteItemFromObjectCaseSensitive(f->names, key);
	cJSON_AddStringToObject(f->names, key, name);
}

/* The name of kind:id, or "member 7" when it is not known. */
static const char *follow_name(const struct follow *f, const char *kind, long long id)
{
	static char unknown[64];
	const char *name;
	char key[48];

	snprintf(key, sizeof(key), "%s:%lld", kind, id);
	name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f->names, key));
	if (name != NULL)
		return name;
	if (strcmp(kind, "observer") == 0)
		snprintf(unknown, sizeof(unknown), TR("列席人员 %lld", "observer %lld"), id);
	else
		snprintf(unknown, sizeof(unknown), TR("委员 %lld", "member %lld"), id);
	return unknown;
}

/* Learn the names of a roster ([{id, name}, ...]) of kind. */
static void follow_learn_list(struct follow *f, const char *kind, const cJSON *list)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, list) {
		follow_learn(f, kind, json_int(m, "id"), json_str(m, "name"));
	}
}

/* " (4 of 6 members present)" from an entry's counts. */
static void follow_counts(const cJSON *d)
{
	printf(TR("（到会 %lld / 应到会 %lld）", " (%lld of %lld members present)"),
	       json_int(d, "present"), json_int(d, "entitled"));
}

/* Entries about the meeting as a whole; 0 if ev is none of them. */
static int follow_meeting_line(struct follow *f, const char *ev, const cJSON *d)
{
	char at[64];

	if (event_is(ev, EV_MEETING_ANNOUNCED)) {
		follow_learn_list(f, "member", cJSON_GetObjectItemCaseSensitive(d, "roster"));
		time_text(json_str(d, "starts_at"), at, sizeof(at));
		printf(TR("会议公布：%s，%s，%s；应到会 %d 人",
			  "meeting announced: %s, %s, at %s; %d members entitled to attend"),
		       json_str(d, "title"), at, json_str(d, "place"),
		       cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "roster")));
	} else if (event_is(ev, EV_MEETING_OPENED)) {
		printf("%s", TR("宣布开会", "the meeting is open"));
		follow_counts(d);
	} else if (event_is(ev, EV_MEETING_CLOSED)) {
		printf("%s", TR("宣布散会", "the meeting is closed"));
		follow_counts(d);
		f->closed = 1;
	} else if (event_is(ev, EV_OBSERVER_INVITED)) {
		follow_learn(f, "observer", json_int(d, "observer"), json_str(d, "name"));
		printf(TR("邀请 %s 列席", "%s is invited to observe"), json_str(d, "name"));
	} else if (event_is(ev, EV_MINUTES_SIGNED)) {
		printf(TR("%s 以%s身份签署会议记录", "%s signed the minutes as the %s"),
		       json_str(d, "name"),
		       strcmp(json_str(d, "role"), "chair") == 0 ? TR("主持人", "chair")
								 : TR("记录人", "clerk"));
	} else if (event_is(ev, EV_PRESIDING_SUCCEEDED)) {
		printf(TR("%s 接替 %s 行使主持人职权：%s", "%s succeeds %s as presiding chair: %s"),
		       json_str(d, "name"), json_str(d, "predecessor_name"), json_str(d, "reason"));
	} else if (event_is(ev, EV_MINUTES_CORRECTION_PROPOSED)) {
		printf(TR("%s 提出会议记录第 %lld 条更正：%s（理由：%s）",
			  "%s proposes correction %lld of the minutes: %s (reason: %s)"),
		       json_str(d, "name"), json_int(d, "n"), json_str(d, "text"),
		       json_str(d, "reason"));
	} else if (event_is(ev, EV_MINUTES_CORRECTION_SIGNED)) {
		printf(TR("%s 会签会议记录第 %lld 条更正",
			  "%s co-signs correction %lld of the minutes"),
		       json_str(d, "name"), json_int(d, "n"));
	} else
		return 0;
	return 1;
}

/* Arrivals, departures, absences; 0 if ev is none of them. */
static int follow_attend_line(struct follow *f, const char *ev, const cJSON *d)
{
	int observer = strcmp(json_str(d, "kind"), "observer") == 0;

	if (event_is(ev, EV_ATTENDANCE_IN) || event_is(ev, EV_ATTENDANCE_OUT)) {
		int in = event_is(ev, EV_ATTENDANCE_IN);

		follow_learn(f, json_str(d, "kind"), json_int(d, "who"), json_str(d, "name"));
		if (observer)
			printf(in ? TR("列席人员 %s 到场", "observer %s arrives")
				  : TR("列席人员 %s 离场", "observer %s leaves"),
			       json_str(d, "name"));
		else {
			printf(in ? TR("%s 到会", "%s checks in") : TR("%s 离会", "%s leaves"),
			       json_str(d, "name"));
			follow_counts(d);
		}
	} else if (event_is(ev, EV_ATTENDANCE_ABSENT)) {
		printf(TR("%s 缺席：", "%s is absent: "), json_str(d, "name"));
		cmd_put_flat(stdout, json_str(d, "reason"));
	} else
		return 0;
	return 1;
}

/* A statement of position, or a pass. */
static void follow_statement(const struct follow *f, const cJSON *d)
{
	char item[24];
	long long cand = json_int(d, "candidate");
	const cJSON *who;

	snprintf(item, sizeof(item), "%lld", json_int(d, "item"));
	printf("%s ", json_str(d, "name"));
	who = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(f->personnel, item), (int)cand);
	if (cJSON_IsString(who)) {
		printf("%s", TR("就", "on "));
		cmd_put_flat(stdout, who->valuestring);
		printf(" ");
	} else if (cand > 0 || cJSON_GetObjectItemCaseSensitive(f->personnel, item) != NULL)
		printf(TR("就候选人 %lld ", "on candidate %lld "), cand + 1);
	if (strcmp(json_str(d, "kind"), "pass") == 0) {
		printf("%s", TR("放弃表态", "passes"));
		return;
	}
	printf(TR("表态：%s — ", "states: %s — "), position_text(json_str(d, "position")));
	cmd_put_flat(stdout, json_str(d, "body"));
}

/* An item taken up. */
static void follow_item_opened(struct follow *f, const cJSON *d)
{
	char item[24];

	snprintf(item, sizeof(item), "%lld", json_int(d, "item"));
	/* A cadre item: its candidates by name when the log names them. */
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "personnel")) &&
	    cJSON_GetObjectItemCaseSensitive(f->personnel, item) == NULL)
		cJSON_AddItemToObject(
			f->personnel, item,
			cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(d, "candidates"))
				? cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(d, "candidates"),
						  1)
				: cJSON_CreateTrue());
	printf(TR("开始审议议题 %lld：%s（主持：%s）", "item %lld taken up: %s (presiding: %s)"),
	       json_int(d, "item"), json_str(d, "title"),
	       follow_name(f, "member", json_int(d, "presiding")));
}

/* What happens on an item; 0 if ev is none of it. */
static int follow_agenda_line(struct follow *f, const char *ev, const cJSON *d)
{
	long long item = json_int(d, "item");

	if (event_is(ev, EV_AGENDA_OPENED))
		follow_item_opened(f, d);
	else if (event_is(ev, EV_AGENDA_STATEMENT))
		follow_statement(f, d);
	else if (event_is(ev, EV_AGENDA_PRESENTED)) {
		printf(TR("%s 汇报议题 %lld", "%s presents item %lld"), json_str(d, "name"), item);
		if (json_str(d, "body")[0] != '\0')
			printf("%s", TR("：", ": "));
		cmd_put_flat(stdout, json_str(d, "body"));
	} else if (event_is(ev, EV_AGENDA_RECUSED)) {
		printf(TR("%s 回避议题 %lld：", "%s recuses from item %lld: "), json_str(d, "name"),
		       item);
		cmd_put_flat(stdout, json_str(d, "reason"));
	} else if (event_is(ev, EV_AGENDA_PRESIDING))
		printf(TR("议题 %lld 改由 %s 主持", "item %lld is now presided by %s"), item,
		       json_str(d, "name"));
	else if (event_is(ev, EV_AGENDA_DEFERRED)) {
		printf(TR("议题 %lld 缓议：", "item %lld is deferred: "), item);
		cmd_put_flat(stdout, json_str(d, "reason"));
	} else if (event_is(ev, EV_AGENDA_DISCUSSED))
		printf(TR("议题 %lld 讨论结束", "discussion of item %lld is closed"), item);
	else if (event_is(ev, EV_AGENDA_AGREED)) {
		printf(TR("%s 记录议题 %lld 的议定事项：",
			  "%s records what was agreed on item %lld: "),
		       json_str(d, "name"), item);
		cmd_put_flat(stdout, json_str(d, "text"));
	} else
		return 0;
	return 1;
}

/* Requests for the floor; 0 if ev is neither. */
static int follow_floor_line(const struct follow *f, const char *ev, const cJSON *d)
{
	const char *who = follow_name(f, json_str(d, "kind"), json_int(d, "who"));

	if (event_is(ev, EV_FLOOR_REQUESTED))
		printf(TR("%s 申请发言（申请 %lld）", "%s asks for the floor (request %lld)"), who,
		       json_int(d, "request"));
	else if (event_is(ev, EV_FLOOR_GRANTED))
		printf(TR("准许 %s 发言（申请 %lld）", "%s is given the floor (request %lld)"), who,
		       json_int(d, "request"));
	else if (event_is(ev, EV_FLOOR_REMARK)) {
		printf(TR("记录 %s（%s）的发言：", "minuted what %s (%s) said: "),
		       json_str(d, "speaker"), json_str(d, "category_name"));
		cmd_put_flat(stdout, json_str(d, "body"));
	} else
		return 0;
	return 1;
}

/* A vote's result: counts against the question's labels, the outcome. */
static void follow_vote_result(const cJSON *d)
{
	const cJSON *labels = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "question"), "labels");
	const cJSON *outcome = cJSON_GetObjectItem(d, "outcome"), *c;
	const char *r = json_str(outcome, "result");
	int i = 0;

	printf(TR("议题 %lld 第 %lld 轮表决结果：", "item %lld, round %lld, result: "),
	       json_int(d, "item"), json_int(d, "round"));
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "counts")) {
		const char *l = cJSON_GetStringValue(cJSON_GetArrayItem(labels, i));

		printf(TR("%s%s %lld 票", "%s%s %lld"), i++ > 0 ? TR("，", ", ") : "", l ? l : "?",
		       (long long)c->valuedouble);
	}
	printf(" — %s", vote_result_text(r));
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(outcome, "elected")) {
		const char *l =
			cJSON_GetStringValue(cJSON_GetArrayItem(labels, (int)c->valuedouble));

		printf(TR("；当选 %s", "; elected %s"), l ? l : "?");
	}
}

/* The vote (票决): progress, never who voted what; 0 if ev is none of it. */
static int follow_vote_line(const char *ev, const cJSON *d)
{
	if (event_is(ev, EV_SCRUTINEERS_DESIGNATED)) {
		const cJSON *s;
		int i = 0;

		printf("%s", TR("监票人：", "scrutineers: "));
		cJSON_ArrayForEach(s, cJSON_GetObjectItem(d, "scrutineers")) {
			printf("%s%s", i++ ? "、" : "", json_str(s, "name"));
		}
	} else if (event_is(ev, EV_SCRUTINEER_KEY))
		printf(TR("监票人 %s 公布密钥", "scrutineer %s publishes a key"),
		       json_str(d, "name"));
	else if (event_is(ev, EV_ELECTION_KEY))
		printf("%s", TR("选举公钥已生成", "the election key is made"));
	else if (event_is(ev, EV_VOTE_OPENED))
		printf(TR("议题 %lld 第 %lld 轮表决开始：可投票 %d 人",
			  "item %lld, round %lld: voting open to %d"),
		       json_int(d, "item"), json_int(d, "round"),
		       cJSON_GetArraySize(cJSON_GetObjectItem(d, "eligible")));
	else if (event_is(ev, EV_VOTE_CAST))
		printf(TR("议题 %lld 已投 %lld/%lld", "item %lld: %lld of %lld cast"),
		       json_int(d, "item"), json_int(d, "cast"), json_int(d, "eligible"));
	else if (event_is(ev, EV_VOTE_CLOSING))
		printf(TR("议题 %lld 投票结束，共 %lld 票，监票人解密中",
			  "item %lld: voting closed, %lld ballots; the scrutineers decrypt"),
		       json_int(d, "item"), json_int(d, "ballots"));
	else if (event_is(ev, EV_VOTE_DECRYPTED))
		printf(TR("监票人 %s 已解密", "scrutineer %s has decrypted"), json_str(d, "name"));
	else if (event_is(ev, EV_VOTE_RESULT))
		follow_vote_result(d);
	else
		return 0;
	return 1;
}

/* Show one entry, unless it was shown already: "#seq time text". at is
 * the entry's time, NULL for a live event (then the time now). */
static void follow_entry(struct follow *f, long long seq, const char *at, const char *ev,
			 const cJSON *d)
{
	char when[64];

	if (seq <= f->last)
		return;
	if (at != NULL)
		time_text(at, when, sizeof(when));
	else
		fmt_time_text(time(NULL), i18n_clock_offset(), i18n_english(), when, sizeof(when));
	printf("#%-4lld %s  ", seq, when);
	if (!follow_meeting_line(f, ev, d) && !follow_attend_line(f, ev, d) &&
	    !follow_agenda_line(f, ev, d) && !follow_floor_line(f, ev, d) &&
	    !follow_vote_line(ev, d)) {
		char *text = cJSON_PrintUnformatted(d);

		printf("%s %s", ev, text != NULL ? text : "");
		free(text);
	}
	putchar('\n');
	fflush(stdout);
	f->last = seq;
	f->shown++;
}

/* Say loudly that entry seq is not shown, and why. */
static void follow_alarm(long long seq, const char *why)
{
	char words[1024];

	why = finding_text(why, words, sizeof(words)); /* a reason of the catalog, worded */
	printf(TR("！！！第 %lld 条记录未通过核验，未显示：%s\n",
		  "!!! entry %lld does NOT verify and is not shown: %s\n"),
	       seq, why);
	fflush(stdout);
	fprintf(stderr,
		TR("yg: 第 %lld 条记录未通过核验：%s\n", "yg: entry %lld does not verify: %s\n"),
		seq, why);
}

/* Show the entries of res in order, each checked; stops at the first that
 * fails (its number in *bad) or at a gap a member should not see. */
static void follow_show(struct follow *f, const cJSON *res, long long *bad)
{
	const cJSON *e;
	const char *why;
	long long seq;

	*bad = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(res, "events")) {
		seq = json_int(e, "seq");
		if (seq <= f->last)
			continue;
		if (seq != f->last + 1 && !f->observer) {
			*bad = f->last + 1;
			follow_alarm(f->last + 1, TR("记录缺失（序号不连续）",
						     "it is missing (a gap in the numbers)"));
			return;
		}
		f->lc.last = f->last;
		if ((why = logcheck_entry(&f->lc, e)) != NULL) {
			*bad = seq;
			follow_alarm(seq, why);
			return;
		}
		follow_entry(f, seq, json_str(e, "at"), json_str(e, "event"),
			     cJSON_GetObjectItemCaseSensitive(e, "data"));
		logcheck_shown(&f->lc, e);
	}
}

/* Everything after the last entry shown, each entry checked; an entry that
 * fails is fetched once more, and if it fails again the terminal stops
 * (YG_EXIT_REFUSED) rather than skip it. */
static int follow_catch_up(struct follow *f)
{
	cJSON *args, *res = NULL;
	long long bad = 0, before = -1;
	int rc, tries;

	for (tries = 0; tries < 2; tries++) {
		args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "meeting", (double)f->meeting);
		cJSON_AddNumberToObject(args, "after", (double)f->last);
		if ((rc = conn_call(&f->c, "meeting.follow", args, &res)) != YG_EXIT_OK)
			return rc;
		follow_show(f, res, &bad);
		if (strcmp(json_str(res, "status"), "closed") == 0 && bad == 0)
			f->closed = 1;
		cJSON_Delete(res);
		follow_save(f);
		if (bad == 0)
			return YG_EXIT_OK;
		if (bad == before)
			break;
		before = bad;
		printf("%s\n", TR("正在重新获取……", "fetching it again..."));
	}
	printf(TR("！！！第 %lld 条记录一再未通过核验，停止跟随。\n",
		  "!!! entry %lld fails again; following stops.\n"),
	       bad);
	return YG_EXIT_REFUSED;
}

/* The first time: which meeting, and from where. */
static void follow_header(const struct follow *f, const cJSON *state)
{
	printf(TR("会议 %lld：%s（%s）", "meeting %lld: %s (%s)"), f->meeting,
	       json_str(state, "title"), code_label("meeting", json_str(state, "status")));
	if (f->last > 0)
		printf(TR("，从第 %lld 条之后接着显示", ", from after entry %lld"), f->last);
	putchar('\n');
}

/* Whether this terminal is logged in as an observer. */
static bool follow_is_observer(struct follow *f)
{
	cJSON *res = NULL;
	bool observer = false;

	if (conn_call(&f->c, "auth.whoami", NULL, &res) == YG_EXIT_OK)
		observer = strcmp(json_str(res, "kind"), "observer") == 0;
	cJSON_Delete(res);
	return observer;
}

/* Connect, log in, learn the names of the room, and catch up. */
static int follow_start(struct follow *f, int first)
{
	cJSON *args, *res = NULL;
	int rc = conn_session(&f->c, f->opts, 1);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)f->meeting);
	logcheck_server_key(&f->lc, &f->c);
	f->observer = f->c.committee > 0 && follow_is_observer(f);
	if ((rc = conn_call(&f->c, "meeting.state", args, &res)) == YG_EXIT_OK) {
		follow_learn_list(f, "member", cJSON_GetObjectItemCaseSensitive(res, "roster"));
		follow_learn_list(f, "observer",
				  cJSON_GetObjectItemCaseSensitive(res, "observers"));
		if (first)
			follow_header(f, res);
		rc = follow_catch_up(f);
	}
	if (rc != YG_EXIT_OK) {
		conn_print_error(&f->c);
		conn_close(&f->c);
	}
	cJSON_Delete(res);
	return rc;
}

/* The next message; -1 when the connection is gone. Waits as long as it
 * takes: a meeting can be quiet for an hour. */
static int follow_wait(struct follow *f, cJSON **msg)
{
	struct pollfd p = {.fd = f->c.fd, .events = POLLIN};
	int n;

	while (SSL_pending(f->c.ssl) == 0) {
		n = poll(&p, 1, -1);
		if (n > 0)
			break;
		if (n < 0 && errno != EINTR)
			return -1;
	}
	return conn_recv(&f->c, msg);
}

/* Show the meeting's events as they come, until it closes. An event after
 * a gap (something was missed) makes yg catch up from the log first. */
static int follow_live(struct follow *f)
{
	char stream[48];
	cJSON *m;
	long long seq;
	int rc = YG_EXIT_OK;

	snprintf(stream, sizeof(stream), "meeting:%lld", f->meeting);
	while (rc == YG_EXIT_OK && !f->closed) {
		if (follow_wait(f, &m) != 0)
			return YG_EXIT_CONNECT;
		seq = json_int(m, "seq");
		/* A pushed event only says there is something new: what is shown
		 * is read from the log and checked, never taken from the push. */
		if (strcmp(json_str(m, "stream"), stream) == 0 && seq > f->last)
			rc = follow_catch_up(f);
		cJSON_Delete(m);
	}
	return rc;
}

/* Follow until the meeting closes; after a lost connection, come back
 * (every few seconds) and resume where the log was left. */
static int follow_run(struct follow *f, int once)
{
	unsigned delay = 1;
	int rc = follow_start(f, 1);

	if (rc == YG_EXIT_OK && f->shown == 0)
		printf("%s\n", TR("（没有新的记录）", "(nothing new)"));
	while (rc == YG_EXIT_OK && !once && !f->closed) {
		rc = follow_live(f);
		conn_close(&f->c);
		while (rc == YG_EXIT_CONNECT) {
			fprintf(stderr,
				TR("yg: 与服务器的连接中断，%u 秒后重连\n",
				   "yg: the connection was lost; reconnecting in %u s\n"),
				delay);
			sleep(delay);
			delay = delay < 30 ? delay * 2 : 30;
			rc = follow_start(f, 0);
		}
	}
	conn_close(&f->c);
	return rc;
}

static int follow_exec(int argc, char **argv, const struct yg_opts *opts)
{
	struct follow f = {.opts = opts, .c = {.fd = -1}};
	const char *pos[1], *after = NULL;
	const struct cmd_opt o[] = {{"--after", &after, 0}, {NULL, NULL, 0}};
	int once = cmd_take_flag(&argc, argv, "--once") > 0;
	int rc = cmd_parse(&cmd_meeting_follow, argc, argv, o, pos, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_meeting_follow, pos[0], 1, ID_MAX, &f.meeting)) != 0 ||
	    (after != NULL &&
	     (rc = cmd_number(&cmd_meeting_follow, after, 0, ID_MAX, &f.last)) != 0))
		return rc;
	if (follow_path(&f) != 0) {
		fprintf(stderr, "yg: %s/follow: %s\n", opts->home, strerror(errno));
		return YG_EXIT_USAGE;
	}
	if (after == NULL)
		f.last = follow_load(f.path, f.lc.last_hash);
	f.lc.meeting = f.meeting;
	f.names = cJSON_CreateObject();
	f.personnel = cJSON_CreateObject();
	rc = follow_run(&f, once);
	cJSON_Delete(f.names);
	cJSON_Delete(f.personnel);
	return rc;
}

const struct cmd_entry cmd_meeting_follow = {
	.name = "meeting follow",
	.usage = "MEETING_ID [--after SEQ] [--once]",
	.summary_zh = "实时跟随会议：先补上此终端上次看到之后的记录，再逐条显示新事件，直到散会"
		      "（Ctrl-C 退出）；--once 只补记录后退出",
	.summary_en = "follow a meeting live: first what this terminal has not seen yet, then "
		      "each event as it happens, until the meeting closes (Ctrl-C to stop); "
		      "--once: catch up and exit",
	.exec = follow_exec,
};
