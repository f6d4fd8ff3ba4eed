-- 查一查 0013 (issue 12 items 3 and 4): a bucket move copies every subject-keyed table, and the change feed neither
-- loses nor repeats a change across the move (docs/architecture.md "Moving a bucket").
--
-- A change row copied by a move names where it came from: it is history the source shard already served, so the
-- change feed skips it (the source keeps serving the original, see moved_code) and the evaluation staleness check
-- and the alerts' "seen before" mark on the target can still compare seqs.
ALTER TABLE changes ADD COLUMN copied_from TEXT;      -- the binding the row was copied from (NULL: written here)
ALTER TABLE changes ADD COLUMN copied_seq INTEGER;    -- its seq there: the natural key alerts use to find it again
-- Whether the alert fan-out still owes this row its alerts: 0 on a copy whose alerts the source already wrote
-- (they were copied with it), so the target's fan-out does not alert watchers a second time for moved history.
ALTER TABLE changes ADD COLUMN fan_out INTEGER NOT NULL DEFAULT 1;
-- Left on the source when its subject moved away: subject_id becomes 0 and the subject's code is kept here, so a
-- feed reader whose cursor is before the row still reads it exactly once (resolved through the bucket map).
ALTER TABLE changes ADD COLUMN moved_code TEXT;
CREATE INDEX changes_copied ON changes (copied_from, copied_seq) WHERE copied_from IS NOT NULL;

ALTER TABLE grade_changes ADD COLUMN fan_out INTEGER NOT NULL DEFAULT 1;
