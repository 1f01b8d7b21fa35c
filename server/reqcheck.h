/* Checking a request's signature (proto/reqsig.h) before it is served: a
 * state-changing request must be signed by the logged-in caller's own key,
 * for this committee, at about the server's time; any other request may be
 * signed, and then must be so too. Pure and self-contained (no libevent,
 * no database), so that it can run on a worker thread. */
#ifndef YG_SERVER_REQCHECK_H
#define YG_SERVER_REQCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../proto/envelope.h"
#include "../proto/error.h"
#include "../proto/sig.h"

/* Who is asking, as the connection knows it. */
struct reqcheck_caller {
	bool logged_in;
	long long committee;
	const unsigned char *pub; /* the key logged in with, SIG_PUB_LEN bytes */
	long long now;            /* the server's time, seconds since the epoch */
};

/* YG_OK, with *signed_req the signed request R as compact JSON (caller
 * frees; NULL when the request is neither signed nor needs to be), or the
 * error to answer with why. */
enum yg_err reqcheck_verify(const struct yg_request *r, const struct reqcheck_caller *who,
			    char **signed_req, char *why, size_t len);

#endif
