#include "../i18n.h"
#include "tui.h"

static const char *scrutineer_name(void)
{
	return "scrutineer";
}

static int scrutineer_available(const struct tui *t)
{
	(void)t;
	return 0;
}

static void scrutineer_draw(struct tui *t, struct tl_rect body)
{
	(void)t;
	(void)body;
}

static int scrutineer_keys(struct tui *t, const char **labels, int max)
{
	(void)t;
	(void)labels;
	(void)max;
	return 0;
}

static int scrutineer_key(struct tui *t, int ch, int fn)
{
	(void)t;
	(void)ch;
	(void)fn;
	return 0;
}

const struct tui_screen screen_scrutineer = {
	.name = scrutineer_name,
	.available = scrutineer_available,
	.draw = scrutineer_draw,
	.keys = scrutineer_keys,
	.key = scrutineer_key,
};
