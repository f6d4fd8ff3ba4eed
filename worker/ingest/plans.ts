/**
 * How each kind's valid rows are written: the SQL for a whole chunk at once (the chunk's rows travel as ONE
 * JSON parameter read with json_each, so a chunk of hundreds of rows costs a handful of statements and stays
 * under D1's 100-parameter limit), and how the statements' results classify each row.
 *
 * Every write is an upsert on the natural key that changes nothing when the values are the same: no version
 * bump, no status_history row (triggers), no changes-feed row. Before a real change the current row is copied
 * to record_versions / entity_versions. A provider never overwrites a row another unit provided (`guard`), and
 * a state that went backwards (a fulfilled commitment sent as pending, a removed list entry sent again) is
 * refused; such rows are skipped by every statement, so nothing of them is written.
 *
 * Parameters of every statement: ?1 the chunk's JSON, ?2 a kind constant (the record category), ?3 the batch
 * id, ?4 the received time, ?5 the guard (the provider's unit, NULL for admins).
 */
import type { IngestRule } from "../../shared/contract/ingest";
import type { CommitmentRow, ListEntryRow, ListRemovalRow, RecordRow, SubjectRef, SubjectRow, ValidRow } from "./validate";

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

export interface WritePlan<T extends ValidRow> {
  /** The row as a JSON array (positions are used by the SQL). */
  tuple(row: T, sourceRow: number): unknown[];
  /** The subject probe, the entity probe, then the writes. */
  statements(db: D1DatabaseSession, json: string, p: PlanParams): D1PreparedStatement[];
  /** Whether statement 0 is the subject-name probe. */
  probesSubjects: boolean;
  /** The outcome of each row from the statements' results (same order as `statements`). */
  classify(results: D1Result[], rows: readonly T[], p: PlanParams): WriteOutcome[];
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const v = (i: number) => `(j.value ->> '$[${i}]')`;
// Joins put the chunk (json_each) first with CROSS JOIN: SQLite keeps that order, so each row finds its match by
// the natural-key index instead of the planner scanning a whole table once per chunk row.
const subjectId = (i: number) => `(SELECT id FROM subjects WHERE code = ${v(i)})`;
/** `a IS NOT b OR …` over pairs: true when any value would change. */
const differs = (pairs: readonly [string, string][]) => pairs.map(([a, b]) => `${a} IS NOT ${b}`).join(" OR ");
/** A provider (guard set) may not touch rows of another unit (alias `x`). */
const foreign = (x: string) => `(?5 IS NOT NULL AND ${x}.source_unit_code IS NOT ?5)`;

const SUBJECT_PROBE = `SELECT s.code AS code, s.name AS name, s.batch_id AS batch_id FROM subjects s WHERE s.code IN (SELECT ${v(0)} FROM json_each(?1) j)`;

/**
 * Creates the subject of a record row when it is unknown (a provisional subject named as the row names it). A 工商注册号
 * the row gives is added to a provisional subject that has none; a registered subject is changed by its own unit only.
 */
const insertProvisionalSubjects = (skip: string, unitIndex: number, rowIndex: number, regNoIndex: number) => `
  INSERT INTO subjects (code, code_type, kind, name, legal_representative, region_code, checksum_legacy, provisional, source_unit_code, batch_id, source_row, received_at, reg_no)
  SELECT ${v(0)}, ${v(1)}, ${v(2)}, ${v(3)}, ${v(4)}, ${v(5)}, ${v(6)}, 1, ${v(unitIndex)}, ?3, ${v(rowIndex)}, ?4, ${v(regNoIndex)}
    FROM json_each(?1) j WHERE NOT (${skip})
  ON CONFLICT (code) DO UPDATE SET reg_no = excluded.reg_no
   WHERE subjects.provisional = 1 AND subjects.reg_no IS NULL AND excluded.reg_no IS NOT NULL`;

const subjectTuple = (s: SubjectRef) => [s.code, s.codeType, s.kind, s.name, s.legalRepresentative, s.regionCode, s.checksumLegacy ? 1 : 0];

/**
 * A JSON snapshot of a row (alias `x`). D1 allows 32 arguments per SQL function, so the object is built
 * from json_object over the first 16 columns, then json_insert for the rest, 15 at a time.
 */
function snapshot(x: string, columns: readonly string[]): string {
  const pairs = (cols: readonly string[]) => cols.map((c) => `'$.${c}', ${x}.${c}`).join(", ");
  let sql = `json_object(${columns.slice(0, 16).map((c) => `'${c}', ${x}.${c}`).join(", ")})`;
  for (let i = 16; i < columns.length; i += 15) sql = `json_insert(${sql}, ${pairs(columns.slice(i, i + 15))})`;
  return sql;
}

/** Binds the parameters a statement uses: D1 refuses more bindings than the SQL has parameters. */
export function bindUsed(db: D1DatabaseSession, sql: string, params: readonly unknown[]): D1PreparedStatement {
  let used = 0;
  for (const m of sql.matchAll(/\?(\d+)/g)) used = Math.max(used, Number(m[1]));
  return db.prepare(sql).bind(...params.slice(0, used));
}

const keyed = <R>(rows: R[] | undefined, key: (r: R) => string) => new Map((rows ?? []).map((r) => [key(r), r]));

/** Classifies rows from what existed before (probe) and what the write returned. */
function classifyRows<T>(
  rows: readonly T[],
  key: (row: T) => string,
  existing: Map<string, { u: string | null; st?: string | null }>,
  written: Set<string>,
  refuse: (row: T, before: { u: string | null; st?: string | null }) => WriteOutcome | null,
): WriteOutcome[] {
  return rows.map((row) => {
    const k = key(row);
    const before = existing.get(k);
    if (before) {
      const refused = refuse(row, before);
      if (refused) return refused;
    }
    if (written.has(k)) return { outcome: before ? "updated" : "inserted" };
    return { outcome: "unchanged" };
  });
}

const foreignOutcome = (unit: string | null): WriteOutcome => ({
  outcome: "rejected",
  field: "数据来源单位统一社会信用代码",
  rule: "source_unit",
  message: `这条记录由其他数据来源单位（${unit ?? "未知"}）报送，数据提供单位不能覆盖其他单位的数据；如需更正请联系原报送单位或信用管理员`,
});

/* ---------------------------------------------------------------------------------------------------------
 * 双公示 records (penalties, licences). Tuple positions:
 * 0–6 subject · 7 doc_no · 8 title · 9 facts · 10 basis · 11 kinds · 12 content · 13 fine_wan · 14 confiscated_wan
 * 15 licence_ref · 16 authority_name · 17 authority_code · 18 decided_on · 19 valid_from · 20 valid_until · 21 severity
 * 22 publish_until · 23 repairable_from · 24 status · 25 remark · 26 source_unit_name · 27 source_unit_code · 28 source_row
 * 29 publish_minor · 30 needs_review · 31 the subject's reg_no
 * ------------------------------------------------------------------------------------------------------- */

/**
 * The class an admin set for a record flagged for review is kept when the same ambiguous row comes again (alias `x`
 * is the stored row, `flagged` whether the incoming row needs review); an unambiguous row classes it anew.
 */
const keepReviewed = (x: string, flagged: string, column: string, incoming: string) =>
  `CASE WHEN ${x}.severity_reviewed_by IS NOT NULL AND ${flagged} = 1 THEN ${x}.${column} ELSE ${incoming} END`;
const REVIEWED = ["severity", "publish_until", "repairable_from", "needs_review"];
/** Each column with its incoming value, given the stored row's alias and how the incoming values are named. */
const recordValues = (x: string, incoming: (column: string, index: number) => string): [string, string][] =>
  (
    [
      ["subject_id", 0], ["title", 8], ["facts", 9], ["basis", 10], ["kinds", 11], ["content", 12], ["fine_wan", 13], ["confiscated_wan", 14],
      ["licence_ref", 15], ["authority_name", 16], ["decided_on", 18], ["valid_from", 19], ["valid_until", 20], ["severity", 21],
      ["publish_until", 22], ["repairable_from", 23], ["remark", 25], ["publish_minor", 29], ["needs_review", 30],
    ] as const
  ).map(([c, i]) => {
    const value = incoming(c, i);
    return [c, REVIEWED.includes(c) ? keepReviewed(x, incoming("needs_review", 30), c, value) : value];
  });
/** Against the chunk's JSON (the version snapshot statement). */
const RECORD_VALUES = recordValues("r", (c, i) => (c === "subject_id" ? subjectId(0) : v(i)));
/** Against `excluded` (the upsert). */
const RECORD_EXCLUDED = recordValues("records", (c) => `excluded.${c}`);
/** A repaired or withdrawn record keeps that status whatever the provider sends (the credit centre decided it). */
const recordStatus = (x: string, incoming: string) => `CASE WHEN ${x}.status IN ('repaired', 'withdrawn') THEN ${x}.status ELSE ${incoming} END`;
export const RECORD_SNAPSHOT = snapshot("r", [
  "subject_id", "category", "doc_no", "title", "facts", "basis", "kinds", "content", "fine_wan", "confiscated_wan", "licence_ref", "authority_name",
  "authority_code", "decided_on", "valid_from", "valid_until", "severity", "publish_until", "repairable_from", "status", "remark", "version",
  "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at", "publication_ended_on", "publish_minor",
  "needs_review", "severity_reviewed_by",
]);
const RECORD_MATCH = `r.category = ?2 AND r.authority_code = ${v(17)} AND r.doc_no = ${v(7)}`;
const RECORD_SKIP = `EXISTS (SELECT 1 FROM records r WHERE ${RECORD_MATCH} AND ${foreign("r")})`;

export const recordPlan: WritePlan<RecordRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    ...subjectTuple(r.subject), r.docNo, r.title, r.facts, r.basis, r.kinds, r.content, r.fineWan, r.confiscatedWan, r.licenceRef,
    r.authorityName, r.authorityCode, r.decidedOn, r.validFrom, r.validUntil, r.severity, r.publishUntil, r.repairableFrom, r.status, r.remark,
    r.sourceUnitName, r.sourceUnitCode, sourceRow, r.publishMinor ? 1 : 0, r.needsReview ? 1 : 0, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = (sql: string) => bindUsed(db, sql, [json, p.category, p.batchId, p.receivedAt, p.guard]);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(`SELECT r.authority_code || '|' || r.doc_no AS k, r.source_unit_code AS u, r.status AS st FROM json_each(?1) j CROSS JOIN records r ON ${RECORD_MATCH}`),
      bind(insertProvisionalSubjects(RECORD_SKIP, 27, 28, 31)),
      bind(`
        INSERT INTO record_versions (record_id, version, snapshot, replaced_at, replaced_by_batch)
        SELECT r.id, r.version, ${RECORD_SNAPSHOT}, ?4, ?3
          FROM json_each(?1) j CROSS JOIN records r ON ${RECORD_MATCH}
         WHERE NOT ${foreign("r")} AND (${differs(RECORD_VALUES.map(([c, e]) => [`r.${c}`, e]))} OR r.status IS NOT ${recordStatus("r", v(24))})`),
      bind(`
        INSERT INTO records (subject_id, category, doc_no, title, facts, basis, kinds, content, fine_wan, confiscated_wan, licence_ref, authority_name,
                             authority_code, decided_on, valid_from, valid_until, severity, publish_until, repairable_from, status, remark,
                             source_unit_name, source_unit_code, batch_id, source_row, received_at, publish_minor, needs_review)
        SELECT ${subjectId(0)}, ?2, ${v(7)}, ${v(8)}, ${v(9)}, ${v(10)}, ${v(11)}, ${v(12)}, ${v(13)}, ${v(14)}, ${v(15)}, ${v(16)},
               ${v(17)}, ${v(18)}, ${v(19)}, ${v(20)}, ${v(21)}, ${v(22)}, ${v(23)}, ${v(24)}, ${v(25)},
               ${v(26)}, ${v(27)}, ?3, ${v(28)}, ?4, ${v(29)}, ${v(30)}
          FROM json_each(?1) j WHERE NOT (${RECORD_SKIP})
        ON CONFLICT (category, authority_code, doc_no) DO UPDATE SET
          ${RECORD_EXCLUDED.map(([c, e]) => `${c} = ${e}`).join(", ")},
          status = ${recordStatus("records", "excluded.status")},
          version = records.version + 1,
          source_unit_name = excluded.source_unit_name, source_unit_code = excluded.source_unit_code,
          batch_id = excluded.batch_id, source_row = excluded.source_row, received_at = excluded.received_at, updated_at = ${NOW},
          publication_ended_on = CASE WHEN records.publish_until IS ${RECORD_EXCLUDED.find(([c]) => c === "publish_until")![1]} THEN records.publication_ended_on END
        WHERE ${differs(RECORD_EXCLUDED.map(([c, e]) => [`records.${c}`, e]))} OR records.status IS NOT ${recordStatus("records", "excluded.status")}
        RETURNING authority_code || '|' || doc_no AS k`),
    ];
  },
  classify: (results, rows, p) => {
    const existing = keyed(results[1]!.results as { k: string; u: string | null; st: string }[], (r) => r.k);
    const written = new Set((results[4]!.results as { k: string }[]).map((r) => r.k));
    return classifyRows(rows, (r) => `${r.authorityCode}|${r.docNo}`, existing, written, (_row, before) =>
      p.guard !== null && before.u !== p.guard ? foreignOutcome(before.u) : null,
    );
  },
};

/* ---------------------------------------------------------------------------------------------------------
 * Subjects register. Tuple: 0 code · 1 code_type · 2 kind · 3 name · 4 legal_representative · 5 industry_code
 * 6 industry · 7 region_code · 8 registered_on · 9 registration_status · 10 registered_capital_wan · 11 address
 * 12 checksum_legacy · 13 source_unit_code · 14 source_row · 15 reg_no
 * ------------------------------------------------------------------------------------------------------- */

const SUBJECT_VALUES: [string, string][] = [
  ["kind", v(2)], ["name", v(3)], ["legal_representative", v(4)], ["industry_code", v(5)], ["industry", v(6)], ["region_code", v(7)],
  ["registered_on", v(8)], ["registration_status", v(9)], ["registered_capital_wan", v(10)], ["address", v(11)], ["checksum_legacy", v(12)],
];
const SUBJECT_SNAPSHOT = snapshot("s", [
  "code", "code_type", "kind", "name", "legal_representative", "industry_code", "industry", "region_code", "registered_on", "registration_status",
  "registered_capital_wan", "address", "checksum_legacy", "provisional", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at",
  "reg_no",
]);
/** A file without the 工商注册号 column leaves the number on file alone (alias `x`, the incoming value). */
const keepRegNo = (x: string, incoming: string) => `coalesce(${incoming}, ${x}.reg_no)`;
/** A registered subject belongs to the unit that registered it; a provisional one (from a record row) to anyone. */
const SUBJECT_FOREIGN = `(s.provisional = 0 AND ${foreign("s")})`;
const SUBJECT_SKIP = `EXISTS (SELECT 1 FROM subjects s WHERE s.code = ${v(0)} AND ${SUBJECT_FOREIGN})`;

export const subjectPlan: WritePlan<SubjectRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    r.subject.code, r.subject.codeType, r.subject.kind, r.subject.name, r.subject.legalRepresentative, r.industryCode, r.industry, r.subject.regionCode,
    r.registeredOn, r.registrationStatus, r.registeredCapitalWan, r.address, r.subject.checksumLegacy ? 1 : 0, r.sourceUnitCode, sourceRow, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = (sql: string) => bindUsed(db, sql, [json, p.category, p.batchId, p.receivedAt, p.guard]);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(`SELECT s.code AS k, s.source_unit_code AS u, s.provisional AS provisional FROM json_each(?1) j CROSS JOIN subjects s ON s.code = ${v(0)}`),
      bind(`
        INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at, replaced_by_batch)
        SELECT 'subject', s.id, ${SUBJECT_SNAPSHOT}, ?4, ?3
          FROM json_each(?1) j CROSS JOIN subjects s ON s.code = ${v(0)}
         WHERE NOT ${SUBJECT_FOREIGN} AND (${differs(SUBJECT_VALUES.map(([c, e]) => [`s.${c}`, e]))} OR s.provisional IS NOT 0 OR s.reg_no IS NOT ${keepRegNo("s", v(15))})`),
      bind(`
        INSERT INTO subjects (code, code_type, kind, name, legal_representative, industry_code, industry, region_code, registered_on, registration_status,
                              registered_capital_wan, address, checksum_legacy, provisional, source_unit_code, batch_id, source_row, received_at, reg_no)
        SELECT ${v(0)}, ${v(1)}, ${v(2)}, ${v(3)}, ${v(4)}, ${v(5)}, ${v(6)}, ${v(7)}, ${v(8)}, ${v(9)}, ${v(10)}, ${v(11)}, ${v(12)}, 0, ${v(13)}, ?3, ${v(14)}, ?4, ${v(15)}
          FROM json_each(?1) j WHERE NOT (${SUBJECT_SKIP})
        ON CONFLICT (code) DO UPDATE SET
          ${SUBJECT_VALUES.map(([c]) => `${c} = excluded.${c}`).join(", ")},
          reg_no = ${keepRegNo("subjects", "excluded.reg_no")},
          provisional = 0, source_unit_code = excluded.source_unit_code, batch_id = excluded.batch_id, source_row = excluded.source_row,
          received_at = excluded.received_at, updated_at = ${NOW}
        WHERE ${differs(SUBJECT_VALUES.map(([c]) => [`subjects.${c}`, `excluded.${c}`]))} OR subjects.provisional IS NOT 0
           OR subjects.reg_no IS NOT ${keepRegNo("subjects", "excluded.reg_no")}
        RETURNING code AS k`),
    ];
  },
  classify: (results, rows, p) => {
    const existing = keyed(results[1]!.results as { k: string; u: string | null; provisional: number }[], (r) => r.k);
    const written = new Set((results[3]!.results as { k: string }[]).map((r) => r.k));
    return classifyRows(rows, (r) => r.subject.code, existing, written, (_row, before) =>
      p.guard !== null && (before as { provisional?: number }).provisional === 0 && before.u !== p.guard ? foreignOutcome(before.u) : null,
    );
  },
};

/* ---------------------------------------------------------------------------------------------------------
 * List entries. Tuple: 0–6 subject · 7 list_type · 8 reason · 9 legal_basis · 10 authority_name · 11 authority_code
 * 12 doc_no · 13 listed_on · 14 planned_removal_on · 15 source_unit_name · 16 source_unit_code · 17 source_row · 18 reg_no
 * ------------------------------------------------------------------------------------------------------- */

const LIST_VALUES: [string, string][] = [
  ["reason", v(8)], ["legal_basis", v(9)], ["authority_name", v(10)], ["authority_code", v(11)], ["listed_on", v(13)], ["planned_removal_on", v(14)],
];
const LIST_SNAPSHOT = snapshot("l", [
  "list_type", "subject_id", "reason", "legal_basis", "authority_name", "authority_code", "doc_no", "listed_on", "planned_removal_on", "removed_on",
  "removal_reason", "status", "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at",
]);
const listMatch = (typeIndex: number, codeIndex: number, docIndex: number) =>
  `l.list_type = ${v(typeIndex)} AND l.subject_id = ${subjectId(codeIndex)} AND l.doc_no = ${v(docIndex)}`;
const LIST_ENTRY_MATCH = listMatch(7, 0, 12);
/** A removed or repaired entry is not listed again by resending the listing (that would be a new decision). */
const LIST_ENTRY_SKIP = `EXISTS (SELECT 1 FROM list_entries l WHERE ${LIST_ENTRY_MATCH} AND (l.status <> 'listed' OR ${foreign("l")}))`;
const LIST_PROBE = (typeIndex: number, codeIndex: number, docIndex: number) => `
  SELECT l.list_type || '|' || s.code || '|' || l.doc_no AS k, l.source_unit_code AS u, l.status AS st
    FROM json_each(?1) j CROSS JOIN subjects s ON s.code = ${v(codeIndex)}
    CROSS JOIN list_entries l ON l.list_type = ${v(typeIndex)} AND l.subject_id = s.id AND l.doc_no = ${v(docIndex)}
`;

export const listEntryPlan: WritePlan<ListEntryRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    ...subjectTuple(r.subject), r.listType, r.reason, r.legalBasis, r.authorityName, r.authorityCode, r.docNo, r.listedOn, r.plannedRemovalOn,
    r.sourceUnitName, r.sourceUnitCode, sourceRow, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = (sql: string) => bindUsed(db, sql, [json, p.category, p.batchId, p.receivedAt, p.guard]);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(LIST_PROBE(7, 0, 12)),
      bind(insertProvisionalSubjects(LIST_ENTRY_SKIP, 16, 17, 18)),
      bind(`
        INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at, replaced_by_batch)
        SELECT 'list_entry', l.id, ${LIST_SNAPSHOT}, ?4, ?3
          FROM json_each(?1) j CROSS JOIN list_entries l ON ${LIST_ENTRY_MATCH}
         WHERE l.status = 'listed' AND NOT ${foreign("l")} AND (${differs(LIST_VALUES.map(([c, e]) => [`l.${c}`, e]))})`),
      bind(`
        INSERT INTO list_entries (list_type, subject_id, reason, legal_basis, authority_name, authority_code, doc_no, listed_on, planned_removal_on,
                                  source_unit_name, source_unit_code, batch_id, source_row, received_at)
        SELECT ${v(7)}, ${subjectId(0)}, ${v(8)}, ${v(9)}, ${v(10)}, ${v(11)}, ${v(12)}, ${v(13)}, ${v(14)}, ${v(15)}, ${v(16)}, ?3, ${v(17)}, ?4
          FROM json_each(?1) j WHERE NOT (${LIST_ENTRY_SKIP})
        ON CONFLICT (list_type, subject_id, doc_no) DO UPDATE SET
          ${LIST_VALUES.map(([c]) => `${c} = excluded.${c}`).join(", ")},
          source_unit_name = excluded.source_unit_name, source_unit_code = excluded.source_unit_code,
          batch_id = excluded.batch_id, source_row = excluded.source_row, received_at = excluded.received_at, updated_at = ${NOW}
        WHERE ${differs(LIST_VALUES.map(([c]) => [`list_entries.${c}`, `excluded.${c}`]))}
        RETURNING list_type || '|' || (SELECT s.code FROM subjects s WHERE s.id = subject_id) || '|' || doc_no AS k`),
    ];
  },
  classify: (results, rows, p) => {
    const existing = keyed(results[1]!.results as { k: string; u: string | null; st: string }[], (r) => r.k);
    const written = new Set((results[4]!.results as { k: string }[]).map((r) => r.k));
    return classifyRows(rows, (r) => `${r.listType}|${r.subject.code}|${r.docNo}`, existing, written, (_row, before) => {
      if (p.guard !== null && before.u !== p.guard) return foreignOutcome(before.u);
      if (before.st !== "listed") {
        const state = before.st === "repaired" ? "已信用修复" : "已移出";
        return { outcome: "rejected", field: "决定文书号", rule: "status_regression", message: `这条名单记录${state}，不能通过重新报送列入信息恢复；重新列入请使用新的决定文书号` };
      }
      return null;
    });
  },
};

/* ---------------------------------------------------------------------------------------------------------
 * List removals. Tuple: 0 subject code · 1 list_type · 2 doc_no · 3 removed_on · 4 removal_reason
 * 5 source_unit_name · 6 source_unit_code · 7 source_row
 * ------------------------------------------------------------------------------------------------------- */

const REMOVAL_MATCH = listMatch(1, 0, 2);
const REMOVAL_CHANGES = `(l.status = 'listed' OR (l.status = 'removed' AND (l.removed_on IS NOT ${v(3)} OR l.removal_reason IS NOT ${v(4)})))`;

export const listRemovalPlan: WritePlan<ListRemovalRow> = {
  probesSubjects: false,
  tuple: (r, sourceRow) => [r.subjectCode, r.listType, r.docNo, r.removedOn, r.removalReason, r.sourceUnitName, r.sourceUnitCode, sourceRow],
  statements: (db, json, p) => {
    const bind = (sql: string) => bindUsed(db, sql, [json, p.category, p.batchId, p.receivedAt, p.guard]);
    return [
      bind(LIST_PROBE(1, 0, 2)),
      bind(`
        INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at, replaced_by_batch)
        SELECT 'list_entry', l.id, ${LIST_SNAPSHOT}, ?4, ?3
          FROM json_each(?1) j CROSS JOIN list_entries l ON ${REMOVAL_MATCH}
         WHERE NOT ${foreign("l")} AND ${REMOVAL_CHANGES}`),
      bind(`
        UPDATE list_entries AS l SET status = 'removed', removed_on = ${v(3)}, removal_reason = ${v(4)},
               batch_id = ?3, source_row = ${v(7)}, received_at = ?4, updated_at = ${NOW}
          FROM json_each(?1) AS j
         WHERE ${REMOVAL_MATCH} AND NOT ${foreign("l")} AND ${REMOVAL_CHANGES}
        RETURNING list_type || '|' || (SELECT s.code FROM subjects s WHERE s.id = subject_id) || '|' || doc_no AS k`),
    ];
  },
  classify: (results, rows, p) => {
    const existing = keyed(results[0]!.results as { k: string; u: string | null; st: string }[], (r) => r.k);
    const written = new Set((results[2]!.results as { k: string }[]).map((r) => r.k));
    return rows.map((row) => {
      const k = `${row.listType}|${row.subjectCode}|${row.docNo}`;
      const before = existing.get(k);
      if (!before) {
        return { outcome: "rejected", field: "决定文书号", rule: "not_found", message: `名单中没有这条记录（${row.listType}，决定文书号“${row.docNo}”）：请核对名单类型、主体代码和决定文书号` };
      }
      if (p.guard !== null && before.u !== p.guard) return foreignOutcome(before.u);
      if (before.st === "repaired") {
        return { outcome: "rejected", field: "决定文书号", rule: "status_regression", message: "这条名单记录已信用修复，不再需要移出" };
      }
      return { outcome: written.has(k) ? "updated" : "unchanged" };
    });
  },
};

/* ---------------------------------------------------------------------------------------------------------
 * Commitments. Tuple: 0–6 subject · 7 kind · 8 matter · 9 authority_name · 10 authority_code · 11 doc_no
 * 12 committed_on · 13 due_on · 14 status · 15 resolved_on · 16 source_unit_code · 17 source_row · 18 reg_no
 * ------------------------------------------------------------------------------------------------------- */

const COMMITMENT_VALUES: [string, string][] = [
  ["subject_id", subjectId(0)], ["kind", v(7)], ["matter", v(8)], ["authority_name", v(9)], ["committed_on", v(12)], ["due_on", v(13)],
  ["status", v(14)], ["resolved_on", v(15)],
];
const COMMITMENT_SNAPSHOT = snapshot("c", [
  "subject_id", "kind", "matter", "authority_name", "authority_code", "doc_no", "committed_on", "due_on", "status", "resolved_on",
  "source_unit_code", "batch_id", "source_row", "received_at",
]);
const COMMITMENT_MATCH = `c.authority_code = ${v(10)} AND c.doc_no = ${v(11)}`;
/** A fulfilled or breached commitment is not set back to pending by an older file sent again. */
const COMMITMENT_SKIP = `EXISTS (SELECT 1 FROM commitments c WHERE ${COMMITMENT_MATCH} AND (${foreign("c")} OR (c.status <> 'pending' AND ${v(14)} = 'pending')))`;

export const commitmentPlan: WritePlan<CommitmentRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    ...subjectTuple(r.subject), r.commitmentKind, r.matter, r.authorityName, r.authorityCode, r.docNo, r.committedOn, r.dueOn, r.status, r.resolvedOn,
    r.sourceUnitCode, sourceRow, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = (sql: string) => bindUsed(db, sql, [json, p.category, p.batchId, p.receivedAt, p.guard]);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(`SELECT c.authority_code || '|' || c.doc_no AS k, c.source_unit_code AS u, c.status AS st FROM json_each(?1) j CROSS JOIN commitments c ON ${COMMITMENT_MATCH}`),
      bind(insertProvisionalSubjects(COMMITMENT_SKIP, 16, 17, 18)),
      bind(`
        INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at, replaced_by_batch)
        SELECT 'commitment', c.id, ${COMMITMENT_SNAPSHOT}, ?4, ?3
          FROM json_each(?1) j CROSS JOIN commitments c ON ${COMMITMENT_MATCH}
         WHERE NOT (${foreign("c")} OR (c.status <> 'pending' AND ${v(14)} = 'pending')) AND (${differs(COMMITMENT_VALUES.map(([x, e]) => [`c.${x}`, e]))})`),
      bind(`
        INSERT INTO commitments (subject_id, kind, matter, authority_name, authority_code, doc_no, committed_on, due_on, status, resolved_on,
                                 source_unit_code, batch_id, source_row, received_at)
        SELECT ${subjectId(0)}, ${v(7)}, ${v(8)}, ${v(9)}, ${v(10)}, ${v(11)}, ${v(12)}, ${v(13)}, ${v(14)}, ${v(15)}, ${v(16)}, ?3, ${v(17)}, ?4
          FROM json_each(?1) j WHERE NOT (${COMMITMENT_SKIP})
        ON CONFLICT (authority_code, doc_no) DO UPDATE SET
          ${COMMITMENT_VALUES.map(([x]) => `${x} = excluded.${x}`).join(", ")},
          source_unit_code = excluded.source_unit_code, batch_id = excluded.batch_id, source_row = excluded.source_row, received_at = excluded.received_at
        WHERE ${differs(COMMITMENT_VALUES.map(([x]) => [`commitments.${x}`, `excluded.${x}`]))}
        RETURNING authority_code || '|' || doc_no AS k`),
    ];
  },
  classify: (results, rows, p) => {
    const existing = keyed(results[1]!.results as { k: string; u: string | null; st: string }[], (r) => r.k);
    const written = new Set((results[4]!.results as { k: string }[]).map((r) => r.k));
    return classifyRows(rows, (r) => `${r.authorityCode}|${r.docNo}`, existing, written, (row, before) => {
      if (p.guard !== null && before.u !== p.guard) return foreignOutcome(before.u);
      if (before.st !== "pending" && row.status === "pending") {
        const state = before.st === "fulfilled" ? "已履行" : "未履行";
        return { outcome: "rejected", field: "履约状态", rule: "status_regression", message: `这项承诺已认定为${state}，不能改回待履行（可能是重复报送了较早的文件）` };
      }
      return null;
    });
  },
};
