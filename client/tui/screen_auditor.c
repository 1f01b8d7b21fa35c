#include "../i18n.h"
#include "tui.h"

static const char *auditor_name(void)
{
	return "auditor";
}

static int auditor_available(const struct tui *t)
{
	(void)t;
	return 0;
}

static void auditor_draw(struct tui *t, struct tl_rect body)
{
	(void)t;
	(void)body;
}

static int auditor_keys(struct tui *t, const char **labels, int max)
{
	(void)t;
	(void)labels;
	(void)max;
	return 0;
}

static int auditor_key(struct tui *t, int ch, int fn)
{
	(void)t;
	(void)ch;
	(void)fn;
	return 0;
}

const struct tui_screen screen_auditor = {
	.name = auditor_name,
	.available = auditor_available,
	.draw = auditor_draw,
	.keys = auditor_keys,
	.key = auditor_key,
};
