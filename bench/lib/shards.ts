/**
 * The benchmarks' view of a local state folder with the control database and its shards (docs/architecture.md
 * "Shards"): sums over every shard, reads from the control database, and the bucket map that routes a subject to
 * its shard — read from the control database's `shard_map`, or written with the default assignment when a fresh
 * state has none yet, exactly as the seed does (scripts/seed/databases.ts).
 */
import { bucketOf, BUCKET_COUNT, defaultShardOf } from "../../shared/shards/bucket";
import { type LocalDatabase, localDatabases, localSubjectDatabases, openSqlite, queryLocalShards } from "../../scripts/lib/local-d1";

type Database = InstanceType<typeof import("node:sqlite").DatabaseSync>;

/** One number summed over every shard (`sql` selects one row with one numeric column). */
export async function sumOverShards(stateDir: string, sql: string): Promise<number> {
  const rows = await queryLocalShards<Record<string, unknown>>(stateDir, sql);
  return rows.reduce((n, r) => n + Number(Object.values(r)[0] ?? 0), 0);
}

/** Rows of a read-only query on the control database's local file. */
export async function queryControl<T>(stateDir: string, sql: string): Promise<T[]> {
  const { DatabaseSync } = await openSqlite();
  const control = controlDatabase(stateDir);
  const db = new DatabaseSync(control.file, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

export function controlDatabase(stateDir: string): LocalDatabase {
  const control = localDatabases(stateDir).find((d) => d.binding === "DB");
  if (!control?.exists) throw new Error(`DB 的本地数据库不存在（先应用迁移：npm run db:migrate -- --persist-to ${stateDir}）`);
  return control;
}

export interface OpenShards {
  /** The subject databases in binding order (SHARD_0 …, or DB alone), opened for writing. */
  shards: { binding: string; db: Database }[];
  /** Index into `shards` of the shard that holds `code`. */
  shardOf(code: string): number;
  close(): void;
}

/**
 * Opens every subject database for writing (before wrangler dev starts) with the bucket map the worker will use:
 * the control database's `shard_map` when it has all 256 buckets, otherwise the default map written there now.
 */
export async function openShardsForWriting(stateDir: string): Promise<OpenShards> {
  const { DatabaseSync } = await openSqlite();
  const subjectDbs = localSubjectDatabases(stateDir);
  const missing = subjectDbs.find((d) => !d.exists);
  if (missing) throw new Error(`${missing.binding} 的本地数据库不存在（先应用迁移：npm run db:migrate -- --persist-to ${stateDir}）`);
  const shards = subjectDbs.map((d) => ({ binding: d.binding, db: new DatabaseSync(d.file) }));
  let bucketShard = Array.from({ length: BUCKET_COUNT }, () => 0);
  if (shards.length > 1) {
    const control = new DatabaseSync(controlDatabase(stateDir).file);
    try {
      const rows = control.prepare("SELECT bucket, binding FROM shard_map ORDER BY bucket").all() as { bucket: number; binding: string }[];
      const index = new Map(shards.map((s, i) => [s.binding, i]));
      if (rows.length === BUCKET_COUNT) {
        bucketShard = rows.map((r) => {
          const i = index.get(r.binding);
          if (i === undefined) throw new Error(`分片映射把桶 ${r.bucket} 指向 ${r.binding}，但 wrangler.toml 没有绑定它`);
          return i;
        });
      } else {
        bucketShard = bucketShard.map((_, b) => defaultShardOf(b, shards.length));
        const insert = control.prepare("INSERT OR IGNORE INTO shard_map (bucket, binding) VALUES (?, ?)");
        control.exec("BEGIN");
        for (let b = 0; b < BUCKET_COUNT; b++) insert.run(b, shards[bucketShard[b]!]!.binding);
        control.exec("INSERT OR IGNORE INTO shard_map_version (id, version) VALUES (1, 1); COMMIT");
      }
    } finally {
      control.close();
    }
  }
  return {
    shards,
    shardOf: (code) => (shards.length === 1 ? 0 : bucketShard[bucketOf(code)]!),
    close: () => shards.forEach((s) => s.db.close()),
  };
}
