/* Unit tests for proto/fingerprint.c: normalising fingerprints as people
 * paste them, and fingerprinting a certificate made in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../../proto/fingerprint.h"

#define HEX_LOWER "0123456789abcdeffedcba98765432100123456789abcdef00112233445566ff"
#define HEX_UPPER "0123456789ABCDEFFEDCBA98765432100123456789ABCDEF00112233445566FF"

/* Whether in normalises to want; the output buffer is exactly the size
 * the header promises, so ASan catches any write past it. */
static void expect_ok(const char *in, const char *want)
{
	char out[FINGERPRINT_LEN + 1];

	if (!fingerprint_normalize(in, out))
		fail_msg("refused \"%s\"", in);
	assert_string_equal(out, want);
}

/* Whether in is refused. */
static void expect_refused(const char *in)
{
	char out[FINGERPRINT_LEN + 1];

	if (fingerprint_normalize(in, out))
		fail_msg("accepted \"%s\"", in);
}

/* hex with a separator between every byte. */
static void spaced(const char *hex, char sep, char *out)
{
	size_t i, n = 0;

	for (i = 0; hex[i] != '\0'; i++) {
		if (i > 0 && i % 2 == 0)
			out[n++] = sep;
		out[n++] = hex[i];
	}
	out[n] = '\0';
}

/* Plain lowercase and uppercase hex, 64 characters. */
static void test_normalize_plain(void **state)
{
	(void)state;
	assert_int_equal(strlen(HEX_LOWER), FINGERPRINT_LEN);
	expect_ok(HEX_LOWER, HEX_LOWER);
	expect_ok(HEX_UPPER, HEX_LOWER);
	expect_ok("0123456789AbCdEfFeDcBa98765432100123456789aBcDeF00112233445566Ff", HEX_LOWER);
}

/* The "sha256:" prefix, in any case. */
static void test_normalize_prefix(void **state)
{
	(void)state;
	expect_ok("sha256:" HEX_LOWER, HEX_LOWER);
	expect_ok("SHA256:" HEX_UPPER, HEX_LOWER);
	expect_ok("Sha256:" HEX_LOWER, HEX_LOWER);
	expect_refused("sha256:sha256:" HEX_LOWER);
	expect_refused("sha256" HEX_LOWER);
	expect_refused("sha1:" HEX_LOWER);
	expect_refused("sha512:" HEX_LOWER);
	expect_refused("0x" HEX_LOWER);
	expect_refused(HEX_LOWER "sha256:");
}

/* Colons and spaces between bytes, as OpenSSL and browsers print them. */
static void test_normalize_separators(void **state)
{
	char buf[3 * FINGERPRINT_LEN], pre[3 * FINGERPRINT_LEN + 8];

	(void)state;
	spaced(HEX_UPPER, ':', buf);
	assert_int_equal(strlen(buf), 95);
	expect_ok(buf, HEX_LOWER);
	snprintf(pre, sizeof(pre), "SHA256:%s", buf);
	expect_ok(pre, HEX_LOWER);
	spaced(HEX_LOWER, ' ', buf);
	expect_ok(buf, HEX_LOWER);
	expect_ok(":" HEX_LOWER ":", HEX_LOWER);
	expect_ok("  " HEX_LOWER " ", HEX_LOWER);
}

/* Anything but 64 hex digits is refused, including too many (no overflow). */
static void test_normalize_lengths(void **state)
{
	char buf[3 * FINGERPRINT_LEN];

	(void)state;
	expect_refused("");
	expect_refused("sha256:");
	expect_refused(":::");
	expect_refused("ab");
	memcpy(buf, HEX_LOWER, 63);
	buf[63] = '\0';
	expect_refused(buf);
	expect_refused("sha256:" HEX_LOWER "0");
	expect_refused(HEX_LOWER "0");
	expect_refused(HEX_LOWER HEX_LOWER);
	expect_refused(HEX_LOWER HEX_LOWER HEX_LOWER);
	spaced(HEX_LOWER "00", ':', buf);
	expect_refused(buf);
}

/* A non-hex character anywhere is refused. */
static void test_normalize_non_hex(void **state)
{
	static const char bad[] = {'g',  'G',  'x',  'z', '-', '.',
				   '\t', '\n', '\r', '/', '@', '\x7f'};
	char buf[FINGERPRINT_LEN + 1];
	size_t i, pos;

	(void)state;
	for (i = 0; i < sizeof(bad); i++)
		for (pos = 0; pos < FINGERPRINT_LEN; pos += 21) {
			memcpy(buf, HEX_LOWER, sizeof(buf));
			buf[pos] = bad[i];
			expect_refused(buf);
		}
	expect_refused(HEX_LOWER "\n");
	expect_refused("0123456789abcdeffedcba98765432100123456789abcdef00112233445566f\xc3\xa9");
	expect_refused("阳光");
}

/* A fresh self-signed certificate with a P-256 key. */
static X509 *make_cert(const char *cn)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *cert = X509_new();
	X509_NAME *name;

	assert_non_null(key);
	assert_non_null(cert);
	assert_true(X509_set_version(cert, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(cert), 1));
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(cert), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(cert), 3600));
	assert_true(X509_set_pubkey(cert, key));
	name = X509_get_subject_name(cert);
	assert_true(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn,
					       -1, -1, 0));
	assert_true(X509_set_issuer_name(cert, name));
	assert_true(X509_sign(cert, key, EVP_sha256()) > 0);
	EVP_PKEY_free(key);
	return cert;
}

/* The SHA-256 of cert's DER encoding as lowercase hex, computed here. */
static void reference_fingerprint(X509 *cert, char out[FINGERPRINT_LEN + 1])
{
	unsigned char *der = NULL, md[32];
	unsigned int mdlen = 0, i;
	int n = i2d_X509(cert, &der);

	assert_true(n > 0);
	assert_true(EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL));
	assert_int_equal(mdlen, 32);
	for (i = 0; i < mdlen; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	OPENSSL_free(der);
}

/* The fingerprint is the SHA-256 of the DER, 64 lowercase hex digits. */
static void test_x509_matches_der(void **state)
{
	char fp[FINGERPRINT_LEN + 1], want[FINGERPRINT_LEN + 1];
	X509 *cert = make_cert("ygd.test");

	(void)state;
	memset(fp, '*', sizeof(fp));
	assert_true(fingerprint_x509(cert, fp));
	reference_fingerprint(cert, want);
	assert_int_equal(strlen(fp), FINGERPRINT_LEN);
	assert_int_equal(strspn(fp, "0123456789abcdef"), FINGERPRINT_LEN);
	assert_string_equal(fp, want);
	X509_free(cert);
}

/* A fingerprint survives normalisation, also from its printed colon form. */
static void test_x509_normalizes(void **state)
{
	char fp[FINGERPRINT_LEN + 1], upper[FINGERPRINT_LEN + 1], buf[3 * FINGERPRINT_LEN];
	X509 *cert = make_cert("阳光");
	size_t i;

	(void)state;
	assert_true(fingerprint_x509(cert, fp));
	expect_ok(fp, fp);
	for (i = 0; i <= FINGERPRINT_LEN; i++)
		upper[i] = (char)(fp[i] >= 'a' ? fp[i] - 'a' + 'A' : fp[i]);
	spaced(upper, ':', buf);
	expect_ok(buf, fp);
	X509_free(cert);
}

/* The same certificate always gives the same fingerprint; another, another. */
static void test_x509_distinct(void **state)
{
	char fa[FINGERPRINT_LEN + 1], fa2[FINGERPRINT_LEN + 1], fb[FINGERPRINT_LEN + 1];
	X509 *a = make_cert("one.test"), *b = make_cert("one.test");

	(void)state;
	assert_true(fingerprint_x509(a, fa));
	assert_true(fingerprint_x509(a, fa2));
	assert_true(fingerprint_x509(b, fb));
	assert_string_equal(fa, fa2);
	assert_string_not_equal(fa, fb);
	X509_free(a);
	X509_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_plain),
		cmocka_unit_test(test_normalize_prefix),
		cmocka_unit_test(test_normalize_separators),
		cmocka_unit_test(test_normalize_lengths),
		cmocka_unit_test(test_normalize_non_hex),
		cmocka_unit_test(test_x509_matches_der),
		cmocka_unit_test(test_x509_normalizes),
		cmocka_unit_test(test_x509_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
