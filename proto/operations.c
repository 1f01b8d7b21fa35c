#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "b64.h"
#include "group.h"
#include "operations.h"
#include "sig.h"

#define ADMIN        ROLE_ADMIN
#define AUDITOR      ROLE_AUDITOR
#define CHAIR        ROLE_CHAIR
#define CLERK        ROLE_CLERK
#define MEMBER       ROLE_MEMBER
#define ANYONE       ROLE_PUBLIC
#define IN_COMMITTEE ROLES_COMMITTEE
#define LOGGED_IN    ROLES_ANY
#define CHANGES      OPD_CHANGES
#define END                                                                                        \
	{                                                                                          \
		NULL, 0, false, 0, 0                                                               \
	}

/* "meeting" and "item": an item of a meeting. */
#define ENTRY_ARGS                                                                                 \
	{"meeting", ARG_INT, true, 1, ID_MAX},                                                     \
	{                                                                                          \
		"item", ARG_INT, true, 1, ID_MAX                                                   \
	}

/* The content of an item's version; all optional here, item.create's
 * handler checks those an item cannot lack. */
#define ITEM_CONTENT_ARGS                                                                          \
	{"title", ARG_STRING, false, 1, 200}, {"summary", ARG_TEXT, false, 0, 20000},              \
		{"category", ARG_STRING, false, 1, 32},                                            \
		{"power_entry", ARG_INT, false, 1, ID_MAX},                                        \
		{"affects_public", ARG_BOOL, false, 0, 0},                                         \
		{"candidates", ARG_ARRAY, false, 0, 50},                                           \
	{                                                                                          \
		"seats", ARG_INT, false, 0, 50                                                     \
	}

/* The arguments of each operation, by the server file that handles it. */

/* agenda (server/ops/op_agenda.c) */
static const struct arg_spec agenda_entry_args[] = {ENTRY_ARGS, END};
static const struct arg_spec agenda_present_args[] = {
	ENTRY_ARGS, {"body", ARG_TEXT, false, 0, 5000}, END};
static const struct arg_spec agenda_speak_args[] = {ENTRY_ARGS,
						    {"position", ARG_STRING, true, 1, 16},
						    {"body", ARG_TEXT, true, 1, 5000},
						    {"candidate", ARG_INT, false, 0, 63},
						    END};
static const struct arg_spec agenda_pass_args[] = {
	ENTRY_ARGS, {"candidate", ARG_INT, false, 0, 63}, END};
static const struct arg_spec agenda_reason_args[] = {
	ENTRY_ARGS, {"reason", ARG_TEXT, true, 1, 2000}, END};
static const struct arg_spec agenda_preside_args[] = {
	ENTRY_ARGS, {"member", ARG_INT, true, 1, ID_MAX}, END};
static const struct arg_spec agenda_meeting_args[] = {{"meeting", ARG_INT, true, 1, ID_MAX}, END};
static const struct arg_spec agenda_grant_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX}, {"request", ARG_INT, true, 1, ID_MAX}, END};

/* attendance (server/ops/op_attendance.c) */
static const struct arg_spec attendance_meeting_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec attendance_invite_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"observer", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec attendance_absent_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"member", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, true, 1, 500},
	END,
};

/* audit (server/ops/op_audit.c) */
static const struct arg_spec audit_log_args[] = {
	{"after", ARG_INT, false, 0, ID_MAX},
	{"limit", ARG_INT, false, 1, 1000},
	END,
};

/* auth (server/ops/op_auth.c) */
static const struct arg_spec auth_no_args[] = {
	END,
};
static const struct arg_spec auth_login_args[] = {
	{"committee", ARG_INT, true, 1, ID_MAX},
	{"key", ARG_STRING, true, SIG_PUB_TEXT_LEN, SIG_PUB_TEXT_LEN},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};

/* catalog (server/ops/op_catalog.c) */
static const struct arg_spec catalog_args[] = {
	{"committee", ARG_INT, false, 1, ID_MAX}, /* adds its own observer categories */
	END,
};

/* comment (server/ops/op_comment.c) */
static const struct arg_spec comment_submit_args[] = {
	{"committee", ARG_INT, false, 1, ID_MAX}, /* needed when not logged in */
	{"item", ARG_INT, true, 1, ID_MAX},       {"stance", ARG_STRING, true, 1, 16},
	{"body", ARG_TEXT, true, 1, 2000},        END,
};
static const struct arg_spec comment_list_args[] = {
	{"item", ARG_INT, true, 1, ID_MAX},
	END,
};

/* committee (server/ops/op_committee.c) */
static const struct arg_spec committee_list_args[] = {
	END,
};
static const struct arg_spec committee_create_args[] = {
	{"name", ARG_STRING, true, 1, 100},
	{"trial", ARG_BOOL, false, 0, 0}, /* a trial committee (试用), never a real one later */
	END,
};

/* confidential (server/ops/op_confidential.c) */
static const struct arg_spec confidential_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, true, 1, 2000},
	END,
};

/* correction (server/ops/op_correction.c) */
static const struct arg_spec correction_correct_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"text", ARG_TEXT, true, 1, 20000},
	{"reason", ARG_TEXT, true, 1, 2000},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};
static const struct arg_spec correction_countersign_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"correction", ARG_INT, true, 1, 1000000},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};

/* follow (server/ops/op_follow.c) */
static const struct arg_spec follow_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"after", ARG_INT, false, 0, ID_MAX}, /* the last sequence number already seen */
	END,
};
static const struct arg_spec follow_meeting_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	END,
};

/* gates (server/ops/op_gates.c) */
static const struct arg_spec gates_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	END,
};

/* hello (server/ops/op_hello.c) */
static const struct arg_spec hello_args[] = {
	{"versions", ARG_ARRAY, true, 1, 16},
	{"client", ARG_STRING, false, 0, 64},
	END,
};

/* item (server/ops/op_item.c) */
static const struct arg_spec item_create_args[] = {
	ITEM_CONTENT_ARGS,
	END,
};
static const struct arg_spec item_change_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	ITEM_CONTENT_ARGS,
	END,
};
static const struct arg_spec item_id_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec item_reason_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, true, 1, 2000},
	END,
};
static const struct arg_spec item_list_args[] = {
	{"status", ARG_STRING, false, 1, 16},
	END,
};
static const struct arg_spec item_public_args[] = {
	{"committee", ARG_INT, true, 1, ID_MAX},
	END,
};

/* key (server/ops/op_key.c) */
static const struct arg_spec key_rotate_args[] = {
	{"member", ARG_INT, true, 1, ID_MAX},
	{"key", ARG_STRING, true, SIG_PUB_TEXT_LEN, SIG_PUB_TEXT_LEN},
	END,
};
static const struct arg_spec key_revoke_args[] = {
	{"member", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, false, 0, 500},
	END,
};
static const struct arg_spec key_history_args[] = {
	{"member", ARG_INT, true, 1, ID_MAX},
	END,
};

/* material (server/ops/op_material.c) */
static const struct arg_spec material_begin_args[] = {
	{"item", ARG_INT, true, 1, ID_MAX},
	{"kind", ARG_STRING, true, 1, 32},
	{"filename", ARG_STRING, true, 1, 200},
	{"size", ARG_INT, true, 1, ID_MAX},
	{"sha256", ARG_STRING, true, 64, 64},
	{"outcome", ARG_STRING, false, 1, 16}, /* legality reviews: passed or failed */
	END,
};
static const struct arg_spec material_chunk_args[] = {
	{"upload", ARG_INT, true, 1, ID_MAX},
	{"offset", ARG_INT, true, 0, ID_MAX},
	{"data", ARG_STRING, true, 1, B64_ENCODED_LEN(MATERIAL_CHUNK_MAX)},
	END,
};
static const struct arg_spec material_finish_args[] = {
	{"upload", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec material_get_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{"offset", ARG_INT, false, 0, ID_MAX},
	END,
};

/* meeting (server/ops/op_meeting.c) */
static const struct arg_spec meeting_create_args[] = {
	{"title", ARG_STRING, true, 1, 200},
	{"place", ARG_STRING, true, 1, 200},
	{"starts_at", ARG_STRING, true, 1, 40}, /* RFC 3339 with an offset: ts_check */
	END,
};
static const struct arg_spec meeting_item_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"item", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec meeting_remove_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"item", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_TEXT, true, 1, 2000},
	END,
};
static const struct arg_spec meeting_id_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec meeting_no_args[] = {
	END,
};

/* member (server/ops/op_member.c) */
static const struct arg_spec member_add_args[] = {
	{"name", ARG_STRING, true, 1, 64},
	{"title", ARG_STRING, false, 0, 64},
	{"roles", ARG_ARRAY, true, 1, 5},
	{"key", ARG_STRING, true, SIG_PUB_TEXT_LEN, SIG_PUB_TEXT_LEN},
	END,
};
static const struct arg_spec member_list_args[] = {
	END,
};
static const struct arg_spec member_update_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},     {"name", ARG_STRING, false, 1, 64},
	{"title", ARG_STRING, false, 0, 64},  {"roles", ARG_ARRAY, false, 1, 5},
	{"status", ARG_STRING, false, 1, 16}, END,
};

/* minutes (server/ops/op_minutes.c) */
static const struct arg_spec minutes_meeting_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec minutes_agree_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"item", ARG_INT, true, 1, ID_MAX},
	{"text", ARG_TEXT, true, 1, 5000},
	END,
};
static const struct arg_spec minutes_remark_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"request", ARG_INT, true, 1, ID_MAX},
	{"body", ARG_TEXT, true, 1, 5000},
	END,
};
static const struct arg_spec minutes_sign_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"role", ARG_STRING, true, 1, 8},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};

/* observer (server/ops/op_observer.c) */
static const struct arg_spec observer_register_args[] = {
	{"committee", ARG_INT, true, 1, ID_MAX},
	{"name", ARG_STRING, true, 1, 64},
	{"category", ARG_STRING, true, 1, 32},
	{"affiliation", ARG_STRING, false, 0, 128},
	{"key", ARG_STRING, true, SIG_PUB_TEXT_LEN, SIG_PUB_TEXT_LEN},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};
static const struct arg_spec observer_list_args[] = {
	{"status", ARG_STRING, false, 1, 16},
	END,
};
static const struct arg_spec observer_decide_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{"decision", ARG_STRING, true, 1, 16},
	{"reason", ARG_TEXT, false, 0, 500},
	END,
};
static const struct arg_spec observer_category_args[] = {
	{"code", ARG_STRING, true, 1, 32},
	{"name_zh", ARG_STRING, true, 1, 32},
	{"name_en", ARG_STRING, true, 1, 64},
	END,
};

/* ping (server/ops/op_ping.c) */
static const struct arg_spec ping_args[] = {
	{"db", ARG_BOOL, false, 0, 0},
	{"echo", ARG_STRING, false, 0, 256},
	END,
};

/* power (server/ops/op_power.c) */
static const struct arg_spec power_list_args[] = {
	{"committee", ARG_INT, false, 1, ID_MAX}, /* default: the caller's */
	END,
};
static const struct arg_spec power_add_args[] = {
	{"category", ARG_STRING, true, 1, 32},
	{"title", ARG_STRING, true, 1, 200},
	{"legal_basis", ARG_TEXT, true, 1, 2000},
	{"collective", ARG_BOOL, true, 0, 0},
	END,
};
static const struct arg_spec power_update_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	{"title", ARG_STRING, false, 1, 200},
	{"legal_basis", ARG_TEXT, false, 1, 2000},
	{"collective", ARG_BOOL, false, 0, 0},
	END,
};
static const struct arg_spec power_retire_args[] = {
	{"id", ARG_INT, true, 1, ID_MAX},
	END,
};

/* presiding (server/ops/op_presiding.c) */
static const struct arg_spec presiding_succeed_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"item", ARG_INT, false, 1, ID_MAX}, /* the presiding of one item only */
	{"member", ARG_INT, true, 1, ID_MAX},
	{"reason", ARG_STRING, true, 1, 500},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};

/* publication (server/ops/op_publication.c) */
static const struct arg_spec publication_publish_args[] = {
	{"item", ARG_INT, true, 1, ID_MAX},
	{"mode", ARG_STRING, true, 1, 16},
	{"text", ARG_TEXT, false, 1, 20000}, /* summary: the public text; withheld: the reason */
	END,
};
static const struct arg_spec publication_revise_args[] = {
	{"item", ARG_INT, true, 1, ID_MAX},  {"action", ARG_STRING, true, 1, 16},
	{"text", ARG_TEXT, false, 1, 20000}, /* correct: the new public text; declassify: a summary
					      */
	{"reason", ARG_TEXT, true, 1, 2000}, END,
};
static const struct arg_spec publication_list_args[] = {
	{"overdue", ARG_BOOL, false, 0, 0},
	END,
};

/* rules (server/ops/op_rules.c) */
static const struct arg_spec rules_get_args[] = {
	END,
};
static const struct arg_spec rules_set_args[] = {
	{"name", ARG_STRING, true, 1, 64},
	{"value", ARG_ANY, true, 0, 0},
	END,
};

/* scrutineer (server/ops/op_scrutineer.c) */
static const struct arg_spec scrutineer_designate_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"members", ARG_ARRAY, true, 1, 9},
	/* leaving a key ceremony that made no key (BALLOT.md §7.5) */
	{"reason", ARG_TEXT, false, 1, 500},
	END,
};
static const struct arg_spec scrutineer_meeting_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	END,
};
static const struct arg_spec vote_void_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"item", ARG_INT, true, 1, ID_MAX},
	{"round", ARG_INT, true, 1, 16},
	{"reason", ARG_TEXT, true, 1, 500},
	END,
};
static const struct arg_spec scrutineer_publish_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"key", ARG_OBJECT, true, 0, 0},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	/* a threshold ceremony's dealing (BALLOT.md §7.5), signed (§7.7) */
	{"dealing", ARG_OBJECT, false, 0, 0},
	{"dealing_signature", ARG_STRING, false, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};
static const struct arg_spec scrutineer_seal_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"shares", ARG_ARRAY, true, 1, 8},
	END,
};
static const struct arg_spec scrutineer_accept_args[] = {
	{"meeting", ARG_INT, true, 1, ID_MAX},
	{"verification_key", ARG_STRING, true, GROUP_POINT_TEXT_LEN, GROUP_POINT_TEXT_LEN},
	{"share_proof", ARG_OBJECT, true, 0, 0},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END,
};

/* server_info (server/ops/op_server_info.c) */
static const struct arg_spec server_info_info_args[] = {
	END,
};

/* subscribe (server/ops/op_subscribe.c) */
static const struct arg_spec subscribe_args[] = {
	{"stream", ARG_STRING, true, 1, 128},
	END,
};

/* vote (server/ops/op_vote.c) */
static const struct arg_spec vote_entry_args[] = {ENTRY_ARGS, END};
static const struct arg_spec vote_cast_args[] = {
	ENTRY_ARGS,
	{"round", ARG_INT, true, 1, 16},
	{"ballot", ARG_OBJECT, true, 0, 0},
	{"signature", ARG_STRING, true, SIG_TEXT_LEN, SIG_TEXT_LEN},
	END};
static const struct arg_spec vote_decrypt_args[] = {
	ENTRY_ARGS, {"round", ARG_INT, true, 1, 16}, {"share", ARG_OBJECT, true, 0, 0}, END};

/* Every operation: who may call it, whether it changes state, its
 * arguments, and what it does. Grouped as PROTOCOL.md groups them. */
const struct op_def op_defs[] = {
	/* connection */
	{"hello", ANYONE, 0, hello_args, "agree on a protocol version", NULL,
	 "agrees on the protocol's version with the connection, no database"},
	{"ping", ANYONE, 0, ping_args, "check the connection; with db=true, the database too", NULL,
	 "answered by ygd itself; with db=true it asks the database"},
	{"server.info", ANYONE, 0, server_info_info_args,
	 "versions, uptime, connections and database state", NULL,
	 "ygd's own versions, uptime and connections"},
	{"subscribe", ANYONE, 0, subscribe_args, "receive the events of a stream", NULL,
	 "ygd's streams of events, which it holds"},
	{"unsubscribe", ANYONE, 0, subscribe_args, "stop receiving the events of a stream", NULL,
	 "ygd's streams of events, which it holds"},
	/* login */
	{"auth.challenge", ANYONE, 0, auth_no_args,
	 "a fresh nonce to sign for auth.login or observer.register", NULL,
	 "a nonce ygd keeps for the connection"},
	{"auth.login", ANYONE, 0, auth_login_args,
	 "log in with a committee member's or observer's key", NULL,
	 "verifies the signature in C and limits failed logins"},
	{"auth.whoami", LOGGED_IN, 0, auth_no_args, "who this connection is logged in as", NULL,
	 "the connection's login, which ygd holds"},
	/* the catalogue and committees */
	{"catalog.get", ANYONE, 0, catalog_args,
	 "categories of matter, kinds of material, categories of observer", "catalog"},
	{"committee.list", ANYONE, 0, committee_list_args,
	 "committees served here, to choose one to log in to", "committee_list"},
	{"committee.create", ADMIN, CHANGES, committee_create_args,
	 "create a committee with default rules; its creator becomes its admin", NULL,
	 "adds every rule's default, which server/policy/settings.c declares"},
	/* members and their keys */
	{"member.add", ADMIN, CHANGES, member_add_args,
	 "register a member with their public key and roles", NULL,
	 "checks the roles and the key's form in C"},
	{"member.list", IN_COMMITTEE, 0, member_list_args, "the committee's members",
	 "member_list"},
	{"member.update", ADMIN, CHANGES, member_update_args,
	 "change a member's name, title, roles or status", NULL,
	 "checks the roles, the key's form and the status in C"},
	{"key.rotate", ADMIN, CHANGES, key_rotate_args,
	 "replace a member's key; the old one stops working", NULL,
	 "checks the new key's form in C"},
	{"key.revoke", ADMIN, CHANGES, key_revoke_args,
	 "revoke a member's key, leaving them without one", "key_revoke"},
	{"key.history", ADMIN | AUDITOR, 0, key_history_args,
	 "every key a member has held, and when it was valid", "key_history"},
	/* rules */
	{"rules.get", LOGGED_IN, 0, rules_get_args,
	 "the committee's rules, with what each means and its default", NULL,
	 "adds what each rule means, which server/policy/settings.c declares"},
	{"rules.set", ADMIN | CHAIR, CHANGES, rules_set_args,
	 "change one rule (recorded in the audit log); a chair only shortens a trial "
	 "committee's periods",
	 NULL, "judges in C who may change the rule (settings_may_change)"},
	/* the observer pool */
	{"observer.register", ANYONE, CHANGES, observer_register_args,
	 "apply to the observer pool with one's own key", NULL,
	 "verifies the registrant's signature in C"},
	{"observer.list", ADMIN | CHAIR | AUDITOR, 0, observer_list_args,
	 "the observer pool, optionally only one status", NULL,
	 "checks the status against its fixed words in C"},
	{"observer.decide", ADMIN, CHANGES, observer_decide_args,
	 "approve or reject a registration, or remove an observer", NULL,
	 "checks the decision against its fixed words in C"},
	{"observer.category.add", ADMIN, CHANGES, observer_category_args,
	 "add a category of observer for this committee", NULL, "checks the code's form in C"},
	/* the record */
	{"audit.log", ADMIN | AUDITOR, 0, audit_log_args,
	 "who changed what and when, after an entry id", "audit_log"},
	/* the power list */
	{"power.list", ANYONE, 0, power_list_args, "the committee's power list (public)",
	 "power_list"},
	{"power.add", ADMIN, CHANGES, power_add_args, "add an entry to the power list",
	 "power_add"},
	{"power.update", ADMIN, CHANGES, power_update_args,
	 "change a power-list entry's title, legal basis or collective flag", "power_update"},
	{"power.retire", ADMIN, CHANGES, power_retire_args,
	 "retire a power-list entry; items citing it can no longer go on an agenda",
	 "power_retire"},
	/* agenda items; the database checks who is in charge of which item */
	{"item.create", MEMBER, CHANGES, item_create_args,
	 "draft an item as the member in charge (分管领导)", "item_create"},
	{"item.update", MEMBER, CHANGES, item_change_args, "change a draft (a new version)",
	 "item_update"},
	{"item.revise", MEMBER, CHANGES, item_change_args,
	 "re-argue an announced item: a new version, to be announced again", "item_revise"},
	{"item.announce", MEMBER | CHAIR, CHANGES, item_id_args,
	 "announce the current version and open its comment window", "item_announce"},
	{"item.withdraw", MEMBER | CHAIR, CHANGES, item_reason_args, "withdraw an item",
	 "item_withdraw"},
	{"item.object", MEMBER, CHANGES, item_reason_args,
	 "lodge a member's formal objection: the item is contested", "item_object"},
	{"item.list", IN_COMMITTEE, 0, item_list_args, "the committee's items", "item_list"},
	{"item.show", IN_COMMITTEE, 0, item_id_args,
	 "an item with its versions, materials, comments and objections", "item_show"},
	{"item.gates", IN_COMMITTEE, 0, gates_args,
	 "whether an item may go on an agenda now, and every gate it fails", NULL,
	 "judges the item's gates in C (gates_judge)"},
	{"item.public", ANYONE, 0, item_public_args,
	 "announced items open for public comment (public)", "item_public"},
	{"item.confidential", CHAIR, CHANGES, confidential_args,
	 "mark an item confidential before its meeting (the chair; logged, final)",
	 "item_confidential"},
	/* comments: observers and the public; members object instead */
	{"comment.submit", ANYONE, CHANGES, comment_submit_args,
	 "comment on an announced item during its window (observers, or anyone)", NULL,
	 "adds the address's source tag and the server's hourly limit"},
	{"comment.list", IN_COMMITTEE, 0, comment_list_args, "the comments on an item",
	 "comment_list"},
	/* materials */
	{"material.begin", MEMBER | CHAIR | CLERK, CHANGES, material_begin_args,
	 "start attaching a file to an item: declare its size and SHA-256", NULL,
	 "adds the server's size limits and the kinds the rules require"},
	{"material.chunk", MEMBER | CHAIR | CLERK, CHANGES, material_chunk_args,
	 "send the next part of an upload (at most 256 KiB, base64url)", NULL,
	 "decodes the part in C and adds its bytes"},
	{"material.finish", MEMBER | CHAIR | CLERK, CHANGES, material_finish_args,
	 "check the upload against its size and SHA-256 and attach it", NULL,
	 "words the size or SHA-256 mismatch in C"},
	{"material.get", IN_COMMITTEE, 0, material_get_args,
	 "read up to 256 KiB of a material from an offset", NULL, "encodes the part read in C"},
	/* meetings */
	{"meeting.create", CHAIR, CHANGES, meeting_create_args,
	 "schedule a meeting: title, place, time", NULL, "checks the time's form in C"},
	{"meeting.add_item", CHAIR, CHANGES, meeting_item_args,
	 "put an item that passes every gate on a draft meeting's agenda", NULL,
	 "judges the item's gates in C (gates_judge)"},
	{"meeting.remove_item", CHAIR, CHANGES, meeting_remove_args,
	 "take an item off an agenda, with the reason recorded", "meeting_remove_item"},
	{"meeting.announce", CHAIR, CHANGES, meeting_id_args,
	 "announce a meeting; its agenda is fixed from then on", NULL,
	 "judges the notice period in C (rules/meeting_time.c)"},
	{"meeting.list", IN_COMMITTEE | ROLE_OBSERVER, 0, meeting_no_args,
	 "the committee's meetings", "meeting_list"}, /* observers: their invitations */
	{"meeting.show", IN_COMMITTEE, 0, meeting_id_args, "a meeting and its agenda",
	 "meeting_show"},
	/* running a meeting; the database checks roster and invitations */
	{"meeting.invite", CHAIR, CHANGES, attendance_invite_args,
	 "invite an approved observer from the pool to a meeting", "meeting_invite"},
	{"meeting.check_in", MEMBER | ROLE_OBSERVER, CHANGES, attendance_meeting_args,
	 "arrive: a member on the roster, or an invited observer", "meeting_check_in"},
	{"meeting.check_out", MEMBER | ROLE_OBSERVER, CHANGES, attendance_meeting_args,
	 "leave the meeting (the count changes at once)", "meeting_check_out"},
	{"meeting.absent", CHAIR | CLERK, CHANGES, attendance_absent_args,
	 "record a member's absence and its reason (the chair, or the meeting's clerk)",
	 "meeting_absent"},
	{"meeting.open", CHAIR, CHANGES, attendance_meeting_args,
	 "open the meeting; refused without quorum", NULL,
	 "judges the quorum and the time in C (rules/quorum.c, rules/meeting_time.c)"},
	{"meeting.close", CHAIR, CHANGES, attendance_meeting_args,
	 "close the meeting; refused while a vote is under way", "meeting_close"},
	{"meeting.follow", LOGGED_IN, 0, follow_args,
	 "catch up on a meeting's events after a sequence number, then receive them live", NULL,
	 "catches up then subscribes the connection to the meeting's stream"},
	{"meeting.state", LOGGED_IN, 0, follow_meeting_args,
	 "the meeting as it stands: roster, presence, absences, observers, counts",
	 "meeting_state"},
	{"meeting.log", IN_COMMITTEE, 0, follow_meeting_args,
	 "the meeting's whole hash-chained log, for offline verification", "meeting_log_export"},
	/* the items of a meeting in progress; the database checks who presides */
	{"agenda.open", CHAIR, CHANGES, agenda_entry_args,
	 "take up an item of the open meeting (with the quorum it needs)", NULL,
	 "judges the item's quorum in C (rules/quorum.c)"},
	{"agenda.present", MEMBER, CHANGES, agenda_present_args,
	 "the member in charge presents the item", NULL,
	 "judges the speaking order in C (rules/speaking.c)"},
	{"agenda.speak", MEMBER, CHANGES, agenda_speak_args,
	 "state a position (agree, disagree, defer) with reasons; the presiding chair last", NULL,
	 "judges the speaking order in C (rules/speaking.c)"},
	{"agenda.pass", MEMBER, CHANGES, agenda_pass_args, "pass: state no position", NULL,
	 "judges the speaking order in C (rules/speaking.c)"},
	{"agenda.recuse", MEMBER, CHANGES, agenda_reason_args,
	 "declare a conflict of interest on an item (回避)", "agenda_recuse"},
	{"agenda.preside", MEMBER, CHANGES, agenda_preside_args,
	 "hand the presiding of an item to another member", "agenda_preside"},
	{"agenda.defer", MEMBER, CHANGES, agenda_reason_args,
	 "defer the item (缓议), with the reason", "agenda_defer"},
	{"agenda.close", MEMBER, CHANGES, agenda_entry_args,
	 "close the discussion once everyone has spoken", NULL,
	 "judges in C that everyone has spoken (rules/speaking.c)"},
	{"floor.request", MEMBER | ROLE_OBSERVER, CHANGES, agenda_meeting_args,
	 "ask for the floor on the open item", "floor_request"},
	{"floor.grant", MEMBER, CHANGES, agenda_grant_args, "give someone the floor",
	 "floor_grant"},
	/* the vote; the database checks who presides, who may vote, who scrutinizes */
	{"scrutineer.designate", CHAIR, CHANGES, scrutineer_designate_args,
	 "designate the meeting's scrutineers (监票人)", "scrutineer_designate"},
	{"scrutineer.list", LOGGED_IN, 0, scrutineer_meeting_args,
	 "the meeting's scrutineers, their keys and the election key", "scrutineer_list"},
	{"scrutineer.publish", MEMBER | AUDITOR, CHANGES, scrutineer_publish_args,
	 "publish a scrutineer's key with its proof (the key ceremony)", NULL,
	 "verifies the key's proof and signs the election key in C"},
	{"scrutineer.seal", MEMBER | AUDITOR, CHANGES, scrutineer_seal_args,
	 "send every other scrutineer its sealed share (threshold key ceremony)",
	 "scrutineer_seal"},
	{"scrutineer.accept", MEMBER | AUDITOR, CHANGES, scrutineer_accept_args,
	 "accept the shares dealt to you, with a proof of your share (threshold key ceremony)",
	 NULL, "verifies the share's proof in C"},
	{"scrutineer.tasks", MEMBER | AUDITOR, 0, scrutineer_meeting_args,
	 "what a scrutineer's terminal has to do: publish its key, decrypt tallies",
	 "scrutineer_tasks"},
	{"vote.open", CHAIR | MEMBER, CHANGES, vote_entry_args,
	 "open a round of secret-ballot voting on a discussed item", NULL,
	 "judges the vote's rules in C"},
	{"vote.status", LOGGED_IN, 0, vote_entry_args,
	 "the vote on an item: round, progress, awaited scrutineers, result", NULL,
	 "checks again in C that a confidential item's vote is not shown to observers"},
	{"vote.cast", MEMBER, CHANGES, vote_cast_args,
	 "cast an encrypted, proven, signed ballot; returns its receipt", NULL,
	 "verifies the ballot's proofs and signature in C"},
	{"vote.close", CHAIR | MEMBER, CHANGES, vote_entry_args,
	 "close the round; the scrutineers then decrypt the sum", NULL,
	 "judges the round's close on a crypto worker"},
	{"vote.void", CHAIR | MEMBER, CHANGES, vote_void_args,
	 "void a round the scrutineers cannot decrypt, with the reason; a new key ceremony",
	 "vote_void"},
	{"vote.decrypt", MEMBER | AUDITOR, CHANGES, vote_decrypt_args,
	 "a scrutineer's partial decryption of the round's sum, with proofs", NULL,
	 "verifies the decryption's proofs in C"},
	{"vote.record", IN_COMMITTEE, 0, vote_entry_args,
	 "the election record of an item, for offline verification", "vote_record"},
	/* minutes and the record */
	{"minutes.get", IN_COMMITTEE, 0, minutes_meeting_args,
	 "the minutes of a closed meeting, with their signatures", NULL,
	 "builds the minutes in C (proto/minutes.c) from the log"},
	{"minutes.agree", CLERK, CHANGES, minutes_agree_args,
	 "the meeting's clerk records what was agreed on an item taken up (议定事项)",
	 "minutes_agree"},
	{"minutes.remark", CLERK, CHANGES, minutes_remark_args,
	 "the meeting's clerk minutes what an observer said once given the floor",
	 "minutes_remark"},
	{"minutes.sign", CHAIR | CLERK, CHANGES, minutes_sign_args,
	 "sign the minutes as the chair or the clerk", NULL,
	 "judges presiding authority and verifies the signature in C"},
	{"presiding.succeed", ADMIN | CHAIR, CHANGES, presiding_succeed_args,
	 "name a successor to the presiding chair of a meeting (or item), signed and logged", NULL,
	 "judges the succession and verifies the signature in C"},
	{"minutes.correct", CLERK, CHANGES, correction_correct_args,
	 "the clerk proposes a correction of the minutes, with its reason, signed", NULL,
	 "judges presiding authority and verifies the signature in C"},
	{"minutes.countersign", CHAIR, CHANGES, correction_countersign_args,
	 "the presiding chair co-signs a correction of the minutes; then it is in force", NULL,
	 "judges presiding authority and verifies the signature in C"},
	{"meeting.record", IN_COMMITTEE, 0, minutes_meeting_args,
	 "the meeting's log and signed minutes, for offline verification", NULL,
	 "builds the minutes in C (proto/minutes.c) for the record"},
	/* publication (决策结果公开) */
	{"publication.publish", CHAIR, CHANGES, publication_publish_args,
	 "the chair's review of a decided item: publish in full, in summary, or withhold", NULL,
	 "judges presiding authority and the publication's periods in C"},
	{"publication.list", CHAIR | CLERK | ROLE_AUDITOR, 0, publication_list_args,
	 "decided items with their publication: pending, overdue, reviewed", "publication_list"},
	{"publication.revise", CHAIR, CHANGES, publication_revise_args,
	 "correct or withdraw a published decision, or declassify a withheld one, with a "
	 "reason; appended, the earlier version kept",
	 NULL, "judges presiding authority and the revision in C"},
	{NULL, 0, 0, NULL, NULL},
};

/* The row of the operation called name, or NULL. */
const struct op_def *op_def_find(const char *name)
{
	const struct op_def *d;

	if (name == NULL)
		return NULL;
	for (d = op_defs; d->name != NULL; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}
