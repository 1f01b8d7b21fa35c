/* `ygd check`: read the whole database as its owner, in one read-only
 * snapshot, and verify what `yg verify` would of every export: each
 * meeting's log chain, minutes and their signatures, each election record,
 * and what integrity the admin log has (server/check_judge.h). Prints a
 * verdict per meeting and a summary; returns 0 if everything holds, 1 if
 * anything fails or the database cannot be read. Runs before (never inside)
 * the event loop, so it may block. */
#ifndef YG_SERVER_CHECK_H
#define YG_SERVER_CHECK_H

int check_run(const char *conninfo);

#endif
