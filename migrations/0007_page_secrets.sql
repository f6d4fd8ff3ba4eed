-- Issue 11: personal data never leaks.
--
-- 1. Public page addresses carry a random secret (at least 128 bits) so that a receipt (/r/{number}) or a case
--    (/cases/{tracking}) cannot be opened by guessing its number. Only the SHA-256 of the secret is stored (hex);
--    the secret itself is handed out once, in the address the answer returns. Rows issued before this migration
--    have no hash: their pages answer like an unknown number (the signed JWS can still be verified at /verify).
ALTER TABLE receipts ADD COLUMN secret_hash TEXT;
ALTER TABLE repair_cases ADD COLUMN secret_hash TEXT;
ALTER TABLE objection_cases ADD COLUMN secret_hash TEXT;

-- subjects.reg_no (工商注册号), which lookups and checks resolve, comes from 0006.
