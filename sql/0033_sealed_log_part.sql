-- A ballot's meeting-log entry (vote.cast) keeps who cast it apart from the
-- hashed body (PROTOCOL.md §11): the body holds the entry's public part and
-- "sealed", the SHA-256 of the sealed part {"actor", "request"} kept here,
-- so that observers receive the body whole and check the hash chain across
-- it, while only members receive the sealed part that names the voter.
-- Entries from before keep their actor and request in the body (sealed is
-- NULL), as before. The table stays append-only.
ALTER TABLE meeting_log ADD COLUMN sealed text;
