/* What a terminal checks of each meeting-log entry before showing it
 * (PROTOCOL.md §7a, §11): its hash is its body's; it follows the entry
 * shown before it in the chain; what was sent is what the log holds; it
 * carries its author's signed request, valid (ygd's own entries: signed by
 * the server key); a vote's result comes with a tally the server key
 * signed for those counts and that outcome. Used by `yg meeting follow`
 * and the full-screen terminal alike. */
#ifndef YG_CLIENT_LOGCHECK_H
#define YG_CLIENT_LOGCHECK_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../proto/sig.h"

struct yg_conn;

struct logcheck {
	long long meeting;
	long long last;     /* the last entry shown */
	char last_hash[65]; /* its hash; "" when not known */
	unsigned char server_pub[SIG_PUB_LEN];
	bool has_server_pub;
	bool key_changed; /* server.info named another key than the one pinned */
};

/* Learn the server's key (server.info's sign_key) from the server the
 * terminal reached over its pinned certificate, pinned itself on first use
 * in known_members: a later, different key is refused. */
void logcheck_server_key(struct logcheck *lc, struct yg_conn *c);
/* NULL if entry e (from meeting.follow) may be shown, else why not. */
const char *logcheck_entry(const struct logcheck *lc, const cJSON *e);
/* NULL if the result d ({counts, outcome, tally}: a vote.result entry's
 * data, or vote.status of a closed round) carries a tally the server key
 * signed for exactly those counts and that outcome, else why not. */
const char *logcheck_result(const struct logcheck *lc, const cJSON *d);
/* e was shown: the next entry must follow it. */
void logcheck_shown(struct logcheck *lc, const cJSON *e);

#endif
