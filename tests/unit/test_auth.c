/* Unit tests for proto/auth.c: the exact bytes of the message a terminal
 * signs, and the TLS channel binding over an in-memory TLS 1.3 connection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "../../proto/auth.h"

#define LOGIN_TAG    "yangguang/v1/login"
#define REGISTER_TAG "yangguang/v1/register"
#define TAIL_LEN     (AUTH_BINDING_LEN + AUTH_NONCE_LEN + 8 + SIG_PUB_LEN)
#define COMMITTEE    0x0102030405060708ull

/* Distinct, recognisable inputs: each byte says which field it is from. */
struct inputs {
	unsigned char binding[AUTH_BINDING_LEN];
	unsigned char nonce[AUTH_NONCE_LEN];
	uint64_t committee;
	unsigned char pub[SIG_PUB_LEN];
};

static void inputs_fill(struct inputs *in)
{
	size_t i;

	for (i = 0; i < AUTH_BINDING_LEN; i++)
		in->binding[i] = (unsigned char)(0x10 + i);
	for (i = 0; i < AUTH_NONCE_LEN; i++)
		in->nonce[i] = (unsigned char)(0x80 + i);
	in->committee = COMMITTEE;
	for (i = 0; i < SIG_PUB_LEN; i++)
		in->pub[i] = (unsigned char)(0xc0 + i);
}

/* auth_message into a heap buffer of exactly AUTH_MSG_MAX bytes, so ASan
 * sees any write past it; the unused tail must stay untouched. */
static size_t message(enum auth_purpose purpose, const struct inputs *in,
		      unsigned char out[AUTH_MSG_MAX])
{
	unsigned char *buf = malloc(AUTH_MSG_MAX);
	size_t n, i;

	assert_non_null(buf);
	memset(buf, 0xee, AUTH_MSG_MAX);
	n = auth_message(purpose, in->binding, in->nonce, in->committee, in->pub, buf);
	assert_true(n <= AUTH_MSG_MAX);
	for (i = n; i < AUTH_MSG_MAX; i++)
		assert_int_equal(buf[i], 0xee);
	memcpy(out, buf, AUTH_MSG_MAX);
	free(buf);
	return n;
}

/* The message laid out as proto/auth.h documents it, built independently. */
static size_t expected(const char *tag, const struct inputs *in, unsigned char out[AUTH_MSG_MAX])
{
	size_t n = strlen(tag) + 1;
	int i;

	memcpy(out, tag, n);
	memcpy(out + n, in->binding, AUTH_BINDING_LEN);
	n += AUTH_BINDING_LEN;
	memcpy(out + n, in->nonce, AUTH_NONCE_LEN);
	n += AUTH_NONCE_LEN;
	for (i = 0; i < 8; i++)
		out[n + (size_t)i] = (unsigned char)(in->committee >> (56 - 8 * i));
	n += 8;
	memcpy(out + n, in->pub, SIG_PUB_LEN);
	return n + SIG_PUB_LEN;
}

static void test_layout_login(void **state)
{
	unsigned char got[AUTH_MSG_MAX], want[AUTH_MSG_MAX];
	struct inputs in;
	size_t n;

	(void)state;
	inputs_fill(&in);
	n = message(AUTH_LOGIN, &in, got);
	assert_int_equal(n, 19 + TAIL_LEN);
	assert_int_equal(n, 123);
	assert_int_equal(expected(LOGIN_TAG, &in, want), n);
	assert_memory_equal(got, want, n);
	/* spot checks against the layout, byte by byte */
	assert_memory_equal(got, "yangguang/v1/login\0", 19);
	assert_int_equal(got[19], 0x10);
	assert_int_equal(got[19 + 31], 0x10 + 31);
	assert_int_equal(got[51], 0x80);
	assert_int_equal(got[83], 0x01);
	assert_int_equal(got[90], 0x08);
	assert_int_equal(got[91], 0xc0);
	assert_int_equal(got[122], 0xc0 + 31);
}

static void test_layout_register(void **state)
{
	unsigned char got[AUTH_MSG_MAX], want[AUTH_MSG_MAX];
	struct inputs in;
	size_t n;

	(void)state;
	inputs_fill(&in);
	n = message(AUTH_REGISTER, &in, got);
	assert_int_equal(n, 22 + TAIL_LEN);
	assert_int_equal(n, 126);
	assert_int_equal(expected(REGISTER_TAG, &in, want), n);
	assert_memory_equal(got, want, n);
	assert_memory_equal(got, "yangguang/v1/register\0", 22);
	assert_int_equal(got[22], 0x10);
	assert_int_equal(got[54], 0x80);
	assert_int_equal(got[86], 0x01);
	assert_int_equal(got[93], 0x08);
	assert_int_equal(got[94], 0xc0);
	assert_int_equal(got[125], 0xc0 + 31);
}

/* The committee id is big-endian over all 8 bytes, at its extremes too. */
static void test_committee_big_endian(void **state)
{
	static const uint64_t ids[] = {
		0, 1, 255, 256, 0x8000000000000000ull, UINT64_MAX, 9007199254740991ull};
	unsigned char got[AUTH_MSG_MAX], want[AUTH_MSG_MAX];
	struct inputs in;
	size_t i, n;

	(void)state;
	inputs_fill(&in);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		in.committee = ids[i];
		n = message(AUTH_LOGIN, &in, got);
		assert_int_equal(expected(LOGIN_TAG, &in, want), n);
		assert_memory_equal(got, want, n);
	}
	in.committee = 1;
	message(AUTH_LOGIN, &in, got);
	assert_memory_equal(got + 83, "\0\0\0\0\0\0\0\1", 8);
	in.committee = UINT64_MAX;
	message(AUTH_LOGIN, &in, got);
	assert_memory_equal(got + 83, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
}

/* The same inputs signed for login and for register never coincide, and
 * neither message is a prefix of the other. */
static void test_purposes_differ(void **state)
{
	unsigned char login[AUTH_MSG_MAX], reg[AUTH_MSG_MAX];
	struct inputs in;
	size_t nl, nr;

	(void)state;
	inputs_fill(&in);
	nl = message(AUTH_LOGIN, &in, login);
	nr = message(AUTH_REGISTER, &in, reg);
	assert_int_not_equal(nl, nr);
	assert_memory_not_equal(login, reg, nl < nr ? nl : nr);
	assert_int_not_equal(memcmp(login, reg, 19), 0);
	/* the tails after the tags are the same fields */
	assert_memory_equal(login + 19, reg + 22, TAIL_LEN);
}

/* The message differs, at exactly that byte, whenever one bit of one input
 * changes. */
static void test_each_input_matters(void **state)
{
	unsigned char base[AUTH_MSG_MAX], got[AUTH_MSG_MAX];
	struct inputs in;
	size_t n, i, k, at;
	int purpose;

	(void)state;
	for (purpose = AUTH_LOGIN; purpose <= AUTH_REGISTER; purpose++) {
		size_t tag = purpose == AUTH_LOGIN ? 19 : 22;

		inputs_fill(&in);
		n = message((enum auth_purpose)purpose, &in, base);
		for (i = 0; i < TAIL_LEN * 8; i++) {
			unsigned char *field;
			size_t off = i / 8;

			inputs_fill(&in);
			if (off < AUTH_BINDING_LEN) {
				field = in.binding + off;
			} else if (off < AUTH_BINDING_LEN + AUTH_NONCE_LEN) {
				field = in.nonce + off - AUTH_BINDING_LEN;
			} else if (off < AUTH_BINDING_LEN + AUTH_NONCE_LEN + 8) {
				size_t b = off - AUTH_BINDING_LEN - AUTH_NONCE_LEN;

				field = NULL;
				in.committee ^= 1ull << (8 * (7 - b) + i % 8);
			} else {
				field = in.pub + off - AUTH_BINDING_LEN - AUTH_NONCE_LEN - 8;
			}
			if (field != NULL)
				*field ^= (unsigned char)(1u << (i % 8));
			assert_int_equal(message((enum auth_purpose)purpose, &in, got), n);
			at = tag + off;
			for (k = 0; k < n; k++)
				if (k == at)
					assert_int_equal(got[k] ^ base[k], 1u << (i % 8));
				else if (got[k] != base[k])
					fail_msg("bit %zu changed byte %zu", i, k);
		}
	}
}

static void test_sizes(void **state)
{
	(void)state;
	assert_true(strlen(REGISTER_TAG) + 1 + TAIL_LEN <= AUTH_MSG_MAX);
	assert_true(strlen(LOGIN_TAG) + 1 + TAIL_LEN <= AUTH_MSG_MAX);
	assert_string_equal(AUTH_EXPORTER_LABEL, "EXPORTER-yangguang-auth");
}

/* A self-signed Ed25519 certificate for the server end. */
static X509 *cert_make(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 1), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), -3600));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	name = X509_get_subject_name(x);
	assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
						    (const unsigned char *)"ygd test", -1, -1, 0),
			 1);
	assert_int_equal(X509_set_issuer_name(x, name), 1);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	assert_true(X509_sign(x, key, NULL) > 0);
	return x;
}

/* Both ends of one TLS 1.3 connection, joined by a BIO pair. */
struct tls_pair {
	SSL_CTX *sctx, *cctx;
	SSL *server, *client;
};

static void pair_open(struct tls_pair *p)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	X509 *cert;
	BIO *sbio, *cbio;

	assert_non_null(key);
	cert = cert_make(key);
	p->sctx = SSL_CTX_new(TLS_server_method());
	p->cctx = SSL_CTX_new(TLS_client_method());
	assert_non_null(p->sctx);
	assert_non_null(p->cctx);
	assert_int_equal(SSL_CTX_set_min_proto_version(p->sctx, TLS1_3_VERSION), 1);
	assert_int_equal(SSL_CTX_set_min_proto_version(p->cctx, TLS1_3_VERSION), 1);
	assert_int_equal(SSL_CTX_use_certificate(p->sctx, cert), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey(p->sctx, key), 1);
	SSL_CTX_set_verify(p->cctx, SSL_VERIFY_NONE, NULL);
	X509_free(cert);
	EVP_PKEY_free(key);

	p->server = SSL_new(p->sctx);
	p->client = SSL_new(p->cctx);
	assert_non_null(p->server);
	assert_non_null(p->client);
	assert_int_equal(BIO_new_bio_pair(&sbio, 0, &cbio, 0), 1);
	SSL_set_bio(p->server, sbio, sbio);
	SSL_set_bio(p->client, cbio, cbio);
	SSL_set_accept_state(p->server);
	SSL_set_connect_state(p->client);
}

/* One step of a handshake: true once it is done. */
static bool handshake_step(SSL *ssl)
{
	int r = SSL_do_handshake(ssl), e;

	if (r == 1)
		return true;
	e = SSL_get_error(ssl, r);
	if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
		fail_msg("handshake failed: SSL error %d, %lu", e, ERR_peek_error());
	return false;
}

static void pair_handshake(struct tls_pair *p)
{
	bool cdone = false, sdone = false;
	int i;

	for (i = 0; i < 20 && !(cdone && sdone); i++) {
		if (!cdone)
			cdone = handshake_step(p->client);
		if (!sdone)
			sdone = handshake_step(p->server);
	}
	assert_true(cdone && sdone);
	assert_int_equal(SSL_version(p->client), TLS1_3_VERSION);
	assert_int_equal(SSL_version(p->server), TLS1_3_VERSION);
}

static void pair_close(struct tls_pair *p)
{
	SSL_free(p->client);
	SSL_free(p->server);
	SSL_CTX_free(p->cctx);
	SSL_CTX_free(p->sctx);
}

/* Both ends of a connection compute the same binding: the RFC 8446 exporter
 * with our label and no context. */
static void test_binding_both_ends(void **state)
{
	unsigned char b_client[AUTH_BINDING_LEN], b_server[AUTH_BINDING_LEN],
		direct[AUTH_BINDING_LEN], zero[AUTH_BINDING_LEN] = {0};
	struct tls_pair p;

	(void)state;
	pair_open(&p);
	pair_handshake(&p);
	assert_true(auth_binding(p.client, b_client));
	assert_true(auth_binding(p.server, b_server));
	assert_memory_equal(b_client, b_server, AUTH_BINDING_LEN);
	assert_memory_not_equal(b_client, zero, AUTH_BINDING_LEN);
	assert_int_equal(SSL_export_keying_material(p.client, direct, sizeof(direct),
						    "EXPORTER-yangguang-auth", 23, NULL, 0, 0),
			 1);
	assert_memory_equal(b_client, direct, AUTH_BINDING_LEN);
	/* the label matters */
	assert_int_equal(SSL_export_keying_material(p.client, direct, sizeof(direct),
						    "EXPORTER-yangguang-other", 24, NULL, 0, 0),
			 1);
	assert_memory_not_equal(b_client, direct, AUTH_BINDING_LEN);
	/* asking twice gives the same answer */
	assert_true(auth_binding(p.client, direct));
	assert_memory_equal(b_client, direct, AUTH_BINDING_LEN);
	assert_int_equal(ERR_peek_error(), 0);
	pair_close(&p);
}

/* Two connections, even between the same programs, have different bindings. */
static void test_binding_per_connection(void **state)
{
	unsigned char b1[AUTH_BINDING_LEN], b2[AUTH_BINDING_LEN], s2[AUTH_BINDING_LEN];
	struct tls_pair p1, p2;

	(void)state;
	pair_open(&p1);
	pair_open(&p2);
	pair_handshake(&p1);
	pair_handshake(&p2);
	assert_true(auth_binding(p1.client, b1));
	assert_true(auth_binding(p2.client, b2));
	assert_true(auth_binding(p2.server, s2));
	assert_memory_equal(b2, s2, AUTH_BINDING_LEN);
	assert_memory_not_equal(b1, b2, AUTH_BINDING_LEN);
	pair_close(&p1);
	pair_close(&p2);
}

/* No binding before the handshake has made any secret. */
static void test_binding_before_handshake(void **state)
{
	unsigned char b[AUTH_BINDING_LEN];
	struct tls_pair p;

	(void)state;
	pair_open(&p);
	assert_false(auth_binding(p.client, b));
	assert_false(auth_binding(p.server, b));
	ERR_clear_error();
	pair_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_login),
		cmocka_unit_test(test_layout_register),
		cmocka_unit_test(test_committee_big_endian),
		cmocka_unit_test(test_purposes_differ),
		cmocka_unit_test(test_each_input_matters),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_binding_both_ends),
		cmocka_unit_test(test_binding_per_connection),
		cmocka_unit_test(test_binding_before_handshake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
