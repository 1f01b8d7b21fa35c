/* 监票人 at their terminals: yg scrutineer designate and list (the chair,
 * anyone), yg scrutineer key (the key ceremony: a secret share made and
 * kept here, in a file only its owner can read, before its public half is
 * published), yg scrutineer decrypt (a proven partial decryption of each
 * round waiting for it) and yg scrutineer watch (both, for as long as the
 * meeting lasts, coming back after a dropped connection): the work itself is
 * scrutiny.c's. VOTE.md §1, §5. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "scrutiny.h"

static int scrutiny_run(const struct cmd_entry *cmd, int argc, char **argv,
			const struct yg_opts *opts, int do_key, int do_decrypt)
{
	const char *pos[1] = {NULL};
	long long meeting;
	struct yg_conn c;
	int rc = cmd_parse(cmd, argc, argv, NULL, pos, 1);

	if (rc != YG_EXIT_OK || (rc = cmd_number(cmd, pos[0], 1, ID_MAX, &meeting)) != YG_EXIT_OK)
		return rc;
	if ((rc = conn_session(&c, opts, 1)) != YG_EXIT_OK)
		return rc;
	scrutiny_sweep(&c, opts, stdout, stderr);
	rc = scrutiny_work(&c, opts, meeting, do_key, do_decrypt, NULL, stdout, stderr);
	conn_close(&c);
	return rc;
}

static int scrutineer_key_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return scrutiny_run(&cmd_scrutineer_key, argc, argv, opts, 1, 0);
}

static int scrutineer_decrypt_exec(int argc, char **argv, const struct yg_opts *opts)
{
	return scrutiny_run(&cmd_scrutineer_decrypt, argc, argv, opts, 0, 1);
}

static volatile sig_atomic_t scrutiny_stop;

static void scrutiny_signal(int sig)
{
	(void)sig;
	scrutiny_stop = 1;
}

/* The scrutineer's terminal for the whole meeting: every second, whatever
 * is to do; a dropped connection is reopened (waiting longer each time, up
 * to 10 s) and the work re-read, so nothing is missed. Ends when the
 * meeting closes, or on Ctrl-C / SIGTERM. */
static int scrutineer_watch_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1] = {NULL};
	struct timespec pause = {1, 0};
	long long meeting;
	unsigned backoff = 1;
	struct yg_conn c;
	int rc = cmd_parse(&cmd_scrutineer_watch, argc, argv, NULL, pos, 1), closed = 0, up = 0,
	    swept = 0;

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_scrutineer_watch, pos[0], 1, ID_MAX, &meeting)) != YG_EXIT_OK)
		return rc;
	signal(SIGINT, scrutiny_signal);
	signal(SIGTERM, scrutiny_signal);
	printf(TR("监票终端：会议 %lld（散会后自动退出）\n", "scrutineer terminal: meeting %lld "
							     "(ends when the meeting closes)\n"),
	       meeting);
	fflush(stdout);
	while (!scrutiny_stop && !closed) {
		if (!up) {
			if (conn_session(&c, opts, 1) != YG_EXIT_OK) {
				fprintf(stderr, "yg: %s\n",
					TR("连接中断，稍后重连", "disconnected; reconnecting"));
				sleep(backoff);
				backoff = backoff < 10 ? backoff * 2 : 10;
				continue;
			}
			if (!swept)
				scrutiny_sweep(&c, opts, stdout, stderr);
			swept = 1;
			up = 1;
			backoff = 1;
		}
		rc = scrutiny_work(&c, opts, meeting, 1, 1, &closed, stdout, stderr);
		fflush(stdout);
		if (rc == YG_EXIT_CONNECT || strcmp(c.err_code, "") != 0) {
			/* refusals are printed; a lost connection is reopened */
			if (rc == YG_EXIT_CONNECT) {
				conn_close(&c);
				up = 0;
			}
			c.err_code[0] = '\0';
		}
		if (!closed)
			nanosleep(&pause, NULL);
	}
	if (up)
		conn_close(&c);
	if (closed)
		printf("%s\n", TR("会议已散会，监票终端退出", "the meeting is closed; done"));
	return YG_EXIT_OK;
}

static int scrutineer_designate_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *reason = NULL;
	long long meeting, id;
	cJSON *args, *list, *res = NULL;
	const cJSON *s;
	int rc, i;

	/* --reason TEXT (leaving a key ceremony that made no key), then the ids */
	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--reason") == 0) {
			reason = argv[i + 1];
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 2) * sizeof(*argv));
			argc -= 2;
			break;
		}
	if (argc < 3)
		return cmd_usage_error(&cmd_scrutineer_designate, NULL);
	if ((rc = cmd_number(&cmd_scrutineer_designate, argv[1], 1, ID_MAX, &meeting)) !=
	    YG_EXIT_OK)
		return rc;
	list = cJSON_CreateArray();
	for (i = 2; i < argc; i++) {
		if ((rc = cmd_number(&cmd_scrutineer_designate, argv[i], 1, ID_MAX, &id)) !=
		    YG_EXIT_OK) {
			cJSON_Delete(list);
			return rc;
		}
		cJSON_AddItemToArray(list, cJSON_CreateNumber((double)id));
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	cJSON_AddItemToObject(args, "members", list);
	if (reason != NULL)
		cJSON_AddStringToObject(args, "reason", reason);
	if ((rc = cmd_call(opts, 1, "scrutineer.designate", args, &res)) != YG_EXIT_OK)
		return rc;
	printf(TR("会议 %lld 的监票人：", "scrutineers of meeting %lld: "), meeting);
	i = 0;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(res, "scrutineers")) {
		printf("%s%s", i++ ? "、" : "", json_str(s, "name"));
	}
	printf("\n");
	if (reason != NULL && json_int(res, "ceremony") > 1)
		printf(TR("未完成的密钥生成已放弃（理由已记入会议日志）；第 %lld 次密钥生成开始\n",
			  "the unfinished key ceremony is left (the reason is in the meeting's "
			  "log); key ceremony %lld begins\n"),
		       json_int(res, "ceremony"));
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

static int scrutineer_list_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *pos[1] = {NULL};
	struct rows t = {.ncols = 3};
	long long meeting;
	cJSON *args, *res = NULL;
	const cJSON *s;
	int rc = cmd_parse(&cmd_scrutineer_list, argc, argv, NULL, pos, 1);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_scrutineer_list, pos[0], 1, ID_MAX, &meeting)) != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "meeting", (double)meeting);
	if ((rc = cmd_call(opts, 1, "scrutineer.list", args, &res)) != YG_EXIT_OK)
		return rc;
	rows_add(&t, TR("序号", "#"));
	rows_add(&t, TR("监票人", "scrutineer"));
	rows_add(&t, TR("密钥", "key"));
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(res, "scrutineers")) {
		rows_addf(&t, "%lld", json_int(s, "index") + 1);
		rows_add(&t, json_str(s, "name"));
		rows_add(&t,
			 json_str(s, "key")[0] ? json_str(s, "key") : TR("尚未公布", "not yet"));
	}
	rows_print(&t);
	printf("%s %s\n", TR("选举公钥：", "election key:"),
	       json_str(res, "election_key")[0] ? json_str(res, "election_key")
						: TR("尚未生成", "not yet made"));
	cJSON_Delete(res);
	return YG_EXIT_OK;
}

const struct cmd_entry cmd_scrutineer_designate = {
	.name = "scrutineer designate",
	.usage = "MEETING_ID MEMBER_ID... [--reason TEXT]",
	.summary_zh = "指定会议的监票人（主持人；人数按规则，不得是议程上的候选人；密钥生成停滞时附"
		      "理由重新指定）",
	.summary_en = "designate the meeting's scrutineers (the chair; not candidates; again with "
		      "a reason when a key ceremony stalls)",
	.exec = scrutineer_designate_exec,
};

const struct cmd_entry cmd_scrutineer_list = {
	.name = "scrutineer list",
	.usage = "MEETING_ID",
	.summary_zh = "会议的监票人、各自公布的密钥和选举公钥",
	.summary_en = "the meeting's scrutineers, their keys and the election key",
	.exec = scrutineer_list_exec,
};

const struct cmd_entry cmd_scrutineer_key = {
	.name = "scrutineer key",
	.op = "scrutineer.publish",
	.usage = "MEETING_ID",
	.summary_zh = "监票人在本机生成并保存密钥份额，公布其公钥和证明",
	.summary_en = "make and keep this scrutineer's key share here; publish its public half",
	.exec = scrutineer_key_exec,
};

const struct cmd_entry cmd_scrutineer_decrypt = {
	.name = "scrutineer decrypt",
	.op = "vote.decrypt",
	.usage = "MEETING_ID",
	.summary_zh = "用本机的密钥份额对已结束投票的计票作部分解密（附证明）",
	.summary_en = "partially decrypt each closed round's sum with this terminal's share",
	.exec = scrutineer_decrypt_exec,
};

const struct cmd_entry cmd_scrutineer_watch = {
	.name = "scrutineer watch",
	.op = "scrutineer.tasks",
	.usage = "MEETING_ID",
	.summary_zh = "监票终端：公布密钥，每轮投票结束即解密，断线自动重连，散会后退出",
	.summary_en = "the scrutineer's terminal: key, then each decryption as votes close; "
		      "reconnects; ends when the meeting closes",
	.exec = scrutineer_watch_exec,
};
