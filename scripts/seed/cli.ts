/**
 * Seed the local D1 databases (or write a .sql file for a remote one).
 *
 *   npm run seed -- [--subjects N] [--records-per-subject K] [--scale] [--seed S] [--today YYYY-MM-DD]
 *                   [--out file.sql] [--db path.sqlite] [--state-dir DIR] [--if-empty]
 *
 * Default: 5,000 subjects with 2 records each, written into wrangler/miniflare's local D1 files under
 * .wrangler/state: the control database DB and the shards SHARD_0 … SHARD_n wrangler.toml binds, each subject in
 * the shard its bucket maps to (scripts/seed/databases.ts). Apply the migrations first: `npm run db:migrate`.
 * --scale: 1,000,000 subjects × 10 records. --db writes everything into one SQLite file instead.
 * --out writes SQL text instead (for `wrangler d1 execute DB --remote --file seed.sql`; "-" = stdout).
 * Rows are streamed from generateSeed(): memory stays flat at any size.
 */
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { subjectDataBindings, wranglerToml } from "../lib/d1-bindings";
import { localDatabases, localSubjectDatabases } from "../lib/local-d1";
import { type OpenSeed, openSeed, type SeedPlan, SeedRouter } from "./databases";
import { countSeed, generateSeed, type SeedOptions, type SeedTable } from "./generate";
import { toSqlText } from "./sql";

const HELP = `Usage: npx tsx scripts/seed/cli.ts [options]

  --subjects N              number of subjects (default 5000)
  --records-per-subject K   average 双公示 records per subject (default 2)
  --scale                   1,000,000 subjects with 10 records each (10,000,000 records)
  --seed S                  PRNG seed (default 20261127)
  --today YYYY-MM-DD        the seed's "today" (default 2026-11-27)
  --out FILE                write SQL text instead of a database: with shards one file per database
                            (FILE.DB.sql, FILE.SHARD_0.sql, …); "-" for stdout without shards
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

const DEFAULT_STATE_DIR = join(".wrangler", "state");

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
  return { options, ...(out === undefined ? {} : { out }), ...(db === undefined ? {} : { db }), ifEmpty, stateDir: stateDir ?? DEFAULT_STATE_DIR };
}

/** The local databases to fill: the control database and its shards from wrangler.toml, or the one --db file. */
function seedPlan(args: Args): SeedPlan {
  if (args.db !== undefined) {
    if (!existsSync(args.db)) fail(`database file ${args.db} does not exist`);
    return { control: null, shards: [{ binding: args.db, file: args.db }] };
  }
  const all = localDatabases(args.stateDir);
  const missing = all.filter((d) => !d.exists);
  if (missing.length > 0) {
    fail(
      `no local D1 database for ${missing.map((d) => d.binding).join(", ")} in ${args.stateDir} (${missing[0]!.file}).\n` +
        `Apply the migrations first:  npm run db:migrate${args.stateDir === DEFAULT_STATE_DIR ? "" : ` -- --persist-to ${args.stateDir}`}\n` +
        "(or pass --db PATH to write into another SQLite file, or --out FILE to write SQL text).",
    );
  }
  const subjectDbs = localSubjectDatabases(args.stateDir);
  const control = all.find((d) => d.binding === "DB")!;
  return subjectDbs.length === 1 && subjectDbs[0]!.binding === "DB"
    ? { control: null, shards: [control] }
    : { control, shards: subjectDbs };
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

/**
 * SQL text for a remote deployment. With shards bound in wrangler.toml: one file per database (`seed.sql` →
 * `seed.DB.sql`, `seed.SHARD_0.sql`, …), subjects routed by the default bucket map a fresh deployment starts with.
 */
function writeSqlFile(args: Args): void {
  const total = countSeed(args.options).total;
  const started = performance.now();
  const shards = subjectDataBindings(wranglerToml()).filter((d) => d.binding !== "DB").map((d) => d.binding);
  if (shards.length > 0 && args.out === "-") fail("wrangler.toml binds shards: --out needs a file name (one SQL file per database is written)");
  const fileOf = (binding: string) => (shards.length === 0 ? (args.out as string) : (args.out as string).replace(/(\.sql)?$/, `.${binding}.sql`));
  const bindings = shards.length === 0 ? ["DB"] : ["DB", ...shards];
  const fds = new Map(bindings.map((b) => [b, args.out === "-" ? 1 : openSync(fileOf(b), "w")]));
  const router = shards.length === 0 ? null : new SeedRouter(SeedRouter.defaultMap(shards.length), shards.length);
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  let written = 0;
  let lastPrint = started;
  for (const [binding, fd] of fds) {
    writeSync(fd, `-- 查一查 seed (scripts/seed/cli.ts): ${JSON.stringify(args.options)}\n-- Apply the migrations first; run with: npx wrangler d1 execute ${binding} --remote --file <this file>\n`);
  }
  for (const batch of generateSeed(args.options)) {
    if (!router) writeSync(fds.get("DB")!, toSqlText(batch));
    else if (batch.table === "ingest_batches") for (const fd of fds.values()) writeSync(fd, toSqlText(batch));
    else {
      const parts = shards.map(() => [] as typeof batch.rows);
      for (const row of batch.rows) parts[router.shardOf(batch.table, row)]!.push(row);
      parts.forEach((rows, i) => rows.length > 0 && writeSync(fds.get(shards[i]!)!, toSqlText({ table: batch.table, rows })));
    }
    counts[batch.table] += batch.rows.length;
    written += batch.rows.length;
    const now = performance.now();
    if (now - lastPrint >= 1000) {
      lastPrint = now;
      process.stderr.write(progressLine(written, total, started));
    }
  }
  for (const fd of fds.values()) if (fd !== 1) closeSync(fd);
  summary(counts, started, args.out === "-" ? "stdout" : bindings.map((b) => resolve(fileOf(b))).join(", "));
}

async function writeDatabase(args: Args): Promise<void> {
  const plan = seedPlan(args);
  const target = plan.control ? `${args.stateDir}: DB + ${plan.shards.map((d) => d.binding).join(", ")}` : plan.shards[0]!.file;
  const cacheKiB = args.options.subjects >= 200_000 ? 1_048_576 : 262_144;
  let seed: OpenSeed;
  try {
    seed = await openSeed(plan, cacheKiB);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (seed.subjectsInControl > 0) {
    seed.close(false);
    fail(
      `the control database DB in ${args.stateDir} holds ${fmt(seed.subjectsInControl)} subjects: this local state was made before sharding ` +
        "(wrangler.toml now binds SHARD_0 … SHARD_3, and subjects live there).\n" +
        `Start afresh: rm -rf ${args.stateDir} && npm start   (or keep one database by removing the SHARD_* blocks from wrangler.toml)`,
    );
  }
  if (seed.existingSubjects > 0) {
    seed.close(false);
    if (args.ifEmpty) {
      process.stderr.write(`seed: subjects already has ${fmt(seed.existingSubjects)} rows; --if-empty: nothing to do (${target})\n`);
      return;
    }
    fail(`subjects already has ${fmt(seed.existingSubjects)} rows in ${target}.\nReset the local databases (rm -rf ${args.stateDir} && npm run db:migrate) or pass --if-empty.`);
  }

  if (seed.batchClashes.length > 0) {
    seed.close(false);
    fail(`ingest_batches already has a row with id 1 in ${seed.batchClashes.join(", ")}; reset the local databases first (rm -rf ${args.stateDir} && npm run db:migrate)`);
  }
  const total = countSeed(args.options).total;
  process.stderr.write(`seed: writing ${fmt(total)} rows (${fmt(args.options.subjects)} subjects) into ${target}\n`);
  const started = performance.now();
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  const TX_ROWS = 10_000;
  let written = 0;
  let inTx = 0;
  let lastPrint = started;
  seed.begin();
  try {
    for (const batch of generateSeed(args.options)) {
      seed.write(batch);
      counts[batch.table] += batch.rows.length;
      written += batch.rows.length;
      inTx += batch.rows.length;
      if (inTx >= TX_ROWS) {
        seed.commit();
        seed.begin();
        inTx = 0;
      }
      const now = performance.now();
      if (now - lastPrint >= 1000) {
        lastPrint = now;
        process.stderr.write(progressLine(written, total, started));
      }
    }
    seed.commit();
  } catch (error) {
    seed.rollback();
    seed.close(false);
    fail(`failed after ${fmt(written)} rows: ${error instanceof Error ? error.message : String(error)}`);
  }
  seed.close(true);
  summary(counts, started, target);
  if (plan.control) process.stderr.write(`  subjects per shard: ${seed.perDatabase().map((d) => `${d.binding} ${fmt(d.subjects)}`).join(" · ")}\n`);
}

const args = parseArgs(process.argv.slice(2));
try {
  countSeed({ ...args.options, subjects: 0 }); // validate options before touching any file
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.out !== undefined) writeSqlFile(args);
else await writeDatabase(args);
