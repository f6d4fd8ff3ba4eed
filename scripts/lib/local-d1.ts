/**
 * Where miniflare (wrangler dev, `wrangler d1 … --local`) keeps each local D1 database, so scripts can open the
 * SQLite files directly: the seed writes millions of rows this way, benchmarks read sample codes from every shard.
 *
 * Miniflare stores a D1 database as a Durable Object of class D1DatabaseObject named after the binding's
 * `database_id`, in `<state>/v3/d1/miniflare-D1DatabaseObject/<object id>.sqlite`. The object id is workerd's
 * `idFromName`: key = SHA-256("miniflare-D1DatabaseObject"); first 16 bytes = HMAC-SHA256(key, name)[0..16];
 * last 16 bytes = HMAC-SHA256(key, first 16 bytes)[0..16]; hex. (tests/scripts/local-d1.test.ts checks it against
 * the file wrangler itself creates.)
 */
import { createHash, createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type D1Declaration, d1Declarations, subjectDataBindings, wranglerToml } from "./d1-bindings";

const UNIQUE_KEY = "miniflare-D1DatabaseObject";

/** workerd's Durable Object id for `name` in the namespace with this unique key. */
export function durableObjectIdFromName(uniqueKey: string, name: string): string {
  const key = createHash("sha256").update(uniqueKey).digest();
  const first = createHmac("sha256", key).update(name).digest().subarray(0, 16);
  const second = createHmac("sha256", key).update(first).digest().subarray(0, 16);
  return Buffer.concat([first, second]).toString("hex");
}

/** The SQLite file of one local D1 database under a wrangler state folder (`--persist-to`, default .wrangler/state). */
export function localD1File(stateDir: string, databaseId: string): string {
  return join(resolve(stateDir), "v3", "d1", UNIQUE_KEY, `${durableObjectIdFromName(UNIQUE_KEY, databaseId)}.sqlite`);
}

export interface LocalDatabase extends D1Declaration {
  file: string;
  exists: boolean;
}

function located(stateDir: string, decls: D1Declaration[]): LocalDatabase[] {
  return decls.map((d) => {
    const file = localD1File(stateDir, d.databaseId);
    return { ...d, file, exists: existsSync(file) };
  });
}

/** Every local database wrangler.toml binds (DB first, then the shards). */
export function localDatabases(stateDir: string, toml = wranglerToml()): LocalDatabase[] {
  return located(stateDir, d1Declarations(toml));
}

/** The local databases that hold subjects (the shards, or DB alone). */
export function localSubjectDatabases(stateDir: string, toml = wranglerToml()): LocalDatabase[] {
  return located(stateDir, subjectDataBindings(toml));
}

/** node:sqlite without its "experimental" warning on first load (keeps script output readable). */
export async function openSqlite(): Promise<typeof import("node:sqlite")> {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emit as (...a: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
  return import("node:sqlite");
}

/**
 * Runs one read-only query on every local database that holds subjects and concatenates the rows (benchmarks'
 * sample codes and counts). The files may be open in wrangler dev at the same time: SQLite's WAL allows it.
 */
export async function queryLocalShards<T>(stateDir: string, sql: string, toml = wranglerToml()): Promise<T[]> {
  const { DatabaseSync } = await openSqlite();
  const rows: T[] = [];
  for (const d of localSubjectDatabases(stateDir, toml)) {
    if (!d.exists) throw new Error(`${d.binding} 的本地数据库不存在：${d.file}（先应用迁移：npm run db:migrate -- --persist-to ${stateDir}）`);
    const db = new DatabaseSync(d.file, { readOnly: true });
    try {
      rows.push(...(db.prepare(sql).all() as T[]));
    } finally {
      db.close();
    }
  }
  return rows;
}
