-- The election record, every byte accounted for (VOTE.md §7, §8; format 2):
-- a round keeps the quorum ygd judged when it opened ({needed, personnel})
-- and the meeting log's head its signed tally names ({seq, hash}), so that
-- both can be served in the record and compared with what is signed.
-- Rounds closed before this migration have neither: their records keep
-- format 1, which yg verify refuses by name.
ALTER TABLE vote_round ADD COLUMN quorum jsonb CHECK (jsonb_typeof(quorum) = 'object'),
	ADD COLUMN log_head jsonb CHECK (jsonb_typeof(log_head) = 'object');
