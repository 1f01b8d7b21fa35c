/* The message envelope (proto/envelope.c): a frame's payload as the server
 * reads a request and as yg reads a reply or an event. What decodes must
 * encode to text that decodes again and encodes to the same text. */
#include "../../proto/envelope.h"
#include "fuzz.h"

/* Whatever a parsed request or reply points at is well-formed. */
static void check_parsed(const cJSON *msg)
{
	struct yg_request req;
	struct yg_reply rep;
	const char *why = NULL;

	if (envelope_parse_request(msg, &req, &why) == YG_OK) {
		FUZZ_CHECK(req.op != NULL && envelope_name_valid(req.op, ENVELOPE_OP_MAX));
		FUZZ_CHECK(cJSON_IsObject(req.args));
		FUZZ_CHECK(!req.has_id || req.id <= (uint64_t)ENVELOPE_ID_MAX);
	} else {
		FUZZ_CHECK(why != NULL);
	}
	switch (envelope_parse_reply(msg, &rep)) {
	case YG_MSG_RESULT:
		FUZZ_CHECK(rep.has_id && cJSON_IsObject(rep.result));
		break;
	case YG_MSG_ERROR:
		FUZZ_CHECK(rep.code != NULL && rep.message != NULL);
		break;
	case YG_MSG_EVENT:
		FUZZ_CHECK(rep.stream != NULL && rep.event != NULL && rep.data != NULL);
		break;
	case YG_MSG_INVALID:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum yg_err err;
	const char *why = NULL;
	cJSON *msg = envelope_decode((const char *)data, size, &err, &why), *back;
	char *text, *again;
	size_t n = 0, n2 = 0;

	if (msg == NULL) {
		FUZZ_CHECK(err != YG_OK && why != NULL);
		return 0;
	}
	FUZZ_CHECK(err == YG_OK && cJSON_IsObject(msg));
	check_parsed(msg);
	text = envelope_encode(msg, &n);
	if (text != NULL) {
		back = envelope_decode(text, n, &err, &why);
		FUZZ_CHECK(back != NULL);
		again = envelope_encode(back, &n2);
		FUZZ_CHECK(again != NULL && n2 == n && memcmp(again, text, n) == 0);
		free(again);
		cJSON_Delete(back);
		free(text);
	}
	cJSON_Delete(msg);
	return 0;
}
