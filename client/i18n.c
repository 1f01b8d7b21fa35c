#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../proto/record_findings.h"
#include "../proto/refusal.h"
#include "fmt_time.h"
#include "i18n.h"

struct msg_pair {
	const char *zh;
	const char *en;
};

static const struct msg_pair msgs[M__COUNT] = {
	[M_ERROR] = {"错误", "error"},
	[M_USAGE_HINT] = {"用 yg --help 查看用法", "see yg --help"},
	[M_CONNECT_FAILED] = {"无法连接服务器 %s：%s", "cannot connect to %s: %s"},
	[M_TLS_FAILED] = {"与 %s 的 TLS 握手失败：%s", "TLS handshake with %s failed: %s"},
	[M_CERT_CHANGED] =
		{"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		 "@ 警告：服务器 %s 的证书已改变！\n"
		 "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		 "可能有人在冒充服务器（中间人攻击），也可能服务器更换了证书。\n"
		 "已记住的指纹：%s\n"
		 "服务器出示的：%s\n"
		 "连接已拒绝。请向委员会办公室核实新指纹，再用 --fingerprint 指定。",
		 "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		 "@ WARNING: THE CERTIFICATE OF SERVER %s HAS CHANGED!\n"
		 "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		 "Someone may be impersonating the server, or it has a new certificate.\n"
		 "Remembered fingerprint: %s\n"
		 "Presented fingerprint:  %s\n"
		 "Connection refused. Check the new fingerprint with the committee office,\n"
		 "then give it with --fingerprint."},
	[M_CERT_UNKNOWN] =
		{"服务器 %s 尚未登记。其证书指纹为\n  %s\n"
		 "请向委员会办公室核实后，用 --fingerprint 指定（或用 --ca 指定 CA 证书）。",
		 "server %s is not known yet. Its certificate fingerprint is\n  %s\n"
		 "check it with the committee office, then give it with --fingerprint "
		 "(or a CA file with --ca)."},
	[M_CERT_PINNED] = {"已记住服务器 %s 的证书指纹。", "remembered the certificate of %s."},
	[M_CERT_REPINNED] = {"注意：已将服务器 %s 的证书指纹更新为 %s。",
			     "note: the remembered certificate of %s is now %s."},
	[M_CERT_MISMATCH_GIVEN] = {"服务器 %s 的证书指纹与 --fingerprint 不符：\n"
				   "  指定的：%s\n  出示的：%s\n连接已拒绝。",
				   "the certificate of %s does not match --fingerprint:\n"
				   "  given:     %s\n  presented: %s\nconnection refused."},
	[M_BAD_FINGERPRINT] = {"指纹格式不对：应为 64 位十六进制（SHA-256）",
			       "a fingerprint is 64 hexadecimal digits (SHA-256)"},
	[M_CA_FAILED] = {"无法读取 CA 文件 %s", "cannot read CA file %s"},
	[M_PONG] = {"%s 应答：往返 %.2f 毫秒（%s，协议 %d）",
		    "pong from %s in %.2f ms (%s, protocol %d)"},
	[M_PONG_DB] = {"%s 应答：往返 %.2f 毫秒，数据库 %.2f 毫秒（%s，协议 %d）",
		       "pong from %s in %.2f ms, database %.2f ms (%s, protocol %d)"},
	[M_PING_SUMMARY] = {"%d 次：最短 %.2f，平均 %.2f，最长 %.2f 毫秒",
			    "%d pings: min %.2f, avg %.2f, max %.2f ms"},
	[M_INFO_SERVER] = {"服务器：    %s %s（协议 %d）", "server:      %s %s (protocol %d)"},
	[M_INFO_UPTIME] = {"运行时间：  %.0f 秒", "uptime:      %.0f s"},
	[M_INFO_CLIENTS] = {"连接数：    %.0f", "connections: %.0f"},
	[M_INFO_DB] = {"数据库：    %s（PostgreSQL %s）", "database:    %s (PostgreSQL %s)"},
	[M_INFO_DB_AVAILABLE] = {"可用", "available"},
	[M_INFO_DB_UNAVAILABLE] = {"不可用", "unavailable"},
	[M_INFO_SCHEMA] = {"数据结构版本：%.0f", "schema:      version %.0f"},
	[M_INFO_FINGERPRINT] = {"证书指纹：  %s", "certificate: %s"},
	[M_INFO_SIGN_KEY] = {"计票签名公钥：%s", "tally key:   %s"},
	[M_PROTOCOL_ERROR] = {"服务器的应答不合协议：%s", "the server broke the protocol: %s"},
	[M_CONNECTION_LOST] = {"与服务器的连接中断", "the connection to the server was lost"},
	[M_UNKNOWN_COMMAND] = {"未知命令：%s", "unknown command: %s"},
	[M_SERVER_HINT] = {"未指定服务器，试连的是默认地址。请用 --server 主机:端口 或环境变量 "
			   "YG_SERVER 指定委员会办公室告知的服务器地址。",
			   "no server was named, so the default address was tried. Name the "
			   "server the committee office gave you with --server HOST:PORT or "
			   "YG_SERVER."},
};

static int lang_en, lang_chosen;
static int utc_offset_min, utc_offset_known; /* the committee's clock, from hello */

/* The committee's clock: minutes east of UTC, as the server said in hello. */
void i18n_set_utc_offset(int minutes)
{
	utc_offset_min = minutes;
	utc_offset_known = 1;
}

/* Whether the server said its clock; its offset in *minutes. */
int i18n_utc_offset(int *minutes)
{
	*minutes = utc_offset_min;
	return utc_offset_known;
}

/* The committee's clock in minutes east of UTC (this machine's offset now
 * when no server has said its clock). */
int i18n_clock_offset(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (utc_offset_known)
		return utc_offset_min;
	return localtime_r(&now, &tm) != NULL ? (int)(tm.tm_gmtoff / 60) : 0;
}

/* The wall time of t in the committee's clock (this machine's when no
 * server has said its clock); NULL on failure. */
struct tm *i18n_wall_time(time_t t, struct tm *tm)
{
	if (!utc_offset_known)
		return localtime_r(&t, tm);
	fmt_time_wall(t, utc_offset_min, tm);
	return tm;
}

/* Choose the language of messages. */
void i18n_set(const char *lang)
{
	lang_en = lang != NULL && strncmp(lang, "en", 2) == 0;
	lang_chosen |= lang != NULL;
}

/* Whether --lang or YG_LANG said which language (not the default). */
int i18n_chosen(void)
{
	return lang_chosen;
}

int i18n_english(void)
{
	return lang_en;
}

const char *i18n_lang(void)
{
	return lang_en ? "en" : "zh";
}

/* The text of a message in the chosen language. */
const char *msg(enum msg_id id)
{
	return lang_en ? msgs[id].en : msgs[id].zh;
}

/* A time as the server or the database writes it ("2026-12-06T01:17:17Z",
 * "2026-12-06 01:17:17.939226+00", "...+08:00") in the committee's clock,
 * to the minute, the chosen language's way; 0, or -1 when s is not such a
 * time. */
int i18n_time_text(const char *s, char *out, size_t len)
{
	time_t t;

	if (fmt_time_parse(s, &t) != 0)
		return -1;
	fmt_time_text(t, i18n_clock_offset(), lang_en, out, len);
	return 0;
}

/* The end of a period (window, notice, deadline) as its last day in the
 * committee's clock (fmt_time_until); 0, or -1 when s is not a time. */
int i18n_until_text(const char *s, char *out, size_t len)
{
	time_t t;

	if (fmt_time_parse(s, &t) != 0)
		return -1;
	fmt_time_until(t, time(NULL), i18n_clock_offset(), lang_en, out, len);
	return 0;
}

/* Codes a person sees, by domain ("*" for any), as their Chinese labels. */
static const struct code_label {
	const char *domain, *code, *zh;
} code_labels[] = {
	{"category", "decision", "重大决策"},
	{"category", "cadre", "重要干部任免"},
	{"category", "project", "重大项目安排"},
	{"category", "funds", "大额度资金使用"},
	{"category", "incident", "重大事件处置"},
	{"material", "research", "调查研究报告"},
	{"material", "expert_review", "专家论证意见"},
	{"material", "risk_assessment", "风险评估报告"},
	{"material", "legality_review", "合法性审查意见"},
	{"observer_category", "party_rep", "党代表"},
	{"observer_category", "npc_deputy", "人大代表"},
	{"observer_category", "cppcc_member", "政协委员"},
	{"observer_category", "public_rep", "群众代表"},
	{"observer_category", "expert", "专家学者"},
	{"item", "draft", "筹备中"},
	{"item", "announced", "已预告"},
	{"item", "scheduled", "已列入会议"},
	{"item", "withdrawn", "已撤回"},
	{"item", "decided", "已决定"},
	{"item", "rejected", "未通过"},
	{"item", "open", "审议中"},
	{"meeting", "draft", "筹备中"},
	{"meeting", "announced", "已公布"},
	{"meeting", "open", "开会中"},
	{"meeting", "closed", "已散会"},
	{"entry", "pending", "待审议"},
	{"entry", "open", "审议中"},
	{"entry", "deferred", "缓议"},
	{"entry", "discussed", "讨论结束"},
	{"entry", "voting", "表决中"},
	{"entry", "voted", "已表决"},
	{"power", "active", "有效"},
	{"power", "retired", "已废止"},
	{"member", "active", "在职"},
	{"member", "suspended", "暂停"},
	{"member", "removed", "已除名"},
	{"observer", "pending", "待审批"},
	{"observer", "approved", "已批准"},
	{"observer", "rejected", "未批准"},
	{"observer", "removed", "已除名"},
	{"role", "admin", "管理员"},
	{"role", "chair", "主持人"},
	{"role", "member", "委员"},
	{"role", "clerk", "记录人"},
	{"role", "auditor", "审计员"},
	{"role", "scrutineer", "监票人"},
	{"role", "observer", "列席人员"},
	{"result", "adopted", "通过"},
	{"result", "rejected", "未通过"},
	{"result", "elected", "选举产生"},
	{"result", "runoff", "须再次投票"},
	{"result", "void", "无效"},
	{"result", "passed", "通过"},
	{"result", "failed", "不通过"},
	{"publication", "full", "全文公开"},
	{"publication", "summary", "摘要公开"},
	{"publication", "withheld", "不予公开"},
	{"publication", "withdrawn", "已撤回"},
	{"stance", "support", "支持"},
	{"stance", "object", "反对"},
	{"stance", "neutral", "中立"},
	{"position", "agree", "同意"},
	{"position", "disagree", "不同意"},
	{"position", "defer", "缓议"},
	{"round", "open", "投票中"},
	{"round", "decrypting", "解密中"},
	{"round", "closed", "已结束"},
	{"action", "committee.create", "创建委员会"},
	{"action", "member.add", "增加成员"},
	{"action", "member.update", "修改成员"},
	{"action", "key.rotate", "更换密钥"},
	{"action", "key.revoke", "吊销密钥"},
	{"action", "rules.set", "修改规则"},
	{"action", "power.add", "增加权力清单事项"},
	{"action", "power.update", "修改权力清单事项"},
	{"action", "power.retire", "停用权力清单事项"},
	{"action", "observer_category.add", "增加列席类别"},
	{"action", "observer.register", "列席登记"},
	{"action", "observer.approve", "批准列席"},
	{"action", "observer.reject", "不批准列席"},
	{"action", "observer.remove", "除名列席人员"},
	{"action", "item.create", "新建议题"},
	{"action", "item.update", "编辑议题"},
	{"action", "item.revise", "修订议题"},
	{"action", "item.announce", "预告议题"},
	{"action", "item.withdraw", "撤回议题"},
	{"action", "item.object", "提出异议"},
	{"action", "item.confidential", "标为保密"},
	{"action", "material.add", "附加材料"},
	{"action", "meeting.create", "安排会议"},
	{"action", "meeting.add_item", "列入议程"},
	{"action", "meeting.remove_item", "移出议程"},
	{"action", "meeting.announce", "公布会议"},
	{"action", "meeting.invite", "邀请列席"},
	{"action", "meeting.open", "开会"},
	{"action", "meeting.closed", "散会"},
	{"action", "meeting.close", "散会"},
	{"action", "presiding.succeed", "接替主持"},
	{"action", "publication.full", "全文公开"},
	{"action", "publication.summary", "摘要公开"},
	{"action", "publication.withheld", "不予公开"},
	{"action", "publication.correct", "更正公开内容"},
	{"action", "publication.withdraw", "撤回公开"},
	{"action", "publication.declassify", "解密公开"},
	{"*", "chair", "主持人"},
	{"*", "clerk", "记录人"},
	{"*", "true", "是"},
	{"*", "false", "否"},
};

/* The label of a code in a domain ("item", "meeting", "role", ...; the
 * labels of domain "*" serve every domain): Chinese, or the code itself in English or when
 * the code is not one we know. */
const char *code_label(const char *domain, const char *code)
{
	size_t i;

	if (code == NULL || lang_en)
		return code;
	for (i = 0; i < sizeof(code_labels) / sizeof(code_labels[0]); i++)
		if ((strcmp(code_labels[i].domain, domain) == 0 ||
		     strcmp(code_labels[i].domain, "*") == 0) &&
		    strcmp(code_labels[i].code, code) == 0)
			return code_labels[i].zh;
	return code;
}

/* Refusals in Chinese, by reason (proto/refusal.c); {N} is parameter N. */
static const struct refusal_text {
	const char *reason, *zh;
} refusal_texts[] = {
	{"members_only", "只有委员会成员才能办理此事"},
	{"membership_inactive", "您的成员资格未处于有效状态"},
	{"login_key_invalid", "您登录所用的密钥已失效"},
	{"roles_forbid", "您的角色无权办理此事"},
	{"roles_forbid_op", "您的角色无权办理此事（{1}）"},
	{"observer_not_approved", "您的列席登记尚未获批准"},
	{"observers_may_not", "列席人员不能办理此事"},
	{"no_member", "本委员会没有成员 {1}"},
	{"last_admin", "委员会须至少保留一名有密钥的在职管理员"},
	{"no_committee", "没有委员会 {1}"},
	{"key_revoked", "此密钥已于 {1} 吊销"},
	{"key_replaced", "此密钥已于 {1} 被新密钥替换"},
	{"membership_status", "此成员资格的状态为“{1:member}”"},
	{"observer_status", "此列席登记的状态为“{1:observer}”"},
	{"key_other_committee", "此密钥属于另一个委员会"},
	{"unknown_key", "未登记的密钥"},
	{"no_key_to_revoke", "该成员没有可吊销的有效密钥"},
	{"unknown_code_in_rule", "规则 {2} 中有未知代码“{1}”"},
	{"builtin_category", "“{1}”是内置类别"},
	{"no_observer_category", "没有列席类别“{1}”"},
	{"key_is_member", "此密钥属于本委员会成员"},
	{"too_many_registrations", "待审批的登记过多，请稍后再试"},
	{"no_observer", "本委员会没有列席人员 {1}"},
	{"observer_not_pending",
	 "列席人员 {1} 的状态为“{2:observer}”，只有待审批的登记才能改为“{3:observer}”"},
	{"observer_not_approved_for",
	 "列席人员 {1} 的状态为“{2:observer}”，只有已批准的列席人员才能改为“{3:observer}”"},
	{"stale_head", "请求依据的是本次会议记录第 {1} 条，此后已有第 {2} 条：请重新查看会议"},
	{"request_causes_not", "对“{1}”的请求不会产生“{2}”记录"},
	{"request_other_meeting", "该请求针对的是另一次会议"},
	{"request_asked_otherwise", "记录中的“{1}”与签名请求所要求的不符"},
	{"request_time_window", "请求的签名时间 {1} 与数据库时钟相差超过 300 秒"},
	{"request_time_missing", "签名请求没有注明签名时间（RFC 3339 格式的“at”）"},
	{"unknown_category", "未知的事项类别“{1}”"},
	{"no_power_entry", "权力清单中没有第 {1} 项"},
	{"power_entry_retired", "权力清单第 {1} 项已废止"},
	{"no_item", "本委员会没有议题 {1}"},
	{"category_not_decided", "本委员会不决策“{1}”类事项"},
	{"power_entry_not_collective", "权力清单第 {1} 项不属集体决策事项（不直接决策具体事项）"},
	{"power_entry_category", "权力清单第 {1} 项属于“{2}”类"},
	{"cadre_needs_candidates", "干部任免议题须有候选人，职数为 1 至候选人数"},
	{"only_cadre_candidates", "只有干部任免议题才有候选人和职数"},
	{"candidate_name", "每位候选人的姓名须为 1 至 64 个字"},
	{"only_in_charge_changes", "只有议题承办人才能修改议题"},
	{"item_edit_not_draft",
	 "议题 {1} 的状态为“{2:item}”：只有筹备中的议题可以编辑，请改用修订"},
	{"item_revise_not_announced", "议题 {1} 的状态为“{2:item}”：只有已预告的议题可以修订"},
	{"only_in_charge_announces", "只有议题承办人或主持人才能预告议题"},
	{"item_announce_not_draft", "议题 {1} 的状态为“{2:item}”；只有筹备中的议题可以预告"},
	{"only_in_charge_withdraws", "只有议题承办人或主持人才能撤回议题"},
	{"item_on_agenda", "议题 {1} 的状态为“{2:item}”；请先将其移出议程"},
	{"object_own_item", "承办人不能对自己承办的议题提出异议"},
	{"object_not_announced", "议题 {1} 的状态为“{2:item}”；只能对已预告的议题提出异议"},
	{"comments_closed", "议题 {1} 不在征求意见期内"},
	{"comments_window_ended", "议题 {1} 不在征求意见期内（征求意见期已于 {2} 结束）"},
	{"comment_rate", "每小时最多提交 {1} 条意见，请稍后再试"},
	{"item_withdrawn", "议题 {1} 已撤回"},
	{"only_in_charge_attaches", "只有承办人、主持人或记录人才能附加材料"},
	{"unknown_material_kind", "未知的材料种类“{1}”"},
	{"outcome_only_legality", "只有合法性审查材料才有审查结论（通过或不通过）"},
	{"material_too_large", "材料最大为 {1} 字节"},
	{"too_many_uploads",
	 "您同时最多有 {1} 个未完成的上传：请先完成一个，或等待某个上传一小时无新数据后再试"},
	{"no_upload", "您没有正在进行的上传 {1}"},
	{"upload_offset", "上传 {1} 已收到 {2} 字节，请从此处续传"},
	{"upload_exceeds", "上传 {1} 将超过其申报的大小 {2} 字节"},
	{"no_material", "本委员会没有材料 {1}"},
	{"no_meeting", "本委员会没有会议 {1}"},
	{"meeting_in_future", "会议开始时间未到"},
	{"agenda_fixed", "会议公布后议程即固定（不搞临时动议）"},
	{"item_changed", "核对期间议题 {1} 有变动，请重试"},
	{"item_state", "议题 {1} 的状态为“{2:item}”"},
	{"item_already_on_agenda", "议题 {1} 已在本次议程中"},
	{"item_not_on_agenda", "议题 {1} 不在会议 {2} 的议程中"},
	{"meeting_already_announced", "会议 {1} 已经公布"},
	{"meeting_time_passed", "会议时间已过，请重新安排会议"},
	{"trial_only_rule", "只有试用委员会才能缩短“天”的长度（正式委员会的期限不能缩短）"},
	{"rules_admin_only_real",
	 "只有管理员才能修改正式委员会的规则（主持人只能缩短试用委员会的期限）"},
	{"trial_chair_periods_only", "试用委员会的主持人只能缩短各项期限，不能修改 {1}"},
	{"trial_chair_shorten_only", "主持人只能缩短 {1}，不能延长（现为 {2}）"},
	{"preappointment_trial_days", "试用委员会的任前公示为 {1} 个试用日，至 {2} 止，不是至 {3}"},
	{"preappointment_workdays", "任前公示为 {1} 个工作日，不能只到 {2}"},
	{"meeting_notice_short", "会议 {1} 定于 {2} 开始，距今短于本委员会规定的会议通知期"},
	{"meeting_open_too_early", "会议 {1} 不能早于 {2} 开会"},
	{"agenda_empty", "议程为空"},
	{"item_fails_gates", "议题未通过上会前置条件（{1}）；详见 yg item gates"},
	{"starts_at_format",
	 "会议时间格式不对，应为带时区的 RFC 3339 时间（如 2026-12-01T09:00:00+08:00）"},
	{"starts_at_day", "会议时间不是日历上的日期：{1}"},
	{"starts_at_years", "会议时间须在 2000 年至 2999 年之间"},
	{"not_invited", "您未受邀参加本次会议"},
	{"meeting_state", "会议 {1} 的状态为“{2:meeting}”"},
	{"no_pool_observer", "列席库中没有已批准的列席人员 {1}"},
	{"not_on_roster_cn", "您不在本次会议的应到会名单中"},
	{"member_not_on_roster", "成员 {1} 不在本次会议的应到会名单中"},
	{"member_present", "成员 {1} 已到会"},
	{"meeting_not_open", "会议 {1} 的状态为“{2:meeting}”，不在开会中"},
	{"only_chair_takes_up", "只有主持人才能开始审议议题"},
	{"another_item_open", "另一议题正在审议，请先缓议或结束该议题"},
	{"item_not_open", "议题 {1} 不在审议中"},
	{"recusal_timing", "回避须在议题审议前或审议中提出"},
	{"not_on_roster", "您不在本次会议的应到会名单中"},
	{"only_presiding_hands_over", "只有正在主持该议题的人才能移交主持"},
	{"successor_absent", "成员 {1} 未到会或已回避本议题"},
	{"only_presiding", "只有该议题的主持人才能办理此事"},
	{"no_item_open", "当前没有正在审议的议题"},
	{"check_in_first", "请先签到"},
	{"cadre_closed_to_observers", "干部任免议题不对列席人员开放"},
	{"no_floor_request", "会议 {2} 中没有第 {1} 号发言申请"},
	{"only_presiding_grants", "只有正在主持议题的人才能准予发言"},
	{"already_granted", "已准予发言"},
	{"bad_position", "表态须为同意、不同意或缓议"},
	{"minutes_after_close", "会议散会后才生成会议记录"},
	{"only_role_signs", "只有{1:role}才能以{2:role}身份签名"},
	{"read_minutes_first", "请先阅读会议记录（yg minutes show）"},
	{"minutes_already_signed", "会议记录已由{1:role}签名"},
	{"bad_sign_role", "签名身份须为主持人或记录人"},
	{"only_clerk_signs", "只有会议 {1} 登记的记录人才能以记录人身份签名"},
	{"only_clerk_minutes", "只有会议 {1} 登记的记录人才能记录"},
	{"item_not_taken_up", "议题 {1} 尚未开启审议"},
	{"remark_member", "委员自行表态；只记录列席人员的发言"},
	{"floor_not_granted", "发言申请 {1} 尚未获准"},
	{"remark_already", "发言申请 {1} 的发言已经记录"},
	{"only_chair_clerk_absence", "只有主持人或会议 {1} 登记的记录人才能登记请假"},
	{"only_presiding_chair", "只有主持会议 {1} 的主持人或其指定的接替人才能办理此事"},
	{"only_presiding_chair_item",
	 "只有主持会议 {1}（议题 {2}）的主持人或其指定的接替人才能办理此事"},
	{"not_presided_yet", "会议 {1} 尚无人主持"},
	{"only_admin_or_chair_names_successor", "只有管理员或主持人才能指定接替人"},
	{"bad_successor", "成员 {1} 不能接替：接替人须为另一位担任主持人角色的在职成员"},
	{"no_correction", "会议 {1} 的会议记录没有第 {2} 号更正"},
	{"correction_cosigned", "更正 {1} 已会签"},
	{"only_chair_designates", "只有主持人才能指定监票人"},
	{"scrutineers_after_announce", "会议 {1} 的状态为“{2:meeting}”：会议公布后才能指定监票人"},
	{"designation_fixed",
	 "已有监票人公布密钥，监票人不能再更改（选举公钥尚未生成时，可附理由重新指定，"
	 "另起一次密钥生成）"},
	{"scrutineer_count", "须指定 {1} 名不同的成员为监票人（规则 scrutineers）"},
	{"scrutineer_not_on_roster_or_auditor", "每位监票人都须是本次会议应到会名单中的在职成员，或"
						"按规则不超过 {1} 位不参加表决的纪委人员"},
	{"scrutineer_not_on_roster", "每位监票人都须是本次会议应到会名单中的在职成员"},
	{"scrutineer_is_candidate", "{1} 是本次会议议程上的候选人，不能担任监票人"},
	{"not_scrutineer", "您不是会议 {1} 的监票人"},
	{"scrutineer_key_published", "您本次会议的密钥已经公布"},
	{"election_key_now", "现在不能设置选举公钥"},
	{"threshold_none", "本次会议没有正在进行的门限密钥仪式"},
	{"threshold_not_dealt", "尚有监票人未分发份额"},
	{"threshold_sent", "您的加密份额已经发出"},
	{"threshold_deal_shape", "须给其他每位监票人各一份加密份额（接收人、密文、签名）"},
	{"threshold_accepted", "您已经接受了自己的份额"},
	{"threshold_no_share", "没有您可以接受的份额"},
	{"only_presiding_opens_vote", "只有该议题的主持人或会议主持人才能开始表决"},
	{"vote_under_way_item", "议题 {1} 的表决仍在进行"},
	{"item_being_voted", "议题 {1} 正在表决"},
	{"item_voted", "议题 {1} 已经表决"},
	{"close_discussion_first", "议题 {1} 的状态为“{2:entry}”：请先结束讨论（yg agenda close）"},
	{"no_election_key", "尚无选举公钥：请指定监票人，并由每位监票人公布密钥"},
	{"nobody_may_vote", "到会人员中无人可对本议题投票"},
	{"confidential_vote", "该议题为保密议题，只有委员会成员参加表决"},
	{"confidential_vote_this", "本议题为保密议题，只有委员会成员参加表决"},
	{"no_vote_opened", "议题 {1} 尚未开始表决"},
	{"round_not_open", "第 {1} 轮表决未开放（当前为第 {2} 轮）"},
	{"vote_closed", "表决已结束，不再接收选票"},
	{"voter_recused", "您已回避本议题，不参加表决"},
	{"voter_absent", "表决开始时您未到会：未到会人员不参加表决"},
	{"voter_checked_out", "您已签退：未到会人员不参加表决"},
	{"already_voted", "您在本轮已经投票（回执 {1}）"},
	{"scrutineers_first", "监票人先投票，请稍候"},
	{"ballot_already_cast", "此选票已经投出"},
	{"ballot_batch", "须为至多 {1} 张选票的列表"},
	{"ballot_other_key", "这张选票是为另一个密钥制作的，不是表决开始时您所持的密钥"},
	{"only_presiding_closes_vote", "只有该议题的主持人或会议主持人才能结束表决"},
	{"no_vote_open_item", "议题 {1} 没有正在进行的表决"},
	{"vote_not_open", "表决未开放"},
	{"round_not_decrypting", "议题 {2} 第 {1} 轮表决不在等待解密"},
	{"decryption_given", "您已提交本轮的解密结果"},
	{"ceremonies_exhausted", "本次会议的密钥生成次数已达上限"},
	{"only_presiding_voids", "只有会议主持人才能宣布某轮表决无效"},
	{"void_not_decrypting",
	 "议题 {2} 第 {1} 轮表决不在等待解密：只有等待解密的一轮才能宣布无效"},
	{"round_cannot_close", "本轮表决现在不能结束"},
	{"aggregate_not_ballots", "合计密文与已存的 {1} 张选票不符"},
	{"counts_not_ballots", "计票结果与已存的 {1} 张选票不符"},
	{"outcome_not_question", "表决结果不属于本轮问题"},
	{"no_closed_vote", "会议 {2} 中议题 {1} 尚无已结束的表决"},
	{"vote_under_way", "表决正在进行：请先结束表决，并等待监票人解密"},
	{"members_must_be_ids", "成员须以编号指定"},
	{"only_chair_publishes", "只有主持人才能审查并公开决策"},
	{"publish_not_decided",
	 "议题 {1} 的状态为“{2:item}”：只有已作出决定或未通过的议题才能公开"},
	{"already_reviewed", "议题 {1} 已经审查过，审查结论不可更改"},
	{"cannot_publish_now", "议题 {1} 现在不能公开"},
	{"no_decision", "没有决策 {1}"},
	{"notice_not_open", "此决策的公示期未开放"},
	{"no_item_public", "没有议题 {1}"},
	{"comment_window_closed", "本议题的意见征求期已结束"},
	{"no_review_to_revise", "议题 {1} 没有可修订的公开审查结论"},
	{"cannot_correct", "议题 {1} 的状态为“{2:publication}”，不能更正"},
	{"cannot_withdraw", "议题 {1} 的状态为“{2:publication}”，不能撤回"},
	{"cannot_declassify", "议题 {1} 的状态为“{2:publication}”，不能解密公开"},
	{"bad_publication_mode", "公开方式须为全文公开、摘要公开或不予公开"},
	{"summary_needs_text", "摘要公开须提供公开文本"},
	{"withhold_needs_reason", "不予公开须说明理由"},
	{"reason_too_long", "理由最多 2000 字"},
	{"full_takes_no_text", "全文公开不附文本：公开的是议题的决定原文"},
	{"bad_revision_action", "操作须为更正、撤回或解密公开"},
	{"only_chair_confidential", "只有主持人才能将议题标为保密"},
	{"already_confidential", "议题 {1} 已标为保密"},
	{"confidential_too_late", "议题 {1} 已提交会议 {2} 且该会议已开始：议题须在开会前标为保密"},
	{"bad_stance", "意见倾向须为支持、反对或中立"},
	{"members_do_not_comment", "委员会成员不提交意见；成员的不同意见请用 yg item object 提出"},
	{"give_committee", "请指定委员会"},
	{"bad_observer_status", "状态须为待审批、已批准、未批准或已除名"},
	{"bad_observer_decision", "决定须为批准、不批准或除名"},
	{"bad_category_code", "代码须由小写字母、数字和下划线组成，并以字母开头"},
	{"bad_roles", "角色须为管理员、主持人、委员、记录人、审计员中互不重复的若干个"},
	{"bad_key", "公钥须为 ed25519: 加 43 个 base64url 字符"},
	{"bad_member_status", "状态须为在职、暂停或已除名"},
	{"item_fields", "议题须有标题、类别、权力清单事项和是否涉及公众利益"},
	{"bad_sha256", "SHA-256 须为 64 位小写十六进制数字"},
	{"bad_outcome", "审查结论须为通过或不通过"},
	{"bad_chunk", "数据须为 base64url，最多 {1} 字节"},
	{"no_rule", "没有名为“{1}”的规则"},
	{"rule_whole_number", "规则 {1} 须为 {2} 至 {3} 之间的整数"},
	{"rule_value", "规则 {1} 的值不合要求（{2}）"},
	{"no_challenge", "尚未取得登录挑战，请先请求挑战"},
	{"bad_login", "公钥或签名格式不对"},
	{"bad_signature", "签名与此密钥、挑战和连接不符"},
	{"logins_throttled_address", "此地址登录失败次数过多，请 {1} 秒后再试"},
	{"logins_throttled_key", "此密钥登录失败次数过多，请 {1} 秒后再试"},
	{"already_logged_in", "此连接已经登录"},
	{"login_first", "请先登录"},
	{"hello_first", "第一个请求须为 hello"},
	{"hello_again", "此连接已完成 hello"},
	{"protocol_versions", "服务器支持的协议版本为 {1} 至 {2}"},
	{"unknown_operation", "未知操作“{1}”"},
	{"too_many_requests", "同时进行的请求过多"},
	{"db_unavailable", "数据库暂不可用"},
	{"no_stream", "此连接无权订阅“{1}”"},
	{"too_many_subscriptions", "此连接的订阅过多"},
	{"arg_not_utf8", "参数“{1}”不是有效的 UTF-8"},
	{"arg_nested", "参数“{1}”嵌套过深"},
	{"arg_length", "参数“{1}”须为 {2} 至 {3} 个字符"},
	{"arg_type", "参数“{1}”的类型不对（{2}）"},
	{"arg_range", "参数“{1}”须在 {2} 至 {3} 之间"},
	{"arg_items", "参数“{1}”须有 {2} 至 {3} 项"},
	{"arg_unknown", "未知参数“{1}”"},
	{"arg_twice", "参数“{1}”重复"},
	{"arg_missing", "缺少参数“{1}”"},
	{"already_exists", "已经存在（{1}）"},
	{"invalid_value", "取值不合要求（{1}）"},
	{"meeting_notice_late", "会议通知期不足：定于 {1} 开始的会议须在 {2} 前公布"},
	{"meeting_opens_later", "开会时间未到：会议定于 {1} 开始，最早于 {2} 开会"},
	{"no_quorum_open", "未达到法定人数，不能开会：应到会 {2} 人，到会 {1} 人，开会需 {3} 人"},
	{"no_quorum_item", "到会人数不足以审议此议题：应到会 {2} 人，到会 {1} 人，需 {3} "
			   "人（干部任免议题须三分之二以上）"},
	{"no_quorum_vote", "到会人数不足以对此议题表决：应到会 {2} 人，到会 {1} 人，需 {3} 人"},
	{"speak_not_roster", "您不在本次会议的应到会名单中（{1}）"},
	{"speak_check_in", "请先签到（{1}）"},
	{"speak_recused", "你已声明回避此议题，不参加讨论（{1}）"},
	{"speak_not_presenter", "只有分管领导汇报议题（{1}）"},
	{"speak_presented", "议题已经汇报过（{1}）"},
	{"speak_present_first", "须由分管领导先汇报议题（{1}）"},
	{"speak_candidate", "干部任免议题须用 --candidate 指明候选人，其他议题不用（{1}）"},
	{"speak_already", "你已就此表态（或放弃表态），每人一次（{1}）"},
	{"speak_no_pass", "干部任免议题每位委员都须表态，不能放弃（{1}）"},
	{"speak_chair_last", "主持人末位表态：其他到会委员尚未全部表态（{1}）"},
	{"item_contested", "议题存在争议（正式异议或公众反对意见过多），只能缓议，另行论证"},
	{"members_yet_to_state", "尚有 {1} 位委员未表态（首位：成员 "
				 "{2}）；每位参加讨论的委员都须表态或放弃表态后才能结束讨论"},
	{"statement_missing", "尚缺承办人汇报或主持人表态"},
	{"presiding_not", "只有主持本次会议（或议题）的主持人或其指定的接替人才能办理此事（{1}）"},
	{"presiding_not_clerk", "只有本次会议登记的记录人才能以记录人身份签名（{1}）"},
	{"presiding_not_presided", "本次会议尚无人主持（{1}）"},
	{"presiding_bad_successor", "接替人须为另一位担任主持人角色的在职成员（{1}）"},
	{"presiding_bad_role", "签名身份须为主持人或记录人（{1}）"},
	{"bad_minutes_signature", "签名不是您的密钥对这份会议记录的签名"},
	{"bad_correction_signature", "签名不是您的密钥对这份会议记录更正的签名"},
	{"bad_succession_signature", "签名不是您的密钥对这次接替的签名"},
	{"no_ballot_shape", "议题的候选人和职数无法构成选票"},
	{"ballot_proof_fails", "选票的证明未通过核验（选票只对制作它的委员、议题和轮次有效）"},
	{"ballot_signature", "选票的签名不是您对本轮这张选票的签名"},
	{"scrutineer_key_refused", "监票人公钥未被接受：{1}"},
	{"decryption_refused", "解密结果未被接受：{1}"},
	{"internal", "服务器内部错误（详情已记入服务器日志）"},
};

/* Whether a refusal reason has a Chinese text (for the tests). */
int refusal_has_text(const char *reason)
{
	size_t i;

	for (i = 0; i < sizeof(refusal_texts) / sizeof(refusal_texts[0]); i++)
		if (strcmp(refusal_texts[i].reason, reason) == 0)
			return 1;
	return 0;
}

/* A parameter of a refusal as a person reads it: a code of domain (NULL
 * for none) as its label, a time in the committee's clock. */
static void refusal_param(const char *v, const char *domain, char *out, size_t len)
{
	const char *l = code_label(domain != NULL ? domain : "", v);

	if (l == v && i18n_time_text(v, out, len) == 0)
		return;
	snprintf(out, len, "%s", l);
}

/* Template t with {N} (or {N:domain}) replaced by parameter N, in buf. */
static const char *words_fill(const char *t, const char *const *params, int nparams, char *buf,
			      size_t len)
{
	const char *s;
	char p[256], dom[32];
	size_t off = 0;
	int k;

	buf[0] = '\0';
	for (s = t; *s != '\0' && off + 1 < len; s++) {
		/* {N} is parameter N; {N:domain} a code of that domain. */
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && (s[2] == '}' || s[2] == ':')) {
			const char *end = strchr(s, '}');

			k = s[1] - '1';
			snprintf(dom, sizeof(dom), "%.*s", s[2] == ':' ? (int)(end - s - 3) : 0,
				 s + 3);
			refusal_param(k < nparams ? params[k] : "", s[2] == ':' ? dom : NULL, p,
				      sizeof(p));
			off += (size_t)snprintf(buf + off, len - off, "%s", p);
			if (off >= len)
				off = len - 1;
			s = end;
			continue;
		}
		buf[off++] = *s;
		buf[off] = '\0';
	}
	return buf;
}

/* The text of a refusal for a person: its reason in the chosen language,
 * else the server's words. */
const char *refusal_text(const char *code, const char *message, const char *reason,
			 const char *const *params, int nparams, char *buf, size_t len)
{
	size_t i;

	if (lang_en || reason == NULL) {
		snprintf(buf, len, "%s", message);
		return buf;
	}
	for (i = 0; i < sizeof(refusal_texts) / sizeof(refusal_texts[0]); i++)
		if (strcmp(refusal_texts[i].reason, reason) == 0)
			return words_fill(refusal_texts[i].zh, params, nparams, buf, len);
	snprintf(buf, len, "%s（%s）", message, code);
	return buf;
}

/* The findings of an election record's verification (proto/election.c) a
 * person reads in Chinese; a finding not listed is shown as it is. */
static const struct pattern_entry finding_patterns[] = {
	{"objects_closed", "every object of the record has exactly the members VOTE.md §8 lists"},
	{"title_differs", "the record's title is not the title of the question voted on"},
	{"title_matches", "the record's title is the question's: %s"},
	{"format_1",
	 "format version 1 is no longer accepted (its tallies sign too little; VOTE.md §8)"},
	{"format_2", "format version 2 is no longer accepted (its scrutineers' keys are not "
		     "signed by them, and it holds no voided round; VOTE.md §8.2)"},
	{"not_election_record", "not an election record (format %s)"},
	{"ids_bad", "the record's committee, meeting and item are not all ids"},
	{"server_key_bad", "the record's server_key is not an ed25519 key"},
	{"server_key_pinned", "the record's server key is the pinned key %s"},
	{"no_trust_anchor", "no trust anchor: the server key is not pinned, so no signature can be "
			    "trusted (pin it with --server-key)"},
	{"scrutineer_shape", "ceremony %s, scrutineer %s is not {index %s, member, member_key, "
			     "key, proof, signature} with valid values"},
	{"scrutineer_twice", "ceremony %s: member %s is scrutineer %s and %s"},
	{"scrutineer_proof",
	 "ceremony %s, scrutineer %s's key proof does not verify for member %s in this meeting"},
	{"scrutineer_count", "ceremony %s does not list 1 to %s scrutineers"},
	{"scrutineer_keys", "ceremony %s: %s scrutineer keys, each proven by the member it belongs "
			    "to and signed by them"},
	{"election_key_point", "ceremony %s: the election_key is not a point"},
	{"election_key_not_sum",
	 "ceremony %s: the election key is not the sum of the scrutineers' keys"},
	{"election_key_sum", "ceremony %s: the election key is the sum of the scrutineers' keys"},
	{"threshold_shape", "ceremony %s: the threshold is not {k, scrutineers} with 2 <= k <= n, "
			    "of readable scrutineers"},
	{"threshold_scrutineers",
	 "ceremony %s: the threshold ceremony's scrutineers are not the ceremony's, or their keys "
	 "not the dealings' constant commitments"},
	{"threshold_fault_who", "ceremony %s, threshold scrutineer %s: %s"},
	{"threshold_fault", "ceremony %s, threshold: %s"},
	{"threshold_ok",
	 "threshold key ceremony %s: %s signed dealings and acceptances verify; any "
	 "%s of the %s scrutineers decrypt"},
	{"threshold_decrypted", "round %s: %s scrutineers decrypted, %s needed"},
	{"round_number", "round %s of the record is not numbered %s"},
	{"round_unchecked", "round %s: %s; the round cannot be checked further"},
	{"question_options", "round %s: question %s, options: %s options, %s to %s selections"},
	{"question_approval", "round %s: question %s, approval: %s options, %s to %s selections"},
	{"quorum_kind",
	 "round %s: %s of %s entitled present at vote.open, %s needed for a %s quorum"},
	{"outcome_kind",
	 "round %s: the outcome is %s (line %s of %s %s) by the counts and the rules"},
	{"question_kind", "round %s: question %s, %s: %s options, %s to %s selections"},
	{"entitled_count", "round %s: the entitled count is not a whole number"},
	{"eligible_list", "round %s: the eligible voters are not a list of at most %s"},
	{"eligible_shape", "round %s: eligible voter %s is not {member, key}"},
	{"eligible_twice", "round %s: member %s is listed twice as eligible"},
	{"eligible_order", "round %s: the eligible voters are not in member order"},
	{"eligible_voters",
	 "round %s: %s eligible voters, distinct, in member order, each with a key"},
	{"receipt_not_hash", "round %s, voter %s: the receipt is not a hash"},
	{"receipt_mismatch", "round %s, voter %s: the receipt is not that of the ballot"},
	{"envelope_signature", "round %s, voter %s: the envelope signature does not verify"},
	{"voter_not_eligible", "round %s, voter %s: not an eligible voter"},
	{"voter_key_bad", "round %s, voter %s: the voter_key is not a key"},
	{"voter_key_other", "round %s, voter %s: not the key fixed for the voter"},
	{"voter_other", "round %s, voter %s: %s"},
	{"ballots_list", "round %s: the ballots are not a list of at most %s"},
	{"ballot_no_voter", "round %s: a ballot names no voter"},
	{"ballots_count", "round %s: %s ballots from %s eligible voters"},
	{"ballots_verify", "round %s: %s ballots, each from an eligible voter with their key, one "
			   "each; receipts, envelope signatures and proofs verify"},
	{"no_ballots", "round %s: no ballots, %s"},
	{"round_other", "round %s: %s"},
	{"aggregate_unrecomputable",
	 "round %s: the aggregate cannot be recomputed from the ballots"},
	{"aggregate_not_sum", "round %s: the aggregate is not the sum of the ballots"},
	{"aggregate_sum", "round %s: the aggregate is the sum of the %s ballots"},
	{"decryption_scrutineer", "round %s: a decryption names no scrutineer, or one twice"},
	{"decryption_order", "round %s: the decryptions are not in scrutineer index order"},
	{"scrutineer_other", "round %s, scrutineer %s: %s"},
	{"decryption_proofs", "round %s, scrutineer %s: the decryption proofs do not verify"},
	{"nothing_to_decrypt", "round %s: nothing to decrypt, %s"},
	{"decryptions_unchecked", "round %s: the decryptions cannot be checked"},
	{"no_decryption", "round %s: no decryption from scrutineer %s"},
	{"decryptions_verify", "round %s: the %s scrutineers' decryptions verify"},
	{"counts_not_numbers", "round %s: the counts are not %s whole numbers"},
	{"counts_unchecked",
	 "round %s: the counts %s cannot be checked without every scrutineer's decryption"},
	{"counts_no_combine", "round %s: the decryptions do not combine to counts"},
	{"counts_match", "round %s: the decryptions give the counts %s; the record says %s"},
	{"outcome_impossible", "round %s: the outcome cannot be judged on the members present, "
			       "whose number is not possible"},
	{"present_range", "round %s: present is not a number of members from %s to %s"},
	{"quorum_shape", "round %s: the quorum is not {needed, personnel}"},
	{"quorum_vote",
	 "round %s: %s of %s entitled present at vote.open, %s needed for a vote quorum"},
	{"quorum_personnel",
	 "round %s: %s of %s entitled present at vote.open, %s needed for a personnel quorum"},
	{"rules_unreadable", "round %s: the rules have no readable pass_threshold and pass_base"},
	{"outcome_no_counts", "round %s: the outcome cannot be recomputed without counts"},
	{"outcome_entitled",
	 "round %s: the outcome is %s (line %s of %s entitled) by the counts and the rules"},
	{"outcome_present",
	 "round %s: the outcome is %s (line %s of %s present) by the counts and the rules"},
	{"log_head",
	 "the record's log_head is the meeting log's head when round %s closed (entry %s)"},
	{"log_head_not",
	 "the record's log_head is not the meeting log's head when round %s closed (entry %s)"},
	{"tally_unpinned", "round %s: the tally is not checked without a pinned key"},
	{"tally_other", "round %s: the tally: %s"},
	{"tally_unrebuildable",
	 "round %s: the tally cannot be rebuilt from the record (or its closed_at is not a real "
	 "time YYYY-MM-DDTHH:MM:SSZ, or its log_head not {seq, hash})"},
	{"tally_differs", "round %s: the signed tally differs from the record in %s"},
	{"tally_signed",
	 "round %s: the tally is signed by the server and is the record's, closed at %s"},
	{"runoff_of", "round %s is the run-off of round %s: its tied candidates, its seats left"},
	{"out_of_memory", "round %s: out of memory"},
	{"runoff_missing",
	 "round %s ended in a run-off and the record holds no round %s: the vote is not complete"},
	{"whole_vote_one", "the record holds the whole vote: %s round, the last final"},
	{"whole_vote", "the record holds the whole vote: %s rounds, the last final"},
	{"rounds_count", "the record does not hold 1 to %s rounds"},
	{"scrutineer_signature", "ceremony %s, scrutineer %s: the key publication is not signed by "
				 "member %s with their member key"},
	{"ceremony_number", "key ceremony %s of the record is not numbered after %s, up to %s"},
	{"ceremonies_count", "the record does not list 1 to %s key ceremonies"},
	{"round_ceremony_unknown", "round %s: its key ceremony is not one the record lists"},
	{"round_ceremony_order", "round %s: its key ceremony %s comes before an earlier round's"},
	{"round_state", "round %s is neither closed nor voided"},
	{"scrutineer_key_changed", "round %s: scrutineer %s (member %s) published with another key "
				   "than the one fixed for them at the round's opening"},
	{"revote_question", "round %s asks again the question of voided round %s"},
	{"void_key_other", "round %s: the void act is signed with another key than the one fixed "
			   "for member %s at the opening of round %s"},
	{"voided_other", "round %s (voided): %s"},
	{"voided_missing",
	 "round %s was voided and the record holds no round %s: the vote is not complete"},
	{"ceremony_before_void",
	 "round %s is under key ceremony %s, before the one its voided round started"},
	{"ceremony_unused", "key ceremony %s is listed, but no round was under it"},
	{"void_done",
	 "round %s was voided by member %s, presiding, in a signed act (log entry %s): %s"},
	{"void_no_act", "round %s is voided without its void act: a voided round counts only with "
			"the presiding member's signed act"},
	{"void_act_entry",
	 "round %s was voided, but its void act is not a log entry {seq, body, prev_hash, hash}"},
	{"void_act_changed",
	 "round %s was voided, but its void act has a hash that is not its body's: it was changed"},
	{"void_act_place", "round %s was voided, but its void act is not an entry of this "
			   "meeting's log at its place"},
	{"void_act_other", "round %s: the void act is not the vote.voided entry of this round"},
	{"void_act_ceremony",
	 "round %s: the void act does not start the key ceremony after the round's"},
	{"void_act_member", "round %s: the void act is not a member's"},
	{"void_act_unsigned", "round %s: the void act: carries no signed request"},
	{"void_act_committee",
	 "round %s: the void act: its request was made for another committee"},
	{"void_act_op", "round %s: the void act: its request is for another operation"},
	{"void_act_meeting", "round %s: the void act: its request was for another meeting"},
	{"void_act_signature", "round %s: the void act: %s"},
	{"void_act_args", "round %s: the void act records another item, round or reason than its "
			  "signed request asked for"},
	{"void_no_presiding", "round %s: no entries show who presided"},
	{"void_no_opening",
	 "round %s: no entries show who presided: not the opening of the meeting"},
	{"void_presiding_entry", "round %s: an entry of who presided %s"},
	{"void_not_presiding", "round %s: the void act is not by the member presiding then: only "
			       "whoever presides voids a round"},
};
static const struct refusal_text finding_texts[] = {
	{"objects_closed", "记录的每个对象都恰好含有 VOTE.md 第 8 节所列的成员"},
	{"title_differs", "记录的标题不是所表决问题的标题"},
	{"title_matches", "记录的标题与表决问题一致：{1}"},
	{"format_1", "不再接受第 1 版格式（其计票签名覆盖的内容太少；见 VOTE.md 第 8 节）"},
	{"format_2",
	 "不再接受第 2 版格式（其监票人密钥未经本人签名，也不含作废的轮次；见 VOTE.md 第 8.2 节）"},
	{"not_election_record", "不是选举记录（应为格式 {1}）"},
	{"ids_bad", "记录中的委员会、会议和议题编号不全是编号"},
	{"server_key_bad", "记录中的服务器公钥不是 ed25519 公钥"},
	{"server_key_pinned", "记录中的服务器公钥即所信任的公钥 {1}"},
	{"no_trust_anchor",
	 "没有信任锚：未指定服务器公钥，任何签名都无从信任（用 --server-key 指定）"},
	{"scrutineer_shape", "第 {1} 次密钥仪式：第 {2} 位监票人的数据不完整或取值无效（应有序号 "
			     "{3}、成员、成员公钥、公钥、证明和签名）"},
	{"scrutineer_twice", "第 {1} 次密钥仪式：成员 {2} 同时是第 {3} 和第 {4} 位监票人"},
	{"scrutineer_proof",
	 "第 {1} 次密钥仪式：第 {2} 位监票人的公钥证明对本次会议的成员 {3} 核验不通过"},
	{"scrutineer_count", "第 {1} 次密钥仪式所列监票人不在 1 至 {2} 人之间"},
	{"scrutineer_keys", "第 {1} 次密钥仪式：{2} 个监票人公钥，均经其所属成员证明并签名"},
	{"election_key_point", "第 {1} 次密钥仪式：选举公钥不是曲线上的点"},
	{"election_key_not_sum", "第 {1} 次密钥仪式：选举公钥不是各监票人公钥之和"},
	{"election_key_sum", "第 {1} 次密钥仪式：选举公钥是各监票人公钥之和"},
	{"threshold_shape",
	 "第 {1} 次密钥仪式：门限部分不完整，或门限不在 2 至监票人数之间，或监票人数据无法读取"},
	{"threshold_scrutineers", "第 {1} 次密钥仪式：门限仪式的监票人与本次仪式的不同，"
				  "或其公钥不是各自分发承诺的常数项"},
	{"threshold_fault_who", "第 {1} 次密钥仪式，门限仪式第 {2} 位监票人：{3}"},
	{"threshold_fault", "第 {1} 次密钥仪式，门限仪式：{2}"},
	{"threshold_ok", "第 {1} 次门限密钥仪式：{2} 份签名的分发和接受均核验通过；{4} "
			 "位监票人中任意 {3} 位即可解密"},
	{"threshold_decrypted", "第 {1} 轮：{2} 位监票人解密，需要 {3} 位"},
	{"round_number", "记录中的第 {1} 轮未编为第 {2} 轮"},
	{"round_unchecked", "第 {1} 轮：{2}；本轮无法继续核验"},
	{"question_options", "第 {1} 轮：问题 {2}，选项式：{3} 个选项，选 {4} 至 {5} 项"},
	{"question_approval", "第 {1} 轮：问题 {2}，差额选举式：{3} 个选项，选 {4} 至 {5} 项"},
	{"quorum_kind",
	 "第 {1} 轮：表决开始时应到会 {3} 人，到会 {2} 人，法定人数（{5}）须 {4} 人"},
	{"outcome_kind",
	 "第 {1} 轮：按票数和规则，结果为“{2:result}”（基数 {4} 人（{5}），通过须 {3} 票）"},
	{"question_kind", "第 {1} 轮：问题 {2}（{3}）：{4} 个选项，选 {5} 至 {6} 项"},
	{"entitled_count", "第 {1} 轮：应到会人数不是整数"},
	{"eligible_list", "第 {1} 轮：有投票权者不是至多 {2} 人的名单"},
	{"eligible_shape", "第 {1} 轮：第 {2} 位有投票权者不是“成员、公钥”的形式"},
	{"eligible_twice", "第 {1} 轮：成员 {2} 两次列为有投票权者"},
	{"eligible_order", "第 {1} 轮：有投票权者未按成员顺序排列"},
	{"eligible_voters", "第 {1} 轮：{2} 名有投票权者，互不重复，按成员顺序，各有公钥"},
	{"receipt_not_hash", "第 {1} 轮，投票人 {2}：回执不是哈希值"},
	{"receipt_mismatch", "第 {1} 轮，投票人 {2}：回执与选票不符"},
	{"envelope_signature", "第 {1} 轮，投票人 {2}：选票签名核验不通过"},
	{"voter_not_eligible", "第 {1} 轮，投票人 {2}：没有投票权"},
	{"voter_key_bad", "第 {1} 轮，投票人 {2}：投票人公钥不是公钥"},
	{"voter_key_other", "第 {1} 轮，投票人 {2}：不是为该投票人确定的公钥"},
	{"voter_other", "第 {1} 轮，投票人 {2}：{3}"},
	{"ballots_list", "第 {1} 轮：选票不是至多 {2} 张的列表"},
	{"ballot_no_voter", "第 {1} 轮：有选票未注明投票人"},
	{"ballots_count", "第 {1} 轮：{3} 名有投票权者投出 {2} 张选票"},
	{"ballots_verify",
	 "第 {1} 轮：{2} 张选票，均出自有投票权者本人的密钥，每人一张；回执、签名和证明均核验无误"},
	{"no_ballots", "第 {1} 轮：没有选票，{2}"},
	{"round_other", "第 {1} 轮：{2}"},
	{"aggregate_unrecomputable", "第 {1} 轮：无法由选票重新算出汇总密文"},
	{"aggregate_not_sum", "第 {1} 轮：汇总密文不是选票之和"},
	{"aggregate_sum", "第 {1} 轮：汇总密文是 {2} 张选票之和"},
	{"decryption_scrutineer", "第 {1} 轮：有解密未注明监票人，或同一监票人出现两次"},
	{"decryption_order", "第 {1} 轮：解密未按监票人序号排列"},
	{"scrutineer_other", "第 {1} 轮，第 {2} 位监票人：{3}"},
	{"decryption_proofs", "第 {1} 轮，第 {2} 位监票人：解密证明核验不通过"},
	{"nothing_to_decrypt", "第 {1} 轮：没有可解密的内容，{2}"},
	{"decryptions_unchecked", "第 {1} 轮：解密无法核验"},
	{"no_decryption", "第 {1} 轮：第 {2} 位监票人没有解密"},
	{"decryptions_verify", "第 {1} 轮：{2} 位监票人的解密均核验无误"},
	{"counts_not_numbers", "第 {1} 轮：票数不是 {2} 个整数"},
	{"counts_unchecked", "第 {1} 轮：缺少部分监票人的解密，票数 {2} 无法核验"},
	{"counts_no_combine", "第 {1} 轮：各解密合不成票数"},
	{"counts_match", "第 {1} 轮：解密得出的票数为 {2}；记录所载为 {3}"},
	{"outcome_impossible", "第 {1} 轮：到会人数不可能，无法据以判定结果"},
	{"present_range", "第 {1} 轮：到会人数不在 {2} 至 {3} 之间"},
	{"quorum_shape", "第 {1} 轮：法定人数数据不完整"},
	{"quorum_vote", "第 {1} 轮：表决开始时应到会 {3} 人，到会 {2} 人，表决须 {4} 人"},
	{"quorum_personnel", "第 {1} 轮：表决开始时应到会 {3} 人，到会 {2} 人，人事表决须 {4} 人"},
	{"rules_unreadable", "第 {1} 轮：规则中没有可读的通过票数线和计算基数"},
	{"outcome_no_counts", "第 {1} 轮：没有票数，无法重新判定结果"},
	{"outcome_entitled",
	 "第 {1} 轮：按票数和规则，结果为“{2:result}”（应到会 {4} 人，通过须 {3} 票）"},
	{"outcome_present",
	 "第 {1} 轮：按票数和规则，结果为“{2:result}”（到会 {4} 人，通过须 {3} 票）"},
	{"log_head", "记录的日志头即第 {1} 轮结束时的会议日志头（第 {2} 条）"},
	{"log_head_not", "记录的日志头不是第 {1} 轮结束时的会议日志头（第 {2} 条）"},
	{"tally_unpinned", "第 {1} 轮：未指定信任的公钥，计票结果未核验"},
	{"tally_other", "第 {1} 轮，计票结果：{2}"},
	{"tally_unrebuildable",
	 "第 {1} 轮：无法由记录重建计票结果（或其结束时间不是真实的 UTC 时间，或其日志头不完整）"},
	{"tally_differs", "第 {1} 轮：经签名的计票结果与记录在 {2} 上不同"},
	{"tally_signed", "第 {1} 轮：计票结果经服务器签名，与记录一致，结束于 {2}"},
	{"runoff_of", "第 {1} 轮是第 {2} 轮的再次投票：候选人为票数相同者，职数为剩余职数"},
	{"out_of_memory", "第 {1} 轮：内存不足"},
	{"runoff_missing", "第 {1} 轮须再次投票，而记录中没有第 {2} 轮：表决不完整"},
	{"whole_vote_one", "记录包含整个表决：共 {1} 轮，最后一轮为最终结果"},
	{"whole_vote", "记录包含整个表决：共 {1} 轮，最后一轮为最终结果"},
	{"rounds_count", "记录的轮数不在 1 至 {1} 轮之间"},
	{"scrutineer_signature",
	 "第 {1} 次密钥仪式：第 {2} 位监票人的公钥发布未经成员 {3} 用其成员密钥签名"},
	{"ceremony_number", "记录中的密钥仪式 {1} 的编号不在 {2} 之后、{3} 之内"},
	{"ceremonies_count", "记录所列密钥仪式不在 1 至 {1} 次之间"},
	{"round_ceremony_unknown", "第 {1} 轮：其密钥仪式不在记录所列之中"},
	{"round_ceremony_order", "第 {1} 轮：其密钥仪式 {2} 早于此前一轮的密钥仪式"},
	{"round_state", "第 {1} 轮既未结束也未作废"},
	{"scrutineer_key_changed",
	 "第 {1} 轮：第 {2} 位监票人（成员 {3}）发布公钥所用的密钥不是本轮开始时为其确定的密钥"},
	{"revote_question", "第 {1} 轮重新表决已作废的第 {2} 轮的同一问题"},
	{"void_key_other", "第 {1} 轮：作废决定的签名密钥不是第 {3} 轮开始时为成员 {2} 确定的密钥"},
	{"voided_other", "第 {1} 轮（已作废）：{2}"},
	{"voided_missing", "第 {1} 轮已作废，而记录中没有第 {2} 轮：表决不完整"},
	{"ceremony_before_void", "第 {1} 轮所用的密钥仪式 {2} 早于其前一作废轮次开启的密钥仪式"},
	{"ceremony_unused", "记录列有密钥仪式 {1}，但没有任何一轮使用它"},
	{"void_done", "第 {1} 轮由主持人成员 {2} 以签名的决定作废（日志第 {3} 条），理由：{4}"},
	{"void_no_act", "第 {1} 轮作废却没有作废决定：作废的轮次须有主持人签名的决定才算数"},
	{"void_act_entry", "第 {1} 轮已作废，但其作废决定不是完整的日志条目"},
	{"void_act_changed", "第 {1} 轮已作废，但其作废决定的哈希与内容不符：已被改动"},
	{"void_act_place", "第 {1} 轮已作废，但其作废决定不是本会议日志中该位置的条目"},
	{"void_act_other", "第 {1} 轮：作废决定不是本轮的作废条目"},
	{"void_act_ceremony", "第 {1} 轮：作废决定没有开启本轮之后的密钥仪式"},
	{"void_act_member", "第 {1} 轮：作废决定不是成员所作"},
	{"void_act_unsigned", "第 {1} 轮：作废决定没有签名的请求"},
	{"void_act_committee", "第 {1} 轮：作废决定的请求是为另一委员会所作"},
	{"void_act_op", "第 {1} 轮：作废决定的请求是另一种操作"},
	{"void_act_meeting", "第 {1} 轮：作废决定的请求是为另一会议所作"},
	{"void_act_signature", "第 {1} 轮：作废决定的请求签名无效（{2}）"},
	{"void_act_args", "第 {1} 轮：作废决定所载的议题、轮次或理由与其签名请求不符"},
	{"void_no_presiding", "第 {1} 轮：没有条目表明由谁主持"},
	{"void_no_opening", "第 {1} 轮：没有条目表明由谁主持（缺少会议开始条目）"},
	{"void_presiding_entry", "第 {1} 轮：表明由谁主持的条目有误（{2}）"},
	{"void_not_presiding",
	 "第 {1} 轮：作废决定不是当时的主持人所作：只有主持人可以作废一轮表决"},

	/* A meeting record's findings (proto/record_findings.h), and the
	 * reasons they quote */
	{"more_not_listed", "另有 {1} 项结果未列出，其中 {2} 项不通过"},
	{"not_meeting_record", "不是会议记录（应为格式 {1}）"},
	{"log", "日志：{1}"},
	{"no_minutes", "记录中没有会议纪要（会议是否已散会？）"},
	{"minutes_no_seq", "会议纪要未注明其依据的日志截至哪一条"},
	{"minutes_seq_missing", "会议纪要注明依据日志至第 {1} 条，而日志中没有该条"},
	{"minutes_differ", "会议纪要与日志所载不符，自第 {1} 字节起"},
	{"minutes_match", "会议纪要与日志截至第 {1} 条所载完全一致"},
	{"minutes_sha", "会议纪要的 SHA-256 为 {1}"},
	{"succession", "主持人更替：{1} 接任主持人（{2}）"},
	{"succession_item", "主持人更替：{1} 接任一项议题的主持人（{2}）"},
	{"no_reason", "未说明理由"},
	{"chair_not_presiding",
	 "主持人签名者 {1} 既不是会议纪要所载的主持人，也不是日志记载的接任者"},
	{"clerk_not_recorded", "记录人签名者 {1} 不是登记的记录人"},
	{"signature_chair", "主持人签名（{1}，{2}）"},
	{"signature_clerk", "记录人签名（{1}，{2}）"},
	{"signature_other", "身份为“{1:role}”的签名（{2}，{3}）"},
	{"no_key", "无公钥"},
	{"correction_proposed", "第 {1} 项更正（理由：{2}）由记录人（{3}）提出"},
	{"correction_cosigned", "第 {1} 项更正经主持人（{2}）会签"},
	{"correction_pending", "第 {1} 项更正未经主持人会签：不生效"},
	{"signed_both", "会议纪要经主持人和记录人签名"},
	{"signed_chair_only", "会议纪要仅经主持人签名"},
	{"signed_clerk_only", "会议纪要仅经记录人签名"},
	{"signed_nobody", "会议纪要无人签名"},
	{"log_not_export", "不是会议日志导出文件（应为格式 {1}）"},
	{"log_one", "共 {1} 条，哈希链完整"},
	{"log_intact", "共 {1} 条，哈希链完整"},
	{"log_malformed", "第 {1} 条：格式不对（序号、内容、前一哈希或哈希缺失或无效）"},
	{"log_seq", "第 {1} 条：其序号为 {2}（条目有缺失、重复或顺序错乱）"},
	{"log_first", "第 1 条：前一哈希不是首条应有的 32 个零字节"},
	{"log_prev", "第 {1} 条：前一哈希与第 {2} 条的哈希不符"},
	{"log_changed", "第 {1} 条：内容或哈希已被改动（哈希应为 {2}）"},
	{"log_other", "第 {1} 条：内容所载的会议或序号不符"},
	{"sealed_names", "内容已密封，却又写明了操作者"},
	{"sealed_missing", "内容已密封，而未给出密封部分"},
	{"sealed_other", "密封部分不是其内容所指的那一份"},
	{"sealed_shape", "密封部分不是“操作者、请求”的形式"},
	{"older_format", "旧版格式，不再接受：会议记录于签名请求启用（迁移 0026）之前，"
			 "其条目不能表明作者签署了什么（见 VOTE.md 第 8.2 节）"},
	{"no_admin_log", "记录中没有行政日志（{1}）：无法核对由谁操作"},
	{"admin_other", "行政日志属于另一委员会"},
	{"admin_chain", "行政日志的哈希链完整（共 {1} 条）"},
	{"admin_root", "首位管理员的密钥在安装服务器或创建委员会时登记：此后每次密钥变更的签名"
		       "都以此为根"},
	{"admin_no_root", "行政日志不是从安装服务器开始的"},
	{"admin_signed",
	 "每次密钥和成员变更（{1} 次）都由持有效密钥的管理员签名；另有 {2} 条仅给出哈希"},
	{"meeting_signed",
	 "会议日志的每一条（共 {1} 条）都由其操作者用当时有效的密钥签名，"
	 "所载即其请求；作废由当时的主持人作出，监票人公钥和解密由所指定的成员作出"},
	{"server_unpinned", "服务器的 {1} 条由 {2} 签名，该公钥未经指定（用 --server-key "
			    "指定后方可信任）"},
	{"admin_entry_fails", "行政日志第 {1} 条：{2}"},
	{"admin_action_fails", "行政日志第 {1} 条（{2:action}）：{3}"},
	{"admin_some_fails", "有一条行政日志：{1}"},
	{"meeting_entry_fails", "会议日志第 {1} 条（{2}，{3}）：{4}"},
	{"malformed", "格式不对"},
	{"admin_prev", "其前一哈希不是前一条的哈希"},
	{"admin_no_body", "既未给出内容，也未给出内容的哈希"},
	{"admin_changed", "内容或哈希已被改动"},
	{"admin_elsewhere", "内容所载的条目或委员会不符"},
	{"other_meeting", "请求是为另一会议所作"},
	{"asked_otherwise", "所载的“{1}”与签名请求所要求的不符"},
	{"op_not_cause", "其请求的操作不会产生此条目"},
	{"stale_head", "其请求基于第 {1} 条，而此前已记入第 {2} 条：会场决定依据的是过时的情况"},
	{"not_pinned_key", "未经所信任的服务器公钥签名"},
	{"server_keys", "服务器的条目由不止一个密钥签名"},
	{"no_request", "没有签名的请求"},
	{"key_not_held", "其请求所用的密钥不是操作者当时持有的"},
	{"other_committee", "其请求是为另一委员会所作"},
	{"time_far", "其请求的时间与条目的时间相距太远"},
	{"head_unknown", "其请求所指的日志头不在此前的日志中"},
	{"nonce_reused", "其请求已用于另一条目"},
	{"key_not_named", "所登记的公钥不是管理员请求中指定的"},
	{"member_not_named", "更换公钥的成员不是管理员请求中指定的"},
	{"no_first_admin", "未写明首位管理员及其公钥"},
	{"not_first_key", "其请求未用首位管理员的密钥签名"},
	{"not_person", "其操作者既不是人员也不是服务器"},
	{"void_not_presiding_actor", "作废了一轮表决，但其操作者当时并未主持会议"},
	{"not_scrutineer", "其操作者不是在其所称序号上指定的监票人"},
	{"request_shape", "签名请求须恰好包含操作、参数、委员会、公钥、随机数、时间、日志头和签名"},
	{"request_committee", "签名请求中的委员会不是委员会编号"},
	{"request_nonce", "签名请求的随机数不是 16 字节的 base64url"},
	{"request_head", "签名请求的日志头既不是空值，也不是“会议、序号、哈希”"},
	{"request_none", "没有签名的请求"},
	{"request_key", "签名请求的公钥不是 Ed25519 公钥"},
	{"request_sig_malformed", "签名请求的签名格式不对"},
	{"request_time", "签名请求的时间不是 RFC 3339 日期时间"},
	{"request_sig_bad", "请求的签名用其公钥核验不通过"},
	{"sig_not_object", "签名部分必须是对象"},
	{"sig_unknown_member", "签名部分有未知的成员"},
};

/* What a threshold key ceremony's check found (dkg_fault_text), the part
 * of a finding it fills. */
static const struct refusal_text dkg_fault_texts[] = {
	{"the ceremony verifies", "仪式核验通过"},
	{"the ceremony is not n scrutineers in index order, each as specified",
	 "仪式所列不是按序号排列、各项齐全的全部监票人"},
	{"a dealing is not signed by its scrutineer's member key",
	 "有一份分发未经其监票人的成员密钥签名"},
	{"a dealing's commitments or proofs do not verify", "有一份分发的承诺或证明核验不通过"},
	{"the election key is not the sum of the constant commitments",
	 "选举公钥不是各承诺常数项之和"},
	{"a verification key is not the one the commitments give",
	 "有一个验证公钥与承诺所定的不符"},
	{"an acceptance is not signed by its scrutineer's member key",
	 "有一份接受未经其监票人的成员密钥签名"},
	{"a share proof does not verify", "有一份份额证明核验不通过"},
};

/* The Chinese words of a finding's name, or NULL. */
static const char *finding_zh(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(finding_texts) / sizeof(finding_texts[0]); i++)
		if (strcmp(finding_texts[i].reason, name) == 0)
			return finding_texts[i].zh;
	return NULL;
}

/* Whether a finding's name has Chinese words (for the tests). */
int finding_has_text(const char *name)
{
	return finding_zh(name) != NULL;
}

/* A meeting record's finding (record_findings) in Chinese, its parameters
 * that are findings or reasons themselves ("log: entry 3: ...") worded
 * too; NULL when the catalog does not know it. */
static const char *record_finding_zh(const char *en, char *buf, size_t len, int depth)
{
	char sub[REFUSAL_MAX_PARAMS][REFUSAL_PARAM_LEN];
	const char *name, *zh, *params[REFUSAL_MAX_PARAMS];
	struct refusal_params p;
	int k;

	name = pattern_match(record_findings, record_findings_len, en, &p);
	if (name == NULL || (zh = finding_zh(name)) == NULL)
		return NULL;
	for (k = 0; k < p.n; k++)
		params[k] = depth < 2 && record_finding_zh(p.v[k], sub[k], sizeof(sub[k]),
							   depth + 1) != NULL
				    ? sub[k]
				    : p.v[k];
	return words_fill(zh, params, p.n, buf, len);
}

/* A finding of yg verify in the chosen language: an election record's
 * (finding_patterns) or a meeting record's (proto/record_findings.h). */
const char *finding_text(const char *en, char *buf, size_t len)
{
	struct refusal_params p;
	const char *name, *zh, *params[REFUSAL_MAX_PARAMS];
	size_t i;
	int k;

	name = lang_en ? NULL
		       : pattern_match(finding_patterns,
				       sizeof(finding_patterns) / sizeof(finding_patterns[0]), en,
				       &p);
	if (name == NULL) {
		if (lang_en || record_finding_zh(en, buf, len, 0) == NULL)
			snprintf(buf, len, "%s", en);
		return buf;
	}
	for (k = 0; k < p.n; k++) {
		params[k] = p.v[k];
		for (i = 0; i < sizeof(dkg_fault_texts) / sizeof(dkg_fault_texts[0]); i++)
			if (strcmp(dkg_fault_texts[i].reason, p.v[k]) == 0)
				params[k] = dkg_fault_texts[i].zh;
	}
	if ((zh = finding_zh(name)) != NULL)
		return words_fill(zh, params, p.n, buf, len);
	snprintf(buf, len, "%s", en);
	return buf;
}
