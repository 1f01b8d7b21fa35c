/* The ballot kept on this terminal between making and the server's answer
 * (ballot_keep.h): HOME/ballots/SERVER-cC-mM-iI-rR-vV.json, written once
 * (O_EXCL) and readable by its owner alone, holding the exact arguments of
 * vote.cast — the encrypted ballot with its proofs and the voter's
 * signature, never the choice — and its receipt. A retry sends it again as
 * it is; the file stays afterwards, the voter's own copy of the ballot
 * stored. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../proto/xalloc.h"
#include "ballot_keep.h"
#include "ballot_make.h"
#include "json_field.h"

/* The kept ballot's path for the round st describes, voter me. */
static void ballot_keep_path(const struct yg_opts *opts, const cJSON *st, long long me, char *buf,
			     size_t len)
{
	char server[128];
	size_t i;

	snprintf(server, sizeof(server), "%s", opts->server);
	for (i = 0; server[i] != '\0'; i++)
		if (server[i] == '/' || server[i] == ':')
			server[i] = '_';
	snprintf(buf, len, "%s/ballots/%s-c%lld-m%lld-i%lld-r%lld-v%lld.json", opts->home, server,
		 json_int(st, "committee"), json_int(st, "meeting"), json_int(st, "item"),
		 json_int(st, "round"), me);
}

/* Whether j is a kept ballot of the round st describes, voter me. */
static int ballot_keep_matches(const cJSON *j, const cJSON *st, long long me)
{
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(j, "cast");
	static const char *const keys[] = {"committee", "meeting", "item", "round"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_int(j, keys[i]) != json_int(st, keys[i]))
			return 0;
	return json_int(j, "member") == me &&
	       strlen(json_str(j, "receipt")) == VOTE_HASH_TEXT_LEN &&
	       json_int(args, "meeting") == json_int(st, "meeting") &&
	       json_int(args, "item") == json_int(st, "item") &&
	       json_int(args, "round") == json_int(st, "round") &&
	       cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(args, "ballot"));
}

/* Read the kept ballot at k->path: 1 if there is one (k filled), 0 if
 * none, -1 if it is unusable. */
static int ballot_keep_load(const cJSON *st, long long me, struct ballot_kept *k)
{
	struct stat sb;
	char *text = NULL;
	cJSON *j = NULL;
	FILE *f;
	int rc = -1;

	if (stat(k->path, &sb) != 0)
		return errno == ENOENT ? 0 : -1;
	if ((sb.st_mode & 077) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (1 << 22) ||
	    (f = fopen(k->path, "r")) == NULL)
		return -1;
	if ((text = xcalloc(1, (size_t)sb.st_size + 1)) != NULL &&
	    fread(text, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size &&
	    (j = cJSON_Parse(text)) != NULL && ballot_keep_matches(j, st, me)) {
		k->args = cJSON_DetachItemFromObjectCaseSensitive(j, "cast");
		snprintf(k->receipt, sizeof(k->receipt), "%s", json_str(j, "receipt"));
		rc = 1;
	}
	fclose(f);
	free(text);
	cJSON_Delete(j);
	return rc;
}

/* Write the new ballot k to k->path, once; 0, or -1 (EEXIST if another
 * try kept one meanwhile). Nothing half-written stays behind. */
static int ballot_keep_store(const cJSON *st, long long me, const struct ballot_kept *k)
{
	cJSON *j = cJSON_CreateObject();
	char dir[sizeof(k->path)], *text;
	int fd = -1, ok = 0, saved;
	size_t len;

	snprintf(dir, sizeof(dir), "%s", k->path);
	*strrchr(dir, '/') = '\0';
	cJSON_AddNumberToObject(j, "committee", (double)json_int(st, "committee"));
	cJSON_AddNumberToObject(j, "meeting", (double)json_int(st, "meeting"));
	cJSON_AddNumberToObject(j, "item", (double)json_int(st, "item"));
	cJSON_AddNumberToObject(j, "round", (double)json_int(st, "round"));
	cJSON_AddNumberToObject(j, "member", (double)me);
	cJSON_AddStringToObject(j, "receipt", k->receipt);
	cJSON_AddItemToObject(j, "cast", cJSON_Duplicate(k->args, 1));
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (text == NULL)
		return -1;
	len = strlen(text);
	text[len++] = '\n'; /* over the NUL: written by length */
	if ((mkdir(dir, 0700) == 0 || errno == EEXIST) &&
	    (fd = open(k->path, O_WRONLY | O_CREAT | O_EXCL, 0600)) >= 0)
		ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	saved = errno;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (fd >= 0 && !ok)
		unlink(k->path);
	free(text);
	errno = saved;
	return ok ? 0 : -1;
}

int ballot_keep_find(const struct yg_opts *opts, const cJSON *st, long long me,
		     struct ballot_kept *k)
{
	memset(k, 0, sizeof(*k));
	ballot_keep_path(opts, st, me, k->path, sizeof(k->path));
	return ballot_keep_load(st, me, k);
}

enum ballot_keep_rc ballot_keep_new(const struct yg_opts *opts, const cJSON *st, long long me,
				    EVP_PKEY *key, const unsigned char *choices,
				    struct ballot_kept *k)
{
	int saved;

	memset(k, 0, sizeof(*k));
	ballot_keep_path(opts, st, me, k->path, sizeof(k->path));
	if ((k->args = ballot_make(st, me, key, choices, k->receipt)) == NULL)
		return BK_MAKE_FAIL;
	if (ballot_keep_store(st, me, k) == 0)
		return BK_NEW;
	saved = errno;
	cJSON_Delete(k->args);
	k->args = NULL;
	if (saved == EEXIST) /* another try of this voter kept one first: that one */
		return ballot_keep_load(st, me, k) > 0 ? BK_RESEND : BK_KEPT_BAD;
	errno = saved;
	return BK_KEEP_FAIL;
}

int ballot_keep_already_in(const char *code, const char *message, const char *receipt, char *stored)
{
	const char *p = strstr(message, "(receipt ");

	stored[0] = '\0';
	if (strcmp(code, "conflict") != 0 || strstr(message, "already voted") == NULL || p == NULL)
		return 0;
	p += strlen("(receipt ");
	if (strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
		    VOTE_HASH_TEXT_LEN ||
	    p[VOTE_HASH_TEXT_LEN] != ')')
		return 0;
	memcpy(stored, p, VOTE_HASH_TEXT_LEN);
	stored[VOTE_HASH_TEXT_LEN] = '\0';
	return strcmp(stored, receipt) == 0;
}
