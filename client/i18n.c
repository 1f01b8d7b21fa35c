#include <string.h>

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
