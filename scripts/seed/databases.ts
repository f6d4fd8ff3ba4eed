/**
 * Writing the seed straight into local SQLite files (the local D1 databases), one file or the control database
 * plus its shards (docs/architecture.md "Shards"):
 *   - one database: every row goes there, as before sharding;
 *   - shards: each subject goes to the shard its bucket maps to (the control database's `shard_map`, filled here
 *     with the default assignment on a fresh deployment, exactly as the worker would), its records, list entries
 *     and commitments follow it, and the seed's ingest batch is written to the control database (the original)
 *     and to every shard (the header shard rows name by foreign key, as ingest does).
 * Rows keep the generator's ids, so a shard's ids are sparse; new rows continue after its largest id.
 */
import { bucketOf, BUCKET_COUNT, defaultShardOf } from "../../shared/shards/bucket";
import { openSqlite } from "../lib/local-d1";
import { SEED_COLUMNS, type SeedBatch, type SeedTable } from "./options";

type Database = InstanceType<typeof import("node:sqlite").DatabaseSync>;
type Statement = ReturnType<Database["prepare"]>;

export interface SeedFile {
  /** Binding name ("DB", "SHARD_0", …) or the file name for --db. */
  binding: string;
  file: string;
}

export class SeedError extends Error {}

const SCHEMA_TABLES = ["subjects", "records", "list_entries", "commitments", "ingest_batches"];

/**
 * Which shard (index into the shard list) each seed row goes to: a subject by its bucket, every other row by the
 * subject it names. Subjects come before their rows in the seed stream (generateSeed), so one pass suffices.
 */
export class SeedRouter {
  private shardOfSubject = new Int8Array(1 << 16).fill(-1);
  /** Subjects routed to each shard. */
  readonly subjects: number[];

  constructor(
    /** Shard index of each bucket (BUCKET_COUNT entries). */
    private readonly bucketShard: readonly number[],
    shardCount: number,
  ) {
    this.subjects = new Array<number>(shardCount).fill(0);
  }

  /** The default map for n shards (bucket b → shard b mod n), as a fresh deployment fills it. */
  static defaultMap(shardCount: number): number[] {
    return Array.from({ length: BUCKET_COUNT }, (_, b) => defaultShardOf(b, shardCount));
  }

  shardOf(table: Exclude<SeedTable, "ingest_batches">, row: Record<string, unknown>): number {
    if (table === "subjects") {
      const id = Number(row.id);
      const s = this.subjects.length === 1 ? 0 : this.bucketShard[bucketOf(String(row.code))]!;
      if (id >= this.shardOfSubject.length) {
        const bigger = new Int8Array(Math.max(id + 1, this.shardOfSubject.length * 2)).fill(-1);
        bigger.set(this.shardOfSubject);
        this.shardOfSubject = bigger;
      }
      this.shardOfSubject[id] = s;
      this.subjects[s]!++;
      return s;
    }
    const id = Number(row.subject_id);
    const s = id < this.shardOfSubject.length ? this.shardOfSubject[id]! : -1;
    if (s < 0) throw new SeedError(`${table} 行引用的主体 ${id} 尚未写入`);
    return s;
  }
}

/** One open SQLite file with bulk-load settings and an INSERT per table. */
class SeedDatabase {
  private readonly statements = new Map<SeedTable, { stmt: Statement; columns: readonly string[] }>();
  private readonly journal: string;
  readonly values = new Map<SeedTable, unknown[]>();

  constructor(
    readonly target: SeedFile,
    readonly db: Database,
    cacheKiB: number,
  ) {
    this.journal = String(Object.values(db.prepare("PRAGMA journal_mode").get() ?? {})[0] ?? "delete");
    // Bulk-load settings: WAL (miniflare's own mode), no fsync, a page cache that holds the indexes of a large seed.
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -${cacheKiB}; PRAGMA temp_store = MEMORY;`);
  }

  scalar(sql: string): number {
    return Number(Object.values(this.db.prepare(sql).get() ?? { n: 0 })[0] ?? 0);
  }

  insert(table: SeedTable, row: Record<string, unknown>): void {
    let s = this.statements.get(table);
    if (!s) {
      const columns = SEED_COLUMNS[table];
      s = { stmt: this.db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`), columns };
      this.statements.set(table, s);
    }
    const values: (string | number | null)[] = new Array(s.columns.length);
    for (let c = 0; c < s.columns.length; c++) values[c] = (row[s.columns[c] as string] ?? null) as string | number | null;
    s.stmt.run(...values);
  }

  close(commitOk: boolean): void {
    if (commitOk) {
      this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      if (this.journal.toLowerCase() !== "wal") this.db.exec(`PRAGMA journal_mode = ${this.journal}`);
    }
    this.db.close();
  }
}

export interface SeedPlan {
  /** The control database (ingest batch original, bucket map); null when one file holds everything. */
  control: SeedFile | null;
  /** Where subjects go: one file, or the shards in binding order (SHARD_0 …). */
  shards: SeedFile[];
}

export interface OpenSeed {
  /** Rows already in `subjects`, summed over the subject databases. */
  existingSubjects: number;
  /** Subjects in the control database although shards are bound: a local state from before sharding. */
  subjectsInControl: number;
  /** Databases that already hold the seed's ingest batch id. */
  batchClashes: string[];
  write(batch: SeedBatch): void;
  begin(): void;
  commit(): void;
  rollback(): void;
  close(ok: boolean): void;
  /** Subjects written per database, for the summary. */
  perDatabase(): { binding: string; subjects: number }[];
}

/** Opens the plan's files, checks the schema, and returns a router that writes each batch where it belongs. */
export async function openSeed(plan: SeedPlan, cacheKiB: number): Promise<OpenSeed> {
  const { DatabaseSync } = await openSqlite();
  const files = [...(plan.control ? [plan.control] : []), ...plan.shards];
  const open = new Map<string, SeedDatabase>();
  for (const f of files) {
    if (open.has(f.file)) continue;
    const db = new SeedDatabase(f, new DatabaseSync(f.file), Math.max(65_536, Math.floor(cacheKiB / files.length)));
    const tables = db.scalar(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (${SCHEMA_TABLES.map((t) => `'${t}'`).join(", ")})`);
    if (tables !== SCHEMA_TABLES.length) {
      for (const d of open.values()) d.close(false);
      db.close(false);
      throw new SeedError(`${f.binding}（${f.file}）没有 查一查 的表结构。先应用迁移：npm run db:migrate`);
    }
    open.set(f.file, db);
  }
  const dbOf = (f: SeedFile) => open.get(f.file)!;
  const shards = plan.shards.map(dbOf);
  const control = plan.control ? dbOf(plan.control) : null;

  // The bucket map: read it when the control database has one, otherwise write the default assignment.
  let bucketShard: number[] = Array.from({ length: BUCKET_COUNT }, () => 0);
  if (control && shards.length > 1) {
    const rows = control.db.prepare("SELECT bucket, binding FROM shard_map").all() as { bucket: number; binding: string }[];
    if (rows.length === BUCKET_COUNT) {
      const index = new Map(plan.shards.map((s, i) => [s.binding, i]));
      bucketShard = rows.sort((a, b) => a.bucket - b.bucket).map((r) => {
        const i = index.get(r.binding);
        if (i === undefined) throw new SeedError(`分片映射把桶 ${r.bucket} 指向 ${r.binding}，但 wrangler.toml 没有绑定它`);
        return i;
      });
    } else {
      bucketShard = SeedRouter.defaultMap(shards.length);
      const insert = control.db.prepare("INSERT OR IGNORE INTO shard_map (bucket, binding) VALUES (?, ?)");
      control.db.exec("BEGIN");
      for (let b = 0; b < BUCKET_COUNT; b++) insert.run(b, plan.shards[bucketShard[b]!]!.binding);
      control.db.exec("INSERT OR IGNORE INTO shard_map_version (id, version) VALUES (1, 1); COMMIT");
    }
  }

  const router = new SeedRouter(bucketShard, shards.length);
  const all = [...open.values()];
  return {
    existingSubjects: shards.reduce((n, d) => n + d.scalar("SELECT count(*) FROM subjects"), 0),
    subjectsInControl: control && !shards.includes(control) ? control.scalar("SELECT count(*) FROM subjects") : 0,
    batchClashes: all.filter((d) => d.scalar("SELECT count(*) FROM ingest_batches WHERE id = 1") > 0).map((d) => d.target.binding),
    write(batch) {
      if (batch.table === "ingest_batches") {
        for (const row of batch.rows) for (const d of all) d.insert("ingest_batches", row);
        return;
      }
      for (const row of batch.rows) shards[router.shardOf(batch.table, row)]!.insert(batch.table, row);
    },
    begin: () => all.forEach((d) => d.db.exec("BEGIN")),
    commit: () => all.forEach((d) => d.db.exec("COMMIT")),
    rollback() {
      for (const d of all) {
        try {
          d.db.exec("ROLLBACK");
        } catch {
          // no transaction open
        }
      }
    },
    close: (ok) => all.forEach((d) => d.close(ok)),
    perDatabase: () => plan.shards.map((s, i) => ({ binding: s.binding, subjects: router.subjects[i]! })),
  };
}
