#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "logchain.h"
#include "minutes.h"
#include "record.h"
#include "sig.h"

/* Add a finding; a failure makes the whole record fail. */
static void record_say(struct record_report *rep, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void record_say(struct record_report *rep, bool ok, const char *fmt, ...)
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
	snprintf(line, sizeof(rep->lines[0]), "%s%u more findings not listed, %u of them failures",
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
	unsigned char md[32];
	char hex[65];
	bool seq_ok = cJSON_IsNumber(seq) && seq->valuedouble >= 1 &&
		      seq->valuedouble < 9007199254740992.0 &&
		      (double)(long)seq->valuedouble == seq->valuedouble;
	char *rebuilt = seq_ok ? minutes_build(cJSON_GetObjectItemCaseSensitive(record, "log"),
					       (long)seq->valuedouble)
			       : NULL;
	int i;

	if (!seq_ok)
		record_say(rep, false,
			   "the minutes do not name the log entry they were made up to");
	else if (rebuilt == NULL)
		record_say(rep, false, "the minutes name log entry %.0f, which the log lacks",
			   seq->valuedouble);
	else if (strcmp(rebuilt, body) != 0)
		record_say(rep, false,
			   "the minutes differ from what the log records, from byte %zu",
			   record_diff_at(rebuilt, body));
	else
		record_say(rep, true,
			   "the minutes are exactly what the log records up to entry %.0f",
			   seq->valuedouble);
	free(rebuilt);
	EVP_Digest(body, strlen(body), md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	record_say(rep, sha != NULL && strcmp(sha, hex) == 0, "the minutes' SHA-256 is %s", hex);
}

/* Check one "minutes.signed" log entry's signature; returns its role bit
 * (1 chair, 2 clerk) when valid. */
static int record_signature(const cJSON *data, double meeting, const char *body,
			    struct record_report *rep)
{
	const char *role = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "role"));
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "key"));
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "signature"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "name"));
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[MINUTES_MSG_LEN];
	size_t len = minutes_message((uint64_t)meeting, body, msg);
	bool ok = role != NULL && key != NULL && s != NULL && sig_pub_from_text(key, pub) &&
		  sig_from_text(s, sig) && sig_verify(pub, msg, len, sig);

	record_say(rep, ok, "signature of the %s (%s, %s)", role != NULL ? role : "?",
		   name != NULL ? name : "?", key != NULL ? key : "no key");
	if (!ok || role == NULL)
		return 0;
	return strcmp(role, "chair") == 0 ? 1 : strcmp(role, "clerk") == 0 ? 2 : 0;
}

/* Every signature the log records, and whether both roles signed. */
static void record_signatures(const cJSON *record, const char *body, struct record_report *rep)
{
	const cJSON *log = cJSON_GetObjectItemCaseSensitive(record, "log"), *e;
	double meeting = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(log, "meeting"));
	/* logchain_verify has checked it is a whole number from 1 to 2^53. */
	int roles = 0;
	cJSON *b;

	const char *event;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(log, "entries")) {
		b = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "body")));
		event = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "event"));
		if (event != NULL && strcmp(event, "minutes.signed") == 0)
			roles |= record_signature(cJSON_GetObjectItemCaseSensitive(b, "data"),
						  meeting, body, rep);
		cJSON_Delete(b);
	}
	rep->signed_roles = roles;
	record_say(rep, roles == 3, "the minutes are signed by %s",
		   roles == 3   ? "the chair and the clerk"
		   : roles == 1 ? "the chair only"
		   : roles == 2 ? "the clerk only"
				: "nobody");
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
		record_say(rep, false, "not a meeting record (format %s)", RECORD_FORMAT);
		return false;
	}
	bad = logchain_verify(cJSON_GetObjectItemCaseSensitive(record, "log"), why, sizeof(why));
	record_say(rep, bad == -1, "log: %s", why);
	if (bad != -1)
		return false;
	if (body == NULL) {
		record_say(rep, false, "no minutes in the record (is the meeting closed?)");
		return false;
	}
	record_minutes(record, body, rep);
	record_signatures(record, body, rep);
	return rep->ok;
}
