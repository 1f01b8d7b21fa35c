/* ygd's settings: each has a command-line flag, an environment variable and a
 * default, all listed in one table (config.c) that also prints --help. */
#ifndef YG_SERVER_CONFIG_H
#define YG_SERVER_CONFIG_H

#include <stdio.h>

struct config {
	char *listen;        /* HOST:PORT for terminals */
	char *cert;          /* PEM certificate chain */
	char *key;           /* PEM private key */
	char *sign_key;      /* PEM Ed25519 key that signs tallies */
	char *db;            /* libpq conninfo; empty means PG* variables */
	char *db_owner;      /* conninfo for migrate and bootstrap; empty: db */
	char *sql_dir;       /* migrations, for `ygd migrate` */
	char *port_file;     /* where to write the bound port, if set */
	char *log_level;     /* debug, info, warn, error */
	char *log_format;    /* text or json */
	unsigned db_pool;    /* connections in the query pool; 0: fit to workers */
	unsigned workers;    /* crypto worker threads; 0: one per CPU */
	unsigned db_timeout; /* ms a query may wait and run */
	unsigned max_frame;  /* bytes of one frame's payload */
	unsigned max_clients;
	unsigned max_inflight;      /* requests one client may have outstanding */
	unsigned out_limit;         /* bytes queued to a client before its input pauses */
	unsigned write_timeout;     /* s a client may leave output unread */
	unsigned hello_timeout;     /* s from accept to a finished hello */
	unsigned login_timeout;     /* s from hello to a login, unless following a stream */
	unsigned frame_timeout;     /* s from a frame's first byte to its last */
	unsigned anon_max_frame;    /* bytes of a frame before login */
	unsigned max_per_address;   /* connections not logged in, from one address */
	unsigned reserved_slots;    /* of max_clients, only for logged-in connections */
	unsigned anon_input_budget; /* bytes of unfinished frames of all not logged in */
	unsigned input_budget;      /* bytes of unfinished frames of all connections */
	unsigned login_fail_rate;   /* failed logins a minute per address and per key */
	unsigned max_material;      /* bytes of one attached file */
	unsigned max_uploads;       /* unfinished uploads of one member */
	unsigned comment_rate;      /* comments an hour from one address or observer */
	unsigned utc_offset;        /* minutes east of UTC where working days are counted */
	char *http_listen;          /* HOST:PORT of the public portal; empty: none */
	char *http_port_file;       /* where to write the portal's bound port, if set */
	char *public_url;           /* the portal's public address; empty: from http_listen */
	char *http_db;              /* conninfo of the portal's reads; empty: db */
	char *http_db_write;        /* conninfo of the portal's comments; empty: http_db's pool */
	unsigned http_db_pool;      /* the portal's database connections */
	unsigned http_cache_ms;     /* ms a page is served from memory */
	unsigned http_max_body;     /* bytes of a request body */
	unsigned http_post_rate;    /* comment forms a minute from one address */
	unsigned http_max_conns;    /* portal connections at once */
	unsigned http_max_per_address; /* portal connections from one address */
	unsigned http_request_timeout; /* s to send a whole request */
	char *metrics_listen;          /* HOST:PORT of the Prometheus endpoint; empty: none */
	char *metrics_port_file;       /* where to write its bound port, if set */
};

int config_load(struct config *cfg, int argc, char **argv, int *next_arg);
void config_free(struct config *cfg);
void config_usage(FILE *out);
/* Where migrate finds the migrations when --sql-dir is empty. */
const char *config_sql_dir(void);

#endif
