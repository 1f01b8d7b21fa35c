/* Unit tests for proto/refusal.c and the terminal's wording of refusals
 * (client/i18n.c): every refusal the SQL functions word has a reason, every
 * reason has Chinese words, the Chinese holds no English sentence, and the
 * most specific pattern wins. */
#include <ctype.h>
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../client/i18n.h"
#include "../../proto/record_findings.h"
#include "../../proto/refusal.h"

/* Words a Chinese text may hold: names of things the user types or sees
 * elsewhere (commands, formats, identifiers). */
static const char *const allowed_words[] = {
	"yg",  "item", "gates", "agenda", "close",       "minutes", "show", "object", "RFC", "UTF",
	"SHA", "base", "url",   "hello",  "scrutineers", "VOTE",    "md",   "UTC",    NULL};

/* Whether text has a run of three or more ASCII letters that is not an
 * allowed word nor an option (--candidate): the sign of English left in a Chinese text. */
static int has_english(const char *text, char *word, size_t len)
{
	const char *s = text, *b;
	size_t n, i;
	int ok;

	while (*s != '\0') {
		if (!isalpha((unsigned char)*s)) {
			s++;
			continue;
		}
		b = s;
		while (isalpha((unsigned char)*s) ||
		       (*s == '-' && b - text >= 2 && b[-1] == '-' && b[-2] == '-'))
			s++;
		n = (size_t)(s - b);
		ok = n < 3 || (b - text >= 2 && b[-1] == '-' && b[-2] == '-'); /* an option */
		for (i = 0; !ok && allowed_words[i] != NULL; i++)
			ok = strlen(allowed_words[i]) == n && strncmp(allowed_words[i], b, n) == 0;
		if (!ok) {
			snprintf(word, len, "%.*s", (int)n, b);
			return 1;
		}
	}
	return 0;
}

/* Every reason is distinct, has Chinese words, and those words, with
 * parameters, hold no English. */
static void test_every_reason_worded(void **state)
{
	const char *params[REFUSAL_MAX_PARAMS] = {"7", "8", "9", "10"};
	char buf[512], word[64];
	size_t i, j;

	(void)state;
	i18n_set("zh");
	for (i = 0; i < refusal_catalog_len; i++) {
		for (j = i + 1; j < refusal_catalog_len; j++)
			assert_string_not_equal(refusal_catalog[i].name, refusal_catalog[j].name);
		if (!refusal_has_text(refusal_catalog[i].name))
			fail_msg("no Chinese words for refusal %s", refusal_catalog[i].name);
		refusal_text("conflict", refusal_catalog[i].pattern, refusal_catalog[i].name,
			     params, 4, buf, sizeof(buf));
		if (has_english(buf, word, sizeof(word)))
			fail_msg("the Chinese of %s has English (\"%s\"): %s",
				 refusal_catalog[i].name, word, buf);
	}
}

/* Messages composed in SQL from a chosen clause, as they are sent. */
static const char *const composed[] = {
	"observer 7 is approved; only a pending observer can be approved",
	"observer 7 is rejected; only an approved observer can be removed",
	"item 7 is announced: only a draft can be edited; revise it instead",
	"item 7 is draft: only an announced item can be revised",
	"item 7 is not open for comments",
	"item 7 is not open for comments (the window ended at 2026-12-06 01:17:17.939226+00)",
	"only the chair who presided over meeting 7, or a successor named by presiding.succeed, "
	"may do this",
	"only the chair who presided over meeting 7 (item 8), or a successor named by "
	"presiding.succeed, may do this",
	"item 7 is decided: it cannot be declassified",
	NULL,
};

/* The raw formats of those composed messages, which the test below skips. */
static int is_composed(const char *format)
{
	return strstr(format, "%s%s") != NULL || strstr(format, "comments%s") != NULL ||
	       strstr(format, "a%s observer") != NULL || strcmp(format, "item %s is %s: %s") == 0 ||
	       strstr(format, "it cannot be %s") != NULL;
}

/* The next SQL string literal at *s (after spaces, "||" and "format("),
 * unquoted into out; 0 when there is none. */
static int next_literal(const char **s, char *out, size_t len)
{
	const char *p = *s;
	size_t n = 0;

	p += strspn(p, " \t\n|");
	if (*p != '\'')
		return 0;
	for (p++; *p != '\0'; p++) {
		if (*p == '\'' && p[1] == '\'')
			p++;
		else if (*p == '\'')
			break;
		if (n + 1 < len)
			out[n++] = *p;
	}
	out[n] = '\0';
	*s = *p == '\'' ? p + 1 : p;
	return 1;
}

/* Every yg_inner.fail(...) in sql/api/ words a refusal the catalog knows:
 * its format with each %s made a number is matched. */
static void test_sql_refusals_known(void **state)
{
	glob_t g;
	size_t f, nfound = 0;
	char format[1024], piece[1024], sample[1200];
	struct refusal_params p;

	(void)state;
	assert_int_equal(glob("sql/api/*.sql", 0, NULL, &g), 0);
	for (f = 0; f < g.gl_pathc; f++) {
		FILE *in = fopen(g.gl_pathv[f], "rb");
		char *text = calloc(1, 1 << 20);
		const char *s;
		size_t len;

		assert_non_null(in);
		len = fread(text, 1, (1 << 20) - 1, in);
		fclose(in);
		text[len] = '\0';
		for (s = text; (s = strstr(s, "yg_inner.fail(")) != NULL;) {
			const char *q = strchr(s, ',');
			char *o;
			const char *r;

			s += 14;
			if (q == NULL)
				break;
			q++;
			q += strspn(q, " \t\n");
			if (strncmp(q, "format(", 7) == 0)
				q += 7;
			format[0] = '\0';
			while (next_literal(&q, piece, sizeof(piece)))
				strncat(format, piece, sizeof(format) - strlen(format) - 1);
			if (format[0] == '\0' || is_composed(format))
				continue;
			for (o = sample, r = format; *r != '\0' && o < sample + sizeof(sample) - 3;
			     r++) {
				if (r[0] == '%' && r[1] == 's') {
					*o++ = '7';
					r++;
				} else
					*o++ = *r;
			}
			*o = '\0';
			nfound++;
			if (refusal_reason(sample, &p) == NULL)
				fail_msg("%s: no refusal reason for \"%s\"", g.gl_pathv[f], format);
		}
		free(text);
	}
	globfree(&g);
	assert_true(nfound > 100);
}

/* The composed messages and the server's own C refusals are known too. */
static void test_composed_and_c_refusals(void **state)
{
	static const char *const from_c[] = {
		"no quorum: 5 of 11 members present, 6 needed to open",
		"the presiding chair speaks last (末位表态): others have yet to state "
		"(chair_not_last)",
		"2 member(s) have yet to state a position (first: member 4)",
		"too many failed logins from this address; try again in 30 s",
		"your roles do not allow meeting.open",
		"missing argument \"meeting\"",
		"\"title\" must be 1 to 200 characters long",
		NULL,
	};
	struct refusal_params p;
	size_t i;

	(void)state;
	for (i = 0; composed[i] != NULL; i++)
		if (refusal_reason(composed[i], &p) == NULL)
			fail_msg("no refusal reason for \"%s\"", composed[i]);
	for (i = 0; from_c[i] != NULL; i++)
		if (refusal_reason(from_c[i], &p) == NULL)
			fail_msg("no refusal reason for \"%s\"", from_c[i]);
}

/* The most specific pattern wins, and its parameters are the variable
 * parts; a message nothing matches has no reason. */
static void test_specific_match(void **state)
{
	struct refusal_params p;
	char buf[512];
	const char *params[2];

	(void)state;
	assert_string_equal(refusal_reason("item 5 is scheduled", &p), "item_state");
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0], "5");
	assert_string_equal(p.v[1], "scheduled");
	assert_string_equal(
		refusal_reason("item 5 is announced: only a draft can be edited; revise it instead",
			       &p),
		"item_edit_not_draft");
	assert_string_equal(
		refusal_reason("you have already voted in this round (receipt abc_-1)", &p),
		"already_voted");
	assert_string_equal(p.v[0], "abc_-1");
	assert_null(refusal_reason("something nobody wrote", &p));
	assert_null(refusal_reason("item 5 is", &p));
	/* The Chinese words, a state as its label. */
	i18n_set("zh");
	params[0] = "5";
	params[1] = "scheduled";
	refusal_text("conflict", "item 5 is scheduled", "item_state", params, 2, buf, sizeof(buf));
	assert_string_equal(buf, "议题 5 的状态为“已列入会议”");
	/* English is the server's own words. */
	i18n_set("en");
	refusal_text("conflict", "item 5 is scheduled", "item_state", params, 2, buf, sizeof(buf));
	assert_string_equal(buf, "item 5 is scheduled");
	i18n_set("zh");
}

/* Each printf conversion of format made "7", in out. */
static void sample_of(const char *format, char *out, size_t len)
{
	const char *r;
	char *o = out;

	for (r = format; *r != '\0' && o < out + len - 2; r++) {
		if (r[0] == '%' && r[1] != '%') {
			r++;
			while (strchr(".0123456789lz", *r) != NULL && *r != '\0')
				r++;
			*o++ = '7';
		} else
			*o++ = *r;
	}
	*o = '\0';
}

/* Every finding yg verify prints of an election record (each ev_say in
 * proto/election.c) is worded in Chinese, without English. */
static void test_findings_worded(void **state)
{
	static const char *const joined[] = {
		"the record's log_head is the meeting log's head when round 1 closed (entry 46)",
		"the record's log_head is not the meeting log's head when round 1 closed (entry "
		"46)",
		"the record holds the whole vote: 1 round, the last final",
		"the record holds the whole vote: 2 rounds, the last final",
		NULL,
	};
	FILE *in = fopen("proto/election.c", "rb");
	char *text = calloc(1, 1 << 20), format[1024], piece[1024], sample[1200], out[1200];
	char word[64];
	const char *s, *q;
	size_t len, n = 0, i;
	int depth;

	(void)state;
	i18n_set("zh");
	assert_non_null(in);
	len = fread(text, 1, (1 << 20) - 1, in);
	fclose(in);
	text[len] = '\0';
	for (s = text; (s = strstr(s, "ev_say(ev,")) != NULL; s++) {
		/* past the second argument, to the format's literals */
		for (q = s + 10, depth = 0; *q != '\0' && (*q != ',' || depth > 0); q++)
			depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
		q++;
		format[0] = '\0';
		for (;;) {
			const char *e;

			q += strspn(q, " \t\n");
			if (*q != '"')
				break;
			for (e = q + 1; *e != '\0' && *e != '"'; e++)
				if (*e == '\\')
					e++;
			snprintf(piece, sizeof(piece), "%.*s", (int)(e - q - 1), q + 1);
			strncat(format, piece, sizeof(format) - strlen(format) - 1);
			q = e + 1;
		}
		if (format[0] == '\0' || strstr(format, "log_head %s") != NULL ||
		    strstr(format, "round%s") != NULL)
			continue;
		sample_of(format, sample, sizeof(sample));
		n++;
		finding_text(sample, out, sizeof(out));
		if (strcmp(out, sample) == 0)
			fail_msg("no Chinese words for the finding \"%s\"", format);
		if (has_english(out, word, sizeof(word)))
			fail_msg("the Chinese of \"%s\" has English (\"%s\"): %s", format, word,
				 out);
	}
	free(text);
	assert_true(n > 60);
	for (i = 0; joined[i] != NULL; i++)
		if (strcmp(finding_text(joined[i], out, sizeof(out)), joined[i]) == 0)
			fail_msg("no Chinese words for the finding \"%s\"", joined[i]);
	/* In English, a finding is as the verifier wrote it. */
	i18n_set("en");
	assert_string_equal(finding_text(joined[0], out, sizeof(out)), joined[0]);
	i18n_set("zh");
}

/* The text of file path, or fail. */
static char *read_text(const char *path)
{
	FILE *in = fopen(path, "rb");
	char *text = calloc(1, 1 << 20);
	size_t len;

	assert_non_null(in);
	assert_non_null(text);
	len = fread(text, 1, (1 << 20) - 1, in);
	fclose(in);
	text[len] = '\0';
	return text;
}

/* The string literal at q (adjacent literals joined) in out; past it. */
static const char *literal_at(const char *q, char *out, size_t len)
{
	char piece[1024], *o;
	const char *e, *r;

	out[0] = '\0';
	for (;;) {
		q += strspn(q, " \t\n");
		if (*q != '"')
			return q;
		for (e = q + 1; *e != '\0' && *e != '"'; e++)
			if (*e == '\\')
				e++;
		snprintf(piece, sizeof(piece), "%.*s", (int)(e - q - 1), q + 1);
		for (o = piece, r = piece; *r != '\0'; r++) /* \" is " */
			if (r[0] != '\\' || r[1] != '"')
				*o++ = *r;
		*o = '\0';
		strncat(out, piece, len - strlen(out) - 1);
		q = e + 1;
	}
}

/* Whether text holds three English words in a row: a sentence. */
static int has_sentence(const char *text)
{
	const char *s = text;
	int words = 0;

	while (*s != '\0') {
		size_t n = 0;

		while (isalpha((unsigned char)s[n]) || s[n] == '\'')
			n++;
		if (n >= 2) {
			words++;
			s += n;
			if (words >= 3)
				return 1;
			if (*s != ' ')
				words = 0;
			else
				s++;
		} else {
			words = 0;
			s += n > 0 ? n : 1;
		}
	}
	return 0;
}

/* Every finding yg verify prints of a meeting record is in the catalog
 * (proto/record_findings.h) and has Chinese words without English: the
 * files that write findings hold no English sentence of their own outside
 * comments, and every reason reqsig_verify gives, which findings quote, is
 * in the catalog. Parameters survive: entry numbers, names, hashes. */
static void test_record_findings_worded(void **state)
{
	static const char *const files[] = {"proto/record.c", "proto/record_actors.c",
					    "proto/logchain.c", NULL};
	char sample[1200], out[1200], lit[1024], word[64];
	size_t i, j;
	int f, found;

	(void)state;
	i18n_set("zh");
	for (i = 0; i < record_findings_len; i++) {
		for (j = i + 1; j < record_findings_len; j++)
			assert_string_not_equal(record_findings[i].name, record_findings[j].name);
		if (!finding_has_text(record_findings[i].name))
			fail_msg("no Chinese words for the meeting-record finding %s",
				 record_findings[i].name);
		sample_of(record_findings[i].pattern, sample, sizeof(sample));
		finding_text(sample, out, sizeof(out));
		if (strcmp(out, sample) == 0)
			fail_msg("the finding \"%s\" is not worded in Chinese", sample);
		if (has_english(out, word, sizeof(word)))
			fail_msg("the Chinese of \"%s\" has English (\"%s\"): %s",
				 record_findings[i].pattern, word, out);
	}
	/* Each is read as itself, alone or quoted by a finding: no other
	 * pattern takes it (a number's parameter is a number). */
	for (i = 0; i < record_findings_len; i++) {
		static const char *const wrappers[][2] = {
			{"", ""},
			{"log", "log: "},
			{"meeting_entry_fails", "meeting log entry 7 (vote.voided by member:7): "},
			{"admin_action_fails", "administrative log entry 7 (key.rotate): "},
			{"admin_entry_fails", "administrative log entry 7: "},
		};
		struct refusal_params p;
		const char *name;

		sample_of(record_findings[i].pattern, sample, sizeof(sample));
		for (j = 0; j < sizeof(wrappers) / sizeof(wrappers[0]); j++) {
			snprintf(out, sizeof(out), "%s%s", wrappers[j][1], sample);
			name = pattern_match(record_findings, record_findings_len, out, &p);
			if (name == NULL ||
			    strcmp(name, j == 0 ? record_findings[i].name : wrappers[j][0]) != 0)
				fail_msg("\"%s\" is read as %s", out,
					 name != NULL ? name : "nothing");
		}
	}
	for (f = 0; files[f] != NULL; f++) {
		char *text = read_text(files[f]);
		const char *s = text;

		while (*s != '\0') {
			if (s[0] == '/' && s[1] == '*') {
				const char *e = strstr(s + 2, "*/");

				s = e != NULL ? e + 2 : s + strlen(s);
			} else if (s[0] == '\'' && s[1] != '\0') {
				s += s[1] == '\\' ? 4 : 3; /* a character constant */
			} else if (s[0] == '"') {
				s = literal_at(s, lit, sizeof(lit));
				if (has_sentence(lit))
					fail_msg("%s writes a finding outside the catalog "
						 "(proto/record_findings.h): \"%s\"",
						 files[f], lit);
			} else {
				s++;
			}
		}
		free(text);
	}
	{
		char *text = read_text("proto/reqsig.c");
		const char *s = text;

		for (; (s = strstr(s, "*why = \"")) != NULL;) {
			s = literal_at(s + 7, lit, sizeof(lit));
			for (i = 0, found = 0; i < record_findings_len && !found; i++)
				found = strcmp(record_findings[i].pattern, lit) == 0;
			if (!found)
				fail_msg("proto/reqsig.c's reason \"%s\" is not in "
					 "proto/record_findings.c",
					 lit);
		}
		free(text);
	}
	/* Parameters survive, a reason inside a finding is worded too, and in
	 * English a finding is as the verifier wrote it. */
	assert_string_equal(finding_text("log: 125 entries, chain intact", out, sizeof(out)),
			    "日志：共 125 条，哈希链完整");
	assert_string_equal(
		finding_text("log: entry 12: its body or hash was changed (hash should be "
			     "0f3a)",
			     out, sizeof(out)),
		"日志：第 12 条：内容或哈希已被改动（哈希应为 0f3a）");
	assert_string_equal(
		finding_text("meeting log entry 3 (attendance.out by member:5): the "
			     "request's signature does not verify with its key",
			     out, sizeof(out)),
		"会议日志第 3 条（attendance.out，member:5）：请求的签名用其公钥核验不通过");
	assert_string_equal(finding_text("signature of the clerk (刘洋, no key)", out, sizeof(out)),
			    "记录人签名（刘洋，无公钥）");
	i18n_set("en");
	assert_string_equal(finding_text("signature of the clerk (刘洋, no key)", out, sizeof(out)),
			    "signature of the clerk (刘洋, no key)");
	i18n_set("zh");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_reason_worded),
		cmocka_unit_test(test_sql_refusals_known),
		cmocka_unit_test(test_composed_and_c_refusals),
		cmocka_unit_test(test_specific_match),
		cmocka_unit_test(test_findings_worded),
		cmocka_unit_test(test_record_findings_worded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
