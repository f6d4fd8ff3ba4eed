-- 查一查 0009 (issue 14): monitoring across the lifecycle — watchlists, alerts fanned out from the change feed,
-- 告知承诺 registered by officers and followed to verification. A 告知承诺 found untrue (虚假承诺) lands on the
-- 重点监管对象名单 (key_supervision), whose measures already say 不适用告知承诺 (worker/commitments/service.ts).

-- 监控名单: an officer watches a subject for a reason (project or approval number) until a date. Removing an
-- entry keeps the row (removed_at) so alerts already produced still name their reason.
CREATE TABLE watch_entries (
  id INTEGER PRIMARY KEY,
  watcher TEXT NOT NULL,              -- the officer's token subject
  watcher_name TEXT,
  department_code TEXT,               -- the officer's department (webhooks of integrating departments)
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  reason TEXT NOT NULL,               -- 项目编号 / 审批文号
  scene TEXT,                         -- the scene the watch was registered under (查询使用登记)
  until TEXT NOT NULL,                -- last day (China date) the watch alerts
  source TEXT NOT NULL DEFAULT 'officer' CHECK (source IN ('officer', 'commitment')),
  created_at TEXT NOT NULL,
  removed_at TEXT
);
-- The fan-out joins changes to watchers by subject and walks watchers in id order (its keyset cursor).
CREATE INDEX watch_entries_subject ON watch_entries (subject_id, id) WHERE removed_at IS NULL;
CREATE INDEX watch_entries_watcher ON watch_entries (watcher, id) WHERE removed_at IS NULL;
-- Watching the same subject for the same reason twice extends the first entry instead.
CREATE UNIQUE INDEX watch_entries_one_active ON watch_entries (watcher, subject_id, reason) WHERE removed_at IS NULL;

-- Grade changes are a feed of their own: putting them into `changes` would mark every freshly graded subject
-- stale again (evaluation_results.computed_seq is compared with changes.seq). Only a new current result whose
-- grade differs from the previous one of the same model is a change.
CREATE TABLE grade_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id INTEGER NOT NULL,
  result_id INTEGER NOT NULL,
  model_id INTEGER NOT NULL,
  from_grade TEXT,
  to_grade TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX grade_changes_subject ON grade_changes (subject_id, seq);
CREATE TRIGGER evaluation_results_grade_ai AFTER INSERT ON evaluation_results
WHEN NEW.current = 1 AND (
  SELECT p.grade FROM evaluation_results p WHERE p.subject_id = NEW.subject_id AND p.model_id = NEW.model_id AND p.id < NEW.id ORDER BY p.id DESC LIMIT 1
) IS NOT NULL AND (
  SELECT p.grade FROM evaluation_results p WHERE p.subject_id = NEW.subject_id AND p.model_id = NEW.model_id AND p.id < NEW.id ORDER BY p.id DESC LIMIT 1
) IS NOT NEW.grade
BEGIN
  INSERT INTO grade_changes (subject_id, result_id, model_id, from_grade, to_grade)
  VALUES (
    NEW.subject_id, NEW.id, NEW.model_id,
    (SELECT p.grade FROM evaluation_results p WHERE p.subject_id = NEW.subject_id AND p.model_id = NEW.model_id AND p.id < NEW.id ORDER BY p.id DESC LIMIT 1),
    NEW.grade
  );
END;

-- Alerts: one per (feed, change, watch entry) — the unique key makes every fan-out idempotent, so a consumer
-- that fails midway and runs again writes nothing twice. feed: change (changes.seq), grade (grade_changes.seq),
-- due (a commitment whose verification date arrived; change_seq = commitments.id).
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  feed TEXT NOT NULL CHECK (feed IN ('change', 'grade', 'due')),
  change_seq INTEGER NOT NULL,
  watch_id INTEGER NOT NULL REFERENCES watch_entries (id),
  watcher TEXT NOT NULL,
  department_code TEXT,
  subject_id INTEGER NOT NULL,
  entity TEXT NOT NULL,               -- record | list_entry | commitment | subject | grade | commitment_due
  entity_id INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  read_at TEXT,
  UNIQUE (feed, change_seq, watch_id)
);
CREATE INDEX alerts_watcher ON alerts (watcher, id);
CREATE INDEX alerts_watcher_unread ON alerts (watcher, id) WHERE read_at IS NULL;

-- How far the fan-out has followed each feed: every change before (seq, watch_id) has its alerts. Moved in the
-- same D1 batch (one transaction) as the alerts of the chunk. watch_id 9007199254740991 (2^53 - 1, JavaScript's
-- largest safe integer) means the change at seq is done for every watcher. Monitoring starts at the feed's end.
CREATE TABLE alert_cursors (
  feed TEXT PRIMARY KEY CHECK (feed IN ('change', 'grade')),
  seq INTEGER NOT NULL,
  watch_id INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO alert_cursors (feed, seq, watch_id, updated_at) VALUES
  ('change', (SELECT coalesce(max(seq), 0) FROM changes), 9007199254740991, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('grade', 0, 9007199254740991, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- 告知承诺 registered by an officer where it is made (the ingest keeps bringing the others): who registered it,
-- the 告知承诺 type, the automatic watch, and the verification (核查) result once recorded.
ALTER TABLE commitments ADD COLUMN commitment_type TEXT;     -- 证明事项告知承诺 / 涉企经营许可事项告知承诺 …
ALTER TABLE commitments ADD COLUMN registered_by TEXT;       -- officer token subject (NULL: ingested)
ALTER TABLE commitments ADD COLUMN registered_by_name TEXT;
ALTER TABLE commitments ADD COLUMN registered_at TEXT;
ALTER TABLE commitments ADD COLUMN watch_id INTEGER REFERENCES watch_entries (id);
ALTER TABLE commitments ADD COLUMN due_alerted_on TEXT;      -- the day the 核查 reminder was raised
ALTER TABLE commitments ADD COLUMN verification_result TEXT CHECK (verification_result IN ('属实', '不属实'));
ALTER TABLE commitments ADD COLUMN verification_note TEXT;
ALTER TABLE commitments ADD COLUMN verified_by TEXT;
ALTER TABLE commitments ADD COLUMN verified_at TEXT;
ALTER TABLE commitments ADD COLUMN false_entry_id INTEGER;  -- the list entry (虚假承诺) a 不属实 result created
CREATE INDEX commitments_due ON commitments (due_on) WHERE status = 'pending' AND registered_by IS NOT NULL AND due_alerted_on IS NULL;
