#include <string.h>

#include "roles.h"

static const struct {
	unsigned role;
	const char *name;
} role_names[] = {
	{ROLE_ADMIN, "admin"},   {ROLE_CHAIR, "chair"},     {ROLE_MEMBER, "member"},
	{ROLE_CLERK, "clerk"},   {ROLE_AUDITOR, "auditor"}, {ROLE_OBSERVER, "observer"},
	{ROLE_PUBLIC, "public"},
};

#define ROLE_COUNT (sizeof(role_names) / sizeof(role_names[0]))

/* The name of a single role bit. */
const char *role_name(unsigned role)
{
	size_t i;

	for (i = 0; i < ROLE_COUNT; i++)
		if (role_names[i].role == role)
			return role_names[i].name;
	return "?";
}

/* The bit of a role name, 0 if there is none. */
unsigned role_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_names[i].name, name) == 0)
			return role_names[i].role;
	return 0;
}

/* The bits of a JSON array of role names; 0 if one is not a role name. */
unsigned roles_from_json(const cJSON *array)
{
	const cJSON *v;
	unsigned roles = 0, r;

	if (!cJSON_IsArray(array))
		return 0;
	cJSON_ArrayForEach(v, array) {
		if (!cJSON_IsString(v) || (r = role_from_name(v->valuestring)) == 0)
			return 0;
		roles |= r;
	}
	return roles;
}

/* A JSON array of the names of the bits in roles. */
cJSON *roles_to_json(unsigned roles)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < ROLE_COUNT; i++)
		if (roles & role_names[i].role)
			cJSON_AddItemToArray(a, cJSON_CreateString(role_names[i].name));
	return a;
}
