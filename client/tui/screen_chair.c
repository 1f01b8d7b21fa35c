#include "../i18n.h"
#include "tui.h"

static const char *chair_name(void)
{
	return "chair";
}

static int chair_available(const struct tui *t)
{
	(void)t;
	return 0;
}

static void chair_draw(struct tui *t, struct tl_rect body)
{
	(void)t;
	(void)body;
}

static int chair_keys(struct tui *t, const char **labels, int max)
{
	(void)t;
	(void)labels;
	(void)max;
	return 0;
}

static int chair_key(struct tui *t, int ch, int fn)
{
	(void)t;
	(void)ch;
	(void)fn;
	return 0;
}

const struct tui_screen screen_chair = {
	.name = chair_name,
	.available = chair_available,
	.draw = chair_draw,
	.keys = chair_keys,
	.key = chair_key,
};
