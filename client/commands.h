/* yg's commands: one file each, gathered in cmd_table.c. */
#ifndef YG_CLIENT_COMMANDS_H
#define YG_CLIENT_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "cmd_ops.h"
#include "conn.h"
/* What the commands read of a result and how they show its times, as the
 * full-screen terminal does. */
#include "json_field.h"
#include "time_text.h"

/* yg's commands, one per operation: a command's operation is the one its
 * name spells ("agenda pass": agenda.pass, "meeting check-in":
 * meeting.check_in, "admin member add": member.add) or the one .op names;
 * `yg CMD --help` shows who may call it from proto/operations.c, and
 * tests/unit/test_cmd_ops.c checks every command against that table. */
#define CMD_LOCAL "" /* .op of a command that sends no operation of its own */

struct cmd_entry {
	const char *name;
	const char *op;    /* the operation it sends, when its name does not spell it */
	const char *usage; /* arguments after the name */
	const char *summary_zh;
	const char *summary_en;
	int (*exec)(int argc, char **argv, const struct yg_opts *opts); /* argv[0] is the name */
};

extern const struct cmd_entry *const cmd_table[];
extern const struct cmd_entry cmd_ping;
extern const struct cmd_entry cmd_info;
extern const struct cmd_entry cmd_keygen;
extern const struct cmd_entry cmd_whoami;
extern const struct cmd_entry cmd_verify;
extern const struct cmd_entry cmd_committee_list;
extern const struct cmd_entry cmd_committee_create;
extern const struct cmd_entry cmd_member_list;
extern const struct cmd_entry cmd_member_add;
extern const struct cmd_entry cmd_member_update;
extern const struct cmd_entry cmd_key_rotate;
extern const struct cmd_entry cmd_key_revoke;
extern const struct cmd_entry cmd_key_history;
extern const struct cmd_entry cmd_rules_show;
extern const struct cmd_entry cmd_rules_set;
extern const struct cmd_entry cmd_catalog;
extern const struct cmd_entry cmd_observer_register;
extern const struct cmd_entry cmd_observer_list;
extern const struct cmd_entry cmd_observer_approve;
extern const struct cmd_entry cmd_observer_reject;
extern const struct cmd_entry cmd_observer_remove;
extern const struct cmd_entry cmd_observer_category_add;
extern const struct cmd_entry cmd_audit_log;
extern const struct cmd_entry cmd_power_list;
extern const struct cmd_entry cmd_power_add;
extern const struct cmd_entry cmd_power_update;
extern const struct cmd_entry cmd_power_retire;
extern const struct cmd_entry cmd_item_create;
extern const struct cmd_entry cmd_item_update;
extern const struct cmd_entry cmd_item_revise;
extern const struct cmd_entry cmd_item_announce;
extern const struct cmd_entry cmd_item_withdraw;
extern const struct cmd_entry cmd_item_object;
extern const struct cmd_entry cmd_item_confidential;
extern const struct cmd_entry cmd_item_list;
extern const struct cmd_entry cmd_item_show;
extern const struct cmd_entry cmd_item_gates;
extern const struct cmd_entry cmd_item_public;
extern const struct cmd_entry cmd_material_add;
extern const struct cmd_entry cmd_material_get;
extern const struct cmd_entry cmd_comment_add;
extern const struct cmd_entry cmd_comment_list;
extern const struct cmd_entry cmd_publish;
extern const struct cmd_entry cmd_publication_list;
extern const struct cmd_entry cmd_publication_revise;
extern const struct cmd_entry cmd_meeting_create;
extern const struct cmd_entry cmd_meeting_add;
extern const struct cmd_entry cmd_meeting_remove;
extern const struct cmd_entry cmd_meeting_announce;
extern const struct cmd_entry cmd_meeting_list;
extern const struct cmd_entry cmd_meeting_show;
extern const struct cmd_entry cmd_meeting_invite;
extern const struct cmd_entry cmd_meeting_check_in;
extern const struct cmd_entry cmd_meeting_check_out;
extern const struct cmd_entry cmd_meeting_absent;
extern const struct cmd_entry cmd_meeting_open;
extern const struct cmd_entry cmd_meeting_close;
extern const struct cmd_entry cmd_meeting_state;
extern const struct cmd_entry cmd_meeting_follow;
extern const struct cmd_entry cmd_meeting_record;
extern const struct cmd_entry cmd_scrutineer_designate;
extern const struct cmd_entry cmd_scrutineer_list;
extern const struct cmd_entry cmd_scrutineer_key;
extern const struct cmd_entry cmd_scrutineer_decrypt;
extern const struct cmd_entry cmd_scrutineer_watch;
extern const struct cmd_entry cmd_vote_open;
extern const struct cmd_entry cmd_vote_close;
extern const struct cmd_entry cmd_vote_void;
extern const struct cmd_entry cmd_vote_status;
extern const struct cmd_entry cmd_vote_cast;
extern const struct cmd_entry cmd_record_export;
extern const struct cmd_entry cmd_agenda_open;
extern const struct cmd_entry cmd_agenda_present;
extern const struct cmd_entry cmd_agenda_speak;
extern const struct cmd_entry cmd_agenda_pass;
extern const struct cmd_entry cmd_agenda_recuse;
extern const struct cmd_entry cmd_agenda_preside;
extern const struct cmd_entry cmd_agenda_defer;
extern const struct cmd_entry cmd_agenda_close;
extern const struct cmd_entry cmd_floor_request;
extern const struct cmd_entry cmd_floor_grant;
extern const struct cmd_entry cmd_minutes_show;
extern const struct cmd_entry cmd_minutes_sign;
extern const struct cmd_entry cmd_minutes_agree;
extern const struct cmd_entry cmd_minutes_remark;
extern const struct cmd_entry cmd_doc_minutes;
extern const struct cmd_entry cmd_doc_decision;
extern const struct cmd_entry cmd_doc_notice;
extern const struct cmd_entry cmd_meeting_succeed;
extern const struct cmd_entry cmd_minutes_correct;
extern const struct cmd_entry cmd_minutes_countersign;
extern const struct cmd_entry cmd_tui;

const struct cmd_entry *cmd_find(int argc, char **argv, int *words);
const char *cmd_optval(int argc, char **argv, int *i, const char *name);
int cmd_usage_error(const struct cmd_entry *cmd, const char *what);
void cmd_print_help(const struct cmd_entry *cmd);

/* An option a command takes, "--name VALUE" or "--name=VALUE". */
struct cmd_opt {
	const char *name;   /* "--name" */
	const char **value; /* set when given; left alone otherwise */
	int required;
};

/* A table being built, cell by cell, row by row; the first row is the
 * heading. Start with {.ncols = N}; rows_print prints and frees it. */
struct rows {
	int ncols, n, cap;
	char **cells;
};

/* Shared by the commands (cmd_common.c). */
int cmd_parse(const struct cmd_entry *cmd, int argc, char **argv, const struct cmd_opt *opts,
	      const char **pos, int npos);
int cmd_number(const struct cmd_entry *cmd, const char *text, long long min, long long max,
	       long long *out);
int cmd_call(const struct yg_opts *opts, int login, const char *op, cJSON *args, cJSON **result);
void rows_add(struct rows *t, const char *s);
void rows_addf(struct rows *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rows_add_json(struct rows *t, const cJSON *v);
void rows_print(struct rows *t);
int cmd_take_flag(int *argc, char **argv, const char *name);
int cmd_committee(const struct cmd_entry *cmd, const char *text, const struct yg_opts *opts,
		  long long *out);
void cmd_item_print(const cJSON *item); /* cmd_item.c, for cmd_item_show.c too */
void cmd_field(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cmd_put_flat(FILE *f, const char *s);
void cmd_minutes_corrections(const cJSON *res);

#endif
