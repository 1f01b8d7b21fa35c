#include <stddef.h>
#include <string.h>

#include "events.h"

#define M  EVS_MEETING
#define C  EVS_COMMITTEE
#define P  EVS_PUBLIC
#define RM EV_SEEN_ROOM
#define NC EV_SEEN_ROOM_NO_CADRE
#define MO EV_SEEN_MEMBERS

/* One row per event, in the order of enum event_id: name, streams,
 * visibility, what it says (zh, en), and the operations that cause it. */
/* clang-format off */
const struct event_def events[EV__COUNT] = {
	[EV_UNKNOWN] = {NULL, 0, RM, "", ""},
	[EV_MEETING_ANNOUNCED] = {"meeting.announced", M | C, RM, "会议通知", "meeting announced", {"meeting.announce"}},
	[EV_MEETING_OPENED] = {"meeting.opened", M, RM, "宣布开会", "meeting opened", {"meeting.open"}},
	[EV_MEETING_CLOSED] = {"meeting.closed", M, RM, "散会", "meeting closed", {"meeting.close"}},
	[EV_OBSERVER_INVITED] = {"observer.invited", M, RM, "邀请列席", "observer invited", {"meeting.invite"}},
	[EV_ATTENDANCE_IN] = {"attendance.in", M, RM, "签到", "checked in", {"meeting.check_in"}},
	[EV_ATTENDANCE_OUT] = {"attendance.out", M, RM, "离会", "left", {"meeting.check_out"}},
	[EV_ATTENDANCE_ABSENT] = {"attendance.absent", M, RM, "请假", "recorded absent", {"meeting.absent"}},
	[EV_AGENDA_OPENED] = {"agenda.opened", M, NC, "开启议题", "item taken up", {"agenda.open"}},
	[EV_AGENDA_PRESENTED] = {"agenda.presented", M, NC, "分管领导汇报", "item presented", {"agenda.present"}},
	[EV_AGENDA_STATEMENT] = {"agenda.statement", M, NC, "表态", "position stated or passed", {"agenda.speak", "agenda.pass"}},
	[EV_AGENDA_RECUSED] = {"agenda.recused", M, NC, "回避", "member recused", {"agenda.recuse"}},
	[EV_AGENDA_PRESIDING] = {"agenda.presiding", M, NC, "移交主持", "presiding handed over", {"agenda.preside"}},
	[EV_AGENDA_DEFERRED] = {"agenda.deferred", M, NC, "缓议", "item deferred", {"agenda.defer"}},
	[EV_AGENDA_DISCUSSED] = {"agenda.discussed", M, NC, "讨论结束", "discussion closed", {"agenda.close"}},
	[EV_FLOOR_REQUESTED] = {"floor.requested", M, NC, "申请发言", "floor requested", {"floor.request"}},
	[EV_FLOOR_GRANTED] = {"floor.granted", M, NC, "准许发言", "floor granted", {"floor.grant"}},
	[EV_MINUTES_SIGNED] = {"minutes.signed", M, RM, "纪要签署", "minutes signed", {"minutes.sign"}},
	[EV_MINUTES_CORRECTION_PROPOSED] = {"minutes.correction_proposed", M, MO, "纪要更正提出", "minutes correction proposed", {"minutes.correct"}},
	[EV_MINUTES_CORRECTION_SIGNED] = {"minutes.correction_signed", M, MO, "纪要更正签署", "minutes correction signed", {"minutes.countersign"}},
	[EV_PRESIDING_SUCCEEDED] = {"presiding.succeeded", M, RM, "主持人接替", "presiding authority succeeded", {"presiding.succeed"}},
	[EV_SCRUTINEERS_DESIGNATED] = {"scrutineers.designated", M, RM, "指定监票人", "scrutineers designated", {"scrutineer.designate"}},
	[EV_SCRUTINEER_KEY] = {"scrutineer.key", M, RM, "监票人公布密钥", "scrutineer key published", {"scrutineer.publish"}},
	[EV_ELECTION_KEY] = {"election.key", M, RM, "选举公钥生成", "election key made", {"election.key"}},
	[EV_VOTE_OPENED] = {"vote.opened", M, RM, "开始表决", "vote opened", {"vote.open"}},
	[EV_VOTE_CAST] = {"vote.cast", M, RM, "投票", "ballot cast", {"vote.cast"}},
	[EV_VOTE_CLOSING] = {"vote.closing", M, RM, "结束投票", "voting closed", {"vote.close"}},
	[EV_VOTE_DECRYPTED] = {"vote.decrypted", M, RM, "监票人解密", "scrutineer decrypted", {"vote.decrypt"}},
	[EV_VOTE_RESULT] = {"vote.result", M, RM, "表决结果", "vote result", {"vote.result"}},
	[EV_VOTE_VOIDED] = {"vote.voided", M, RM, "表决轮次作废", "vote round voided", {"vote.void"}},
	[EV_AGENDA_AGREED] = {"agenda.agreed", M, NC, "议定事项", "decisions agreed recorded", {"minutes.agree"}},
	[EV_FLOOR_REMARK] = {"floor.remark", M, NC, "列席发言记录", "observer's remark minuted", {"minutes.remark"}},
	[EV_SCRUTINEER_SEALED] = {"scrutineer.sealed", M, RM, "监票人分发份额", "scrutineer sent sealed shares", {"scrutineer.seal"}},
	[EV_SCRUTINEER_ACCEPTED] = {"scrutineer.accepted", M, RM, "监票人接受份额", "scrutineer accepted its share", {"scrutineer.accept"}},
	[EV_MEMBER_ADDED] = {"member.added", C, RM, "新增成员", "member added"},
	[EV_MEMBER_UPDATED] = {"member.updated", C, RM, "成员变更", "member updated"},
	[EV_RULES_CHANGED] = {"rules.changed", C, RM, "议事规则变更", "rules changed"},
	[EV_OBSERVER_REGISTERED] = {"observer.registered", C, RM, "列席人员登记", "observer registered"},
	[EV_OBSERVER_DECIDED] = {"observer.decided", C, RM, "列席登记审核", "observer decided"},
	[EV_ITEM_CREATED] = {"item.created", C, RM, "议题起草", "item drafted"},
	[EV_ITEM_UPDATE] = {"item.update", C, RM, "议题修改", "item edited"},
	[EV_ITEM_REVISE] = {"item.revise", C, RM, "议题修订", "item revised"},
	[EV_ITEM_ANNOUNCED] = {"item.announced", C | P, RM, "议题公示", "item announced"},
	[EV_ITEM_WITHDRAWN] = {"item.withdrawn", C, RM, "议题撤回", "item withdrawn"},
	[EV_ITEM_OBJECTED] = {"item.objected", C, RM, "正式异议", "formal objection"},
	[EV_ITEM_CONFIDENTIAL] = {"item.confidential", C, RM, "议题定密", "item made confidential"},
	[EV_COMMENT_ADDED] = {"comment.added", C, RM, "征求意见", "comment added"},
	[EV_MATERIAL_ADDED] = {"material.added", C, RM, "上传材料", "material added"},
	[EV_MEETING_CHANGED] = {"meeting.changed", C, RM, "会议议程变更", "meeting changed"},
	[EV_PUBLICATION_MADE] = {"publication.made", C, RM, "决策公开", "decision published"},
	[EV_PUBLICATION_REVISED] = {"publication.revised", C, RM, "公开内容更正", "publication revised"},
};
/* clang-format on */

const char *const event_agreeing_args[] = {
	"item", "round",     "body",  "position", "candidate", "reason", "member",
	"text", "signature", "tally", "role",     "request",   NULL,
};

enum event_id event_id(const char *name)
{
	int i;

	if (name == NULL)
		return EV_UNKNOWN;
	for (i = 1; i < EV__COUNT; i++)
		if (strcmp(events[i].name, name) == 0)
			return (enum event_id)i;
	return EV_UNKNOWN;
}

bool event_is(const char *name, enum event_id id)
{
	return name != NULL && id > EV_UNKNOWN && id < EV__COUNT &&
	       strcmp(name, events[id].name) == 0;
}

bool event_caused_by(const char *name, const char *op)
{
	enum event_id id = event_id(name);
	int i;

	if (id == EV_UNKNOWN || events[id].causes[0] == NULL)
		return true;
	for (i = 0; i < EV_CAUSES_MAX && events[id].causes[i] != NULL; i++)
		if (op != NULL && strcmp(events[id].causes[i], op) == 0)
			return true;
	return false;
}
