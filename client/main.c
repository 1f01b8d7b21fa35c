/* yg: the yangguang terminal. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../proto/version.h"
#include "../proto/xalloc.h"
#include "commands.h"
#include "i18n.h"
#include "termout.h"
#include "textwidth.h"

/* The general usage text. */
static void main_usage(void)
{
	const struct cmd_entry *const *c;
	bool en = strcmp(i18n_lang(), "en") == 0;

	printf("usage: yg [--server HOST:PORT] [--fingerprint SHA256] [--ca FILE]\n"
	       "          [--committee ID] [--key FILE] [--lang zh|en] [--timeout S]\n"
	       "          [--home DIR] COMMAND [ARGS]\n\n");
	for (c = cmd_table; *c != NULL; c++) {
		printf("  ");
		tw_pad(stdout, (*c)->name, 26);
		printf(" %s\n", en ? (*c)->summary_en : (*c)->summary_zh);
	}
	printf("\n%s\n",
	       en ? "Environment: YG_SERVER, YG_CA, YG_COMMITTEE, YG_KEY, YG_LANG, "
		    "YG_HOME.\nyg COMMAND --help describes one command."
		  : "环境变量：YG_SERVER、YG_CA、YG_COMMITTEE、YG_KEY、YG_LANG、YG_HOME。\n"
		    "yg 命令 --help 显示该命令的用法。");
}

/* The value of an option: from "--opt=value" or the next argument. */
static const char *main_optval(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* Defaults, then environment; the home is $YG_HOME or ~/.yg. */
static void main_defaults(struct yg_opts *o, char *home, size_t len)
{
	const char *h = getenv("HOME");

	o->server = getenv("YG_SERVER") != NULL ? getenv("YG_SERVER") : "127.0.0.1:7443";
	o->server_given = getenv("YG_SERVER") != NULL;
	o->ca = getenv("YG_CA");
	o->key = getenv("YG_KEY");
	o->committee = getenv("YG_COMMITTEE") != NULL ? atoll(getenv("YG_COMMITTEE")) : 0;
	o->timeout_s = 10;
	if (getenv("YG_HOME") != NULL)
		snprintf(home, len, "%s", getenv("YG_HOME"));
	else
		snprintf(home, len, "%s/.yg", h != NULL ? h : ".");
	o->home = home;
	i18n_set(getenv("YG_LANG"));
}

#define MAIN_VERSION -2
#define MAIN_HELP    -3

/* Apply the global options; the index of the command word, -1 on a bad
 * option, MAIN_VERSION or MAIN_HELP. */
static int main_options(int argc, char **argv, struct yg_opts *o)
{
	const char *v;
	int i;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--version") == 0)
			return MAIN_VERSION;
		if (strcmp(argv[i], "--help") == 0)
			return MAIN_HELP;
		if ((v = main_optval(argc, argv, &i, "--server")) != NULL) {
			o->server = v;
			o->server_given = 1;
		} else if ((v = main_optval(argc, argv, &i, "--fingerprint")) != NULL)
			o->fingerprint = v;
		else if ((v = main_optval(argc, argv, &i, "--ca")) != NULL)
			o->ca = v;
		else if ((v = main_optval(argc, argv, &i, "--home")) != NULL)
			o->home = v;
		else if ((v = main_optval(argc, argv, &i, "--key")) != NULL)
			o->key = v;
		else if ((v = main_optval(argc, argv, &i, "--committee")) != NULL &&
			 (o->committee = atoll(v)) > 0)
			continue;
		else if ((v = main_optval(argc, argv, &i, "--lang")) != NULL)
			i18n_set(v);
		else if ((v = main_optval(argc, argv, &i, "--timeout")) != NULL && atoi(v) > 0 &&
			 atoi(v) <= 3600)
			o->timeout_s = (unsigned)atoi(v);
		else
			return -1;
	}
	return i;
}

int main(int argc, char **argv)
{
	struct yg_opts o = {0};
	const struct cmd_entry *cmd;
	char home[4096];
	int i, words = 0;

	xalloc_cjson_hooks();
	main_defaults(&o, home, sizeof(home));
	i = main_options(argc, argv, &o);
	if (i == MAIN_VERSION) {
		printf("yg %s (protocol %d)\n", YG_VERSION, YG_PROTO_VERSION);
		return YG_EXIT_OK;
	}
	if (i < 0) {
		main_usage();
		return i == MAIN_HELP ? YG_EXIT_OK : YG_EXIT_USAGE;
	}
	/* Whatever the server sends reaches the terminal cleaned (termout.h). */
	if (i >= argc && isatty(0) && isatty(1)) { /* yg alone, at a terminal */
		termout_guard(0);
		return cmd_tui.exec(1, (char *[]){"tui", NULL}, &o);
	}
	if (i >= argc || strcmp(argv[i], "help") == 0) {
		main_usage();
		return i >= argc ? YG_EXIT_USAGE : YG_EXIT_OK;
	}
	cmd = cmd_find(argc - i, argv + i, &words);
	termout_guard(cmd != &cmd_tui);
	if (cmd == NULL) {
		fprintf(stderr, "yg: ");
		fprintf(stderr, msg(M_UNKNOWN_COMMAND), argv[i]);
		fprintf(stderr, " (%s)\n", msg(M_USAGE_HINT));
		return YG_EXIT_USAGE;
	}
	if (i + words < argc && strcmp(argv[i + words], "--help") == 0) {
		cmd_print_help(cmd);
		return YG_EXIT_OK;
	}
	return cmd->exec(argc - i - words + 1, argv + i + words - 1, &o);
}
