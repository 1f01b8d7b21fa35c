/* What integration tests stand on: a private PostgreSQL cluster with the
 * migrations applied, a fresh certificate, real ygd processes on free ports,
 * and commands run with their output captured. */
#ifndef YG_TESTS_HARNESS_H
#define YG_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct test_env {
	char dir[256];          /* temporary directory removed at teardown */
	char pgdir[320];        /* the cluster */
	char conninfo[512];     /* as the owner: migrations, bootstrap, psql */
	char app_conninfo[512]; /* as ygd serves: the least-privileged role */
	char cert[320], key[320], fp[65];
	char build[256]; /* where ygd and yg are: $YG_BUILD, default "build" */
	char home[320];  /* YG_HOME for the yg client */
};

struct ygd_proc {
	pid_t pid;
	int port;
	char addr[64]; /* 127.0.0.1:PORT */
	char log[400];
	bool exited; /* reaped by ygd_alive; status holds how */
	int status;
};

int env_setup(struct test_env *e);
void env_teardown(struct test_env *e);
int env_pg(struct test_env *e, const char *cmd);
int env_psql(struct test_env *e, const char *sql, char *out, size_t outlen);
int env_new_cert(struct test_env *e, const char *name, char *cert, char *key, char *fp);

/* When not 0, the next ygd started may open only this many files. */
extern unsigned ygd_nofile;
int ygd_start(struct test_env *e, struct ygd_proc *p, const char *const *extra);
int ygd_stop(struct ygd_proc *p);
bool ygd_alive(struct ygd_proc *p);
int ygd_kill(struct ygd_proc *p);
int ygd_restart(struct test_env *e, struct ygd_proc *p, const char *const *extra);

int run_cmd(char *out, size_t outlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sleep_ms(unsigned ms);

#endif
