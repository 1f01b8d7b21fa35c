#include "scrutiny.h"

bool rules_may_decrypt(long ballots, long rule)
{
	long min = rule > 0 ? rule : RULES_DECRYPT_MIN_DEFAULT;

	if (min < RULES_DECRYPT_MIN_FLOOR)
		min = RULES_DECRYPT_MIN_FLOOR;
	return ballots >= min;
}
