/* Roles a caller can hold, as bits. A member holds one or more of the
 * committee roles; an observer holds ROLE_OBSERVER alone. ROLE_PUBLIC marks
 * an operation anyone may call, logged in or not. */
#ifndef YG_PROTO_ROLES_H
#define YG_PROTO_ROLES_H

#include <cjson/cJSON.h>

enum role {
	ROLE_ADMIN = 1u << 0,    /* committee office: members, keys, rules, observers */
	ROLE_CHAIR = 1u << 1,    /* 主持人: runs meetings */
	ROLE_MEMBER = 1u << 2,   /* 委员/常委: proposes, speaks, votes */
	ROLE_CLERK = 1u << 3,    /* 记录人: minutes */
	ROLE_AUDITOR = 1u << 4,  /* 纪委: reads the whole record */
	ROLE_OBSERVER = 1u << 5, /* 列席/旁听: from the observer pool */
	ROLE_PUBLIC = 1u << 30,
};

#define ROLES_COMMITTEE (ROLE_ADMIN | ROLE_CHAIR | ROLE_MEMBER | ROLE_CLERK | ROLE_AUDITOR)
#define ROLES_ANY       (ROLES_COMMITTEE | ROLE_OBSERVER)

const char *role_name(unsigned role);
unsigned role_from_name(const char *name);    /* 0 if unknown */
unsigned roles_from_json(const cJSON *array); /* 0 if any entry is unknown */
cJSON *roles_to_json(unsigned roles);

#endif
