#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"
#include "log_json.h"

#define LOG_MSG_MAX 4096 /* bytes of one message; longer ones are cut */

static enum log_level log_threshold = LOG_INFO;
static bool log_json; /* --log-format json */
static const char *const log_names[] = {"debug", "info", "warn", "error"};

/* Set the lowest level that is printed, by name. */
int log_set_level_name(const char *name)
{
	int i;

	for (i = LOG_DEBUG; i <= LOG_ERROR; i++)
		if (strcmp(name, log_names[i]) == 0) {
			log_threshold = (enum log_level)i;
			return 0;
		}
	return -1;
}

/* "text" or "json". */
int log_set_format_name(const char *name)
{
	if (strcmp(name, "text") != 0 && strcmp(name, "json") != 0)
		return -1;
	log_json = strcmp(name, "json") == 0;
	return 0;
}

/* The line as one JSON object, written whole with one call. */
static void log_vmsg_json(const char *stamp, enum log_level level, unsigned held_back,
			  const char *fmt, va_list ap)
{
	static char line[LOG_MSG_MAX * 6 + 256];
	char msg[LOG_MSG_MAX];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = log_json_line(line, sizeof(line), stamp, log_names[level], msg, held_back);
	if (n > 0)
		fwrite(line, 1, n, stderr);
}

/* Print one line: UTC timestamp with milliseconds, level, message, and
 * how many lines like it were held back before it (0: none). */
static void log_vmsg(enum log_level level, unsigned held_back, const char *fmt, va_list ap)
{
	struct timeval tv;
	struct tm tm;
	char stamp[40];
	size_t n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + n, sizeof(stamp) - n, ".%03ldZ", (long)tv.tv_usec / 1000);
	if (log_json) {
		log_vmsg_json(stamp, level, held_back, fmt, ap);
		return;
	}
	fprintf(stderr, "%s ygd %-5s ", stamp, log_names[level]);
	vfprintf(stderr, fmt, ap);
	if (held_back > 0)
		fprintf(stderr, " (and %u more like it, not logged)", held_back);
	fputc('\n', stderr);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level < log_threshold)
		return;
	va_start(ap, fmt);
	log_vmsg(level, 0, fmt, ap);
	va_end(ap);
}

/* Like log_msg, but at most one line a second for lim: what an attacker
 * can cause at will must not flood the log. The next line printed says
 * how many were held back. */
void log_limited(struct log_limit *lim, enum log_level level, const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	if (level < log_threshold)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (lim->printed && now.tv_sec == lim->second) {
		lim->held_back++;
		return;
	}
	lim->printed = true;
	lim->second = now.tv_sec;
	va_start(ap, fmt);
	log_vmsg(level, lim->held_back, fmt, ap);
	va_end(ap);
	lim->held_back = 0;
}
