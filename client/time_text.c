/* A time from the server as yg shows it (time_text.h). */
#include <stdio.h>

#include "i18n.h"
#include "time_text.h"

/* A timestamp as the server sends it, "2025-03-01T01:30:12.345+00:00", in
 * the committee's clock the chosen language's way: "2025年3月1日 09:30".
 * "" stays ""; text that does not parse is shown as it is. */
void time_text(const char *iso, char *buf, size_t len)
{
	if (i18n_time_text(iso, buf, len) != 0)
		snprintf(buf, len, "%s", iso);
}

/* The end of a period (a comment window, 任前公示, a deadline) as its last
 * full day: "2026-12-12T00:00:00+08:00" reads "12月11日". */
void time_until_text(const char *iso, char *buf, size_t len)
{
	if (i18n_until_text(iso, buf, len) != 0)
		snprintf(buf, len, "%s", iso);
}
