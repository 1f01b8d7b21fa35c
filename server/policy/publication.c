#include <string.h>

#include "publication.h"

static const char *const mode_names[] = {"full", "summary", "withheld"};

/* The mode called text ("withhold" is accepted for "withheld"). */
enum pub_mode pub_mode_parse(const char *text)
{
	int m;

	if (text == NULL)
		return PUB_INVALID;
	if (strcmp(text, "withhold") == 0)
		return PUB_WITHHELD;
	for (m = PUB_FULL; m < PUB_INVALID; m++)
		if (strcmp(text, mode_names[m]) == 0)
			return (enum pub_mode)m;
	return PUB_INVALID;
}

const char *pub_mode_name(enum pub_mode mode)
{
	return mode < PUB_INVALID ? mode_names[mode] : "invalid";
}

/* A summary needs its public text and a withholding its reason. */
bool pub_needs_text(enum pub_mode mode)
{
	return mode == PUB_SUMMARY || mode == PUB_WITHHELD;
}

/* A cadre appointment that was made and is published gets a notice; a
 * rejected one appoints nobody, a withheld one is not public. */
bool pub_needs_notice(bool personnel, bool decided, enum pub_mode mode)
{
	return personnel && decided && (mode == PUB_FULL || mode == PUB_SUMMARY);
}

/* Day of the week of a day number: 0 Sunday ... 6 Saturday. */
static int weekday(long days)
{
	return (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

/* The end of a notice published at from that runs workdays working days
 * (Monday to Friday) after the day of publication, counted in the zone
 * utc_offset seconds east of UTC: midnight after the last of them. The
 * publication day itself never counts, so a notice runs at least the
 * number of full working days the rule asks. Public holidays and the
 * weekend days worked in their place (调休) are not known here. */
time_t pub_notice_end(time_t from, unsigned workdays, long utc_offset)
{
	long local = (long)from + utc_offset;
	long day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	unsigned left = workdays;
	int wd;

	while (left > 0) {
		day++;
		wd = weekday(day);
		if (wd != 0 && wd != 6)
			left--;
	}
	return (time_t)((day + 1) * 86400 - utc_offset);
}

/* The end of a notice published at from: in a trial committee (试用),
 * trial_span seconds later (its workdays of trial days, which the database
 * counts as it counts every period of a trial); else workdays working
 * days, as pub_notice_end. */
time_t pub_notice_end_rule(time_t from, unsigned workdays, bool trial, long trial_span,
			   long utc_offset)
{
	return trial ? from + (time_t)trial_span : pub_notice_end(from, workdays, utc_offset);
}
