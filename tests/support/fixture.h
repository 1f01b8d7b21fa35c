/* What the integration tests build a committee with, once: a private
 * server with n terminals (keys made, connections said hello), the
 * committee bootstrapped with its first admin logged in, SQL run as the
 * database owner, approved observers and announced items. */
#ifndef YG_TESTS_FIXTURE_H
#define YG_TESTS_FIXTURE_H

#include <openssl/evp.h>

#include "harness.h"
#include "tclient.h"

/* Set up the environment, start ygd (with extra options, or NULL), and for each of n terminals make
 * a key and connect (hello done). 0, or -1 if anything failed. */
int fx_start(struct test_env *e, struct ygd_proc *p, const char *const *extra, EVP_PKEY **keys,
	     struct tclient *c, int n);
/* fx_start's second half, for a test that set up and started ygd itself:
 * a key and a connection for each of n terminals. */
int fx_connect(struct ygd_proc *p, EVP_PKEY **keys, struct tclient *c, int n);
/* Close the n terminals, free their keys, stop ygd, tear down: 0 if ygd
 * stopped cleanly. */
int fx_stop(struct test_env *e, struct ygd_proc *p, EVP_PKEY **keys, struct tclient *c, int n);
/* `ygd bootstrap` of committee 1 (named name) with key as its first admin,
 * then admin logs in. 0, or -1. */
int fx_bootstrap(struct test_env *e, const char *name, EVP_PKEY *key, struct tclient *admin);
/* Run SQL as the database owner, as a test may and ygd never does; fails
 * the test if it fails. */
void fx_sql(struct test_env *e, const char *text);
/* The same with the SQL made from fmt; the first line of its output, in a
 * buffer the next call overwrites. */
const char *fx_sqlf(struct test_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Register key in committee 1's observer pool over c (as name, of
 * category), and have admin approve it: its id, or -1. */
long long fx_observer(struct tclient *c, EVP_PKEY *key, const char *name, const char *category,
		      struct tclient *admin);
/* A number in a successful reply's result; fails the test otherwise.
 * Frees the reply. */
long long fx_num(cJSON *reply, const char *name);
/* End every item's comment window a second ago (announced three days ago). */
void fx_windows_over(struct test_env *e);
/* Time travel for one item: make its current window end seconds from now
 * by rewriting its timestamps as the owner (the trigger that keeps versions
 * unchanged is bypassed for this session only). The server's own clock and
 * checks are untouched. */
void fx_window_ends(struct test_env *e, long long item, int seconds);

/* The committee and meeting the vote and meeting tests stand on, built
 * through ygd as the terminals would. Each fails the test if ygd refuses.
 * A member admin adds with key, name and roles (a JSON array such as
 * ["chair","member"]): its id. */
long long fx_member(struct tclient *admin, EVP_PKEY *key, const char *name, const char *roles);
/* Members ids[from..to] (names[from..to]) added by admin with keys[from..to]:
 * the first as chair and member, the others as members. */
void fx_members(struct tclient *admin, EVP_PKEY **keys, const char *const *names, long long *ids,
		int from, int to);
/* The committee's rules know the categories named (NULL-terminated), none
 * needing materials. */
void fx_categories(struct tclient *admin, const char *const *names);
/* A collective power-list entry of category, titled title: its id. */
long long fx_power(struct tclient *admin, const char *category, const char *title);
/* An item proposer drafts under entry (not affecting the public; more:
 * further members of its JSON object, such as ,"seats":0, or "") and
 * announces: its id. */
long long fx_item(struct tclient *proposer, long long entry, const char *title,
		  const char *category, const char *more);
/* A meeting chair creates (常委会 in 会议室, in 2099) with the n items on
 * it, observer invited unless 0, announced: its id. */
long long fx_meeting(struct tclient *chair, const long long *items, int n, long long observer);
/* The terminal c checks in to meeting. */
void fx_check_in(struct tclient *c, long long meeting);
/* An open meeting of category incident's items: the committee's category
 * incident (no materials) and a power-list entry for it; an announced item
 * of proposer's for each of the n titles (more as for fx_item), in items,
 * their windows over, on a meeting chair announces; the terminals
 * present[0..npresent) checked in; the meeting open. Its id. */
long long fx_open_meeting(struct test_env *e, struct tclient *admin, struct tclient *chair,
			  struct tclient *proposer, const char *const *titles, int n,
			  const char *more, struct tclient *present, int npresent,
			  long long *items);
/* Make the announced meetings due (they may open 30 minutes early) and
 * have chair open meeting. */
void fx_meeting_open(struct test_env *e, struct tclient *chair, long long meeting);

#endif
