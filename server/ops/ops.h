/* The operations' handlers. What an operation is — its name, roles,
 * arguments, summary and, when no rule is judged in C, its SQL entry
 * point — is declared in proto/operations.c; an operation whose row names
 * its entry point has nothing here. One that C judges has a handler (one
 * file in ops/ with its `const struct op_entry` of the same name, and one
 * line in ops/table.c). ygd refuses to start if the two disagree
 * (ops_check). */
#ifndef YG_SERVER_OPS_H
#define YG_SERVER_OPS_H

#include "../../proto/args.h"
#include "../../proto/auth.h"
#include "../../proto/operations.h"
#include "../request.h"

#define OP_BEFORE_HELLO 0x1 /* allowed before hello (only hello itself) */
#define OP_NEEDS_DB     0x2 /* answered db_unavailable at once when the database is down */
#define OPS_MAX         160 /* operations (rows of proto/operations.c), at most */

struct op_entry {
	const char *name; /* its row in proto/operations.c */
	unsigned flags;
	/* Runs the operation; NULL when the operation's row names the
	 * database's entry point that does it all (op_def.sql), which
	 * ops_exec calls with the validated arguments. */
	void (*exec)(struct request *req);
	/* Optional: told of every error the request is answered with. */
	void (*failed)(struct request *req, enum yg_err err, const char *why);
};

const struct op_entry *ops_find(const char *name);
unsigned ops_count(void);
unsigned ops_index(const struct op_entry *op);
const char *const *ops_names(void);
int ops_check(char *why, size_t len);
/* Run req's operation: its exec, or its row's SQL entry point. */
void ops_exec(struct request *req);
/* The handlers, those of the operations C judges. */
extern const struct op_entry *const ops_table[];

extern const struct op_entry op_hello;
extern const struct op_entry op_publication_publish;
extern const struct op_entry op_publication_revise;
extern const struct op_entry op_ping;
extern const struct op_entry op_server_info;
extern const struct op_entry op_subscribe;
extern const struct op_entry op_unsubscribe;
extern const struct op_entry op_auth_challenge;
extern const struct op_entry op_auth_login;
extern const struct op_entry op_auth_whoami;
extern const struct op_entry op_committee_create;
extern const struct op_entry op_member_add;
extern const struct op_entry op_member_update;
extern const struct op_entry op_key_rotate;
extern const struct op_entry op_rules_get;
extern const struct op_entry op_rules_set;
extern const struct op_entry op_observer_register;
extern const struct op_entry op_observer_list;
extern const struct op_entry op_observer_decide;
extern const struct op_entry op_observer_category_add;
extern const struct op_entry op_item_gates;
extern const struct op_entry op_comment_submit;
extern const struct op_entry op_material_begin;
extern const struct op_entry op_material_chunk;
extern const struct op_entry op_material_finish;
extern const struct op_entry op_material_get;
extern const struct op_entry op_meeting_create;
extern const struct op_entry op_meeting_add_item;
extern const struct op_entry op_meeting_announce;
extern const struct op_entry op_meeting_open;
extern const struct op_entry op_meeting_follow;
extern const struct op_entry op_scrutineer_publish;
extern const struct op_entry op_scrutineer_accept;
extern const struct op_entry op_vote_open;
extern const struct op_entry op_vote_status;
extern const struct op_entry op_vote_cast;
extern const struct op_entry op_vote_close;
extern const struct op_entry op_vote_decrypt;
extern const struct op_entry op_agenda_open;
extern const struct op_entry op_agenda_present;
extern const struct op_entry op_agenda_speak;
extern const struct op_entry op_agenda_pass;
extern const struct op_entry op_agenda_close;
extern const struct op_entry op_minutes_get;
extern const struct op_entry op_minutes_sign;
extern const struct op_entry op_presiding_succeed;
extern const struct op_entry op_minutes_correct;
extern const struct op_entry op_minutes_countersign;
extern const struct op_entry op_meeting_record;

/* Judge api.item_facts' result (op_gates.c): unmet gates, or -1. */
struct gate_unmet;
int gates_judge(const cJSON *result, struct gate_unmet *unmet, int max);

/* Shared by auth.login and observer.register (op_auth.c): the signature
 * is verified on a crypto worker, then(req) runs on the loop if it holds;
 * otherwise req has been answered. */
typedef void (*auth_verified_fn)(struct request *req);
void auth_verify_request(struct request *req, enum auth_purpose purpose, long long committee,
			 const char *key, const char *signature, auth_verified_fn then);

#endif
