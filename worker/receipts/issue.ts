import type { ReceiptPayload } from "../../shared/contract/receipts";
import { sha256Hex } from "../../shared/audit/chain";
import type { ReceiptSigner } from "./keys";
import { newReceiptNumber } from "./number";
import { signReceipt } from "./sign";
import { storeReceipt } from "./store";
import { newPageSecret } from "../visibility";

export type ReceiptDraft = Omit<ReceiptPayload, "number">;

export interface IssuedReceipt {
  payload: ReceiptPayload;
  jws: string;
  digest: string;
  /** The page secret of /r/{number}?k=…: handed out once in the receipt's URL, only its hash is stored. */
  secret: string;
}

/**
 * Numbers, signs and stores a receipt (number, SHA-256 of the JWS, kid, time, the JWS itself and the hash of a
 * fresh page secret). A taken number is drawn again; five collisions in a row mean something is wrong, not bad
 * luck. The secret is not in the signed payload: the JWS holder has the content anyway, and the page address is
 * what gets shared.
 * @example const { payload, jws } = await issueReceipt(db, signer, draft, new Date()); // payload.number "CX-20261127-…"
 */
export async function issueReceipt(db: D1DatabaseSession | D1Database, signer: ReceiptSigner, draft: ReceiptDraft, now: Date): Promise<IssuedReceipt> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { v, iss, iat, ...rest } = draft;
    const payload: ReceiptPayload = { v, iss, iat, number: newReceiptNumber(now), ...rest };
    const jws = await signReceipt(payload, signer);
    const digest = await sha256Hex(jws);
    const { secret, hash } = await newPageSecret();
    const stored = await storeReceipt(db, {
      number: payload.number,
      digest,
      kid: signer.kid,
      issued_at: payload.issuedAt,
      scene: payload.scene,
      actor: payload.actor.id,
      item_count: payload.items.length,
      jws,
      secret_hash: hash,
    });
    if (stored) return { payload, jws, digest, secret };
  }
  throw new Error("receipts: five receipt numbers in a row were taken");
}
