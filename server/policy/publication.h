/* Publication rules (DESIGN.md section 3, rule 10): the modes of the
 * chair's confidentiality review (保密审查), which decisions get a
 * pre-appointment public notice (任前公示), and how long that notice runs
 * (working days; in a trial committee, trial days). Pure: no clock, no I/O. */
#ifndef YG_SERVER_PUBLICATION_H
#define YG_SERVER_PUBLICATION_H

#include <stdbool.h>
#include <time.h>

enum pub_mode {
	PUB_FULL,     /* title, summary, counts, outcome, signed tally, election record */
	PUB_SUMMARY,  /* the chair's public text instead of the item's, counts, outcome */
	PUB_WITHHELD, /* nothing public; the reason is recorded */
	PUB_INVALID,
};

enum pub_mode pub_mode_parse(const char *text);
const char *pub_mode_name(enum pub_mode mode);
bool pub_needs_text(enum pub_mode mode);
bool pub_needs_notice(bool personnel, bool decided, enum pub_mode mode);
time_t pub_notice_end(time_t from, unsigned workdays, long utc_offset);
time_t pub_notice_end_rule(time_t from, unsigned workdays, bool trial, long trial_span,
			   long utc_offset);

#endif
