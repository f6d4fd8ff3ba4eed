import type { VerifyResult } from "../../shared/contract/receipts";
import { sha256Hex } from "../../shared/audit/chain";
import { verifySigned } from "../../shared/receipts/verify";
import type { ReceiptKeyRing } from "../../shared/receipts/keys";
import { loadReceipt } from "./store";

/**
 * Verifies a JWS against this deployment's keys (current and retired) with the shared verifier, then says
 * which key signed it and, for a receipt, whether our archive holds it with the same digest.
 * @example await verifyAgainstArchive(db, ring, jws) // { valid: true, kind: "receipt", keyStatus: "current", archived: true, … }
 */
export async function verifyAgainstArchive(db: D1DatabaseSession | D1Database, ring: ReceiptKeyRing, jws: string): Promise<VerifyResult> {
  const result = await verifySigned(jws, ring.jwks);
  if (!result.valid) return { valid: false, reason: result.reason, message: result.message, ...(result.kid ? { kid: result.kid } : {}) };
  const keyStatus = result.kid === ring.current.kid ? "current" : "retired";
  if (result.kind === "report") return { valid: true, message: result.message, kid: result.kid, keyStatus, kind: "report", payload: result.payload };
  const stored = await loadReceipt(db, result.payload.number);
  const archived = stored !== null && stored.digest === (await sha256Hex(jws.trim()));
  return { valid: true, message: result.message, kid: result.kid, keyStatus, kind: "receipt", archived, payload: result.payload };
}
