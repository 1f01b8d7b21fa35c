/* Times as a person reads them: in the committee's clock (an offset east
 * of UTC, no daylight saving), the Chinese way ("2026年12月6日 10:00") or
 * the English one ("2026-12-06 10:00"). Pure: no I/O, no global state, so
 * the CLI, the TUI, the minutes and the portal all format alike. */
#ifndef YG_FMT_TIME_H
#define YG_FMT_TIME_H

#include <stddef.h>
#include <time.h>

/* A time as the server or the database writes it ("2026-12-06T01:17:17Z",
 * "2026-12-06 01:17:17.939226+00", "...+08:00", "...+0800"); 0, or -1
 * when s is no such time. */
int fmt_time_parse(const char *s, time_t *t);

/* The wall clock of t at utc_offset_min minutes east of UTC. */
void fmt_time_wall(time_t t, int utc_offset_min, struct tm *tm);

/* t to the minute: "2026年12月6日 10:00", or "2026-12-06 10:00" when en. */
void fmt_time_text(time_t t, int utc_offset_min, int en, char *buf, size_t len);

/* The day of t: "2026年12月6日", or "2026-12-06" when en. */
void fmt_time_day(time_t t, int utc_offset_min, int en, char *buf, size_t len);

/* The end of a period (a comment window, 任前公示, a deadline) as its last
 * day: an end at midnight is the day before ("2026-12-12 00:00" reads
 * "12月11日"), any other end keeps its time ("12月9日 14:33"). The year is
 * left out when it is now's. */
void fmt_time_until(time_t end, time_t now, int utc_offset_min, int en, char *buf, size_t len);

#endif
