import type { Principal } from "../auth/principal";
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

/**
 * Everything a batch needs in one round trip (one D1 batch, one statement per table, lists passed as JSON
 * and read with json_each), whatever the number of items: subjects by code, subjects by exact name,
 * list entries in force, the scene's measures, current grades and the data version.
 * @example await loadCheckRows(db, lookupKeys(plans), "procurement", "2026-11-27") // { byCode, byName, entries, measures, grades, dataVersion }
 */
export async function loadCheckRows(
  db: D1DatabaseSession | D1Database,
  keys: { codes: readonly string[]; legacyCodes: readonly string[]; regNos: readonly string[]; names: readonly string[] },
  scene: string,
  today: string,
): Promise<CheckRows> {
  const codes = JSON.stringify([...keys.codes, ...keys.legacyCodes]);
  const strict = JSON.stringify(keys.codes);
  const legacy = JSON.stringify(keys.legacyCodes);
  const names = JSON.stringify(keys.names);
  const regNos = JSON.stringify(keys.regNos);
  const [byCode, byName, entries, measures, grades, version] = await db.batch([
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
    db.prepare("SELECT id, list_type, effect, text, legal_basis FROM measures WHERE scene = ?1 AND active = 1 ORDER BY id").bind(scene),
    db.prepare(
      `WITH ${RESOLVED}
       SELECT e.subject_id, e.grade, e.score, e.computed_at, m.version AS model_version
         FROM evaluation_results e JOIN evaluation_models m ON m.id = e.model_id
        WHERE e.current = 1 AND e.subject_id IN (SELECT id FROM resolved)
          AND e.subject_id NOT IN (SELECT id FROM subjects WHERE registration_status = '注销') -- 已注销，不予评价
        ORDER BY e.subject_id, m.kind = 'public' DESC, e.computed_at DESC`,
    ).bind(today, strict, legacy, names, regNos), // ?1 unused here: the shared CTE numbers its lists from ?2
    db.prepare("SELECT id, received_at FROM ingest_batches WHERE status = 'done' ORDER BY id DESC LIMIT 1"),
  ]);
  return {
    byCode: (byCode?.results ?? []) as CheckSubjectRow[],
    byName: (byName?.results ?? []) as NameMatchRow[],
    entries: (entries?.results ?? []) as CheckEntryRow[],
    measures: (measures?.results ?? []) as MeasureRow[],
    grades: (grades?.results ?? []) as GradeRow[],
    dataVersion: (version?.results[0] as { id: number; received_at: string } | undefined) ?? null,
  };
}
