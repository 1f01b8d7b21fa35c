#!/bin/sh
# README's walk-through, run as written: the trial committee (试用) of 11 of
# "Setting up a committee" (the same names, titles, roles and so the same
# member numbers), its chair shortening its days, the power list, item 1
# with its materials, its announcement and comments, the window ending by
# itself, meeting 1 announced and the item taken off it, meeting 2 (due in
# ten minutes) with its observer and scrutineers, arrival and quorum, the
# discussion in the speaking order, the vote before the close, the minutes
# and their signatures. Nothing moves time: the comment window lasts two
# trial days of 10 seconds and the script waits for it with README's own
# `yg item gates 1`. The outputs README shows are checked (the trial's
# marks, the rule changes, the counts, the member numbers, the vote's
# line), and the whole output, in the default language, must hold no
# English sentence (identifiers and hashes allowed). The terminals keep
# China's time, as README's do. Run by tests/run.sh BUILD (YG_WALK_KEEP=FILE
# keeps the output).
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite walk "${1:-}"
export TZ=Asia/Shanghai
die() {
	echo "FAIL - $1"
	[ ! -f "$dir/walk.out" ] || tail -n 15 "$dir/walk.out" | sed 's/^/    /'
	exit 1
}
# saw NAME TEXT: the walk-through's output so far holds TEXT.
saw() {
	if grep -q -- "$2" "$dir/walk.out"; then echo "ok - $1"; else
		echo "FAIL - $1: no '$2' in the output"
		failed=1
	fi
}

yg_server
# as LOGIN yg-arguments...: the command, as README shows it, and its output.
as() {
	who=$1
	shift
	echo "# $who" >>"$dir/walk.out"
	echo "\$ yg $*" >>"$dir/walk.out"
	"$build/yg" --server "$server" --fingerprint "$fp" --home "$dir/homes/$who" \
		${committee:+--committee "$committee"} "$@" >>"$dir/walk.out" 2>&1
}
# must LOGIN yg-arguments...: as, and it succeeds.
must() { as "$@" || die "yg $* (as $1)"; }
# refused LOGIN yg-arguments...: as, and it is refused.
refused() { if as "$@"; then die "yg $* (as $1) was not refused"; fi; }

people="wangming lijianguo chenzhiqiang zhaohongmei liuyang zhouhaitao wuguohua zhengxiaoyan
	fengweidong sunlixin majun qianwenbin"
yg_keys "$dir/homes" $people
: >"$dir/walk.out"

# Setting up a committee: 3. bootstrap (a trial), 4. the other ten, 5. rules.
"$build/ygd" --db "$owner" bootstrap --trial '某某县委常委会' '王明' "$(pub wangming)" '办公室主任' \
	>>"$dir/walk.out" 2>&1 || die "bootstrap"
saw "the committee is a trial" '已登记 王明 为 某某县委常委会（试用） 的管理员：{"member": 1, "committee": 1}'
committee=1
must wangming whoami
add() { must wangming admin member add --name "$1" --title "$2" --roles "$3" --key "$(pub "$4")"; }
add 李建国 书记 chair,member lijianguo
add 陈志强 副书记 chair,member chenzhiqiang
add 赵红梅 纪委书记 member,auditor zhaohongmei
add 刘洋 记录人 clerk liuyang
add 周海涛 组织部长 member zhouhaitao
add 吴国华 常务副县长 member wuguohua
add 郑晓燕 政法委书记 member zhengxiaoyan
add 冯卫东 统战部长 member fengweidong
add 孙立新 宣传部长 member sunlixin
add 马俊 人武部政委 member majun
must wangming member list
saw "member 11 is 马俊, as README numbers them" '^11 *马俊 *人武部政委'
saw "member 6 is 周海涛" '^6 *周海涛'
must wangming admin rules set announce_days_public 10
saw "the rule change reads as README shows" '已修改规则 announce_days_public：7 → 10'
must wangming rules show
# The trial's chair shortens its days.
must lijianguo admin rules set trial_day_seconds 10
saw "a trial's day lasts 10 seconds" '已修改规则 trial_day_seconds：86400 → 10'
must lijianguo admin rules set announce_days_public 2
saw "... and its window 2 days" '已修改规则 announce_days_public：10 → 2'

# Observers: 钱文彬 registers, the office approves.
must qianwenbin observer register --committee 1 --name 钱文彬 --category npc_deputy --affiliation 城关镇人大代表团
must wangming admin observer approve 1

# An agenda item from draft to ready.
must wangming admin power add --category project --title 县级重大建设项目安排 \
	--basis '《政府投资条例》第九条；《重大行政决策程序暂行条例》第三条'
must wangming admin power add --category project --title 工程建设项目招标投标具体事项 \
	--basis '《招标投标法》；县委“三重一大”决策制度实施办法第八条' --not-collective
must majun power list --committee 1
printf '%s\n' '在城关镇东郊新建县城污水处理厂一座，近期设计规模日处理3万吨，出水执行一级A标准；配套建设污水收集管网12.6公里。总投资约2.38亿元，其中申请中央预算内资金0.8亿元，其余由县城投公司融资解决。建设期18个月。' \
	>"$dir/项目概要.txt"
must wuguohua item create --title 县城污水处理厂建设项目 --category project --power 1 \
	--summary-file "$dir/项目概要.txt" --public
saw "the item's title is marked" '议题 1：【试用】县城污水处理厂建设项目'
refused wuguohua item create --title 污水处理厂设备采购招标 --category project --power 2
saw "a bidding matter is refused, in Chinese" 'yg: 错误: 权力清单第 2 项不属集体决策事项（不直接决策具体事项）'
refused wuguohua item gates 1
for f in 调查研究报告 专家论证意见 社会稳定风险评估报告 合法性审查意见书; do printf '%s\n' "$f" >"$dir/$f.pdf"; done
must wuguohua material add 1 --kind research "$dir/调查研究报告.pdf"
must liuyang material add 1 --kind expert_review "$dir/专家论证意见.pdf"
must wuguohua material add 1 --kind risk_assessment "$dir/社会稳定风险评估报告.pdf"
must wuguohua material add 1 --kind legality_review --outcome passed "$dir/合法性审查意见书.pdf"
must wuguohua item announce 1
saw "the window is announced" '公开征求意见至'
must majun item public --committee 1
must majun comment add --committee 1 1 --stance support '城东片区污水直排问题多年未解决，支持尽快建设。'
must majun comment add --committee 1 1 --stance object '厂址下风向两公里有居民小区，担心臭气影响，建议加盖除臭。'
must qianwenbin comment add 1 --stance neutral --as-observer '建议在招标文件中明确出水水质的考核办法，并按季度向人大报告运行情况。'
must zhouhaitao comment list 1
# The window ends by itself (two days of 10 seconds): README's yg item
# gates 1, until it passes.
i=0
until "$build/yg" --server "$server" --fingerprint "$fp" --home "$dir/homes/wuguohua" \
	--committee 1 item gates 1 >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -le 120 ] || die "the comment window did not end"
	sleep 0.5
done
must wuguohua item gates 1
saw "the item may go on a meeting" '议题 1（第 1 版）：可以上会'
refused majun comment add --committee 1 1 --stance support '支持。'
saw "... and takes no more comments" '不在征求意见期内'

# Onto a meeting, and off it.
must lijianguo meeting create --title 县委常委会2026年第23次会议 --place 县委常委会议室 \
	--at "$(date -d tomorrow '+%Y-%m-%d 09:00')"
must lijianguo meeting add 1 1
must lijianguo meeting announce 1
must lijianguo meeting remove 1 1 --reason '环评批复尚未下达，待批复后另行安排'

# Running a meeting: 1. before the day.
must lijianguo meeting create --title 县委常委会2026年第24次会议 --place 县委常委会议室 \
	--at "$(date -d '+10 min' '+%Y-%m-%d %H:%M')"
saw "the meeting's title is marked" '会议 2：【试用】县委常委会2026年第24次会议'
must lijianguo meeting add 2 1
must lijianguo meeting announce 2
must lijianguo meeting invite 2 1
# two scrutineers, both needed (the rules' defaults are any 2 of 3)
must wangming admin rules set scrutineers 2
must wangming admin rules set scrutineer_threshold 0
must lijianguo scrutineer designate 2 9 10
saw "冯卫东 and 孙立新 count the vote" '会议 2 的监票人：冯卫东、孙立新'
for who in fengweidong sunlixin; do
	"$build/yg" --server "$server" --fingerprint "$fp" --home "$dir/homes/$who" --committee 1 \
		scrutineer watch 2 >"$dir/$who.watch" 2>&1 &
	pids="$pids $!"
done
# 2. Arrival and quorum.
for who in lijianguo chenzhiqiang wuguohua zhouhaitao qianwenbin; do must "$who" meeting check-in 2; done
saw "four of nine members" '到会 4 / 应到会 9'
refused lijianguo meeting open 2
must lijianguo meeting absent 2 11 --reason '赴省委党校学习'
must lijianguo meeting state 2
for who in zhaohongmei zhengxiaoyan; do must "$who" meeting check-in 2; done
must lijianguo meeting open 2
saw "the meeting opens with six of nine" '会议 2 开始：到会 6 / 应到会 9'
for who in fengweidong sunlixin; do must "$who" meeting check-in 2; done
saw "eight of nine" '到会 8 / 应到会 9'

# 4. The item.
must lijianguo agenda open 2 1
must zhengxiaoyan agenda recuse 2 1 --reason '配偶在县城投公司任职，该公司承担项目融资'
must wuguohua agenda present 2 1 '项目已列入省“十四五”城镇污水处理规划，环评已于12月9日批复。总投资约2.38亿元，申请中央预算内资金0.8亿元，其余由县城投公司融资。建议同意建设，2027年3月开工。'
refused lijianguo agenda speak 2 1 agree '同意。'
saw "the chair speaks last" '主持人末位表态：其他到会委员尚未全部表态（chair_not_last）'
must chenzhiqiang agenda speak 2 1 agree '城东片区污水直排问题群众反映多年，项目必要性充分；总投资2.38亿元，资金来源清楚，建议严格控制概算。'
must zhaohongmei agenda speak 2 1 agree '建议招标和资金使用全过程接受审计和纪检监督，按季度公开进度。'
must zhouhaitao agenda speak 2 1 agree '无补充意见。'
must sunlixin agenda speak 2 1 缓议 '厂址下风向两公里有居民小区，群众意见集中在臭气问题，建议除臭方案专家论证后再定。'
must fengweidong agenda pass 2 1
refused zhengxiaoyan agenda speak 2 1 agree '同意'
saw "the recused member cannot speak" '你已声明回避此议题，不参加讨论（recused）'
refused lijianguo agenda close 2 1
must qianwenbin floor request 2
must lijianguo floor grant 2 1
must wuguohua agenda speak 2 1 agree '除臭设施已列入设计，按全封闭加盖除臭建设，投资已计入概算。'
must lijianguo agenda speak 2 1 agree '由吴国华同志牵头，除臭方案随初步设计报常委会备案，按季度向人大报告建设进度。'
must lijianguo agenda close 2 1

# Voting, before the close.
must lijianguo vote open 2 1
saw "the vote opens for 7 of 9" '可投票 7 人，应到会 9 人'
n=0
for who in lijianguo chenzhiqiang zhaohongmei zhouhaitao wuguohua fengweidong sunlixin; do
	n=$((n + 1))
	choice=同意
	[ "$who" = sunlixin ] && choice=弃权
	must "$who" vote cast 2 1 "$choice" --yes
	[ $n = 5 ] && must majun vote status 2 1
done
saw "the fifth ballot of seven" '已投 5/7'
saw "a ballot's receipt, and what to do with it" '请保存回执；结果公布后可用 yg verify 记录文件 --receipt 回执'
must lijianguo vote close 2 1
saw "seven ballots" '共 7 张选票，等待监票人解密'
saw "... waiting for both scrutineers" '等待监票人 孙立新 解密'
passed() {
	"$build/yg" --server "$server" --fingerprint "$fp" --home "$dir/homes/majun" --committee 1 \
		vote status 2 1 2>/dev/null | grep -q '通过'
}
yg_poll 60 passed || die "the scrutineers did not decrypt"
must majun vote status 2 1
saw "passed with 6 for, 5 needed" '须至少 5 票'

# 5. The close and the minutes, 6. signing.
must lijianguo meeting close 2
# 3. Following the meeting: what the observer's yg meeting follow 2 showed.
must qianwenbin meeting follow 2 --once
saw "the observer followed the meeting to its close" '宣布散会（到会 8 / 应到会 9）'
must liuyang minutes show 2
saw "the minutes name the absence" '赴省委党校学习'
must lijianguo minutes sign 2 --role chair
must liuyang minutes sign 2 --role clerk
saw "both signed" '已签名：主持人 李建国，记录人 刘洋'
refused wuguohua minutes sign 2 --role chair
saw "... and nobody else as chair" '您的角色无权办理此事（minutes.sign）'
must qianwenbin meeting follow 2 --once
saw "... and later the two signatures" '刘洋 以记录人身份签署会议记录'
must lijianguo minutes show 2
must lijianguo meeting state 2
echo "ok - README's walk-through ran ($(wc -l <"$dir/walk.out") lines)"

# English sentences: three words of two or more letters in a row, once the
# commands (yg ...), options, URLs, paths, keys and hashes are taken out.
if sed -e 's/\x1b\[[0-9;]*m//g' -e '/^\$ yg /d' -e '/^# [a-z]*$/d' -e 's/yg [a-z][a-z -]*//g' \
	-e 's/--[a-z-]*//g' -e 's#[a-z]*://[^ ）]*##g' -e 's#[A-Za-z0-9_./-]*/[A-Za-z0-9_./-]*##g' \
	-e 's/ed25519:[A-Za-z0-9_-]*//g' -e 's/[A-Za-z0-9_-]\{20,\}//g' "$dir/walk.out" |
	grep -E '[A-Za-z]{2,}[ ,;:()]+[A-Za-z]{2,}[ ,;:()]+[A-Za-z]{2,}' >"$dir/english"; then
	echo "FAIL - English in the walk-through's output:"
	head -n 20 "$dir/english" | sed 's/^/    /'
	failed=1
else
	echo "ok - no English sentence in the walk-through's output"
fi
[ -z "${YG_WALK_KEEP:-}" ] || cp "$dir/walk.out" "$YG_WALK_KEEP"
exit $failed
