-- What the clerk (记录人) minutes beyond what members do themselves (issue
-- 22): the decisions agreed on each item (议定事项), and what an observer
-- said from the floor once given it (with the speaker and their category).
-- Both are also entries of the meeting's log, from which the minutes are
-- built; these tables let the database check them (one remark per request
-- for the floor) and keep every version of an item's 议定事项 (the latest
-- is in force). Append-only, like the log.

CREATE TABLE minutes_agreed (
	meeting_id bigint NOT NULL,
	item_id bigint NOT NULL,
	n integer NOT NULL CHECK (n >= 1),
	text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 5000),
	recorded_by bigint NOT NULL REFERENCES member,
	recorded_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, item_id, n),
	FOREIGN KEY (meeting_id, item_id) REFERENCES agenda_entry
);

CREATE TABLE minutes_remark (
	request_id bigint PRIMARY KEY REFERENCES floor_request,
	meeting_id bigint NOT NULL REFERENCES meeting,
	body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
	recorded_by bigint NOT NULL REFERENCES member,
	recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER minutes_agreed_append_only BEFORE UPDATE OR DELETE ON minutes_agreed
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER minutes_remark_append_only BEFORE UPDATE OR DELETE ON minutes_remark
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
