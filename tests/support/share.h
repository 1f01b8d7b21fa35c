/* A scrutineer's decryption share for a task of scrutineer.tasks, made as
 * the scrutineer's terminal makes it: the round's context rebuilt from the
 * task (question, election key), the aggregate it names read, and the
 * share proven with the scrutineer's secret. Shared by the integration
 * tests and bench/votebench. */
#ifndef YG_TESTS_SHARE_H
#define YG_TESTS_SHARE_H

#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/bn.h>
#include <openssl/ec.h>

#include "../../proto/group.h"

struct share_round {
	uint64_t committee, meeting, item;
};

char *share_for_task(struct group *g, const struct share_round *r, const cJSON *task,
		     uint32_t index, const BIGNUM *secret, const EC_POINT *pub, long *ballots,
		     const char **why);

#endif
