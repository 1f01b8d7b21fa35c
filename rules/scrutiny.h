/* The rule decrypt_min_ballots (BALLOT.md §9.1): a scrutineer's terminal
 * decrypts no sum of fewer ballots than the committee's rule says, and
 * never of fewer than RULES_DECRYPT_MIN_FLOOR whatever it is told, since
 * the sum of one ballot is that ballot. */
#ifndef YG_RULES_SCRUTINY_H
#define YG_RULES_SCRUTINY_H

#include <stdbool.h>

#define RULES_DECRYPT_MIN_DEFAULT 3
#define RULES_DECRYPT_MIN_FLOOR   2

/* Whether a sum of ballots may be decrypted under the rule (0: the
 * rule is missing, its default applies). */
bool rules_may_decrypt(long ballots, long rule);

#endif
