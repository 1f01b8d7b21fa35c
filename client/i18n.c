#include <stdio.h>
#include <string.h>
#include <time.h>

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
};

static int lang_en, lang_chosen;

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
 * "2026-12-06 01:17:17.939226+00", "...+08:00") in this terminal's clock,
 * to the minute; 0, or -1 when s is not such a time. */
int i18n_time_text(const char *s, char *out, size_t len)
{
	struct tm tm = {0};
	int oh = 0, om = 0, n = 0;
	char sep, sign = '+';
	const char *p;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 7 ||
	    (sep != 'T' && sep != ' '))
		return -1;
	p = s + n;
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	if (strcmp(p, "Z") != 0 && (sscanf(p, "%c%2d%n", &sign, &oh, &n) != 2 ||
				    (sign != '+' && sign != '-') ||
				    (p[n] != '\0' && sscanf(p + n, ":%2d", &om) != 1)))
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) - (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	if (localtime_r(&t, &tm) == NULL || strftime(out, len, "%Y-%m-%d %H:%M", &tm) == 0)
		return -1;
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
	{"observer_not_pending", "列席人员 {1} 的状态为“{2:observer}”，只有待审批的登记才能改为“{3:observer}”"},
	{"observer_not_approved_for", "列席人员 {1} 的状态为“{2:observer}”，只有已批准的列席人员才能改为“{3:observer}”"},
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
	{"item_edit_not_draft", "议题 {1} 的状态为“{2:item}”：只有筹备中的议题可以编辑，请改用修订"},
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
	{"too_many_uploads", "您同时最多有 {1} 个未完成的上传：请先完成一个，或等待某个上传一小时无新数据后再试"},
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
	{"agenda_empty", "议程为空"},
	{"item_fails_gates", "议题未通过上会前置条件（{1}）；详见 yg item gates"},
	{"starts_at_format", "会议时间格式不对，应为带时区的 RFC 3339 时间（如 2026-12-01T09:00:00+08:00）"},
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
	{"only_presiding_chair", "只有主持会议 {1} 的主持人或其指定的接替人才能办理此事"},
	{"only_presiding_chair_item", "只有主持会议 {1}（议题 {2}）的主持人或其指定的接替人才能办理此事"},
	{"not_presided_yet", "会议 {1} 尚无人主持"},
	{"only_admin_or_chair_names_successor", "只有管理员或主持人才能指定接替人"},
	{"bad_successor", "成员 {1} 不能接替：接替人须为另一位担任主持人角色的在职成员"},
	{"no_correction", "会议 {1} 的会议记录没有第 {2} 号更正"},
	{"correction_cosigned", "更正 {1} 已会签"},
	{"only_chair_designates", "只有主持人才能指定监票人"},
	{"scrutineers_after_announce", "会议 {1} 的状态为“{2:meeting}”：会议公布后才能指定监票人"},
	{"designation_fixed", "已有监票人公布密钥，监票人不能再更改"},
	{"scrutineer_count", "须指定 {1} 名不同的成员为监票人（规则 scrutineers）"},
	{"scrutineer_not_on_roster", "每位监票人都须是本次会议应到会名单中的在职成员"},
	{"scrutineer_is_candidate", "{1} 是本次会议议程上的候选人，不能担任监票人"},
	{"not_scrutineer", "您不是会议 {1} 的监票人"},
	{"scrutineer_key_published", "您本次会议的密钥已经公布"},
	{"election_key_now", "现在不能设置选举公钥"},
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
	{"only_presiding_closes_vote", "只有该议题的主持人或会议主持人才能结束表决"},
	{"no_vote_open_item", "议题 {1} 没有正在进行的表决"},
	{"vote_not_open", "表决未开放"},
	{"round_not_decrypting", "议题 {2} 第 {1} 轮表决不在等待解密"},
	{"decryption_given", "您已提交本轮的解密结果"},
	{"round_cannot_close", "本轮表决现在不能结束"},
	{"no_closed_vote", "会议 {2} 中议题 {1} 尚无已结束的表决"},
	{"vote_under_way", "表决正在进行：请先结束表决，并等待监票人解密"},
	{"members_must_be_ids", "成员须以编号指定"},
	{"only_chair_publishes", "只有主持人才能审查并公开决策"},
	{"publish_not_decided", "议题 {1} 的状态为“{2:item}”：只有已作出决定或未通过的议题才能公开"},
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
	{"no_quorum_open", "未达到法定人数，不能开会：应到会 {2} 人，到会 {1} 人，开会需 {3} 人"},
	{"no_quorum_item", "到会人数不足以审议此议题：应到会 {2} 人，到会 {1} 人，需 {3} 人（干部任免议题须三分之二以上）"},
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
	{"members_yet_to_state", "尚有 {1} 位委员未表态（首位：成员 {2}）；每位参加讨论的委员都须表态或放弃表态后才能结束讨论"},
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

/* The text of a refusal for a person: its reason in the chosen language,
 * else the generic meaning of its code with the server's words. */
const char *refusal_text(const char *code, const char *message, const char *reason,
			 const char *const *params, int nparams, char *buf, size_t len)
{
	const char *t = NULL, *s;
	char p[256], dom[32];
	size_t i, off = 0;
	int k;

	if (lang_en || reason == NULL) {
		snprintf(buf, len, "%s", message);
		return buf;
	}
	for (i = 0; i < sizeof(refusal_texts) / sizeof(refusal_texts[0]) && t == NULL; i++)
		if (strcmp(refusal_texts[i].reason, reason) == 0)
			t = refusal_texts[i].zh;
	if (t == NULL) {
		snprintf(buf, len, "%s（%s）", message, code);
		return buf;
	}
	buf[0] = '\0';
	for (s = t; *s != '\0' && off + 1 < len; s++) {
		/* {N} is parameter N; {N:domain} a code of that domain. */
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && (s[2] == '}' || s[2] == ':')) {
			const char *end = strchr(s, '}');

			k = s[1] - '1';
			snprintf(dom, sizeof(dom), "%.*s", s[2] == ':' ? (int)(end - s - 3) : 0, s + 3);
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
