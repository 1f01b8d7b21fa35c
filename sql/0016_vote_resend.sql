-- A voter whose answer to vote.cast was lost sends the very same ballot
-- again (yg keeps it in HOME/ballots/ before sending). The refusal of a
-- second ballot now names the receipt of the ballot stored, the caller's
-- own, so that the terminal can tell "your ballot is in" (the same
-- receipt) from "another ballot of yours is in". Nothing else changes.

CREATE OR REPLACE FUNCTION api.vote_cast_facts(p_caller jsonb, p_meeting bigint, p_item bigint, p_round integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	r vote_round := api.latest_round(p_meeting, p_item);
	key text;
	stored text;
BEGIN
	IF r.round IS NULL THEN
		PERFORM api.fail('YG409', format('no vote has been opened on item %s', p_item));
	ELSIF r.round <> p_round THEN
		PERFORM api.fail('YG409', format('round %s is not open (the vote is in round %s)', p_round, r.round));
	ELSIF r.state <> 'open' THEN
		PERFORM api.fail('YG409', 'the vote is closed: no more ballots');
	END IF;
	SELECT e->>'key' INTO key FROM jsonb_array_elements(r.eligible) e WHERE (e->>'member')::bigint = me.id;
	IF key IS NULL THEN
		IF (r.rules->>'recuse_vote')::boolean AND EXISTS (SELECT 1 FROM recusal c
		    WHERE c.meeting_id = m.id AND c.item_id = p_item AND c.member_id = me.id) THEN
			PERFORM api.fail('YG403', 'you are recused from this item (回避) and do not vote on it');
		END IF;
		PERFORM api.fail('YG403', 'you were not present when the vote opened: absent members do not vote');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM attendance WHERE meeting_id = m.id AND kind = 'member' AND who = me.id
		       AND present) THEN
		PERFORM api.fail('YG403', 'you have checked out: absent members do not vote');
	END IF;
	SELECT b.receipt INTO stored FROM ballot b WHERE b.meeting_id = m.id AND b.item_id = p_item
		AND b.round = p_round AND b.voter = me.id;
	IF stored IS NOT NULL THEN
		PERFORM api.fail('YG409', format('you have already voted in this round (receipt %s)', stored));
	END IF;
	IF (r.rules->>'scrutineers_vote_first')::boolean
	   AND NOT EXISTS (SELECT 1 FROM scrutineer WHERE meeting_id = m.id AND member_id = me.id)
	   AND EXISTS (SELECT 1 FROM scrutineer s JOIN jsonb_array_elements(r.eligible) e
		       ON (e->>'member')::bigint = s.member_id
		       WHERE s.meeting_id = m.id AND NOT EXISTS (SELECT 1 FROM ballot b
			WHERE b.meeting_id = m.id AND b.item_id = p_item AND b.round = p_round
			AND b.voter = s.member_id)) THEN
		PERFORM api.fail('YG409', 'the scrutineers vote first (监票人先投票): wait for them');
	END IF;
	RETURN jsonb_build_object('committee', m.committee_id, 'meeting', m.id, 'item', p_item,
		'round', r.round, 'question', r.question, 'election_key', r.election_key,
		'voter', me.id, 'voter_key', key);
END
$$;
