#include <string.h>

#include "authz.h"

#define ADMIN        ROLE_ADMIN
#define AUDITOR      ROLE_AUDITOR
#define CHAIR        ROLE_CHAIR
#define CLERK        ROLE_CLERK
#define MEMBER       ROLE_MEMBER
#define ANYONE       ROLE_PUBLIC
#define IN_COMMITTEE ROLES_COMMITTEE
#define LOGGED_IN    ROLES_ANY

const struct authz_rule authz_table[] = {
	/* connection */
	{"hello", ANYONE},
	{"ping", ANYONE},
	{"server.info", ANYONE},
	{"subscribe", ANYONE},
	{"unsubscribe", ANYONE},
	/* login */
	{"auth.challenge", ANYONE},
	{"auth.login", ANYONE},
	{"auth.whoami", LOGGED_IN},
	/* the catalogue and committees */
	{"catalog.get", ANYONE},
	{"committee.list", ANYONE},
	{"committee.create", ADMIN},
	/* members and their keys */
	{"member.add", ADMIN},
	{"member.list", IN_COMMITTEE},
	{"member.update", ADMIN},
	{"key.rotate", ADMIN},
	{"key.revoke", ADMIN},
	{"key.history", ADMIN | AUDITOR},
	/* rules */
	{"rules.get", LOGGED_IN},
	{"rules.set", ADMIN},
	/* the observer pool */
	{"observer.register", ANYONE},
	{"observer.list", ADMIN | CHAIR | AUDITOR},
	{"observer.decide", ADMIN},
	{"observer.category.add", ADMIN},
	/* the record */
	{"audit.log", ADMIN | AUDITOR},
	/* the power list */
	{"power.list", ANYONE},
	{"power.add", ADMIN},
	{"power.update", ADMIN},
	{"power.retire", ADMIN},
	/* agenda items; the database checks who is in charge of which item */
	{"item.create", MEMBER},
	{"item.update", MEMBER},
	{"item.revise", MEMBER},
	{"item.announce", MEMBER | CHAIR},
	{"item.withdraw", MEMBER | CHAIR},
	{"item.object", MEMBER},
	{"item.list", IN_COMMITTEE},
	{"item.show", IN_COMMITTEE},
	{"item.gates", IN_COMMITTEE},
	{"item.public", ANYONE},
	{"item.confidential", CHAIR},
	/* comments: observers and the public; members object instead */
	{"comment.submit", ANYONE},
	{"comment.list", IN_COMMITTEE},
	/* materials */
	{"material.begin", MEMBER | CHAIR | CLERK},
	{"material.chunk", MEMBER | CHAIR | CLERK},
	{"material.finish", MEMBER | CHAIR | CLERK},
	{"material.get", IN_COMMITTEE},
	/* meetings */
	{"meeting.create", CHAIR},
	{"meeting.add_item", CHAIR},
	{"meeting.remove_item", CHAIR},
	{"meeting.announce", CHAIR},
	{"meeting.list", IN_COMMITTEE | ROLE_OBSERVER}, /* observers: their invitations */
	{"meeting.show", IN_COMMITTEE},
	/* running a meeting; the database checks roster and invitations */
	{"meeting.invite", CHAIR},
	{"meeting.check_in", MEMBER | ROLE_OBSERVER},
	{"meeting.check_out", MEMBER | ROLE_OBSERVER},
	{"meeting.absent", CHAIR},
	{"meeting.open", CHAIR},
	{"meeting.close", CHAIR},
	{"meeting.follow", LOGGED_IN},
	{"meeting.state", LOGGED_IN},
	{"meeting.log", IN_COMMITTEE},
	/* the items of a meeting in progress; the database checks who presides */
	{"agenda.open", CHAIR},
	{"agenda.present", MEMBER},
	{"agenda.speak", MEMBER},
	{"agenda.pass", MEMBER},
	{"agenda.recuse", MEMBER},
	{"agenda.preside", MEMBER},
	{"agenda.defer", MEMBER},
	{"agenda.close", MEMBER},
	{"floor.request", MEMBER | ROLE_OBSERVER},
	{"floor.grant", MEMBER},
	/* the vote; the database checks who presides, who may vote, who scrutinizes */
	{"scrutineer.designate", CHAIR},
	{"scrutineer.list", LOGGED_IN},
	{"scrutineer.publish", MEMBER},
	{"scrutineer.tasks", MEMBER},
	{"vote.open", CHAIR | MEMBER},
	{"vote.status", LOGGED_IN},
	{"vote.cast", MEMBER},
	{"vote.close", CHAIR | MEMBER},
	{"vote.decrypt", MEMBER},
	{"vote.record", IN_COMMITTEE},
	/* minutes and the record */
	{"minutes.get", IN_COMMITTEE},
	{"minutes.sign", CHAIR | CLERK},
	{"presiding.succeed", ADMIN | CHAIR},
	{"minutes.correct", CLERK},
	{"minutes.countersign", CHAIR},
	{"meeting.record", IN_COMMITTEE},
	/* publication (决策结果公开) */
	{"publication.publish", CHAIR},
	{"publication.list", CHAIR | ROLE_AUDITOR},
	{"publication.revise", CHAIR},
	{NULL, 0},
};

/* The roles allowed to call op, 0 if it is not listed. */
unsigned authz_roles(const char *op)
{
	const struct authz_rule *r;

	for (r = authz_table; r->op != NULL; r++)
		if (strcmp(r->op, op) == 0)
			return r->roles;
	return 0;
}

/* May a caller with these roles (none if not logged in) call op? */
enum authz_result authz_check(const char *op, bool logged_in, unsigned caller_roles)
{
	unsigned roles = authz_roles(op);

	if (roles == 0)
		return AUTHZ_UNLISTED;
	if (roles & ROLE_PUBLIC)
		return AUTHZ_ALLOW;
	if (!logged_in)
		return AUTHZ_UNAUTHENTICATED;
	return (roles & caller_roles) != 0 ? AUTHZ_ALLOW : AUTHZ_FORBIDDEN;
}
