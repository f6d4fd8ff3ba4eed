import type { Context } from "hono";
import type { AppEnv, Env } from "../env";
import { type CaseEventPayload, deliverDueAllShards, enqueueDelivery } from "../webhooks/deliveries";
import { maskIdNumber } from "../../shared/identifiers";
import { maskPersonalNumbers } from "../visibility";
import type { CaseKind } from "./queries";
import type { TargetRow } from "./targets";

export interface CaseStep {
  kind: CaseKind;
  tracking: string;
  at: string;
  actor: string;
  action: string;
  fromState: string | null;
  toState: string;
  note: string | null;
  target: CaseEventPayload["target"];
}

/**
 * The statements that record one step of a case: its history row and, when configured, its webhook. They must
 * follow the statement that changes the case in the same batch: they only apply when it changed a row.
 */
export function stepStatements(db: D1DatabaseSession | D1Database, env: Env, step: CaseStep): D1PreparedStatement[] {
  const event = db
    .prepare("INSERT INTO case_events (case_kind, tracking, at, actor, action, from_state, to_state, note) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE changes() > 0")
    .bind(step.kind, step.tracking, step.at, step.actor, step.action, step.fromState, step.toState, step.note);
  const webhook = enqueueDelivery(db, env, {
    event: `${step.kind}.${step.action}`,
    tracking: step.tracking,
    kind: step.kind,
    state: step.toState,
    at: step.at,
    target: step.target,
  });
  return webhook ? [event, webhook] : [event];
}

/** Tries the webhook right away, after the answer; the retry job picks up whatever fails. */
export function deliverSoon(c: Context<AppEnv>): void {
  if (!c.env.WEBHOOK_URL) return;
  let waitUntil: ((p: Promise<unknown>) => void) | undefined;
  try {
    const ctx = c.executionCtx;
    waitUntil = (p) => ctx.waitUntil(p);
  } catch {
    return; // no execution context (called outside a request): the job delivers later
  }
  waitUntil(deliverDueAllShards(c.env).catch((err) => console.error("webhook delivery failed", err)));
}

/** The target as a webhook names it (ID numbers masked). */
export function payloadTarget(t: Pick<TargetRow, "target_kind" | "subject_code" | "code_type" | "doc_no">): CaseStep["target"] {
  // Webhook receivers are outside the system: the guard masks an ID number even inside a document number.
  return maskPersonalNumbers({ kind: t.target_kind, subjectCode: t.code_type === "id_number" ? maskIdNumber(t.subject_code) : t.subject_code, docNo: t.doc_no });
}
