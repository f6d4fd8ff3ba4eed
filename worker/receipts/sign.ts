import { CompactSign } from "jose";
import { RECEIPT_TYP, REPORT_TYP, type ReceiptPayload, type ReportPayload } from "../../shared/contract/receipts";
import type { ReceiptSigner } from "./keys";

const encoder = new TextEncoder();

/**
 * Signs a receipt payload: a compact JWS, EdDSA (Ed25519), with `kid` and `typ` in the protected header.
 * Verify it with shared/receipts/verify.ts or any JOSE library against /.well-known/jwks.json.
 * @example await signReceipt(payload, signer) // "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImN4LXJlY2VpcHQrand0In0.eyJ2Ijox…"
 */
export function signReceipt(payload: ReceiptPayload, signer: ReceiptSigner): Promise<string> {
  return sign(payload, signer, RECEIPT_TYP);
}

/** Signs a public credit report the same way, with its own `typ` so it is never taken for a receipt. */
export function signReport(payload: ReportPayload, signer: ReceiptSigner): Promise<string> {
  return sign(payload, signer, REPORT_TYP);
}

function sign(payload: object, signer: ReceiptSigner, typ: string): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ alg: "EdDSA", kid: signer.kid, typ }).sign(signer.key);
}
