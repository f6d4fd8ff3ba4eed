-- Issue 11: personal data never leaks.
--
-- 1. Public page addresses carry a random secret (at least 128 bits) so that a receipt (/r/{number}) or a case
--    (/cases/{tracking}) cannot be opened by guessing its number. Only the SHA-256 of the secret is stored (hex);
--    the secret itself is handed out once, in the address the answer returns. Rows issued before this migration
--    have no hash: their pages answer like an unknown number (the signed JWS can still be verified at /verify).
ALTER TABLE receipts ADD COLUMN secret_hash TEXT;
ALTER TABLE repair_cases ADD COLUMN secret_hash TEXT;
ALTER TABLE objection_cases ADD COLUMN secret_hash TEXT;

-- 2. 工商注册号 (old 15-digit registration number, GS15-2006), so lookups and checks can resolve one.
--    The same column is added by the ingest work (its migration 0006, which also fills it at ingest); when both
--    land, keep ONE `ALTER TABLE subjects ADD COLUMN reg_no TEXT` (SQLite has no ADD COLUMN IF NOT EXISTS) —
--    the index below is written to be harmless either way.
ALTER TABLE subjects ADD COLUMN reg_no TEXT;
CREATE INDEX IF NOT EXISTS subjects_reg_no ON subjects (reg_no) WHERE reg_no IS NOT NULL;
