/* A material downloaded and checked (material_fetch.h): into a temporary
 * file beside the output, renamed to it only once its size and SHA-256
 * match what the server declared. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../proto/b64.h"
#include "../proto/hex.h"
#include "../proto/xalloc.h"
#include "i18n.h"
#include "json_field.h"
#include "material_fetch.h"

/* Complain about the output file (format with the path, then the reason),
 * as yg material get does; the usage exit code. */
static int download_file_error(const char *fmt, const char *path, const char *reason)
{
	fprintf(stderr, "yg material get: ");
	fprintf(stderr, fmt, path, reason);
	fputc('\n', stderr);
	return YG_EXIT_USAGE;
}

/* A download under way: what the server declared, what has come. */
struct download {
	long long size, got;
	char sha[65];
	EVP_MD_CTX *md;
	FILE *f;
	char tmp[4200];
};

/* Ask for the material's bytes from the offset reached. */
static int download_call(struct yg_conn *c, long long id, long long offset, cJSON **res)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "id", (double)id);
	cJSON_AddNumberToObject(args, "offset", (double)offset);
	return conn_call_print(c, "material.get", args, res);
}

/* Take one reply's data into the temporary file; -1 if it does not fit
 * what was declared. */
static int download_take(struct download *d, const cJSON *res, unsigned char *buf)
{
	long n = b64url_decode(json_str(res, "data"), buf, MATERIAL_CHUNK);

	if (n <= 0 || json_int(res, "size") != d->size ||
	    strcmp(json_str(res, "sha256"), d->sha) != 0 || d->got + n > d->size)
		return -1;
	if (fwrite(buf, 1, (size_t)n, d->f) != (size_t)n ||
	    EVP_DigestUpdate(d->md, buf, (size_t)n) != 1)
		return -1;
	d->got += n;
	return 0;
}

/* Fetch every chunk after the first reply (res, taken) into d. */
static int download_rest(struct yg_conn *c, long long id, struct download *d, cJSON *res)
{
	unsigned char *buf = xmalloc(MATERIAL_CHUNK);
	int rc = YG_EXIT_OK;

	while (rc == YG_EXIT_OK) {
		if (buf == NULL || download_take(d, res, buf) != 0) {
			fprintf(stderr, "yg: %s\n",
				TR("服务器发来的数据与其声明的大小或 SHA-256 不符",
				   "what the server sent does not match the size or SHA-256 it "
				   "declared"));
			rc = YG_EXIT_REFUSED;
		}
		cJSON_Delete(res);
		res = NULL;
		if (rc != YG_EXIT_OK || d->got == d->size)
			break;
		rc = download_call(c, id, d->got, &res);
	}
	free(buf);
	return rc;
}

/* Whether the whole matches the declared size and SHA-256. */
static int download_check(struct download *d)
{
	unsigned char md[32];
	char hex[65];

	if (d->got != d->size || EVP_DigestFinal_ex(d->md, md, NULL) != 1)
		return -1;
	hex_encode(md, 32, hex);
	return strcmp(hex, d->sha) == 0 ? 0 : -1;
}

/* Make the checked temporary file the output, with the usual permissions. */
static int download_keep(struct download *d, const char *out)
{
	mode_t mask = umask(0);

	umask(mask);
	if (fchmod(fileno(d->f), 0666 & ~mask) != 0 || fclose(d->f) != 0) {
		d->f = NULL;
		return -1;
	}
	d->f = NULL;
	return rename(d->tmp, out);
}

/* Open the temporary file beside out. */
static int download_open(struct download *d, const char *out)
{
	int fd;

	snprintf(d->tmp, sizeof(d->tmp), "%s.part-XXXXXX", out);
	if ((fd = mkstemp(d->tmp)) < 0 || (d->f = fdopen(fd, "wb")) == NULL) {
		if (fd >= 0)
			close(fd);
		d->tmp[0] = '\0';
		return download_file_error(TR("无法写入 %s：%s", "cannot write %s: %s"), out,
					   strerror(errno));
	}
	return YG_EXIT_OK;
}

/* Download into a temporary file and, once size and SHA-256 check out,
 * rename it to out; otherwise nothing is left behind. */
int material_fetch_rest(struct yg_conn *c, long long id, const char *out, cJSON *first)
{
	struct download d = {.size = json_int(first, "size")};
	int rc;

	snprintf(d.sha, sizeof(d.sha), "%s", json_str(first, "sha256"));
	if ((rc = download_open(&d, out)) != YG_EXIT_OK) {
		cJSON_Delete(first);
		return rc;
	}
	d.md = EVP_MD_CTX_new();
	if (d.md == NULL || EVP_DigestInit_ex(d.md, EVP_sha256(), NULL) != 1) {
		cJSON_Delete(first);
		rc = YG_EXIT_USAGE;
	} else
		rc = download_rest(c, id, &d, first);
	if (rc == YG_EXIT_OK && (fflush(d.f) != 0 || download_check(&d) != 0)) {
		fprintf(stderr, "yg: %s\n",
			TR("下载的内容与服务器声明的大小或 SHA-256 不符，已丢弃",
			   "the download does not match the size or SHA-256 the server declared; "
			   "discarded"));
		rc = YG_EXIT_REFUSED;
	}
	if (rc == YG_EXIT_OK && download_keep(&d, out) != 0)
		rc = download_file_error(TR("无法写入 %s：%s", "cannot write %s: %s"), out,
					 strerror(errno));
	if (d.f != NULL)
		fclose(d.f);
	if (rc != YG_EXIT_OK)
		unlink(d.tmp);
	EVP_MD_CTX_free(d.md);
	return rc;
}

int material_fetch_begin(struct yg_conn *c, long long id, cJSON **first)
{
	return download_call(c, id, 0, first);
}

int material_fetch(struct yg_conn *c, long long id, const char *out)
{
	cJSON *first = NULL;
	int rc = material_fetch_begin(c, id, &first);

	if (rc != YG_EXIT_OK) {
		cJSON_Delete(first);
		return rc;
	}
	return material_fetch_rest(c, id, out, first);
}
