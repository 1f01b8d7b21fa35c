#include <stdio.h>
#include <string.h>

#include "cmd_ops.h"

/* The operation of the command named command: op when given (NULL for ""),
 * else the name spelled as an operation ("agenda pass": agenda.pass,
 * "meeting check-in": meeting.check_in, "admin member add": member.add). */
const struct op_def *cmd_ops_find(const char *command, const char *op)
{
	char name[64];
	size_t n = 0;
	int words = 0;

	if (op != NULL)
		return op[0] == '\0' ? NULL : op_def_find(op);
	if (strncmp(command, "admin ", 6) == 0)
		command += 6;
	for (; *command != '\0' && n + 1 < sizeof(name); command++) {
		if (*command == ' ')
			name[n++] = words++ == 0 ? '.' : '_';
		else
			name[n++] = *command == '-' ? '_' : *command;
	}
	name[n] = '\0';
	return op_def_find(name);
}

/* The roles that may call def, "chair, member", or "anyone". */
void cmd_ops_roles(const struct op_def *def, char *buf, size_t len)
{
	static const unsigned roles[] = {ROLE_ADMIN, ROLE_CHAIR,   ROLE_MEMBER,
					 ROLE_CLERK, ROLE_AUDITOR, ROLE_OBSERVER};
	size_t i, n = 0;

	buf[0] = '\0';
	if (def->roles & ROLE_PUBLIC) {
		snprintf(buf, len, "anyone");
		return;
	}
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]) && n < len; i++)
		if (def->roles & roles[i])
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
					      role_name(roles[i]));
}
