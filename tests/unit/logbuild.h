/* A meeting log's export built by hand, entry by entry, chained as
 * yg_log_append chains it (proto/logchain.c): the fixture of the tests of
 * the log chain, the minutes and the meeting record. */
#ifndef YG_TESTS_UNIT_LOGBUILD_H
#define YG_TESTS_UNIT_LOGBUILD_H

#include <string.h>

#include <cjson/cJSON.h>

#include "../../proto/hex.h"
#include "../../proto/logchain.h"

/* A log under construction: the export and the hash of its last entry. */
struct logb {
	cJSON *export;
	long seq;
	unsigned char head[32];
};

/* An empty export of meeting (of committee 3). */
static inline void logb_init(struct logb *lb, double meeting)
{
	memset(lb, 0, sizeof(*lb));
	lb->export = cJSON_CreateObject();
	cJSON_AddStringToObject(lb->export, "format", LOGCHAIN_FORMAT);
	cJSON_AddNumberToObject(lb->export, "meeting", meeting);
	cJSON_AddNumberToObject(lb->export, "committee", 3);
	cJSON_AddArrayToObject(lb->export, "entries");
}

/* Append an entry whose body is exactly body, chained properly, under
 * the (outer) sequence number seq. */
static inline void logb_add_raw(struct logb *lb, long seq, const char *body)
{
	cJSON *e = cJSON_CreateObject();
	char prev[65], hash[65];

	hex_encode(lb->head, 32, prev);
	assert_true(logchain_hash(lb->head, body, hash));
	cJSON_AddNumberToObject(e, "seq", (double)seq);
	cJSON_AddStringToObject(e, "body", body);
	cJSON_AddStringToObject(e, "prev_hash", prev);
	cJSON_AddStringToObject(e, "hash", hash);
	cJSON_AddItemToArray(cJSON_GetObjectItem(lb->export, "entries"), e);
	assert_true(hex_decode(hash, lb->head, 32));
	lb->seq = seq;
}

#endif
