/* Remembered server certificates ("known_servers" in the yg home directory):
 * one line per server, "HOST:PORT FINGERPRINT"; and remembered member keys
 * ("known_members"): "HOST:PORT MEMBER_ID ed25519:…", learned the first
 * time this terminal relies on a member's key (a scrutineer's, BALLOT.md
 * §7.4). */
#ifndef YG_CLIENT_KNOWN_H
#define YG_CLIENT_KNOWN_H

#include <stdbool.h>

#include "../proto/fingerprint.h"
#include "../proto/sig.h"

int known_lookup(const char *home, const char *server, char fp[FINGERPRINT_LEN + 1]);
int known_store(const char *home, const char *server, const char *fp);
/* Whether key is the key this terminal knows for member on server: 1 yes
 * (or learned now, never seen before), 0 it knows another, -1 the file
 * cannot be read or written. */
/* The "member" under which known_members pins the server's own signing
 * key (no member has id 0). */
#define KNOWN_SERVER_SIGN_KEY 0
int known_member_check(const char *home, const char *server, long long member, const char *key);

#endif
