/* A meeting's codes as people say them, in the chosen language, for the
 * command line and the full-screen terminal alike (code_text.c): a
 * position taken on an item, a vote's result, a publication mode, and the
 * rule of order a refusal names. */
#ifndef YG_CLIENT_CODE_TEXT_H
#define YG_CLIENT_CODE_TEXT_H

const char *position_text(const char *position);
const char *vote_result_text(const char *result);
const char *publication_mode_text(const char *mode);
/* The rule a refusal's message names, or NULL when it names none. */
const char *rule_text(const char *message);

#endif
