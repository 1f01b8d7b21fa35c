/* The meeting-log head a terminal's requests are chained to (PROTOCOL.md
 * §7a), read and checked before a request about a meeting is signed. */
#ifndef YG_CLIENT_LOGHEAD_H
#define YG_CLIENT_LOGHEAD_H

struct yg_conn;

/* Read meeting's log after the head this terminal last checked, check the
 * new entries (client/logcheck.c) and chain c's requests to the last one
 * that passed (conn_set_head), keeping it for the next command. A failing
 * entry is reported on stderr. Nothing changes if the log cannot be read. */
void loghead_see(struct yg_conn *c, long long meeting);

#endif
