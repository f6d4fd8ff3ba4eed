-- 查一查 0011 (issue 11, security review C1): subjects stored as organisations whose code is a resident ID number.
-- Some valid 公民身份号码 (provinces 11–14, 31–35, 41, 51–53, 61–62, 71, 81) start with a valid USCC department and
-- category pair; about one in eleven also passed the USCC position-17 check and was accepted by ingest as a legacy
-- pilot code (checksum_legacy), a few passed strictly. Those people were published in full as organisations. The
-- identifier rule is now that a valid ID number is never a USCC (shared/identifiers/uscc.ts validateUscc); the rows
-- already stored are re-typed here as person-keyed subjects, so every read path masks them again.
--
-- The GB 11643 test is the same arithmetic migration 0006 uses to find ID numbers in free text: 17 digits and a digit
-- or X, the check character (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2), and a
-- birth date that is a real calendar date (date() normalises 02-30 to 03-02, so it must come back unchanged), 1900 or
-- later and not after today in China. Not changed: the hash-chained query log (entries written before this fix keep
-- the code as it was logged) and signed receipts.
CREATE TABLE person_code_retype (id INTEGER PRIMARY KEY);

INSERT INTO person_code_retype (id)
SELECT s.id FROM subjects s
 WHERE s.code_type = 'uscc'
   AND length(s.code) = 18
   AND substr(s.code, 1, 17) NOT GLOB '*[^0-9]*' AND substr(s.code, 18, 1) GLOB '[0-9X]'
   AND substr(s.code, 18, 1) = substr('10X98765432', (substr(s.code, 1, 1) * 7 + substr(s.code, 2, 1) * 9 + substr(s.code, 3, 1) * 10 + substr(s.code, 4, 1) * 5 + substr(s.code, 5, 1) * 8 + substr(s.code, 6, 1) * 4 + substr(s.code, 7, 1) * 2 + substr(s.code, 8, 1) * 1 + substr(s.code, 9, 1) * 6 + substr(s.code, 10, 1) * 3 + substr(s.code, 11, 1) * 7 + substr(s.code, 12, 1) * 9 + substr(s.code, 13, 1) * 10 + substr(s.code, 14, 1) * 5 + substr(s.code, 15, 1) * 8 + substr(s.code, 16, 1) * 4 + substr(s.code, 17, 1) * 2) % 11 + 1, 1)
   AND date(substr(s.code, 7, 4) || '-' || substr(s.code, 11, 2) || '-' || substr(s.code, 13, 2))
       IS substr(s.code, 7, 4) || '-' || substr(s.code, 11, 2) || '-' || substr(s.code, 13, 2)
   AND substr(s.code, 7, 4) >= '1900'
   AND substr(s.code, 7, 8) <= strftime('%Y%m%d', 'now', '+8 hours');

-- A person-keyed subject is a natural person or a 个体工商户 registered under its operator's number; its region is
-- positions 1–6 of the number; a legacy-checksum flag means nothing for an ID number.
UPDATE subjects
   SET code_type = 'id_number',
       kind = CASE kind WHEN 'individual_business' THEN 'individual_business' ELSE 'natural_person' END,
       region_code = substr(code, 1, 6),
       checksum_legacy = 0
 WHERE id IN (SELECT id FROM person_code_retype);

-- A change-feed entry per re-typed subject, so copies downstream fetch it again (now masked).
INSERT INTO changes (subject_id, entity, entity_id) SELECT id, 'subject', id FROM person_code_retype;

DROP TABLE person_code_retype;

-- Security review M1: watches made by registering a 告知承诺 were stored without a scene, and alerts treated a
-- missing scene as granted. They are registered under 行政审批 (approval) now, and a watch without a scene is never
-- granted; the watches already stored get the scene they were made in.
UPDATE watch_entries SET scene = 'approval' WHERE source = 'commitment' AND scene IS NULL;
