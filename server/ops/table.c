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
	&op_committee_create,
	&op_member_add,
	&op_member_update,
	&op_key_rotate,
	&op_rules_get,
	&op_rules_set,
	&op_observer_register,
	&op_observer_list,
	&op_observer_decide,
	&op_observer_category_add,
	&op_item_gates,
	&op_comment_submit,
	&op_publication_publish,
	&op_publication_revise,
	&op_material_begin,
	&op_material_chunk,
	&op_material_finish,
	&op_material_get,
	&op_meeting_create,
	&op_meeting_add_item,
	&op_meeting_announce,
	&op_meeting_open,
	&op_meeting_follow,
	&op_scrutineer_publish,
	&op_scrutineer_accept,
	&op_vote_open,
	&op_vote_status,
	&op_vote_cast,
	&op_vote_close,
	&op_vote_decrypt,
	&op_agenda_open,
	&op_agenda_present,
	&op_agenda_speak,
	&op_agenda_pass,
	&op_agenda_close,
	&op_minutes_get,
	&op_minutes_sign,
	&op_presiding_succeed,
	&op_minutes_correct,
	&op_minutes_countersign,
	&op_meeting_record,
	NULL,
};

/* Every operation, in proto/operations.c's order: its handler's entry
 * (ops_table) if C judges it, else one made here from its row (no exec:
 * ops_exec calls the SQL entry point the row names). Made once, at the
 * first look, before any request (server_new calls ops_check). */
static const struct op_entry *ops_all[OPS_MAX + 1];
static struct op_entry ops_sql[OPS_MAX];
static unsigned ops_n;

/* The handler named name in ops_table, or NULL. */
static const struct op_entry *ops_handler(const char *name)
{
	const struct op_entry *const *op;

	for (op = ops_table; *op != NULL; op++)
		if (strcmp((*op)->name, name) == 0)
			return *op;
	return NULL;
}

static void ops_build(void)
{
	const struct op_def *d;

	if (ops_n > 0)
		return;
	for (d = op_defs; d->name != NULL && ops_n < OPS_MAX; d++) {
		const struct op_entry *h = ops_handler(d->name);

		if (h == NULL) {
			ops_sql[ops_n] = (struct op_entry){.name = d->name, .flags = OP_NEEDS_DB};
			h = &ops_sql[ops_n];
		}
		ops_all[ops_n++] = h;
	}
}

/* The operation called name, or NULL. */
const struct op_entry *ops_find(const char *name)
{
	unsigned i;

	ops_build();
	for (i = 0; i < ops_n; i++)
		if (strcmp(ops_all[i]->name, name) == 0)
			return ops_all[i];
	return NULL;
}

/* How many operations there are. */
unsigned ops_count(void)
{
	ops_build();
	return ops_n;
}

/* op's place among them (ops_count() if it is none), the index the
 * metrics count it under. */
unsigned ops_index(const struct op_entry *op)
{
	unsigned i;

	ops_build();
	for (i = 0; i < ops_n; i++)
		if (ops_all[i] == op)
			return i;
	return i;
}

/* The operations' names in that order, for the metrics' labels. */
const char *const *ops_names(void)
{
	static const char *names[OPS_MAX];
	unsigned i;

	ops_build();
	for (i = 0; i < ops_n; i++)
		names[i] = ops_all[i]->name;
	return names;
}

/* Whether the handlers and the rows of proto/operations.c agree: every
 * handler has a row and an exec, and every row either names its SQL entry
 * point and has no handler, or says why its handler is C's own and has
 * one. 0, or -1 with the first disagreement in why. */
int ops_check(char *why, size_t len)
{
	const struct op_entry *const *op;
	const struct op_def *d;
	unsigned n = 0;

	for (op = ops_table; *op != NULL; op++) {
		d = op_def_find((*op)->name);
		if (d == NULL) {
			snprintf(why, len, "operation %s has no row in proto/operations.c",
				 (*op)->name);
			return -1;
		}
		if ((*op)->exec == NULL || d->sql != NULL) {
			snprintf(why, len,
				 "operation %s: its row names its SQL entry point, so it has no "
				 "handler in server/ops (or its handler has no exec)",
				 (*op)->name);
			return -1;
		}
	}
	for (d = op_defs; d->name != NULL; d++) {
		if (++n > OPS_MAX) {
			snprintf(why, len, "more than OPS_MAX (%d) operations", OPS_MAX);
			return -1;
		}
		if ((d->sql == NULL) == (d->handler == NULL)) {
			snprintf(
				why, len,
				"operation %s: its row names %s: either its SQL entry point or why "
				"its handler is in C",
				d->name, d->sql == NULL ? "neither" : "both");
			return -1;
		}
		if (d->handler != NULL && ops_handler(d->name) == NULL) {
			snprintf(why, len, "operation %s has no handler in server/ops", d->name);
			return -1;
		}
	}
	ops_build();
	return 0;
}

void ops_exec(struct request *req)
{
	if (req->op->exec != NULL)
		req->op->exec(req);
	else
		api_call_args(req, op_def_find(req->op->name)->sql, NULL);
}
