-- Agenda items (议题): the power list they cite, their versions, materials,
-- the public comment window, formal objections, and meetings with a fixed
-- agenda. Items keep versions instead of being overwritten: an announced
-- version never changes, a revision is a new version with a new window.

CREATE TABLE power_entry (
	id bigserial PRIMARY KEY,
	committee_id bigint NOT NULL REFERENCES committee,
	category text NOT NULL REFERENCES category,
	title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
	legal_basis text NOT NULL CHECK (char_length(legal_basis) BETWEEN 1 AND 2000),
	collective boolean NOT NULL, -- false: 不直接决策具体事项, items citing it are refused
	status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX power_entry_committee ON power_entry (committee_id);

CREATE TABLE item (
	id bigserial PRIMARY KEY,
	committee_id bigint NOT NULL REFERENCES committee,
	proposer bigint NOT NULL REFERENCES member, -- 分管领导, the member in charge
	status text NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'announced', 'scheduled', 'withdrawn')),
	version integer NOT NULL DEFAULT 1, -- the current version
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX item_committee ON item (committee_id, status);

CREATE TABLE item_version (
	item_id bigint NOT NULL REFERENCES item,
	version integer NOT NULL CHECK (version >= 1),
	title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
	summary text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 20000),
	category text NOT NULL REFERENCES category,
	power_entry bigint NOT NULL REFERENCES power_entry,
	affects_public boolean NOT NULL,
	candidates jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(candidates) = 'array'),
	seats integer NOT NULL DEFAULT 0 CHECK (seats >= 0),
	created_by bigint NOT NULL REFERENCES member,
	created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	announced_at timestamptz,
	window_ends_at timestamptz,
	announced_by bigint REFERENCES member,
	CHECK ((announced_at IS NULL) = (window_ends_at IS NULL)),
	CHECK (window_ends_at IS NULL OR window_ends_at > announced_at),
	PRIMARY KEY (item_id, version)
);

-- A version is written once; the only later change is its announcement,
-- made once. Deleting is never allowed.
CREATE FUNCTION item_version_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.announced_at IS NOT NULL OR NEW.announced_at IS NULL
	   OR (to_jsonb(NEW) - 'announced_at' - 'window_ends_at' - 'announced_by')
	      IS DISTINCT FROM (to_jsonb(OLD) - 'announced_at' - 'window_ends_at' - 'announced_by') THEN
		RAISE EXCEPTION 'item versions are never rewritten' USING ERRCODE = 'YG409';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER item_version_guard BEFORE UPDATE OR DELETE ON item_version
	FOR EACH ROW EXECUTE FUNCTION item_version_guard();
CREATE TRIGGER item_version_no_truncate BEFORE TRUNCATE ON item_version
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

INSERT INTO material_kind (code, name_zh, name_en, sort) VALUES
	('other', '其他材料', 'other material', 9);

-- Files attached to an item, kept across its versions. Where several of
-- one kind exist, the newest counts.
CREATE TABLE material (
	id bigserial PRIMARY KEY,
	item_id bigint NOT NULL REFERENCES item,
	item_version integer NOT NULL,
	kind text NOT NULL REFERENCES material_kind,
	filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
	size bigint NOT NULL CHECK (size > 0),
	sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	outcome text CHECK (outcome IN ('passed', 'failed')), -- legality reviews only
	content bytea NOT NULL,
	uploaded_by bigint NOT NULL REFERENCES member,
	uploaded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	CHECK ((kind = 'legality_review') = (outcome IS NOT NULL)),
	CHECK (octet_length(content) = size)
);

CREATE INDEX material_item ON material (item_id);

CREATE TRIGGER material_append_only BEFORE UPDATE OR DELETE ON material
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

-- An upload in progress: chunks are appended here, and only a finished
-- upload whose size and SHA-256 match becomes a material.
CREATE TABLE material_upload (
	id bigserial PRIMARY KEY,
	item_id bigint NOT NULL REFERENCES item,
	kind text NOT NULL REFERENCES material_kind,
	filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
	size bigint NOT NULL CHECK (size > 0),
	sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	outcome text CHECK (outcome IN ('passed', 'failed')),
	content bytea NOT NULL DEFAULT '',
	uploaded_by bigint NOT NULL REFERENCES member,
	started_at timestamptz NOT NULL DEFAULT now(),
	CHECK (octet_length(content) <= size)
);

-- Public comments (征求意见) on an announced version, during its window.
CREATE TABLE comment (
	id bigserial PRIMARY KEY,
	item_id bigint NOT NULL,
	item_version integer NOT NULL,
	observer_id bigint REFERENCES observer, -- NULL: anonymous member of the public
	source text NOT NULL DEFAULT '',          -- salted hash of an anonymous commenter's address
	stance text NOT NULL CHECK (stance IN ('support', 'object', 'neutral')),
	body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
	created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	FOREIGN KEY (item_id, item_version) REFERENCES item_version
);

CREATE INDEX comment_item ON comment (item_id, item_version);
CREATE INDEX comment_source ON comment (source, created_at);

CREATE TRIGGER comment_append_only BEFORE UPDATE OR DELETE ON comment
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

-- A member's formal objection to a version: the item is contested and must
-- be re-argued (a new version with a new window) before it can be voted.
CREATE TABLE objection (
	id bigserial PRIMARY KEY,
	item_id bigint NOT NULL,
	item_version integer NOT NULL,
	member_id bigint NOT NULL REFERENCES member,
	reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
	created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	FOREIGN KEY (item_id, item_version) REFERENCES item_version,
	UNIQUE (item_id, item_version, member_id)
);

CREATE TRIGGER objection_append_only BEFORE UPDATE OR DELETE ON objection
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

CREATE TABLE meeting (
	id bigserial PRIMARY KEY,
	committee_id bigint NOT NULL REFERENCES committee,
	title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
	place text NOT NULL CHECK (char_length(place) BETWEEN 1 AND 200),
	starts_at timestamptz NOT NULL,
	status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'announced')),
	created_by bigint NOT NULL REFERENCES member,
	created_at timestamptz NOT NULL DEFAULT now(),
	announced_at timestamptz
);

CREATE INDEX meeting_committee ON meeting (committee_id, starts_at);

-- The agenda. Once the meeting is announced, rows are never added; an item
-- leaves only by being marked removed, with who, when and why.
CREATE TABLE agenda_entry (
	meeting_id bigint NOT NULL REFERENCES meeting,
	item_id bigint NOT NULL REFERENCES item,
	item_version integer NOT NULL,
	position integer NOT NULL CHECK (position >= 1),
	added_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	removed_at timestamptz,
	removed_by bigint REFERENCES member,
	removed_reason text CHECK (char_length(removed_reason) BETWEEN 1 AND 2000),
	CHECK ((removed_at IS NULL) = (removed_reason IS NULL)),
	FOREIGN KEY (item_id, item_version) REFERENCES item_version,
	PRIMARY KEY (meeting_id, item_id)
);
