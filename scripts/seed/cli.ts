/**
 * Seed the local D1 database (or write a .sql file for a remote one).
 *
 *   npx tsx scripts/seed/cli.ts [--subjects N] [--records-per-subject K] [--scale] [--seed S] [--today YYYY-MM-DD]
 *                               [--out file.sql] [--db path.sqlite] [--if-empty]
 *
 * Default: 5,000 subjects with 2 records each, written into wrangler/miniflare's local D1 file
 * (.wrangler/state/v3/d1/miniflare-D1DatabaseObject/<hash>.sqlite; apply the migrations first with
 * `npx wrangler d1 migrations apply DB --local`). --scale: 1,000,000 subjects × 10 records.
 * --out writes SQL text instead (for `wrangler d1 execute DB --remote --file seed.sql`; "-" = stdout).
 * Rows are streamed from generateSeed(): memory stays flat at any size.
 */
import { closeSync, existsSync, openSync, readdirSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED_COLUMNS, countSeed, generateSeed, type SeedOptions, type SeedTable } from "./generate";
import { toSqlText } from "./sql";

const HELP = `Usage: npx tsx scripts/seed/cli.ts [options]

  --subjects N              number of subjects (default 5000)
  --records-per-subject K   average 双公示 records per subject (default 2)
  --scale                   1,000,000 subjects with 10 records each (10,000,000 records)
  --seed S                  PRNG seed (default 20261127)
  --today YYYY-MM-DD        the seed's "today" (default 2026-11-27)
  --out FILE                write SQL text to FILE ("-" for stdout) instead of a database
  --db PATH                 write into this SQLite file instead of the local D1 database
  --state-dir DIR           the local state folder wrangler was given with --persist-to (default .wrangler/state)
  --if-empty                do nothing when the subjects table already has rows
  -h, --help                show this help`;

interface Args {
  options: SeedOptions;
  out?: string;
  db?: string;
  ifEmpty: boolean;
  stateDir: string;
}

function fail(message: string): never {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv: readonly string[]): Args {
  let subjects: number | undefined;
  let perSubject: number | undefined;
  let scale = false;
  let seed: number | undefined;
  let today: string | undefined;
  let out: string | undefined;
  let db: string | undefined;
  let ifEmpty = false;
  let stateDir: string | undefined;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) fail(`${flag} needs a value`);
    return v;
  };
  const int = (s: string, flag: string): number => {
    const n = Number(s.replace(/[_,]/g, ""));
    if (!Number.isFinite(n) || n < 0) fail(`${flag} expects a non-negative number, got ${s}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const take = () => inline ?? value(i++, flag);
    switch (flag) {
      case "--subjects": subjects = Math.floor(int(take(), flag)); break;
      case "--records-per-subject": perSubject = int(take(), flag); break;
      case "--scale": scale = true; break;
      case "--seed": seed = Math.floor(int(take(), flag)); break;
      case "--today": today = take(); break;
      case "--out": out = take(); break;
      case "--db": db = take(); break;
      case "--state-dir": stateDir = take(); break;
      case "--if-empty": ifEmpty = true; break;
      case "-h":
      case "--help":
        process.stdout.write(`${HELP}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${a}\n${HELP}`);
    }
  }
  const options: SeedOptions = {
    subjects: subjects ?? (scale ? 1_000_000 : 5_000),
    recordsPerSubject: perSubject ?? (scale ? 10 : 2),
    ...(seed === undefined ? {} : { seed }),
    ...(today === undefined ? {} : { today }),
  };
  return { options, ...(out === undefined ? {} : { out }), ...(db === undefined ? {} : { db }), ifEmpty, stateDir: stateDir ?? join(".wrangler", "state") };
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
function findLocalD1(stateDir: string): string {
  const D1_DIR = join(resolve(ROOT, stateDir), "v3", "d1", "miniflare-D1DatabaseObject");
  const files = existsSync(D1_DIR) ? readdirSync(D1_DIR).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite") : [];
  if (files.length === 0) {
    fail(
      `no local D1 database found in ${D1_DIR}.\n` +
        "Apply the migrations first:  npx wrangler d1 migrations apply DB --local\n" +
        "(or pass --db PATH to write into another SQLite file, or --out FILE to write SQL text).",
    );
  }
  if (files.length > 1) fail(`several local D1 databases in ${D1_DIR}: ${files.join(", ")}; choose one with --db PATH`);
  return join(D1_DIR, files[0] as string);
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const TABLES: readonly SeedTable[] = ["ingest_batches", "subjects", "records", "list_entries", "commitments"];

function progressLine(written: number, total: number, started: number): string {
  const secs = (performance.now() - started) / 1000;
  const rate = written / Math.max(secs, 1e-3);
  const pct = total > 0 ? (100 * written) / total : 100;
  const eta = rate > 0 ? (total - written) / rate : 0;
  return `seed: ${fmt(written)} / ${fmt(total)} rows (${pct.toFixed(1)}%) · ${fmt(rate)} rows/s · ${secs.toFixed(0)}s elapsed, ~${eta.toFixed(0)}s left\n`;
}

function summary(counts: Record<SeedTable, number>, started: number, target: string): void {
  const secs = (performance.now() - started) / 1000;
  const total = TABLES.reduce((s, t) => s + counts[t], 0);
  const lines = TABLES.map((t) => `  ${t.padEnd(15)} ${fmt(counts[t]).padStart(12)}`);
  process.stderr.write(`seed: done → ${target}\n${lines.join("\n")}\n  ${"total".padEnd(15)} ${fmt(total).padStart(12)} rows in ${secs.toFixed(1)}s (${fmt(total / Math.max(secs, 1e-3))} rows/s)\n`);
}

function writeSqlFile(args: Args): void {
  const total = countSeed(args.options).total;
  const started = performance.now();
  const fd = args.out === "-" ? 1 : openSync(args.out as string, "w");
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  let written = 0;
  let lastPrint = started;
  writeSync(fd, `-- 查一查 seed (scripts/seed/cli.ts): ${JSON.stringify(args.options)}\n-- Apply the migrations first; run with: npx wrangler d1 execute DB --remote --file <this file>\n`);
  for (const batch of generateSeed(args.options)) {
    writeSync(fd, toSqlText(batch));
    counts[batch.table] += batch.rows.length;
    written += batch.rows.length;
    const now = performance.now();
    if (now - lastPrint >= 1000) {
      lastPrint = now;
      process.stderr.write(progressLine(written, total, started));
    }
  }
  if (fd !== 1) closeSync(fd);
  summary(counts, started, args.out === "-" ? "stdout" : resolve(args.out as string));
}

async function writeDatabase(args: Args): Promise<void> {
  const path = args.db ?? findLocalD1(args.stateDir);
  if (args.db !== undefined && !existsSync(path)) fail(`database file ${path} does not exist`);
  // node:sqlite announces itself as experimental on first load; keep the output readable.
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emit as (...a: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(path);
  const scalar = (sql: string): number => Number(Object.values(db.prepare(sql).get() ?? { n: 0 })[0] ?? 0);

  const hasSchema = scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('subjects', 'records', 'list_entries', 'commitments', 'ingest_batches')") === 5;
  if (!hasSchema) fail(`${path} has no 查一查 schema. Apply the migrations first: npx wrangler d1 migrations apply DB --local`);
  const existing = scalar("SELECT count(*) FROM subjects");
  if (existing > 0) {
    if (args.ifEmpty) {
      process.stderr.write(`seed: subjects already has ${fmt(existing)} rows; --if-empty: nothing to do (${path})\n`);
      db.close();
      return;
    }
    fail(`subjects already has ${fmt(existing)} rows in ${path}.\nReset the local database (rm -rf .wrangler/state && npx wrangler d1 migrations apply DB --local) or pass --if-empty.`);
  }
  if (scalar("SELECT count(*) FROM ingest_batches WHERE id = 1") > 0) fail(`ingest_batches already has a row with id 1 in ${path}; reset the local database first`);

  const journal = String(Object.values(db.prepare("PRAGMA journal_mode").get() ?? {})[0] ?? "delete");
  // Bulk-load settings: WAL (miniflare's own mode), no fsync, a page cache that holds the indexes of a large seed.
  const cacheKiB = args.options.subjects >= 200_000 ? 1_048_576 : 262_144;
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -${cacheKiB}; PRAGMA temp_store = MEMORY;`);

  const statements = new Map<SeedTable, { stmt: ReturnType<typeof db.prepare>; columns: readonly string[] }>();
  const prepared = (table: SeedTable) => {
    let s = statements.get(table);
    if (!s) {
      const columns = SEED_COLUMNS[table];
      s = { stmt: db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`), columns };
      statements.set(table, s);
    }
    return s;
  };

  const total = countSeed(args.options).total;
  process.stderr.write(`seed: writing ${fmt(total)} rows (${fmt(args.options.subjects)} subjects) into ${path}\n`);
  const started = performance.now();
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  const TX_ROWS = 10_000;
  let written = 0;
  let inTx = 0;
  let lastPrint = started;
  db.exec("BEGIN");
  try {
    for (const batch of generateSeed(args.options)) {
      const { stmt, columns } = prepared(batch.table);
      const values: unknown[] = new Array(columns.length);
      for (const row of batch.rows) {
        for (let c = 0; c < columns.length; c++) values[c] = row[columns[c] as string] ?? null;
        stmt.run(...(values as (string | number | null)[]));
      }
      counts[batch.table] += batch.rows.length;
      written += batch.rows.length;
      inTx += batch.rows.length;
      if (inTx >= TX_ROWS) {
        db.exec("COMMIT; BEGIN");
        inTx = 0;
      }
      const now = performance.now();
      if (now - lastPrint >= 1000) {
        lastPrint = now;
        process.stderr.write(progressLine(written, total, started));
      }
    }
    db.exec("COMMIT");
  } catch (error) {
    try {
      db.exec("ROLLBACK");
    } catch {
      // no transaction open
    }
    db.close();
    fail(`failed after ${fmt(written)} rows: ${error instanceof Error ? error.message : String(error)}`);
  }
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  if (journal.toLowerCase() !== "wal") db.exec(`PRAGMA journal_mode = ${journal}`);
  db.close();
  summary(counts, started, path);
}

const args = parseArgs(process.argv.slice(2));
try {
  countSeed({ ...args.options, subjects: 0 }); // validate options before touching any file
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.out !== undefined) writeSqlFile(args);
else await writeDatabase(args);
