-- Materials stored chunk by chunk, and times that people schedule checked.
--
-- Until now every chunk rewrote the whole upload (content = content ||
-- chunk): a 16 MiB file wrote some 578 MiB of WAL, quadratic in its size.
-- Now a chunk is one row written once (material_part), and a finished
-- upload's parts become the material's content where they lie: nothing is
-- copied, the WAL stays near the file's size. A member may have at most a
-- few unfinished uploads (ygd's --max-uploads); one that has had no chunk
-- for an hour expires, and beginning the same file again replaces it.
--
-- meeting.create took any text PostgreSQL would cast to a timestamptz:
-- "infinity", year 294276, and malformed strings that came back as
-- internal errors. The function now takes the text and checks it, the same
-- rule ygd checks first (proto/timestamp.c), and the table refuses times
-- outside the years 2000 to 2999.

-- The parts of an upload, and later of the material it became: data at byte
-- offset off. Parts of a material are never changed or removed.
CREATE TABLE material_part (
	upload_id bigint NOT NULL,
	off bigint NOT NULL CHECK (off >= 0),
	data bytea NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 262144),
	PRIMARY KEY (upload_id, off)
);
-- Attached files (PDF, scans) rarely compress: kept out of line as they are.
ALTER TABLE material_part ALTER COLUMN data SET STORAGE EXTERNAL;

-- Uploads in progress keep their bytes in material_part now; the few under
-- way while this migration runs are dropped (their terminals are told
-- not_found and start again).
DELETE FROM material_upload;
ALTER TABLE material_upload DROP COLUMN content,
	ADD COLUMN received bigint NOT NULL DEFAULT 0,
	ADD COLUMN touched_at timestamptz NOT NULL DEFAULT now(),
	ADD CHECK (received BETWEEN 0 AND size);
CREATE INDEX material_upload_member ON material_upload (uploaded_by);
CREATE INDEX material_upload_touched ON material_upload (touched_at);

-- A material has its content in the row (before this migration) or in the
-- parts of the upload it was (after).
ALTER TABLE material ALTER COLUMN content DROP NOT NULL,
	ADD COLUMN upload_id bigint UNIQUE,
	ADD CHECK ((content IS NULL) <> (upload_id IS NULL));

-- An upload's parts may be added and, while it is unfinished, removed; a
-- material's never change.
CREATE FUNCTION material_part_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	upload bigint;
BEGIN
	IF TG_OP = 'INSERT' THEN
		upload := NEW.upload_id;
	ELSE
		upload := OLD.upload_id;
	END IF;
	IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM material WHERE upload_id = upload) THEN
		RAISE EXCEPTION 'the parts of a material are never changed or removed'
			USING ERRCODE = 'YG409';
	END IF;
	IF TG_OP = 'INSERT' THEN
		RETURN NEW;
	END IF;
	RETURN OLD;
END
$$;

CREATE TRIGGER material_part_guard BEFORE INSERT OR UPDATE OR DELETE ON material_part
	FOR EACH ROW EXECUTE FUNCTION material_part_guard();
CREATE TRIGGER material_part_no_truncate BEFORE TRUNCATE ON material_part
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

-- Drop uploads that are not finished: those idle for an hour (unless a
-- chunk is arriving for one right now), and the caller's earlier upload of
-- the same file, which p_* begins again.
CREATE FUNCTION material_upload_expire(p_member bigint, p_item bigint, p_kind text,
				       p_filename text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	WITH gone AS (DELETE FROM material_upload
		WHERE id IN (SELECT id FROM material_upload WHERE touched_at < now() - interval '1 hour'
			     FOR UPDATE SKIP LOCKED)
		   OR (uploaded_by = p_member AND item_id = p_item AND kind = p_kind
		       AND filename = p_filename)
		RETURNING id)
	DELETE FROM material_part WHERE upload_id IN (SELECT id FROM gone);
END
$$;

-- Start uploading a material of at most p_limit bytes, with at most
-- p_max_open unfinished uploads of the caller's at a time.
DROP FUNCTION api.material_begin(jsonb, bigint, text, text, bigint, text, text, bigint);
CREATE FUNCTION api.material_begin(p_caller jsonb, p_id bigint, p_kind text, p_filename text,
				   p_size bigint, p_sha256 text, p_outcome text, p_limit bigint,
				   p_max_open integer)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	i item := api.target_item(me.committee_id, p_id);
	uid bigint;
BEGIN
	IF i.status = 'withdrawn' THEN
		PERFORM api.fail('YG409', format('item %s is withdrawn', p_id));
	END IF;
	IF i.proposer <> me.id AND NOT me.roles && ARRAY['chair', 'clerk'] THEN
		PERFORM api.fail('YG403', 'only the member in charge, the chair or the clerk may attach materials');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM material_kind WHERE code = p_kind) THEN
		PERFORM api.fail('YG400', format('unknown kind of material "%s"', p_kind));
	END IF;
	IF (p_kind = 'legality_review') <> (p_outcome IS NOT NULL) THEN
		PERFORM api.fail('YG400', 'a legality review, and only a legality review, has an outcome (passed or failed)');
	END IF;
	IF p_size > p_limit THEN
		PERFORM api.fail('YG400', format('a material may be at most %s bytes', p_limit));
	END IF;
	-- One begin at a time for a member, so that the count below holds.
	PERFORM 1 FROM member WHERE id = me.id FOR NO KEY UPDATE;
	PERFORM material_upload_expire(me.id, i.id, p_kind, p_filename);
	IF (SELECT count(*) FROM material_upload WHERE uploaded_by = me.id) >= p_max_open THEN
		PERFORM api.fail('YG429', format('at most %s unfinished uploads of yours at a time: '
			'finish one, or wait until one has had no chunk for an hour', p_max_open));
	END IF;
	INSERT INTO material_upload (item_id, kind, filename, size, sha256, outcome, uploaded_by)
	VALUES (i.id, p_kind, p_filename, p_size, p_sha256, p_outcome, me.id) RETURNING id INTO uid;
	RETURN jsonb_build_object('upload', uid, 'received', 0, 'size', p_size);
END
$$;

-- Append a chunk at byte offset p_offset of an upload of the caller's: one
-- new row, nothing rewritten.
CREATE OR REPLACE FUNCTION api.material_chunk(p_caller jsonb, p_upload bigint, p_offset bigint,
					      p_data bytea)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	u material_upload;
BEGIN
	SELECT * INTO u FROM material_upload WHERE id = p_upload AND uploaded_by = me.id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no upload %s of yours in progress', p_upload));
	END IF;
	IF u.received <> p_offset THEN
		PERFORM api.fail('YG409', format('upload %s has %s bytes; send from there', p_upload,
			u.received));
	END IF;
	IF p_offset + octet_length(p_data) > u.size THEN
		PERFORM api.fail('YG400', format('upload %s would exceed its declared size %s', p_upload, u.size));
	END IF;
	INSERT INTO material_part (upload_id, off, data) VALUES (u.id, p_offset, p_data);
	UPDATE material_upload SET received = received + octet_length(p_data), touched_at = now()
	WHERE id = u.id;
	RETURN jsonb_build_object('upload', u.id, 'received', p_offset + octet_length(p_data), 'size', u.size);
END
$$;

-- Whether upload p_upload's parts are p_size bytes with SHA-256 p_sha256.
CREATE FUNCTION material_parts_match(p_upload bigint, p_size bigint, p_sha256 text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF (SELECT coalesce(sum(octet_length(data)), 0) FROM material_part
	    WHERE upload_id = p_upload) <> p_size THEN
		RETURN false;
	END IF;
	RETURN encode(sha256((SELECT string_agg(data, ''::bytea ORDER BY off) FROM material_part
			      WHERE upload_id = p_upload)), 'hex') = p_sha256;
END
$$;

-- Check the whole upload against its declared size and SHA-256 and make it
-- a material, its parts staying where they are. A mismatch discards the
-- upload: nothing half-written stays.
CREATE OR REPLACE FUNCTION api.material_finish(p_caller jsonb, p_upload bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	u material_upload;
	i item;
	mid bigint;
BEGIN
	DELETE FROM material_upload WHERE id = p_upload AND uploaded_by = me.id RETURNING * INTO u;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no upload %s of yours in progress', p_upload));
	END IF;
	IF NOT material_parts_match(u.id, u.size, u.sha256) THEN
		-- The DELETEs stand: raise only after they are done, by returning an error object.
		DELETE FROM material_part WHERE upload_id = u.id;
		RETURN jsonb_build_object('error', format('upload %s does not match its declared size and SHA-256; '
			'it was discarded, start again', p_upload));
	END IF;
	SELECT * INTO i FROM item WHERE id = u.item_id FOR UPDATE;
	INSERT INTO material (item_id, item_version, kind, filename, size, sha256, outcome, content,
			      upload_id, uploaded_by)
	VALUES (i.id, i.version, u.kind, u.filename, u.size, u.sha256, u.outcome, NULL, u.id, me.id)
	RETURNING id INTO mid;
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'material.add', 'item:' || i.id,
		jsonb_build_object('material', mid, 'kind', u.kind, 'filename', u.filename,
			'size', u.size, 'sha256', u.sha256, 'outcome', u.outcome));
	PERFORM yg_emit('committee:' || me.committee_id, 'material.added',
		jsonb_build_object('item', i.id, 'material', mid));
	RETURN jsonb_build_object('id', mid, 'item', i.id, 'kind', u.kind, 'filename', u.filename,
		'size', u.size, 'sha256', u.sha256, 'outcome', u.outcome);
END
$$;

-- Up to p_length (at most 262144) bytes of a material from p_offset, base64url,
-- read from the few parts that hold them.
CREATE OR REPLACE FUNCTION api.material_get(p_caller jsonb, p_id bigint, p_offset bigint,
					    p_length integer)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	cid bigint := (api.caller_member(p_caller)).committee_id;
	m material;
	bytes bytea;
	first bigint;
BEGIN
	SELECT m2.* INTO m FROM material m2 JOIN item i ON i.id = m2.item_id
	WHERE m2.id = p_id AND i.committee_id = cid;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no material %s in this committee', p_id));
	END IF;
	IF m.upload_id IS NULL THEN
		bytes := substring(m.content FROM (p_offset + 1)::integer FOR p_length);
	ELSE
		-- A part is at most 262144 bytes: only those starting after
		-- p_offset - 262144 can reach p_offset.
		SELECT string_agg(data, ''::bytea ORDER BY off), min(off) INTO bytes, first
		FROM material_part WHERE upload_id = m.upload_id AND off > p_offset - 262144
		AND off < p_offset + p_length AND off + octet_length(data) > p_offset;
		bytes := coalesce(substring(bytes FROM (p_offset - first + 1)::integer FOR p_length), '');
	END IF;
	RETURN jsonb_build_object('id', m.id, 'item', m.item_id, 'kind', m.kind,
		'filename', m.filename, 'size', m.size, 'sha256', m.sha256, 'outcome', m.outcome,
		'offset', p_offset,
		'data', rtrim(translate(encode(bytes, 'base64'), E'+/\n', '-_'), '='));
END
$$;

-- A meeting is scheduled for an instant in the years 2000 to 2999 (UTC),
-- never "infinity". NOT VALID: rows written before are not rechecked.
ALTER TABLE meeting ADD CONSTRAINT meeting_starts_at_range
	CHECK (starts_at >= '2000-01-01T00:00:00Z' AND starts_at < '3000-01-01T00:00:00Z') NOT VALID;

-- p_starts_at as RFC 3339 text (proto/timestamp.h): date, 'T', time to the
-- second with an optional fraction, 'Z' or an offset of at most 14 hours;
-- an instant in the years 2000 to 2999 (UTC). ygd checks the same first.
CREATE FUNCTION api.parse_starts_at(p_text text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
	f text[] := regexp_match(p_text, '^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d{1,9})?'
				 '(Z|([+-])(\d\d):(\d\d))$', 'i');
	east integer;
	t timestamptz;
BEGIN
	IF f IS NOT NULL THEN
		east := CASE WHEN f[9] IS NULL THEN 0
			ELSE (CASE f[9] WHEN '-' THEN -1 ELSE 1 END) * (f[10]::integer * 60 + f[11]::integer) END;
	END IF;
	IF f IS NULL OR f[4]::integer > 23 OR f[5]::integer > 59 OR f[6]::integer > 59
	   OR coalesce(f[11]::integer, 0) > 59 OR abs(east) > 14 * 60 THEN
		PERFORM api.fail('YG400', 'starts_at is not an RFC 3339 date-time with an offset '
			'(such as 2026-12-01T09:00:00+08:00)');
	END IF;
	BEGIN
		t := make_timestamptz(f[1]::integer, f[2]::integer, f[3]::integer, f[4]::integer,
				      f[5]::integer, f[6]::double precision, 'UTC') - make_interval(mins => east);
	EXCEPTION WHEN datetime_field_overflow THEN
		PERFORM api.fail('YG400', format('starts_at is not a day of the calendar: %s', p_text));
	END;
	IF t < '2000-01-01T00:00:00Z' OR t >= '3000-01-01T00:00:00Z' THEN
		PERFORM api.fail('YG400', 'starts_at is outside the years 2000 to 2999');
	END IF;
	RETURN t;
END
$$;

DROP FUNCTION api.meeting_create(jsonb, text, text, timestamptz);
CREATE FUNCTION api.meeting_create(p_caller jsonb, p_title text, p_place text, p_starts_at text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	at timestamptz := api.parse_starts_at(p_starts_at);
	m meeting;
BEGIN
	IF at <= now() THEN
		PERFORM api.fail('YG400', 'a meeting is scheduled for a time still to come');
	END IF;
	INSERT INTO meeting (committee_id, title, place, starts_at, created_by)
	VALUES (me.committee_id, p_title, p_place, at, me.id) RETURNING * INTO m;
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.create', 'meeting:' || m.id,
		api.meeting_json(m));
	RETURN api.meeting_json(m);
END
$$;

DO $$
DECLARE
	f record;
BEGIN
	FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
		 JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'api'
	LOOP
		EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = public, pg_temp',
			       f.sig);
	END LOOP;
END
$$;
