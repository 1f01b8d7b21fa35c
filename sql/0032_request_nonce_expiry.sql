-- Signed requests' nonces are kept only while their request could still be
-- accepted (PROTOCOL.md §7a): the database refuses a request whose signing
-- time `at` is more than 300 seconds from its own clock, so a nonce whose
-- request is past that window can never be offered again and its row may go.
-- expires_at is that request's `at` plus the window; rows past it are deleted
-- a few at a time by the transactions that take new nonces
-- (yg_request_take, sql/api/040_meeting_log.sql). No row is ever updated, and
-- none is deleted before it expires.
--
-- Rows from before this migration were taken within 300 s of their request's
-- time (ygd checked it); they are kept for twice the window from when they
-- were taken.

DROP TRIGGER request_nonce_append_only ON request_nonce;

ALTER TABLE request_nonce ADD COLUMN expires_at timestamptz;
UPDATE request_nonce SET expires_at = at + interval '600 seconds';
ALTER TABLE request_nonce ALTER COLUMN expires_at SET NOT NULL;

CREATE INDEX request_nonce_expiry ON request_nonce (expires_at);

CREATE TRIGGER request_nonce_no_update BEFORE UPDATE ON request_nonce
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER request_nonce_keep_unexpired BEFORE DELETE ON request_nonce
	FOR EACH ROW WHEN (OLD.expires_at >= now()) EXECUTE FUNCTION yg_append_only();
