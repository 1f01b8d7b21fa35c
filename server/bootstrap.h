/* `ygd bootstrap COMMITTEE NAME KEY [TITLE]`: on the server machine, straight
 * against the database, register an admin's public key (creating the
 * committee with default rules if it does not exist). This is how the first
 * admin gets in without any default secret; everything after goes through
 * the authenticated protocol. Recorded in the admin log as 'local'. */
#ifndef YG_SERVER_BOOTSTRAP_H
#define YG_SERVER_BOOTSTRAP_H

int bootstrap_run(const char *conninfo, int argc, char **argv);

#endif
