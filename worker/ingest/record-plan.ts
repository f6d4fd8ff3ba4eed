/**
 * 双公示 records (penalties and licences): the row both kinds validate to, and the plan that writes it into `records`
 * (natural key: category + deciding authority + document number), earlier versions to record_versions.
 */
import type { Severity } from "../../shared/domain/penalties";
import { type Assignment, NOW, SUBJECT_PROBE, type WritePlan, binder, differs, foreign, foreignOutcome, insertProvisionalSubjects, snapshot, subjectId, subjectTuple, upsertOutcomes, upsertSql, v } from "./sql";
import type { AcceptDetail } from "./spec";
import type { Provenance, SubjectRef } from "./validate";

export interface RecordRow extends Provenance {
  category: "penalty" | "licence";
  subject: SubjectRef;
  docNo: string;
  title: string | null;
  facts: string | null;
  basis: string | null;
  kinds: string | null;
  content: string | null;
  fineWan: number | null;
  confiscatedWan: number | null;
  licenceRef: string | null;
  authorityName: string;
  authorityCode: string;
  decidedOn: string;
  validFrom: string | null;
  validUntil: string | null;
  severity: Severity | null;
  publishUntil: string | null;
  repairableFrom: string | null;
  status: "active" | "revoked";
  remark: string | null;
  /** The 公示截止期 sent was outside the class's window and was moved into it. */
  publicationAdjusted: boolean;
  legacy: boolean;
  /** A 轻微 penalty the deciding authority marked for publication (是否公示). */
  publishMinor: boolean;
  /** The class rests on an ambiguous 处罚类别 (暂扣或者吊销): an admin should confirm it. */
  needsReview: boolean;
}

/* Tuple positions:
 * 0–6 subject · 7 doc_no · 8 title · 9 facts · 10 basis · 11 kinds · 12 content · 13 fine_wan · 14 confiscated_wan
 * 15 licence_ref · 16 authority_name · 17 authority_code · 18 decided_on · 19 valid_from · 20 valid_until · 21 severity
 * 22 publish_until · 23 repairable_from · 24 status · 25 remark · 26 source_unit_name · 27 source_unit_code · 28 source_row
 * 29 publish_minor · 30 needs_review · 31 the subject's reg_no */
const COLUMNS = [
  ["subject_id", 0], ["title", 8], ["facts", 9], ["basis", 10], ["kinds", 11], ["content", 12], ["fine_wan", 13], ["confiscated_wan", 14],
  ["licence_ref", 15], ["authority_name", 16], ["decided_on", 18], ["valid_from", 19], ["valid_until", 20], ["severity", 21],
  ["publish_until", 22], ["repairable_from", 23], ["remark", 25], ["publish_minor", 29], ["needs_review", 30],
] as const;

/**
 * The class an admin set for a record flagged for review is kept when the same ambiguous row comes again (alias `x`
 * is the stored row, `flagged` whether the incoming row needs review); an unambiguous row classes it anew.
 */
const keepReviewed = (x: string, flagged: string, column: string, incoming: string) =>
  `CASE WHEN ${x}.severity_reviewed_by IS NOT NULL AND ${flagged} = 1 THEN ${x}.${column} ELSE ${incoming} END`;
const REVIEWED: readonly string[] = ["severity", "publish_until", "repairable_from", "needs_review"];
/** A repaired or withdrawn record keeps that status whatever the provider sends (the credit centre decided it). */
const recordStatus = (x: string, incoming: string) => `CASE WHEN ${x}.status IN ('repaired', 'withdrawn') THEN ${x}.status ELSE ${incoming} END`;

/** Each compared column with its new value, given the stored row's alias and how the incoming values are named. */
const recordValues = (x: string, incoming: (column: string, index: number) => string): Assignment[] => [
  ...COLUMNS.map(([c, i]): Assignment => {
    const value = incoming(c, i);
    return [c, REVIEWED.includes(c) ? keepReviewed(x, incoming("needs_review", 30), c, value) : value];
  }),
  ["status", recordStatus(x, incoming("status", 24))],
];
/** Against the chunk's JSON (the version snapshot statement). */
const RECORD_VALUES = recordValues("r", (c, i) => (c === "subject_id" ? subjectId(0) : v(i)));
/** Against `excluded` (the upsert). */
const RECORD_EXCLUDED = recordValues("records", (c) => `excluded.${c}`);

export const RECORD_SNAPSHOT = snapshot("r", [
  "subject_id", "category", "doc_no", "title", "facts", "basis", "kinds", "content", "fine_wan", "confiscated_wan", "licence_ref", "authority_name",
  "authority_code", "decided_on", "valid_from", "valid_until", "severity", "publish_until", "repairable_from", "status", "remark", "version",
  "source_unit_name", "source_unit_code", "batch_id", "source_row", "received_at", "updated_at", "publication_ended_on", "publish_minor",
  "needs_review", "severity_reviewed_by",
]);
const RECORD_MATCH = `r.category = ?2 AND r.authority_code = ${v(17)} AND r.doc_no = ${v(7)}`;
const RECORD_SKIP = `EXISTS (SELECT 1 FROM records r WHERE ${RECORD_MATCH} AND ${foreign("r")})`;

const INSERT: Assignment[] = [
  ["subject_id", subjectId(0)], ["category", "?2"], ["doc_no", v(7)],
  ...COLUMNS.filter(([c]) => c !== "subject_id").map(([c, i]): Assignment => [c, v(i)]),
  ["authority_code", v(17)], ["status", v(24)], ["source_unit_name", v(26)], ["source_unit_code", v(27)], ["batch_id", "?3"], ["source_row", v(28)], ["received_at", "?4"],
];

const UPSERT = upsertSql({
  table: "records",
  insert: INSERT,
  skip: RECORD_SKIP,
  conflict: "category, authority_code, doc_no",
  values: RECORD_EXCLUDED,
  also: [
    ["version", "records.version + 1"],
    ["source_unit_name", "excluded.source_unit_name"], ["source_unit_code", "excluded.source_unit_code"], ["batch_id", "excluded.batch_id"],
    ["source_row", "excluded.source_row"], ["received_at", "excluded.received_at"], ["updated_at", NOW],
    // A correction that moves the window reopens publication (the daily job ends it again when due).
    ["publication_ended_on", `CASE WHEN records.publish_until IS ${RECORD_EXCLUDED.find(([c]) => c === "publish_until")![1]} THEN records.publication_ended_on END`],
  ],
  returning: "authority_code || '|' || doc_no",
});

const recordPlan: WritePlan<RecordRow> = {
  probesSubjects: true,
  tuple: (r, sourceRow) => [
    ...subjectTuple(r.subject), r.docNo, r.title, r.facts, r.basis, r.kinds, r.content, r.fineWan, r.confiscatedWan, r.licenceRef,
    r.authorityName, r.authorityCode, r.decidedOn, r.validFrom, r.validUntil, r.severity, r.publishUntil, r.repairableFrom, r.status, r.remark,
    r.sourceUnitName, r.sourceUnitCode, sourceRow, r.publishMinor ? 1 : 0, r.needsReview ? 1 : 0, r.subject.regNo,
  ],
  statements: (db, json, p) => {
    const bind = binder(db, json, p);
    return [
      db.prepare(SUBJECT_PROBE).bind(json),
      bind(`SELECT r.authority_code || '|' || r.doc_no AS k, r.source_unit_code AS u, r.status AS st FROM json_each(?1) j CROSS JOIN records r ON ${RECORD_MATCH}`),
      bind(insertProvisionalSubjects(RECORD_SKIP, 27, 28, 31)),
      bind(`
        INSERT INTO record_versions (record_id, version, snapshot, replaced_at, replaced_by_batch)
        SELECT r.id, r.version, ${RECORD_SNAPSHOT}, ?4, ?3
          FROM json_each(?1) j CROSS JOIN records r ON ${RECORD_MATCH}
         WHERE NOT ${foreign("r")} AND (${differs(RECORD_VALUES.map(([c, e]) => [`r.${c}`, e]))})`),
      bind(UPSERT),
    ];
  },
  classify: (results, rows, p) => upsertOutcomes(results, { probe: 1, write: 4 }, rows, (r) => `${r.authorityCode}|${r.docNo}`, (_row, before) => foreignOutcome(p, before)),
};

/** What penalties and licences share in their specs: the natural key, the subject, what the report counts, the plan. */
export const RECORD_KIND = {
  timeliness: true,
  naturalKey: (row: RecordRow) => `${row.authorityCode}|${row.docNo}`,
  shardKey: (row: RecordRow) => row.subject.code,
  subjectOf: (row: RecordRow) => (row.subject.name ? row.subject : null),
  accepted: (row: RecordRow): AcceptDetail => ({
    decidedOn: row.decidedOn,
    publicationAdjusted: row.publicationAdjusted,
    legacy: row.legacy,
    review: row.needsReview ? "kind_ambiguous" : undefined,
  }),
  plan: recordPlan,
};
