#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "log.h"
#include "signkey.h"

/* Write a fresh key to path, which must not exist yet. */
static EVP_PKEY *signkey_create(const char *path)
{
	EVP_PKEY *key = sig_keygen();
	char dir[4096];
	int fd;
	FILE *f;

	if (key == NULL)
		return NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 && errno == ENOENT && strlen(path) < sizeof(dir) && strrchr(path, '/') != NULL) {
		/* var/ of a fresh clone: make it. Open to others (the key itself
		 * is 0600): the private cluster of `make run` lives in var/pg
		 * and runs as user postgres, who must pass through var/. */
		snprintf(dir, sizeof(dir), "%s", path);
		*strrchr(dir, '/') = '\0';
		if (mkdir(dir, 0755) == 0)
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	}
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		log_error("cannot create the signing key %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		EVP_PKEY_free(key);
		return NULL;
	}
	if (PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) != 1 || fclose(f) != 0) {
		log_error("cannot write the signing key %s", path);
		unlink(path);
		EVP_PKEY_free(key);
		return NULL;
	}
	log_info("made a new signing key in %s", path);
	return key;
}

/* The key in path (made if missing), refused when others can read it or it
 * is not Ed25519. */
EVP_PKEY *signkey_load(const char *path, char pub[SIG_PUB_TEXT_LEN + 1])
{
	unsigned char raw[SIG_PUB_LEN];
	EVP_PKEY *key = NULL;
	struct stat st;
	FILE *f;

	if (stat(path, &st) != 0 && errno == ENOENT) {
		key = signkey_create(path);
	} else if (stat(path, &st) != 0 || (st.st_mode & 077) != 0) {
		log_error("signing key %s: missing or readable by others (chmod 600)", path);
		return NULL;
	} else if ((f = fopen(path, "r")) != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (key == NULL || EVP_PKEY_id(key) != EVP_PKEY_ED25519 || !sig_public(key, raw)) {
		log_error("signing key %s: not an Ed25519 private key", path);
		EVP_PKEY_free(key);
		return NULL;
	}
	sig_pub_to_text(raw, pub);
	return key;
}
