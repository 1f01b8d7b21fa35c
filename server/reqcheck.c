#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/reqsig.h"
#include "reqcheck.h"

/* Whether R was made for this caller: its key, its committee, its time. */
static enum yg_err reqcheck_binding(const cJSON *r, const unsigned char pub[SIG_PUB_LEN],
				    long long at, const struct reqcheck_caller *who, char *why,
				    size_t len)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(r, "committee");

	if (memcmp(pub, who->pub, SIG_PUB_LEN) != 0) {
		snprintf(why, len,
			 "the request is signed with a key other than the one you "
			 "logged in with");
		return YG_ERR_UNAUTHENTICATED;
	}
	if ((long long)c->valuedouble != who->committee) {
		snprintf(why, len, "the request is signed for committee %lld, not this one (%lld)",
			 (long long)c->valuedouble, who->committee);
		return YG_ERR_UNAUTHENTICATED;
	}
	if (at < who->now - REQSIG_SKEW_S || at > who->now + REQSIG_SKEW_S) {
		snprintf(why, len,
			 "the request's signing time is more than %d seconds from the "
			 "server's clock",
			 REQSIG_SKEW_S);
		return YG_ERR_UNAUTHENTICATED;
	}
	return YG_OK;
}

/* Check r's signature as the operation requires. */
enum yg_err reqcheck_verify(const struct yg_request *r, const struct reqcheck_caller *who,
			    char **signed_req, char *why, size_t len)
{
	unsigned char pub[SIG_PUB_LEN];
	const char *reason = NULL;
	enum yg_err err;
	long long at;
	cJSON *stored;

	*signed_req = NULL;
	if (r->sig == NULL) {
		if (!reqsig_state_changing(r->op))
			return YG_OK;
		snprintf(why, len,
			 "%s changes state and must be signed by the caller "
			 "(PROTOCOL.md §7a): this request is not signed",
			 r->op);
		return YG_ERR_UNAUTHENTICATED;
	}
	if (!who->logged_in) {
		snprintf(why, len, "a signed request needs a logged-in caller");
		return YG_ERR_UNAUTHENTICATED;
	}
	stored = reqsig_stored(r->op, r->args, r->sig, &reason);
	if (stored == NULL) {
		snprintf(why, len, "%s", reason);
		return YG_ERR_BAD_REQUEST;
	}
	if (!reqsig_verify(stored, pub, &at, &reason)) {
		snprintf(why, len, "%s", reason);
		cJSON_Delete(stored);
		return YG_ERR_UNAUTHENTICATED;
	}
	err = reqcheck_binding(stored, pub, at, who, why, len);
	if (err == YG_OK)
		*signed_req = cJSON_PrintUnformatted(stored);
	cJSON_Delete(stored);
	return err;
}
