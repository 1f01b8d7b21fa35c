/* The meeting-log head a command-line request is chained to (PROTOCOL.md
 * §7a): before signing a request about a meeting, the terminal reads the
 * log after the head it last checked (kept in HOME/head/SERVER/MEETING),
 * checks each new entry as `yg meeting follow` does (client/logcheck.c),
 * and signs with the last entry that passed. An entry that fails is not
 * passed over: the request stays chained to the one before it, and the
 * person is told. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "conn.h"
#include "i18n.h"
#include "json_field.h"
#include "logcheck.h"
#include "loghead.h"
#include "save_file.h"

/* HOME/head/SERVER/MEETING, its directories made; -1 if it cannot be. */
static int loghead_path(const struct yg_conn *c, long long meeting, char *path, size_t len)
{
	char server[256], *p;
	int n;

	snprintf(server, sizeof(server), "%s", c->opts->server);
	for (p = server; *p != '\0'; p++)
		if (*p == '/')
			*p = '_';
	n = snprintf(path, len, "%s/head", c->opts->home);
	if (n < 0 || (size_t)n >= len || (mkdir(c->opts->home, 0700) != 0 && errno != EEXIST) ||
	    (mkdir(path, 0700) != 0 && errno != EEXIST))
		return -1;
	n = snprintf(path, len, "%s/head/%s", c->opts->home, server);
	if (n < 0 || (size_t)n >= len || (mkdir(path, 0700) != 0 && errno != EEXIST))
		return -1;
	n = snprintf(path, len, "%s/head/%s/%lld", c->opts->home, server, meeting);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The head kept in path: its seq (0 if none) and hash. */
static long long loghead_load(const char *path, char hash[65])
{
	FILE *fp = fopen(path, "r");
	long long v = 0;

	hash[0] = '\0';
	if (fp == NULL)
		return 0;
	if (fscanf(fp, "%lld %64[0-9a-f]", &v, hash) != 2 || v < 1 || strlen(hash) != 64) {
		v = 0;
		hash[0] = '\0';
	}
	fclose(fp);
	return v;
}

/* Read the log after lc->last and check each entry; lc ends at the last
 * one that passed, *end at the last entry read. 1 if all passed, 0 if one
 * failed (its number and why in *bad and *why), -1 if the log could not be
 * read. */
static int loghead_walk(struct yg_conn *c, struct logcheck *lc, long long *bad, const char **why,
			struct logcheck *end)
{
	cJSON *args = cJSON_CreateObject(), *res = NULL;
	const cJSON *e, *events;
	bool seen_last = false;
	long long seq, start = lc->last;
	int rc = 1;

	cJSON_AddNumberToObject(args, "meeting", (double)lc->meeting);
	cJSON_AddNumberToObject(args, "after", (double)(lc->last > 0 ? lc->last - 1 : 0));
	if (conn_call(c, "meeting.follow", args, &res) != YG_EXIT_OK)
		return -1;
	events = cJSON_GetObjectItemCaseSensitive(res, "events");
	cJSON_ArrayForEach(e, events) {
		seq = json_int(e, "seq");
		if (seq < lc->last || rc == 0)
			continue;
		if (seq == lc->last) {
			seen_last = true;
			/* The entry this terminal saw last must still be there, the same. */
			if (strcmp(json_str(e, "hash"), lc->last_hash) != 0) {
				*bad = seq;
				*why = TR("与本终端此前核验过的不同：会议记录被改写",
					  "it is not the one this terminal checked before: the log "
					  "was rewritten");
				rc = 0;
			}
			continue;
		}
		if ((*why = logcheck_entry(lc, e)) != NULL) {
			*bad = seq;
			rc = 0;
			continue;
		}
		logcheck_shown(lc, e);
	}
	if (start > 0 && !seen_last && rc == 1) {
		*bad = start;
		*why = TR("已不在会议记录中：会议记录被改写",
			  "it is no longer in the log: the log was rewritten");
		rc = 0;
	}
	*end = *lc;
	if ((e = cJSON_GetArrayItem(events, cJSON_GetArraySize(events) - 1)) != NULL &&
	    json_int(e, "seq") > lc->last)
		logcheck_shown(end, e);
	cJSON_Delete(res);
	return rc;
}

/* Keep the head checked last in path. */
static void loghead_save(const char *path, const struct logcheck *lc)
{
	char text[96];
	int n = snprintf(text, sizeof(text), "%lld %s\n", lc->last, lc->last_hash);

	if (path[0] != '\0' && lc->last > 0 && save_file(path, text, (size_t)n) != 0)
		fprintf(stderr, "yg: %s: %s\n", path, strerror(errno));
}

/* Chain c's next requests to the head of meeting's log, checked. An entry
 * that does not verify is said loudly; the request is still chained to the
 * log's head (what the person acts after), but the terminal keeps only the
 * head it checked, and says so again next time. */
void loghead_see(struct yg_conn *c, long long meeting)
{
	struct logcheck lc = {.meeting = meeting}, end;
	const char *why = NULL;
	long long bad = 0;
	char path[4200];
	int rc;

	if (loghead_path(c, meeting, path, sizeof(path)) != 0)
		path[0] = '\0';
	else
		lc.last = loghead_load(path, lc.last_hash);
	logcheck_server_key(&lc, c);
	rc = loghead_walk(c, &lc, &bad, &why, &end);
	if (rc == 0 && bad > 0 && bad == lc.last) {
		/* What it saw before is not there any more: say so, and check the log
		 * again from its start. */
		fprintf(stderr,
			TR("yg: 会议 %lld 的第 %lld 条记录%s\n",
			   "yg: meeting %lld, entry %lld: %s\n"),
			meeting, bad, why);
		lc.last = 0;
		lc.last_hash[0] = '\0';
		rc = loghead_walk(c, &lc, &bad, &why, &end);
	}
	if (rc < 0)
		return; /* no log to read (no such meeting, not invited): the request says so */
	if (rc == 0)
		fprintf(stderr,
			TR("yg: 会议 %lld 的第 %lld 条记录未通过核验：%s\n",
			   "yg: meeting %lld, entry %lld does not verify: %s\n"),
			meeting, bad, why);
	loghead_save(path, &lc);
	if (end.last > 0)
		conn_set_head(c, meeting, end.last, end.last_hash);
}
