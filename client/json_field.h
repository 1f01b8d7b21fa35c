/* The fields of a server's result, read the same way by the command line
 * and the full-screen terminal: a member of a JSON object, or "" or 0 when
 * it is absent or of another type (json_field.c). */
#ifndef YG_CLIENT_JSON_FIELD_H
#define YG_CLIENT_JSON_FIELD_H

#include <cjson/cJSON.h>

const char *json_str(const cJSON *obj, const char *name);
long long json_int(const cJSON *obj, const char *name);
/* One of the two members named zh and en of obj, in the chosen language. */
const char *json_lang_str(const cJSON *obj, const char *zh, const char *en);

#endif
