/* From a frame's payload to an operation: decode, check the envelope, look
 * the operation up, check its state and arguments, run it. */
#ifndef YG_SERVER_DISPATCH_H
#define YG_SERVER_DISPATCH_H

#include <stddef.h>

struct client;

void dispatch_frame(struct client *c, const char *payload, size_t len);

#endif
