#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "../proto/sig.h"
#include "i18n.h"
#include "keyfile.h"

/* Where the key lives unless --key says otherwise. */
void keyfile_default_path(const char *home, char *buf, size_t len)
{
	snprintf(buf, len, "%s/key.pem", home);
}

/* Make the directory of path (one level), private to its owner. */
static void keyfile_mkdir(const char *path)
{
	char dir[4096];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0700);
	}
}

/* Generate a key pair into path (mode 0600), refusing to overwrite unless
 * force. Prints the public key. 0 on success. */
int keyfile_create(const char *path, int force)
{
	unsigned char pub[SIG_PUB_LEN];
	char text[SIG_PUB_TEXT_LEN + 1];
	EVP_PKEY *key = sig_keygen();
	FILE *f = NULL;
	int fd, ok = 0;

	keyfile_mkdir(path);
	fd = open(path, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0600);
	if (fd < 0) {
		fprintf(stderr, "yg: %s: %s\n", path,
			errno == EEXIST ? TR("密钥文件已存在（用 --force 覆盖）",
					     "a key file is already there (--force to replace it)")
					: strerror(errno));
		EVP_PKEY_free(key);
		return -1;
	}
	fchmod(fd, 0600);
	f = fdopen(fd, "w");
	if (key != NULL && f != NULL &&
	    PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1 && sig_public(key, pub))
		ok = 1;
	if (f != NULL ? fclose(f) != 0 : close(fd) != 0)
		ok = 0;
	EVP_PKEY_free(key);
	if (!ok) {
		unlink(path);
		fprintf(stderr, "yg: %s: %s\n", path, TR("无法写入密钥", "cannot write the key"));
		return -1;
	}
	sig_pub_to_text(pub, text);
	printf("%s\n", text);
	return 0;
}

/* Load the private key at path; NULL (with a message) if it is missing,
 * unreadable, not an Ed25519 key, or readable by others. */
EVP_PKEY *keyfile_load(const char *path)
{
	struct stat st;
	EVP_PKEY *key = NULL;
	FILE *f;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "yg: %s: %s\n", path,
			TR("没有密钥文件；先运行 yg keygen，把公钥交给委员会办公室登记",
			   "no key file; run yg keygen and give the public key to the committee "
			   "office"));
		return NULL;
	}
	if (st.st_mode & 077) {
		fprintf(stderr, "yg: %s: %s\n", path,
			TR("密钥文件可被他人读取，拒绝使用（chmod 600）",
			   "the key file is readable by others; refusing to use it (chmod 600)"));
		return NULL;
	}
	f = fopen(path, "r");
	if (f != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (key == NULL || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
		fprintf(stderr, "yg: %s: %s\n", path,
			TR("不是 Ed25519 私钥", "not an Ed25519 private key"));
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}
