/* yg verify FILE: check a meeting record (meeting.record, `yg meeting
 * record`) or a bare log export offline, with no server: the hash chain, the
 * minutes against the log, the signatures of the chair and the clerk. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/logchain.h"
#include "../proto/record.h"
#include "commands.h"
#include "i18n.h"

/* The whole file, or NULL. */
static char *verify_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}

/* A bare log: only the chain can be checked. */
static int verify_log(const cJSON *doc)
{
	char why[256];
	long bad = logchain_verify(doc, why, sizeof(why));

	printf("%s %s\n", bad == -1 ? TR("通过：", "ok:") : TR("不通过：", "FAIL:"), why);
	return bad == -1 ? YG_EXIT_OK : YG_EXIT_REFUSED;
}

/* A whole record: every finding, one a line. */
static int verify_record(const cJSON *doc)
{
	struct record_report rep;
	int i;

	record_verify(doc, &rep);
	for (i = 0; i < rep.nlines; i++) {
		bool ok = strncmp(rep.lines[i], "ok: ", 4) == 0;

		printf("%s %s\n", ok ? TR("通过：", "ok:") : TR("不通过：", "FAIL:"),
		       rep.lines[i] + (ok ? 4 : 6));
	}
	printf("%s\n", rep.ok ? TR("记录完整，未被篡改。", "The record is complete and unaltered.")
			      : TR("记录未通过验证。", "The record does NOT verify."));
	return rep.ok ? YG_EXIT_OK : YG_EXIT_REFUSED;
}

static int verify_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *format;
	char *text;
	cJSON *doc;
	int rc;

	(void)opts;
	if (argc != 2)
		return cmd_usage_error(&cmd_verify, argc < 2 ? "FILE?" : argv[2]);
	text = verify_slurp(argv[1]);
	doc = text != NULL ? cJSON_Parse(text) : NULL;
	free(text);
	if (doc == NULL) {
		fprintf(stderr, "yg: %s: %s\n", argv[1],
			TR("无法读取，或不是 JSON", "cannot be read, or is not JSON"));
		return YG_EXIT_USAGE;
	}
	format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "format"));
	if (format != NULL && strcmp(format, LOGCHAIN_FORMAT) == 0)
		rc = verify_log(doc);
	else
		rc = verify_record(doc);
	cJSON_Delete(doc);
	return rc;
}

const struct cmd_entry cmd_verify = {
	.name = "verify",
	.usage = "FILE",
	.summary_zh =
		"离线验证会议记录（哈希链、会议记录与日志一致、主持人和记录人签名），无需服务器",
	.summary_en =
		"verify a meeting record offline: hash chain, minutes against the log, signatures",
	.exec = verify_exec,
};
