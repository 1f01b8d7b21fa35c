/* What the commands share: their options and arguments, one request over
 * one session, records and tables of rows. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "commands.h"
#include "i18n.h"
#include "termsafe.h"
#include "textwidth.h"

/* Match argv[*i] against the options; 1 if it was one (its value stored). */
static int cmd_parse_opt(int argc, char **argv, int *i, const struct cmd_opt *opts)
{
	const char *v;

	for (; opts != NULL && opts->name != NULL; opts++)
		if ((v = cmd_optval(argc, argv, i, opts->name)) != NULL) {
			*opts->value = v;
			return 1;
		}
	return 0;
}

/* Complain that argument what is wrong (format with one %s); usage exit. */
static int cmd_complain(const struct cmd_entry *cmd, const char *fmt, const char *what)
{
	char why[512];

	snprintf(why, sizeof(why), fmt, what);
	return cmd_usage_error(cmd, why);
}

/* Parse argv[1..] into the options and exactly npos positional arguments
 * (words not starting with "--", or any word after "--"); required options
 * must be there. YG_EXIT_OK, or the usage exit code after saying why. */
int cmd_parse(const struct cmd_entry *cmd, int argc, char **argv, const struct cmd_opt *opts,
	      const char **pos, int npos)
{
	int i, n = 0, rest = 0;

	for (i = 1; i < argc; i++) {
		if (!rest && strcmp(argv[i], "--") == 0)
			rest = 1;
		else if (rest || strncmp(argv[i], "--", 2) != 0) {
			if (n == npos)
				return cmd_complain(cmd,
						    TR("多余的参数：%s", "unexpected argument: %s"),
						    argv[i]);
			pos[n++] = argv[i];
		} else if (!cmd_parse_opt(argc, argv, &i, opts))
			return cmd_complain(cmd,
					    TR("未知选项或缺少其值：%s",
					       "unknown option, or its value is missing: %s"),
					    argv[i]);
	}
	if (n < npos)
		return cmd_usage_error(cmd, TR("缺少参数", "an argument is missing"));
	for (; opts != NULL && opts->name != NULL; opts++)
		if (opts->required && *opts->value == NULL)
			return cmd_complain(cmd, TR("缺少选项 %s", "option %s is missing"),
					    opts->name);
	return YG_EXIT_OK;
}

/* Parse text as a whole number in [min, max] into *out; the usage exit code
 * after saying why if it is not one. */
int cmd_number(const struct cmd_entry *cmd, const char *text, long long min, long long max,
	       long long *out)
{
	const char *p = text;
	long long v = 0;

	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (p == text || *p != '\0' || v < min || v > max)
		return cmd_complain(cmd, TR("不是有效的编号或数字：%s", "not a valid number: %s"),
				    text);
	*out = v;
	return YG_EXIT_OK;
}

/* Open a session (logged in if login), make one request and close. Takes
 * args; on success *result is the result, to be freed by the caller. */
int cmd_call(const struct yg_opts *opts, int login, const char *op, cJSON *args, cJSON **result)
{
	struct yg_conn c;
	int rc = conn_session(&c, opts, login);

	if (rc != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	rc = conn_call_print(&c, op, args, result);
	conn_close(&c);
	return rc;
}

/* Add one cell to the table (printf's output as one line, cleaned: a
 * server's text cannot steer the terminal nor forge a row). */
void rows_addf(struct rows *t, const char *fmt, ...)
{
	va_list ap;
	char *cell = NULL, *raw = NULL;
	int n;

	if (t->n == t->cap) {
		t->cap = t->cap != 0 ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, (size_t)t->cap * sizeof(*t->cells));
	}
	va_start(ap, fmt);
	n = vasprintf(&raw, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	cell = ts_dup(raw, 0);
	free(raw);
	t->cells[t->n++] = cell;
}

/* Add one cell holding s ("" for NULL). */
void rows_add(struct rows *t, const char *s)
{
	rows_addf(t, "%s", s != NULL ? s : "");
}

/* Add a cell holding v as compact JSON. */
void rows_add_json(struct rows *t, const cJSON *v)
{
	char *text = v != NULL ? cJSON_PrintUnformatted(v) : NULL;

	rows_add(t, text != NULL ? text : "");
	free(text);
}

/* Print the table, its first row being the heading (or a line saying it is
 * empty), and free it. */
void rows_print(struct rows *t)
{
	int i;

	if (t->n <= t->ncols)
		printf("%s\n", TR("（无）", "(none)"));
	else
		tw_table(stdout, t->ncols, t->n / t->ncols, (const char *const *)t->cells);
	for (i = 0; i < t->n; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->n = t->cap = 0;
}

/* Take every flag name (an option without a value, "--public") out of
 * argv, up to a "--"; how many times it was given. */
int cmd_take_flag(int *argc, char **argv, const char *name)
{
	int i, j = 1, n = 0, rest = 0;

	for (i = 1; i < *argc; i++) {
		if (!rest && strcmp(argv[i], "--") == 0)
			rest = 1;
		if (!rest && strcmp(argv[i], name) == 0)
			n++;
		else
			argv[j++] = argv[i];
	}
	if (j < *argc)
		argv[j] = NULL;
	*argc = j;
	return n;
}

/* The committee a command names without logging in: its own --committee
 * option (text, NULL if not given), else yg's --committee. */
int cmd_committee(const struct cmd_entry *cmd, const char *text, const struct yg_opts *opts,
		  long long *out)
{
	int rc;

	*out = opts->committee;
	if (text != NULL && (rc = cmd_number(cmd, text, 1, ID_MAX, out)) != YG_EXIT_OK)
		return rc;
	if (*out <= 0)
		return cmd_usage_error(
			cmd, TR("请用 --committee 指定委员会编号（yg committee list 可查）",
				"give the committee's number with --committee (see yg "
				"committee list)"));
	return YG_EXIT_OK;
}

#define CMD_FIELD_WIDTH 16 /* columns of a record's labels */

/* One line of a record: the label, padded, then the value (cleaned); a
 * value of several lines has the later ones indented under the first. */
void cmd_field(const char *label, const char *fmt, ...)
{
	va_list ap;
	char *raw = NULL, *value, *p, *lab = ts_dup(label, 0);

	va_start(ap, fmt);
	if (vasprintf(&raw, fmt, ap) < 0)
		abort();
	va_end(ap);
	value = ts_dup(raw, TS_MULTILINE);
	free(raw);
	fputs("  ", stdout);
	tw_pad(stdout, lab, CMD_FIELD_WIDTH);
	free(lab);
	for (p = value; *p != '\0'; p++) {
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			printf("%*s", 2 + CMD_FIELD_WIDTH, "");
	}
	putchar('\n');
	free(value);
}

/* Print s on f as one line, cleaned: line breaks and tabs become spaces,
 * controls and bidi characters U+FFFD (termsafe.h). */
void cmd_put_flat(FILE *f, const char *s)
{
	char *safe = ts_dup(s, 0);

	fputs(safe, f);
	free(safe);
}
