/* One log line as a JSON object (--log-format json), for log collectors:
 * {"time":...,"level":...,"msg":...} and, where the message names them,
 * "client" (its number), "addr", "component":"portal", and "held_back"
 * (lines like it not logged). Pure: no I/O. */
#ifndef YG_SERVER_LOG_JSON_H
#define YG_SERVER_LOG_JSON_H

#include <stddef.h>

/* Write the line (with its '\n') into out, NUL-terminated; returns its
 * length, or 0 if it does not fit in cap. Text that is not UTF-8 becomes
 * U+FFFD, controls are escaped. */
size_t log_json_line(char *out, size_t cap, const char *time, const char *level, const char *msg,
		     unsigned held_back);

#endif
