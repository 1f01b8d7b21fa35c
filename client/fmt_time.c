/* Times in the committee's clock, formatted for people (see fmt_time.h). */
#include <stdio.h>
#include <string.h>

#include "fmt_time.h"

/* The offset after a time: "Z", "+08", "+08:00", "+0800", "-05:30". */
static int fmt_time_zone(const char *p, long *off)
{
	int h = 0, m = 0, n = 0;
	char sign;

	if (strcmp(p, "Z") == 0) {
		*off = 0;
		return 0;
	}
	if (sscanf(p, "%c%2d%n", &sign, &h, &n) != 2 || (sign != '+' && sign != '-') || n != 3)
		return -1;
	p += n;
	if (*p == ':')
		p++;
	if (*p != '\0' && (sscanf(p, "%2d%n", &m, &n) != 1 || n != 2 || p[n] != '\0'))
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*off = (sign == '-' ? -1 : 1) * (h * 3600L + m * 60L);
	return 0;
}

int fmt_time_parse(const char *s, time_t *t)
{
	struct tm tm = {0};
	int n = 0;
	char sep;
	const char *p;
	long off;

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 7 ||
	    (sep != 'T' && sep != ' ') || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	p = s + n;
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	if (fmt_time_zone(p, &off) != 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm) - off;
	return 0;
}

void fmt_time_wall(time_t t, int utc_offset_min, struct tm *tm)
{
	t += (time_t)utc_offset_min * 60;
	if (gmtime_r(&t, tm) == NULL)
		memset(tm, 0, sizeof(*tm));
}

void fmt_time_text(time_t t, int utc_offset_min, int en, char *buf, size_t len)
{
	struct tm tm;

	fmt_time_wall(t, utc_offset_min, &tm);
	if (en)
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min);
	else
		snprintf(buf, len, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void fmt_time_day(time_t t, int utc_offset_min, int en, char *buf, size_t len)
{
	struct tm tm;

	fmt_time_wall(t, utc_offset_min, &tm);
	if (en)
		snprintf(buf, len, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	else
		snprintf(buf, len, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void fmt_time_until(time_t end, time_t now, int utc_offset_min, int en, char *buf, size_t len)
{
	struct tm e, n;
	int midnight;
	char hm[16] = "";

	fmt_time_wall(end, utc_offset_min, &e);
	fmt_time_wall(now, utc_offset_min, &n);
	midnight = e.tm_hour == 0 && e.tm_min == 0 && e.tm_sec == 0;
	if (midnight)
		fmt_time_wall(end - 1, utc_offset_min, &e); /* the last full day */
	else
		snprintf(hm, sizeof(hm), " %02d:%02d", e.tm_hour, e.tm_min);
	if (en)
		snprintf(buf, len, "%04d-%02d-%02d%s", e.tm_year + 1900, e.tm_mon + 1, e.tm_mday,
			 hm);
	else if (e.tm_year == n.tm_year)
		snprintf(buf, len, "%d月%d日%s", e.tm_mon + 1, e.tm_mday, hm);
	else
		snprintf(buf, len, "%d年%d月%d日%s", e.tm_year + 1900, e.tm_mon + 1, e.tm_mday, hm);
}
