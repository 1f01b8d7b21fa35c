#include <stdio.h>
#include <string.h>

#include "../api_call.h"
#include "ops.h"

const struct op_entry *const ops_table[] = {
	&op_hello,
	&op_ping,
	&op_server_info,
	&op_subscribe,
	&op_unsubscribe,
	&op_auth_challenge,
	&op_auth_login,
	&op_auth_whoami,
	&op_catalog_get,
	&op_committee_list,
	&op_committee_create,
	&op_member_add,
	&op_member_list,
	&op_member_update,
	&op_key_rotate,
	&op_key_revoke,
	&op_key_history,
	&op_rules_get,
	&op_rules_set,
	&op_observer_register,
	&op_observer_list,
	&op_observer_decide,
	&op_observer_category_add,
	&op_audit_log,
	&op_power_list,
	&op_power_add,
	&op_power_update,
	&op_power_retire,
	&op_item_create,
	&op_item_update,
	&op_item_revise,
	&op_item_announce,
	&op_item_withdraw,
	&op_item_object,
	&op_item_list,
	&op_item_show,
	&op_item_public,
	&op_item_confidential,
	&op_item_gates,
	&op_comment_submit,
	&op_comment_list,
	&op_publication_publish,
	&op_publication_list,
	&op_publication_revise,
	&op_material_begin,
	&op_material_chunk,
	&op_material_finish,
	&op_material_get,
	&op_meeting_create,
	&op_meeting_add_item,
	&op_meeting_remove_item,
	&op_meeting_announce,
	&op_meeting_list,
	&op_meeting_show,
	&op_meeting_invite,
	&op_meeting_check_in,
	&op_meeting_check_out,
	&op_meeting_absent,
	&op_meeting_open,
	&op_meeting_close,
	&op_meeting_follow,
	&op_scrutineer_designate,
	&op_scrutineer_list,
	&op_scrutineer_publish,
	&op_scrutineer_tasks,
	&op_scrutineer_seal,
	&op_scrutineer_accept,
	&op_vote_void,
	&op_vote_open,
	&op_vote_status,
	&op_vote_cast,
	&op_vote_close,
	&op_vote_decrypt,
	&op_vote_record,
	&op_meeting_state,
	&op_meeting_log,
	&op_agenda_open,
	&op_agenda_present,
	&op_agenda_speak,
	&op_agenda_pass,
	&op_agenda_recuse,
	&op_agenda_preside,
	&op_agenda_defer,
	&op_agenda_close,
	&op_floor_request,
	&op_floor_grant,
	&op_minutes_get,
	&op_minutes_sign,
	&op_minutes_agree,
	&op_minutes_remark,
	&op_presiding_succeed,
	&op_minutes_correct,
	&op_minutes_countersign,
	&op_meeting_record,
	NULL,
};

/* The operation called name, or NULL. */
const struct op_entry *ops_find(const char *name)
{
	const struct op_entry *const *op;

	for (op = ops_table; *op != NULL; op++)
		if (strcmp((*op)->name, name) == 0)
			return *op;
	return NULL;
}

/* How many operations the table holds. */
unsigned ops_count(void)
{
	unsigned n = 0;

	while (ops_table[n] != NULL)
		n++;
	return n;
}

/* op's place in the table (ops_count() if it is not there), the index the
 * metrics count it under. */
unsigned ops_index(const struct op_entry *op)
{
	unsigned i;

	for (i = 0; ops_table[i] != NULL; i++)
		if (ops_table[i] == op)
			return i;
	return i;
}

/* The operations' names in the table's order, for the metrics' labels. */
const char *const *ops_names(void)
{
	static const char *names[sizeof(ops_table) / sizeof(ops_table[0])];
	unsigned i;

	for (i = 0; ops_table[i] != NULL; i++)
		names[i] = ops_table[i]->name;
	return names;
}

/* Whether every handler has its row in proto/operations.c and every row a
 * handler: 0, or -1 with the first disagreement in why. */
int ops_check(char *why, size_t len)
{
	const struct op_def *d;
	unsigned i;

	for (i = 0; ops_table[i] != NULL; i++)
		if (op_def_find(ops_table[i]->name) == NULL) {
			snprintf(why, len, "operation %s has no row in proto/operations.c",
				 ops_table[i]->name);
			return -1;
		}
	for (d = op_defs; d->name != NULL; d++) {
		const struct op_entry *op = ops_find(d->name);

		if (op == NULL) {
			snprintf(why, len, "operation %s has no handler in server/ops", d->name);
			return -1;
		}
		if ((d->sql == NULL) == (d->handler == NULL)) {
			snprintf(why, len,
				 "operation %s: its row in proto/operations.c names %s: either its "
				 "SQL entry point or why its handler is in C",
				 d->name, d->sql == NULL ? "neither" : "both");
			return -1;
		}
		if ((op->exec == NULL) == (d->sql == NULL)) {
			snprintf(why, len,
				 "operation %s has %s: either its row names its SQL entry point "
				 "or its handler has an exec",
				 d->name, op->exec == NULL ? "neither" : "both");
			return -1;
		}
	}
	return 0;
}

void ops_exec(struct request *req)
{
	if (req->op->exec != NULL)
		req->op->exec(req);
	else
		api_call_args(req, op_def_find(req->op->name)->sql, NULL);
}
