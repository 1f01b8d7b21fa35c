-- Signed requests (proto/PROTOCOL.md §7a): every entry a person's request
-- causes stores the request as they signed it, and the administrative log
-- becomes a hash chain per committee like the meeting log:
--
--   hash = SHA-256("yangguang/v1/admin-log" || 0x00 || prev_hash || SHA-256(body))
--
-- body is the entry as JSON text ({id, committee, at, actor, action,
-- target, details, request}); 32 zero bytes before a committee's first
-- entry. Hashing the body's hash lets an export show some entries by their
-- hash alone and still be checked whole. Entries written before this migration are
-- chained here, with a null request.

ALTER TABLE admin_log ADD COLUMN request jsonb,
	ADD COLUMN body text,
	ADD COLUMN prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
	ADD COLUMN hash text CHECK (hash ~ '^[0-9a-f]{64}$');

-- Each signed request is used once: its nonce is taken by the transaction
-- that stores it (xid), and a second transaction offering it is refused.
CREATE TABLE request_nonce (
	nonce text PRIMARY KEY,
	xid bigint NOT NULL,
	at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER request_nonce_append_only BEFORE UPDATE OR DELETE ON request_nonce
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

ALTER TABLE admin_log DISABLE TRIGGER admin_log_append_only;
DO $$
DECLARE
	r admin_log;
	chain bigint := -1;
	prev text;
	b text;
BEGIN
	FOR r IN SELECT * FROM admin_log ORDER BY coalesce(committee_id, 0), id LOOP
		IF coalesce(r.committee_id, 0) <> chain THEN
			chain := coalesce(r.committee_id, 0);
			prev := repeat('0', 64);
		END IF;
		b := jsonb_build_object('id', r.id, 'committee', r.committee_id,
			'at', to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
			'actor', r.actor, 'action', r.action, 'target', r.target,
			'details', r.details, 'request', NULL)::text;
		UPDATE admin_log SET body = b, prev_hash = prev,
			hash = encode(sha256(convert_to('yangguang/v1/admin-log', 'UTF8') || '\x00'::bytea
				|| decode(prev, 'hex') || sha256(convert_to(b, 'UTF8'))), 'hex')
		WHERE id = r.id RETURNING hash INTO prev;
	END LOOP;
END
$$;
ALTER TABLE admin_log ENABLE TRIGGER admin_log_append_only;
