-- 查一查 ingest (issue 6): uploads by data providers keep every rejected row, the uploader, earlier versions
-- of every corrected row, admin-editable settings, and the end of each penalty's publication.

-- Who uploaded a batch (token subject and role): a provider sees its own unit's batches, an admin all.
ALTER TABLE ingest_batches ADD COLUMN uploaded_by TEXT;
ALTER TABLE ingest_batches ADD COLUMN uploader_role TEXT;

-- Every problem of every rejected row: nothing a provider sends is lost silently. `raw` is the row as received
-- (on the row's first problem only); it may hold personal data and is never sent back by the API.
CREATE TABLE ingest_rejections (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES ingest_batches (id),
  row_number INTEGER NOT NULL,
  field TEXT NOT NULL,
  rule TEXT NOT NULL,               -- a rule id of shared/contract/ingest.ts INGEST_RULES
  message TEXT NOT NULL,
  raw TEXT
);
CREATE INDEX ingest_rejections_batch ON ingest_rejections (batch_id, row_number);
CREATE INDEX ingest_rejections_rule ON ingest_rejections (batch_id, rule, row_number);

-- Admin-editable configuration as JSON values (e.g. key 'severity_rules': how penalties are classed).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_by TEXT
);

-- Subjects created from a record row (a penalty for an unknown subject) rather than from a register: a later
-- subjects upload from any unit may correct them.
ALTER TABLE subjects ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;

-- Earlier versions of corrected subjects, list entries and commitments (records keep theirs in record_versions).
CREATE TABLE entity_versions (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('subject', 'list_entry', 'commitment')),
  entity_id INTEGER NOT NULL,
  snapshot TEXT NOT NULL,           -- JSON of the row as it was
  replaced_at TEXT NOT NULL,
  replaced_by_batch INTEGER REFERENCES ingest_batches (id)
);
CREATE INDEX entity_versions_entity ON entity_versions (entity, entity_id, id);

-- The day a penalty's publication ended (set by the daily publication job once publish_until has passed; the
-- read path checks publish_until itself, so a late job never shows an expired record). A correction that moves
-- publish_until clears it.
ALTER TABLE records ADD COLUMN publication_ended_on TEXT;
CREATE INDEX records_publication_due ON records (publish_until) WHERE publication_ended_on IS NULL AND publish_until IS NOT NULL;

-- The end (and a correction's reopening) of publication is part of the record's status history.
CREATE TRIGGER records_publication_au AFTER UPDATE OF publication_ended_on ON records
WHEN OLD.publication_ended_on IS NOT NEW.publication_ended_on BEGIN
  INSERT INTO status_history (entity, entity_id, from_status, to_status, actor, reason)
  VALUES (
    'record', NEW.id,
    CASE WHEN NEW.publication_ended_on IS NULL THEN 'publication_ended' ELSE NEW.status END,
    CASE WHEN NEW.publication_ended_on IS NULL THEN NEW.status ELSE 'publication_ended' END,
    CASE WHEN NEW.publication_ended_on IS NULL THEN 'batch:' || NEW.batch_id ELSE 'job:publication-expiry' END,
    CASE WHEN NEW.publication_ended_on IS NULL THEN '公示截止日期更正为 ' || NEW.publish_until ELSE '公示期满（公示截止 ' || NEW.publish_until || '）' END
  );
END;
