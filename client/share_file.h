/* A scrutineer's key share on its own terminal: HOME/shares/, one file per
 * meeting and key ceremony, readable by its owner alone, written once, and
 * overwritten and removed when the meeting is over (BALLOT.md §7.6). */
#ifndef YG_CLIENT_SHARE_FILE_H
#define YG_CLIENT_SHARE_FILE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../proto/group.h"
#include "conn.h"

/* The file of the share that scrutineer.tasks (tasks) is about. */
void share_file_path(const struct yg_opts *opts, const cJSON *tasks, char *buf, size_t len);
/* The stored share: its secret into secret, its public key's text into
 * pub; -1 if there is none, -2 if it is unusable (others can read it, or
 * it is not a share of this meeting and ceremony). */
int share_file_load(const char *path, const cJSON *tasks, struct group *g, BIGNUM *secret,
		    char pub[GROUP_POINT_TEXT_LEN + 1]);
/* Keep a new share: written once (O_EXCL), readable by its owner alone. */
int share_file_store(const char *path, const cJSON *tasks, const BIGNUM *secret,
		     const char *pub_text);
/* The same, with extra's members (a threshold dealer's secrets) added. */
int share_file_store_with(const char *path, const cJSON *tasks, const BIGNUM *secret,
			  const char *pub_text, const cJSON *extra);
/* The whole stored file, parsed (free with share_file_free, which wipes
 * it); NULL with *rc as share_file_load says. */
cJSON *share_file_read(const char *path, const cJSON *tasks, int *rc);
void share_file_free(cJSON *j);
/* Overwrite with zeros (to the disk) and remove; 0 also if it is gone. */
int share_file_destroy(const char *path);
/* The lock on this server's share files of meeting in this HOME
 * (HOME/shares/SERVER-mM.lock, flock): a descriptor to hand to
 * share_file_unlock; -1 if another terminal of the same HOME holds it
 * (two terminals of one scrutineer never both write a share), -2 if it
 * cannot be taken. */
int share_file_lock(const struct yg_opts *opts, long long meeting);
void share_file_unlock(int fd);
/* The lock file itself removed (once the meeting is over, by the holder). */
void share_file_lock_remove(const struct yg_opts *opts, long long meeting);
/* 1 if NAME (in HOME/shares/) is a share file of this server, with its
 * meeting and ceremony; else 0. */
int share_file_parse(const struct yg_opts *opts, const char *name, long long *meeting,
		     long long *ceremony);

#endif
