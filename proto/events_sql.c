#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "events_sql.h"
#include "xalloc.h"

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append to b as printf would write. */
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Whether name needs no quoting in SQL or JSON. */
static bool name_plain(const char *name)
{
	return name[0] != '\0' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._") == strlen(name);
}

static const char head[] =
	"-- GENERATED from the event table (proto/events.c) by `make events-sql`\n"
	"-- (scripts/events_sql.c, proto/events_sql.c): do not edit. Change\n"
	"-- proto/events.c and run `make events-sql`; tests/unit/test_events.c fails\n"
	"-- while this file is not what the generator writes.\n"
	"\n"
	"-- The operations whose signed request can cause an entry of each\n"
	"-- meeting-log event (the table's causes column), as {event: [op, ...]}; an\n"
	"-- event not named here takes any. yg_request_mismatch reads it.\n"
	"CREATE OR REPLACE FUNCTION public.yg_event_causes()\n"
	" RETURNS jsonb\n"
	" LANGUAGE sql\n"
	" IMMUTABLE PARALLEL SAFE\n"
	"AS $function$\n"
	"\tSELECT '{\n";

static const char middle[] =
	"\t}'::jsonb\n"
	"$function$;\n"
	"\n"
	"-- The names that, where both an entry's data and its request's arguments\n"
	"-- carry them, must agree (event_agreeing_args). yg_request_mismatch reads it.\n"
	"CREATE OR REPLACE FUNCTION public.yg_event_agreeing_args()\n"
	" RETURNS text[]\n"
	" LANGUAGE sql\n"
	" IMMUTABLE PARALLEL SAFE\n"
	"AS $function$\n"
	"\tSELECT ARRAY[\n\t\t";

static const char tail[] = "]\n"
			   "$function$;\n";

char *events_sql_text(void)
{
	struct sbuf b = {NULL, 0, 0};
	bool first = true, ok = true;
	int i, j;

	sb_printf(&b, "%s", head);
	for (i = 1; i < EV__COUNT; i++) {
		if (events[i].causes[0] == NULL)
			continue;
		ok &= name_plain(events[i].name);
		sb_printf(&b, "%s\t\t\"%s\": [", first ? "" : ",\n", events[i].name);
		for (j = 0; j < EV_CAUSES_MAX && events[i].causes[j] != NULL; j++) {
			ok &= name_plain(events[i].causes[j]);
			sb_printf(&b, "%s\"%s\"", j > 0 ? ", " : "", events[i].causes[j]);
		}
		sb_printf(&b, "]");
		first = false;
	}
	sb_printf(&b, "\n%s", middle);
	for (i = 0; event_agreeing_args[i] != NULL; i++) {
		ok &= name_plain(event_agreeing_args[i]);
		sb_printf(&b, "%s'%s'",
			  i == 0       ? ""
			  : i % 6 == 0 ? ",\n\t\t"
				       : ", ",
			  event_agreeing_args[i]);
	}
	sb_printf(&b, "%s", tail);
	if (!ok) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
