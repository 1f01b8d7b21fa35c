#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../proto/utf8.h"
#include "log_json.h"

/* The line being written; full once something did not fit. */
struct jline {
	char *p;
	size_t len, cap;
	bool full;
};

static void jl_raw(struct jline *j, const char *s, size_t n)
{
	if (j->full || j->len + n >= j->cap) {
		j->full = true;
		return;
	}
	memcpy(j->p + j->len, s, n);
	j->len += n;
	j->p[j->len] = '\0';
}

/* The length of the UTF-8 sequence a lead byte starts (0: not a lead). */
static size_t utf8_seq_len(unsigned char c)
{
	return c < 0x80                 ? 1
	       : c >= 0xc2 && c <= 0xdf ? 2
	       : (c & 0xf0) == 0xe0     ? 3
	       : c >= 0xf0 && c <= 0xf4 ? 4
					: 0;
}

/* n bytes of s as the inside of a JSON string. */
static void jl_str(struct jline *j, const char *s, size_t n)
{
	char esc[8];
	size_t i = 0, k;
	unsigned char c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			jl_raw(j, esc, 2);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			jl_raw(j, esc, 6);
			i++;
		} else {
			k = utf8_seq_len(c);
			if (k == 0 || i + k > n || !utf8_valid(s + i, k)) {
				jl_raw(j, "\\ufffd", 6);
				i++;
			} else {
				jl_raw(j, s + i, k);
				i += k;
			}
		}
	}
}

static void jl_field(struct jline *j, const char *name, const char *v, size_t n)
{
	jl_raw(j, ",\"", 2);
	jl_raw(j, name, strlen(name));
	jl_raw(j, "\":\"", 3);
	jl_str(j, v, n);
	jl_raw(j, "\"", 1);
}

/* Fields the message names in its usual forms: "client N from ADDR: ..."
 * or "client N: ...", and "portal: ...". */
static void jl_fields(struct jline *j, const char *msg)
{
	const char *p = msg + 7, *end;
	size_t digits;

	if (strncmp(msg, "portal: ", 8) == 0)
		jl_raw(j, ",\"component\":\"portal\"", 21);
	if (strncmp(msg, "client ", 7) != 0)
		return;
	digits = strspn(p, "0123456789");
	if (digits == 0 || digits > 20 || (p[digits] != ' ' && p[digits] != ':'))
		return;
	jl_raw(j, ",\"client\":", 10);
	jl_raw(j, p, digits);
	p += digits;
	if (strncmp(p, " from ", 6) != 0)
		return;
	p += 6;
	end = strstr(p, ": ");
	if (end != NULL && end > p && (size_t)(end - p) < 64)
		jl_field(j, "addr", p, (size_t)(end - p));
}

size_t log_json_line(char *out, size_t cap, const char *time, const char *level, const char *msg,
		     unsigned held_back)
{
	struct jline j = {out, 0, cap, false};
	char n[16];

	if (cap == 0)
		return 0;
	out[0] = '\0';
	jl_raw(&j, "{\"time\":\"", 9);
	jl_str(&j, time, strlen(time));
	jl_raw(&j, "\"", 1);
	jl_field(&j, "level", level, strlen(level));
	jl_field(&j, "msg", msg, strlen(msg));
	jl_fields(&j, msg);
	if (held_back > 0) {
		snprintf(n, sizeof(n), "%u", held_back);
		jl_raw(&j, ",\"held_back\":", 13);
		jl_raw(&j, n, strlen(n));
	}
	jl_raw(&j, "}\n", 2);
	return j.full ? 0 : j.len;
}
