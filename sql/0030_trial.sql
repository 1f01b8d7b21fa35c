-- Trial committees (试用, issue 22): an office tries the whole workflow on a
-- committee created as a trial, whose comment windows and notice periods
-- may be shortened (the rule trial_day_seconds). A committee is created a
-- trial or not and stays so: no entry point changes this column. Every
-- title of a trial committee carries the mark 【试用】 (sql/api), so that no
-- trial result, record or document can pass for a real one.
ALTER TABLE committee ADD COLUMN trial boolean NOT NULL DEFAULT false;
