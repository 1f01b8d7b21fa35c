/* Declarative checks of a request's arguments. Each operation declares a
 * NULL-terminated array of arg_spec; the dispatcher checks it before the
 * operation runs, so operations only ever see arguments of the right shape. */
#ifndef YG_PROTO_ARGS_H
#define YG_PROTO_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "error.h"

enum arg_type {
	ARG_STRING, /* one line: no control, separator or bidi-override character */
	ARG_TEXT,   /* free text: newlines and tabs allowed, the rest as ARG_STRING */
	ARG_BOOL,
	ARG_INT, /* a whole number in [min, max] */
	ARG_OBJECT,
	ARG_ARRAY, /* [min, max] items */
	ARG_ANY,   /* any JSON value; the operation checks it */
};

struct arg_spec {
	const char *name;
	enum arg_type type;
	bool required;
	long long min; /* strings: characters; ints: value; arrays: items */
	long long max;
};

enum yg_err args_check(const cJSON *args, const struct arg_spec *spec, char *why, size_t whylen);

const char *args_string(const cJSON *args, const char *name); /* NULL if absent */
bool args_bool(const cJSON *args, const char *name, bool dflt);
long long args_int(const cJSON *args, const char *name, long long dflt);

#endif
