/* The ballot (无记名投票) over the member's screen. Made so that a wrong
 * or accidental vote is hard: nothing is chosen at first; a choice is made
 * with its number (or the arrows and Space) and shown; Enter only leads to
 * a page that repeats the choice, where y — and nothing else — casts it
 * (Enter there does nothing, so a second Enter cannot cast); n or Esc goes
 * back. The ballot is encrypted, proven and signed on this terminal
 * (ballot_make, as yg vote cast), kept in HOME/ballots/ before it is sent
 * (a retry sends that same ballot again), and the receipt is shown and
 * kept in HOME/receipts/. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../../proto/ballot.h"
#include "../ballot_keep.h"
#include "../json_field.h"
#include "../keycheck.h"
#include "../i18n.h"
#include "../save_file.h"
#include "tui.h"
#include "tui_events.h"

void tb_open(struct tui *t, long long item)
{
	const struct tm_item *it = tm_item_c(t->m, item);

	memset(&t->ballot, 0, sizeof(t->ballot));
	if (it == NULL)
		return;
	t->ballot.stage = TB_CHOOSE;
	t->ballot.item = item;
	t->ballot.round = it->round;
	t->message[0] = '\0';
}

/* How many are chosen. */
static int tb_count(const struct tui *t, const struct tm_item *it)
{
	int i, n = 0;

	for (i = 0; i < it->nlabels; i++)
		n += t->ballot.chosen[i] != 0;
	return n;
}

/* The choice in words: "不同意", "王志远、陈晓燕", "（不选任何人）". */
static void tb_choice_text(const struct tui *t, const struct tm_item *it, char *buf, size_t len)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < it->nlabels; i++)
		if (t->ballot.chosen[i])
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? TR("、", ", ") : "", tev_label(it->labels[i]));
	if (buf[0] == '\0')
		snprintf(buf, len, "%s",
			 strcmp(it->kind, "approval") == 0
				 ? TR("（不选任何人）", "(nobody)")
				 : TR("（尚未选择）", "(nothing chosen yet)"));
}

/* The box the ballot is drawn in: centred, at most 76 columns. */
static struct tl_rect tb_box(struct tl_rect body)
{
	int w = body.w > 78 ? 76 : body.w - 2;

	return (struct tl_rect){body.y, body.x + (body.w - w) / 2, body.h, w};
}

static void tb_draw_choose(struct tui *t, const struct tm_item *it, struct tl_rect r, int y)
{
	char choice[512];
	int i, approval = strcmp(it->kind, "approval") == 0;

	td_text(y++, r.x + 2, r.w - 4,
		approval ? TR("请选择候选人（按数字键选中或取消）：",
			      "choose candidates (a number selects or unselects):")
			 : TR("请选择一项（按数字键，或 ↑↓ 再按空格）：",
			      "choose one (its number, or ↑↓ then Space):"));
	if (approval)
		td_textf(y++, r.x + 2, r.w - 4,
			 TR("至多选 %d 人，已选 %d 人", "at most %d; %d chosen"), it->seats,
			 tb_count(t, it));
	y++;
	for (i = 0; i < it->nlabels && y < r.y + r.h - 3; i++) {
		if (i == t->ballot.cursor)
			attron(A_REVERSE);
		td_textf(y++, r.x + 4, r.w - 8, " %s %d. %s ", t->ballot.chosen[i] ? "[✓]" : "[ ]",
			 i + 1, tev_label(it->labels[i]));
		if (i == t->ballot.cursor)
			attroff(A_REVERSE);
	}
	y++;
	tb_choice_text(t, it, choice, sizeof(choice));
	attron(A_BOLD);
	td_textf(y++, r.x + 2, r.w - 4, TR("已选：%s", "chosen: %s"), choice);
	attroff(A_BOLD);
}

static void tb_draw_confirm(struct tui *t, const struct tm_item *it, struct tl_rect r, int y)
{
	char choice[512];

	tb_choice_text(t, it, choice, sizeof(choice));
	td_text(y++, r.x + 2, r.w - 4, TR("请核对您的选择：", "check your choice:"));
	y++;
	attron(td_attr(TC_BANNER));
	td_fill(y, r.x + 4, r.w - 8);
	td_textf(y++, r.x + 4, r.w - 8, "  %s  ", choice);
	attroff(td_attr(TC_BANNER));
	y++;
	td_text(y++, r.x + 2, r.w - 4,
		TR("选票在本机加密，任何人（包括服务器）都看不到您的选择。",
		   "The ballot is encrypted here: nobody, the server included, sees your choice."));
	attron(td_attr(TC_BAD));
	td_text(y++, r.x + 2, r.w - 4, TR("投出后不能更改。", "A cast ballot cannot be changed."));
	attroff(td_attr(TC_BAD));
	y++;
	attron(A_BOLD);
	td_text(y++, r.x + 2, r.w - 4,
		TR("按 [y] 确认投出；按 [n] 或 Esc 返回修改",
		   "[y] cast it; [n] or Esc to change it"));
	attroff(A_BOLD);
}

static void tb_draw_receipt(struct tui *t, struct tl_rect r, int y)
{
	attron(td_attr(TC_GOOD) | A_BOLD);
	td_textf(y++, r.x + 2, r.w - 4, TR("已投票（第 %d 轮）", "ballot cast (round %d)"),
		 t->ballot.round);
	attroff(td_attr(TC_GOOD) | A_BOLD);
	y++;
	td_text(y++, r.x + 2, r.w - 4, TR("您的选票回执：", "your receipt:"));
	attron(A_BOLD);
	td_text(y++, r.x + 4, r.w - 6, t->ballot.receipt);
	attroff(A_BOLD);
	y++;
	td_text(y++, r.x + 2, r.w - 4,
		TR("回执已保存在 yg 目录的 receipts/ 下。结果公布后可用",
		   "The receipt is kept under receipts/ in the yg home. Once"));
	td_text(y++, r.x + 2, r.w - 4,
		TR("yg verify 选举记录 --receipt 回执 核对您的选票在记录中。",
		   "the result is out, yg verify RECORD --receipt RECEIPT finds it."));
	y++;
	td_text(y++, r.x + 2, r.w - 4, TR("按 Enter 返回", "Enter to go back"));
}

void tb_draw(struct tui *t, struct tl_rect body)
{
	const struct tm_item *it = tm_item_c(t->m, t->ballot.item);
	struct tl_rect r = tb_box(body);
	int y = r.y + 1;

	if (it == NULL)
		return;
	td_heading(r, TR("无记名投票", "secret ballot"));
	attron(A_BOLD);
	td_textf(y++, r.x + 2, r.w - 4, TR("议题 %lld：%s", "item %lld: %s"), it->id, it->title);
	attroff(A_BOLD);
	td_textf(y++, r.x + 2, r.w - 4,
		 TR("第 %d 轮    已投 %lld/%d", "round %d    %lld of %d cast"), t->ballot.round,
		 it->cast, it->neligible);
	y++;
	if (t->ballot.stage == TB_CHOOSE)
		tb_draw_choose(t, it, r, y);
	else if (t->ballot.stage == TB_CONFIRM)
		tb_draw_confirm(t, it, r, y);
	else
		tb_draw_receipt(t, r, y);
}

int tb_keys(struct tui *t, const char **labels, int max)
{
	int n = 0;

	if (max < 4)
		return 0;
	if (t->ballot.stage == TB_CHOOSE) {
		labels[n++] = TR("[1-9]选择", "[1-9] choose");
		labels[n++] = TR("[↑↓/空格]选择", "[↑↓/Space] choose");
		labels[n++] = TR("[Enter]核对", "[Enter] review");
		labels[n++] = TR("[Esc]不投票返回", "[Esc] back, no vote");
	} else if (t->ballot.stage == TB_CONFIRM) {
		labels[n++] = TR("[y]确认投出", "[y] cast");
		labels[n++] = TR("[n/Esc]返回修改", "[n/Esc] change");
	} else
		labels[n++] = TR("[Enter]返回", "[Enter] back");
	return n;
}

/* Keep the receipt in HOME/receipts/meeting-M-item-I-round-R.txt. */
static void tb_keep_receipt(struct tui *t)
{
	char path[4300], text[256];
	int n;

	snprintf(path, sizeof(path), "%s/receipts", t->opts->home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/receipts/meeting-%lld-item-%lld-round-%d.txt",
		 t->opts->home, t->m->id, t->ballot.item, t->ballot.round);
	n = snprintf(text, sizeof(text), "%s\n", t->ballot.receipt);
	save_file(path, text, (size_t)n);
}

/* The ballot to send: the one kept on this terminal for this round (sent
 * again as it is, whatever is chosen now: said on the message line), or a
 * new one made from the choice and kept first (ballot_keep.h). 0 with k
 * ready, -1 after saying why. */
static int tb_ready(struct tui *t, const struct tm_item *it, const cJSON *st, struct ballot_kept *k)
{
	unsigned char choices[BALLOT_MAX_OPTIONS] = {0};
	enum ballot_keep_rc got = BK_RESEND;
	char why[512];
	EVP_PKEY *key;
	int i, found = ballot_keep_find(t->opts, st, t->me.id, k);

	if (found == 0 && cJSON_IsTrue(cJSON_GetObjectItem(st, "you_voted"))) {
		tui_say(t, 1, "%s", TR("您已在本轮投过票", "you have voted in this round"));
		return -1;
	}
	if (found == 0 && keycheck_vote(t->opts, st, why, sizeof(why)) != 0) {
		tui_say(t, 1,
			TR("未投票：选举公钥未通过本机核验（%s）",
			   "not cast: the election key fails this terminal's check (%s)"),
			why);
		return -1;
	}
	if (found == 0) {
		for (i = 0; i < it->nlabels && i < BALLOT_MAX_OPTIONS; i++)
			choices[i] = t->ballot.chosen[i] != 0;
		if ((key = conn_load_key(t->opts)) == NULL) {
			tui_say(t, 1, "%s",
				TR("无法读取密钥（见 tui.log）",
				   "cannot read the key (see tui.log)"));
			return -1;
		}
		got = ballot_keep_new(t->opts, st, t->me.id, key, choices, k);
		memset(choices, 0, sizeof(choices));
		EVP_PKEY_free(key);
	}
	if (found < 0 || got == BK_KEPT_BAD || got == BK_KEEP_FAIL || got == BK_MAKE_FAIL) {
		tui_say(t, 1,
			TR("未投票：无法生成或保存选票（%s）",
			   "not cast: the ballot cannot be made or kept (%s)"),
			k->path);
		return -1;
	}
	if (got == BK_RESEND)
		tui_say(t, 0,
			TR("重发本机保存的本轮原选票（回执 "
			   "%.8s…）；选票生成后不能更改，本次选择不予采用",
			   "sending again the ballot kept here for this round (receipt %.8s…); a "
			   "ballot cannot be changed once made, the choice now is not used"),
			k->receipt);
	return 0;
}

/* Make (or find) the ballot here and cast it. */
static void tb_cast(struct tui *t)
{
	char stored[VOTE_HASH_TEXT_LEN + 1];
	cJSON *args = tnet_meeting_args(t), *st = NULL, *res = NULL;
	struct tm_item *it = tm_item(t->m, t->ballot.item);
	struct ballot_kept k = {0};
	int rc;

	cJSON_AddNumberToObject(args, "item", (double)t->ballot.item);
	if (it == NULL || tnet_call(t, "vote.status", args, &st) != YG_EXIT_OK)
		goto out;
	if (strcmp(json_str(st, "state"), "open") != 0 ||
	    json_int(st, "round") != t->ballot.round) {
		tui_say(t, 1, "%s",
			TR("本轮投票已结束，或您已投过票",
			   "this round is closed, or you have voted"));
		t->ballot.stage = TB_CLOSED;
		goto out;
	}
	if (tb_ready(t, it, st, &k) != 0) {
		t->ballot.stage = TB_CLOSED;
		goto out;
	}
	rc = tnet_call(t, "vote.cast", k.args, &res);
	k.args = NULL;
	if (rc == YG_EXIT_OK)
		snprintf(t->ballot.receipt, sizeof(t->ballot.receipt), "%s",
			 json_str(res, "receipt"));
	else if (ballot_keep_already_in(t->c.err_code, t->c.err_message, k.receipt, stored)) {
		snprintf(t->ballot.receipt, sizeof(t->ballot.receipt), "%s", k.receipt);
		tui_say(t, 0, "%s",
			TR("服务器已存有这张选票，与本机保存的一致",
			   "the server already holds this very ballot, the one kept here"));
	} else
		goto out;
	snprintf(it->receipt, sizeof(it->receipt), "%s", t->ballot.receipt);
	it->voted = 1;
	memset(t->ballot.chosen, 0, sizeof(t->ballot.chosen));
	t->ballot.stage = TB_RECEIPT;
	tb_keep_receipt(t);
out:
	cJSON_Delete(k.args);
	cJSON_Delete(st);
	cJSON_Delete(res);
}

/* Choose or unchoose option i. */
static void tb_toggle(struct tui *t, const struct tm_item *it, int i)
{
	if (i < 0 || i >= it->nlabels)
		return;
	t->ballot.cursor = i;
	if (strcmp(it->kind, "approval") != 0) {
		memset(t->ballot.chosen, 0, sizeof(t->ballot.chosen));
		t->ballot.chosen[i] = 1;
		t->message[0] = '\0';
		return;
	}
	if (!t->ballot.chosen[i] && tb_count(t, it) >= it->seats) {
		tui_say(t, 1, TR("至多选 %d 人", "at most %d"), it->seats);
		return;
	}
	t->ballot.chosen[i] = !t->ballot.chosen[i];
	t->message[0] = '\0';
}

static void tb_key_choose(struct tui *t, const struct tm_item *it, int ch, int fn)
{
	if (fn && ch == KEY_UP && t->ballot.cursor > 0)
		t->ballot.cursor--;
	else if (fn && ch == KEY_DOWN && t->ballot.cursor < it->nlabels - 1)
		t->ballot.cursor++;
	else if (!fn && ch == ' ')
		tb_toggle(t, it, t->ballot.cursor);
	else if (!fn && ch >= '1' && ch <= '9')
		tb_toggle(t, it, ch - '1');
	else if ((fn && ch == KEY_ENTER) || (!fn && (ch == '\r' || ch == '\n'))) {
		if (strcmp(it->kind, "approval") != 0 && tb_count(t, it) != 1)
			tui_say(t, 1, "%s", TR("请先选择一项", "choose one first"));
		else {
			t->ballot.stage = TB_CONFIRM;
			t->message[0] = '\0';
		}
	} else if (!fn && ch == TUI_KEY_ESC) {
		t->ballot.stage = TB_CLOSED;
		tui_say(t, 0, "%s", TR("未投票", "not cast"));
	}
}

void tb_key(struct tui *t, int ch, int fn)
{
	const struct tm_item *it = tm_item_c(t->m, t->ballot.item);

	if (it == NULL) {
		t->ballot.stage = TB_CLOSED;
		return;
	}
	if (t->ballot.stage == TB_CHOOSE)
		tb_key_choose(t, it, ch, fn);
	else if (t->ballot.stage == TB_CONFIRM) {
		if (!fn && (ch == 'y' || ch == 'Y'))
			tb_cast(t);
		else if (!fn && (ch == 'n' || ch == 'N' || ch == TUI_KEY_ESC))
			t->ballot.stage = TB_CHOOSE;
	} else if ((fn && ch == KEY_ENTER) ||
		   (!fn && (ch == '\r' || ch == '\n' || ch == TUI_KEY_ESC)))
		t->ballot.stage = TB_CLOSED;
}
