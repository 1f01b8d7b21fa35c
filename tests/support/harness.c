#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* Pause the calling test (never ygd). */
void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Run a shell command; its exit status, with stdout and stderr in out. */
int run_cmd(char *out, size_t outlen, const char *fmt, ...)
{
	char cmd[4096];
	size_t n = 0, r;
	va_list ap;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	f = popen(cmd, "r");
	if (f == NULL)
		return -1;
	while (out != NULL && n + 1 < outlen && (r = fread(out + n, 1, outlen - n - 1, f)) > 0)
		n += r;
	if (out != NULL)
		out[n] = '\0';
	while (out == NULL && fgetc(f) != EOF)
		;
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run a scripts/pg.sh command on the cluster: 0 on success. */
int env_pg(struct test_env *e, const char *cmd)
{
	char out[4096];
	int rc = run_cmd(out, sizeof(out), "scripts/pg.sh %s %s", cmd, e->pgdir);

	if (rc != 0)
		fprintf(stderr, "pg.sh %s failed:\n%s\n", cmd, out);
	return rc;
}

/* Run SQL on the test database; rows come back unaligned in out. */
int env_psql(struct test_env *e, const char *sql, char *out, size_t outlen)
{
	char file[400];
	FILE *f;

	snprintf(file, sizeof(file), "%s/query.sql", e->dir);
	f = fopen(file, "w");
	if (f == NULL)
		return -1;
	fputs(sql, f);
	fclose(f);
	return run_cmd(out, outlen, "scripts/pg.sh psql %s yangguang -tA -f %s", e->pgdir, file);
}

/* A new self-signed certificate under the test directory. */
int env_new_cert(struct test_env *e, const char *name, char *cert, char *key, char *fp)
{
	char out[256];

	if (run_cmd(out, sizeof(out), "scripts/mkcert.sh %s/%s %s", e->dir, name, name) != 0)
		return -1;
	snprintf(cert, 320, "%s/%s/server.crt", e->dir, name);
	snprintf(key, 320, "%s/%s/server.key", e->dir, name);
	memcpy(fp, out, 64);
	fp[64] = '\0';
	return 0;
}

/* Temporary directory, cluster, database with migrations, certificate. */
int env_setup(struct test_env *e)
{
	const char *build = getenv("YG_BUILD");
	char out[4096];

	memset(e, 0, sizeof(*e));
	snprintf(e->build, sizeof(e->build), "%s", build != NULL ? build : "build");
	snprintf(e->dir, sizeof(e->dir), "/tmp/ygtest.XXXXXX");
	if (mkdtemp(e->dir) == NULL)
		return -1;
	chmod(e->dir, 0755); /* the postgres user must reach the cluster inside */
	snprintf(e->pgdir, sizeof(e->pgdir), "%s/pg", e->dir);
	snprintf(e->home, sizeof(e->home), "%s/yghome", e->dir);
	if (run_cmd(out, sizeof(out), "scripts/pg.sh init %s --fast", e->pgdir) != 0) {
		fprintf(stderr, "pg.sh init failed:\n%s\n", out);
		return -1;
	}
	if (env_pg(e, "start") != 0 ||
	    run_cmd(out, sizeof(out), "scripts/pg.sh createdb %s yangguang --migrated", e->pgdir) !=
		    0)
		return -1;
	snprintf(e->conninfo, sizeof(e->conninfo), "host=%s user=yg_owner dbname=yangguang",
		 e->pgdir);
	if (run_cmd(out, sizeof(out), "%s/ygd --db '%s' migrate", e->build, e->conninfo) != 0 ||
	    run_cmd(out, sizeof(out), "scripts/pg.sh approle %s", e->pgdir) != 0) {
		fprintf(stderr, "migrate failed:\n%s\n", out);
		return -1;
	}
	snprintf(e->app_conninfo, sizeof(e->app_conninfo), "host=%s user=ygd dbname=yangguang",
		 e->pgdir);
	return env_new_cert(e, "tls", e->cert, e->key, e->fp);
}

/* Stop the cluster and remove everything. */
void env_teardown(struct test_env *e)
{
	if (e->dir[0] == '\0')
		return;
	env_pg(e, "stop");
	run_cmd(NULL, 0, "rm -rf %s", e->dir);
}

/* Read the port ygd wrote, waiting up to 20 s (sanitizer builds start slowly). */
static int ygd_wait_port(struct ygd_proc *p, const char *file)
{
	int i, port = 0;
	FILE *f;

	for (i = 0; i < 400 && port == 0; i++) {
		if (!ygd_alive(p))
			return -1;
		f = fopen(file, "r");
		if (f != NULL) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (port == 0)
			sleep_ms(50);
	}
	return port;
}

unsigned ygd_nofile;

/* Start ygd on a free port with the test settings plus extra (NULL-ended
 * "--flag", "value" pairs); returns once it listens. */
int ygd_start(struct test_env *e, struct ygd_proc *p, const char *const *extra)
{
	static int seq;
	char bin[300], portfile[400], signkey[400];
	const char *argv[64];
	int n = 0, fd;

	memset(p, 0, sizeof(*p));
	seq++;
	snprintf(bin, sizeof(bin), "%s/ygd", e->build);
	snprintf(portfile, sizeof(portfile), "%s/ygd%d.port", e->dir, seq);
	snprintf(p->log, sizeof(p->log), "%s/ygd%d.log", e->dir, seq);
	snprintf(signkey, sizeof(signkey), "%s/sign.key", e->dir);
	argv[n++] = bin;
	argv[n++] = "--listen=127.0.0.1:0";
	argv[n++] = "--port-file";
	argv[n++] = portfile;
	argv[n++] = "--db";
	argv[n++] = e->app_conninfo;
	argv[n++] = "--cert";
	argv[n++] = e->cert;
	argv[n++] = "--key";
	argv[n++] = e->key;
	argv[n++] = "--sign-key";
	argv[n++] = signkey;
	argv[n++] = "--log-level=debug";
	argv[n++] = "--http-listen=127.0.0.1:0"; /* the portal runs in every test */
	/* Suites keep a bystander connection that never logs in for longer
	 * than the default login-timeout; test_limits sets its own. */
	argv[n++] = "--login-timeout=3600";
	while (extra != NULL && *extra != NULL && n < 62)
		argv[n++] = *extra++;
	argv[n] = NULL;
	p->pid = fork();
	if (p->pid == 0) {
		if (ygd_nofile > 0) {
			struct rlimit rl = {ygd_nofile, ygd_nofile};

			setrlimit(RLIMIT_NOFILE, &rl);
		}
		fd = open(p->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		dup2(fd, 1);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	p->port = ygd_wait_port(p, portfile);
	if (p->port <= 0) {
		fprintf(stderr, "ygd did not start; see %s\n", p->log);
		return -1;
	}
	snprintf(p->addr, sizeof(p->addr), "127.0.0.1:%d", p->port);
	return 0;
}

/* Whether ygd is still running; if it has exited, its status is kept. */
bool ygd_alive(struct ygd_proc *p)
{
	if (p->pid <= 0 || p->exited)
		return false;
	if (waitpid(p->pid, &p->status, WNOHANG) == 0)
		return true;
	p->exited = true;
	return false;
}

/* SIGTERM and wait (up to 30 s); ygd's exit status, or -1 if it died of a
 * signal or had to be killed. Under the sanitizers a leak makes it non-zero. */
int ygd_stop(struct ygd_proc *p)
{
	int st, i;
	pid_t r = 0;

	if (p->pid <= 0)
		return -1;
	if (p->exited) {
		st = p->status;
		r = p->pid;
	} else {
		kill(p->pid, SIGTERM);
		for (i = 0; i < 600 && (r = waitpid(p->pid, &st, WNOHANG)) == 0; i++)
			sleep_ms(50);
	}
	if (r == 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &st, 0);
		p->pid = 0;
		return -1;
	}
	p->pid = 0;
	p->exited = false;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char cmd[512];

		fprintf(stderr, "ygd ended with status %d; the end of its log:\n", st);
		snprintf(cmd, sizeof(cmd), "tail -n 60 %s >&2", p->log);
		if (system(cmd) != 0)
			fprintf(stderr, "(cannot show %s)\n", p->log);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A crash: SIGKILL, no chance to clean up, then reaped. 0 if ygd died of
 * that signal, -1 if it was not running or ended some other way. The port
 * is kept for ygd_restart. */
int ygd_kill(struct ygd_proc *p)
{
	int st;

	if (p->pid <= 0 || p->exited)
		return -1;
	if (kill(p->pid, SIGKILL) != 0)
		return -1;
	while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR)
		;
	p->pid = 0;
	p->exited = false;
	p->status = st;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? 0 : -1;
}

/* Start ygd again on the port it had (after ygd_kill or ygd_stop), with the
 * test settings plus extra; the port may take a moment to be free again. */
int ygd_restart(struct test_env *e, struct ygd_proc *p, const char *const *extra)
{
	const char *argv[64];
	char listen[64];
	int n = 0, tries, port = p->port;

	if (port <= 0)
		return -1;
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	while (extra != NULL && *extra != NULL && n < 60)
		argv[n++] = *extra++;
	argv[n++] = "--listen"; /* after the test setting, so it wins */
	argv[n++] = listen;
	argv[n] = NULL;
	for (tries = 0; tries < 20; tries++) {
		if (ygd_start(e, p, argv) == 0 && p->port == port)
			return 0;
		if (ygd_alive(p)) { /* listening, but not where asked */
			ygd_stop(p);
			return -1;
		}
		p->pid = 0;
		sleep_ms(100);
	}
	p->port = port;
	return -1;
}
