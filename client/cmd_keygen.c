/* yg keygen: make the user's Ed25519 key pair on this terminal. */
#include <stdio.h>
#include <string.h>

#include "../proto/sig.h"
#include "commands.h"
#include "i18n.h"
#include "keyfile.h"

/* --show: print the public key of the key already made. */
static int keygen_show(const char *path)
{
	unsigned char pub[SIG_PUB_LEN];
	char text[SIG_PUB_TEXT_LEN + 1];
	EVP_PKEY *key = keyfile_load(path);
	int ok = key != NULL && sig_public(key, pub);

	EVP_PKEY_free(key);
	if (!ok)
		return YG_EXIT_REFUSED;
	sig_pub_to_text(pub, text);
	printf("%s\n", text);
	fprintf(stderr, "%s %s\n",
		TR("以上是本机密钥的公钥，私钥在", "the public key of the key in"), path);
	return YG_EXIT_OK;
}

static int keygen_exec(int argc, char **argv, const struct yg_opts *opts)
{
	char path[4096];
	int force = 0, show = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (strcmp(argv[i], "--show") == 0)
			show = 1;
		else
			return cmd_usage_error(&cmd_keygen, argv[i]);
	}
	if (force && show)
		return cmd_usage_error(&cmd_keygen, "--force --show");
	if (opts->key != NULL)
		snprintf(path, sizeof(path), "%s", opts->key);
	else
		keyfile_default_path(opts->home, path, sizeof(path));
	if (show)
		return keygen_show(path);
	if (keyfile_create(path, force) != 0)
		return YG_EXIT_REFUSED;
	fprintf(stderr, "%s %s\n%s\n", TR("私钥已保存在", "private key saved in"), path,
		TR("上面一行是公钥：交给委员会办公室登记。私钥不要给任何人。",
		   "The line above is your public key: give it to the committee office to "
		   "register. "
		   "Never give anyone the private key."));
	return YG_EXIT_OK;
}

const struct cmd_entry cmd_keygen = {
	.name = "keygen",
	.op = CMD_LOCAL,
	.usage = "[--force | --show]",
	.summary_zh = "在本机生成自己的密钥对，打印公钥（--show 重新打印已有密钥的公钥）",
	.summary_en = "make your key pair on this terminal and print the public key (--show: "
		      "print the public key of the key already made)",
	.exec = keygen_exec,
};
