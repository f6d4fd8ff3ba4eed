-- 查一查 0006 (issue 11, ingest side): masking of resident ID numbers already stored in free text, the columns
-- for 轻微 penalties the deciding authority marks for publication, for penalties whose class needs an admin's review,
-- and for the old 15-digit 工商注册号 of a subject.

-- 轻微 penalties are in principle not published (DOMAIN.md §5); 1 when the deciding authority marked this one for
-- publication (the upload's 是否公示 column). The read side decides visibility from it.
ALTER TABLE records ADD COLUMN publish_minor INTEGER NOT NULL DEFAULT 0 CHECK (publish_minor IN (0, 1));
-- 1 when the class was inferred from an ambiguous 处罚类别 (legacy code 4, 暂扣或者吊销 …) and an admin should confirm
-- it; severity_reviewed_by/at: the admin who set the class (POST /api/v1/records/{id}/classification). A later upload
-- of the same ambiguous row keeps the reviewed class.
ALTER TABLE records ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1));
ALTER TABLE records ADD COLUMN severity_reviewed_by TEXT;
ALTER TABLE records ADD COLUMN severity_reviewed_at TEXT;
CREATE INDEX records_needs_review ON records (needs_review) WHERE needs_review = 1;

-- 工商注册号 (15 digits, ISO 7064 MOD 11,10), the registration number before the USCC: lookups by an old number
-- resolve to the subject through it.
ALTER TABLE subjects ADD COLUMN reg_no TEXT;
CREATE INDEX subjects_reg_no ON subjects (reg_no) WHERE reg_no IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------
-- Resident ID numbers inside free text, masked as the ingest path masks them now (maskIdNumbersInText in
-- shared/identifiers/mask.ts): an 18-character window of 17 digits + digit/X whose GB 11643 check character and birth
-- date (a real date, 1900 or later, not after today in China) are valid, windows taken left to right without overlap;
-- and a run of exactly 15 digits with a province code and a real birth date (old numbers). Full-width digits count.
-- Positions 11–14 (birth month and day; 9–12 of an old number) become ****. Every text column that is not itself a
-- code is covered, and the free-text fields of the JSON snapshots of earlier versions. Not covered: receipts.jws and
-- the query log, which are signed or hash-chained (changing them would break their verification).
-- D1 runs this in plain SQL: texts holding a run of 15 digits are copied to a work table, candidate positions are
-- checked arithmetically, the non-overlapping ones chosen by a recursive walk, then written back. Re-runnable.

CREATE TABLE id_mask_texts (
  id INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  col TEXT NOT NULL,                  -- a column, or a JSON path into snapshot
  rid INTEGER NOT NULL,               -- the row's id (rowid)
  t TEXT NOT NULL,                    -- the text as stored
  n TEXT NOT NULL,                    -- the same, full-width digits and X made half-width (same length)
  masked TEXT
);
CREATE INDEX id_mask_texts_row ON id_mask_texts (tbl, col, rid);
CREATE TABLE id_mask_positions (p INTEGER PRIMARY KEY);
CREATE TABLE id_mask_hits (text_id INTEGER NOT NULL, len INTEGER NOT NULL, p INTEGER NOT NULL, PRIMARY KEY (text_id, len, p)) WITHOUT ROWID;
CREATE TABLE id_mask_cuts (text_id INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (text_id, at)) WITHOUT ROWID;

-- Texts that may hold a number: 8 ASCII digits in a row, or any full-width digit (one statement per column, short
-- patterns: D1 limits compound SELECTs and the length of a GLOB pattern).
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'title', id, title, title FROM records WHERE (title GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR title GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'facts', id, facts, facts FROM records WHERE (facts GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR facts GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'basis', id, basis, basis FROM records WHERE (basis GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR basis GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'kinds', id, kinds, kinds FROM records WHERE (kinds GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR kinds GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'content', id, content, content FROM records WHERE (content GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR content GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'licence_ref', id, licence_ref, licence_ref FROM records WHERE (licence_ref GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR licence_ref GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'remark', id, remark, remark FROM records WHERE (remark GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR remark GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'doc_no', id, doc_no, doc_no FROM records WHERE (doc_no GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR doc_no GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'authority_name', id, authority_name, authority_name FROM records WHERE (authority_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR authority_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'records', 'source_unit_name', id, source_unit_name, source_unit_name FROM records WHERE (source_unit_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR source_unit_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'list_entries', 'reason', id, reason, reason FROM list_entries WHERE (reason GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR reason GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'list_entries', 'legal_basis', id, legal_basis, legal_basis FROM list_entries WHERE (legal_basis GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR legal_basis GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'list_entries', 'removal_reason', id, removal_reason, removal_reason FROM list_entries WHERE (removal_reason GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR removal_reason GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'list_entries', 'doc_no', id, doc_no, doc_no FROM list_entries WHERE (doc_no GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR doc_no GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'list_entries', 'authority_name', id, authority_name, authority_name FROM list_entries WHERE (authority_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR authority_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'list_entries', 'source_unit_name', id, source_unit_name, source_unit_name FROM list_entries WHERE (source_unit_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR source_unit_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'commitments', 'kind', id, kind, kind FROM commitments WHERE (kind GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR kind GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'commitments', 'matter', id, matter, matter FROM commitments WHERE (matter GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR matter GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'commitments', 'doc_no', id, doc_no, doc_no FROM commitments WHERE (doc_no GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR doc_no GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'commitments', 'authority_name', id, authority_name, authority_name FROM commitments WHERE (authority_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR authority_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'subjects', 'name', id, name, name FROM subjects WHERE (name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'subjects', 'legal_representative', id, legal_representative, legal_representative FROM subjects WHERE (legal_representative GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR legal_representative GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'subjects', 'industry', id, industry, industry FROM subjects WHERE (industry GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR industry GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'subjects', 'address', id, address, address FROM subjects WHERE (address GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR address GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'status_history', 'reason', id, reason, reason FROM status_history WHERE (reason GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR reason GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'ingest_batches', 'report', id, report, report FROM ingest_batches WHERE (report GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR report GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'ingest_batches', 'file_name', id, file_name, file_name FROM ingest_batches WHERE (file_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR file_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'ingest_batches', 'source_unit_name', id, source_unit_name, source_unit_name FROM ingest_batches WHERE (source_unit_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR source_unit_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'ingest_rejections', 'field', id, field, field FROM ingest_rejections WHERE (field GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR field GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'ingest_rejections', 'message', id, message, message FROM ingest_rejections WHERE (message GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR message GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'ingest_rejections', 'raw', id, raw, raw FROM ingest_rejections WHERE (raw GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR raw GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'repair_cases', 'applicant_name', id, applicant_name, applicant_name FROM repair_cases WHERE (applicant_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR applicant_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'repair_cases', 'applicant_contact', id, applicant_contact, applicant_contact FROM repair_cases WHERE (applicant_contact GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR applicant_contact GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'repair_cases', 'commitment_text', id, commitment_text, commitment_text FROM repair_cases WHERE (commitment_text GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR commitment_text GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'repair_cases', 'statement', id, statement, statement FROM repair_cases WHERE (statement GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR statement GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'repair_cases', 'reason', id, reason, reason FROM repair_cases WHERE (reason GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR reason GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'repair_cases', 'authority_name', id, authority_name, authority_name FROM repair_cases WHERE (authority_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR authority_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'objection_cases', 'applicant_name', id, applicant_name, applicant_name FROM objection_cases WHERE (applicant_name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR applicant_name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'objection_cases', 'applicant_contact', id, applicant_contact, applicant_contact FROM objection_cases WHERE (applicant_contact GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR applicant_contact GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'objection_cases', 'reason', id, reason, reason FROM objection_cases WHERE (reason GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR reason GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'objection_cases', 'decision_reason', id, decision_reason, decision_reason FROM objection_cases WHERE (decision_reason GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR decision_reason GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'objection_cases', 'corrections', id, corrections, corrections FROM objection_cases WHERE (corrections GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR corrections GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'case_events', 'note', id, note, note FROM case_events WHERE (note GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR note GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'case_files', 'name', id, name, name FROM case_files WHERE (name GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR name GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'webhook_deliveries', 'payload', id, payload, payload FROM webhook_deliveries WHERE (payload GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR payload GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'webhook_deliveries', 'last_error', id, last_error, last_error FROM webhook_deliveries WHERE (last_error GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR last_error GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'evaluation_results', 'explanation', id, explanation, explanation FROM evaluation_results WHERE (explanation GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR explanation GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.title', rowid, snapshot ->> '$.title', snapshot ->> '$.title' FROM record_versions WHERE (snapshot ->> '$.title' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.title' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.facts', rowid, snapshot ->> '$.facts', snapshot ->> '$.facts' FROM record_versions WHERE (snapshot ->> '$.facts' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.facts' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.basis', rowid, snapshot ->> '$.basis', snapshot ->> '$.basis' FROM record_versions WHERE (snapshot ->> '$.basis' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.basis' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.kinds', rowid, snapshot ->> '$.kinds', snapshot ->> '$.kinds' FROM record_versions WHERE (snapshot ->> '$.kinds' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.kinds' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.content', rowid, snapshot ->> '$.content', snapshot ->> '$.content' FROM record_versions WHERE (snapshot ->> '$.content' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.content' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.licence_ref', rowid, snapshot ->> '$.licence_ref', snapshot ->> '$.licence_ref' FROM record_versions WHERE (snapshot ->> '$.licence_ref' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.licence_ref' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.remark', rowid, snapshot ->> '$.remark', snapshot ->> '$.remark' FROM record_versions WHERE (snapshot ->> '$.remark' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.remark' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.doc_no', rowid, snapshot ->> '$.doc_no', snapshot ->> '$.doc_no' FROM record_versions WHERE (snapshot ->> '$.doc_no' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.doc_no' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.authority_name', rowid, snapshot ->> '$.authority_name', snapshot ->> '$.authority_name' FROM record_versions WHERE (snapshot ->> '$.authority_name' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.authority_name' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'record_versions', '$.source_unit_name', rowid, snapshot ->> '$.source_unit_name', snapshot ->> '$.source_unit_name' FROM record_versions WHERE (snapshot ->> '$.source_unit_name' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.source_unit_name' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.name', id, snapshot ->> '$.name', snapshot ->> '$.name' FROM entity_versions WHERE (snapshot ->> '$.name' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.name' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.legal_representative', id, snapshot ->> '$.legal_representative', snapshot ->> '$.legal_representative' FROM entity_versions WHERE (snapshot ->> '$.legal_representative' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.legal_representative' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.industry', id, snapshot ->> '$.industry', snapshot ->> '$.industry' FROM entity_versions WHERE (snapshot ->> '$.industry' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.industry' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.address', id, snapshot ->> '$.address', snapshot ->> '$.address' FROM entity_versions WHERE (snapshot ->> '$.address' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.address' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.reason', id, snapshot ->> '$.reason', snapshot ->> '$.reason' FROM entity_versions WHERE (snapshot ->> '$.reason' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.reason' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.legal_basis', id, snapshot ->> '$.legal_basis', snapshot ->> '$.legal_basis' FROM entity_versions WHERE (snapshot ->> '$.legal_basis' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.legal_basis' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.removal_reason', id, snapshot ->> '$.removal_reason', snapshot ->> '$.removal_reason' FROM entity_versions WHERE (snapshot ->> '$.removal_reason' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.removal_reason' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.matter', id, snapshot ->> '$.matter', snapshot ->> '$.matter' FROM entity_versions WHERE (snapshot ->> '$.matter' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.matter' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.kind', id, snapshot ->> '$.kind', snapshot ->> '$.kind' FROM entity_versions WHERE (snapshot ->> '$.kind' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.kind' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.doc_no', id, snapshot ->> '$.doc_no', snapshot ->> '$.doc_no' FROM entity_versions WHERE (snapshot ->> '$.doc_no' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.doc_no' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.authority_name', id, snapshot ->> '$.authority_name', snapshot ->> '$.authority_name' FROM entity_versions WHERE (snapshot ->> '$.authority_name' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.authority_name' GLOB '*[０-９]*');
INSERT INTO id_mask_texts (tbl, col, rid, t, n) SELECT 'entity_versions', '$.source_unit_name', id, snapshot ->> '$.source_unit_name', snapshot ->> '$.source_unit_name' FROM entity_versions WHERE (snapshot ->> '$.source_unit_name' GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR snapshot ->> '$.source_unit_name' GLOB '*[０-９]*');
-- Full-width digits and X made half-width: one character for one, so positions in n are positions in t.
UPDATE id_mask_texts SET n = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(n, '０', '0'), '１', '1'), '２', '2'), '３', '3'), '４', '4'), '５', '5'), '６', '6'), '７', '7'), '８', '8'), '９', '9'), 'Ｘ', 'X'), 'ｘ', 'x');

INSERT INTO id_mask_positions (p)
WITH RECURSIVE k (p) AS (SELECT 1 UNION ALL SELECT p + 1 FROM k WHERE p < (SELECT coalesce(max(length(n)), 0) FROM id_mask_texts))
SELECT p FROM k;

-- 18-character windows: 17 digits + digit/X, the check character (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod
-- 11 → 1 0 X 9 8 7 6 5 4 3 2), and a birth date that is a real calendar date (date() normalises 02-30 to 03-02, so it
-- must come back unchanged), 1900 or later and not after today in China.
INSERT INTO id_mask_hits (text_id, len, p)
SELECT w.id, 18, p.p FROM id_mask_texts w JOIN id_mask_positions p ON p.p BETWEEN 1 AND length(w.n) - 17
 WHERE substr(w.n, p.p, 17) NOT GLOB '*[^0-9]*' AND substr(w.n, p.p + 17, 1) GLOB '[0-9Xx]'
   AND upper(substr(w.n, p.p + 17, 1)) = substr('10X98765432', (substr(w.n, p.p, 1) * 7 + substr(w.n, p.p + 1, 1) * 9 + substr(w.n, p.p + 2, 1) * 10 + substr(w.n, p.p + 3, 1) * 5 + substr(w.n, p.p + 4, 1) * 8 + substr(w.n, p.p + 5, 1) * 4 + substr(w.n, p.p + 6, 1) * 2 + substr(w.n, p.p + 7, 1) * 1 + substr(w.n, p.p + 8, 1) * 6 + substr(w.n, p.p + 9, 1) * 3 + substr(w.n, p.p + 10, 1) * 7 + substr(w.n, p.p + 11, 1) * 9 + substr(w.n, p.p + 12, 1) * 10 + substr(w.n, p.p + 13, 1) * 5 + substr(w.n, p.p + 14, 1) * 8 + substr(w.n, p.p + 15, 1) * 4 + substr(w.n, p.p + 16, 1) * 2) % 11 + 1, 1)
   AND date(substr(w.n, p.p + 6, 4) || '-' || substr(w.n, p.p + 10, 2) || '-' || substr(w.n, p.p + 12, 2))
       IS substr(w.n, p.p + 6, 4) || '-' || substr(w.n, p.p + 10, 2) || '-' || substr(w.n, p.p + 12, 2)
   AND substr(w.n, p.p + 6, 4) >= '1900'
   AND substr(w.n, p.p + 6, 8) <= strftime('%Y%m%d', 'now', '+8 hours');

-- Old 15-digit numbers: a run of exactly 15 digits (not followed by X), a province code, a real date 19YY-MM-DD.
INSERT INTO id_mask_hits (text_id, len, p)
SELECT w.id, 15, p.p FROM id_mask_texts w JOIN id_mask_positions p ON p.p BETWEEN 1 AND length(w.n) - 14
 WHERE substr(w.n, p.p, 15) NOT GLOB '*[^0-9]*'
   AND (p.p = 1 OR substr(w.n, p.p - 1, 1) NOT GLOB '[0-9]')
   AND substr(w.n, p.p + 15, 1) NOT GLOB '[0-9Xx]'
   AND substr(w.n, p.p, 2) IN ('11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82')
   AND date('19' || substr(w.n, p.p + 6, 2) || '-' || substr(w.n, p.p + 8, 2) || '-' || substr(w.n, p.p + 10, 2))
       IS '19' || substr(w.n, p.p + 6, 2) || '-' || substr(w.n, p.p + 8, 2) || '-' || substr(w.n, p.p + 10, 2);

-- Where masking starts: 18-character windows chosen left to right, each next one at least 18 characters on (as the
-- ingest path skips past a number it found), and every old number.
INSERT INTO id_mask_cuts (text_id, at)
WITH RECURSIVE chosen (text_id, p) AS (
  SELECT text_id, min(p) FROM id_mask_hits WHERE len = 18 GROUP BY text_id
  UNION ALL
  SELECT h.text_id, h.p FROM chosen c JOIN id_mask_hits h ON h.text_id = c.text_id AND h.len = 18
     AND h.p = (SELECT min(h2.p) FROM id_mask_hits h2 WHERE h2.text_id = c.text_id AND h2.len = 18 AND h2.p >= c.p + 18)
)
SELECT text_id, p + 10 FROM chosen
UNION ALL
SELECT text_id, p + 8 FROM id_mask_hits WHERE len = 15;

-- Four characters replaced at each cut (the length never changes, so positions stay valid).
UPDATE id_mask_texts SET masked = done.t FROM (
  WITH RECURSIVE cut (text_id, at, t) AS (
    SELECT w.id, 0, w.t FROM id_mask_texts w WHERE w.id IN (SELECT text_id FROM id_mask_cuts)
    UNION ALL
    SELECT cut.text_id, c.at, substr(cut.t, 1, c.at - 1) || '****' || substr(cut.t, c.at + 4)
      FROM cut JOIN id_mask_cuts c ON c.text_id = cut.text_id
       AND c.at = (SELECT min(c2.at) FROM id_mask_cuts c2 WHERE c2.text_id = cut.text_id AND c2.at > cut.at)
  )
  SELECT text_id, t FROM cut WHERE at = (SELECT max(c.at) FROM id_mask_cuts c WHERE c.text_id = cut.text_id)
) AS done
WHERE done.text_id = id_mask_texts.id;

-- Written back only where something changed (each UPDATE of a record, list entry or commitment adds a change-feed row,
-- so copies downstream fetch the masked text).
UPDATE records SET title = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'title' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET facts = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'facts' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET basis = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'basis' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET kinds = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'kinds' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET content = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'content' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET licence_ref = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'licence_ref' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET remark = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'remark' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET doc_no = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'doc_no' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET authority_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'authority_name' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE records SET source_unit_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'records' AND m.col = 'source_unit_name' AND m.rid = records.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE list_entries SET reason = m.masked FROM id_mask_texts m WHERE m.tbl = 'list_entries' AND m.col = 'reason' AND m.rid = list_entries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE list_entries SET legal_basis = m.masked FROM id_mask_texts m WHERE m.tbl = 'list_entries' AND m.col = 'legal_basis' AND m.rid = list_entries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE list_entries SET removal_reason = m.masked FROM id_mask_texts m WHERE m.tbl = 'list_entries' AND m.col = 'removal_reason' AND m.rid = list_entries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE list_entries SET doc_no = m.masked FROM id_mask_texts m WHERE m.tbl = 'list_entries' AND m.col = 'doc_no' AND m.rid = list_entries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE list_entries SET authority_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'list_entries' AND m.col = 'authority_name' AND m.rid = list_entries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE list_entries SET source_unit_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'list_entries' AND m.col = 'source_unit_name' AND m.rid = list_entries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE commitments SET kind = m.masked FROM id_mask_texts m WHERE m.tbl = 'commitments' AND m.col = 'kind' AND m.rid = commitments.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE commitments SET matter = m.masked FROM id_mask_texts m WHERE m.tbl = 'commitments' AND m.col = 'matter' AND m.rid = commitments.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE commitments SET doc_no = m.masked FROM id_mask_texts m WHERE m.tbl = 'commitments' AND m.col = 'doc_no' AND m.rid = commitments.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE commitments SET authority_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'commitments' AND m.col = 'authority_name' AND m.rid = commitments.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE subjects SET name = m.masked FROM id_mask_texts m WHERE m.tbl = 'subjects' AND m.col = 'name' AND m.rid = subjects.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE subjects SET legal_representative = m.masked FROM id_mask_texts m WHERE m.tbl = 'subjects' AND m.col = 'legal_representative' AND m.rid = subjects.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE subjects SET industry = m.masked FROM id_mask_texts m WHERE m.tbl = 'subjects' AND m.col = 'industry' AND m.rid = subjects.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE subjects SET address = m.masked FROM id_mask_texts m WHERE m.tbl = 'subjects' AND m.col = 'address' AND m.rid = subjects.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE status_history SET reason = m.masked FROM id_mask_texts m WHERE m.tbl = 'status_history' AND m.col = 'reason' AND m.rid = status_history.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE ingest_batches SET report = m.masked FROM id_mask_texts m WHERE m.tbl = 'ingest_batches' AND m.col = 'report' AND m.rid = ingest_batches.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE ingest_batches SET file_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'ingest_batches' AND m.col = 'file_name' AND m.rid = ingest_batches.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE ingest_batches SET source_unit_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'ingest_batches' AND m.col = 'source_unit_name' AND m.rid = ingest_batches.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE ingest_rejections SET field = m.masked FROM id_mask_texts m WHERE m.tbl = 'ingest_rejections' AND m.col = 'field' AND m.rid = ingest_rejections.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE ingest_rejections SET message = m.masked FROM id_mask_texts m WHERE m.tbl = 'ingest_rejections' AND m.col = 'message' AND m.rid = ingest_rejections.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE ingest_rejections SET raw = m.masked FROM id_mask_texts m WHERE m.tbl = 'ingest_rejections' AND m.col = 'raw' AND m.rid = ingest_rejections.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE repair_cases SET applicant_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'repair_cases' AND m.col = 'applicant_name' AND m.rid = repair_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE repair_cases SET applicant_contact = m.masked FROM id_mask_texts m WHERE m.tbl = 'repair_cases' AND m.col = 'applicant_contact' AND m.rid = repair_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE repair_cases SET commitment_text = m.masked FROM id_mask_texts m WHERE m.tbl = 'repair_cases' AND m.col = 'commitment_text' AND m.rid = repair_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE repair_cases SET statement = m.masked FROM id_mask_texts m WHERE m.tbl = 'repair_cases' AND m.col = 'statement' AND m.rid = repair_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE repair_cases SET reason = m.masked FROM id_mask_texts m WHERE m.tbl = 'repair_cases' AND m.col = 'reason' AND m.rid = repair_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE repair_cases SET authority_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'repair_cases' AND m.col = 'authority_name' AND m.rid = repair_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE objection_cases SET applicant_name = m.masked FROM id_mask_texts m WHERE m.tbl = 'objection_cases' AND m.col = 'applicant_name' AND m.rid = objection_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE objection_cases SET applicant_contact = m.masked FROM id_mask_texts m WHERE m.tbl = 'objection_cases' AND m.col = 'applicant_contact' AND m.rid = objection_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE objection_cases SET reason = m.masked FROM id_mask_texts m WHERE m.tbl = 'objection_cases' AND m.col = 'reason' AND m.rid = objection_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE objection_cases SET decision_reason = m.masked FROM id_mask_texts m WHERE m.tbl = 'objection_cases' AND m.col = 'decision_reason' AND m.rid = objection_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE objection_cases SET corrections = m.masked FROM id_mask_texts m WHERE m.tbl = 'objection_cases' AND m.col = 'corrections' AND m.rid = objection_cases.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE case_events SET note = m.masked FROM id_mask_texts m WHERE m.tbl = 'case_events' AND m.col = 'note' AND m.rid = case_events.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE case_files SET name = m.masked FROM id_mask_texts m WHERE m.tbl = 'case_files' AND m.col = 'name' AND m.rid = case_files.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE webhook_deliveries SET payload = m.masked FROM id_mask_texts m WHERE m.tbl = 'webhook_deliveries' AND m.col = 'payload' AND m.rid = webhook_deliveries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE webhook_deliveries SET last_error = m.masked FROM id_mask_texts m WHERE m.tbl = 'webhook_deliveries' AND m.col = 'last_error' AND m.rid = webhook_deliveries.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE evaluation_results SET explanation = m.masked FROM id_mask_texts m WHERE m.tbl = 'evaluation_results' AND m.col = 'explanation' AND m.rid = evaluation_results.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.title', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.title' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.facts', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.facts' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.basis', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.basis' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.kinds', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.kinds' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.content', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.content' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.licence_ref', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.licence_ref' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.remark', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.remark' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.doc_no', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.doc_no' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.authority_name', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.authority_name' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE record_versions SET snapshot = json_set(snapshot, '$.source_unit_name', m.masked) FROM id_mask_texts m WHERE m.tbl = 'record_versions' AND m.col = '$.source_unit_name' AND m.rid = record_versions.rowid AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.name', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.name' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.legal_representative', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.legal_representative' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.industry', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.industry' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.address', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.address' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.reason', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.reason' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.legal_basis', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.legal_basis' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.removal_reason', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.removal_reason' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.matter', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.matter' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.kind', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.kind' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.doc_no', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.doc_no' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.authority_name', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.authority_name' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;
UPDATE entity_versions SET snapshot = json_set(snapshot, '$.source_unit_name', m.masked) FROM id_mask_texts m WHERE m.tbl = 'entity_versions' AND m.col = '$.source_unit_name' AND m.rid = entity_versions.id AND m.masked IS NOT NULL AND m.masked IS NOT m.t;

DROP TABLE id_mask_cuts;
DROP TABLE id_mask_hits;
DROP TABLE id_mask_positions;
DROP TABLE id_mask_texts;
