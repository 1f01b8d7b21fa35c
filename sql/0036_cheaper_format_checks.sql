-- The format checks on the columns every ballot writes (its meeting-log
-- entry's hashes, its receipt and key), as the same conditions without a
-- counted repetition: a pattern like [0-9a-f]{64} is an automaton of 64
-- steps whose states PostgreSQL's matcher builds again at every match
-- (several microseconds a value, against about one for the length and a
-- one-class pattern), and each ballot matched four of them. The
-- constraints keep their names, so a refusal reads as before.
ALTER TABLE meeting_log
	DROP CONSTRAINT meeting_log_hash_check,
	ADD CONSTRAINT meeting_log_hash_check CHECK (length(hash) = 64 AND hash !~ '[^0-9a-f]'),
	DROP CONSTRAINT meeting_log_prev_hash_check,
	ADD CONSTRAINT meeting_log_prev_hash_check
		CHECK (length(prev_hash) = 64 AND prev_hash !~ '[^0-9a-f]');
ALTER TABLE ballot
	DROP CONSTRAINT ballot_receipt_check,
	ADD CONSTRAINT ballot_receipt_check
		CHECK (length(receipt) = 43 AND receipt !~ '[^A-Za-z0-9_-]'),
	DROP CONSTRAINT ballot_voter_key_check,
	ADD CONSTRAINT ballot_voter_key_check
		CHECK (left(voter_key, 8) = 'ed25519:' AND length(voter_key) = 51
		       AND substr(voter_key, 9) !~ '[^A-Za-z0-9_-]');
