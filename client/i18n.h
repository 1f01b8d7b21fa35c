/* The terminal's language: Chinese by default, English on request
 * (--lang en or YG_LANG=en). Messages are looked up by id. */
#ifndef YG_CLIENT_I18N_H
#define YG_CLIENT_I18N_H

enum msg_id {
	M_ERROR,
	M_USAGE_HINT,
	M_CONNECT_FAILED,
	M_TLS_FAILED,
	M_CERT_CHANGED,
	M_CERT_UNKNOWN,
	M_CERT_PINNED,
	M_CERT_REPINNED,
	M_CERT_MISMATCH_GIVEN,
	M_BAD_FINGERPRINT,
	M_CA_FAILED,
	M_PONG,
	M_PONG_DB,
	M_PING_SUMMARY,
	M_INFO_SERVER,
	M_INFO_UPTIME,
	M_INFO_CLIENTS,
	M_INFO_DB,
	M_INFO_DB_AVAILABLE,
	M_INFO_DB_UNAVAILABLE,
	M_INFO_SCHEMA,
	M_INFO_FINGERPRINT,
	M_INFO_SIGN_KEY,
	M_PROTOCOL_ERROR,
	M_CONNECTION_LOST,
	M_UNKNOWN_COMMAND,
	M_SERVER_HINT,
	M__COUNT
};

/* A message written where it is used, in both languages. */
#define TR(zh, en) (i18n_english() ? (en) : (zh))

void i18n_set(const char *lang); /* "zh" or "en"; anything else keeps zh */
int i18n_english(void);
int i18n_chosen(void);
const char *i18n_lang(void);
const char *msg(enum msg_id id);

#include <stddef.h>

/* A code (a state, category, kind, role, result, audit action) as a person
 * reads it: its Chinese label, or itself in English or when unknown. */
const char *code_label(const char *domain, const char *code);

#include <time.h>

/* The committee's clock (minutes east of UTC), told by the server in hello;
 * every time a person reads is shown in it. */
void i18n_set_utc_offset(int minutes);
int i18n_utc_offset(int *minutes); /* 1 when known, the offset in *minutes */
int i18n_clock_offset(void);       /* minutes east of UTC: the committee's, else this machine's */
struct tm *i18n_wall_time(time_t t, struct tm *tm);
/* A time from the server or database in this terminal's clock; 0 or -1. */
int i18n_time_text(const char *s, char *out, size_t len);
/* The end of a period as its last full day ("12月11日"); 0 or -1. */
int i18n_until_text(const char *s, char *out, size_t len);
/* A refusal in the chosen language, from its reason and parameters
 * (proto/refusal.h); without a reason, the server's message. */
const char *refusal_text(const char *code, const char *message, const char *reason,
			 const char *const *params, int nparams, char *buf, size_t len);
int refusal_has_text(const char *reason);
/* A finding of yg verify (proto/election.c, proto/record_findings.h) in the
 * chosen language; finding_has_text: whether a finding's name has Chinese
 * words (for the tests). */
const char *finding_text(const char *en, char *buf, size_t len);
int finding_has_text(const char *name);

#endif
