#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "known.h"

/* Path of the known_servers file. */
static void known_path(const char *home, char *buf, size_t len)
{
	snprintf(buf, len, "%s/known_servers", home);
}

/* Find server's remembered fingerprint: 1 found, 0 not, -1 unreadable. */
int known_lookup(const char *home, const char *server, char fp[FINGERPRINT_LEN + 1])
{
	char path[4096], line[512], name[256], hex[128];
	FILE *f;
	int found = 0;

	known_path(home, path, sizeof(path));
	f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%255s %127s", name, hex) == 2 && strcmp(name, server) == 0 &&
		    fingerprint_normalize(hex, fp))
			found = 1;
	fclose(f);
	return found;
}

/* Remember fp for server, replacing any earlier line for it. The file is
 * rewritten whole and renamed into place so it is never half-written. */
int known_store(const char *home, const char *server, const char *fp)
{
	char path[4096], tmp[4200], line[512], name[256];
	FILE *in, *out;
	int rc = -1;

	if (mkdir(home, 0700) != 0 && errno != EEXIST)
		return -1;
	known_path(home, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	out = fopen(tmp, "w");
	if (out == NULL)
		return -1;
	in = fopen(path, "r");
	while (in != NULL && fgets(line, sizeof(line), in) != NULL)
		if (sscanf(line, "%255s", name) != 1 || strcmp(name, server) != 0)
			fputs(line, out);
	if (in != NULL)
		fclose(in);
	fprintf(out, "%s %s\n", server, fp);
	if (fclose(out) == 0 && rename(tmp, path) == 0)
		rc = 0;
	else
		unlink(tmp);
	return rc;
}

/* Path of the known_members file. */
static void known_members_path(const char *home, char *buf, size_t len)
{
	snprintf(buf, len, "%s/known_members", home);
}

/* The member key remembered for member on server into key: 1 found, 0 not,
 * -1 unreadable. */
static int known_member_lookup(const char *home, const char *server, long long member,
			       char key[SIG_PUB_TEXT_LEN + 1])
{
	char path[4096], line[512], name[256], text[128];
	long long id;
	FILE *f;
	int found = 0;

	known_members_path(home, path, sizeof(path));
	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%255s %lld %127s", name, &id, text) == 3 &&
		    strcmp(name, server) == 0 && id == member && strlen(text) == SIG_PUB_TEXT_LEN) {
			memcpy(key, text, SIG_PUB_TEXT_LEN + 1);
			found = 1; /* the last line for the member wins */
		}
	fclose(f);
	return found;
}

int known_member_check(const char *home, const char *server, long long member, const char *key)
{
	char path[4096], known[SIG_PUB_TEXT_LEN + 1];
	int got = known_member_lookup(home, server, member, known);
	FILE *f;

	if (got < 0)
		return -1;
	if (got == 1)
		return strcmp(known, key) == 0 ? 1 : 0;
	if (mkdir(home, 0700) != 0 && errno != EEXIST)
		return -1;
	known_members_path(home, path, sizeof(path));
	if ((f = fopen(path, "a")) == NULL)
		return -1;
	fprintf(f, "%s %lld %s\n", server, member, key);
	return fclose(f) == 0 ? 1 : -1;
}
