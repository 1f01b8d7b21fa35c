/* Fields of a server's result as yg reads them (json_field.h). */
#include "i18n.h"
#include "json_field.h"

/* A string member of obj, "" if absent or not a string. */
const char *json_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* A number member of obj, 0 if absent. */
long long json_int(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* One of the two members named zh and en of obj, in the chosen language. */
const char *json_lang_str(const cJSON *obj, const char *zh, const char *en)
{
	return json_str(obj, i18n_english() ? en : zh);
}
