/* A file written whole or not at all, for what yg keeps on disk (a
 * receipt, a log head, a record, the minutes): save_file.c. */
#ifndef YG_CLIENT_SAVE_FILE_H
#define YG_CLIENT_SAVE_FILE_H

#include <stddef.h>

int save_file(const char *path, const void *data, size_t len);

#endif
