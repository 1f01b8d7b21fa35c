#include <stddef.h>
#include <string.h>

#include "pubrevise.h"

enum pub_revise pub_revise_parse(const char *text)
{
	static const char *const names[] = {"correct", "withdraw", "declassify"};
	int a;

	for (a = REVISE_CORRECT; text != NULL && a < REVISE_INVALID; a++)
		if (strcmp(text, names[a]) == 0)
			return (enum pub_revise)a;
	return REVISE_INVALID;
}

static bool published(const char *mode)
{
	return mode != NULL && (strcmp(mode, "full") == 0 || strcmp(mode, "summary") == 0);
}

const char *pub_revise_mode(enum pub_revise action, const char *current, bool has_text,
			    const char **why)
{
	switch (action) {
	case REVISE_CORRECT:
		*why = !published(current) ? "only a published decision is corrected"
		       : !has_text         ? "a correction needs its new public text"
					   : NULL;
		return *why == NULL ? "summary" : NULL;
	case REVISE_WITHDRAW:
		*why = !published(current) ? "only a published decision is withdrawn"
		       : has_text          ? "a withdrawal takes no text, only its reason"
					   : NULL;
		return *why == NULL ? "withdrawn" : NULL;
	case REVISE_DECLASSIFY:
		*why = current == NULL || strcmp(current, "withheld") != 0
			       ? "only a withheld decision is declassified"
			       : NULL;
		return *why == NULL ? (has_text ? "summary" : "full") : NULL;
	case REVISE_INVALID:
		break;
	}
	*why = "action must be correct, withdraw or declassify";
	return NULL;
}
