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
