-- Bucket moves (issue 12 item 4): one row per bucket being moved, kept in the control database (DB) so an
-- interrupted `npm run shards:move` resumes where it stopped (or is rolled back before the switch). Each phase is
-- idempotent; the row is deleted when the move is done. docs/deployment.md "Moving a bucket".
CREATE TABLE shard_moves (
  bucket INTEGER PRIMARY KEY CHECK (bucket BETWEEN 0 AND 255),
  from_binding TEXT NOT NULL CHECK (from_binding GLOB 'SHARD_[0-9]*'),
  to_binding TEXT NOT NULL CHECK (to_binding GLOB 'SHARD_[0-9]*' AND to_binding <> from_binding),
  phase TEXT NOT NULL CHECK (phase IN ('copy', 'verify', 'switch', 'delete')),
  -- copy and delete page through the source's subjects by id: the last id done
  cursor INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
