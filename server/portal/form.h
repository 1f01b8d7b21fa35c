/* application/x-www-form-urlencoded bodies, as the portal's comment form
 * sends them: name=value pairs joined by '&', '+' for a space, %XX for any
 * byte. Values must decode to valid UTF-8 without NUL. */
#ifndef YG_PORTAL_FORM_H
#define YG_PORTAL_FORM_H

#include <stddef.h>

enum form_result {
	FORM_OK,
	FORM_MISSING,  /* no such field */
	FORM_TWICE,    /* the field appears more than once */
	FORM_BAD,      /* a malformed %-escape */
	FORM_BAD_UTF8, /* the value is not UTF-8, or holds a NUL */
	FORM_NOMEM,
};

enum form_result form_field(const char *body, size_t len, const char *name, char **value);
const char *form_result_text(enum form_result r);

#endif
