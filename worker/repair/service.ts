/**
 * 信用修复: filing (eligibility, 信用承诺, deadline), acceptance and the decision with its effects — the record or
 * list entry leaves every view but the admins', its status history names the officer and the reason, the change
 * feed announces it (triggers) and the case keeps its history. Each step is one D1 batch.
 */
import type { RepairDecision, RepairRequest } from "../../shared/contract/cases";
import { REPAIR_COMMITMENT_TEXT } from "../../shared/contract/cases";
import { nextRepairState, repairEligibility, type RepairState } from "../../shared/domain/repair";
import type { Principal } from "../../shared/auth/principal";
import { assertDecider } from "../cases/access";
import { payloadTarget, stepStatements } from "../cases/events";
import { caseDeadline } from "../calendar/deadlines";
import { loadWorkCalendar } from "../calendar/queries";
import { loadTarget, resolveFilingTarget, type TargetRow, toRepairTarget } from "../cases/targets";
import { newTrackingNumber } from "../cases/tracking";
import { caseShard } from "../cases/queries";
import type { ShardRouter } from "../shards";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { newPageSecret } from "../visibility";
import { type Evidence, storeEvidence } from "./evidence";

type Db = D1DatabaseSession | D1Database;
type Officer = Extract<Principal, { role: "officer" }>;

/** Files a repair application; answers the tracking number, the deadline and the tracking page's secret (stored hashed). */
export async function fileRepair(
  shards: ShardRouter,
  env: Env,
  input: RepairRequest,
  today: string,
  now = new Date(),
  evidence: readonly Evidence[] = [],
): Promise<{ tracking: string; deadline: string; deadlineProvisional: boolean; secret: string; target: TargetRow }> {
  // The case is written beside its record, in the subject's shard: the filing, later the decision's effect and
  // the case state change in one D1 batch there. The work calendar is configuration (control database).
  const db = (await shards.shardFor(input.subjectCode)).db;
  const target = await resolveFilingTarget(db, input.subjectCode, input.docNo, today);
  const eligibility = repairEligibility(toRepairTarget(target), today);
  if (!eligibility.eligible) {
    throw new ApiError(422, "case_not_eligible", eligibility.message, { rule: eligibility.rule, ...(eligibility.applyFrom ? { applyFrom: eligibility.applyFrom } : {}) });
  }
  const open = await db
    .prepare("SELECT 1 FROM repair_cases WHERE target_kind = ?1 AND target_id = ?2 AND state IN ('submitted', 'accepted') LIMIT 1")
    .bind(target.target_kind, target.id)
    .first();
  if (open) throw new ApiError(409, "case_conflict", "该信息已有信用修复申请正在办理，请凭受理编号查询进度");
  const deadline = caseDeadline(await loadWorkCalendar(shards.control), env, "repair", today);
  const at = now.toISOString();
  const keys = await storeEvidence(env.EVIDENCE, evidence);
  const { secret, hash } = await newPageSecret();
  for (let attempt = 0; ; attempt++) {
    const tracking = newTrackingNumber("repair", now);
    try {
      await db.batch([
        db
          .prepare(
            `INSERT INTO repair_cases (tracking, target_kind, target_id, subject_id, authority_code, authority_name, applicant_name, applicant_contact,
                                       commitment_accepted, commitment_text, statement, deadline, submitted_on, submitted_at, deadline_working_days, deadline_provisional, secret_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)`,
          )
          .bind(tracking, target.target_kind, target.id, target.subject_id, target.authority_code, target.authority_name, input.applicantName, input.applicantContact,
            REPAIR_COMMITMENT_TEXT, input.statement, deadline.date, today, at, deadline.days, deadline.provisional ? 1 : 0, hash),
        ...stepStatements(db, env, { kind: "repair", tracking, at, actor: "applicant", action: "filed", fromState: null, toState: "submitted", note: null, target: payloadTarget(target) }),
        ...evidence.map((f, i) =>
          db
            .prepare("INSERT INTO case_files (case_kind, tracking, r2_key, name, type, size, sha256, uploaded_at) VALUES ('repair', ?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(tracking, keys[i], f.name, f.type, f.size, f.sha256, at),
        ),
      ]);
      return { tracking, deadline: deadline.date, deadlineProvisional: deadline.provisional, secret, target };
    } catch (err) {
      const text = String(err);
      if (text.includes("UNIQUE") && text.includes("target_id")) throw new ApiError(409, "case_conflict", "该信息已有信用修复申请正在办理，请凭受理编号查询进度");
      if (attempt < 3 && text.includes("UNIQUE")) continue; // a tracking number drawn twice
      throw err;
    }
  }
}

/** A repair case row for a decision step, 404 when unknown. */
async function loadRepair(db: Db, tracking: string): Promise<{ state: RepairState; target_kind: "record" | "list_entry"; target_id: number; authority_code: string; authority_name: string }> {
  const row = await db
    .prepare("SELECT state, target_kind, target_id, authority_code, authority_name FROM repair_cases WHERE tracking = ?1")
    .bind(tracking)
    .first<{ state: RepairState; target_kind: "record" | "list_entry"; target_id: number; authority_code: string; authority_name: string }>();
  if (!row) throw new ApiError(404, "not_found", `没有受理编号为 ${tracking} 的信用修复申请`);
  return row;
}

function conflict(state: RepairState, wanted: string): ApiError {
  const label = { submitted: "已提交", accepted: "已受理", repaired: "已修复", refused: "不予修复" }[state];
  return new ApiError(409, "case_conflict", `该申请当前状态为“${label}”，不能${wanted}`, { state });
}

/** 受理: the deciding unit's officer accepts the application for review. */
export async function acceptRepair(shards: ShardRouter, env: Env, principal: Principal, tracking: string, now = new Date()): Promise<void> {
  // No shard holds it: loadRepair on the control database answers the 404.
  const db = (await caseShard(shards, tracking)) ?? shards.control;
  const c = await loadRepair(db, tracking);
  assertDecider(principal, { code: c.authority_code, name: c.authority_name });
  if (!nextRepairState(c.state, "accept")) throw conflict(c.state, "受理");
  const target = (await loadTarget(db, c.target_kind, c.target_id))!;
  const at = now.toISOString();
  const [update] = await db.batch([
    db.prepare("UPDATE repair_cases SET state = 'accepted', accepted_at = ?2 WHERE tracking = ?1 AND state = 'submitted'").bind(tracking, at),
    ...stepStatements(db, env, { kind: "repair", tracking, at, actor: principal.id, action: "accepted", fromState: c.state, toState: "accepted", note: null, target: payloadTarget(target) }),
  ]);
  if (update!.meta.changes === 0) throw conflict(c.state, "受理");
}

/** The effect statements of 予以修复 on the target, guarded so they only apply when the case update did. */
function repairEffects(db: Db, c: { target_kind: "record" | "list_entry"; target_id: number }, guard: { tracking: string; at: string }, officer: Officer, reason: string, today: string): D1PreparedStatement[] {
  const guarded = "EXISTS (SELECT 1 FROM repair_cases WHERE tracking = ?8 AND decided_at = ?9 AND state = 'repaired')";
  const target =
    c.target_kind === "record"
      ? db.prepare(`UPDATE records SET status = 'repaired', updated_at = ?2 WHERE id = ?1 AND status = 'active' AND ${guarded}`)
      : db.prepare(`UPDATE list_entries SET status = 'repaired', removed_on = ?3, removal_reason = ?4, updated_at = ?2 WHERE id = ?1 AND status = 'listed' AND ${guarded}`);
  const entity = c.target_kind === "record" ? "record" : "list_entry";
  return [
    target.bind(c.target_id, guard.at, today, `信用修复：${reason}`, null, null, null, guard.tracking, guard.at),
    // The status trigger writes the history row; it cannot know who acted, so the row is completed here.
    db
      .prepare(
        `UPDATE status_history SET actor = ?3, reason = ?4
          WHERE id = (SELECT max(id) FROM status_history WHERE entity = ?1 AND entity_id = ?2) AND to_status = 'repaired' AND actor IS NULL`,
      )
      .bind(entity, c.target_id, `officer:${officer.id}`, `信用修复 ${guard.tracking}：${reason}`),
  ];
}

/** 予以修复 / 不予修复, by an officer of the deciding authority. */
export async function decideRepair(shards: ShardRouter, env: Env, principal: Principal, tracking: string, decision: RepairDecision, today: string, now = new Date()): Promise<void> {
  const db = (await caseShard(shards, tracking)) ?? shards.control;
  const c = await loadRepair(db, tracking);
  assertDecider(principal, { code: c.authority_code, name: c.authority_name });
  const next = nextRepairState(c.state, decision.outcome === "repaired" ? "repair" : "refuse");
  if (!next) throw conflict(c.state, decision.outcome === "repaired" ? "予以修复（须先受理）" : "作出不予修复决定");
  const target = (await loadTarget(db, c.target_kind, c.target_id))!;
  if (next === "repaired") {
    const eligibility = repairEligibility(toRepairTarget(target), today);
    if (!eligibility.eligible) throw new ApiError(422, "case_not_eligible", eligibility.message, { rule: eligibility.rule });
  }
  const at = now.toISOString();
  const statements = [
    db
      .prepare(
        `UPDATE repair_cases SET state = ?2, reason = ?3, decided_at = ?4, decided_on = ?5, decided_by = ?6, decided_by_name = ?7
          WHERE tracking = ?1 AND state = ?8`,
      )
      .bind(tracking, next, decision.reason, at, today, principal.id, principal.name, c.state),
    ...stepStatements(db, env, { kind: "repair", tracking, at, actor: principal.id, action: next, fromState: c.state, toState: next, note: decision.reason, target: payloadTarget(target) }),
    ...(next === "repaired" ? repairEffects(db, c, { tracking, at }, principal, decision.reason, today) : []),
  ];
  const [update] = await db.batch(statements);
  if (update!.meta.changes === 0) throw conflict(c.state, "作出决定");
}

