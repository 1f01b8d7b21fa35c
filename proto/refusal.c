#include <stdio.h>
#include <string.h>

#include "refusal.h"

/* Every refusal the server words, by the English it is written in. Where a
 * message is composed (a clause chosen in SQL), each composition that reads
 * differently has its own entry; the most specific match wins. */
const struct pattern_entry refusal_catalog[] = {
	/* who may do what (sql/api/020_identity.sql, server/dispatch.c) */
	{"members_only", "only committee members may do this"},
	{"membership_inactive", "your membership is not active"},
	{"login_key_invalid", "the key you logged in with is no longer valid"},
	{"roles_forbid", "your roles do not allow this"},
	{"roles_forbid_op", "your roles do not allow %s"},
	{"observer_not_approved", "your observer registration is not approved"},
	{"observers_may_not", "observers may not do this"},
	{"no_member", "no member %s in this committee"},
	{"last_admin", "the committee must keep at least one active admin with a key"},
	{"no_committee", "no committee %s"},
	{"key_revoked", "this key was revoked at %s"},
	{"key_replaced", "this key was replaced by a newer one at %s"},
	{"membership_status", "this membership is %s"},
	{"observer_status", "this observer registration is %s"},
	{"key_other_committee", "this key belongs to another committee"},
	{"unknown_key", "unknown key"},
	{"no_key_to_revoke", "this member has no valid key to revoke"},
	{"unknown_code_in_rule", "unknown code \"%s\" in %s"},
	{"builtin_category", "\"%s\" is a built-in category"},
	{"no_observer_category", "no observer category \"%s\""},
	{"key_is_member", "this key belongs to a member of the committee"},
	{"too_many_registrations", "too many registrations are waiting for a decision; try later"},
	{"no_observer", "no observer %s in this committee"},
	{"observer_not_pending", "observer %s is %s; only a pending observer can be %s"},
	{"observer_not_approved_for", "observer %s is %s; only an approved observer can be %s"},
	/* signed requests (040_meeting_log.sql, PROTOCOL.md §7a) */
	{"stale_head", "the request follows entry %s of this meeting's log, but entry %s has been "
		       "added since: look at the meeting again"},
	{"request_causes_not", "a request for %s does not cause %s"},
	{"request_other_meeting", "the request was for another meeting"},
	{"request_asked_otherwise", "the entry's \"%s\" is not what the signed request asked for"},
	{"request_time_window",
	 "the request was signed at %s, more than 300 seconds from the database's clock"},
	{"request_time_missing",
	 "the signed request carries no time it was signed at (an RFC 3339 \"at\")"},
	/* items (030_agenda.sql) */
	{"unknown_category", "unknown category \"%s\""},
	{"no_power_entry", "no power-list entry %s"},
	{"power_entry_retired", "power-list entry %s is retired"},
	{"no_item", "no item %s in this committee"},
	{"category_not_decided", "this committee does not decide category \"%s\""},
	{"power_entry_not_collective",
	 "power-list entry %s is not for collective decision (不直接决策具体事项)"},
	{"power_entry_category", "power-list entry %s is of category \"%s\""},
	{"cadre_needs_candidates",
	 "a cadre item needs candidates and 1 to (number of candidates) seats"},
	{"only_cadre_candidates", "only cadre items have candidates and seats"},
	{"candidate_name", "each candidate is a name of 1 to 64 characters"},
	{"only_in_charge_changes", "only the member in charge of the item may change it"},
	{"item_edit_not_draft", "item %s is %s: only a draft can be edited; revise it instead"},
	{"item_revise_not_announced", "item %s is %s: only an announced item can be revised"},
	{"only_in_charge_announces", "only the member in charge or the chair may announce an item"},
	{"item_announce_not_draft", "item %s is %s; only a draft can be announced"},
	{"only_in_charge_withdraws", "only the member in charge or the chair may withdraw an item"},
	{"item_on_agenda", "item %s is %s; take it off the agenda first"},
	{"object_own_item", "the member in charge cannot object to their own item"},
	{"object_not_announced", "item %s is %s; objections are to announced items"},
	{"comments_closed", "item %s is not open for comments"},
	{"comments_window_ended", "item %s is not open for comments (the window ended at %s)"},
	{"comment_rate", "at most %s comments an hour; try again later"},
	{"item_withdrawn", "item %s is withdrawn"},
	{"only_in_charge_attaches",
	 "only the member in charge, the chair or the clerk may attach materials"},
	{"unknown_material_kind", "unknown kind of material \"%s\""},
	{"outcome_only_legality",
	 "a legality review, and only a legality review, has an outcome (passed or failed)"},
	{"material_too_large", "a material may be at most %s bytes"},
	{"too_many_uploads",
	 "at most %s unfinished uploads of yours at a time: finish one, or wait until one has had "
	 "no chunk for an hour"},
	{"no_upload", "no upload %s of yours in progress"},
	{"upload_offset", "upload %s has %s bytes; send from there"},
	{"upload_exceeds", "upload %s would exceed its declared size %s"},
	{"no_material", "no material %s in this committee"},
	/* meetings and agendas */
	{"no_meeting", "no meeting %s in this committee"},
	{"meeting_in_future", "a meeting is scheduled for a time still to come"},
	{"agenda_fixed", "the agenda is fixed once the meeting is announced (不搞临时动议)"},
	{"item_changed", "item %s changed while it was being checked; try again"},
	{"item_state", "item %s is %s"},
	{"item_already_on_agenda", "item %s was already on this agenda"},
	{"item_not_on_agenda", "item %s is not on the agenda of meeting %s"},
	{"meeting_already_announced", "meeting %s is already announced"},
	{"meeting_time_passed", "the meeting's time has passed; schedule a new one"},
	{"meeting_notice_short",
	 "meeting %s starts at %s, sooner than the committee's notice period allows"},
	{"meeting_open_too_early", "meeting %s may not open before %s"},
	{"agenda_empty", "the agenda is empty"},
	{"item_fails_gates", "the item does not pass its gates (%s); see item.gates"},
	{"starts_at_format", "starts_at is not an RFC 3339 date-time with an offset (such as "
			     "2026-12-01T09:00:00+08:00)"},
	{"starts_at_day", "starts_at is not a day of the calendar: %s"},
	{"starts_at_years", "starts_at is outside the years 2000 to 2999"},
	/* the meeting log (040_meeting_log.sql, 050_meeting_items.sql) */
	{"not_invited", "you are not invited to this meeting"},
	{"meeting_state", "meeting %s is %s"},
	{"no_pool_observer", "no approved observer %s in the pool"},
	{"not_on_roster_cn", "you are not on this meeting's roster (应到会)"},
	{"member_not_on_roster", "member %s is not on this meeting's roster"},
	{"member_present", "member %s is present"},
	{"meeting_not_open", "meeting %s is %s, not open"},
	{"only_chair_takes_up", "only the chair takes up items"},
	{"another_item_open", "another item is open; defer or close it first"},
	{"item_not_open", "item %s is not open"},
	{"recusal_timing", "recusal is declared before or during the item"},
	{"not_on_roster", "you are not on this meeting's roster"},
	{"only_presiding_hands_over", "only whoever presides over an open item hands it over"},
	{"successor_absent", "member %s is not present, or is recused from this item"},
	{"only_presiding", "only whoever presides over the item may do this"},
	{"no_item_open", "no item is open"},
	{"check_in_first", "check in first"},
	{"cadre_closed_to_observers", "cadre items are closed to observers"},
	{"no_floor_request", "no request %s in meeting %s"},
	{"only_presiding_grants", "only whoever presides over the open item grants the floor"},
	{"already_granted", "already granted"},
	{"bad_position", "position must be agree (同意), disagree (不同意) or defer (缓议)"},
	/* minutes */
	{"minutes_after_close", "minutes are made once the meeting is closed"},
	{"only_role_signs", "only the %s signs as %s"},
	{"read_minutes_first", "read the minutes first (minutes.get)"},
	{"minutes_already_signed", "the minutes are already signed by the %s"},
	{"bad_sign_role", "role must be chair or clerk"},
	{"only_clerk_signs", "only a clerk recorded for meeting %s signs as clerk"},
	{"only_clerk_minutes", "only a clerk recorded for meeting %s minutes it"},
	{"item_not_taken_up", "item %s has not been taken up"},
	{"remark_member",
	 "members state their positions themselves; only observers' remarks are minuted"},
	{"floor_not_granted", "request %s has not been given the floor"},
	{"remark_already", "the remark of request %s is already minuted"},
	{"only_chair_clerk_absence",
	 "only the chair or a clerk recorded for meeting %s records absences"},
	{"only_presiding_chair",
	 "only the chair who presided over meeting %s, or a successor named by presiding.succeed, "
	 "may do this"},
	{"only_presiding_chair_item",
	 "only the chair who presided over meeting %s (item %s), or a successor named by "
	 "presiding.succeed, may do this"},
	{"not_presided_yet", "meeting %s has not been presided over yet"},
	{"only_admin_or_chair_names_successor",
	 "only an admin or the presiding chair names a successor"},
	{"bad_successor",
	 "member %s cannot succeed: a successor is another active member holding the chair role"},
	{"no_correction", "the minutes of meeting %s have no correction %s"},
	{"correction_cosigned", "correction %s is already co-signed"},
	/* votes (070_votes.sql) */
	{"only_chair_designates", "only the chair designates scrutineers"},
	{"scrutineers_after_announce",
	 "meeting %s is %s: scrutineers are designated once it is announced"},
	{"designation_fixed", "a scrutineer has published a key: the designation is fixed"},
	{"scrutineer_count", "designate exactly %s different members (rule scrutineers)"},
	{"scrutineer_not_on_roster_or_auditor",
	 "every scrutineer must be an active member on this meeting's roster, or one of at most %s "
	 "auditors (rule auditor_scrutineers)"},
	{"scrutineer_not_on_roster",
	 "every scrutineer must be an active member on this meeting's roster"},
	{"scrutineer_is_candidate",
	 "%s is a candidate on this meeting's agenda and cannot be a scrutineer"},
	{"not_scrutineer", "you are not a scrutineer of meeting %s"},
	{"scrutineer_key_published", "your key for this meeting is already published"},
	{"election_key_now", "the election key cannot be set now"},
	{"threshold_none", "no threshold key ceremony is under way in this meeting"},
	{"threshold_not_dealt", "not every scrutineer has dealt yet"},
	{"threshold_sent", "your sealed shares are already sent"},
	{"threshold_deal_shape",
	 "give one sealed share {to, sealed, signature} to every other scrutineer"},
	{"threshold_accepted", "you have already accepted your share"},
	{"threshold_no_share", "there is no share of yours to accept"},
	{"only_presiding_opens_vote",
	 "only whoever presides over the item, or the chair, opens the vote"},
	{"vote_under_way_item", "a vote on item %s is still under way"},
	{"item_being_voted", "item %s is being voted on"},
	{"item_voted", "item %s has been voted on"},
	{"close_discussion_first", "item %s is %s: close its discussion first (agenda.close)"},
	{"no_election_key",
	 "no election key yet: designate the scrutineers and let each publish a key"},
	{"nobody_may_vote", "nobody present may vote on this item"},
	{"confidential_vote", "item %s is confidential: its vote is for members only"},
	{"confidential_vote_this", "this item is confidential: its vote is for members only"},
	{"no_vote_opened", "no vote has been opened on item %s"},
	{"round_not_open", "round %s is not open (the vote is in round %s)"},
	{"vote_closed", "the vote is closed: no more ballots"},
	{"voter_recused", "you are recused from this item (回避) and do not vote on it"},
	{"voter_absent", "you were not present when the vote opened: absent members do not vote"},
	{"voter_checked_out", "you have checked out: absent members do not vote"},
	{"already_voted", "you have already voted in this round (receipt %s)"},
	{"scrutineers_first", "the scrutineers vote first (监票人先投票): wait for them"},
	{"ballot_already_cast", "this ballot has already been cast"},
	{"ballot_batch", "a list of at most %s ballots"},
	{"ballot_other_key",
	 "the ballot was made for another key than the one you held when the vote opened"},
	{"only_presiding_closes_vote",
	 "only whoever presides over the item, or the chair, closes the vote"},
	{"no_vote_open_item", "no vote is open on item %s"},
	{"vote_not_open", "the vote is not open"},
	{"round_not_decrypting", "round %s of item %s is not waiting for decryption"},
	{"decryption_given", "you have already given your decryption of this round"},
	{"ceremonies_exhausted", "this meeting has had as many key ceremonies as it may"},
	{"only_presiding_voids", "only whoever presides over the meeting voids a round"},
	{"void_not_decrypting",
	 "round %s of item %s is not waiting for decryption: only such a round is voided"},
	{"round_cannot_close", "the round cannot be closed now"},
	{"aggregate_not_ballots", "the aggregate does not add up the %s ballots stored"},
	{"counts_not_ballots", "the counts do not fit the %s ballots stored"},
	{"outcome_not_question", "the outcome is not one of this question's"},
	{"no_closed_vote", "no vote on item %s has closed in meeting %s"},
	{"vote_under_way", "a vote is under way: close it (and let the scrutineers decrypt) first"},
	{"members_must_be_ids", "members must be member ids"},
	/* publication (080_publication.sql, 100_presiding.sql, 110_visibility.sql) */
	{"only_chair_publishes", "only the chair reviews and publishes decisions"},
	{"publish_not_decided", "item %s is %s: only a decided or rejected item is published"},
	{"already_reviewed", "item %s has been reviewed already; a review is final"},
	{"cannot_publish_now", "item %s cannot be published now"},
	{"no_decision", "no decision %s"},
	{"notice_not_open", "the public notice of this decision is not open"},
	{"no_item_public", "no item %s"},
	{"comment_window_closed", "the window for comment on this item has closed"},
	{"no_review_to_revise", "item %s has no publication review to revise"},
	{"cannot_correct", "item %s is %s: it cannot be corrected"},
	{"cannot_withdraw", "item %s is %s: it cannot be withdrawn"},
	{"cannot_declassify", "item %s is %s: it cannot be declassified"},
	{"bad_publication_mode", "mode must be full, summary or withheld"},
	{"summary_needs_text", "a summary publication needs its public text"},
	{"withhold_needs_reason", "withholding needs its reason"},
	{"reason_too_long", "the reason is at most 2000 characters"},
	{"full_takes_no_text", "a full publication takes no text: it shows the item as decided"},
	{"bad_revision_action", "action must be correct, withdraw or declassify"},
	{"only_chair_confidential", "only the chair marks an item confidential"},
	{"already_confidential", "item %s is already marked confidential"},
	{"confidential_too_late",
	 "item %s was taken to meeting %s, which has opened: an item is marked confidential "
	 "before its meeting"},
	/* comments, observers, members, keys, rules (server/ops) */
	{"bad_stance", "stance must be support, object or neutral"},
	{"members_do_not_comment",
	 "members do not comment; a member's disagreement is item.object"},
	{"give_committee", "give the committee"},
	{"bad_observer_status", "status must be pending, approved, rejected or removed"},
	{"bad_observer_decision", "decision must be approve, reject or remove"},
	{"bad_category_code",
	 "code must be lowercase letters, digits and _, starting with a letter"},
	{"bad_roles", "roles must be distinct among admin, chair, member, clerk, auditor"},
	{"bad_key", "key must be ed25519: and 43 base64url characters"},
	{"bad_member_status", "status must be active, suspended or removed"},
	{"item_fields", "an item needs title, category, power_entry and affects_public"},
	{"bad_sha256", "sha256 must be 64 lowercase hex digits"},
	{"bad_outcome", "outcome must be passed or failed"},
	{"bad_chunk", "data must be base64url of at most %s bytes"},
	{"no_rule", "no rule called \"%s\""},
	{"rule_whole_number", "%s must be a whole number from %s to %s"},
	{"rule_value", "%s must be %s"},
	{"trial_only_rule", "only a trial committee (试用) may shorten its days"},
	{"rules_admin_only_real",
	 "only an admin changes the rules of a committee that is not a trial (试用)"},
	{"trial_chair_periods_only", "in a trial (试用) a chair changes only its periods, not %s"},
	{"trial_chair_shorten_only", "a chair may only shorten %s (now %s)"},
	{"preappointment_trial_days", "in a trial (试用) the pre-appointment notice lasts %s trial "
				      "days, until %s, not until %s"},
	{"preappointment_workdays",
	 "the pre-appointment notice lasts %s working days, not until %s"},
	/* judged in C (server/ops, rules/, server/policy) */
	{"meeting_notice_late", "too late to announce: a meeting set for %s is announced by %s"},
	{"meeting_opens_later", "too early to open: the meeting is set for %s and opens from %s"},
	{"no_quorum_open", "no quorum: %s of %s members present, %s needed to open"},
	{"no_quorum_item", "no quorum for this item: %s of %s present, %s needed"},
	{"no_quorum_vote", "no quorum for a vote on this item: %s of %s present, %s needed"},
	{"speak_not_roster", "you are not on this meeting's roster (%s)"},
	{"speak_check_in", "check in first (%s)"},
	{"speak_recused", "you are recused from this item (回避) (%s)"},
	{"speak_not_presenter", "only the member in charge presents the item (%s)"},
	{"speak_presented", "the item has been presented (%s)"},
	{"speak_present_first", "the member in charge presents the item first (%s)"},
	{"speak_candidate", "name a candidate of this cadre item (or none, on other items) (%s)"},
	{"speak_already", "you have already stated a position (or passed) on this (%s)"},
	{"speak_no_pass", "on cadre items every member states a position (%s)"},
	{"speak_chair_last",
	 "the presiding chair speaks last (末位表态): others have yet to state (%s)"},
	{"item_contested", "the item is contested: it may only be deferred (缓议) and re-argued"},
	{"members_yet_to_state", "%s member(s) have yet to state a position (first: member %s)"},
	{"statement_missing", "the presentation or the presiding chair's statement is missing"},
	{"presiding_not", "only the chair who presided over this meeting (or item), or a successor "
			  "named by presiding.succeed, may do this (%s)"},
	{"presiding_not_clerk", "only a clerk recorded for this meeting signs as clerk (%s)"},
	{"presiding_not_presided", "nobody has presided over this meeting yet (%s)"},
	{"presiding_bad_successor",
	 "a successor is another active member holding the chair role (%s)"},
	{"presiding_bad_role", "role must be chair or clerk (%s)"},
	{"bad_minutes_signature", "the signature is not your key's over these minutes"},
	{"bad_correction_signature",
	 "the signature is not your key's over this correction of these minutes"},
	{"bad_succession_signature", "the signature is not your key's over this succession"},
	{"no_ballot_shape", "the item's candidates and seats make no ballot"},
	{"ballot_proof_fails", "the ballot's proof fails: %s (a ballot counts only for the member, "
			       "item and round it was made for)"},
	{"ballot_signature", "the ballot's signature is not yours over this ballot in this round"},
	{"scrutineer_key_refused", "the scrutineer key is refused: %s"},
	{"decryption_refused", "the decryption is refused: %s"},
	/* the connection, login and the shape of requests */
	{"no_challenge", "no challenge outstanding: call auth.challenge"},
	{"bad_login", "malformed key or signature"},
	{"bad_signature", "the signature does not match this key, challenge and connection"},
	{"logins_throttled_address", "too many failed logins from this address; try again in %s s"},
	{"logins_throttled_key", "too many failed logins from this key; try again in %s s"},
	{"already_logged_in", "already logged in on this connection"},
	{"login_first", "log in first (auth.challenge, then auth.login)"},
	{"hello_first", "the first request must be hello"},
	{"hello_again", "hello was already done on this connection"},
	{"protocol_versions", "this server speaks protocol versions %s to %s"},
	{"unknown_operation", "unknown operation \"%s\""},
	{"too_many_requests", "too many requests in flight"},
	{"db_unavailable", "database unavailable"},
	{"no_stream", "no stream \"%s\" open to this connection"},
	{"too_many_subscriptions", "too many subscriptions on this connection"},
	{"arg_not_utf8", "\"%s\" is not valid UTF-8"},
	{"arg_nested", "\"%s\" is nested too deeply"},
	{"arg_length", "\"%s\" must be %s to %s characters long"},
	{"arg_type", "\"%s\" must be %s"},
	{"arg_range", "\"%s\" must be from %s to %s"},
	{"arg_items", "\"%s\" must have %s to %s items"},
	{"arg_unknown", "unknown argument \"%s\""},
	{"arg_twice", "argument \"%s\" given twice"},
	{"arg_missing", "missing argument \"%s\""},
	{"already_exists", "already exists (%s)"},
	{"invalid_value", "invalid value (%s)"},
	{"internal", "internal error (logged on the server)"},
};
const size_t refusal_catalog_len = sizeof(refusal_catalog) / sizeof(refusal_catalog[0]);

/* Length of the printf conversion at s ("%s", "%u", "%lld", "%.64s"), 0 if
 * s holds none. "%%" is a literal percent sign, not a conversion. */
static size_t conversion_len(const char *s)
{
	size_t i = 1;

	if (s[0] != '%' || s[1] == '%')
		return 0;
	while (s[i] == '.' || (s[i] >= '0' && s[i] <= '9') || s[i] == 'l' || s[i] == 'z')
		i++;
	return strchr("sdulf", s[i]) != NULL && s[i] != '\0' ? i + 1 : 0;
}

/* Whether text matches pattern from here; fills p from parameter k on and
 * counts the literal characters matched in *lit. */
static int match_from(const char *pat, const char *text, struct refusal_params *p, int k,
		      size_t *lit)
{
	size_t conv, len;

	while (*pat != '\0') {
		conv = conversion_len(pat);
		if (conv > 0)
			break;
		if (*pat == '%' && pat[1] == '%')
			pat++;
		if (*pat != *text)
			return 0;
		pat++;
		text++;
		(*lit)++;
	}
	if (*pat == '\0')
		return *text == '\0';
	/* A parameter: the shortest text after which the rest matches; a
	 * number's (%d, %u, %ld, %.0f, %zu) holds only a number's characters. */
	for (len = 1; text[len - 1] != '\0'; len++) {
		if (pat[conv - 1] != 's' && strchr("-.0123456789", text[len - 1]) == NULL)
			break;
		size_t save = *lit;

		if (match_from(pat + conv, text + len, p, k + 1, lit)) {
			if (k < REFUSAL_MAX_PARAMS) {
				snprintf(p->v[k], sizeof(p->v[k]), "%.*s", (int)len, text);
				if (p->n < k + 1)
					p->n = k + 1;
			}
			return 1;
		}
		*lit = save;
	}
	return 0;
}

const char *pattern_match(const struct pattern_entry *table, size_t n, const char *text,
			  struct refusal_params *p)
{
	struct refusal_params cur;
	const char *best = NULL;
	size_t i, lit, best_lit = 0;

	memset(p, 0, sizeof(*p));
	if (text == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		memset(&cur, 0, sizeof(cur));
		lit = 0;
		if (match_from(table[i].pattern, text, &cur, 0, &lit) &&
		    (best == NULL || lit > best_lit)) {
			best = table[i].name;
			best_lit = lit;
			*p = cur;
		}
	}
	return best;
}

const char *refusal_reason(const char *message, struct refusal_params *p)
{
	return pattern_match(refusal_catalog, refusal_catalog_len, message, p);
}
