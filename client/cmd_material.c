/* Materials (调查研究报告, 专家论证意见, ...): yg material add uploads a file
 * in chunks, declaring its size and SHA-256 first so the server can check
 * the whole; yg material get downloads one and checks it the same way
 * before the output file appears. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../proto/b64.h"
#include "../proto/xalloc.h"
#include "commands.h"
#include "i18n.h"
#include "material_fetch.h"
#include "../proto/hex.h"

/* Complain about a local file (format with the path, then the reason);
 * the usage exit code: the file given will not do. */
static int material_file_error(const struct cmd_entry *cmd, const char *fmt, const char *path,
			       const char *reason)
{
	fprintf(stderr, "yg %s: ", cmd->name);
	fprintf(stderr, fmt, path, reason);
	fputc('\n', stderr);
	return YG_EXIT_USAGE;
}

/* The size and SHA-256 of an open file, which is then rewound. */
static int material_hash(FILE *f, long long *size, char sha[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char buf[65536], md[32];
	size_t n;
	int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;

	*size = 0;
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		ok = EVP_DigestUpdate(ctx, buf, n) == 1;
		*size += (long long)n;
	}
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (ok)
		hex_encode(md, 32, sha);
	rewind(f);
	return ok ? 0 : -1;
}

/* Open path for upload: a readable, non-empty regular file; its size and
 * SHA-256. NULL after saying what is wrong. */
static FILE *material_open(const char *path, long long *size, char sha[65])
{
	const struct cmd_entry *cmd = &cmd_material_add;
	FILE *f = fopen(path, "rb");
	struct stat st;

	if (f == NULL) {
		material_file_error(cmd, TR("无法读取文件 %s：%s", "cannot read the file %s: %s"),
				    path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    material_hash(f, size, sha) != 0 || *size == 0) {
		material_file_error(cmd, TR("%s：%s", "%s: %s"), path,
				    TR("不是可读取的非空文件", "not a readable, non-empty file"));
		fclose(f);
		return NULL;
	}
	return f;
}

/* material.begin's arguments; the file name is the path's last part. */
static cJSON *material_begin_args(long long item, const char *kind, const char *path,
				  long long size, const char *sha, const char *outcome)
{
	const char *slash = strrchr(path, '/');
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "item", (double)item);
	cJSON_AddStringToObject(args, "kind", kind);
	cJSON_AddStringToObject(args, "filename", slash != NULL ? slash + 1 : path);
	cJSON_AddNumberToObject(args, "size", (double)size);
	cJSON_AddStringToObject(args, "sha256", sha);
	if (outcome != NULL)
		cJSON_AddStringToObject(args, "outcome", outcome);
	return args;
}

/* Send one chunk of n bytes at offset off. */
static int material_chunk(struct yg_conn *c, long long upload, long long off,
			  const unsigned char *buf, size_t n, char *b64)
{
	cJSON *args = cJSON_CreateObject(), *res = NULL;
	int rc;

	b64url_encode(buf, n, b64, B64_ENCODED_LEN(MATERIAL_CHUNK) + 1);
	cJSON_AddNumberToObject(args, "upload", (double)upload);
	cJSON_AddNumberToObject(args, "offset", (double)off);
	cJSON_AddStringToObject(args, "data", b64);
	rc = conn_call_print(c, "material.chunk", args, &res);
	cJSON_Delete(res);
	return rc;
}

/* Send the file in chunks of at most 256 KiB, in order. */
static int material_send(struct yg_conn *c, long long upload, FILE *f, long long size)
{
	unsigned char *buf = xmalloc(MATERIAL_CHUNK);
	char *b64 = xmalloc(B64_ENCODED_LEN(MATERIAL_CHUNK) + 1);
	long long off = 0;
	size_t want, n;
	int rc = buf != NULL && b64 != NULL ? YG_EXIT_OK : YG_EXIT_USAGE;

	while (rc == YG_EXIT_OK && off < size) {
		want = size - off < MATERIAL_CHUNK ? (size_t)(size - off) : MATERIAL_CHUNK;
		if ((n = fread(buf, 1, want, f)) == 0) {
			fprintf(stderr, "yg: %s\n",
				TR("文件在上传过程中变短了", "the file shrank during the upload"));
			rc = YG_EXIT_USAGE;
			break;
		}
		rc = material_chunk(c, upload, off, buf, n, b64);
		off += (long long)n;
	}
	free(buf);
	free(b64);
	return rc;
}

/* What material.finish (or material.get) describes, field by field. */
static void material_print(const cJSON *m)
{
	cmd_field(TR("议题", "item"), "%lld", json_int(m, "item"));
	cmd_field(TR("种类", "kind"), "%s", code_label("material", json_str(m, "kind")));
	cmd_field(TR("文件名", "file"), "%s", json_str(m, "filename"));
	cmd_field(TR("大小", "size"), TR("%lld 字节", "%lld bytes"), json_int(m, "size"));
	cmd_field("SHA-256", "%s", json_str(m, "sha256"));
	if (json_str(m, "outcome")[0] != '\0')
		cmd_field(TR("审查结论", "outcome"), "%s",
			  code_label("result", json_str(m, "outcome")));
}

/* The chunks, then finish: the server checks the whole. */
static int material_send_finish(struct yg_conn *c, long long upload, FILE *f, long long size)
{
	cJSON *args, *res = NULL;
	int rc = material_send(c, upload, f, size);

	if (rc != YG_EXIT_OK)
		return rc;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "upload", (double)upload);
	if ((rc = conn_call_print(c, "material.finish", args, &res)) == YG_EXIT_OK) {
		printf(TR("已添加材料 %lld\n", "added material %lld\n"), json_int(res, "id"));
		material_print(res);
	}
	cJSON_Delete(res);
	return rc;
}

/* begin, the chunks, finish, over one session. Takes begin. */
static int material_upload(const struct yg_opts *opts, cJSON *begin, FILE *f, long long size)
{
	struct yg_conn c;
	cJSON *res = NULL;
	int rc = conn_session(&c, opts, 1);

	if (rc != YG_EXIT_OK) {
		cJSON_Delete(begin);
		return rc;
	}
	if ((rc = conn_call_print(&c, "material.begin", begin, &res)) == YG_EXIT_OK)
		rc = material_send_finish(&c, json_int(res, "upload"), f, size);
	cJSON_Delete(res);
	conn_close(&c);
	return rc;
}

static int material_add_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *kind = NULL, *outcome = NULL, *pos[2];
	const struct cmd_opt o[] = {
		{"--kind", &kind, 1}, {"--outcome", &outcome, 0}, {NULL, NULL, 0}};
	long long item, size;
	char sha[65];
	FILE *f;
	int rc = cmd_parse(&cmd_material_add, argc, argv, o, pos, 2);

	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_material_add, pos[0], 1, ID_MAX, &item)) != YG_EXIT_OK)
		return rc;
	if (outcome != NULL && strcmp(outcome, "passed") != 0 && strcmp(outcome, "failed") != 0)
		return cmd_usage_error(&cmd_material_add, TR("--outcome 须是 passed 或 failed",
							     "--outcome must be passed or failed"));
	if ((f = material_open(pos[1], &size, sha)) == NULL)
		return YG_EXIT_USAGE;
	rc = material_upload(opts, material_begin_args(item, kind, pos[1], size, sha, outcome), f,
			     size);
	fclose(f);
	return rc;
}

/* The output file's name: -o, else the material's own name (its last
 * part) in the current directory, which must not exist yet. */
static int download_output(const char *given, const cJSON *res, char *out, size_t len)
{
	const char *name = json_str(res, "filename"), *slash = strrchr(name, '/');

	if (given != NULL) {
		snprintf(out, len, "%s", given);
		return YG_EXIT_OK;
	}
	name = slash != NULL ? slash + 1 : name;
	if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		snprintf(out, len, "material-%lld", json_int(res, "id"));
	else
		snprintf(out, len, "%s", name);
	if (access(out, F_OK) == 0)
		return material_file_error(
			&cmd_material_get, TR("%s 已存在%s", "%s exists already%s"), out,
			TR("；请用 -o 指定输出文件", "; name the output with -o"));
	return YG_EXIT_OK;
}

/* "-o FILE" is "--output FILE". */
static void material_short_options(int argc, char **argv)
{
	static char output[] = "--output";
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-o") == 0)
			argv[i] = output;
}

/* The first chunk tells the name, size and SHA-256; then the rest. */
static int material_download(const struct yg_opts *opts, long long id, const char *given)
{
	struct yg_conn c;
	cJSON *first = NULL;
	char out[4096];
	int rc = conn_session(&c, opts, 1);

	if (rc != YG_EXIT_OK)
		return rc;
	if ((rc = material_fetch_begin(&c, id, &first)) == YG_EXIT_OK &&
	    (rc = download_output(given, first, out, sizeof(out))) == YG_EXIT_OK) {
		rc = material_fetch_rest(&c, id, out, first);
		first = NULL;
		if (rc == YG_EXIT_OK)
			printf(TR("已下载材料 %lld 到 %s（大小和 SHA-256 已核对）\n",
				  "downloaded material %lld to %s (size and SHA-256 checked)\n"),
			       id, out);
	}
	cJSON_Delete(first);
	conn_close(&c);
	return rc;
}

static int material_get_exec(int argc, char **argv, const struct yg_opts *opts)
{
	const char *id_text, *output = NULL;
	const struct cmd_opt o[] = {{"--output", &output, 0}, {NULL, NULL, 0}};
	long long id;
	int rc;

	material_short_options(argc, argv);
	rc = cmd_parse(&cmd_material_get, argc, argv, o, &id_text, 1);
	if (rc != YG_EXIT_OK ||
	    (rc = cmd_number(&cmd_material_get, id_text, 1, ID_MAX, &id)) != YG_EXIT_OK)
		return rc;
	return material_download(opts, id, output);
}

const struct cmd_entry cmd_material_add = {
	.name = "material add",
	.op = "material.begin",
	.usage = "ITEM_ID --kind KIND FILE [--outcome passed|failed]",
	.summary_zh = "为议题上传材料（种类见 yg catalog；合法性审查意见须注明结论）",
	.summary_en = "attach a file to an item (kinds: yg catalog; a legality review states its "
		      "outcome)",
	.exec = material_add_exec,
};

const struct cmd_entry cmd_material_get = {
	.name = "material get",
	.usage = "MATERIAL_ID [-o FILE]",
	.summary_zh = "下载材料并核对大小和 SHA-256（默认存为原文件名，不覆盖已有文件）",
	.summary_en = "download a material, checking its size and SHA-256 (by default under its "
		      "own name, never over an existing file)",
	.exec = material_get_exec,
};
