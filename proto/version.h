/* Versions both sides agree on. Bump YG_PROTO_VERSION whenever a message's
 * shape changes incompatibly, and describe the change in PROTOCOL.md. */
#ifndef YG_PROTO_VERSION_H
#define YG_PROTO_VERSION_H

#define YG_VERSION "0.1.0"

#define YG_PROTO_VERSION     1 /* newest protocol this build speaks */
#define YG_PROTO_MIN_VERSION 1 /* oldest protocol this build still speaks */

#define YG_FRAME_MAX_DEFAULT (1024u * 1024u)       /* 1 MiB */
#define YG_FRAME_MAX_LIMIT   (16u * 1024u * 1024u) /* no setting may exceed this */

#endif
