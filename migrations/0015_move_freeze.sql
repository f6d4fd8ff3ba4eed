-- 查一查 0015 (issue 12 item 4, "no row is lost"): a bucket being moved is write-frozen on its source shard from its
-- verification until its rows are deleted there.
--
-- Before this, a write to a subject of the bucket after its page was verified and before the switch (or from an
-- isolate still routing by a bucket map up to 5 s old) landed on the source and was deleted with it. Now the move
-- (worker/shards/move.ts) lists each verified page's subjects in move_frozen on the source, and these triggers refuse
-- every insert or update of their primary data there with the error SHARD_MOVE_FROZEN, which the API answers with
-- 503 shard_moving and Retry-After (the write is retried and reaches the target once the map has switched).
-- Derived rows (change feed, status history, versions: written by triggers of the refused tables; evaluation results,
-- grade changes, alerts, query counts: recomputed or rebuilt on the target) are not guarded. Deletes are not
-- guarded: the move's own delete step removes the source's rows.
CREATE TABLE move_frozen (
  subject_id INTEGER PRIMARY KEY,      -- a subject of this database
  bucket INTEGER NOT NULL              -- the bucket being moved (to unfreeze on roll-back or at the end)
);
CREATE INDEX move_frozen_bucket ON move_frozen (bucket);

-- When the map was switched (the delete step finishes only after every isolate's cached map has expired).
ALTER TABLE shard_moves ADD COLUMN switched_at TEXT;

CREATE TRIGGER subjects_frozen_bu BEFORE UPDATE ON subjects
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER records_frozen_bi BEFORE INSERT ON records
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = NEW.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER records_frozen_bu BEFORE UPDATE ON records
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER list_entries_frozen_bi BEFORE INSERT ON list_entries
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = NEW.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER list_entries_frozen_bu BEFORE UPDATE ON list_entries
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER commitments_frozen_bi BEFORE INSERT ON commitments
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = NEW.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER commitments_frozen_bu BEFORE UPDATE ON commitments
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER watch_entries_frozen_bi BEFORE INSERT ON watch_entries
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = NEW.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER watch_entries_frozen_bu BEFORE UPDATE ON watch_entries
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER repair_cases_frozen_bi BEFORE INSERT ON repair_cases
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = NEW.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER repair_cases_frozen_bu BEFORE UPDATE ON repair_cases
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER objection_cases_frozen_bi BEFORE INSERT ON objection_cases
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = NEW.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER objection_cases_frozen_bu BEFORE UPDATE ON objection_cases
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id = OLD.subject_id)
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER case_events_frozen_bi BEFORE INSERT ON case_events
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id IN (SELECT subject_id FROM repair_cases WHERE tracking = NEW.tracking UNION ALL SELECT subject_id FROM objection_cases WHERE tracking = NEW.tracking))
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;

CREATE TRIGGER case_files_frozen_bi BEFORE INSERT ON case_files
  WHEN EXISTS (SELECT 1 FROM move_frozen WHERE subject_id IN (SELECT subject_id FROM repair_cases WHERE tracking = NEW.tracking UNION ALL SELECT subject_id FROM objection_cases WHERE tracking = NEW.tracking))
BEGIN SELECT RAISE(ABORT, 'SHARD_MOVE_FROZEN'); END;
