/**
 * `npm run db:migrate` (local) or `npm run db:migrate -- --remote`: applies the migrations to the control database
 * and to every shard database wrangler.toml binds — the same migrations everywhere (docs/architecture.md "Shards").
 * Other arguments (e.g. `--persist-to DIR`) are passed on to `wrangler d1 migrations apply`.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { wranglerD1Bindings } from "./lib/d1-bindings";
import { localDatabases, openSqlite } from "./lib/local-d1";

const args = process.argv.slice(2);
const where = args.includes("--remote") ? [] : args.includes("--local") ? [] : ["--local"];
const bindings = wranglerD1Bindings();
if (bindings.length === 0) {
  console.error("db:migrate: wrangler.toml binds no D1 database");
  process.exit(1);
}
if (args.includes("--remote")) {
  // Remote: one database after another, output as it comes (a failure stops before the next database).
  for (const binding of bindings) {
    console.log(`\n▶ 应用迁移：${binding}`);
    const result = spawnSync("wrangler", ["d1", "migrations", "apply", binding, ...where, ...args], { stdio: "inherit" });
    if (result.status !== 0) failed(binding, result.status);
  }
} else {
  await migrateLocal();
}

/**
 * Local: every database is a SQLite file under the state folder (scripts/lib/local-d1.ts). On a fresh folder the
 * control database is migrated once and copied to each shard (same schema and same migration journal everywhere,
 * so later runs see them as up to date) — one wrangler start instead of one per database. Otherwise each database
 * is migrated by wrangler, all at once (they are separate files), output per database.
 */
async function migrateLocal(): Promise<void> {
  const persistAt = args.indexOf("--persist-to");
  const stateDir = persistAt >= 0 ? args[persistAt + 1]! : ".wrangler/state";
  const databases = localDatabases(stateDir);
  const fresh = databases.every((d) => !d.exists);
  const control = databases[0]!;
  const copies = fresh && control.binding === "DB" ? databases.slice(1) : [];
  const first = copies.length > 0 ? [control.binding] : bindings;
  const results = await Promise.all(first.map((binding) => migrate(binding)));
  for (const r of results) {
    console.log(`▶ 应用迁移：${r.binding} — ${r.status === 0 ? (/No migrations to apply/.test(r.output) ? "已是最新" : "完成") : "失败"}`);
    if (r.status !== 0) {
      process.stderr.write(r.output);
      failed(r.binding, r.status);
    }
  }
  if (copies.length === 0) return;
  const { DatabaseSync } = await openSqlite();
  const source = new DatabaseSync(control.file, { readOnly: true });
  try {
    for (const d of copies) {
      mkdirSync(dirname(d.file), { recursive: true });
      source.exec(`VACUUM INTO '${d.file.replaceAll("'", "''")}'`);
      console.log(`▶ 应用迁移：${d.binding} — 完成（新库，复制自已迁移的 DB 结构）`);
    }
  } finally {
    source.close();
  }
}

/** Attempts after the first when a local migration fails with SQLITE_BUSY (see migrate). */
const BUSY_RETRIES = 3;

/**
 * One database's `wrangler d1 migrations apply`. Every local wrangler opens all the databases wrangler.toml binds, so
 * after an unclean stop (a killed `wrangler dev` leaves a WAL to recover) the parallel runs can meet one of them in
 * recovery and workerd gives up with SQLITE_BUSY; the run is then tried again, up to BUSY_RETRIES times.
 */
async function migrate(binding: string): Promise<{ binding: string; status: number | null; output: string }> {
  for (let attempt = 0; ; attempt++) {
    const result = await migrateOnce(binding);
    if (result.status === 0 || attempt >= BUSY_RETRIES || !/SQLITE_BUSY/.test(result.output)) return result;
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
}

function migrateOnce(binding: string): Promise<{ binding: string; status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("wrangler", ["d1", "migrations", "apply", binding, ...where, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (status) => resolve({ binding, status, output }));
  });
}

function failed(binding: string, status: number | null): never {
  console.error(`✖ ${binding} 的迁移失败（退出码 ${status}）；修复后重新运行即可（已应用的迁移不会重复）`);
  process.exit(status ?? 1);
}
