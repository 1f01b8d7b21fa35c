-- Threshold key ceremonies (issue 19; BALLOT.md §7.5, §7.7): any k of a
-- meeting's n scrutineers decrypt.
--
-- * The committee rule scrutineer_threshold (k): 0 keeps the plain sum of
--   keys that every scrutineer must decrypt with (BALLOT.md §7.2); k ≥ 1
--   makes each new key ceremony a distributed key generation with that
--   threshold. A ceremony's k and n are fixed when its scrutineers are
--   designated (key_ceremony), so a rule changed later does not touch it.
-- * Each scrutineer's signed dealing and signed acceptance (its
--   verification key and share proof) are kept with its row; the sealed
--   shares travel as key_ceremony_message rows of kind 'share' (0025).

UPDATE committee SET rules = rules || '{"scrutineer_threshold": 0}'::jsonb
WHERE NOT rules ? 'scrutineer_threshold';

CREATE TABLE key_ceremony (
	meeting_id bigint NOT NULL REFERENCES meeting,
	ceremony integer NOT NULL CHECK (ceremony BETWEEN 1 AND 16),
	n integer NOT NULL CHECK (n BETWEEN 1 AND 9),
	threshold integer NOT NULL CHECK (threshold BETWEEN 1 AND 9 AND threshold <= n
		AND (threshold >= 2 OR n = 1)),
	PRIMARY KEY (meeting_id, ceremony)
);

ALTER TABLE scrutineer ADD COLUMN dealing jsonb,
	ADD COLUMN dealing_signature text CHECK (dealing_signature ~ '^[A-Za-z0-9_-]{86}$'),
	ADD COLUMN verification_key text CHECK (verification_key ~ '^[A-Za-z0-9_-]{44}$'),
	ADD COLUMN share_proof jsonb,
	ADD COLUMN accept_signature text CHECK (accept_signature ~ '^[A-Za-z0-9_-]{86}$'),
	ADD COLUMN accepted_at timestamptz,
	ADD CONSTRAINT scrutineer_dealing_signed CHECK ((dealing IS NULL) = (dealing_signature IS NULL)),
	ADD CONSTRAINT scrutineer_accepted CHECK ((accepted_at IS NULL) = (accept_signature IS NULL)
		AND (accepted_at IS NULL) = (verification_key IS NULL)
		AND (accepted_at IS NULL) = (share_proof IS NULL)
		AND (accepted_at IS NULL OR dealing IS NOT NULL));
