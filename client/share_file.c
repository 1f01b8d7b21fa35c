/* A scrutineer's key share on its terminal (share_file.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "json_field.h"
#include "share_file.h"

/* The server's address made a file name. */
static void share_file_server(const struct yg_opts *opts, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", opts->server);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '/' || buf[i] == ':')
			buf[i] = '_';
}

static void share_file_lock_path(const struct yg_opts *opts, long long meeting, char *buf,
				 size_t len)
{
	char server[128];

	share_file_server(opts, server, sizeof(server));
	snprintf(buf, len, "%s/shares/%s-m%lld.lock", opts->home, server, meeting);
}

void share_file_lock_remove(const struct yg_opts *opts, long long meeting)
{
	char path[4400];

	share_file_lock_path(opts, meeting, path, sizeof(path));
	unlink(path);
}

int share_file_lock(const struct yg_opts *opts, long long meeting)
{
	char path[4400];
	int fd;

	snprintf(path, sizeof(path), "%s/shares", opts->home);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -2;
	share_file_lock_path(opts, meeting, path, sizeof(path));
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return -2;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int held = errno == EWOULDBLOCK;

		close(fd);
		return held ? -1 : -2;
	}
	return fd;
}

void share_file_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the only descriptor releases the flock */
}

/* HOME/shares/SERVER-cC-mM-sI.json (…-mM-eE-sI.json for a meeting's key
 * ceremony E after the first), the server's address made a file name. */
void share_file_path(const struct yg_opts *opts, const cJSON *tasks, char *buf, size_t len)
{
	char server[128], ceremony[24] = "";

	share_file_server(opts, server, sizeof(server));
	if (json_int(tasks, "ceremony") > 1)
		snprintf(ceremony, sizeof(ceremony), "-e%lld", json_int(tasks, "ceremony"));
	snprintf(buf, len, "%s/shares/%s-c%lld-m%lld%s-s%lld.json", opts->home, server,
		 json_int(tasks, "committee"), json_int(tasks, "meeting"), ceremony,
		 json_int(tasks, "index"));
}

/* The key ceremony a share or a task list is of: 1 unless it says. */
static long long share_file_ceremony(const cJSON *j)
{
	return json_int(j, "ceremony") > 1 ? json_int(j, "ceremony") : 1;
}

/* The stored share file of tasks' meeting, position and ceremony, parsed;
 * NULL with *rc -1 if there is none, -2 if it is unusable (others can read
 * it, or it is not a share of this meeting). */
cJSON *share_file_read(const char *path, const cJSON *tasks, int *rc)
{
	char buf[4096];
	struct stat st;
	size_t n;
	FILE *f;
	cJSON *j;

	*rc = -2;
	if (stat(path, &st) != 0) {
		*rc = errno == ENOENT ? -1 : -2;
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		fprintf(stderr, "yg: %s %s\n", path,
			TR("可被他人读取，拒绝使用（chmod 600）",
			   "is readable by others: refused (chmod 600)"));
		return NULL;
	}
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	j = cJSON_Parse(buf);
	OPENSSL_cleanse(buf, sizeof(buf));
	if (j == NULL || json_int(j, "meeting") != json_int(tasks, "meeting") ||
	    json_int(j, "index") != json_int(tasks, "index") ||
	    share_file_ceremony(j) != share_file_ceremony(tasks)) {
		share_file_free(j);
		return NULL;
	}
	*rc = 0;
	return j;
}

/* Wipe the secrets of a parsed share file, then free it. */
void share_file_free(cJSON *j)
{
	cJSON *v;

	if (j == NULL)
		return;
	for (v = j->child; v != NULL; v = v->next)
		if (cJSON_IsString(v))
			OPENSSL_cleanse(v->valuestring, strlen(v->valuestring));
		else if (cJSON_IsArray(v))
			for (cJSON *w = v->child; w != NULL; w = w->next)
				if (cJSON_IsString(w))
					OPENSSL_cleanse(w->valuestring, strlen(w->valuestring));
	cJSON_Delete(j);
}

/* The stored share: its secret into secret, its public key's text into pub;
 * -1 if there is none, -2 if it is unusable (others can read it, or it is
 * not a share of this meeting). */
int share_file_load(const char *path, const cJSON *tasks, struct group *g, BIGNUM *secret,
		    char pub[GROUP_POINT_TEXT_LEN + 1])
{
	unsigned char raw[GROUP_SCALAR_LEN];
	int rc;
	cJSON *j = share_file_read(path, tasks, &rc);

	if (j != NULL) {
		rc = -2;
		if (group_scalar_bytes_from_text(g, json_str(j, "secret"), raw) &&
		    BN_bin2bn(raw, GROUP_SCALAR_LEN, secret) != NULL &&
		    strlen(json_str(j, "key")) == GROUP_POINT_TEXT_LEN) {
			snprintf(pub, GROUP_POINT_TEXT_LEN + 1, "%s", json_str(j, "key"));
			rc = 0;
		}
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	share_file_free(j);
	return rc;
}

/* Keep a new share: written once (O_EXCL), readable by its owner alone. */
int share_file_store(const char *path, const cJSON *tasks, const BIGNUM *secret,
		     const char *pub_text)
{
	return share_file_store_with(path, tasks, secret, pub_text, NULL);
}

/* The same, with the members of extra (secrets of a threshold ceremony's
 * dealer, BALLOT.md §7.5) added to the file. */
int share_file_store_with(const char *path, const cJSON *tasks, const BIGNUM *secret,
			  const char *pub_text, const cJSON *extra)
{
	unsigned char raw[GROUP_SCALAR_LEN];
	char dir[4096], text[GROUP_SCALAR_TEXT_LEN + 1], *more;
	int fd, ok;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	group_scalar_encode(secret, raw);
	group_scalar_bytes_to_text(raw, text);
	more = extra != NULL ? cJSON_PrintUnformatted(extra) : NULL;
	ok = fprintf(f,
		     "{\"committee\":%lld,\"meeting\":%lld,\"ceremony\":%lld,\"index\":%lld,"
		     "\"member\":%lld,"
		     "\"secret\":\"%s\",\"key\":\"%s\"%s%s\n",
		     json_int(tasks, "committee"), json_int(tasks, "meeting"),
		     share_file_ceremony(tasks), json_int(tasks, "index"),
		     json_int(tasks, "member"), text, pub_text,
		     more != NULL && more[1] != '}' ? "," : "",
		     more != NULL && more[1] != '}' ? more + 1 : "}") > 0;
	if (more != NULL) {
		OPENSSL_cleanse(more, strlen(more));
		cJSON_free(more);
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(text, sizeof(text));
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Overwrite the file with zeros, to the disk, then remove it. */
int share_file_destroy(const char *path)
{
	static const char zero[512];
	struct stat st;
	off_t left;
	ssize_t n;
	int fd = open(path, O_WRONLY | O_NOFOLLOW), ok;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	ok = fstat(fd, &st) == 0;
	for (left = ok ? st.st_size : 0; ok && left > 0; left -= n) {
		n = write(fd, zero, left < (off_t)sizeof(zero) ? (size_t)left : sizeof(zero));
		ok = n > 0;
	}
	ok = ok && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	return ok && unlink(path) == 0 ? 0 : -1;
}

/* Of HOME/shares/NAME, whether it is a share file of server (as
 * share_file_path names them): its meeting and ceremony then. */
int share_file_parse(const struct yg_opts *opts, const char *name, long long *meeting,
		     long long *ceremony)
{
	char server[128], prefix[160];
	long long c, m, e = 1, i;
	int used = 0;

	share_file_server(opts, server, sizeof(server));
	snprintf(prefix, sizeof(prefix), "%s-c", server);
	if (strncmp(name, prefix, strlen(prefix)) != 0)
		return 0;
	name += strlen(prefix);
	if (sscanf(name, "%lld-m%lld-e%lld-s%lld.json%n", &c, &m, &e, &i, &used) != 4 &&
	    (e = 1, sscanf(name, "%lld-m%lld-s%lld.json%n", &c, &m, &i, &used) != 3))
		return 0;
	if (name[used] != '\0')
		return 0;
	*meeting = m;
	*ceremony = e;
	return 1;
}
