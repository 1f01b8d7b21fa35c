-- Running a meeting, part two: taking up the items of the agenda one at a
-- time — who presides, the presentation, recusals, statements of position
-- in the fixed order (the presiding chair last), requests for the floor,
-- deferral (缓议) and the close of discussion.

ALTER TABLE agenda_entry
	ADD COLUMN state text NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'open', 'deferred', 'discussed')),
	ADD COLUMN presiding bigint REFERENCES member,
	ADD COLUMN presented_at timestamptz,
	ADD COLUMN opened_at timestamptz,
	ADD COLUMN closed_at timestamptz,
	ADD COLUMN close_reason text CHECK (char_length(close_reason) <= 2000);

-- One item at a time.
CREATE UNIQUE INDEX agenda_entry_one_open ON agenda_entry (meeting_id) WHERE state = 'open';

CREATE TABLE recusal (
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	member_id bigint NOT NULL REFERENCES member,
	reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
	declared_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (meeting_id, item_id) REFERENCES agenda_entry,
	PRIMARY KEY (meeting_id, item_id, member_id)
);

CREATE TRIGGER recusal_append_only BEFORE UPDATE OR DELETE ON recusal
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

-- 表态: a position (同意 agree, 不同意 disagree, 缓议 defer) with its
-- reasons, or an explicit pass; per candidate on cadre items (candidate is
-- the index in the item's list; 0 on other items).
CREATE TABLE statement (
	id bigserial PRIMARY KEY,
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	member_id bigint NOT NULL REFERENCES member,
	candidate integer NOT NULL DEFAULT 0 CHECK (candidate BETWEEN 0 AND 31),
	kind text NOT NULL CHECK (kind IN ('state', 'pass')),
	position text CHECK (position IN ('agree', 'disagree', 'defer')),
	body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 5000),
	stated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	CHECK ((kind = 'state') = (position IS NOT NULL)),
	FOREIGN KEY (meeting_id, item_id) REFERENCES agenda_entry,
	UNIQUE (meeting_id, item_id, member_id, candidate)
);

CREATE TRIGGER statement_append_only BEFORE UPDATE OR DELETE ON statement
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

CREATE TABLE floor_request (
	id bigserial PRIMARY KEY,
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	kind text NOT NULL CHECK (kind IN ('member', 'observer')),
	who bigint NOT NULL,
	requested_at timestamptz NOT NULL DEFAULT now(),
	granted_at timestamptz,
	granted_by bigint REFERENCES member,
	FOREIGN KEY (meeting_id, item_id) REFERENCES agenda_entry
);
