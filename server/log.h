/* Levelled logging to standard error. */
#ifndef YG_SERVER_LOG_H
#define YG_SERVER_LOG_H

#include <stdbool.h>
#include <time.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

int log_set_level_name(const char *name);  /* -1 if unknown */
int log_set_format_name(const char *name); /* "text" or "json"; -1 if neither */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A kind of line printed at most once a second (log_limited). */
struct log_limit {
	bool printed;
	time_t second;
	unsigned held_back;
};

void log_limited(struct log_limit *lim, enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
