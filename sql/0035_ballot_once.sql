-- A ballot is stored once (VOTE.md §5): the signed request of vote.cast
-- carries it (args.ballot), and that request is kept in the sealed part of
-- the ballot's meeting-log entry. A ballot row from now on names that entry
-- (log_seq, in the same meeting) instead of holding a second copy; rows
-- from before keep their copy (log_seq NULL). yg_inner.ballot_json reads
-- either. The table stays append-only.
ALTER TABLE ballot ALTER COLUMN ballot DROP NOT NULL;
ALTER TABLE ballot ADD COLUMN log_seq bigint;
ALTER TABLE ballot ADD CONSTRAINT ballot_kept_once CHECK ((ballot IS NULL) <> (log_seq IS NULL));
-- A ballot's entry (its sealed part holds the ballot, about 4 KiB in all)
-- stays in the table's own pages, uncompressed: no compression attempt and
-- no second table to write for every ballot. Larger entries are still
-- moved out (the threshold is the most a page allows).
ALTER TABLE meeting_log SET (toast_tuple_target = 8160);
