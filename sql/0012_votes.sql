-- 票决: the secret-ballot vote on an item (proto/VOTE.md). Scrutineers and
-- their key shares' public halves, rounds with their eligible voters fixed
-- at opening, ballots (ciphertexts with proofs, signed by the voter), the
-- scrutineers' partial decryptions and the signed tally. Nothing here holds
-- a plaintext vote; every table is append-only or moves forward only.

ALTER TABLE agenda_entry DROP CONSTRAINT agenda_entry_state_check;
ALTER TABLE agenda_entry ADD CONSTRAINT agenda_entry_state_check
	CHECK (state IN ('pending', 'open', 'deferred', 'discussed', 'voting', 'voted'));

ALTER TABLE item DROP CONSTRAINT item_status_check;
ALTER TABLE item ADD CONSTRAINT item_status_check
	CHECK (status IN ('draft', 'announced', 'scheduled', 'withdrawn', 'decided', 'rejected'));

-- The election key of the meeting: the sum of the scrutineers' keys.
ALTER TABLE meeting ADD COLUMN election_key text CHECK (election_key ~ '^[A-Za-z0-9_-]{44}$');

-- 监票人. idx is the position in the designation (BALLOT.md §7.2). A row is
-- replaced only while no scrutineer of the meeting has published a key;
-- publication is written once.
CREATE TABLE scrutineer (
	meeting_id bigint NOT NULL REFERENCES meeting,
	idx integer NOT NULL CHECK (idx BETWEEN 0 AND 8),
	member_id bigint NOT NULL REFERENCES member,
	designated_by bigint NOT NULL REFERENCES member,
	designated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	member_key text CHECK (member_key ~ '^ed25519:[A-Za-z0-9_-]{43}$'),
	public_key text CHECK (public_key ~ '^[A-Za-z0-9_-]{44}$'),
	proof jsonb,
	published_at timestamptz,
	CHECK ((published_at IS NULL) = (public_key IS NULL)
	       AND (public_key IS NULL) = (proof IS NULL)
	       AND (public_key IS NULL) = (member_key IS NULL)),
	PRIMARY KEY (meeting_id, idx),
	UNIQUE (meeting_id, member_id)
);

CREATE FUNCTION scrutineer_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.published_at IS NOT NULL OR (TG_OP = 'UPDATE' AND (NEW.published_at IS NULL
	   OR (NEW.meeting_id, NEW.idx, NEW.member_id) IS DISTINCT FROM (OLD.meeting_id, OLD.idx, OLD.member_id))) THEN
		RAISE EXCEPTION 'a published scrutineer key is never changed' USING ERRCODE = 'YG409';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER scrutineer_guard BEFORE UPDATE OR DELETE ON scrutineer
	FOR EACH ROW EXECUTE FUNCTION scrutineer_guard();

-- A round of voting on an item. What it is about (question, key, eligible
-- voters with their keys, the rules) is fixed at opening; state moves
-- open → decrypting → closed, and the tally is written once, at closing.
CREATE TABLE vote_round (
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	round integer NOT NULL CHECK (round BETWEEN 1 AND 16),
	question jsonb NOT NULL,
	election_key text NOT NULL,
	entitled integer NOT NULL CHECK (entitled >= 0),
	present integer NOT NULL CHECK (present >= 0),
	rules jsonb NOT NULL,
	eligible jsonb NOT NULL CHECK (jsonb_typeof(eligible) = 'array'),
	state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'decrypting', 'closed')),
	opened_by bigint NOT NULL REFERENCES member,
	opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	closed_by bigint REFERENCES member,
	aggregate jsonb,
	closed_at timestamptz,
	counts jsonb,
	outcome jsonb,
	result text CHECK (result IN ('adopted', 'rejected', 'elected', 'runoff', 'void')),
	tally text,
	signer text,
	CHECK ((state = 'closed') = (tally IS NOT NULL)),
	FOREIGN KEY (meeting_id, item_id) REFERENCES agenda_entry,
	PRIMARY KEY (meeting_id, item_id, round)
);

-- One vote at a time in a meeting.
CREATE UNIQUE INDEX vote_round_one_live ON vote_round (meeting_id) WHERE state <> 'closed';

CREATE FUNCTION vote_round_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.state = 'closed'
	   OR (OLD.state = 'decrypting' AND NEW.state = 'open')
	   OR (to_jsonb(NEW) - 'state' - 'closed_by' - 'aggregate' - 'closed_at' - 'counts' - 'outcome'
	       - 'result' - 'tally' - 'signer')
	      IS DISTINCT FROM (to_jsonb(OLD) - 'state' - 'closed_by' - 'aggregate' - 'closed_at'
	       - 'counts' - 'outcome' - 'result' - 'tally' - 'signer')
	   OR (OLD.aggregate IS NOT NULL AND NEW.aggregate IS DISTINCT FROM OLD.aggregate) THEN
		RAISE EXCEPTION 'a vote round only moves forward' USING ERRCODE = 'YG409';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER vote_round_guard BEFORE UPDATE OR DELETE ON vote_round
	FOR EACH ROW EXECUTE FUNCTION vote_round_guard();

-- A cast ballot: the ciphertexts and proofs as the voter's terminal made
-- them, the receipt (SHA-256 of their canonical JSON) and the voter's
-- signature of the envelope. One per voter and round.
CREATE TABLE ballot (
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	round integer NOT NULL,
	voter bigint NOT NULL REFERENCES member,
	voter_key text NOT NULL CHECK (voter_key ~ '^ed25519:[A-Za-z0-9_-]{43}$'),
	ballot jsonb NOT NULL,
	signature text NOT NULL,
	receipt text NOT NULL UNIQUE CHECK (receipt ~ '^[A-Za-z0-9_-]{43}$'),
	cast_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	FOREIGN KEY (meeting_id, item_id, round) REFERENCES vote_round,
	PRIMARY KEY (meeting_id, item_id, round, voter)
);

CREATE TRIGGER ballot_append_only BEFORE UPDATE OR DELETE ON ballot
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER ballot_no_truncate BEFORE TRUNCATE ON ballot
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

-- A scrutineer's partial decryption of a round's aggregate, with proofs.
CREATE TABLE decryption (
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	round integer NOT NULL,
	idx integer NOT NULL,
	member_id bigint NOT NULL REFERENCES member,
	share jsonb NOT NULL,
	given_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	FOREIGN KEY (meeting_id, item_id, round) REFERENCES vote_round,
	FOREIGN KEY (meeting_id, idx) REFERENCES scrutineer,
	PRIMARY KEY (meeting_id, item_id, round, idx)
);

CREATE TRIGGER decryption_append_only BEFORE UPDATE OR DELETE ON decryption
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER decryption_no_truncate BEFORE TRUNCATE ON decryption
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

REVOKE ALL ON scrutineer, vote_round, ballot, decryption FROM PUBLIC;
