/* A meeting's codes in words (code_text.h). */
#include <stddef.h>
#include <string.h>

#include "code_text.h"
#include "i18n.h"

/* A rule the server names in a refusal, explained. */
struct agenda_rule {
	const char *code, *zh, *en;
};

static const struct agenda_rule agenda_rules[] = {
	{"not_presented", "须由分管领导先汇报议题", "the member in charge presents the item first"},
	{"not_presenter", "只有分管领导汇报议题", "only the member in charge presents the item"},
	{"already_presented", "议题已经汇报过", "the item has been presented already"},
	{"(recused)", "你已声明回避此议题，不参加讨论", "you are recused from this item"},
	{"already_spoke", "你已就此表态（或放弃表态），每人一次",
	 "you have stated a position (or passed) on this already; once each"},
	{"pass_not_allowed", "干部任免议题每位委员都须表态，不能放弃",
	 "on cadre items every member states a position"},
	{"bad_candidate", "干部任免议题须用 --candidate 指明候选人，其他议题不用",
	 "on cadre items name the candidate with --candidate; on other items do not"},
	{"chair_not_last", "主持人末位表态：其他到会委员尚未全部表态或放弃表态",
	 "the presiding chair speaks last: other members have yet to state or pass"},
	{"contested", "议题存在争议（正式异议或公众反对意见过多），只能缓议",
	 "the item is contested: it can only be deferred"},
	{"have yet to state", "尚有委员未表态；每位参加讨论的委员都须表态或放弃表态后才能结束讨论",
	 "members have yet to state a position or pass"},
	{"statement is missing", "尚缺分管领导汇报或主持人表态",
	 "the presentation or the presiding chair's statement is missing"},
	{"another item is open", "另一议题正在审议；先结束或缓议它",
	 "another item is open; close or defer it first"},
	{"no quorum for this item", "到会人数不足以审议此议题（干部任免议题须三分之二以上）",
	 "too few members present to take up this item (cadre items: two thirds)"},
};

/* A position as people say it: 同意, 不同意, 缓议, or a pass. */
const char *position_text(const char *position)
{
	if (strcmp(position, "agree") == 0)
		return TR("同意", "agree");
	if (strcmp(position, "disagree") == 0)
		return TR("不同意", "disagree");
	if (strcmp(position, "defer") == 0)
		return TR("缓议", "defer");
	if (strcmp(position, "pass") == 0)
		return TR("放弃表态", "passed");
	return position;
}

/* After the server's refusal: the rule it names, in the chosen language,
 * or NULL when the message names none of the rules of order. */
const char *rule_text(const char *message)
{
	size_t i;

	for (i = 0; i < sizeof(agenda_rules) / sizeof(agenda_rules[0]); i++)
		if (strstr(message, agenda_rules[i].code) != NULL)
			return TR(agenda_rules[i].zh, agenda_rules[i].en);
	return NULL;
}

/* 全文公开 / 摘要公开 / 不予公开 for a publication mode. */
const char *publication_mode_text(const char *mode)
{
	if (strcmp(mode, "full") == 0)
		return TR("全文公开", "published in full");
	if (strcmp(mode, "summary") == 0)
		return TR("摘要公开", "published in summary");
	if (strcmp(mode, "withheld") == 0)
		return TR("不予公开", "withheld");
	if (strcmp(mode, "withdrawn") == 0)
		return TR("已撤回", "withdrawn");
	return mode;
}

/* What a vote's result means, as people say it (minutes and follow too). */
const char *vote_result_text(const char *result)
{
	if (strcmp(result, "adopted") == 0)
		return TR("通过", "adopted");
	if (strcmp(result, "rejected") == 0)
		return TR("未通过", "rejected");
	if (strcmp(result, "elected") == 0)
		return TR("选举产生", "elected");
	if (strcmp(result, "runoff") == 0)
		return TR("末位同票，须再次投票", "tie at the last seat: a run-off round");
	return TR("无效", "void");
}
