/**
 * Moving one bucket from its shard to another (issue 12 item 4, docs/deployment.md "Moving a bucket").
 *
 * Phases, each idempotent and driven one step at a time (`stepMove`) so every request stays small:
 *   copy   — page through the source's subjects (by id), copy those of the bucket and their records, list entries,
 *            status history and changes to the target; the target assigns new ids, children find their parent by
 *            natural key (subject code; category + authority + 文书号; list type + subject + 文书号), so a step run
 *            twice inserts nothing twice;
 *   verify — per page of source subjects, per table, count and SHA-256 over the rows' content without ids, read by
 *            the same SELECT on both sides;
 *   switch — point the bucket at the target and bump the map version (isolates notice within their 5 s cache);
 *   delete — remove the bucket's rows from the source, after the switch, so a reader always finds a full copy.
 * The state lives in `shard_moves` in the control database (migration 0012): an interrupted move resumes with the
 * next step, or is rolled back (`abortMove`) until the switch, which deletes the partial copy on the target.
 *
 * Not moved yet (the move refuses a bucket that has any): commitments, evaluation results, repair and objection
 * cases with their events and files, watch entries and alerts, record and entity versions, grade changes.
 */
import { bucketOf } from "../../shared/shards/bucket";
import { forgetShardMap, shardBindings } from "./index";

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
    readonly code: "BAD_TARGET" | "NOT_BOUND" | "MOVE_RUNNING" | "NO_MOVE" | "UNSUPPORTED_ROWS" | "VERIFY_FAILED" | "TOO_LATE",
    message: string,
  ) {
    super(message);
  }
}

/** Subjects read from the source per copy or delete step: one step is a few D1 statements over this many. */
const PAGE = 200;

/** Tables keyed by a subject that this move does not copy yet; a bucket with rows in any of them is refused. */
const NOT_MOVED: { table: string; where: string }[] = [
  { table: "commitments", where: "subject_id IN (SELECT value FROM json_each(?1))" },
  { table: "evaluation_results", where: "subject_id IN (SELECT value FROM json_each(?1))" },
  { table: "repair_cases", where: "subject_id IN (SELECT value FROM json_each(?1))" },
  { table: "objection_cases", where: "subject_id IN (SELECT value FROM json_each(?1))" },
  { table: "watch_entries", where: "subject_id IN (SELECT value FROM json_each(?1))" },
  { table: "record_versions", where: "record_id IN (SELECT id FROM records WHERE subject_id IN (SELECT value FROM json_each(?1)))" },
  { table: "entity_versions", where: "entity = 'subject' AND entity_id IN (SELECT value FROM json_each(?1))" },
];

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

/** One page of the source's subjects by id; the ids and codes of those in the bucket, and the last id seen. */
async function page(source: D1Database, bucket: number, after: number): Promise<{ ids: number[]; codes: string[]; last: number | null }> {
  const rows = (await source.prepare("SELECT id, code FROM subjects WHERE id > ?1 ORDER BY id LIMIT ?2").bind(after, PAGE).all<{ id: number; code: string }>()).results;
  const mine = rows.filter((r) => bucketOf(r.code) === bucket);
  return { ids: mine.map((r) => r.id), codes: mine.map((r) => r.code), last: rows.length === PAGE ? rows[rows.length - 1]!.id : null };
}

/** Copies one page of the bucket's subjects and their rows to the target (idempotent by natural keys). */
async function copyPage(source: D1Database, target: D1Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const idsJson = JSON.stringify(ids);
  for (const { table, where } of NOT_MOVED) {
    const n = await source.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).bind(idsJson).first<number>("n");
    if (n) throw new MoveError("UNSUPPORTED_ROWS", `桶内主体在 ${table} 中有数据，暂不支持迁移`);
  }
  const [subjects, records, lists, history, changes] = await source.batch<Record<string, unknown>>([
    source.prepare("SELECT * FROM subjects WHERE id IN (SELECT value FROM json_each(?1))").bind(idsJson),
    source.prepare("SELECT r.*, s.code AS _code FROM records r JOIN subjects s ON s.id = r.subject_id WHERE r.subject_id IN (SELECT value FROM json_each(?1))").bind(idsJson),
    source.prepare("SELECT l.*, s.code AS _code FROM list_entries l JOIN subjects s ON s.id = l.subject_id WHERE l.subject_id IN (SELECT value FROM json_each(?1))").bind(idsJson),
    source.prepare(
      `SELECT h.*, r.category AS _a, r.authority_code AS _b, r.doc_no AS _c, NULL AS _code FROM status_history h JOIN records r ON h.entity = 'record' AND r.id = h.entity_id WHERE r.subject_id IN (SELECT value FROM json_each(?1))
       UNION ALL SELECT h.*, l.list_type, NULL, l.doc_no, s.code FROM status_history h JOIN list_entries l ON h.entity = 'list_entry' AND l.id = h.entity_id JOIN subjects s ON s.id = l.subject_id WHERE l.subject_id IN (SELECT value FROM json_each(?1))`,
    ).bind(idsJson),
    source.prepare(
      `SELECT c.*, s.code AS _code, r.category AS _a, r.authority_code AS _b, coalesce(r.doc_no, l.doc_no) AS _c, l.list_type AS _l
       FROM changes c JOIN subjects s ON s.id = c.subject_id
       LEFT JOIN records r ON c.entity = 'record' AND r.id = c.entity_id LEFT JOIN list_entries l ON c.entity = 'list_entry' AND l.id = c.entity_id
       WHERE c.subject_id IN (SELECT value FROM json_each(?1)) ORDER BY c.seq`,
    ).bind(idsJson),
  ]);
  const batchIds = new Set<number>();
  for (const r of [...subjects!.results, ...records!.results, ...lists!.results]) if (r.batch_id != null) batchIds.add(r.batch_id as number);
  const batches = (await source.prepare("SELECT * FROM ingest_batches WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify([...batchIds])).all()).results;

  const insert = async (table: string, rows: Record<string, unknown>[], keep: (c: string) => boolean, computed: Record<string, string>, tail: string) => {
    const cols = (await columns(target, table)).filter((c) => keep(c) && !(c in computed));
    const names = [...cols, ...Object.keys(computed)];
    const values = [...cols.map((c) => `j.value ->> '$.${c}'`), ...Object.values(computed)];
    return target.prepare(`INSERT INTO ${table} (${names.join(", ")}) SELECT ${values.join(", ")} FROM json_each(?1) j WHERE 1 ${tail}`).bind(JSON.stringify(rows));
  };
  const subjectOf = "(SELECT id FROM subjects WHERE code = j.value ->> '$._code')";
  const recordOf = "(SELECT id FROM records WHERE category = j.value ->> '$._a' AND authority_code = j.value ->> '$._b' AND doc_no = j.value ->> '$._c')";
  const listOf = (type: string) => `(SELECT id FROM list_entries WHERE list_type = ${type} AND doc_no = j.value ->> '$._c' AND subject_id = ${subjectOf})`;
  const recordKeys = "(SELECT id FROM records WHERE (category, authority_code, doc_no) IN (SELECT j.value ->> '$.category', j.value ->> '$.authority_code', j.value ->> '$.doc_no' FROM json_each(?1) j))";
  const listKeys = `(SELECT l.id FROM list_entries l JOIN subjects s ON s.id = l.subject_id WHERE (l.list_type, s.code, l.doc_no) IN (SELECT j.value ->> '$.list_type', j.value ->> '$._code', j.value ->> '$.doc_no' FROM json_each(?1) j))`;
  const codes = JSON.stringify(subjects!.results.map((s) => s.code));
  const changeRows = changes!.results;
  // One batch (one transaction): a step either lands whole or not at all. Inserting records and list entries
  // fires the triggers that write status history and changes with the target's ids; those are replaced by the
  // source's own rows (remapped), so history keeps its real times and actors and nothing is counted twice.
  await target.batch([
    await insert("ingest_batches", batches, () => true, {}, "ON CONFLICT DO NOTHING"),
    await insert("subjects", subjects!.results, (c) => c !== "id", {}, "ON CONFLICT DO NOTHING"),
    await insert("records", records!.results, (c) => c !== "id", { subject_id: subjectOf }, "ON CONFLICT DO NOTHING"),
    await insert("list_entries", lists!.results, (c) => c !== "id", { subject_id: subjectOf }, "ON CONFLICT DO NOTHING"),
    target.prepare(`DELETE FROM status_history WHERE (entity = 'record' AND entity_id IN ${recordKeys})`).bind(JSON.stringify(records!.results)),
    target.prepare(`DELETE FROM status_history WHERE (entity = 'list_entry' AND entity_id IN ${listKeys})`).bind(JSON.stringify(lists!.results)),
    await insert("status_history", history!.results, (c) => c !== "id", { entity_id: `CASE j.value ->> '$.entity' WHEN 'record' THEN ${recordOf} ELSE ${listOf("j.value ->> '$._a'")} END` }, ""),
    target.prepare("DELETE FROM changes WHERE subject_id IN (SELECT id FROM subjects WHERE code IN (SELECT value FROM json_each(?1)))").bind(codes),
    await insert(
      "changes",
      changeRows,
      (c) => c !== "seq",
      { subject_id: subjectOf, entity_id: `CASE j.value ->> '$.entity' WHEN 'record' THEN ${recordOf} WHEN 'list_entry' THEN ${listOf("j.value ->> '$._l'")} ELSE ${subjectOf} END` },
      "",
    ),
  ]);
}

/**
 * Per table: the number of rows and a SHA-256 over their content without ids (parents named by natural key),
 * read by the same SELECT on each side, so the copy is checked independently of how it was written.
 */
export const DIGEST_TABLES = ["subjects", "records", "list_entries", "status_history", "changes"] as const;
export type BucketDigest = Record<(typeof DIGEST_TABLES)[number], { rows: number; sha256: string }>;

export async function bucketDigest(d: D1Database, codes: string[]): Promise<BucketDigest> {
  const c = JSON.stringify(codes);
  const inBucket = "s.code IN (SELECT value FROM json_each(?1))";
  const without = async (table: string, drop: string[]) => (await columns(d, table)).filter((x) => !drop.includes(x)).map((x) => `t.${x}`).join(", ");
  const queries: Record<keyof BucketDigest, string> = {
    subjects: `SELECT ${await without("subjects", ["id"])} FROM subjects t JOIN subjects s ON s.id = t.id WHERE ${inBucket} ORDER BY t.code`,
    records: `SELECT s.code, ${await without("records", ["id", "subject_id"])} FROM records t JOIN subjects s ON s.id = t.subject_id WHERE ${inBucket} ORDER BY t.category, t.authority_code, t.doc_no`,
    list_entries: `SELECT s.code, ${await without("list_entries", ["id", "subject_id"])} FROM list_entries t JOIN subjects s ON s.id = t.subject_id WHERE ${inBucket} ORDER BY t.list_type, s.code, t.doc_no`,
    status_history: `SELECT coalesce(r.doc_no, l.doc_no), coalesce(r.authority_code, l.list_type), ${await without("status_history", ["id", "entity_id"])} FROM status_history t
      LEFT JOIN records r ON t.entity = 'record' AND r.id = t.entity_id LEFT JOIN list_entries l ON t.entity = 'list_entry' AND l.id = t.entity_id
      JOIN subjects s ON s.id = coalesce(r.subject_id, l.subject_id) WHERE ${inBucket} ORDER BY 1, 2, t.changed_at, t.to_status, t.id`,
    changes: `SELECT s.code, t.entity, coalesce(r.doc_no, l.doc_no), t.at FROM changes t JOIN subjects s ON s.id = t.subject_id
      LEFT JOIN records r ON t.entity = 'record' AND r.id = t.entity_id LEFT JOIN list_entries l ON t.entity = 'list_entry' AND l.id = t.entity_id
      WHERE ${inBucket} ORDER BY t.seq`,
  };
  const results = await d.batch(DIGEST_TABLES.map((n) => d.prepare(queries[n]).bind(c)));
  const out = {} as BucketDigest;
  for (const [i, name] of DIGEST_TABLES.entries()) {
    const rows = results[i]!.results;
    const bytes = new TextEncoder().encode(JSON.stringify(rows.map((r) => Object.values(r as object))));
    const hash = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
    out[name] = { rows: rows.length, sha256: hash };
  }
  return out;
}

export interface StepResult {
  state: MoveState;
  /** What this step did, for the progress line of `npm run shards:move`. */
  progress: string;
  digest?: BucketDigest;
}

/** Advances the bucket's move by one step; call again until `state.phase` is "done". */
export async function stepMove(env: Env, bucket: number): Promise<StepResult> {
  const state = await moveState(env.DB, bucket);
  if (!state) throw new MoveError("NO_MOVE", `桶 ${bucket} 没有进行中的迁移`);
  const source = db(env, state.from);
  const target = db(env, state.to);
  switch (state.phase) {
    case "copy": {
      const p = await page(source, bucket, state.cursor);
      await copyPage(source, target, p.ids);
      if (p.last === null) await setPhase(env.DB, bucket, "verify");
      else await setPhase(env.DB, bucket, "copy", p.last);
      return { state: (await moveState(env.DB, bucket))!, progress: `copy: ${p.ids.length} subjects after id ${state.cursor}` };
    }
    case "verify": {
      // Page by page like the copy (one page of source subjects per step), so no step reads a whole bucket.
      const p = await page(source, bucket, state.cursor);
      const codes = [...p.codes].sort();
      const [a, b] = [await bucketDigest(source, codes), await bucketDigest(target, codes)];
      const bad = DIGEST_TABLES.filter((t) => a[t].rows !== b[t].rows || a[t].sha256 !== b[t].sha256);
      if (bad.length > 0) throw new MoveError("VERIFY_FAILED", `校验不一致：${bad.join("、")}`);
      if (p.last === null) await setPhase(env.DB, bucket, "switch");
      else await setPhase(env.DB, bucket, "verify", p.last);
      return { state: (await moveState(env.DB, bucket))!, progress: `verify: ${codes.length} subjects after id ${state.cursor}, ${DIGEST_TABLES.map((t) => `${t} ${a[t].rows}`).join(", ")}`, digest: a };
    }
    case "switch": {
      // Map, version and phase in one batch: either the bucket points at the target and the delete may begin, or nothing changed.
      await env.DB.batch([
        env.DB.prepare("UPDATE shard_map SET binding = ?2 WHERE bucket = ?1 AND binding = ?3").bind(bucket, state.to, state.from),
        env.DB.prepare("UPDATE shard_map_version SET version = version + 1 WHERE id = 1"),
        env.DB.prepare("UPDATE shard_moves SET phase = 'delete', cursor = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE bucket = ?1").bind(bucket),
      ]);
      forgetShardMap();
      return { state: (await moveState(env.DB, bucket))!, progress: `switch: bucket ${bucket} → ${state.to}` };
    }
    case "delete": {
      const p = await page(source, bucket, state.cursor);
      await deleteSubjects(source, p.ids);
      if (p.last === null) {
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

/** Removes subjects and their copied rows from one database, in one batch (children first, for the foreign keys). */
async function deleteSubjects(d: D1Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const j = JSON.stringify(ids);
  await d.batch([
    d.prepare("DELETE FROM status_history WHERE entity = 'record' AND entity_id IN (SELECT id FROM records WHERE subject_id IN (SELECT value FROM json_each(?1)))").bind(j),
    d.prepare("DELETE FROM status_history WHERE entity = 'list_entry' AND entity_id IN (SELECT id FROM list_entries WHERE subject_id IN (SELECT value FROM json_each(?1)))").bind(j),
    d.prepare("DELETE FROM changes WHERE subject_id IN (SELECT value FROM json_each(?1))").bind(j),
    d.prepare("DELETE FROM records WHERE subject_id IN (SELECT value FROM json_each(?1))").bind(j),
    d.prepare("DELETE FROM list_entries WHERE subject_id IN (SELECT value FROM json_each(?1))").bind(j),
    d.prepare("DELETE FROM subjects WHERE id IN (SELECT value FROM json_each(?1))").bind(j),
  ]);
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
    await deleteSubjects(target, p.ids);
    if (p.last === null) break;
    after = p.last;
  }
  await env.DB.prepare("DELETE FROM shard_moves WHERE bucket = ?1").bind(bucket).run();
}
