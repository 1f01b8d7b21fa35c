#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "correction.h"
#include "events.h"
#include "logchain.h"
#include "minutes.h"
#include "presiding.h"
#include "record.h"
#include "record_findings.h"
#include "sig.h"
#include "hex.h"

/* Add a finding; a failure makes the whole record fail. */
void record_say(struct record_report *rep, bool ok, const char *fmt, ...)
{
	char *line;
	va_list ap;
	int n;

	if (!ok) {
		rep->ok = false;
		rep->nfail++;
	}
	if (rep->nlines < RECORD_MAX_LINES) {
		line = rep->lines[rep->nlines++];
		n = snprintf(line, sizeof(rep->lines[0]), "%s", ok ? "ok: " : "FAIL: ");
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof(rep->lines[0]) - (size_t)n, fmt, ap);
		va_end(ap);
		return;
	}
	/* The last line gives way to a count of what did not fit, so that a
	 * record failing on a finding past the limit still shows a FAIL line. */
	line = rep->lines[RECORD_MAX_LINES - 1];
	if (rep->hidden == 0) {
		rep->hidden = 1;
		rep->hidden_failed = strncmp(line, "FAIL", 4) == 0;
	}
	rep->hidden++;
	rep->hidden_failed += !ok;
	snprintf(line, sizeof(rep->lines[0]), "%s" RF_MORE_NOT_LISTED,
		 rep->hidden_failed > 0 ? "FAIL: " : "ok: ", rep->hidden, rep->hidden_failed);
}

/* Where two texts first differ (their common length if one is a prefix). */
static size_t record_diff_at(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] != '\0' && a[i] == b[i])
		i++;
	return i;
}

/* The minutes are what the log gives, and their hash is right. */
static void record_minutes(const cJSON *record, const char *body, struct record_report *rep)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(record, "minutes");
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(m, "log_seq");
	const char *sha = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "sha256"));
	char hex[65];
	bool seq_ok = cJSON_IsNumber(seq) && seq->valuedouble >= 1 &&
		      seq->valuedouble < 9007199254740992.0 &&
		      (double)(long)seq->valuedouble == seq->valuedouble;
	char *rebuilt = seq_ok ? minutes_build(cJSON_GetObjectItemCaseSensitive(record, "log"),
					       (long)seq->valuedouble)
			       : NULL;

	if (!seq_ok)
		record_say(rep, false, RF_MINUTES_NO_SEQ);
	else if (rebuilt == NULL)
		record_say(rep, false, RF_MINUTES_SEQ_MISSING, seq->valuedouble);
	else if (strcmp(rebuilt, body) != 0)
		record_say(rep, false, RF_MINUTES_DIFFER, record_diff_at(rebuilt, body));
	else
		record_say(rep, true, RF_MINUTES_MATCH, seq->valuedouble);
	free(rebuilt);
	hex_sha256(body, strlen(body), hex);
	record_say(rep, sha != NULL && strcmp(sha, hex) == 0, RF_MINUTES_SHA, hex);
}

/* Who may sign the minutes, as the log has it so far: the presiding chair
 * (whoever opened the meeting, then each successor named for the meeting)
 * and the clerks the announcement recorded. */
#define RECORD_MAX_CORRECTIONS 16

struct record_correction {
	double n;
	const char *text, *reason;
	bool cosigned;
};

struct record_capacity {
	double holder; /* member id; 0 before the meeting opened */
	const cJSON *clerks;
	int ncorr; /* proposed corrections with a good clerk's signature */
	struct record_correction corr[RECORD_MAX_CORRECTIONS];
};

static const cJSON *jget(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* The member id of an actor "member:N", or 0. */
static double record_actor_id(const cJSON *entry)
{
	const char *actor = cJSON_GetStringValue(jget(entry, "actor"));
	char *end;
	double id;

	if (actor == NULL || strncmp(actor, "member:", 7) != 0)
		return 0;
	id = strtod(actor + 7, &end);
	return *end == '\0' && id >= 1 ? id : 0;
}

/* A "presiding.succeeded" entry: its signature by whoever named the
 * successor; a valid one for the whole meeting, naming the current holder
 * as predecessor, makes the successor the holder. */
static void record_succession(const cJSON *data, double meeting, struct record_capacity *cap,
			      struct record_report *rep)
{
	const char *key = cJSON_GetStringValue(jget(data, "key"));
	const char *s = cJSON_GetStringValue(jget(data, "signature"));
	const char *reason = cJSON_GetStringValue(jget(data, "reason"));
	const char *name = cJSON_GetStringValue(jget(data, "name"));
	const cJSON *item = jget(data, "item"), *member = jget(data, "member");
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[SUCCESSION_MSG_LEN];
	bool whole = item == NULL || cJSON_IsNull(item);
	bool ok = key != NULL && s != NULL && reason != NULL && cJSON_IsNumber(member) &&
		  (whole || cJSON_IsNumber(item)) && sig_pub_from_text(key, pub) &&
		  sig_from_text(s, sig);
	size_t len;

	if (ok) {
		len = presiding_succession_message((uint64_t)meeting,
						   whole ? 0 : (uint64_t)item->valuedouble,
						   (uint64_t)member->valuedouble, reason, msg);
		ok = sig_verify(pub, msg, len, sig);
	}
	record_say(rep, ok, whole ? RF_SUCCESSION : RF_SUCCESSION_ITEM, name != NULL ? name : "?",
		   reason != NULL ? reason : RF_NO_REASON);
	if (ok && whole && cJSON_GetNumberValue(jget(data, "predecessor")) == cap->holder)
		cap->holder = member->valuedouble;
}

/* Whether data's signer held the capacity they signed in. */
static bool record_capacity_ok(const cJSON *data, const char *role,
			       const struct record_capacity *cap, struct record_report *rep)
{
	const char *name = cJSON_GetStringValue(jget(data, "name"));
	const cJSON *c;

	if (strcmp(role, "chair") == 0) {
		if (cap->holder >= 1 && cJSON_GetNumberValue(jget(data, "member")) == cap->holder)
			return true;
		record_say(rep, false, RF_CHAIR_NOT_PRESIDING, name != NULL ? name : "?");
		return false;
	}
	cJSON_ArrayForEach(c, cap->clerks)
		if (name != NULL && cJSON_IsString(c) && strcmp(c->valuestring, name) == 0)
			return true;
	record_say(rep, false, RF_CLERK_NOT_RECORDED, name != NULL ? name : "?");
	return false;
}

/* Check one "minutes.signed" log entry's signature; returns its role bit
 * (1 chair, 2 clerk) when valid and made in a capacity the signer held. */
static int record_signature(const cJSON *data, double meeting, const char *body,
			    const struct record_capacity *cap, struct record_report *rep)
{
	const char *role = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "role"));
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "key"));
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "signature"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "name"));
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[MINUTES_MSG_LEN];
	size_t len = minutes_message((uint64_t)meeting, body, msg);
	bool ok = role != NULL && key != NULL && s != NULL && sig_pub_from_text(key, pub) &&
		  sig_from_text(s, sig) && sig_verify(pub, msg, len, sig);
	int bit;

	if (role != NULL && (strcmp(role, "chair") == 0 || strcmp(role, "clerk") == 0))
		record_say(rep, ok, role[1] == 'h' ? RF_SIGNATURE_CHAIR : RF_SIGNATURE_CLERK,
			   name != NULL ? name : "?", key != NULL ? key : RF_NO_KEY);
	else
		record_say(rep, ok, RF_SIGNATURE_OTHER, role != NULL ? role : "?",
			   name != NULL ? name : "?", key != NULL ? key : RF_NO_KEY);
	if (!ok || role == NULL)
		return 0;
	bit = strcmp(role, "chair") == 0 ? 1 : strcmp(role, "clerk") == 0 ? 2 : 0;
	if (bit != 0 && !record_capacity_ok(data, role, cap, rep))
		return 0;
	return bit;
}

/* Whether data carries key's valid signature of the correction of body
 * by text for reason. */
static bool record_correction_sig(const cJSON *data, double meeting, const char *body,
				  const char *text, const char *reason)
{
	const char *key = cJSON_GetStringValue(jget(data, "key"));
	const char *s = cJSON_GetStringValue(jget(data, "signature"));
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[CORRECTION_MSG_LEN];
	size_t len;

	if (key == NULL || s == NULL || text == NULL || reason == NULL ||
	    !sig_pub_from_text(key, pub) || !sig_from_text(s, sig))
		return false;
	len = correction_message((uint64_t)meeting, body, text, reason, msg);
	return sig_verify(pub, msg, len, sig);
}

/* A correction proposed by the clerk: signed by a recorded clerk over
 * these minutes. */
static void record_proposed(const cJSON *data, double meeting, const char *body,
			    struct record_capacity *cap, struct record_report *rep)
{
	const char *text = cJSON_GetStringValue(jget(data, "text"));
	const char *reason = cJSON_GetStringValue(jget(data, "reason"));
	const char *name = cJSON_GetStringValue(jget(data, "name"));
	double n = cJSON_GetNumberValue(jget(data, "n"));
	bool ok = record_correction_sig(data, meeting, body, text, reason);

	record_say(rep, ok, RF_CORRECTION_PROPOSED, n, reason != NULL ? reason : RF_NO_REASON,
		   name != NULL ? name : "?");
	if (!ok || !record_capacity_ok(data, "clerk", cap, rep) ||
	    cap->ncorr == RECORD_MAX_CORRECTIONS)
		return;
	cap->corr[cap->ncorr++] = (struct record_correction){n, text, reason, false};
}

/* The chair's co-signature of a proposed correction. */
static void record_cosigned(const cJSON *data, double meeting, const char *body,
			    struct record_capacity *cap, struct record_report *rep)
{
	const char *name = cJSON_GetStringValue(jget(data, "name"));
	double n = cJSON_GetNumberValue(jget(data, "n"));
	struct record_correction *c = NULL;
	bool ok;
	int i;

	for (i = 0; i < cap->ncorr; i++)
		if (cap->corr[i].n == n)
			c = &cap->corr[i];
	ok = c != NULL && record_correction_sig(data, meeting, body, c->text, c->reason);
	record_say(rep, ok, RF_CORRECTION_COSIGNED, n, name != NULL ? name : "?");
	if (ok && record_capacity_ok(data, "chair", cap, rep))
		c->cosigned = true;
}

/* Corrections proposed and not co-signed are not in force: said, not failed. */
static void record_pending(const struct record_capacity *cap, struct record_report *rep)
{
	int i;

	for (i = 0; i < cap->ncorr; i++)
		if (!cap->corr[i].cosigned)
			record_say(rep, true, RF_CORRECTION_PENDING, cap->corr[i].n);
}

/* One log entry's part in who may sign, and its signature if it is one. */
static int record_entry(const cJSON *b, double meeting, const char *body,
			struct record_capacity *cap, struct record_report *rep)
{
	const char *event = cJSON_GetStringValue(jget(b, "event"));
	const cJSON *data = jget(b, "data");

	if (event == NULL)
		return 0;
	if (event_is(event, EV_MEETING_ANNOUNCED) && cJSON_IsArray(jget(data, "clerks")))
		cap->clerks = jget(data, "clerks");
	else if (event_is(event, EV_MEETING_OPENED) && cap->holder == 0)
		cap->holder = record_actor_id(b);
	else if (event_is(event, EV_PRESIDING_SUCCEEDED))
		record_succession(data, meeting, cap, rep);
	else if (event_is(event, EV_MINUTES_SIGNED))
		return record_signature(data, meeting, body, cap, rep);
	else if (event_is(event, EV_MINUTES_CORRECTION_PROPOSED))
		record_proposed(data, meeting, body, cap, rep);
	else if (event_is(event, EV_MINUTES_CORRECTION_SIGNED))
		record_cosigned(data, meeting, body, cap, rep);
	return 0;
}

/* Every signature the log records, and whether both roles signed. */
static void record_signatures(const cJSON *record, const char *body, struct record_report *rep)
{
	const cJSON *log = cJSON_GetObjectItemCaseSensitive(record, "log"), *e;
	double meeting = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(log, "meeting"));
	/* logchain_verify has checked it is a whole number from 1 to 2^53. */
	struct record_capacity cap = {.holder = 0};
	cJSON *parsed = cJSON_CreateArray(), *b;
	int roles = 0;

	/* The bodies stay parsed while cap points into them. */
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "body")));
		if (b == NULL)
			continue;
		cJSON_AddItemToArray(parsed, b);
		roles |= record_entry(b, meeting, body, &cap, rep);
	}
	rep->signed_roles = roles;
	record_pending(&cap, rep);
	cJSON_Delete(parsed);
	record_say(rep, roles == 3, "%s",
		   roles == 3   ? RF_SIGNED_BOTH
		   : roles == 1 ? RF_SIGNED_CHAIR_ONLY
		   : roles == 2 ? RF_SIGNED_CLERK_ONLY
				: RF_SIGNED_NOBODY);
}

/* Verify a whole record; the findings are in rep. */
bool record_verify(const cJSON *record, struct record_report *rep)
{
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(record, "format");
	const cJSON *minutes = cJSON_GetObjectItemCaseSensitive(record, "minutes");
	const char *body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(minutes, "body"));
	char why[256];
	long bad;

	memset(rep, 0, sizeof(*rep));
	rep->ok = true;
	if (!cJSON_IsString(format) || strcmp(format->valuestring, RECORD_FORMAT) != 0) {
		record_say(rep, false, RF_NOT_RECORD, RECORD_FORMAT);
		return false;
	}
	bad = logchain_verify(cJSON_GetObjectItemCaseSensitive(record, "log"), why, sizeof(why));
	record_say(rep, bad == -1, RF_LOG, why);
	if (bad != -1)
		return false;
	if (body == NULL) {
		record_say(rep, false, RF_NO_MINUTES);
		return false;
	}
	record_minutes(record, body, rep);
	record_signatures(record, body, rep);
	return rep->ok;
}
