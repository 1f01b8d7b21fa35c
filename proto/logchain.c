#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "envelope.h"
#include "hex.h"
#include "logchain.h"
#include "record_findings.h"

static const char logchain_tag[] = "yangguang/v1/log";           /* hashed with its NUL */
static const char logchain_sealed_tag[] = "yangguang/v1/sealed"; /* hashed with its NUL */

/* The hash of an entry with body following prev. */
bool logchain_hash(const unsigned char prev[32], const char *body, char out[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[32];
	unsigned int n = 0;
	bool ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	     EVP_DigestUpdate(ctx, logchain_tag, sizeof(logchain_tag)) == 1 &&
	     EVP_DigestUpdate(ctx, prev, 32) == 1 &&
	     EVP_DigestUpdate(ctx, body, strlen(body)) == 1 &&
	     EVP_DigestFinal_ex(ctx, md, &n) == 1 && n == 32;
	EVP_MD_CTX_free(ctx);
	if (ok)
		hex_encode(md, 32, out);
	return ok;
}

/* A whole number in [1, 2^53) from v; false if v is anything else. */
static bool logchain_id(const cJSON *v, long long *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	if (!(d >= 1 && d <= ENVELOPE_ID_MAX) || (double)(long long)d != d)
		return false;
	*out = (long long)d;
	return true;
}

/* Check one entry against the hash before it; says why not in why. */
static bool logchain_entry(const cJSON *e, long index, long long meeting, unsigned char prev[32],
			   char *why, size_t len)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(e, "seq");
	const char *body = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "body"));
	const char *ph = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "prev_hash"));
	const char *h = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "hash"));
	unsigned char claimed[32];
	char prev_hex[65], want[65];
	long long n, body_seq, body_meeting;
	cJSON *parsed;
	bool ok;

	if (!logchain_id(seq, &n) || body == NULL || !hex_decode(ph, claimed, 32) ||
	    !hex_decode(h, claimed, 32)) {
		snprintf(why, len, RF_LOG_MALFORMED, index + 1);
		return false;
	}
	if (n != index + 1) {
		snprintf(why, len, RF_LOG_SEQ, index + 1, n);
		return false;
	}
	hex_encode(prev, 32, prev_hex);
	if (strcmp(ph, prev_hex) != 0) {
		if (index == 0)
			snprintf(why, len, RF_LOG_FIRST);
		else
			snprintf(why, len, RF_LOG_PREV, index + 1, index);
		return false;
	}
	if (!logchain_hash(prev, body, want) || strcmp(want, h) != 0) {
		snprintf(why, len, RF_LOG_CHANGED, index + 1, want);
		return false;
	}
	parsed = cJSON_Parse(body);
	ok = logchain_id(cJSON_GetObjectItemCaseSensitive(parsed, "seq"), &body_seq) &&
	     body_seq == index + 1 &&
	     logchain_id(cJSON_GetObjectItemCaseSensitive(parsed, "meeting"), &body_meeting) &&
	     body_meeting == meeting;
	cJSON_Delete(parsed);
	if (!ok) {
		snprintf(why, len, RF_LOG_OTHER, index + 1);
		return false;
	}
	hex_decode(h, prev, 32);
	return true;
}

/* Check a whole export. Returns -1 if every entry holds, else the number
 * (from 1) of the first entry that does not, or 0 if the document itself
 * is not an export; why says what is wrong. */
long logchain_verify(const cJSON *export, char *why, size_t len)
{
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(export, "format");
	const cJSON *meeting = cJSON_GetObjectItemCaseSensitive(export, "meeting");
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(export, "entries");
	unsigned char prev[32] = {0};
	const cJSON *e;
	long long id;
	long i = 0;

	if (!cJSON_IsString(format) || strcmp(format->valuestring, LOGCHAIN_FORMAT) != 0 ||
	    !logchain_id(meeting, &id) || !cJSON_IsArray(entries)) {
		snprintf(why, len, RF_LOG_NOT_EXPORT, LOGCHAIN_FORMAT);
		return 0;
	}
	cJSON_ArrayForEach(e, entries) {
		if (!logchain_entry(e, i, id, prev, why, len))
			return i + 1;
		i++;
	}
	snprintf(why, len, i == 1 ? RF_LOG_ONE : RF_LOG_INTACT, i);
	return -1;
}

/* The digest a sealed entry's body names of its sealed part's text. */
bool logchain_sealed_hash(const char *sealed, char out[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[32];
	unsigned int n = 0;
	bool ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	     EVP_DigestUpdate(ctx, logchain_sealed_tag, sizeof(logchain_sealed_tag)) == 1 &&
	     EVP_DigestUpdate(ctx, sealed, strlen(sealed)) == 1 &&
	     EVP_DigestFinal_ex(ctx, md, &n) == 1 && n == 32;
	EVP_MD_CTX_free(ctx);
	if (ok)
		hex_encode(md, 32, out);
	return ok;
}

/* Who acted in entry e, whose body b is parsed: {"actor", "request"}. */
cJSON *logchain_who(const cJSON *e, const cJSON *b, const char **why)
{
	const char *digest = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "sealed"));
	const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "sealed"));
	char want[65];
	cJSON *who;

	*why = NULL;
	if (!cJSON_HasObjectItem(b, "sealed")) {
		who = cJSON_CreateObject();
		cJSON_AddItemToObject(
			who, "actor",
			cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(b, "actor"), true));
		cJSON_AddItemToObject(
			who, "request",
			cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(b, "request"), true));
		return who;
	}
	if (cJSON_HasObjectItem(b, "actor") || cJSON_HasObjectItem(b, "request")) {
		*why = RF_SEALED_NAMES;
		return NULL;
	}
	if (text == NULL) {
		*why = RF_SEALED_MISSING;
		return NULL;
	}
	if (digest == NULL || !logchain_sealed_hash(text, want) || strcmp(want, digest) != 0) {
		*why = RF_SEALED_OTHER;
		return NULL;
	}
	who = cJSON_Parse(text);
	if (!cJSON_IsObject(who) || cJSON_GetArraySize(who) != 2 ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(who, "actor")) ||
	    !cJSON_HasObjectItem(who, "request")) {
		cJSON_Delete(who);
		*why = RF_SEALED_SHAPE;
		return NULL;
	}
	return who;
}
