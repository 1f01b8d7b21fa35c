/* Refusal reasons: a stable name and parameters for every refusal the server
 * words in English. The server derives them in one place (envelope_error)
 * by matching its English message against the catalog's patterns, so the
 * SQL and C that refuse keep writing plain English for the server's logs;
 * terminals render the reason in the user's language (client/i18n.c).
 * A reason's name is part of the protocol: never rename one, only add. */
#ifndef YG_PROTO_REFUSAL_H
#define YG_PROTO_REFUSAL_H

#include <stddef.h>

#define REFUSAL_MAX_PARAMS 6
#define REFUSAL_PARAM_LEN  256

struct refusal_params {
	int n;
	char v[REFUSAL_MAX_PARAMS][REFUSAL_PARAM_LEN];
};

/* One entry: a name and the English text it stands for, each %s a
 * parameter (any other printf conversion, such as %u, is one too, and
 * matches only a number: digits, a sign, a point). */
struct pattern_entry {
	const char *name;
	const char *pattern;
};

/* The name of the entry of table whose pattern matches text with the most
 * literal characters (the most specific), its parameters in p; NULL when
 * none matches. A parameter is at least one character. */
const char *pattern_match(const struct pattern_entry *table, size_t n, const char *text,
			  struct refusal_params *p);

/* The reason of a refusal's English message, or NULL. */
const char *refusal_reason(const char *message, struct refusal_params *p);

/* The catalog itself, for tests and for terminals that translate it. */
extern const struct pattern_entry refusal_catalog[];
extern const size_t refusal_catalog_len;

#endif
