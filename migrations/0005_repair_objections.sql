-- 信用修复 and 异议申诉 (issue 7). Tracking numbers: XF-YYYYMMDD-XXXXXX (repair), YY-YYYYMMDD-XXXXXX (objection).
-- Deadlines are calendar dates counted in Chinese working days from the filing date (REPAIR_DECISION_WORKING_DAYS,
-- OBJECTION_DECISION_WORKING_DAYS). The deciding unit's code is copied onto the case so queues filter by it.

CREATE TABLE repair_cases (
  id INTEGER PRIMARY KEY,
  tracking TEXT NOT NULL UNIQUE,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('record', 'list_entry')),
  target_id INTEGER NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  authority_code TEXT NOT NULL,       -- 谁认定、谁修复: the deciding authority of the record or list entry
  authority_name TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  applicant_contact TEXT NOT NULL,    -- masked in every answer but to admins and the deciding officers
  commitment_accepted INTEGER NOT NULL CHECK (commitment_accepted = 1), -- 信用承诺 made (required)
  commitment_text TEXT NOT NULL,
  statement TEXT NOT NULL,            -- how the 失信行为 was corrected and obligations performed
  state TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'accepted', 'repaired', 'refused')),
  reason TEXT,                        -- the decision's reason
  deadline TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  accepted_at TEXT,
  decided_at TEXT,
  decided_on TEXT,
  decided_by TEXT,
  decided_by_name TEXT
);
CREATE INDEX repair_cases_queue ON repair_cases (authority_code, state, deadline);
CREATE INDEX repair_cases_state ON repair_cases (state, deadline);
-- One open application per record or entry, even when two filings race.
CREATE UNIQUE INDEX repair_cases_one_open ON repair_cases (target_kind, target_id) WHERE state IN ('submitted', 'accepted');

CREATE TABLE objection_cases (
  id INTEGER PRIMARY KEY,
  tracking TEXT NOT NULL UNIQUE,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('record', 'list_entry')),
  target_id INTEGER NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects (id),
  decider_code TEXT NOT NULL,         -- the providing unit (source_unit_code, else authority_code)
  applicant_name TEXT NOT NULL,
  applicant_contact TEXT NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'dismissed', 'corrected', 'deleted')),
  decision_reason TEXT,
  corrections TEXT,                   -- JSON of the corrected fields (更正)
  deadline TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  decided_at TEXT,
  decided_on TEXT,
  decided_by TEXT,
  decided_by_name TEXT
);
CREATE INDEX objection_cases_queue ON objection_cases (decider_code, state, deadline);
CREATE INDEX objection_cases_state ON objection_cases (state, deadline);
CREATE UNIQUE INDEX objection_cases_one_open ON objection_cases (target_kind, target_id) WHERE state = 'submitted';

-- History of every case: one row per step (filed, accepted, decided), shown on the tracking page.
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_kind TEXT NOT NULL CHECK (case_kind IN ('repair', 'objection')),
  tracking TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,                -- 'applicant' or the officer's id
  action TEXT NOT NULL,               -- filed | accepted | repaired | refused | dismissed | corrected | deleted
  from_state TEXT,
  to_state TEXT NOT NULL,
  note TEXT
);
CREATE INDEX case_events_tracking ON case_events (tracking, id);

-- Evidence files (R2 binding EVIDENCE): key, name, verified type, size and digest.
CREATE TABLE case_files (
  id INTEGER PRIMARY KEY,
  case_kind TEXT NOT NULL CHECK (case_kind IN ('repair', 'objection')),
  tracking TEXT NOT NULL,
  r2_key TEXT NOT NULL,               -- evidence/<sha256>: content-addressed, so a retried filing stores nothing twice
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX case_files_tracking ON case_files (tracking);

-- Outgoing webhook deliveries, enqueued in the same batch as the state change they announce.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
