-- Scrutiny (issues 17 and 19; BALLOT.md §7.2, §9, VOTE.md §1, §5, §5.1):
--
-- * a scrutineer's key publication carries its holder's Ed25519 signature,
--   which voters' terminals check before they encrypt;
-- * the committee rule decrypt_min_ballots (a scrutineer's terminal
--   decrypts no sum of fewer ballots), at its default for every committee;
-- * a round can be voided (state 'voided', with the reason, who and when),
--   after which the item is voted again under a new key ceremony of the
--   same meeting: scrutineers, rounds and decryptions name their ceremony
--   (1 for everything before this migration);
-- * key_ceremony_message: what scrutineers' terminals send one another
--   during a ceremony (signed by the sender), for threshold key generation.

ALTER TABLE scrutineer ADD COLUMN signature text CHECK (signature ~ '^[A-Za-z0-9_-]{86}$'),
	ADD CONSTRAINT scrutineer_signature_published CHECK (signature IS NULL OR published_at IS NOT NULL);

UPDATE committee SET rules = rules || '{"decrypt_min_ballots": 3}'::jsonb
WHERE NOT rules ? 'decrypt_min_ballots';

-- Key ceremonies: a meeting's first is 1; a void opens the next.
ALTER TABLE meeting ADD COLUMN ceremony integer NOT NULL DEFAULT 1 CHECK (ceremony BETWEEN 1 AND 16);
ALTER TABLE decryption DROP CONSTRAINT decryption_meeting_id_idx_fkey;
ALTER TABLE scrutineer ADD COLUMN ceremony integer NOT NULL DEFAULT 1 CHECK (ceremony BETWEEN 1 AND 16);
ALTER TABLE scrutineer DROP CONSTRAINT scrutineer_pkey;
ALTER TABLE scrutineer ADD PRIMARY KEY (meeting_id, ceremony, idx);
ALTER TABLE scrutineer DROP CONSTRAINT scrutineer_meeting_id_member_id_key;
ALTER TABLE scrutineer ADD UNIQUE (meeting_id, ceremony, member_id);
ALTER TABLE decryption ADD COLUMN ceremony integer NOT NULL DEFAULT 1;
ALTER TABLE decryption ADD FOREIGN KEY (meeting_id, ceremony, idx) REFERENCES scrutineer;
ALTER TABLE vote_round ADD COLUMN ceremony integer NOT NULL DEFAULT 1 CHECK (ceremony BETWEEN 1 AND 16);

-- Voided rounds.
ALTER TABLE vote_round DROP CONSTRAINT vote_round_state_check;
ALTER TABLE vote_round ADD CONSTRAINT vote_round_state_check
	CHECK (state IN ('open', 'decrypting', 'closed', 'voided'));
ALTER TABLE vote_round ADD COLUMN void_reason text CHECK (char_length(void_reason) BETWEEN 1 AND 500),
	ADD COLUMN voided_by bigint REFERENCES member,
	ADD COLUMN voided_at timestamptz,
	ADD COLUMN void_act jsonb,
	ADD CONSTRAINT vote_round_void CHECK ((state = 'voided') = (void_reason IS NOT NULL)
		AND (void_reason IS NULL) = (voided_by IS NULL)
		AND (voided_by IS NULL) = (voided_at IS NULL));
DROP INDEX vote_round_one_live;
CREATE UNIQUE INDEX vote_round_one_live ON vote_round (meeting_id) WHERE state IN ('open', 'decrypting');

-- Messages between scrutineers' terminals during a key ceremony
-- (commitments to everyone, recipient NULL; encrypted shares to one).
CREATE TABLE key_ceremony_message (
	id bigserial PRIMARY KEY,
	meeting_id bigint NOT NULL REFERENCES meeting,
	ceremony integer NOT NULL CHECK (ceremony BETWEEN 1 AND 16),
	sender integer NOT NULL CHECK (sender BETWEEN 0 AND 8),
	recipient integer CHECK (recipient BETWEEN 0 AND 8),
	kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,32}$'),
	body jsonb NOT NULL,
	signature text NOT NULL CHECK (signature ~ '^[A-Za-z0-9_-]{86}$'),
	sent_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX key_ceremony_message_once ON key_ceremony_message
	(meeting_id, ceremony, sender, coalesce(recipient, -1), kind);

CREATE TRIGGER key_ceremony_message_append_only BEFORE UPDATE OR DELETE ON key_ceremony_message
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
