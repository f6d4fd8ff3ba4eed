/**
 * The SQL steps every kind's write plan is made of. A plan writes a whole chunk at once: the chunk's rows travel as
 * ONE JSON parameter read with json_each, so a chunk of hundreds of rows costs a handful of statements and stays
 * under D1's 100-parameter limit; the statements' results then classify each row.
 *
 * Every write is an upsert on the natural key that changes nothing when the values are the same: no version bump,
 * no status_history row (triggers), no changes-feed row. Before a real change the stored row is copied to
 * record_versions / entity_versions. A provider never overwrites a row another unit provided (`guard`), and a state
 * that went backwards (a fulfilled commitment sent as pending, a removed list entry sent again) is refused; such
 * rows are skipped by every statement, so nothing of them is written.
 *
 * Parameters of every statement: ?1 the chunk's JSON, ?2 a kind constant (the record category), ?3 the batch id,
 * ?4 the received time, ?5 the guard (the provider's unit, NULL for admins).
 */
import type { IngestRule } from "../../shared/contract/ingest";
import type { SubjectRef } from "./validate";

/** What became of one valid row. */
export type WriteOutcome = { outcome: "inserted" | "updated" | "unchanged" } | { outcome: "rejected"; field: string; rule: IngestRule; message: string };

/** A subject as it was in the database before the chunk (for 重码). */
export interface KnownSubject {
  name: string;
  batchId: number | null;
}

export interface PlanParams {
  category: string;
  batchId: number;
  receivedAt: string;
  guard: string | null;
}

export interface WritePlan<T> {
  /** The row as a JSON array (positions are used by the SQL). */
  tuple(row: T, sourceRow: number): unknown[];
  /** The subject probe, the entity probe, then the writes. */
  statements(db: D1DatabaseSession | D1Database, json: string, p: PlanParams): D1PreparedStatement[];
  /** Whether statement 0 is the subject-name probe. */
  readonly probesSubjects: boolean;
  /** The outcome of each row from the statements' results (same order as `statements`). */
  classify(results: D1Result[], rows: readonly T[], p: PlanParams): WriteOutcome[];
}

export const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
/** Position `i` of a chunk row's tuple. */
export const v = (i: number) => `(j.value ->> '$[${i}]')`;
// Joins put the chunk (json_each) first with CROSS JOIN: SQLite keeps that order, so each row finds its match by
// the natural-key index instead of the planner scanning a whole table once per chunk row.
export const subjectId = (i: number) => `(SELECT id FROM subjects WHERE code = ${v(i)})`;
/** `a IS NOT b OR …` over pairs: true when any value would change. */
export const differs = (pairs: readonly (readonly [string, string])[]) => pairs.map(([a, b]) => `${a} IS NOT ${b}`).join(" OR ");
/** A provider (guard set) may not touch rows of another unit (alias `x`). */
export const foreign = (x: string) => `(?5 IS NOT NULL AND ${x}.source_unit_code IS NOT ?5)`;

/** Statement 0 of the plans that name subjects: the subjects the chunk names, as stored before it (for 重码). */
export const SUBJECT_PROBE = `SELECT s.code AS code, s.name AS name, s.batch_id AS batch_id FROM subjects s WHERE s.code IN (SELECT ${v(0)} FROM json_each(?1) j)`;

/** Tuple positions 0–6 of the plans that name subjects. */
export const subjectTuple = (s: SubjectRef) => [s.code, s.codeType, s.kind, s.name, s.legalRepresentative, s.regionCode, s.checksumLegacy ? 1 : 0];

/**
 * Creates the subject of a record row when it is unknown (a provisional subject named as the row names it). A 工商注册号
 * the row gives is added to a provisional subject that has none; a registered subject is changed by its own unit only.
 */
export const insertProvisionalSubjects = (skip: string, unitIndex: number, rowIndex: number, regNoIndex: number) => `
  INSERT INTO subjects (code, code_type, kind, name, legal_representative, region_code, checksum_legacy, provisional, source_unit_code, batch_id, source_row, received_at, reg_no)
  SELECT ${v(0)}, ${v(1)}, ${v(2)}, ${v(3)}, ${v(4)}, ${v(5)}, ${v(6)}, 1, ${v(unitIndex)}, ?3, ${v(rowIndex)}, ?4, ${v(regNoIndex)}
    FROM json_each(?1) j WHERE NOT (${skip})
  ON CONFLICT (code) DO UPDATE SET reg_no = excluded.reg_no
   WHERE subjects.provisional = 1 AND subjects.reg_no IS NULL AND excluded.reg_no IS NOT NULL`;

/**
 * A JSON snapshot of a row (alias `x`). D1 allows 32 arguments per SQL function, so the object is built
 * from json_object over the first 16 columns, then json_insert for the rest, 15 at a time.
 */
export function snapshot(x: string, columns: readonly string[]): string {
  const pairs = (cols: readonly string[]) => cols.map((c) => `'$.${c}', ${x}.${c}`).join(", ");
  let sql = `json_object(${columns.slice(0, 16).map((c) => `'${c}', ${x}.${c}`).join(", ")})`;
  for (let i = 16; i < columns.length; i += 15) sql = `json_insert(${sql}, ${pairs(columns.slice(i, i + 15))})`;
  return sql;
}

/** Binds the parameters a statement uses: D1 refuses more bindings than the SQL has parameters. */
export function bindUsed(db: D1DatabaseSession | D1Database, sql: string, params: readonly unknown[]): D1PreparedStatement {
  let used = 0;
  for (const m of sql.matchAll(/\?(\d+)/g)) used = Math.max(used, Number(m[1]));
  return db.prepare(sql).bind(...params.slice(0, used));
}

/** Prepares a plan's statements with the chunk and the plan's parameters (?1–?5). */
export const binder = (db: D1DatabaseSession | D1Database, json: string, p: PlanParams) => (sql: string) => bindUsed(db, sql, [json, p.category, p.batchId, p.receivedAt, p.guard]);

/**
 * Copies each stored row (alias `x` of `table`) the chunk is about to change into entity_versions.
 * @example saveVersions({ entity: "commitment", table: "commitments", alias: "c", match: "c.doc_no = …", snapshot, where: "…" })
 */
export function saveVersions(o: { entity: string; table: string; alias: string; match: string; snapshot: string; where: string }): string {
  return `
  INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at, replaced_by_batch)
  SELECT '${o.entity}', ${o.alias}.id, ${o.snapshot}, ?4, ?3
    FROM json_each(?1) j CROSS JOIN ${o.table} ${o.alias} ON ${o.match}
   WHERE ${o.where}`;
}

/** A column and the value it takes. */
export type Assignment = readonly [column: string, value: string];

/** Columns taken as sent: each set to the incoming row's value (`excluded`). */
export const fromExcluded = (columns: readonly string[]): Assignment[] => columns.map((c) => [c, `excluded.${c}`]);

export interface Upsert {
  table: string;
  /** The columns of a new row and their values from the chunk. */
  insert: readonly Assignment[];
  /** Chunk rows left alone entirely (another unit's, a state going backwards). */
  skip: string;
  /** The natural key (its unique index). */
  conflict: string;
  /** The values that make a change: a stored row is updated only when one of them differs. */
  values: readonly Assignment[];
  /** Set along with a change (lineage, version, bookkeeping). */
  also: readonly Assignment[];
  /** What the statement returns for each row it wrote: the natural key as the plan's classify builds it. */
  returning: string;
}

/** The chunk's upsert: new rows inserted, stored rows updated only where a value differs, the keys written returned as `k`. */
export function upsertSql(u: Upsert): string {
  return `
  INSERT INTO ${u.table} (${u.insert.map(([c]) => c).join(", ")})
  SELECT ${u.insert.map(([, e]) => e).join(", ")}
    FROM json_each(?1) j WHERE NOT (${u.skip})
  ON CONFLICT (${u.conflict}) DO UPDATE SET
    ${[...u.values, ...u.also].map(([c, e]) => `${c} = ${e}`).join(", ")}
  WHERE ${differs(u.values.map(([c, e]) => [`${u.table}.${c}`, e]))}
  RETURNING ${u.returning} AS k`;
}

/** A stored row as a plan's probe returns it: its key, its unit and (where there is one) its status. */
export interface StoredRow {
  k: string;
  u: string | null;
  st?: string | null;
  /** Subjects: 1 for a provisional subject (created from a record row). */
  provisional?: number;
}

/** The stored rows the probe (statement `probe`) found and the keys the write (statement `write`) returned. */
export function probed(results: D1Result[], probe: number, write: number): { existing: Map<string, StoredRow>; written: Set<string> } {
  return {
    existing: new Map((results[probe]!.results as StoredRow[]).map((r) => [r.k, r])),
    written: new Set((results[write]!.results as { k: string }[]).map((r) => r.k)),
  };
}

/**
 * Classifies rows of an upsert plan: refused by `refuse` (given the stored row), else inserted, updated or unchanged.
 */
export function upsertOutcomes<T>(
  results: D1Result[],
  at: { probe: number; write: number },
  rows: readonly T[],
  key: (row: T) => string,
  refuse: (row: T, before: StoredRow) => WriteOutcome | null,
): WriteOutcome[] {
  const { existing, written } = probed(results, at.probe, at.write);
  return rows.map((row) => {
    const k = key(row);
    const before = existing.get(k);
    const refused = before ? refuse(row, before) : null;
    if (refused) return refused;
    if (written.has(k)) return { outcome: before ? "updated" : "inserted" };
    return { outcome: "unchanged" };
  });
}

/** A provider's row for a stored row another unit provided: refused. Null when allowed. */
export function foreignOutcome(p: PlanParams, before: StoredRow): WriteOutcome | null {
  if (p.guard === null || before.u === p.guard) return null;
  return {
    outcome: "rejected",
    field: "数据来源单位统一社会信用代码",
    rule: "source_unit",
    message: `这条记录由其他数据来源单位（${before.u ?? "未知"}）报送，数据提供单位不能覆盖其他单位的数据；如需更正请联系原报送单位或信用管理员`,
  };
}
