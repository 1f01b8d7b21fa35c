#include <math.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "envelope.h"
#include "utf8.h"

static const char *const arg_type_names[] = {
	[ARG_STRING] = "a string",    [ARG_TEXT] = "a string",    [ARG_BOOL] = "true or false",
	[ARG_INT] = "a whole number", [ARG_OBJECT] = "an object", [ARG_ARRAY] = "an array",
	[ARG_ANY] = "a value",
};

/* Find the spec entry named name, or NULL. */
static const struct arg_spec *args_find(const struct arg_spec *spec, const char *name)
{
	for (; spec->name != NULL; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

/* Whether the string s, of an argument named name, is valid UTF-8 free of
 * characters that must not reach a terminal. */
static bool args_text_ok(const char *s, bool multiline, const char *name, char *why, size_t len)
{
	if (!utf8_valid(s, strlen(s))) {
		snprintf(why, len, "\"%s\" is not valid UTF-8", name);
		return false;
	}
	if (utf8_has_unsafe(s, strlen(s), multiline)) {
		snprintf(why, len,
			 "\"%s\" contains a control character (C0, C1, DEL, a line separator "
			 "or a bidirectional control)",
			 name);
		return false;
	}
	return true;
}

/* Every string and member name inside v (an object, array or any value):
 * free text, so newlines and tabs are allowed. */
static bool args_nested_ok(const cJSON *v, const char *name, char *why, size_t len, int depth)
{
	const cJSON *e;

	if (depth > 64) {
		snprintf(why, len, "\"%s\" is nested too deeply", name);
		return false;
	}
	if (cJSON_IsString(v) && !args_text_ok(v->valuestring, true, name, why, len))
		return false;
	cJSON_ArrayForEach(e, v) {
		if (e->string != NULL && !args_text_ok(e->string, true, name, why, len))
			return false;
		if (!args_nested_ok(e, name, why, len, depth + 1))
			return false;
	}
	return true;
}

/* Check one string argument: UTF-8, controls, length in characters. */
static bool args_check_string(const cJSON *v, const struct arg_spec *s, char *why, size_t len)
{
	const char *str = v->valuestring;
	size_t n;

	if (!args_text_ok(str, s->type == ARG_TEXT, s->name, why, len))
		return false;
	n = utf8_count(str);
	if ((long long)n < s->min || (long long)n > s->max) {
		snprintf(why, len, "\"%s\" must be %lld to %lld characters long", s->name, s->min,
			 s->max);
		return false;
	}
	return true;
}

/* Check one value against its spec. */
static bool args_check_one(const cJSON *v, const struct arg_spec *s, char *why, size_t len)
{
	bool type_ok;
	double d;
	int n;

	switch (s->type) {
	case ARG_STRING:
	case ARG_TEXT:
		type_ok = cJSON_IsString(v);
		break;
	case ARG_BOOL:
		type_ok = cJSON_IsBool(v);
		break;
	case ARG_INT:
		d = v->valuedouble;
		type_ok = cJSON_IsNumber(v) && floor(d) == d && fabs(d) <= ENVELOPE_ID_MAX;
		break;
	case ARG_OBJECT:
		type_ok = cJSON_IsObject(v);
		break;
	case ARG_ARRAY:
		type_ok = cJSON_IsArray(v);
		break;
	case ARG_ANY:
		type_ok = true;
		break;
	default:
		type_ok = false;
	}
	if (!type_ok) {
		snprintf(why, len, "\"%s\" must be %s", s->name, arg_type_names[s->type]);
		return false;
	}
	if (s->type == ARG_STRING || s->type == ARG_TEXT)
		return args_check_string(v, s, why, len);
	if ((s->type == ARG_OBJECT || s->type == ARG_ARRAY || s->type == ARG_ANY) &&
	    !args_nested_ok(v, s->name, why, len, 0))
		return false;
	if (s->type == ARG_INT &&
	    (v->valuedouble < (double)s->min || v->valuedouble > (double)s->max)) {
		snprintf(why, len, "\"%s\" must be from %lld to %lld", s->name, s->min, s->max);
		return false;
	}
	n = s->type == ARG_ARRAY ? cJSON_GetArraySize(v) : 0;
	if (s->type == ARG_ARRAY && (n < s->min || n > s->max)) {
		snprintf(why, len, "\"%s\" must have %lld to %lld items", s->name, s->min, s->max);
		return false;
	}
	return true;
}

/* Check args against spec: no unknown or duplicate member, every required
 * member present, every member of its declared type and bounds. */
enum yg_err args_check(const cJSON *args, const struct arg_spec *spec, char *why, size_t whylen)
{
	const struct arg_spec *s;
	const cJSON *v, *w;

	cJSON_ArrayForEach(v, args) {
		s = args_find(spec, v->string);
		if (s == NULL) {
			snprintf(why, whylen, "unknown argument \"%.64s\"", v->string);
			return YG_ERR_BAD_REQUEST;
		}
		for (w = v->next; w != NULL; w = w->next)
			if (strcmp(w->string, v->string) == 0) {
				snprintf(why, whylen, "argument \"%s\" given twice", s->name);
				return YG_ERR_BAD_REQUEST;
			}
		if (!args_check_one(v, s, why, whylen))
			return YG_ERR_BAD_REQUEST;
	}
	for (s = spec; s->name != NULL; s++)
		if (s->required && cJSON_GetObjectItemCaseSensitive(args, s->name) == NULL) {
			snprintf(why, whylen, "missing argument \"%s\"", s->name);
			return YG_ERR_BAD_REQUEST;
		}
	return YG_OK;
}

/* The string argument name, or NULL when absent. */
const char *args_string(const cJSON *args, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The boolean argument name, or dflt when absent. */
bool args_bool(const cJSON *args, const char *name, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, name);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

/* The whole-number argument name, or dflt when absent. */
long long args_int(const cJSON *args, const char *name, long long dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, name);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : dflt;
}
