#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "../proto/version.h"

/* ygd's own options (flags and environment), not a committee's rules
 * (struct setting, policy/settings.h). */
enum option_type { SET_STR, SET_UINT };

struct config_option {
	const char *flag; /* --flag VALUE or --flag=VALUE */
	const char *env;
	enum option_type type;
	size_t offset;
	const char *dflt;
	unsigned min, max; /* SET_UINT bounds */
	const char *help;
};

/* The migrations: sql/ of the checkout, or where make install put them. */
#ifndef YG_SQL_DIR
#define YG_SQL_DIR "sql"
#endif

#define STR(field)  SET_STR, offsetof(struct config, field)
#define UINT(field) SET_UINT, offsetof(struct config, field)

static const struct config_option config_options[] = {
	{"listen", "YGD_LISTEN", STR(listen), "127.0.0.1:7443", 0, 0,
	 "address and TCP port for terminals (port 0 picks a free one)"},
	{"cert", "YGD_CERT", STR(cert), "var/tls/server.crt", 0, 0, "server certificate (PEM)"},
	{"key", "YGD_KEY", STR(key), "var/tls/server.key", 0, 0, "server private key (PEM)"},
	{"sign-key", "YGD_SIGN_KEY", STR(sign_key), "var/sign.key", 0, 0,
	 "the server's Ed25519 key that signs tallies (PEM; made if missing)"},
	{"db", "YGD_DB", STR(db), "", 0, 0,
	 "libpq conninfo string; empty uses PGHOST, PGPORT, PGDATABASE, PGUSER, ..."},
	{"db-owner", "YGD_DB_OWNER", STR(db_owner), "", 0, 0,
	 "conninfo of the schema's owner, for migrate, bootstrap, check (empty: --db)"},
	{"sql-dir", "YGD_SQL_DIR", STR(sql_dir), YG_SQL_DIR, 0, 0,
	 "migrations directory, for migrate (empty: the default)"},
	{"port-file", "YGD_PORT_FILE", STR(port_file), "", 0, 0,
	 "write the bound port to this file once listening"},
	{"log-level", "YGD_LOG_LEVEL", STR(log_level), "info", 0, 0, "debug, info, warn or error"},
	{"log-format", "YGD_LOG_FORMAT", STR(log_format), "text", 0, 0,
	 "text, or json: one JSON object a line (time, level, msg, and fields such as client "
	 "and addr)"},
	{"db-pool", "YGD_DB_POOL", UINT(db_pool), "0", 0, 64,
	 "database connections for queries (0: twice the workers, at least 4)"},
	{"workers", "YGD_WORKERS", UINT(workers), "0", 0, 64,
	 "threads verifying ballots and decryptions and signing tallies (0: one per CPU)"},
	{"db-timeout", "YGD_DB_TIMEOUT", UINT(db_timeout), "10000", 100, 600000,
	 "milliseconds a query may wait for a connection and run"},
	{"max-frame", "YGD_MAX_FRAME", UINT(max_frame), "1048576", 524288, YG_FRAME_MAX_LIMIT,
	 "largest frame payload in bytes (at least 512 KiB: a material chunk must fit)"},
	{"max-clients", "YGD_MAX_CLIENTS", UINT(max_clients), "16384", 1, 1000000,
	 "connections held at once; more are refused"},
	{"max-inflight", "YGD_MAX_INFLIGHT", UINT(max_inflight), "16", 1, 1024,
	 "requests one connection may have outstanding"},
	{"out-limit", "YGD_OUT_LIMIT", UINT(out_limit), "1048576", 4096, 1u << 30,
	 "bytes queued to a client before ygd stops reading from it"},
	{"write-timeout", "YGD_WRITE_TIMEOUT", UINT(write_timeout), "30", 1, 3600,
	 "seconds a client may leave queued output unread before it is dropped"},
	{"hello-timeout", "YGD_HELLO_TIMEOUT", UINT(hello_timeout), "10", 1, 3600,
	 "seconds from accept to a finished TLS handshake and hello (a deadline, not an idle "
	 "timer)"},
	{"login-timeout", "YGD_LOGIN_TIMEOUT", UINT(login_timeout), "60", 1, 3600,
	 "seconds from hello to auth.login; a connection that neither logs in nor follows a "
	 "public stream is closed then"},
	{"frame-timeout", "YGD_FRAME_TIMEOUT", UINT(frame_timeout), "30", 1, 3600,
	 "seconds from the first byte of a frame to its last"},
	{"anon-max-frame", "YGD_ANON_MAX_FRAME", UINT(anon_max_frame), "65536", 4096,
	 YG_FRAME_MAX_LIMIT, "largest frame payload before login, in bytes"},
	{"max-per-address", "YGD_MAX_PER_ADDRESS", UINT(max_per_address), "32", 1, 1000000,
	 "connections not logged in from one network address"},
	{"reserved-slots", "YGD_RESERVED_SLOTS", UINT(reserved_slots), "256", 0, 1000000,
	 "of max-clients, slots only logged-in members and observers may hold (at most half of "
	 "max-clients)"},
	{"input-budget", "YGD_INPUT_BUDGET", UINT(input_budget), "536870912", 1048576, 4294967295u,
	 "bytes of unfinished frames held for all connections together, logged in or not"},
	{"anon-input-budget", "YGD_ANON_INPUT_BUDGET", UINT(anon_input_budget), "67108864", 65536,
	 4294967295u,
	 "bytes of unfinished frames held for all connections not logged in, together"},
	{"login-fail-rate", "YGD_LOGIN_FAIL_RATE", UINT(login_fail_rate), "10", 1, 100000,
	 "failed logins a minute allowed per network address and per key (as many at once)"},
	{"max-material", "YGD_MAX_MATERIAL", UINT(max_material), "16777216", 1, 1u << 30,
	 "largest attached file (material) in bytes"},
	{"max-uploads", "YGD_MAX_UPLOADS", UINT(max_uploads), "4", 1, 1000,
	 "unfinished material uploads one member may have at a time"},
	{"comment-rate", "YGD_COMMENT_RATE", UINT(comment_rate), "10", 1, 100000,
	 "public comments an hour from one network address or one observer"},
	{"utc-offset", "YGD_UTC_OFFSET", UINT(utc_offset), "480", 0, 840,
	 "minutes east of UTC of the committee office's time zone, where working days are counted "
	 "(480: China Standard Time)"},
	{"http-listen", "YGD_HTTP_LISTEN", STR(http_listen), "127.0.0.1:8080", 0, 0,
	 "address and TCP port of the public web portal (port 0 picks a free one; empty: no "
	 "portal)"},
	{"http-port-file", "YGD_HTTP_PORT_FILE", STR(http_port_file), "", 0, 0,
	 "write the portal's bound port to this file once listening"},
	{"public-url", "YGD_PUBLIC_URL", STR(public_url), "", 0, 0,
	 "the portal's address as the public reaches it, for the Atom feed's links (empty: "
	 "http:// and --http-listen)"},
	{"http-db", "YGD_HTTP_DB", STR(http_db), "", 0, 0,
	 "libpq conninfo of the portal's own connections, e.g. a role with fewer rights "
	 "(empty: --db)"},
	{"http-db-write", "YGD_HTTP_DB_WRITE", STR(http_db_write), "", 0, 0,
	 "libpq conninfo where the portal writes public comments, e.g. the primary when --http-db "
	 "is a read-only standby (one connection of its own; empty: through the --http-db "
	 "connections)"},
	{"http-db-pool", "YGD_HTTP_DB_POOL", UINT(http_db_pool), "2", 1, 64,
	 "database connections of the portal, apart from the terminals' ones"},
	{"http-cache-ms", "YGD_HTTP_CACHE_MS", UINT(http_cache_ms), "1000", 0, 600000,
	 "milliseconds a page read from the database is served again before it is read anew"},
	{"http-max-body", "YGD_HTTP_MAX_BODY", UINT(http_max_body), "32768", 1024, 1048576,
	 "largest request body the portal accepts, in bytes (a comment form of 2,000 Chinese "
	 "characters takes about 18,000)"},
	{"http-post-rate", "YGD_HTTP_POST_RATE", UINT(http_post_rate), "6", 1, 100000,
	 "comment forms a minute from one network address (a burst of as many is allowed)"},
	{"http-max-conns", "YGD_HTTP_MAX_CONNS", UINT(http_max_conns), "1024", 1, 1000000,
	 "portal connections held at once; more are answered 503"},
	{"http-max-per-address", "YGD_HTTP_MAX_PER_ADDRESS", UINT(http_max_per_address), "64", 1,
	 1000000, "portal connections from one network address; more are answered 503"},
	{"http-request-timeout", "YGD_HTTP_REQUEST_TIMEOUT", UINT(http_request_timeout), "20", 1,
	 3600,
	 "seconds a visitor has to send a whole request, from connecting or from the last "
	 "answer"},
	{"metrics-listen", "YGD_METRICS_LISTEN", STR(metrics_listen), "", 0, 0,
	 "address and TCP port of the Prometheus metrics endpoint, GET /metrics, e.g. "
	 "127.0.0.1:9464 (port 0 picks a free one; empty: none). Keep it local: it is not "
	 "authenticated"},
	{"metrics-port-file", "YGD_METRICS_PORT_FILE", STR(metrics_port_file), "", 0, 0,
	 "write the metrics endpoint's bound port to this file once listening"},
	{NULL, NULL, SET_STR, 0, NULL, 0, 0, NULL},
};

/* Store text as the value of setting s; fails if it is out of range. */
static int config_set(struct config *cfg, const struct config_option *s, const char *text)
{
	char *field = (char *)cfg + s->offset, *end;
	unsigned long v;

	if (s->type == SET_STR) {
		free(*(char **)field);
		*(char **)field = strdup(text);
		return 0;
	}
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < s->min ||
	    v > s->max) {
		fprintf(stderr, "ygd: --%s must be a whole number from %u to %u, not \"%s\"\n",
			s->flag, s->min, s->max, text);
		return -1;
	}
	*(unsigned *)field = (unsigned)v;
	return 0;
}

/* Find the setting for a command-line flag such as "listen". */
static const struct config_option *config_find(const char *flag, size_t len)
{
	const struct config_option *s;

	for (s = config_options; s->flag != NULL; s++)
		if (strlen(s->flag) == len && strncmp(s->flag, flag, len) == 0)
			return s;
	return NULL;
}

/* Apply defaults, then environment variables. */
static int config_load_env(struct config *cfg)
{
	const struct config_option *s;
	const char *v;

	for (s = config_options; s->flag != NULL; s++) {
		v = getenv(s->env);
		if (config_set(cfg, s, s->dflt) != 0 || (v != NULL && config_set(cfg, s, v) != 0))
			return -1;
	}
	return 0;
}

/* Apply one "--flag value" or "--flag=value"; returns arguments consumed. */
static int config_load_flag(struct config *cfg, int argc, char **argv, int i)
{
	const char *arg = argv[i] + 2, *eq = strchr(arg, '=');
	size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	const struct config_option *s = config_find(arg, len);

	if (s == NULL) {
		fprintf(stderr, "ygd: unknown option %s (see ygd --help)\n", argv[i]);
		return -1;
	}
	if (eq != NULL)
		return config_set(cfg, s, eq + 1) == 0 ? 1 : -1;
	if (i + 1 >= argc) {
		fprintf(stderr, "ygd: --%s needs a value\n", s->flag);
		return -1;
	}
	return config_set(cfg, s, argv[i + 1]) == 0 ? 2 : -1;
}

/* Fill cfg from defaults, environment and argv; *next_arg is the first
 * argument that is not an option (the command). */
int config_load(struct config *cfg, int argc, char **argv, int *next_arg)
{
	int i = 1, n;

	memset(cfg, 0, sizeof(*cfg));
	if (config_load_env(cfg) != 0)
		return -1;
	while (i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2] != '\0') {
		n = config_load_flag(cfg, argc, argv, i);
		if (n < 0)
			return -1;
		i += n;
	}
	*next_arg = i;
	return 0;
}

/* Release the strings of cfg. */
void config_free(struct config *cfg)
{
	const struct config_option *s;

	for (s = config_options; s->flag != NULL; s++)
		if (s->type == SET_STR)
			free(*(char **)((char *)cfg + s->offset));
}

/* Print every setting with its variable and default. */
const char *config_sql_dir(void)
{
	return YG_SQL_DIR;
}

void config_usage(FILE *out)
{
	const struct config_option *s;

	fprintf(out,
		"usage: ygd [OPTION...] [serve | migrate | bootstrap ... | check | --version "
		"| --help]\n\n"
		"  serve      run the server (the default)\n"
		"  migrate    apply the SQL migrations in order, then exit\n"
		"  bootstrap [--trial] COMMITTEE NAME KEY [TITLE]\n"
		"             register an admin's public key directly in the database\n"
		"             (creating the committee if needed, --trial: a trial committee);\n"
		"             for the first admin\n"
		"  check      verify every meeting's log, minutes and signatures, every\n"
		"             election record and the admin log; exit 1 on any failure\n\n"
		"Options (each also read from its environment variable):\n");
	for (s = config_options; s->flag != NULL; s++)
		fprintf(out, "  --%-14s %-18s %s (default: \"%s\")\n", s->flag, s->env, s->help,
			s->dflt);
}
