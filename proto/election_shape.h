/* The closed shape of an election record (proto/VOTE.md §8.1): every object
 * of the record, a round, its rules, quorum and log head, an eligible
 * voter, a ballot entry, a decryption and a scrutineer has exactly the
 * members the spec lists; anything else, or a member missing, is named
 * with its path ("$.rounds[0].eligible[2]"). Objects checked elsewhere as
 * a whole (the question, the ballot, the aggregate, the outcome, a proof)
 * are left to their readers. */
#ifndef YG_PROTO_ELECTION_SHAPE_H
#define YG_PROTO_ELECTION_SHAPE_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Called once per problem with a sentence naming the place. */
typedef void (*election_shape_fn)(void *arg, const char *problem);

/* The number of problems found (0: the record has the closed shape). */
int election_shape(const cJSON *record, election_shape_fn say, void *arg);

#endif
