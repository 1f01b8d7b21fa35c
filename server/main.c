/* ygd: the yangguang server. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "../proto/version.h"
#include "../proto/xalloc.h"
#include "bootstrap.h"
#include "check.h"
#include "config.h"
#include "log.h"
#include "migrate.h"
#include "server.h"

/* A server's heap stays at its working size: memory freed after a burst
 * of requests (a vote's ballots, each a few KiB in several pieces) is kept
 * for the next burst, not handed back to the system only to be faulted in
 * and zeroed again. glibc would trim the heap, and each thread's arena,
 * whenever 128 KiB at its top are free, and adapts its mmap threshold as
 * large blocks come and go; both are fixed here. */
static void heap_keep(void)
{
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

int main(int argc, char **argv)
{
	struct config cfg;
	const char *cmd;
	int next, rc;

	xalloc_cjson_hooks();
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("ygd %s (protocol %d)\n", YG_VERSION, YG_PROTO_VERSION);
		return 0;
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		config_usage(stdout);
		return 0;
	}
	if (config_load(&cfg, argc, argv, &next) != 0) {
		config_free(&cfg);
		return 2;
	}
	cmd = next < argc ? argv[next] : "serve";
	if (log_set_level_name(cfg.log_level) != 0) {
		fprintf(stderr, "ygd: unknown log level \"%s\"\n", cfg.log_level);
		rc = 2;
	} else if (log_set_format_name(cfg.log_format) != 0) {
		fprintf(stderr, "ygd: --log-format must be text or json, not \"%s\"\n",
			cfg.log_format);
		rc = 2;
	} else if (strcmp(cmd, "bootstrap") == 0) {
		rc = bootstrap_run(cfg.db_owner[0] != '\0' ? cfg.db_owner : cfg.db, argc - next - 1,
				   argv + next + 1);
	} else if (next + 1 < argc) {
		fprintf(stderr, "ygd: unexpected argument \"%s\" (see ygd --help)\n",
			argv[next + 1]);
		rc = 2;
	} else if (strcmp(cmd, "serve") == 0) {
		heap_keep();
		rc = server_run(&cfg) == 0 ? 0 : 1;
	} else if (strcmp(cmd, "migrate") == 0) {
		rc = migrate_run(cfg.db_owner[0] != '\0' ? cfg.db_owner : cfg.db,
				 cfg.sql_dir[0] != '\0' ? cfg.sql_dir : config_sql_dir()) == 0
			     ? 0
			     : 1;
	} else if (strcmp(cmd, "check") == 0) {
		rc = check_run(cfg.db_owner[0] != '\0' ? cfg.db_owner : cfg.db);
	} else {
		fprintf(stderr, "ygd: unknown command \"%s\" (see ygd --help)\n", cmd);
		rc = 2;
	}
	config_free(&cfg);
	return rc;
}
