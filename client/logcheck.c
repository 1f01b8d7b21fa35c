#include <stdio.h>
#include <string.h>

#include "../proto/events.h"
#include "../proto/jws.h"
#include "../proto/logchain.h"
#include "../proto/record_actors.h"
#include "../proto/reqsig.h"
#include "../proto/vote.h"
#include "conn.h"
#include "i18n.h"
#include "json_field.h"
#include "known.h"
#include "logcheck.h"

/* Learn the server's key from server.info, and hold it to the key this
 * terminal first learned for that server (known_members, member 0): a
 * server whose signing key changed gets none of its results shown. */
void logcheck_server_key(struct logcheck *lc, struct yg_conn *c)
{
	const char *key;
	cJSON *res = NULL;

	if (conn_call(c, "server.info", NULL, &res) == YG_EXIT_OK) {
		key = json_str(res, "sign_key");
		if (sig_pub_from_text(key, lc->server_pub)) {
			lc->key_changed = known_member_check(c->opts->home, c->opts->server,
							     KNOWN_SERVER_SIGN_KEY, key) == 0;
			lc->has_server_pub = !lc->key_changed;
		}
	}
	cJSON_Delete(res);
}

/* e was shown. */
void logcheck_shown(struct logcheck *lc, const cJSON *e)
{
	lc->last = json_int(e, "seq");
	snprintf(lc->last_hash, sizeof(lc->last_hash), "%s", json_str(e, "hash"));
}

/* Why the server's entries cannot be checked, when the key it names is not
 * the one pinned. */
static const char *logcheck_key_changed(void)
{
	return TR("服务器的签名公钥与本终端首次记下的不同（known_members），其记录不可信",
		  "the server's signing key is not the one this terminal first learned "
		  "for this server (known_members), so its entries cannot be trusted");
}

/* A vote's result is shown only with a tally the server key signed, for
 * these counts and this outcome. */
const char *logcheck_result(const struct logcheck *f, const cJSON *d)
{
	const char *why = NULL;
	cJSON *payload;
	bool same;

	if (f->key_changed)
		return logcheck_key_changed();
	if (!f->has_server_pub)
		return "the server's key is not known, so the result cannot be checked";
	payload = jws_verify(json_str(d, "tally"), f->server_pub, VOTE_TALLY_TYP, &why);
	if (payload == NULL)
		return "its tally is not signed by the server's key";
	same = cJSON_Compare(cJSON_GetObjectItemCaseSensitive(payload, "counts"),
			     cJSON_GetObjectItemCaseSensitive(d, "counts"), true) &&
	       cJSON_Compare(cJSON_GetObjectItemCaseSensitive(payload, "outcome"),
			     cJSON_GetObjectItemCaseSensitive(d, "outcome"), true);
	cJSON_Delete(payload);
	return same ? NULL : "its counts or outcome are not the signed tally's";
}

/* An entry sent without its body: only a ballot's, to an observer, who is
 * not told who cast it (PROTOCOL.md §11). Its place in the chain is all
 * that can be checked: it follows the entry before it, and the next entry
 * must follow it. */
static const char *logcheck_redacted(const struct logcheck *f, const cJSON *e)
{
	if (!event_is(json_str(e, "event"), EV_VOTE_CAST))
		return "it comes without its content, and only a ballot's entry may";
	if (json_int(e, "seq") == f->last + 1 && f->last_hash[0] != '\0' &&
	    strcmp(json_str(e, "prev_hash"), f->last_hash) != 0)
		return "it does not follow the entry before it in the hash chain";
	return NULL;
}

/* Whether e, whose body b is sealed (a ballot's, PROTOCOL.md §11), came
 * without its sealed part as it does to an observer: its hash, chain and
 * data were checked from its body; who cast it is not for this terminal. */
static bool logcheck_sealed_unseen(const cJSON *e, const cJSON *b)
{
	return cJSON_HasObjectItem(b, "sealed") && !cJSON_HasObjectItem(e, "sealed") &&
	       !cJSON_HasObjectItem(b, "actor") && !cJSON_HasObjectItem(b, "request") &&
	       event_is(json_str(e, "event"), EV_VOTE_CAST);
}

/* NULL if entry e may be shown, else why not. */
const char *logcheck_entry(const struct logcheck *f, const cJSON *e)
{
	const char *body = json_str(e, "body"), *ph = json_str(e, "prev_hash");
	const char *hash = json_str(e, "hash"), *why = NULL, *actor;
	unsigned char prev[32], pub[SIG_PUB_LEN];
	char want[65];
	long long seq = json_int(e, "seq"), at;
	cJSON *b, *who;
	int i;

	if (strlen(ph) != 64 || strlen(hash) != 64)
		return "it comes without its place in the log's hash chain";
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "redacted")))
		return logcheck_redacted(f, e);
	for (i = 0; i < 32; i++)
		sscanf(ph + 2 * i, "%2hhx", &prev[i]);
	if (!logchain_hash(prev, body, want) || strcmp(want, hash) != 0)
		return "its hash is not its content's: it was changed";
	if (seq == f->last + 1 && f->last_hash[0] != '\0' && strcmp(ph, f->last_hash) != 0)
		return "it does not follow the entry before it in the hash chain";
	b = cJSON_Parse(body);
	who = logchain_who(e, b, &why);
	actor = json_str(who, "actor");
	if (json_int(b, "seq") != seq || json_int(b, "meeting") != f->meeting ||
	    strcmp(json_str(b, "event"), json_str(e, "event")) != 0 ||
	    !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(b, "data"),
			   cJSON_GetObjectItemCaseSensitive(e, "data"), true))
		why = TR("推送的内容与日志所载不符", "what was sent is not what the log holds");
	else if (who == NULL && logcheck_sealed_unseen(e, b))
		why = NULL; /* an observer: the ballot's chain and data hold, its voter unseen */
	else if (who == NULL)
		;
	else if (!reqsig_verify(cJSON_GetObjectItemCaseSensitive(who, "request"), pub, &at, &why))
		;
	else if ((why = record_actors_entry_agrees(cJSON_GetObjectItemCaseSensitive(who, "request"),
						   (double)f->meeting, json_str(e, "event"),
						   cJSON_GetObjectItemCaseSensitive(e, "data"))) !=
		 NULL)
		;
	else if (strcmp(actor, "server") == 0 && f->key_changed)
		why = logcheck_key_changed();
	else if (strcmp(actor, "server") == 0 &&
		 (!f->has_server_pub || memcmp(pub, f->server_pub, SIG_PUB_LEN) != 0))
		why = TR("自称服务器所记，却未经服务器的密钥签名",
			 "it claims to be the server's but is not signed by the server's key");
	else if (event_is(json_str(e, "event"), EV_VOTE_RESULT))
		why = logcheck_result(f, cJSON_GetObjectItemCaseSensitive(e, "data"));
	cJSON_Delete(who);
	cJSON_Delete(b);
	return why;
}
