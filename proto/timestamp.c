#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "timestamp.h"

/* The value of n digits at s, or -1 if any is not a digit. */
static int ts_digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool ts_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ts_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && ts_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to a proleptic Gregorian date (y >= 1). */
static long long ts_days(int y, int m, int d)
{
	long long era, yoe, doy;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The offset east of UTC in seconds that all of s is ("Z", "+08:00") in
 * *off; 0, or -1 if s is not one. */
static int ts_offset(const char *s, long long *off)
{
	size_t n = strlen(s);
	int oh, om;

	if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*off = 0;
		return 0;
	}
	if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
		return -1;
	oh = ts_digits(s + 1, 2);
	om = ts_digits(s + 4, 2);
	if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60)
		return -1;
	*off = (s[0] == '-' ? -1 : 1) * (oh * 3600LL + om * 60);
	return 0;
}

int ts_parse(const char *s, long long *t)
{
	int y, mo, d, h, mi, sec, i;
	long long off;
	const char *p;

	if (s == NULL)
		return -1;
	for (i = 0; i < 19; i++) /* the shape first: nothing is read past a NUL */
		if (s[i] == '\0')
			return -1;
	y = ts_digits(s, 4);
	mo = ts_digits(s + 5, 2);
	d = ts_digits(s + 8, 2);
	h = ts_digits(s + 11, 2);
	mi = ts_digits(s + 14, 2);
	sec = ts_digits(s + 17, 2);
	if (y < 1 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':' || mo < 1 || mo > 12 || d < 1 || d > ts_month_days(y, mo) || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	p = s + 19;
	if (*p == '.') {
		for (i = 1; p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == 1 || i > 10) /* 1 to 9 digits */
			return -1;
		p += i;
	}
	if (ts_offset(p, &off) != 0)
		return -1;
	*t = ts_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

const char *ts_check(const char *s, long long *t)
{
	if (ts_parse(s, t) != 0)
		return "must be an RFC 3339 date-time with an offset, such as "
		       "2026-12-01T09:00:00+08:00";
	if (*t < TS_MIN || *t >= TS_MAX)
		return "must be in the years 2000 to 2999";
	return NULL;
}
