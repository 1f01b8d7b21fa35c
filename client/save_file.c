/* A file written whole or not at all (save_file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "save_file.h"

/* Write len bytes to path through a temporary file beside it, renamed
 * over path only once everything is written: a reader never sees half a
 * file. 0, or -1 with errno set (and nothing left behind). */
int save_file(const char *path, const void *data, size_t len)
{
	char tmp[4200];
	mode_t mask = umask(0);
	int fd, ok, saved;
	FILE *f;

	umask(mask);
	if (snprintf(tmp, sizeof(tmp), "%s.part-XXXXXX", path) >= (int)sizeof(tmp) ||
	    (fd = mkstemp(tmp)) < 0)
		return -1;
	if ((f = fdopen(fd, "wb")) == NULL) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	ok = fwrite(data, 1, len, f) == len && fchmod(fd, 0666 & ~mask) == 0 && fflush(f) == 0 &&
	     fsync(fd) == 0;
	saved = errno;
	if (fclose(f) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = 0;
		saved = errno;
	}
	if (!ok) {
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}
