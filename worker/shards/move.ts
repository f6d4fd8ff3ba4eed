/**
 * Moving one bucket from its shard to another (issue 12 item 4, docs/deployment.md "Moving a bucket").
 *
 * Phases, each idempotent and driven one step at a time (`stepMove`) so every request stays small:
 *   copy   — page through the source's subjects (by id) and copy those of the bucket with every row keyed by them
 *            (`MOVED_TABLES` in ./move-tables: records, list entries, status history, changes, commitments,
 *            evaluation results, grade changes, versions, cases with their events and files, watch entries,
 *            alerts); the target assigns new ids, children find their parent by natural key, and a page copied
 *            again replaces its earlier copy, so a step run twice inserts nothing twice;
 *   verify — per page of source subjects, per table, count and SHA-256 over the rows' content without ids, read by
 *            the same SELECT on both sides; a page that differs (a write after its copy) is copied once more;
 *   switch — point the bucket at the target and bump the map version (isolates notice within their 5 s cache);
 *   delete — rebuild the page's 近90天查询次数 (query_counts, derived) on the target from the query log, then
 *            remove the bucket's rows from the source, after the switch, so a reader always finds a full copy. The
 *            source's change rows stay (subject_id 0, the code in moved_code) as the feed's history.
 * The state lives in `shard_moves` in the control database (migration 0012): an interrupted move resumes with the
 * next step, or is rolled back (`abortMove`) until the switch, which deletes the partial copy on the target.
 * The change feed across a move: docs/architecture.md "Moving a bucket".
 */
import { bucketOf } from "../../shared/shards/bucket";
import { rebuildQueryCounts } from "./query-counts";
import { MAP_TTL_MS, forgetShardMap, shardBindings } from "./index";
import { deleteStatements, MOVED_TABLES, TRIGGER_ROWS } from "./move-tables";

export type MovePhase = "copy" | "verify" | "switch" | "delete" | "done";

export interface MoveState {
  bucket: number;
  from: string;
  to: string;
  phase: MovePhase;
  cursor: number;
}

export class MoveError extends Error {
  constructor(
    readonly code: "BAD_TARGET" | "NOT_BOUND" | "MOVE_RUNNING" | "NO_MOVE" | "VERIFY_FAILED" | "TOO_LATE",
    message: string,
  ) {
    super(message);
  }
}

/** Subjects read from the source per copy or delete step: one step is a few D1 statements over this many. */
const PAGE = 200;

type Env = Record<string, unknown> & { DB: D1Database };

function db(env: Env, binding: string): D1Database {
  const d = env[binding] as D1Database | undefined;
  if (!d) throw new MoveError("NOT_BOUND", `${binding} 未绑定`);
  return d;
}

const columnCache = new Map<string, string[]>();
async function columns(d: D1Database, table: string): Promise<string[]> {
  let cols = columnCache.get(table);
  if (!cols) {
    const rows = await d.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid").bind(table).all<{ name: string }>();
    cols = rows.results.map((r) => r.name);
    columnCache.set(table, cols);
  }
  return cols;
}

export async function moveState(control: D1Database, bucket: number): Promise<MoveState | null> {
  const row = await control.prepare("SELECT bucket, from_binding, to_binding, phase, cursor FROM shard_moves WHERE bucket = ?1").bind(bucket).first<{ bucket: number; from_binding: string; to_binding: string; phase: MovePhase; cursor: number }>();
  return row ? { bucket: row.bucket, from: row.from_binding, to: row.to_binding, phase: row.phase, cursor: row.cursor } : null;
}

/** Starts a move (or returns the running one for the same target: starting twice is resuming). */
export async function startMove(env: Env, bucket: number, to: string): Promise<MoveState> {
  if (!shardBindings(env).includes(to)) throw new MoveError("NOT_BOUND", `${to} 未绑定`);
  const running = await moveState(env.DB, bucket);
  if (running) {
    if (running.to !== to) throw new MoveError("MOVE_RUNNING", `桶 ${bucket} 正在迁往 ${running.to}`);
    return running;
  }
  const from = await env.DB.prepare("SELECT binding FROM shard_map WHERE bucket = ?1").bind(bucket).first<string>("binding");
  if (!from) throw new MoveError("NO_MOVE", "分片映射尚未建立");
  if (from === to) throw new MoveError("BAD_TARGET", `桶 ${bucket} 已在 ${to}`);
  await env.DB.prepare("INSERT INTO shard_moves (bucket, from_binding, to_binding, phase) VALUES (?1, ?2, ?3, 'copy')").bind(bucket, from, to).run();
  return (await moveState(env.DB, bucket))!;
}

async function setPhase(control: D1Database, bucket: number, phase: MovePhase, cursor = 0): Promise<void> {
  await control.prepare("UPDATE shard_moves SET phase = ?2, cursor = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE bucket = ?1").bind(bucket, phase, cursor).run();
}

/**
 * One page of the source's subjects by id; the ids and codes of those in the bucket, the last id seen when the page
 * is full (null: this was the last page) and the highest id seen at all.
 */
async function page(source: D1Database, bucket: number, after: number): Promise<{ ids: number[]; codes: string[]; last: number | null; max: number }> {
  const rows = (await source.prepare("SELECT id, code FROM subjects WHERE id > ?1 ORDER BY id LIMIT ?2").bind(after, PAGE).all<{ id: number; code: string }>()).results;
  const mine = rows.filter((r) => bucketOf(r.code) === bucket);
  const max = rows.at(-1)?.id ?? after;
  return { ids: mine.map((r) => r.id), codes: mine.map((r) => r.code), last: rows.length === PAGE ? max : null, max };
}

/**
 * Write-freezes subjects on the source (migration 0015): from now on their primary rows there can only be read or
 * deleted; a write is refused with SHARD_MOVE_FROZEN (503 shard_moving) and retried after the switch.
 */
async function freeze(source: D1Database, bucket: number, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await source.prepare("INSERT OR IGNORE INTO move_frozen (subject_id, bucket) SELECT value, ?2 FROM json_each(?1)").bind(JSON.stringify(ids), bucket).run();
}

const unfreeze = (source: D1Database, bucket: number) => source.prepare("DELETE FROM move_frozen WHERE bucket = ?1").bind(bucket).run();

/** How long after the switch the delete waits: every isolate's cached bucket map has expired by then. */
export const SWITCH_SETTLE_MS = MAP_TTL_MS + 1_000;

/** Copies one page of the bucket's subjects and every row keyed by them to the target, replacing what an earlier
 * run of the same page left there (one batch, one transaction: a step lands whole or not at all). */
async function copyPage(source: D1Database, target: D1Database, from: string, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const c = JSON.stringify(codes);
  const read = await source.batch<Record<string, unknown>>([
    ...MOVED_TABLES.map((t) => source.prepare(t.select).bind(c)),
    source.prepare("SELECT * FROM evaluation_models WHERE status <> 'draft' ORDER BY status = 'published', id"),
  ]);
  const rows = new Map(MOVED_TABLES.map((t, i) => [t.table, read[i]!.results]));
  const models = read[MOVED_TABLES.length]!.results;
  const batchIds = new Set<number>();
  for (const table of ["subjects", "records", "list_entries", "commitments"]) for (const r of rows.get(table)!) if (r.batch_id != null) batchIds.add(r.batch_id as number);
  for (const r of rows.get("entity_versions")!) if (r.replaced_by_batch != null) batchIds.add(r.replaced_by_batch as number);
  const batches = (await source.prepare("SELECT * FROM ingest_batches WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify([...batchIds])).all()).results;

  const insert = async (table: string, data: unknown[], drop: string[], computed: Record<string, string>, tail = "") => {
    const cols = (await columns(target, table)).filter((x) => !drop.includes(x) && !(x in computed));
    const names = [...cols, ...Object.keys(computed)];
    const values = [...cols.map((x) => `j.value ->> '$.${x}'`), ...Object.values(computed)];
    const sql = `INSERT INTO ${table} (${names.join(", ")}) SELECT ${values.join(", ")} FROM json_each(?1) j WHERE true ORDER BY j.key ${tail}`;
    return target.prepare(sql).bind(...(sql.includes("?2") ? [JSON.stringify(data), from] : [JSON.stringify(data)]));
  };
  const statements: D1PreparedStatement[] = [
    await insert("ingest_batches", batches, [], {}, "ON CONFLICT DO NOTHING"),
    // Results name their model by foreign key: the source's copies of the published and retired models come along
    // (retired first, a status only moves forward, as mirrorModelsStatement does).
    await insert("evaluation_models", models, [], {}, "ON CONFLICT (id) DO UPDATE SET status = excluded.status, published_at = excluded.published_at WHERE evaluation_models.status = 'published' AND excluded.status = 'retired'"),
    ...deleteStatements(false).map((sql) => target.prepare(sql).bind(c)),
  ];
  for (const t of MOVED_TABLES) {
    const trigger = TRIGGER_ROWS[t.table];
    if (trigger) statements.push(target.prepare(trigger).bind(c));
    statements.push(await insert(t.table, rows.get(t.table)!, t.drop, t.computed));
  }
  await target.batch(statements);
}

/**
 * Per table: the number of rows and a SHA-256 over their content without ids (parents named by natural key), read
 * by the same SELECT on each side (`MOVED_TABLES`), so the copy is checked independently of how it was written.
 */
/** The tables a move verifies: every moved table but the derived figures, which it rebuilds instead. */
const VERIFIED_TABLES = MOVED_TABLES.filter((t) => !t.derived);
export const DIGEST_TABLES = VERIFIED_TABLES.map((t) => t.table);
export type BucketDigest = Record<string, { rows: number; sha256: string }>;

export async function bucketDigest(d: D1Database, codes: string[]): Promise<BucketDigest> {
  const c = JSON.stringify(codes);
  const results = await d.batch<Record<string, unknown>>(VERIFIED_TABLES.map((t) => d.prepare(t.select).bind(c)));
  const out: BucketDigest = {};
  for (const [i, t] of VERIFIED_TABLES.entries()) {
    // Ids, seqs and what is derived from this database's own cursors are left out: they differ by design.
    const skip = new Set([...t.drop, "_fan", "_cs"]);
    const rows = results[i]!.results.map((r) => Object.entries(r).filter(([k]) => !skip.has(k)).map(([, x]) => x));
    const hash = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(rows))))].map((b) => b.toString(16).padStart(2, "0")).join("");
    out[t.table] = { rows: rows.length, sha256: hash };
  }
  return out;
}

function differences(a: BucketDigest, b: BucketDigest): string[] {
  return DIGEST_TABLES.filter((t) => a[t]!.rows !== b[t]!.rows || a[t]!.sha256 !== b[t]!.sha256);
}

export interface StepResult {
  state: MoveState;
  /** What this step did, for the progress line of `npm run shards:move`. */
  progress: string;
  digest?: BucketDigest;
}

/**
 * Advances the bucket's move by one step; call again until `state.phase` is "done". `settleMs`: how long the delete
 * waits after the switch (SWITCH_SETTLE_MS; tests that drop every cached map themselves pass less).
 */
export async function stepMove(env: Env, bucket: number, options: { settleMs?: number } = {}): Promise<StepResult> {
  const state = await moveState(env.DB, bucket);
  if (!state) throw new MoveError("NO_MOVE", `桶 ${bucket} 没有进行中的迁移`);
  const source = db(env, state.from);
  const target = db(env, state.to);
  switch (state.phase) {
    case "copy": {
      const p = await page(source, bucket, state.cursor);
      await copyPage(source, target, state.from, p.codes);
      if (p.last === null) await setPhase(env.DB, bucket, "verify");
      else await setPhase(env.DB, bucket, "copy", p.last);
      return { state: (await moveState(env.DB, bucket))!, progress: `copy: ${p.ids.length} subjects after id ${state.cursor}` };
    }
    case "verify": {
      // Page by page like the copy (one page of source subjects per step), so no step reads a whole bucket.
      const p = await page(source, bucket, state.cursor);
      const codes = [...p.codes].sort();
      // Frozen first: once the page is verified, nothing can change it on the source any more.
      await freeze(source, bucket, p.ids);
      let [a, b] = [await bucketDigest(source, codes), await bucketDigest(target, codes)];
      let recopied = false;
      if (differences(a, b).length > 0) {
        // A write reached the source after this page was copied (an upload, a case step, the alert fan-out): the
        // page is copied again, replacing the earlier copy, and checked once more.
        await copyPage(source, target, state.from, codes);
        [a, b] = [await bucketDigest(source, codes), await bucketDigest(target, codes)];
        recopied = true;
      }
      const bad = differences(a, b);
      if (bad.length > 0) throw new MoveError("VERIFY_FAILED", `校验不一致：${bad.join("、")}`);
      // The switch starts after the highest id verified: subjects created later are its to copy.
      if (p.last === null) await setPhase(env.DB, bucket, "switch", p.max);
      else await setPhase(env.DB, bucket, "verify", p.last);
      return { state: (await moveState(env.DB, bucket))!, progress: `verify: ${codes.length} subjects after id ${state.cursor}${recopied ? " (copied again)" : ""}, ${DIGEST_TABLES.filter((t) => a[t]!.rows > 0).map((t) => `${t} ${a[t]!.rows}`).join(", ")}`, digest: a };
    }
    case "switch": {
      // Subjects of the bucket created on the source after the verification passed them (their ids are higher): frozen,
      // then copied, so the target holds every subject when the map turns to it.
      let created = 0;
      for (let after = state.cursor; ; ) {
        const p = await page(source, bucket, after);
        await freeze(source, bucket, p.ids);
        await copyPage(source, target, state.from, p.codes);
        created += p.ids.length;
        if (p.last === null) break;
        after = p.last;
      }
      // Map, version and phase in one batch: either the bucket points at the target and the delete may begin, or nothing changed.
      await env.DB.batch([
        env.DB.prepare("UPDATE shard_map SET binding = ?2 WHERE bucket = ?1 AND binding = ?3").bind(bucket, state.to, state.from),
        env.DB.prepare("UPDATE shard_map_version SET version = version + 1 WHERE id = 1"),
        env.DB.prepare("UPDATE shard_moves SET phase = 'delete', cursor = 0, switched_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE bucket = ?1").bind(bucket),
      ]);
      forgetShardMap();
      return { state: (await moveState(env.DB, bucket))!, progress: `switch: bucket ${bucket} → ${state.to}${created ? ` (${created} subjects created since verification copied)` : ""}` };
    }
    case "delete": {
      if (state.cursor === 0) await settle(env.DB, bucket, options.settleMs ?? SWITCH_SETTLE_MS);
      const p = await page(source, bucket, state.cursor);
      // A subject the source has but did not freeze was created there after the switch, by an isolate still routing by
      // its cached map (the wait above outlasts those): copied to the target like the switch's, unless the target
      // created the same code meanwhile, which stops the move rather than lose either side's rows.
      const late = await unfrozen(source, p.ids);
      if (late.length > 0) {
        const codes = p.codes.filter((_, i) => late.includes(p.ids[i]!));
        const both = (await target.prepare("SELECT code FROM subjects WHERE code IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(codes)).all<{ code: string }>()).results.map((r) => r.code);
        if (both.length > 0) throw new MoveError("VERIFY_FAILED", `切换后源分片和目标分片都新建了主体 ${both.join("、")}：请核对两边的记录后处理，再继续迁移`);
        await freeze(source, bucket, late);
        await copyPage(source, target, state.from, codes);
      }
      // Officers' lookups kept counting on the source until the switch: the page's counts are rebuilt on the target
      // from the query log (the record), then the source's rows go.
      await rebuildQueryCounts(env.DB, target, p.codes);
      await deleteSubjects(source, p.codes, true);
      if (p.last === null) {
        await unfreeze(source, bucket);
        await env.DB.prepare("DELETE FROM shard_moves WHERE bucket = ?1").bind(bucket).run();
        return { state: { ...state, phase: "done" }, progress: `delete: ${p.ids.length} subjects; done` };
      }
      // Deleted rows leave the page, so the cursor still advances by the last id seen.
      await setPhase(env.DB, bucket, "delete", p.last);
      return { state: (await moveState(env.DB, bucket))!, progress: `delete: ${p.ids.length} subjects after id ${state.cursor}` };
    }
    default:
      return { state, progress: "done" };
  }
}

/** Waits until `ms` have passed since the bucket's switch (at most that long). */
async function settle(control: D1Database, bucket: number, ms: number): Promise<void> {
  if (ms <= 0) return;
  const at = await control.prepare("SELECT switched_at FROM shard_moves WHERE bucket = ?1").bind(bucket).first<string | null>("switched_at");
  const wait = at ? Date.parse(at) + ms - Date.now() : 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, ms)));
}

/** Which of these source subject ids are not frozen. */
async function unfrozen(source: D1Database, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const { results } = await source
    .prepare("SELECT value AS id FROM json_each(?1) WHERE value NOT IN (SELECT subject_id FROM move_frozen)")
    .bind(JSON.stringify(ids))
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** Removes subjects and every row keyed by them from one database, in one batch (`deleteStatements`). */
async function deleteSubjects(d: D1Database, codes: string[], keepFeed: boolean): Promise<void> {
  if (codes.length === 0) return;
  const c = JSON.stringify(codes);
  await d.batch(deleteStatements(keepFeed).map((sql) => d.prepare(sql).bind(c)));
}

/** Rolls a move back before its switch: deletes the partial copy on the target and the move's state. */
export async function abortMove(env: Env, bucket: number): Promise<void> {
  const state = await moveState(env.DB, bucket);
  if (!state) throw new MoveError("NO_MOVE", `桶 ${bucket} 没有进行中的迁移`);
  if (state.phase === "delete") throw new MoveError("TOO_LATE", "映射已切换，只能继续完成迁移");
  const target = db(env, state.to);
  let after = 0;
  for (;;) {
    const p = await page(target, bucket, after);
    await deleteSubjects(target, p.codes, false);
    if (p.last === null) break;
    after = p.last;
  }
  await unfreeze(db(env, state.from), bucket);
  await env.DB.prepare("DELETE FROM shard_moves WHERE bucket = ?1").bind(bucket).run();
}
