/* Remembered server certificates ("known_servers" in the yg home directory):
 * one line per server, "HOST:PORT FINGERPRINT". */
#ifndef YG_CLIENT_KNOWN_H
#define YG_CLIENT_KNOWN_H

#include <stdbool.h>

#include "../proto/fingerprint.h"

int known_lookup(const char *home, const char *server, char fp[FINGERPRINT_LEN + 1]);
int known_store(const char *home, const char *server, const char *fp);

#endif
