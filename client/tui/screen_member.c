#include "../i18n.h"
#include "tui.h"

static const char *member_name(void)
{
	return "member";
}

static int member_available(const struct tui *t)
{
	(void)t;
	return 0;
}

static void member_draw(struct tui *t, struct tl_rect body)
{
	(void)t;
	(void)body;
}

static int member_keys(struct tui *t, const char **labels, int max)
{
	(void)t;
	(void)labels;
	(void)max;
	return 0;
}

static int member_key(struct tui *t, int ch, int fn)
{
	(void)t;
	(void)ch;
	(void)fn;
	return 0;
}

const struct tui_screen screen_member = {
	.name = member_name,
	.available = member_available,
	.draw = member_draw,
	.keys = member_keys,
	.key = member_key,
};
