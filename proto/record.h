/* Offline verification of a meeting record (meeting.record; `yg verify`):
 *   {"format": "yangguang-meeting-record/1", "log": <log export>,
 *    "minutes": {"body", "sha256", "log_seq", "signatures": [...]} or null}
 * Checks, in order: the log's hash chain (logchain.h); that the minutes are
 * exactly what the log gives up to their entry (minutes.h); that each
 * "minutes.signed" entry of the log carries a valid Ed25519 signature of
 * those minutes, made in a capacity the signer held at that point of the
 * log (chair: the actor of meeting.opened, or a successor named in a
 * validly signed "presiding.succeeded"; clerk: one the announcement's
 * "clerks" names; presiding.h); that the chair and the clerk both signed;
 * and each correction (correction.h): the clerk's proposal and the chair's
 * co-signature, both checked the same way; one not co-signed is reported
 * as not in force. */
#ifndef YG_PROTO_RECORD_H
#define YG_PROTO_RECORD_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#define RECORD_FORMAT    "yangguang-meeting-record/1"
#define RECORD_MAX_LINES 32

struct record_report {
	bool ok;
	int nfail;        /* failed findings */
	int signed_roles; /* valid signatures: 1 the chair's, 2 the clerk's */
	int nlines;
	char lines[RECORD_MAX_LINES][256]; /* one finding each, "ok: ..." or "FAIL: ..." */
	unsigned hidden, hidden_failed;    /* findings the last line counts instead */
};

bool record_verify(const cJSON *record, struct record_report *rep);
void record_say(struct record_report *rep, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
