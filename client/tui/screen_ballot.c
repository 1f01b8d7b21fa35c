#include "tui.h"

void tb_open(struct tui *t, long long item)
{
	(void)t;
	(void)item;
}
void tb_draw(struct tui *t, struct tl_rect body)
{
	(void)t;
	(void)body;
}
int tb_keys(struct tui *t, const char **labels, int max)
{
	(void)t;
	(void)labels;
	(void)max;
	return 0;
}
void tb_key(struct tui *t, int ch, int fn)
{
	(void)t;
	(void)ch;
	(void)fn;
}
