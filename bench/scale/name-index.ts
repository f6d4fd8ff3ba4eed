/**
 * `npx tsx bench/scale/name-index.ts [--state-dir .wrangler/bench-scale-1m] [--queries 200]`
 *
 * Issue 12 item 2: one global name index, or scatter-gather over the shards' own indexes? Measured on the seeded
 * local shard files with node:sqlite, outside the worker (pure SQLite time, no D1 or HTTP overhead):
 * - scatter-gather: the worker's candidate statements (worker/search/sql.ts) on every shard, per-shard row caps
 *   as given by --caps (default: 500, the old per-shard cap, and 125 = 500 ÷ 4 shards);
 * - global: the same statements on one database holding every shard's organisations with the same indexes (FTS5
 *   trigram, bigram table, name and code indexes), built once next to the state (`name-index-global.sqlite`).
 * Prints the query plans, then per query length the median and p95 of: the slowest shard (what parallel shards
 * cost), the sum over shards (what one thread serving all shards costs), and the global index; rows returned.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { localSubjectDatabases, openSqlite } from "../../scripts/lib/local-d1";
import { CODE_PREFIX_SQL, containsSource, nameParams, nameSql } from "../../worker/search/sql";
import { type SearchLength, searchQueries } from "./queries";

const { values } = parseArgs({
  allowNegative: true,
  options: {
    "state-dir": { type: "string", default: ".wrangler/bench-scale-1m" },
    queries: { type: "string", default: "200" },
    caps: { type: "string", default: "500,125" },
    /** --no-global: time the shards only (building the global index at 1 M takes long on a shared machine). */
    global: { type: "boolean", default: true },
  },
});
const stateDir = values["state-dir"]!;
const LIMIT = 500;
const caps = values.caps!.split(",").map(Number);
const { DatabaseSync } = await openSqlite();
type Db = InstanceType<typeof DatabaseSync>;

const shardFiles = localSubjectDatabases(stateDir).map((d) => d.file);
const shards = shardFiles.map((f) => new DatabaseSync(f, { readOnly: true }));
const globalFile = join(stateDir, "name-index-global.sqlite");

/** One database with every shard's organisations and the same name indexes (the "global index" alternative). */
function buildGlobal(): void {
  const t0 = performance.now();
  const g = new DatabaseSync(globalFile);
  g.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;
    CREATE TABLE subjects (id INTEGER PRIMARY KEY, code TEXT NOT NULL, code_type TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
      region_code TEXT, registration_status TEXT NOT NULL);
    CREATE TABLE name_positions (n INTEGER PRIMARY KEY);
    INSERT INTO name_positions (n) WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 200) SELECT n FROM k;`);
  g.exec("BEGIN");
  shardFiles.forEach((file, i) => {
    g.exec(`ATTACH '${file.replaceAll("'", "''")}' AS s${i}`);
    g.exec(`INSERT INTO subjects SELECT id, code, code_type, kind, name, region_code, registration_status FROM s${i}.subjects`);
  });
  g.exec("COMMIT");
  shardFiles.forEach((_, i) => g.exec(`DETACH s${i}`));
  g.exec(`CREATE UNIQUE INDEX subjects_code ON subjects (code); CREATE INDEX subjects_name ON subjects (name);
    CREATE VIRTUAL TABLE subject_names USING fts5 (name, content = 'subjects', content_rowid = 'id', tokenize = 'trigram');
    INSERT INTO subject_names (subject_names) VALUES ('rebuild');
    CREATE TABLE subject_name_bigrams (gram TEXT NOT NULL, subject_id INTEGER NOT NULL, PRIMARY KEY (gram, subject_id)) WITHOUT ROWID;
    INSERT OR IGNORE INTO subject_name_bigrams (gram, subject_id) SELECT substr(s.name, n, 2), s.id FROM subjects s JOIN name_positions ON n < length(s.name);
    ANALYZE;`);
  g.close();
  console.error(`global index built in ${((performance.now() - t0) / 1000).toFixed(0)} s (${(statSync(globalFile).size / 1e9).toFixed(2)} GB)`);
}
if (values.global && !existsSync(globalFile)) buildGlobal();
const global = values.global ? new DatabaseSync(globalFile, { readOnly: true }) : null;

/** The statement one database runs for a query (worker/search/queries.ts): its first page of 20, ranked. */
function statement(length: SearchLength, q: string, cap: number): [string, (string | number)[]] {
  if (length === "code") return [CODE_PREFIX_SQL, [q, LIMIT, 20]];
  const source = containsSource([...q].length);
  return [nameSql(source), nameParams(source, q, cap, 20)];
}

function run(db: Db, length: SearchLength, q: string, cap: number): { ms: number; rows: number; matched: number } {
  const t0 = performance.now();
  const [sql, params] = statement(length, q, cap);
  const rows = db.prepare(sql).all(...params) as { matched: number }[];
  return { ms: performance.now() - t0, rows: rows.length, matched: rows[0]?.matched ?? 0 };
}

// Sample names and codes spread over every shard (as bench:scale does).
const sample = shards.flatMap((db) => db.prepare("SELECT code, name FROM subjects WHERE code_type = 'uscc' AND id % 997 = 1 LIMIT ?").all(Math.ceil(Number(values.queries) / shards.length)) as { code: string; name: string }[]);
const queries = searchQueries(sample.map((r) => r.name), sample.map((r) => r.code));

console.log(`\n## Name index: scatter-gather over ${shards.length} shards vs one global index (${stateDir})\n`);
const counts = shards.map((db) => Number((db.prepare("SELECT count(*) AS n FROM subjects").get() as { n: number }).n));
console.log(`Subjects per shard: ${counts.map((n) => n.toLocaleString("en-US")).join(", ")}; global: ${global ? Number((global.prepare("SELECT count(*) AS n FROM subjects").get() as { n: number }).n).toLocaleString("en-US") : "not built (--no-global)"}.\n`);
console.log("Query plans (EXPLAIN QUERY PLAN, one shard; the global database gives the same):\n");
const plans: [string, string, (string | number)[]][] = [
  ["code prefix", CODE_PREFIX_SQL, ["9150", LIMIT, 20]],
  ...(["trigram", "bigram", "bigramPrefix"] as const).map((s): [string, string, (string | number)[]] => [`name, contains via ${s}`, nameSql(s), nameParams(s, "渝信", 125, 20)]),
];
for (const [name, sql, params] of plans) {
  const plan = (shards[0]!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("; ");
  console.log(`- ${name}: ${plan}`);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const f = (n: number) => n.toFixed(2);
console.log("\nEach statement returns its first 20 rows (page 1), ranked, with its candidate count. Candidates: up to the cap per source (name prefix, contains) and database; the global index reads the whole limit (500).\n");
console.log("| query | per-shard cap | slowest shard p50 / p95 ms | sum of shards p50 / p95 ms | candidates (sum of shards, median) | global index p50 / p95 ms | candidates (global, median) |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const length of ["1", "2", "4", "code"] as const) {
  const qs = queries[length];
  // Warm the page cache of every file for this kind of query first, as a running worker's would be.
  for (const q of qs.slice(0, 20)) {
    for (const db of shards) run(db, length, q, LIMIT);
    if (global) run(global, length, q, LIMIT);
  }
  for (const cap of caps) {
    const slowest: number[] = [];
    const sum: number[] = [];
    const rows: number[] = [];
    const matched: number[] = [];
    const globalMs: number[] = [];
    const globalRows: number[] = [];
    for (const q of qs) {
      const per = shards.map((db) => run(db, length, q, cap));
      slowest.push(Math.max(...per.map((p) => p.ms)));
      sum.push(per.reduce((s, p) => s + p.ms, 0));
      rows.push(per.reduce((s, p) => s + p.rows, 0));
      matched.push(per.reduce((s, p) => s + p.matched, 0));
      if (global && cap === caps[0]) {
        const g = run(global, length, q, LIMIT);
        globalMs.push(g.ms);
        globalRows.push(g.matched);
      }
    }
    const label = length === "code" ? "8-character code prefix" : `${length}-character name`;
    const globalCells = !global ? "— | —" : cap === caps[0] ? `${f(pct(globalMs, 50))} / ${f(pct(globalMs, 95))} | ${pct(globalRows, 50)}` : "(same) | ";
    console.log(`| ${label} | ${length === "code" ? `${LIMIT} (count)` : cap} | ${f(pct(slowest, 50))} / ${f(pct(slowest, 95))} | ${f(pct(sum, 50))} / ${f(pct(sum, 95))} | ${pct(matched, 50)} | ${globalCells} |`);
    if (length === "code") break;
  }
}
