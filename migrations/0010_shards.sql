-- Sharding (issue 12): subjects and everything keyed by a subject live in shard databases (SHARD_0 … SHARD_n),
-- chosen by a versioned bucket map kept in the control database (DB). Every database runs every migration
-- (same schema everywhere, docs/architecture.md "Shards"); these two tables are only ever filled in DB.

-- Which shard binding holds each of the 256 virtual buckets (shared/shards/bucket.ts). Filled on first use
-- with bucket b → SHARD_(b mod n); changed only by a bucket move, which also bumps the version.
CREATE TABLE shard_map (
  bucket INTEGER PRIMARY KEY CHECK (bucket BETWEEN 0 AND 255),
  binding TEXT NOT NULL CHECK (binding GLOB 'SHARD_[0-9]*')
);

-- One row: the map's version. Workers cache the map per isolate and compare this number to notice a move.
CREATE TABLE shard_map_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
