/* Revising a decision's publication (issue 18): corrections are appended,
 * never edits. A published decision (full or summary) is corrected with a
 * new public text, or withdrawn; a withheld one is declassified (保密期满),
 * in full without a text or in summary with one. Each carries a reason.
 * Pure; sql/0017_presiding_authority.sql re-checks the same table. */
#ifndef YG_SERVER_PUBREVISE_H
#define YG_SERVER_PUBREVISE_H

#include <stdbool.h>

enum pub_revise {
	REVISE_CORRECT,
	REVISE_WITHDRAW,
	REVISE_DECLASSIFY,
	REVISE_INVALID,
};

enum pub_revise pub_revise_parse(const char *text);
/* The mode after the revision ("full", "summary" or "withdrawn"), or NULL
 * when the current mode or the text does not allow it; *why says why. */
const char *pub_revise_mode(enum pub_revise action, const char *current, bool has_text,
			    const char **why);

#endif
