import type { CheckRequest, CheckResult } from "../../shared/contract";
import { RECEIPT_FORMAT_VERSION } from "../../shared/contract/receipts";
import { SCENE_LABEL, type Scene } from "../../shared/domain/scenes";
import type { Principal } from "../../shared/auth/principal";
import { issueReceipt } from "../receipts/issue";
import { receiptPageUrl } from "../receipts/number";
import type { ReceiptSigner } from "../receipts/keys";
import { answerItems, summarize } from "./answer";
import { lookupKeys, planItem } from "./plan";
import { loadCheckRows } from "./queries";
import { maskPersonalNumbers } from "../visibility";
import type { ShardRouter } from "../shards";

export type Checker = Extract<Principal, { role: "officer" | "admin" }>;

export interface CheckContext {
  scene: Scene;
  purpose: string | null;
  today: string;
  now: Date;
  /** The receipt issuer (this worker's public origin). */
  issuer: string;
  signer: ReceiptSigner;
}

/**
 * A batch check: plans every item, reads what the batch needs in one round trip, decides each item, and
 * issues the signed receipt. Returns the answer and the subjects to register in the query log.
 * @example const { result, subjects } = await runCheck(shards, principal, { scene: "政府采购", purpose: "CQZC-2026-0381", items }, context);
 */
export async function runCheck(shards: ShardRouter, principal: Checker, request: CheckRequest, context: CheckContext): Promise<{ result: CheckResult; subjects: string[] }> {
  const plans = request.items.map(planItem);
  const rows = await loadCheckRows(shards, lookupKeys(plans), context.scene, context.today);
  const items = answerItems(plans, rows, context.today);
  const issuedAt = context.now.toISOString();
  const dataVersion = rows.dataVersion ? { batchId: rows.dataVersion.id, receivedAt: rows.dataVersion.received_at } : null;
  const summary = summarize(items);
  // The answer, the signed receipt and the /r/ page all carry these: the guard masks any ID number in them before signing.
  const common = maskPersonalNumbers({ scene: context.scene, sceneLabel: SCENE_LABEL[context.scene], purpose: context.purpose, asOf: context.today, dataVersion, summary, items });
  const { payload, jws, secret } = await issueReceipt(
    shards.control,
    context.signer,
    {
      v: RECEIPT_FORMAT_VERSION,
      iss: context.issuer,
      iat: Math.floor(context.now.getTime() / 1000),
      issuedAt,
      ...common,
      actor: { id: principal.id, name: principal.name, role: principal.role, department: principal.role === "officer" ? principal.department : (principal.department ?? null) },
    },
    context.now,
  );
  const url = receiptPageUrl(context.issuer, payload.number, secret);
  return {
    result: { receipt: { number: payload.number, kid: context.signer.kid, url, jws }, issuedAt, ...common },
    subjects: common.items.flatMap((item) => (item.subject ? [item.subject.code] : [])),
  };
}
