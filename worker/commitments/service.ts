/**
 * 告知承诺 registered where it is made (国办发〔2020〕42号): the officer who grants an approval on a promise registers
 * it, it is public on the subject's record (信用承诺公示), the officer watches the subject automatically, and when the
 * verification date (verifyBy) arrives the officer is reminded to record the result. 属实 closes the commitment as
 * fulfilled; 不属实 marks it breached (the evaluation's 信用承诺履行 indicator counts it) and puts the subject on the
 * 重点监管对象名单 with the reason 虚假承诺 — the list whose measures every check already applies (行政审批:
 * 不适用告知承诺等便利措施). A dedicated 虚假承诺 list type would need the list_entries CHECK widened and the
 * ingest list-name table extended; see docs/monitoring.md.
 */
import type { ShardRouter } from "../shards";
import { COMMITMENT_STATUS_LABEL, type Commitment, type CommitmentInput, type PublicCommitmentList, type VerificationInput } from "../../shared/contract";
import { addDays, addMonths } from "../../shared/domain/dates";
import { LIST_TYPE_INFO } from "../../shared/domain/lists";
import { maskIdNumber, maskIdNumbersInText } from "../../shared/identifiers";
import { appendQueryLog } from "../audit/log";
import { assertScene } from "../auth/middleware";
import { PUBLIC_PRINCIPAL, type Principal } from "../../shared/auth/principal";
import { ApiError } from "../http/errors";
import { auditSubjectRef } from "../lookup/profile";
import { lookupOrThrow, personNotFound, subjectNotFound } from "../lookup/resolve";
import { listEntryCondition, maskPersonalNumbers, publicInformationCondition } from "../visibility";

type Officer = Extract<Principal, { role: "officer" }>;

/** The automatic watch lasts this long past the verification date, so the result and its effects are seen. */
const WATCH_DAYS_AFTER_VERIFY_BY = 90;
/** 虚假承诺 is a 一般失信 record: at most one year (国办发〔2025〕22号), then it leaves the list. */
const FALSE_COMMITMENT_MONTHS = 12;
const FALSE_COMMITMENT_BASIS = "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）：申请人作出不实承诺的，纳入信用记录，信用修复前不适用告知承诺制";

interface CommitmentRow {
  id: number;
  code: string;
  code_type: "uscc" | "id_number";
  name: string;
  kind: string;
  commitment_type: string | null;
  matter: string;
  committed_on: string;
  due_on: string | null;
  doc_no: string;
  authority_name: string;
  authority_code: string;
  status: "pending" | "fulfilled" | "breached";
  resolved_on: string | null;
  registered_by: string | null;
  watch_id: number | null;
  verification_result: "属实" | "不属实" | null;
  verification_note: string | null;
  verified_by: string | null;
  verified_at: string | null;
  l_doc_no: string | null;
  l_reason: string | null;
  l_listed_on: string | null;
  l_planned_removal_on: string | null;
  subject_id: number;
}

const COLUMNS = `m.id, s.code, s.code_type, s.name, m.kind, m.commitment_type, m.matter, m.committed_on, m.due_on, m.doc_no, m.authority_name, m.authority_code,
  m.status, m.resolved_on, m.registered_by, m.watch_id, m.verification_result, m.verification_note, m.verified_by, m.verified_at, m.subject_id,
  l.doc_no AS l_doc_no, l.reason AS l_reason, l.listed_on AS l_listed_on, l.planned_removal_on AS l_planned_removal_on`;
const FROM = "commitments m JOIN subjects s ON s.id = m.subject_id LEFT JOIN list_entries l ON l.id = m.false_entry_id";

/** What the officer's answer and 信用承诺公示 both say of a commitment. */
function commitmentFacts(row: CommitmentRow) {
  return {
    type: row.commitment_type,
    matter: row.matter,
    madeOn: row.committed_on,
    verifyBy: row.due_on,
    ref: row.doc_no,
    authority: { name: row.authority_name, code: row.authority_code },
    status: row.status,
    statusLabel: COMMITMENT_STATUS_LABEL[row.status],
  };
}

/** Ids in the answer are public ids (worker/shards): with shards, they name the commitment's shard too. */
function toCommitment(row: CommitmentRow, shards: ShardRouter, binding: string): Commitment {
  return {
    id: shards.publicId(binding, row.id),
    code: row.code_type === "id_number" ? maskIdNumber(row.code) : row.code,
    name: row.name,
    ...commitmentFacts(row),
    registeredBy: row.registered_by,
    watchId: row.watch_id === null ? null : shards.publicId(binding, row.watch_id),
    verification:
      row.verification_result && row.verified_at
        ? { result: row.verification_result, note: row.verification_note ?? "", verifiedAt: row.verified_at, verifiedBy: row.verified_by ?? "" }
        : null,
    falseCommitmentEntry: row.l_doc_no
      ? { listType: "key_supervision", listName: LIST_TYPE_INFO.key_supervision.name, reason: row.l_reason ?? "", docNo: row.l_doc_no, listedOn: row.l_listed_on!, plannedRemovalOn: row.l_planned_removal_on }
      : null,
  };
}

async function load(db: D1DatabaseSession | D1Database, id: number): Promise<CommitmentRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.id = ?1`).bind(id).first<CommitmentRow>();
}

/**
 * Registers a 告知承诺 made to the officer's department and watches its subject for the officer.
 * @example await registerCommitment(db, officer, { code, type: "涉企经营许可事项告知承诺", matter, madeOn, verifyBy, ref }, new Date())
 */
export async function registerCommitment(shards: ShardRouter, principal: Officer, input: CommitmentInput, now: Date): Promise<Commitment> {
  // Registering is a read of the subject's data in the 行政审批 scene (查询使用登记): the token must grant it.
  assertScene(principal, "approval");
  const lookup = lookupOrThrow(input.code);
  const { code } = lookup;
  // The commitment and the watch it adds live in the subject's shard, written in one batch there. The
  // department's ref is checked for reuse on that shard only: the same ref for a subject on another shard is
  // not noticed (a global ref index in DB would be needed for that).
  const shard = await shards.shardFor(code);
  const db = shard.db;
  const subject = await db.prepare("SELECT id, code, code_type FROM subjects WHERE code = ?1").bind(code).first<{ id: number; code: string; code_type: "uscc" | "id_number" }>();
  if (!subject) throw subjectNotFound(lookup);
  // Free text an officer types is masked as ingested text is (issue 11): matter, ref and, later, the note.
  const ref = maskIdNumbersInText(input.ref);
  const taken = await db.prepare("SELECT id FROM commitments WHERE authority_code = ?1 AND doc_no = ?2").bind(principal.department, ref).first<{ id: number }>();
  if (taken) {
    const id = shards.publicId(shard.binding, taken.id);
    throw new ApiError(409, "commitment_conflict", `本部门已登记过文号为“${ref}”的告知承诺（编号 ${id}）`, { id, ref });
  }
  const at = now.toISOString();
  const reason = `告知承诺 ${ref}`.slice(0, 100);
  const until = addDays(input.verifyBy, WATCH_DAYS_AFTER_VERIFY_BY);
  const [, inserted] = await db.batch([
    // Under the 行政审批 scene: its alerts show details only while the token still grants that scene.
    db
      .prepare(
        `INSERT INTO watch_entries (watcher, watcher_name, department_code, subject_id, reason, scene, until, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'approval', ?6, 'commitment', ?7)
         ON CONFLICT (watcher, subject_id, reason) WHERE removed_at IS NULL DO UPDATE SET until = max(until, excluded.until)`,
      )
      .bind(principal.id, principal.name, principal.department, subject.id, reason, until, at),
    db
      .prepare(
        `INSERT INTO commitments (subject_id, kind, matter, authority_name, authority_code, doc_no, committed_on, due_on, status, source_unit_code, received_at,
                                  commitment_type, registered_by, registered_by_name, registered_at, watch_id)
         VALUES (?1, '审批替代型', ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?4, ?8, ?9, ?10, ?11, ?8,
                 (SELECT id FROM watch_entries WHERE watcher = ?10 AND subject_id = ?1 AND reason = ?12 AND removed_at IS NULL))
         RETURNING id`,
      )
      .bind(subject.id, maskIdNumbersInText(input.matter), input.authorityName ?? `部门 ${principal.department}`, principal.department, ref, input.madeOn, input.verifyBy, at, input.type, principal.id, principal.name, reason),
  ]);
  const id = (inserted?.results[0] as { id: number }).id;
  const result = toCommitment((await load(db, id))!, shards, shard.binding);
  await appendQueryLog(shards, principal, { route: "POST /api/v1/commitments", scene: "approval", purpose: ref, subjects: [auditSubjectRef(subject)], answer: JSON.stringify(result) }, now);
  return result;
}

/**
 * Records the verification (核查) of a commitment registered by the officer's department.
 * @example await verifyCommitment(db, officer, 7, { result: "不属实", note: "现场核查：经营场所与承诺不符" }, "2026-11-27", new Date())
 */
export async function verifyCommitment(shards: ShardRouter, principal: Officer, publicId: number, input: VerificationInput, today: string, now: Date): Promise<Commitment> {
  // A public id names the commitment's shard (worker/shards, publicId); the rest runs there as one batch.
  const target = shards.fromPublicId(publicId);
  const db = target?.shard.db ?? shards.control;
  const id = target?.local ?? 0;
  const row = target ? await load(db, id) : null;
  if (!row) throw new ApiError(404, "not_found", `没有编号为 ${publicId} 的告知承诺`, { id: publicId });
  if (row.authority_code !== principal.department) {
    throw new ApiError(403, "forbidden", "只有接受承诺、作出审批的部门可以登记核查结果", { authorityCode: row.authority_code, department: principal.department });
  }
  if (row.status !== "pending") throw new ApiError(409, "commitment_conflict", `该告知承诺已有核查结果（${COMMITMENT_STATUS_LABEL[row.status]}），不能再次登记`, { status: row.status });
  const at = now.toISOString();
  const breached = input.result === "不属实";
  const note = maskIdNumbersInText(input.note);
  // One update of the commitment (one change-feed row, one alert per watcher); the 虚假承诺 entry is written
  // first, only while the commitment is still pending, so a racing second verification lists nothing.
  const statements: D1PreparedStatement[] = [];
  if (breached) {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO list_entries (list_type, subject_id, reason, legal_basis, authority_name, authority_code, doc_no, listed_on, planned_removal_on,
                                               status, source_unit_code, received_at)
           SELECT 'key_supervision', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'listed', ?5, ?9
            WHERE EXISTS (SELECT 1 FROM commitments WHERE id = ?10 AND status = 'pending')`,
        )
        .bind(row.subject_id, `虚假承诺：${row.matter}。核查情况：${note}`.slice(0, 1000), FALSE_COMMITMENT_BASIS, row.authority_name, row.authority_code, row.doc_no, today, addMonths(today, FALSE_COMMITMENT_MONTHS), at, id),
    );
  }
  statements.push(
    db
      .prepare(
        `UPDATE commitments SET status = ?2, resolved_on = ?3, verification_result = ?4, verification_note = ?5, verified_by = ?6, verified_at = ?7,
                false_entry_id = CASE WHEN ?2 = 'breached' THEN (SELECT id FROM list_entries WHERE list_type = 'key_supervision' AND subject_id = ?8 AND doc_no = ?9) END
          WHERE id = ?1 AND status = 'pending'`,
      )
      .bind(id, breached ? "breached" : "fulfilled", today, input.result, note, principal.id, at, row.subject_id, row.doc_no),
  );
  const results = await db.batch(statements);
  if (results.at(-1)!.meta.changes === 0) throw new ApiError(409, "commitment_conflict", "该告知承诺已有核查结果，不能再次登记");
  return toCommitment((await load(db, id))!, shards, target!.shard.binding);
}

/**
 * 信用承诺公示: the commitments of the subject the code names, newest first. A breach is public while the 虚假承诺
 * entry it caused is in force (at most 12 months; not once repaired, removed or deleted by an upheld objection);
 * a breach received without such an entry, for 12 months from its date. For persons, nothing unless they have
 * information public and in force (the no-existence-oracle test of worker/visibility).
 */
export async function publicCommitments(shards: ShardRouter, input: string, today: string): Promise<PublicCommitmentList> {
  const lookup = lookupOrThrow(input);
  const { code } = lookup;
  const db = (await shards.shardFor(code)).db;
  const subject = await db
    .prepare(`SELECT s.id, s.code, s.code_type, s.name, ${publicInformationCondition("s.id")} AS public_info FROM subjects s WHERE s.code = ?2`)
    .bind(today, code)
    .first<{ id: number; code: string; code_type: string; name: string; public_info: number }>();
  // No existence oracle for persons: an ID number without information public and in force answers like an unknown one.
  const isPerson = lookup.type === "id_number" || subject?.code_type === "id_number";
  if (isPerson && subject?.public_info !== 1) throw personNotFound();
  if (!subject) throw subjectNotFound(lookup);
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE m.subject_id = ?2
          AND (m.status <> 'breached'
               OR (m.false_entry_id IS NOT NULL AND ${listEntryCondition(PUBLIC_PRINCIPAL)})
               OR (m.false_entry_id IS NULL AND m.resolved_on >= date(?1, '-${FALSE_COMMITMENT_MONTHS} months')))
        ORDER BY m.committed_on DESC, m.id DESC LIMIT 200`,
    )
    .bind(today, subject.id)
    .all<CommitmentRow>();
  if (isPerson && results.length === 0) throw personNotFound();
  return maskPersonalNumbers({
    code: subject.code_type === "id_number" ? maskIdNumber(subject.code) : subject.code,
    name: subject.name,
    items: results.map((r) => ({
      ...commitmentFacts(r),
      kind: r.kind,
      resolvedOn: r.resolved_on,
    })),
  });
}

/** How many due commitments one step of the daily job reminds. */
const DUE_STEP = 500;

/**
 * Raises a 告知承诺待核查 alert for every pending registered commitment whose verification date has come, to the
 * officer who registered it; each commitment is reminded once (due_alerted_on), idempotent by (due, commitment, watch).
 */
export async function remindDueCommitments(db: D1Database, today: string, now: Date): Promise<number> {
  let reminded = 0;
  for (;;) {
    const { results } = await db
      .prepare("SELECT id FROM commitments WHERE status = 'pending' AND registered_by IS NOT NULL AND due_alerted_on IS NULL AND due_on <= ?1 AND watch_id IS NOT NULL AND subject_id NOT IN (SELECT subject_id FROM move_frozen) ORDER BY due_on, id LIMIT ?2")
      .bind(today, DUE_STEP)
      .all<{ id: number }>();
    if (results.length === 0) return reminded;
    const ids = JSON.stringify(results.map((r) => r.id));
    const at = now.toISOString();
    await db.batch([
      db
        .prepare(
          `INSERT OR IGNORE INTO alerts (feed, change_seq, watch_id, watcher, department_code, subject_id, entity, entity_id, changed_at, created_at)
           SELECT 'due', m.id, w.id, w.watcher, w.department_code, m.subject_id, 'commitment_due', m.id, ?2, ?2
             FROM commitments m JOIN watch_entries w ON w.id = m.watch_id WHERE m.id IN (SELECT value FROM json_each(?1))`,
        )
        .bind(ids, at),
      db.prepare("UPDATE commitments SET due_alerted_on = ?2 WHERE id IN (SELECT value FROM json_each(?1))").bind(ids, today),
    ]);
    reminded += results.length;
  }
}
