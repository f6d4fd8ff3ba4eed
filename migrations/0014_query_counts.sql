-- 查一查 0014 (issue 12 item 3, "Lookup: one shard round trip"): the public profile's 近90天查询次数 is read beside the
-- subject, not from the query log in the control database.
--
-- query_counts holds, per subject code and China date, how many 查询使用登记 entries named the subject. It is a
-- derived figure: the query log (query_log + query_log_subjects, one hash chain in the control database) stays the
-- record, and appendQueryLog (worker/audit/log.ts) bumps the count in the subject's shard right after the entry is
-- written. Codes shown masked in the log (ID numbers) cannot be routed to a shard and are not counted here: their
-- count is still read from the log (worker/lookup/queries.ts). Keyed by code, not subject id, so a count can exist
-- before the subject does and a bucket move carries it by code (worker/shards/move-tables.ts).
CREATE TABLE query_counts (
  code TEXT NOT NULL,
  day TEXT NOT NULL,            -- China date (YYYY-MM-DD) of the log entries counted
  n INTEGER NOT NULL,
  PRIMARY KEY (code, day)
) WITHOUT ROWID;

-- The last 90 days of an existing log, where it lives: a single-database deployment (DB holds the subjects) counts
-- from here on. Shard databases have no query log rows, so this inserts nothing there.
INSERT INTO query_counts (code, day, n)
SELECT s.subject_code, date(q.at, '+8 hours'), count(*)
  FROM query_log_subjects s JOIN query_log q ON q.id = s.log_id
 WHERE q.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-91 days') AND instr(s.subject_code, '*') = 0
 GROUP BY s.subject_code, date(q.at, '+8 hours');
