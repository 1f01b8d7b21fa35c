/* A time from the server as the command line and the full-screen terminal
 * show it: in the committee's clock, the chosen language's way (i18n.c),
 * or as it came when it does not parse (time_text.c). */
#ifndef YG_CLIENT_TIME_TEXT_H
#define YG_CLIENT_TIME_TEXT_H

#include <stddef.h>

void time_text(const char *iso, char *buf, size_t len);
void time_until_text(const char *iso, char *buf, size_t len);

#endif
