#include <stdlib.h>

#include "../../proto/ballot.h"
#include "../../proto/vote.h"
#include "share.h"

/* The share of scrutineer index (its secret, and the public key it
 * published) for the decrypt task, as the JSON text vote.decrypt takes
 * ("share"), to be freed; *ballots (unless NULL) the aggregate's count of
 * ballots. NULL, with *why said, if the task cannot be read or the share
 * not made. */
char *share_for_task(struct group *g, const struct share_round *r, const cJSON *task,
		     uint32_t index, const BIGNUM *secret, const EC_POINT *pub, long *ballots,
		     const char **why)
{
	const cJSON *round = cJSON_GetObjectItemCaseSensitive(task, "round");
	struct ballot_context ctx;
	struct ballot_tally tally;
	struct ballot_share share;
	bool have_ctx, have_tally = false, have_share = false;
	char *text = NULL;
	cJSON *sj;

	*why = "";
	have_ctx = ballot_context_init(g, &ctx);
	if (!have_ctx || !cJSON_IsNumber(round) ||
	    !vote_context(
		    g, r->committee, r->meeting, r->item, (uint64_t)round->valuedouble,
		    cJSON_GetObjectItemCaseSensitive(task, "question"),
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(task, "election_key")), 0,
		    NULL, &ctx, why))
		goto out;
	have_tally = ballot_tally_init(g, &tally, ctx.options);
	if (!have_tally ||
	    !vote_aggregate_from_json(g, cJSON_GetObjectItemCaseSensitive(task, "aggregate"),
				      ctx.options, &tally, why))
		goto out;
	have_share = ballot_share_make(g, &ctx, index, secret, pub, &tally, &share);
	if (!have_share) {
		*why = "the share could not be made";
		goto out;
	}
	if (ballots != NULL)
		*ballots = (long)tally.ballots;
	sj = ballot_share_to_json(g, &share);
	text = sj != NULL ? cJSON_PrintUnformatted(sj) : NULL;
	cJSON_Delete(sj);
out:
	if (have_share)
		ballot_share_clear(&share);
	if (have_tally)
		ballot_tally_clear(&tally);
	if (have_ctx)
		ballot_context_clear(&ctx);
	return text;
}
