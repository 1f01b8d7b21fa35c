-- materials: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- An upload's parts may be added and, while it is unfinished, removed; a
-- material's never change.
CREATE OR REPLACE FUNCTION public.material_part_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$;

-- Drop uploads that are not finished: those idle for an hour (unless a
-- chunk is arriving for one right now), and the caller's earlier upload of
-- the same file, which p_* begins again.
CREATE OR REPLACE FUNCTION public.material_upload_expire(p_member bigint, p_item bigint, p_kind text, p_filename text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
	WITH gone AS (DELETE FROM material_upload
		WHERE id IN (SELECT id FROM material_upload WHERE touched_at < now() - interval '1 hour'
			     FOR UPDATE SKIP LOCKED)
		   OR (uploaded_by = p_member AND item_id = p_item AND kind = p_kind
		       AND filename = p_filename)
		RETURNING id)
	DELETE FROM material_part WHERE upload_id IN (SELECT id FROM gone);
END
$function$;

-- Whether upload p_upload's parts are p_size bytes with SHA-256 p_sha256.
CREATE OR REPLACE FUNCTION public.material_parts_match(p_upload bigint, p_size bigint, p_sha256 text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
AS $function$
BEGIN
	IF (SELECT coalesce(sum(octet_length(data)), 0) FROM material_part
	    WHERE upload_id = p_upload) <> p_size THEN
		RETURN false;
	END IF;
	RETURN encode(sha256((SELECT string_agg(data, ''::bytea ORDER BY off) FROM material_part
			      WHERE upload_id = p_upload)), 'hex') = p_sha256;
END
$function$;

-- p_starts_at as RFC 3339 text (proto/timestamp.h): date, 'T', time to the
-- second with an optional fraction, 'Z' or an offset of at most 14 hours;
-- an instant in the years 2000 to 2999 (UTC). ygd checks the same first.
CREATE FUNCTION yg_inner.parse_starts_at(p_text text)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
		PERFORM yg_inner.fail('YG400', 'starts_at is not an RFC 3339 date-time with an offset '
			'(such as 2026-12-01T09:00:00+08:00)');
	END IF;
	BEGIN
		t := make_timestamptz(f[1]::integer, f[2]::integer, f[3]::integer, f[4]::integer,
				      f[5]::integer, f[6]::double precision, 'UTC') - make_interval(mins => east);
	EXCEPTION WHEN datetime_field_overflow THEN
		PERFORM yg_inner.fail('YG400', format('starts_at is not a day of the calendar: %s', p_text));
	END;
	IF t < '2000-01-01T00:00:00Z' OR t >= '3000-01-01T00:00:00Z' THEN
		PERFORM yg_inner.fail('YG400', 'starts_at is outside the years 2000 to 2999');
	END IF;
	RETURN t;
END
$function$;
