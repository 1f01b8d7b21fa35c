#include <time.h>

#include "meeting_time.h"

long long meeting_time_opens_at(const struct meeting_time_facts *f)
{
	return f->starts_at - (long long)f->open_early_minutes * 60;
}

bool meeting_time_may_open(const struct meeting_time_facts *f)
{
	return f->now >= meeting_time_opens_at(f);
}

bool meeting_time_may_announce(const struct meeting_time_facts *f)
{
	return f->starts_at - f->now >= f->notice_s;
}

/* A whole number of json's member name in [min, max] into *out. */
static int meeting_time_num(const cJSON *json, const char *name, long long min, long long max,
			    long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(json, name);

	if (!cJSON_IsNumber(v) || v->valuedouble < (double)min || v->valuedouble > (double)max)
		return -1;
	*out = (long long)v->valuedouble;
	return 0;
}

int meeting_time_from_json(const cJSON *json, struct meeting_time_facts *f)
{
	long long early;

	/* Years 2000 to 2999 (proto/timestamp.h); periods up to a year. */
	if (meeting_time_num(json, "now", 946684800LL, 32503680000LL, &f->now) != 0 ||
	    meeting_time_num(json, "starts_at", 946684800LL, 32503680000LL, &f->starts_at) != 0 ||
	    meeting_time_num(json, "notice_seconds", 0, 366LL * 86400, &f->notice_s) != 0 ||
	    meeting_time_num(json, "open_early_minutes", 0, 366LL * 1440, &early) != 0)
		return -1;
	f->open_early_minutes = (long)early;
	return 0;
}

void meeting_time_text(long long at, char *buf, size_t len)
{
	time_t t = (time_t)at;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}
