-- Identities: the catalogue (categories of 三重一大, kinds of material,
-- categories of observer), committees with their rules, members with the
-- history of their keys, the observer pool (会议开放人员库), and the
-- administrative log. Operations are functions in schema api, each one
-- transaction that re-checks its caller, changes state, logs and notifies.

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE outright.
CREATE FUNCTION yg_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'YG409';
END
$$;

CREATE TABLE category (
	code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{0,31}$'),
	name_zh text NOT NULL,
	name_en text NOT NULL,
	personnel boolean NOT NULL DEFAULT false, -- cadre items: stricter quorum, one candidate at a time
	optional boolean NOT NULL DEFAULT false,  -- only where a committee's rules enable it
	sort integer NOT NULL
);

INSERT INTO category (code, name_zh, name_en, personnel, optional, sort) VALUES
	('decision', '重大决策', 'major decision', false, false, 1),
	('cadre', '重要干部任免', 'important cadre appointment or removal', true, false, 2),
	('project', '重大项目安排', 'major project arrangement', false, false, 3),
	('funds', '大额度资金使用', 'large fund use', false, false, 4),
	('incident', '重大事件处置', 'major incident handling', false, true, 5);

CREATE TABLE material_kind (
	code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{0,31}$'),
	name_zh text NOT NULL,
	name_en text NOT NULL,
	sort integer NOT NULL
);

INSERT INTO material_kind (code, name_zh, name_en, sort) VALUES
	('research', '调查研究报告', 'research report', 1),
	('expert_review', '专家论证意见', 'expert review', 2),
	('risk_assessment', '风险评估报告', 'risk assessment', 3),
	('legality_review', '合法性审查意见', 'legality review', 4);

CREATE TABLE committee (
	id bigserial PRIMARY KEY,
	name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 100),
	rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member (
	id bigserial PRIMARY KEY,
	committee_id bigint NOT NULL REFERENCES committee,
	display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
	title text NOT NULL DEFAULT '' CHECK (char_length(title) <= 64),
	roles text[] NOT NULL CHECK (cardinality(roles) BETWEEN 1 AND 5
		AND roles <@ ARRAY['admin', 'chair', 'member', 'clerk', 'auditor']),
	status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'removed')),
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX member_committee ON member (committee_id);

-- Every key a member has held, with when it was valid. A key once used in a
-- committee can never be registered there again.
CREATE TABLE member_key (
	id bigserial PRIMARY KEY,
	member_id bigint NOT NULL REFERENCES member,
	committee_id bigint NOT NULL REFERENCES committee,
	public_key text NOT NULL CHECK (public_key ~ '^ed25519:[A-Za-z0-9_-]{43}$'),
	valid_from timestamptz NOT NULL DEFAULT clock_timestamp(),
	valid_until timestamptz,
	end_reason text CHECK (end_reason IN ('rotated', 'revoked')),
	CHECK ((valid_until IS NULL) = (end_reason IS NULL)),
	UNIQUE (committee_id, public_key)
);

CREATE UNIQUE INDEX member_key_current ON member_key (member_id) WHERE valid_until IS NULL;

-- A key's row may only be closed, once; never deleted or rewritten.
CREATE FUNCTION member_key_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.valid_until IS NOT NULL OR NEW.valid_until IS NULL
	   OR (NEW.id, NEW.member_id, NEW.committee_id, NEW.public_key, NEW.valid_from)
	      IS DISTINCT FROM (OLD.id, OLD.member_id, OLD.committee_id, OLD.public_key, OLD.valid_from) THEN
		RAISE EXCEPTION 'key history cannot be rewritten' USING ERRCODE = 'YG409';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER member_key_guard BEFORE UPDATE OR DELETE ON member_key
	FOR EACH ROW EXECUTE FUNCTION member_key_guard();
CREATE TRIGGER member_key_no_truncate BEFORE TRUNCATE ON member_key
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

CREATE TABLE observer_category (
	id bigserial PRIMARY KEY,
	committee_id bigint REFERENCES committee, -- NULL: built in, offered to every committee
	code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
	name_zh text NOT NULL CHECK (char_length(name_zh) BETWEEN 1 AND 32),
	name_en text NOT NULL CHECK (char_length(name_en) BETWEEN 1 AND 64),
	UNIQUE NULLS NOT DISTINCT (committee_id, code)
);

INSERT INTO observer_category (code, name_zh, name_en) VALUES
	('party_rep', '党代表', 'Party congress delegate'),
	('npc_deputy', '人大代表', 'People''s Congress deputy'),
	('cppcc_member', '政协委员', 'CPPCC member'),
	('public_rep', '群众代表', 'citizens'' representative'),
	('expert', '专家学者', 'expert or scholar');

CREATE TABLE observer (
	id bigserial PRIMARY KEY,
	committee_id bigint NOT NULL REFERENCES committee,
	category_id bigint NOT NULL REFERENCES observer_category,
	display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
	affiliation text NOT NULL DEFAULT '' CHECK (char_length(affiliation) <= 128),
	public_key text NOT NULL CHECK (public_key ~ '^ed25519:[A-Za-z0-9_-]{43}$'),
	status text NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'approved', 'rejected', 'removed')),
	registered_at timestamptz NOT NULL DEFAULT now(),
	decided_by bigint REFERENCES member,
	decided_at timestamptz,
	decision_reason text NOT NULL DEFAULT '' CHECK (char_length(decision_reason) <= 500),
	UNIQUE (committee_id, public_key)
);

CREATE INDEX observer_committee ON observer (committee_id, status);

-- Who changed what, when. Part of the audit record: never changed.
CREATE TABLE admin_log (
	id bigserial PRIMARY KEY,
	committee_id bigint REFERENCES committee,
	at timestamptz NOT NULL DEFAULT clock_timestamp(),
	actor_member bigint REFERENCES member, -- NULL for the local command and for observers
	actor text NOT NULL,                   -- 'member:ID', 'observer:ID' or 'local'
	action text NOT NULL,
	target text NOT NULL DEFAULT '',
	details jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX admin_log_committee ON admin_log (committee_id, id);

CREATE TRIGGER admin_log_append_only BEFORE UPDATE OR DELETE ON admin_log
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON admin_log
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();
