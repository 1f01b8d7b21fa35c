#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../proto/events.h"
#include "../i18n.h"
#include "tui_events.h"

static const char *js(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* A number member, 0 if absent or beyond 2^53 (inf or 1e300 would not
 * convert). */
static long long ji(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(v) ||
	    !(v->valuedouble >= -9007199254740992.0 && v->valuedouble <= 9007199254740992.0))
		return 0;
	return (long long)v->valuedouble;
}

/* Append to buf (of len) after what it holds. */
static void put(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* After the last put: if buf was cut through a UTF-8 character, take off
 * what is left of it. */
static void whole(char *buf)
{
	size_t end = strlen(buf), k = end, need;
	unsigned char b;

	while (k > 0 && end - k < 3 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0)
		return;
	b = (unsigned char)buf[k - 1];
	need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
	if (k - 1 + need > end)
		buf[k - 1] = '\0';
}

const char *tev_position(const char *p)
{
	if (strcmp(p, "agree") == 0)
		return TR("同意", "agree");
	if (strcmp(p, "disagree") == 0)
		return TR("不同意", "disagree");
	if (strcmp(p, "defer") == 0)
		return TR("缓议", "defer");
	return p;
}

const char *tev_label(const char *label)
{
	if (strcmp(label, "同意") == 0)
		return TR("同意", "agree");
	if (strcmp(label, "不同意") == 0)
		return TR("不同意", "disagree");
	if (strcmp(label, "弃权") == 0)
		return TR("弃权", "abstain");
	return label;
}

const char *tev_result(const char *r)
{
	if (strcmp(r, "adopted") == 0)
		return TR("通过", "adopted");
	if (strcmp(r, "rejected") == 0)
		return TR("未通过", "rejected");
	if (strcmp(r, "elected") == 0)
		return TR("选举产生", "elected");
	if (strcmp(r, "runoff") == 0)
		return TR("末位同票，须再次投票", "tie at the last seat: a run-off round");
	return TR("无效", "void");
}

const char *tev_state(enum tm_state s)
{
	switch (s) {
	case TM_PENDING:
		return TR("待审议", "pending");
	case TM_OPEN:
		return TR("审议中", "under discussion");
	case TM_DISCUSSED:
		return TR("讨论结束", "discussed");
	case TM_VOTING:
		return TR("投票中", "voting");
	case TM_DECRYPTING:
		return TR("解密计票中", "counting");
	case TM_RUNOFF:
		return TR("须再次投票", "run-off due");
	case TM_DECIDED:
		return TR("已宣布结果", "result announced");
	case TM_DEFERRED:
		return TR("缓议", "deferred");
	case TM_REMOVED:
		return TR("已撤下", "removed");
	}
	return "?";
}

const char *tev_status(const char *s)
{
	if (strcmp(s, "draft") == 0)
		return TR("筹备中", "draft");
	if (strcmp(s, "announced") == 0)
		return TR("已公布，未开会", "announced");
	if (strcmp(s, "open") == 0)
		return TR("开会中", "in session");
	if (strcmp(s, "closed") == 0)
		return TR("已散会", "closed");
	return s;
}

void tev_counts(const struct tm_item *it, char *buf, size_t len)
{
	int i, named = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < it->nlabels; i++)
		put(buf, len, TR("%s%s %lld 票", "%s%s %lld"), i > 0 ? TR("，", ", ") : "",
		    tev_label(it->labels[i]), it->counts[i]);
	put(buf, len, " — %s", tev_result(it->result));
	for (i = 0; i < it->nelected; i++)
		if (it->elected[i] >= 0 && it->elected[i] < it->nlabels)
			put(buf, len, TR("%s%s", "%s%s"),
			    named++ == 0 ? TR("；当选 ", "; elected ") : TR("、", ", "),
			    it->labels[it->elected[i]]);
	whole(buf);
}

/* " (present P of E)" */
static void tev_present(const cJSON *d, char *buf, size_t len)
{
	put(buf, len, TR("（到会 %lld / 应到会 %lld）", " (%lld of %lld present)"),
	    ji(d, "present"), ji(d, "entitled"));
}

static int tev_meeting(const char *ev, const cJSON *d, char *buf, size_t len)
{
	if (event_is(ev, EV_MEETING_ANNOUNCED))
		put(buf, len, TR("会议公布：%s，%s", "meeting announced: %s, %s"), js(d, "title"),
		    js(d, "place"));
	else if (event_is(ev, EV_MEETING_OPENED)) {
		put(buf, len, "%s", TR("宣布开会", "the meeting is open"));
		tev_present(d, buf, len);
	} else if (event_is(ev, EV_MEETING_CLOSED)) {
		put(buf, len, "%s", TR("宣布散会", "the meeting is closed"));
		tev_present(d, buf, len);
	} else if (event_is(ev, EV_OBSERVER_INVITED))
		put(buf, len, TR("邀请 %s 列席", "%s is invited to observe"), js(d, "name"));
	else if (event_is(ev, EV_MINUTES_SIGNED))
		put(buf, len, TR("%s 签署会议记录", "%s signed the minutes"), js(d, "name"));
	else if (event_is(ev, EV_PRESIDING_SUCCEEDED))
		put(buf, len, TR("%s 接替 %s 行使主持人职权", "%s succeeds %s as presiding chair"),
		    js(d, "name"), js(d, "predecessor_name"));
	else if (event_is(ev, EV_MINUTES_CORRECTION_PROPOSED))
		put(buf, len, TR("%s 提出会议记录更正", "%s proposes a correction of the minutes"),
		    js(d, "name"));
	else if (event_is(ev, EV_MINUTES_CORRECTION_SIGNED))
		put(buf, len, TR("%s 会签会议记录更正", "%s co-signs a correction of the minutes"),
		    js(d, "name"));
	else if (event_is(ev, EV_ATTENDANCE_IN) || event_is(ev, EV_ATTENDANCE_OUT)) {
		int in = event_is(ev, EV_ATTENDANCE_IN);

		if (strcmp(js(d, "kind"), "observer") == 0)
			put(buf, len,
			    in ? TR("列席人员 %s 到场", "observer %s arrives")
			       : TR("列席人员 %s 离场", "observer %s leaves"),
			    js(d, "name"));
		else {
			put(buf, len,
			    in ? TR("%s 到会", "%s checks in") : TR("%s 离会", "%s leaves"),
			    js(d, "name"));
			tev_present(d, buf, len);
		}
	} else if (event_is(ev, EV_ATTENDANCE_ABSENT))
		put(buf, len, TR("%s 缺席：%s", "%s is absent: %s"), js(d, "name"),
		    js(d, "reason"));
	else
		return 0;
	return 1;
}

static int tev_agenda(const struct tm_meeting *m, const char *ev, const cJSON *d, char *buf,
		      size_t len)
{
	long long item = ji(d, "item");

	if (event_is(ev, EV_AGENDA_OPENED))
		put(buf, len,
		    TR("开始审议议题 %lld：%s（主持：%s）",
		       "item %lld taken up: %s (presiding: %s)"),
		    item, js(d, "title"), tm_name(m, ji(d, "presiding")));
	else if (event_is(ev, EV_AGENDA_PRESENTED))
		put(buf, len, TR("%s 汇报议题 %lld%s%s", "%s presents item %lld%s%s"),
		    js(d, "name"), item, js(d, "body")[0] ? TR("：", ": ") : "", js(d, "body"));
	else if (event_is(ev, EV_AGENDA_STATEMENT)) {
		const struct tm_item *it = tm_item_c(m, item);

		put(buf, len, "%s ", js(d, "name"));
		if (it != NULL && it->personnel && ji(d, "candidate") >= 0 &&
		    ji(d, "candidate") < it->ncand)
			put(buf, len, TR("就%s ", "on %s "), it->cand[ji(d, "candidate")]);
		else if (it != NULL && it->personnel)
			put(buf, len, TR("就候选人 %lld ", "on candidate %lld "),
			    ji(d, "candidate") + 1);
		if (strcmp(js(d, "kind"), "pass") == 0)
			put(buf, len, "%s", TR("放弃表态", "passes"));
		else
			put(buf, len, TR("表态：%s — %s", "states: %s — %s"),
			    tev_position(js(d, "position")), js(d, "body"));
	} else if (event_is(ev, EV_AGENDA_RECUSED))
		put(buf, len, TR("%s 回避议题 %lld：%s", "%s recuses from item %lld: %s"),
		    js(d, "name"), item, js(d, "reason"));
	else if (event_is(ev, EV_AGENDA_PRESIDING))
		put(buf, len, TR("议题 %lld 改由 %s 主持", "item %lld is now presided by %s"), item,
		    js(d, "name"));
	else if (event_is(ev, EV_AGENDA_DEFERRED))
		put(buf, len, TR("议题 %lld 缓议：%s", "item %lld is deferred: %s"), item,
		    js(d, "reason"));
	else if (event_is(ev, EV_AGENDA_DISCUSSED))
		put(buf, len, TR("议题 %lld 讨论结束", "discussion of item %lld is closed"), item);
	else if (event_is(ev, EV_FLOOR_REQUESTED))
		put(buf, len, TR("%s 申请发言", "%s asks for the floor"), js(d, "name"));
	else if (event_is(ev, EV_FLOOR_GRANTED))
		put(buf, len, TR("准许 %s 发言", "%s is given the floor"), js(d, "name"));
	else if (event_is(ev, EV_FLOOR_REMARK))
		put(buf, len, TR("记录 %s（%s）的发言：%s", "minuted what %s (%s) said: %s"),
		    js(d, "speaker"), js(d, "category_name"), js(d, "body"));
	else if (event_is(ev, EV_AGENDA_AGREED))
		put(buf, len, TR("议题 %lld 议定事项：%s", "item %lld, agreed: %s"), item,
		    js(d, "text"));
	else
		return 0;
	return 1;
}

static int tev_vote(const struct tm_meeting *m, const char *ev, const cJSON *d, char *buf,
		    size_t len)
{
	const cJSON *s;
	int i = 0;

	if (event_is(ev, EV_SCRUTINEERS_DESIGNATED)) {
		put(buf, len, "%s", TR("监票人：", "scrutineers: "));
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(d, "scrutineers")) {
			put(buf, len, "%s%s", i++ ? TR("、", ", ") : "", js(s, "name"));
		}
	} else if (event_is(ev, EV_SCRUTINEER_KEY))
		put(buf, len, TR("监票人 %s 公布密钥", "scrutineer %s publishes a key"),
		    js(d, "name"));
	else if (event_is(ev, EV_ELECTION_KEY))
		put(buf, len, "%s", TR("选举公钥已生成", "the election key is made"));
	else if (event_is(ev, EV_VOTE_OPENED))
		put(buf, len,
		    TR("议题 %lld 第 %lld 轮表决开始：可投票 %d 人",
		       "item %lld, round %lld: voting open to %d"),
		    ji(d, "item"), ji(d, "round"),
		    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "eligible")));
	else if (event_is(ev, EV_VOTE_CAST))
		put(buf, len, TR("议题 %lld 已投 %lld/%lld", "item %lld: %lld of %lld cast"),
		    ji(d, "item"), ji(d, "cast"), ji(d, "eligible"));
	else if (event_is(ev, EV_VOTE_CLOSING))
		put(buf, len,
		    TR("议题 %lld 投票结束，共 %lld 票，监票人解密中",
		       "item %lld: voting closed, %lld ballots; the scrutineers decrypt"),
		    ji(d, "item"), ji(d, "ballots"));
	else if (event_is(ev, EV_VOTE_DECRYPTED))
		put(buf, len, TR("监票人 %s 已解密", "scrutineer %s has decrypted"), js(d, "name"));
	else if (event_is(ev, EV_VOTE_RESULT)) {
		const struct tm_item *it = tm_item_c(m, ji(d, "item"));
		char counts[256];

		put(buf, len, TR("议题 %lld 表决结果：", "item %lld, result: "), ji(d, "item"));
		if (it != NULL) {
			tev_counts(it, counts, sizeof(counts));
			put(buf, len, "%s", counts);
		}
	} else
		return 0;
	return 1;
}

void tev_text(const struct tm_meeting *m, const char *ev, const cJSON *d, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (!tev_meeting(ev, d, buf, len) && !tev_agenda(m, ev, d, buf, len) &&
	    !tev_vote(m, ev, d, buf, len))
		put(buf, len, "%s", ev);
	whole(buf);
}
