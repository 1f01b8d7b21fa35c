/* The election key checked by the terminal that relies on it (keycheck.h). */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "json_field.h"
#include "../proto/dkg_ceremony.h"
#include "keycheck.h"
#include "known.h"

const char *keycheck_fault_text(enum scrutiny_fault f)
{
	switch (f) {
	case SF_OK:
		return "";
	case SF_NO_KEYS:
		return TR("监票人尚未全部公布密钥", "not every scrutineer has published a key");
	case SF_NOT_REGISTERED:
		return TR("签署密钥的不是该监票人登记的成员密钥",
			  "the key that signed it is not the member key registered for them");
	case SF_SIGNATURE:
		return TR(
			"监票密钥没有该监票人本人的签名，或签名不符",
			"the key is not signed by the scrutineer, or the signature does not match");
	case SF_PROOF:
		return TR("监票密钥的证明不成立", "the key's proof does not hold");
	case SF_SUM:
		return TR("选举公钥不等于各监票人密钥之和",
			  "the election key is not the sum of the scrutineers' keys");
	case SF_NOT_ELIGIBLE:
		return TR("有选票的投票人不在本轮可投票人员之内，或其密钥不是开始表决时登记的",
			  "a ballot's voter was not eligible, or their key is not the one fixed "
			  "when the vote opened");
	case SF_TWICE:
		return TR("同一人有两张选票", "one voter has two ballots");
	case SF_BALLOT:
		return TR("有选票的证明不成立", "a ballot's proofs do not hold");
	case SF_RECEIPT:
		return TR("有选票的回执与选票不符", "a ballot's receipt does not match it");
	case SF_ENVELOPE:
		return TR("有选票没有投票人本人的签名", "a ballot is not signed by its voter");
	case SF_AGGREGATE:
		return TR("服务器给出的计票总和与选票之和不符",
			  "the sum the server gives is not the sum of the ballots");
	case SF_TOO_FEW:
		return TR("选票太少，解密会暴露个人的投票",
			  "too few ballots: decrypting them would reveal how people voted");
	case SF_MALFORMED:
	default:
		return TR("服务器给出的数据格式不对", "what the server sent is malformed");
	}
}

/* The name (or the member id) of the scrutineer at which. */
static void keycheck_name(const cJSON *scrutineers, int which, char *buf, size_t len)
{
	const cJSON *s = cJSON_GetArrayItem(scrutineers, which);

	if (json_str(s, "name")[0] != '\0')
		snprintf(buf, len, "%s", json_str(s, "name"));
	else
		snprintf(buf, len, TR("成员 %lld", "member %lld"), json_int(s, "member"));
}

/* In a threshold key ceremony (the scrutineers carry their dealings,
 * BALLOT.md §7.7): every dealing and acceptance signed and valid, the key
 * the sum of the constant commitments. SF_OK, or the fault's nearest kind
 * with the scrutineer in *which. */
static enum scrutiny_fault keycheck_dkg(struct group *g, long long committee, long long meeting,
					long long ceremony, const cJSON *scrutineers,
					const char *election_key, int *which)
{
	static const char *const names[] = {"index",
					    "member",
					    "member_key",
					    "dealing",
					    "dealing_signature",
					    "verification_key",
					    "share_proof",
					    "accept_signature"};
	const cJSON *first = cJSON_GetArrayItem(scrutineers, 0), *s;
	struct dkg_params p = {
		(uint64_t)committee, (uint64_t)meeting, (uint64_t)(ceremony > 0 ? ceremony : 1),
		(uint32_t)cJSON_GetArraySize(scrutineers),
		(uint32_t)json_int(cJSON_GetObjectItem(first, "dealing"), "threshold")};
	cJSON *list = cJSON_CreateArray(), *e;
	enum dkg_fault f;
	size_t k;

	if (!cJSON_IsObject(cJSON_GetObjectItem(first, "dealing"))) {
		cJSON_Delete(list);
		return SF_OK; /* the plain sum of keys */
	}
	cJSON_ArrayForEach(s, scrutineers) {
		e = cJSON_CreateObject();
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			cJSON_AddItemToObject(
				e, names[k],
				cJSON_Duplicate(cJSON_GetObjectItem(s, names[k]), true));
		cJSON_AddItemToArray(list, e);
	}
	f = dkg_ceremony_check(g, &p, list, election_key, NULL, which);
	cJSON_Delete(list);
	return f == DKG_OK                                               ? SF_OK
	       : f == DKG_DEALING_SIGNATURE || f == DKG_ACCEPT_SIGNATURE ? SF_SIGNATURE
	       : f == DKG_KEY                                            ? SF_SUM
	       : f == DKG_MALFORMED                                      ? SF_MALFORMED
									 : SF_PROOF;
}

int keycheck_keys(const struct yg_opts *opts, long long committee, long long meeting,
		  long long ceremony, const cJSON *scrutineers, const char *election_key, char *why,
		  size_t len)
{
	struct group *g = group_new(group_rand_system, NULL);
	enum scrutiny_fault f;
	const cJSON *s;
	char name[128];
	int which = -1, i = 0, known;

	f = g == NULL ? SF_MALFORMED
		      : scrutiny_keys_check(g, (uint64_t)committee, (uint64_t)meeting,
					    (uint64_t)(ceremony > 0 ? ceremony : 1), scrutineers,
					    election_key, &which);
	if (f == SF_OK)
		f = keycheck_dkg(g, committee, meeting, ceremony, scrutineers, election_key,
				 &which);
	group_free(g);
	if (f != SF_OK) {
		keycheck_name(scrutineers, which, name, sizeof(name));
		if (which >= 0)
			snprintf(why, len, TR("监票人 %s：%s", "scrutineer %s: %s"), name,
				 keycheck_fault_text(f));
		else
			snprintf(why, len, "%s", keycheck_fault_text(f));
		return -1;
	}
	/* the member key this terminal knows for each scrutineer, learned the
	 * first time it relies on it */
	cJSON_ArrayForEach(s, scrutineers) {
		known = known_member_check(opts->home, opts->server, json_int(s, "member"),
					   json_str(s, "member_key"));
		if (known != 1) {
			keycheck_name(scrutineers, i, name, sizeof(name));
			snprintf(why, len,
				 known == 0
					 ? TR("监票人 %s 的成员密钥与本机以前所知的不同（见 %s/"
					      "known_members）",
					      "scrutineer %s's member key is not the one this "
					      "terminal knew (see %s/known_members)")
					 : TR("无法读写本机的成员密钥记录（%s，%s/known_members）",
					      "cannot keep the member keys known here (%s, "
					      "%s/known_members)"),
				 name, opts->home);
			return -1;
		}
		i++;
	}
	return 0;
}

int keycheck_vote(const struct yg_opts *opts, const cJSON *st, char *why, size_t len)
{
	return keycheck_keys(opts, json_int(st, "committee"), json_int(st, "meeting"),
			     json_int(st, "ceremony"),
			     cJSON_GetObjectItemCaseSensitive(st, "scrutineers"),
			     json_str(st, "election_key"), why, len);
}
