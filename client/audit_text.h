/* The committee's administrative record (audit.log) as people read it,
 * never the raw JSON the server keeps: for yg audit log and the auditor's
 * and administrator's screens (audit_text.c). */
#ifndef YG_CLIENT_AUDIT_TEXT_H
#define YG_CLIENT_AUDIT_TEXT_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* An audit entry's details as labelled fields, times in the committee's
 * clock (malloc'd); its actor or target ("member:3") by kind and name. */
char *audit_details(const cJSON *details);
void audit_who(const cJSON *e, const char *field, char *buf, size_t len);

#endif
