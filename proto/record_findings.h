/* The findings of a meeting record's verification (yg verify, the
 * auditor's screen): record.c, record_actors.c and logchain.c write each
 * one in English from the texts below (the English is for logs and
 * --lang en), and terminals find the text's name and parameters in
 * record_findings to word it in the user's language (client/i18n.c).
 * A finding is one of these texts, or a "%s" text holding one, so that
 * no finding can escape the catalog; a reason a finding quotes (the part
 * after "entry N: ") is an entry too. Never reuse a name for another
 * meaning. */
#ifndef YG_PROTO_RECORD_FINDINGS_H
#define YG_PROTO_RECORD_FINDINGS_H

#include <stddef.h>

#include "refusal.h"

/* record.c */
#define RF_MORE_NOT_LISTED     "%u more findings not listed, %u of them failures"
#define RF_NOT_RECORD          "not a meeting record (format %s)"
#define RF_LOG                 "log: %s"
#define RF_NO_MINUTES          "no minutes in the record (is the meeting closed?)"
#define RF_MINUTES_NO_SEQ      "the minutes do not name the log entry they were made up to"
#define RF_MINUTES_SEQ_MISSING "the minutes name log entry %.0f, which the log lacks"
#define RF_MINUTES_DIFFER      "the minutes differ from what the log records, from byte %zu"
#define RF_MINUTES_MATCH       "the minutes are exactly what the log records up to entry %.0f"
#define RF_MINUTES_SHA         "the minutes' SHA-256 is %s"
#define RF_SUCCESSION          "succession: %s succeeds as presiding chair (%s)"
#define RF_SUCCESSION_ITEM     "succession: %s succeeds as presiding chair of one item (%s)"
#define RF_NO_REASON           "no reason"
#define RF_CHAIR_NOT_PRESIDING                                                                     \
	"the chair's signature is by %s, who is neither the minutes' presiding chair (主持人) " \
	"nor a logged successor"
#define RF_CLERK_NOT_RECORDED  "the clerk's signature is by %s, who is not a recorded clerk"
#define RF_SIGNATURE_CHAIR     "signature of the chair (%s, %s)"
#define RF_SIGNATURE_CLERK     "signature of the clerk (%s, %s)"
#define RF_SIGNATURE_OTHER     "signature of the %s (%s, %s)"
#define RF_NO_KEY              "no key"
#define RF_CORRECTION_PROPOSED "correction %.0f (%s) proposed by the clerk (%s)"
#define RF_CORRECTION_COSIGNED "correction %.0f co-signed by the chair (%s)"
#define RF_CORRECTION_PENDING                                                                      \
	"correction %.0f is not co-signed by the presiding chair: not in force"
#define RF_SIGNED_BOTH       "the minutes are signed by the chair and the clerk"
#define RF_SIGNED_CHAIR_ONLY "the minutes are signed by the chair only"
#define RF_SIGNED_CLERK_ONLY "the minutes are signed by the clerk only"
#define RF_SIGNED_NOBODY     "the minutes are signed by nobody"

/* logchain.c: what logchain_verify and logchain_who say */
#define RF_LOG_NOT_EXPORT "not a meeting log export (format %s)"
#define RF_LOG_ONE        "%ld entry, chain intact"
#define RF_LOG_INTACT     "%ld entries, chain intact"
#define RF_LOG_MALFORMED  "entry %ld: malformed (seq, body, prev_hash, hash)"
#define RF_LOG_SEQ        "entry %ld: its seq is %lld (entries missing, repeated or out of order)"
#define RF_LOG_FIRST      "entry 1: prev_hash is not the 32 zero bytes of a first entry"
#define RF_LOG_PREV       "entry %ld: prev_hash does not match entry %ld's hash"
#define RF_LOG_CHANGED    "entry %ld: its body or hash was changed (hash should be %s)"
#define RF_LOG_OTHER      "entry %ld: its body names another meeting or sequence"
#define RF_SEALED_NAMES   "its body is sealed and names its actor too"
#define RF_SEALED_MISSING "it is sealed, and its sealed part is not given"
#define RF_SEALED_OTHER   "its sealed part is not the one its body names"
#define RF_SEALED_SHAPE   "its sealed part is not {actor, request}"

/* record_actors.c: the lines */
#define RF_OLDER_FORMAT                                                                            \
	"an older format version, no longer accepted: the meeting was logged before signed "       \
	"requests (migration 0026), so its entries do not show what their authors signed "         \
	"(VOTE.md §8.2)"
#define RF_NO_ADMIN_LOG "the record has no administrative log (%s): who acted cannot be checked"
#define RF_ADMIN_OTHER  "the administrative log is another committee's"
#define RF_ADMIN_CHAIN  "the administrative log's chain holds (%ld entries)"
#define RF_ADMIN_ROOT                                                                              \
	"the first admin's key was registered at installation (ygd bootstrap) or the "             \
	"committee's creation: the root every later key change is signed from"
#define RF_ADMIN_NO_ROOT "the administrative log does not begin with the installation"
#define RF_ADMIN_SIGNED                                                                            \
	"every key and membership change (%d) is signed by an admin holding a valid key; %d "      \
	"other entries are given by their hash"
#define RF_MEETING_SIGNED                                                                          \
	"every meeting log entry (%d) is signed by its actor with the key valid at the time, "     \
	"and asked for what it records; voids by whoever presided, scrutineers' keys and "         \
	"decryptions by the members designated"
#define RF_SERVER_UNPINNED                                                                         \
	"ygd's %d entries are signed by %s, which is not pinned (give --server-key to trust "      \
	"it)"
/* an entry that fails, and why (one of the reasons below) */
#define RF_ADMIN_ENTRY_FAILS   "administrative log entry %.0f: %s"
#define RF_ADMIN_ACTION_FAILS  "administrative log entry %.0f (%s): %s"
#define RF_ADMIN_SOME_FAILS    "an administrative log entry: %s"
#define RF_MEETING_ENTRY_FAILS "meeting log entry %d (%s by %s): %s"

/* record_actors.c: the reasons */
#define RF_MALFORMED       "malformed"
#define RF_ADMIN_PREV      "its prev_hash is not the hash of the entry before"
#define RF_ADMIN_NO_BODY   "neither its body nor its body's hash is given"
#define RF_ADMIN_CHANGED   "its body or hash was changed"
#define RF_ADMIN_ELSEWHERE "its body names another entry or committee"
#define RF_OTHER_MEETING   "the request was for another meeting"
#define RF_ASKED_OTHERWISE "its \"%s\" is not what the signed request asked for"
#define RF_OP_NOT_CAUSE    "its request is for an operation that does not cause this entry"
#define RF_STALE_HEAD                                                                              \
	"its request follows entry %.0f, but entry %.0f was logged before it: a decision for "     \
	"the room taken on a stale view"
#define RF_NOT_PINNED_KEY   "it is not signed by the pinned server key"
#define RF_SERVER_KEYS      "ygd's entries are signed by more than one key"
#define RF_NO_REQUEST       "it carries no signed request"
#define RF_KEY_NOT_HELD     "its request is not signed with a key its actor held at the time"
#define RF_OTHER_COMMITTEE  "its request was made for another committee"
#define RF_TIME_FAR         "its request was made long before or after the entry"
#define RF_HEAD_UNKNOWN     "its request names a log head the log does not have before it"
#define RF_NONCE_REUSED     "its request was already used for another entry"
#define RF_KEY_NOT_NAMED    "the key it registers is not the one the admin's request named"
#define RF_MEMBER_NOT_NAMED "the member whose key changes is not the one the admin's request named"
#define RF_NO_FIRST_ADMIN   "it does not name the first admin and their key"
#define RF_NOT_FIRST_KEY    "its request is not signed with the first admin's key"
#define RF_NOT_PERSON       "its actor is neither a person nor the server"
#define RF_VOID_NOT_PRESIDING                                                                      \
	"it voids a round, but its actor did not preside over the meeting then"
#define RF_NOT_SCRUTINEER "its actor is not the scrutineer designated at the index it acts as"

/* The catalog: every text above by name, and the reasons proto/reqsig.c
 * gives for a signed request (reqsig_verify), which findings quote. */
extern const struct pattern_entry record_findings[];
extern const size_t record_findings_len;

#endif
