-- Rules that still hold in 2027 (issue 11): the working-day calendar, provisional deadlines, 轻微 penalties'
-- publication mark, list entries deleted by an upheld objection, the end of a list entry's public view in the
-- change feed, and claimed webhook deliveries.

-- 国务院办公厅 holiday arrangements entered by an admin (PUT /api/v1/calendar/{year}); they win over the
-- chinese-days package, which only knows the years published before its release.
CREATE TABLE work_calendar_years (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  source TEXT NOT NULL,               -- the notice's title, e.g. 国务院办公厅关于2027年部分节假日安排的通知
  holidays TEXT NOT NULL,             -- JSON array of 'YYYY-MM-DD': days off (放假)
  workdays TEXT NOT NULL,             -- JSON array of 'YYYY-MM-DD': make-up working days (调休上班)
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- A case's deadline counts working days; when that count crossed a year no calendar covers, the deadline is
-- provisional and is recomputed (from submitted_on and the stored number of working days) when the year is entered.
ALTER TABLE repair_cases ADD COLUMN deadline_working_days INTEGER;
ALTER TABLE repair_cases ADD COLUMN deadline_provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objection_cases ADD COLUMN deadline_working_days INTEGER;
ALTER TABLE objection_cases ADD COLUMN deadline_provisional INTEGER NOT NULL DEFAULT 0;
-- Deadlines already stored were counted with chinese-days 1.5.7, which has no holidays after 2026.
UPDATE repair_cases SET deadline_provisional = 1 WHERE deadline >= '2027-01-01';
UPDATE objection_cases SET deadline_provisional = 1 WHERE deadline >= '2027-01-01';

-- 轻微 penalties are in principle not published (国办发〔2025〕22号): only when the deciding authority marks one
-- for publication, records.publish_minor (added by 0006, filled at ingest) = 1.

-- list_entries again, with the status 'deleted_by_objection' (异议成立，删除: the entry was wrong, it never
-- counts anywhere, unlike an entry removed at the end of its period). SQLite cannot change a CHECK in place.
-- SELECT * on purpose: should an earlier migration have added a column, the copy fails instead of dropping it.
CREATE TABLE list_entries_new (
  id INTEGER PRIMARY KEY,
  list_type TEXT NOT NULL CHECK (list_type IN ('serious_dishonesty', 'dishonest_judgment_debtor', 'abnormal_operation', 'key_supervision', 'major_tax_violation', 'procurement_violation', 'red_list')),
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  reason TEXT NOT NULL,
  legal_basis TEXT,
  authority_name TEXT NOT NULL,
  authority_code TEXT NOT NULL,
  doc_no TEXT NOT NULL,
  listed_on TEXT NOT NULL,
  planned_removal_on TEXT,
  removed_on TEXT,
  removal_reason TEXT,
  status TEXT NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'removed', 'repaired', 'deleted_by_objection')),
  objection_open INTEGER NOT NULL DEFAULT 0,
  source_unit_name TEXT,
  source_unit_code TEXT,
  batch_id INTEGER REFERENCES ingest_batches (id),
  source_row INTEGER,
  received_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (list_type, subject_id, doc_no)
);
INSERT INTO list_entries_new SELECT * FROM list_entries;
DROP TABLE list_entries;
ALTER TABLE list_entries_new RENAME TO list_entries;
CREATE INDEX list_entries_subject ON list_entries (subject_id, status);
CREATE INDEX list_entries_type ON list_entries (list_type, status, listed_on);
CREATE TRIGGER list_entries_status_ai AFTER INSERT ON list_entries BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, actor) VALUES ('list_entry', NEW.id, NULL, NEW.status, 'batch:' || NEW.batch_id);
END;
CREATE TRIGGER list_entries_status_au AFTER UPDATE OF status ON list_entries WHEN OLD.status IS NOT NEW.status BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, reason) VALUES ('list_entry', NEW.id, OLD.status, NEW.status, NEW.removal_reason);
END;
CREATE TRIGGER list_entries_changes_ai AFTER INSERT ON list_entries BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'list_entry', NEW.id);
END;
CREATE TRIGGER list_entries_changes_au AFTER UPDATE ON list_entries BEGIN
  INSERT INTO changes (subject_id, entity, entity_id) VALUES (NEW.subject_id, 'list_entry', NEW.id);
END;

-- Entries already deleted by an upheld objection (issue 7's 删除 wrote 'removed') take their own status.
UPDATE list_entries SET status = 'deleted_by_objection'
 WHERE status = 'removed' AND id IN (SELECT target_id FROM objection_cases WHERE target_kind = 'list_entry' AND state = 'deleted');

-- The day a list entry left public view at its planned removal date, set by the daily publication job (the read
-- path checks planned_removal_on itself): the update writes the change-feed row and a status-history row, so
-- downstream copies drop the entry too. Re-set when a later planned date passes after an extension.
ALTER TABLE list_entries ADD COLUMN publication_ended_on TEXT;
CREATE INDEX list_entries_publication_due ON list_entries (planned_removal_on) WHERE status = 'listed' AND planned_removal_on IS NOT NULL;
CREATE TRIGGER list_entries_publication_au AFTER UPDATE OF publication_ended_on ON list_entries
WHEN NEW.publication_ended_on IS NOT NULL AND OLD.publication_ended_on IS NOT NEW.publication_ended_on BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, actor, reason)
  VALUES ('list_entry', NEW.id, NEW.status, 'publication_ended', 'job:publication-expiry', '到期移出（计划移出日期 ' || NEW.planned_removal_on || '）');
END;

-- Webhook deliveries are claimed before sending, so the request path and the retry job never both deliver one.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
