import type { Principal } from "../../shared/auth/principal";
import type { Queryable, ShardRouter } from "../shards";
import { listEntryCondition } from "../visibility";
import type { ListEntryColumns } from "../lists/entry";

export interface CheckSubjectRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  kind: string;
  name: string;
  registration_status: string;
  checksum_legacy: number;
  /** 工商注册号 (old 15-digit registration number), when on file. */
  reg_no: string | null;
}

/**
 * A subject carrying an exact name asked for; `matches` counts all subjects with that name (at most 5 rows each).
 * Only USCC-keyed subjects are matched by name: a person (自然人, or a 个体工商户 keyed by the operator's ID number)
 * is never found, listed as a candidate or put on a receipt by name.
 */
export interface NameMatchRow extends CheckSubjectRow {
  matches: number;
}

export interface CheckEntryRow extends ListEntryColumns {
  subject_id: number;
  status: string;
  objection_open: number;
}

export interface MeasureRow {
  id: number;
  list_type: string;
  effect: string;
  text: string;
  legal_basis: string;
}

export interface GradeRow {
  subject_id: number;
  grade: string;
  score: number;
  computed_at: string;
  model_version: string;
}

export interface CheckRows {
  /** Subjects asked for by code or by old registration number. */
  byCode: CheckSubjectRow[];
  byName: NameMatchRow[];
  entries: CheckEntryRow[];
  measures: MeasureRow[];
  grades: GradeRow[];
  dataVersion: { id: number; received_at: string } | null;
}

/** The most candidates an ambiguous name lists. */
export const MAX_CANDIDATES = 5;

/**
 * Decisions count entries in force whoever asks: admins see repaired entries elsewhere, but a repaired
 * entry never restricts anyone (信用修复 lifts the measures).
 */
const DECISION_VIEW: Principal = { role: "officer", id: "check", name: "check", department: "", scenes: [] };

/**
 * The ids of every subject the batch resolves to (?2 strict codes, ?3 legacy pilot codes that an
 * authoritative source registered, ?4 names held by exactly one subject, ?5 old registration numbers), as a CTE
 * the statements share.
 */
const RESOLVED = `
  resolved(id) AS (
    SELECT id FROM subjects WHERE code IN (SELECT value FROM json_each(?2))
    UNION SELECT id FROM subjects WHERE code IN (SELECT value FROM json_each(?3)) AND checksum_legacy = 1
    UNION SELECT min(id) FROM subjects WHERE name IN (SELECT value FROM json_each(?4)) AND code_type = 'uscc'
          GROUP BY name HAVING count(*) = 1
    UNION SELECT id FROM subjects WHERE reg_no IN (SELECT value FROM json_each(?5))
  )`;

const SUBJECT_COLUMNS = "s.id, s.code, s.code_type, s.kind, s.name, s.registration_status, s.checksum_legacy, s.reg_no";

type Keys = { codes: readonly string[]; legacyCodes: readonly string[]; regNos: readonly string[]; names: readonly string[] };

/** The subject-side statements of a batch on one database: subjects by code and by name, list entries, grades. */
function subjectStatements(db: Queryable, keys: Keys, today: string, modelsHere: boolean): D1PreparedStatement[] {
  const codes = JSON.stringify([...keys.codes, ...keys.legacyCodes]);
  const strict = JSON.stringify(keys.codes);
  const legacy = JSON.stringify(keys.legacyCodes);
  const names = JSON.stringify(keys.names);
  const regNos = JSON.stringify(keys.regNos);
  return [
    // By code, and by old registration number (highest id first, so the first registered is the one kept).
    db.prepare(
      `SELECT ${SUBJECT_COLUMNS} FROM subjects s
        WHERE s.code IN (SELECT value FROM json_each(?1)) OR s.reg_no IN (SELECT value FROM json_each(?2))
        ORDER BY s.id DESC`,
    ).bind(codes, regNos),
    db.prepare(
      `SELECT * FROM (
         SELECT ${SUBJECT_COLUMNS}, count(*) OVER (PARTITION BY s.name) AS matches,
                row_number() OVER (PARTITION BY s.name ORDER BY s.registration_status IN ('存续', '在业') DESC, s.id) AS rank
           FROM subjects s
          WHERE s.name IN (SELECT value FROM json_each(?1)) AND s.code_type = 'uscc'
       ) WHERE rank <= ${MAX_CANDIDATES}`,
    ).bind(names),
    db.prepare(
      `WITH ${RESOLVED}
       SELECT l.subject_id, l.list_type, l.reason, l.legal_basis, l.authority_name, l.authority_code, l.doc_no, l.listed_on,
              l.planned_removal_on, l.status, l.objection_open
         FROM list_entries l
        WHERE l.subject_id IN (SELECT id FROM resolved) AND ${listEntryCondition(DECISION_VIEW)}
        ORDER BY l.subject_id, l.listed_on DESC, l.id DESC`,
    ).bind(today, strict, legacy, names, regNos),
    // Grades: evaluation_results lives with its subject, the models in the control database. On a shard the
    // model columns come back empty and are filled in from the control database (withModels).
    db.prepare(
      modelsHere ? `WITH ${RESOLVED}
       SELECT e.subject_id, e.grade, e.score, e.computed_at, m.version AS model_version
         FROM evaluation_results e JOIN evaluation_models m ON m.id = e.model_id
        WHERE e.current = 1 AND e.subject_id IN (SELECT id FROM resolved)
          AND NOT EXISTS (SELECT 1 FROM subjects x WHERE x.id = e.subject_id AND x.registration_status = '注销') -- 已注销，不予评价
        ORDER BY e.subject_id, m.kind = 'public' DESC, e.computed_at DESC` : `WITH ${RESOLVED}
       SELECT e.subject_id, e.grade, e.score, e.computed_at, e.model_id
         FROM evaluation_results e
        WHERE e.current = 1 AND e.subject_id IN (SELECT id FROM resolved)
          AND NOT EXISTS (SELECT 1 FROM subjects x WHERE x.id = e.subject_id AND x.registration_status = '注销')`,
    ).bind(today, strict, legacy, names, regNos), // ?1 unused here: the shared CTE numbers its lists from ?2
  ];
}

/** The global statements: the scene's measures and the data version (control database). */
function controlStatements(db: Queryable, scene: string, models: boolean): D1PreparedStatement[] {
  return [
    db.prepare("SELECT id, list_type, effect, text, legal_basis FROM measures WHERE scene = ?1 AND active = 1 ORDER BY id").bind(scene),
    db.prepare("SELECT id, received_at FROM ingest_batches WHERE status = 'done' ORDER BY id DESC LIMIT 1"),
    ...(models ? [db.prepare("SELECT id, version, kind FROM evaluation_models")] : []),
  ];
}

/** Shard grade rows with their model's version, ordered as the one-database statement orders them. */
function withModels(grades: (GradeRow & { model_id?: number })[], models: { id: number; version: string; kind: string }[]): GradeRow[] {
  const byId = new Map(models.map((m) => [m.id, m]));
  return grades
    .flatMap(({ model_id, ...g }) => {
      const m = byId.get(model_id!);
      return m ? [{ ...g, model_version: m.version, publicFirst: m.kind === "public" ? 0 : 1 }] : [];
    })
    .sort((a, b) => a.subject_id - b.subject_id || a.publicFirst - b.publicFirst || (a.computed_at < b.computed_at ? 1 : a.computed_at > b.computed_at ? -1 : 0))
    .map(({ publicFirst: _, ...g }) => g);
}

type SubjectSide = Pick<CheckRows, "byCode" | "byName" | "entries" | "grades">;

function subjectSide(results: D1Result[]): SubjectSide {
  const [byCode, byName, entries, grades] = results;
  return {
    byCode: (byCode?.results ?? []) as CheckSubjectRow[],
    byName: (byName?.results ?? []) as NameMatchRow[],
    entries: (entries?.results ?? []) as CheckEntryRow[],
    grades: (grades?.results ?? []) as GradeRow[],
  };
}

/**
 * Row ids are per database; answers key entries and grades by subject id, so ids from shard i become
 * id × 1024 + i before the shards' rows are merged (internal only: no answer shows a row id).
 */
const SHARD_ID_STRIDE = 1024;

/**
 * Only the subjects the bucket map puts on this shard. While a bucket moves its subjects are on two shards (the copy
 * before the switch, the source until its delete); names and old registration numbers are asked of every shard, so
 * without this a name held by one subject would answer 「名称对应多个主体」 during a move. A name's match count on this
 * shard loses the rows dropped (when the shard returned fewer rows than its count, the name is ambiguous anyway).
 */
async function ownedRows(shards: ShardRouter, binding: string, side: SubjectSide): Promise<SubjectSide> {
  const owned = async <T extends { code: string }>(rows: T[]) => {
    const keep = await Promise.all(rows.map((r) => shards.owns(binding, r.code)));
    return { kept: rows.filter((_, i) => keep[i]), dropped: rows.filter((_, i) => !keep[i]) };
  };
  const byCode = await owned(side.byCode);
  const byName = await owned(side.byName);
  if (byCode.dropped.length === 0 && byName.dropped.length === 0) return side;
  const droppedPerName = new Map<string, number>();
  for (const r of byName.dropped) droppedPerName.set(r.name, (droppedPerName.get(r.name) ?? 0) + 1);
  return { ...side, byCode: byCode.kept, byName: byName.kept.map((r) => ({ ...r, matches: r.matches - (droppedPerName.get(r.name) ?? 0) })) };
}

/** The shards' rows as one database would give them: ids made distinct, a name's matches counted over all shards. */
function mergeShards(parts: SubjectSide[]): SubjectSide {
  const tag = <T extends { id?: number; subject_id?: number }>(rows: T[], i: number, key: "id" | "subject_id") =>
    rows.map((r) => ({ ...r, [key]: (r[key] as number) * SHARD_ID_STRIDE + i }));
  const byName = parts.flatMap((p, i) => tag(p.byName, i, "id"));
  const matches = new Map<string, number>();
  const firstOfShard = new Map<string, number>();
  for (const row of byName) {
    // Each shard reports its own count on every row it returns for the name: count it once per shard.
    const key = `${row.name}\u0000${row.id % SHARD_ID_STRIDE}`;
    if (!firstOfShard.has(key)) {
      firstOfShard.set(key, row.matches);
      matches.set(row.name, (matches.get(row.name) ?? 0) + row.matches);
    }
  }
  const active = (r: NameMatchRow) => (r.registration_status === "存续" || r.registration_status === "在业" ? 0 : 1);
  const kept = new Map<string, number>();
  const candidates = byName
    .sort((a, b) => active(a) - active(b))
    .filter((r) => {
      const n = kept.get(r.name) ?? 0;
      kept.set(r.name, n + 1);
      return n < MAX_CANDIDATES;
    })
    .map((r) => ({ ...r, matches: matches.get(r.name)! }));
  return {
    byCode: parts.flatMap((p, i) => tag(p.byCode, i, "id")),
    byName: candidates,
    entries: parts.flatMap((p, i) => tag(p.entries, i, "subject_id")),
    grades: parts.flatMap((p, i) => tag(p.grades, i, "subject_id")),
  };
}

/**
 * Everything a batch needs (lists passed as JSON and read with json_each), whatever the number of items: subjects
 * by code, subjects by exact name, list entries in force, the scene's measures, current grades and the data version.
 * One database: one D1 batch, one statement per table. Shards: the codes grouped by shard, one batch per shard
 * (every shard when names or old registration numbers are asked, which name no bucket) plus one batch on the
 * control database, all in parallel.
 * @example await loadCheckRows(shards, lookupKeys(plans), "procurement", "2026-11-27") // { byCode, byName, entries, measures, grades, dataVersion }
 */
export async function loadCheckRows(shards: ShardRouter, keys: Keys, scene: string, today: string): Promise<CheckRows> {
  const control = shards.control;
  let side: SubjectSide;
  let global: D1Result[];
  if (shards.single) {
    const results = await control.batch([...subjectStatements(control, keys, today, true), ...controlStatements(control, scene, false)]);
    side = subjectSide(results.slice(0, 4));
    global = results.slice(4);
  } else {
    const everywhere = keys.names.length > 0 || keys.regNos.length > 0;
    const strict = new Map((await shards.byShard(keys.codes, (c) => c)).map((g) => [g.shard.binding, g.items]));
    const legacy = new Map((await shards.byShard(keys.legacyCodes, (c) => c)).map((g) => [g.shard.binding, g.items]));
    const targets = shards.all().filter((s) => everywhere || strict.has(s.binding) || legacy.has(s.binding));
    const [globalResults, ...perShard] = await Promise.all([
      control.batch(controlStatements(control, scene, true)),
      ...targets.map(({ binding, db }) =>
        db.batch(subjectStatements(db, { codes: strict.get(binding) ?? [], legacyCodes: legacy.get(binding) ?? [], names: keys.names, regNos: keys.regNos }, today, false)),
      ),
    ]);
    const merged = mergeShards(await Promise.all(perShard.map((results, i) => ownedRows(shards, targets[i]!.binding, subjectSide(results)))));
    side = { ...merged, grades: withModels(merged.grades, (globalResults[2]?.results ?? []) as { id: number; version: string; kind: string }[]) };
    global = globalResults;
  }
  const [measures, version] = global;
  return {
    ...side,
    measures: (measures?.results ?? []) as MeasureRow[],
    dataVersion: (version?.results[0] as { id: number; received_at: string } | undefined) ?? null,
  };
}
