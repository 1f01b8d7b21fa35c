#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "termout.h"
#include "termsafe.h"

/* One filtered stream: the descriptor it writes to and the start of a
 * UTF-8 sequence (or a "\r") cut by the end of the last write. */
struct termout {
	int fd;
	size_t npend;
	char pend[4];
};

static struct termout termout_streams[2] = {{.fd = 1}, {.fd = 2}};
static FILE *termout_files[2], *termout_orig[2];

/* Write all of buf to fd; 0, or -1. */
static int termout_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Clean len bytes (after what was pending) and write them; with final,
 * whatever is still pending is written as not UTF-8. */
static int termout_put(struct termout *t, const char *buf, size_t len, int final)
{
	char in[4096 + 4], out[3 * sizeof(in)];
	size_t n, used, o;

	memcpy(in, t->pend, t->npend);
	n = t->npend + len;
	memcpy(in + t->npend, buf, len);
	o = ts_clean(in, n, TS_MULTILINE | (final ? 0 : TS_PARTIAL), out, &used);
	t->npend = n - used;
	memcpy(t->pend, in + used, t->npend);
	return termout_write_all(t->fd, out, o);
}

static ssize_t termout_write_cb(void *cookie, const char *buf, size_t len)
{
	struct termout *t = cookie;
	size_t done = 0, k;

	while (done < len) {
		k = len - done < 4096 ? len - done : 4096;
		if (termout_put(t, buf + done, k, 0) != 0)
			return done > 0 ? (ssize_t)done : -1;
		done += k;
	}
	return (ssize_t)len;
}

static int termout_close_cb(void *cookie)
{
	struct termout *t = cookie;

	return t->npend > 0 ? termout_put(t, "", 0, 1) : 0;
}

/* At exit: the streams as they were, the filtered ones flushed (what is
 * pending too) and closed. */
static void termout_close_all(void)
{
	int i;

	if (termout_files[1] == NULL)
		return;
	stdout = termout_orig[0];
	stderr = termout_orig[1];
	for (i = 0; i < 2; i++)
		if (termout_files[i] != NULL) {
			fclose(termout_files[i]);
			termout_files[i] = NULL;
		}
}

int termout_guard(int with_stdout)
{
	static const cookie_io_functions_t io = {.write = termout_write_cb,
						 .close = termout_close_cb};
	FILE *out, *err;

	if (termout_files[1] != NULL)
		return 0;
	fflush(stdout);
	fflush(stderr);
	out = with_stdout ? fopencookie(&termout_streams[0], "w", io) : stdout;
	err = fopencookie(&termout_streams[1], "w", io);
	if (out == NULL || err == NULL) {
		if (out != NULL && out != stdout)
			fclose(out);
		if (err != NULL)
			fclose(err);
		return -1;
	}
	/* the buffering stdio gives descriptors 1 and 2 */
	if (out != stdout)
		setvbuf(out, NULL, isatty(1) ? _IOLBF : _IOFBF, BUFSIZ);
	setvbuf(err, NULL, _IONBF, 0);
	termout_orig[0] = stdout;
	termout_orig[1] = stderr;
	termout_files[0] = out != stdout ? out : NULL;
	termout_files[1] = err;
	stdout = out;
	stderr = err;
	atexit(termout_close_all);
	return 0;
}

void termout_json(const char *json)
{
	char *safe = ts_json(json != NULL ? json : "");

	printf("%s\n", safe);
	free(safe);
}
