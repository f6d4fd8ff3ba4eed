/**
 * 异议申诉: filing marks the record or list entry 异议处理中 at once (the rule allows 1 working day; we do not
 * wait); the providing unit decides within the configured working days: 维持 (the mark is cleared), 更正 (the
 * fields given are replaced, the old version kept, version + 1) or 删除 (the record is withdrawn, the entry
 * takes the status deleted_by_objection). The mark goes with the decision. Each step is one D1 batch.
 */
import { caseShard } from "../cases/queries";
import type { ShardRouter } from "../shards";
import type { Corrections, ObjectionDecision, ObjectionRequest } from "../../shared/contract/cases";
import type { ObjectionState } from "../../shared/domain/repair";
import { maskIdNumbersInText } from "../../shared/identifiers";
import type { Principal } from "../../shared/auth/principal";
import { assertDecider } from "../cases/access";
import { payloadTarget, stepStatements } from "../cases/events";
import { caseDeadline } from "../calendar/deadlines";
import { loadWorkCalendar } from "../calendar/queries";
import { loadTarget, resolveFilingTarget, type TargetRow } from "../cases/targets";
import { newTrackingNumber } from "../cases/tracking";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { newPageSecret } from "../visibility";

type Db = D1DatabaseSession | D1Database;

/** Who decides an objection: the unit that provided the data, else the deciding authority. */
export function objectionDecider(t: Pick<TargetRow, "source_unit_code" | "source_unit_name" | "authority_code" | "authority_name">): { code: string; name: string } {
  return t.source_unit_code ? { code: t.source_unit_code, name: t.source_unit_name ?? t.authority_name } : { code: t.authority_code, name: t.authority_name };
}

/** Files an objection and marks its target 异议处理中 in the same batch. */
export async function fileObjection(shards: ShardRouter, env: Env, input: ObjectionRequest, today: string, now = new Date()): Promise<{ tracking: string; deadline: string; deadlineProvisional: boolean; secret: string }> {
  // Beside the record, in the subject's shard (the 异议处理中 mark and the case in one batch); calendar from control.
  const db = (await shards.shardFor(input.subjectCode)).db;
  const target = await resolveFilingTarget(db, input.subjectCode, input.docNo, today);
  if (target.objection_open === 1) throw new ApiError(409, "case_conflict", "该信息已有异议正在处理中，请等待处理结果");
  const decider = objectionDecider(target);
  const deadline = caseDeadline(await loadWorkCalendar(shards.control), env, "objection", today);
  const at = now.toISOString();
  const table = target.target_kind === "record" ? "records" : "list_entries";
  const { secret, hash } = await newPageSecret();
  for (let attempt = 0; ; attempt++) {
    const tracking = newTrackingNumber("objection", now);
    try {
      await db.batch([
        db
          .prepare(
            `INSERT INTO objection_cases (tracking, target_kind, target_id, subject_id, decider_code, applicant_name, applicant_contact, reason, deadline, submitted_on, submitted_at,
                                          deadline_working_days, deadline_provisional, secret_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)`,
          )
          .bind(tracking, target.target_kind, target.id, target.subject_id, decider.code, input.applicantName, input.applicantContact, input.reason, deadline.date, today, at,
            deadline.days, deadline.provisional ? 1 : 0, hash),
        ...stepStatements(db, env, { kind: "objection", tracking, at, actor: "applicant", action: "filed", fromState: null, toState: "submitted", note: null, target: payloadTarget(target) }),
        db.prepare(`UPDATE ${table} SET objection_open = 1, updated_at = ?2 WHERE id = ?1`).bind(target.id, at),
      ]);
      return { tracking, deadline: deadline.date, deadlineProvisional: deadline.provisional, secret };
    } catch (err) {
      const text = String(err);
      if (text.includes("UNIQUE") && text.includes("target_id")) throw new ApiError(409, "case_conflict", "该信息已有异议正在处理中，请等待处理结果");
      if (attempt < 3 && text.includes("UNIQUE")) continue; // a tracking number drawn twice
      throw err;
    }
  }
}

const RECORD_FIELDS: Partial<Record<keyof Corrections, string>> = { title: "title", facts: "facts", basis: "basis", content: "content", fineWan: "fine_wan" };
const ENTRY_FIELDS: Partial<Record<keyof Corrections, string>> = { reason: "reason", legalBasis: "legal_basis" };

/** The column assignments of a correction; 400 naming the fields that do not belong to the target kind. */
export function correctionColumns(kind: "record" | "list_entry", corrections: Corrections): [string, string | number][] {
  const allowed = kind === "record" ? RECORD_FIELDS : ENTRY_FIELDS;
  const entries = Object.entries(corrections).filter(([, v]) => v !== undefined) as [keyof Corrections, string | number][];
  const wrong = entries.filter(([k]) => !allowed[k]).map(([k]) => k);
  if (wrong.length > 0) {
    throw new ApiError(400, "invalid_request", `${kind === "record" ? "记录" : "名单记录"}不能更正这些字段：${wrong.join("、")}`, wrong.map((field) => ({ field: `body.corrections.${field}`, expected: Object.keys(allowed).join("|"), message: "该字段不适用于此信息" })));
  }
  // An officer's corrections are free text like ingested text: ID numbers in them are masked before storage.
  return entries.map(([k, v]) => [allowed[k]!, typeof v === "string" ? maskIdNumbersInText(v) : v]);
}

const RECORD_SNAPSHOT = `json_object('subject_id', subject_id, 'category', category, 'doc_no', doc_no, 'title', title, 'facts', facts, 'basis', basis,
  'kinds', kinds, 'content', content, 'fine_wan', fine_wan, 'confiscated_wan', confiscated_wan, 'licence_ref', licence_ref, 'authority_name', authority_name,
  'authority_code', authority_code, 'decided_on', decided_on, 'valid_from', valid_from, 'valid_until', valid_until, 'severity', severity,
  'publish_until', publish_until, 'repairable_from', repairable_from, 'status', status, 'remark', remark)`;
const ENTRY_SNAPSHOT = `json_object('list_type', list_type, 'subject_id', subject_id, 'reason', reason, 'legal_basis', legal_basis, 'authority_name', authority_name,
  'authority_code', authority_code, 'doc_no', doc_no, 'listed_on', listed_on, 'planned_removal_on', planned_removal_on, 'status', status)`;

/** The effect statements of a decision on the target; guarded by the case row the batch just decided. */
function decisionEffects(db: Db, t: TargetRow, decision: ObjectionDecision, guard: { tracking: string; at: string }, actor: string, today: string): D1PreparedStatement[] {
  // Both values are ours (a validated tracking number, an ISO instant), inlined because the statements bind different parameters.
  const guarded = `EXISTS (SELECT 1 FROM objection_cases WHERE tracking = '${guard.tracking.replace(/[^A-Z0-9-]/g, "")}' AND decided_at = '${guard.at}')`;
  const table = t.target_kind === "record" ? "records" : "list_entries";
  const entity = t.target_kind === "record" ? "record" : "list_entry";
  const history = (toStatus: string) =>
    db
      .prepare(
        `UPDATE status_history SET actor = ?3, reason = ?4
          WHERE id = (SELECT max(id) FROM status_history WHERE entity = ?1 AND entity_id = ?2) AND to_status = ?5 AND actor IS NULL`,
      )
      .bind(entity, t.id, actor, `异议 ${guard.tracking}：${decision.reason}`, toStatus);
  if (decision.outcome === "dismissed") {
    return [db.prepare(`UPDATE ${table} SET objection_open = 0, updated_at = ?2 WHERE id = ?1 AND ${guarded}`).bind(t.id, guard.at)];
  }
  if (decision.outcome === "deleted") {
    return t.target_kind === "record"
      ? [db.prepare(`UPDATE records SET status = 'withdrawn', objection_open = 0, updated_at = ?2 WHERE id = ?1 AND ${guarded}`).bind(t.id, guard.at), history("withdrawn")]
      : [
          db
            // Its own status: an entry deleted as wrong never counts, unlike one removed at the end of its period.
            .prepare(`UPDATE list_entries SET status = 'deleted_by_objection', removed_on = ?3, removal_reason = ?4, objection_open = 0, updated_at = ?2 WHERE id = ?1 AND ${guarded}`)
            .bind(t.id, guard.at, today, `异议成立，删除：${decision.reason}`),
          history("deleted_by_objection"),
        ];
  }
  const columns = correctionColumns(t.target_kind, decision.corrections!);
  const sets = columns.map(([c], i) => `${c} = ?${i + 3}`).join(", ");
  const values = columns.map(([, v]) => v);
  return t.target_kind === "record"
    ? [
        db.prepare(`INSERT INTO record_versions (record_id, version, snapshot, replaced_at) SELECT id, version, ${RECORD_SNAPSHOT}, ?2 FROM records WHERE id = ?1 AND ${guarded}`).bind(t.id, guard.at),
        db.prepare(`UPDATE records SET ${sets}, version = version + 1, objection_open = 0, updated_at = ?2 WHERE id = ?1 AND ${guarded}`).bind(t.id, guard.at, ...values),
      ]
    : [
        db.prepare(`INSERT INTO entity_versions (entity, entity_id, snapshot, replaced_at) SELECT 'list_entry', id, ${ENTRY_SNAPSHOT}, ?2 FROM list_entries WHERE id = ?1 AND ${guarded}`).bind(t.id, guard.at),
        db.prepare(`UPDATE list_entries SET ${sets}, objection_open = 0, updated_at = ?2 WHERE id = ?1 AND ${guarded}`).bind(t.id, guard.at, ...values),
      ];
}

/** 维持 / 更正 / 删除, by an officer of the providing unit. */
export async function decideObjection(shards: ShardRouter, env: Env, principal: Principal, tracking: string, decision: ObjectionDecision, today: string, now = new Date()): Promise<void> {
  // The case's shard, where its record is: the decision's effect and the case state stay one batch.
  const db = (await caseShard(shards, tracking)) ?? shards.control;
  const c = await db
    .prepare("SELECT state, target_kind, target_id FROM objection_cases WHERE tracking = ?1")
    .bind(tracking)
    .first<{ state: ObjectionState; target_kind: "record" | "list_entry"; target_id: number }>();
  if (!c) throw new ApiError(404, "not_found", `没有受理编号为 ${tracking} 的异议申诉`);
  const target = (await loadTarget(db, c.target_kind, c.target_id))!;
  assertDecider(principal, objectionDecider(target));
  if (c.state !== "submitted") throw new ApiError(409, "case_conflict", "该异议已作出决定，不能再次决定", { state: c.state });
  if (decision.outcome === "corrected") {
    if (!decision.corrections) throw new ApiError(400, "invalid_request", "更正时须提供 corrections：要更正的字段及新值", [{ field: "body.corrections", expected: "object", message: "更正时必填" }]);
    correctionColumns(c.target_kind, decision.corrections);
  }
  const at = now.toISOString();
  const [update] = await db.batch([
    db
      .prepare(
        `UPDATE objection_cases SET state = ?2, decision_reason = ?3, corrections = ?4, decided_at = ?5, decided_on = ?6, decided_by = ?7, decided_by_name = ?8
          WHERE tracking = ?1 AND state = 'submitted'`,
      )
      .bind(tracking, decision.outcome, decision.reason, decision.outcome === "corrected" ? maskIdNumbersInText(JSON.stringify(decision.corrections)) : null, at, today, principal.id, principal.name),
    ...stepStatements(db, env, { kind: "objection", tracking, at, actor: principal.id, action: decision.outcome, fromState: "submitted", toState: decision.outcome, note: decision.reason, target: payloadTarget(target) }),
    ...decisionEffects(db, target, decision, { tracking, at }, `officer:${principal.role === "officer" ? principal.id : ""}`, today),
  ]);
  if (update!.meta.changes === 0) throw new ApiError(409, "case_conflict", "该异议已作出决定，不能再次决定");
}
